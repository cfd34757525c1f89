/* test_source.c: the JSON scanner and the source parsers' edges (t100 runs them
 * end to end). */
#include "tl_jscan.h"
#include "tl_source.h"
#include "tl_test.h"
#include "tl_time.h"
#include "tl_util.h"

/* A string literal and its length, for the parsers' (body, len). */
#define S(lit) lit, sizeof(lit) - 1

/* Scans text; returns tl_jscan's result with the error in err. */
static int scan(const char *text, char *err)
{
	err[0] = '\0';
	return tl_jscan(text, strlen(text), NULL, NULL, err, 128);
}

/* Sums the numbers at path a.b[i] and counts the strings. */
struct sums {
	double sum;
	int strings, depth2;
};

static int sum_fn(const struct tl_jstep *st, int depth, const struct tl_jval *v,
                  void *arg)
{
	struct sums *s = arg;

	if (v->type == TL_J_STRING)
		s->strings++;
	if (depth == 3 && tl_jstep_is(&st[0], "a") &&
	    tl_jstep_is(&st[1], "b") && !st[2].key && v->type == TL_J_NUMBER)
		s->sum += v->d * (double)(st[2].index + 1);
	if (depth == 2)
		s->depth2++;
	return 0;
}

static void test_jscan(void)
{
	char err[128];
	struct sums s = {0};
	static const char doc[] =
	    "{\"a\": {\"b\": [1, 2.5, null, -3e1], \"c\": \"x\\u00e9\\\"\"},"
	    " \"d\": [true, false, \"\xc3\xa9\"]}";

	TL_EQ_INT(tl_jscan(doc, strlen(doc), sum_fn, &s, err, sizeof err), 0);
	TL_EQ_DBL(s.sum, 1 + 2 * 2.5 - 4 * 30.0);
	TL_EQ_INT(s.strings, 2);
	TL_EQ_INT(s.depth2, 4); /* c, and d's three */
	TL_EQ_INT(scan(" 42 ", err), 0);
	TL_EQ_INT(scan("[]", err), 0);
	TL_EQ_INT(scan("[1,]", err), -1);
	TL_EQ_STR(err, "line 1: unexpected ']'");
	TL_EQ_INT(scan("{\"a\":1\n,}", err), -1);
	TL_EQ_STR(err, "line 2: expected a key");
	TL_EQ_INT(scan("{\"a\" 1}", err), -1);
	TL_EQ_STR(err, "line 1: expected ':'");
	TL_EQ_INT(scan("[01]", err), -1);
	TL_EQ_STR(err, "line 1: invalid number");
	TL_EQ_INT(scan("[1e999]", err), -1);
	TL_EQ_INT(scan("[\"\\x\"]", err), -1);
	TL_EQ_STR(err, "line 1: bad escape in a string");
	TL_EQ_INT(scan("[\"\\ud800\"]", err), -1);
	TL_EQ_STR(err, "line 1: lone surrogate in \\u escape");
	TL_EQ_INT(scan("[\"\\ud83d\\ude00\"]", err), 0);
	TL_EQ_INT(scan("[\"\xff\"]", err), -1);
	TL_EQ_STR(err, "line 1: invalid UTF-8");
	TL_EQ_INT(scan("[\"a\tb\"]", err), -1);
	TL_EQ_STR(err, "line 1: control character in a string");
	TL_EQ_INT(scan("[1] 2", err), -1);
	TL_EQ_STR(err, "line 1: more after the value");
	TL_EQ_INT(scan("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]"
	               "]]]]]]]]]]]]",
	               err),
	          -1);
	TL_EQ_STR(err, "line 1: nested too deep");
	TL_EQ_INT(scan("tru", err), -1);
	TL_EQ_STR(err, "line 1: invalid token");
}

static void test_source_tf(void)
{
	TL_EQ_INT(tl_source_tf(TL_SRC_YAHOO, TL_TF_4H), TL_TF_1H);
	TL_EQ_INT(tl_source_tf(TL_SRC_YAHOO, TL_TF_1D), TL_TF_1D);
	TL_EQ_INT(tl_source_tf(TL_SRC_BINANCE, TL_TF_4H), TL_TF_4H);
	TL_EQ_INT(tl_source_tf(TL_SRC_ALPHAVANTAGE, TL_TF_4H), TL_TF_1H);
	TL_EQ_INT(tl_source_tf(TL_SRC_STOOQ, TL_TF_1H), -1);
	TL_EQ_INT(tl_source_tf(TL_SRC_STOOQ, TL_TF_1MO), TL_TF_1MO);
	TL_EQ_INT(tl_source_parse("binance"), TL_SRC_BINANCE);
	TL_EQ_INT(tl_source_parse("nasdaq"), -1);
}

/* Parses a Yahoo reply; returns the status, bars in *bs. */
static int yahoo(const char *body, int tf, struct tl_bars *bs, char *err)
{
	int need;

	tl_bars_release(bs);
	return tl_yahoo_parse(body, strlen(body), "SYM", tf, 2000000000, bs,
	                      &need, err, 256);
}

static void test_yahoo(void)
{
	struct tl_bars bs = {0};
	char err[256];

	/* Tokyo: 09:00 local is 00:00 UTC of the same date. */
	TL_EQ_INT(
	    yahoo("{\"chart\":{\"result\":[{\"meta\":{\"gmtoffset\":32400},"
	          "\"timestamp\":[1704153600,1704240000],\"indicators\":"
	          "{\"quote\":[{\"open\":[1,2],\"high\":[1,2],\"low\":[1,"
	          "2],\"close\":[1,2],\"volume\":[null,5]}]}}],"
	          "\"error\":null}}",
	          TL_TF_1D, &bs, err),
	    0);
	TL_EQ_INT(bs.n, 2);
	TL_EQ_INT(bs.v[0].t, 1704153600);
	TL_EQ_DBL(bs.v[0].v, 0);
	TL_EQ_INT(bs.v[1].final, 1);
	/* Weekly rows on a Tuesday (a holiday Monday) go to the Monday. */
	TL_EQ_INT(
	    yahoo("{\"chart\":{\"result\":[{\"meta\":{\"gmtoffset\":-18000},"
	          "\"timestamp\":[1704205800],\"indicators\":{\"quote\":"
	          "[{\"open\":[1],\"high\":[1],\"low\":[1],\"close\":[1],"
	          "\"volume\":[1]}]}}],\"error\":null}}",
	          TL_TF_1W, &bs, err),
	    0);
	TL_EQ_INT(bs.v[0].t, 1704067200);
	/* No timestamp: no rows in the span. */
	TL_EQ_INT(
	    yahoo("{\"chart\":{\"result\":[{\"meta\":{\"gmtoffset\":0}}]}}",
	          TL_TF_1D, &bs, err),
	    0);
	TL_EQ_INT(bs.n, 0);
	TL_EQ_INT(
	    yahoo("{\"chart\":{\"result\":[{\"timestamp\":[1,2],"
	          "\"indicators\":{\"quote\":[{\"open\":[1],\"high\":[1,2]"
	          ",\"low\":[1,2],\"close\":[1,2],\"volume\":[1,2]}]}}]}}",
	          TL_TF_1D, &bs, err),
	    TL_EX_DATA);
	TL_EQ_STR(err,
	          "yahoo: SYM: \"open\" does not have one value per timestamp");
	TL_EQ_INT(yahoo("{\"chart\":{\"result\":[{\"timestamp\":[1.5],"
	                "\"indicators\":{\"quote\":[{}]}}]}}",
	                TL_TF_1D, &bs, err),
	          TL_EX_DATA);
	TL_EQ_STR(err, "yahoo: SYM: row 1: timestamp is not a whole number of "
	               "seconds");
	TL_EQ_INT(yahoo("{\"chart\":{\"result\":[{\"timestamp\":[86400],"
	                "\"indicators\":{\"quote\":[{\"open\":[2],\"high\":[1],"
	                "\"low\":[1],\"close\":[1],\"volume\":[1]}]}}]}}",
	                TL_TF_1D, &bs, err),
	          TL_EX_DATA);
	TL_EQ_STR(err, "yahoo: SYM: row 1 (1970-01-02T00:00:00Z): high 1 is "
	               "below max(open, close) 2");
	TL_EQ_INT(yahoo("{\"chart\":{\"result\":[{\"timestamp\":[86400],"
	                "\"indicators\":{\"quote\":[{\"open\":[\"2\"],\"high\":"
	                "[1],\"low\":[1],\"close\":[1],\"volume\":[1]}]}}]}}",
	                TL_TF_1D, &bs, err),
	          TL_EX_DATA);
	TL_EQ_STR(err, "yahoo: SYM: row 1: \"open\" is not a number");
	TL_EQ_INT(yahoo("{\"other\":1}", TL_TF_1D, &bs, err), TL_EX_DATA);
	TL_EQ_STR(err, "yahoo: SYM: reply has no \"chart\"");
	tl_bars_release(&bs);
}

static void test_binance_av(void)
{
	struct tl_bars bs = {0};
	char err[256];
	size_t rows;
	int64_t last;
	static const char weekly[] =
	    "{\"Meta Data\":{\"4. Time Zone\":\"US/Eastern\"},"
	    "\"Weekly Time Series\":{\"2024-01-12\":{\"1. open\":\"1\","
	    "\"2. high\":\"2\",\"3. low\":\"0.5\",\"4. close\":\"1.5\","
	    "\"5. volume\":\"10\"},\"2024-01-05\":{\"1. open\":\"1\","
	    "\"2. high\":\"2\",\"3. low\":\"0.5\",\"4. close\":\"1.5\","
	    "\"5. volume\":\"10\"}}}";

	TL_EQ_INT(tl_binance_parse(
	              S("[[0,\"1\",\"2\",\"0.5\",\"1.5\",\"3\",59999],"
	                "[60000,1,2,0.5,1.5,3,119999]]"),
	              "SYM", TL_TF_1M, 90, &bs, &rows, &last, err, sizeof err),
	          0);
	TL_EQ_INT(bs.n, 2);
	TL_EQ_INT(rows, 2);
	TL_EQ_INT(last, 60000);
	TL_EQ_INT(bs.v[0].final, 1);
	TL_EQ_INT(bs.v[1].final, 0); /* closes at 120 s, now is 90 */
	tl_bars_release(&bs);
	TL_EQ_INT(tl_binance_parse(S("[[0,\"1\"]]"), "SYM", TL_TF_1M, 90, &bs,
	                           &rows, &last, err, sizeof err),
	          TL_EX_DATA);
	TL_EQ_STR(err, "binance: SYM: row 1 is not a kline (open time, open, "
	               "high, low, close, volume, close time, ...)");
	TL_EQ_INT(tl_binance_parse(
	              S("[[0,\"x\",\"2\",\"0.5\",\"1.5\",\"3\",59999]]"), "SYM",
	              TL_TF_1M, 90, &bs, &rows, &last, err, sizeof err),
	          TL_EX_DATA);
	TL_EQ_STR(err, "binance: SYM: row 1: open is not a decimal number");
	tl_bars_release(&bs);

	/* Weekly rows dated on Friday go to their Monday, oldest first. */
	TL_EQ_INT(tl_alphavantage_parse(weekly, strlen(weekly), "SYM", TL_TF_1W,
	                                2000000000, &bs, err, sizeof err),
	          0);
	TL_EQ_INT(bs.n, 2);
	TL_EQ_INT(bs.v[0].t, 1704067200);
	TL_EQ_INT(bs.v[1].t, 1704672000);
	TL_EQ_STR(bs.v[1].src, "alphavantage");
	TL_EQ_INT(bs.v[1].adj, TL_ADJ_RAW);
	tl_bars_release(&bs);
	TL_EQ_INT(
	    tl_alphavantage_parse(S("{\"Information\":\"This is a premium "
	                            "endpoint.\"}"),
	                          "SYM", TL_TF_1D, 0, &bs, err, sizeof err),
	    TL_EX_UNAVAILABLE);
	TL_EQ_STR(err, "alphavantage: SYM: This is a premium endpoint.");
}

static void test_excerpt(void)
{
	char *x;

	x = tl_source_excerpt(S("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"),
	                      100);
	TL_EQ_STR(x, "Invalid symbol.");
	free(x);
	x = tl_source_excerpt(
	    S("{\"chart\":{\"result\":null,\"error\":{\"code\":"
	      "\"Not Found\",\"description\":\"No data\"}}}"),
	    100);
	TL_EQ_STR(x, "No data");
	free(x);
	x = tl_source_excerpt(S("Service Unavailable\r\nmore"), 100);
	TL_EQ_STR(x, "Service Unavailable ");
	free(x);
	x = tl_source_excerpt(S("0123456789abcdef"), 10);
	TL_EQ_STR(x, "012345...");
	free(x);
}

int main(void)
{
	TL_RUN(test_jscan);
	TL_RUN(test_source_tf);
	TL_RUN(test_yahoo);
	TL_RUN(test_binance_av);
	TL_RUN(test_excerpt);
	return TL_DONE();
}
