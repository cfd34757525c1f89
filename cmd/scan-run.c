/* scan-run: scores a universe of symbols over several timeframes into signal
 * records. */
/*
 * Start reading main(): bars come from the input as a stream (read_input())
 * or, with --from-cache, from the store's bar cache for the symbols of a
 * session's watchlist (read_cache()); every bar goes through take_bar(),
 * where each symbol keeps, per timeframe, the state of lib/tl_scan (the
 * EMAs and Wilder averages, and a ring of the last --lookback bars for the
 * window inputs and chart-levels' levels), so memory is proportional to
 * symbols x window. Each input series keeps pointers to its state and its
 * resampler series, so a bar costs one lookup.
 * With --tfs the first timeframe is the base and the others are built from
 * its bars in-process by lib/tl_resample (closed buckets only); without it
 * every timeframe of the input is used as given, the lowest of a symbol's
 * being its base. At the end (or, with --history, after every base bar)
 * each symbol's base timeframe is scored, higher timeframes may halve the
 * score (the veto rule), and the signals are written, sorted by |score|
 * (scan()). With --every the run goes on: a tick every DURATION scans the
 * symbols that took bars since the last one and writes only the signals
 * that changed; the input is read with a deadline at the next tick, and
 * the cache is asked for the bars after those read.
 */
#include "tl_bar.h"
#include "tl_barin.h"
#include "tl_cli.h"
#include "tl_ndjson.h"
#include "tl_out.h"
#include "tl_presets.h"
#include "tl_resample.h"
#include "tl_scan.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_PRESET = 256,
	OPT_WEIGHTS,
	OPT_TFS,
	OPT_LOOKBACK,
	OPT_MIN_SCORE,
	OPT_TOP,
	OPT_EXPLAIN,
	OPT_HISTORY,
	OPT_WITH_BARS,
	OPT_SESSION,
	OPT_EVERY,
	OPT_FROM_CACHE,
};

static const struct tl_opt opts[] = {
    {"preset", OPT_PRESET, "NAME",
     "weights preset: balanced (default), aggressive, conservative, or "
     "one set with scan-weights",
     "balanced aggressive conservative"},
    {"weights", OPT_WEIGHTS, "LIST",
     "weights as trend=0.3,momentum=0.25,... summing to 1", NULL},
    {"tfs", OPT_TFS, "LIST",
     "timeframes, the base first, the higher ones built from it (1D,1W)", NULL},
    {"lookback", OPT_LOOKBACK, "N",
     "bars kept per timeframe for levels (default 250)", NULL},
    {"min-score", OPT_MIN_SCORE, "N", "keep signals with |score| >= N", NULL},
    {"top", OPT_TOP, "N", "keep the first N signals", NULL},
    {"explain", OPT_EXPLAIN, NULL, "add each component's raw inputs", NULL},
    {"every", OPT_EVERY, "DURATION",
     "keep running: scan every DURATION (200ms, 30s, 5m), writing the "
     "signals that changed",
     NULL},
    {"history", OPT_HISTORY, NULL,
     "a signal per base bar, from the bars up to it", NULL},
    {"with-bars", OPT_WITH_BARS, NULL,
     "with --history, each base bar before its signal", NULL},
    {"from-cache", OPT_FROM_CACHE, NULL,
     "read the bars of the session's watchlist from the store's bar cache",
     NULL},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {"session", OPT_SESSION, "ID",
     "the session whose preset is used (without --preset or --weights) and, "
     "with --from-cache, whose watchlist is read",
     NULL},
    {"db", TL_OPT_DB, "PATH",
     "the store's database (user presets, sessions, the bar cache)", "file"},
    {0},
};

static const struct tl_prog prog = {
    "scan-run",
    "[--preset NAME] [--weights LIST] [--tfs LIST] [--lookback N] "
    "[--min-score N] [--top N] [--explain] [--every DURATION] "
    "[--history [--with-bars]] [--from-cache] [--skip-bad] "
    "[--max-line BYTES] [--session ID] [--db PATH] [FILE...]",
    "Score symbols on trend, momentum, volume, breakout and volatility "
    "over several timeframes into signal records.",
    opts,
    "file",
};

#define NTF (TL_TF_1MO + 1)

/* The longest --every, and the shortest, in milliseconds. */
#define EVERY_MAX (86400 * 1000)
#define EVERY_MIN 100

/* Set by SIGINT and SIGTERM with --every: the run ends at the next check. */
static volatile sig_atomic_t stop;

/* One symbol: a state per timeframe. */
struct sym {
	struct tl_scan_tf *tf[NTF]; /* NULL: none */
	int base;                   /* the base timeframe, -1 before a bar */
	int dirty;                  /* took a bar since the last scan */
	int written;                /* --every: a signal of it was written */
	long long last_score;       /* that signal's score, in hundredths */
	int last_dir;               /* and its direction, -1, 0 or 1 */
};

/* One signal, kept for sorting. */
struct sig {
	char *rec; /* the record's text, owned */
	double score;
	const char *symbol; /* borrowed from the series map */
	struct sym *sym;    /* borrowed */
};

/* The run's settings and state. */
struct run {
	struct tl_scan_weights w;
	const char *preset;
	int tfs[NTF], ntfs; /* --tfs; ntfs 0 without it */
	size_t lookback;
	int explain, history, with_bars;
	long long min_score, top; /* top -1: all */
	int64_t every;            /* --every in milliseconds; 0 without it */
	int64_t now;
	int pending;               /* some symbol is dirty */
	struct tl_seriesmap syms;  /* (symbol, 0) -> struct sym */
	struct tl_seriesmap order; /* (symbol, tf) -> struct input */
	struct tl_resample rs[NTF];
	struct sym *cur; /* the symbol of the bar being resampled */
	struct tl_w w_out, tmp;
};

/* Returns the state of timeframe tf of symbol s, made when new. */
static struct tl_scan_tf *tf_state(struct run *r, struct sym *s, int tf)
{
	if (!s->tf[tf]) {
		s->tf[tf] = tl_malloc(sizeof *s->tf[tf]);
		tl_scan_tf_init(s->tf[tf], tf, r->lookback);
	}
	return s->tf[tf];
}

/* Returns the symbol entry of name, made when new. */
static struct sym *sym_get(struct run *r, const char *name)
{
	int created;
	struct tl_series *se = tl_seriesmap_get(&r->syms, name, 0, &created);
	struct sym *s = se->data;

	if (created)
		s->base = -1;
	return s;
}

/* Takes a closed higher-timeframe bucket of r->cur from a resampler. */
static void take_bucket(const struct tl_bar *b, void *arg)
{
	struct run *r = arg;

	tl_scan_tf_add(tf_state(r, r->cur, b->tf), b);
}

/*
 * What an input series keeps: its symbol's entry and its series in each
 * resampler, so that a bar costs one lookup.
 */
struct input {
	struct sym *sym;
	struct tl_scan_tf *st; /* the symbol's state of this timeframe */
	struct tl_series *rs[NTF];
};

/* Writes n as a number, or null when not finite. */
static void num_or_null(struct tl_w *w, const char *key, double n)
{
	if (isfinite(n))
		tl_w_num(w, key, n);
	else
		tl_w_null(w, key);
}

/* Returns x rounded to d decimals (d <= 4). */
static double round_to(double x, int d)
{
	double m = d == 2 ? 100 : 10000, v = round(x * m) / m;

	return v == 0 ? 0 : v; /* no -0 */
}

/* Writes the raw inputs of one timeframe's components (--explain). */
static void explain_tf(struct tl_w *w, const struct tl_scan_tf *t,
                       const double comp[], const int valid[], double score)
{
	const struct tl_scan_raw *x = &t->raw;
	int i;

	tl_w_open(w, tl_tf_name(t->tf));
	tl_w_num(w, "score", round_to(score, 2));
	for (i = 0; i < TL_SCAN_NCOMP; i++) {
		tl_w_open(w, tl_scan_comp_names[i]);
		tl_w_num(w, "value", round_to(comp[i], 4));
		if (!valid[i])
			tl_w_str(w, "note", "warming up: contributes 0");
		switch (i) {
		case TL_SCAN_TREND:
			num_or_null(w, "close", x->c);
			num_or_null(w, "ema20", x->ema20);
			num_or_null(w, "ema50", x->ema50);
			num_or_null(w, "adx14", x->adx);
			num_or_null(w, "pdi14", x->pdi);
			num_or_null(w, "mdi14", x->mdi);
			break;
		case TL_SCAN_MOMENTUM:
			num_or_null(w, "rsi14", x->rsi);
			num_or_null(w, "macd_hist", x->macd_hist);
			num_or_null(w, "atr14", x->atr);
			break;
		case TL_SCAN_VOLUME:
			num_or_null(w, "obv_change20", x->obv_change);
			num_or_null(w, "volume20", x->volume_20);
			num_or_null(w, "rvol20", x->rvol);
			num_or_null(w, "open", x->o);
			break;
		case TL_SCAN_BREAKOUT:
			num_or_null(w, "resistance", x->resistance);
			num_or_null(w, "support", x->support);
			num_or_null(w, "dc_upper20", x->dc_upper);
			num_or_null(w, "dc_lower20", x->dc_lower);
			break;
		case TL_SCAN_VOLATILITY:
			num_or_null(w, "atr_pct", x->atr_pct);
			num_or_null(w, "bb_mid20", x->bb_mid);
			num_or_null(w, "bb_width20", x->bb_width);
			num_or_null(w, "bb_width_avg20", x->bb_width_avg);
			break;
		}
		tl_w_close(w);
	}
	tl_w_close(w);
}

/*
 * Scores symbol name s at its latest base bar and writes the signal into
 * w (one record, not flushed by the caller until it chooses). Returns the
 * final score.
 */
static double score_symbol(struct run *r, const char *name, struct sym *s,
                           struct tl_w *w)
{
	double comp[NTF][TL_SCAN_NCOMP], score[NTF] = {0}, raw = 0, final;
	int valid[NTF][TL_SCAN_NCOMP], veto[NTF], nveto = 0, tf, i;
	struct tl_scan_tf *b = s->tf[s->base];

	for (tf = s->base; tf < NTF; tf++) {
		double x;

		if (!s->tf[tf])
			continue;
		tl_scan_tf_eval(s->tf[tf], 1, comp[tf], valid[tf]);
		x = tl_scan_score(comp[tf], &r->w);
		if (tf == s->base)
			raw = x;
		/* Directions are those of the scores as written, rounded. */
		score[tf] = round_to(x, 2);
	}
	for (tf = s->base + 1; tf < NTF; tf++) {
		veto[tf] = 0;
		if (!s->tf[tf])
			continue;
		if (tl_scan_direction(score[tf]) != 0 &&
		    tl_scan_direction(score[s->base]) ==
		        -tl_scan_direction(score[tf])) {
			veto[tf] = 1;
			nveto++;
		}
	}
	for (tf = s->base + 1; tf < NTF; tf++)
		if (s->tf[tf] && veto[tf])
			raw /= 2;
	final = round_to(raw, 2); /* rounded once */
	tl_w_begin(w);
	tl_w_str(w, "type", "signal");
	tl_w_str(w, "symbol", name);
	tl_w_str(w, "tf", tl_tf_name(s->base));
	tl_w_int(w, "t", b->t);
	tl_w_num(w, "score", final);
	tl_w_str(w, "direction",
	         tl_scan_direction(final) > 0   ? "long"
	         : tl_scan_direction(final) < 0 ? "short"
	                                        : "neutral");
	tl_w_str(w, "preset", r->preset);
	tl_w_open(w, "components");
	for (i = 0; i < TL_SCAN_NCOMP; i++)
		tl_w_num(w, tl_scan_comp_names[i],
		         round_to(comp[s->base][i], 4));
	tl_w_close(w);
	tl_w_key(w, "tfs");
	tl_w_raw(w, "[", 1);
	for (tf = s->base, i = 0; tf < NTF; tf++)
		if (s->tf[tf]) {
			if (i++)
				tl_w_raw(w, ",", 1);
			tl_w_quote(w, tl_tf_name(tf), strlen(tl_tf_name(tf)));
		}
	tl_w_raw(w, "]", 1);
	if (nveto) {
		tl_w_key(w, "veto");
		tl_w_raw(w, "[", 1);
		for (tf = s->base + 1, i = 0; tf < NTF; tf++)
			if (s->tf[tf] && veto[tf]) {
				if (i++)
					tl_w_raw(w, ",", 1);
				tl_w_quote(w, tl_tf_name(tf),
				           strlen(tl_tf_name(tf)));
			}
		tl_w_raw(w, "]", 1);
	}
	if (!r->history &&
	    r->now >=
	        tl_tf_next(s->base,
	                   tl_tf_next(s->base, tl_tf_next(s->base, b->t))))
		tl_w_bool(w, "stale", 1);
	if (r->explain) {
		tl_w_open(w, "explain");
		for (tf = s->base; tf < NTF; tf++)
			if (s->tf[tf])
				explain_tf(w, s->tf[tf], comp[tf], valid[tf],
				           score[tf]);
		tl_w_close(w);
	}
	return final;
}

/* Orders signals by |score| descending, then by symbol. */
static int by_score(const void *a, const void *b)
{
	const struct sig *x = a, *y = b;
	double p = fabs(x->score), q = fabs(y->score);

	if (p != q)
		return p > q ? -1 : 1;
	return strcmp(x->symbol, y->symbol);
}

/* Parses --tfs LIST into r. */
static void parse_tfs(struct run *r, const char *list)
{
	const char *p = list;

	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		int tf = tl_tf_parse(p, len), i;

		if (tf < 0)
			tl_cli_usage_error(
			    &prog,
			    "--tfs: unknown timeframe '%.*s' (one "
			    "of " TL_TF_CODES ")",
			    (int)(len > 20 ? 20 : len), p);
		for (i = 0; i < r->ntfs; i++)
			if (r->tfs[i] == tf)
				tl_cli_usage_error(&prog,
				                   "--tfs: %s given twice",
				                   tl_tf_name(tf));
		if (r->ntfs && !tl_tf_divides(r->tfs[0], tf))
			tl_cli_usage_error(
			    &prog, "--tfs: %s cannot be built from %s",
			    tl_tf_name(tf), tl_tf_name(r->tfs[0]));
		r->tfs[r->ntfs++] = tf;
		if (!e)
			break;
		p = e + 1;
	}
	if (r->ntfs > 1) {
		int i;

		for (i = 1; i < r->ntfs; i++)
			if (r->tfs[i] <= r->tfs[0])
				tl_cli_usage_error(
				    &prog,
				    "--tfs: %s is not above the base "
				    "%s",
				    tl_tf_name(r->tfs[i]),
				    tl_tf_name(r->tfs[0]));
	}
}

/*
 * Takes bar b into r: its series' order checked, the higher timeframes
 * built from it (--tfs), its timeframe's state fed; with --history its
 * symbol is scored at once. Returns 0, 1 when the bar is not used (--tfs
 * builds that timeframe itself), or -1 with the reason in err.
 */
static int take_bar(struct run *r, const struct tl_bar *b, char *err,
                    size_t errlen)
{
	struct tl_series *se;
	struct input *ip;
	struct sym *s;
	int created, k;

	if (r->ntfs && b->tf != r->tfs[0])
		return 1;
	se = tl_seriesmap_get(&r->order, b->symbol, b->tf, &created);
	k = tl_series_advance(se, b, err, errlen);
	if (k > 0)
		snprintf(err, errlen,
		         "a bar replacing a forming bar is not "
		         "supported by scan-run");
	if (k != 0)
		return -1;
	ip = se->data;
	if (!ip->sym) {
		s = ip->sym = sym_get(r, b->symbol);
		ip->st = tf_state(r, s, b->tf);
		for (k = 1; k < r->ntfs; k++)
			ip->rs[k] = tl_resample_series(&r->rs[k], b->symbol);
		if (s->base < 0 || b->tf < s->base)
			s->base = b->tf;
	}
	s = r->cur = ip->sym;
	for (k = 1; k < r->ntfs; k++)
		if (tl_resample_add_to(&r->rs[k], ip->rs[k], b, err, errlen) <
		    0)
			return -1;
	tl_scan_tf_add(ip->st, b);
	if (r->every)
		s->dirty = r->pending = 1; /* only live scans look */
	if (r->history && b->tf == s->base) {
		double sc;

		if (r->with_bars)
			tl_bar_write(&r->w_out, b);
		sc = score_symbol(r, b->symbol, s, &r->w_out);
		if (fabs(sc) >= (double)r->min_score)
			tl_w_end(&r->w_out);
		else
			r->w_out.len = 0; /* dropped */
	}
	return 0;
}

/*
 * Scores the symbols and writes their signals: at least --min-score, by
 * |score| (then symbol), the first --top. live (--every) scores only the
 * symbols that took bars since the last scan, keeps only the signals that
 * changed since the symbol's last one written (its direction, or its score
 * by a point or more; the first always), and flushes each record.
 */
static void scan(struct run *r, int live)
{
	struct tl_series *se;
	struct sig *sigs = NULL;
	size_t nsig = 0, i;

	if (live && !r->pending)
		return;
	r->pending = 0;
	r->now = tl_now();
	for (se = r->syms.first; se; se = se->next) {
		struct sym *s = se->data;
		double sc;

		if (s->base < 0 || (live && !s->dirty))
			continue;
		s->dirty = 0;
		r->tmp.len = 0;
		sc = score_symbol(r, se->symbol, s, &r->tmp);
		tl_w_raw(&r->tmp, "}\n", 2);
		if (fabs(sc) < (double)r->min_score)
			continue;
		if (live && s->written &&
		    tl_scan_direction(sc) == s->last_dir &&
		    llabs(llround(sc * 100) - s->last_score) < 100)
			continue;
		sigs = tl_realloc(sigs, (nsig + 1) * sizeof *sigs);
		sigs[nsig].rec = tl_strndup(r->tmp.buf, r->tmp.len);
		sigs[nsig].score = sc;
		sigs[nsig].symbol = se->symbol;
		sigs[nsig].sym = s;
		nsig++;
	}
	r->tmp.len = 0;
	if (nsig)
		qsort(sigs, nsig, sizeof *sigs, by_score);
	for (i = 0; i < nsig; i++) {
		if ((r->top < 0 || (long long)i < r->top) && !(live && stop)) {
			fputs(sigs[i].rec, stdout);
			if (live) {
				struct sym *s = sigs[i].sym;

				s->written = 1;
				s->last_score = llround(sigs[i].score * 100);
				s->last_dir = tl_scan_direction(sigs[i].score);
				fflush(stdout);
			}
		}
		free(sigs[i].rec);
	}
	free(sigs);
	if (live && ferror(stdout))
		exit(tl_cli_finish(0)); /* 74, said */
}

/*
 * With --every, scans when the tick due at tick (tl_mono_ms() time) has
 * come; returns the tick after the one due (DURATION later, or DURATION
 * after now when the run fell behind), or tick when none was due.
 */
static int64_t tick_due(struct run *r, int64_t tick)
{
	int64_t now = tl_mono_ms();

	if (now < tick)
		return tick;
	scan(r, 1);
	now = tl_mono_ms();
	tick += r->every;
	return tick > now ? tick : now + r->every;
}

/*
 * Reads the bars of the npaths FILE operands paths (stdin without any).
 * With --every, reads with a deadline at each tick and scans when it has
 * come (once the lines read by then are taken), and at the end of the
 * input; without it, scans once at the end
 * (not with --history, which has written its signals). Returns the exit
 * status of the bad-line policy bad.
 */
static int read_input(struct run *r, char **paths, int npaths, size_t max_line,
                      struct tl_bad *bad)
{
	struct tl_barin in;
	struct tl_bar b;
	int64_t tick = r->every ? tl_mono_ms() + r->every : -1;
	char err[256];
	int c;

	tl_barin_init(&in, paths, npaths, max_line, bad);
	while (!stop) {
		c = r->every ? tl_barin_next_wait(&in, &b, tick)
		             : tl_barin_next(&in, &b);
		if (c == TL_BARIN_END)
			break;
		if (c == TL_BARIN_OTHER)
			bad->good++;
		else if (c == TL_BARIN_BAR) {
			if (take_bar(r, &b, err, sizeof err) < 0)
				tl_barin_bad(&in, err);
			else
				bad->good++;
		}
		if (c == TL_BARIN_WAIT && !stop)
			tick = tick_due(r, tick);
	}
	tl_barin_release(&in);
	if (!stop && !r->history)
		scan(r, r->every != 0);
	c = tl_bad_status(bad);
	return stop ? 0 : c; /* a signal ends a live run with 0 */
}

/* One symbol of the watchlist, and how far its cached bars were read. */
struct watch {
	const char *symbol;       /* borrowed from the session */
	char src[TL_SRC_MAX + 1]; /* the source and adjustment read, */
	int adj, have;            /* once have says some bar was */
	int64_t last;             /* the t of the last bar read */
};

/* What cache_bar() is given. */
struct cache_read {
	struct run *r;
	struct watch *w;
	long n; /* bars taken */
};

/*
 * Takes one cached bar (tl_store_each_bar's callback). With --every a
 * forming bar stops the read: it is taken once final, as a scanned bar
 * cannot be taken back. Cached bars break no rule but the order, which
 * the store keeps; a failure exits 65.
 */
static int cache_bar(const struct tl_bar *b, void *arg)
{
	struct cache_read *c = arg;
	char err[256];

	if (c->r->every && !b->final)
		return 1;
	if (take_bar(c->r, b, err, sizeof err) < 0)
		tl_die(TL_EX_DATA, "%s: cached bars: %s", b->symbol, err);
	snprintf(c->w->src, sizeof c->w->src, "%s", b->src);
	c->w->adj = b->adj;
	c->w->have = 1;
	c->w->last = b->t;
	c->n++;
	return 0;
}

/*
 * Reads the cached base-timeframe bars of w's symbol after those read
 * before, streaming them from SQLite: the first read takes the source with
 * the most bars (tl_store_each_bar), later ones stay with it. Returns how
 * many were taken.
 */
static long read_cached(struct run *r, struct tl_store *st, struct watch *w)
{
	struct cache_read c = {r, w, 0};

	if (w->have)
		tl_store_each_bar_of(st, w->symbol, r->tfs[0], w->src, w->adj,
		                     w->last + 1, TL_EPOCH_MAX + 1, cache_bar,
		                     &c);
	else
		tl_store_each_bar(st, w->symbol, r->tfs[0], TL_EPOCH_MIN,
		                  TL_EPOCH_MAX + 1, cache_bar, &c);
	return c.n;
}

/* Sleeps until tick (a tl_mono_ms() time), or until a signal stops. */
static void sleep_until(int64_t tick)
{
	int64_t left;

	while (!stop && (left = tick - tl_mono_ms()) > 0)
		poll(NULL, 0, left > 60000 ? 60000 : (int)left);
}

/*
 * Reads the bars of the symbols of list (a watchlist, modified: split at
 * its commas) from the store st, on the base timeframe, and scans them.
 * A symbol without bars is warned about. Without --every, returns 66
 * (said) when no symbol has any. With --every, scans at once, then at each
 * tick reads the bars cached since and scans when there are some, until a
 * signal. Returns the exit status.
 */
static int read_cache(struct run *r, struct tl_store *st, char *list,
                      const char *sid)
{
	struct watch *w = NULL;
	size_t n = 0, i, j;
	int64_t tick;
	int any = 0;
	char *p;

	for (p = list; p;) {
		char *sym = p;

		if ((p = strchr(p, ',')))
			*p++ = '\0';
		for (j = 0; j < n && strcmp(w[j].symbol, sym) != 0; j++)
			;
		if (j < n)
			continue; /* listed twice */
		w = tl_realloc(w, (n + 1) * sizeof *w);
		memset(&w[n], 0, sizeof w[n]);
		w[n++].symbol = sym;
	}
	for (i = 0; i < n && !stop; i++) {
		if (read_cached(r, st, &w[i]) || w[i].have)
			any = 1;
		else
			tl_warn("%s: no %s bars in the cache%s", w[i].symbol,
			        tl_tf_name(r->tfs[0]),
			        r->every ? " yet" : " (skipped)");
	}
	if (!r->every) {
		free(w);
		if (!any) {
			fprintf(stderr,
			        "%s: no %s bars in the cache for the watchlist "
			        "of session '%s'\n",
			        tl_prog, tl_tf_name(r->tfs[0]), sid);
			return TL_EX_NOINPUT;
		}
		if (!r->history)
			scan(r, 0);
		return 0;
	}
	if (!stop)
		scan(r, 1);
	tick = tl_mono_ms() + r->every;
	while (!stop) {
		sleep_until(tick);
		for (i = 0; i < n && !stop; i++)
			read_cached(r, st, &w[i]);
		if (stop)
			break;
		tick = tick_due(r, tick);
	}
	free(w);
	return 0;
}

/* Notes a SIGINT or SIGTERM: the live run ends at its next check. */
static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Sets r's weights from preset name (a built-in one, else a user preset
 * from the store), or, without one, from the preset of session ss when
 * given (borrowed; it must outlive r), else balanced. st is the store when
 * open (borrowed), else NULL: it is opened only when needed. Exits 64 on
 * an unknown preset.
 */
static void choose_preset(struct run *r, const char *name,
                          const struct tl_session *ss, struct tl_store *st,
                          const char *db)
{
	struct tl_store *own = NULL;
	const char *why;
	int found;

	if (name && !tl_presets_builtin(name) &&
	    (why = tl_presets_name_check(name)))
		tl_cli_usage_error(&prog, "--preset: %s, got '%s'", why, name);
	if (!name && ss)
		name = ss->val[TL_SK_PRESET];
	r->preset = name ? name : "balanced";
	if (tl_presets_builtin(r->preset)) {
		tl_presets_get(NULL, r->preset, &r->w);
		return;
	}
	if (!st)
		st = own = tl_store_open_opt(db);
	found = tl_presets_get(st, r->preset, &r->w);
	if (own)
		tl_store_close(own);
	if (!found)
		tl_cli_usage_error(&prog,
		                   "--preset: unknown preset '%s' (balanced, "
		                   "aggressive, conservative, or one set with "
		                   "scan-weights)",
		                   r->preset);
}

int main(int argc, char **argv)
{
	static struct run r;
	struct tl_store *st = NULL;
	struct tl_session ss;
	struct tl_series *se;
	const char *arg, *weights = NULL, *preset = NULL, *sid = NULL,
	                 *db = NULL, *why;
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, k, from_cache = 0, have_ss = 0, found, status;
	struct tl_bad bad = {0};
	char err[256];
	char *list = NULL;

	tl_setprog(argv[0]);
	r.lookback = 250;
	r.top = -1;
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_PRESET:
			preset = arg;
			break;
		case OPT_WEIGHTS:
			weights = arg;
			break;
		case OPT_TFS:
			parse_tfs(&r, arg);
			break;
		case OPT_LOOKBACK:
			r.lookback = (size_t)tl_cli_num(&prog, "lookback", arg,
			                                30, 100000);
			break;
		case OPT_MIN_SCORE:
			r.min_score =
			    tl_cli_num(&prog, "min-score", arg, 0, 100);
			break;
		case OPT_TOP:
			r.top = tl_cli_num(&prog, "top", arg, 1, 1000000000);
			break;
		case OPT_EXPLAIN:
			r.explain = 1;
			break;
		case OPT_EVERY:
			if (tl_dur_parse_ms(arg, &r.every) < 0 ||
			    r.every < EVERY_MIN || r.every > EVERY_MAX)
				tl_cli_usage_error(
				    &prog,
				    "--every: expected a duration from 100ms "
				    "to 1d (200ms, 30s, 5m), got '%s'",
				    arg);
			break;
		case OPT_HISTORY:
			r.history = 1;
			break;
		case OPT_WITH_BARS:
			r.with_bars = 1;
			break;
		case OPT_FROM_CACHE:
			from_cache = 1;
			break;
		case TL_OPT_SKIP_BAD:
			bad.skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		case OPT_SESSION:
			sid = arg;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		}
	}
	if (r.with_bars && !r.history)
		tl_cli_usage_error(&prog, "--with-bars needs --history");
	if (r.every && r.history)
		tl_cli_usage_error(&prog,
		                   "--every and --history exclude each other");
	if (from_cache && tl_cli_optind() < argc)
		tl_cli_usage_error(&prog,
		                   "--from-cache reads no FILE, got '%s'",
		                   argv[tl_cli_optind()]);
	if (weights && preset)
		tl_cli_usage_error(&prog,
		                   "--preset and --weights cannot be combined");
	if (weights &&
	    tl_scan_weights_parse(weights, 0, &r.w, err, sizeof err) < 0)
		tl_cli_usage_error(&prog, "--weights: %s", err);

	/* The session: its watchlist with --from-cache, else its preset. */
	if (from_cache)
		sid = tl_session_id(sid);
	if (sid && (from_cache || (!weights && !preset))) {
		if ((why = tl_session_id_check(sid)))
			tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
		st = tl_store_open_opt(db);
		found = tl_session_load(st, sid, tl_now(), &ss);
		have_ss = 1; /* loaded, or only its id: freed at the end */
		if (from_cache && (!found || !ss.val[TL_SK_WATCHLIST])) {
			tl_session_free(&ss);
			tl_store_close(st);
			if (!found)
				tl_die(TL_EX_NOINPUT,
				       "no session '%s' (never set, or "
				       "expired; see session-set)",
				       sid);
			tl_cli_usage_error(&prog,
			                   "session '%s' has no watchlist "
			                   "(session-set --session %s "
			                   "watchlist=A,B)",
			                   sid, sid);
		}
	}
	if (weights)
		r.preset = "custom";
	else
		choose_preset(&r, preset, have_ss ? &ss : NULL, st, db);
	if (from_cache) {
		/* The base: --tfs's first, else the session's, else 1D. */
		if (!r.ntfs) {
			const char *tf = ss.val[TL_SK_TF];

			r.tfs[0] = tf ? tl_tf_parse(tf, strlen(tf)) : TL_TF_1D;
			r.ntfs = 1;
		}
		list = tl_strdup(ss.val[TL_SK_WATCHLIST]);
	} else if (st) {
		tl_store_close(st);
		st = NULL;
	}

	r.now = tl_now();
	tl_seriesmap_init(&r.syms, sizeof(struct sym));
	tl_seriesmap_init(&r.order, sizeof(struct input));
	for (k = 1; k < r.ntfs; k++)
		tl_resample_init(&r.rs[k], r.tfs[k], NULL, r.now, take_bucket,
		                 &r);
	tl_w_init(&r.w_out, r.history);
	tl_w_init(&r.tmp, 0);
	if (r.every) {
		struct sigaction sa;

		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_stop;
		/* A write or an open the signal breaks into goes on: records
		 * stay whole, and stop is checked after each one. */
		sa.sa_flags = SA_RESTART;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}

	if (from_cache)
		status = read_cache(&r, st, list, sid);
	else
		status = read_input(&r, argv + tl_cli_optind(),
		                    argc - tl_cli_optind(), max_line, &bad);

	tl_w_release(&r.w_out);
	tl_w_release(&r.tmp);
	for (k = 1; k < r.ntfs; k++)
		tl_resample_release(&r.rs[k]);
	for (se = r.syms.first; se; se = se->next) {
		struct sym *s = se->data;

		for (k = 0; k < NTF; k++)
			if (s->tf[k]) {
				tl_scan_tf_release(s->tf[k]);
				free(s->tf[k]);
			}
	}
	tl_seriesmap_release(&r.syms);
	tl_seriesmap_release(&r.order);
	free(list);
	if (st)
		tl_store_close(st);
	if (have_ss)
		tl_session_free(&ss);
	return tl_cli_finish(status);
}
