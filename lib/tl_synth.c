/* tl_synth.c: deterministic synthetic markets from an integer PRNG. */
#include "tl_synth.h"
#include "tl_num.h"
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

struct plant;

struct tl_synth {
	struct sym *sym;
	int nsym, cur, tf, intraday;
	int64_t t, step;
	double sigma; /* sd of a bar's return in the calm regimes */
	uint64_t seed;
	struct plant *plant; /* one per symbol, NULL when nothing is planted */
	int *list, nlist;    /* the patterns to plant, in turn */
	int64_t nbars;       /* bars per symbol */
	int ended; /* symbol whose pattern the last bar ended, or -1 */
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
	s->seed = seed;
	s->ended = -1;
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
	free(s->plant);
	free(s->list);
	free(s);
}

/* Moves s to the next symbol, and after the last one to the next period. */
static void advance(struct tl_synth *s)
{
	if (++s->cur == s->nsym) {
		s->cur = 0;
		s->t = s->tf == TL_TF_1MO ? tl_tf_next(s->tf, s->t)
		                          : s->t + s->step;
	}
}

/*
 * Planted patterns. Each symbol has a second xoshiro256** stream, seeded
 * from seed ^ PLANT_KEY, that alone decides the gaps, the shapes and the
 * noise of its patterns; the regime process is paused while a pattern is
 * drawn and resumes from the pattern's last close. Shapes are drawn in the
 * ATR unit u = 1.6 * sigma * P0 (about the mean true range of a calm bar,
 * P0 the close before the pattern), held to [0.10, 0.03 * P0] so that
 * shapes stay resolvable on the tick and prices stay positive; no pattern
 * starts below a price of 5.00. A shape is a list of key points joined by
 * legs of 3 to 6 u and 6 to 17 bars (a flag's pole: 5 to 8).
 */
#define PLANT_KEY 0x706c616e74656421u /* "planted!" */
#define MAXPTS    8
#define GAP_MIN   30 /* ordinary bars before each pattern: 30 to 79 */
#define GAP_SPAN  50
#define U_BAR     1.6
#define U_MIN     10.0 /* ticks */
#define U_MAX_REL 0.03
#define P_MIN     500 /* ticks: no pattern starts below 5.00 */

/* Which levels a truth record names. */
enum { LV_NECK = 1, LV_SUP = 2, LV_RES = 4, LV_TARGET = 8 };

struct plant {
	uint64_t s[4];      /* xoshiro256** state of the planting stream */
	long gap;           /* ordinary bars left before the next pattern */
	int next;           /* index in the list of the next pattern */
	int off;            /* the next pattern did not fit: plant no more */
	int active;         /* a pattern is being drawn */
	int64_t made;       /* bars of this symbol made so far */
	int pat, dir;       /* the pattern; +1 bullish, -1 bearish, 0 neutral */
	int np;             /* key points */
	int x[MAXPTS];      /* their bar offsets from the pattern's first bar */
	int64_t p[MAXPTS];  /* their prices, in ticks */
	int64_t kt[MAXPTS]; /* their bar times */
	int64_t neck, sup, res, target, brk; /* levels, in ticks */
	int levels;                          /* LV_* flags */
	int confpt;    /* key point confirming the pattern, or -1: a close
	                  beyond brk in the last leg confirms it */
	int conf;      /* found the confirmation */
	int64_t conft; /* its bar time */
	int j;         /* offset of the next bar */
	int64_t pc;    /* the last close of the pattern */
	double u;      /* the ATR unit, in ticks */
};

static const char *const pat_names[TL_PAT_COUNT] = {
    "double_top",
    "double_bottom",
    "head_and_shoulders",
    "inverse_head_and_shoulders",
    "ascending_triangle",
    "descending_triangle",
    "symmetric_triangle",
    "bull_flag",
    "bear_flag",
    "rectangle",
    "range"};

int tl_synth_pattern(const char *name)
{
	int i;

	for (i = 0; i < TL_PAT_COUNT; i++)
		if (strcmp(name, pat_names[i]) == 0)
			return i;
	return -1;
}

const char *tl_synth_pattern_name(int pat)
{
	return pat >= 0 && pat < TL_PAT_COUNT ? pat_names[pat] : "";
}

/* Returns a uniform double in [0, 1) from the planting stream of q. */
static double punif(struct plant *q)
{
	return (double)(next64(q->s) >> 11) * (1.0 / 9007199254740992.0);
}

/* Returns a uniform double in [a, b) from the planting stream of q. */
static double pin(struct plant *q, double a, double b)
{
	return a + (b - a) * punif(q);
}

/* Returns a whole number in [0, n) from the planting stream of q. */
static long pbelow(struct plant *q, long n)
{
	return (long)(punif(q) * (double)n);
}

void tl_synth_plant(struct tl_synth *s, const int *list, int n, int64_t nbars)
{
	uint64_t mix = s->seed ^ PLANT_KEY;
	int i, k;

	free(s->plant);
	free(s->list);
	s->plant = NULL;
	s->list = NULL;
	if (n < 1)
		return;
	s->list = tl_malloc((size_t)n * sizeof *s->list);
	memcpy(s->list, list, (size_t)n * sizeof *s->list);
	s->nlist = n;
	s->nbars = nbars;
	s->plant = tl_calloc((size_t)s->nsym, sizeof *s->plant);
	mix = splitmix64(&mix);
	for (i = 0; i < s->nsym; i++) {
		struct plant *q = &s->plant[i];
		uint64_t x = mix ^ ((uint64_t)i + 1) * 0xd1b54a32d192ed03u;

		for (k = 0; k < 4; k++)
			q->s[k] = splitmix64(&x);
		if (!(q->s[0] | q->s[1] | q->s[2] | q->s[3]))
			q->s[0] = 1;
		q->next = i % n;
		q->gap = GAP_MIN + pbelow(q, GAP_SPAN);
	}
}

/*
 * Draws the shape of pattern q->pat starting at close c0 (ticks): the bar
 * offsets and prices of its key points and its levels. Shapes are drawn
 * bullish or top-side up (r, in units u above c0) and mirrored when sg is
 * -1; bd is the direction of the unmirrored shape.
 */
static void draw(struct plant *q, int64_t c0)
{
	double r[MAXPTS], neck = 0, sup = 0, res = 0, target = 0, brk = 0;
	double h, a, d, e, hd, g, a0, a3, lo2;
	int n[MAXPTS], np = 0, sg = 1, bd = 1, lv = LV_TARGET, i;

	q->confpt = -1;
	for (i = 0; i < MAXPTS; i++)
		n[i] = 6 + (int)pbelow(q, 12);
	switch (q->pat) {
	case TL_PAT_DOUBLE_TOP:
	case TL_PAT_DOUBLE_BOTTOM:
		sg = q->pat == TL_PAT_DOUBLE_TOP ? 1 : -1;
		bd = -1;
		h = pin(q, 3.0, 4.5);
		a = pin(q, h + 0.5, 6.0);
		d = pin(q, 0.5, 1.5);
		np = 5;
		r[0] = 0, r[1] = a, r[2] = a - h, r[3] = a, r[4] = a - h - d;
		neck = brk = a - h;
		res = a;
		target = neck - h;
		lv |= LV_NECK | LV_RES;
		break;
	case TL_PAT_HEAD_AND_SHOULDERS:
	case TL_PAT_INV_HEAD_AND_SHOULDERS:
		sg = q->pat == TL_PAT_HEAD_AND_SHOULDERS ? 1 : -1;
		bd = -1;
		h = pin(q, 3.0, 4.0);  /* shoulders above the neckline */
		e = pin(q, 0.5, 2.0);  /* neckline above the start */
		hd = pin(q, h + 1, 6); /* head above the neckline */
		d = pin(q, 0.5, 1.5);
		np = 7;
		r[0] = 0, r[1] = e + h, r[2] = e, r[3] = e + hd, r[4] = e;
		r[5] = e + h, r[6] = e - d;
		neck = brk = e;
		target = e - hd;
		lv |= LV_NECK;
		break;
	case TL_PAT_ASCENDING_TRIANGLE:
	case TL_PAT_DESCENDING_TRIANGLE:
		sg = q->pat == TL_PAT_ASCENDING_TRIANGLE ? 1 : -1;
		h = pin(q, 5.0, 6.0);     /* the first swing */
		a = pin(q, 3.0, h - 1.5); /* the last swing */
		d = pin(q, 0.5, 6.0 - a < 2.0 ? 6.0 - a : 2.0);
		np = 6;
		lo2 = h - a;
		/* The rising lows lie on one line (to the tick). */
		r[0] = 0, r[1] = h, r[3] = h, r[4] = lo2, r[5] = h + d;
		r[2] = lo2 * (double)(n[0] + n[1]) /
		       (double)(n[0] + n[1] + n[2] + n[3]);
		res = brk = h;
		target = h + h;
		lv |= LV_RES;
		break;
	case TL_PAT_SYMMETRIC_TRIANGLE:
		sg = punif(q) < 0.5 ? 1 : -1;
		a0 = pin(q, 5.5, 6.0);
		a3 = pin(q, 3.0, 3.5);
		g = (a0 - a3) / 3;
		d = pin(q, 0.5, 2.0);
		np = 6;
		/* Swings of a0, a0 - g, a0 - 2g, a3: highs fall and lows rise
		 * by g a swing. */
		r[0] = 0, r[1] = a0, r[2] = g, r[3] = g + (a0 - 2 * g);
		r[4] = r[3] - a3, r[5] = r[3] + d;
		brk = r[3];
		target = brk + a0;
		break;
	case TL_PAT_BULL_FLAG:
	case TL_PAT_BEAR_FLAG:
		sg = q->pat == TL_PAT_BULL_FLAG ? 1 : -1;
		a = pin(q, 5.5, 6.0); /* the pole */
		g = pin(q, 0.3, 0.5); /* the channel's fall a swing */
		h = 3.0 + g + pin(q, 0.0, 0.3);
		d = pin(q, 0.5, 2.0);
		n[0] = 5 + (int)pbelow(q, 4);
		np = 6;
		r[0] = 0, r[1] = a, r[2] = a - h, r[3] = a - g;
		r[4] = a - g - h, r[5] = a - g + d;
		brk = a - g;
		target = brk + a;
		break;
	case TL_PAT_RECTANGLE:
		sg = punif(q) < 0.5 ? 1 : -1;
		h = pin(q, 3.0, 4.5);
		d = pin(q, 0.5, 1.5);
		np = 6;
		r[0] = 0, r[1] = h, r[2] = 0, r[3] = h, r[4] = 0, r[5] = h + d;
		sup = 0, res = brk = h;
		target = h + h;
		lv |= LV_SUP | LV_RES;
		break;
	default: /* TL_PAT_RANGE */
		sg = punif(q) < 0.5 ? 1 : -1;
		bd = 0;
		h = pin(q, 3.0, 6.0);
		np = 5 + (int)pbelow(q, 3);
		for (i = 0; i < np; i++)
			r[i] = i % 2 ? h : 0;
		sup = 0, res = h;
		lv = LV_SUP | LV_RES;
		q->confpt = 3; /* both levels touched twice */
		break;
	}
	q->np = np;
	q->dir = bd * sg;
	q->x[0] = 0;
	for (i = 1; i < np; i++)
		q->x[i] = q->x[i - 1] + n[i - 1];
	for (i = 0; i < np; i++)
		q->p[i] = c0 + (int64_t)round(sg * r[i] * q->u);
	if (sg < 0) { /* mirrored: support and resistance swap */
		double t = sup;

		sup = res;
		res = t;
		if ((lv & (LV_SUP | LV_RES)) == LV_SUP ||
		    (lv & (LV_SUP | LV_RES)) == LV_RES)
			lv ^= LV_SUP | LV_RES;
	}
	q->levels = lv;
	q->neck = c0 + (int64_t)round(sg * neck * q->u);
	q->sup = c0 + (int64_t)round(sg * sup * q->u);
	q->res = c0 + (int64_t)round(sg * res * q->u);
	q->brk = c0 + (int64_t)round(sg * brk * q->u);
	q->target = c0 + (int64_t)round(sg * target * q->u);
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/*
 * Fills b with bar q->j of the pattern in progress. A key point's bar
 * reaches the key price exactly (its high at a peak, its low at a trough)
 * and stays strictly inside the neighbouring key prices on its other side;
 * every other bar follows the straight line between the key points of its
 * leg with a little noise and stays strictly inside the leg's price range.
 * The pattern's last bar closes at the last key price.
 */
static void pattern_bar(struct tl_synth *s, struct sym *y, struct plant *q,
                        struct tl_bar *b)
{
	int j = q->j, m = q->np - 1, k;
	int64_t o = j == 0 ? y->close : q->pc, c, h, l, w1, w2;
	double v;

	for (k = 0; k < m && q->x[k + 1] <= j; k++)
		;
	w1 = (int64_t)round(punif(q) * 0.25 * q->u);
	w2 = (int64_t)round(punif(q) * 0.25 * q->u);
	if (q->x[k] == j) {
		int64_t e = q->p[k], other;
		int peak = k < m ? e > q->p[k + 1] : e > q->p[k - 1];

		if (k < m) {
			double st = fabs((double)(q->p[k + 1] - e)) /
			            (double)(q->x[k + 1] - q->x[k]);
			int64_t d = (int64_t)round(0.3 * st);

			c = peak ? e - (d < 1 ? 1 : d) : e + (d < 1 ? 1 : d);
		} else {
			c = e;
		}
		other = k > 0 ? q->p[k - 1] : q->p[k + 1];
		if (k > 0 && k < m)
			other = peak ? max64(other, q->p[k + 1])
			             : min64(other, q->p[k + 1]);
		if (peak) {
			h = e;
			l = max64(min64(o, c) - w2, other + 1);
			l = min64(l, min64(o, c));
		} else {
			l = e;
			h = min64(max64(o, c) + w1, other - 1);
			h = max64(h, max64(o, c));
		}
		q->kt[k] = s->t;
	} else {
		int64_t a = q->p[k], z = q->p[k + 1];
		int64_t lo = min64(a, z) + 1, hi = max64(a, z) - 1;
		double n = (double)(q->x[k + 1] - q->x[k]);
		double st = fabs((double)(z - a)) / n;
		double lin =
		    (double)a + (double)(z - a) * (double)(j - q->x[k]) / n;

		c = (int64_t)round(lin + (2.0 * punif(q) - 1.0) * 0.4 * st);
		c = c < lo ? lo : c > hi ? hi : c;
		h = max64(min64(max64(o, c) + w1, hi), max64(o, c));
		l = min64(max64(min64(o, c) - w2, lo), min64(o, c));
	}
	v = 0.6 + 0.4 * punif(q);
	if (!q->conf &&
	    (q->confpt >= 0
	         ? j == q->x[q->confpt]
	         : j > q->x[m - 1] &&
	               (q->p[m] > q->brk ? c > q->brk : c < q->brk))) {
		q->conf = 1;
		q->conft = s->t;
		if (q->confpt < 0)
			v *= 2.0; /* a breakout on volume */
	}
	memcpy(b->symbol, y->name, sizeof y->name);
	b->tf = s->tf;
	b->t = s->t;
	b->o = (double)o / 100.0;
	b->h = (double)h / 100.0;
	b->l = (double)l / 100.0;
	b->c = (double)c / 100.0;
	b->v = floor(y->vol0 * v);
	b->final = 1;
	q->pc = c;
	if (++q->j > q->x[m]) { /* the pattern's last bar */
		q->active = 0;
		q->gap = GAP_MIN + pbelow(q, GAP_SPAN);
		y->close = c;
		y->price = (double)c / 100.0;
		if (y->regime == R_RANGE)
			y->anchor = y->price;
		s->ended = s->cur;
	}
}

/*
 * Makes the current symbol's bar from its pattern if one is in progress or
 * due and fits in the bars left, and returns 1; returns 0 to leave the bar
 * to the regime process.
 */
static int plant_next(struct tl_synth *s, struct sym *y, struct plant *q,
                      struct tl_bar *b)
{
	int64_t left = s->nbars - q->made++; /* this bar included */
	double u;

	if (!q->active) {
		if (q->off || q->gap-- > 0)
			return 0;
		if (y->close < P_MIN) {
			q->gap = 9; /* look again ten bars on */
			return 0;
		}
		u = U_BAR * s->sigma * (double)y->close;
		if (u > U_MAX_REL * (double)y->close)
			u = U_MAX_REL * (double)y->close;
		q->u = u < U_MIN ? U_MIN : u;
		q->pat = s->list[q->next];
		q->next = (q->next + 1) % s->nlist;
		draw(q, y->close);
		if (q->x[q->np - 1] + 1 > left) {
			q->off = 1;
			return 0;
		}
		q->active = 1;
		q->conf = 0;
		q->j = 0;
	}
	pattern_bar(s, y, q, b);
	return 1;
}

/* Writes price p (ticks) as the shortest number that reads back. */
static void put_price(FILE *f, int64_t p)
{
	char buf[TL_NUM_MAX];

	tl_num_format((double)p / 100.0, buf);
	fputs(buf, f);
}

int tl_synth_truth(const struct tl_synth *s, FILE *f)
{
	const struct plant *q;
	int i, m;

	if (s->ended < 0 || !s->plant)
		return 0;
	q = &s->plant[s->ended];
	m = q->np - 1;
	fprintf(
	    f,
	    "{\"type\":\"pattern\",\"symbol\":\"%s\",\"tf\":\"%s\","
	    "\"name\":\"%s\",\"direction\":\"%s\",\"status\":\"confirmed\","
	    "\"start\":%lld,\"end\":%lld,\"confirmed_at\":%lld,\"points\":[",
	    s->sym[s->ended].name, tl_tf_name(s->tf), pat_names[q->pat],
	    q->dir > 0   ? "bullish"
	    : q->dir < 0 ? "bearish"
	                 : "neutral",
	    (long long)q->kt[0], (long long)q->kt[m], (long long)q->conft);
	for (i = 0; i <= m; i++) {
		fprintf(f, "%s[%lld,", i ? "," : "", (long long)q->kt[i]);
		put_price(f, q->p[i]);
		fputc(']', f);
	}
	fputc(']', f);
	if (q->levels & LV_TARGET) {
		fputs(",\"target\":", f);
		put_price(f, q->target);
	}
	if (q->levels & LV_NECK) {
		fputs(",\"neckline\":", f);
		put_price(f, q->neck);
	}
	if (q->levels & LV_SUP) {
		fputs(",\"support\":", f);
		put_price(f, q->sup);
	}
	if (q->levels & LV_RES) {
		fputs(",\"resistance\":", f);
		put_price(f, q->res);
	}
	fputs("}\n", f);
	return 1;
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

	s->ended = -1;
	b->src[0] = '\0';
	b->adj = TL_ADJ_NONE;
	if (s->plant && plant_next(s, y, &s->plant[s->cur], b)) {
		advance(s);
		return;
	}
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
	advance(s);
}
