/* tl_import.c: CSV rows to bars: layout, rows, timeframe, checks. */
#include "tl_import.h"
#include "tl_csv.h"
#include "tl_ndjson.h"
#include "tl_num.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Short names for the fields, as the columns' roles. */
enum {
	R_T = TL_IMPORT_F_T,
	R_O = TL_IMPORT_F_O,
	R_H = TL_IMPORT_F_H,
	R_L = TL_IMPORT_F_L,
	R_C = TL_IMPORT_F_C,
	R_V = TL_IMPORT_F_V,
	NROLES = TL_IMPORT_NFIELDS
};
static const char *const role_name[NROLES] = {"time", "open",  "high",
                                              "low",  "close", "volume"};

/* Rows buffered to infer the timeframe. */
#define NPEND 64

/* Longest column name kept for messages. */
#define NAME_MAX_SHOWN 40

/* Size of a message. */
#define ERR_MAX 256

/* Which column holds what in one input. */
struct layout {
	int col[NROLES]; /* column of each field; -1: none (only v) */
	int col2;        /* a Time column joined to the Date one, or -1 */
	size_t nfields;  /* fields in every row */
	/* the columns, for messages ("Date+Time" for two) */
	char name[NROLES][2 * NAME_MAX_SHOWN + 8];
};

/* A parsed data row. */
struct row {
	long lineno;
	int bad;     /* err says why */
	int64_t t;   /* the instant, before normalisation */
	int64_t day; /* 00:00 UTC of the date as written (for 1D and up) */
	int dated;   /* day is a date written in the cell, not t */
	double o, h, l, c, v;
	char err[ERR_MAX];
};

/* One output waiting for tl_import_next(). */
struct out {
	int kind;
	long lineno;
	int usage;
	struct tl_bar bar;
	char msg[ERR_MAX];
};

struct tl_import {
	int tf_opt, repair;
	struct tl_import_map *map; /* columns copied */
	size_t nmap;
	struct tl_seriesmap own, *series;
	struct tl_csv csv;
	int started; /* the layout is known: the rest are rows */
	int failed;  /* a TL_IMPORT_FAIL is out: nothing more is read */
	struct layout lay;
	struct tl_bar bar;   /* symbol and tf set; the rest per row */
	struct tl_series *s; /* once tf is known */
	struct row pend[NPEND];
	size_t npend;
	struct row one; /* the row being read once tf is known */
	struct out *q;  /* outputs [qhead, qlen) not yet taken */
	size_t qhead, qlen, qcap;
};

int tl_import_field_parse(const char *s)
{
	static const char *const names[] = {"t",    "o",   "h",     "l",
	                                    "c",    "v",   "time",  "open",
	                                    "high", "low", "close", "volume"};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(s, names[i]) == 0)
			return (int)(i % NROLES);
	return -1;
}

const char *tl_import_field_name(int field)
{
	return field >= 0 && field < NROLES ? role_name[field] : "?";
}

/*
 * Copies s[0..len) into out (size outlen) for a message: at most
 * NAME_MAX_SHOWN bytes, bytes other than printable ASCII as '?', "..."
 * when cut. Returns out.
 */
static char *shown(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i, n = len > NAME_MAX_SHOWN ? NAME_MAX_SHOWN : len;

	if (n > outlen - 4)
		n = outlen - 4;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		out[i] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	if (n < len)
		memcpy(out + n, "...", 3), n += 3;
	out[n] = '\0';
	return out;
}

/*
 * Appends an output of kind for line lineno to im's queue and returns it
 * (owned by im; its bar and msg are the caller's to fill).
 */
static struct out *push(struct tl_import *im, int kind, long lineno)
{
	struct out *o;

	if (im->qlen == im->qcap) {
		im->qcap = im->qcap ? im->qcap * 2 : 16;
		im->q = tl_realloc(im->q, im->qcap * sizeof *im->q);
	}
	o = &im->q[im->qlen++];
	o->kind = kind;
	o->lineno = lineno;
	o->usage = 0;
	o->msg[0] = '\0';
	return o;
}

/* Queues a bad line lineno with message msg. */
static void push_bad(struct tl_import *im, long lineno, const char *msg)
{
	struct out *o = push(im, TL_IMPORT_BAD, lineno);

	snprintf(o->msg, sizeof o->msg, "%s", msg);
}

/*
 * Queues the failure of the whole input (at line lineno, or 0), formatted
 * as printf does, and stops im reading. Returns -1.
 */
TL_PRINTF(4, 5)
static int fail(struct tl_import *im, long lineno, int usage, const char *fmt,
                ...)
{
	struct out *o = push(im, TL_IMPORT_FAIL, lineno);
	va_list ap;

	o->usage = usage;
	va_start(ap, fmt);
	vsnprintf(o->msg, sizeof o->msg, fmt, ap);
	va_end(ap);
	im->failed = 1;
	return -1;
}

/* Header columns that can give the time, besides the roles. */
enum {
	K_DATE = NROLES, /* "Date": the time, or its date joined to "Time" */
	K_TIME,          /* "Time" */
	K_DT,            /* "Datetime", "Timestamp", "Open time" */
	K_INDEX          /* an unnamed first column (pandas' index) */
};

/*
 * Returns the column class of header cell s[0..len) (trimmed, any case,
 * '_' read as a space): a role or a K_ value; -1 for a column bars do not
 * use ("Adj Close").
 */
static int classify(const char *s, size_t len, int first)
{
	static const struct {
		const char *name;
		int kind;
	} syn[] = {
	    {"date", K_DATE},    {"time", K_TIME},    {"datetime", K_DT},
	    {"date time", K_DT}, {"timestamp", K_DT}, {"open time", K_DT},
	    {"o", R_O},          {"open", R_O},       {"h", R_H},
	    {"high", R_H},       {"l", R_L},          {"low", R_L},
	    {"c", R_C},          {"close", R_C},      {"v", R_V},
	    {"volume", R_V},     {"vol", R_V},
	};
	char buf[16];
	size_t i;

	s = tl_trim(s, &len, TL_TRIM_BLANK);
	if (len == 0)
		return first ? K_INDEX : -1;
	if (len >= sizeof buf)
		return -1;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		buf[i] = ch == '_' ? ' ' : ch;
	}
	buf[len] = '\0';
	for (i = 0; i < sizeof syn / sizeof syn[0]; i++)
		if (strcmp(buf, syn[i].name) == 0)
			return syn[i].kind;
	return -1;
}

/* Returns 1 when column j of the layout already gives a field. */
static int used(const struct layout *lay, int j)
{
	int r;

	for (r = 0; r < NROLES; r++)
		if (lay->col[r] == j)
			return 1;
	return lay->col2 == j;
}

/* Sets the layout of a Binance kline file, which has no header. */
static void layout_binance(struct layout *lay)
{
	int r;

	lay->nfields = 12;
	lay->col2 = -1;
	for (r = 0; r < NROLES; r++) {
		lay->col[r] = r;
		snprintf(lay->name[r], sizeof lay->name[r], "%s",
		         r == R_T ? "open time" : role_name[r]);
	}
}

/*
 * Reads im's layout from the header line lineno (already split into
 * im->csv): the --map columns first, then the recognised names for the
 * fields still unset. Returns 0, or fails the input and returns -1 when a
 * required column is missing or a --map column is not in the header.
 */
static int layout_header(struct tl_import *im, long ln)
{
	const struct tl_csv *c = &im->csv;
	struct layout *lay = &im->lay;
	int kind[K_INDEX + 1], r, j, any = 0;
	char a[NAME_MAX_SHOWN + 4], b[NAME_MAX_SHOWN + 4];
	size_t i;

	for (r = 0; r < NROLES; r++)
		lay->col[r] = -1;
	lay->col2 = -1;
	lay->nfields = c->n;
	for (i = 0; i < im->nmap; i++) {
		size_t clen = strlen(im->map[i].col);

		for (j = 0; j < (int)c->n; j++) {
			size_t len = c->len[j];
			const char *s = tl_trim(c->f[j], &len, TL_TRIM_BLANK);

			if (len == clen &&
			    strncasecmp(s, im->map[i].col, len) == 0)
				break;
		}
		if (j == (int)c->n)
			return fail(im, ln, 1,
			            "--map: no column \"%s\" in the header",
			            shown(im->map[i].col, clen, a, sizeof a));
		lay->col[im->map[i].field] = j;
		any = 1;
	}
	for (r = 0; r <= K_INDEX; r++)
		kind[r] = -1;
	for (j = 0; j < (int)c->n; j++) {
		int k = classify(c->f[j], c->len[j], j == 0);

		if (k < 0 || used(lay, j) || (k < NROLES && lay->col[k] >= 0) ||
		    (k >= NROLES && lay->col[R_T] >= 0))
			continue;
		if (kind[k] >= 0) {
			size_t la = c->len[kind[k]], lb = c->len[j];
			const char *sa = tl_trim(c->f[kind[k]], &la,
			                         TL_TRIM_BLANK),
			           *sb = tl_trim(c->f[j], &lb, TL_TRIM_BLANK);

			return fail(im, ln, 0,
			            "columns \"%s\" and \"%s\" both look like "
			            "the %s; use --map",
			            shown(sa, la, a, sizeof a),
			            shown(sb, lb, b, sizeof b),
			            k < NROLES ? role_name[k] : "time");
		}
		kind[k] = j;
		any = 1;
	}
	for (r = R_O; r < NROLES; r++)
		if (lay->col[r] < 0)
			lay->col[r] = kind[r];
	if (lay->col[R_T] < 0) {
		if (kind[K_DT] >= 0) {
			lay->col[R_T] = kind[K_DT];
		} else if (kind[K_DATE] >= 0) {
			lay->col[R_T] = kind[K_DATE];
			lay->col2 = kind[K_TIME];
		} else if (kind[K_TIME] >= 0) {
			lay->col[R_T] = kind[K_TIME];
		} else {
			lay->col[R_T] = kind[K_INDEX];
		}
	}
	if (!any)
		return fail(im, ln, 0,
		            "not a CSV header: no time, open, high, low or "
		            "close column (see --map)");
	for (r = 0; r < R_V; r++)
		if (lay->col[r] < 0)
			return fail(im, ln, 0, "missing column \"%s\"",
			            role_name[r]);
	for (r = 0; r < NROLES; r++) {
		size_t len;
		const char *s;

		if (lay->col[r] < 0) {
			lay->name[r][0] = '\0';
			continue;
		}
		len = c->len[lay->col[r]];
		s = tl_trim(c->f[lay->col[r]], &len, TL_TRIM_BLANK);
		shown(s, len, lay->name[r], sizeof lay->name[r]);
		if (r == R_T && lay->col2 >= 0) {
			size_t l2 = c->len[lay->col2], n = strlen(lay->name[r]);
			const char *s2 =
			    tl_trim(c->f[lay->col2], &l2, TL_TRIM_BLANK);

			lay->name[r][n++] = '+';
			shown(s2, l2, lay->name[r] + n,
			      sizeof lay->name[r] - n);
		}
	}
	return 0;
}

/* Returns 1 when line starts with a cell of digits alone (a Binance row). */
static int headerless(const char *s, size_t len)
{
	const char *e = s + len, *p;

	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	for (p = s; p < e && *p >= '0' && *p <= '9'; p++)
		;
	if (p == s)
		return 0;
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p == e || *p == ',' || *p == '\r';
}

/*
 * Reads a time cell into r->t and r->day: all digits are epoch seconds
 * (up to 11 digits), milliseconds (13) or microseconds (16), which must
 * come to whole seconds; anything else goes to tl_time_parse(). Returns
 * 0, or -1 with the reason in r->err.
 */
static int parse_time(const char *s, size_t len, const char *col, struct row *r)
{
	char v[NAME_MAX_SHOWN + 4];
	int64_t t = 0, div = 1;
	size_t i;

	for (i = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		if (i < 17)
			t = t * 10 + (s[i] - '0');
	if (len > 0 && i == len) {
		if (len == 13)
			div = 1000;
		else if (len == 16)
			div = 1000000;
		else if (len > 11)
			goto bad;
		if (t % div) {
			snprintf(r->err, sizeof r->err,
			         "column \"%s\": %s %s is not a whole second",
			         col, shown(s, len, v, sizeof v),
			         div == 1000 ? "ms" : "us");
			return -1;
		}
		r->t = r->day = t / div;
		r->dated = 0;
		return 0;
	}
	if (tl_time_parse(s, len, &r->t) == 0) {
		/* A daily bar keeps the exchange's date: "...+09:00" too. */
		r->dated = 1;
		if (len == 10)
			r->day = r->t;
		else if (tl_time_parse(s, 10, &r->day) < 0)
			r->day = r->t, r->dated = 0;
		return 0;
	}
bad:
	snprintf(r->err, sizeof r->err,
	         "column \"%s\": cannot read time \"%s\"", col,
	         shown(s, len, v, sizeof v));
	return -1;
}

/* Reads the number in the cell of field role into *d, or sets r->err. */
static int parse_num(const struct tl_csv *c, const struct layout *lay, int role,
                     double *d, struct row *r)
{
	char v[NAME_MAX_SHOWN + 4];
	size_t len = c->len[lay->col[role]];
	const char *s = tl_trim(c->f[lay->col[role]], &len, TL_TRIM_BLANK);

	if (tl_num_parse(s, len, 1, d) == 0)
		return 0;
	snprintf(r->err, sizeof r->err, "column \"%s\": \"%s\" is not a number",
	         lay->name[role], shown(s, len, v, sizeof v));
	return -1;
}

/*
 * Parses one data line (modified in place) into r by im's layout. Returns
 * 0, or -1 with r->bad set and the reason in r->err.
 */
static int parse_row(struct tl_import *im, char *line, size_t len,
                     struct row *r)
{
	const struct layout *lay = &im->lay;
	struct tl_csv *c = &im->csv;
	size_t tlen;
	const char *ts;
	char joined[128];

	r->bad = 1;
	if (tl_csv_split(c, line, len) < 0) {
		snprintf(r->err, sizeof r->err,
		         "bad quoting: an unterminated quote or text after a "
		         "closing quote");
		return -1;
	}
	if (c->n != lay->nfields) {
		snprintf(r->err, sizeof r->err,
		         "expected %zu field%s, found %zu", lay->nfields,
		         lay->nfields == 1 ? "" : "s", c->n);
		return -1;
	}
	tlen = c->len[lay->col[R_T]];
	ts = tl_trim(c->f[lay->col[R_T]], &tlen, TL_TRIM_BLANK);
	if (lay->col2 >= 0) {
		size_t l2 = c->len[lay->col2];
		const char *s2 = tl_trim(c->f[lay->col2], &l2, TL_TRIM_BLANK);

		if (tlen + 1 + l2 >= sizeof joined) {
			snprintf(r->err, sizeof r->err,
			         "column \"%s\": date and time too long to be "
			         "a time",
			         lay->name[R_T]);
			return -1;
		}
		memcpy(joined, ts, tlen);
		joined[tlen] = ' ';
		memcpy(joined + tlen + 1, s2, l2);
		tlen += 1 + l2;
		ts = joined;
	}
	if (parse_time(ts, tlen, lay->name[R_T], r) < 0 ||
	    parse_num(c, lay, R_O, &r->o, r) < 0 ||
	    parse_num(c, lay, R_H, &r->h, r) < 0 ||
	    parse_num(c, lay, R_L, &r->l, r) < 0 ||
	    parse_num(c, lay, R_C, &r->c, r) < 0)
		return -1;
	r->v = 0;
	if (lay->col[R_V] >= 0 && parse_num(c, lay, R_V, &r->v, r) < 0)
		return -1;
	r->bad = 0;
	return 0;
}

/*
 * Checks, normalises and queues one parsed row (the timeframe being known)
 * as a bar, or queues it as a bad line.
 */
static void emit(struct tl_import *im, struct row *r)
{
	struct tl_bar *b = &im->bar;
	struct out *o;

	if (r->bad) {
		push_bad(im, r->lineno, r->err);
		return;
	}
	b->t = b->tf >= TL_TF_1D ? tl_tf_floor(b->tf, r->day) : r->t;
	b->o = r->o, b->h = r->h, b->l = r->l, b->c = r->c, b->v = r->v;
	if (im->repair)
		tl_bar_repair(b);
	if (tl_bar_check(b, r->err, sizeof r->err) < 0 ||
	    tl_series_advance(im->s, b, r->err, sizeof r->err) < 0) {
		push_bad(im, r->lineno, r->err);
		return;
	}
	o = push(im, TL_IMPORT_BAR, r->lineno);
	o->bar = *b;
}

/* Sets im's timeframe, and with it its series. */
static void set_tf(struct tl_import *im, int tf)
{
	im->bar.tf = tf;
	im->s = tl_seriesmap_get(im->series, im->bar.symbol, tf, NULL);
}

/* Returns the timeframe whose bars lie d seconds apart, or -1. */
static int tf_of_spacing(int64_t d)
{
	static const int tfs[] = {TL_TF_1M, TL_TF_5M, TL_TF_15M, TL_TF_30M,
	                          TL_TF_1H, TL_TF_4H, TL_TF_1D,  TL_TF_1W};
	size_t i;

	for (i = 0; i < sizeof tfs / sizeof tfs[0]; i++)
		if (d == tl_tf_seconds(tfs[i]))
			return tfs[i];
	if (d >= 28 * 86400 && d <= 31 * 86400)
		return TL_TF_1MO;
	return -1;
}

/*
 * Returns the timeframe, 1D or longer, that the written dates of im's
 * buffered good rows name, or -1. Every row must carry a date; every two
 * successive rows must be on different dates (but exact duplicates, which
 * are bad lines later), as many days apart as their times are to the
 * nearest day. So a change of UTC offset between them (daylight saving
 * time) does not matter, while rows hours apart stay intraday.
 */
static int tf_of_dates(const struct tl_import *im)
{
	const struct row *prev = NULL;
	int64_t dt, dd, min = 0;
	size_t i;
	int tf;

	for (i = 0; i < im->npend; i++) {
		const struct row *r = &im->pend[i];

		if (r->bad)
			continue;
		if (!r->dated)
			return -1;
		if (prev) {
			dt = r->t - prev->t;
			dd = r->day - prev->day;
			if (dt == 0 && dd == 0)
				continue;
			if (dd == 0 || dt - dd >= 43200 || dd - dt >= 43200)
				return -1;
			if (dd < 0)
				dd = -dd;
			if (min == 0 || dd < min)
				min = dd;
		}
		prev = r;
	}
	tf = min ? tf_of_spacing(min) : -1;
	return tf >= TL_TF_1D ? tf : -1;
}

/* Queues im's buffered bad rows as bad lines and drops them. */
static void drop_bad(struct tl_import *im)
{
	size_t i, k = 0;

	for (i = 0; i < im->npend; i++) {
		if (im->pend[i].bad)
			push_bad(im, im->pend[i].lineno, im->pend[i].err);
		else if (k != i)
			im->pend[k++] = im->pend[i];
		else
			k++;
	}
	im->npend = k;
}

/*
 * Infers im's timeframe from its buffered rows (full, or all there is at
 * the end of the input) and queues them: the smallest spacing of the good
 * rows' times, else that of their written dates (tf_of_dates()). With
 * fewer than two good rows and more to come, queues the bad ones and keeps
 * buffering. Fails the input when neither names a timeframe.
 */
static void settle(struct tl_import *im, int at_end)
{
	int64_t prev = 0, d, min = 0;
	size_t i, ngood = 0;
	int tf;

	for (i = 0; i < im->npend; i++) {
		const struct row *r = &im->pend[i];

		if (r->bad)
			continue;
		if (ngood++) {
			d = r->t > prev ? r->t - prev : prev - r->t;
			if (d > 0 && (min == 0 || d < min))
				min = d;
		}
		prev = r->t;
	}
	if (ngood == 0 || (ngood == 1 && !at_end)) {
		drop_bad(im);
		return;
	}
	tf = min ? tf_of_spacing(min) : -1;
	if (tf < 0 && min)
		tf = tf_of_dates(im);
	if (tf < 0) {
		drop_bad(im);
		if (ngood == 1)
			fail(im, 0, 0,
			     "cannot infer the timeframe from one row; use "
			     "--tf");
		else if (min == 0)
			fail(im, 0, 0,
			     "cannot infer the timeframe: all rows have the "
			     "same time; use --tf");
		else
			fail(im, 0, 0,
			     "cannot infer the timeframe from a spacing of "
			     "%lld seconds; use --tf",
			     (long long)min);
		return;
	}
	set_tf(im, tf);
	for (i = 0; i < im->npend; i++)
		emit(im, &im->pend[i]);
	im->npend = 0;
}

/* Returns the row to read the next line into. */
static struct row *next_row(struct tl_import *im)
{
	return im->s ? &im->one : &im->pend[im->npend];
}

/*
 * Takes the row next_row() gave, read from line lineno: queues it once
 * the timeframe is known, else buffers it, inferring the timeframe when
 * the buffer is full.
 */
static void take_row(struct tl_import *im, struct row *r, long lineno)
{
	r->lineno = lineno;
	if (im->s)
		emit(im, r);
	else if (++im->npend == NPEND)
		settle(im, 0);
}

/* Forgets the outputs already taken, so the queue does not grow. */
static void reset_queue(struct tl_import *im)
{
	if (im->qhead == im->qlen)
		im->qhead = im->qlen = 0;
}

/*
 * Sets the layout from the first non-blank line (line lineno). Returns 1
 * when the line is data (a Binance row), 0 when it was the header, -1
 * when the input failed.
 */
static int start(struct tl_import *im, long lineno, char *line, size_t len)
{
	if (!im->nmap && headerless(line, len)) {
		layout_binance(&im->lay);
		im->started = 1;
		return 1;
	}
	if (tl_csv_split(&im->csv, line, len) < 0)
		return fail(im, lineno, 0,
		            "not a CSV header: an unterminated quote or text "
		            "after a closing quote");
	if (layout_header(im, lineno) < 0)
		return -1;
	im->started = 1;
	return 0;
}

struct tl_import *tl_import_new(const struct tl_import_opts *o)
{
	struct tl_import *im = tl_calloc(1, sizeof *im);
	size_t i;

	im->tf_opt = o->tf;
	im->repair = o->repair;
	if (o->nmap) {
		im->map = tl_calloc(o->nmap, sizeof *im->map);
		for (i = 0; i < o->nmap; i++) {
			im->map[i].col = tl_strdup(o->map[i].col);
			im->map[i].field = o->map[i].field;
		}
		im->nmap = o->nmap;
	}
	if (o->series) {
		im->series = o->series;
	} else {
		tl_seriesmap_init(&im->own, 0);
		im->series = &im->own;
	}
	tl_csv_init(&im->csv);
	snprintf(im->bar.symbol, sizeof im->bar.symbol, "%s",
	         o->symbol ? o->symbol : "");
	im->bar.final = 1;
	if (im->tf_opt >= 0)
		set_tf(im, im->tf_opt);
	return im;
}

void tl_import_free(struct tl_import *im)
{
	size_t i;

	if (!im)
		return;
	for (i = 0; i < im->nmap; i++)
		free((char *)im->map[i].col);
	free(im->map);
	if (im->series == &im->own)
		tl_seriesmap_release(&im->own);
	tl_csv_release(&im->csv);
	free(im->q);
	free(im);
}

void tl_import_line(struct tl_import *im, long lineno, char *line, size_t len)
{
	if (im->failed)
		return;
	reset_queue(im);
	if (!im->started) {
		if (lineno == 1 && len >= 3 &&
		    memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			line += 3, len -= 3;
		if (tl_blank(line, len) || start(im, lineno, line, len) <= 0)
			return;
		/* The first row of a file without a header. */
	} else if (tl_blank(line, len)) {
		return;
	}
	{
		struct row *r = next_row(im);

		parse_row(im, line, len, r);
		take_row(im, r, lineno);
	}
}

void tl_import_bad_line(struct tl_import *im, long lineno, const char *msg)
{
	struct row *r;

	if (im->failed)
		return;
	reset_queue(im);
	if (!im->started) {
		fail(im, lineno, 0, "%s", msg);
		return;
	}
	r = next_row(im);
	r->bad = 1;
	snprintf(r->err, sizeof r->err, "%s", msg);
	take_row(im, r, lineno);
}

void tl_import_end(struct tl_import *im)
{
	if (im->failed)
		return;
	reset_queue(im);
	if (!im->started)
		fail(im, 1, 0, "empty input, expected a CSV header");
	else if (!im->s && im->npend)
		settle(im, 1);
}

int tl_import_next(struct tl_import *im, struct tl_import_ev *ev)
{
	const struct out *o;

	if (im->qhead == im->qlen)
		return 0;
	o = &im->q[im->qhead++];
	ev->kind = o->kind;
	ev->lineno = o->lineno;
	ev->usage = o->usage;
	ev->bar = o->kind == TL_IMPORT_BAR ? &o->bar : NULL;
	ev->msg = o->kind == TL_IMPORT_BAR ? NULL : o->msg;
	return 1;
}

int tl_import_tf(const struct tl_import *im)
{
	return im->s ? im->bar.tf : -1;
}

const char *tl_import_column(const struct tl_import *im, int field)
{
	if (!im->started || field < 0 || field >= NROLES)
		return NULL;
	return im->lay.name[field];
}
