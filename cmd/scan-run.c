/* scan-run: scores a universe of symbols over several timeframes into signal
 * records. */
/*
 * Start reading main(): bars are read as a stream and each symbol keeps,
 * per timeframe, the state of lib/tl_scan (the EMAs and Wilder averages,
 * and a ring of the last --lookback bars for the window inputs and
 * chart-levels' levels), so memory is proportional to symbols x window.
 * Each input series keeps pointers to its state and its resampler series,
 * so a bar costs one lookup. With --tfs the first
 * timeframe is the base and the others are built from its bars in-process
 * by lib/tl_resample (closed buckets only); without it every timeframe of
 * the input is used as given, the lowest of a symbol's being its base. At
 * the end (or, with --history, after every base bar) each symbol's base
 * timeframe is scored, higher timeframes may halve the score (the veto
 * rule), and the signals are written, sorted by |score|.
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
    {"history", OPT_HISTORY, NULL,
     "a signal per base bar, from the bars up to it", NULL},
    {"with-bars", OPT_WITH_BARS, NULL,
     "with --history, each base bar before its signal", NULL},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {"session", OPT_SESSION, "ID",
     "without --preset or --weights, use this session's preset", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database (user presets)", "file"},
    {0},
};

static const struct tl_prog prog = {
    "scan-run",
    "[--preset NAME] [--weights LIST] [--tfs LIST] [--lookback N] "
    "[--min-score N] [--top N] [--explain] [--history [--with-bars]] "
    "[--skip-bad] [--max-line BYTES] [--session ID] [--db PATH] [FILE...]",
    "Score symbols on trend, momentum, volume, breakout and volatility "
    "over several timeframes into signal records.",
    opts,
    "file",
};

#define NTF (TL_TF_1MO + 1)

/* One symbol: a state per timeframe. */
struct sym {
	struct tl_scan_tf *tf[NTF]; /* NULL: none */
	int base;                   /* the base timeframe, -1 before a bar */
};

/* One signal, kept for sorting. */
struct sig {
	char *rec; /* the record's text, owned */
	double score;
	const char *symbol; /* borrowed from the series map */
};

/* The run's settings and state. */
struct run {
	struct tl_scan_weights w;
	const char *preset;
	int tfs[NTF], ntfs; /* --tfs; ntfs 0 without it */
	size_t lookback;
	int explain, history, with_bars;
	int64_t now;
	struct tl_seriesmap syms; /* (symbol, 0) -> struct sym */
	struct tl_resample rs[NTF];
	struct sym *cur; /* the symbol of the bar being resampled */
	struct tl_w w_out;
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
 * Sets r's weights from preset name (a built-in one, else a user preset
 * from the store), or, without one, from session sid's preset when sid is
 * given, else balanced. Exits 64 on an unknown preset or a bad session id.
 */
static void choose_preset(struct run *r, const char *name, const char *sid,
                          const char *db)
{
	struct tl_store *st = NULL;
	const char *why;

	if (!name && sid) {
		struct tl_session s;
		char *path;

		if ((why = tl_session_id_check(sid)))
			tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
		path = tl_store_path(db);
		st = tl_store_open(path);
		free(path);
		tl_session_load(st, sid, tl_now(), &s);
		if (s.val[TL_SK_PRESET])
			name = tl_strdup(s.val[TL_SK_PRESET]);
		tl_session_free(&s);
	}
	r->preset = name ? name : "balanced";
	if (tl_presets_builtin(r->preset)) {
		tl_presets_get(NULL, r->preset, &r->w);
	} else {
		if (!st) {
			char *path;

			if ((why = tl_presets_name_check(r->preset)))
				tl_cli_usage_error(&prog,
				                   "--preset: %s, got '%s'",
				                   why, r->preset);
			path = tl_store_path(db);
			st = tl_store_open(path);
			free(path);
		}
		if (!tl_presets_get(st, r->preset, &r->w))
			tl_cli_usage_error(
			    &prog,
			    "--preset: unknown preset '%s' (balanced, "
			    "aggressive, conservative, or one set with "
			    "scan-weights)",
			    r->preset);
	}
	if (st)
		tl_store_close(st);
}

int main(int argc, char **argv)
{
	static struct run r;
	struct tl_seriesmap order;
	struct tl_barin in;
	struct tl_bar b;
	struct tl_series *se;
	const char *arg, *weights = NULL, *preset = NULL, *sid = NULL,
	                 *db = NULL;
	size_t max_line = TL_MAX_LINE_DEFAULT, nsig = 0, i;
	long long min_score = 0, top = -1;
	int c, k;
	struct tl_bad bad = {0};
	char err[256];
	struct sig *sigs = NULL;

	tl_setprog(argv[0]);
	r.lookback = 250;
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
			min_score = tl_cli_num(&prog, "min-score", arg, 0, 100);
			break;
		case OPT_TOP:
			top = tl_cli_num(&prog, "top", arg, 1, 1000000000);
			break;
		case OPT_EXPLAIN:
			r.explain = 1;
			break;
		case OPT_HISTORY:
			r.history = 1;
			break;
		case OPT_WITH_BARS:
			r.with_bars = 1;
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
	if (weights && preset)
		tl_cli_usage_error(&prog,
		                   "--preset and --weights cannot be combined");
	if (weights) {
		if (tl_scan_weights_parse(weights, 0, &r.w, err, sizeof err) <
		    0)
			tl_cli_usage_error(&prog, "--weights: %s", err);
		r.preset = "custom";
	} else
		choose_preset(&r, preset, sid, db);
	r.now = tl_now();
	tl_seriesmap_init(&r.syms, sizeof(struct sym));
	/* Each input series keeps its struct input: one lookup a bar. */
	tl_seriesmap_init(&order, sizeof(struct input));
	for (k = 1; k < r.ntfs; k++)
		tl_resample_init(&r.rs[k], r.tfs[k], NULL, r.now, take_bucket,
		                 &r);
	tl_w_init(&r.w_out, r.history);

	tl_barin_init(&in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((c = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		struct sym *s;
		struct input *ip;
		int created;

		if (c == TL_BARIN_OTHER) {
			bad.good++;
			continue;
		}
		if (r.ntfs && b.tf != r.tfs[0]) {
			bad.good++; /* --tfs builds the others */
			continue;
		}
		se = tl_seriesmap_get(&order, b.symbol, b.tf, &created);
		k = tl_series_advance(se, &b, err, sizeof err);
		if (k != 0) {
			tl_barin_bad(&in, k > 0
			                      ? "a bar replacing a forming bar "
			                        "is not supported by scan-run"
			                      : err);
			continue;
		}
		bad.good++;
		ip = se->data;
		if (!ip->sym) {
			s = ip->sym = sym_get(&r, b.symbol);
			ip->st = tf_state(&r, s, b.tf);
			for (k = 1; k < r.ntfs; k++)
				ip->rs[k] =
				    tl_resample_series(&r.rs[k], b.symbol);
			if (s->base < 0 || b.tf < s->base)
				s->base = b.tf;
		}
		s = r.cur = ip->sym;
		for (k = 1; k < r.ntfs; k++)
			if (tl_resample_add_to(&r.rs[k], ip->rs[k], &b, err,
			                       sizeof err) < 0)
				tl_barin_bad(&in, err);
		tl_scan_tf_add(ip->st, &b);
		if (r.history && b.tf == s->base) {
			double sc;

			if (r.with_bars)
				tl_bar_write(&r.w_out, &b);
			sc = score_symbol(&r, b.symbol, s, &r.w_out);
			if (fabs(sc) >= (double)min_score)
				tl_w_end(&r.w_out);
			else
				r.w_out.len = 0; /* dropped */
		}
	}
	tl_barin_release(&in);

	if (!r.history) {
		struct tl_w tmp;

		tl_w_init(&tmp, 0);
		for (se = r.syms.first; se; se = se->next) {
			struct sym *s = se->data;
			double sc;

			if (s->base < 0)
				continue;
			tmp.len = 0;
			sc = score_symbol(&r, se->symbol, s, &tmp);
			tl_w_raw(&tmp, "}\n", 2);
			if (fabs(sc) < (double)min_score)
				continue;
			sigs = tl_realloc(sigs, (nsig + 1) * sizeof *sigs);
			sigs[nsig].rec = tl_strndup(tmp.buf, tmp.len);
			sigs[nsig].score = sc;
			sigs[nsig].symbol = se->symbol;
			nsig++;
		}
		tmp.len = 0;
		tl_w_release(&tmp);
		if (nsig)
			qsort(sigs, nsig, sizeof *sigs, by_score);
		for (i = 0; i < nsig; i++) {
			if (top < 0 || (long long)i < top)
				fputs(sigs[i].rec, stdout);
			free(sigs[i].rec);
		}
		free(sigs);
	}
	tl_w_release(&r.w_out);
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
	tl_seriesmap_release(&order);
	return tl_cli_finish(tl_bad_status(&bad));
}
