/* bars-fetch: market data over HTTP into the store's bar cache, and out as bar
 * records. */
/*
 * Start reading main(): the options give a source, a timeframe and a span
 * of time; every symbol is then fetched in turn (fetch_symbol()). The
 * store's bar cache keeps, per (symbol, timeframe, source, adjustment),
 * the bars and the span of time already asked for, so only what lies
 * outside that span is asked for (windows()). Each request waits for a
 * token of the source's bucket in the store (shared by every process),
 * then goes through tl_http (timeouts, retries, Retry-After). The bars of
 * all of a symbol's requests are gathered in memory, and written to the
 * store in one short transaction only when every request succeeded, so
 * a failed call leaves nothing partial and no transaction is ever open
 * across a request. The output is then read back from the store for the
 * whole span asked for (cached and new bars alike), resampled when the
 * source lacks the timeframe. A symbol that fails is reported and the
 * others still come out; the exit status is the worst met.
 */
#include "tl_bar.h"
#include "tl_cli.h"
#include "tl_http.h"
#include "tl_out.h"
#include "tl_resample.h"
#include "tl_source.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

enum {
	OPT_FROM = 256,
	OPT_TO,
	OPT_OFFLINE,
	OPT_REFRESH,
	OPT_TIMEOUT,
	OPT_RETRIES,
	OPT_BASE_URL,
	OPT_SESSION
};

static const struct tl_opt opts[] = {
    {"source", 's', "SRC",
     "where bars come from: yahoo (default), stooq, binance, alphavantage, "
     "or store (the cache only)",
     "yahoo stooq binance alphavantage store"},
    {"tf", 't', "TF", "timeframe of the bars (default 1D)", "tf"},
    {"range", 'r', "DUR",
     "the span up to now: 5d, 6mo, 2y ... (default by timeframe)", NULL},
    {"from", OPT_FROM, "DATE", "first day or time of the span", NULL},
    {"to", OPT_TO, "DATE", "last day or time of the span (default now)", NULL},
    {"offline", OPT_OFFLINE, NULL,
     "ask no server: the source's bars in the cache only", NULL},
    {"refresh", OPT_REFRESH, NULL,
     "ask for the whole span again, whatever the cache holds", NULL},
    {"jobs", 'j', "N", "symbols fetched at once, 1 to 16 (default 1)", NULL},
    {"timeout", OPT_TIMEOUT, "S",
     "seconds one request may take, per attempt (default 30)", NULL},
    {"retries", OPT_RETRIES, "N",
     "attempts after the first for a request that may succeed later "
     "(default 2)",
     NULL},
    {"base-url", OPT_BASE_URL, "URL",
     "scheme, host and port to ask instead of the source's own", NULL},
    {"session", OPT_SESSION, "ID",
     "with no SYMBOL, the symbols of this session's watchlist", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {"verbose", 'v', NULL, "say on stderr what is asked and why (no secrets)",
     NULL},
    {0},
};

static const struct tl_prog prog = {
    "bars-fetch",
    "[--source SRC] [--tf TF] [--range DUR | --from DATE [--to DATE]] "
    "[--offline] [--refresh] [--jobs N] [--timeout S] [--retries N] "
    "[--base-url URL] [--session ID] [--db PATH] [-v] [SYMBOL...]",
    "Fetch bars from a market-data source over HTTP, through the store's "
    "bar cache.",
    opts,
    NULL,
};

/* What the whole run shares. */
struct ctx {
	int src;                    /* enum tl_src */
	const struct tl_source *si; /* its facts */
	int tf, ftf;                /* wanted, and asked of the source */
	int64_t from, end, now;     /* the span [from, end), the clock */
	int offline, refresh, verbose, progress;
	char *base;  /* base URL, no trailing '/' */
	char *key;   /* Alpha Vantage's key, or NULL */
	char *crumb; /* Yahoo's crumb once fetched, or NULL */
	double rate, burst;
	struct tl_store *store;
	struct tl_http *http;
	struct tl_http_opts ho; /* for the clients of --jobs' children */
	char *dbpath;
	struct tl_w w;
	char err[1024];
};

/* Returns the clock as epoch seconds with a fraction (for the bucket). */
static double wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Prints a -v line "bars-fetch: fmt..." */
static void note(const struct ctx *x, const char *fmt, ...) TL_PRINTF(2, 3);
static void note(const struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	if (!x->verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: ", tl_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Waits for a token of the source's bucket. */
static void polite(struct ctx *x)
{
	double wait = tl_store_take_token(x->store, x->si->name, x->rate,
	                                  x->burst, wall());

	if (wait > 0) {
		struct timespec ts;

		note(x, "%s: waiting %.2f s for the rate limit", x->si->name,
		     wait);
		ts.tv_sec = (time_t)wait;
		ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
}

/*
 * GETs url after a token, into *rs. Returns 0 with a 2xx reply, else an
 * exit status with x->err set ("SRC: SYMBOL: ..."); *status4xx gets a
 * non-2xx final status (0 when none).
 */
static int get(struct ctx *x, const char *sym, const char *url,
               struct tl_http_resp *rs, long *final_status)
{
	int st;

	*final_status = 0;
	polite(x);
	st = tl_http_get(x->http, url, rs);
	if (st) {
		snprintf(x->err, sizeof x->err, "%s: %s: %s", x->si->name, sym,
		         rs->err);
		return st;
	}
	if (rs->status / 100 != 2) {
		char *red = tl_http_redact(url);
		char *ex = tl_source_excerpt(rs->body, rs->len, 160);

		*final_status = rs->status;
		snprintf(x->err, sizeof x->err, "%s: %s: GET %s: HTTP %ld%s%s",
		         x->si->name, sym, red, rs->status, *ex ? ": " : "",
		         ex);
		free(red);
		free(ex);
		return TL_EX_UNAVAILABLE;
	}
	return 0;
}

/* The interval words of each source, by timeframe. */
static const char *const yahoo_iv[] = {"1m", "5m", "15m", "30m", "60m",
                                       NULL, "1d", "1wk", "1mo"};
static const char *const binance_iv[] = {"1m", "5m", "15m", "30m", "1h",
                                         "4h", "1d", "1w",  "1M"};
static const char *const av_iv[] = {"1min", "5min", "15min", "30min", "60min",
                                    NULL,   NULL,   NULL,    NULL};

/*
 * Gets Yahoo's cookie and crumb: the cookie from the base's "/" (the real
 * Yahoo's from https://fc.yahoo.com), the crumb from /v1/test/getcrumb.
 * Returns 0, or an exit status with x->err set.
 */
static int yahoo_crumb(struct ctx *x, const char *sym)
{
	struct tl_http_resp rs;
	char *url;
	long fs;
	int st;

	url = strcmp(x->base, x->si->base) == 0
	          ? tl_strdup("https://fc.yahoo.com/")
	          : tl_asprintf("%s/", x->base);
	note(x, "yahoo: asked for a cookie and crumb");
	polite(x);
	st = tl_http_get(x->http, url, &rs); /* any status: it sets a cookie */
	free(url);
	tl_http_resp_release(&rs);
	if (st) {
		snprintf(x->err, sizeof x->err, "yahoo: %s: %s", sym, rs.err);
		return st;
	}
	url = tl_asprintf("%s/v1/test/getcrumb", x->base);
	st = get(x, sym, url, &rs, &fs);
	free(url);
	if (st == 0) {
		size_t n = rs.len;
		const char *c = tl_trim(rs.body, &n, TL_TRIM_SPACE);

		if (n == 0 || n > 64 || memchr(c, '<', n) ||
		    memchr(c, '{', n)) {
			snprintf(x->err, sizeof x->err,
			         "yahoo: %s: the crumb endpoint sent no crumb",
			         sym);
			st = TL_EX_DATA;
		} else {
			free(x->crumb);
			x->crumb = tl_strndup(c, n);
		}
	}
	tl_http_resp_release(&rs);
	return st;
}

/* Asks Yahoo for [a, b) into out. */
static int fetch_yahoo(struct ctx *x, const char *sym, int64_t a, int64_t b,
                       struct tl_bars *out)
{
	/* 1m bars come 7 days at a time. */
	int64_t step = x->ftf == TL_TF_1M ? 7 * 86400 : b - a;
	char *esc = tl_http_escape(sym);
	int st = 0, tried_crumb = 0;

	while (a < b && !st) {
		int64_t e = b - a > step ? a + step : b;
		struct tl_http_resp rs;
		char *url, *cr = x->crumb ? tl_http_escape(x->crumb) : NULL;
		int need = 0;
		long fs;

		url = tl_asprintf(
		    "%s%s%s?period1=%lld&period2=%lld&interval=%s"
		    "&includePrePost=false&events=div%%2Csplit%s%s",
		    x->base, x->si->path, esc, (long long)a, (long long)e,
		    yahoo_iv[x->ftf], cr ? "&crumb=" : "", cr ? cr : "");
		free(cr);
		st = get(x, sym, url, &rs, &fs);
		free(url);
		if (st == 0 || fs) {
			char perr[512];
			int pst =
			    tl_yahoo_parse(rs.body, rs.len, sym, x->ftf, x->now,
			                   out, &need, perr, sizeof perr);

			if (st == 0 && pst) {
				st = pst;
				snprintf(x->err, sizeof x->err, "%s", perr);
			} else if (st && need == 0 &&
			           pst == TL_EX_UNAVAILABLE) {
				/* Yahoo's own words say more than HTTP 404. */
				snprintf(x->err, sizeof x->err, "%s (HTTP %ld)",
				         perr, fs);
			}
		}
		tl_http_resp_release(&rs);
		if (st && need && !tried_crumb && (fs == 401 || fs == 403)) {
			tried_crumb = 1;
			if ((st = yahoo_crumb(x, sym)) == 0)
				continue; /* the same window again */
		}
		a = e;
	}
	free(esc);
	return st;
}

/* Writes YYYYMMDD of t into buf (9 bytes). */
static void ymd(int64_t t, char *buf)
{
	int64_t y;
	int m, d;

	tl_civil_from_days(t >= 0 ? t / 86400 : -((-t + 86399) / 86400), &y, &m,
	                   &d);
	snprintf(buf, 9, "%04d%02d%02d", (int)y, m, d);
}

/* Asks Stooq for [a, b) into out. */
static int fetch_stooq(struct ctx *x, const char *sym, int64_t a, int64_t b,
                       struct tl_bars *out)
{
	static const char iv[] = {
	    [TL_TF_1D] = 'd', [TL_TF_1W] = 'w', [TL_TF_1MO] = 'm'};
	struct tl_http_resp rs;
	char d1[9], d2[9], *lower = tl_strdup(sym), *esc, *url, *p;
	long fs;
	int st;

	for (p = lower; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	esc = tl_http_escape(lower);
	ymd(a, d1);
	ymd(b - 1, d2);
	url = tl_asprintf("%s%s?s=%s&i=%c&d1=%s&d2=%s", x->base, x->si->path,
	                  esc, iv[x->ftf], d1, d2);
	st = get(x, sym, url, &rs, &fs);
	if (st == 0 &&
	    (st = tl_stooq_parse(rs.body, rs.len, sym, x->ftf, x->now, out,
	                         x->err, sizeof x->err)) == TL_EX_DATA &&
	    strstr(x->err, "HTML")) {
		size_t l = strlen(x->err);

		snprintf(x->err + l, sizeof x->err - l, " (HTTP %ld, %s)",
		         rs.status,
		         *rs.content_type ? rs.content_type : "no type");
	}
	tl_http_resp_release(&rs);
	free(url);
	free(esc);
	free(lower);
	return st;
}

/* Asks Binance for [a, b) into out, 1000 rows a page. */
static int fetch_binance(struct ctx *x, const char *sym, int64_t a, int64_t b,
                         struct tl_bars *out)
{
	char *esc = tl_http_escape(sym);
	int64_t start = a * 1000, stop = b * 1000 - 1;
	int st = 0;

	while (!st && start <= stop) {
		struct tl_http_resp rs;
		size_t rows = 0;
		int64_t last = -1;
		char *url;
		long fs;

		url = tl_asprintf("%s%s?symbol=%s&interval=%s&startTime=%lld"
		                  "&endTime=%lld&limit=1000",
		                  x->base, x->si->path, esc, binance_iv[x->ftf],
		                  (long long)start, (long long)stop);
		st = get(x, sym, url, &rs, &fs);
		free(url);
		if (st == 0)
			st = tl_binance_parse(rs.body, rs.len, sym, x->ftf,
			                      x->now, out, &rows, &last, x->err,
			                      sizeof x->err);
		tl_http_resp_release(&rs);
		if (st || rows < 1000)
			break;
		if (last < start) {
			snprintf(x->err, sizeof x->err,
			         "binance: %s: a full page that does not move "
			         "forward",
			         sym);
			st = TL_EX_DATA;
			break;
		}
		start = last + 1;
	}
	free(esc);
	return st;
}

/* Asks Alpha Vantage for [a, b) (it serves what it has) into out. */
static int fetch_alphavantage(struct ctx *x, const char *sym, int64_t a,
                              int64_t b, struct tl_bars *out)
{
	static const char *const fn[] = {
	    "TIME_SERIES_INTRADAY", "TIME_SERIES_INTRADAY",
	    "TIME_SERIES_INTRADAY", "TIME_SERIES_INTRADAY",
	    "TIME_SERIES_INTRADAY", NULL,
	    "TIME_SERIES_DAILY",    "TIME_SERIES_WEEKLY",
	    "TIME_SERIES_MONTHLY"};
	struct tl_http_resp rs;
	char *esc = tl_http_escape(sym), *key = tl_http_escape(x->key), *url;
	char iv[64] = "", size[32] = "";
	long fs;
	int st;

	(void)b;
	if (x->ftf < TL_TF_1D)
		snprintf(iv, sizeof iv, "&interval=%s&adjusted=false",
		         av_iv[x->ftf]);
	if (x->ftf <= TL_TF_1D)
		/* compact is the newest 100 bars: enough when a is near. */
		snprintf(size, sizeof size, "&outputsize=%s",
		         x->now - a < 90 * tl_tf_seconds(x->ftf) ? "compact"
		                                                 : "full");
	url = tl_asprintf("%s%s?function=%s&symbol=%s%s%s&datatype=json"
	                  "&apikey=%s",
	                  x->base, x->si->path, fn[x->ftf], esc, iv, size, key);
	st = get(x, sym, url, &rs, &fs);
	if (st == 0)
		st = tl_alphavantage_parse(rs.body, rs.len, sym, x->ftf, x->now,
		                           out, x->err, sizeof x->err);
	tl_http_resp_release(&rs);
	free(url);
	free(key);
	free(esc);
	return st;
}

/* Asks the source for the bars of [a, b) into out. */
static int fetch_window(struct ctx *x, const char *sym, int64_t a, int64_t b,
                        struct tl_bars *out)
{
	char ta[TL_TIME_MAX], tb[TL_TIME_MAX];

	tl_time_format(a, ta);
	tl_time_format(b, tb);
	note(x, "%s: %s %s: asking for %s to %s", sym, x->si->name,
	     tl_tf_name(x->ftf), ta, tb);
	switch (x->src) {
	case TL_SRC_YAHOO:
		return fetch_yahoo(x, sym, a, b, out);
	case TL_SRC_STOOQ:
		return fetch_stooq(x, sym, a, b, out);
	case TL_SRC_BINANCE:
		return fetch_binance(x, sym, a, b, out);
	default:
		return fetch_alphavantage(x, sym, a, b, out);
	}
}

/* Output of one symbol: writes bars, resampling when the tf differs. */
struct emit {
	struct ctx *x;
	struct tl_resample *rs;
	long n;
};

static void write_bar(const struct tl_bar *b, void *arg)
{
	struct emit *e = arg;

	tl_bar_write(&e->x->w, b);
	e->n++;
}

static int emit_fn(const struct tl_bar *b, void *arg)
{
	struct emit *e = arg;
	char why[200];

	if (!e->rs) {
		write_bar(b, e);
		return 0;
	}
	if (tl_resample_add(e->rs, b, why, sizeof why) < 0)
		tl_die(TL_EX_DATA, "%s: cached bars: %s", b->symbol, why);
	return 0;
}

/* Says there is a bar. */
static int any_fn(const struct tl_bar *b, void *arg)
{
	(void)b;
	(void)arg;
	return 1;
}

/*
 * Writes the cached bars of sym for the span, from the source (or, for
 * the store source, whichever the cache holds), resampled to x->tf.
 * Returns how many were written.
 */
static long output(struct ctx *x, const char *sym, int64_t from)
{
	struct tl_resample rs;
	struct emit e = {x, NULL, 0};
	int ftf = x->ftf;

	if (x->src == TL_SRC_STORE) {
		/* The timeframe itself, else the coarsest finer one cached. */
		for (ftf = x->tf; ftf >= 0; ftf--)
			if (tl_tf_divides(ftf, x->tf) &&
			    tl_store_each_bar(x->store, sym, ftf, from, x->end,
			                      any_fn, NULL))
				break;
		if (ftf < 0)
			return 0;
	}
	if (ftf != x->tf) {
		tl_resample_init(&rs, x->tf, NULL, x->now, write_bar, &e);
		e.rs = &rs;
	}
	if (x->src == TL_SRC_STORE)
		tl_store_each_bar(x->store, sym, ftf, from, x->end, emit_fn,
		                  &e);
	else
		tl_store_each_bar_of(x->store, sym, ftf, x->si->name,
		                     x->si->adj, from, x->end, emit_fn, &e);
	if (e.rs) {
		tl_resample_end(&rs);
		tl_resample_release(&rs);
	}
	return e.n;
}

/* Fetches, caches and writes one symbol. Returns 0 or an exit status,
 * with the message printed. */
static int fetch_symbol(struct ctx *x, const char *sym)
{
	const char *src = x->si->name;
	int adj = x->si->adj;
	int64_t from = tl_tf_floor(x->tf, x->from), lo = 0, hi = 0;
	int64_t wa[2], wb[2], cap, nlo, nhi;
	struct tl_bars got = {0};
	int have, nw = 0, i, st = 0;
	size_t k;

	if (x->offline || x->src == TL_SRC_STORE) {
		output(x, sym, from);
		return 0;
	}
	have = tl_store_span_get(x->store, sym, x->ftf, src, adj, &lo, &hi);
	if (have && x->refresh && (x->end < lo || from > hi))
		have = 0; /* a disjoint span is replaced, not joined */
	if (!have || x->refresh) {
		wa[nw] = from, wb[nw++] = x->end;
	} else {
		/* What lies outside [lo, hi), joined to it. */
		if (from < lo)
			wa[nw] = from, wb[nw++] = lo;
		if (x->end > hi)
			wa[nw] = hi, wb[nw++] = x->end;
		if (nw == 0)
			note(x, "%s: the cache holds the whole span", sym);
	}
	if (nw == 0) {
		output(x, sym, from);
		return 0;
	}
	for (i = 0; i < nw && !st; i++)
		st = fetch_window(x, sym, wa[i], wb[i], &got);
	if (st) {
		if (x->progress)
			fputs("\r\033[K", stderr);
		fprintf(stderr, "%s: %s\n", tl_prog, x->err);
		tl_bars_release(&got);
		return st;
	}

	/* The span now answered in whole ends before any forming bar. */
	nlo = have ? (from < lo ? from : lo) : from;
	nhi = have ? (x->end > hi ? x->end : hi) : x->end;
	cap = tl_tf_floor(x->ftf, x->now);
	for (k = 0; k < got.n; k++)
		if (!got.v[k].final) {
			if (got.v[k].t < cap)
				cap = got.v[k].t;
			break;
		}
	if (nhi > cap)
		nhi = cap;
	if (nhi < nlo)
		nhi = nlo;

	tl_store_begin(x->store);
	for (k = 0; k < got.n; k++)
		tl_store_put_bar(x->store, &got.v[k]);
	tl_store_span_put(x->store, sym, x->ftf, src, adj, nlo, nhi);
	tl_store_commit(x->store);
	note(x, "%s: cached %zu bars", sym, got.n);
	tl_bars_release(&got);
	output(x, sym, from);
	return 0;
}

/* Ranks exit statuses: 65 over 69 over 75 over 0; others (74) first. */
static int worst(int a, int b)
{
	static const int rank[] = {TL_EX_TEMPFAIL, TL_EX_UNAVAILABLE,
	                           TL_EX_DATA};
	int ra = -1, rb = -1, i;

	if (a == 0 || b == 0)
		return a ? a : b;
	for (i = 0; i < 3; i++) {
		if (a == rank[i])
			ra = i;
		if (b == rank[i])
			rb = i;
	}
	if (ra < 0)
		return a;
	if (rb < 0)
		return b;
	return ra > rb ? a : b;
}

/*
 * Runs in a child of --jobs: fetches sym with stdout and stderr going to
 * the files out and err, its own store connection and HTTP client, and
 * exits with the symbol's status.
 */
TL_NORETURN static void child(struct ctx *x, const char *sym, FILE *out,
                              FILE *err)
{
	int st;

	if (dup2(fileno(out), 1) < 0 || dup2(fileno(err), 2) < 0)
		_exit(TL_EX_IOERR);
	x->store = tl_store_open(x->dbpath);
	if (!x->offline && x->src != TL_SRC_STORE)
		x->http = tl_http_new(&x->ho);
	x->progress = 0;
	st = fetch_symbol(x, sym);
	tl_w_flush(&x->w);
	if (fflush(stdout) != 0 || ferror(stdout))
		st = TL_EX_IOERR;
	fflush(stderr);
	_exit(st);
}

/* Copies the whole of file f to stream to. */
static void copy_out(FILE *f, FILE *to)
{
	char buf[65536];
	size_t n;

	rewind(f);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, to);
	fclose(f);
}

/*
 * Fetches the n symbols syms with up to jobs children at once, each writing
 * into temporary files, and copies each one's output and messages out in
 * the order of the symbols, so the output is the same as one at a time.
 * Returns the worst status.
 */
static int run_jobs(struct ctx *x, char **syms, int n, int jobs)
{
	struct job {
		pid_t pid;
		FILE *out, *err;
	} *j = tl_calloc((size_t)n, sizeof *j);
	int next = 0, done, status = 0;

	for (done = 0; done < n; done++) {
		int ws, st;

		while (next < n && next - done < jobs) {
			j[next].out = tmpfile();
			j[next].err = tmpfile();
			if (!j[next].out || !j[next].err)
				tl_die(TL_EX_IOERR,
				       "cannot make a temporary "
				       "file: %s",
				       strerror(errno));
			fflush(stdout);
			fflush(stderr);
			j[next].pid = fork();
			if (j[next].pid < 0)
				tl_die(TL_EX_IOERR, "cannot start a job: %s",
				       strerror(errno));
			if (j[next].pid == 0)
				child(x, syms[next], j[next].out, j[next].err);
			next++;
		}
		while (waitpid(j[done].pid, &ws, 0) < 0 && errno == EINTR)
			;
		st = WIFEXITED(ws) ? WEXITSTATUS(ws) : TL_EX_IOERR;
		if (x->progress)
			fprintf(stderr, "\r%s: %d/%d %s\033[K", tl_prog,
			        done + 1, n, syms[done]);
		copy_out(j[done].out, stdout);
		if (x->progress && ftell(j[done].err) > 0)
			fputs("\r\033[K", stderr);
		copy_out(j[done].err, stderr);
		status = worst(status, st);
	}
	free(j);
	return status;
}

/* Returns the default span for tf: a range fit for the timeframe. */
static struct tl_dur default_range(int tf)
{
	static const struct tl_dur d[] = {
	    {1, TL_U_D},  {5, TL_U_D}, {1, TL_U_MO}, {1, TL_U_MO}, {3, TL_U_MO},
	    {6, TL_U_MO}, {1, TL_U_Y}, {5, TL_U_Y},  {10, TL_U_Y}};

	return d[tf];
}

/* Reads a source's rate "N/DUR" (N requests per DUR) from env. */
static void read_rate(struct ctx *x)
{
	const char *s = getenv(x->si->rate_env);
	struct tl_dur d;
	char *end;
	double n;

	x->rate = x->si->rate;
	x->burst = x->si->burst;
	if (!s || !*s)
		return;
	n = strtod(s, &end);
	if (end == s || *end != '/' || !(n >= 1) || n > 1e6 ||
	    tl_dur_parse(end + 1, &d) < 0)
		tl_die(TL_EX_CONFIG,
		       "%s: expected N/DURATION (5/1m: 5 requests a minute), "
		       "got '%s'",
		       x->si->rate_env, s);
	x->rate = n / (double)tl_dur_seconds(&d);
	x->burst = n;
}

/* Returns 1 when sym may be a symbol: 1 to 63 printable, non-space
 * ASCII bytes, no '/'. */
static int good_symbol(const char *sym)
{
	const char *p;

	if (!*sym || strlen(sym) > TL_SYMBOL_MAX)
		return 0;
	for (p = sym; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == '/')
			return 0;
	return 1;
}

/* Checks Yahoo's intraday limits before asking. */
static void yahoo_limits(const struct ctx *x)
{
	int64_t back = x->ftf == TL_TF_1M    ? 30
	               : x->ftf <= TL_TF_30M ? 60
	               : x->ftf == TL_TF_1H  ? 730
	                                     : 0;
	char t[TL_TIME_MAX];

	if (back && x->from < x->now - back * 86400) {
		tl_time_format(x->from, t);
		tl_cli_usage_error(
		    &prog,
		    "yahoo serves %s bars for the last %lld days "
		    "only; asked from %s",
		    tl_tf_name(x->ftf), (long long)back, t);
	}
}

int main(int argc, char **argv)
{
	struct ctx x;
	struct tl_http_opts ho;
	struct tl_dur range;
	const char *arg, *from = NULL, *to = NULL, *rng = NULL, *db = NULL;
	const char *base = NULL, *sid = NULL;
	char **syms, *watch = NULL;
	int c, i, nsym, status = 0, jobs = 1, retries = 2;
	double timeout = 30;

	tl_setprog(argv[0]);
	memset(&x, 0, sizeof x);
	x.tf = TL_TF_1D;
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 's':
			if ((x.src = tl_source_parse(arg)) < 0)
				tl_cli_usage_error(
				    &prog,
				    "--source: unknown source '%s' (yahoo "
				    "stooq binance alphavantage store)",
				    arg);
			break;
		case 't':
			x.tf = tl_cli_tf(&prog, "tf", arg);
			break;
		case 'r':
			rng = arg;
			break;
		case OPT_FROM:
			from = arg;
			break;
		case OPT_TO:
			to = arg;
			break;
		case OPT_OFFLINE:
			x.offline = 1;
			break;
		case OPT_REFRESH:
			x.refresh = 1;
			break;
		case 'j':
			jobs = (int)tl_cli_num(&prog, "jobs", arg, 1, 16);
			break;
		case OPT_TIMEOUT: {
			char *e;

			timeout = strtod(arg, &e);
			if (e == arg || *e || !(timeout >= 0.1) ||
			    timeout > 3600)
				tl_cli_usage_error(
				    &prog,
				    "--timeout: expected seconds from 0.1 to "
				    "3600, got '%s'",
				    arg);
			break;
		}
		case OPT_RETRIES:
			retries = (int)tl_cli_num(&prog, "retries", arg, 0, 10);
			break;
		case OPT_BASE_URL:
			base = arg;
			break;
		case OPT_SESSION:
			sid = arg;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		case 'v':
			x.verbose = 1;
			break;
		}
	}
	nsym = argc - tl_cli_optind();
	syms = argv + tl_cli_optind();
	if (nsym == 0) {
		/* The session's watchlist (tl_session.h checked its items). */
		struct tl_session ss;
		struct tl_store *st;
		const char *why;
		char *p;

		sid = tl_session_id(sid);
		if ((why = tl_session_id_check(sid)))
			tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
		st = tl_store_open_opt(db);
		if (tl_session_load(st, sid, tl_now(), &ss) &&
		    ss.val[TL_SK_WATCHLIST])
			watch = tl_strdup(ss.val[TL_SK_WATCHLIST]);
		tl_session_free(&ss);
		tl_store_close(st);
		if (!watch)
			tl_cli_usage_error(
			    &prog,
			    "no SYMBOL given, and session '%s' has "
			    "no watchlist (session-set "
			    "watchlist=A,B)",
			    sid);
		syms = tl_calloc(strlen(watch) / 2 + 2, sizeof *syms);
		for (p = watch; p;) {
			syms[nsym++] = p;
			if ((p = strchr(p, ',')))
				*p++ = '\0';
		}
	} else if (sid) {
		tl_cli_usage_error(&prog, "--session is for when no SYMBOL is "
		                          "given");
	}
	for (i = 0; i < nsym; i++)
		if (!good_symbol(syms[i]))
			tl_cli_usage_error(&prog,
			                   "'%s' is not a symbol (1 to %d "
			                   "printable bytes, no spaces or '/')",
			                   syms[i], TL_SYMBOL_MAX);
	if (rng && (from || to))
		tl_cli_usage_error(&prog, "--range and --from/--to exclude "
		                          "each other");
	if (to && !from)
		tl_cli_usage_error(&prog, "--to needs --from");
	x.si = tl_source_get(x.src);
	if (x.src == TL_SRC_STORE) {
		x.ftf = x.tf;
	} else if ((x.ftf = tl_source_tf(x.src, x.tf)) < 0) {
		tl_cli_usage_error(&prog,
		                   "%s serves no timeframe %s bars can be made "
		                   "from (it serves 1D 1W 1Mo)",
		                   x.si->name, tl_tf_name(x.tf));
	}

	/* The span [from, end). */
	x.now = tl_now();
	if (from) {
		int64_t t;

		if (tl_time_parse(from, strlen(from), &x.from) < 0)
			tl_cli_usage_error(
			    &prog, "--from: cannot read time '%s'", from);
		x.end = x.now + 1;
		if (to) {
			if (tl_time_parse(to, strlen(to), &t) < 0)
				tl_cli_usage_error(
				    &prog, "--to: cannot read time '%s'", to);
			x.end = t + 1; /* TO is the last t wanted */
		}
		if (x.end <= x.from)
			tl_cli_usage_error(&prog,
			                   "--to is before --from (%s < %s)",
			                   to ? to : "now", from);
	} else {
		if (!rng)
			range = default_range(x.tf);
		else if (tl_dur_parse(rng, &range) < 0)
			tl_cli_usage_error(&prog,
			                   "--range: expected a duration (5d, "
			                   "6mo, 2y), got '%s'",
			                   rng);
		x.from = tl_time_add(x.now, &range, -1);
		x.end = x.now + 1;
	}

	if (!x.offline && x.src != TL_SRC_STORE) {
		const char *b = base ? base : getenv(x.si->url_env);
		size_t n;

		if (!b || !*b)
			b = x.si->base;
		if (strncmp(b, "http://", 7) != 0 &&
		    strncmp(b, "https://", 8) != 0)
			tl_cli_usage_error(&prog,
			                   "%s: base URL must start with "
			                   "http:// or https://, got '%s'",
			                   base ? "--base-url" : x.si->url_env,
			                   b);
		n = strlen(b);
		while (n > 8 && b[n - 1] == '/')
			n--;
		x.base = tl_strndup(b, n);
		if (x.src == TL_SRC_YAHOO)
			yahoo_limits(&x);
		if (x.src == TL_SRC_ALPHAVANTAGE &&
		    !(x.key = tl_http_key("ALPHAVANTAGE_API_KEY",
		                          "alphavantage_api_key")))
			tl_die(TL_EX_CONFIG,
			       "alphavantage needs a key: set "
			       "ALPHAVANTAGE_API_KEY, or alphavantage_api_key "
			       "in the config file");
		read_rate(&x);
		tl_http_opts_init(&ho);
		ho.timeout_ms = (long)(timeout * 1000);
		if (ho.connect_timeout_ms > ho.timeout_ms)
			ho.connect_timeout_ms = ho.timeout_ms;
		if (ho.low_speed_time > (long)timeout)
			ho.low_speed_time = (long)ceil(timeout);
		ho.attempts = retries + 1;
		ho.verbose = x.verbose;
		ho.cookies = x.src == TL_SRC_YAHOO;
		ho.tag = x.si->name;
		x.ho = ho;
		if (jobs < 2 || nsym < 2)
			x.http = tl_http_new(&ho);
	}

	/* Opened (and migrated) here, before any child opens its own. */
	x.dbpath = tl_store_path(db);
	x.store = tl_store_open(x.dbpath);
	x.progress = !x.verbose && nsym > 1 && isatty(2);
	tl_w_init(&x.w, 0);
	if (jobs > 1 && nsym > 1) {
		status = run_jobs(&x, syms, nsym, jobs);
	} else {
		for (i = 0; i < nsym; i++) {
			const char *sym = syms[i];

			if (x.progress)
				fprintf(stderr, "\r%s: %d/%d %s\033[K", tl_prog,
				        i + 1, nsym, sym);
			status = worst(status, fetch_symbol(&x, sym));
			tl_w_flush(&x.w);
		}
	}
	if (x.progress)
		fprintf(stderr, "\r\033[K");
	tl_w_release(&x.w);
	tl_store_close(x.store);
	tl_http_free(x.http);
	free(x.dbpath);
	free(x.base);
	free(x.key);
	free(x.crumb);
	if (watch) {
		free(watch);
		free(syms);
	}
	return tl_cli_finish(status);
}
