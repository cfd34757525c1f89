/* test_bar.c: unit tests for bar records, their checks and the series table. */
#include "tl_bar.h"
#include "tl_test.h"
#include "tl_time.h"

/* Parses line into b; returns tl_bar_from_rec's result, message in err. */
static int bar_of(const char *line, struct tl_bar *b, char *err)
{
	struct tl_rec r;
	char buf[512];
	int rc;

	snprintf(buf, sizeof buf, "%s", line);
	tl_rec_init(&r);
	rc = tl_rec_parse(&r, buf, strlen(buf));
	if (rc == 0)
		rc = tl_bar_from_rec(&r, b, err, 200);
	tl_rec_release(&r);
	return rc;
}

static void test_from_rec(void)
{
	struct tl_bar b;
	char err[200] = "";

	TL_EQ_INT(bar_of("{\"type\":\"bar\",\"symbol\":\"GOOG\",\"tf\":\"1D\","
	                 "\"t\":\"2004-08-19\","
	                 "\"o\":100,\"h\":104.06,\"l\":95.96,\"c\":100.34,"
	                 "\"v\":22351900,\"src\":\"x\"}",
	                 &b, err),
	          0);
	TL_EQ_STR(b.symbol, "GOOG");
	TL_EQ_INT(b.tf, TL_TF_1D);
	TL_EQ_INT(b.t, 1092873600);
	TL_EQ_DBL(b.h, 104.06);
	TL_EQ_DBL(b.v, 22351900);
	TL_EQ_INT(b.final, 1);
	TL_EQ_INT(bar_of("{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":60.0,\"o\":1,"
	                 "\"h\":1,\"l\":1,"
	                 "\"c\":1,\"v\":0,\"final\":false}",
	                 &b, err),
	          0);
	TL_EQ_INT(b.t, 60);
	TL_EQ_INT(b.final, 0);
}

/* Each malformed bar names what is wrong. */
static void test_from_rec_errors(void)
{
	static const char *cases[][2] = {
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":0,\"o\":1,\"h\":1,\"l\":1,"
	     "\"c\":1}",
	     "missing field \"v\""},
	    {"{\"tf\":\"1m\",\"t\":0,\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}",
	     "missing field \"symbol\""},
	    {"{\"type\":\"level\",\"symbol\":\"A\"}",
	     "not a bar record (\"type\" is \"level\")"},
	    {"{\"symbol\":\"A\",\"tf\":\"2m\",\"t\":0,\"o\":1,\"h\":1,\"l\":1,"
	     "\"c\":1,\"v\":1}",
	     "unknown timeframe \"2m\" (1m 5m 15m 30m 1h 4h 1D 1W 1Mo)"},
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":0,\"o\":\"1\",\"h\":1,"
	     "\"l\":1,\"c\":1,\"v\":1}",
	     "\"o\" is not a number"},
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":0.5,\"o\":1,\"h\":1,\"l\":"
	     "1,\"c\":1,\"v\":1}",
	     "\"t\" is not whole epoch seconds"},
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":253402300800,\"o\":1,\"h\":"
	     "1,\"l\":1,\"c\":1,\"v\":1}",
	     "\"t\" is out of range (years 0000 to 9999)"},
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":-62167219201,\"o\":1,\"h\":"
	     "1,\"l\":1,\"c\":1,\"v\":1}",
	     "\"t\" is out of range (years 0000 to 9999)"},
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":\"soon\",\"o\":1,\"h\":1,"
	     "\"l\":1,\"c\":1,\"v\":1}",
	     "\"t\": cannot read time \"soon\""},
	    {"{\"symbol\":\"\",\"tf\":\"1m\",\"t\":0,\"o\":1,\"h\":1,\"l\":1,"
	     "\"c\":1,\"v\":1}",
	     "\"symbol\" must be a string of 1 to 63 bytes"},
	    {"{\"symbol\":\"A\",\"tf\":\"1m\",\"t\":0,\"o\":1,\"h\":1,\"l\":1,"
	     "\"c\":1,\"v\":1,\"final\":0}",
	     "\"final\" must be true or false"},
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct tl_bar b;
		char err[200] = "";

		TL_EQ_INT(bar_of(cases[i][0], &b, err), -1);
		TL_EQ_STR(err, cases[i][1]);
	}
}

/* src and adj are read and checked (t040 sees them written back). */
static void test_src_adj(void)
{
	struct tl_bar b;
	char err[200] = "";
	static const char line[] =
	    "{\"type\":\"bar\",\"symbol\":\"AAPL\",\"tf\":\"1D\","
	    "\"t\":86400,\"o\":1,\"h\":2,\"l\":0.5,\"c\":1.5,\"v\":10,"
	    "\"final\":false,\"src\":\"yahoo\",\"adj\":\"split_div\"}";

	TL_EQ_INT(bar_of(line, &b, err), 0);
	TL_EQ_STR(b.src, "yahoo");
	TL_EQ_INT(b.adj, TL_ADJ_SPLIT_DIV);
	TL_EQ_INT(b.final, 0);
	/* A record without them clears what the bar held. */
	TL_EQ_INT(bar_of("{\"symbol\":\"A\",\"tf\":\"1D\",\"t\":0,\"o\":1,"
	                 "\"h\":1,\"l\":1,\"c\":1,\"v\":1}",
	                 &b, err),
	          0);
	TL_EQ_STR(b.src, "");
	TL_EQ_INT(b.adj, TL_ADJ_NONE);
	TL_EQ_INT(bar_of("{\"symbol\":\"A\",\"tf\":\"1D\",\"t\":0,\"o\":1,"
	                 "\"h\":1,\"l\":1,\"c\":1,\"v\":1,\"adj\":\"div\"}",
	                 &b, err),
	          -1);
	TL_EQ_STR(err, "\"adj\" must be \"raw\", \"split\" or \"split_div\"");
	TL_EQ_INT(bar_of("{\"symbol\":\"A\",\"tf\":\"1D\",\"t\":0,\"o\":1,"
	                 "\"h\":1,\"l\":1,\"c\":1,\"v\":1,\"src\":\"\"}",
	                 &b, err),
	          -1);
	TL_EQ_STR(err, "\"src\" must be a string of 1 to 15 bytes");
}

static void test_check_repair(void)
{
	struct tl_bar b = {
	    .symbol = "A", .o = 10, .h = 9, .l = 11, .c = 10.5, .v = 1};
	char err[200];

	TL_EQ_INT(tl_bar_check(&b, err, sizeof err), -1);
	TL_EQ_STR(err, "high 9 is below max(open, close) 10.5");
	TL_EQ_INT(tl_bar_repair(&b), 1);
	TL_EQ_DBL(b.h, 10.5);
	TL_EQ_DBL(b.l, 10);
	TL_EQ_INT(tl_bar_check(&b, err, sizeof err), 0);
	TL_EQ_INT(tl_bar_repair(&b), 0);
	b.l = 10.2;
	TL_EQ_INT(tl_bar_check(&b, err, sizeof err), -1);
	TL_EQ_STR(err, "low 10.2 is above min(open, close) 10");
	b.l = 10;
	b.v = -1;
	TL_EQ_INT(tl_bar_check(&b, err, sizeof err), -1);
	TL_EQ_STR(err, "volume -1 is negative");
}

/* Rising t; the same t only replaces a forming bar; anything else is named. */
static void test_series_advance(void)
{
	struct tl_seriesmap m;
	struct tl_series *s;
	struct tl_bar b = {.symbol = "A", .tf = TL_TF_1M, .final = 1};
	char err[200] = "";
	int created;

	tl_seriesmap_init(&m, 0);
	s = tl_seriesmap_get(&m, "A", TL_TF_1M, &created);
	TL_EQ_INT(created, 1);
	b.t = 60;
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), 0);
	b.t = 120;
	b.final = 0;
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), 0);
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), 1);
	b.final = 1;
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), 1);
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), -1);
	TL_EQ_STR(err, "A 1m: duplicate time 1970-01-01T00:02:00Z");
	b.t = 60;
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), -1);
	TL_EQ_STR(err, "A 1m: time 1970-01-01T00:01:00Z is before the previous "
	               "bar's 1970-01-01T00:02:00Z");
	/* The very first bar may be at any time, the earliest included. */
	s = tl_seriesmap_get(&m, "B", TL_TF_1M, &created);
	b.t = TL_EPOCH_MIN;
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), 0);
	TL_EQ_INT(tl_series_advance(s, &b, err, sizeof err), -1);
	tl_seriesmap_release(&m);
}

/* Thousands of series survive the table's growth, found again by (symbol, tf).
 */
static void test_seriesmap_growth(void)
{
	struct tl_seriesmap m;
	struct tl_series *s;
	char sym[16];
	int i, tf, created, bad = 0, n = 0;

	tl_seriesmap_init(&m, sizeof(int));
	for (i = 0; i < 3000; i++)
		for (tf = 0; tf < 2; tf++) {
			snprintf(sym, sizeof sym, "S%d", i);
			s = tl_seriesmap_get(&m, sym, tf, &created);
			*(int *)s->data = i * 2 + tf;
			bad += !created;
		}
	for (i = 2999; i >= 0; i--)
		for (tf = 1; tf >= 0; tf--) {
			snprintf(sym, sizeof sym, "S%d", i);
			s = tl_seriesmap_get(&m, sym, tf, &created);
			bad += created || *(int *)s->data != i * 2 + tf;
		}
	for (s = m.first; s; s = s->next)
		bad += *(int *)s->data != n++;
	TL_EQ_INT(bad, 0);
	TL_EQ_INT(n, 6000);
	TL_EQ_INT(m.count, 6000);
	tl_seriesmap_release(&m);
}

int main(void)
{
	TL_RUN(test_from_rec);
	TL_RUN(test_from_rec_errors);
	TL_RUN(test_src_adj);
	TL_RUN(test_check_repair);
	TL_RUN(test_series_advance);
	TL_RUN(test_seriesmap_growth);
	return TL_DONE();
}
