/* tl_ind.h: indicators (SMA, EMA, RSI, ATR, Donchian, WMA, MACD, Bollinger,
 * stddev, ROC, ADX/DI, OBV, VWAP, relative volume), batch and streaming. */
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

/*
 * The indicators below follow the same conventions. Those over a window
 * of n values that need more than a running sum (WMA, stddev, Bollinger,
 * VWAP, relative volume) compute each window afresh, oldest value first,
 * in O(n) per bar; their batch and streaming forms keep their own
 * bookkeeping (array indices, and a ring of 2n slots that holds the window
 * contiguously) but share the per-window arithmetic, so they agree bit for
 * bit and the pandas goldens check that arithmetic. "All n values equal"
 * is tested exactly, which is what makes the flat results exact.
 */

/*
 * WMA(n): the linearly weighted mean of the last n values, weights 1 (the
 * oldest) to n (the newest), divided by n(n+1)/2; first value at index
 * n-1. Flat input gives the constant exactly; period 1 gives x.
 */
int tl_ind_wma(const double *x, size_t count, int n, double *out);

/* A window ring of 2n slots holding the last n values contiguously. */
struct tl_ind_win {
	int n, pos;
	uint64_t count;
	double *buf; /* owned */
};

struct tl_ind_wma {
	struct tl_ind_win w;
};

/* Starts a WMA(n) stream; allocates its ring (tl_ind_wma_release). */
int tl_ind_wma_init(struct tl_ind_wma *s, int n);
/* Adds x and returns the WMA at this bar, NAN during the warm-up. */
double tl_ind_wma_next(struct tl_ind_wma *s, double x);
/* Frees the ring; a zeroed or released struct may be released again. */
void tl_ind_wma_release(struct tl_ind_wma *s);

/*
 * Standard deviation(n): the population standard deviation (divided by n,
 * not n-1) of the last n values, two-pass (mean first, then the mean of
 * squared deviations); first value at index n-1. Flat input gives 0
 * exactly; period 1 gives 0.
 */
int tl_ind_stddev(const double *x, size_t count, int n, double *out);

struct tl_ind_stddev {
	struct tl_ind_win w;
};

/* Starts a stddev(n) stream; allocates its ring (tl_ind_stddev_release). */
int tl_ind_stddev_init(struct tl_ind_stddev *s, int n);
/* Adds x and returns the standard deviation at this bar, NAN in warm-up. */
double tl_ind_stddev_next(struct tl_ind_stddev *s, double x);
void tl_ind_stddev_release(struct tl_ind_stddev *s);

/*
 * Bollinger(n, k): mid = the mean of the last n values (summed oldest
 * first, divided by n; exactly the value when all n are equal), upper =
 * mid + k*sd and lower = mid - k*sd with sd the stddev(n) above, and width
 * = (upper - lower)/mid (0 when mid is 0). First values at index n-1. Flat
 * input gives mid = upper = lower = the constant and width 0. Any of the
 * outputs may be NULL. k must be finite and >= 0, else -1.
 */
int tl_ind_bollinger(const double *x, size_t count, int n, double k,
                     double *mid, double *upper, double *lower, double *width);

struct tl_ind_bollinger {
	struct tl_ind_win w;
	double k;
};

/* Starts a Bollinger(n, k) stream; allocates its ring. */
int tl_ind_bollinger_init(struct tl_ind_bollinger *s, int n, double k);
/* Adds x and stores the bands at this bar (each pointer may be NULL). */
void tl_ind_bollinger_next(struct tl_ind_bollinger *s, double x, double *mid,
                           double *upper, double *lower, double *width);
void tl_ind_bollinger_release(struct tl_ind_bollinger *s);

/*
 * MACD(fast, slow, signal): line = EMA(fast) - EMA(slow) (the EMA above),
 * first value at index max(fast, slow) - 1; signal = an EMA(signal) of the
 * line from its first value on (seeded with the plain mean of its first
 * signal values), first at max(fast, slow) + signal - 2; hist = line -
 * signal. The usual periods are 12, 26, 9. Flat input gives 0, 0, 0
 * exactly. Any of the outputs may be NULL.
 */
int tl_ind_macd(const double *x, size_t count, int fast, int slow, int signal,
                double *line, double *sig, double *hist);

struct tl_ind_macd {
	struct tl_ind_ema fast, slow, sig;
};

/* Starts a MACD stream (no allocation, nothing to release). */
int tl_ind_macd_init(struct tl_ind_macd *s, int fast, int slow, int signal);
/* Adds x and stores line, signal and histogram (each may be NULL). */
void tl_ind_macd_next(struct tl_ind_macd *s, double x, double *line,
                      double *sig, double *hist);

/*
 * ROC(n), rate of change in percent: 100*(x_i - x_{i-n})/x_{i-n}, first
 * value at index n; 0 when x_{i-n} is 0. Flat input gives 0.
 */
int tl_ind_roc(const double *x, size_t count, int n, double *out);

struct tl_ind_roc {
	struct tl_ind_win w; /* the last n values, x_{i-n} .. x_{i-1} */
};

/* Starts a ROC(n) stream; allocates its ring (tl_ind_roc_release). */
int tl_ind_roc_init(struct tl_ind_roc *s, int n);
/* Adds x and returns the ROC at this bar, NAN during the warm-up. */
double tl_ind_roc_next(struct tl_ind_roc *s, double x);
void tl_ind_roc_release(struct tl_ind_roc *s);

/*
 * ADX(n) and the directional indicators, Wilder's. From index 1: up =
 * h_i - h_{i-1}, down = l_{i-1} - l_i, +DM = up when up > down and up > 0
 * else 0, -DM = down when down > up and down > 0 else 0, TR as for ATR.
 * Each of TR, +DM and -DM is smoothed as RSI's averages are: the plain
 * mean of its values at indices 1..n, then avg = (avg*(n-1) + v)/n. At
 * index n on: +DI = 100*avg(+DM)/avg(TR), -DI likewise (both 0 when
 * avg(TR) is 0), DX = 100*|+DI - -DI|/(+DI + -DI) (0 when the sum is 0).
 * ADX is the plain mean of DX at indices n..2n-1, first at 2n-1, then
 * smoothed the same way. Flat input gives +DI = -DI = ADX = 0. Any output
 * may be NULL.
 */
int tl_ind_adx(const double *h, const double *l, const double *c, size_t count,
               int n, double *adx, double *pdi, double *mdi);

struct tl_ind_adx {
	int n;
	uint64_t count;
	double ph, pl, pc;   /* the previous bar */
	double tr, pdm, mdm; /* sums during the warm-up, then averages */
	double adx;          /* the sum of DX during its warm-up, then ADX */
};

/* Starts an ADX(n) stream (no allocation, nothing to release). */
int tl_ind_adx_init(struct tl_ind_adx *s, int n);
/* Adds one bar and stores ADX, +DI and -DI at this bar (each may be NULL). */
void tl_ind_adx_next(struct tl_ind_adx *s, double h, double l, double c,
                     double *adx, double *pdi, double *mdi);

/*
 * OBV, on-balance volume: 0 at index 0, then the previous OBV plus v_i
 * when c_i > c_{i-1}, minus v_i when c_i < c_{i-1}, unchanged when equal.
 * No warm-up; flat input gives 0.
 */
void tl_ind_obv(const double *c, const double *v, size_t count, double *out);

struct tl_ind_obv {
	uint64_t count;
	double prev, obv;
};

/* Starts an OBV stream (nothing to release). */
void tl_ind_obv_init(struct tl_ind_obv *s);
/* Adds one bar's close and volume and returns the OBV at this bar. */
double tl_ind_obv_next(struct tl_ind_obv *s, double c, double v);

/*
 * VWAP(n), rolling: with the typical price tp = (h + l + c)/3, the sum of
 * tp*v over the last n bars divided by the sum of v; first value at index
 * n-1. When the window's volume is 0 it is the plain mean of the n typical
 * prices. When all n typical prices are equal it is that price exactly, so
 * flat input (h, l, c constant) gives (h + l + c)/3.
 */
int tl_ind_vwap(const double *h, const double *l, const double *c,
                const double *v, size_t count, int n, double *out);

struct tl_ind_vwap {
	struct tl_ind_win tp, v;
};

/* Starts a VWAP(n) stream; allocates its rings (tl_ind_vwap_release). */
int tl_ind_vwap_init(struct tl_ind_vwap *s, int n);
/* Adds one bar and returns the VWAP at this bar, NAN during the warm-up. */
double tl_ind_vwap_next(struct tl_ind_vwap *s, double h, double l, double c,
                        double v);
void tl_ind_vwap_release(struct tl_ind_vwap *s);

/*
 * Relative volume(n): v_i divided by the mean volume of the n bars before
 * it (v_{i-n} .. v_{i-1}, summed oldest first); first value at index n.
 * When those n volumes all equal v_i it is exactly 1 (flat input gives 1);
 * when their mean is 0 and v_i is not, it is NAN (undefined).
 */
int tl_ind_rvol(const double *v, size_t count, int n, double *out);

struct tl_ind_rvol {
	struct tl_ind_win w; /* the n volumes before this bar */
};

/* Starts a relative volume stream; allocates its ring. */
int tl_ind_rvol_init(struct tl_ind_rvol *s, int n);
/* Adds one bar's volume and returns its relative volume, NAN in warm-up. */
double tl_ind_rvol_next(struct tl_ind_rvol *s, double v);
void tl_ind_rvol_release(struct tl_ind_rvol *s);

#endif
