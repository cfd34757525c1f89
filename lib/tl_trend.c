/* tl_trend.c: rising support and falling resistance trendlines through pivots.
 */
#include "tl_trend.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "tl_levels.h"
#include "tl_util.h"

/* The most candidate lines of one kind; touch sets are bits of a uint64_t. */
#define MAX_PAIRS (TL_TREND_PIVOTS * (TL_TREND_PIVOTS - 1) / 2)
_Static_assert(TL_TREND_PIVOTS <= 64, "touch sets must fit in 64 bits");

/* Sets the default options. */
void tl_trend_opt_init(struct tl_trend_opt *o)
{
	o->left = 5;
	o->right = 5;
	o->tol_mult = 0.5;
	o->min_touches = 3;
	o->nmax = 4;
}

/* Returns the line through (i1, p1) with slope at bar j. */
static double line_at(double p1, double slope, size_t i1, size_t j)
{
	return p1 + slope * ((double)j - (double)i1);
}

/* Returns the value of the line t at bar j. */
double tl_trend_at(const struct tl_trend *t, size_t j)
{
	return line_at(t->p1, t->slope, t->i1, j);
}

/* A kept candidate: the line and the set of q[] that touch it. */
struct cand {
	struct tl_trend t;
	uint64_t mask;
};

/*
 * Orders by touches, descending, then last touch, descending, then
 * |slope|, ascending, then first touch, ascending.
 */
static int cmp_rank(const void *a, const void *b)
{
	const struct tl_trend *x = &((const struct cand *)a)->t,
	                      *y = &((const struct cand *)b)->t;
	double sx = fabs(x->slope), sy = fabs(y->slope);

	if (x->touches != y->touches)
		return x->touches > y->touches ? -1 : 1;
	if (x->i2 != y->i2)
		return x->i2 > y->i2 ? -1 : 1;
	if (sx != sy)
		return sx < sy ? -1 : 1;
	return (x->i1 > y->i1) - (x->i1 < y->i1);
}

/*
 * Returns 1 when a close c[j], i1 <= j <= k, lies beyond the line by more
 * than tol: below it for support (sign 1), above it for resistance
 * (sign -1).
 */
static int broken(const double *c, size_t k, double p1, double slope, size_t i1,
                  double tol, int sign)
{
	size_t j;

	for (j = i1; j <= k; j++) {
		double v = line_at(p1, slope, i1, j);

		if (sign > 0 ? c[j] < v - tol : c[j] > v + tol)
			return 1;
	}
	return 0;
}

/*
 * Finds the lines of one kind through the m pivots q[] (bar order) as of
 * bar k and appends the best of them to res[*len]; res has room for nmax
 * more. sign is 1 for support, -1 for resistance.
 */
static void find_kind(const struct tl_pivot *q, size_t m, const double *c,
                      size_t k, double tol, const struct tl_trend_opt *o,
                      int sign, struct tl_trend *res, size_t *len)
{
	struct cand *cd;
	uint64_t *taken;
	size_t a, b, x, nc = 0, nt = 0, j;

	if (m < 2)
		return;
	cd = tl_malloc(m * (m - 1) / 2 * sizeof *cd);
	for (a = 0; a < m; a++)
		for (b = a + 1; b < m; b++) {
			double pa = q[a].price, pb = q[b].price, slope;
			uint64_t mask = 0;
			int touches = 0, first_last = 1;

			if (!(sign > 0 ? pb > pa : pb < pa))
				continue;
			slope = (pb - pa) / ((double)q[b].i - (double)q[a].i);
			for (x = 0; x < m && first_last; x++) {
				double d;

				if (x != a && x != b) {
					d = q[x].price -
					    line_at(pa, slope, q[a].i, q[x].i);
					if (!(fabs(d) <= tol))
						continue;
					first_last = x > a && x < b;
				}
				mask |= (uint64_t)1 << x;
				touches++;
			}
			if (!first_last || touches < o->min_touches ||
			    broken(c, k, pa, slope, q[a].i, tol, sign))
				continue;
			cd[nc].t.kind =
			    sign > 0 ? TL_LEVEL_SUPPORT : TL_LEVEL_RESISTANCE;
			cd[nc].t.i1 = q[a].i;
			cd[nc].t.p1 = pa;
			cd[nc].t.i2 = q[b].i;
			cd[nc].t.p2 = pb;
			cd[nc].t.slope = slope;
			cd[nc].t.touches = touches;
			cd[nc].t.value = line_at(pa, slope, q[a].i, k);
			cd[nc].mask = mask;
			nc++;
		}
	qsort(cd, nc, sizeof *cd, cmp_rank);
	taken = tl_malloc((nc ? nc : 1) * sizeof *taken);
	for (a = 0; a < nc && nt < o->nmax; a++) {
		for (j = 0; j < nt; j++)
			if ((cd[a].mask & taken[j]) == cd[a].mask)
				break;
		if (j < nt)
			continue;
		taken[nt++] = cd[a].mask;
		res[(*len)++] = cd[a].t;
	}
	free(taken);
	free(cd);
}

/*
 * Copies the last TL_TREND_PIVOTS of the np pivots p[] of the kind high
 * into q[], in bar order, and returns their number.
 */
static size_t latest(const struct tl_pivot *p, size_t np, int high,
                     struct tl_pivot *q)
{
	size_t j = np, m = 0, s;

	while (j > 0 && m < TL_TREND_PIVOTS)
		if (p[--j].high == high)
			m++;
	for (s = 0; j < np; j++)
		if (p[j].high == high)
			q[s++] = p[j];
	return m;
}

/*
 * Finds the trendlines as of bar k into a new array in *out (NULL when
 * none; the caller frees it): support lines, then resistance lines.
 */
int tl_trend_find(const double *h, const double *l, const double *c,
                  size_t count, size_t k, const struct tl_trend_opt *o,
                  struct tl_trend **out, size_t *n)
{
	struct tl_trend_opt def;
	struct tl_basis b;
	int r;

	*out = NULL;
	*n = 0;
	if (!o) {
		tl_trend_opt_init(&def);
		o = &def;
	}
	if (!(o->tol_mult >= 0) || !isfinite(o->tol_mult) || o->left < 1 ||
	    o->right < 0 || o->min_touches < 2)
		return -1;
	if (k == TL_LEVELS_LAST && count == 0)
		return 0;
	if (tl_basis_init(&b, h, l, c, count, k, o->left, o->right) < 0)
		return -1;
	r = tl_trend_from(&b, o, out, n);
	tl_basis_free(&b);
	return r;
}

int tl_trend_from(const struct tl_basis *b, const struct tl_trend_opt *o,
                  struct tl_trend **out, size_t *n)
{
	struct tl_pivot q[TL_TREND_PIVOTS];
	struct tl_trend *res;
	size_t m, len = 0, cap, k = b->k;
	double tol;

	*out = NULL;
	*n = 0;
	if (!(o->tol_mult >= 0) || !isfinite(o->tol_mult) ||
	    o->left != b->left || o->right != b->right || o->min_touches < 2)
		return -1;
	if (b->npiv == 0 || o->nmax == 0)
		return 0;
	tol = tl_levels_tol_of(b->atr[k], b->c[k], o->tol_mult);
	cap = o->nmax < MAX_PAIRS ? o->nmax : MAX_PAIRS;
	res = tl_malloc(2 * cap * sizeof *res);
	m = latest(b->piv, b->npiv, 0, q);
	find_kind(q, m, b->c, k, tol, o, 1, res, &len);
	m = latest(b->piv, b->npiv, 1, q);
	find_kind(q, m, b->c, k, tol, o, -1, res, &len);
	if (len == 0) {
		free(res);
		res = NULL;
	}
	*out = res;
	*n = len;
	return 0;
}
