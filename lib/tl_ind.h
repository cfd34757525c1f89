/* tl_ind.h: indicators (SMA, EMA, RSI, ATR, Donchian), batch and streaming. */
#ifndef TL_IND_H
#define TL_IND_H

#include <stddef.h>
#include <stdint.h>

/*
 * Every indicator comes twice, written as separate code so that each checks
 * the other: a batch form over arrays, and a streaming form that takes one
 * value (or one bar) at a time in O(1) (amortised for SMA and Donchian) and
 * returns the value at that bar. Both give the same numbers for the same
 * input, bit for bit as written.
 *
 * Conventions shared by all of them:
 * - n is the period and must be >= 1; with n < 1 a batch form returns -1
 *   leaving its output untouched, and an _init returns -1 leaving the
 *   struct zeroed (so a _release of it is harmless).
 * - Index i counts bars from 0. Until an indicator's first value (its
 *   warm-up, given with each one) the result is NAN; a series shorter than
 *   the warm-up gives NAN throughout.
 * - Batch outputs are caller-owned arrays of count doubles that must not
 *   overlap the inputs.
 * - Inputs are expected finite: a NaN or infinity in the input gives
 *   unspecified (though memory-safe) results from there on.
 * - Each definition names what flat (constant) input gives.
 */

/*
 * SMA(n): the mean of the last n values, x_{i-n+1} .. x_i; first value at
 * index n-1. When those n values are all equal the result is exactly that
 * value (as pandas does), so flat input gives the constant and period 1
 * gives x itself.
 *
 * The window sum is kept running (sum += x_i - x_{i-n}) and summed afresh
 * from the window, in order, every n bars, so it does not drift: O(1)
 * amortised.
 */
int tl_ind_sma(const double *x, size_t count, int n, double *out);

struct tl_ind_sma {
	int n;
	int pos;        /* ring slot of the next value */
	uint64_t count; /* values seen */
	double sum;
	double last; /* the previous value */
	int run;     /* values equal to last, ending with it, at most n */
	double *buf; /* the last n values, owned */
};

/* Starts an SMA(n) stream; allocates its window (tl_ind_sma_release). */
int tl_ind_sma_init(struct tl_ind_sma *s, int n);
/* Adds x and returns the SMA at this bar, NAN during the warm-up. */
double tl_ind_sma_next(struct tl_ind_sma *s, double x);
/* Frees the window; a zeroed or released struct may be released again. */
void tl_ind_sma_release(struct tl_ind_sma *s);

/*
 * EMA(n): alpha = 2/(n+1). The first value, at index n-1, is SMA(n) of
 * the first n values (summed in order, divided by n; exactly their value
 * when all are equal); from then on ema = ema + alpha*(x_i - ema). Period 1
 * (alpha = 1) gives x itself, exactly. Flat input gives the constant,
 * exactly.
 */
int tl_ind_ema(const double *x, size_t count, int n, double *out);

struct tl_ind_ema {
	int n;
	uint64_t count;
	double alpha;
	double ema;   /* the sum of the values seen during the warm-up */
	double first; /* the first value */
	int flat;     /* whether the warm-up values all equal first */
};

/* Starts an EMA(n) stream (no allocation, nothing to release). */
int tl_ind_ema_init(struct tl_ind_ema *s, int n);
/* Adds x and returns the EMA at this bar, NAN during the warm-up. */
double tl_ind_ema_next(struct tl_ind_ema *s, double x);

/*
 * RSI(n), Wilder's: with changes d_i = x_i - x_{i-1} (i >= 1), gain
 * g_i = max(d_i, 0) and loss l_i = max(-d_i, 0). The averages AG and AL
 * start as the plain means of g_1..g_n and l_1..l_n, so the first value is
 * at index n; from then on avg = (avg*(n-1) + g)/n for each.
 * RSI = 100 - 100/(1 + AG/AL), and when AL == 0: 100 if AG > 0, and 50 when
 * AG == 0 too (flat input gives 50). Period 1 gives 100 on a rise, 0 on a
 * fall and 50 when the value repeats.
 */
int tl_ind_rsi(const double *x, size_t count, int n, double *out);

struct tl_ind_rsi {
	int n;
	uint64_t count;
	double prev;       /* the previous value */
	double gain, loss; /* sums during the warm-up, then the averages */
};

/* Starts an RSI(n) stream (no allocation, nothing to release). */
int tl_ind_rsi_init(struct tl_ind_rsi *s, int n);
/* Adds x and returns the RSI at this bar, NAN during the warm-up. */
double tl_ind_rsi_next(struct tl_ind_rsi *s, double x);

/*
 * ATR(n), Wilder's, over bars of high h, low l and close c: the true range
 * TR_0 = h_0 - l_0 and TR_i = max(h_i - l_i, |h_i - c_{i-1}|,
 * |l_i - c_{i-1}|). The first value, at index n-1, is the mean of
 * TR_0..TR_{n-1}; from then on atr = (atr*(n-1) + TR_i)/n. Period 1 gives
 * TR itself. Flat input (h = l = c constant) gives 0.
 */
int tl_ind_atr(const double *h, const double *l, const double *c, size_t count,
               int n, double *out);

struct tl_ind_atr {
	int n;
	uint64_t count;
	double prev_c; /* the previous close */
	double atr;    /* the sum of TR during the warm-up */
};

/* Starts an ATR(n) stream (no allocation, nothing to release). */
int tl_ind_atr_init(struct tl_ind_atr *s, int n);
/* Adds one bar and returns the ATR at this bar, NAN during the warm-up. */
double tl_ind_atr_next(struct tl_ind_atr *s, double h, double l, double c);

/*
 * Donchian(n): upper = the highest of the last n highs, lower = the lowest
 * of the last n lows, mid = (upper + lower)/2; first values at index n-1.
 * Period 1 gives the bar's own high and low. Flat input gives
 * upper = lower = mid = the constant.
 *
 * The batch form splits the series into blocks of n and takes running
 * maxima forwards and backwards in each (van Herk/Gil-Werman), using mid as
 * scratch space; the streaming form keeps monotonic deques.
 */
int tl_ind_donchian(const double *h, const double *l, size_t count, int n,
                    double *upper, double *lower, double *mid);

/* One entry of a Donchian deque: a value and the index of its bar. */
struct tl_ind_mono {
	double v;
	uint64_t i;
};

struct tl_ind_donchian {
	int n;
	uint64_t count;
	struct tl_ind_mono *hi; /* highs, falling from the front; n slots */
	struct tl_ind_mono *lo; /* lows, rising from the front; n slots */
	int hhead, hlen, lhead, llen;
};

/*
 * Starts a Donchian(n) stream; allocates two rings of n entries
 * (tl_ind_donchian_release).
 */
int tl_ind_donchian_init(struct tl_ind_donchian *s, int n);
/*
 * Adds one bar's high and low and stores the channel at this bar in *upper,
 * *lower and *mid (each may be NULL), NAN during the warm-up. O(1)
 * amortised.
 */
void tl_ind_donchian_next(struct tl_ind_donchian *s, double h, double l,
                          double *upper, double *lower, double *mid);
/* Frees the rings; a zeroed or released struct may be released again. */
void tl_ind_donchian_release(struct tl_ind_donchian *s);

#endif
