/* tl_bar.h: the bar record, and series keyed by (symbol, tf). */
#ifndef TL_BAR_H
#define TL_BAR_H

#include <stddef.h>
#include <stdint.h>

#include "tl_ndjson.h"
#include "tl_out.h"

/* Longest symbol accepted, in bytes. */
#define TL_SYMBOL_MAX 63

/* Longest source name ("yahoo") a bar carries in "src", in bytes. */
#define TL_SRC_MAX 15

/*
 * What a bar's prices are adjusted for ("adj"): nothing (as traded),
 * splits, or splits and dividends. TL_ADJ_NONE: the bar does not say.
 */
enum tl_adj { TL_ADJ_NONE, TL_ADJ_RAW, TL_ADJ_SPLIT, TL_ADJ_SPLIT_DIV };

/* Returns the record's word for adj ("raw", "split", "split_div"; "" for
 * none). Static. */
const char *tl_adj_name(int adj);

/* Returns the adjustment s[0..len) names, or -1. */
int tl_adj_parse(const char *s, size_t len);

struct tl_bar {
	char symbol[TL_SYMBOL_MAX + 1];
	int tf;    /* enum tl_tf */
	int64_t t; /* UTC start of the period */
	double o, h, l, c, v;
	int final; /* 0 when "final": false (a still-forming bar) */
	char src[TL_SRC_MAX + 1]; /* the source it came from, or "" */
	int adj;                  /* enum tl_adj */
};

/*
 * Fills b from record r: symbol, tf, t (epoch seconds, or an RFC 3339 or
 * date string), o, h, l, c, v, and final, src and adj when present. Returns 0,
 * or -1 with a message such as `missing field "h"` or `"o" is not a number` in
 * err. Does not check OHLC consistency (tl_bar_check).
 */
int tl_bar_from_rec(const struct tl_rec *r, struct tl_bar *b, char *err,
                    size_t errlen);

/*
 * Reads field f as a record's "t": whole epoch seconds in years 0000 to
 * 9999, or an RFC 3339 time or date string. Returns 0, or -1 with a
 * message such as `"t" is not whole epoch seconds` in err.
 */
int tl_bar_time(const struct tl_field *f, int64_t *t, char *err, size_t errlen);

/*
 * Checks the brief's validity rule on one bar: finite values, h >= max(o,c),
 * l <= min(o,c), v >= 0. Returns 0, or -1 with the reason in err.
 */
int tl_bar_check(const struct tl_bar *b, char *err, size_t errlen);

/* Clamps h and l to hold o and c (--repair). Returns 1 when it changed. */
int tl_bar_repair(struct tl_bar *b);

/*
 * Writes b as a bar record: type, symbol, tf, t, o, h, l, c, v,
 * "final":false only when the bar is not final, then "src" when it has a
 * source and "adj" when it says its adjustment.
 */
void tl_bar_write(struct tl_w *w, const struct tl_bar *b);

/*
 * Writes the same keys as tl_bar_write() but leaves the record open, for
 * a caller that adds keys of its own and ends it with tl_w_end().
 */
void tl_bar_write_open(struct tl_w *w, const struct tl_bar *b);

/*
 * One series' bars as parallel arrays, in rising t (zeroed: empty). With
 * hlc set before the first bar, only t, h, l and c are kept (o and v stay
 * NULL).
 */
struct tl_ohlcv {
	size_t n, cap;
	int hlc;
	int64_t *t;
	double *o, *h, *l, *c, *v;
};

/* Appends bar b to s, or with replace overwrites the last one. */
void tl_ohlcv_push(struct tl_ohlcv *s, const struct tl_bar *b, int replace);

/* Frees the arrays of s and empties it. */
void tl_ohlcv_release(struct tl_ohlcv *s);

/*
 * A table of series keyed by (symbol, tf), each with caller data of size
 * bytes (zeroed when made). Lookups of the same series in a row are O(1)
 * without hashing.
 */
struct tl_series {
	char symbol[TL_SYMBOL_MAX + 1];
	int tf;
	int64_t last_t; /* t of the last bar seen, INT64_MIN before any */
	int last_final;
	void *data;
	struct tl_series *next;  /* in order of creation */
	struct tl_series *hnext; /* in its hash slot */
};

struct tl_seriesmap {
	struct tl_series **slots;
	size_t nslots, count, datasize;
	struct tl_series *first, *last, *recent;
};

void tl_seriesmap_init(struct tl_seriesmap *m, size_t datasize);
void tl_seriesmap_release(struct tl_seriesmap *m);

/* Returns the series of (symbol, tf), made when new (*created set to 1). */
struct tl_series *tl_seriesmap_get(struct tl_seriesmap *m, const char *symbol,
                                   int tf, int *created);

/*
 * Checks that b may follow the series' last bar (t rises strictly, or the
 * same t replaces a bar marked "final": false) and records it. Returns 0,
 * 1 when b replaces the last bar, or -1 with the reason in err.
 */
int tl_series_advance(struct tl_series *s, const struct tl_bar *b, char *err,
                      size_t errlen);

#endif
