/* bars-import: reads CSV files of OHLCV rows and writes them as bar records. */
/*
 * Start reading main(): the options are checked and every FILE's symbol
 * is known before anything is read. Each FILE is then one series
 * (import()): its header, or for a Binance kline file its first row,
 * gives the layout (which column holds what); rows are parsed into a small
 * buffer until the timeframe is known (--tf, or inferred from the spacing
 * of the first rows), then every row is checked, its time normalised, and
 * written; the rest of the file streams through one reused row. With
 * --store every bar written is also upserted into the store's bar cache,
 * in one transaction committed only when all input was read: a fatal bad
 * line leaves the store as it was.
 */
#include "tl_bar.h"
#include "tl_cli.h"
#include "tl_csv.h"
#include "tl_ndjson.h"
#include "tl_num.h"
#include "tl_out.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { OPT_STORE = 256 };

static const struct tl_opt opts[] = {
    {"symbol", 's', "S",
     "symbol of the bars (default: the file name up to its first '.')", NULL},
    {"tf", 't', "TF",
     "timeframe of the rows (default: inferred from their spacing)", "tf"},
    {"map", 'm', "COL=NAME,...",
     "take field NAME (t o h l c v) from column COL of the header", NULL},
    {"repair", 'r', NULL,
     "clamp high and low to hold open and close instead of failing", NULL},
    {"store", OPT_STORE, NULL, "also save the bars in the store's bar cache",
     NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database (with --store)", "file"},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {0},
};

static const struct tl_prog prog = {
    "bars-import",
    "[--symbol S] [--tf TF] [--map COL=NAME,...] [--repair] [--store] "
    "[--db PATH] [--skip-bad] [--max-line BYTES] [FILE...]",
    "Convert CSV files of OHLCV rows (Yahoo, Stooq, Binance, pandas) "
    "to bar records.",
    opts,
    "file",
};

/* The fields of a bar a column can give, and how messages name them. */
enum { R_T, R_O, R_H, R_L, R_C, R_V, NROLES };
static const char *const role_name[NROLES] = {"time", "open",  "high",
                                              "low",  "close", "volume"};

/* Rows buffered to infer the timeframe. */
#define NPEND 64

/* Longest column name kept for messages. */
#define NAME_MAX_SHOWN 40

/* Which column holds what in one file. */
struct layout {
	int col[NROLES]; /* column of each field; -1: none (only v) */
	int col2;        /* a Time column joined to the Date one, or -1 */
	size_t nfields;  /* fields in every row */
	/* the columns, for messages ("Date+Time" for two) */
	char name[NROLES][2 * NAME_MAX_SHOWN + 8];
};

/* One --map item: header column col gives field role. */
struct mapent {
	const char *col;
	int role;
};

/* A parsed data row. */
struct row {
	long lineno;
	int bad;     /* err says why */
	int64_t t;   /* the instant, before normalisation */
	int64_t day; /* 00:00 UTC of the date as written (for 1D and up) */
	double o, h, l, c, v;
	char err[256];
};

/* What the whole run shares. */
struct ctx {
	int tf_opt, repair, skip;
	size_t max_line;
	struct mapent *map;
	size_t nmap;
	struct tl_w w;
	struct tl_store *store;
	struct tl_seriesmap series;
	struct tl_csv csv;
	long good, nbad;
};

/* One input file being imported. */
struct file {
	struct tl_input in;
	struct layout lay;
	struct tl_bar bar;   /* symbol and tf set; the rest per row */
	struct tl_series *s; /* once tf is known */
	struct row pend[NPEND];
	size_t npend;
};

/* Returns the role a --map NAME names, or -1. */
static int role_of(const char *s)
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

/* Returns s[0..*len) without leading and trailing blanks, adjusting *len. */
static const char *trim(const char *s, size_t *len)
{
	size_t n = *len;

	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*len = n;
	return s;
}

/* Trims a string in place, returning its new start. */
static char *trim_str(char *s)
{
	size_t n = strlen(s);
	char *p = (char *)trim(s, &n);

	p[n] = '\0';
	return p;
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

	s = trim(s, &len);
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
 * Reads the layout from the header line (already split into c): the --map
 * columns first, then the recognised names for the fields still unset.
 * Exits 65 naming line 1 when a required column is missing, 64 when a
 * --map column is not in the header.
 */
static void layout_header(const struct ctx *x, const struct file *f,
                          const struct tl_csv *c, struct layout *lay)
{
	const char *name = f->in.name;
	long ln = f->in.lineno;
	int kind[K_INDEX + 1], r, j, any = 0;
	char a[NAME_MAX_SHOWN + 4], b[NAME_MAX_SHOWN + 4];
	size_t i;

	for (r = 0; r < NROLES; r++)
		lay->col[r] = -1;
	lay->col2 = -1;
	lay->nfields = c->n;
	for (i = 0; i < x->nmap; i++) {
		size_t clen = strlen(x->map[i].col);

		for (j = 0; j < (int)c->n; j++) {
			size_t len = c->len[j];
			const char *s = trim(c->f[j], &len);

			if (len == clen &&
			    strncasecmp(s, x->map[i].col, len) == 0)
				break;
		}
		if (j == (int)c->n)
			tl_die_at(TL_EX_USAGE, name, ln,
			          "--map: no column \"%s\" in the header",
			          shown(x->map[i].col, clen, a, sizeof a));
		lay->col[x->map[i].role] = j;
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
			const char *sa = trim(c->f[kind[k]], &la),
			           *sb = trim(c->f[j], &lb);

			tl_die_at(TL_EX_DATA, name, ln,
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
		tl_die_at(TL_EX_DATA, name, ln,
		          "not a CSV header: no time, open, high, low or close "
		          "column (see --map)");
	for (r = 0; r < R_V; r++)
		if (lay->col[r] < 0)
			tl_die_at(TL_EX_DATA, name, ln, "missing column \"%s\"",
			          role_name[r]);
	for (r = 0; r < NROLES; r++) {
		size_t len;
		const char *s;

		if (lay->col[r] < 0) {
			lay->name[r][0] = '\0';
			continue;
		}
		len = c->len[lay->col[r]];
		s = trim(c->f[lay->col[r]], &len);
		shown(s, len, lay->name[r], sizeof lay->name[r]);
		if (r == R_T && lay->col2 >= 0) {
			size_t l2 = c->len[lay->col2], n = strlen(lay->name[r]);
			const char *s2 = trim(c->f[lay->col2], &l2);

			lay->name[r][n++] = '+';
			shown(s2, l2, lay->name[r] + n,
			      sizeof lay->name[r] - n);
		}
	}
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
		return 0;
	}
	if (tl_time_parse(s, len, &r->t) == 0) {
		/* A daily bar keeps the exchange's date: "...+09:00" too. */
		if (len == 10 || tl_time_parse(s, 10, &r->day) < 0)
			r->day = r->t;
		return 0;
	}
bad:
	snprintf(r->err, sizeof r->err,
	         "column \"%s\": cannot read time \"%s\"", col,
	         shown(s, len, v, sizeof v));
	return -1;
}

/* Reads the number in cell j for field role into *d, or sets r->err. */
static int parse_num(const struct tl_csv *c, const struct layout *lay, int role,
                     double *d, struct row *r)
{
	char v[NAME_MAX_SHOWN + 4];
	size_t len = c->len[lay->col[role]];
	const char *s = trim(c->f[lay->col[role]], &len);

	if (tl_num_parse(s, len, 1, d) == 0)
		return 0;
	snprintf(r->err, sizeof r->err, "column \"%s\": \"%s\" is not a number",
	         lay->name[role], shown(s, len, v, sizeof v));
	return -1;
}

/*
 * Parses one data line (modified in place) into r by the layout. Returns
 * 0, or -1 with r->bad set and the reason in r->err.
 */
static int parse_row(struct ctx *x, const struct layout *lay, char *line,
                     size_t len, struct row *r)
{
	struct tl_csv *c = &x->csv;
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
	ts = trim(c->f[lay->col[R_T]], &tlen);
	if (lay->col2 >= 0) {
		size_t l2 = c->len[lay->col2];
		const char *s2 = trim(c->f[lay->col2], &l2);

		if (tlen + 1 + l2 < sizeof joined) {
			memcpy(joined, ts, tlen);
			joined[tlen] = ' ';
			memcpy(joined + tlen + 1, s2, l2);
			tlen += 1 + l2;
			ts = joined;
		}
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

/* Reports a bad line: dies, or with --skip-bad warns, counts and returns. */
static void bad(struct ctx *x, const char *name, long lineno, const char *msg)
{
	if (!x->skip) {
		tl_w_flush(&x->w); /* every bar before the bad line goes out */
		tl_die_at(TL_EX_DATA, name, lineno, "%s", msg);
	}
	tl_warn_at(name, lineno, "%s (skipped)", msg);
	x->nbad++;
}

/*
 * Checks, normalises and writes one parsed row of f (whose timeframe is
 * known), or reports it as bad.
 */
static void emit(struct ctx *x, struct file *f, struct row *r)
{
	struct tl_bar *b = &f->bar;

	if (r->bad) {
		bad(x, f->in.name, r->lineno, r->err);
		return;
	}
	b->t = b->tf >= TL_TF_1D ? tl_tf_floor(b->tf, r->day) : r->t;
	b->o = r->o, b->h = r->h, b->l = r->l, b->c = r->c, b->v = r->v;
	if (x->repair)
		tl_bar_repair(b);
	if (tl_bar_check(b, r->err, sizeof r->err) < 0 ||
	    tl_series_advance(f->s, b, r->err, sizeof r->err) < 0) {
		bad(x, f->in.name, r->lineno, r->err);
		return;
	}
	tl_bar_write(&x->w, b);
	if (x->store)
		tl_store_put_bar(x->store, b);
	x->good++;
}

/* Sets f's timeframe, and with it its series. */
static void set_tf(struct ctx *x, struct file *f, int tf)
{
	f->bar.tf = tf;
	f->s = tl_seriesmap_get(&x->series, f->bar.symbol, tf, NULL);
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

/* Reports f's buffered bad rows (dying at the first without --skip-bad) and
 * drops them. */
static void drop_bad(struct ctx *x, struct file *f)
{
	size_t i, k = 0;

	for (i = 0; i < f->npend; i++) {
		if (f->pend[i].bad)
			bad(x, f->in.name, f->pend[i].lineno, f->pend[i].err);
		else if (k != i)
			f->pend[k++] = f->pend[i];
		else
			k++;
	}
	f->npend = k;
}

/*
 * Infers f's timeframe from its buffered rows (full, or all there is at
 * the end of the file) and writes them. With fewer than two good rows and
 * more to come, reports the bad ones and keeps buffering. Exits 65 when
 * the spacing names no timeframe.
 */
static void settle(struct ctx *x, struct file *f, int at_end)
{
	int64_t prev = 0, d, min = 0;
	size_t i, ngood = 0;
	int tf;

	for (i = 0; i < f->npend; i++) {
		const struct row *r = &f->pend[i];

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
		drop_bad(x, f);
		return;
	}
	tf = min ? tf_of_spacing(min) : -1;
	if (tf < 0) {
		drop_bad(x, f);
		if (ngood == 1)
			tl_die(TL_EX_DATA,
			       "%s: cannot infer the timeframe from one row; "
			       "use --tf",
			       f->in.name);
		if (min == 0)
			tl_die(TL_EX_DATA,
			       "%s: cannot infer the timeframe: all rows have "
			       "the same time; use --tf",
			       f->in.name);
		tl_die(TL_EX_DATA,
		       "%s: cannot infer the timeframe from a spacing of %lld "
		       "seconds; use --tf",
		       f->in.name, (long long)min);
	}
	set_tf(x, f, tf);
	for (i = 0; i < f->npend; i++)
		emit(x, f, &f->pend[i]);
	f->npend = 0;
}

/*
 * Reads the first non-blank line of f (its header, or a Binance file's
 * first row) and sets the layout. Returns 1 with the line in *line when it
 * is data (a Binance row), 0 when it was a header, -1 for empty input.
 */
static int start(struct ctx *x, struct file *f, char **line, size_t *len)
{
	int r;

	while ((r = tl_input_next(&f->in, line, len)) != 0) {
		if (r < 0)
			tl_die_at(TL_EX_DATA, f->in.name, f->in.lineno,
			          "line longer than %zu bytes (see --max-line)",
			          x->max_line);
		if (f->in.lineno == 1 && *len >= 3 &&
		    memcmp(*line, "\xEF\xBB\xBF", 3) == 0)
			*line += 3, *len -= 3;
		if (!tl_blank(*line, *len))
			break;
	}
	if (r == 0)
		return -1;
	if (!x->nmap && headerless(*line, *len)) {
		layout_binance(&f->lay);
		return 1;
	}
	if (tl_csv_split(&x->csv, *line, *len) < 0)
		tl_die_at(TL_EX_DATA, f->in.name, f->in.lineno,
		          "not a CSV header: an unterminated quote or text "
		          "after a closing quote");
	layout_header(x, f, &x->csv, &f->lay);
	return 0;
}

/* Imports the CSV file at path (or stdin: "-") as the series of symbol. */
static void import(struct ctx *x, struct file *f, const char *path,
                   const char *symbol)
{
	struct row one;
	char *line;
	size_t len;
	int r;

	memset(&f->bar, 0, sizeof f->bar);
	snprintf(f->bar.symbol, sizeof f->bar.symbol, "%s", symbol);
	f->bar.final = 1;
	f->s = NULL;
	f->npend = 0;
	if (tl_input_open(&f->in, path, x->max_line) < 0)
		tl_die(TL_EX_NOINPUT, "%s: %s", path, strerror(errno));
	r = start(x, f, &line, &len);
	if (r < 0)
		tl_die_at(TL_EX_DATA, f->in.name, 1,
		          "empty input, expected a CSV header");
	if (x->tf_opt >= 0)
		set_tf(x, f, x->tf_opt);
	for (;;) {
		struct row *row = f->s ? &one : &f->pend[f->npend];

		if (r == 0) {
			r = tl_input_next(&f->in, &line, &len);
			if (r == 0)
				break;
			if (r < 0) {
				row->bad = 1;
				snprintf(row->err, sizeof row->err,
				         "line longer than %zu bytes (see "
				         "--max-line)",
				         x->max_line);
			} else if (tl_blank(line, len)) {
				r = 0;
				continue;
			} else {
				parse_row(x, &f->lay, line, len, row);
			}
		} else {
			/* The first row of a file without a header. */
			parse_row(x, &f->lay, line, len, row);
		}
		r = 0;
		row->lineno = f->in.lineno;
		if (f->s) {
			emit(x, f, row);
		} else if (++f->npend == NPEND) {
			settle(x, f, 0);
		}
	}
	if (!f->s && f->npend)
		settle(x, f, 1);
	tl_input_close(&f->in);
	tl_w_flush(&x->w); /* so a later file's errors find this one written */
}

/*
 * Returns the symbol of path: the file name up to its first '.'. Exits
 * 64 when that is empty or too long. Sets *buf to what to free.
 */
static const char *symbol_of(const char *path, char **buf)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	if (n == 0)
		tl_die(TL_EX_USAGE,
		       "%s: cannot tell the symbol from the file name; use "
		       "--symbol",
		       path);
	if (n > TL_SYMBOL_MAX)
		tl_die(TL_EX_USAGE,
		       "%s: the file name is longer than a symbol (%d bytes); "
		       "use --symbol",
		       path, TL_SYMBOL_MAX);
	*buf = tl_strndup(base, n);
	return *buf;
}

/* Adds the COL=NAME items of one --map argument to x, pointing into arg
 * (modified; the caller keeps it). */
static void add_map(struct ctx *x, char *arg)
{
	char *item, *save = NULL;

	if (!*arg)
		tl_cli_usage_error(&prog,
		                   "--map: expected COL=NAME,..., got ''");
	for (item = strtok_r(arg, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strrchr(item, '='), *col, *name;
		int role;
		size_t i;

		if (!eq)
			tl_cli_usage_error(
			    &prog, "--map: expected COL=NAME, got '%s'", item);
		*eq = '\0';
		col = trim_str(item);
		name = trim_str(eq + 1);
		role = role_of(name);
		if (role < 0)
			tl_cli_usage_error(
			    &prog,
			    "--map: unknown field '%s' (t o h l c v, or time "
			    "open high low close volume)",
			    name);
		if (!*col)
			tl_cli_usage_error(
			    &prog, "--map: empty column name for '%s'", name);
		for (i = 0; i < x->nmap; i++) {
			if (x->map[i].role == role)
				tl_cli_usage_error(
				    &prog, "--map: two columns give the %s",
				    role_name[role]);
			if (strcasecmp(x->map[i].col, col) == 0)
				tl_cli_usage_error(
				    &prog, "--map: column '%s' is mapped twice",
				    col);
		}
		x->map = tl_realloc(x->map, (x->nmap + 1) * sizeof *x->map);
		x->map[x->nmap].col = col;
		x->map[x->nmap].role = role;
		x->nmap++;
	}
}

int main(int argc, char **argv)
{
	struct ctx x;
	struct file *f;
	const char *arg, *symbol = NULL, *db = NULL;
	char **mapargs = NULL, **syms;
	int c, i, nfiles, nmapargs = 0, store = 0, status;

	tl_setprog(argv[0]);
	memset(&x, 0, sizeof x);
	x.tf_opt = -1;
	x.max_line = TL_MAX_LINE_DEFAULT;
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 's':
			symbol = arg;
			break;
		case 't':
			x.tf_opt = tl_tf_parse(arg, strlen(arg));
			if (x.tf_opt < 0)
				tl_cli_usage_error(
				    &prog,
				    "--tf: unknown timeframe '%s' (1m 5m 15m "
				    "30m 1h 4h 1D 1W 1Mo)",
				    arg);
			break;
		case 'm':
			mapargs = tl_realloc(mapargs, (size_t)(nmapargs + 1) *
			                                  sizeof *mapargs);
			mapargs[nmapargs] = tl_strdup(arg);
			add_map(&x, mapargs[nmapargs++]);
			break;
		case 'r':
			x.repair = 1;
			break;
		case OPT_STORE:
			store = 1;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		case TL_OPT_SKIP_BAD:
			x.skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			x.max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		}
	}
	if (db && !store)
		tl_cli_usage_error(&prog, "--db needs --store");
	if (symbol && (!*symbol || strlen(symbol) > TL_SYMBOL_MAX))
		tl_cli_usage_error(&prog,
		                   "--symbol: expected 1 to %d bytes, got '%s'",
		                   TL_SYMBOL_MAX, symbol);

	/* Every file's symbol is known before anything is read. */
	nfiles = argc - tl_cli_optind();
	syms = tl_calloc(nfiles ? (size_t)nfiles : 1, sizeof *syms);
	for (i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *path = nfiles ? argv[tl_cli_optind() + i] : "-";

		if (symbol)
			continue;
		if (strcmp(path, "-") == 0)
			tl_cli_usage_error(&prog,
			                   "cannot tell the symbol of standard "
			                   "input; use --symbol");
		symbol_of(path, &syms[i]);
	}

	if (store) {
		char *path = tl_store_path(db);

		x.store = tl_store_open(path);
		free(path);
		tl_store_begin(x.store);
	}
	tl_w_init(&x.w, 0);
	tl_seriesmap_init(&x.series, 0);
	tl_csv_init(&x.csv);
	f = tl_malloc(sizeof *f);
	for (i = 0; i < (nfiles ? nfiles : 1); i++)
		import(&x, f, nfiles ? argv[tl_cli_optind() + i] : "-",
		       symbol ? symbol : syms[i]);

	status = x.nbad && !x.good ? TL_EX_DATA : 0;
	if (x.store) {
		if (status == 0)
			tl_store_commit(x.store);
		else
			tl_store_rollback(x.store);
		tl_store_close(x.store);
	}
	tl_w_release(&x.w);
	tl_seriesmap_release(&x.series);
	tl_csv_release(&x.csv);
	free(f);
	for (i = 0; i < (nfiles ? nfiles : 1); i++)
		free(syms[i]);
	free(syms);
	for (i = 0; i < nmapargs; i++)
		free(mapargs[i]);
	free(mapargs);
	free(x.map);
	if (x.nbad)
		tl_warn("%ld bad line%s skipped", x.nbad,
		        x.nbad == 1 ? "" : "s");
	return tl_cli_finish(status);
}
