/* test_trend.c: unit tests for tl_trend: exact lines, breaks, no look-ahead,
 * properties on random series. */
#include "tl_trend.h"
#include "tl_test.h"
#include "bars_fixture.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Finds the lines of b as of k with the options o (NULL: the defaults). */
static size_t trends(const struct bars *b, size_t k,
                     const struct tl_trend_opt *o, struct tl_trend **t)
{
	size_t n = 0;

	TL_EQ_INT(tl_trend_find(b->h, b->l, b->c, b->n, k, o, t, &n), 0);
	return n;
}

/* Checks that t is the line of kind through (i1, p1) and (i2, p2). */
static void check_line(const struct tl_trend *t, int kind, size_t i1, double p1,
                       size_t i2, double p2, double slope, int touches,
                       double value)
{
	TL_EQ_INT(t->kind, kind);
	TL_EQ_INT(t->i1, i1);
	TL_EQ_DBL(t->p1, p1);
	TL_EQ_INT(t->i2, i2);
	TL_EQ_DBL(t->p2, p2);
	TL_EQ_DBL(t->slope, slope);
	TL_EQ_INT(t->touches, touches);
	TL_EQ_DBL(t->value, value);
}

static void test_defaults(void)
{
	struct tl_trend_opt o;

	tl_trend_opt_init(&o);
	TL_EQ_INT(o.left, 5);
	TL_EQ_INT(o.right, 5);
	TL_EQ_DBL(o.tol_mult, 0.5);
	TL_EQ_INT(o.min_touches, 3);
	TL_EQ_INT(o.nmax, 4);
}

/*
 * A rising zigzag whose lows 100, 105, 110 at bars 10, 30, 50 lie on the
 * line of slope 0.25; its highs 120, 122, 125 rise, so they make no
 * resistance line.
 */
static const struct vtx rise_v[] = {{0, 110},  {10, 100}, {20, 120}, {30, 105},
                                    {40, 122}, {50, 110}, {60, 125}, {66, 118}};

static void test_support_exact(void)
{
	struct bars b;
	struct tl_trend *t;
	size_t n;

	line(&b, rise_v, 8);
	n = trends(&b, TL_LEVELS_LAST, NULL, &t);
	TL_EQ_INT(n, 1);
	if (n == 1) {
		check_line(&t[0], TL_LEVEL_SUPPORT, 10, 100, 50, 110, 0.25, 3,
		           114);
		TL_EQ_DBL(tl_trend_at(&t[0], 66), 114);
		TL_EQ_DBL(tl_trend_at(&t[0], 30), 105);
		TL_EQ_DBL(tl_trend_at(&t[0], 2), 98);
		TL_EQ_STR(tl_level_kind_name(t[0].kind), "support");
	}
	free(t);
	/* As of 60 the line is the same but for its value there. */
	n = trends(&b, 60, NULL, &t);
	TL_EQ_INT(n, 1);
	if (n == 1)
		check_line(&t[0], TL_LEVEL_SUPPORT, 10, 100, 50, 110, 0.25, 3,
		           112.5);
	free(t);
	/* The third low is confirmed at 55: not known as of 54. */
	TL_EQ_INT(trends(&b, 54, NULL, &t), 0);
	TL_CHECK(t == NULL);
	TL_EQ_INT(trends(&b, 55, NULL, &t), 1);
	free(t);
	bars_free(&b);
}

/* The mirror image: highs 100, 95, 90 on a falling line of slope -0.25. */
static const struct vtx fall_v[] = {{0, 90},  {10, 100}, {20, 80}, {30, 95},
                                    {40, 78}, {50, 90},  {60, 75}, {66, 82}};

static void test_resistance_exact(void)
{
	struct bars b;
	struct tl_trend *t;
	size_t n;

	line(&b, fall_v, 8);
	n = trends(&b, TL_LEVELS_LAST, NULL, &t);
	TL_EQ_INT(n, 1);
	if (n == 1) {
		check_line(&t[0], TL_LEVEL_RESISTANCE, 10, 100, 50, 90, -0.25,
		           3, 86);
		TL_EQ_STR(tl_level_kind_name(t[0].kind), "resistance");
	}
	free(t);
	bars_free(&b);
}

/*
 * A close below the line by more than tol breaks it from that bar on;
 * one within tol does not, nor does a low (a wick) far below it.
 */
static void test_break(void)
{
	struct bars b;
	struct tl_trend_opt o;
	struct tl_trend *t;
	double tol;

	line(&b, rise_v, 8);
	TL_EQ_DBL(b.c[58], 122); /* on the zigzag, above the line */
	b.c[58] = 112 - 5;       /* the line is 112 there */
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 0);
	TL_CHECK(t == NULL);
	TL_EQ_INT(trends(&b, 58, NULL, &t), 0);
	/* Before the break bar the line stands. */
	TL_EQ_INT(trends(&b, 57, NULL, &t), 1);
	free(t);

	tol = tl_levels_tol(b.h, b.l, b.c, b.n - 1, 0.5);
	TL_CHECK(tol > 0.3 && tol < 2);
	b.c[58] = 112 - 0.3; /* within tol (which this barely moves) */
	tol = tl_levels_tol(b.h, b.l, b.c, b.n - 1, 0.5);
	TL_CHECK(0.3 < tol);
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 1);
	free(t);

	/* With tol_mult 0 (tol 0) a close exactly on the line holds... */
	tl_trend_opt_init(&o);
	o.tol_mult = 0;
	TL_EQ_DBL(tl_levels_tol(b.h, b.l, b.c, b.n - 1, 0), 0);
	b.c[58] = 112;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, &o, &t), 1);
	free(t);
	/* ...and one a hair below breaks it. */
	b.c[58] = nextafter(112, 0);
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, &o, &t), 0);

	/* A wick: the low far below, the close above; a pivot low, too. */
	b.c[58] = 115;
	b.l[58] = 100;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 1);
	free(t);
	bars_free(&b);

	/* Resistance: a close above the line + tol breaks it. */
	line(&b, fall_v, 8);
	b.c[62] = 87 + 5; /* the line is 87 at 62 */
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 0);
	b.c[62] = 87;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 1);
	free(t);
	bars_free(&b);
}

/*
 * The third low at 115 is 5 above the line through the first two: two
 * touches make no line with min_touches 3; with 2, the line through the
 * first two is the only one unbroken.
 */
static void test_two_touches(void)
{
	static const struct vtx v[] = {{0, 110},  {10, 100}, {20, 120},
	                               {30, 105}, {40, 122}, {50, 115},
	                               {60, 125}, {66, 118}};
	struct bars b;
	struct tl_trend_opt o;
	struct tl_trend *t;
	size_t n;

	line(&b, v, 8);
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 0);
	TL_CHECK(t == NULL);
	tl_trend_opt_init(&o);
	o.min_touches = 2;
	n = trends(&b, TL_LEVELS_LAST, &o, &t);
	TL_EQ_INT(n, 1);
	if (n == 1)
		check_line(&t[0], TL_LEVEL_SUPPORT, 10, 100, 30, 105, 0.25, 2,
		           114);
	free(t);
	bars_free(&b);

	/* Three touches are not four. */
	line(&b, rise_v, 8);
	o.min_touches = 4;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, &o, &t), 0);
	bars_free(&b);
}

/*
 * A triangle: four lows on a rising line and four highs on a falling one.
 * Each kind gives one line through its extreme touches, not the lines
 * through three of the four; support comes first; nmax caps each kind.
 */
static void test_triangle(void)
{
	static const struct vtx v[] = {
	    {0, 120},  {10, 100}, {20, 140}, {30, 105}, {40, 135},
	    {50, 110}, {60, 130}, {70, 115}, {80, 125}, {86, 120}};
	struct bars b;
	struct tl_trend_opt o;
	struct tl_trend *t;
	size_t n;

	line(&b, v, 10);
	n = trends(&b, TL_LEVELS_LAST, NULL, &t);
	TL_EQ_INT(n, 2);
	if (n == 2) {
		check_line(&t[0], TL_LEVEL_SUPPORT, 10, 100, 70, 115, 0.25, 4,
		           119);
		check_line(&t[1], TL_LEVEL_RESISTANCE, 20, 140, 80, 125, -0.25,
		           4, 123.5);
	}
	free(t);
	tl_trend_opt_init(&o);
	o.nmax = 1;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, &o, &t), 2);
	free(t);
	o.nmax = 0;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, &o, &t), 0);
	TL_CHECK(t == NULL);
	bars_free(&b);
}

/* Flat data and a straight ramp have no pivots and so no lines. */
static void test_flat(void)
{
	struct bars b;
	struct tl_trend *t;
	size_t i;

	bars_alloc(&b, 200);
	for (i = 0; i < b.n; i++)
		b.h[i] = b.l[i] = b.c[i] = 50;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 0);
	TL_CHECK(t == NULL);
	for (i = 0; i < b.n; i++)
		b.h[i] = b.l[i] = b.c[i] = 50 + 0.5 * (double)i;
	TL_EQ_INT(trends(&b, TL_LEVELS_LAST, NULL, &t), 0);
	TL_CHECK(t == NULL);
	bars_free(&b);
}

/* Series too short for three confirmed pivots have no lines. */
static void test_short(void)
{
	struct bars b;
	struct tl_trend *t;
	size_t n, k;

	line(&b, rise_v, 8);
	for (k = 1; k <= 55; k++) {
		TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, k, TL_LEVELS_LAST, NULL,
		                        &t, &n),
		          0);
		TL_EQ_INT(n, 0);
		TL_CHECK(t == NULL);
	}
	TL_EQ_INT(
	    tl_trend_find(b.h, b.l, b.c, 56, TL_LEVELS_LAST, NULL, &t, &n), 0);
	TL_EQ_INT(n, 1);
	free(t);
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, 0, TL_LEVELS_LAST, NULL, &t, &n),
	          0);
	TL_EQ_INT(n, 0);
	TL_CHECK(t == NULL);
	bars_free(&b);
}

/* Bad arguments fail and leave empty outputs. */
static void test_bad_args(void)
{
	struct bars b;
	struct tl_trend *t;
	struct tl_trend_opt o;
	size_t n;

	line(&b, rise_v, 8);
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, b.n, NULL, &t, &n), -1);
	TL_CHECK(t == NULL && n == 0);
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, 0, 0, NULL, &t, &n), -1);
	tl_trend_opt_init(&o);
	o.tol_mult = -1;
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, 5, &o, &t, &n), -1);
	o.tol_mult = NAN;
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, 5, &o, &t, &n), -1);
	o.tol_mult = INFINITY;
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, 5, &o, &t, &n), -1);
	tl_trend_opt_init(&o);
	o.left = 0;
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, 5, &o, &t, &n), -1);
	tl_trend_opt_init(&o);
	o.right = -1;
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, 5, &o, &t, &n), -1);
	tl_trend_opt_init(&o);
	o.min_touches = 1;
	TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, 5, &o, &t, &n), -1);
	TL_CHECK(t == NULL && n == 0);
	bars_free(&b);
}

/* Returns 1 when the line arrays a[0..na) and b[0..nb) are equal. */
static int same_lines(const struct tl_trend *a, size_t na,
                      const struct tl_trend *b, size_t nb)
{
	size_t j;

	if (na != nb)
		return 0;
	for (j = 0; j < na; j++)
		if (a[j].kind != b[j].kind || a[j].i1 != b[j].i1 ||
		    a[j].p1 != b[j].p1 || a[j].i2 != b[j].i2 ||
		    a[j].p2 != b[j].p2 || a[j].slope != b[j].slope ||
		    a[j].touches != b[j].touches || a[j].value != b[j].value)
			return 0;
	return 1;
}

/*
 * No look-ahead: for every k, the lines over exactly bars 0..k (copied
 * into arrays of k+1, so a read past them is a sanitizer error) equal the
 * lines of the whole series as of k, field by field.
 */
static void test_no_lookahead(void)
{
	struct bars b, pre;
	struct tl_trend_opt o;
	size_t k, bad = 0, nonempty = 0, kinds = 0;

	tl_t_state = 0x9E3779B97F4A7C15ULL;
	random_bars(&b, 600);
	tl_trend_opt_init(&o);
	o.left = o.right = 3;
	for (k = 0; k < b.n; k++) {
		struct tl_trend *full, *part;
		size_t nfull, npart, j;
		int sup = 0, res = 0;

		pre.n = k + 1;
		pre.h = malloc(pre.n * sizeof *pre.h);
		pre.l = malloc(pre.n * sizeof *pre.l);
		pre.c = malloc(pre.n * sizeof *pre.c);
		memcpy(pre.h, b.h, pre.n * sizeof *pre.h);
		memcpy(pre.l, b.l, pre.n * sizeof *pre.l);
		memcpy(pre.c, b.c, pre.n * sizeof *pre.c);
		nfull = trends(&b, k, &o, &full);
		npart = trends(&pre, TL_LEVELS_LAST, &o, &part);
		bad += !same_lines(full, nfull, part, npart);
		nonempty += nfull > 0;
		for (j = 0; j < nfull; j++) {
			bad += full[j].i2 + (size_t)o.right > k;
			sup |= full[j].kind == TL_LEVEL_SUPPORT;
			res |= full[j].kind == TL_LEVEL_RESISTANCE;
		}
		kinds += sup && res;
		free(full);
		free(part);
		bars_free(&pre);
	}
	TL_EQ_INT(bad, 0);
	TL_CHECK(nonempty > 100);
	TL_CHECK(kinds > 10);
	bars_free(&b);
}

/*
 * Returns the set of the last TL_TREND_PIVOTS pivots of the kind among
 * p[0..np) within tol of the line t (its anchors always), as bits in
 * their bar order; their number in *count, the first and last bars in
 * *first and *last.
 */
static uint64_t touch_set(const struct tl_pivot *p, size_t np, int high,
                          const struct tl_trend *t, double tol, size_t *first,
                          size_t *last, int *count)
{
	size_t j, m = 0, idx[TL_TREND_PIVOTS], s;
	uint64_t set = 0;

	for (j = np; j > 0 && m < TL_TREND_PIVOTS; j--)
		if (p[j - 1].high == high)
			idx[m++] = j - 1;
	*count = 0;
	*first = SIZE_MAX;
	*last = 0;
	for (s = 0; s < m; s++) {
		const struct tl_pivot *v = &p[idx[m - 1 - s]];
		int on = v->i == t->i1 || v->i == t->i2 ||
		         fabs(v->price - tl_trend_at(t, v->i)) <= tol;

		if (!on)
			continue;
		set |= (uint64_t)1 << s;
		(*count)++;
		if (v->i < *first)
			*first = v->i;
		if (v->i > *last)
			*last = v->i;
	}
	return set;
}

/*
 * Properties on random series, checked against the rules directly: the
 * kinds in order, at most nmax of each, ranked; anchors are pivots of the
 * kind with the right slope and are the first and last touch; the touch
 * count is right and at least min_touches; no close breaks a line; no
 * line's touches are a subset of another's of its kind.
 */
static void test_random_properties(void)
{
	struct bars b;
	struct tl_trend_opt o;
	size_t round, bad = 0, total = 0;

	tl_t_state = 88172645463325252ULL;
	for (round = 0; round < 60; round++) {
		struct tl_trend *t;
		struct tl_pivot *p;
		size_t n, np, j, m, k, nk[2] = {0, 0};
		uint64_t sets[64];
		double tol;

		random_bars(&b, 150 + round * 13);
		k = b.n - 1 - round % 7;
		tl_trend_opt_init(&o);
		o.left = o.right = 2 + (int)(round % 3);
		o.nmax = 1 + round % 5;
		o.min_touches = 3 + (int)(round % 2);
		tol = tl_levels_tol(b.h, b.l, b.c, k, o.tol_mult);
		n = trends(&b, k, &o, &t);
		tl_levels_pivots(b.h, b.l, k + 1, o.left, o.right, &p, &np);
		total += n;
		bad += n > 64;
		for (j = 0; j < n && j < 64; j++) {
			const struct tl_trend *x = &t[j];
			int sup = x->kind == TL_LEVEL_SUPPORT, cnt, a1 = 0,
			    a2 = 0;
			size_t first, last, i;

			nk[!sup]++;
			if (j > 0) {
				const struct tl_trend *y = &t[j - 1];

				bad += y->kind > x->kind;
				bad += y->kind == x->kind &&
				       (y->touches < x->touches ||
				        (y->touches == x->touches &&
				         y->i2 < x->i2));
			}
			bad += sup ? !(x->p2 > x->p1) : !(x->p2 < x->p1);
			bad += !(x->i1 < x->i2 && x->i2 + (size_t)o.right <= k);
			bad += x->slope != (x->p2 - x->p1) /
			                       ((double)x->i2 - (double)x->i1);
			bad += x->value != tl_trend_at(x, k);
			for (i = 0; i < np; i++) {
				a1 += p[i].high == !sup && p[i].i == x->i1 &&
				      p[i].price == x->p1;
				a2 += p[i].high == !sup && p[i].i == x->i2 &&
				      p[i].price == x->p2;
			}
			bad += a1 != 1 || a2 != 1;
			sets[j] =
			    touch_set(p, np, !sup, x, tol, &first, &last, &cnt);
			bad += cnt != x->touches || x->touches < o.min_touches;
			bad += first != x->i1 || last != x->i2;
			for (i = x->i1; i <= k; i++)
				bad += sup ? b.c[i] < tl_trend_at(x, i) - tol
				           : b.c[i] > tl_trend_at(x, i) + tol;
			for (m = 0; m < j; m++)
				bad += t[m].kind == x->kind &&
				       (sets[j] & sets[m]) == sets[j];
		}
		bad += nk[0] > o.nmax || nk[1] > o.nmax;
		free(p);
		free(t);
		bars_free(&b);
	}
	TL_EQ_INT(bad, 0);
	TL_CHECK(total > 20);
}

/*
 * 200,000 random bars as of the last bar and a few bars before it: this
 * runs in well under a second in a normal build (time is not asserted).
 */
static void test_large(void)
{
	struct bars b;
	struct tl_trend *t;
	size_t n, r;

	tl_t_state = 12345;
	random_bars(&b, 200000);
	for (r = 0; r < 3; r++) {
		TL_EQ_INT(tl_trend_find(b.h, b.l, b.c, b.n, b.n - 1 - r * 1000,
		                        NULL, &t, &n),
		          0);
		TL_CHECK(n <= 8);
		free(t);
	}
	bars_free(&b);
}

int main(void)
{
	TL_RUN(test_defaults);
	TL_RUN(test_support_exact);
	TL_RUN(test_resistance_exact);
	TL_RUN(test_break);
	TL_RUN(test_two_touches);
	TL_RUN(test_triangle);
	TL_RUN(test_flat);
	TL_RUN(test_short);
	TL_RUN(test_bad_args);
	TL_RUN(test_no_lookahead);
	TL_RUN(test_random_properties);
	TL_RUN(test_large);
	return TL_DONE();
}
