/* test_ind.c: unit tests for tl_ind: pandas golden data, batch vs streaming. */
#include "tl_ind.h"
#include "tl_test.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* The bars of one series, high, low and close. */
struct bars {
	size_t n;
	double *h, *l, *c;
};

/* Every indicator of one period over one series. */
struct ind {
	double *sma, *ema, *rsi, *atr, *up, *lo, *mid;
};

static void bars_alloc(struct bars *b, size_t n)
{
	b->n = n;
	b->h = calloc(n + 1, sizeof *b->h);
	b->l = calloc(n + 1, sizeof *b->l);
	b->c = calloc(n + 1, sizeof *b->c);
}

static void bars_free(struct bars *b)
{
	free(b->h);
	free(b->l);
	free(b->c);
}

static void ind_alloc(struct ind *o, size_t n)
{
	o->sma = calloc(n + 1, sizeof(double));
	o->ema = calloc(n + 1, sizeof(double));
	o->rsi = calloc(n + 1, sizeof(double));
	o->atr = calloc(n + 1, sizeof(double));
	o->up = calloc(n + 1, sizeof(double));
	o->lo = calloc(n + 1, sizeof(double));
	o->mid = calloc(n + 1, sizeof(double));
}

static void ind_free(struct ind *o)
{
	free(o->sma);
	free(o->ema);
	free(o->rsi);
	free(o->atr);
	free(o->up);
	free(o->lo);
	free(o->mid);
}

/* Computes every indicator of period p over b with the batch forms. */
static void run_batch(const struct bars *b, int p, struct ind *o)
{
	TL_EQ_INT(tl_ind_sma(b->c, b->n, p, o->sma), 0);
	TL_EQ_INT(tl_ind_ema(b->c, b->n, p, o->ema), 0);
	TL_EQ_INT(tl_ind_rsi(b->c, b->n, p, o->rsi), 0);
	TL_EQ_INT(tl_ind_atr(b->h, b->l, b->c, b->n, p, o->atr), 0);
	TL_EQ_INT(tl_ind_donchian(b->h, b->l, b->n, p, o->up, o->lo, o->mid),
	          0);
}

/* Computes every indicator of period p over b with the streaming forms. */
static void run_stream(const struct bars *b, int p, struct ind *o)
{
	struct tl_ind_sma sma;
	struct tl_ind_ema ema;
	struct tl_ind_rsi rsi;
	struct tl_ind_atr atr;
	struct tl_ind_donchian dc;
	size_t i;

	TL_EQ_INT(tl_ind_sma_init(&sma, p), 0);
	TL_EQ_INT(tl_ind_ema_init(&ema, p), 0);
	TL_EQ_INT(tl_ind_rsi_init(&rsi, p), 0);
	TL_EQ_INT(tl_ind_atr_init(&atr, p), 0);
	TL_EQ_INT(tl_ind_donchian_init(&dc, p), 0);
	for (i = 0; i < b->n; i++) {
		o->sma[i] = tl_ind_sma_next(&sma, b->c[i]);
		o->ema[i] = tl_ind_ema_next(&ema, b->c[i]);
		o->rsi[i] = tl_ind_rsi_next(&rsi, b->c[i]);
		o->atr[i] = tl_ind_atr_next(&atr, b->h[i], b->l[i], b->c[i]);
		tl_ind_donchian_next(&dc, b->h[i], b->l[i], &o->up[i],
		                     &o->lo[i], &o->mid[i]);
	}
	tl_ind_sma_release(&sma);
	tl_ind_sma_release(&sma);
	tl_ind_donchian_release(&dc);
	tl_ind_donchian_release(&dc);
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

/* Returns 1 when a and b are the same double, or both NaN. */
static int same(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

/*
 * Counts the indices where got[0..n) is not want (exactly with exact,
 * else near()), printing the first few as comments.
 */
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

/* Reads at most limit bars of the CSV at path (,Open,High,Low,Close,Volume). */
static int read_csv(const char *path, size_t limit, struct bars *b)
{
	FILE *f = fopen(path, "r");
	char line[256];
	size_t n = 0;

	memset(b, 0, sizeof *b);
	if (!f)
		return -1;
	bars_alloc(b, limit);
	if (!fgets(line, sizeof line, f)) /* the header */
		n = 0;
	while (n < limit && fgets(line, sizeof line, f)) {
		char *p = strchr(line, ','), *e;

		if (!p)
			break;
		strtod(p + 1, &e); /* Open */
		b->h[n] = strtod(e + 1, &e);
		b->l[n] = strtod(e + 1, &e);
		b->c[n] = strtod(e + 1, &e);
		n++;
	}
	fclose(f);
	b->n = n;
	return 0;
}

#define MAXCOL 16

/* A golden TSV: a header of column names, then one line per bar. */
struct golden {
	int ncol;
	char name[MAXCOL][32];
	double *v[MAXCOL];
	size_t n;
};

/* Reads the golden TSV at path, at most limit rows. */
static int read_golden(const char *path, size_t limit, struct golden *g)
{
	FILE *f = fopen(path, "r");
	char line[1024], *p, *save = NULL;
	int k;

	memset(g, 0, sizeof *g);
	if (!f)
		return -1;
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return -1;
	}
	for (p = strtok_r(line, "\t\n", &save); p && g->ncol < MAXCOL;
	     p = strtok_r(NULL, "\t\n", &save)) {
		snprintf(g->name[g->ncol], sizeof g->name[0], "%s", p);
		g->v[g->ncol++] = calloc(limit + 1, sizeof(double));
	}
	while (g->n < limit && fgets(line, sizeof line, f)) {
		char *e = line;

		for (k = 0; k < g->ncol; k++)
			g->v[k][g->n] = strtod(k ? e + 1 : e, &e);
		g->n++;
	}
	fclose(f);
	return 0;
}

static void golden_free(struct golden *g)
{
	int k;

	for (k = 0; k < g->ncol; k++)
		free(g->v[k]);
}

/*
 * Checks the batch (or streaming) forms on series name against
 * tests/data/ind/<name>.tsv, each column named kind+period[_part].
 */
static void check_golden(const char *name, int stream)
{
	char path[256], kind[8], part[16], what[64];
	struct bars b;
	struct golden g;
	int k;

	snprintf(path, sizeof path, "tests/data/ind/%s.tsv", name);
	TL_EQ_INT(read_golden(path, 100000, &g), 0);
	snprintf(path, sizeof path, "share/tickline/data/%s.csv", name);
	TL_EQ_INT(read_csv(path, g.n, &b), 0);
	TL_CHECK(g.n >= 1000);
	TL_EQ_INT(b.n, g.n);
	TL_EQ_INT(g.ncol, 8);
	for (k = 0; k < g.ncol; k++) {
		struct ind o;
		const double *got = NULL;
		size_t i, valid = 0;
		int p = 0;

		part[0] = '\0';
		if (sscanf(g.name[k], "%7[a-z]%d%15s", kind, &p, part) < 2 ||
		    p < 1) {
			TL_CHECK(!"bad golden column name");
			continue;
		}
		ind_alloc(&o, b.n);
		if (stream)
			run_stream(&b, p, &o);
		else
			run_batch(&b, p, &o);
		if (!strcmp(kind, "sma"))
			got = o.sma;
		else if (!strcmp(kind, "ema"))
			got = o.ema;
		else if (!strcmp(kind, "rsi"))
			got = o.rsi;
		else if (!strcmp(kind, "atr"))
			got = o.atr;
		else if (!strcmp(kind, "dc") && !strcmp(part, "_upper"))
			got = o.up;
		else if (!strcmp(kind, "dc") && !strcmp(part, "_lower"))
			got = o.lo;
		else if (!strcmp(kind, "dc") && !strcmp(part, "_mid"))
			got = o.mid;
		TL_CHECK(got != NULL);
		if (got) {
			snprintf(what, sizeof what, "%s %s %s", name,
			         stream ? "stream" : "batch", g.name[k]);
			TL_EQ_INT(count_bad(what, g.v[k], got, b.n, 0), 0);
		}
		for (i = 0; i < b.n; i++)
			valid += !isnan(g.v[k][i]);
		/* the golden's warm-up is the documented one */
		TL_EQ_INT(b.n - valid, strcmp(kind, "rsi") ? p - 1 : p);
		ind_free(&o);
	}
	golden_free(&g);
	bars_free(&b);
}

static void test_golden_batch(void)
{
	check_golden("GOOG", 0);
	check_golden("EURUSD", 0);
}

static void test_golden_stream(void)
{
	check_golden("GOOG", 1);
	check_golden("EURUSD", 1);
}

/* Returns a uniform double in [0, 1). */
static double urand(void)
{
	return (double)(tl_t_rand() >> 11) * 0x1p-53;
}

/*
 * Fills b with n random bars: a random walk, or with ticks prices on a grid
 * of 0.25 that often repeat (ties, flat runs).
 */
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
		} else {
			c *= 1 + 0.02 * (urand() - 0.5);
			b->h[i] = (o > c ? o : c) * (1 + 0.01 * urand());
			b->l[i] = (o < c ? o : c) * (1 - 0.01 * urand());
		}
		b->c[i] = c;
	}
}

/* Streaming gives the batch numbers bit for bit on random series. */
static void test_stream_equals_batch(void)
{
	static const int periods[] = {1,  2,  3,   7,    14,   20,
	                              50, 64, 200, 4999, 5000, 5001};
	size_t k;
	int ticks;

	for (ticks = 0; ticks < 2; ticks++) {
		struct bars b;

		random_bars(&b, 5000, ticks);
		for (k = 0; k < sizeof periods / sizeof periods[0]; k++) {
			struct ind x, y;
			int p = periods[k];

			ind_alloc(&x, b.n);
			ind_alloc(&y, b.n);
			run_batch(&b, p, &x);
			run_stream(&b, p, &y);
			TL_EQ_INT(count_bad("sma", x.sma, y.sma, b.n, 1), 0);
			TL_EQ_INT(count_bad("ema", x.ema, y.ema, b.n, 1), 0);
			TL_EQ_INT(count_bad("rsi", x.rsi, y.rsi, b.n, 1), 0);
			TL_EQ_INT(count_bad("atr", x.atr, y.atr, b.n, 1), 0);
			TL_EQ_INT(count_bad("up", x.up, y.up, b.n, 1), 0);
			TL_EQ_INT(count_bad("lo", x.lo, y.lo, b.n, 1), 0);
			TL_EQ_INT(count_bad("mid", x.mid, y.mid, b.n, 1), 0);
			ind_free(&x);
			ind_free(&y);
		}
		bars_free(&b);
	}
}

/* Donchian matches a plain scan of each window, ties and all. */
static void test_donchian_scan(void)
{
	static const int periods[] = {1, 2, 3, 5, 20, 99, 100, 101};
	size_t k;
	int ticks;

	for (ticks = 0; ticks < 2; ticks++) {
		struct bars b;

		random_bars(&b, 1000, ticks);
		for (k = 0; k < sizeof periods / sizeof periods[0]; k++) {
			struct ind x, y;
			size_t p = (size_t)periods[k], i, j;
			int bad = 0;

			ind_alloc(&x, b.n);
			ind_alloc(&y, b.n);
			run_batch(&b, periods[k], &x);
			run_stream(&b, periods[k], &y);
			for (i = 0; i < b.n; i++) {
				double u = NAN, d = NAN;

				if (i + 1 >= p) {
					u = b.h[i];
					d = b.l[i];
					for (j = i + 1 - p; j < i; j++) {
						u = b.h[j] > u ? b.h[j] : u;
						d = b.l[j] < d ? b.l[j] : d;
					}
				}
				bad += !same(x.up[i], u) || !same(x.lo[i], d) ||
				       !same(y.up[i], u) || !same(y.lo[i], d) ||
				       !same(x.mid[i], (u + d) / 2);
			}
			TL_EQ_INT(bad, 0);
			ind_free(&x);
			ind_free(&y);
		}
		bars_free(&b);
	}
}

/* Constant prices give the documented results. */
static void test_flat(void)
{
	static const double consts[] = {42.5, 1.07219, 0.1, 100.34, 3e5};
	static const int periods[] = {1, 2, 3, 14, 20, 50};
	size_t ci, k, i;

	for (ci = 0; ci < sizeof consts / sizeof consts[0]; ci++) {
		double v = consts[ci];
		struct bars b;

		bars_alloc(&b, 300);
		for (i = 0; i < b.n; i++)
			b.h[i] = b.l[i] = b.c[i] = v;
		for (k = 0; k < sizeof periods / sizeof periods[0]; k++) {
			int p = periods[k], s, bad = 0;

			for (s = 0; s < 2; s++) {
				struct ind o;

				ind_alloc(&o, b.n);
				if (s)
					run_stream(&b, p, &o);
				else
					run_batch(&b, p, &o);
				for (i = (size_t)p; i < b.n; i++) {
					bad += o.sma[i] != v || o.ema[i] != v;
					bad += o.rsi[i] != 50;
					bad += o.atr[i] != 0;
					bad += o.up[i] != v || o.lo[i] != v ||
					       o.mid[i] != v;
				}
				bad += !isnan(o.rsi[p - 1]) || isnan(o.rsi[p]);
				bad += isnan(o.sma[p - 1]) ||
				       (p > 1 && !isnan(o.sma[p - 2]));
				bad += isnan(o.ema[p - 1]) ||
				       isnan(o.atr[p - 1]) ||
				       isnan(o.up[p - 1]);
				ind_free(&o);
			}
			TL_EQ_INT(bad, 0);
		}
		bars_free(&b);
	}
}

/* A flat stretch after moves gives its value exactly once it fills SMA's
 * window. */
static void test_flat_stretch(void)
{
	double x[60], out[60], got = 0;
	struct tl_ind_sma s;
	size_t i;

	for (i = 0; i < 60; i++)
		x[i] = i < 25 ? 1 + 0.01 * (double)i : 1.07219;
	TL_EQ_INT(tl_ind_sma(x, 60, 20, out), 0);
	TL_EQ_INT(tl_ind_sma_init(&s, 20), 0);
	for (i = 0; i < 60; i++) {
		got = tl_ind_sma_next(&s, x[i]);
		if (i == 43)
			TL_CHECK(out[i] != 1.07219 && got == out[i]);
	}
	tl_ind_sma_release(&s);
	TL_EQ_DBL(out[44], 1.07219);
	TL_EQ_DBL(out[59], 1.07219);
	TL_EQ_DBL(got, 1.07219);
}

/* RSI on steady rises and falls: 100 and 0. */
static void test_rsi_monotonic(void)
{
	double x[40], up[40], down[40];
	size_t i;

	for (i = 0; i < 40; i++)
		x[i] = 10 + 0.5 * (double)i;
	TL_EQ_INT(tl_ind_rsi(x, 40, 14, up), 0);
	for (i = 0; i < 40; i++)
		x[i] = 30 - 0.5 * (double)i;
	TL_EQ_INT(tl_ind_rsi(x, 40, 14, down), 0);
	TL_CHECK(isnan(up[13]) && isnan(down[13]));
	for (i = 14; i < 40; i++) {
		TL_EQ_DBL(up[i], 100);
		TL_EQ_DBL(down[i], 0);
	}
}

/* Period 1 gives x, TR, the bar's own range, and RSI 100/0/50. */
static void test_period_one(void)
{
	struct bars b;
	int s, bad = 0;
	size_t i;

	random_bars(&b, 2000, 1);
	for (s = 0; s < 2; s++) {
		struct ind o;

		ind_alloc(&o, b.n);
		if (s)
			run_stream(&b, 1, &o);
		else
			run_batch(&b, 1, &o);
		bad += !isnan(o.rsi[0]);
		for (i = 0; i < b.n; i++) {
			double tr = b.h[i] - b.l[i];

			if (i > 0) {
				tr = fmax(tr, fabs(b.h[i] - b.c[i - 1]));
				tr = fmax(tr, fabs(b.l[i] - b.c[i - 1]));
				bad += o.rsi[i] != (b.c[i] > b.c[i - 1]   ? 100
				                    : b.c[i] < b.c[i - 1] ? 0
				                                          : 50);
			}
			bad += o.sma[i] != b.c[i] || o.ema[i] != b.c[i];
			bad += o.atr[i] != tr;
			bad += o.up[i] != b.h[i] || o.lo[i] != b.l[i] ||
			       o.mid[i] != (b.h[i] + b.l[i]) / 2;
		}
		ind_free(&o);
	}
	TL_EQ_INT(bad, 0);
	bars_free(&b);
}

/* A series shorter than the warm-up gives NAN throughout; empty is fine. */
static void test_short(void)
{
	struct bars b;
	int p, s, bad = 0;
	size_t i, n;

	for (p = 1; p <= 30; p++) {
		random_bars(&b, (size_t)p, 0);
		for (s = 0; s < 2; s++) {
			struct ind o;

			for (n = 0; n <= (size_t)p; n++) {
				b.n = n;
				ind_alloc(&o, n);
				if (s)
					run_stream(&b, p, &o);
				else
					run_batch(&b, p, &o);
				for (i = 0; i < n; i++) {
					int warm = i + 1 < (size_t)p;

					bad += !isnan(o.rsi[i]);
					bad += (isnan(o.sma[i]) != 0) != warm;
					bad += (isnan(o.ema[i]) != 0) != warm;
					bad += (isnan(o.atr[i]) != 0) != warm;
					bad += (isnan(o.up[i]) != 0) != warm;
					bad += (isnan(o.lo[i]) != 0) != warm;
					bad += (isnan(o.mid[i]) != 0) != warm;
				}
				ind_free(&o);
			}
		}
		bars_free(&b);
	}
	TL_EQ_INT(bad, 0);
}

/* Periods below 1 are refused, leaving the output untouched. */
static void test_bad_period(void)
{
	double x[4] = {1, 2, 3, 4}, out[4] = {7, 7, 7, 7}, o2[4], o3[4];
	struct tl_ind_sma sma;
	struct tl_ind_ema ema;
	struct tl_ind_rsi rsi;
	struct tl_ind_atr atr;
	struct tl_ind_donchian dc;
	int p;

	for (p = -1; p <= 0; p++) {
		TL_EQ_INT(tl_ind_sma(x, 4, p, out), -1);
		TL_EQ_INT(tl_ind_ema(x, 4, p, out), -1);
		TL_EQ_INT(tl_ind_rsi(x, 4, p, out), -1);
		TL_EQ_INT(tl_ind_atr(x, x, x, 4, p, out), -1);
		TL_EQ_INT(tl_ind_donchian(x, x, 4, p, out, o2, o3), -1);
		TL_EQ_INT(tl_ind_sma_init(&sma, p), -1);
		TL_EQ_INT(tl_ind_ema_init(&ema, p), -1);
		TL_EQ_INT(tl_ind_rsi_init(&rsi, p), -1);
		TL_EQ_INT(tl_ind_atr_init(&atr, p), -1);
		TL_EQ_INT(tl_ind_donchian_init(&dc, p), -1);
		tl_ind_sma_release(&sma);
		tl_ind_donchian_release(&dc);
	}
	TL_EQ_DBL(out[0], 7);
	TL_EQ_DBL(out[3], 7);
}

/* Returns the mean of x[i-p+1..i] summed in long double. */
static double window_mean(const double *x, size_t i, size_t p)
{
	long double s = 0;
	size_t j;

	for (j = i + 1 - p; j <= i; j++)
		s += x[j];
	return (double)(s / (long double)p);
}

/*
 * The running SMA does not drift: over 5000 values it stays within 1e-9
 * relative of each window's mean, on a random walk and on wild values.
 */
static void test_sma_drift(void)
{
	static const int periods[] = {2, 20, 200, 1000};
	double x[5000], out[5000];
	size_t k, i;
	int kind;

	for (kind = 0; kind < 3; kind++) {
		double v = 1.07219;

		for (i = 0; i < 5000; i++) {
			if (kind == 0)
				v += 1e-4 * (urand() - 0.5);
			else if (kind == 1)
				v = 1e6 * urand();
			else
				v = 1e4 + urand() * 1e-3;
			x[i] = v;
		}
		for (k = 0; k < sizeof periods / sizeof periods[0]; k++) {
			size_t p = (size_t)periods[k];
			struct tl_ind_sma s;
			int bad = 0;

			TL_EQ_INT(tl_ind_sma(x, 5000, periods[k], out), 0);
			TL_EQ_INT(tl_ind_sma_init(&s, periods[k]), 0);
			for (i = 0; i < 5000; i++) {
				double got = tl_ind_sma_next(&s, x[i]), want;

				if (i + 1 < p)
					continue;
				want = window_mean(x, i, p);
				bad +=
				    !(fabs(out[i] - want) <= 1e-9 * fabs(want));
				bad += !(fabs(got - want) <= 1e-9 * fabs(want));
			}
			tl_ind_sma_release(&s);
			TL_EQ_INT(bad, 0);
		}
	}
}

int main(void)
{
	TL_RUN(test_golden_batch);
	TL_RUN(test_golden_stream);
	TL_RUN(test_stream_equals_batch);
	TL_RUN(test_donchian_scan);
	TL_RUN(test_flat);
	TL_RUN(test_flat_stretch);
	TL_RUN(test_rsi_monotonic);
	TL_RUN(test_period_one);
	TL_RUN(test_short);
	TL_RUN(test_bad_period);
	TL_RUN(test_sma_drift);
	return TL_DONE();
}
