/* tl_trend.h: rising support and falling resistance trendlines through pivots.
 */
#ifndef TL_TREND_H
#define TL_TREND_H

#include <stddef.h>

#include "tl_levels.h"

/*
 * Trendlines are built on the pivots and the tolerance of tl_levels.h and
 * keep its rule of no look-ahead: a result as of bar k is a function of
 * bars 0..k only (of h, l and c), so running over the first k+1 bars or
 * over a longer series with k given is the same, bit for bit.
 *
 * A line lives in bar-index space: it is given by two anchors, bar i1 at
 * price p1 and bar i2 > i1 at price p2; its slope is per bar and its value
 * at bar j is tl_trend_at(line, j) = p1 + slope * (j - i1), the one formula
 * used for every test below.
 */

/* How many of the latest pivots of each kind lines are drawn through. */
#define TL_TREND_PIVOTS 30

/*
 * A trendline. kind is TL_LEVEL_SUPPORT (through pivot lows, rising:
 * p2 > p1) or TL_LEVEL_RESISTANCE (through pivot highs, falling: p2 < p1);
 * tl_level_kind_name() names it. The anchors (i1, p1) and (i2, p2) are its
 * first and its last touching pivot, so i1 and i2 are also the bars of its
 * first and last touch. slope = (p2 - p1) / (i2 - i1); touches counts the
 * touching pivots, anchors included; value is the line at the as-of bar k.
 */
struct tl_trend {
	int kind;
	size_t i1, i2;
	double p1, p2;
	double slope;
	int touches;
	double value;
};

/* The knobs of tl_trend_find(); tl_trend_opt_init() sets the defaults. */
struct tl_trend_opt {
	int left, right; /* pivot window: 5 and 5 */
	double tol_mult; /* tolerance in ATRs, as tl_levels_tol: 0.5 */
	int min_touches; /* fewest touches a line needs (>= 2): 3 */
	size_t nmax;     /* most lines of each kind: 4 */
};

/* Sets o to the defaults: left 5, right 5, tol_mult 0.5, min_touches 3,
 * nmax 4. */
void tl_trend_opt_init(struct tl_trend_opt *o);

/* Returns the value of the line t at bar j: p1 + slope * (j - i1). */
double tl_trend_at(const struct tl_trend *t, size_t j);

/*
 * Finds the trendlines of the series as of bar k (TL_LEVELS_LAST for
 * count-1), from bars 0..k only, with the options o (NULL for the
 * defaults). For each kind on its own:
 *
 * 1. The pivots are those confirmed by bar k (tl_levels_pivots over k+1
 *    bars); q[] is the last TL_TREND_PIVOTS of them of the kind (lows for
 *    support, highs for resistance), in bar order. Nothing older counts,
 *    neither as an anchor nor as a touch. The tolerance is
 *    tol = tl_levels_tol(h, l, c, k, tol_mult).
 * 2. Each pair a < b of q[] with p_b > p_a (support) or p_b < p_a
 *    (resistance) is a candidate line through them. A pivot of q[] touches
 *    it when |price - line(i)| <= tol; a and b touch by definition.
 * 3. The candidate is kept only when
 *    - no pivot of q[] before a or after b touches it (so a and b are its
 *      first and last touch, and each line is found once, through its
 *      extreme touches),
 *    - it has touches >= min_touches, and
 *    - it is not broken: no close c[j] with i_a <= j <= k is below
 *      line(j) - tol (support) or above line(j) + tol (resistance). Only
 *      closes break a line: a wick (low or high) beyond it, even a pivot's,
 *      does not; it merely fails to touch.
 * 4. The kept lines are ranked: most touches first, then the latest last
 *    touch i2, then the smaller |slope|, then the earlier i1.
 * 5. Near duplicates go: in rank order a line whose set of touching pivots
 *    is a subset of that of a line already taken is dropped. The first
 *    nmax of those left are the result for the kind.
 *
 * Stores a new array of the lines in *out (NULL when there are none; the
 * caller frees it with free()) and their number in *n: the support lines
 * in rank order, then the resistance lines in rank order. Returns 0
 * (count == 0 with TL_LEVELS_LAST gives no lines), or -1 with *out = NULL
 * and *n = 0 when k >= count, the window is out of range, tol_mult is
 * negative or not finite, or min_touches < 2.
 *
 * Cost: O(k * (left + right)) for the pivots and the ATR, then per kind at
 * most P(P-1)/2 candidates (P = TL_TREND_PIVOTS) with O(P) for the touches
 * of each, and for those with enough touches a scan of the closes from i_a
 * to k that stops at the first break.
 */
int tl_trend_find(const double *h, const double *l, const double *c,
                  size_t count, size_t k, const struct tl_trend_opt *o,
                  struct tl_trend **out, size_t *n);

/*
 * Like tl_trend_find() as of the basis' bar, from a basis made for the
 * options' window (see tl_levels.h). Returns -1 when the window differs
 * from the basis'.
 */
int tl_trend_from(const struct tl_basis *b, const struct tl_trend_opt *o,
                  struct tl_trend **out, size_t *n);

#endif
