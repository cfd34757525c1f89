/* tl_synth.c: deterministic synthetic markets from an integer PRNG. */
#include "tl_synth.h"
#include "tl_time.h"
#include "tl_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Every value comes from xoshiro256** (seeded per symbol through
 * splitmix64) and only + - * / sqrt floor round fabs, which IEEE 754 makes
 * exact or correctly rounded: with -ffp-contract=off every compiler and
 * sanitizer build produces the same bytes. Normal variates are Irwin-Hall
 * sums of twelve uniforms (bounded at +-6, which also keeps returns sane).
 */

/* Daily volatility of a return, scaled by sqrt(seconds / 86400) per bar. */
#define DAILY_VOL 0.02
/* Overnight-style gaps: their sd, and how often they happen. */
#define GAP_SD    0.015
#define GAP_P_DAY 0.3  /* intraday: chance at the first bar of a UTC day */
#define GAP_P_BAR 0.04 /* 1D and longer: chance at each bar */
#define PRICE_MAX 1e9

enum regime { R_UP, R_DOWN, R_RANGE, R_VOLATILE };

struct sym {
	uint64_t s[4]; /* xoshiro256** state */
	double price;  /* unrounded price after the last close */
	double home; /* the starting price, which pulls weakly over long runs */
	double anchor; /* the level a range regime reverts to */
	double drift;  /* mean return per bar of a trend, in sigmas */
	double vol0;   /* typical volume of a bar */
	int64_t close; /* the last close, in ticks of 0.01 */
	int regime;
	long left; /* bars left in the regime */
	char name[16];
};

struct tl_synth {
	struct sym *sym;
	int nsym, cur, tf, intraday;
	int64_t t, step;
	double sigma; /* sd of a bar's return in the calm regimes */
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* Returns the next output of xoshiro256** and advances s. */
static uint64_t next64(uint64_t *s)
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* Returns a uniform double in [0, 1) from the top 53 bits. */
static double unif(struct sym *y)
{
	return (double)(next64(y->s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Returns a whole number in [0, n). */
static long below(struct sym *y, long n)
{
	return (long)(unif(y) * (double)n);
}

/* Returns an approximately standard normal variate (Irwin-Hall, n = 12). */
static double normal(struct sym *y)
{
	double sum = 0;
	int i;

	for (i = 0; i < 12; i++)
		sum += unif(y);
	return sum - 6.0;
}

/* Returns price x in ticks of 0.01, at least one tick. */
static int64_t ticks(double x)
{
	double k = round(x * 100.0);

	return k < 1 ? 1 : (int64_t)k;
}

static double clamp(double x, double lo, double hi)
{
	return x < lo ? lo : x > hi ? hi : x;
}

/* Starts regime r on y with a random length and strength. */
static void enter(struct sym *y, int r)
{
	y->regime = r;
	switch (r) {
	case R_UP:
	case R_DOWN:
		y->left = 10 + below(y, 50);
		y->drift = (0.10 + 0.20 * unif(y)) * (r == R_UP ? 1 : -1);
		break;
	case R_RANGE:
		y->left = 15 + below(y, 60);
		y->anchor = y->price;
		break;
	default:
		y->left = 3 + below(y, 12);
		break;
	}
}

/*
 * Moves y to its next regime: a Markov chain over trend, range and
 * volatile bursts. A trend's direction leans back towards the home price
 * (up with probability 1 / (1 + x^2), x = price / home), which keeps a
 * long series within a sensible band of its start.
 */
static void switch_regime(struct sym *y)
{
	/* Weights of trend, range, volatile after each regime. */
	static const int w[4][3] = {
	    {25, 50, 25}, {25, 50, 25}, {75, 0, 25}, {60, 40, 0}};
	const int *row = w[y->regime];
	long pick = below(y, row[0] + row[1] + row[2]);

	if (pick < row[0]) {
		double x = y->price / y->home;

		enter(y, unif(y) < 1.0 / (1.0 + x * x) ? R_UP : R_DOWN);
	} else if (pick < row[0] + row[1]) {
		enter(y, R_RANGE);
	} else {
		enter(y, R_VOLATILE);
	}
}

struct tl_synth *tl_synth_new(uint64_t seed, int nsym, int tf, int64_t start)
{
	struct tl_synth *s = tl_calloc(1, sizeof *s);
	uint64_t mix = seed;
	int i;

	if (nsym < 1)
		nsym = 1;
	mix = splitmix64(&mix);
	s->sym = tl_calloc((size_t)nsym, sizeof *s->sym);
	s->nsym = nsym;
	s->tf = tf;
	s->intraday = tf < TL_TF_1D;
	s->step = tl_tf_seconds(tf);
	s->t = tl_tf_floor(tf, start);
	s->sigma = DAILY_VOL * sqrt((double)s->step / 86400.0);
	for (i = 0; i < nsym; i++) {
		struct sym *y = &s->sym[i];
		uint64_t x = mix ^ ((uint64_t)i + 1) * 0xd1b54a32d192ed03u;
		double vday;
		int k;

		for (k = 0; k < 4; k++)
			y->s[k] = splitmix64(&x);
		if (!(y->s[0] | y->s[1] | y->s[2] | y->s[3]))
			y->s[0] = 1;
		snprintf(y->name, sizeof y->name, "SYN%d", i + 1);
		y->close = ticks(20.0 + 480.0 * unif(y));
		y->price = y->home = (double)y->close / 100.0;
		vday = 2e5 + 4.8e6 * unif(y) * unif(y);
		y->vol0 = vday * ((double)s->step / 86400.0);
		enter(y, (int)below(y, 4));
	}
	return s;
}

void tl_synth_free(struct tl_synth *s)
{
	if (!s)
		return;
	free(s->sym);
	free(s);
}

/*
 * Fills b with the current symbol's bar and moves on: the regime sets the
 * return's mean and spread, o is the last close (moved by a gap now and
 * then), c = price * (1 + r), the wicks stretch beyond both, and all four
 * are whole ticks, so h >= max(o,c) >= min(o,c) >= l >= 0.01 hold exactly.
 * Volume grows with |r| and in volatile bursts and at gaps.
 */
void tl_synth_next(struct tl_synth *s, struct tl_bar *b)
{
	struct sym *y = &s->sym[s->cur];
	double sd = s->sigma, mu = 0, x, r, up, dn, v;
	int64_t o, c, h, l;
	int gap = 0;

	if (y->left-- <= 0)
		switch_regime(y);
	switch (y->regime) {
	case R_UP:
	case R_DOWN:
		mu = y->drift * sd;
		break;
	case R_RANGE:
		mu = 0.15 * (y->anchor - y->price) / y->price;
		sd *= 0.7;
		break;
	default:
		sd *= 2.5;
		break;
	}
	/* A weak pull home of the order of sigma^2 (as big as the drift of
	 * log price that a multiplicative walk has). */
	x = y->price / y->home;
	mu += 2.0 * s->sigma * s->sigma * (1.0 - x) / (1.0 + x);

	o = y->close;
	if (s->intraday ? s->t % 86400 == 0 && unif(y) < GAP_P_DAY
	                : unif(y) < GAP_P_BAR) {
		double g = clamp(GAP_SD * normal(y), -0.3, 0.3);

		y->price = clamp(y->price * (1.0 + g), 0.01, PRICE_MAX);
		o = ticks(y->price);
		gap = 1;
	}
	r = clamp(mu + sd * normal(y), -0.5, 1.0);
	y->price = clamp(y->price * (1.0 + r), 0.01, PRICE_MAX);
	c = ticks(y->price);

	up = fabs(normal(y)) * 0.5 * sd * y->price;
	dn = fabs(normal(y)) * 0.5 * sd * y->price;
	if (unif(y) < 0.05) { /* now and then a long wick */
		if (unif(y) < 0.5)
			up *= 3.0;
		else
			dn *= 3.0;
	}
	h = (o > c ? o : c) + (int64_t)round(up * 100.0);
	l = (o < c ? o : c) - (int64_t)round(dn * 100.0);
	if (l < 1)
		l = 1;

	v = 0.5 + 0.5 * unif(y) + 0.6 * fabs(r) / s->sigma;
	if (y->regime == R_VOLATILE)
		v *= 2.0;
	if (gap)
		v *= 1.5;
	v = floor(y->vol0 * v);

	memcpy(b->symbol, y->name, sizeof y->name);
	b->tf = s->tf;
	b->t = s->t;
	b->o = (double)o / 100.0;
	b->h = (double)h / 100.0;
	b->l = (double)l / 100.0;
	b->c = (double)c / 100.0;
	b->v = v;
	b->final = 1;

	y->close = c;
	if (++s->cur == s->nsym) {
		s->cur = 0;
		s->t = s->tf == TL_TF_1MO ? tl_tf_next(s->tf, s->t)
		                          : s->t + s->step;
	}
}
