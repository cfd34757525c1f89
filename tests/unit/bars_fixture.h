/* bars_fixture.h: hand-built bar series for the levels and trend tests. */
#ifndef BARS_FIXTURE_H
#define BARS_FIXTURE_H

#include <stdlib.h>

/* The bars of one series, high, low and close. */
struct bars {
	size_t n;
	double *h, *l, *c;
};

TL_UNUSED static void bars_alloc(struct bars *b, size_t n)
{
	b->n = n;
	b->h = calloc(n + 1, sizeof *b->h);
	b->l = calloc(n + 1, sizeof *b->l);
	b->c = calloc(n + 1, sizeof *b->c);
}

TL_UNUSED static void bars_free(struct bars *b)
{
	free(b->h);
	free(b->l);
	free(b->c);
}

/* A corner of a piecewise-linear series: bar i at price x. */
struct vtx {
	size_t i;
	double x;
};

/*
 * Fills b with the line through the nv corners v[] (the first at bar 0,
 * bars rising), one bar per index with h = l = c = the line's value, so
 * every corner's price is exact and every pivot sits on a corner.
 */
TL_UNUSED static void line(struct bars *b, const struct vtx *v, size_t nv)
{
	size_t s, i;

	bars_alloc(b, v[nv - 1].i + 1);
	for (s = 0; s + 1 < nv; s++)
		for (i = v[s].i; i <= v[s + 1].i; i++) {
			double x;

			if (i == v[s].i)
				x = v[s].x;
			else if (i == v[s + 1].i)
				x = v[s + 1].x;
			else
				x = v[s].x + (v[s + 1].x - v[s].x) *
				                 (double)(i - v[s].i) /
				                 (double)(v[s + 1].i - v[s].i);
			b->h[i] = b->l[i] = b->c[i] = x;
		}
}

/* Fills b with a seeded random walk of n bars with ranges
 * (tl_t_rand: reseed tl_t_state for a fixed series). */
TL_UNUSED static void random_bars(struct bars *b, size_t n)
{
	double x = 100;
	size_t i;

	bars_alloc(b, n);
	for (i = 0; i < n; i++) {
		double o = x, up = (double)(tl_t_rand() % 100) / 100,
		       dn = (double)(tl_t_rand() % 100) / 100;

		x += ((double)(tl_t_rand() % 201) - 100) / 50;
		b->c[i] = x;
		b->h[i] = (o > x ? o : x) + up;
		b->l[i] = (o < x ? o : x) - dn;
	}
}

#endif
