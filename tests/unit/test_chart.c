/* test_chart.c: unit tests of tl_chart.c: price steps and time ticks. */
#include "tl_chart.h"
#include "tl_time.h"

#include "tl_test.h"

static void test_step(void)
{
	TL_EQ_DBL(tl_chart_step(100, 10), 10);
	TL_EQ_DBL(tl_chart_step(100, 9), 20);
	TL_EQ_DBL(tl_chart_step(100, 5), 20);
	TL_EQ_DBL(tl_chart_step(100, 4), 25);
	TL_EQ_DBL(tl_chart_step(100, 3), 50);
	TL_EQ_DBL(tl_chart_step(512, 13), 50);
	TL_EQ_DBL(tl_chart_step(512, 10), 100);
	TL_EQ_DBL(tl_chart_step(0.0042, 4), 0.002);
	TL_EQ_DBL(tl_chart_step(7, 1), 10);
	TL_EQ_DBL(tl_chart_step(1e6, 2), 500000);
}

/* Fills t with n bars of step seconds from t0; returns t. */
static int64_t *series(int64_t *t, size_t n, int64_t t0, int64_t step)
{
	size_t i;

	for (i = 0; i < n; i++)
		t[i] = t0 + (int64_t)i * step;
	return t;
}

/* Returns the ticks' labels joined by spaces, in a static buffer. */
static const char *labels(const struct tl_tick *k, size_t n)
{
	static char buf[1024];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		if (i)
			strcat(buf, " ");
		strcat(buf, k[i].label);
	}
	return buf;
}

static void test_time_ticks(void)
{
	static int64_t t[5000];
	struct tl_tick k[64];
	size_t n;
	/* 2024-01-01T00:00:00Z, a Monday. */
	int64_t jan1 = 1704067200;

	/* 390 one-minute bars from 14:30: hourly ticks, 15:00 first. */
	n = tl_chart_time_ticks(series(t, 390, jan1 + 14 * 3600 + 1800, 60),
	                        390, TL_TF_1M, 8, k);
	TL_EQ_STR(labels(k, n), "Jan 1 16:00 17:00 18:00 19:00 20:00");
	TL_EQ_INT(k[0].i, 30);
	/* The same with room for 20: every 30 minutes. */
	n = tl_chart_time_ticks(t, 390, TL_TF_1M, 20, k);
	TL_EQ_INT(n, 13);
	TL_EQ_STR(k[0].label, "Jan 1");
	TL_EQ_STR(k[1].label, "15:00");
	TL_EQ_INT(k[0].i, 0); /* 14:30 is on a half hour */
	/* Hourly bars over 3 days: 12-hour ticks, days named. */
	n = tl_chart_time_ticks(series(t, 72, jan1, 3600), 72, TL_TF_1H, 6, k);
	TL_EQ_STR(labels(k, n), "Jan 1 12:00 Jan 2 12:00 Jan 3 12:00");
	/* Daily bars over a year: months, the year where it changes. */
	n = tl_chart_time_ticks(series(t, 400, jan1, 86400), 400, TL_TF_1D, 14,
	                        k);
	TL_EQ_STR(labels(k, n), "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov "
	                        "Dec 2025 Feb");
	n = tl_chart_time_ticks(t, 400, TL_TF_1D, 5, k);
	TL_EQ_STR(labels(k, n), "Jan Apr Jul Oct 2025");
	/* Daily bars for a month: weekly ticks on Mondays. */
	n = tl_chart_time_ticks(t + 3, 30, TL_TF_1D, 6, k);
	TL_EQ_STR(labels(k, n), "Jan 8 Jan 15 Jan 22 Jan 29");
	TL_EQ_INT(k[0].i, 4);
	/* Daily bars never get intraday ticks, even when few. */
	n = tl_chart_time_ticks(t, 3, TL_TF_1D, 10, k);
	TL_EQ_STR(labels(k, n), "Jan 1 Jan 2 Jan 3");
	/* Monthly bars over 60 years: decades. */
	{
		int64_t y, i;

		for (i = 0; i < 720; i++) {
			y = 1960 + i / 12;
			t[i] =
			    tl_days_from_civil(y, (int)(i % 12) + 1, 1) * 86400;
		}
		n = tl_chart_time_ticks(t, 720, TL_TF_1MO, 8, k);
		TL_EQ_STR(labels(k, n), "1960 1970 1980 1990 2000 2010");
	}
	/* Nothing to tick. */
	TL_EQ_INT(tl_chart_time_ticks(t, 0, TL_TF_1D, 5, k), 0);
	TL_EQ_INT(tl_chart_time_ticks(t, 10, TL_TF_1D, 0, k), 0);
}

int main(void)
{
	TL_RUN(test_step);
	TL_RUN(test_time_ticks);
	return TL_DONE();
}
