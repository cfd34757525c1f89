/* test_time.c: unit tests for calendar math, timeframes, parsing, zones. */
#include "tl_test.h"
#include "tl_time.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Returns the epoch seconds tl_time_parse() reads from s, or INT64_MIN. */
static int64_t P(const char *s)
{
	int64_t t;

	return tl_time_parse(s, strlen(s), &t) == 0 ? t : INT64_MIN;
}

/* Returns 1 when tl_time_parse() rejects s (and leaves *t alone). */
static int rejects(const char *s)
{
	int64_t t = 42;

	return tl_time_parse(s, strlen(s), &t) == -1 && t == 42;
}

/* Returns tl_time_format(t) in a static buffer. */
static const char *F(int64_t t)
{
	static char buf[TL_TIME_MAX];

	tl_time_format(t, buf);
	return buf;
}

static void test_days_known(void)
{
	int64_t y;
	int m, d;

	TL_EQ_INT(tl_days_from_civil(1970, 1, 1), 0);
	TL_EQ_INT(tl_days_from_civil(1969, 12, 31), -1);
	TL_EQ_INT(tl_days_from_civil(1970, 1, 5), 4);
	TL_EQ_INT(tl_days_from_civil(2004, 8, 19) * 86400, 1092873600);
	TL_EQ_INT(tl_days_from_civil(2024, 2, 29) * 86400, 1709164800);
	TL_EQ_INT(tl_days_from_civil(2024, 3, 1) * 86400, 1709251200);
	TL_EQ_INT(tl_days_from_civil(2000, 3, 1), 11017);
	TL_EQ_INT(tl_days_from_civil(1, 1, 1), -719162);
	TL_EQ_INT(tl_days_from_civil(0, 3, 1), -719468);
	TL_EQ_INT(tl_days_from_civil(1900, 1, 1) * 86400, -2208988800LL);
	TL_EQ_INT(tl_days_from_civil(1969, 12, 1) * 86400, -2678400);

	tl_civil_from_days(0, &y, &m, &d);
	TL_EQ_INT(y, 1970);
	TL_EQ_INT(m, 1);
	TL_EQ_INT(d, 1);
	tl_civil_from_days(-1, &y, &m, &d);
	TL_EQ_INT(y, 1969);
	TL_EQ_INT(m, 12);
	TL_EQ_INT(d, 31);
	tl_civil_from_days(19782, &y, &m, &d);
	TL_EQ_INT(y, 2024);
	TL_EQ_INT(m, 2);
	TL_EQ_INT(d, 29);
	tl_civil_from_days(-719468, &y, &m, &d);
	TL_EQ_INT(y, 0);
	TL_EQ_INT(m, 3);
	TL_EQ_INT(d, 1);
	tl_civil_from_days(-719469, &y, &m, &d);
	TL_EQ_INT(y, 0);
	TL_EQ_INT(m, 2);
	TL_EQ_INT(d, 29); /* year 0 is a leap year */
	tl_civil_from_days(tl_days_from_civil(-1, 12, 31), &y, &m, &d);
	TL_EQ_INT(y, -1);
	TL_EQ_INT(m, 12);
	TL_EQ_INT(d, 31);
}

/* Returns the days in month m of y, computed independently of tl_time. */
static int mdays(int64_t y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30,
	                          31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : n[m - 1];
}

static void test_days_roundtrip(void)
{
	int64_t days, y, py;
	int m, d, pm, pd, bad = 0, order = 0;

	tl_civil_from_days(-1000001, &py, &pm, &pd);
	for (days = -1000000; days <= 1000000; days++) {
		tl_civil_from_days(days, &y, &m, &d);
		if (tl_days_from_civil(y, m, d) != days)
			bad++;
		if (m < 1 || m > 12 || d < 1 || d > mdays(y, m))
			bad++;
		/* Each day must follow the previous one. */
		if (!((y == py && m == pm && d == pd + 1) ||
		      (y == py && m == pm + 1 && d == 1 &&
		       pd == mdays(py, pm)) ||
		      (y == py + 1 && m == 1 && d == 1 && pm == 12 &&
		       pd == 31)))
			order++;
		py = y;
		pm = m;
		pd = d;
	}
	TL_EQ_INT(bad, 0);
	TL_EQ_INT(order, 0);
	/* Far out, sparsely. */
	bad = 0;
	for (days = -400000000000LL; days <= 400000000000LL;
	     days += 7777777777LL) {
		tl_civil_from_days(days, &y, &m, &d);
		if (tl_days_from_civil(y, m, d) != days)
			bad++;
	}
	TL_EQ_INT(bad, 0);
}

static void test_tf_parse_name(void)
{
	static const char *const codes[] = {"1m", "5m", "15m", "30m", "1h",
	                                    "4h", "1D", "1W",  "1Mo"};
	static const char *const bad[] = {
	    "1M", "1d", "1H", "1w", "1mo", "1MO", "1Y",  "60m",
	    "2h", "",   "m",  "1",  " 1m", "1m ", "01m", "1D\n"};
	size_t i;
	int tf;

	for (tf = 0; tf < TL_TF_COUNT; tf++) {
		TL_EQ_INT(tl_tf_parse(codes[tf], strlen(codes[tf])), tf);
		TL_EQ_STR(tl_tf_name(tf), codes[tf]);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		TL_EQ_INT(tl_tf_parse(bad[i], strlen(bad[i])), -1);
	TL_EQ_INT(tl_tf_parse("1mX", 2), TL_TF_1M);
	TL_EQ_INT(tl_tf_parse("1Mo", 2), -1);
	TL_EQ_INT(tl_tf_parse("1hour", 5), -1);
	TL_EQ_INT(tl_tf_parse(NULL, 0), -1);
	TL_CHECK(tl_tf_name(-1) == NULL);
	TL_CHECK(tl_tf_name(TL_TF_COUNT) == NULL);
}

static void test_tf_seconds(void)
{
	TL_EQ_INT(tl_tf_seconds(TL_TF_1M), 60);
	TL_EQ_INT(tl_tf_seconds(TL_TF_5M), 300);
	TL_EQ_INT(tl_tf_seconds(TL_TF_15M), 900);
	TL_EQ_INT(tl_tf_seconds(TL_TF_30M), 1800);
	TL_EQ_INT(tl_tf_seconds(TL_TF_1H), 3600);
	TL_EQ_INT(tl_tf_seconds(TL_TF_4H), 14400);
	TL_EQ_INT(tl_tf_seconds(TL_TF_1D), 86400);
	TL_EQ_INT(tl_tf_seconds(TL_TF_1W), 604800);
	TL_EQ_INT(tl_tf_seconds(TL_TF_1MO), 2592000);
	TL_EQ_INT(tl_tf_seconds(-1), 0);
	TL_EQ_INT(tl_tf_seconds(TL_TF_COUNT), 0);
}

static void test_tf_floor(void)
{
	/* 2024-03-11T03:30:00Z */
	int64_t t = 1710127800;

	TL_EQ_INT(tl_tf_floor(TL_TF_1M, t + 59), t);
	TL_EQ_INT(tl_tf_floor(TL_TF_5M, t + 299), t);
	TL_EQ_INT(tl_tf_floor(TL_TF_15M, t + 899), t);
	TL_EQ_INT(tl_tf_floor(TL_TF_30M, t + 1799), t);
	TL_EQ_INT(tl_tf_floor(TL_TF_1H, t), t - 1800);
	TL_EQ_INT(tl_tf_floor(TL_TF_4H, t), 1710115200);
	TL_EQ_INT(tl_tf_floor(TL_TF_1D, t), 1710115200);
	TL_EQ_INT(tl_tf_floor(TL_TF_1D, 1092873600 + 86399), 1092873600);
	TL_EQ_INT(tl_tf_floor(TL_TF_1D, 1092873600), 1092873600);

	/* Weeks start on Monday: 1970-01-05 = 345600. */
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, 345600), 345600);
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, 345600 + 7 * 86400 - 1), 345600);
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, 345599), -259200);
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, 0), -259200);
	/* 2024-03-11 is a Monday, 2024-03-04 the one before. */
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, t), 1710115200);
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, 1710115200), 1710115200);
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, 1710115199), 1709510400);

	/* Months on the 1st. */
	TL_EQ_INT(tl_tf_floor(TL_TF_1MO, 1709164800 + 43200), 1706745600);
	TL_EQ_INT(tl_tf_floor(TL_TF_1MO, 1709251200), 1709251200);
	TL_EQ_INT(tl_tf_floor(TL_TF_1MO, 1709251199), 1706745600);
	TL_EQ_INT(tl_tf_floor(TL_TF_1MO, 0), 0);
	TL_EQ_INT(tl_tf_floor(TL_TF_1MO, -1), -2678400);

	/* Negative t uses floor division. */
	TL_EQ_INT(tl_tf_floor(TL_TF_1M, -1), -60);
	TL_EQ_INT(tl_tf_floor(TL_TF_1M, -60), -60);
	TL_EQ_INT(tl_tf_floor(TL_TF_1M, -61), -120);
	TL_EQ_INT(tl_tf_floor(TL_TF_1H, -1), -3600);
	TL_EQ_INT(tl_tf_floor(TL_TF_4H, -1), -14400);
	TL_EQ_INT(tl_tf_floor(TL_TF_1D, -1), -86400);
	TL_EQ_INT(tl_tf_floor(TL_TF_1D, -86400), -86400);
	TL_EQ_INT(tl_tf_floor(TL_TF_1D, -86401), -172800);
	TL_EQ_INT(tl_tf_floor(TL_TF_1W, -259201), -259200 - 604800);

	/* Unknown tf leaves t; extremes do not trap. */
	TL_EQ_INT(tl_tf_floor(-1, 12345), 12345);
	TL_EQ_INT(tl_tf_floor(TL_TF_COUNT, 12345), 12345);
	TL_CHECK(tl_tf_floor(TL_TF_1MO, INT64_MAX) <= INT64_MAX);
	TL_CHECK(tl_tf_floor(TL_TF_1M, INT64_MIN + 60) <= INT64_MIN + 60);
}

static void test_tf_floor_sweep(void)
{
	int tf, bad = 0;
	int64_t t;

	/* Every floor is a bucket start at or before t, the next one after. */
	for (tf = 0; tf < TL_TF_COUNT; tf++)
		for (t = -5000000000LL; t < 5000000000LL; t += 7777777) {
			int64_t f = tl_tf_floor(tf, t), n = tl_tf_next(tf, f);
			int64_t y;
			int m, d;

			if (f > t || n <= t || tl_tf_floor(tf, f) != f ||
			    tl_tf_floor(tf, n) != n)
				bad++;
			tl_civil_from_days(f / 86400, &y, &m, &d);
			if (tf >= TL_TF_1D && f % 86400 != 0)
				bad++;
			if (tf == TL_TF_1MO && d != 1)
				bad++;
			if (tf == TL_TF_1W &&
			    ((f / 86400) % 7 + 7 + 3) % 7 != 0)
				bad++;
		}
	TL_EQ_INT(bad, 0);
}

static void test_tf_next(void)
{
	TL_EQ_INT(tl_tf_next(TL_TF_1M, 0), 60);
	TL_EQ_INT(tl_tf_next(TL_TF_1H, -3600), 0);
	TL_EQ_INT(tl_tf_next(TL_TF_4H, 1710115200), 1710115200 + 14400);
	TL_EQ_INT(tl_tf_next(TL_TF_1D, 1709164800), 1709251200);
	TL_EQ_INT(tl_tf_next(TL_TF_1W, 345600), 345600 + 604800);
	TL_EQ_INT(tl_tf_next(TL_TF_1W, -259200), 345600);
	/* Months: Jan -> Feb (leap) -> Mar, Dec -> Jan of the next year. */
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, 1704067200), 1706745600);
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, 1706745600), 1709251200);
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, 1701388800), 1704067200);
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, 1733011200), 1735689600);
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, -2678400), 0);
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, 0), 31 * 86400);
	/* 2023-02 has 28 days. */
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, tl_days_from_civil(2023, 2, 1) * 86400),
	          tl_days_from_civil(2023, 3, 1) * 86400);
	/* 2100 is not a leap year, 2000 is. */
	TL_EQ_INT(
	    tl_tf_next(TL_TF_1MO, tl_days_from_civil(2100, 2, 1) * 86400) -
	        tl_days_from_civil(2100, 2, 1) * 86400,
	    28 * 86400);
	TL_EQ_INT(
	    tl_tf_next(TL_TF_1MO, tl_days_from_civil(2000, 2, 1) * 86400) -
	        tl_days_from_civil(2000, 2, 1) * 86400,
	    29 * 86400);
	/* A start inside a bucket moves to the next bucket. */
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, 1709164800), 1709251200);
	TL_EQ_INT(tl_tf_next(TL_TF_1D, 1709164801), 1709251200);
	/* Saturates instead of overflowing. */
	TL_EQ_INT(tl_tf_next(TL_TF_1M, INT64_MAX), INT64_MAX);
	TL_EQ_INT(tl_tf_next(TL_TF_1MO, INT64_MAX), INT64_MAX);
	TL_EQ_INT(tl_tf_next(-1, 5), 5);
}

static void test_tf_divides(void)
{
	int f, c;

	for (f = 0; f < TL_TF_COUNT; f++)
		TL_EQ_INT(tl_tf_divides(f, f), 1);
	for (f = 0; f < TL_TF_COUNT; f++)
		for (c = 0; c < f; c++)
			TL_EQ_INT(tl_tf_divides(f, c), 0);
	/* All intraday frames divide the coarser intraday ones and 1D. */
	for (f = TL_TF_1M; f <= TL_TF_4H; f++)
		for (c = f; c <= TL_TF_1D; c++)
			TL_EQ_INT(tl_tf_divides(f, c), 1);
	TL_EQ_INT(tl_tf_divides(TL_TF_1H, TL_TF_4H), 1);
	TL_EQ_INT(tl_tf_divides(TL_TF_30M, TL_TF_1H), 1);
	TL_EQ_INT(tl_tf_divides(TL_TF_1M, TL_TF_1H), 1);
	for (f = TL_TF_1M; f <= TL_TF_1D; f++) {
		TL_EQ_INT(tl_tf_divides(f, TL_TF_1W), 1);
		TL_EQ_INT(tl_tf_divides(f, TL_TF_1MO), 1);
	}
	TL_EQ_INT(tl_tf_divides(TL_TF_1W, TL_TF_1MO), 0);
	TL_EQ_INT(tl_tf_divides(TL_TF_1MO, TL_TF_1W), 0);
	TL_EQ_INT(tl_tf_divides(TL_TF_1D, TL_TF_1H), 0);
	TL_EQ_INT(tl_tf_divides(-1, TL_TF_1D), 0);
	TL_EQ_INT(tl_tf_divides(TL_TF_1D, TL_TF_COUNT), 0);
}

static void test_time_parse_good(void)
{
	TL_EQ_INT(P("1970-01-01"), 0);
	TL_EQ_INT(P("1969-12-31"), -86400);
	TL_EQ_INT(P("2004-08-19"), 1092873600);
	TL_EQ_INT(P("2024-02-29"), 1709164800);
	TL_EQ_INT(P("2000-02-29"), 951782400);
	TL_EQ_INT(P("0000-01-01"), -62167219200LL);
	TL_EQ_INT(P("9999-12-31T23:59:59Z"), 253402300799LL);
	TL_EQ_INT(P("2024-03-11T03:30:00Z"), 1710127800);
	TL_EQ_INT(P("2024-03-11t03:30:00z"), 1710127800);
	TL_EQ_INT(P("2024-03-11 03:30:00Z"), 1710127800);
	TL_EQ_INT(P("2024-03-11 03:30:00"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30:00"), 1710127800);
	TL_EQ_INT(P("2024-03-11 03:30"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30:00.000Z"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30:00.0"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30:00.000000000+00:00"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30:00+00:00"), 1710127800);
	TL_EQ_INT(P("2024-03-11T03:30:00-00:00"), 1710127800);
	TL_EQ_INT(P("2024-03-10T23:30:00-04:00"), 1710127800);
	TL_EQ_INT(P("2024-03-11T09:00:00+05:30"), 1710127800);
	TL_EQ_INT(P("2024-03-11T09:00:00.00+05:30"), 1710127800);
	TL_EQ_INT(P("1969-12-31T23:59:59Z"), -1);
	TL_EQ_INT(P("1970-01-01T00:00:00+23:59"), -86340);
	TL_EQ_INT(P("2024-12-31T23:59:59Z"), 1735689599);
	/* len bounds the text: the rest is not read. */
	{
		int64_t t = 0;

		TL_EQ_INT(tl_time_parse("2024-01-01T00:00:00Zjunk", 20, &t), 0);
		TL_EQ_INT(t, 1704067200);
		TL_EQ_INT(tl_time_parse("2024-01-01 trailing", 10, &t), 0);
		TL_EQ_INT(t, 1704067200);
	}
}

static void test_time_parse_bad(void)
{
	static const char *const bad[] = {
	    "",
	    "2024",
	    "2024-01",
	    "2024-1-01",
	    "2024-01-1",
	    "24-01-01",
	    "20240101",
	    "2024/01/01",
	    "+2024-01-01",
	    "-2024-01-01",
	    "12024-01-01",
	    "2024-00-10",
	    "2024-13-01",
	    "2024-01-00",
	    "2024-01-32",
	    "2023-02-29",
	    "2100-02-29",
	    "2024-02-30",
	    "2024-04-31",
	    "2024-06-31",
	    "2024-09-31",
	    "2024-11-31",
	    "2024-01-01T",
	    "2024-01-01 ",
	    " 2024-01-01",
	    "2024-01-01Z",
	    "2024-01-01x00:00:00Z",
	    "2024-01-01_00:00:00Z",
	    "2024-01-01T24:00:00Z",
	    "2024-01-01T23:60:00Z",
	    "2024-01-01T23:59:60Z",
	    "2024-01-01T23:59:61Z",
	    "2024-01-01T1:00:00Z",
	    "2024-01-01T01:0:00Z",
	    "2024-01-01T01:00:0Z",
	    "2024-01-01T01",
	    "2024-01-01T01:",
	    "2024-01-01T01:00:",
	    "2024-01-01T01-00-00Z",
	    "2024-01-01T01:00Z",
	    "2024-01-01 01:00+01:00",
	    "2024-01-01T01:00:00.",
	    "2024-01-01T01:00:00.Z",
	    "2024-01-01T01:00:00.5Z",
	    "2024-01-01T01:00:00.001Z",
	    "2024-01-01T01:00:00.000000001",
	    "2024-01-01T01:00:00,0Z",
	    "2024-01-01T01:00:00ZZ",
	    "2024-01-01T01:00:00Z ",
	    "2024-01-01T01:00:00 Z",
	    "2024-01-01T01:00:00+",
	    "2024-01-01T01:00:00+01",
	    "2024-01-01T01:00:00+0100",
	    "2024-01-01T01:00:00+1:00",
	    "2024-01-01T01:00:00+01:0",
	    "2024-01-01T01:00:00+24:00",
	    "2024-01-01T01:00:00+01:60",
	    "2024-01-01T01:00:00+01:00:00",
	    "2024-01-01T01:00:00UTC",
	    "2024-01-01T01:00:00 +01:00",
	    "2024-01-01T01:00:00\n",
	    "2024-01-01\n",
	    "abcd-ef-gh",
	    "2024-01-01T0a:00:00Z",
	};
	size_t i;
	int64_t t = 7;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int r = rejects(bad[i]);

		if (!r)
			printf("# accepted \"%s\"\n", bad[i]);
		TL_CHECK(r);
	}
	/* A NUL inside len is not a terminator that ends the text early. */
	TL_EQ_INT(tl_time_parse("2024-01-01\0", 11, &t), -1);
	TL_EQ_INT(tl_time_parse("2024-01-01", 9, &t), -1);
	TL_EQ_INT(tl_time_parse(NULL, 0, &t), -1);
	TL_EQ_INT(t, 7);
}

static void test_time_format(void)
{
	char buf[TL_TIME_MAX];

	TL_EQ_INT(tl_time_format(0, buf), 20);
	TL_EQ_STR(buf, "1970-01-01T00:00:00Z");
	TL_EQ_STR(F(-1), "1969-12-31T23:59:59Z");
	TL_EQ_STR(F(1092873600), "2004-08-19T00:00:00Z");
	TL_EQ_STR(F(1710127800), "2024-03-11T03:30:00Z");
	TL_EQ_STR(F(1709164800 + 86399), "2024-02-29T23:59:59Z");
	TL_EQ_STR(F(253402300799LL), "9999-12-31T23:59:59Z");
	TL_EQ_STR(F(-62167219200LL), "0000-01-01T00:00:00Z");
	TL_EQ_STR(F(-2208988800LL), "1900-01-01T00:00:00Z");
	/* Extremes fit the buffer. */
	TL_CHECK(tl_time_format(INT64_MAX, buf) < TL_TIME_MAX);
	TL_CHECK(tl_time_format(INT64_MIN, buf) < TL_TIME_MAX);
}

static void test_time_format_gmtime(void)
{
	int64_t t;
	int bad = 0, back = 0;

	/* Cross-check with the C library over 0000..9999, both directions. */
	for (t = -62167219200LL; t < 253402300800LL; t += 9876543211LL / 97) {
		char want[TL_TIME_MAX];
		time_t tt = (time_t)t;
		struct tm tm;

		if (!gmtime_r(&tt, &tm))
			continue;
		strftime(want, sizeof want, "%Y-%m-%dT%H:%M:%SZ", &tm);
		if (tm.tm_year + 1900 < 1000)
			continue; /* %Y does not pad */
		if (strcmp(F(t), want) != 0)
			bad++;
		if (P(F(t)) != t)
			back++;
	}
	TL_EQ_INT(bad, 0);
	TL_EQ_INT(back, 0);
}

/* Runs tl_now() in a child with TICKLINE_NOW=v; returns its exit status. */
static int now_status(const char *v)
{
	pid_t pid;
	int st;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stderr))
			_exit(99);
		setenv("TICKLINE_NOW", v, 1);
		tl_now();
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void test_now(void)
{
	static const char *const bad[] = {"",
	                                  "-",
	                                  "abc",
	                                  "12a",
	                                  "1.5",
	                                  " 1",
	                                  "1 ",
	                                  "+1",
	                                  "--1",
	                                  "1e9",
	                                  "0x10",
	                                  "9223372036854775808",
	                                  "-9223372036854775809"};
	int64_t before, got;
	size_t i;

	setenv("TICKLINE_NOW", "1700000000", 1);
	TL_EQ_INT(tl_now(), 1700000000);
	setenv("TICKLINE_NOW", "-5", 1);
	TL_EQ_INT(tl_now(), -5);
	setenv("TICKLINE_NOW", "0", 1);
	TL_EQ_INT(tl_now(), 0);
	setenv("TICKLINE_NOW", "9223372036854775807", 1);
	TL_EQ_INT(tl_now(), INT64_MAX);
	setenv("TICKLINE_NOW", "-9223372036854775808", 1);
	TL_EQ_INT(tl_now(), INT64_MIN);
	setenv("TICKLINE_NOW", "007", 1);
	TL_EQ_INT(tl_now(), 7);
	unsetenv("TICKLINE_NOW");
	before = (int64_t)time(NULL);
	got = tl_now();
	TL_CHECK(got >= before && got <= (int64_t)time(NULL));

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int st = now_status(bad[i]);

		if (st != 64)
			printf("# TICKLINE_NOW=\"%s\": status %d\n", bad[i],
			       st);
		TL_EQ_INT(st, 64);
	}
	TL_EQ_INT(now_status("123"), 0);
}

static void test_dur_parse(void)
{
	static const struct {
		const char *s;
		int64_t n;
		enum tl_unit unit;
		int64_t secs;
	} good[] = {
	    {"30s", 30, TL_U_S, 30},        {"15m", 15, TL_U_MIN, 900},
	    {"4h", 4, TL_U_H, 14400},       {"2d", 2, TL_U_D, 172800},
	    {"1w", 1, TL_U_W, 604800},      {"3mo", 3, TL_U_MO, 3 * 30 * 86400},
	    {"1y", 1, TL_U_Y, 365 * 86400}, {"90m", 90, TL_U_MIN, 5400},
	    {"0010s", 10, TL_U_S, 10},
	};
	static const char *const bad[] = {"0h",
	                                  "0s",
	                                  "00d",
	                                  "1",
	                                  "h",
	                                  "",
	                                  "1x",
	                                  "1M",
	                                  "1H",
	                                  "1D",
	                                  "1mon",
	                                  "1mos",
	                                  "1ms",
	                                  "1yr",
	                                  "-1h",
	                                  "+1h",
	                                  " 1h",
	                                  "1h ",
	                                  "1 h",
	                                  "1.5h",
	                                  "1hh",
	                                  "1h1m",
	                                  "99999999999999999999s",
	                                  "99999999999y",
	                                  "9223372036854775807s",
	                                  "mo"};
	struct tl_dur d;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		d.n = -1;
		TL_EQ_INT(tl_dur_parse(good[i].s, &d), 0);
		TL_EQ_INT(d.n, good[i].n);
		TL_EQ_INT(d.unit, good[i].unit);
		TL_EQ_INT(tl_dur_seconds(&d), good[i].secs);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		d.n = 77;
		d.unit = TL_U_H;
		if (tl_dur_parse(bad[i], &d) != -1) {
			printf("# accepted duration \"%s\"\n", bad[i]);
			TL_CHECK(!"bad duration accepted");
		}
		TL_EQ_INT(d.n, 77);
		TL_EQ_INT(d.unit, TL_U_H);
	}
	TL_EQ_INT(tl_dur_parse(NULL, &d), -1);
	/* Large but sane durations are fine. */
	TL_EQ_INT(tl_dur_parse("1000000d", &d), 0);
	TL_EQ_INT(tl_dur_seconds(&d), 86400000000LL);
}

static void test_dur_parse_ms(void)
{
	static const struct {
		const char *s;
		int64_t ms;
	} good[] = {{"200ms", 200},   {"1ms", 1},           {"0100ms", 100},
	            {"30s", 30000},   {"5m", 300000},       {"1h", 3600000},
	            {"1d", 86400000}, {"1mo", 2592000000LL}};
	static const char *const bad[] = {
	    "0ms",    "ms",    "",     "1.5s", "-1ms",
	    "200 ms", "200MS", "1msx", "10us", "99999999999999999999ms",
	    "s"};
	size_t i;
	int64_t ms;

	for (i = 0; i < sizeof good / sizeof good[0]; i++) {
		ms = -1;
		TL_EQ_INT(tl_dur_parse_ms(good[i].s, &ms), 0);
		TL_EQ_INT(ms, good[i].ms);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ms = 77;
		if (tl_dur_parse_ms(bad[i], &ms) != -1) {
			printf("# accepted interval \"%s\"\n", bad[i]);
			TL_CHECK(!"bad interval accepted");
		}
		TL_EQ_INT(ms, 77);
	}
	TL_EQ_INT(tl_dur_parse_ms(NULL, &ms), -1);
}

/* Returns t moved by sign * the duration text s. */
static int64_t add(int64_t t, const char *s, int sign)
{
	struct tl_dur d;

	if (tl_dur_parse(s, &d))
		return INT64_MIN;
	return tl_time_add(t, &d, sign);
}

static void test_time_add(void)
{
	int64_t t = P("2024-01-31T10:20:30Z");

	TL_EQ_INT(add(0, "30s", 1), 30);
	TL_EQ_INT(add(0, "30s", -1), -30);
	TL_EQ_INT(add(0, "15m", 1), 900);
	TL_EQ_INT(add(100, "4h", -1), 100 - 14400);
	TL_EQ_INT(add(0, "2d", 1), 172800);
	TL_EQ_INT(add(0, "1w", 1), 604800);
	TL_EQ_INT(add(12345, "1w", 0), 12345);

	/* Months and years by the calendar, day clamped, time kept. */
	TL_EQ_INT(add(t, "1mo", 1), P("2024-02-29T10:20:30Z"));
	TL_EQ_INT(add(t, "2mo", 1), P("2024-03-31T10:20:30Z"));
	TL_EQ_INT(add(t, "3mo", 1), P("2024-04-30T10:20:30Z"));
	TL_EQ_INT(add(t, "1mo", -1), P("2023-12-31T10:20:30Z"));
	TL_EQ_INT(add(t, "11mo", 1), P("2024-12-31T10:20:30Z"));
	TL_EQ_INT(add(t, "12mo", 1), P("2025-01-31T10:20:30Z"));
	TL_EQ_INT(add(t, "13mo", 1), P("2025-02-28T10:20:30Z"));
	TL_EQ_INT(add(t, "13mo", -1), P("2022-12-31T10:20:30Z"));
	TL_EQ_INT(add(P("2023-01-31"), "1mo", 1), P("2023-02-28"));
	TL_EQ_INT(add(P("2024-03-31"), "1mo", -1), P("2024-02-29"));
	TL_EQ_INT(add(P("2023-03-31"), "1mo", -1), P("2023-02-28"));
	TL_EQ_INT(add(P("2024-02-29T12:00:00Z"), "1y", 1),
	          P("2025-02-28T12:00:00Z"));
	TL_EQ_INT(add(P("2024-02-29T12:00:00Z"), "4y", 1),
	          P("2028-02-29T12:00:00Z"));
	TL_EQ_INT(add(P("2024-02-29T12:00:00Z"), "1y", -1),
	          P("2023-02-28T12:00:00Z"));
	TL_EQ_INT(add(P("2024-06-15T00:00:01Z"), "10y", -1),
	          P("2014-06-15T00:00:01Z"));
	/* Across the epoch and before it. */
	TL_EQ_INT(add(P("1970-01-31T23:59:59Z"), "1mo", -1),
	          P("1969-12-31T23:59:59Z"));
	TL_EQ_INT(add(-1, "1mo", 1), P("1970-01-31T23:59:59Z"));
	TL_EQ_INT(add(P("1969-03-31"), "1mo", -1), P("1969-02-28"));
	/* Year 0 is a leap year, year -1 is not. */
	TL_EQ_INT(add(P("0001-01-01"), "2y", -1),
	          P("0000-01-01") - 365 * 86400);
	TL_EQ_INT(add(P("0001-03-01"), "1y", -1), P("0000-03-01"));
	TL_EQ_INT(P("0001-01-01") - P("0000-01-01"), 366 * 86400);

	/* Saturates at the ends of the range instead of overflowing. */
	TL_EQ_INT(add(INT64_MAX - 10, "1y", 1), INT64_MAX);
	TL_EQ_INT(add(INT64_MAX - 10, "1h", 1), INT64_MAX);
	TL_EQ_INT(add(INT64_MIN + 10, "1h", -1), INT64_MIN);
	TL_EQ_INT(add(INT64_MIN + 10, "1mo", -1), INT64_MIN);
	TL_EQ_INT(add(INT64_MIN + 10, "1y", 1) - (INT64_MIN + 10), 365 * 86400);
}

static void test_tz_offsets(void)
{
	struct tl_tz *ny = tl_tz_open("America/New_York");
	struct tl_tz *be = tl_tz_open("Europe/Berlin");
	struct tl_tz *kol = tl_tz_open("Asia/Kolkata");
	struct tl_tz *sy = tl_tz_open("Australia/Sydney");
	struct tl_tz *utc = tl_tz_open("UTC");

	TL_CHECK(ny && be && kol && sy && utc);
	if (!(ny && be && kol && sy && utc))
		goto out;
	/* 2024: in the tables. */
	TL_EQ_INT(tl_tz_offset(ny, 1705320000), -18000);
	TL_EQ_INT(tl_tz_offset(ny, 1721044800), -14400);
	TL_EQ_INT(tl_tz_offset(be, 1705320000), 3600);
	TL_EQ_INT(tl_tz_offset(be, 1721044800), 7200);
	TL_EQ_INT(tl_tz_offset(sy, 1705320000), 39600);
	TL_EQ_INT(tl_tz_offset(sy, 1721044800), 36000);
	TL_EQ_INT(tl_tz_offset(kol, 1705320000), 19800);
	TL_EQ_INT(tl_tz_offset(kol, 1721044800), 19800);
	TL_EQ_INT(tl_tz_offset(utc, 1721044800), 0);
	/* DST in New York began 2024-03-10T07:00:00Z. */
	TL_EQ_INT(tl_tz_offset(ny, 1710054000 - 1), -18000);
	TL_EQ_INT(tl_tz_offset(ny, 1710054000), -14400);

	/* 2040 and 2100: past the tables, from the footer rules. */
	TL_EQ_INT(tl_tz_offset(ny, 2210241600LL), -18000);
	TL_EQ_INT(tl_tz_offset(ny, 2225966400LL), -14400);
	TL_EQ_INT(tl_tz_offset(be, 2210241600LL), 3600);
	TL_EQ_INT(tl_tz_offset(be, 2225966400LL), 7200);
	TL_EQ_INT(tl_tz_offset(sy, 2210241600LL), 39600);
	TL_EQ_INT(tl_tz_offset(sy, 2225966400LL), 36000);
	TL_EQ_INT(tl_tz_offset(kol, 2225966400LL), 19800);
	TL_EQ_INT(tl_tz_offset(ny, 4103697600LL), -18000);
	TL_EQ_INT(tl_tz_offset(ny, 4119336000LL), -14400);
	TL_EQ_INT(tl_tz_offset(be, 4119336000LL), 7200);
	/* The exact 2040 switches. */
	TL_EQ_INT(tl_tz_offset(ny, 2215062000LL - 1), -18000);
	TL_EQ_INT(tl_tz_offset(ny, 2215062000LL), -14400);
	TL_EQ_INT(tl_tz_offset(ny, 2235621600LL - 1), -14400);
	TL_EQ_INT(tl_tz_offset(ny, 2235621600LL), -18000);
	TL_EQ_INT(tl_tz_offset(be, 2216250000LL - 1), 3600);
	TL_EQ_INT(tl_tz_offset(be, 2216250000LL), 7200);
	TL_EQ_INT(tl_tz_offset(be, 2234998800LL - 1), 7200);
	TL_EQ_INT(tl_tz_offset(be, 2234998800LL), 3600);
	TL_EQ_INT(tl_tz_offset(sy, 2216822400LL - 1), 39600);
	TL_EQ_INT(tl_tz_offset(sy, 2216822400LL), 36000);
	TL_EQ_INT(tl_tz_offset(sy, 2233152000LL - 1), 36000);
	TL_EQ_INT(tl_tz_offset(sy, 2233152000LL), 39600);

	/* Before the first transition: local mean time (-4:56:02). */
	TL_EQ_INT(tl_tz_offset(ny, -2717650800LL - 1), -17762);
	TL_EQ_INT(tl_tz_offset(ny, -5000000000LL), -17762);
	/* Extremes do not trap. */
	TL_EQ_INT(tl_tz_offset(ny, INT64_MAX), -18000);
	TL_EQ_INT(tl_tz_offset(ny, INT64_MIN), -17762);
	TL_EQ_INT(tl_tz_offset(be, INT64_MAX), 3600);
	TL_EQ_INT(tl_tz_offset(NULL, 12345), 0);
out:
	tl_tz_free(ny);
	tl_tz_free(be);
	tl_tz_free(kol);
	tl_tz_free(sy);
	tl_tz_free(utc);
}

static void test_tz_vs_libc(void)
{
	static const char *const zones[] = {
	    "America/New_York",    "Europe/Berlin",    "Asia/Kolkata",
	    "Australia/Sydney",    "America/Santiago", "Europe/London",
	    "Australia/Lord_Howe", "Pacific/Chatham",  "Asia/Tehran",
	    "America/Sao_Paulo",   "Africa/Casablanca"};
	char *old = getenv("TZ") ? strdup(getenv("TZ")) : NULL;
	size_t i;

	/* Compare with glibc's localtime_r() from 1900 to 2200. */
	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		struct tl_tz *tz = tl_tz_open(zones[i]);
		int64_t t;
		int bad = 0;

		TL_CHECK(tz != NULL);
		if (!tz)
			continue;
		setenv("TZ", zones[i], 1);
		tzset();
		for (t = -2208988800LL; t < 7258118400LL;
		     t += 86400 * 3 + 3601) {
			time_t tt = (time_t)t;
			struct tm tm;

			if (!localtime_r(&tt, &tm))
				continue;
			if (tl_tz_offset(tz, t) != tm.tm_gmtoff) {
				if (bad++ < 3)
					printf("# %s %lld: %d != %ld\n",
					       zones[i], (long long)t,
					       (int)tl_tz_offset(tz, t),
					       (long)tm.tm_gmtoff);
			}
		}
		TL_EQ_INT(bad, 0);
		tl_tz_free(tz);
	}
	if (old) {
		setenv("TZ", old, 1);
		free(old);
	} else {
		unsetenv("TZ");
	}
	tzset();
}

static void test_tz_names(void)
{
	static const char *const bad[] = {"",
	                                  "Nowhere/Zone",
	                                  "/etc/passwd",
	                                  "../zoneinfo/UTC",
	                                  "America/../UTC",
	                                  "America/..",
	                                  "..",
	                                  "America",
	                                  "America/New_York/",
	                                  "America/New_York ",
	                                  "Etc/Nowhere"};
	size_t i;
	struct tl_tz *tz;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		tz = tl_tz_open(bad[i]);
		if (tz)
			printf("# opened \"%s\"\n", bad[i]);
		TL_CHECK(tz == NULL);
		tl_tz_free(tz);
	}
	TL_CHECK(tl_tz_open(NULL) == NULL);
	tl_tz_free(NULL);
	tz = tl_tz_open("Etc/UTC");
	TL_CHECK(tz != NULL);
	TL_EQ_INT(tl_tz_offset(tz, 1721044800), 0);
	tl_tz_free(tz);
	tz = tl_tz_open("Etc/GMT+5"); /* POSIX sign: five hours west */
	TL_CHECK(tz != NULL);
	TL_EQ_INT(tl_tz_offset(tz, 1721044800), -18000);
	tl_tz_free(tz);
}

/* A growing byte buffer for building TZif files. */
struct bytes {
	unsigned char b[4096];
	size_t n;
};

/* Appends n bytes at p to out. */
static void put(struct bytes *out, const void *p, size_t n)
{
	if (n > 0 && out->n + n <= sizeof out->b) {
		memcpy(out->b + out->n, p, n);
		out->n += n;
	}
}

/* Appends v as n big-endian bytes to out. */
static void put_be(struct bytes *out, int64_t v, int n)
{
	unsigned char c[8];
	uint64_t u = (uint64_t)v;
	int i;

	for (i = n - 1; i >= 0; i--) {
		c[i] = (unsigned char)(u & 0xff);
		u >>= 8;
	}
	put(out, c, (size_t)n);
}

/* One time type of a built TZif file. */
struct ttype {
	int32_t off;
	int isdst;
};

/*
 * Appends a TZif header and data block with time size tsz to out:
 * transitions at[] to types idx[], and types ty[].
 */
static void put_block(struct bytes *out, char version, int tsz, size_t nt,
                      const int64_t *at, const unsigned char *idx,
                      size_t ntypes, const struct ttype *ty)
{
	size_t i;

	put(out, "TZif", 4);
	put(out, &version, 1);
	put(out, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15);
	put_be(out, 0, 4);               /* isutcnt */
	put_be(out, 0, 4);               /* isstdcnt */
	put_be(out, 0, 4);               /* leapcnt */
	put_be(out, (int64_t)nt, 4);     /* timecnt */
	put_be(out, (int64_t)ntypes, 4); /* typecnt */
	put_be(out, 4, 4);               /* charcnt */
	for (i = 0; i < nt; i++)
		put_be(out, at[i], tsz);
	put(out, idx, nt);
	for (i = 0; i < ntypes; i++) {
		put_be(out, ty[i].off, 4);
		put_be(out, ty[i].isdst, 1);
		put_be(out, 0, 1);
	}
	put(out, "XXX", 4);
}

/* Writes n bytes at p to dir/name; returns 0, or -1. */
static int write_file(const char *dir, const char *name, const void *p,
                      size_t n)
{
	char path[512];
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -1;
	ok = fwrite(p, 1, n, f) == n;
	return fclose(f) == 0 && ok ? 0 : -1;
}

/* Writes a version 2 TZif file with no transitions and the given footer. */
static void write_footer_zone(const char *dir, const char *name,
                              const char *footer)
{
	struct bytes out = {{0}, 0};
	struct ttype ty = {0, 0};

	put_block(&out, '2', 4, 0, NULL, NULL, 1, &ty);
	put_block(&out, '2', 8, 0, NULL, NULL, 1, &ty);
	put(&out, "\n", 1);
	put(&out, footer, strlen(footer));
	put(&out, "\n", 1);
	write_file(dir, name, out.b, out.n);
}

/* Returns the offset of zone name at t, or 999999 when it does not open. */
static int32_t zoff(const char *name, int64_t t)
{
	struct tl_tz *tz = tl_tz_open(name);
	int32_t off = tz ? tl_tz_offset(tz, t) : 999999;

	tl_tz_free(tz);
	return off;
}

static void test_tz_crafted(void)
{
	char dir[] = "/tmp/test_time.XXXXXX";
	char *old = getenv("TZDIR") ? strdup(getenv("TZDIR")) : NULL;
	struct ttype ty[2] = {{7200, 1}, {3600, 0}};
	int64_t at[2] = {1000, 2000};
	unsigned char idx[2] = {0, 1};
	struct bytes out = {{0}, 0};
	static const char *const files[] = {
	    "rule_cet",    "rule_ist",  "rule_sydney",  "rule_utc",
	    "rule_j",      "rule_n",    "rule_default", "v1",
	    "v2_nofooter", "bad_magic", "truncated",    "bad_footer",
	    "no_newline",  "bad_index", "unsorted",     "empty",
	    "bad_ver",     "rule_v3"};
	size_t i;

	if (!mkdtemp(dir)) {
		TL_CHECK(!"mkdtemp");
		free(old);
		return;
	}
	setenv("TZDIR", dir, 1);

	/* UTC is built in, even with no file. */
	TL_EQ_INT(zoff("UTC", 1721044800), 0);
	TL_EQ_INT(zoff("America/New_York", 1721044800), 999999);

	/* Footer-only zones: the POSIX rule decides every time. */
	write_footer_zone(dir, "rule_cet", "CET-1CEST,M3.5.0,M10.5.0/3");
	TL_EQ_INT(zoff("rule_cet", 1705320000), 3600);
	TL_EQ_INT(zoff("rule_cet", 1721044800), 7200);
	TL_EQ_INT(zoff("rule_cet", 2216250000LL - 1), 3600);
	TL_EQ_INT(zoff("rule_cet", 2216250000LL), 7200);
	TL_EQ_INT(zoff("rule_cet", 2234998800LL - 1), 7200);
	TL_EQ_INT(zoff("rule_cet", 2234998800LL), 3600);
	TL_EQ_INT(zoff("rule_cet", -2208988800LL + 86400 * 180), 7200);
	write_footer_zone(dir, "rule_ist", "<+0530>-5:30");
	TL_EQ_INT(zoff("rule_ist", 1721044800), 19800);
	TL_EQ_INT(zoff("rule_ist", -1), 19800);
	write_footer_zone(dir, "rule_sydney", "AEST-10AEDT,M10.1.0,M4.1.0/3");
	TL_EQ_INT(zoff("rule_sydney", 2216822400LL - 1), 39600);
	TL_EQ_INT(zoff("rule_sydney", 2216822400LL), 36000);
	TL_EQ_INT(zoff("rule_sydney", 2233152000LL - 1), 36000);
	TL_EQ_INT(zoff("rule_sydney", 2233152000LL), 39600);
	TL_EQ_INT(zoff("rule_sydney", P("2041-01-01")), 39600);
	write_footer_zone(dir, "rule_utc", "UTC0");
	TL_EQ_INT(zoff("rule_utc", 1721044800), 0);
	/* Julian days: J60 is Mar 1 even in leap years; 59 is zero-based. */
	write_footer_zone(dir, "rule_j", "AAA0BBB,J60/0,J305/0");
	TL_EQ_INT(zoff("rule_j", P("2024-02-29T23:59:59Z")), 0);
	TL_EQ_INT(zoff("rule_j", P("2024-03-01T00:00:00Z")), 3600);
	TL_EQ_INT(zoff("rule_j", P("2023-03-01T00:00:00Z")), 3600);
	write_footer_zone(dir, "rule_n", "AAA0BBB-2,59/0,300");
	TL_EQ_INT(zoff("rule_n", P("2024-02-28T23:59:59Z")), 0);
	TL_EQ_INT(zoff("rule_n", P("2024-02-29T00:00:00Z")), 7200);
	TL_EQ_INT(zoff("rule_n", P("2023-02-28T23:59:59Z")), 0);
	TL_EQ_INT(zoff("rule_n", P("2023-03-01T00:00:00Z")), 7200);
	/* No dates: the US rules; DST one hour ahead by default. */
	write_footer_zone(dir, "rule_default", "EST5EDT");
	TL_EQ_INT(zoff("rule_default", 2215062000LL - 1), -18000);
	TL_EQ_INT(zoff("rule_default", 2215062000LL), -14400);
	/* v3: DST all year, written as Jan 1 00:00 to Dec 31 25:00. */
	write_footer_zone(dir, "rule_v3", "XXX3YYY,0/0,J365/25");
	TL_EQ_INT(zoff("rule_v3", 1721044800), -7200);
	TL_EQ_INT(zoff("rule_v3", 1705320000), -7200);
	TL_EQ_INT(zoff("rule_v3", P("2025-01-01T02:30:00Z")), -7200);
	TL_EQ_INT(zoff("rule_v3", P("2025-01-01T03:30:00Z")), -7200);
	/* v3: negative times and times past 24h. */
	write_footer_zone(dir, "rule_v3", "AAA0BBB,M3.2.0/-1,M11.1.0/26");
	TL_EQ_INT(zoff("rule_v3", P("2024-03-09T22:59:59Z")), 0);
	TL_EQ_INT(zoff("rule_v3", P("2024-03-09T23:00:00Z")), 3600);
	TL_EQ_INT(zoff("rule_v3", P("2024-11-04T00:59:59Z")), 3600);
	TL_EQ_INT(zoff("rule_v3", P("2024-11-04T01:00:00Z")), 0);

	/* Transitions, no footer: first standard type before, last after. */
	out.n = 0;
	put_block(&out, '2', 4, 2, at, idx, 2, ty);
	put_block(&out, '2', 8, 2, at, idx, 2, ty);
	put(&out, "\n\n", 2);
	write_file(dir, "v2_nofooter", out.b, out.n);
	TL_EQ_INT(zoff("v2_nofooter", 999), 3600);
	TL_EQ_INT(zoff("v2_nofooter", 1000), 7200);
	TL_EQ_INT(zoff("v2_nofooter", 1999), 7200);
	TL_EQ_INT(zoff("v2_nofooter", 2000), 3600);
	TL_EQ_INT(zoff("v2_nofooter", INT64_MAX), 3600);
	TL_EQ_INT(zoff("v2_nofooter", INT64_MIN), 3600);

	/* Version 1 files: 32-bit times, no footer. */
	out.n = 0;
	put_block(&out, '\0', 4, 2, at, idx, 2, ty);
	write_file(dir, "v1", out.b, out.n);
	TL_EQ_INT(zoff("v1", 1500), 7200);
	TL_EQ_INT(zoff("v1", 2500), 3600);

	/* Malformed files. */
	{
		unsigned char b[sizeof out.b];
		size_t n;

		out.n = 0;
		put_block(&out, '2', 4, 2, at, idx, 2, ty);
		put_block(&out, '2', 8, 2, at, idx, 2, ty);
		put(&out, "\nEST5EDT\n", 9);
		n = out.n;
		memcpy(b, out.b, n);
		b[0] = 'X';
		write_file(dir, "bad_magic", b, n);
		write_file(dir, "truncated", out.b, n - 20);
		write_file(dir, "no_newline", out.b, n - 1);
		memcpy(b, out.b, n);
		b[4] = '1';
		write_file(dir, "bad_ver", b, n);
		write_file(dir, "empty", out.b, 0);
	}
	TL_EQ_INT(zoff("bad_magic", 0), 999999);
	TL_EQ_INT(zoff("truncated", 0), 999999);
	TL_EQ_INT(zoff("no_newline", 0), 999999);
	TL_EQ_INT(zoff("bad_ver", 0), 999999);
	TL_EQ_INT(zoff("empty", 0), 999999);
	write_footer_zone(dir, "bad_footer", "EST5EDT,M13.1.0,M11.1.0");
	TL_EQ_INT(zoff("bad_footer", 0), 999999);
	write_footer_zone(dir, "bad_footer", "ES5");
	TL_EQ_INT(zoff("bad_footer", 0), 999999);
	write_footer_zone(dir, "bad_footer", "EST");
	TL_EQ_INT(zoff("bad_footer", 0), 999999);
	write_footer_zone(dir, "bad_footer", "EST5EDT,M3.2.0");
	TL_EQ_INT(zoff("bad_footer", 0), 999999);
	write_footer_zone(dir, "bad_footer", "EST5EDT,M3.2.0,M11.1.0x");
	TL_EQ_INT(zoff("bad_footer", 0), 999999);
	write_footer_zone(dir, "bad_footer", "<>5");
	TL_EQ_INT(zoff("bad_footer", 0), 999999);
	idx[1] = 2; /* no such type */
	out.n = 0;
	put_block(&out, '2', 4, 2, at, idx, 2, ty);
	put_block(&out, '2', 8, 2, at, idx, 2, ty);
	put(&out, "\n\n", 2);
	write_file(dir, "bad_index", out.b, out.n);
	TL_EQ_INT(zoff("bad_index", 0), 999999);
	idx[1] = 1;
	at[1] = 1000; /* not ascending */
	out.n = 0;
	put_block(&out, '2', 4, 2, at, idx, 2, ty);
	put_block(&out, '2', 8, 2, at, idx, 2, ty);
	put(&out, "\n\n", 2);
	write_file(dir, "unsorted", out.b, out.n);
	TL_EQ_INT(zoff("unsorted", 0), 999999);

	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[512];

		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
	if (old) {
		setenv("TZDIR", old, 1);
		free(old);
	} else {
		unsetenv("TZDIR");
	}
}

static void test_floor_tz(void)
{
	struct tl_tz *ny = tl_tz_open("America/New_York");
	struct tl_tz *kol = tl_tz_open("Asia/Kolkata");
	struct tl_tz *utc = tl_tz_open("UTC");
	int64_t end = 0, t;
	int tf, bad = 0;

	TL_CHECK(ny && kol && utc);
	if (!(ny && kol && utc))
		goto out;

	/* 2024-03-11T03:30:00Z is 2024-03-10 23:30 EDT in New York. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1D, 1710127800, ny, &end), 1710028800);
	TL_EQ_INT(end, 1710129600); /* 2024-03-11T04:00:00Z */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1D, 1710127800, ny, NULL), 1710028800);
	/* The day DST began: 23 hours long, ending 04:00Z. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1D, 1710050000, ny, &end), 1710028800);
	TL_EQ_INT(end, 1710129600);
	/* The day DST ended: 25 hours, ending 2024-11-04T05:00:00Z. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1D, 1730635200, ny, &end), 1730592000);
	TL_EQ_INT(end, 1730696400);
	/* Week: Sunday 2024-03-10 local belongs to Monday 2024-03-04. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1W, 1710127800, ny, &end), 1709510400);
	TL_EQ_INT(end, 1710129600);
	/* Month: 2024-03-01T03:00Z is Feb 29 local. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1MO, 1709262000, ny, &end), 1706745600);
	TL_EQ_INT(end, 1709269200); /* 2024-03-01T05:00:00Z */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1MO, 1709269200, ny, &end), 1709251200);
	/* Intraday on the local clock: 1h in New York is whole UTC hours. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1H, 1710127800, ny, &end), 1710126000);
	TL_EQ_INT(end, 1710129600);
	/* 4h: 23:30 EDT is in the 20:00 EDT bucket = 00:00Z. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_4H, 1710127800, ny, &end), 1710115200);
	TL_EQ_INT(end, 1710115200 + 14400);

	/* Kolkata: hours start at :30 UTC. 2024-01-01T00:10Z is 05:40 IST. */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1H, 1704067800, kol, &end), 1704065400);
	TL_EQ_INT(end, 1704069000);
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1H, 1704069000, kol, &end), 1704069000);
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_15M, 1704067800, kol, &end), 1704067200);
	TL_EQ_INT(end, 1704068100);
	/* 2023-12-31T20:00Z is 2024-01-01 01:30 IST: day and month 2024-01-01.
	 */
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1D, 1704052800, kol, &end), 1704067200);
	TL_EQ_INT(end, 1704067200 + 86400 - 19800);
	TL_EQ_INT(tl_tf_floor_tz(TL_TF_1MO, 1704052800, kol, &end), 1704067200);
	TL_EQ_INT(end, 1706745600 - 19800);

	/* NULL and UTC zones match tl_tf_floor()/tl_tf_next(). */
	for (tf = 0; tf < TL_TF_COUNT; tf++)
		for (t = -3000000000LL; t < 3000000000LL; t += 12345677) {
			int64_t e1 = 0, e2 = 0;
			int64_t a = tl_tf_floor_tz(tf, t, NULL, &e1);
			int64_t b = tl_tf_floor_tz(tf, t, utc, &e2);
			int64_t f = tl_tf_floor(tf, t);

			if (a != f || b != f || e1 != tl_tf_next(tf, f) ||
			    e2 != e1)
				bad++;
		}
	TL_EQ_INT(bad, 0);

	/* In a zone, every t falls in its bucket, and buckets chain. */
	bad = 0;
	for (tf = 0; tf < TL_TF_COUNT; tf++)
		for (t = 1000000000LL; t < 2500000000LL; t += 1234567) {
			int64_t e, s = tl_tf_floor_tz(tf, t, ny, &e), e2;

			if (tf < TL_TF_1D) {
				if (s > t || e <= t)
					bad++;
			} else {
				/* Key is 00:00 UTC of a local date; end after
				 * t. */
				if (s % 86400 != 0 || e <= t ||
				    e - t > 32 * 86400)
					bad++;
				/* The bucket's last instant has the same key.
				 */
				if (tl_tf_floor_tz(tf, e - 1, ny, &e2) != s ||
				    e2 != e)
					bad++;
				if (tl_tf_floor_tz(tf, e, ny, NULL) <= s)
					bad++;
			}
		}
	TL_EQ_INT(bad, 0);
out:
	tl_tz_free(ny);
	tl_tz_free(kol);
	tl_tz_free(utc);
}

/* Parses an RFC 3339 time known to be good. */
static int64_t at(const char *s)
{
	int64_t t = 0;

	TL_EQ_INT(tl_time_parse(s, strlen(s), &t), 0);
	return t;
}

/*
 * Across New York's changes of offset, local-clock buckets stay ordered:
 * every hour's bucket holds it, keys never go back, and each bucket ends
 * where the next begins; at the changes 4h buckets last 3 and 5 hours.
 */
static void test_floor_tz_dst(void)
{
	struct tl_tz *ny = tl_tz_open("America/New_York");
	static const char *from[] = {"2024-03-09T00:00:00Z",
	                             "2024-11-02T00:00:00Z"};
	static const int tfs[] = {TL_TF_1H, TL_TF_4H, TL_TF_1D, TL_TF_1W};
	int64_t end;
	size_t i, j;
	int h;

	TL_CHECK(ny != NULL);
	if (!ny)
		return;
	for (i = 0; i < 2; i++) {
		for (j = 0; j < sizeof tfs / sizeof *tfs; j++) {
			int64_t t0 = at(from[i]), prev = INT64_MIN,
			        prev_end = 0;
			int bad = 0;

			for (h = 0; h < 72; h++) {
				int64_t t = t0 + h * 3600, k, e;

				k = tl_tf_floor_tz(tfs[j], t, ny, &e);
				if (tfs[j] < TL_TF_1D && (k > t || e <= t))
					bad++;
				if (k < prev || e <= t)
					bad++;
				if (tfs[j] < TL_TF_1D && prev != INT64_MIN &&
				    k != prev && k != prev_end)
					bad++;
				prev = k;
				prev_end = e;
			}
			TL_EQ_INT(bad, 0);
		}
	}
	/* 2024-03-10: local 00:00 EST is 05:00Z; 04:00 EDT is 08:00Z. */
	TL_EQ_INT(
	    tl_tf_floor_tz(TL_TF_4H, at("2024-03-10T07:00:00Z"), ny, &end),
	    at("2024-03-10T05:00:00Z"));
	TL_EQ_INT(end, at("2024-03-10T08:00:00Z"));
	TL_EQ_INT(
	    tl_tf_floor_tz(TL_TF_4H, at("2024-03-10T08:00:00Z"), ny, NULL),
	    at("2024-03-10T08:00:00Z"));
	/* 2024-11-03: local 00:00 EDT is 04:00Z; 04:00 EST is 09:00Z. */
	TL_EQ_INT(
	    tl_tf_floor_tz(TL_TF_4H, at("2024-11-03T08:00:00Z"), ny, &end),
	    at("2024-11-03T04:00:00Z"));
	TL_EQ_INT(end, at("2024-11-03T09:00:00Z"));
	/* The repeated 01:00 hour: both fall in the bucket of the first. */
	TL_EQ_INT(
	    tl_tf_floor_tz(TL_TF_1H, at("2024-11-03T06:00:00Z"), ny, &end),
	    at("2024-11-03T05:00:00Z"));
	TL_EQ_INT(end, at("2024-11-03T07:00:00Z"));
	tl_tz_free(ny);
}

int main(void)
{
	TL_RUN(test_days_known);
	TL_RUN(test_days_roundtrip);
	TL_RUN(test_tf_parse_name);
	TL_RUN(test_tf_seconds);
	TL_RUN(test_tf_floor);
	TL_RUN(test_tf_floor_sweep);
	TL_RUN(test_tf_next);
	TL_RUN(test_tf_divides);
	TL_RUN(test_time_parse_good);
	TL_RUN(test_time_parse_bad);
	TL_RUN(test_time_format);
	TL_RUN(test_time_format_gmtime);
	TL_RUN(test_now);
	TL_RUN(test_dur_parse);
	TL_RUN(test_dur_parse_ms);
	TL_RUN(test_time_add);
	TL_RUN(test_tz_offsets);
	TL_RUN(test_tz_vs_libc);
	TL_RUN(test_tz_names);
	TL_RUN(test_tz_crafted);
	TL_RUN(test_floor_tz);
	TL_RUN(test_floor_tz_dst);
	return TL_DONE();
}
