/* test_pattern.c: pattern rules on built series, replay, and planted scoring.
 */
#include <jansson.h>

#include "tl_ind.h"
#include "tl_levels.h"
#include "tl_ndjson.h"
#include "tl_pattern.h"
#include "tl_synth.h"
#include "tl_test.h"
#include "tl_time.h"

#define CASES    200
#define SCORED   300 /* planted series scored: >= CASES of each type */
#define NBARS    1000
#define RW_CASES 200
#define RW_BARS  500
#define MAXTRUTH 64

/* The pattern types, as planted by bars-synth (not its "range"). */
static const int implemented[] = {
    TL_PAT_DOUBLE_TOP,         TL_PAT_DOUBLE_BOTTOM,
    TL_PAT_HEAD_AND_SHOULDERS, TL_PAT_INV_HEAD_AND_SHOULDERS,
    TL_PAT_ASCENDING_TRIANGLE, TL_PAT_DESCENDING_TRIANGLE,
    TL_PAT_SYMMETRIC_TRIANGLE, TL_PAT_BULL_FLAG,
    TL_PAT_BEAR_FLAG,          TL_PAT_RECTANGLE};
#define NIMPL ((int)(sizeof implemented / sizeof implemented[0]))

/* A series built in a test: bars and (when planted) the truth records. */
struct series {
	size_t n;
	double h[NBARS], l[NBARS], c[NBARS];
	long long t[NBARS];
	struct truth {
		int name; /* enum tl_pattern_name */
		size_t start, end, np;
		size_t pi[9];
		double pp[9];
		double sup, res; /* a range's levels (else NAN) */
	} truth[MAXTRUTH];
	size_t ntruth;
};

/* Returns the bar index of time t in s (bars so far), or s->n if none. */
static size_t index_of(const struct series *s, long long t)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->t[i] == t)
			return i;
	return s->n;
}

/* Returns the enum tl_pattern_name called name, or -1. */
static int name_of(const char *name)
{
	int i;

	for (i = 0; i < TL_PATTERN_NNAMES; i++)
		if (strcmp(tl_pattern_name(i), name) == 0)
			return i;
	return -1;
}

/* Parses a truth line into s->truth (the bars it names must be in s). */
static void add_truth(struct series *s, const char *text)
{
	json_error_t err;
	json_t *o = json_loads(text, 0, &err), *pts, *pt;
	struct truth *tr;
	size_t i;

	TL_CHECK(o != NULL);
	if (!o || s->ntruth == MAXTRUTH) {
		json_decref(o);
		return;
	}
	tr = &s->truth[s->ntruth];
	tr->name = name_of(json_string_value(json_object_get(o, "name")));
	tr->start =
	    index_of(s, json_integer_value(json_object_get(o, "start")));
	tr->end = index_of(s, json_integer_value(json_object_get(o, "end")));
	tr->sup = tr->res = NAN;
	if (json_object_get(o, "support"))
		tr->sup = json_number_value(json_object_get(o, "support"));
	if (json_object_get(o, "resistance"))
		tr->res = json_number_value(json_object_get(o, "resistance"));
	pts = json_object_get(o, "points");
	tr->np = 0;
	json_array_foreach(pts, i, pt)
	{
		if (i >= 9)
			break;
		tr->pi[i] =
		    index_of(s, json_integer_value(json_array_get(pt, 0)));
		tr->pp[i] = json_number_value(json_array_get(pt, 1));
		tr->np = i + 1;
	}
	TL_CHECK(tr->start < s->n && tr->end < s->n);
	s->ntruth++;
	json_decref(o);
}

/*
 * Fills s with nbars daily bars of seed, planting the implemented list when
 * plant is 1 (rotated to start at type seed % NIMPL, so that every type
 * is planted first in some series) and ranges alone when it is 2, and
 * keeps the truth records.
 */
static void make_series(struct series *s, int seed, int plant, size_t nbars)
{
	struct tl_synth *g =
	    tl_synth_new((uint64_t)seed, 1, TL_TF_1D, 1577836800);
	size_t i;
	int list[NIMPL];

	for (i = 0; i < (size_t)NIMPL; i++)
		list[i] = implemented[(i + (size_t)seed) % NIMPL];
	if (plant == 1)
		tl_synth_plant(g, list, NIMPL, (int64_t)nbars);
	if (plant == 2) {
		list[0] = TL_PAT_RANGE;
		tl_synth_plant(g, list, 1, (int64_t)nbars);
	}
	s->n = 0;
	s->ntruth = 0;
	for (i = 0; i < nbars; i++) {
		struct tl_bar b;
		char *text = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&text, &len);
		int wrote;

		tl_synth_next(g, &b);
		s->h[i] = b.h, s->l[i] = b.l, s->c[i] = b.c, s->t[i] = b.t;
		s->n = i + 1;
		wrote = tl_synth_truth(g, f);
		fclose(f);
		if (wrote)
			add_truth(s, text);
		free(text);
	}
	tl_synth_free(g);
}

/* Appends the line from x0 to x1 over m more bars (h = x + .5, l = x - .5). */
static size_t leg(double *h, double *l, double *c, size_t i, double x0,
                  double x1, size_t m)
{
	size_t j;

	for (j = 1; j <= m; j++) {
		double x = x0 + (x1 - x0) * (double)j / (double)m;

		h[i] = x + 0.5, l[i] = x - 0.5, c[i] = x;
		i++;
	}
	return i;
}

/*
 * Builds 100 up to 120 (bar 20), down to 108 (32), up to peak2 (44), down
 * to low2 (56) and flat after to bar 70; returns the number of bars.
 */
static size_t build_top(double *h, double *l, double *c, double peak2,
                        double low2)
{
	size_t i = 0;

	h[0] = 100.5, l[0] = 99.5, c[0] = 100;
	i = leg(h, l, c, 1, 100, 120, 20);
	i = leg(h, l, c, i, 120, 108, 12);
	i = leg(h, l, c, i, 108, peak2, 12);
	i = leg(h, l, c, i, peak2, low2, 12);
	i = leg(h, l, c, i, low2, low2, 14);
	return i;
}

/* A clean double top gives exactly one pattern, with its exact points. */
static void test_built_double_top(void)
{
	double h[80], l[80], c[80], H[80], L[80], C[80];
	size_t n = build_top(h, l, c, 120, 96), i, np;
	struct tl_pattern *p;

	TL_EQ_INT(n, 71);
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_STR(tl_pattern_name(p[0].name), "double_top");
		TL_EQ_INT(p[0].direction, TL_PATTERN_BEARISH);
		TL_EQ_INT(p[0].confirmed, 1);
		TL_EQ_INT(p[0].npoints, 3);
		TL_EQ_INT(p[0].pi[0], 20);
		TL_EQ_INT(p[0].pi[1], 32);
		TL_EQ_INT(p[0].pi[2], 44);
		TL_EQ_DBL(p[0].pp[0], 120.5);
		TL_EQ_DBL(p[0].pp[1], 107.5);
		TL_EQ_DBL(p[0].pp[2], 120.5);
		/* closes 120 - 2j after bar 44: first below 107.5 at j = 7 */
		TL_EQ_INT(p[0].confirmed_at, 51);
		TL_EQ_INT(p[0].start, 20);
		TL_EQ_INT(p[0].end, 51);
		TL_EQ_DBL(p[0].target, 94.5);
		TL_EQ_DBL(p[0].invalidation, 120.5);
		TL_CHECK(p[0].confidence > 0.9 && p[0].confidence <= 1);
	}
	free(p);
	/* As of bar 50 (break not yet) it is forming; before bar 49, nothing.
	 */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, 50, NULL, &p, &np), 0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_INT(p[0].confirmed, 0);
		TL_EQ_INT(p[0].end, 44);
	}
	free(p);
	TL_EQ_INT(tl_pattern_find(h, l, c, n, 48, NULL, &p, &np), 0);
	TL_EQ_INT(np, 0);
	free(p);
	/* The mirror image is a double bottom with mirrored figures. */
	for (i = 0; i < n; i++)
		H[i] = 300 - l[i], L[i] = 300 - h[i], C[i] = 300 - c[i];
	TL_EQ_INT(tl_pattern_find(H, L, C, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_STR(tl_pattern_name(p[0].name), "double_bottom");
		TL_EQ_INT(p[0].direction, TL_PATTERN_BULLISH);
		TL_EQ_INT(p[0].confirmed_at, 51);
		TL_EQ_DBL(p[0].pp[1], 192.5);
		TL_EQ_DBL(p[0].target, 205.5);
		TL_EQ_DBL(p[0].invalidation, 179.5);
	}
	free(p);
	/* Errors. */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, n, NULL, &p, &np), -1);
	TL_CHECK(p == NULL && np == 0);
	TL_EQ_INT(tl_pattern_find(h, l, c, 0, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 0);
}

/* Near misses: unequal peaks give nothing; no break stays forming. */
static void test_near_misses(void)
{
	double h[80], l[80], c[80];
	size_t n, np;
	struct tl_pattern *p;

	n = build_top(h, l, c, 117, 96); /* peaks 3 apart, ATR about 1.6 */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 0);
	free(p);
	n = build_top(h, l, c, 120, 110); /* no close below the neckline */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, 60, NULL, &p, &np), 0);
	TL_EQ_INT(np, 1);
	if (np == 1)
		TL_EQ_INT(p[0].confirmed, 0);
	free(p);
	/*
	 * 24 bars after the second peak with no break, it has expired; the
	 * higher low at 56 makes the equal peaks an ascending triangle, still
	 * forming (it waits T2 - P1 = 36 bars).
	 */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_STR(tl_pattern_name(p[0].name), "ascending_triangle");
		TL_EQ_INT(p[0].confirmed, 0);
		TL_EQ_INT(p[0].pi[0], 20);
		TL_EQ_INT(p[0].pi[3], 56);
		TL_EQ_INT(p[0].end, 56);
	}
	free(p);
}

/*
 * Builds a series from x0: a bar at x0, then for each i a straight leg to
 * to[i] over m[i] bars (h = x + .5, l = x - .5, c = x); returns the number
 * of bars.
 */
static size_t build(double *h, double *l, double *c, double x0,
                    const double *to, const size_t *m, size_t nlegs)
{
	size_t i = 1, j;

	h[0] = x0 + 0.5, l[0] = x0 - 0.5, c[0] = x0;
	for (j = 0; j < nlegs; j++) {
		i = leg(h, l, c, i, x0, to[j], m[j]);
		x0 = to[j];
	}
	return i;
}

/* The expected pattern of a built series, and its mirror image. */
struct want {
	const char *name, *mirror;
	size_t confirmed_at, start, pi[4];
	double pp[4], target, invalidation;
};

/*
 * Checks that the n bars h, l, c hold exactly one pattern, w, and that
 * their mirror image (300 - price) holds exactly its mirror image.
 */
static void check_one(const double *h, const double *l, const double *c,
                      size_t n, const struct want *w)
{
	double H[100], L[100], C[100];
	struct tl_pattern *p;
	size_t np, i, side;

	for (i = 0; i < n; i++)
		H[i] = 300 - l[i], L[i] = 300 - h[i], C[i] = 300 - c[i];
	for (side = 0; side < 2; side++) {
		double m = side ? -1 : 1, z = side ? 300 : 0;

		TL_EQ_INT(tl_pattern_find(side ? H : h, side ? L : l,
		                          side ? C : c, n, TL_PATTERN_LAST,
		                          NULL, &p, &np),
		          0);
		TL_EQ_INT(np, 1);
		if (np != 1) {
			free(p);
			continue;
		}
		TL_EQ_STR(tl_pattern_name(p[0].name),
		          side ? w->mirror : w->name);
		TL_EQ_INT(p[0].direction,
		          side ? TL_PATTERN_BEARISH : TL_PATTERN_BULLISH);
		TL_EQ_INT(p[0].confirmed, 1);
		TL_EQ_INT(p[0].confirmed_at, w->confirmed_at);
		TL_EQ_INT(p[0].start, w->start);
		TL_EQ_INT(p[0].end, w->confirmed_at);
		TL_EQ_INT(p[0].npoints, 4);
		for (i = 0; i < 4; i++) {
			TL_EQ_INT(p[0].pi[i], w->pi[i]);
			TL_EQ_DBL(p[0].pp[i], z + m * w->pp[i]);
		}
		TL_EQ_DBL(p[0].target, z + m * w->target);
		TL_EQ_DBL(p[0].invalidation, z + m * w->invalidation);
		TL_CHECK(p[0].confidence > 0.9 && p[0].confidence <= 1);
		free(p);
	}
}

/* Returns the number of patterns found in the n bars as of the last. */
static size_t count_found(const double *h, const double *l, const double *c,
                          size_t n)
{
	struct tl_pattern *p;
	size_t np;

	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	free(p);
	return np;
}

/*
 * Triangles: peaks P1 (bar 15), P2 (39) and troughs T1 (27), T2 (51), then
 * a rise to 126 over 12 bars; the ATR there is about 1.7, so tol (0.1 ATR)
 * is about 0.17 and a swing needs 2.5 ATR, about 4.3.
 */
static void test_built_triangles(void)
{
	double h[100], l[100], c[100];
	size_t m[6] = {15, 12, 12, 12, 12, 10}, n;
	/* Ascending: a flat top at 120, lows 106 then 110. The break is the
	 * first close above 120.5 after bar 51: 110 + 16j/12 at j = 8. */
	double asc[6] = {120, 106, 120, 110, 126, 126};
	struct want wa = {"ascending_triangle",
	                  "descending_triangle",
	                  59,
	                  15,
	                  {15, 27, 39, 51},
	                  {120.5, 105.5, 120.5, 109.5},
	                  /* P2 + (P1 - T1) */ 135.5,
	                  109.5};
	/* Symmetric: highs 124 then 120, lows 106 then 110. The upper line
	 * 124.5 - (j - 15)/6 is first below the close at bar 57 (117.5 <
	 * 118). */
	double sym[6] = {124, 106, 120, 110, 126, 126};
	struct want ws = {
	    "symmetric_triangle", "symmetric_triangle",         57,    15,
	    {15, 27, 39, 51},     {124.5, 105.5, 120.5, 109.5}, 139.5, 109.5};

	n = build(h, l, c, 100, asc, m, 6);
	TL_EQ_INT(n, 74);
	check_one(h, l, c, n, &wa);
	n = build(h, l, c, 100, sym, m, 6);
	check_one(h, l, c, n, &ws);
	/* Near misses. A top 1 higher the second time is not flat (1 > tol),
	 * and a rising top is no pattern. */
	asc[2] = 121;
	n = build(h, l, c, 100, asc, m, 6);
	TL_EQ_INT(count_found(h, l, c, n), 0);
	/* Lows rising by 5 while highs fall by 4: not symmetric. */
	sym[3] = 111;
	n = build(h, l, c, 100, sym, m, 6);
	TL_EQ_INT(count_found(h, l, c, n), 0);
	/* A last swing of 3 (the ATR is about 1.5 there): too small. */
	{
		double small[6] = {120, 106, 120, 118, 126, 126};

		n = build(h, l, c, 100, small, m, 6);
		TL_EQ_INT(count_found(h, l, c, n), 0);
	}
	/* Price that came from above the lows (a start at 112, above T1 at
	 * 106) makes no ascending triangle. */
	asc[2] = 120;
	n = build(h, l, c, 112, asc, m, 6);
	TL_EQ_INT(count_found(h, l, c, n), 0);
}

/*
 * A bull flag: flat at 100 to bar 6, a pole to 124 by bar 12, then a
 * falling channel (highs 124, 121; lows 112, 109: 3 lower each swing) and
 * a break. The upper line 124.5 - (j - 12)/8 is first below the close at
 * bar 56 (119 < 119.67). The pole is 124.5 - 99.5 = 25 from bar 6 (the
 * last of the lowest lows in the 12 bars before the peak).
 */
static void test_built_flag(void)
{
	double h[100], l[100], c[100];
	double to[7] = {100, 124, 112, 121, 109, 125, 125};
	size_t m[7] = {6, 6, 12, 12, 12, 12, 10}, n;
	struct want w = {"bull_flag",
	                 "bear_flag",
	                 56,
	                 6,
	                 {12, 24, 36, 48},
	                 {124.5, 111.5, 121.5, 108.5},
	                 /* P2 + pole */ 146.5,
	                 108.5};

	n = build(h, l, c, 100, to, m, 7);
	TL_EQ_INT(n, 71);
	check_one(h, l, c, n, &w);
	/*
	 * Near misses. A pole of 15 (99.5 to 114.5) under a flag 13 deep:
	 * more than 0.8 of the pole. (With a pole of 17 it is a flag.)
	 */
	to[1] = 114, to[2] = 102, to[3] = 111, to[4] = 99, to[5] = 115;
	to[6] = 115;
	n = build(h, l, c, 100, to, m, 7);
	TL_EQ_INT(count_found(h, l, c, n), 0);
	/*
	 * A slow pole: the same rise over 30 bars rises only about 10.6
	 * within the 12 bars before the peak, less than the flag's 13 / 0.8.
	 */
	{
		double t2[7] = {100, 124, 112, 121, 109, 125, 125};
		size_t m2[7] = {1, 30, 12, 12, 12, 12, 10};

		n = build(h, l, c, 100, t2, m2, 7);
		TL_EQ_INT(count_found(h, l, c, n), 0);
	}
}

/*
 * A rectangle: from 96 up to 110 (bar 12), 100 (24), 110 (36), 100 (48),
 * then up through 110.5: 100 + 16j/12 > 110.5 first at j = 8 (bar 56).
 */
static void test_built_rectangle(void)
{
	double h[100], l[100], c[100];
	double to[6] = {110, 100, 110, 100, 116, 116};
	size_t m[6] = {12, 12, 12, 12, 12, 10}, n;
	struct want w = {"rectangle",
	                 "rectangle",
	                 56,
	                 12,
	                 {12, 24, 36, 48},
	                 {110.5, 99.5, 110.5, 99.5},
	                 /* P2 + (P1 - T1) */ 121.5,
	                 99.5};

	n = build(h, l, c, 96, to, m, 6);
	TL_EQ_INT(n, 71);
	check_one(h, l, c, n, &w);
	/* Near miss: a second low 1 higher is an ascending triangle. */
	to[3] = 101;
	n = build(h, l, c, 96, to, m, 6);
	TL_EQ_INT(count_found(h, l, c, n), 1);
	/*
	 * A close back below the last low before any break voids it; the
	 * break down makes the two tops a double top instead.
	 */
	{
		double t2[7] = {110, 100, 110, 100, 105, 98, 98};
		size_t m2[7] = {12, 12, 12, 12, 6, 6, 10};
		struct tl_pattern *p;
		size_t np;

		n = build(h, l, c, 96, t2, m2, 7);
		TL_EQ_INT(
		    tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
		    0);
		TL_EQ_INT(np, 1);
		if (np == 1)
			TL_EQ_STR(tl_pattern_name(p[0].name), "double_top");
		free(p);
	}
}

/*
 * Builds 100 up to 115 (the left shoulder, bar 15), down to 105 (27), up to
 * head (39), down to 105 (51), up to rs (63), down to 95 (75) and flat
 * after to bar 85; returns the number of bars.
 */
static size_t build_hs(double *h, double *l, double *c, double head, double rs)
{
	size_t i;

	h[0] = 100.5, l[0] = 99.5, c[0] = 100;
	i = leg(h, l, c, 1, 100, 115, 15);
	i = leg(h, l, c, i, 115, 105, 12);
	i = leg(h, l, c, i, 105, head, 12);
	i = leg(h, l, c, i, head, 105, 12);
	i = leg(h, l, c, i, 105, rs, 12);
	i = leg(h, l, c, i, rs, 95, 12);
	i = leg(h, l, c, i, 95, 95, 10);
	return i;
}

/*
 * A clean head and shoulders gives exactly one pattern, with its exact
 * points; its equal shoulders are not also a double top (the head between
 * them is higher). The mirror image is an inverse head and shoulders.
 */
static void test_built_hs(void)
{
	double h[90], l[90], c[90], H[90], L[90], C[90];
	size_t n = build_hs(h, l, c, 122, 115), i, np;
	struct tl_pattern *p;

	TL_EQ_INT(n, 86);
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_STR(tl_pattern_name(p[0].name), "head_and_shoulders");
		TL_EQ_INT(p[0].direction, TL_PATTERN_BEARISH);
		TL_EQ_INT(p[0].confirmed, 1);
		TL_EQ_INT(p[0].npoints, 5);
		TL_EQ_INT(p[0].pi[0], 15);
		TL_EQ_INT(p[0].pi[1], 27);
		TL_EQ_INT(p[0].pi[2], 39);
		TL_EQ_INT(p[0].pi[3], 51);
		TL_EQ_INT(p[0].pi[4], 63);
		TL_EQ_DBL(p[0].pp[0], 115.5);
		TL_EQ_DBL(p[0].pp[1], 104.5);
		TL_EQ_DBL(p[0].pp[2], 122.5);
		TL_EQ_DBL(p[0].pp[3], 104.5);
		TL_EQ_DBL(p[0].pp[4], 115.5);
		/* closes 115 - 20j/12 after bar 63: first below 104.5 at j=7 */
		TL_EQ_INT(p[0].confirmed_at, 70);
		TL_EQ_INT(p[0].start, 15);
		TL_EQ_INT(p[0].end, 70);
		TL_EQ_DBL(p[0].target, 86.5);
		TL_EQ_DBL(p[0].invalidation, 122.5);
		TL_CHECK(p[0].confidence > 0.9 && p[0].confidence <= 1);
	}
	free(p);
	/* As of bar 69 it is forming; before bar 68 (R + right), nothing. */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, 69, NULL, &p, &np), 0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_INT(p[0].confirmed, 0);
		TL_EQ_INT(p[0].end, 63);
	}
	free(p);
	TL_EQ_INT(tl_pattern_find(h, l, c, n, 67, NULL, &p, &np), 0);
	TL_EQ_INT(np, 0);
	free(p);
	for (i = 0; i < n; i++)
		H[i] = 300 - l[i], L[i] = 300 - h[i], C[i] = 300 - c[i];
	TL_EQ_INT(tl_pattern_find(H, L, C, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 1);
	if (np == 1) {
		TL_EQ_STR(tl_pattern_name(p[0].name),
		          "inverse_head_and_shoulders");
		TL_EQ_INT(p[0].direction, TL_PATTERN_BULLISH);
		TL_EQ_INT(p[0].confirmed_at, 70);
		TL_EQ_INT(p[0].npoints, 5);
		TL_EQ_DBL(p[0].pp[0], 184.5);
		TL_EQ_DBL(p[0].pp[1], 195.5);
		TL_EQ_DBL(p[0].pp[2], 177.5);
		TL_EQ_DBL(p[0].pp[3], 195.5);
		TL_EQ_DBL(p[0].pp[4], 184.5);
		TL_EQ_DBL(p[0].target, 213.5);
		TL_EQ_DBL(p[0].invalidation, 177.5);
	}
	free(p);
}

/* Near misses: a head barely above the shoulders, unequal shoulders. */
static void test_hs_near_misses(void)
{
	double h[90], l[90], c[90];
	size_t n, np;
	struct tl_pattern *p;

	n = build_hs(h, l, c, 115.5, 115); /* head 0.5 up, ATR about 1.6 */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 0);
	free(p);
	n = build_hs(h, l, c, 122, 114); /* shoulders 1 apart */
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 0);
	free(p);
	/* The control: a head 2 above the shoulders is found. */
	n = build_hs(h, l, c, 117, 115);
	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, NULL, &p, &np),
	          0);
	TL_EQ_INT(np, 1);
	if (np == 1)
		TL_EQ_INT(p[0].name, TL_PATTERN_HEAD_AND_SHOULDERS);
	free(p);
}

/* Returns 1 when a and b are the same pattern in every field. */
static int same(const struct tl_pattern *a, const struct tl_pattern *b)
{
	size_t i;

	if (a->name != b->name || a->direction != b->direction ||
	    a->confirmed != b->confirmed || a->start != b->start ||
	    a->end != b->end || a->confirmed_at != b->confirmed_at ||
	    a->npoints != b->npoints || a->target != b->target ||
	    a->invalidation != b->invalidation ||
	    a->confidence != b->confidence)
		return 0;
	for (i = 0; i < a->npoints; i++)
		if (a->pi[i] != b->pi[i] || a->pp[i] != b->pp[i])
			return 0;
	return 1;
}

/*
 * The replay property over the n bars h, l, c: the confirmed patterns as
 * of the last bar with confirmed_at <= t are those found over bars 0..t
 * alone, for every t. Returns the mismatches; adds the confirmed patterns
 * to *total and bytype[].
 */
static int replay(const double *h, const double *l, const double *c, size_t n,
                  const struct tl_pattern_opt *o, size_t *total, size_t *bytype)
{
	struct tl_pattern *full, *p;
	size_t nf, np, t;
	int bad = 0;

	TL_EQ_INT(tl_pattern_find(h, l, c, n, TL_PATTERN_LAST, o, &full, &nf),
	          0);
	for (t = 0; t < n; t++) {
		size_t i, j = 0;

		TL_EQ_INT(tl_pattern_find(h, l, c, t + 1, TL_PATTERN_LAST, o,
		                          &p, &np),
		          0);
		for (i = 0; i < nf; i++) {
			if (!full[i].confirmed || full[i].confirmed_at > t)
				continue;
			while (j < np && !p[j].confirmed)
				j++;
			if (j == np || !same(&full[i], &p[j]))
				bad++;
			else
				j++;
		}
		while (j < np && !p[j].confirmed)
			j++;
		if (j != np)
			bad++;
		free(p);
	}
	for (t = 0; t < nf; t++) {
		*total += (size_t)full[t].confirmed;
		bytype[full[t].name] += (size_t)full[t].confirmed;
	}
	free(full);
	return bad;
}

/* The replay property on the three real series bundled in share/. */
static void test_replay_real(void)
{
	static const char *const names[] = {"GOOG", "EURUSD", "BTCUSD"};
	size_t total = 0, bytype[TL_PATTERN_NNAMES] = {0}, k;
	struct tl_pattern_opt o3;
	int bad = 0;

	tl_pattern_opt_init(&o3);
	o3.left = o3.right = 3;
	for (k = 0; k < 3; k++) {
		char path[64], line[256];
		double *h = NULL, *l = NULL, *c = NULL;
		size_t n = 0, cap = 0;
		FILE *f;

		snprintf(path, sizeof path, "share/tickline/data/%s.csv",
		         names[k]);
		f = fopen(path, "r");
		TL_CHECK(f != NULL);
		if (!f)
			continue;
		if (!fgets(line, sizeof line, f)) /* the header */
			line[0] = '\0';
		while (fgets(line, sizeof line, f)) {
			char *q = strchr(line, ','), *e;

			if (!q)
				break;
			if (n == cap) {
				cap = cap ? 2 * cap : 1024;
				h = realloc(h, cap * sizeof *h);
				l = realloc(l, cap * sizeof *l);
				c = realloc(c, cap * sizeof *c);
			}
			strtod(q + 1, &e); /* Open */
			h[n] = strtod(e + 1, &e);
			l[n] = strtod(e + 1, &e);
			c[n] = strtod(e + 1, &e);
			n++;
		}
		fclose(f);
		TL_CHECK(n >= 156);
		/* The default options, and a pivot window of 3 (more). */
		bad += replay(h, l, c, n, NULL, &total, bytype);
		bad += replay(h, l, c, n, &o3, &total, bytype);
		free(h);
		free(l);
		free(c);
	}
	printf("# replay on GOOG, EURUSD, BTCUSD: %zu confirmed patterns, %d "
	       "mismatches\n",
	       total, bad);
	TL_CHECK(total > 0); /* else the property is not exercised */
	TL_EQ_INT(bad, 0);
}

/* The replay property on planted series (20 seeds). */
static void test_replay(void)
{
	static struct series s;
	int seed, bad = 0, ty;
	size_t total = 0, bytype[TL_PATTERN_NNAMES] = {0};

	for (seed = 1; seed <= 20; seed++) {
		make_series(&s, seed, 1, NBARS);
		bad += replay(s.h, s.l, s.c, s.n, NULL, &total, bytype);
	}
	printf("# replay: %zu confirmed patterns, %d mismatches\n", total, bad);
	for (ty = 0; ty < NIMPL; ty++) {
		int nm = name_of(tl_synth_pattern_name(implemented[ty]));

		TL_CHECK(nm >= 0);
		if (nm < 0)
			continue;
		printf("#   %s: %zu\n", tl_pattern_name(nm), bytype[nm]);
		TL_CHECK(bytype[nm] > 0);
	}
	TL_CHECK(total > 0);
	TL_EQ_INT(bad, 0);
}

/* Returns 1 when detection p matches truth tr (key prices within tol). */
static int matches(const struct tl_pattern *p, const struct truth *tr,
                   double tol)
{
	size_t i;

	if (p->name != tr->name || p->start > tr->end || tr->start > p->end)
		return 0;
	if (tr->np < p->npoints + 1)
		return 0;
	/* The truth's first point is the start; then come the key points. */
	for (i = 0; i < p->npoints; i++)
		if (fabs(p->pp[i] - tr->pp[i + 1]) > tol)
			return 0;
	return 1;
}

/* Scores the confirmed detections against planted truth, per type. */
static void test_planted_scores(void)
{
	static struct series s;
	static double atr[NBARS];
	int seed, ty;
	size_t truths[TL_PATTERN_NNAMES] = {0}, found[TL_PATTERN_NNAMES] = {0};
	size_t dets[TL_PATTERN_NNAMES] = {0}, good[TL_PATTERN_NNAMES] = {0};

	for (seed = 1; seed <= SCORED; seed++) {
		struct tl_pattern *p;
		size_t np, i, j;

		make_series(&s, seed, 1, NBARS);
		tl_ind_atr(s.h, s.l, s.c, s.n, 14, atr);
		TL_EQ_INT(tl_pattern_find(s.h, s.l, s.c, s.n, TL_PATTERN_LAST,
		                          NULL, &p, &np),
		          0);
		for (j = 0; j < s.ntruth; j++) {
			const struct truth *tr = &s.truth[j];

			if (tr->name < 0)
				continue;
			truths[tr->name]++;
			for (i = 0; i < np; i++)
				if (p[i].confirmed &&
				    matches(&p[i], tr, 0.5 * atr[tr->end])) {
					found[tr->name]++;
					break;
				}
		}
		for (i = 0; i < np; i++) {
			if (!p[i].confirmed)
				continue;
			dets[p[i].name]++;
			for (j = 0; j < s.ntruth; j++)
				if (matches(&p[i], &s.truth[j],
				            0.5 * atr[s.truth[j].end])) {
					good[p[i].name]++;
					break;
				}
		}
		free(p);
	}
	for (ty = 0; ty < NIMPL; ty++) {
		int nm = name_of(tl_synth_pattern_name(implemented[ty]));
		double rec, prec;

		TL_CHECK(nm >= 0);
		if (nm < 0)
			continue;
		rec = truths[nm] ? (double)found[nm] / (double)truths[nm] : 0;
		prec = dets[nm] ? (double)good[nm] / (double)dets[nm] : 0;
		printf("# %s: recall %.2f precision %.2f (n=%zu planted, %zu "
		       "detected)\n",
		       tl_pattern_name(nm), rec, prec, truths[nm], dets[nm]);
		TL_CHECK(truths[nm] >= CASES);
		TL_CHECK(rec >= 0.85);
		TL_CHECK(prec >= 0.85);
	}
}

/*
 * Planted ranges: as of each range's last bar, the nearest support and the
 * nearest resistance (of tl_levels_find, default options) lie within 0.5
 * ATR(14) of the planted support and resistance in at least 90% of cases.
 */
static void test_planted_ranges(void)
{
	static struct series s;
	static double atr[NBARS];
	size_t cases = 0, good = 0, nosup = 0, nores = 0;
	int seed;

	for (seed = 1; cases < 2 * CASES; seed++) {
		size_t j;

		make_series(&s, seed, 2, NBARS);
		tl_ind_atr(s.h, s.l, s.c, s.n, 14, atr);
		for (j = 0; j < s.ntruth; j++) {
			const struct truth *tr = &s.truth[j];
			struct tl_level *lv;
			size_t nl, i;
			double sup = -INFINITY, res = INFINITY, tol;

			TL_CHECK(tr->name < 0 && !isnan(tr->sup + tr->res));
			TL_EQ_INT(tl_levels_find(s.h, s.l, s.c, s.n, tr->end,
			                         NULL, &lv, &nl),
			          0);
			for (i = 0; i < nl; i++)
				if (lv[i].kind == TL_LEVEL_SUPPORT &&
				    lv[i].price > sup)
					sup = lv[i].price;
				else if (lv[i].kind == TL_LEVEL_RESISTANCE &&
				         lv[i].price < res)
					res = lv[i].price;
			free(lv);
			tol = 0.5 * atr[tr->end];
			nosup += sup == -INFINITY;
			nores += res == INFINITY;
			good += fabs(sup - tr->sup) <= tol &&
			        fabs(res - tr->res) <= tol;
			cases++;
		}
	}
	printf("# planted ranges: %zu of %zu (%.3f, target >= 0.9) with both "
	       "nearest levels within 0.5 ATR (no support: %zu, no "
	       "resistance: %zu)\n",
	       good, cases, (double)good / (double)cases, nosup, nores);
	TL_CHECK(good * 10 >= cases * 9);
}

/* On random walks with nothing planted: at most 1 per 1000 bars. */
static void test_random_walks(void)
{
	static struct series s;
	int seed, nm;
	size_t conf = 0, bars = 0, bytype[TL_PATTERN_NNAMES] = {0};

	for (seed = 1; seed <= RW_CASES; seed++) {
		struct tl_pattern *p;
		size_t np, i;

		make_series(&s, 100000 + seed, 0, RW_BARS);
		TL_EQ_INT(tl_pattern_find(s.h, s.l, s.c, s.n, TL_PATTERN_LAST,
		                          NULL, &p, &np),
		          0);
		for (i = 0; i < np; i++) {
			conf += (size_t)p[i].confirmed;
			bytype[p[i].name] += (size_t)p[i].confirmed;
		}
		bars += s.n;
		free(p);
	}
	printf("# random walks: %zu confirmed patterns in %zu bars (%.3f per "
	       "1000 bars, target <= 1)\n",
	       conf, bars, 1000.0 * (double)conf / (double)bars);
	for (nm = 0; nm < TL_PATTERN_NNAMES; nm++)
		printf("#   %s: %zu\n", tl_pattern_name(nm), bytype[nm]);
	TL_CHECK(conf * 1000 <= bars);
}

int main(void)
{
	TL_RUN(test_built_double_top);
	TL_RUN(test_near_misses);
	TL_RUN(test_built_hs);
	TL_RUN(test_hs_near_misses);
	TL_RUN(test_built_triangles);
	TL_RUN(test_built_flag);
	TL_RUN(test_built_rectangle);
	TL_RUN(test_replay);
	TL_RUN(test_replay_real);
	TL_RUN(test_planted_scores);
	TL_RUN(test_planted_ranges);
	TL_RUN(test_random_walks);
	return TL_DONE();
}
