/* test_scan.c: unit tests for tl_scan: each component's normalisation on
 * hand-built cases, as scan-run(1) states the rules, the score, the
 * direction and the weights. */
#include "tl_scan.h"
#include "tl_test.h"
#include "tl_time.h"

#include <math.h>
#include <string.h>

/*
 * Starts s for hand-set raw inputs: every raw field NAN (warming up) and
 * 100 bars counted, so only the fields a case sets count.
 */
static void raw_init(struct tl_scan_tf *s)
{
	struct tl_scan_raw *r = &s->raw;

	tl_scan_tf_init(s, TL_TF_1D, 2);
	s->count = 100;
	r->c = r->o = NAN;
	r->ema20 = r->ema50 = r->adx = r->pdi = r->mdi = NAN;
	r->rsi = r->macd_hist = r->atr = NAN;
	r->obv_change = r->volume_20 = r->rvol = NAN;
	r->dc_upper = r->dc_lower = r->resistance = r->support = NAN;
	r->bb_mid = r->bb_width = r->bb_width_avg = r->atr_pct = NAN;
}

/* Returns component k of s's raw inputs after s->count bars; its validity
 * in *valid. */
static double comp_of(struct tl_scan_tf *s, int k, int *valid)
{
	double comp[TL_SCAN_NCOMP];
	int v[TL_SCAN_NCOMP];

	tl_scan_components(&s->raw, s->count, comp, v);
	*valid = v[k];
	return comp[k];
}

/* Sets the trend inputs. */
static void set_trend(struct tl_scan_tf *s, double c, double e20, double e50,
                      double adx, double pdi, double mdi)
{
	s->raw.c = c;
	s->raw.ema20 = e20;
	s->raw.ema50 = e50;
	s->raw.adx = adx;
	s->raw.pdi = pdi;
	s->raw.mdi = mdi;
}

/* trend = (A + D)/2, A = (sgn(c - EMA20) + sgn(EMA20 - EMA50))/2,
 * D = sgn(+DI - -DI) x min(ADX/50, 1). */
static void test_trend(void)
{
	struct tl_scan_tf s;
	int valid;

	raw_init(&s);
	/* A = (1 + 1)/2 = 1; D = +1 x 25/50 = 0.5; (1 + 0.5)/2 = 0.75 */
	set_trend(&s, 110, 105, 100, 25, 30, 10);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), 0.75);
	TL_EQ_INT(valid, 1);
	/* A = (-1 + 1)/2 = 0; D = -1 x 12.5/50 = -0.25; (0 - 0.25)/2 =
	 * -0.125 */
	set_trend(&s, 104, 105, 100, 12.5, 10, 30);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), -0.125);
	/* c on EMA20: A = (0 + 1)/2 = 0.5; +DI = -DI: D = 0; 0.5/2 = 0.25 */
	set_trend(&s, 105, 105, 100, 40, 20, 20);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), 0.25);
	/* Clamped: A = -1; ADX 80/50 = 1.6 -> 1, D = -1; (-1 - 1)/2 = -1 */
	set_trend(&s, 90, 95, 100, 80, 10, 30);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), -1);
	/* A = 1; ADX 200/50 = 4 -> 1, D = 1; (1 + 1)/2 = 1 */
	set_trend(&s, 120, 110, 100, 200, 40, 5);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), 1);
	/* Flat: everything equal, ADX and DIs 0: (0 + 0)/2 = 0, valid */
	set_trend(&s, 100, 100, 100, 0, 0, 0);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), 0);
	TL_EQ_INT(valid, 1);
	/* Warm-up: no EMA50, or no ADX: 0, not valid */
	set_trend(&s, 110, 105, NAN, 25, 30, 10);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), 0);
	TL_EQ_INT(valid, 0);
	set_trend(&s, 110, 105, 100, NAN, 30, 10);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_TREND, &valid), 0);
	TL_EQ_INT(valid, 0);
	tl_scan_tf_release(&s);
}

/* Sets the momentum inputs. */
static void set_mom(struct tl_scan_tf *s, double rsi, double hist, double atr)
{
	s->raw.rsi = rsi;
	s->raw.macd_hist = hist;
	s->raw.atr = atr;
}

/* momentum = ((RSI - 50)/50 + clamp(hist/ATR))/2, 0 for the MACD term when
 * ATR is 0. */
static void test_momentum(void)
{
	struct tl_scan_tf s;
	int valid;

	raw_init(&s);
	/* (25/50 + 1/2)/2 = (0.5 + 0.5)/2 = 0.5 */
	set_mom(&s, 75, 1, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0.5);
	TL_EQ_INT(valid, 1);
	/* (-12.5/50 + -0.5/2)/2 = (-0.25 - 0.25)/2 = -0.25 */
	set_mom(&s, 37.5, -0.5, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), -0.25);
	/* The MACD term clamped: (0 + clamp(6/2 = 3) = 1)/2 = 0.5 */
	set_mom(&s, 50, 6, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0.5);
	/* At the ends: (50/50 + clamp(5))/2 = (1 + 1)/2 = 1, and -1 */
	set_mom(&s, 100, 10, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 1);
	set_mom(&s, 0, -10, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), -1);
	/* ATR 0: the MACD term is 0, not hist/0: (12.5/50 + 0)/2 = 0.125 */
	set_mom(&s, 62.5, 3, 0);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0.125);
	TL_EQ_INT(valid, 1);
	/* Flat: RSI 50, hist 0, ATR 0: (0 + 0)/2 = 0, valid */
	set_mom(&s, 50, 0, 0);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0);
	TL_EQ_INT(valid, 1);
	/* Warm-up: any input NAN gives 0, not valid */
	set_mom(&s, NAN, 1, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0);
	TL_EQ_INT(valid, 0);
	set_mom(&s, 75, NAN, 2);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0);
	TL_EQ_INT(valid, 0);
	set_mom(&s, 75, 1, NAN);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_MOMENTUM, &valid), 0);
	TL_EQ_INT(valid, 0);
	tl_scan_tf_release(&s);
}

/* Sets the volume inputs. */
static void set_vol(struct tl_scan_tf *s, double obv_change, double volume_20,
                    double rvol, double o, double c)
{
	s->raw.obv_change = obv_change;
	s->raw.volume_20 = volume_20;
	s->raw.rvol = rvol;
	s->raw.o = o;
	s->raw.c = c;
}

/* volume = (O + R)/2, O = OBV change / volume of 20 bars (0 without
 * volume), R = sgn(c - o) x min(max(rvol - 1, 0), 1) (0 when undefined). */
static void test_volume(void)
{
	struct tl_scan_tf s;
	int valid;

	raw_init(&s);
	/* O = 500/1000 = 0.5; R = +1 x (1.5 - 1) = 0.5; (0.5 + 0.5)/2 = 0.5 */
	set_vol(&s, 500, 1000, 1.5, 100, 101);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0.5);
	TL_EQ_INT(valid, 1);
	/* O = -0.25; R = -1 x 0.25; (-0.25 - 0.25)/2 = -0.25 */
	set_vol(&s, -250, 1000, 1.25, 100, 99);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), -0.25);
	/* Relative volume under 1: R = max(-0.5, 0) = 0; (0.25 + 0)/2 */
	set_vol(&s, 250, 1000, 0.5, 100, 101);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0.125);
	/* Close on open: R = 0 x 1 = 0; (0.5 + 0)/2 = 0.25 */
	set_vol(&s, 500, 1000, 3, 100, 100);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0.25);
	/* Clamped: O = -3000/1000 = -3 -> -1; R = -1 x min(3 - 1, 1) = -1 */
	set_vol(&s, -3000, 1000, 3, 100, 99);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), -1);
	set_vol(&s, 3000, 1000, 3, 100, 101);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 1);
	/* No volume: O = 0 (not 0/0), relative volume undefined: R = 0 */
	set_vol(&s, 0, 0, NAN, 100, 101);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0);
	TL_EQ_INT(valid, 1);
	/* Warm-up: no OBV change yet */
	set_vol(&s, NAN, 1000, 1.5, 100, 101);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0);
	TL_EQ_INT(valid, 0);
	/* Needs 21 bars: with 20 counted it is not valid whatever the raw
	 * fields say; with 21 it is */
	set_vol(&s, 500, 1000, 1.5, 100, 101);
	s.count = 20;
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0);
	TL_EQ_INT(valid, 0);
	s.count = 21;
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLUME, &valid), 0.5);
	TL_EQ_INT(valid, 1);
	tl_scan_tf_release(&s);
}

/* Sets the close and the Donchian channel of the bars before. */
static void set_dc(struct tl_scan_tf *s, double c, double upper, double lower)
{
	s->raw.c = c;
	s->raw.dc_upper = upper;
	s->raw.dc_lower = lower;
}

/* breakout without levels: +1 above the channel of the bars before, -1
 * below, else (c - mid)/(upper - lower), 0 for a flat channel. */
static void test_breakout_donchian(void)
{
	struct tl_scan_tf s;
	int valid;

	raw_init(&s);
	set_dc(&s, 106, 105, 95);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), 1);
	TL_EQ_INT(valid, 1);
	set_dc(&s, 94, 105, 95);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), -1);
	/* (102.5 - 100)/(105 - 95) = 0.25 */
	set_dc(&s, 102.5, 105, 95);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), 0.25);
	/* On the edges, not beyond: (105 - 100)/10 = 0.5, (95 - 100)/10 */
	set_dc(&s, 105, 105, 95);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), 0.5);
	set_dc(&s, 95, 105, 95);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), -0.5);
	/* A flat channel, the close on it: 0, not 0/0 */
	set_dc(&s, 100, 100, 100);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), 0);
	TL_EQ_INT(valid, 1);
	/* Scored with levels off, a resistance left in raw is cleared */
	s.raw.resistance = 101;
	s.count = 0; /* no bars in the ring */
	{
		double comp[TL_SCAN_NCOMP];
		int v[TL_SCAN_NCOMP];

		tl_scan_tf_eval(&s, 0, comp, v);
	}
	TL_CHECK(isnan(s.raw.resistance));
	/* Warm-up: no channel of the bars before yet */
	set_dc(&s, 106, NAN, NAN);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_BREAKOUT, &valid), 0);
	TL_EQ_INT(valid, 0);
	tl_scan_tf_release(&s);
}

/* Adds a bar of open o, high h, low l, close c and volume v, one day after
 * the last. */
static void add_bar(struct tl_scan_tf *s, double o, double h, double l,
                    double c, double v)
{
	struct tl_bar b;

	memset(&b, 0, sizeof b);
	strcpy(b.symbol, "T");
	b.tf = TL_TF_1D;
	b.t = 1577836800 + (int64_t)s->count * 86400;
	b.o = o, b.h = h, b.l = l, b.c = c, b.v = v;
	b.final = 1;
	tl_scan_tf_add(s, &b);
}

/*
 * Starts s (lookback 40) with 39 bars whose levels are known, then adds a
 * last bar closing at close. Bars 0..38 open and close at 100, high 101,
 * low 99, except the pivot highs (5 bars each side) at bars 6 and 14 (106)
 * and 22 and 30 (112), and the pivot lows at bars 10 and 18 (94) and 26
 * and 33 (88). As of bar 38 (close 100, no level broken, the tolerance
 * 0.5 ATR well under the 6 between levels) chart-levels' rules give two
 * resistances, 106 and 112, and two supports, 94 and 88; the nearest are
 * the lowest resistance, 106, and the highest support, 94. The Donchian
 * channel of the 20 bars before the last (bars 19..38) is 112 over 88:
 * mid 100, width 24.
 */
static void levels_case(struct tl_scan_tf *s, double close)
{
	int i;

	tl_scan_tf_init(s, TL_TF_1D, 40);
	for (i = 0; i < 39; i++) {
		double h = 101, l = 99;

		if (i == 6 || i == 14)
			h = 106;
		if (i == 22 || i == 30)
			h = 112;
		if (i == 10 || i == 18)
			l = 94;
		if (i == 26 || i == 33)
			l = 88;
		add_bar(s, 100, h, l, 100, 1000);
	}
	add_bar(s, close, close + 0.5, close - 0.5, close, 1000);
}

/* Returns the breakout component of a levels_case() ending at close, with
 * levels on or off; its validity must be 1. */
static double breakout_of(double close, int levels, double *res, double *sup)
{
	struct tl_scan_tf s;
	double comp[TL_SCAN_NCOMP];
	int valid[TL_SCAN_NCOMP];

	levels_case(&s, close);
	tl_scan_tf_eval(&s, levels, comp, valid);
	TL_EQ_INT(valid[TL_SCAN_BREAKOUT], 1);
	TL_EQ_DBL(s.raw.dc_upper, 112);
	TL_EQ_DBL(s.raw.dc_lower, 88);
	*res = s.raw.resistance;
	*sup = s.raw.support;
	tl_scan_tf_release(&s);
	return comp[TL_SCAN_BREAKOUT];
}

/* breakout: the nearest resistance and support come before the Donchian
 * channel. */
static void test_breakout_levels_first(void)
{
	double res, sup;

	/* 109 > resistance 106: +1, where the channel alone gives
	 * (109 - 100)/24 = 0.375 */
	TL_EQ_DBL(breakout_of(109, 1, &res, &sup), 1);
	TL_EQ_DBL(res, 106);
	TL_EQ_DBL(sup, 94);
	TL_EQ_DBL(breakout_of(109, 0, &res, &sup), 0.375);
	TL_CHECK(isnan(res) && isnan(sup));
	/* 91 < support 94: -1, where the channel gives (91 - 100)/24 */
	TL_EQ_DBL(breakout_of(91, 1, &res, &sup), -1);
	TL_EQ_DBL(breakout_of(91, 0, &res, &sup), -0.375);
	/* Between the levels: the channel decides, (103 - 100)/24 = 0.125 */
	TL_EQ_DBL(breakout_of(103, 1, &res, &sup), 0.125);
	TL_EQ_DBL(breakout_of(103, 0, &res, &sup), 0.125);
	/* Above both: +1 either way */
	TL_EQ_DBL(breakout_of(113, 1, &res, &sup), 1);
	TL_EQ_DBL(breakout_of(113, 0, &res, &sup), 1);
}

/* Sets the volatility inputs. */
static void set_bb(struct tl_scan_tf *s, double c, double mid, double width,
                   double avg)
{
	s->raw.c = c;
	s->raw.bb_mid = mid;
	s->raw.bb_width = width;
	s->raw.bb_width_avg = avg;
}

/* volatility = sgn(c - mid) x min(max(W/Wavg - 1, 0), 1). */
static void test_volatility(void)
{
	struct tl_scan_tf s;
	int valid;

	raw_init(&s);
	/* E = 0.375/0.25 - 1 = 0.5; +1 x 0.5 */
	set_bb(&s, 101, 100, 0.375, 0.25);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), 0.5);
	TL_EQ_INT(valid, 1);
	set_bb(&s, 99, 100, 0.375, 0.25);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), -0.5);
	/* Clamped: E = 1/0.25 - 1 = 3 -> 1 */
	set_bb(&s, 101, 100, 1, 0.25);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), 1);
	set_bb(&s, 99, 100, 1, 0.25);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), -1);
	/* A squeeze: E = 0.125/0.25 - 1 = -0.5 -> 0 */
	set_bb(&s, 101, 100, 0.125, 0.25);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), 0);
	/* The close on the mid: sgn 0 */
	set_bb(&s, 100, 100, 1, 0.25);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), 0);
	/* Flat: width and its mean 0: E = 0, not 0/0; valid */
	set_bb(&s, 101, 100, 0, 0);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), 0);
	TL_EQ_INT(valid, 1);
	/* Warm-up: no mean width yet */
	set_bb(&s, 101, 100, 0.375, NAN);
	TL_EQ_DBL(comp_of(&s, TL_SCAN_VOLATILITY, &valid), 0);
	TL_EQ_INT(valid, 0);
	tl_scan_tf_release(&s);
}

/* Everything warming up: every component 0 and not valid. */
static void test_all_warming_up(void)
{
	struct tl_scan_tf s;
	double comp[TL_SCAN_NCOMP];
	int valid[TL_SCAN_NCOMP], k;

	raw_init(&s);
	tl_scan_components(&s.raw, s.count, comp, valid);
	for (k = 0; k < TL_SCAN_NCOMP; k++) {
		TL_EQ_DBL(comp[k], 0);
		TL_EQ_INT(valid[k], 0);
	}
	tl_scan_tf_release(&s);
}

/*
 * Through tl_scan_tf_add: a bar at 100 (high 101, low 99), 19 at 99 (high
 * 100, low 98), each on 1,000, then one opening at 100 and closing at 102
 * (high 103) on 21,000. OBV: 0, then -1,000 (a lower close) for bars 1..19,
 * then -1,000 + 21,000 = 20,000; its change over 20 bars 20,000 - 0 =
 * 20,000; the volume of the last 20 bars 19 x 1,000 + 21,000 = 40,000:
 * O = 0.5. Relative volume 21,000 / 1,000 = 21: R = +1 x min(20, 1) = 1.
 * volume = (0.5 + 1)/2 = 0.75. The channel of the 20 bars before is 101
 * over 98, and 102 is above it: breakout +1. Trend (50 bars), momentum
 * (34) and volatility (39) are warming up.
 */
static void test_add_volume_breakout(void)
{
	struct tl_scan_tf s;
	double comp[TL_SCAN_NCOMP];
	int valid[TL_SCAN_NCOMP], i;

	tl_scan_tf_init(&s, TL_TF_1D, 30);
	add_bar(&s, 100, 101, 99, 100, 1000);
	for (i = 1; i < 20; i++)
		add_bar(&s, 99, 100, 98, 99, 1000);
	tl_scan_tf_eval(&s, 0, comp, valid);
	TL_EQ_INT(valid[TL_SCAN_VOLUME], 0); /* 20 bars: not yet */
	TL_EQ_INT(valid[TL_SCAN_BREAKOUT], 0);
	add_bar(&s, 100, 103, 100, 102, 21000);
	tl_scan_tf_eval(&s, 0, comp, valid);
	TL_EQ_DBL(s.raw.obv_change, 20000);
	TL_EQ_DBL(s.raw.volume_20, 40000);
	TL_EQ_DBL(s.raw.rvol, 21);
	TL_EQ_DBL(comp[TL_SCAN_VOLUME], 0.75);
	TL_EQ_INT(valid[TL_SCAN_VOLUME], 1);
	TL_EQ_DBL(s.raw.dc_upper, 101);
	TL_EQ_DBL(s.raw.dc_lower, 98);
	TL_EQ_DBL(comp[TL_SCAN_BREAKOUT], 1);
	TL_EQ_INT(valid[TL_SCAN_BREAKOUT], 1);
	TL_EQ_DBL(comp[TL_SCAN_TREND], 0);
	TL_EQ_INT(valid[TL_SCAN_TREND], 0);
	TL_EQ_INT(valid[TL_SCAN_MOMENTUM], 0);
	TL_EQ_INT(valid[TL_SCAN_VOLATILITY], 0);
	tl_scan_tf_release(&s);
}

/*
 * Flat bars through tl_scan_tf_add (open = high = low = close = 100, no
 * volume), 50 of them so every component has its warm-up: ATR, ADX, the
 * DIs, the Bollinger width and its mean and the volume are all 0, yet each
 * component is a defined 0 and valid, with levels on (flat bars make no
 * pivot) as off.
 */
static void test_add_flat(void)
{
	struct tl_scan_tf s;
	double comp[TL_SCAN_NCOMP];
	int valid[TL_SCAN_NCOMP], i, k, levels;

	tl_scan_tf_init(&s, TL_TF_1D, 30);
	for (i = 0; i < 50; i++)
		add_bar(&s, 100, 100, 100, 100, 0);
	for (levels = 0; levels <= 1; levels++) {
		tl_scan_tf_eval(&s, levels, comp, valid);
		for (k = 0; k < TL_SCAN_NCOMP; k++) {
			TL_EQ_DBL(comp[k], 0);
			TL_EQ_INT(valid[k], 1);
		}
		TL_CHECK(isnan(s.raw.resistance) && isnan(s.raw.support));
	}
	TL_EQ_DBL(s.raw.ema50, 100);
	TL_EQ_DBL(s.raw.adx, 0);
	TL_EQ_DBL(s.raw.rsi, 50);
	TL_EQ_DBL(s.raw.macd_hist, 0);
	TL_EQ_DBL(s.raw.atr, 0);
	TL_EQ_DBL(s.raw.atr_pct, 0);
	TL_EQ_DBL(s.raw.volume_20, 0);
	TL_EQ_DBL(s.raw.rvol, 1); /* 0 after 20 bars of 0: exactly 1 */
	TL_EQ_DBL(s.raw.bb_width, 0);
	TL_EQ_DBL(s.raw.bb_width_avg, 0);
	tl_scan_tf_release(&s);
}

/*
 * The warm-ups of scan-run(1): volume and breakout need 21 bars, momentum
 * 34, volatility 39, trend 50. On a rising series each component becomes
 * valid at exactly that bar count and stays valid.
 */
static void test_add_warmups(void)
{
	static const int needs[TL_SCAN_NCOMP] = {50, 34, 21, 21, 39};
	struct tl_scan_tf s;
	double comp[TL_SCAN_NCOMP];
	int valid[TL_SCAN_NCOMP], first[TL_SCAN_NCOMP], i, k, stays = 1;

	tl_scan_tf_init(&s, TL_TF_1D, 30);
	for (k = 0; k < TL_SCAN_NCOMP; k++)
		first[k] = 0;
	for (i = 1; i <= 60; i++) {
		double c = 100 + i;

		add_bar(&s, c - 0.5, c + 1, c - 1, c, 1000 + i);
		tl_scan_tf_eval(&s, 1, comp, valid);
		for (k = 0; k < TL_SCAN_NCOMP; k++) {
			if (valid[k] && !first[k])
				first[k] = i;
			if (first[k] && !valid[k])
				stays = 0;
			if (!valid[k] && comp[k] != 0)
				stays = 0;
		}
	}
	for (k = 0; k < TL_SCAN_NCOMP; k++)
		TL_EQ_INT(first[k], needs[k]);
	TL_CHECK(stays);
	tl_scan_tf_release(&s);
}

/* The score: 100 x the weighted sum, clamped to [-100, 100]. */
static void test_score(void)
{
	struct tl_scan_weights bal, two = {{1, 1, 0, 0, 0}};
	double ones[TL_SCAN_NCOMP] = {1, 1, 1, 1, 1};
	double minus[TL_SCAN_NCOMP] = {-1, -1, -1, -1, -1};
	double c1[TL_SCAN_NCOMP] = {0.75, 0.5, 0.5, 0.25, -0.5};
	double c2[TL_SCAN_NCOMP] = {-0.75, -0.2, 0.5, 0, 0};
	double s, r;

	TL_EQ_INT(tl_scan_preset("balanced", &bal), 0);
	/* 0.3 + 0.25 + 0.15 + 0.2 + 0.1 sums to 1.0000000000000002 in
	 * doubles, x 100 = 100.00000000000003: the clamp makes it 100 */
	TL_EQ_DBL(tl_scan_score(ones, &bal), 100);
	TL_EQ_DBL(tl_scan_score(minus, &bal), -100);
	/* 0.225 + 0.125 + 0.075 + 0.05 - 0.05 = 0.425: 42.5 */
	TL_EQ_DBL(tl_scan_score(c1, &bal), 42.5);
	/* Weights summing to 2 (unchecked): 200 -> 100, -200 -> -100 */
	TL_EQ_DBL(tl_scan_score(ones, &two), 100);
	TL_EQ_DBL(tl_scan_score(minus, &two), -100);
	/*
	 * The rounding path: -0.225 - 0.05 + 0.075 is -0.2, but in doubles
	 * -0.19999999999999996, so the score is -19.999999999999996, neutral
	 * as it stands; scan-run rounds the score to two decimals first
	 * (scan-run(1), "Score and direction"), -20, which is short.
	 */
	s = tl_scan_score(c2, &bal);
	TL_EQ_DBL(s, -19.999999999999996);
	TL_EQ_INT(tl_scan_direction(s), 0);
	r = round(s * 100) / 100;
	TL_EQ_DBL(r, -20);
	TL_EQ_INT(tl_scan_direction(r), -1);
}

/* The direction: long at +20 or more, short at -20 or less. */
static void test_direction(void)
{
	TL_EQ_INT(tl_scan_direction(20), 1);
	TL_EQ_INT(tl_scan_direction(-20), -1);
	TL_EQ_INT(tl_scan_direction(nextafter(20, 0)), 0);
	TL_EQ_INT(tl_scan_direction(nextafter(-20, 0)), 0);
	TL_EQ_INT(tl_scan_direction(19.99), 0);
	TL_EQ_INT(tl_scan_direction(-19.99), 0);
	TL_EQ_INT(tl_scan_direction(0), 0);
	TL_EQ_INT(tl_scan_direction(100), 1);
	TL_EQ_INT(tl_scan_direction(-100), -1);
}

/* Parses s with normalize and checks the error message is want. */
static void parse_err(const char *s, int normalize, const char *want)
{
	struct tl_scan_weights w;
	char err[256] = "";

	TL_EQ_INT(tl_scan_weights_parse(s, normalize, &w, err, sizeof err), -1);
	TL_EQ_STR(err, want);
}

static void test_weights_parse(void)
{
	struct tl_scan_weights w;
	char err[256] = "";

	TL_EQ_INT(tl_scan_weights_parse("trend=0.3,momentum=0.25,volume=0.15,"
	                                "breakout=0.2,volatility=0.1",
	                                0, &w, err, sizeof err),
	          0);
	TL_EQ_DBL(w.w[TL_SCAN_TREND], 0.3);
	TL_EQ_DBL(w.w[TL_SCAN_VOLATILITY], 0.1);
	/* Components not named weigh 0 */
	TL_EQ_INT(tl_scan_weights_parse("breakout=1", 0, &w, err, sizeof err),
	          0);
	TL_EQ_DBL(w.w[TL_SCAN_BREAKOUT], 1);
	TL_EQ_DBL(w.w[TL_SCAN_TREND], 0);
	/* Within 1e-9 of 1 */
	TL_EQ_INT(tl_scan_weights_parse("trend=0.5,momentum=0.5000000001", 0,
	                                &w, err, sizeof err),
	          0);
	/* normalize: 2 and 6 over 8 */
	TL_EQ_INT(
	    tl_scan_weights_parse("trend=2,volume=6", 1, &w, err, sizeof err),
	    0);
	TL_EQ_DBL(w.w[TL_SCAN_TREND], 0.25);
	TL_EQ_DBL(w.w[TL_SCAN_VOLUME], 0.75);

	parse_err("", 0, "\"\" is not NAME=WEIGHT");
	parse_err("trend=0.5,momentum", 0, "\"momentum\" is not NAME=WEIGHT");
	parse_err("speed=1", 0,
	          "unknown component \"speed\" (known: trend, momentum, "
	          "volume, breakout, volatility)");
	parse_err("trend=0.5,trend=0.5", 0, "trend given twice");
	parse_err("trend=", 0, "weight of trend is not a number");
	parse_err("volume=abc", 0,
	          "weight of volume must be a number >= 0, not \"abc\"");
	parse_err("trend=-0.5,momentum=1.5", 0,
	          "weight of trend must be a number >= 0, not \"-0.5\"");
	parse_err("trend=inf", 0,
	          "weight of trend must be a number >= 0, not \"inf\"");
	parse_err("trend=nan", 1,
	          "weight of trend must be a number >= 0, not \"nan\"");
	parse_err("trend=0.5,momentum=0.4", 0, "weights sum to 0.9, not 1");
	parse_err("trend=0.5,momentum=0.500000002", 0,
	          "weights sum to 1.000000002, not 1");
	parse_err("trend=0,momentum=0", 1, "weights sum to 0");
}

static void test_weights_check_and_presets(void)
{
	static const double want[TL_SCAN_NPRESETS][TL_SCAN_NCOMP] = {
	    {0.3, 0.25, 0.15, 0.2, 0.1},   /* balanced */
	    {0.2, 0.35, 0.15, 0.25, 0.05}, /* aggressive */
	    {0.4, 0.2, 0.15, 0.1, 0.15},   /* conservative */
	};
	struct tl_scan_weights w = {{0.3, 0.25, -0.15, 0.2, 0.1}};
	char err[256] = "";
	int i, k;

	TL_EQ_INT(tl_scan_weights_check(&w, 0, err, sizeof err), -1);
	TL_EQ_STR(err, "weight of volume must be a number >= 0");
	w.w[TL_SCAN_VOLUME] = NAN;
	TL_EQ_INT(tl_scan_weights_check(&w, 1, err, sizeof err), -1);
	TL_EQ_STR(err, "weight of volume must be a number >= 0");
	/* The presets as scan-run(1) lists them, each summing to 1 */
	for (i = 0; i < TL_SCAN_NPRESETS; i++) {
		TL_EQ_INT(tl_scan_preset(tl_scan_preset_names[i], &w), 0);
		for (k = 0; k < TL_SCAN_NCOMP; k++)
			TL_EQ_DBL(w.w[k], want[i][k]);
		TL_EQ_INT(tl_scan_weights_check(&w, 0, err, sizeof err), 0);
	}
	TL_EQ_STR(tl_scan_preset_names[0], "balanced");
	TL_EQ_STR(tl_scan_preset_names[1], "aggressive");
	TL_EQ_STR(tl_scan_preset_names[2], "conservative");
	TL_EQ_INT(tl_scan_preset("custom", &w), -1);
}

int main(void)
{
	TL_RUN(test_trend);
	TL_RUN(test_momentum);
	TL_RUN(test_volume);
	TL_RUN(test_breakout_donchian);
	TL_RUN(test_breakout_levels_first);
	TL_RUN(test_volatility);
	TL_RUN(test_all_warming_up);
	TL_RUN(test_add_volume_breakout);
	TL_RUN(test_add_flat);
	TL_RUN(test_add_warmups);
	TL_RUN(test_score);
	TL_RUN(test_direction);
	TL_RUN(test_weights_parse);
	TL_RUN(test_weights_check_and_presets);
	return TL_DONE();
}
