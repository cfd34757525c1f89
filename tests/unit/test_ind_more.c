/* test_ind_more.c: unit tests for tl_ind's later indicators (WMA, MACD,
 * stddev, Bollinger, ROC, ADX/DI, OBV, VWAP, relative volume). */
#include "tl_ind.h"
#include "tl_test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* Columns of tests/data/ind/<NAME>-more.tsv, in order. */
enum {
	WMA10,
	WMA20,
	MACD_L,
	MACD_S,
	MACD_H,
	SD20,
	BB_MID,
	BB_UP,
	BB_LO,
	BB_W,
	ROC10,
	ADX14,
	PDI14,
	MDI14,
	OBV,
	VWAP20,
	RVOL20,
	NCOL
};

static const char *const colname[NCOL] = {
    "wma10",    "wma20",      "macd_line",  "macd_signal", "macd_hist", "sd20",
    "bb20_mid", "bb20_upper", "bb20_lower", "bb20_width",  "roc10",     "adx14",
    "pdi14",    "mdi14",      "obv",        "vwap20",      "rvol20",
};

/* The documented warm-up of each column: bars before its first value. */
static const int warmup[NCOL] = {9,  19, 25, 33, 33, 19, 19, 19, 19,
                                 19, 10, 27, 14, 14, 0,  19, 20};

struct bars {
	size_t n;
	double *h, *l, *c, *v;
};

static void bars_alloc(struct bars *b, size_t n)
{
	b->n = n;
	b->h = calloc(n + 1, sizeof(double));
	b->l = calloc(n + 1, sizeof(double));
	b->c = calloc(n + 1, sizeof(double));
	b->v = calloc(n + 1, sizeof(double));
}

static void bars_free(struct bars *b)
{
	free(b->h);
	free(b->l);
	free(b->c);
	free(b->v);
}

/* Every column, computed. */
struct out {
	double *col[NCOL];
};

static void out_alloc(struct out *o, size_t n)
{
	int k;

	for (k = 0; k < NCOL; k++)
		o->col[k] = calloc(n + 1, sizeof(double));
}

static void out_free(struct out *o)
{
	int k;

	for (k = 0; k < NCOL; k++)
		free(o->col[k]);
}

/* Computes every column with the batch forms; p scales the periods
 * (p = 0: the goldens' periods). */
static void run_batch(const struct bars *b, int p, struct out *o)
{
	double **x = o->col;

	TL_EQ_INT(tl_ind_wma(b->c, b->n, p ? p : 10, x[WMA10]), 0);
	TL_EQ_INT(tl_ind_wma(b->c, b->n, p ? p + 1 : 20, x[WMA20]), 0);
	TL_EQ_INT(tl_ind_macd(b->c, b->n, p ? p : 12, p ? 2 * p : 26, p ? p : 9,
	                      x[MACD_L], x[MACD_S], x[MACD_H]),
	          0);
	TL_EQ_INT(tl_ind_stddev(b->c, b->n, p ? p : 20, x[SD20]), 0);
	TL_EQ_INT(tl_ind_bollinger(b->c, b->n, p ? p : 20, 2, x[BB_MID],
	                           x[BB_UP], x[BB_LO], x[BB_W]),
	          0);
	TL_EQ_INT(tl_ind_roc(b->c, b->n, p ? p : 10, x[ROC10]), 0);
	TL_EQ_INT(tl_ind_adx(b->h, b->l, b->c, b->n, p ? p : 14, x[ADX14],
	                     x[PDI14], x[MDI14]),
	          0);
	tl_ind_obv(b->c, b->v, b->n, x[OBV]);
	TL_EQ_INT(
	    tl_ind_vwap(b->h, b->l, b->c, b->v, b->n, p ? p : 20, x[VWAP20]),
	    0);
	TL_EQ_INT(tl_ind_rvol(b->v, b->n, p ? p : 20, x[RVOL20]), 0);
}

/* The same with the streaming forms. */
static void run_stream(const struct bars *b, int p, struct out *o)
{
	double **x = o->col;
	struct tl_ind_wma w1, w2;
	struct tl_ind_macd m;
	struct tl_ind_stddev sd;
	struct tl_ind_bollinger bb;
	struct tl_ind_roc roc;
	struct tl_ind_adx adx;
	struct tl_ind_obv obv;
	struct tl_ind_vwap vw;
	struct tl_ind_rvol rv;
	size_t i;

	TL_EQ_INT(tl_ind_wma_init(&w1, p ? p : 10), 0);
	TL_EQ_INT(tl_ind_wma_init(&w2, p ? p + 1 : 20), 0);
	TL_EQ_INT(tl_ind_macd_init(&m, p ? p : 12, p ? 2 * p : 26, p ? p : 9),
	          0);
	TL_EQ_INT(tl_ind_stddev_init(&sd, p ? p : 20), 0);
	TL_EQ_INT(tl_ind_bollinger_init(&bb, p ? p : 20, 2), 0);
	TL_EQ_INT(tl_ind_roc_init(&roc, p ? p : 10), 0);
	TL_EQ_INT(tl_ind_adx_init(&adx, p ? p : 14), 0);
	tl_ind_obv_init(&obv);
	TL_EQ_INT(tl_ind_vwap_init(&vw, p ? p : 20), 0);
	TL_EQ_INT(tl_ind_rvol_init(&rv, p ? p : 20), 0);
	for (i = 0; i < b->n; i++) {
		x[WMA10][i] = tl_ind_wma_next(&w1, b->c[i]);
		x[WMA20][i] = tl_ind_wma_next(&w2, b->c[i]);
		tl_ind_macd_next(&m, b->c[i], &x[MACD_L][i], &x[MACD_S][i],
		                 &x[MACD_H][i]);
		x[SD20][i] = tl_ind_stddev_next(&sd, b->c[i]);
		tl_ind_bollinger_next(&bb, b->c[i], &x[BB_MID][i], &x[BB_UP][i],
		                      &x[BB_LO][i], &x[BB_W][i]);
		x[ROC10][i] = tl_ind_roc_next(&roc, b->c[i]);
		tl_ind_adx_next(&adx, b->h[i], b->l[i], b->c[i], &x[ADX14][i],
		                &x[PDI14][i], &x[MDI14][i]);
		x[OBV][i] = tl_ind_obv_next(&obv, b->c[i], b->v[i]);
		x[VWAP20][i] =
		    tl_ind_vwap_next(&vw, b->h[i], b->l[i], b->c[i], b->v[i]);
		x[RVOL20][i] = tl_ind_rvol_next(&rv, b->v[i]);
	}
	tl_ind_wma_release(&w1);
	tl_ind_wma_release(&w2);
	tl_ind_stddev_release(&sd);
	tl_ind_bollinger_release(&bb);
	tl_ind_roc_release(&roc);
	tl_ind_vwap_release(&vw);
	tl_ind_rvol_release(&rv);
}

/* Returns 1 when got is want to 1e-9 relative (1e-12 absolute near 0). */
static int near(double want, double got)
{
	double d;

	if (isnan(want) || isnan(got))
		return isnan(want) && isnan(got);
	d = fabs(want - got);
	return d <= 1e-12 || d <= 1e-9 * fmax(fabs(want), fabs(got));
}

static int same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

/* Counts where got[0..n) differs from want, printing the first few. */
static int count_bad(const char *what, const double *want, const double *got,
                     size_t n, int exact)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		if (exact ? same(want[i], got[i]) : near(want[i], got[i]))
			continue;
		if (bad++ < 3)
			printf("# %s [%zu]: want %.17g, got %.17g\n", what, i,
			       want[i], got[i]);
	}
	return bad;
}

/* Reads the first limit bars of the CSV at path. */
static void read_csv(const char *path, size_t limit, struct bars *b)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t n = 0;

	bars_alloc(b, limit);
	TL_CHECK(f != NULL);
	if (!f)
		return;
	TL_CHECK(fgets(line, sizeof line, f) != NULL);
	while (n < limit && fgets(line, sizeof line, f)) {
		char *p = strchr(line, ','), *e;

		if (!p)
			break;
		strtod(p + 1, &e);
		b->h[n] = strtod(e + 1, &e);
		b->l[n] = strtod(e + 1, &e);
		b->c[n] = strtod(e + 1, &e);
		b->v[n] = strtod(e + 1, &e);
		n++;
	}
	fclose(f);
	b->n = n;
}

/* Checks both forms on series name against its golden TSV. */
static void check_golden(const char *name)
{
	char path[256], line[4096], what[64];
	struct out want, bo, so;
	struct bars b;
	FILE *f;
	size_t n = 0, cap = 100000;
	int k;

	snprintf(path, sizeof path, "tests/data/ind/%s-more.tsv", name);
	f = fopen(path, "r");
	TL_CHECK(f != NULL);
	if (!f)
		return;
	out_alloc(&want, cap);
	TL_CHECK(fgets(line, sizeof line, f) != NULL);
	{
		char *save = NULL, *p = strtok_r(line, "\t\n", &save);

		for (k = 0; k < NCOL; k++, p = strtok_r(NULL, "\t\n", &save))
			TL_EQ_STR(p ? p : "", colname[k]);
		TL_CHECK(p == NULL);
	}
	while (n < cap && fgets(line, sizeof line, f)) {
		char *e = line;

		for (k = 0; k < NCOL; k++)
			want.col[k][n] = strtod(k ? e + 1 : e, &e);
		n++;
	}
	fclose(f);
	snprintf(path, sizeof path, "share/tickline/data/%s.csv", name);
	read_csv(path, n, &b);
	TL_EQ_INT(b.n, n);
	TL_CHECK(n >= 1000);
	out_alloc(&bo, n);
	out_alloc(&so, n);
	run_batch(&b, 0, &bo);
	run_stream(&b, 0, &so);
	for (k = 0; k < NCOL; k++) {
		size_t i, lead = 0;

		snprintf(what, sizeof what, "%s batch %s", name, colname[k]);
		TL_EQ_INT(count_bad(what, want.col[k], bo.col[k], n, 0), 0);
		snprintf(what, sizeof what, "%s stream %s", name, colname[k]);
		TL_EQ_INT(count_bad(what, want.col[k], so.col[k], n, 0), 0);
		for (i = 0; i < n && isnan(want.col[k][i]); i++)
			lead++;
		snprintf(what, sizeof what, "%s warm-up %s", name, colname[k]);
		if (lead != (size_t)warmup[k])
			printf("# %s: %zu\n", what, lead);
		TL_EQ_INT(lead, warmup[k]);
		/* no NaN after the warm-up in this data */
		for (; i < n; i++)
			TL_CHECK(!isnan(want.col[k][i]));
	}
	out_free(&want);
	out_free(&bo);
	out_free(&so);
	bars_free(&b);
}

static void test_golden(void)
{
	check_golden("GOOG");
	check_golden("EURUSD");
}

static double urand(void)
{
	return (double)(tl_t_rand() >> 11) * 0x1p-53;
}

/* Fills b with n random bars, on a tick grid with repeats when ticks. */
static void random_bars(struct bars *b, size_t n, int ticks)
{
	double c = 100;
	size_t i;

	bars_alloc(b, n);
	for (i = 0; i < n; i++) {
		double o = c;

		if (ticks) {
			c += 0.25 * (double)((int)(tl_t_rand() % 5) - 2);
			if (c < 1)
				c = 1;
			b->h[i] =
			    (o > c ? o : c) + 0.25 * (double)(tl_t_rand() % 3);
			b->l[i] =
			    (o < c ? o : c) - 0.25 * (double)(tl_t_rand() % 3);
			b->v[i] = (double)(tl_t_rand() % 3) * 100;
		} else {
			c *= 1 + 0.02 * (urand() - 0.5);
			b->h[i] = (o > c ? o : c) * (1 + 0.01 * urand());
			b->l[i] = (o < c ? o : c) * (1 - 0.01 * urand());
			b->v[i] = 1e6 * urand();
		}
		b->c[i] = c;
	}
}

/* Streaming gives the batch numbers bit for bit, for many periods. */
static void test_stream_equals_batch(void)
{
	static const int periods[] = {1, 2, 3, 7, 14, 50, 333, 2000};
	size_t k;
	int ticks, col;

	for (ticks = 0; ticks < 2; ticks++) {
		struct bars b;

		random_bars(&b, 3000, ticks);
		for (k = 0; k < sizeof periods / sizeof periods[0]; k++) {
			struct out x, y;
			char what[64];

			out_alloc(&x, b.n);
			out_alloc(&y, b.n);
			run_batch(&b, periods[k], &x);
			run_stream(&b, periods[k], &y);
			for (col = 0; col < NCOL; col++) {
				snprintf(what, sizeof what, "p=%d %s",
				         periods[k], colname[col]);
				TL_EQ_INT(count_bad(what, x.col[col],
				                    y.col[col], b.n, 1),
				          0);
			}
			out_free(&x);
			out_free(&y);
		}
		bars_free(&b);
	}
}

/* Constant bars give the documented flat results, exactly. */
static void test_flat(void)
{
	static const double consts[] = {42.5, 1.07219, 0.1, 3e5};
	static const int periods[] = {1, 2, 3, 14, 20};
	size_t ci, k, i;

	for (ci = 0; ci < sizeof consts / sizeof consts[0]; ci++) {
		double v = consts[ci], tp = (v + v + v) / 3;
		struct bars b;

		bars_alloc(&b, 200);
		for (i = 0; i < b.n; i++) {
			b.h[i] = b.l[i] = b.c[i] = v;
			b.v[i] = 1000;
		}
		for (k = 0; k < sizeof periods / sizeof periods[0]; k++) {
			int s, bad = 0, p = periods[k];

			for (s = 0; s < 2; s++) {
				struct out o;
				double **x = o.col;

				out_alloc(&o, b.n);
				if (s)
					run_stream(&b, p, &o);
				else
					run_batch(&b, p, &o);
				for (i = 4 * (size_t)p; i < b.n; i++) {
					bad += x[WMA10][i] != v ||
					       x[WMA20][i] != v;
					bad += x[MACD_L][i] != 0 ||
					       x[MACD_S][i] != 0 ||
					       x[MACD_H][i] != 0;
					bad += x[SD20][i] != 0 ||
					       x[BB_MID][i] != v ||
					       x[BB_UP][i] != v ||
					       x[BB_LO][i] != v ||
					       x[BB_W][i] != 0;
					bad += x[ROC10][i] != 0;
					bad += x[ADX14][i] != 0 ||
					       x[PDI14][i] != 0 ||
					       x[MDI14][i] != 0;
					bad += x[OBV][i] != 0;
					bad += x[VWAP20][i] != tp;
					bad += x[RVOL20][i] != 1;
				}
				bad += x[OBV][0] != 0;
				out_free(&o);
			}
			TL_EQ_INT(bad, 0);
		}
		bars_free(&b);
	}
}

/* Warm-ups by period: first values where the header says. */
static void test_warmup(void)
{
	struct bars b;
	int p;

	random_bars(&b, 200, 0);
	for (p = 1; p <= 20; p++) {
		struct out o;
		double **x = o.col;
		size_t q = (size_t)p;

		out_alloc(&o, b.n);
		run_batch(&b, p, &o);
		TL_CHECK(q < 2 || isnan(x[WMA10][q - 2]));
		TL_CHECK(!isnan(x[WMA10][q - 1]));
		/* MACD(p, 2p, p): line at 2p-1, signal at 3p-2 */
		TL_CHECK(q < 2 || isnan(x[MACD_L][2 * q - 2]));
		TL_CHECK(!isnan(x[MACD_L][2 * q - 1]));
		TL_CHECK(isnan(x[MACD_S][3 * q - 3]));
		TL_CHECK(!isnan(x[MACD_S][3 * q - 2]));
		TL_CHECK(isnan(x[ROC10][q - 1]) && !isnan(x[ROC10][q]));
		TL_CHECK(isnan(x[PDI14][q - 1]) && !isnan(x[PDI14][q]));
		TL_CHECK(isnan(x[ADX14][2 * q - 2]));
		TL_CHECK(!isnan(x[ADX14][2 * q - 1]));
		TL_CHECK(isnan(x[RVOL20][q - 1]) && !isnan(x[RVOL20][q]));
		TL_CHECK(q < 2 || isnan(x[VWAP20][q - 2]));
		TL_CHECK(!isnan(x[VWAP20][q - 1]));
		out_free(&o);
	}
	bars_free(&b);
}

/* Hand-computed values: WMA, ROC, OBV, relative volume, VWAP. */
static void test_hand(void)
{
	double x[5] = {1, 2, 3, 4, 6}, v[5] = {10, 20, 0, 30, 40}, out[5];
	double h[2] = {2, 4}, l[2] = {1, 2}, c[2] = {1.5, 3}, vv[2] = {0, 0};

	TL_EQ_INT(tl_ind_wma(x, 5, 3, out), 0);
	TL_EQ_DBL(out[2], (1 + 4 + 9) / 6.0);
	TL_EQ_DBL(out[4], (3 + 8 + 18) / 6.0);
	TL_EQ_INT(tl_ind_roc(x, 5, 2, out), 0);
	TL_CHECK(isnan(out[1]));
	TL_EQ_DBL(out[2], 200);
	TL_EQ_DBL(out[4], 100);
	tl_ind_obv(x, v, 5, out);
	TL_EQ_DBL(out[0], 0);
	TL_EQ_DBL(out[4], 90);
	TL_EQ_INT(tl_ind_rvol(v, 5, 2, out), 0);
	TL_EQ_DBL(out[2], 0);
	TL_EQ_DBL(out[3], 3);
	TL_EQ_DBL(out[4], 40 / 15.0);
	/* no volume: the mean typical price */
	TL_EQ_INT(tl_ind_vwap(h, l, c, vv, 2, 2, out), 0);
	TL_EQ_DBL(out[1], (1.5 + 3) / 2);
	/* relative volume after silence is undefined */
	{
		double z[3] = {0, 0, 5};

		TL_EQ_INT(tl_ind_rvol(z, 3, 2, out), 0);
		TL_CHECK(isnan(out[2]));
	}
}

/* Periods below 1 and bad k are refused. */
static void test_bad_period(void)
{
	double x[4] = {1, 2, 3, 4}, o[4] = {7, 7, 7, 7};
	struct tl_ind_wma w;
	struct tl_ind_bollinger bb;
	struct tl_ind_macd m;
	struct tl_ind_vwap vw;

	TL_EQ_INT(tl_ind_wma(x, 4, 0, o), -1);
	TL_EQ_INT(tl_ind_stddev(x, 4, 0, o), -1);
	TL_EQ_INT(tl_ind_bollinger(x, 4, 0, 2, o, o, o, o), -1);
	TL_EQ_INT(tl_ind_bollinger(x, 4, 5, -1, o, o, o, o), -1);
	TL_EQ_INT(tl_ind_bollinger(x, 4, 5, NAN, o, o, o, o), -1);
	TL_EQ_INT(tl_ind_macd(x, 4, 12, 0, 9, o, o, o), -1);
	TL_EQ_INT(tl_ind_roc(x, 4, -1, o), -1);
	TL_EQ_INT(tl_ind_adx(x, x, x, 4, 0, o, o, o), -1);
	TL_EQ_INT(tl_ind_vwap(x, x, x, x, 4, 0, o), -1);
	TL_EQ_INT(tl_ind_rvol(x, 4, 0, o), -1);
	TL_EQ_DBL(o[0], 7);
	TL_EQ_INT(tl_ind_wma_init(&w, 0), -1);
	TL_EQ_INT(tl_ind_bollinger_init(&bb, 3, -2), -1);
	TL_EQ_INT(tl_ind_macd_init(&m, 1, 2, 0), -1);
	TL_EQ_INT(tl_ind_vwap_init(&vw, 0), -1);
	tl_ind_wma_release(&w);
	tl_ind_bollinger_release(&bb);
	tl_ind_vwap_release(&vw);
}

int main(void)
{
	TL_RUN(test_golden);
	TL_RUN(test_stream_equals_batch);
	TL_RUN(test_flat);
	TL_RUN(test_warmup);
	TL_RUN(test_hand);
	TL_RUN(test_bad_period);
	return TL_DONE();
}
