/* test_cmd.c: unit tests of tl_cmd.c: chart command parsing and text. */
#include "tl_cmd.h"
#include "tl_time.h"

#include "tl_test.h"

/* Parses s; returns what tl_cmd_parse() returns, the reason in err. */
static int P(const char *s, struct tl_cmd *c, char *err)
{
	err[0] = '\0';
	return tl_cmd_parse(s, strlen(s), c, err, 128);
}

/* Checks that s parses and formats back as want. */
static void roundtrip(const char *s, const char *want)
{
	struct tl_cmd c, d;
	char err[128], buf[TL_CMD_MAX];
	size_t n;

	TL_EQ_INT(P(s, &c, err), 0);
	n = tl_cmd_format(&c, buf);
	TL_EQ_INT(n, strlen(buf));
	TL_EQ_STR(buf, want);
	TL_EQ_INT(P(buf, &d, err), 0);
	TL_CHECK(memcmp(&c, &d, sizeof c) == 0);
}

/* Checks that s is malformed with reason want. */
static void malformed(const char *s, const char *want)
{
	struct tl_cmd c;
	char err[128];

	TL_EQ_INT(P(s, &c, err), TL_CMD_MALFORMED);
	TL_EQ_STR(err, want);
}

static void test_parse(void)
{
	struct tl_cmd c;
	char err[128];

	TL_EQ_INT(P("SUPPORT:319.69", &c, err), 0);
	TL_EQ_INT(c.kind, TL_CMD_SUPPORT);
	TL_EQ_DBL(c.price, 319.69);
	TL_EQ_INT(P("TRENDLINE:1705363200:102:1708128000:106", &c, err), 0);
	TL_EQ_INT(c.kind, TL_CMD_TRENDLINE);
	TL_EQ_INT(c.t1, 1705363200);
	TL_EQ_DBL(c.p1, 102);
	TL_EQ_INT(c.t2, 1708128000);
	TL_EQ_DBL(c.p2, 106);
	TL_EQ_INT(P("PATTERN:double_top:1164153600:1172534400", &c, err), 0);
	TL_EQ_STR(c.name, "double_top");
	TL_EQ_INT(c.t1, 1164153600);
	TL_EQ_INT(c.t2, 1172534400);
	TL_EQ_INT(P("LOAD:BRK B", &c, err), 0);
	TL_EQ_STR(c.symbol, "BRK B");
	TL_EQ_INT(P("TIMEFRAME:1Mo", &c, err), 0);
	TL_EQ_INT(c.tf, TL_TF_1MO);
	TL_EQ_INT(P("CLEAR", &c, err), 0);
	TL_EQ_INT(c.kind, TL_CMD_CLEAR);
	/* Keywords in any case, blanks around the text. */
	TL_EQ_INT(P("  support:1e2\n", &c, err), 0);
	TL_EQ_INT(c.kind, TL_CMD_SUPPORT);
	TL_EQ_DBL(c.price, 100);
	TL_EQ_INT(P("Stop:-1.5", &c, err), 0);
	TL_EQ_INT(c.kind, TL_CMD_STOP);
	TL_EQ_DBL(c.price, -1.5);
	TL_EQ_INT(P("TRENDLINE:-86400:1:0:2", &c, err), 0);
	TL_EQ_INT(c.t1, -86400);
}

static void test_unknown(void)
{
	struct tl_cmd c;
	char err[128];

	TL_EQ_INT(P("ZOOM:3", &c, err), TL_CMD_UNKNOWN);
	TL_EQ_INT(P("", &c, err), TL_CMD_UNKNOWN);
	TL_EQ_INT(P(":100", &c, err), TL_CMD_UNKNOWN);
	TL_EQ_INT(P("SUPPORTS:1", &c, err), TL_CMD_UNKNOWN);
	TL_EQ_INT(P("SUPPOR", &c, err), TL_CMD_UNKNOWN);
	TL_EQ_INT(P("SUPPORT 100", &c, err), TL_CMD_UNKNOWN);
}

static void test_malformed(void)
{
	malformed("SUPPORT", "expected SUPPORT:PRICE");
	malformed("SUPPORT:1:2", "expected SUPPORT:PRICE");
	malformed("SUPPORT:", "PRICE is not a number");
	malformed("SUPPORT:abc", "PRICE is not a number");
	malformed("SUPPORT: 1", "PRICE is not a number");
	malformed("SUPPORT:NaN", "PRICE is not a number");
	malformed("SUPPORT:1e999", "PRICE is not a number");
	malformed("CLEAR:", "expected CLEAR alone");
	malformed("CLEAR:all", "expected CLEAR alone");
	malformed("LOAD:", "SYM must be 1 to 63 bytes");
	malformed("LOAD:A\tB", "SYM holds a control character");
	malformed("TIMEFRAME:2m",
	          "unknown timeframe \"2m\" (1m 5m 15m 30m 1h 4h 1D 1W 1Mo)");
	malformed("TRENDLINE:1:2:3", "expected TRENDLINE:T1:P1:T2:P2");
	malformed("TRENDLINE:1:2:3:4:5", "expected TRENDLINE:T1:P1:T2:P2");
	malformed("TRENDLINE:1.5:2:3:4", "T1 is not whole epoch seconds");
	malformed("TRENDLINE:1:x:3:4", "P1 is not a number");
	malformed("TRENDLINE:1:2:-:4", "T2 is not whole epoch seconds");
	malformed("TRENDLINE:1:2:3:", "P2 is not a number");
	malformed("TRENDLINE:5:2:5:4", "T1 and T2 are the same time");
	malformed("TRENDLINE:99999999999999999999:2:3:4",
	          "T1 is not whole epoch seconds");
	malformed("TRENDLINE:253402300800:2:3:4",
	          "T1 is out of range (years 0000 to 9999)");
	malformed("PATTERN:double top:1:2",
	          "NAME must be 1 to 63 of A-Z a-z 0-9 _ and -");
	malformed("PATTERN::1:2",
	          "NAME must be 1 to 63 of A-Z a-z 0-9 _ and -");
	malformed("PATTERN:x:3:2", "T_START is after T_END");
	malformed("PATTERN:x:1", "expected PATTERN:NAME:T_START:T_END");
}

static void test_format(void)
{
	roundtrip("support:319.69", "SUPPORT:319.69");
	roundtrip("RESISTANCE:808.97", "RESISTANCE:808.97");
	roundtrip("ENTRY:100.0", "ENTRY:100");
	roundtrip("STOP:95.5", "STOP:95.5");
	roundtrip("TARGET:1.5e-7", "TARGET:1.5e-7");
	roundtrip("TRENDLINE:1308873600:473.02:1342051200:562.09",
	          "TRENDLINE:1308873600:473.02:1342051200:562.09");
	roundtrip("PATTERN:head_and_shoulders:-62167219200:253402300799",
	          "PATTERN:head_and_shoulders:-62167219200:253402300799");
	roundtrip("load:GOOG", "LOAD:GOOG");
	roundtrip("TIMEFRAME:15m", "TIMEFRAME:15m");
	roundtrip("clear", "CLEAR");
	TL_EQ_STR(tl_cmd_keyword(TL_CMD_TRENDLINE), "TRENDLINE");
	TL_EQ_STR(tl_cmd_keyword(-1), "?");
}

int main(void)
{
	TL_RUN(test_parse);
	TL_RUN(test_unknown);
	TL_RUN(test_malformed);
	TL_RUN(test_format);
	return TL_DONE();
}
