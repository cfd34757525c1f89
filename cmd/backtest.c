/* backtest: strategies or signal streams simulated bar by bar, with fees,
 * slippage, stops and risk limits. */
/*
 * Start reading main(): bar records are read (any number of interleaved
 * (symbol, tf) series, checked as bars-resample checks them) and each
 * series keeps its newest bar back until the next one arrives, so that a
 * still-forming bar can be replaced and a signal that follows its bar in
 * the stream still acts at its close. A bar let go is simulated by
 * tl_bt_bar() (lib/tl_bt.h) with the decision at its close: from the
 * built-in strategy (lib/tl_strat.h), or from the signal for (symbol, t),
 * read from the stream or from --signals. Trades are written as they
 * close, equity records (--equity) bar by bar, and at the end of the
 * input each series' open trade and summary, series by series in the
 * order they first appeared. Memory is O(1) per series, plus the signals
 * waiting for their bar.
 */
#include "tl_bar.h"
#include "tl_barin.h"
#include "tl_bt.h"
#include "tl_cli.h"
#include "tl_ndjson.h"
#include "tl_num.h"
#include "tl_out.h"
#include "tl_strat.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum {
	OPT_SIGNALS = 256,
	OPT_CASH,
	OPT_FEE,
	OPT_FEE_FIXED,
	OPT_SLIPPAGE,
	OPT_SIZE,
	OPT_FRACTIONAL,
	OPT_LONG_ONLY,
	OPT_FILL,
	OPT_SL,
	OPT_TP,
	OPT_TRAIL,
	OPT_MAX_DD,
	OPT_DAILY,
	OPT_PPY,
	OPT_EQUITY
};

static const struct tl_opt opts[] = {
    {"strategy", 's', "SPEC",
     "sma-cross:FAST,SLOW, ema-cross:FAST,SLOW, rsi:PERIOD,LOW,HIGH, "
     "breakout:N or buy-hold (default: signal records)",
     "sma-cross:10,20 ema-cross:12,26 rsi:14,30,70 breakout:20 buy-hold"},
    {"signals", OPT_SIGNALS, "FILE",
     "read the signal records from FILE instead of the stream", "file"},
    {"cash", OPT_CASH, "N", "starting cash (default 10000)", NULL},
    {"fee", OPT_FEE, "RATE",
     "fee per fill, of traded value: 0.001 or 0.1% (default 0)", NULL},
    {"fee-fixed", OPT_FEE_FIXED, "N", "fixed fee per fill (default 0)", NULL},
    {"slippage", OPT_SLIPPAGE, "RATE",
     "market and stop fills move this much against the trader (default 0)",
     NULL},
    {"size", OPT_SIZE, "SPEC",
     "all (default), P% of equity, or units:N per entry", NULL},
    {"fractional", OPT_FRACTIONAL, NULL, "allow fractional units", NULL},
    {"long-only", OPT_LONG_ONLY, NULL, "go flat instead of short", NULL},
    {"fill", OPT_FILL, "WHEN",
     "fill decisions at the next bar's open (default) or at the close",
     "open close"},
    {"sl", OPT_SL, "P|Natr", "stop loss: a fraction, P% or N ATRs", NULL},
    {"tp", OPT_TP, "P|Natr", "take profit: a fraction, P% or N ATRs", NULL},
    {"trail", OPT_TRAIL, "P|Natr",
     "trailing stop: a fraction, P% or N ATRs from the best price", NULL},
    {"max-drawdown", OPT_MAX_DD, "P",
     "halt trading for good at this drawdown from the peak", NULL},
    {"daily-loss", OPT_DAILY, "P",
     "halt trading for the rest of the UTC day at this loss", NULL},
    {"periods-per-year", OPT_PPY, "N",
     "bars per year for annualising (default: from the timeframe)", NULL},
    {"equity", OPT_EQUITY, NULL, "write an equity record for every bar", NULL},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {0},
};

static const struct tl_prog prog = {
    "backtest",
    "[--strategy SPEC] [--signals FILE] [--cash N] [--fee RATE] "
    "[--fee-fixed N] [--slippage RATE] [--size SPEC] [--fractional] "
    "[--long-only] [--fill open|close] [--sl P|Natr] [--tp P|Natr] "
    "[--trail P|Natr] [--max-drawdown P] [--daily-loss P] "
    "[--periods-per-year N] [--equity] [--skip-bad] [--max-line BYTES] "
    "[FILE...]",
    "Simulate a strategy or signal records bar by bar; write trades, "
    "equity and a summary.",
    opts,
    "file",
};

/* A signal waiting for its bar: where it was read, for messages. */
struct sig {
	int64_t t;
	int dir;
	const char *file;
	long line;
};

/* The signals of one symbol, in time order; head is the next to use. */
struct sigq {
	struct sig *v;
	size_t n, cap, head;
	struct tl_series *bars; /* the symbol's bar series, once seen */
};

/* One bar series: its simulation, strategy and the bar kept back. */
struct series {
	struct tl_bt bt;
	struct tl_strat strat;
	struct tl_bar held;
	int have_held;
	struct tl_series *s;
};

struct state {
	struct tl_bt_opt o;
	int have_strategy;
	struct tl_strat_spec spec;
	char strategy[64];
	struct tl_seriesmap sigs; /* by (symbol, 0): struct sigq */
	int equity;
	struct tl_bad *bad;
	struct tl_w w;
	const struct tl_series *cur; /* the series being simulated */
};

/* Writes the keys every record of series s starts with. */
static void head(struct tl_w *w, const char *type, const struct tl_series *s)
{
	tl_w_begin(w);
	tl_w_str(w, "type", type);
	tl_w_str(w, "symbol", s->symbol);
	tl_w_str(w, "tf", tl_tf_name(s->tf));
}

/*
 * Returns d rounded to 8 decimal places, half away from zero; beyond
 * 2^53 / 10^8 (about 9e7) a double holds no more than that and d is
 * returned as it is.
 */
static double r8(double d)
{
	return fabs(d) < 9e7 ? round(d * 1e8) / 1e8 : d;
}

/* Writes "key":d rounded to 8 decimals, or "key":null when d is not
 * finite (undefined). */
static void num(struct tl_w *w, const char *key, double d)
{
	if (isfinite(d))
		tl_w_num(w, key, r8(d));
	else
		tl_w_null(w, key);
}

/* Writes a trade record (tl_bt_trade_fn). */
static void on_trade(void *ctx, const struct tl_bt_trade *tr)
{
	struct state *st = ctx;

	head(&st->w, "trade", st->cur);
	tl_w_str(&st->w, "side", tr->side > 0 ? "long" : "short");
	num(&st->w, "size", tr->size);
	tl_w_int(&st->w, "entry_t", tr->entry_t);
	num(&st->w, "entry", tr->entry);
	tl_w_int(&st->w, "exit_t", tr->exit_t);
	num(&st->w, "exit", tr->exit);
	num(&st->w, "fees", tr->fees);
	num(&st->w, "pnl", tr->pnl);
	num(&st->w, "return_pct", tr->return_pct);
	tl_w_int(&st->w, "bars", (int64_t)tr->bars);
	if (tr->open)
		tl_w_bool(&st->w, "open", 1);
	else
		tl_w_str(&st->w, "reason", tl_bt_reason_name(tr->reason));
	tl_w_end(&st->w);
}

/* Writes an equity record (tl_bt_equity_fn). */
static void on_equity(void *ctx, int64_t t, double equity, double dd)
{
	struct state *st = ctx;

	head(&st->w, "equity", st->cur);
	tl_w_int(&st->w, "t", t);
	num(&st->w, "equity", equity);
	num(&st->w, "drawdown_pct", dd);
	tl_w_end(&st->w);
}

/* Writes the summary record of series s. */
static void summary(struct state *st, const struct tl_series *s,
                    const struct tl_bt_summary *m)
{
	struct tl_w *w = &st->w;

	head(w, "summary", s);
	tl_w_str(w, "strategy", st->strategy);
	tl_w_str(w, "fill", st->o.fill_close ? "close" : "open");
	tl_w_int(w, "start", m->start);
	tl_w_int(w, "end", m->end);
	tl_w_int(w, "duration_s", m->duration_s);
	tl_w_int(w, "bars", (int64_t)m->bars);
	num(w, "cash", st->o.cash);
	num(w, "exposure_pct", m->exposure_pct);
	num(w, "final_equity", m->final_equity);
	num(w, "peak_equity", m->peak_equity);
	num(w, "return_pct", m->return_pct);
	num(w, "buy_hold_return_pct", m->buy_hold_return_pct);
	num(w, "annual_return_pct", m->annual_return_pct);
	num(w, "annual_volatility_pct", m->annual_volatility_pct);
	num(w, "cagr_pct", m->cagr_pct);
	num(w, "sharpe", m->sharpe);
	num(w, "sortino", m->sortino);
	num(w, "calmar", m->calmar);
	num(w, "max_drawdown_pct", m->max_drawdown_pct);
	num(w, "avg_drawdown_pct", m->avg_drawdown_pct);
	tl_w_int(w, "max_drawdown_bars", (int64_t)m->max_drawdown_bars);
	num(w, "avg_drawdown_bars", m->avg_drawdown_bars);
	tl_w_int(w, "trades", (int64_t)m->trades);
	num(w, "win_rate_pct", m->win_rate_pct);
	num(w, "best_trade_pct", m->best_trade_pct);
	num(w, "worst_trade_pct", m->worst_trade_pct);
	num(w, "avg_trade_pct", m->avg_trade_pct);
	tl_w_int(w, "max_trade_bars", (int64_t)m->max_trade_bars);
	num(w, "avg_trade_bars", m->avg_trade_bars);
	num(w, "profit_factor", m->profit_factor);
	num(w, "expectancy", m->expectancy);
	num(w, "sqn", m->sqn);
	num(w, "kelly", m->kelly);
	num(w, "fees", m->fees);
	tl_w_int(w, "risk_halts", (int64_t)m->risk_halts);
	num(w, "periods_per_year", m->periods_per_year);
	tl_w_end(w);
}

/* Reports signal g of symbol sym as matching no bar. */
static void no_bar(struct state *st, const char *sym, const struct sig *g,
                   int any_bars)
{
	char msg[300], when[TL_TIME_MAX];

	tl_time_format(g->t, when);
	if (any_bars)
		snprintf(msg, sizeof msg,
		         "signal for %s at %s (%lld) matches no bar of %s", sym,
		         when, (long long)g->t, sym);
	else
		snprintf(msg, sizeof msg,
		         "signal for %s at %s: no bars of %s in the input", sym,
		         when, sym);
	tl_bad_line(st->bad, g->file, g->line, msg);
}

/* Returns the decision of the signals for bar b of series s, consuming
 * them; signals before b's time match no bar. */
static int signal_for(struct state *st, const struct tl_bar *b)
{
	struct tl_series *qs = tl_seriesmap_get(&st->sigs, b->symbol, 0, NULL);
	struct sigq *q = qs->data;
	int dir = TL_DIR_HOLD;

	while (q->head < q->n && q->v[q->head].t < b->t)
		no_bar(st, b->symbol, &q->v[q->head++], 1);
	if (q->head < q->n && q->v[q->head].t == b->t)
		dir = q->v[q->head++].dir;
	if (q->head > 1024 && q->head * 2 > q->n) { /* keep memory flat */
		memmove(q->v, q->v + q->head, (q->n - q->head) * sizeof *q->v);
		q->n -= q->head;
		q->head = 0;
	}
	return dir;
}

/* Simulates the bar series s kept back. */
static void step(struct state *st, struct series *x)
{
	const struct tl_bar *b = &x->held;
	int dir, ready = 1;

	st->cur = x->s;
	if (st->have_strategy) {
		dir = tl_strat_next(&x->strat, b->h, b->l, b->c);
		ready = x->strat.ready;
	} else {
		dir = signal_for(st, b);
	}
	tl_bt_bar(&x->bt, b, ready, dir);
	x->have_held = 0;
}

/* Appends signal g to the queue of symbol sym; err gets the reason when
 * it cannot (out of time order, or a duplicate). */
static int queue(struct state *st, const char *sym, const struct sig *g,
                 char *err, size_t errlen)
{
	struct tl_series *qs = tl_seriesmap_get(&st->sigs, sym, 0, NULL);
	struct sigq *q = qs->data;
	char when[TL_TIME_MAX];

	if (q->n > q->head && g->t <= q->v[q->n - 1].t) {
		tl_time_format(g->t, when);
		snprintf(err, errlen, "signal for %s at %s: %s", sym, when,
		         g->t == q->v[q->n - 1].t
		             ? "a second signal for the same bar"
		             : "signals of a symbol must come in time order");
		return -1;
	}
	if (q->n == q->cap) {
		q->cap = q->cap ? q->cap * 2 : 64;
		q->v = tl_realloc(q->v, q->cap * sizeof *q->v);
	}
	q->v[q->n++] = *g;
	return 0;
}

/* Orders signals by time, then by line. */
static int by_time(const void *a, const void *b)
{
	const struct sig *x = a, *y = b;

	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* Reads every signal record of path into the queues, sorted by time. */
static void load_signals(struct state *st, const char *path, size_t max_line)
{
	struct tl_input in;
	struct tl_rec rec;
	struct tl_series *qs;
	char *line, err[256];
	size_t len, i;
	int got;

	if (tl_input_open(&in, path, max_line) < 0)
		tl_die(TL_EX_NOINPUT, "%s: %s", path, strerror(errno));
	tl_rec_init(&rec);
	while ((got = tl_input_next(&in, &line, &len)) != 0) {
		struct tl_signal sg;
		struct sig g;

		if (got < 0) {
			snprintf(err, sizeof err,
			         "line longer than %zu bytes (see --max-line)",
			         max_line);
			tl_bad_line(st->bad, in.name, in.lineno, err);
			continue;
		}
		if (tl_blank(line, len))
			continue;
		if (tl_rec_parse(&rec, line, len) < 0) {
			tl_bad_line(st->bad, in.name, in.lineno, rec.err);
			continue;
		}
		if (tl_signal_from_rec(&rec, &sg, err, sizeof err) < 0) {
			tl_bad_line(st->bad, in.name, in.lineno, err);
			continue;
		}
		g.t = sg.t;
		g.dir = sg.dir;
		g.file = path;
		g.line = in.lineno;
		qs = tl_seriesmap_get(&st->sigs, sg.symbol, 0, NULL);
		{
			struct sigq *q = qs->data;

			if (q->n == q->cap) {
				q->cap = q->cap ? q->cap * 2 : 64;
				q->v = tl_realloc(q->v, q->cap * sizeof *q->v);
			}
			q->v[q->n++] = g;
		}
		st->bad->good++;
	}
	tl_rec_release(&rec);
	tl_input_close(&in);
	for (qs = st->sigs.first; qs; qs = qs->next) {
		struct sigq *q = qs->data;

		qsort(q->v, q->n, sizeof *q->v, by_time);
		for (i = 1; i < q->n; i++)
			if (q->v[i].t == q->v[i - 1].t) {
				char when[TL_TIME_MAX];

				tl_time_format(q->v[i].t, when);
				snprintf(err, sizeof err,
				         "signal for %s at %s: a second signal "
				         "for the same bar (line %ld has one)",
				         qs->symbol, when, q->v[i - 1].line);
				tl_bad_line(st->bad, q->v[i].file, q->v[i].line,
				            err);
				memmove(q->v + i, q->v + i + 1,
				        (q->n - i - 1) * sizeof *q->v);
				q->n--;
				i--;
			}
	}
}

/* Handles an in-stream signal record r, read at the line in names. */
static void stream_signal(struct state *st, struct tl_barin *in)
{
	struct tl_signal sg;
	struct tl_series *qs;
	struct sig g;
	char err[256];

	if (tl_signal_from_rec(&in->rec, &sg, err, sizeof err) < 0) {
		tl_barin_bad(in, err);
		return;
	}
	g.t = sg.t;
	g.dir = sg.dir;
	g.file = in->in.name;
	g.line = in->in.lineno;
	qs = tl_seriesmap_get(&st->sigs, sg.symbol, 0, NULL);
	{
		struct sigq *q = qs->data;
		struct series *x = q->bars ? q->bars->data : NULL;

		/* Its bar is gone already when a later bar was let go. */
		if (x && ((x->have_held && sg.t < x->held.t) ||
		          (!x->have_held && sg.t <= x->s->last_t))) {
			char when[TL_TIME_MAX];

			tl_time_format(sg.t, when);
			snprintf(err, sizeof err,
			         "signal for %.63s at %s (%lld) comes after a "
			         "later bar (a signal must come before the bar "
			         "after its own)",
			         sg.symbol, when, (long long)sg.t);
			tl_barin_bad(in, err);
			return;
		}
	}
	if (queue(st, sg.symbol, &g, err, sizeof err) < 0) {
		tl_barin_bad(in, err);
		return;
	}
	st->bad->good++;
}

/*
 * Parses a distance or limit for option name: a fraction ("0.05") or a
 * percentage ("5%"), or with atr_ok ATRs ("2atr"). A fraction must be
 * above 0 and below hi (or equal to it with hi_ok); otherwise exits 64
 * saying what is expected.
 */
static struct tl_bt_dist parse_dist(const char *name, const char *arg,
                                    int atr_ok, double hi, int hi_ok,
                                    const char *expected)
{
	struct tl_bt_dist d = {TL_BT_FRAC, 0};
	size_t len = strlen(arg);
	int pct = 0;

	if (atr_ok && len > 3 && strcmp(arg + len - 3, "atr") == 0) {
		d.kind = TL_BT_ATR;
		len -= 3;
	} else if (len > 1 && arg[len - 1] == '%') {
		pct = 1;
		len--;
	}
	if (tl_num_parse(arg, len, 1, &d.v) < 0)
		d.v = NAN;
	if (pct)
		d.v /= 100;
	if (!(d.v > 0) ||
	    (d.kind == TL_BT_FRAC && !(d.v < hi || (hi_ok && d.v == hi))))
		tl_cli_usage_error(&prog, "--%s: expected %s, got '%s'", name,
		                   expected, arg);
	return d;
}

/* Parses a rate (--fee, --slippage): a fraction from 0 up to below 1. */
static double parse_rate(const char *name, const char *arg)
{
	size_t len = strlen(arg);
	double v;
	int pct = len > 1 && arg[len - 1] == '%';

	if (tl_num_parse(arg, len - pct, 1, &v) < 0)
		v = NAN;
	if (pct)
		v /= 100;
	if (!(v >= 0 && v < 1))
		tl_cli_usage_error(&prog,
		                   "--%s: expected a rate from 0 up to below 1 "
		                   "(0.002, or 0.2%%), got '%s'",
		                   name, arg);
	return v;
}

/* Parses an amount (--cash, --fee-fixed, --periods-per-year). */
static double parse_amount(const char *name, const char *arg, int zero_ok)
{
	double v;

	if (tl_num_parse(arg, strlen(arg), 1, &v) < 0 ||
	    !(zero_ok ? v >= 0 : v > 0))
		tl_cli_usage_error(&prog,
		                   "--%s: expected a number %s 0, got '%s'",
		                   name, zero_ok ? "from" : "above", arg);
	return v;
}

/* Parses --size all|P%|units:N into o. */
static void parse_size(struct tl_bt_opt *o, const char *arg)
{
	size_t len = strlen(arg);
	double v;

	if (strcmp(arg, "all") == 0) {
		o->size_kind = TL_BT_SIZE_ALL;
		return;
	}
	if (len > 1 && arg[len - 1] == '%' &&
	    tl_num_parse(arg, len - 1, 1, &v) == 0 && v > 0 && v <= 100) {
		o->size_kind = TL_BT_SIZE_PCT;
		o->size = v / 100;
		return;
	}
	if (strncmp(arg, "units:", 6) == 0 &&
	    tl_num_parse(arg + 6, len - 6, 1, &v) == 0 && v > 0) {
		o->size_kind = TL_BT_SIZE_UNITS;
		o->size = v;
		return;
	}
	tl_cli_usage_error(&prog,
	                   "--size: expected all, a percentage of equity above "
	                   "0%% up to 100%% (50%%) or units:N, got '%s'",
	                   arg);
}

/* Parses the options into st; returns the --signals path or NULL. */
static const char *options(struct state *st, int argc, char **argv,
                           size_t *max_line)
{
	const char *arg, *signals = NULL;
	char err[200];
	int c;

	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 's':
			if (tl_strat_parse(arg, &st->spec, err, sizeof err) < 0)
				tl_cli_usage_error(&prog, "--strategy: %s",
				                   err);
			st->have_strategy = 1;
			break;
		case OPT_SIGNALS:
			signals = arg;
			break;
		case OPT_CASH:
			st->o.cash = parse_amount("cash", arg, 0);
			break;
		case OPT_FEE:
			st->o.fee = parse_rate("fee", arg);
			break;
		case OPT_FEE_FIXED:
			st->o.fee_fixed = parse_amount("fee-fixed", arg, 1);
			break;
		case OPT_SLIPPAGE:
			st->o.slippage = parse_rate("slippage", arg);
			break;
		case OPT_SIZE:
			parse_size(&st->o, arg);
			break;
		case OPT_FRACTIONAL:
			st->o.fractional = 1;
			break;
		case OPT_LONG_ONLY:
			st->o.long_only = 1;
			break;
		case OPT_FILL:
			if (strcmp(arg, "open") != 0 &&
			    strcmp(arg, "close") != 0)
				tl_cli_usage_error(
				    &prog,
				    "--fill: expected open or close, got '%s'",
				    arg);
			st->o.fill_close = arg[0] == 'c';
			break;
		case OPT_SL:
		case OPT_TRAIL:
			*(c == OPT_SL ? &st->o.sl : &st->o.trail) = parse_dist(
			    c == OPT_SL ? "sl" : "trail", arg, 1, 1, 0,
			    "a fraction above 0 and below 1 (0.05), a "
			    "percentage (5%) or ATRs (2atr)");
			break;
		case OPT_TP:
			st->o.tp =
			    parse_dist("tp", arg, 1, INFINITY, 0,
			               "a fraction above 0 (0.1), a "
			               "percentage (10%) or ATRs (2atr)");
			break;
		case OPT_MAX_DD:
		case OPT_DAILY:
			*(c == OPT_MAX_DD ? &st->o.max_drawdown
			                  : &st->o.daily_loss) =
			    parse_dist(c == OPT_MAX_DD ? "max-drawdown"
			                               : "daily-loss",
			               arg, 0, 1, 1,
			               "a fraction above 0 up to 1 (0.2) or a "
			               "percentage (20%)")
			        .v;
			break;
		case OPT_PPY:
			st->o.periods_per_year =
			    parse_amount("periods-per-year", arg, 0);
			break;
		case OPT_EQUITY:
			st->equity = 1;
			break;
		case TL_OPT_SKIP_BAD:
			st->bad->skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			*max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		}
	}
	if (signals && st->have_strategy)
		tl_cli_usage_error(&prog,
		                   "--signals and --strategy cannot be used "
		                   "together");
	if (st->have_strategy)
		tl_strat_format(&st->spec, st->strategy, sizeof st->strategy);
	else
		snprintf(st->strategy, sizeof st->strategy, "signals");
	return signals;
}

int main(int argc, char **argv)
{
	struct state st = {0};
	struct tl_seriesmap map;
	struct tl_series *s;
	struct tl_bad bad = {0};
	struct tl_barin in;
	struct tl_bar b;
	const char *signals;
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int r;
	char err[256];

	tl_setprog(argv[0]);
	tl_bt_opt_init(&st.o);
	st.bad = &bad;
	signals = options(&st, argc, argv, &max_line);
	tl_w_init(&st.w, 0);
	tl_seriesmap_init(&map, sizeof(struct series));
	tl_seriesmap_init(&st.sigs, sizeof(struct sigq));
	if (signals)
		load_signals(&st, signals, max_line);

	tl_barin_init(&in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((r = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		struct series *x;
		int replace, created;

		if (r == TL_BARIN_OTHER) {
			const struct tl_field *type =
			    tl_rec_get(&in.rec, "type");

			if (!st.have_strategy && !signals &&
			    type->type == TL_V_STR &&
			    strcmp(type->s, "signal") == 0)
				stream_signal(&st, &in);
			else
				bad.good++;
			continue;
		}
		s = tl_seriesmap_get(&map, b.symbol, b.tf, &created);
		x = s->data;
		if (created) {
			x->s = s;
			tl_bt_init(&x->bt, &st.o, b.tf, on_trade,
			           st.equity ? on_equity : NULL, &st);
			if (st.have_strategy)
				tl_strat_init(&x->strat, &st.spec);
			else {
				struct tl_series *qs = tl_seriesmap_get(
				    &st.sigs, b.symbol, 0, NULL);
				struct sigq *q = qs->data;

				if (q->bars) {
					snprintf(err, sizeof err,
					         "%s: %s bars after %s bars; "
					         "signals need one timeframe "
					         "per symbol",
					         b.symbol, tl_tf_name(b.tf),
					         tl_tf_name(q->bars->tf));
					tl_barin_bad(&in, err);
					continue;
				}
				q->bars = s;
			}
		}
		replace = tl_series_advance(s, &b, err, sizeof err);
		if (replace < 0) {
			tl_barin_bad(&in, err);
			continue;
		}
		if (x->have_held && !replace)
			step(&st, x);
		x->held = b;
		x->have_held = 1;
		bad.good++;
	}
	tl_barin_release(&in);

	for (s = map.first; s; s = s->next) {
		struct series *x = s->data;

		if (x->have_held)
			step(&st, x);
	}
	/* Signals left over match no bar. */
	for (s = st.sigs.first; s; s = s->next) {
		struct sigq *q = s->data;

		for (; q->head < q->n; q->head++)
			no_bar(&st, s->symbol, &q->v[q->head], q->bars != NULL);
		free(q->v);
	}
	for (s = map.first; s; s = s->next) {
		struct series *x = s->data;
		struct tl_bt_summary m;

		if (x->bt.i) { /* none when its only bars were skipped */
			st.cur = s;
			tl_bt_finish(&x->bt, &m);
			summary(&st, s, &m);
		}
		tl_strat_release(&x->strat);
	}
	tl_w_release(&st.w);
	tl_seriesmap_release(&map);
	tl_seriesmap_release(&st.sigs);
	return tl_cli_finish(tl_bad_status(&bad));
}
