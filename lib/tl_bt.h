/* tl_bt.h: the backtest engine: one series simulated bar by bar with fees,
 * slippage, stops and risk limits, and its statistics. */
#ifndef TL_BT_H
#define TL_BT_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_ind.h"

/* The period of the ATR that stops, targets and trails in ATRs use. */
#define TL_BT_ATR_PERIOD 14

/* A distance from the entry price: none, a fraction of it, or ATRs. */
enum { TL_BT_NONE, TL_BT_FRAC, TL_BT_ATR };
struct tl_bt_dist {
	int kind;
	double v;
};

/* How an entry is sized. */
enum { TL_BT_SIZE_ALL, TL_BT_SIZE_PCT, TL_BT_SIZE_UNITS };

/* Why a trade was closed. */
enum {
	TL_BT_SIGNAL,
	TL_BT_STOP,
	TL_BT_STOP_GAP,
	TL_BT_TARGET,
	TL_BT_TARGET_GAP,
	TL_BT_RISK_HALT
};

/* Returns the name of reason r ("signal", "stop_gap", ...). */
const char *tl_bt_reason_name(int r);

/* The rules of a run, shared by every series. Zero means "not set". */
struct tl_bt_opt {
	double cash;      /* starting cash, > 0 */
	double fee;       /* fraction of traded value, [0, 1) */
	double fee_fixed; /* per fill, >= 0 */
	double slippage;  /* fraction, [0, 1) */
	int size_kind;    /* TL_BT_SIZE_* */
	double size;      /* the fraction of equity, or the units */
	int fractional, long_only, fill_close;
	struct tl_bt_dist sl, tp, trail;
	double max_drawdown, daily_loss; /* fractions; 0: no limit */
	double periods_per_year;         /* 0: inferred */
};

/* Sets o to the defaults: cash 10000, --size all, fills at the next open. */
void tl_bt_opt_init(struct tl_bt_opt *o);

/* One trade, closed or (open set) still open at the end. */
struct tl_bt_trade {
	int side; /* 1 long, -1 short */
	double size;
	int64_t entry_t, exit_t;
	double entry, exit; /* fill prices; exit is the last close when open */
	double fees, pnl, return_pct;
	uint64_t bars; /* exit bar index - entry bar index */
	int reason;    /* TL_BT_*; meaningless when open */
	int open;
};

/* Called for each trade (borrowed), and with --equity for each bar. */
typedef void tl_bt_trade_fn(void *ctx, const struct tl_bt_trade *tr);
typedef void tl_bt_equity_fn(void *ctx, int64_t t, double equity,
                             double drawdown_pct);

/* The statistics of a run; a value that is undefined is NAN. */
struct tl_bt_summary {
	int64_t start, end, duration_s;
	uint64_t bars;
	double exposure_pct, final_equity, peak_equity, return_pct;
	double buy_hold_return_pct, annual_return_pct, annual_volatility_pct;
	double cagr_pct, sharpe, sortino, calmar;
	double max_drawdown_pct, avg_drawdown_pct;
	uint64_t max_drawdown_bars;
	double avg_drawdown_bars;
	uint64_t trades;
	double win_rate_pct, best_trade_pct, worst_trade_pct, avg_trade_pct;
	uint64_t max_trade_bars;
	double avg_trade_bars, profit_factor, expectancy, sqn, kelly, fees;
	uint64_t risk_halts;
	double periods_per_year;
};

/*
 * The state of one series' simulation: O(1) memory whatever its length.
 * Fields are private to tl_bt.c.
 */
struct tl_bt {
	const struct tl_bt_opt *o;
	tl_bt_trade_fn *on_trade;
	tl_bt_equity_fn *on_equity; /* NULL: no equity records */
	void *ctx;
	int tf;
	uint64_t i; /* bars processed */
	double cash, equity;
	/* the position */
	int side;
	double size, entry, entry_fee, stop, target, trail, extreme;
	int64_t entry_t;
	uint64_t entry_i;
	/* an order decided at a close, filled at the next open */
	int pend, pend_reason;
	double pend_atr;
	/* ATR for distances in ATRs */
	int need_atr;
	struct tl_ind_atr atr;
	/* risk limits */
	int halt_dd;
	int64_t day, halt_day, ndays;
	double day_start;
	int weekend;
	/* statistics */
	int64_t start_t, end_t;
	double bh_first, last_close;
	int have_bh;
	uint64_t exposed, nret;
	double ret_mean, ret_m2, down_sq;
	double peak;
	uint64_t peak_i;
	double dd_min, ep_min, ep_depth_sum, ep_bars_sum;
	uint64_t ep_n, ep_bars_max;
	uint64_t ntr, nwin, nloss, tr_bars_max, tr_bars_sum, halts;
	double ret_sum, best, worst, pnl_mean, pnl_m2, gross_win, gross_loss;
	double fees;
};

/*
 * Starts a simulation of one series of timeframe tf under o (borrowed;
 * it must outlive bt). on_trade is called for each trade, on_equity (may
 * be NULL) after each bar, both with ctx.
 */
void tl_bt_init(struct tl_bt *bt, const struct tl_bt_opt *o, int tf,
                tl_bt_trade_fn *on_trade, tl_bt_equity_fn *on_equity,
                void *ctx);

/*
 * Simulates bar b: fills the order decided at the last close at b's open,
 * checks the position's stop, target and trail against b, takes decision
 * dir (TL_DIR_LONG, TL_DIR_SHORT, TL_DIR_FLAT or TL_DIR_HOLD) at b's
 * close, marks equity at the close and applies the risk limits. ready
 * says the decision's indicators all have values at b (decisions before
 * are ignored; the first ready bar starts buy and hold).
 */
void tl_bt_bar(struct tl_bt *bt, const struct tl_bar *b, int ready, int dir);

/*
 * Ends the run: reports a position still open as a trade with open set
 * (marked at the last close, no exit fee) and fills *s.
 */
void tl_bt_finish(struct tl_bt *bt, struct tl_bt_summary *s);

#endif
