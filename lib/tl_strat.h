/* tl_strat.h: trading decisions: directions, signal records, the crossover rule
 * and built-in strategies, streaming. */
#ifndef TL_STRAT_H
#define TL_STRAT_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_ind.h"
#include "tl_ndjson.h"

/*
 * A decision taken at a bar's close: the position wanted from then on
 * (long, short or flat), or hold: no decision, keep what is held.
 */
enum { TL_DIR_SHORT = -1, TL_DIR_FLAT = 0, TL_DIR_LONG = 1, TL_DIR_HOLD = 2 };

/*
 * Parses a signal direction s[0..len): "long", "short", "flat", or
 * "neutral" (which counts as flat). Returns the direction, or -2 when s is
 * none of them.
 */
int tl_dir_parse(const char *s, size_t len);

/* Returns the name of direction dir: "long", "short", "flat" or "hold". */
const char *tl_dir_name(int dir);

/*
 * The crossover rule. Returns 1 for a cross up at this bar (fast_prev <
 * slow_prev and fast > slow), -1 for a cross down (fast_prev > slow_prev
 * and fast < slow), 0 otherwise: equal values are no cross, and a NaN
 * (an indicator still warming up) is none either.
 */
int tl_cross(double fast_prev, double slow_prev, double fast, double slow);

/* A signal record: a decision for the bar of (symbol, t). */
struct tl_signal {
	char symbol[TL_SYMBOL_MAX + 1];
	int tf; /* its base timeframe, or -1 when it has none */
	int64_t t;
	int dir; /* TL_DIR_LONG, TL_DIR_SHORT or TL_DIR_FLAT */
};

/*
 * Fills s from record r, a signal record: "type" must be "signal" when
 * present; "symbol", "t" (as a bar's t) and "direction" (long, short,
 * flat or neutral) are required; "tf" is optional; other keys (score,
 * components, ...) are ignored. Returns 0, or -1 with a message such as
 * `missing field "direction"` in err.
 */
int tl_signal_from_rec(const struct tl_rec *r, struct tl_signal *s, char *err,
                       size_t errlen);

/* The built-in strategies. */
enum {
	TL_STRAT_SMA_CROSS,
	TL_STRAT_EMA_CROSS,
	TL_STRAT_RSI,
	TL_STRAT_BREAKOUT,
	TL_STRAT_BUY_HOLD
};

/* Longest period a strategy takes. */
#define TL_STRAT_PERIOD_MAX 100000

/* A strategy and its parameters, as --strategy names it. */
struct tl_strat_spec {
	int kind;
	int fast, slow; /* crossovers; the period of rsi and breakout in fast */
	double low, high; /* rsi */
};

/*
 * Parses a strategy spec: "sma-cross:FAST,SLOW", "ema-cross:FAST,SLOW"
 * (whole periods from 1, FAST < SLOW), "rsi:PERIOD,LOW,HIGH" (0 <= LOW <
 * HIGH <= 100), "breakout:N" or "buy-hold". Returns 0, or -1 with the
 * reason in err.
 */
int tl_strat_parse(const char *s, struct tl_strat_spec *spec, char *err,
                   size_t errlen);

/* Writes spec in the form tl_strat_parse() reads into buf (len bytes). */
void tl_strat_format(const struct tl_strat_spec *spec, char *buf, size_t len);

/*
 * A strategy running over one series, one bar at a time, in O(1) memory
 * (the SMA and Donchian windows aside). Each bar's decision uses that bar
 * and the ones before it only.
 */
struct tl_strat {
	struct tl_strat_spec spec;
	uint64_t count; /* bars seen */
	int ready;      /* every indicator has a value at the last bar */
	struct tl_ind_sma sma_fast, sma_slow;
	struct tl_ind_ema ema_fast, ema_slow;
	struct tl_ind_rsi rsi;
	struct tl_ind_donchian don;
	double prev_fast,
	    prev_slow; /* crossovers: the values at the bar before */
	double prev_upper,
	    prev_lower; /* breakout: the channel before this bar */
};

/*
 * Starts strategy spec over a new series. Returns 0, or -1 when the spec
 * is invalid (the struct is then zeroed). Allocates the windows it needs
 * (tl_strat_release).
 */
int tl_strat_init(struct tl_strat *s, const struct tl_strat_spec *spec);

/*
 * Adds one bar (high h, low l, close c) and returns the decision at its
 * close: TL_DIR_LONG, TL_DIR_SHORT or TL_DIR_HOLD. Sets s->ready once
 * every indicator the strategy needs has a value; no decision comes
 * before. The rules:
 *   sma-cross, ema-cross: long on a cross up of the fast average over the
 *     slow one (tl_cross), short on a cross down; ready at bar SLOW-1.
 *   rsi: long while RSI(PERIOD) < LOW, short while it is > HIGH; ready at
 *     bar PERIOD.
 *   breakout: long when the close is above the highest high of the N bars
 *     before this one, short when it is below their lowest low; ready at
 *     bar N.
 *   buy-hold: long at the first bar; ready at once.
 */
int tl_strat_next(struct tl_strat *s, double h, double l, double c);

/* Frees the windows; a zeroed or released struct may be released again. */
void tl_strat_release(struct tl_strat *s);

#endif
