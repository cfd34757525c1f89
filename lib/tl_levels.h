/* tl_levels.h: pivots and horizontal support/resistance levels of a series. */
#ifndef TL_LEVELS_H
#define TL_LEVELS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Everything here reads bars as parallel arrays of highs h[], lows l[] and
 * closes c[], indexed from 0, and looks at nothing after the as-of bar k:
 * a result "as of k" is a function of bars 0..k only, so running over the
 * first k+1 bars or over a longer series with k given is the same, bit for
 * bit. Inputs are expected finite (a NaN makes no pivot and is otherwise
 * unspecified, though memory-safe).
 */

/* Pass as k to mean the last bar, count-1. */
#define TL_LEVELS_LAST SIZE_MAX

/* Crossings by the closes after its last touch that break a level. */
#define TL_LEVELS_CROSSINGS 3

/* The period of the ATR that sets the clustering tolerance. */
#define TL_LEVELS_ATR_N 14

/*
 * A pivot: bar i's high (high = 1) or low (high = 0) at price. With a
 * window of left L and right R bars, bar i is a pivot high when
 *   h[i] >  h[j] for each of the L bars before it (i-L <= j < i), and
 *   h[i] >= h[j] for each of the R bars after it (i < j <= i+R);
 * a pivot low is the same with l[] and < / <=. Strict before and
 * non-strict after means a flat top (or bottom) of equal bars yields
 * exactly one pivot, its first bar. Bar i needs L bars before it and is
 * confirmed at bar i+R, once its R later bars exist.
 */
struct tl_pivot {
	size_t i;         /* the pivot's bar */
	double price;     /* h[i] or l[i] */
	int high;         /* 1 for a pivot high, 0 for a pivot low */
	size_t confirmed; /* i + R: the first bar it is known at */
};

/*
 * Finds the pivots of the window (left >= 1, right >= 0) confirmed within
 * h[0..count) and l[0..count), that is those with i >= left and
 * i + right <= count-1. Stores a new array of them in *out (NULL when there
 * are none; the caller frees it with free()) and their number in *n,
 * ordered by bar, a bar's high before its low. Returns 0, or -1 with
 * *out = NULL and *n = 0 when the window is out of range.
 */
int tl_levels_pivots(const double *h, const double *l, size_t count, int left,
                     int right, struct tl_pivot **out, size_t *n);

/*
 * The analysis that levels, trendlines and patterns share, made once per
 * series and as-of bar k: the pivots of one window confirmed by bar k
 * (tl_levels_pivots over k+1 bars) and the ATR(TL_LEVELS_ATR_N) of each bar
 * 0..k (tl_ind_atr: NAN during the warm-up). It reads nothing after bar k
 * and keeps pointers to h, l and c, which must outlive it.
 */
struct tl_basis {
	const double *h, *l, *c;
	size_t k;             /* the as-of bar */
	int left, right;      /* the pivot window */
	struct tl_pivot *piv; /* the pivots, in bar order */
	size_t npiv;
	double *atr; /* atr[i], i <= k */
};

/*
 * Makes the basis of bars 0..k (TL_LEVELS_LAST for count-1) for the
 * window left, right. Returns 0, or -1 with nothing to free when k >=
 * count, count is 0, or the window is out of range (left < 1, right < 0).
 * tl_basis_free() releases it.
 */
int tl_basis_init(struct tl_basis *b, const double *h, const double *l,
                  const double *c, size_t count, size_t k, int left, int right);

/* Releases what tl_basis_init() allocated. */
void tl_basis_free(struct tl_basis *b);

/*
 * Returns the clustering tolerance as of bar k: tol_mult * ATR(14) at k
 * (Wilder's, as tl_ind_atr) over bars 0..k. When that ATR is 0 or NAN
 * (flat data, or fewer than 14 bars) it is 0.1% of |c[k]| instead, and when
 * that is 0 too, 1e-9. With tol_mult 0 and a positive ATR it is 0: only
 * equal prices merge.
 */
double tl_levels_tol(const double *h, const double *l, const double *c,
                     size_t k, double tol_mult);

/*
 * Returns the tolerance tl_levels_tol() gives from an ATR value atr and
 * the close at that bar: tol_mult * atr, or the same fallbacks when atr is
 * 0 or NAN. For callers that keep the ATR series (tl_ind_atr).
 */
double tl_levels_tol_of(double atr, double close, double tol_mult);

enum {
	TL_LEVEL_SUPPORT = 0,   /* below the close at k (see tl_levels_find) */
	TL_LEVEL_RESISTANCE = 1 /* above it */
};

/* Returns "support" or "resistance" for a level's kind (a static string). */
const char *tl_level_kind_name(int kind);

/*
 * A level: a cluster of pivots. Its price is the mean of the pivots'
 * prices (computed as lo + sum(p - lo)/touches, so equal prices give that
 * price exactly); [lo, hi] is its zone, the least and greatest of them.
 * touches is the number of pivots; first and last are the bars (i, not
 * the confirmation bar) of its earliest and latest pivot. flips counts the
 * switches between high and low along its pivots in bar order (a
 * resistance that became support is one flip). strength is
 *   touches + 1.5 * flips + last / (k + 1)
 * where the last term, the recency, lies in [0, 1) since last <= k.
 */
struct tl_level {
	double price;
	double lo, hi;
	int touches;
	int flips;
	size_t first, last;
	int kind; /* TL_LEVEL_SUPPORT or TL_LEVEL_RESISTANCE */
	double strength;
};

/* The knobs of tl_levels_find(); tl_levels_opt_init() sets the defaults. */
struct tl_levels_opt {
	int left, right; /* pivot window: 5 and 5 */
	double tol_mult; /* tolerance in ATRs: 0.5 */
	size_t nmax;     /* most levels returned: 10 (see tl_levels_find) */
};

/* Sets o to the defaults: left 5, right 5, tol_mult 0.5, nmax 10. */
void tl_levels_opt_init(struct tl_levels_opt *o);

/*
 * Finds the levels of the series as of bar k (TL_LEVELS_LAST for count-1),
 * from bars 0..k only, with the options o (NULL for the defaults):
 *
 * 1. The pivots confirmed by bar k (tl_levels_pivots over k+1 bars).
 * 2. They are clustered with tol = tl_levels_tol(h, l, c, k, tol_mult):
 *    sorted by price (ties by bar, high first), a cluster starts at the
 *    lowest pivot not yet taken and takes each next one while its price
 *    minus the cluster's first (lowest) price is <= tol. So every zone is
 *    at most tol wide, and clusters do not overlap.
 * 3. A level's kind is support when its price is below c[k], resistance
 *    when above; but the level the close sits on (c[k] within [lo - tol,
 *    hi + tol], not broken (rule 4); of several, the one whose price is
 *    nearest c[k]) takes the role of its latest pivot: resistance after a
 *    pivot high, support after a pivot low (a range that ends on a touch
 *    of its top keeps the top as resistance). The nearest support is that
 *    level when it is a support, else the highest support with touches
 *    >= 2, else the highest support; the nearest resistance likewise (the
 *    lowest). A lone pivot is so the nearest only when nothing stronger is
 *    on its side or the close sits on it.
 * 4. A level is broken, and left out, when the closes after its last
 *    touch crossed it TL_LEVELS_CROSSINGS (3) times: a close beyond
 *    [price - tol, price + tol] on the other side from the last close
 *    that lay beyond it counts one crossing. Price that trades through a
 *    level both ways and through again ignores it; a break and a retest
 *    (a new touch) keep it. The nearest support and resistance are chosen
 *    among the levels not broken.
 * 5. A level is kept when it has touches >= 2 or is the nearest support or
 *    resistance (those are kept with 1 touch).
 * 6. The kept levels are sorted by strength, descending, ties by price,
 *    ascending; then the nearest support and resistance are kept, and of
 *    the others only the strongest nmax - (nearest ones kept) when that is
 *    positive: as if capped at nmax with the nearest ones replacing the
 *    weakest. So more than nmax come back only when nmax is below the
 *    number of nearest ones (0 or 1), never more than max(nmax, 2).
 *
 * Stores a new array of the levels in that order in *out (NULL when there
 * are none; the caller frees it with free()) and their number in *n.
 * Returns 0 (count == 0 with TL_LEVELS_LAST gives no levels), or -1 with
 * *out = NULL and *n = 0 when k >= count, the window is out of range, or
 * tol_mult is negative or not finite.
 */
int tl_levels_find(const double *h, const double *l, const double *c,
                   size_t count, size_t k, const struct tl_levels_opt *o,
                   struct tl_level **out, size_t *n);

/*
 * Like tl_levels_find() as of the basis' bar, from a basis made for the
 * options' window. Returns -1 when the window differs from the basis'.
 */
int tl_levels_from(const struct tl_basis *b, const struct tl_levels_opt *o,
                   struct tl_level **out, size_t *n);

#endif
