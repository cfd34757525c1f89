/* tl_source.h: market-data sources: their endpoints, and their replies turned
 * into bars. */
#ifndef TL_SOURCE_H
#define TL_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"

/*
 * What each source offers and how its replies read. The parsers take a
 * reply body (len bytes, NUL-terminated) and append its bars, for symbol
 * and timeframe tf, to out: checked (tl_bar_check), in rising t, t
 * normalised as the record contract says (daily and longer bars at 00:00
 * UTC of their exchange-local date, weekly on the Monday, monthly on the
 * 1st), a later row with the same t replacing an earlier one, src and adj
 * set, and "final": false on a bar whose period has not ended by now.
 * They return 0, or an exit status with the reason in err (no key and no
 * secret in it): 65 when the reply is not what the source promised, 75
 * when it says the caller is rate-limited, 69 when it refuses the request.
 */

enum tl_src {
	TL_SRC_YAHOO,
	TL_SRC_STOOQ,
	TL_SRC_BINANCE,
	TL_SRC_ALPHAVANTAGE,
	TL_SRC_STORE,
	TL_SRC_COUNT
};

/* A source's fixed facts. */
struct tl_source {
	const char *name;     /* "yahoo": the --source word and the bars' src */
	const char *base;     /* default base URL: scheme, host and port */
	const char *url_env;  /* environment variable overriding base */
	const char *path;     /* the endpoint's path ("/v8/finance/chart/") */
	int adj;              /* enum tl_adj of its prices */
	unsigned tfs;         /* bit (1 << tf) for each timeframe it serves */
	double rate, burst;   /* default politeness: requests/s, burst */
	const char *rate_env; /* environment variable overriding them */
};

/* Returns the facts of source id. Static. */
const struct tl_source *tl_source_get(int id);

/* Returns the source named name, or -1. */
int tl_source_parse(const char *name);

/*
 * Returns the timeframe to ask source id for when tf is wanted: tf itself
 * when served, else the coarsest served one that divides it (1h for 4h),
 * or -1 when none does.
 */
int tl_source_tf(int id, int tf);

/* A growing array of bars. */
struct tl_bars {
	struct tl_bar *v;
	size_t n, cap;
};

/* Appends b: a bar with the t of the last one replaces it; an earlier t
 * is put in its place (the array stays sorted). */
void tl_bars_add(struct tl_bars *bs, const struct tl_bar *b);
void tl_bars_release(struct tl_bars *bs);

/* Yahoo's v8 chart JSON. *crumb_needed is set when Yahoo asks for the
 * cookie and crumb dance (an "Unauthorized" error: "Invalid Cookie" or
 * "Invalid Crumb"). */
int tl_yahoo_parse(const char *body, size_t len, const char *symbol, int tf,
                   int64_t now, struct tl_bars *out, int *crumb_needed,
                   char *err, size_t errlen);

/* Stooq's CSV download; an HTML page instead is an error (65), "No data"
 * is no bars, "Exceeded the daily hits limit" is 75. */
int tl_stooq_parse(const char *body, size_t len, const char *symbol, int tf,
                   int64_t now, struct tl_bars *out, char *err, size_t errlen);

/* Binance's /api/v3/klines array; *rows is how many rows the page held
 * and *last_open the open time (ms) of its last row, for paging. */
int tl_binance_parse(const char *body, size_t len, const char *symbol, int tf,
                     int64_t now, struct tl_bars *out, size_t *rows,
                     int64_t *last_open, char *err, size_t errlen);

/* Alpha Vantage's TIME_SERIES_* JSON; a "Note" or "Information" about call
 * frequency or limits is 75, an "Error Message" 69. */
int tl_alphavantage_parse(const char *body, size_t len, const char *symbol,
                          int tf, int64_t now, struct tl_bars *out, char *err,
                          size_t errlen);

/*
 * Returns a short, printable excerpt of an error reply body, for messages:
 * the "msg", "description", "Error Message", "Information" or "Note" of a
 * JSON body when there is one, else its first line; at most max bytes,
 * control bytes dropped. New string.
 */
char *tl_source_excerpt(const char *body, size_t len, size_t max);

#endif
