/* tl_source.c: the market-data sources' facts and reply parsers. */
#include "tl_source.h"

#include <ctype.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tl_import.h"
#include "tl_jscan.h"
#include "tl_num.h"
#include "tl_time.h"
#include "tl_util.h"

#define TF(x) (1u << (x))

static const struct tl_source sources[TL_SRC_COUNT] = {
    {"yahoo", "https://query2.finance.yahoo.com", "TICKLINE_YAHOO_URL",
     "/v8/finance/chart/", TL_ADJ_SPLIT,
     TF(TL_TF_1M) | TF(TL_TF_5M) | TF(TL_TF_15M) | TF(TL_TF_30M) |
         TF(TL_TF_1H) | TF(TL_TF_1D) | TF(TL_TF_1W) | TF(TL_TF_1MO),
     2, 5, "TICKLINE_YAHOO_RATE"},
    {"stooq", "https://stooq.com", "TICKLINE_STOOQ_URL", "/q/d/l/",
     TL_ADJ_SPLIT_DIV, TF(TL_TF_1D) | TF(TL_TF_1W) | TF(TL_TF_1MO), 1, 3,
     "TICKLINE_STOOQ_RATE"},
    {"binance", "https://api.binance.com", "TICKLINE_BINANCE_URL",
     "/api/v3/klines", TL_ADJ_RAW, 0x1ff, 10, 20, "TICKLINE_BINANCE_RATE"},
    {"alphavantage", "https://www.alphavantage.co", "TICKLINE_ALPHAVANTAGE_URL",
     "/query", TL_ADJ_RAW,
     TF(TL_TF_1M) | TF(TL_TF_5M) | TF(TL_TF_15M) | TF(TL_TF_30M) |
         TF(TL_TF_1H) | TF(TL_TF_1D) | TF(TL_TF_1W) | TF(TL_TF_1MO),
     5.0 / 60, 5, "TICKLINE_ALPHAVANTAGE_RATE"},
    {"store", "", "", "", TL_ADJ_NONE, 0x1ff, 0, 0, ""},
};

const struct tl_source *tl_source_get(int id)
{
	return &sources[id];
}

int tl_source_parse(const char *name)
{
	int i;

	for (i = 0; i < TL_SRC_COUNT; i++)
		if (strcmp(name, sources[i].name) == 0)
			return i;
	return -1;
}

int tl_source_tf(int id, int tf)
{
	int f;

	for (f = tf; f >= 0; f--)
		if ((sources[id].tfs & TF(f)) && tl_tf_divides(f, tf))
			return f;
	return -1;
}

void tl_bars_add(struct tl_bars *bs, const struct tl_bar *b)
{
	size_t i;

	if (bs->n && bs->v[bs->n - 1].t >= b->t) {
		/* Out of order or a repeat: find its place (rare). */
		for (i = bs->n; i > 0 && bs->v[i - 1].t > b->t; i--)
			;
		if (i > 0 && bs->v[i - 1].t == b->t) {
			bs->v[i - 1] = *b;
			return;
		}
	} else {
		i = bs->n;
	}
	if (bs->n == bs->cap) {
		bs->cap = bs->cap ? 2 * bs->cap : 256;
		bs->v = tl_realloc(bs->v, bs->cap * sizeof *bs->v);
	}
	memmove(bs->v + i + 1, bs->v + i, (bs->n - i) * sizeof *bs->v);
	bs->v[i] = *b;
	bs->n++;
}

void tl_bars_release(struct tl_bars *bs)
{
	free(bs->v);
	memset(bs, 0, sizeof *bs);
}

/* Copies s[0..n) into out for a message: printable ASCII, at most max
 * bytes, "..." when cut. */
static void shown(const char *s, size_t n, char *out, size_t max)
{
	size_t i, k = 0;

	for (i = 0; i < n && k + 4 < max; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\r' || c == '\t')
			c = ' ';
		if (c >= 0x20 && c < 0x7f)
			out[k++] = (char)c;
	}
	if (i < n)
		memcpy(out + k, "...", 3), k += 3;
	out[k] = '\0';
}

char *tl_source_excerpt(const char *body, size_t len, size_t max)
{
	static const char *const keys[] = {"msg",           "description",
	                                   "Error Message", "Information",
	                                   "Note",          "message"};
	char *out = tl_malloc(max + 1);
	json_t *j = json_loadb(body, len, 0, NULL);

	if (j) {
		/* Yahoo nests it: {"chart":{"error":{"description":..}}}. */
		json_t *o = j, *v;
		size_t i;
		int depth;

		for (depth = 0; depth < 3 && json_is_object(o); depth++) {
			for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
				v = json_object_get(o, keys[i]);
				if (json_is_string(v)) {
					shown(json_string_value(v),
					      json_string_length(v), out, max);
					json_decref(j);
					return out;
				}
			}
			v = json_object_get(o, "chart");
			if (!v)
				v = json_object_get(o, "finance");
			if (!v)
				v = json_object_get(o, "error");
			if (json_is_object(v) && json_object_get(v, "error"))
				v = json_object_get(v, "error");
			o = v;
		}
		json_decref(j);
	}
	shown(body, strcspn(body, "\n") < len ? strcspn(body, "\n") : len, out,
	      max);
	return out;
}

/* Formats t as a date or time for messages into buf (TL_TIME_MAX). */
static const char *when(int64_t t, char *buf)
{
	tl_time_format(t, buf);
	return buf;
}

/*
 * Checks b, sets its final flag from end (the UTC instant its period ends)
 * and now, and adds it to out. Returns 0, or 65 with err naming the row.
 */
static int put(struct tl_bars *out, struct tl_bar *b, int64_t end, int64_t now,
               const char *src, long row, char *err, size_t errlen)
{
	char why[160], tb[TL_TIME_MAX];

	if (tl_bar_check(b, why, sizeof why) < 0) {
		snprintf(err, errlen, "%s: %s: row %ld (%s): %s", src,
		         b->symbol, row, when(b->t, tb), why);
		return TL_EX_DATA;
	}
	b->final = end <= now;
	tl_bars_add(out, b);
	return 0;
}

/* Sets up b for a bar of symbol, tf and source id. */
static void start_bar(struct tl_bar *b, const char *symbol, int tf, int id)
{
	memset(b, 0, sizeof *b);
	snprintf(b->symbol, sizeof b->symbol, "%s", symbol);
	b->tf = tf;
	snprintf(b->src, sizeof b->src, "%s", sources[id].name);
	b->adj = sources[id].adj;
}

/*
 * Returns the 00:00 UTC bar time of the exchange-local date of instant t
 * (a zone gmtoff seconds east), floored to tf's period (Monday, 1st).
 */
static int64_t local_day(int tf, int64_t t, int64_t gmtoff)
{
	int64_t l = t + gmtoff,
	        d = l >= 0 ? l / 86400 : -((-l + 86399) / 86400);

	return tl_tf_floor(tf, d * 86400);
}

/* What tl_yahoo_parse() gathers from the scan of a chart reply. */
struct ychart {
	int64_t *ts;
	size_t nts, capts;
	double *col[5];
	unsigned char *nul[5];
	size_t ncol[5], capcol[5];
	long bad_ts, bad_col[5]; /* first bad row + 1, or 0 */
	int64_t gmtoff;
	int chart, result, have_ts;
	char code[64], desc[160];
	/* The array the last value was in, by its key's place in the text,
	 * and what it was: a column (0..4), the timestamps (5) or neither
	 * (-1); every element of one array has the same path. */
	const char *akey;
	int adepth, acol;
};

static const char *const ycols[5] = {"open", "high", "low", "close", "volume"};

/* Appends v to column k (0..4) of y. */
static void ycol_add(struct ychart *y, int k, const struct tl_jval *v)
{
	if (y->ncol[k] == y->capcol[k]) {
		y->capcol[k] = y->capcol[k] ? 2 * y->capcol[k] : 1024;
		y->col[k] =
		    tl_realloc(y->col[k], y->capcol[k] * sizeof(double));
		y->nul[k] = tl_realloc(y->nul[k], y->capcol[k]);
	}
	y->nul[k][y->ncol[k]] = v->type == TL_J_NULL;
	y->col[k][y->ncol[k]] = v->type == TL_J_NUMBER ? v->d : 0;
	if (v->type != TL_J_NUMBER && v->type != TL_J_NULL && !y->bad_col[k])
		y->bad_col[k] = (long)y->ncol[k] + 1;
	y->ncol[k]++;
}

/* Appends v to the timestamps of y. */
static void yts_add(struct ychart *y, const struct tl_jval *v)
{
	y->have_ts = 1;
	if (y->nts == y->capts) {
		y->capts = y->capts ? 2 * y->capts : 1024;
		y->ts = tl_realloc(y->ts, y->capts * sizeof *y->ts);
	}
	if (v->type != TL_J_NUMBER || !v->integer || v->d < 0 ||
	    v->d > (double)TL_EPOCH_MAX) {
		if (!y->bad_ts)
			y->bad_ts = (long)y->nts + 1;
		y->ts[y->nts++] = 0;
	} else {
		y->ts[y->nts++] = (int64_t)v->d;
	}
}

/* The scan callback: picks the chart's arrays and fields. */
static int ychart_fn(const struct tl_jstep *st, int depth,
                     const struct tl_jval *v, void *arg)
{
	struct ychart *y = arg;
	int k;

	/* The common case: the next element of the array seen last. */
	if (depth == y->adepth && !st[depth - 1].key &&
	    st[depth - 2].key == y->akey) {
		if (y->acol == 5)
			yts_add(y, v);
		else if (y->acol >= 0)
			ycol_add(y, y->acol, v);
		return 0;
	}
	if (depth >= 2 && !st[depth - 1].key) {
		y->akey = st[depth - 2].key;
		y->adepth = depth;
		y->acol = -1;
	}
	if (depth < 2 ||
	    !(tl_jstep_is(&st[0], "chart") || tl_jstep_is(&st[0], "finance")))
		return 0;
	y->chart = 1;
	if (depth == 3 && tl_jstep_is(&st[1], "error") &&
	    v->type == TL_J_STRING) {
		if (tl_jstep_is(&st[2], "code"))
			shown(v->s, v->len, y->code, sizeof y->code);
		else if (tl_jstep_is(&st[2], "description"))
			shown(v->s, v->len, y->desc, sizeof y->desc);
		return 0;
	}
	if (depth < 4 || !tl_jstep_is(&st[1], "result") || st[2].key ||
	    st[2].index != 0)
		return 0;
	y->result = 1;
	if (depth == 5 && tl_jstep_is(&st[3], "timestamp") && !st[4].key) {
		y->acol = 5;
		yts_add(y, v);
		return 0;
	}
	if (depth == 5 && tl_jstep_is(&st[3], "meta") &&
	    tl_jstep_is(&st[4], "gmtoffset") && v->type == TL_J_NUMBER &&
	    v->integer && v->d > -86400 && v->d < 86400) {
		y->gmtoff = (int64_t)v->d;
		return 0;
	}
	if (depth != 8 || !tl_jstep_is(&st[3], "indicators") ||
	    !tl_jstep_is(&st[4], "quote") || st[5].key || st[5].index != 0 ||
	    st[7].key)
		return 0;
	for (k = 0; k < 5; k++)
		if (tl_jstep_is(&st[6], ycols[k]))
			break;
	if (k == 5)
		return 0;
	y->acol = k;
	ycol_add(y, k, v);
	return 0;
}

/* Frees what y holds. */
static void ychart_release(struct ychart *y)
{
	int k;

	free(y->ts);
	for (k = 0; k < 5; k++) {
		free(y->col[k]);
		free(y->nul[k]);
	}
}

/*
 * Reads the chart with tl_jscan (no tree: a 100,000-row reply is read at
 * the speed of its bytes), then turns its rows into bars.
 */
int tl_yahoo_parse(const char *body, size_t len, const char *symbol, int tf,
                   int64_t now, struct tl_bars *out, int *crumb_needed,
                   char *err, size_t errlen)
{
	struct ychart y;
	struct tl_bar proto;
	char jerr[128];
	int64_t t0 = 0, sec = tl_tf_seconds(tf);
	size_t i;
	int k, st = 0;

	*crumb_needed = 0;
	memset(&y, 0, sizeof y);
	if (tl_jscan(body, len, ychart_fn, &y, jerr, sizeof jerr) != 0) {
		snprintf(err, errlen, "yahoo: %s: reply is not JSON (%s)",
		         symbol, jerr);
		ychart_release(&y);
		return TL_EX_DATA;
	}
	if (!y.chart) {
		snprintf(err, errlen, "yahoo: %s: reply has no \"chart\"",
		         symbol);
		st = TL_EX_DATA;
	} else if (!y.result) {
		if (strcmp(y.code, "Unauthorized") == 0)
			*crumb_needed = 1;
		if (*y.code || *y.desc) {
			snprintf(err, errlen, "yahoo: %s: %s%s%s", symbol,
			         *y.code ? y.code : "error",
			         *y.desc ? ": " : "", y.desc);
			st = TL_EX_UNAVAILABLE;
		} else {
			snprintf(err, errlen, "yahoo: %s: reply has no result",
			         symbol);
			st = TL_EX_DATA;
		}
	} else if (y.bad_ts) {
		snprintf(err, errlen,
		         "yahoo: %s: row %ld: timestamp is not a whole number "
		         "of seconds",
		         symbol, y.bad_ts);
		st = TL_EX_DATA;
	}
	for (k = 0; k < 5 && !st && y.have_ts; k++) {
		if (y.ncol[k] != y.nts)
			snprintf(
			    err, errlen,
			    "yahoo: %s: \"%s\" does not have one value per "
			    "timestamp",
			    symbol, ycols[k]);
		else if (y.bad_col[k])
			snprintf(err, errlen,
			         "yahoo: %s: row %ld: \"%s\" is not a number",
			         symbol, y.bad_col[k], ycols[k]);
		else
			continue;
		st = TL_EX_DATA;
	}
	start_bar(&proto, symbol, tf, TL_SRC_YAHOO);
	if (!st && out->cap < out->n + y.nts) {
		out->cap = out->n + y.nts;
		out->v = tl_realloc(out->v, out->cap * sizeof *out->v);
	}
	for (i = 0; i < y.nts && !st; i++) {
		struct tl_bar b = proto;
		int64_t t = y.ts[i], end;

		if (i == 0)
			t0 = t;
		if (y.nul[0][i] || y.nul[1][i] || y.nul[2][i] || y.nul[3][i])
			continue; /* a row Yahoo has no trade for */
		if (tf >= TL_TF_1D) {
			b.t = local_day(tf, t, y.gmtoff);
			end = tl_tf_next(tf, b.t) - y.gmtoff;
		} else {
			/* Intraday rows sit on a grid from the first one; the
			 * live row Yahoo appends is at its last trade. */
			b.t = t0 + (t - t0) / sec * sec;
			end = b.t + sec;
		}
		b.o = y.col[0][i], b.h = y.col[1][i], b.l = y.col[2][i];
		b.c = y.col[3][i], b.v = y.nul[4][i] ? 0 : y.col[4][i];
		st = put(out, &b, end, now, "yahoo", (long)i + 1, err, errlen);
	}
	ychart_release(&y);
	return st;
}

/* Returns 1 when body[0..len) holds s, ignoring case. */
static int has(const char *body, size_t len, const char *s)
{
	size_t n = strlen(s), i;

	for (i = 0; i + n <= len; i++)
		if (strncasecmp(body + i, s, n) == 0)
			return 1;
	return 0;
}

int tl_stooq_parse(const char *body, size_t len, const char *symbol, int tf,
                   int64_t now, struct tl_bars *out, char *err, size_t errlen)
{
	struct tl_import_opts io;
	struct tl_import_ev ev;
	struct tl_import *im;
	size_t i = 0, k;
	long lineno = 0;
	char *copy;
	int st = 0;

	k = 0;
	while (k < len && isspace((unsigned char)body[k]))
		k++;
	if ((k < len && body[k] == '<') ||
	    has(body, len < 512 ? len : 512, "<html")) {
		snprintf(err, errlen,
		         "stooq: %s: sent an HTML page where CSV was expected",
		         symbol);
		return TL_EX_DATA;
	}
	if (has(body, len < 200 ? len : 200, "Exceeded the daily hits limit")) {
		snprintf(err, errlen, "stooq: %s: rate-limited: %s", symbol,
		         "exceeded the daily hits limit");
		return TL_EX_TEMPFAIL;
	}
	if (len - k >= 7 && strncasecmp(body + k, "No data", 7) == 0)
		return 0;

	memset(&io, 0, sizeof io);
	io.symbol = symbol;
	io.tf = tf;
	im = tl_import_new(&io);
	copy = tl_malloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = '\0';
	while (i < len && !st) {
		size_t e = i;

		while (e < len && copy[e] != '\n')
			e++;
		copy[e] = '\0';
		tl_import_line(im, ++lineno, copy + i, e - i);
		i = e + 1;
		while (!st && tl_import_next(im, &ev)) {
			struct tl_bar b;

			if (ev.kind != TL_IMPORT_BAR) {
				snprintf(err, errlen,
				         "stooq: %s: line %ld of the CSV: %s",
				         symbol, ev.lineno, ev.msg);
				st = TL_EX_DATA;
				break;
			}
			b = *ev.bar;
			snprintf(b.src, sizeof b.src, "stooq");
			b.adj = sources[TL_SRC_STOOQ].adj;
			st = put(out, &b, tl_tf_next(tf, b.t), now, "stooq",
			         ev.lineno, err, errlen);
		}
	}
	if (!st) {
		tl_import_end(im);
		while (!st && tl_import_next(im, &ev))
			if (ev.kind != TL_IMPORT_BAR) {
				snprintf(err, errlen, "stooq: %s: %s%s", symbol,
				         ev.msg,
				         lineno <= 1 ? " (not Stooq's CSV)"
				                     : "");
				st = TL_EX_DATA;
			}
	}
	free(copy);
	tl_import_free(im);
	return st;
}

/* Reads a Binance price or volume: a JSON string of a decimal number. */
static int dec_at(const json_t *a, size_t i, double *d)
{
	const json_t *v = json_array_get(a, i);

	if (json_is_string(v))
		return tl_num_parse(json_string_value(v), json_string_length(v),
		                    0, d);
	if (json_is_number(v)) {
		*d = json_number_value(v);
		return 0;
	}
	return -1;
}

int tl_binance_parse(const char *body, size_t len, const char *symbol, int tf,
                     int64_t now, struct tl_bars *out, size_t *rows,
                     int64_t *last_open, char *err, size_t errlen)
{
	static const char *const names[5] = {"open", "high", "low", "close",
	                                     "volume"};
	json_error_t je;
	json_t *j = json_loadb(body, len, 0, &je);
	size_t i, n;
	int st = 0, k;

	*rows = 0;
	*last_open = -1;
	if (!j) {
		snprintf(err, errlen,
		         "binance: %s: reply is not JSON (line %d: %s)", symbol,
		         je.line, je.text);
		return TL_EX_DATA;
	}
	if (!json_is_array(j)) {
		char *x = tl_source_excerpt(body, len, 120);

		st = json_is_object(j) && json_object_get(j, "code")
		         ? TL_EX_UNAVAILABLE
		         : TL_EX_DATA;
		snprintf(err, errlen, "binance: %s: %s", symbol, x);
		free(x);
		json_decref(j);
		return st;
	}
	n = json_array_size(j);
	for (i = 0; i < n; i++) {
		json_t *row = json_array_get(j, i);
		json_t *ot = json_array_get(row, 0),
		       *ct = json_array_get(row, 6);
		struct tl_bar b;
		double d[5];
		int64_t open_ms;

		if (!json_is_array(row) || json_array_size(row) < 7 ||
		    !json_is_integer(ot) || !json_is_integer(ct)) {
			snprintf(
			    err, errlen,
			    "binance: %s: row %zu is not a kline (open time, "
			    "open, high, low, close, volume, close time, ...)",
			    symbol, i + 1);
			st = TL_EX_DATA;
			break;
		}
		open_ms = json_integer_value(ot);
		if (open_ms < 0 || open_ms / 1000 > TL_EPOCH_MAX) {
			snprintf(err, errlen,
			         "binance: %s: row %zu: open time out of range",
			         symbol, i + 1);
			st = TL_EX_DATA;
			break;
		}
		for (k = 0; k < 5; k++)
			if (dec_at(row, (size_t)k + 1, &d[k]) < 0) {
				snprintf(err, errlen,
				         "binance: %s: row %zu: %s is not a "
				         "decimal number",
				         symbol, i + 1, names[k]);
				st = TL_EX_DATA;
				break;
			}
		if (st)
			break;
		start_bar(&b, symbol, tf, TL_SRC_BINANCE);
		b.t = open_ms / 1000;
		b.o = d[0], b.h = d[1], b.l = d[2], b.c = d[3], b.v = d[4];
		*last_open = open_ms;
		/* close time is the period's last millisecond */
		if ((st = put(out, &b, (json_integer_value(ct) + 1) / 1000, now,
		              "binance", (long)i + 1, err, errlen)) != 0)
			break;
	}
	*rows = n;
	json_decref(j);
	return st;
}

/* Returns 1 when an Alpha Vantage notice speaks of limits. */
static int rate_words(const char *s)
{
	static const char *const words[] = {
	    "rate limit", "call frequency", "requests per day",
	    "requests per minute", "api call volume"};
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (has(s, strlen(s), words[i]))
			return 1;
	return 0;
}

int tl_alphavantage_parse(const char *body, size_t len, const char *symbol,
                          int tf, int64_t now, struct tl_bars *out, char *err,
                          size_t errlen)
{
	static const char *const names[5] = {"1. open", "2. high", "3. low",
	                                     "4. close", "5. volume"};
	json_error_t je;
	json_t *j = json_loadb(body, len, 0, &je), *meta, *series = NULL, *v;
	struct tl_tz *tz = NULL;
	const char *key, *zone = NULL;
	long row = 0;
	int st = 0, k;

	if (!j) {
		snprintf(err, errlen,
		         "alphavantage: %s: reply is not JSON (line %d: %s)",
		         symbol, je.line, je.text);
		return TL_EX_DATA;
	}
	if (!json_is_object(j)) {
		snprintf(err, errlen,
		         "alphavantage: %s: reply is not an object", symbol);
		json_decref(j);
		return TL_EX_DATA;
	}
	if ((v = json_object_get(j, "Error Message")) ||
	    (v = json_object_get(j, "Note")) ||
	    (v = json_object_get(j, "Information"))) {
		char x[160];
		const char *s = json_is_string(v) ? json_string_value(v) : "";

		shown(s, strlen(s), x, sizeof x);
		if (json_object_get(j, "Error Message")) {
			snprintf(err, errlen, "alphavantage: %s: %s", symbol,
			         x);
			st = TL_EX_UNAVAILABLE;
		} else if (rate_words(s)) {
			snprintf(err, errlen,
			         "alphavantage: %s: rate-limited: %s", symbol,
			         x);
			st = TL_EX_TEMPFAIL;
		} else {
			snprintf(err, errlen, "alphavantage: %s: %s", symbol,
			         x);
			st = TL_EX_UNAVAILABLE;
		}
		json_decref(j);
		return st;
	}
	meta = json_object_get(j, "Meta Data");
	json_object_foreach(meta, key, v)
	{
		size_t kl = strlen(key);

		if (kl >= 9 && strcmp(key + kl - 9, "Time Zone") == 0 &&
		    json_is_string(v))
			zone = json_string_value(v);
	}
	json_object_foreach(j, key, v)
	{
		if (strstr(key, "Time Series") && json_is_object(v))
			series = v;
	}
	if (!series) {
		snprintf(err, errlen,
		         "alphavantage: %s: reply has no \"Time Series\"",
		         symbol);
		json_decref(j);
		return TL_EX_DATA;
	}
	if (tf < TL_TF_1D) {
		if (!zone || !(tz = tl_tz_open(zone))) {
			snprintf(
			    err, errlen,
			    "alphavantage: %s: unknown time zone \"%.40s\"",
			    symbol, zone ? zone : "");
			json_decref(j);
			return TL_EX_DATA;
		}
	}
	json_object_foreach(series, key, v)
	{
		struct tl_bar b;
		double d[5];
		int64_t t, end;

		row++;
		if (tl_time_parse(key, strlen(key), &t) < 0) {
			snprintf(err, errlen,
			         "alphavantage: %s: \"%.40s\" is not a date",
			         symbol, key);
			st = TL_EX_DATA;
			break;
		}
		for (k = 0; k < 5; k++) {
			json_t *x = json_object_get(v, names[k]);

			if (!json_is_string(x) ||
			    tl_num_parse(json_string_value(x),
			                 json_string_length(x), 0, &d[k]) < 0) {
				snprintf(
				    err, errlen,
				    "alphavantage: %s: %.40s: \"%s\" is not "
				    "a decimal number",
				    symbol, key, names[k]);
				st = TL_EX_DATA;
				break;
			}
		}
		if (st)
			break;
		start_bar(&b, symbol, tf, TL_SRC_ALPHAVANTAGE);
		if (tz) {
			/* A local wall time: find its UTC instant. */
			int64_t u = t - tl_tz_offset(tz, t);

			b.t = t - tl_tz_offset(tz, u);
			end = b.t + tl_tf_seconds(tf);
		} else {
			b.t = tl_tf_floor(tf, t);
			end = tl_tf_next(tf, b.t);
		}
		b.o = d[0], b.h = d[1], b.l = d[2], b.c = d[3], b.v = d[4];
		if ((st = put(out, &b, end, now, "alphavantage", row, err,
		              errlen)) != 0)
			break;
	}
	tl_tz_free(tz);
	json_decref(j);
	return st;
}
