/* tl_levels.c: pivots and horizontal support/resistance levels of a series. */
#include "tl_levels.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl_ind.h"
#include "tl_util.h"

/*
 * Returns 1 when x[i] is a pivot of the window: x[i] beats (sign = 1 for
 * greater, -1 for less) each of the left values before it strictly and
 * each of the right values after it or ties them. The caller checks that
 * the window fits.
 */
static int is_pivot(const double *x, size_t i, size_t left, size_t right,
                    int sign)
{
	size_t j;

	for (j = i - left; j < i; j++)
		if (!(sign > 0 ? x[i] > x[j] : x[i] < x[j]))
			return 0;
	for (j = i + 1; j <= i + right; j++)
		if (!(sign > 0 ? x[i] >= x[j] : x[i] <= x[j]))
			return 0;
	return 1;
}

/*
 * Finds the pivots confirmed within the first count bars, in bar order,
 * into a new array in *out (NULL when none; the caller frees it).
 */
int tl_levels_pivots(const double *h, const double *l, size_t count, int left,
                     int right, struct tl_pivot **out, size_t *n)
{
	size_t lw = (size_t)left, rw = (size_t)right, i, len = 0, cap = 0;
	struct tl_pivot *p = NULL;

	*out = NULL;
	*n = 0;
	if (left < 1 || right < 0)
		return -1;
	for (i = lw; i < count && count - 1 - i >= rw; i++) {
		int side;

		for (side = 1; side >= 0; side--) {
			const double *x = side ? h : l;

			if (!is_pivot(x, i, lw, rw, side ? 1 : -1))
				continue;
			if (len == cap) {
				cap = cap ? 2 * cap : 16;
				p = tl_realloc(p, cap * sizeof *p);
			}
			p[len].i = i;
			p[len].price = x[i];
			p[len].high = side;
			p[len].confirmed = i + rw;
			len++;
		}
	}
	*out = p;
	*n = len;
	return 0;
}

/* Returns the tolerance as of bar k: tol_mult ATRs, or the fallback. */
double tl_levels_tol(const double *h, const double *l, const double *c,
                     size_t k, double tol_mult)
{
	struct tl_ind_atr s;
	double atr = NAN;
	size_t i;

	tl_ind_atr_init(&s, TL_LEVELS_ATR_N);
	for (i = 0; i <= k; i++)
		atr = tl_ind_atr_next(&s, h[i], l[i], c[i]);
	return tl_levels_tol_of(atr, c[k], tol_mult);
}

double tl_levels_tol_of(double atr, double close, double tol_mult)
{
	double fb;

	if (isfinite(atr) && atr > 0)
		return tol_mult * atr;
	fb = 0.001 * fabs(close);
	return fb > 0 ? fb : 1e-9;
}

/* Returns the name of a level's kind. */
const char *tl_level_kind_name(int kind)
{
	return kind == TL_LEVEL_RESISTANCE ? "resistance" : "support";
}

/* Sets the default options. */
void tl_levels_opt_init(struct tl_levels_opt *o)
{
	o->left = 5;
	o->right = 5;
	o->tol_mult = 0.5;
	o->nmax = 10;
}

/* A pivot's price and its place in the pivot array, for sorting. */
struct byprice {
	double price;
	size_t j;
};

/* Orders by price, then by place (bar, a bar's high first). */
static int cmp_byprice(const void *a, const void *b)
{
	const struct byprice *x = a, *y = b;

	if (x->price != y->price)
		return x->price < y->price ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

/* A level while being chosen: near when it is the nearest on its side. */
struct cand {
	struct tl_level v;
	int near;
	int broken; /* traded through since its last touch */
};

/*
 * Range maxima and minima of the closes c[0..n), for "the first close at
 * or after i above (below) x" in O(log n): a segment tree of size leaves
 * (a power of two), padded with -inf for maxima and +inf for minima.
 */
struct closes {
	double *mx, *mn;
	size_t size;
};

/* Builds the tree over c[0..n); closes_release() frees it. */
static void closes_init(struct closes *t, const double *c, size_t n)
{
	size_t i;

	for (t->size = 1; t->size < n; t->size *= 2)
		;
	t->mx = tl_malloc(2 * t->size * sizeof *t->mx);
	t->mn = tl_malloc(2 * t->size * sizeof *t->mn);
	for (i = 0; i < t->size; i++) {
		t->mx[t->size + i] = i < n ? c[i] : -INFINITY;
		t->mn[t->size + i] = i < n ? c[i] : INFINITY;
	}
	for (i = t->size - 1; i >= 1; i--) {
		t->mx[i] = fmax(t->mx[2 * i], t->mx[2 * i + 1]);
		t->mn[i] = fmin(t->mn[2 * i], t->mn[2 * i + 1]);
	}
}

static void closes_release(struct closes *t)
{
	free(t->mx);
	free(t->mn);
}

/*
 * Returns the first index >= i in node's span [lo, hi) whose close is
 * above x (above set) or below x, or SIZE_MAX.
 */
static size_t first_beyond(const struct closes *t, size_t node, size_t lo,
                           size_t hi, size_t i, double x, int above)
{
	size_t mid, r;

	if (hi <= i || (above ? !(t->mx[node] > x) : !(t->mn[node] < x)))
		return SIZE_MAX;
	if (hi - lo == 1)
		return lo;
	mid = lo + (hi - lo) / 2;
	r = first_beyond(t, 2 * node, lo, mid, i, x, above);
	if (r != SIZE_MAX)
		return r;
	return first_beyond(t, 2 * node + 1, mid, hi, i, x, above);
}

/*
 * Counts, up to most, the times the closes after bar from crossed the
 * band [price - tol, price + tol]: each time a close lies beyond the band
 * on the other side from the last one that lay beyond it.
 */
static int crossings(const struct closes *t, size_t from, double price,
                     double tol, int most)
{
	double up = price + tol, down = price - tol;
	size_t a = first_beyond(t, 1, 0, t->size, from, up, 1);
	size_t b = first_beyond(t, 1, 0, t->size, from, down, 0);
	int above = a < b, n = 0;
	size_t j = above ? a : b;

	while (j != SIZE_MAX && n < most) {
		j = first_beyond(t, 1, 0, t->size, j + 1, above ? down : up,
		                 !above);
		if (j == SIZE_MAX)
			break;
		above = !above;
		n++;
	}
	return n;
}

/* Orders levels by strength, descending, then by price, ascending. */
static int cmp_strength(const void *a, const void *b)
{
	const struct tl_level *x = &((const struct cand *)a)->v,
	                      *y = &((const struct cand *)b)->v;

	if (x->strength != y->strength)
		return x->strength > y->strength ? -1 : 1;
	if (x->price != y->price)
		return x->price < y->price ? -1 : 1;
	return 0;
}

/*
 * Groups the n pivots p[] into levels: fills cl[j] with pivot j's cluster
 * and returns the number of clusters, numbered from 0 by rising price.
 */
static size_t cluster(const struct tl_pivot *p, size_t n, double tol,
                      size_t *cl)
{
	struct byprice *s = tl_malloc(n * sizeof *s);
	size_t j, nc = 0;
	double anchor = 0;

	for (j = 0; j < n; j++) {
		s[j].price = p[j].price;
		s[j].j = j;
	}
	qsort(s, n, sizeof *s, cmp_byprice);
	for (j = 0; j < n; j++) {
		if (j == 0 || !(s[j].price - anchor <= tol)) {
			anchor = s[j].price;
			nc++;
		}
		cl[s[j].j] = nc - 1;
	}
	free(s);
	return nc;
}

/*
 * Fills the nc levels lv[] from the pivots in bar order, each pivot j
 * joining level cl[j], scores them as of bar k, gives each its kind (a
 * level within tol of close takes the role of its latest pivot) and marks
 * the nearest support and resistance to close.
 */
static void measure(const struct tl_pivot *p, size_t n, const size_t *cl,
                    struct cand *lv, size_t nc, size_t k, double close,
                    double tol, const struct closes *t)
{
	double *sum = tl_calloc(nc, sizeof *sum);
	int *lasthigh = tl_calloc(nc, sizeof *lasthigh);
	size_t j, near_r, near_s, on = SIZE_MAX;
	size_t ns[2] = {SIZE_MAX, SIZE_MAX}, nr[2] = {SIZE_MAX, SIZE_MAX};
	int m;

	for (j = 0; j < nc; j++) {
		lv[j].v.touches = 0;
		lv[j].near = 0;
		lv[j].broken = 0;
	}
	for (j = 0; j < n; j++) {
		struct tl_level *v = &lv[cl[j]].v;

		if (v->touches == 0 || p[j].price < v->lo)
			v->lo = p[j].price;
		if (v->touches == 0 || p[j].price > v->hi)
			v->hi = p[j].price;
		if (v->touches == 0) {
			v->first = p[j].i;
			v->flips = 0;
		} else if (p[j].high != lasthigh[cl[j]]) {
			v->flips++;
		}
		lasthigh[cl[j]] = p[j].high;
		v->last = p[j].i;
		v->touches++;
	}
	/* Summed from the least price, so equal prices give it exactly. */
	for (j = 0; j < n; j++)
		sum[cl[j]] += p[j].price - lv[cl[j]].v.lo;
	for (j = 0; j < nc; j++) {
		struct tl_level *v = &lv[j].v;

		v->price = v->lo + sum[j] / v->touches;
		v->strength = v->touches + 1.5 * v->flips +
		              (double)v->last / ((double)k + 1);
		lv[j].broken =
		    crossings(t, v->last + 1, v->price, tol,
		              TL_LEVELS_CROSSINGS) >= TL_LEVELS_CROSSINGS;
		/* The level the close sits on: the nearest such. */
		if (!lv[j].broken && close >= v->lo - tol &&
		    close <= v->hi + tol &&
		    (on == SIZE_MAX ||
		     fabs(v->price - close) < fabs(lv[on].v.price - close)))
			on = j;
	}
	for (j = 0; j < nc; j++) {
		struct tl_level *v = &lv[j].v;

		if (j == on)
			v->kind = lasthigh[j] ? TL_LEVEL_RESISTANCE
			                      : TL_LEVEL_SUPPORT;
		else
			v->kind = v->price < close ? TL_LEVEL_SUPPORT
			                           : TL_LEVEL_RESISTANCE;
		if (lv[j].broken)
			continue;
		/* The highest support and the lowest resistance, of those
		 * touched twice [1] and of all [0]. */
		m = v->touches >= 2;
		if (v->kind == TL_LEVEL_SUPPORT) {
			if (ns[0] == SIZE_MAX || v->price > lv[ns[0]].v.price)
				ns[0] = j;
			if (m &&
			    (ns[1] == SIZE_MAX || v->price > lv[ns[1]].v.price))
				ns[1] = j;
		} else {
			if (nr[0] == SIZE_MAX || v->price < lv[nr[0]].v.price)
				nr[0] = j;
			if (m &&
			    (nr[1] == SIZE_MAX || v->price < lv[nr[1]].v.price))
				nr[1] = j;
		}
	}
	/* The one the close sits on, else one touched twice, else any. */
	near_s = ns[1] != SIZE_MAX ? ns[1] : ns[0];
	near_r = nr[1] != SIZE_MAX ? nr[1] : nr[0];
	if (on != SIZE_MAX && lv[on].v.kind == TL_LEVEL_SUPPORT)
		near_s = on;
	if (on != SIZE_MAX && lv[on].v.kind == TL_LEVEL_RESISTANCE)
		near_r = on;
	if (near_s != SIZE_MAX)
		lv[near_s].near = 1;
	if (near_r != SIZE_MAX)
		lv[near_r].near = 1;
	free(sum);
	free(lasthigh);
}

int tl_basis_init(struct tl_basis *b, const double *h, const double *l,
                  const double *c, size_t count, size_t k, int left, int right)
{
	memset(b, 0, sizeof *b);
	if (k == TL_LEVELS_LAST)
		k = count - 1;
	if (count == 0 || k >= count || left < 1 || right < 0)
		return -1;
	b->h = h, b->l = l, b->c = c;
	b->k = k;
	b->left = left, b->right = right;
	/* From here on nothing past bar k is read. */
	tl_levels_pivots(h, l, k + 1, left, right, &b->piv, &b->npiv);
	b->atr = tl_malloc((k + 1) * sizeof *b->atr);
	tl_ind_atr(h, l, c, k + 1, TL_LEVELS_ATR_N, b->atr);
	return 0;
}

void tl_basis_free(struct tl_basis *b)
{
	free(b->piv);
	free(b->atr);
	b->piv = NULL;
	b->atr = NULL;
	b->npiv = 0;
}

/*
 * Finds the levels as of bar k into a new array in *out (NULL when none;
 * the caller frees it), strongest first.
 */
int tl_levels_find(const double *h, const double *l, const double *c,
                   size_t count, size_t k, const struct tl_levels_opt *o,
                   struct tl_level **out, size_t *n)
{
	struct tl_levels_opt def;
	struct tl_basis b;
	int r;

	*out = NULL;
	*n = 0;
	if (!o) {
		tl_levels_opt_init(&def);
		o = &def;
	}
	if (!(o->tol_mult >= 0) || !isfinite(o->tol_mult) || o->left < 1 ||
	    o->right < 0)
		return -1;
	if (k == TL_LEVELS_LAST && count == 0)
		return 0;
	if (tl_basis_init(&b, h, l, c, count, k, o->left, o->right) < 0)
		return -1;
	r = tl_levels_from(&b, o, out, n);
	tl_basis_free(&b);
	return r;
}

int tl_levels_from(const struct tl_basis *b, const struct tl_levels_opt *o,
                   struct tl_level **out, size_t *n)
{
	const struct tl_pivot *p = b->piv;
	struct tl_level *res;
	struct cand *lv;
	size_t np = b->npiv, nc, j, kept, nnear, others, room, len, k = b->k;
	size_t *cl;
	double tol;
	struct closes t;

	*out = NULL;
	*n = 0;
	if (!(o->tol_mult >= 0) || !isfinite(o->tol_mult) ||
	    o->left != b->left || o->right != b->right)
		return -1;
	if (np == 0)
		return 0;
	cl = tl_malloc(np * sizeof *cl);
	tol = tl_levels_tol_of(b->atr[k], b->c[k], o->tol_mult);
	nc = cluster(p, np, tol, cl);
	lv = tl_malloc(nc * sizeof *lv);
	closes_init(&t, b->c, k + 1);
	measure(p, np, cl, lv, nc, k, b->c[k], tol, &t);
	closes_release(&t);
	free(cl);

	/* Keep the nearest ones and those touched at least twice. */
	kept = 0;
	nnear = 0;
	for (j = 0; j < nc; j++) {
		if (lv[j].broken || (!lv[j].near && lv[j].v.touches < 2))
			continue;
		nnear += lv[j].near;
		lv[kept++] = lv[j];
	}
	qsort(lv, kept, sizeof *lv, cmp_strength);
	/* Cap: the nearest ones always, the strongest others to fill nmax. */
	room = o->nmax > nnear ? o->nmax - nnear : 0;
	others = 0;
	len = 0;
	res = kept ? tl_malloc(kept * sizeof *res) : NULL;
	for (j = 0; j < kept; j++) {
		if (!lv[j].near) {
			if (others == room)
				continue;
			others++;
		}
		res[len++] = lv[j].v;
	}
	free(lv);
	*out = res;
	*n = len;
	return 0;
}
