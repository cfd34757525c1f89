/* test_levels.c: unit tests for tl_levels: exact pivots, golden levels, no
 * look-ahead. */
#include "tl_levels.h"
#include "tl_test.h"
#include "bars_fixture.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Finds the levels of b as of its last bar with the defaults but nmax. */
static size_t levels(const struct bars *b, size_t nmax, struct tl_level **lv)
{
	struct tl_levels_opt o;
	size_t n = 0;

	tl_levels_opt_init(&o);
	o.nmax = nmax;
	TL_EQ_INT(
	    tl_levels_find(b->h, b->l, b->c, b->n, TL_LEVELS_LAST, &o, lv, &n),
	    0);
	return n;
}

/* Returns the level at price in lv[0..n), or NULL. */
static const struct tl_level *at(const struct tl_level *lv, size_t n,
                                 double price)
{
	size_t j;

	for (j = 0; j < n; j++)
		if (lv[j].price == price)
			return &lv[j];
	return NULL;
}

static void test_defaults(void)
{
	struct tl_levels_opt o;

	tl_levels_opt_init(&o);
	TL_EQ_INT(o.left, 5);
	TL_EQ_INT(o.right, 5);
	TL_EQ_DBL(o.tol_mult, 0.5);
	TL_EQ_INT(o.nmax, 10);
	TL_EQ_STR(tl_level_kind_name(TL_LEVEL_SUPPORT), "support");
	TL_EQ_STR(tl_level_kind_name(TL_LEVEL_RESISTANCE), "resistance");
}

/* One peak at bar 5 and one trough at bar 10: exact pivots, confirmed at i+R.
 */
static void test_pivots_exact(void)
{
	static const struct vtx v[] = {{0, 100}, {5, 105}, {10, 95}, {20, 99}};
	struct bars b;
	struct tl_pivot *p;
	size_t n;

	line(&b, v, 4);
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 2);
	if (n == 2) {
		TL_EQ_INT(p[0].i, 5);
		TL_EQ_DBL(p[0].price, 105);
		TL_EQ_INT(p[0].high, 1);
		TL_EQ_INT(p[0].confirmed, 10);
		TL_EQ_INT(p[1].i, 10);
		TL_EQ_DBL(p[1].price, 95);
		TL_EQ_INT(p[1].high, 0);
		TL_EQ_INT(p[1].confirmed, 15);
	}
	free(p);
	/* Over bars 0..14 the trough (confirmed at 15) is not known yet. */
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, 15, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 1);
	TL_EQ_INT(n ? p[0].i : 0, 5);
	free(p);
	/* Over bars 0..9 not even the peak is. */
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, 10, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 0);
	TL_CHECK(p == NULL);
	/* With L = 6 the peak at bar 5 lacks the bars before it. */
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 6, 5, &p, &n), 0);
	TL_EQ_INT(n, 1);
	TL_EQ_INT(n ? p[0].i : 0, 10);
	free(p);
	bars_free(&b);
}

/* A flat top or bottom of equal bars yields one pivot, its first bar. */
static void test_pivots_flat_top(void)
{
	static const struct vtx v[] = {{0, 100},  {8, 108},  {11, 108},
	                               {19, 100}, {22, 100}, {30, 108}};
	struct bars b;
	struct tl_pivot *p;
	size_t n;

	line(&b, v, 6);
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 2);
	if (n == 2) {
		TL_EQ_INT(p[0].i, 8);
		TL_EQ_INT(p[0].high, 1);
		TL_EQ_DBL(p[0].price, 108);
		TL_EQ_INT(p[1].i, 19);
		TL_EQ_INT(p[1].high, 0);
		TL_EQ_DBL(p[1].price, 100);
	}
	free(p);
	/*
	 * An equal high among the L bars before bar 8 makes it no pivot
	 * (strict); the earlier bar of the two is the pivot instead.
	 */
	b.h[5] = 108;
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 2);
	TL_EQ_INT(n ? p[0].i : 0, 5);
	TL_EQ_DBL(n ? p[0].price : 0, 108);
	free(p);
	bars_free(&b);
}

/* A bar with both a pivot high and a pivot low lists its high first. */
static void test_pivots_both(void)
{
	struct bars b;
	struct tl_pivot *p;
	size_t n, i;

	bars_alloc(&b, 11);
	for (i = 0; i < 11; i++) {
		b.h[i] = 10;
		b.l[i] = 9;
		b.c[i] = 9.5;
	}
	b.h[5] = 12;
	b.l[5] = 7;
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 2);
	if (n == 2) {
		TL_EQ_INT(p[0].high, 1);
		TL_EQ_DBL(p[0].price, 12);
		TL_EQ_INT(p[1].high, 0);
		TL_EQ_DBL(p[1].price, 7);
		TL_EQ_INT(p[0].i, 5);
		TL_EQ_INT(p[1].i, 5);
	}
	free(p);
	/* Right window 0: confirmed on its own bar. */
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, 6, 5, 0, &p, &n), 0);
	TL_EQ_INT(n, 2);
	TL_EQ_INT(n ? p[0].confirmed : 0, 5);
	free(p);
	bars_free(&b);
}

/*
 * The golden case: highs at exactly 110 three times, lows at exactly 100
 * twice, last close 105 between them: exactly those two levels.
 */
static void test_golden_two_levels(void)
{
	static const struct vtx v[] = {{0, 100},  {10, 110}, {20, 100},
	                               {30, 110}, {40, 100}, {50, 110},
	                               {55, 105}};
	struct bars b;
	struct tl_level *lv;
	size_t n;

	line(&b, v, 7);
	n = levels(&b, 10, &lv);
	TL_EQ_INT(n, 2);
	if (n == 2) {
		/* 110: touches 3, last 50 -> 3 + 50/56. */
		TL_EQ_DBL(lv[0].price, 110);
		TL_EQ_DBL(lv[0].lo, 110);
		TL_EQ_DBL(lv[0].hi, 110);
		TL_EQ_INT(lv[0].touches, 3);
		TL_EQ_INT(lv[0].flips, 0);
		TL_EQ_INT(lv[0].first, 10);
		TL_EQ_INT(lv[0].last, 50);
		TL_EQ_INT(lv[0].kind, TL_LEVEL_RESISTANCE);
		TL_EQ_DBL(lv[0].strength, 3 + 50.0 / 56);
		/* 100: touches 2 (bar 0 has no L bars before it). */
		TL_EQ_DBL(lv[1].price, 100);
		TL_EQ_DBL(lv[1].lo, 100);
		TL_EQ_DBL(lv[1].hi, 100);
		TL_EQ_INT(lv[1].touches, 2);
		TL_EQ_INT(lv[1].flips, 0);
		TL_EQ_INT(lv[1].first, 20);
		TL_EQ_INT(lv[1].last, 40);
		TL_EQ_INT(lv[1].kind, TL_LEVEL_SUPPORT);
		TL_EQ_DBL(lv[1].strength, 2 + 40.0 / 56);
	}
	free(lv);
	bars_free(&b);
}

/* A close exactly at a level's price makes it support. */
static void test_close_on_level(void)
{
	static const struct vtx v[] = {{0, 100},  {10, 110}, {20, 100},
	                               {30, 110}, {40, 100}, {50, 110},
	                               {60, 100}};
	struct bars b;
	struct tl_level *lv;
	const struct tl_level *s, *r;
	size_t n;

	line(&b, v, 7);
	TL_EQ_DBL(b.c[b.n - 1], 100);
	n = levels(&b, 10, &lv);
	TL_EQ_INT(n, 2);
	s = at(lv, n, 100);
	r = at(lv, n, 110);
	TL_CHECK(s && s->kind == TL_LEVEL_SUPPORT);
	TL_CHECK(r && r->kind == TL_LEVEL_RESISTANCE);
	free(lv);
	bars_free(&b);
}

/*
 * A range that ends on a touch of its top: the close sits on the 110 level,
 * whose latest pivot is a high, so it is the resistance, and 100 the
 * support (not "110 is support since it is at the close").
 */
static void test_close_at_top(void)
{
	static const struct vtx v[] = {{0, 100},  {10, 110}, {20, 100},
	                               {30, 110}, {40, 100}, {50, 110}};
	struct bars b;
	struct tl_level *lv;
	const struct tl_level *s, *r;
	size_t n;

	line(&b, v, 6);
	TL_EQ_DBL(b.c[b.n - 1], 110);
	n = levels(&b, 10, &lv);
	TL_EQ_INT(n, 2);
	s = at(lv, n, 100);
	r = at(lv, n, 110);
	TL_CHECK(s && s->kind == TL_LEVEL_SUPPORT);
	TL_CHECK(r && r->kind == TL_LEVEL_RESISTANCE);
	free(lv);
	bars_free(&b);
}

/*
 * A level traded through three times after its last touch is broken: the
 * 110 level of a 100-110 range that price then crosses up (to 120), down
 * (to 95) and up again (to 118) is gone; crossed twice it stays.
 */
static void test_broken(void)
{
	static const struct vtx thrice[] = {
	    {0, 100},  {10, 110}, {20, 100}, {30, 110}, {40, 100},
	    {50, 110}, {60, 100}, {70, 120}, {80, 95},  {90, 118}};
	struct bars b;
	struct tl_level *lv;
	size_t n;

	line(&b, thrice, 10);
	n = levels(&b, 10, &lv);
	TL_CHECK(!at(lv, n, 110));
	free(lv);
	/* As of bar 85 (crossed up, then down: twice) it is still there. */
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, b.n, 85, NULL, &lv, &n), 0);
	TL_CHECK(at(lv, n, 110) != NULL);
	free(lv);
	bars_free(&b);
}

/* Builds the golden series with a fourth peak at p (bar 70), close 105. */
static void peak_series(struct bars *b, double p)
{
	struct vtx v[] = {{0, 100},  {10, 110}, {20, 100}, {30, 110}, {40, 100},
	                  {50, 110}, {60, 100}, {70, 0},   {80, 105}};

	v[7].x = p;
	line(b, v, 9);
}

/* Returns the tolerance of peak_series(p) as of its last bar. */
static double peak_tol(double p)
{
	struct bars b;
	double tol;

	peak_series(&b, p);
	tol = tl_levels_tol(b.h, b.l, b.c, b.n - 1, 0.5);
	bars_free(&b);
	return tol;
}

/*
 * A peak at 110 + tol + eps stays apart from the 110 level; one at
 * 110 + tol - eps joins it. The peak itself moves the ATR a little, so
 * the boundary p = 110 + tol(p) is found by iterating (a contraction),
 * and each side checks its own precondition before the levels.
 */
static void test_tolerance_edge(void)
{
	struct bars b;
	struct tl_level *lv;
	const struct tl_level *v;
	double p = 110, pin, pout;
	size_t n, it;

	for (it = 0; it < 60; it++)
		p = 110 + peak_tol(p);
	TL_CHECK(p > 110.2 && p < 111); /* ATR about 1 here */
	pout = p + 1e-6;
	pin = p - 1e-6;
	TL_CHECK(pout - 110 > peak_tol(pout));
	TL_CHECK(pin - 110 <= peak_tol(pin));

	peak_series(&b, pout);
	n = levels(&b, 10, &lv);
	TL_EQ_INT(n,
	          2); /* the lone peak is neither twice touched nor nearest */
	v = at(lv, n, 110);
	TL_CHECK(v && v->touches == 3 && v->hi == 110);
	v = at(lv, n, 100);
	TL_CHECK(v && v->touches == 3);
	free(lv);
	bars_free(&b);

	peak_series(&b, pin);
	n = levels(&b, 10, &lv);
	TL_EQ_INT(n, 2);
	if (n == 2) {
		TL_EQ_INT(lv[0].touches, 4);
		TL_EQ_DBL(lv[0].lo, 110);
		TL_EQ_DBL(lv[0].hi, pin);
		TL_EQ_DBL(lv[0].price, 110 + (pin - 110) / 4);
		TL_EQ_INT(lv[0].last, 70);
		TL_EQ_INT(lv[0].kind, TL_LEVEL_RESISTANCE);
		TL_EQ_DBL(lv[1].price, 100);
		TL_EQ_INT(lv[1].touches, 3);
	}
	free(lv);
	bars_free(&b);
}

/*
 * Exactly at the boundary: with unit steps (and bar 0 one unit high) every
 * TR is 1, so ATR(14) is 1
 * and tol is tol_mult exactly. Peaks at 110 and 111 are tol = 1 apart and
 * merge (the rule is <= tol); with tol_mult just below 1 they do not.
 */
static void test_tolerance_exact(void)
{
	static const struct vtx vx[] = {{0, 100},  {10, 110}, {20, 100},
	                                {31, 111}, {42, 100}, {47, 105}};
	struct bars b;
	struct tl_levels_opt o;
	struct tl_level *lv;
	const struct tl_level *v;
	size_t n;

	line(&b, vx, 6);
	b.l[0] = 99; /* TR_0 = h - l = 1 too */
	tl_levels_opt_init(&o);
	o.tol_mult = 1;
	TL_EQ_DBL(tl_levels_tol(b.h, b.l, b.c, b.n - 1, 1), 1);
	TL_EQ_INT(
	    tl_levels_find(b.h, b.l, b.c, b.n, TL_LEVELS_LAST, &o, &lv, &n), 0);
	TL_EQ_INT(n, 2);
	v = at(lv, n, 110.5);
	TL_CHECK(v && v->lo == 110 && v->hi == 111 && v->touches == 2 &&
	         v->first == 10 && v->last == 31);
	v = at(lv, n, 100);
	TL_CHECK(v && v->touches == 2);
	/* Equal touches: the more recent 100 ranks first. */
	TL_CHECK(n == 2 && lv[0].price == 100);
	free(lv);
	o.tol_mult = 0.999;
	TL_EQ_INT(
	    tl_levels_find(b.h, b.l, b.c, b.n, TL_LEVELS_LAST, &o, &lv, &n), 0);
	/* 110 (one touch, nearest resistance) and 100; 111 goes. */
	TL_EQ_INT(n, 2);
	TL_CHECK(at(lv, n, 110) && at(lv, n, 110)->touches == 1);
	TL_CHECK(at(lv, n, 100) && !at(lv, n, 111));
	free(lv);
	bars_free(&b);
}

/*
 * 110 is resistance twice and then support (one flip); 100 is support
 * three times, more recently. Equal touches: the flip wins. 120 is the
 * nearest resistance with one touch; 125 is a lone peak and goes.
 */
static const struct vtx flip_v[] = {{0, 95},   {10, 110}, {20, 100}, {30, 110},
                                    {40, 100}, {50, 120}, {60, 110}, {70, 125},
                                    {80, 100}, {90, 115}};

static void test_role_flip(void)
{
	struct bars b;
	struct tl_level *lv;
	size_t n;

	line(&b, flip_v, 10);
	n = levels(&b, 10, &lv);
	TL_EQ_INT(n, 3);
	if (n == 3) {
		TL_EQ_DBL(lv[0].price, 110);
		TL_EQ_INT(lv[0].touches, 3);
		TL_EQ_INT(lv[0].flips, 1);
		TL_EQ_INT(lv[0].kind, TL_LEVEL_SUPPORT);
		TL_EQ_DBL(lv[0].strength, 3 + 1.5 + 60.0 / 91);
		TL_EQ_DBL(lv[1].price, 100);
		TL_EQ_INT(lv[1].touches, 3);
		TL_EQ_INT(lv[1].flips, 0);
		TL_EQ_DBL(lv[1].strength, 3 + 80.0 / 91);
		/* Without the flip 100 would rank first on recency. */
		TL_CHECK(lv[1].strength > lv[0].strength - 1.5);
		TL_EQ_DBL(lv[2].price, 120);
		TL_EQ_INT(lv[2].touches, 1);
		TL_EQ_INT(lv[2].kind, TL_LEVEL_RESISTANCE);
	}
	free(lv);
	bars_free(&b);
}

/* The nearest support and resistance survive any cap, even nmax 0 or 1. */
static void test_nearest_kept(void)
{
	static const struct vtx g[] = {{0, 100},  {10, 110}, {20, 100},
	                               {30, 110}, {40, 100}, {50, 110},
	                               {55, 105}};
	struct bars b;
	struct tl_level *lv;
	size_t n, nmax;

	line(&b, g, 7);
	for (nmax = 0; nmax <= 2; nmax++) {
		n = levels(&b, nmax, &lv);
		TL_EQ_INT(n, 2);
		TL_CHECK(at(lv, n, 110) && at(lv, n, 100));
		free(lv);
	}
	bars_free(&b);

	/* 100 is stronger than 120 but not nearest: it goes first. */
	line(&b, flip_v, 10);
	for (nmax = 0; nmax <= 2; nmax++) {
		n = levels(&b, nmax, &lv);
		TL_EQ_INT(n, 2);
		if (n == 2) {
			TL_EQ_DBL(lv[0].price, 110);
			TL_EQ_DBL(lv[1].price, 120);
		}
		free(lv);
	}
	n = levels(&b, 3, &lv);
	TL_EQ_INT(n, 3);
	TL_CHECK(n == 3 && lv[1].price == 100);
	free(lv);
	bars_free(&b);
}

/*
 * Below every level (close 90) there is no support. The nearest resistance
 * is 110, touched twice, over the nearer 100 touched once (a lone pivot is
 * the nearest only when no level on its side has two touches, or when the
 * close sits on it), and 100 is not kept at all.
 */
static void test_nearest_one_side(void)
{
	static const struct vtx v[] = {
	    {0, 100}, {10, 110}, {20, 100}, {30, 110}, {40, 90}};
	static const struct vtx w[] = {
	    {0, 100}, {10, 110}, {20, 100}, {30, 104}, {40, 90}};
	struct bars b;
	struct tl_level *lv;
	size_t n;

	line(&b, v, 5);
	n = levels(&b, 1, &lv);
	TL_EQ_INT(n, 1);
	if (n == 1) {
		TL_EQ_DBL(lv[0].price, 110);
		TL_EQ_INT(lv[0].touches, 2);
		TL_EQ_INT(lv[0].kind, TL_LEVEL_RESISTANCE);
		TL_EQ_DBL(lv[0].strength, 2 + 30.0 / 41);
	}
	free(lv);
	n = levels(&b, 2, &lv);
	TL_EQ_INT(n, 1);
	free(lv);
	bars_free(&b);
	/* With no level touched twice the nearest lone pivot is it: the low
	 * at 100 (bar 20), below the highs 104 and 110. */
	line(&b, w, 5);
	n = levels(&b, 3, &lv);
	TL_EQ_INT(n, 1);
	if (n == 1) {
		TL_EQ_DBL(lv[0].price, 100);
		TL_EQ_INT(lv[0].touches, 1);
		TL_EQ_INT(lv[0].kind, TL_LEVEL_RESISTANCE);
		TL_EQ_DBL(lv[0].strength, 1 + 20.0 / 41);
	}
	free(lv);
	bars_free(&b);
}

/* Flat data: no pivots, no levels, a finite fallback tolerance. */
static void test_flat(void)
{
	struct bars b;
	struct tl_pivot *p;
	struct tl_level *lv;
	size_t n, i;

	bars_alloc(&b, 100);
	for (i = 0; i < b.n; i++)
		b.h[i] = b.l[i] = b.c[i] = 50;
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 0);
	TL_CHECK(p == NULL);
	TL_EQ_DBL(tl_levels_tol(b.h, b.l, b.c, b.n - 1, 0.5), 0.001 * 50);
	TL_EQ_INT(levels(&b, 10, &lv), 0);
	TL_CHECK(lv == NULL);
	/* All zero: the last fallback. */
	for (i = 0; i < b.n; i++)
		b.h[i] = b.l[i] = b.c[i] = 0;
	TL_EQ_DBL(tl_levels_tol(b.h, b.l, b.c, b.n - 1, 0.5), 1e-9);
	TL_EQ_INT(levels(&b, 10, &lv), 0);
	TL_CHECK(lv == NULL);
	bars_free(&b);
}

/* One bar, and series shorter than L+R+1, have no pivots nor levels. */
static void test_short(void)
{
	struct bars b;
	struct tl_pivot *p;
	struct tl_level *lv;
	size_t n, i;

	bars_alloc(&b, 11);
	for (i = 0; i < 11; i++)
		b.h[i] = b.l[i] = b.c[i] = 100 - fabs((double)i - 5);
	/* 11 bars = L+R+1: the peak at 5 just fits. */
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, 11, 5, 5, &p, &n), 0);
	TL_EQ_INT(n, 1);
	free(p);
	/* Short data has a fallback tolerance: 0.1% of the close. */
	TL_EQ_DBL(tl_levels_tol(b.h, b.l, b.c, 10, 0.5), 0.001 * 95);
	n = levels(&b, 10, &lv); /* the one peak, as nearest resistance */
	TL_EQ_INT(n, 1);
	TL_CHECK(n == 1 && lv[0].price == 100 && lv[0].touches == 1);
	free(lv);
	for (i = 1; i <= 10; i++) {
		TL_EQ_INT(tl_levels_pivots(b.h, b.l, i, 5, 5, &p, &n), 0);
		TL_EQ_INT(n, 0);
		TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, i, TL_LEVELS_LAST, NULL,
		                         &lv, &n),
		          0);
		TL_EQ_INT(n, 0);
		TL_CHECK(lv == NULL);
	}
	/* No bars at all. */
	TL_EQ_INT(
	    tl_levels_find(b.h, b.l, b.c, 0, TL_LEVELS_LAST, NULL, &lv, &n), 0);
	TL_EQ_INT(n, 0);
	bars_free(&b);
}

/* Bad arguments fail and leave empty outputs. */
static void test_bad_args(void)
{
	struct bars b;
	struct tl_pivot *p;
	struct tl_level *lv;
	struct tl_levels_opt o;
	size_t n;

	bars_alloc(&b, 20);
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 0, 5, &p, &n), -1);
	TL_CHECK(p == NULL && n == 0);
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, -1, &p, &n), -1);
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, b.n, b.n, NULL, &lv, &n), -1);
	TL_CHECK(lv == NULL && n == 0);
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, 0, 0, NULL, &lv, &n), -1);
	tl_levels_opt_init(&o);
	o.tol_mult = -1;
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, b.n, 5, &o, &lv, &n), -1);
	o.tol_mult = NAN;
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, b.n, 5, &o, &lv, &n), -1);
	o.tol_mult = INFINITY;
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, b.n, 5, &o, &lv, &n), -1);
	tl_levels_opt_init(&o);
	o.left = 0;
	TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, 0, TL_LEVELS_LAST, &o, &lv, &n),
	          -1);
	bars_free(&b);
}

/* Returns 1 when the pivots a and b are equal, field by field. */
static int same_pivot(const struct tl_pivot *a, const struct tl_pivot *b)
{
	return a->i == b->i && a->price == b->price && a->high == b->high &&
	       a->confirmed == b->confirmed;
}

/* Returns 1 when the level arrays a[0..na) and b[0..nb) are equal. */
static int same_levels(const struct tl_level *a, size_t na,
                       const struct tl_level *b, size_t nb)
{
	size_t j;

	if (na != nb)
		return 0;
	for (j = 0; j < na; j++)
		if (a[j].price != b[j].price || a[j].lo != b[j].lo ||
		    a[j].hi != b[j].hi || a[j].touches != b[j].touches ||
		    a[j].flips != b[j].flips || a[j].first != b[j].first ||
		    a[j].last != b[j].last || a[j].kind != b[j].kind ||
		    a[j].strength != b[j].strength)
			return 0;
	return 1;
}

/*
 * No look-ahead: for every k, the levels over exactly bars 0..k (copied
 * into arrays of k+1, so a read past them is a sanitizer error) equal the
 * levels of the whole series as of k. Likewise the pivots over 0..k are
 * those of the whole series confirmed by k.
 */
static void test_no_lookahead(void)
{
	struct bars b, pre;
	struct tl_levels_opt o;
	struct tl_pivot *pall, *pk;
	size_t npall, k, bad = 0, nonempty = 0, maxn = 0;

	tl_t_state = 0x9E3779B97F4A7C15ULL;
	random_bars(&b, 400);
	tl_levels_opt_init(&o);
	o.nmax = 6;
	TL_EQ_INT(tl_levels_pivots(b.h, b.l, b.n, 5, 5, &pall, &npall), 0);
	TL_CHECK(npall > 20);
	for (k = 0; k < b.n; k++) {
		struct tl_level *full, *part;
		size_t nfull, npart, npk, j, want = 0;

		pre.n = k + 1;
		pre.h = malloc(pre.n * sizeof *pre.h);
		pre.l = malloc(pre.n * sizeof *pre.l);
		pre.c = malloc(pre.n * sizeof *pre.c);
		memcpy(pre.h, b.h, pre.n * sizeof *pre.h);
		memcpy(pre.l, b.l, pre.n * sizeof *pre.l);
		memcpy(pre.c, b.c, pre.n * sizeof *pre.c);

		TL_EQ_INT(
		    tl_levels_find(b.h, b.l, b.c, b.n, k, &o, &full, &nfull),
		    0);
		TL_EQ_INT(tl_levels_find(pre.h, pre.l, pre.c, pre.n,
		                         TL_LEVELS_LAST, &o, &part, &npart),
		          0);
		bad += !same_levels(full, nfull, part, npart);
		nonempty += nfull > 0;
		if (nfull > maxn)
			maxn = nfull;
		for (j = 0; j < nfull; j++)
			bad += full[j].last + (size_t)o.right > k;

		TL_EQ_INT(
		    tl_levels_pivots(pre.h, pre.l, pre.n, 5, 5, &pk, &npk), 0);
		for (j = 0; j < npall; j++)
			if (pall[j].confirmed <= k) {
				bad += want >= npk ||
				       !same_pivot(&pall[j], &pk[want]);
				want++;
			}
		bad += want != npk;

		free(pk);
		free(full);
		free(part);
		bars_free(&pre);
	}
	TL_EQ_INT(bad, 0);
	TL_CHECK(nonempty > 300);
	TL_EQ_INT(maxn, 6);
	free(pall);
	bars_free(&b);
}

/*
 * Properties on random series: zones at most tol wide and disjoint, the
 * output sorted, at most max(nmax, 2) long, touches >= 2 except for the
 * nearest support and resistance, which are present whenever they exist.
 */
static void test_random_properties(void)
{
	struct bars b;
	struct tl_levels_opt o;
	size_t round, bad = 0;

	tl_t_state = 88172645463325252ULL;
	for (round = 0; round < 50; round++) {
		struct tl_level *lv, *all;
		size_t n, nall, j, m, k;
		double tol, close;

		random_bars(&b, 60 + round * 7);
		k = b.n - 1 - round % 5;
		tl_levels_opt_init(&o);
		o.nmax = round % 4;
		tol = tl_levels_tol(b.h, b.l, b.c, k, o.tol_mult);
		close = b.c[k];
		TL_EQ_INT(tl_levels_find(b.h, b.l, b.c, b.n, k, &o, &lv, &n),
		          0);
		o.nmax = SIZE_MAX;
		TL_EQ_INT(
		    tl_levels_find(b.h, b.l, b.c, b.n, k, &o, &all, &nall), 0);
		bad += n > (round % 4 > 2 ? round % 4 : 2);
		for (j = 0; j < n; j++) {
			bad += !(lv[j].hi - lv[j].lo <= tol);
			bad += !(lv[j].lo <= lv[j].price &&
			         lv[j].price <= lv[j].hi);
			/* Away from the close, the side gives the kind; a
			 * level the close sits on takes its last pivot's role
			 * (test_close_at_top checks that one). */
			if (close < lv[j].lo - tol || close > lv[j].hi + tol)
				bad +=
				    lv[j].kind != (lv[j].price < close
				                       ? TL_LEVEL_SUPPORT
				                       : TL_LEVEL_RESISTANCE);
			bad += !(lv[j].strength >= lv[j].touches &&
			         lv[j].strength - lv[j].touches -
			                 1.5 * lv[j].flips <
			             1);
			if (j > 0)
				bad += lv[j - 1].strength < lv[j].strength;
			for (m = 0; m < j; m++)
				bad += !(lv[m].hi < lv[j].lo ||
				         lv[j].hi < lv[m].lo);
		}
		/* The nearest either side among all with no cap are kept. */
		{
			const struct tl_level *ns = NULL, *nr = NULL;

			for (j = 0; j < nall; j++) {
				const struct tl_level *v = &all[j];

				if (v->kind == TL_LEVEL_SUPPORT &&
				    (!ns || v->price > ns->price))
					ns = v;
				if (v->kind == TL_LEVEL_RESISTANCE &&
				    (!nr || v->price < nr->price))
					nr = v;
			}
			bad += ns && !at(lv, n, ns->price);
			bad += nr && !at(lv, n, nr->price);
			for (j = 0; j < nall; j++)
				bad += all[j].touches < 2 && &all[j] != ns &&
				       &all[j] != nr;
		}
		free(lv);
		free(all);
		bars_free(&b);
	}
	TL_EQ_INT(bad, 0);
}

int main(void)
{
	TL_RUN(test_defaults);
	TL_RUN(test_pivots_exact);
	TL_RUN(test_pivots_flat_top);
	TL_RUN(test_pivots_both);
	TL_RUN(test_golden_two_levels);
	TL_RUN(test_close_on_level);
	TL_RUN(test_close_at_top);
	TL_RUN(test_broken);
	TL_RUN(test_tolerance_edge);
	TL_RUN(test_tolerance_exact);
	TL_RUN(test_role_flip);
	TL_RUN(test_nearest_kept);
	TL_RUN(test_nearest_one_side);
	TL_RUN(test_flat);
	TL_RUN(test_short);
	TL_RUN(test_bad_args);
	TL_RUN(test_no_lookahead);
	TL_RUN(test_random_properties);
	return TL_DONE();
}
