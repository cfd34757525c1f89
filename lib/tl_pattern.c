/* tl_pattern.c: chart patterns found from pivots, with no look-ahead. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "tl_ind.h"
#include "tl_levels.h"
#include "tl_pattern.h"
#include "tl_util.h"

static const char *const names[TL_PATTERN_NNAMES] = {
    "double_top",         "double_bottom",
    "head_and_shoulders", "inverse_head_and_shoulders",
    "ascending_triangle", "descending_triangle",
    "symmetric_triangle", "bull_flag",
    "bear_flag",          "rectangle",
};

const char *tl_pattern_name(int name)
{
	if (name < 0 || name >= TL_PATTERN_NNAMES)
		return NULL;
	return names[name];
}

const char *tl_pattern_direction_name(int direction)
{
	return direction == TL_PATTERN_BULLISH ? "bullish" : "bearish";
}

void tl_pattern_opt_init(struct tl_pattern_opt *o)
{
	o->left = 5;
	o->right = 5;
	o->tol_mult = 0.1;
	o->min_depth = 3.0;
	o->margin = 0.05;
	o->min_leg = 5;
	o->max_span = 60;
	o->head_min = 0.5;
	o->neck_tol = 1.0;
	o->min_swing = 2.5;
	o->pole_min = 4.0;
	o->pole_bars = 12;
	o->flag_max = 0.8;
}

/*
 * The bars seen with sign s: s = 1 reads a top as is, s = -1 a bottom
 * mirrored, so that one set of rules (peaks up, troughs down) serves both.
 */
struct view {
	const double *h, *l, *c;
	double s;
	const double *atr; /* ATR(14) of bars 0..k, computed once */
};

/* Returns the peak value of bar i: its high, or minus its low mirrored. */
static double peak(const struct view *v, size_t i)
{
	return v->s > 0 ? v->h[i] : -v->l[i];
}

/* Returns the trough value of bar i: its low, or minus its high mirrored. */
static double trough(const struct view *v, size_t i)
{
	return v->s > 0 ? v->l[i] : -v->h[i];
}

/* Returns the close of bar i, mirrored when s = -1. */
static double close_at(const struct view *v, size_t i)
{
	return v->s * v->c[i];
}

/* A growable array of patterns. */
struct plist {
	struct tl_pattern *p;
	size_t n, cap;
};

/* Appends a copy of p to the list, growing it (dies on OOM). */
static void plist_add(struct plist *pl, const struct tl_pattern *p)
{
	if (pl->n == pl->cap) {
		pl->cap = pl->cap ? 2 * pl->cap : 8;
		pl->p = tl_realloc(pl->p, pl->cap * sizeof *pl->p);
	}
	pl->p[pl->n++] = *p;
}

/*
 * Completes p and adds it to pl. The caller has set its name, direction,
 * start, confidence, and its target and invalidation as view values; its
 * key points are the n bars pi[] with view values pv[], the last of them a
 * pivot confirmed at bar lastc, and j is the break (k + 1 when none yet).
 */
static void add(struct plist *pl, const struct view *v, struct tl_pattern *p,
                const size_t *pi, const double *pv, size_t n, size_t lastc,
                size_t j, size_t k)
{
	size_t i;

	p->confirmed = j <= k;
	p->confirmed_at = p->confirmed ? (j > lastc ? j : lastc) : 0;
	p->end = p->confirmed ? p->confirmed_at : pi[n - 1];
	p->npoints = n;
	for (i = 0; i < 7; i++) {
		p->pi[i] = i < n ? pi[i] : 0;
		p->pp[i] = i < n ? v->s * pv[i] : 0;
	}
	p->target *= v->s;
	p->invalidation *= v->s;
	if (!(p->confidence >= 0))
		p->confidence = 0;
	if (p->confidence > 1)
		p->confidence = 1;
	plist_add(pl, p);
}

/*
 * Walks the closes after the last peak at bar last, up to k: returns the
 * first bar whose close is below neck (the break), k + 1 when none is by k
 * (still forming), or SIZE_MAX when the pattern is dropped: a close above
 * over first (invalidated), or no break within wait bars (expired).
 */
static size_t walk(const struct view *v, size_t last, size_t k, double over,
                   double neck, size_t wait)
{
	size_t j;

	for (j = last + 1; j <= k; j++) {
		if (close_at(v, j) > over)
			return SIZE_MAX;
		if (close_at(v, j) < neck)
			return j;
		if (j - last >= wait)
			return SIZE_MAX;
	}
	return j;
}

/* Returns the lowest trough value of bars a..b-1 (INFINITY when none). */
static double low_of(const struct view *v, size_t a, size_t b)
{
	double m = INFINITY;

	for (; a < b; a++)
		if (trough(v, a) < m)
			m = trough(v, a);
	return m;
}

/*
 * Looks for the double top (or, mirrored, bottom) whose second peak is the
 * pivot piv[b], as of bar k, by the rules of tl_pattern.h; adds it to pl
 * when it is confirmed or still forming.
 */
static void find_double(const struct view *v, const struct tl_pivot *piv,
                        size_t b, size_t k, const struct tl_pattern_opt *o,
                        struct plist *pl)
{
	size_t B = piv[b].i, Bc = piv[b].confirmed, A = 0, N = 0, j, a, from;
	size_t minleg = (size_t)o->min_leg, wait, lo;
	double atr, tol, maxbet = -INFINITY, top, neck, pa, pb;
	int found = 0;
	struct tl_pattern p;
	size_t pi[5];
	double pv[5];

	atr = tl_levels_tol_of(v->atr[Bc], v->c[Bc], 1.0);
	tol = o->tol_mult * atr;
	pb = peak(v, B);
	from = B;
	/* Walk back over the earlier peaks, nearest first. */
	for (a = b; a-- > 0;) {
		size_t ai = piv[a].i, i, nn;
		double low = INFINITY;

		if (piv[a].high != (v->s > 0) || ai >= B)
			continue;
		if (B - ai > (size_t)o->max_span)
			break;
		/* maxbet: the highest peak value strictly between ai and B. */
		for (i = ai + 1; i < from; i++)
			if (peak(v, i) > maxbet)
				maxbet = peak(v, i);
		from = ai + 1;
		if (maxbet > pb)
			break; /* B is no longer the top of the span */
		pa = peak(v, ai);
		if (maxbet > pa)
			continue;
		nn = ai + 1;
		for (i = ai + 1; i < B; i++)
			if (trough(v, i) < low)
				low = trough(v, i), nn = i;
		if (nn - ai < minleg || B - nn < minleg)
			continue;
		if (fabs(pa - pb) > tol)
			continue;
		if ((pa < pb ? pa : pb) - low < o->min_depth * atr)
			continue;
		wait = B - ai > minleg ? B - ai : minleg;
		lo = ai > wait ? ai - wait : 0;
		if (!(low_of(v, lo, ai) < low))
			continue;
		A = ai, N = nn, found = 1;
		break;
	}
	if (!found)
		return;
	pa = peak(v, A);
	top = pa > pb ? pa : pb;
	neck = trough(v, N);
	wait = B - A > minleg ? B - A : minleg;
	j = walk(v, B, k, top + tol, neck - o->margin * atr, wait);
	if (j == SIZE_MAX)
		return;
	p.name = v->s > 0 ? TL_PATTERN_DOUBLE_TOP : TL_PATTERN_DOUBLE_BOTTOM;
	p.direction = v->s > 0 ? TL_PATTERN_BEARISH : TL_PATTERN_BULLISH;
	p.start = A;
	p.target = neck - (top - neck);
	p.invalidation = top;
	p.confidence = tol > 0 ? 0.5 * (1 - fabs(pa - pb) / tol) : 0.5;
	p.confidence +=
	    0.5 * fmin(1.0, (top - neck) / (2 * o->min_depth * atr));
	pi[0] = A, pv[0] = pa;
	pi[1] = N, pv[1] = neck;
	pi[2] = B, pv[2] = pb;
	add(pl, v, &p, pi, pv, 3, Bc, j, k);
}

/* Returns the highest peak value of bars a..b-1 (-INFINITY when none). */
static double max_peak(const struct view *v, size_t a, size_t b)
{
	double m = -INFINITY;

	for (; a < b; a++)
		if (peak(v, a) > m)
			m = peak(v, a);
	return m;
}

/* Returns the first bar of the lowest trough of bars a..b-1 (a < b). */
static size_t min_trough(const struct view *v, size_t a, size_t b)
{
	size_t m = a;

	for (a++; a < b; a++)
		if (trough(v, a) < trough(v, m))
			m = a;
	return m;
}

/*
 * Checks the shoulder LS for head H and right shoulder R by rules 3 to 8 of
 * the head and shoulders in tl_pattern.h; stores the troughs in *n1, *n2.
 */
static int hs_ok(const struct view *v, size_t LS, size_t H, size_t R,
                 double atr, double tol, const struct tl_pattern_opt *o,
                 size_t *n1, size_t *n2)
{
	size_t minleg = (size_t)o->min_leg, N1, N2, lo;
	double pl = peak(v, LS), pr = peak(v, R), neck;

	if (fabs(pl - pr) > tol)
		return 0;
	if (peak(v, H) - (pl > pr ? pl : pr) < o->head_min * atr)
		return 0;
	N1 = min_trough(v, LS + 1, H);
	N2 = min_trough(v, H + 1, R);
	if (N1 - LS < minleg || H - N1 < minleg || N2 - H < minleg ||
	    R - N2 < minleg)
		return 0;
	if (max_peak(v, LS + 1, N1) > pl || max_peak(v, N2 + 1, R) > pr)
		return 0;
	if (fabs(trough(v, N1) - trough(v, N2)) > o->neck_tol * atr)
		return 0;
	neck = trough(v, N1) < trough(v, N2) ? trough(v, N1) : trough(v, N2);
	if ((pl < pr ? pl : pr) - neck < o->min_depth * atr)
		return 0;
	lo = LS > R - LS ? LS - (R - LS) : 0;
	if (!(low_of(v, lo, LS) < neck))
		return 0;
	*n1 = N1, *n2 = N2;
	return 1;
}

/*
 * Looks for the head and shoulders (or, mirrored, the inverse) whose right
 * shoulder is the pivot piv[r], as of bar k, by the rules of tl_pattern.h;
 * adds it to pl when it is confirmed or still forming.
 */
static void find_hs(const struct view *v, const struct tl_pivot *piv, size_t r,
                    size_t k, const struct tl_pattern_opt *o, struct plist *pl)
{
	size_t R = piv[r].i, Rc = piv[r].confirmed, LS = 0, H = 0, N1 = 0;
	size_t N2 = 0, j, a, from, span = 2 * (size_t)o->max_span, wait;
	double atr, tol, maxr = -INFINITY, pr, ph, pls, neck, ht;
	int found = 0;
	struct tl_pattern p;
	size_t pi[5];
	double pv[5];

	atr = tl_levels_tol_of(v->atr[Rc], v->c[Rc], 1.0);
	tol = o->tol_mult * atr;
	pr = peak(v, R);
	from = R;
	/* Walk back over the candidate heads, nearest first. */
	for (a = r; a-- > 0 && !found;) {
		size_t hi = piv[a].i, b, from2;
		double maxl = -INFINITY;

		if (piv[a].high != (v->s > 0) || hi >= R)
			continue;
		if (R - hi > span)
			break;
		/* maxr: the highest peak value strictly between hi and R. */
		if (from > hi + 1) {
			double m = max_peak(v, hi + 1, from);

			if (m > maxr)
				maxr = m;
		}
		from = hi + 1;
		ph = peak(v, hi);
		if (maxr >= ph || ph - pr < o->head_min * atr)
			continue;
		from2 = hi;
		for (b = a; b-- > 0;) {
			size_t li = piv[b].i;

			if (piv[b].high != (v->s > 0) || li >= hi)
				continue;
			if (R - li > span)
				break;
			if (from2 > li + 1) {
				double m = max_peak(v, li + 1, from2);

				if (m > maxl)
					maxl = m;
			}
			from2 = li + 1;
			if (maxl >= ph)
				break; /* hi is no longer the head */
			if (hs_ok(v, li, hi, R, atr, tol, o, &N1, &N2)) {
				LS = li, H = hi, found = 1;
				break;
			}
		}
	}
	if (!found)
		return;
	pls = peak(v, LS);
	ph = peak(v, H);
	neck = trough(v, N1) < trough(v, N2) ? trough(v, N1) : trough(v, N2);
	ht = ph - neck;
	wait = R - LS;
	j = walk(v, R, k, ph, neck - o->margin * atr, wait);
	if (j == SIZE_MAX)
		return;
	p.name = v->s > 0 ? TL_PATTERN_HEAD_AND_SHOULDERS
	                  : TL_PATTERN_INV_HEAD_AND_SHOULDERS;
	p.direction = v->s > 0 ? TL_PATTERN_BEARISH : TL_PATTERN_BULLISH;
	p.start = LS;
	p.target = neck - ht;
	p.invalidation = ph;
	p.confidence = tol > 0 ? 0.5 * (1 - fabs(pls - pr) / tol) : 0.5;
	p.confidence += 0.5 * fmin(1.0, ((pls < pr ? pls : pr) - neck) /
	                                    (2 * o->min_depth * atr));
	pi[0] = LS, pv[0] = pls;
	pi[1] = N1, pv[1] = trough(v, N1);
	pi[2] = H, pv[2] = ph;
	pi[3] = N2, pv[3] = trough(v, N2);
	pi[4] = R, pv[4] = pr;
	add(pl, v, &p, pi, pv, 5, Rc, j, k);
}

/* Returns the value at bar j of the line through (i1, p1) and (i2, p2). */
static double line(size_t i1, double p1, size_t i2, double p2, size_t j)
{
	return p1 +
	       (p2 - p1) / ((double)i2 - (double)i1) * ((double)j - (double)i1);
}

/*
 * Walks the closes after the last trough T2 of a channel-family pattern up
 * to k: returns the first bar whose close is above the upper line through
 * (P1, p1) and (P2, p2) extended (the break), k + 1 when none is by k,
 * or SIZE_MAX when it is dropped: a close below low first, or no break
 * within wait bars.
 */
static size_t walk_up(const struct view *v, size_t T2, size_t k, size_t P1,
                      double p1, size_t P2, double p2, double low, size_t wait)
{
	size_t j;

	for (j = T2 + 1; j <= k; j++) {
		if (close_at(v, j) < low)
			return SIZE_MAX;
		if (close_at(v, j) > line(P1, p1, P2, p2, j))
			return j;
		if (j - T2 >= wait)
			return SIZE_MAX;
	}
	return j;
}

/*
 * Looks for the triangle, flag or rectangle (the channel family) whose last
 * trough is the pivot piv[b], as of bar k, by the rules of tl_pattern.h;
 * adds it to pl when it is confirmed or still forming.
 */
static void find_channel(const struct view *v, const struct tl_pivot *piv,
                         size_t b, size_t k, const struct tl_pattern_opt *o,
                         struct plist *pl)
{
	size_t T2 = piv[b].i, T2c = piv[b].confirmed, P1, T1, P2, j, i;
	size_t minleg = (size_t)o->min_leg, wait, start, base = 0, lo;
	double atr, tol, p1, t1, p2, t2, dp, dt, hgt, before, pole = 0, err;
	int name, up, flat_p, flat_t, flag;
	struct tl_pattern p;
	size_t pi[5];
	double pv[5];

	if (b < 3)
		return;
	/* Four pivots in a row, alternating: P1, T1, P2 peaks and troughs. */
	for (j = 1; j <= 3; j++)
		if (piv[b - j].high != ((j % 2 == 1) == (v->s > 0)) ||
		    piv[b - j].i >= piv[b - j + 1].i)
			return;
	P2 = piv[b - 1].i, T1 = piv[b - 2].i, P1 = piv[b - 3].i;
	if (T1 - P1 < minleg || P2 - T1 < minleg || T2 - P2 < minleg ||
	    T2 - P1 > (size_t)o->max_span)
		return;
	p1 = peak(v, P1), t1 = trough(v, T1), p2 = peak(v, P2);
	t2 = trough(v, T2);
	/* Each point is the extreme of the bars between its neighbours. */
	if (max_peak(v, P1 + 1, T1) > p1 || low_of(v, P1 + 1, P2) < t1 ||
	    max_peak(v, T1 + 1, T2) > p2 || low_of(v, P2 + 1, T2) < t2)
		return;
	atr = tl_levels_tol_of(v->atr[T2c], v->c[T2c], 1.0);
	tol = o->tol_mult * atr;
	if (p1 - t1 < o->min_swing * atr || p2 - t1 < o->min_swing * atr ||
	    p2 - t2 < o->min_swing * atr)
		return;
	dp = p2 - p1, dt = t2 - t1;
	flat_p = fabs(dp) <= tol, flat_t = fabs(dt) <= tol;
	up = v->s > 0;
	hgt = p1 - t1;
	start = P1;
	if (flat_p && flat_t)
		name = TL_PATTERN_RECTANGLE;
	else if (flat_p && dt > tol)
		name = up ? TL_PATTERN_ASCENDING_TRIANGLE
		          : TL_PATTERN_DESCENDING_TRIANGLE;
	else if (dp < -tol && dt > tol && fabs(dp + dt) <= tol)
		name = TL_PATTERN_SYMMETRIC_TRIANGLE;
	else if (dp < -tol && dt < -tol && fabs(dp - dt) <= tol)
		name = up ? TL_PATTERN_BULL_FLAG : TL_PATTERN_BEAR_FLAG;
	else
		return;
	wait = T2 - P1 > minleg ? T2 - P1 : minleg;
	flag = name == TL_PATTERN_BULL_FLAG || name == TL_PATTERN_BEAR_FLAG;
	if (flag) {
		/* The pole: a rise of pole_min ATRs within pole_bars bars. */
		lo = P1 > (size_t)o->pole_bars ? P1 - (size_t)o->pole_bars : 0;
		base = P1;
		for (i = P1; i-- > lo;)
			if (trough(v, i) < trough(v, base))
				base = i;
		pole = p1 - trough(v, base);
		if (pole < o->pole_min * atr || hgt > o->flag_max * pole)
			return;
		start = base;
	} else {
		/* Price came into it from below its lower line. */
		lo = P1 > wait ? P1 - wait : 0;
		before = low_of(v, lo, P1);
		if (name == TL_PATTERN_RECTANGLE ? !(before <= t1 + tol)
		                                 : !(before < t1))
			return;
	}
	j = walk_up(v, T2, k, P1, p1, P2, p2, t2 - o->margin * atr, wait);
	if (j == SIZE_MAX)
		return;
	p.name = name;
	p.direction = up ? TL_PATTERN_BULLISH : TL_PATTERN_BEARISH;
	p.start = start;
	p.target = p2 + (flag ? pole : hgt);
	p.invalidation = t2;
	err = name == TL_PATTERN_RECTANGLE            ? fmax(fabs(dp), fabs(dt))
	      : name == TL_PATTERN_SYMMETRIC_TRIANGLE ? fabs(dp + dt)
	      : flag                                  ? fabs(dp - dt)
	                                              : fabs(dp);
	p.confidence = tol > 0 ? 0.5 * (1 - err / tol) : 0.5;
	p.confidence += 0.5 * fmin(1.0, hgt / (2 * o->min_swing * atr));
	pi[0] = P1, pv[0] = p1;
	pi[1] = T1, pv[1] = t1;
	pi[2] = P2, pv[2] = p2;
	pi[3] = T2, pv[3] = t2;
	add(pl, v, &p, pi, pv, 4, T2c, j, k);
}

/* Returns 1 when the options are in range. */
static int opt_ok(const struct tl_pattern_opt *o)
{
	return o->min_leg >= 1 && o->max_span >= 1 && o->left >= 1 &&
	       o->right >= 0 && o->tol_mult >= 0 && o->min_depth >= 0 &&
	       o->margin >= 0 && o->head_min >= 0 && o->neck_tol >= 0 &&
	       isfinite(o->tol_mult) && isfinite(o->min_depth) &&
	       isfinite(o->margin) && isfinite(o->head_min) &&
	       isfinite(o->neck_tol) && o->max_span <= INT_MAX / 2 &&
	       o->min_swing >= 0 && isfinite(o->min_swing) &&
	       o->pole_min >= 0 && isfinite(o->pole_min) && o->pole_bars >= 1 &&
	       o->flag_max >= 0 && isfinite(o->flag_max);
}

int tl_pattern_find(const double *h, const double *l, const double *c,
                    size_t count, size_t k, const struct tl_pattern_opt *o,
                    struct tl_pattern **out, size_t *n)
{
	struct tl_pattern_opt def;
	struct tl_basis b;
	int r;

	*out = NULL;
	*n = 0;
	if (!o) {
		tl_pattern_opt_init(&def);
		o = &def;
	}
	if (k == TL_PATTERN_LAST && count == 0)
		return 0;
	if (!opt_ok(o) ||
	    tl_basis_init(&b, h, l, c, count, k, o->left, o->right) < 0)
		return -1;
	r = tl_pattern_from(&b, o, out, n);
	tl_basis_free(&b);
	return r;
}

int tl_pattern_from(const struct tl_basis *b, const struct tl_pattern_opt *o,
                    struct tl_pattern **out, size_t *n)
{
	struct plist pl = {NULL, 0, 0};
	size_t i;

	*out = NULL;
	*n = 0;
	if (!opt_ok(o) || o->left != b->left || o->right != b->right)
		return -1;
	for (i = 0; i < b->npiv; i++) {
		struct view v = {b->h, b->l, b->c, b->piv[i].high ? 1.0 : -1.0,
		                 b->atr};

		find_double(&v, b->piv, i, b->k, o, &pl);
		find_hs(&v, b->piv, i, b->k, o, &pl);
		v.s = -v.s;
		find_channel(&v, b->piv, i, b->k, o, &pl);
	}
	*out = pl.p;
	*n = pl.n;
	return 0;
}

int tl_pattern_parse(const char *s, size_t len)
{
	int i;

	for (i = 0; i < TL_PATTERN_NNAMES; i++)
		if (strlen(tl_pattern_name(i)) == len &&
		    memcmp(tl_pattern_name(i), s, len) == 0)
			return i;
	return -1;
}
