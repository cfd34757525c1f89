/* tl_ind.c: indicators (SMA, EMA, RSI, ATR, Donchian), batch and streaming. */
#include "tl_ind.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tl_util.h"

/*
 * The batch and streaming forms below are kept apart on purpose: the unit
 * tests check each against golden vectors and against the other. They do
 * the same floating-point operations in the same order, so they agree bit
 * for bit.
 */

/* ---- SMA ---- */

/*
 * Fills out[0..count) with SMA(n) of x. Every n-th bar the window is summed
 * afresh, so the running sum cannot drift; a window of n equal values
 * gives that value. Returns 0, or -1 when n < 1.
 */
int tl_ind_sma(const double *x, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i, j, run = 0;
	double sum = 0;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++) {
		if ((i + 1) % p == 0) {
			sum = 0;
			for (j = i + 1 - p; j <= i; j++)
				sum += x[j];
		} else if (i >= p) {
			sum += x[i] - x[i - p];
		} else {
			sum += x[i];
		}
		if (i > 0 && x[i] == x[i - 1])
			run += run < p;
		else
			run = 1;
		out[i] = i + 1 < p ? NAN : run == p ? x[i] : sum / n;
	}
	return 0;
}

/* Starts an SMA(n) stream with a new window of n values. */
int tl_ind_sma_init(struct tl_ind_sma *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	s->n = n;
	s->buf = tl_calloc((size_t)n, sizeof *s->buf);
	return 0;
}

/*
 * Adds x and returns the SMA at this bar. When the count of values is a
 * multiple of n the ring holds the window in order from slot 0, and it is
 * summed afresh there, as the batch form does.
 */
double tl_ind_sma_next(struct tl_ind_sma *s, double x)
{
	double old = s->buf[s->pos];
	uint64_t k = ++s->count;
	int i;

	s->buf[s->pos] = x;
	s->pos = s->pos + 1 == s->n ? 0 : s->pos + 1;
	if (k % (uint64_t)s->n == 0) {
		s->sum = 0;
		for (i = 0; i < s->n; i++)
			s->sum += s->buf[i];
	} else if (k > (uint64_t)s->n) {
		s->sum += x - old;
	} else {
		s->sum += x;
	}
	if (k > 1 && x == s->last)
		s->run += s->run < s->n;
	else
		s->run = 1;
	s->last = x;
	if (k < (uint64_t)s->n)
		return NAN;
	return s->run == s->n ? x : s->sum / s->n;
}

/* Frees the SMA stream's window. */
void tl_ind_sma_release(struct tl_ind_sma *s)
{
	free(s->buf);
	s->buf = NULL;
}

/* ---- EMA ---- */

/*
 * Fills out[0..count) with EMA(n) of x; n equal values at the start seed
 * it with that value. Returns 0, or -1 when n < 1.
 */
int tl_ind_ema(const double *x, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;
	double alpha = 2.0 / (n + 1.0), ema = 0;
	int flat = 1;

	if (n < 1)
		return -1;
	for (i = 0; i < count && i + 1 < p; i++) {
		ema += x[i];
		flat &= x[i] == x[0];
		out[i] = NAN;
	}
	if (i == count)
		return 0;
	ema = flat && x[i] == x[0] ? x[i] : (ema + x[i]) / n;
	out[i] = ema;
	for (i++; i < count; i++) {
		ema = n == 1 ? x[i] : ema + alpha * (x[i] - ema);
		out[i] = ema;
	}
	return 0;
}

/* Starts an EMA(n) stream. */
int tl_ind_ema_init(struct tl_ind_ema *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	s->n = n;
	s->alpha = 2.0 / (n + 1.0);
	s->flat = 1;
	return 0;
}

/* Adds x and returns the EMA at this bar. */
double tl_ind_ema_next(struct tl_ind_ema *s, double x)
{
	uint64_t k = ++s->count, p = (uint64_t)s->n;

	if (k == 1)
		s->first = x;
	if (k <= p)
		s->flat &= x == s->first;
	if (k < p) {
		s->ema += x;
		return NAN;
	}
	if (k == p)
		s->ema = s->flat ? x : (s->ema + x) / s->n;
	else
		s->ema = s->n == 1 ? x : s->ema + s->alpha * (x - s->ema);
	return s->ema;
}

/* ---- RSI ---- */

/* Returns the RSI of average gain ag and average loss al. */
static double rsi_of(double ag, double al)
{
	if (al == 0)
		return ag > 0 ? 100 : 50;
	return 100 - 100 / (1 + ag / al);
}

/* Fills out[0..count) with RSI(n) of x. Returns 0, or -1 when n < 1. */
int tl_ind_rsi(const double *x, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;
	double ag = 0, al = 0;

	if (n < 1)
		return -1;
	if (count > 0)
		out[0] = NAN;
	for (i = 1; i < count; i++) {
		double d = x[i] - x[i - 1];
		double g = d > 0 ? d : 0, l = d < 0 ? -d : 0;

		if (i < p) {
			ag += g;
			al += l;
			out[i] = NAN;
			continue;
		}
		if (i == p) {
			ag = (ag + g) / n;
			al = (al + l) / n;
		} else {
			ag = (ag * (n - 1) + g) / n;
			al = (al * (n - 1) + l) / n;
		}
		out[i] = rsi_of(ag, al);
	}
	return 0;
}

/* Starts an RSI(n) stream. */
int tl_ind_rsi_init(struct tl_ind_rsi *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	s->n = n;
	return 0;
}

/* Adds x and returns the RSI at this bar. */
double tl_ind_rsi_next(struct tl_ind_rsi *s, double x)
{
	uint64_t i = s->count++, p = (uint64_t)s->n; /* i: this bar's index */
	double d, g, l;

	d = x - s->prev;
	s->prev = x;
	if (i == 0)
		return NAN;
	g = d > 0 ? d : 0;
	l = d < 0 ? -d : 0;
	if (i < p) {
		s->gain += g;
		s->loss += l;
		return NAN;
	}
	if (i == p) {
		s->gain = (s->gain + g) / s->n;
		s->loss = (s->loss + l) / s->n;
	} else {
		s->gain = (s->gain * (s->n - 1) + g) / s->n;
		s->loss = (s->loss * (s->n - 1) + l) / s->n;
	}
	return rsi_of(s->gain, s->loss);
}

/* ---- ATR ---- */

/*
 * Fills out[0..count) with ATR(n) of the bars (h, l, c). Returns 0, or -1
 * when n < 1.
 */
int tl_ind_atr(const double *h, const double *l, const double *c, size_t count,
               int n, double *out)
{
	size_t p = (size_t)n, i;
	double atr = 0;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++) {
		double tr = h[i] - l[i];

		if (i > 0) {
			double a = fabs(h[i] - c[i - 1]),
			       b = fabs(l[i] - c[i - 1]);

			if (a > tr)
				tr = a;
			if (b > tr)
				tr = b;
		}
		if (i + 1 < p) {
			atr += tr;
			out[i] = NAN;
			continue;
		}
		if (i + 1 == p)
			atr = (atr + tr) / n;
		else
			atr = (atr * (n - 1) + tr) / n;
		out[i] = atr;
	}
	return 0;
}

/* Starts an ATR(n) stream. */
int tl_ind_atr_init(struct tl_ind_atr *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	s->n = n;
	return 0;
}

/* Adds one bar and returns the ATR at this bar. */
double tl_ind_atr_next(struct tl_ind_atr *s, double h, double l, double c)
{
	uint64_t k = ++s->count, p = (uint64_t)s->n;
	double tr = h - l;

	if (k > 1) {
		double a = fabs(h - s->prev_c), b = fabs(l - s->prev_c);

		if (a > tr)
			tr = a;
		if (b > tr)
			tr = b;
	}
	s->prev_c = c;
	if (k < p) {
		s->atr += tr;
		return NAN;
	}
	if (k == p)
		s->atr = (s->atr + tr) / s->n;
	else
		s->atr = (s->atr * (s->n - 1) + tr) / s->n;
	return s->atr;
}

/* ---- Donchian ---- */

/* Returns the greater of a and b when max, else the lesser. */
static double pick(int max, double a, double b)
{
	if (max)
		return a > b ? a : b;
	return a < b ? a : b;
}

/*
 * Fills out[0..count) with the extreme (max or min) of the last p values
 * of x, NAN before index p-1, using scratch[0..count): scratch[j] holds the
 * extreme from j to the end of j's block of p, and a running extreme from
 * the start of i's block covers the rest of the window.
 */
static void window_extreme(const double *x, size_t count, size_t p, int max,
                           double *scratch, double *out)
{
	size_t b, i;
	double run = 0;

	for (b = 0; b < count; b += p) {
		size_t j = b + p < count ? b + p : count;

		scratch[j - 1] = x[j - 1];
		for (j--; j > b; j--)
			scratch[j - 1] = pick(max, x[j - 1], scratch[j]);
	}
	for (i = 0; i < count; i++) {
		run = i % p == 0 ? x[i] : pick(max, run, x[i]);
		out[i] = i + 1 >= p ? pick(max, scratch[i + 1 - p], run) : NAN;
	}
}

/*
 * Fills upper, lower and mid [0..count) with Donchian(n) of highs h and
 * lows l. Returns 0, or -1 when n < 1.
 */
int tl_ind_donchian(const double *h, const double *l, size_t count, int n,
                    double *upper, double *lower, double *mid)
{
	size_t p = (size_t)n, i;

	if (n < 1)
		return -1;
	window_extreme(h, count, p, 1, mid, upper);
	window_extreme(l, count, p, 0, mid, lower);
	for (i = 0; i < count; i++)
		mid[i] = i + 1 >= p ? (upper[i] + lower[i]) / 2 : NAN;
	return 0;
}

/* Starts a Donchian(n) stream with two new rings of n entries. */
int tl_ind_donchian_init(struct tl_ind_donchian *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	s->n = n;
	s->hi = tl_calloc((size_t)n, sizeof *s->hi);
	s->lo = tl_calloc((size_t)n, sizeof *s->lo);
	return 0;
}

/*
 * Pushes value v of bar i onto the deque q of n slots starting at *head
 * with *len entries: drops the front once it falls out of the last n bars,
 * then every entry at the back that v beats or equals (max: v >= it; min:
 * v <= it). The front is then the window's extreme.
 */
static void mono_push(struct tl_ind_mono *q, int n, int *head, int *len,
                      double v, uint64_t i, int max)
{
	size_t un = (size_t)n, slot;

	while (*len > 0 && q[*head].i + un <= i) {
		*head = *head + 1 == n ? 0 : *head + 1;
		(*len)--;
	}
	while (*len > 0) {
		slot = (size_t)*head + (size_t)*len - 1;
		if (slot >= un)
			slot -= un;
		if (max ? q[slot].v > v : q[slot].v < v)
			break;
		(*len)--;
	}
	slot = (size_t)*head + (size_t)*len;
	if (slot >= un)
		slot -= un;
	q[slot].v = v;
	q[slot].i = i;
	(*len)++;
}

/* Adds one bar's high and low and stores the channel at this bar. */
void tl_ind_donchian_next(struct tl_ind_donchian *s, double h, double l,
                          double *upper, double *lower, double *mid)
{
	uint64_t i = s->count++;
	double u = NAN, d = NAN, m = NAN;

	mono_push(s->hi, s->n, &s->hhead, &s->hlen, h, i, 1);
	mono_push(s->lo, s->n, &s->lhead, &s->llen, l, i, 0);
	if (i + 1 >= (uint64_t)s->n) {
		u = s->hi[s->hhead].v;
		d = s->lo[s->lhead].v;
		m = (u + d) / 2;
	}
	if (upper)
		*upper = u;
	if (lower)
		*lower = d;
	if (mid)
		*mid = m;
}

/* Frees the Donchian stream's rings. */
void tl_ind_donchian_release(struct tl_ind_donchian *s)
{
	free(s->hi);
	free(s->lo);
	s->hi = s->lo = NULL;
}
