/* test_bt.c: unit tests for tl_bt: short-side exits, sizing, fixed fees,
 * long-only, ATR stops, warm-up. */
#include "tl_bt.h"
#include "tl_strat.h"
#include "tl_test.h"

#include <math.h>
#include <string.h>

/* The trades a run reported, in order. */
struct log {
	struct tl_bt_trade tr[16];
	int n;
};

static void on_trade(void *ctx, const struct tl_bt_trade *tr)
{
	struct log *lg = ctx;

	if (lg->n < 16)
		lg->tr[lg->n++] = *tr;
}

/*
 * Runs o over bars (o, h, l, c) of one day each from t = 0, with the
 * decision dir[i] at bar i's close; fills *lg and *s.
 */
static void run(const struct tl_bt_opt *o, const double (*b)[4], const int *dir,
                int n, struct log *lg, struct tl_bt_summary *s)
{
	struct tl_bt bt;
	int i;

	memset(lg, 0, sizeof *lg);
	tl_bt_init(&bt, o, 6 /* 1D */, on_trade, NULL, lg);
	for (i = 0; i < n; i++) {
		struct tl_bar bar;

		memset(&bar, 0, sizeof bar);
		snprintf(bar.symbol, sizeof bar.symbol, "A");
		bar.tf = 6; /* 1D */
		bar.t = (int64_t)i * 86400;
		bar.o = b[i][0], bar.h = b[i][1], bar.l = b[i][2];
		bar.c = b[i][3], bar.v = 1, bar.final = 1;

		tl_bt_bar(&bt, &bar, 1, dir[i]);
	}
	tl_bt_finish(&bt, s);
}

enum { H = TL_DIR_HOLD, L = TL_DIR_LONG, S = TL_DIR_SHORT, F = TL_DIR_FLAT };

static void test_short_stop_wins(void)
{
	/* Short at 100, stop 105, target 95; bar 1 reaches both: the stop
	 * wins, bought back at 105 * 1.01 = 106.05 (slippage). */
	static const double b[][4] = {{100, 100, 100, 100},
	                              {100, 106, 94, 100}};
	static const int d[] = {S, H};
	struct tl_bt_opt o;
	struct tl_bt_summary s;
	struct log lg;

	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.slippage = 0.01;
	o.sl = (struct tl_bt_dist){TL_BT_FRAC, 0.05};
	o.tp = (struct tl_bt_dist){TL_BT_FRAC, 0.05};
	run(&o, b, d, 2, &lg, &s);
	TL_EQ_INT(lg.n, 1);
	TL_EQ_INT(lg.tr[0].side, -1);
	TL_EQ_DBL(lg.tr[0].entry, 99); /* 100 * 0.99 */
	TL_EQ_DBL(lg.tr[0].size, 10);  /* floor(1000 / 99) */
	TL_EQ_INT(lg.tr[0].reason, TL_BT_STOP);
	TL_CHECK(fabs(lg.tr[0].exit - 99 * 1.05 * 1.01) < 1e-9);
	TL_EQ_INT(s.trades, 1);
}

static void test_short_gaps_and_target(void)
{
	/* Short at bar 1's open 100 (no slippage), stop 105, target 95: bar 2
	 * opens at 107, above the stop: stop_gap at 107, pnl -70. Short again
	 * at bar 3's open 100, floor(930 / 100) = 9 units: bar 4 opens at 94,
	 * below the target: target_gap at 94, pnl 54. Short again at bar 5's
	 * open 100, floor(984 / 100) = 9: bar 5 trades down to 94: target at
	 * 95 in the entry bar, pnl 45. */
	static const double b[][4] = {
	    {100, 100, 100, 100}, {100, 101, 99, 100}, {107, 108, 106, 107},
	    {100, 100, 100, 100}, {94, 95, 93, 94},    {100, 101, 94, 96}};
	static const int d[] = {S, H, S, H, S, H};
	struct tl_bt_opt o;
	struct tl_bt_summary s;
	struct log lg;

	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.sl = (struct tl_bt_dist){TL_BT_FRAC, 0.05};
	o.tp = (struct tl_bt_dist){TL_BT_FRAC, 0.05};
	run(&o, b, d, 6, &lg, &s);
	TL_EQ_INT(lg.n, 3);
	TL_EQ_INT(lg.tr[0].reason, TL_BT_STOP_GAP);
	TL_EQ_DBL(lg.tr[0].exit, 107);
	TL_EQ_DBL(lg.tr[0].pnl, -70);
	TL_EQ_INT(lg.tr[1].reason, TL_BT_TARGET_GAP);
	TL_EQ_DBL(lg.tr[1].entry, 100);
	TL_EQ_DBL(lg.tr[1].exit, 94);
	TL_EQ_DBL(lg.tr[1].size, 9); /* floor(930 / 100) */
	TL_EQ_INT(lg.tr[2].reason, TL_BT_TARGET);
	TL_EQ_DBL(lg.tr[2].exit, 95);
	TL_EQ_DBL(lg.tr[2].size, 9); /* floor((930 + 54) / 100) */
	TL_EQ_INT(s.trades, 3);
	TL_EQ_DBL(s.final_equity, 1000 - 70 + 54 + 45);
}

static void test_sizing(void)
{
	static const double b[][4] = {{100, 100, 100, 100},
	                              {100, 100, 100, 100}};
	static const int d[] = {L, H};
	struct tl_bt_opt o;
	struct tl_bt_summary s;
	struct log lg;

	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.fee_fixed = 5; /* floor((1000 - 5) / 100) = 9 */
	run(&o, b, d, 2, &lg, &s);
	TL_EQ_DBL(lg.tr[0].size, 9);
	TL_EQ_INT(lg.tr[0].open, 1);
	TL_EQ_DBL(lg.tr[0].fees, 5);
	TL_EQ_DBL(s.fees, 5);
	TL_EQ_INT(s.trades, 0);

	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.size_kind = TL_BT_SIZE_PCT;
	o.size = 0.5;
	o.fractional = 1;
	o.fee = 0.25; /* 500 / (100 * 1.25) = 4 */
	run(&o, b, d, 2, &lg, &s);
	TL_EQ_DBL(lg.tr[0].size, 4);
	TL_EQ_DBL(lg.tr[0].fees, 100); /* 100 * 4 * 0.25 */

	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.size_kind = TL_BT_SIZE_UNITS;
	o.size = 30; /* more than the cash buys: a margin account */
	run(&o, b, d, 2, &lg, &s);
	TL_EQ_DBL(lg.tr[0].size, 30);
	TL_EQ_DBL(s.final_equity, 1000);

	tl_bt_opt_init(&o);
	o.cash = 50; /* less than one unit: no trade */
	run(&o, b, d, 2, &lg, &s);
	TL_EQ_INT(lg.n, 0);
	TL_EQ_DBL(s.exposure_pct, 0);
}

static void test_long_only(void)
{
	/* Long, then short: long-only goes flat at bar 2's open instead. */
	static const double b[][4] = {{100, 100, 100, 100},
	                              {100, 100, 100, 100},
	                              {110, 110, 110, 110},
	                              {120, 120, 120, 120}};
	static const int d[] = {L, S, H, H};
	struct tl_bt_opt o;
	struct tl_bt_summary s;
	struct log lg;

	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.long_only = 1;
	run(&o, b, d, 4, &lg, &s);
	TL_EQ_INT(lg.n, 1);
	TL_EQ_INT(lg.tr[0].open, 0);
	TL_EQ_DBL(lg.tr[0].exit, 110);
	TL_EQ_DBL(s.final_equity, 1100);
	o.long_only = 0; /* reversed instead: short 10 from 110, open at 120 */
	run(&o, b, d, 4, &lg, &s);
	TL_EQ_INT(lg.n, 2);
	TL_EQ_INT(lg.tr[1].side, -1);
	TL_EQ_INT(lg.tr[1].open, 1);
	TL_EQ_DBL(lg.tr[1].pnl, -100);
}

static void test_atr_stop(void)
{
	/* Every bar spans 2 (h = c + 1, l = c - 1, c flat at 100): ATR(14)
	 * is 2 from bar 13 on. A long wanted at every close is taken only at
	 * bar 13's close (ready), filled at bar 14's open 100, stop at
	 * 100 - 2 * 2 = 96; bar 15 reaches 95: stopped at 96. */
	double b[16][4];
	int d[16], i;
	struct tl_bt_opt o;
	struct tl_bt_summary s;
	struct log lg;

	for (i = 0; i < 16; i++) {
		b[i][0] = b[i][3] = 100;
		b[i][1] = 101;
		b[i][2] = i == 15 ? 95 : 99;
		d[i] = i < 15 ? L : H;
	}
	tl_bt_opt_init(&o);
	o.cash = 1000;
	o.sl = (struct tl_bt_dist){TL_BT_ATR, 2};
	run(&o, (const double(*)[4])b, d, 16, &lg, &s);
	TL_EQ_INT(lg.n, 1);
	TL_EQ_INT(lg.tr[0].entry_t, 14 * 86400);
	TL_EQ_DBL(lg.tr[0].exit, 96);
	TL_EQ_INT(lg.tr[0].reason, TL_BT_STOP);
	TL_EQ_DBL(s.buy_hold_return_pct, 0); /* from bar 13's close */
}

static void test_undefined(void)
{
	/* One bar, no trade: what needs more is NAN. */
	static const double b[][4] = {{100, 100, 100, 100}};
	static const int d[] = {H};
	struct tl_bt_opt o;
	struct tl_bt_summary s;
	struct log lg;

	tl_bt_opt_init(&o);
	run(&o, b, d, 1, &lg, &s);
	TL_EQ_INT(s.bars, 1);
	TL_EQ_DBL(s.return_pct, 0);
	TL_CHECK(isnan(s.sharpe) && isnan(s.sortino) && isnan(s.cagr_pct));
	TL_CHECK(isnan(s.win_rate_pct) && isnan(s.profit_factor));
	TL_CHECK(isnan(s.annual_volatility_pct));
	TL_EQ_DBL(s.periods_per_year, 252);
	TL_EQ_STR(tl_bt_reason_name(TL_BT_RISK_HALT), "risk_halt");
	TL_EQ_STR(tl_bt_reason_name(TL_BT_TARGET_GAP), "target_gap");
}

int main(void)
{
	TL_RUN(test_short_stop_wins);
	TL_RUN(test_short_gaps_and_target);
	TL_RUN(test_sizing);
	TL_RUN(test_long_only);
	TL_RUN(test_atr_stop);
	TL_RUN(test_undefined);
	return TL_DONE();
}
