/* test_import.c: unit tests of the CSV importer (tl_import). */
#include "tl_import.h"
#include "tl_test.h"
#include "tl_time.h"

#include <stdlib.h>
#include <string.h>

/* What one import gave, in order. */
struct got {
	int n;
	int kind[200];
	long lineno[200];
	int usage[200];
	struct tl_bar bar[200];
	char msg[200][256];
	int nbar, nbad, nfail;
};

/* Takes every output of im into g. */
static void drain(struct tl_import *im, struct got *g)
{
	struct tl_import_ev ev;

	while (tl_import_next(im, &ev)) {
		int i = g->n++;

		if (i >= 200)
			abort();
		g->kind[i] = ev.kind;
		g->lineno[i] = ev.lineno;
		g->usage[i] = ev.usage;
		g->msg[i][0] = '\0';
		if (ev.kind == TL_IMPORT_BAR) {
			g->bar[i] = *ev.bar;
			g->nbar++;
		} else {
			snprintf(g->msg[i], sizeof g->msg[i], "%s", ev.msg);
			if (ev.kind == TL_IMPORT_BAD)
				g->nbad++;
			else
				g->nfail++;
		}
	}
}

/*
 * Feeds text, lines split at '\n', to im (without ending it) and takes
 * the outputs into g.
 */
static void feed(struct tl_import *im, const char *text, struct got *g)
{
	long lineno = 0;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = malloc(len + 1);

		memcpy(line, p, len);
		line[len] = '\0';
		tl_import_line(im, ++lineno, line, len);
		free(line);
		drain(im, g);
		p += len + (nl != NULL);
	}
}

/* Imports text with options o into g, and ends it; returns the importer,
 * which the caller frees. */
static struct tl_import *import(const struct tl_import_opts *o,
                                const char *text, struct got *g)
{
	struct tl_import *im = tl_import_new(o);

	memset(g, 0, sizeof *g);
	feed(im, text, g);
	tl_import_end(im);
	drain(im, g);
	return im;
}

/* Returns 00:00 UTC of a date. */
static int64_t day(int y, int m, int d)
{
	return tl_days_from_civil(y, m, d) * 86400;
}

static const struct tl_import_opts plain = {"X", -1, 0, NULL, 0, NULL};

static void test_yahoo(void)
{
	struct got g;
	struct tl_import *im =
	    import(&plain,
	           "Date,Open,High,Low,Close,Adj Close,Volume\n"
	           "2024-01-02,10,12,9,11,10.5,1000\n"
	           "2024-01-03,11,13,10,12.5,12,2000\n"
	           "2024-01-05,12.5,13,12,12,11.9,0\n",
	           &g);

	TL_EQ_INT(g.nbar, 3);
	TL_EQ_INT(g.nbad + g.nfail, 0);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1D);
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_T), "Date");
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_C), "Close");
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_V), "Volume");
	TL_EQ_STR(g.bar[0].symbol, "X");
	TL_EQ_INT(g.bar[0].tf, TL_TF_1D);
	TL_EQ_INT(g.bar[0].t, day(2024, 1, 2));
	TL_EQ_INT(g.bar[0].final, 1);
	TL_EQ_DBL(g.bar[1].c, 12.5);
	TL_EQ_DBL(g.bar[1].v, 2000);
	TL_EQ_INT(g.lineno[2], 4);
	TL_EQ_INT(g.bar[2].t, day(2024, 1, 5));
	tl_import_free(im);
}

static void test_stooq_date_time(void)
{
	struct got g;
	struct tl_import *im = import(&plain,
	                              "Date,Time,Open,High,Low,Close,Volume\r\n"
	                              "2024-03-01,09:00:00,1,2,0.5,1.5,10\r\n"
	                              "2024-03-01,10:00:00,1.5,2,1,1.75,20\r\n",
	                              &g);

	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1H);
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_T), "Date+Time");
	TL_EQ_INT(g.bar[0].t, day(2024, 3, 1) + 9 * 3600);
	TL_EQ_INT(g.bar[1].t, day(2024, 3, 1) + 10 * 3600);
	tl_import_free(im);
}

static void test_pandas_index(void)
{
	struct got g;
	struct tl_import *im = import(&plain,
	                              ",open,high,low,close,volume\n"
	                              "2024-01-02 00:00:00,1,2,0.5,1.5,10\n"
	                              "2024-01-02 00:05:00,1.5,2,1,1.75,20\n"
	                              "2024-01-02 00:15:00,1.5,2,1,1.75,20\n",
	                              &g);

	TL_EQ_INT(g.nbar, 3);
	TL_EQ_INT(tl_import_tf(im), TL_TF_5M);
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_T), ""); /* unnamed */
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_O), "open");
	TL_EQ_INT(g.bar[2].t, day(2024, 1, 2) + 15 * 60);
	tl_import_free(im);
}

static void test_binance_headerless(void)
{
	struct got g;
	struct tl_import *im = import(
	    &plain,
	    "1704067200000,42000.1,42100,41900,42050,12.5,1704070799999,0,0,0,"
	    "0,0\n"
	    "1704070800000,42050,42200,42000,42150,8,1704074399999,0,0,0,0,"
	    "0\n",
	    &g);

	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1H);
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_T), "open time");
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_V), "volume");
	TL_EQ_INT(g.lineno[0], 1); /* the first line is a row */
	TL_EQ_INT(g.bar[0].t, 1704067200);
	TL_EQ_DBL(g.bar[0].o, 42000.1);
	TL_EQ_DBL(g.bar[1].v, 8);
	tl_import_free(im);

	/* Microseconds must come to whole seconds. */
	im = import(&plain,
	            "1704067200000001,1,1,1,1,1,0,0,0,0,0,0\n"
	            "1704070800000000,1,1,1,1,1,0,0,0,0,0,0\n",
	            &g);
	TL_EQ_INT(g.nbad, 1);
	TL_EQ_STR(g.msg[0], "column \"open time\": 1704067200000001 us is not "
	                    "a whole second");
	tl_import_free(im);
}

static void test_no_header(void)
{
	struct got g;
	struct tl_import *im = import(&plain, "\n  \n", &g);

	TL_EQ_INT(g.nfail, 1);
	TL_EQ_INT(g.lineno[0], 1);
	TL_EQ_STR(g.msg[0], "empty input, expected a CSV header");
	TL_CHECK(tl_import_column(im, TL_IMPORT_F_T) == NULL);
	tl_import_free(im);

	im = import(&plain, "name,price\nx,1\n", &g);
	TL_EQ_INT(g.n, 1);
	TL_EQ_INT(g.kind[0], TL_IMPORT_FAIL);
	TL_EQ_STR(g.msg[0], "not a CSV header: no time, open, high, low or "
	                    "close column (see --map)");
	tl_import_free(im);

	im = import(&plain, "Date,Open,High,Close\n", &g);
	TL_EQ_STR(g.msg[0], "missing column \"low\"");
	tl_import_free(im);

	im = import(&plain, "Date,Open,open,High,Low,Close\n", &g);
	TL_EQ_STR(g.msg[0], "columns \"Open\" and \"open\" both look like the "
	                    "open; use --map");
	tl_import_free(im);

	/* A byte order mark and blank lines before the header. */
	im = import(&plain,
	            "\xEF\xBB\xBF\n\nDate,Open,High,Low,Close\n"
	            "2024-01-01,1,1,1,1\n\n2024-01-02,1,1,1,1\n",
	            &g);
	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(g.lineno[1], 6);
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_V), "");
	TL_EQ_DBL(g.bar[1].v, 0);
	tl_import_free(im);
}

static void test_map(void)
{
	static const struct tl_import_map map[] = {
	    {"When", TL_IMPORT_F_T}, {"first", TL_IMPORT_F_O},
	    {"MAX", TL_IMPORT_F_H},  {"Min", TL_IMPORT_F_L},
	    {"Last", TL_IMPORT_F_C}, {"Qty", TL_IMPORT_F_V},
	};
	struct tl_import_opts o = plain;
	struct got g;
	struct tl_import *im;

	TL_EQ_INT(tl_import_field_parse("t"), TL_IMPORT_F_T);
	TL_EQ_INT(tl_import_field_parse("Volume"), TL_IMPORT_F_V);
	TL_EQ_INT(tl_import_field_parse("x"), -1);
	TL_EQ_STR(tl_import_field_name(TL_IMPORT_F_H), "high");

	o.map = map;
	o.nmap = 6;
	im = import(&o,
	            "When,First,Max,Min,Last,Qty,Open\n"
	            "2024-01-01T00:00:00Z,1,3,0.5,2,7,99\n"
	            "2024-01-01T00:01:00Z,2,3,1,2.5,8,99\n",
	            &g);
	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1M);
	TL_EQ_STR(tl_import_column(im, TL_IMPORT_F_O), "First");
	TL_EQ_DBL(g.bar[0].o, 1); /* not the Open column */
	TL_EQ_DBL(g.bar[1].v, 8);
	tl_import_free(im);

	/* A --map column missing from the header is a usage error. */
	o.nmap = 1;
	im = import(&o, "Date,Open,High,Low,Close\n", &g);
	TL_EQ_INT(g.nfail, 1);
	TL_EQ_INT(g.usage[0], 1);
	TL_EQ_INT(g.lineno[0], 1);
	TL_EQ_STR(g.msg[0], "--map: no column \"When\" in the header");
	tl_import_free(im);

	/* With a --map, a row of digits is not taken for a Binance file. */
	o.nmap = 1;
	im = import(&o, "1,2\n", &g);
	TL_EQ_INT(g.usage[0], 1);
	tl_import_free(im);
}

static void test_tf_inference(void)
{
	struct tl_import_opts o = plain;
	struct got g;
	struct tl_import *im;
	char text[8192];
	size_t n;
	int i;

	/* The smallest spacing wins: a gap does not confuse it. */
	im = import(&o,
	            "Date,Open,High,Low,Close\n"
	            "2024-01-01 00:00,1,1,1,1\n"
	            "2024-01-01 08:00,1,1,1,1\n"
	            "2024-01-01 12:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_4H);
	TL_EQ_INT(g.nbar, 3);
	tl_import_free(im);

	/* Weekly rows. */
	im = import(&o,
	            "Date,Open,High,Low,Close\n2024-01-01,1,1,1,1\n"
	            "2024-01-08,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1W);
	tl_import_free(im);

	/* A spacing that is no timeframe, one row, one time. */
	im = import(&o,
	            "Date,Open,High,Low,Close\n2024-01-01 00:00,1,1,1,1\n"
	            "2024-01-01 02:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(g.n, 1);
	TL_EQ_INT(g.kind[0], TL_IMPORT_FAIL);
	TL_EQ_INT(g.lineno[0], 0);
	TL_EQ_STR(g.msg[0], "cannot infer the timeframe from a spacing of "
	                    "7200 seconds; use --tf");
	TL_EQ_INT(tl_import_tf(im), -1);
	tl_import_free(im);
	im = import(&o, "Date,Open,High,Low,Close\n2024-01-01,1,1,1,1\n", &g);
	TL_EQ_STR(g.msg[0],
	          "cannot infer the timeframe from one row; use --tf");
	tl_import_free(im);
	im = import(&o,
	            "Date,Open,High,Low,Close\n2024-01-01,1,1,1,1\n"
	            "2024-01-01,1,1,1,1\n",
	            &g);
	TL_EQ_STR(g.msg[0],
	          "cannot infer the timeframe: all rows have the same "
	          "time; use --tf");
	tl_import_free(im);

	/* Given, one row is enough; the time is floored to the period. */
	o.tf = TL_TF_1D;
	im = import(&o,
	            "Date,Open,High,Low,Close\n2024-01-01T15:00:00+09:00,1,1,1,"
	            "1\n",
	            &g);
	TL_EQ_INT(g.nbar, 1);
	TL_EQ_INT(g.bar[0].t, day(2024, 1, 1)); /* the exchange's date */
	tl_import_free(im);

	/* More rows than the buffer: inferred from the first ones, the
	 * rest streamed, in order. */
	o.tf = -1;
	n = (size_t)snprintf(text, sizeof text, "time,o,h,l,c\n");
	for (i = 0; i < 150; i++)
		n += (size_t)snprintf(text + n, sizeof text - n,
		                      "%lld,1,2,0.5,1.5\n",
		                      (long long)(1704067200 + 60 * i));
	im = import(&o, text, &g);
	TL_EQ_INT(g.nbar, 150);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1M);
	TL_EQ_INT(g.lineno[149], 151);
	TL_EQ_INT(g.bar[149].t, 1704067200 + 60 * 149);
	tl_import_free(im);
}

/*
 * Rows whose UTC offset changes (daylight saving time) are not a whole
 * period apart in time, but their written dates are.
 */
static void test_tf_from_dates(void)
{
	struct got g;
	struct tl_import *im;

	/* Daily, across the spring change: 23 hours apart. */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-03-10T00:00:00-05:00,1,1,1,1\n"
	            "2024-03-11T00:00:00-04:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1D);
	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(g.bar[0].t, day(2024, 3, 10));
	TL_EQ_INT(g.bar[1].t, day(2024, 3, 11));
	tl_import_free(im);

	/* Daily, across the autumn change (25 hours), a bad row between. */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-11-03T00:00:00-04:00,1,1,1,1\n"
	            "2024-11-04T00:00:00-05:00,x,1,1,1\n"
	            "2024-11-04T00:00:00-05:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1D);
	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(g.nbad, 1);
	tl_import_free(im);

	/* Weekly, 7 days less an hour. */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-03-04 00:00:00-05:00,1,1,1,1\n"
	            "2024-03-11 00:00:00-04:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1W);
	tl_import_free(im);

	/* Monthly, 31 days and an hour. */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-10-01T00:00:00+01:00,1,1,1,1\n"
	            "2024-11-01T00:00:00+00:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1MO);
	TL_EQ_INT(g.bar[1].t, day(2024, 11, 1));
	tl_import_free(im);

	/* Intraday spacing stays instant-based: hourly rows across midnight
	 * and the change are 1h ... */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-03-09T23:00:00-05:00,1,1,1,1\n"
	            "2024-03-10T00:00:00-05:00,1,1,1,1\n"
	            "2024-03-10T01:00:00-05:00,1,1,1,1\n"
	            "2024-03-10T03:00:00-04:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), TL_TF_1H);
	TL_EQ_INT(g.nbar, 4);
	tl_import_free(im);

	/* ... rows hours apart on two dates are not a day apart ... */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-03-09T23:00:00-05:00,1,1,1,1\n"
	            "2024-03-10T03:00:00-04:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), -1);
	TL_EQ_STR(g.msg[0], "cannot infer the timeframe from a spacing of "
	                    "10800 seconds; use --tf");
	tl_import_free(im);

	/* ... and two rows on one date make the rows intraday, though the
	 * next one is a date later. */
	im = import(&plain,
	            "Date,Open,High,Low,Close\n"
	            "2024-03-08T00:00:00-05:00,1,1,1,1\n"
	            "2024-03-08T02:00:00-05:00,1,1,1,1\n"
	            "2024-03-09T01:00:00-05:00,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), -1);
	TL_EQ_STR(g.msg[0], "cannot infer the timeframe from a spacing of "
	                    "7200 seconds; use --tf");
	tl_import_free(im);

	/* Epoch seconds carry no date: 23 hours is no timeframe. */
	im = import(&plain,
	            "time,open,high,low,close\n"
	            "1710046800,1,1,1,1\n"
	            "1710129600,1,1,1,1\n",
	            &g);
	TL_EQ_INT(tl_import_tf(im), -1);
	TL_EQ_STR(g.msg[0], "cannot infer the timeframe from a spacing of "
	                    "82800 seconds; use --tf");
	tl_import_free(im);
}

static void test_monthly_month_end(void)
{
	struct got g;
	struct tl_import *im = import(&plain,
	                              "Date,Open,High,Low,Close,Volume\n"
	                              "2024-01-31,1,2,0.5,1.5,10\n"
	                              "2024-02-29,1.5,2,1,1.75,20\n"
	                              "2024-03-31,1.75,2,1,1.5,30\n",
	                              &g);

	TL_EQ_INT(tl_import_tf(im), TL_TF_1MO);
	TL_EQ_INT(g.nbar, 3);
	TL_EQ_INT(g.bar[0].t, day(2024, 1, 1));
	TL_EQ_INT(g.bar[1].t, day(2024, 2, 1));
	TL_EQ_INT(g.bar[2].t, day(2024, 3, 1));
	tl_import_free(im);
}

static void test_bad_lines(void)
{
	struct tl_import_opts o = plain;
	struct got g;
	struct tl_import *im;

	/* Buffered bad rows come out in their place among the bars. */
	im = tl_import_new(&o);
	memset(&g, 0, sizeof g);
	feed(im,
	     "Date,Open,High,Low,Close\n"
	     "2024-01-01,1,1,1,1\n"
	     "2024-01-02,abc,1,1,1\n"
	     "2024-01-03,1,1,1\n"
	     "2024-01-04,1,0.5,1,1\n"
	     "2024-01-03,1,1,1,1\n"
	     "2024-01-05,\"1,1,1,1\n",
	     &g);
	TL_EQ_INT(g.n, 0); /* all still buffered */
	tl_import_bad_line(im, 8, "line longer than 9 bytes");
	drain(im, &g);
	tl_import_end(im);
	drain(im, &g);
	TL_EQ_INT(g.nbar, 2);
	TL_EQ_INT(g.nbad, 5);
	TL_EQ_INT(g.kind[0], TL_IMPORT_BAR);
	TL_EQ_INT(g.kind[1], TL_IMPORT_BAD);
	TL_EQ_INT(g.lineno[1], 3);
	TL_EQ_STR(g.msg[1], "column \"Open\": \"abc\" is not a number");
	TL_EQ_STR(g.msg[2], "expected 5 fields, found 4");
	TL_EQ_STR(g.msg[3], "high 0.5 is below max(open, close) 1");
	TL_EQ_INT(g.kind[4], TL_IMPORT_BAR);
	TL_EQ_INT(g.lineno[4], 6);
	TL_EQ_STR(g.msg[5], "bad quoting: an unterminated quote or text after "
	                    "a closing quote");
	TL_EQ_INT(g.lineno[6], 8);
	TL_EQ_STR(g.msg[6], "line longer than 9 bytes");
	tl_import_free(im);

	/* Out of order once streaming; --repair mends h and l. */
	o.tf = TL_TF_1D;
	o.repair = 1;
	im = import(&o,
	            "Date,Open,High,Low,Close\n2024-01-02,1,0.5,2,1.5\n"
	            "2024-01-01,1,1,1,1\n",
	            &g);
	TL_EQ_INT(g.nbar, 1);
	TL_EQ_DBL(g.bar[0].h, 1.5);
	TL_EQ_DBL(g.bar[0].l, 1);
	TL_EQ_STR(g.msg[1], "X 1D: time 2024-01-01T00:00:00Z is before the "
	                    "previous bar's 2024-01-02T00:00:00Z");
	tl_import_free(im);

	/* A line that cannot be read before the header fails the input. */
	im = tl_import_new(&plain);
	tl_import_bad_line(im, 1, "line longer than 9 bytes");
	memset(&g, 0, sizeof g);
	drain(im, &g);
	TL_EQ_INT(g.nfail, 1);
	TL_EQ_INT(g.lineno[0], 1);
	tl_import_line(im, 2, (char[]){"Date,Open,High,Low,Close"}, 24);
	tl_import_end(im);
	drain(im, &g);
	TL_EQ_INT(g.n, 1); /* nothing after a failure */
	tl_import_free(im);
	tl_import_free(NULL);
}

static void test_shared_series(void)
{
	struct tl_seriesmap m;
	struct tl_import_opts o = plain;
	struct got g;
	struct tl_import *im;

	tl_seriesmap_init(&m, 0);
	o.series = &m;
	o.tf = TL_TF_1D;
	im = import(&o, "Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n", &g);
	TL_EQ_INT(g.nbar, 1);
	tl_import_free(im);
	im = import(&o,
	            "Date,Open,High,Low,Close\n2024-01-02,1,1,1,1\n"
	            "2024-01-03,1,1,1,1\n",
	            &g);
	TL_EQ_INT(g.nbad, 1);
	TL_EQ_STR(g.msg[0], "X 1D: duplicate time 2024-01-02T00:00:00Z");
	TL_EQ_INT(g.nbar, 1);
	tl_import_free(im);
	tl_seriesmap_release(&m);
}

int main(void)
{
	TL_RUN(test_yahoo);
	TL_RUN(test_stooq_date_time);
	TL_RUN(test_pandas_index);
	TL_RUN(test_binance_headerless);
	TL_RUN(test_no_header);
	TL_RUN(test_map);
	TL_RUN(test_tf_inference);
	TL_RUN(test_tf_from_dates);
	TL_RUN(test_monthly_month_end);
	TL_RUN(test_bad_lines);
	TL_RUN(test_shared_series);
	return TL_DONE();
}
