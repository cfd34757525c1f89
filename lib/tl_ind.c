/* tl_ind.c: indicators (SMA, EMA, RSI, ATR, Donchian, WMA, MACD, Bollinger,
 * stddev, ROC, ADX/DI, OBV, VWAP, relative volume), batch and streaming. */
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

/* ---- window rings ---- */

/* Starts a ring of 2n slots for windows of n values. */
static int win_init(struct tl_ind_win *w, int n)
{
	memset(w, 0, sizeof *w);
	if (n < 1)
		return -1;
	w->n = n;
	w->buf = tl_calloc(2 * (size_t)n, sizeof *w->buf);
	return 0;
}

/*
 * Pushes x; the last min(count, n) values then sit oldest first at
 * win_at(w), the whole window once count >= n.
 */
static void win_push(struct tl_ind_win *w, double x)
{
	w->buf[w->pos] = w->buf[w->pos + w->n] = x;
	w->pos = w->pos + 1 == w->n ? 0 : w->pos + 1;
	w->count++;
}

/* Returns the window, oldest first (borrowed; n values once full). */
static const double *win_at(const struct tl_ind_win *w)
{
	return w->buf + w->pos;
}

static void win_release(struct tl_ind_win *w)
{
	free(w->buf);
	w->buf = NULL;
}

/* Returns 1 when the n values of w are all equal. */
static int all_equal(const double *w, int n)
{
	int j;

	for (j = 1; j < n; j++)
		if (w[j] != w[0])
			return 0;
	return 1;
}

/* Returns the mean of w[0..n), summed in order; exactly w[0] when flat. */
static double win_mean(const double *w, int n)
{
	double sum = 0;
	int j;

	if (all_equal(w, n))
		return w[0];
	for (j = 0; j < n; j++)
		sum += w[j];
	return sum / n;
}

/* ---- WMA ---- */

/* Returns the WMA of the window w[0..n), oldest first. */
static double wma_of(const double *w, int n)
{
	double sum = 0;
	int j;

	if (all_equal(w, n))
		return w[0];
	for (j = 0; j < n; j++)
		sum += (j + 1.0) * w[j];
	return sum / (n * (n + 1.0) / 2);
}

/* Fills out[0..count) with WMA(n) of x. Returns 0, or -1 when n < 1. */
int tl_ind_wma(const double *x, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++)
		out[i] = i + 1 < p ? NAN : wma_of(x + i + 1 - p, n);
	return 0;
}

/* Starts a WMA(n) stream with a new ring. */
int tl_ind_wma_init(struct tl_ind_wma *s, int n)
{
	return win_init(&s->w, n);
}

/* Adds x and returns the WMA at this bar. */
double tl_ind_wma_next(struct tl_ind_wma *s, double x)
{
	win_push(&s->w, x);
	if (s->w.count < (uint64_t)s->w.n)
		return NAN;
	return wma_of(win_at(&s->w), s->w.n);
}

void tl_ind_wma_release(struct tl_ind_wma *s)
{
	win_release(&s->w);
}

/* ---- standard deviation and Bollinger ---- */

/*
 * Returns the population standard deviation of w[0..n) and stores its
 * mean in *mean: 0 and w[0] exactly when the values are all equal.
 */
static double sd_of(const double *w, int n, double *mean)
{
	double m, ss = 0;
	int j;

	if (all_equal(w, n)) {
		*mean = w[0];
		return 0;
	}
	m = win_mean(w, n);
	for (j = 0; j < n; j++)
		ss += (w[j] - m) * (w[j] - m);
	*mean = m;
	return sqrt(ss / n);
}

/* Fills out[0..count) with stddev(n) of x. Returns 0, or -1 when n < 1. */
int tl_ind_stddev(const double *x, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;
	double m;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++)
		out[i] = i + 1 < p ? NAN : sd_of(x + i + 1 - p, n, &m);
	return 0;
}

/* Starts a stddev(n) stream with a new ring. */
int tl_ind_stddev_init(struct tl_ind_stddev *s, int n)
{
	return win_init(&s->w, n);
}

/* Adds x and returns the standard deviation at this bar. */
double tl_ind_stddev_next(struct tl_ind_stddev *s, double x)
{
	double m;

	win_push(&s->w, x);
	if (s->w.count < (uint64_t)s->w.n)
		return NAN;
	return sd_of(win_at(&s->w), s->w.n, &m);
}

void tl_ind_stddev_release(struct tl_ind_stddev *s)
{
	win_release(&s->w);
}

/* Stores the Bollinger bands (n, k) of the window w into the non-NULL
 * outputs; w NULL stores NAN (the warm-up). */
static void bands_of(const double *w, int n, double k, double *mid,
                     double *upper, double *lower, double *width)
{
	double m = NAN, sd = NAN, u = NAN, d = NAN, wd = NAN;

	if (w) {
		sd = sd_of(w, n, &m);
		u = m + k * sd;
		d = m - k * sd;
		wd = m != 0 ? (u - d) / m : 0;
	}
	if (mid)
		*mid = m;
	if (upper)
		*upper = u;
	if (lower)
		*lower = d;
	if (width)
		*width = wd;
}

/*
 * Fills the non-NULL outputs [0..count) with Bollinger(n, k) of x.
 * Returns 0, or -1 when n < 1 or k is negative or not finite.
 */
int tl_ind_bollinger(const double *x, size_t count, int n, double k,
                     double *mid, double *upper, double *lower, double *width)
{
	size_t p = (size_t)n, i;

	if (n < 1 || !(k >= 0) || !isfinite(k))
		return -1;
	for (i = 0; i < count; i++)
		bands_of(i + 1 < p ? NULL : x + i + 1 - p, n, k,
		         mid ? mid + i : NULL, upper ? upper + i : NULL,
		         lower ? lower + i : NULL, width ? width + i : NULL);
	return 0;
}

/* Starts a Bollinger(n, k) stream with a new ring. */
int tl_ind_bollinger_init(struct tl_ind_bollinger *s, int n, double k)
{
	memset(s, 0, sizeof *s);
	if (!(k >= 0) || !isfinite(k))
		return -1;
	s->k = k;
	return win_init(&s->w, n);
}

/* Adds x and stores the bands at this bar. */
void tl_ind_bollinger_next(struct tl_ind_bollinger *s, double x, double *mid,
                           double *upper, double *lower, double *width)
{
	win_push(&s->w, x);
	bands_of(s->w.count < (uint64_t)s->w.n ? NULL : win_at(&s->w), s->w.n,
	         s->k, mid, upper, lower, width);
}

void tl_ind_bollinger_release(struct tl_ind_bollinger *s)
{
	win_release(&s->w);
}

/* ---- MACD ---- */

/*
 * Fills the non-NULL outputs [0..count) with MACD(fast, slow, signal) of
 * x. Returns 0, or -1 when a period is below 1.
 */
int tl_ind_macd(const double *x, size_t count, int fast, int slow, int signal,
                double *line, double *sig, double *hist)
{
	double *f, *s, *l;
	size_t first, i;

	if (fast < 1 || slow < 1 || signal < 1)
		return -1;
	f = tl_calloc(count + 1, sizeof *f);
	s = tl_calloc(count + 1, sizeof *s);
	l = tl_calloc(count + 1, sizeof *l);
	tl_ind_ema(x, count, fast, f);
	tl_ind_ema(x, count, slow, s);
	first = (size_t)(fast > slow ? fast : slow) - 1;
	for (i = 0; i < count; i++)
		l[i] = f[i] - s[i]; /* NAN in the warm-up */
	/* the signal line: an EMA of the line from its first value */
	for (i = 0; i < count; i++)
		f[i] = NAN;
	if (first < count)
		tl_ind_ema(l + first, count - first, signal, f + first);
	for (i = 0; i < count; i++) {
		if (line)
			line[i] = l[i];
		if (sig)
			sig[i] = f[i];
		if (hist)
			hist[i] = l[i] - f[i];
	}
	free(f);
	free(s);
	free(l);
	return 0;
}

/* Starts a MACD stream. */
int tl_ind_macd_init(struct tl_ind_macd *s, int fast, int slow, int signal)
{
	memset(s, 0, sizeof *s);
	if (fast < 1 || slow < 1 || signal < 1)
		return -1;
	tl_ind_ema_init(&s->fast, fast);
	tl_ind_ema_init(&s->slow, slow);
	tl_ind_ema_init(&s->sig, signal);
	return 0;
}

/* Adds x and stores line, signal and histogram at this bar. */
void tl_ind_macd_next(struct tl_ind_macd *s, double x, double *line,
                      double *sig, double *hist)
{
	double f = tl_ind_ema_next(&s->fast, x);
	double sl = tl_ind_ema_next(&s->slow, x);
	double l = f - sl, g = NAN;

	if (!isnan(l))
		g = tl_ind_ema_next(&s->sig, l);
	if (line)
		*line = l;
	if (sig)
		*sig = g;
	if (hist)
		*hist = l - g;
}

/* ---- ROC ---- */

/* Returns the rate of change from old to x in percent. */
static double roc_of(double old, double x)
{
	return old == 0 ? 0 : 100 * (x - old) / old;
}

/* Fills out[0..count) with ROC(n) of x. Returns 0, or -1 when n < 1. */
int tl_ind_roc(const double *x, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++)
		out[i] = i < p ? NAN : roc_of(x[i - p], x[i]);
	return 0;
}

/* Starts a ROC(n) stream with a new ring. */
int tl_ind_roc_init(struct tl_ind_roc *s, int n)
{
	return win_init(&s->w, n);
}

/* Adds x and returns the ROC at this bar. */
double tl_ind_roc_next(struct tl_ind_roc *s, double x)
{
	double r = NAN;

	if (s->w.count >= (uint64_t)s->w.n)
		r = roc_of(win_at(&s->w)[0], x);
	win_push(&s->w, x);
	return r;
}

void tl_ind_roc_release(struct tl_ind_roc *s)
{
	win_release(&s->w);
}

/* ---- ADX / DI ---- */

/* Returns DX of the directional indicators pdi and mdi. */
static double dx_of(double pdi, double mdi)
{
	return pdi + mdi == 0 ? 0 : 100 * fabs(pdi - mdi) / (pdi + mdi);
}

/*
 * Fills the non-NULL outputs [0..count) with ADX(n), +DI and -DI of the
 * bars (h, l, c). Returns 0, or -1 when n < 1.
 */
int tl_ind_adx(const double *h, const double *l, const double *c, size_t count,
               int n, double *adx, double *pdi, double *mdi)
{
	size_t p = (size_t)n, i;
	double tr = 0, pdm = 0, mdm = 0, ax = 0;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++) {
		double up, down, t, a, b, pd, md, P = NAN, M = NAN, A = NAN;

		if (i == 0)
			goto store;
		up = h[i] - h[i - 1];
		down = l[i - 1] - l[i];
		pd = up > down && up > 0 ? up : 0;
		md = down > up && down > 0 ? down : 0;
		t = h[i] - l[i];
		a = fabs(h[i] - c[i - 1]);
		b = fabs(l[i] - c[i - 1]);
		if (a > t)
			t = a;
		if (b > t)
			t = b;
		if (i < p) {
			tr += t;
			pdm += pd;
			mdm += md;
			goto store;
		}
		if (i == p) {
			tr = (tr + t) / n;
			pdm = (pdm + pd) / n;
			mdm = (mdm + md) / n;
		} else {
			tr = (tr * (n - 1) + t) / n;
			pdm = (pdm * (n - 1) + pd) / n;
			mdm = (mdm * (n - 1) + md) / n;
		}
		P = tr == 0 ? 0 : 100 * pdm / tr;
		M = tr == 0 ? 0 : 100 * mdm / tr;
		if (i < 2 * p - 1)
			ax += dx_of(P, M);
		else if (i == 2 * p - 1)
			A = ax = (ax + dx_of(P, M)) / n;
		else
			A = ax = (ax * (n - 1) + dx_of(P, M)) / n;
	store:
		if (adx)
			adx[i] = A;
		if (pdi)
			pdi[i] = P;
		if (mdi)
			mdi[i] = M;
	}
	return 0;
}

/* Starts an ADX(n) stream. */
int tl_ind_adx_init(struct tl_ind_adx *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	s->n = n;
	return 0;
}

/* Adds one bar and stores ADX, +DI and -DI at this bar. */
void tl_ind_adx_next(struct tl_ind_adx *s, double h, double l, double c,
                     double *adx, double *pdi, double *mdi)
{
	uint64_t i = s->count++, p = (uint64_t)s->n;
	double P = NAN, M = NAN, A = NAN;

	if (i > 0) {
		double up = h - s->ph, down = s->pl - l;
		double pd = up > down && up > 0 ? up : 0;
		double md = down > up && down > 0 ? down : 0;
		double t = h - l, a = fabs(h - s->pc), b = fabs(l - s->pc);

		if (a > t)
			t = a;
		if (b > t)
			t = b;
		if (i < p) {
			s->tr += t;
			s->pdm += pd;
			s->mdm += md;
		} else {
			if (i == p) {
				s->tr = (s->tr + t) / s->n;
				s->pdm = (s->pdm + pd) / s->n;
				s->mdm = (s->mdm + md) / s->n;
			} else {
				s->tr = (s->tr * (s->n - 1) + t) / s->n;
				s->pdm = (s->pdm * (s->n - 1) + pd) / s->n;
				s->mdm = (s->mdm * (s->n - 1) + md) / s->n;
			}
			P = s->tr == 0 ? 0 : 100 * s->pdm / s->tr;
			M = s->tr == 0 ? 0 : 100 * s->mdm / s->tr;
			if (i < 2 * p - 1)
				s->adx += dx_of(P, M);
			else if (i == 2 * p - 1)
				A = s->adx = (s->adx + dx_of(P, M)) / s->n;
			else
				A = s->adx =
				    (s->adx * (s->n - 1) + dx_of(P, M)) / s->n;
		}
	}
	s->ph = h;
	s->pl = l;
	s->pc = c;
	if (adx)
		*adx = A;
	if (pdi)
		*pdi = P;
	if (mdi)
		*mdi = M;
}

/* ---- OBV ---- */

/* Fills out[0..count) with the OBV of closes c and volumes v. */
void tl_ind_obv(const double *c, const double *v, size_t count, double *out)
{
	double obv = 0;
	size_t i;

	for (i = 0; i < count; i++) {
		if (i > 0 && c[i] > c[i - 1])
			obv += v[i];
		else if (i > 0 && c[i] < c[i - 1])
			obv -= v[i];
		out[i] = obv;
	}
}

/* Starts an OBV stream. */
void tl_ind_obv_init(struct tl_ind_obv *s)
{
	memset(s, 0, sizeof *s);
}

/* Adds one bar and returns the OBV at this bar. */
double tl_ind_obv_next(struct tl_ind_obv *s, double c, double v)
{
	if (s->count++ > 0) {
		if (c > s->prev)
			s->obv += v;
		else if (c < s->prev)
			s->obv -= v;
	}
	s->prev = c;
	return s->obv;
}

/* ---- VWAP ---- */

/* Returns the VWAP of the typical prices tp and volumes v [0..n). */
static double vwap_of(const double *tp, const double *v, int n)
{
	double num = 0, den = 0;
	int j;

	if (all_equal(tp, n))
		return tp[0];
	for (j = 0; j < n; j++) {
		num += tp[j] * v[j];
		den += v[j];
	}
	return den == 0 ? win_mean(tp, n) : num / den;
}

/*
 * Fills out[0..count) with VWAP(n) of the bars (h, l, c, v). Returns 0, or
 * -1 when n < 1.
 */
int tl_ind_vwap(const double *h, const double *l, const double *c,
                const double *v, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;
	double *tp;

	if (n < 1)
		return -1;
	tp = tl_calloc(count + 1, sizeof *tp);
	for (i = 0; i < count; i++) {
		tp[i] = (h[i] + l[i] + c[i]) / 3;
		out[i] =
		    i + 1 < p ? NAN : vwap_of(tp + i + 1 - p, v + i + 1 - p, n);
	}
	free(tp);
	return 0;
}

/* Starts a VWAP(n) stream with two new rings. */
int tl_ind_vwap_init(struct tl_ind_vwap *s, int n)
{
	memset(s, 0, sizeof *s);
	if (n < 1)
		return -1;
	win_init(&s->tp, n);
	win_init(&s->v, n);
	return 0;
}

/* Adds one bar and returns the VWAP at this bar. */
double tl_ind_vwap_next(struct tl_ind_vwap *s, double h, double l, double c,
                        double v)
{
	win_push(&s->tp, (h + l + c) / 3);
	win_push(&s->v, v);
	if (s->tp.count < (uint64_t)s->tp.n)
		return NAN;
	return vwap_of(win_at(&s->tp), win_at(&s->v), s->tp.n);
}

void tl_ind_vwap_release(struct tl_ind_vwap *s)
{
	win_release(&s->tp);
	win_release(&s->v);
}

/* ---- relative volume ---- */

/* Returns v over the mean of the window w[0..n) of earlier volumes. */
static double rvol_of(const double *w, int n, double v)
{
	double m;

	if (all_equal(w, n) && w[0] == v)
		return 1;
	m = win_mean(w, n);
	return m == 0 ? NAN : v / m;
}

/* Fills out[0..count) with relative volume(n). Returns 0, or -1 if n < 1. */
int tl_ind_rvol(const double *v, size_t count, int n, double *out)
{
	size_t p = (size_t)n, i;

	if (n < 1)
		return -1;
	for (i = 0; i < count; i++)
		out[i] = i < p ? NAN : rvol_of(v + i - p, n, v[i]);
	return 0;
}

/* Starts a relative volume stream with a new ring. */
int tl_ind_rvol_init(struct tl_ind_rvol *s, int n)
{
	return win_init(&s->w, n);
}

/* Adds one bar's volume and returns its relative volume. */
double tl_ind_rvol_next(struct tl_ind_rvol *s, double v)
{
	double r = NAN;

	if (s->w.count >= (uint64_t)s->w.n)
		r = rvol_of(win_at(&s->w), s->w.n, v);
	win_push(&s->w, v);
	return r;
}

void tl_ind_rvol_release(struct tl_ind_rvol *s)
{
	win_release(&s->w);
}
