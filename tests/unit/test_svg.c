/* test_svg.c: unit tests of tl_svg.c: numbers, escaping, the builder. */
#include "tl_svg.h"

#include "tl_test.h"

/* Returns tl_svg_num(x) in a static buffer. */
static const char *N(double x)
{
	static char buf[TL_SVG_NUM_MAX];

	tl_svg_num(x, buf);
	return buf;
}

/* Returns the escaped form of s (n bytes) in a static buffer. */
static const char *E(const char *s, size_t n)
{
	static char buf[256];
	struct tl_svg v;

	tl_svg_init(&v);
	tl_svg_escape(&v, s, n);
	memcpy(buf, v.buf ? v.buf : "", v.len);
	buf[v.len] = '\0';
	tl_svg_release(&v);
	return buf;
}

static void test_num(void)
{
	TL_EQ_STR(N(0), "0");
	TL_EQ_STR(N(-0.0), "0");
	TL_EQ_STR(N(-0.001), "0");
	TL_EQ_STR(N(12), "12");
	TL_EQ_STR(N(12.5), "12.5");
	TL_EQ_STR(N(12.25), "12.25");
	TL_EQ_STR(N(0.07), "0.07");
	TL_EQ_STR(N(-3.456), "-3.46");
	TL_EQ_STR(N(-0.5), "-0.5");
	TL_EQ_STR(N(1.999), "2");
	TL_EQ_STR(N(1e300), "10000000");
	TL_EQ_STR(N(-1e300), "-10000000");
	TL_EQ_STR(N(NAN), "0");
}

static void test_escape(void)
{
	TL_EQ_STR(E("a<b>&\"c'", 8), "a&lt;b&gt;&amp;&quot;c&apos;");
	TL_EQ_STR(E("caf\xc3\xa9", 5), "caf\xc3\xa9");
	TL_EQ_STR(E("\xe2\x82\xac", 3), "\xe2\x82\xac");
	TL_EQ_STR(E("\xf0\x9f\x93\x88", 4), "\xf0\x9f\x93\x88");
	/* Control bytes, broken and overlong UTF-8, U+FFFE, surrogates. */
	TL_EQ_STR(E("a\x01z", 3), "a\xef\xbf\xbdz");
	TL_EQ_STR(E("t\tn\n", 4), "t\tn\n");
	TL_EQ_STR(E("\xc3", 1), "\xef\xbf\xbd");
	TL_EQ_STR(E("\xc0\xaf", 2), "\xef\xbf\xbd\xef\xbf\xbd");
	TL_EQ_STR(E("\xef\xbf\xbe", 3), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	TL_EQ_STR(E("\xed\xa0\x80", 3), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
	TL_EQ_STR(E("\0", 1), "\xef\xbf\xbd");
}

static void test_fmt(void)
{
	struct tl_svg v;

	tl_svg_init(&v);
	tl_svg_fmt(&v,
	           "<rect x=\"%n\" w=\"%d\" t=\"%l\" c=\"%s\">%e 100%%</rect>",
	           1.004 + 2, 7, (int64_t)-1234567890123LL, "candle up", "S&P");
	tl_svg_raw(&v, "", 1);
	TL_EQ_STR(v.buf, "<rect x=\"3\" w=\"7\" t=\"-1234567890123\" "
	                 "c=\"candle up\">S&amp;P 100%</rect>");
	tl_svg_release(&v);
	TL_CHECK(v.buf == NULL && v.len == 0);
}

int main(void)
{
	TL_RUN(test_num);
	TL_RUN(test_escape);
	TL_RUN(test_fmt);
	return TL_DONE();
}
