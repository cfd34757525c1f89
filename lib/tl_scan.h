/* tl_scan.h: the scanner's components, weights and score, per timeframe,
 * streaming. */
#ifndef TL_SCAN_H
#define TL_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_ind.h"

/*
 * Five components, each in [-1, 1] (positive leans long), computed from
 * one timeframe's bars with fixed periods; see scan-run(1) for the rules.
 * A component whose indicators are still warming up is not valid and
 * contributes 0.
 */
enum {
	TL_SCAN_TREND,
	TL_SCAN_MOMENTUM,
	TL_SCAN_VOLUME,
	TL_SCAN_BREAKOUT,
	TL_SCAN_VOLATILITY,
	TL_SCAN_NCOMP
};

/* The components' names, in order ("trend", ...). */
extern const char *const tl_scan_comp_names[TL_SCAN_NCOMP];

/* Weights of the components: non-negative, summing to 1. */
struct tl_scan_weights {
	double w[TL_SCAN_NCOMP];
};

/* The built-in presets: balanced, aggressive, conservative. */
#define TL_SCAN_NPRESETS 3
extern const char *const tl_scan_preset_names[TL_SCAN_NPRESETS];

/* Stores built-in preset name's weights in *w. Returns 0, or -1 if unknown. */
int tl_scan_preset(const char *name, struct tl_scan_weights *w);

/*
 * Parses weights "trend=0.3,momentum=0.25,..." (components not named are
 * 0) into *w: known names only, each once, finite and >= 0, summing to 1
 * within 1e-9, or with normalize scaled to sum 1 (a sum of 0 is refused).
 * Returns 0, or -1 with the problem in err.
 */
int tl_scan_weights_parse(const char *s, int normalize,
                          struct tl_scan_weights *w, char *err, size_t errlen);

/*
 * Checks weights: each finite and >= 0, summing to 1 within 1e-9 (or
 * scaled to when normalize). Returns 0, or -1 with the problem in err.
 */
int tl_scan_weights_check(struct tl_scan_weights *w, int normalize, char *err,
                          size_t errlen);

/* Writes w as "trend=0.3,momentum=0.25,..." into buf (len bytes). */
void tl_scan_weights_format(const struct tl_scan_weights *w, char *buf,
                            size_t len);

/* The raw inputs of the components at the latest bar (NAN: warming up). */
struct tl_scan_raw {
	double c, o;
	double ema20, ema50, adx, pdi, mdi; /* trend */
	double rsi, macd_hist, atr;         /* momentum */
	double obv_change, volume_20, rvol; /* volume */
	double dc_upper, dc_lower, resistance,
	    support; /* breakout, before bar */
	double bb_mid, bb_width, bb_width_avg, atr_pct; /* volatility */
};

/* One bar as the window keeps it. */
struct tl_scan_bar {
	double h, l, c, v;
};

/*
 * The state of one timeframe of one symbol: the indicators whose value
 * depends on the whole history (EMAs, Wilder averages) stream, O(1) per
 * bar; those of a fixed window (Donchian, Bollinger, volume, OBV change)
 * and the levels are computed when scored, from a ring of the last bars.
 */
struct tl_scan_tf {
	int tf;
	uint64_t count;
	int64_t t; /* the latest bar's */
	struct tl_ind_ema e20, e50;
	struct tl_ind_adx adx;
	struct tl_ind_rsi rsi;
	struct tl_ind_macd macd;
	struct tl_ind_atr atr;
	struct tl_scan_raw raw;
	size_t lookback;          /* bars used for levels */
	size_t cap, size;         /* the ring's length, its slots allocated */
	struct tl_scan_bar *ring; /* the last cap bars, owned */
};

/* The bars the fixed-window inputs need: 20 Bollinger(20) widths. */
#define TL_SCAN_WINDOW 39

/*
 * Starts the state of timeframe tf using lookback (>= 2) bars for levels;
 * the ring keeps max(lookback, TL_SCAN_WINDOW) bars.
 */
void tl_scan_tf_init(struct tl_scan_tf *s, int tf, size_t lookback);

/* Adds a bar (in time order) to the state. */
void tl_scan_tf_add(struct tl_scan_tf *s, const struct tl_bar *b);

/*
 * Computes s->raw's window inputs at the latest bar and, when levels is
 * set, the nearest resistance and support as of the bar before, from
 * chart-levels' rules over the lookback window (else NAN); then the
 * components, as tl_scan_components().
 */
void tl_scan_tf_eval(struct tl_scan_tf *s, int levels,
                     double comp[TL_SCAN_NCOMP], int valid[TL_SCAN_NCOMP]);

/*
 * Normalises raw inputs r, after count bars, into the components comp,
 * and in valid whether each had its warm-up (invalid ones are 0).
 */
void tl_scan_components(const struct tl_scan_raw *r, uint64_t count,
                        double comp[TL_SCAN_NCOMP], int valid[TL_SCAN_NCOMP]);

/* Frees what s holds. */
void tl_scan_tf_release(struct tl_scan_tf *s);

/* Returns 100 x the weighted sum of comp, in [-100, 100]. */
double tl_scan_score(const double comp[TL_SCAN_NCOMP],
                     const struct tl_scan_weights *w);

/*
 * Returns the direction of a score: 1 long (>= 20), -1 short (<= -20), 0.
 * scan-run passes scores rounded to two decimals, as it writes them.
 */
int tl_scan_direction(double score);

#endif
