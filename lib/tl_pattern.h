/*
 * tl_pattern.h: chart patterns (double tops and bottoms, head and shoulders
 * and inverse, triangles, flags and rectangles) found from pivots.
 */
#ifndef TL_PATTERN_H
#define TL_PATTERN_H

#include <stddef.h>

#include "tl_levels.h"

/*
 * Like tl_levels, everything here reads bars as parallel arrays h[], l[],
 * c[] indexed from 0 and looks at nothing after the as-of bar k. A
 * confirmed pattern is decided by bars 0..confirmed_at only, so the
 * confirmed patterns found as of k with confirmed_at <= t are exactly those
 * found as of t (no look-ahead, no repainting).
 *
 * Terms. Pivots are those of tl_levels_pivots() with the window left and
 * right of the options, confirmed by k. For a top the "peaks" are pivot
 * highs valued h[i] and the "trough" is a low valued l[i]; a bottom is the
 * mirror image (peaks are pivot lows at l[i], troughs highs at h[i], and
 * "above" reads "below"). For a peak pivot B, Bc = B.i + right is the bar it
 * is confirmed at, atr = tl_levels_tol(h, l, c, Bc, 1) (the ATR(14) at Bc,
 * with tl_levels_tol's fallbacks) and tol = tol_mult * atr.
 *
 * double_top (double_bottom mirrored): peak pivots A < B and the trough N,
 * the bar of the lowest low strictly between them (the first such bar),
 * such that
 *   1. no high strictly between A and B is above h[A] or h[B];
 *   2. N - A >= min_leg and B - N >= min_leg bars, B - A <= max_span;
 *   3. |h[A] - h[B]| <= tol;
 *   4. min(h[A], h[B]) - l[N] >= min_depth * atr;
 *   5. the lowest low of the max(B - A, min_leg) bars before A is below
 *      l[N] (price rose into the pattern from below its neckline);
 * of the A that qualify for a B, the nearest to B is taken. Let
 * top = max(h[A], h[B]). Walking j = B+1, B+2, ... up to k:
 *   - a close above top + tol invalidates it (it is dropped);
 *   - the first close below l[N] - margin * atr is the break, at bar j;
 *   - with no break by B + max(B - A, min_leg) bars it expires (dropped).
 * With a break it is confirmed, at confirmed_at = max(j, Bc): a pattern is
 * known once B is a confirmed pivot. Without a break it is forming as of k
 * when Bc <= k. The points are A, N, B; start = A, end = confirmed_at
 * (forming: B). target = l[N] - (top - l[N]); invalidation = top.
 * confidence = 0.5 * (1 - |h[A] - h[B]| / tol)
 *            + 0.5 * min(1, (top - l[N]) / (2 * min_depth * atr)),
 * in [0, 1] (the first term is 0.5 when tol is 0).
 *
 * head_and_shoulders (inverse_head_and_shoulders mirrored): peak pivots
 * LS < H < R (left shoulder, head, right shoulder; atr and tol are those of
 * R as above), N1 the bar of the lowest low strictly between LS and H and
 * N2 that strictly between H and R (the first such bars), such that
 *   1. no high strictly between LS and R is at or above h[H];
 *   2. R - LS <= 2 * max_span;
 *   3. |h[LS] - h[R]| <= tol;
 *   4. h[H] - max(h[LS], h[R]) >= head_min * atr;
 *   5. N1 - LS, H - N1, N2 - H and R - N2 are all >= min_leg bars;
 *   6. no high strictly between LS and N1 is above h[LS], nor strictly
 *      between N2 and R above h[R];
 *   7. |l[N1] - l[N2]| <= neck_tol * atr; the neckline is flat, at
 *      neck = min(l[N1], l[N2]);
 *   8. min(h[LS], h[R]) - neck >= min_depth * atr;
 *   9. the lowest low of the R - LS bars before LS is below neck;
 * of the H that qualify with some LS for an R, the nearest to R is taken,
 * and with it the nearest such LS. Walking j = R+1, R+2, ... up to k:
 *   - a close above h[H] invalidates it (it is dropped);
 *   - the first close below neck - margin * atr is the break, at bar j;
 *   - with no break by R + (R - LS) bars it expires (dropped).
 * With a break it is confirmed at confirmed_at = max(j, R + right);
 * without one it is forming as of k when R + right <= k. The points are
 * LS, N1, H, N2, R; start = LS, end = confirmed_at (forming: R).
 * target = neck - (h[H] - neck); invalidation = h[H].
 * confidence = 0.5 * (1 - |h[LS] - h[R]| / tol)
 *            + 0.5 * min(1, (min(h[LS], h[R]) - neck) / (2 * min_depth * atr)).
 *
 * A double top is never made of two peaks of a head and shoulders whose
 * head lies between them: rule 1 of the double top excludes it, since the
 * head is higher than both (so equal shoulders are not also a double top).
 *
 * The channel family (triangles, flags, rectangle) is seen from its last
 * trough: a pivot T2 whose view is bullish when it is a pivot low (peaks
 * are highs, the break is up) and bearish, mirrored, when it is a pivot
 * high. P1 < T1 < P2 < T2 are the bars of four pivots in a row in the
 * pivot list (no other pivot between them), alternating peak, trough,
 * peak, trough; atr and tol are those of T2 at T2c = T2 + right. They
 * must satisfy
 *   1. T1 - P1, P2 - T1 and T2 - P2 >= min_leg; T2 - P1 <= max_span;
 *   2. no high strictly between P1 and T1 is above h[P1], no low strictly
 *      between P1 and P2 below l[T1], no high strictly between T1 and T2
 *      above h[P2], no low strictly between P2 and T2 below l[T2];
 *   3. h[P1] - l[T1], h[P2] - l[T1] and h[P2] - l[T2] >= min_swing * atr.
 * With dp = h[P2] - h[P1] (the upper line) and dt = l[T2] - l[T1] (the
 * lower), the shape names it:
 *   rectangle            |dp| <= tol and |dt| <= tol;
 *   ascending_triangle   |dp| <= tol and dt > tol (descending_triangle
 *                        when mirrored);
 *   symmetric_triangle   dp < -tol, dt > tol and |dp + dt| <= tol;
 *   bull_flag            dp < -tol, dt < -tol and |dp - dt| <= tol
 *                        (bear_flag when mirrored);
 * any other shape is none of them. A flag needs a pole: with base the
 * last bar of the lowest low of the pole_bars bars before P1 and
 * pole = h[P1] - l[base], pole >= pole_min * atr and
 * h[P1] - l[T1] <= flag_max * pole. The others need price to have come
 * from below: the lowest low of the w = max(T2 - P1, min_leg) bars before
 * P1 is below l[T1] (for a rectangle: at most l[T1] + tol). Walking
 * j = T2+1, T2+2, ... up to k, with the upper line through (P1, h[P1])
 * and (P2, h[P2]) in bar-index space:
 *   - a close below l[T2] - margin * atr invalidates it (dropped);
 *   - the first close above the upper line at j is the break;
 *   - with no break by T2 + w bars it expires (dropped).
 * With a break it is confirmed at confirmed_at = max(j, T2c); without one
 * it is forming as of k when T2c <= k. The points are P1, T1, P2, T2;
 * start = base for a flag, else P1; end = confirmed_at (forming: T2).
 * target = h[P2] + pole for a flag, else h[P2] + (h[P1] - l[T1]);
 * invalidation = l[T2]. With err the shape's own measure (rectangle:
 * max(|dp|, |dt|); ascending: |dp|; symmetric: |dp + dt|; flag:
 * |dp - dt|), confidence = 0.5 * (1 - err / tol)
 *            + 0.5 * min(1, (h[P1] - l[T1]) / (2 * min_swing * atr)).
 * A rectangle that breaks down instead is a double top (its two tops and
 * the low between them) when that pattern's rules hold.
 */

/* Pass as k to mean the last bar, count-1. */
#define TL_PATTERN_LAST ((size_t)-1)

/* The pattern names, in the order of the issue. */
enum tl_pattern_name {
	TL_PATTERN_DOUBLE_TOP,
	TL_PATTERN_DOUBLE_BOTTOM,
	TL_PATTERN_HEAD_AND_SHOULDERS,
	TL_PATTERN_INV_HEAD_AND_SHOULDERS,
	TL_PATTERN_ASCENDING_TRIANGLE,
	TL_PATTERN_DESCENDING_TRIANGLE,
	TL_PATTERN_SYMMETRIC_TRIANGLE,
	TL_PATTERN_BULL_FLAG,
	TL_PATTERN_BEAR_FLAG,
	TL_PATTERN_RECTANGLE,
	TL_PATTERN_NNAMES
};

enum { TL_PATTERN_BEARISH = -1, TL_PATTERN_BULLISH = 1 };

/*
 * Returns the record name of pattern name ("double_top"), a static string,
 * or NULL when name is out of range.
 */
const char *tl_pattern_name(int name);

/* Returns "bullish" or "bearish" for a direction (a static string). */
const char *tl_pattern_direction_name(int direction);

struct tl_pattern {
	int name;            /* enum tl_pattern_name */
	int direction;       /* TL_PATTERN_BULLISH or TL_PATTERN_BEARISH */
	int confirmed;       /* 1 confirmed, 0 forming */
	size_t start, end;   /* bar indices */
	size_t confirmed_at; /* the bar it is confirmed at (when confirmed) */
	size_t npoints;      /* key points used of pi/pp */
	size_t pi[7];        /* the key points' bars */
	double pp[7];        /* and prices */
	double target;       /* the measured-move target */
	double invalidation; /* a close beyond it voids the pattern */
	double confidence;   /* in [0, 1] */
};

/* Returns the pattern named s[0..len) ("double_top"), or -1. */
int tl_pattern_parse(const char *s, size_t len);

/* The knobs of tl_pattern_find(); tl_pattern_opt_init() sets the defaults. */
struct tl_pattern_opt {
	int left, right;  /* pivot window: 5 and 5 */
	double tol_mult;  /* peak equality in ATRs: 0.1 */
	double min_depth; /* peaks above the neckline in ATRs: 3 */
	double margin;    /* the break's margin beyond the neckline: 0.05 */
	int min_leg;      /* least bars from peak to trough: 5 */
	int max_span;     /* most bars from A to B: 60 (LS to R: twice) */
	double head_min;  /* head above the shoulders in ATRs: 0.5 */
	double neck_tol;  /* neckline troughs' difference in ATRs: 1 */
	double min_swing; /* channel family: least swing in ATRs: 2.5 */
	double pole_min;  /* a flag's pole in ATRs: 4 */
	int pole_bars;    /* most bars of a flag's pole: 12 */
	double flag_max;  /* a flag's height over its pole, at most: 0.8 */
};

/* Sets o to the defaults above. */
void tl_pattern_opt_init(struct tl_pattern_opt *o);

/*
 * Finds the patterns of the series as of bar k (TL_PATTERN_LAST for
 * count-1) from bars 0..k, with options o (NULL for the defaults), by the
 * rules above: the confirmed ones and those still forming at k. Stores a
 * new array of them in *out (NULL when there are none; the caller frees it
 * with free()) and their number in *n, ordered by their last pivot (B, R or
 * T2; a bar's high before its low), and for one pivot a double, then a
 * head and shoulders, then one of the channel family. Returns 0,
 * or -1 with *out = NULL and *n = 0 when k >= count or the options are out of
 * range.
 */
int tl_pattern_find(const double *h, const double *l, const double *c,
                    size_t count, size_t k, const struct tl_pattern_opt *o,
                    struct tl_pattern **out, size_t *n);

/*
 * Like tl_pattern_find() as of the basis' bar, from a basis made for the
 * options' window (see tl_levels.h). Returns -1 when the options are out
 * of range or the window differs from the basis'.
 */
int tl_pattern_from(const struct tl_basis *b, const struct tl_pattern_opt *o,
                    struct tl_pattern **out, size_t *n);

#endif
