/* test_strat.c: unit tests for tl_strat: directions, signal records, the
 * crossover rule, strategy specs and decisions. */
#include "tl_ind.h"
#include "tl_strat.h"
#include "tl_test.h"

#include <math.h>
#include <string.h>

static void test_dir(void)
{
	TL_EQ_INT(tl_dir_parse("long", 4), TL_DIR_LONG);
	TL_EQ_INT(tl_dir_parse("short", 5), TL_DIR_SHORT);
	TL_EQ_INT(tl_dir_parse("flat", 4), TL_DIR_FLAT);
	TL_EQ_INT(tl_dir_parse("neutral", 7), TL_DIR_FLAT);
	TL_EQ_INT(tl_dir_parse("longer", 6), -2);
	TL_EQ_INT(tl_dir_parse("lon", 3), -2);
	TL_EQ_INT(tl_dir_parse("Long", 4), -2);
	TL_EQ_INT(tl_dir_parse("", 0), -2);
	TL_EQ_STR(tl_dir_name(TL_DIR_LONG), "long");
	TL_EQ_STR(tl_dir_name(TL_DIR_SHORT), "short");
	TL_EQ_STR(tl_dir_name(TL_DIR_FLAT), "flat");
	TL_EQ_STR(tl_dir_name(TL_DIR_HOLD), "hold");
}

static void test_cross(void)
{
	TL_EQ_INT(tl_cross(1, 2, 3, 2), 1);  /* below, then above */
	TL_EQ_INT(tl_cross(3, 2, 1, 2), -1); /* above, then below */
	TL_EQ_INT(tl_cross(2, 2, 3, 2), 0);  /* equal before: no cross */
	TL_EQ_INT(tl_cross(1, 2, 2, 2), 0);  /* equal after: no cross */
	TL_EQ_INT(tl_cross(2, 2, 1, 2), 0);
	TL_EQ_INT(tl_cross(3, 2, 4, 2), 0); /* stays above */
	TL_EQ_INT(tl_cross(1, 2, 1.5, 2), 0);
	TL_EQ_INT(tl_cross(NAN, 2, 3, 2), 0); /* warming up */
	TL_EQ_INT(tl_cross(1, NAN, 3, 2), 0);
	TL_EQ_INT(tl_cross(1, 2, 3, NAN), 0);
}

/* Parses line as a record and then as a signal; returns what that gives. */
static int signal_of(const char *line, struct tl_signal *s, char *err)
{
	struct tl_rec r;
	char buf[512];
	int rc;

	snprintf(buf, sizeof buf, "%s", line);
	tl_rec_init(&r);
	rc = tl_rec_parse(&r, buf, strlen(buf));
	if (rc == 0)
		rc = tl_signal_from_rec(&r, s, err, 200);
	tl_rec_release(&r);
	return rc;
}

static void test_signal(void)
{
	struct tl_signal s;
	char err[200];

	TL_EQ_INT(signal_of("{\"type\":\"signal\",\"symbol\":\"NVDA\",\"tf\":"
	                    "\"15m\",\"t\":1704153600,\"score\":78.5,"
	                    "\"direction\":\"long\",\"preset\":\"balanced\","
	                    "\"components\":{\"trend\":1},\"tfs\":[\"15m\"]}",
	                    &s, err),
	          0);
	TL_EQ_STR(s.symbol, "NVDA");
	TL_EQ_INT(s.t, 1704153600);
	TL_EQ_INT(s.dir, TL_DIR_LONG);
	TL_EQ_INT(s.tf, 2);
	TL_EQ_INT(signal_of("{\"symbol\":\"A\",\"t\":\"2024-01-02\","
	                    "\"direction\":\"neutral\"}",
	                    &s, err),
	          0);
	TL_EQ_INT(s.t, 1704153600);
	TL_EQ_INT(s.dir, TL_DIR_FLAT);
	TL_EQ_INT(s.tf, -1);
	TL_EQ_INT(signal_of("{\"symbol\":\"A\",\"t\":1}", &s, err), -1);
	TL_EQ_STR(err, "missing field \"direction\"");
	TL_EQ_INT(
	    signal_of("{\"symbol\":\"A\",\"direction\":\"long\"}", &s, err),
	    -1);
	TL_EQ_STR(err, "missing field \"t\"");
	TL_EQ_INT(signal_of("{\"t\":1,\"direction\":\"long\"}", &s, err), -1);
	TL_EQ_STR(err, "missing field \"symbol\"");
	TL_EQ_INT(signal_of("{\"symbol\":\"A\",\"t\":1,\"direction\":\"up\"}",
	                    &s, err),
	          -1);
	TL_EQ_STR(err, "\"direction\" must be long, short, flat or neutral");
	TL_EQ_INT(signal_of("{\"type\":\"bar\",\"symbol\":\"A\",\"t\":1,"
	                    "\"direction\":\"long\"}",
	                    &s, err),
	          -1);
	TL_EQ_STR(err, "not a signal record");
	TL_EQ_INT(signal_of("{\"symbol\":\"A\",\"t\":1.5,"
	                    "\"direction\":\"long\"}",
	                    &s, err),
	          -1);
	TL_EQ_STR(err, "\"t\" is not whole epoch seconds");
	TL_EQ_INT(signal_of("{\"symbol\":\"A\",\"t\":1,\"tf\":\"2D\","
	                    "\"direction\":\"long\"}",
	                    &s, err),
	          -1);
	TL_EQ_INT(signal_of("{\"symbol\":\"\",\"t\":1,\"direction\":\"long\"}",
	                    &s, err),
	          -1);
}

/* Parses spec, expecting success, and checks it formats back the same. */
static void parse_ok(const char *spec, int kind, int fast, int slow)
{
	struct tl_strat_spec s;
	char err[200], back[64];

	TL_EQ_INT(tl_strat_parse(spec, &s, err, sizeof err), 0);
	TL_EQ_INT(s.kind, kind);
	TL_EQ_INT(s.fast, fast);
	TL_EQ_INT(s.slow, slow);
	tl_strat_format(&s, back, sizeof back);
	TL_EQ_STR(back, spec);
}

/* Parses spec, expecting the error message want. */
static void parse_bad(const char *spec, const char *want)
{
	struct tl_strat_spec s;
	char err[200] = "";

	TL_EQ_INT(tl_strat_parse(spec, &s, err, sizeof err), -1);
	TL_EQ_STR(err, want);
}

static void test_parse(void)
{
	struct tl_strat_spec s;
	char err[200];

	parse_ok("sma-cross:10,20", TL_STRAT_SMA_CROSS, 10, 20);
	parse_ok("ema-cross:12,26", TL_STRAT_EMA_CROSS, 12, 26);
	parse_ok("rsi:14,30,70", TL_STRAT_RSI, 14, 0);
	parse_ok("rsi:2,5.5,95", TL_STRAT_RSI, 2, 0);
	parse_ok("breakout:20", TL_STRAT_BREAKOUT, 20, 0);
	parse_ok("buy-hold", TL_STRAT_BUY_HOLD, 0, 0);
	TL_EQ_INT(tl_strat_parse("rsi:14,30,70", &s, err, sizeof err), 0);
	TL_EQ_DBL(s.low, 30);
	TL_EQ_DBL(s.high, 70);
	parse_bad("sma-cross:20,10",
	          "sma-cross: FAST must be less than SLOW, got 20,10");
	parse_bad("ema-cross:10,10",
	          "ema-cross: FAST must be less than SLOW, got 10,10");
	parse_bad("sma-cross:-5,20", "sma-cross: expected sma-cross:FAST,SLOW "
	                             "with whole periods from 1 to 100000");
	parse_bad("sma-cross:0,20", "sma-cross: expected sma-cross:FAST,SLOW "
	                            "with whole periods from 1 to 100000");
	parse_bad("sma-cross:10", "sma-cross: expected sma-cross:FAST,SLOW "
	                          "with whole periods from 1 to 100000");
	parse_bad("sma-cross:10,20,30", "sma-cross: expected "
	                                "sma-cross:FAST,SLOW with whole "
	                                "periods from 1 to 100000");
	parse_bad("sma-cross:1.5,20", "sma-cross: expected sma-cross:FAST,SLOW "
	                              "with whole periods from 1 to 100000");
	parse_bad("sma-cross", "sma-cross: expected sma-cross:FAST,SLOW with "
	                       "whole periods from 1 to 100000");
	parse_bad("sma-cross:10,200000", "sma-cross: expected "
	                                 "sma-cross:FAST,SLOW with whole "
	                                 "periods from 1 to 100000");
	parse_bad("rsi:14,70,30", "rsi: LOW must be less than HIGH");
	parse_bad("rsi:14,30,170", "rsi: expected rsi:PERIOD,LOW,HIGH with a "
	                           "whole period from 1 to 100000 and levels "
	                           "from 0 to 100");
	parse_bad("rsi:0,30,70", "rsi: expected rsi:PERIOD,LOW,HIGH with a "
	                         "whole period from 1 to 100000 and levels "
	                         "from 0 to 100");
	parse_bad("breakout:-3", "breakout: expected breakout:N with a whole "
	                         "period from 1 to 100000");
	parse_bad("breakout", "breakout: expected breakout:N with a whole "
	                      "period from 1 to 100000");
	parse_bad("buy-hold:1", "buy-hold takes no parameters");
	parse_bad("macd:12,26", "unknown strategy 'macd' (sma-cross, "
	                        "ema-cross, rsi, breakout, buy-hold)");
	parse_bad("", "unknown strategy '' (sma-cross, ema-cross, rsi, "
	              "breakout, buy-hold)");
}

/* Runs spec over closes c (h = c + 1, l = c - 1) into dir[] and ready[]. */
static void run(const char *spec, const double *c, size_t n, int *dir,
                int *ready)
{
	struct tl_strat_spec sp;
	struct tl_strat s;
	char err[200];
	size_t i;

	TL_EQ_INT(tl_strat_parse(spec, &sp, err, sizeof err), 0);
	TL_EQ_INT(tl_strat_init(&s, &sp), 0);
	for (i = 0; i < n; i++) {
		dir[i] = tl_strat_next(&s, c[i] + 1, c[i] - 1, c[i]);
		ready[i] = s.ready;
	}
	tl_strat_release(&s);
}

static void test_sma_cross(void)
{
	/*
	 * SMA(2) and SMA(3) of 5 4 3 4 5 6 5 4:
	 *   sma2: -   4.5 3.5 3.5 4.5 5.5 5.5 4.5
	 *   sma3: -   -   4   11/3 4  5   16/3 5
	 * bar 2: 3.5 < 4 (first pair; no cross); bar 3: 3.5 < 3.67;
	 * bar 4: 4.5 > 4 after 3.5 < 3.67: cross up; bar 5: above;
	 * bar 6: 5.5 > 5.33 above; bar 7: 4.5 < 5 after above: cross down.
	 */
	static const double c[] = {5, 4, 3, 4, 5, 6, 5, 4};
	int dir[8], ready[8], i;
	static const int want[] = {TL_DIR_HOLD, TL_DIR_HOLD, TL_DIR_HOLD,
	                           TL_DIR_HOLD, TL_DIR_LONG, TL_DIR_HOLD,
	                           TL_DIR_HOLD, TL_DIR_SHORT};

	run("sma-cross:2,3", c, 8, dir, ready);
	for (i = 0; i < 8; i++) {
		TL_EQ_INT(dir[i], want[i]);
		TL_EQ_INT(ready[i], i >= 2);
	}
}

static void test_equal_is_no_cross(void)
{
	/*
	 * sma1 is the close; sma2 of 2 1 1 3: - 1.5 1 2.
	 * bar 1: 1 < 1.5; bar 2: 1 == 1: no cross; bar 3: 3 > 2, but the bar
	 * before was equal, so no cross either.
	 */
	static const double c[] = {2, 1, 1, 3};
	int dir[4], ready[4], i;

	run("sma-cross:1,2", c, 4, dir, ready);
	for (i = 0; i < 4; i++)
		TL_EQ_INT(dir[i], TL_DIR_HOLD);
}

static void test_ema_cross(void)
{
	/* The same rule over tl_ind_ema: compare with the batch form. */
	double c[200], f[200], s[200];
	int dir[200], ready[200], i, ups = 0, downs = 0;

	for (i = 0; i < 200; i++)
		c[i] =
		    100 + 10 * sin(i / 7.0) + (double)(tl_t_rand() % 100) / 50;
	run("ema-cross:3,8", c, 200, dir, ready);
	tl_ind_ema(c, 200, 3, f);
	tl_ind_ema(c, 200, 8, s);
	for (i = 0; i < 200; i++) {
		int x = i ? tl_cross(f[i - 1], s[i - 1], f[i], s[i]) : 0;

		TL_EQ_INT(dir[i], x > 0   ? TL_DIR_LONG
		                  : x < 0 ? TL_DIR_SHORT
		                          : TL_DIR_HOLD);
		TL_EQ_INT(ready[i], i >= 7);
		ups += x > 0;
		downs += x < 0;
	}
	TL_CHECK(ups >= 3 && downs >= 3);
}

static void test_rsi(void)
{
	/*
	 * RSI(2) of 10 9 8 9 10 11 10: changes -1 -1 +1 +1 +1 -1.
	 * bar 2: AG 0, AL 1: RSI 0 < 30: long.
	 * bar 3: AG (0+1)/2 = .5, AL (1+0)/2 = .5: 50: hold.
	 * bar 4: AG .75, AL .25: 75 > 70: short.
	 * bar 5: AG .875, AL .125: 87.5: short.
	 * bar 6: AG .4375, AL .5625: 43.75: hold.
	 */
	static const double c[] = {10, 9, 8, 9, 10, 11, 10};
	static const int want[] = {TL_DIR_HOLD, TL_DIR_HOLD,  TL_DIR_LONG,
	                           TL_DIR_HOLD, TL_DIR_SHORT, TL_DIR_SHORT,
	                           TL_DIR_HOLD};
	int dir[7], ready[7], i;

	run("rsi:2,30,70", c, 7, dir, ready);
	for (i = 0; i < 7; i++) {
		TL_EQ_INT(dir[i], want[i]);
		TL_EQ_INT(ready[i], i >= 2);
	}
}

static void test_breakout(void)
{
	/*
	 * Donchian(2) with h = c + 1, l = c - 1 over 10 10 12 9 6 6 7:
	 * bar 2: the 2 bars before have highs 11 11, lows 9 9: 12 > 11:
	 * long. bar 3: before 11 13 / 9 11: 9 is not below 9: hold.
	 * bar 4: before 13 10 / 11 8: 6 < 8: short. bar 5: before 10 7 /
	 * 8 5: hold. bar 6: before 7 7 / 5 5: 7 is not above 7: hold.
	 */
	static const double c[] = {10, 10, 12, 9, 6, 6, 7};
	static const int want[] = {TL_DIR_HOLD, TL_DIR_HOLD,  TL_DIR_LONG,
	                           TL_DIR_HOLD, TL_DIR_SHORT, TL_DIR_HOLD,
	                           TL_DIR_HOLD};
	int dir[7], ready[7], i;

	run("breakout:2", c, 7, dir, ready);
	for (i = 0; i < 7; i++) {
		TL_EQ_INT(dir[i], want[i]);
		TL_EQ_INT(ready[i], i >= 2);
	}
}

static void test_buy_hold(void)
{
	static const double c[] = {1, 2, 3};
	int dir[3], ready[3];

	run("buy-hold", c, 3, dir, ready);
	TL_EQ_INT(dir[0], TL_DIR_LONG);
	TL_EQ_INT(dir[1], TL_DIR_HOLD);
	TL_EQ_INT(dir[2], TL_DIR_HOLD);
	TL_EQ_INT(ready[0], 1);
}

static void test_init_bad(void)
{
	struct tl_strat_spec sp = {TL_STRAT_SMA_CROSS, 20, 10, 0, 0};
	struct tl_strat s;

	TL_EQ_INT(tl_strat_init(&s, &sp), -1);
	tl_strat_release(&s); /* zeroed: harmless */
	sp.kind = 99;
	TL_EQ_INT(tl_strat_init(&s, &sp), -1);
}

int main(void)
{
	TL_RUN(test_dir);
	TL_RUN(test_cross);
	TL_RUN(test_signal);
	TL_RUN(test_parse);
	TL_RUN(test_sma_cross);
	TL_RUN(test_equal_is_no_cross);
	TL_RUN(test_ema_cross);
	TL_RUN(test_rsi);
	TL_RUN(test_breakout);
	TL_RUN(test_buy_hold);
	TL_RUN(test_init_bad);
	return TL_DONE();
}
