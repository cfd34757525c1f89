/* test_csv.c: unit tests of the CSV line splitter (tl_csv). */
#include "tl_csv.h"
#include "tl_test.h"

#include <stdlib.h>
#include <string.h>

/* Splits a writable copy of s, kept until the next call. */
static int split(struct tl_csv *c, const char *s)
{
	static char buf[256];
	size_t n = strlen(s);

	memcpy(buf, s, n + 1);
	return tl_csv_split(c, buf, n);
}

static void test_plain(void)
{
	struct tl_csv c;

	tl_csv_init(&c);
	TL_EQ_INT(split(&c, "2024-01-02,1.5,2,1,1.75,100"), 0);
	TL_EQ_INT(c.n, 6);
	TL_EQ_STR(c.f[0], "2024-01-02");
	TL_EQ_INT(c.len[0], 10);
	TL_EQ_STR(c.f[1], "1.5");
	TL_EQ_STR(c.f[5], "100");
	TL_EQ_INT(c.len[5], 3);
	tl_csv_release(&c);
}

static void test_empty_fields(void)
{
	struct tl_csv c;

	tl_csv_init(&c);
	TL_EQ_INT(split(&c, ""), 0);
	TL_EQ_INT(c.n, 1);
	TL_EQ_STR(c.f[0], "");
	TL_EQ_INT(split(&c, ",Open,,"), 0);
	TL_EQ_INT(c.n, 4);
	TL_EQ_STR(c.f[0], "");
	TL_EQ_STR(c.f[1], "Open");
	TL_EQ_STR(c.f[2], "");
	TL_EQ_STR(c.f[3], "");
	TL_EQ_INT(c.len[3], 0);
	tl_csv_release(&c);
}

static void test_crlf(void)
{
	struct tl_csv c;

	tl_csv_init(&c);
	TL_EQ_INT(split(&c, "a,b\r"), 0);
	TL_EQ_INT(c.n, 2);
	TL_EQ_STR(c.f[1], "b");
	TL_EQ_INT(c.len[1], 1);
	TL_EQ_INT(split(&c, "\r"), 0);
	TL_EQ_INT(c.n, 1);
	TL_EQ_INT(c.len[0], 0);
	/* Only the last '\r' goes; one inside a field stays. */
	TL_EQ_INT(split(&c, "a\rb,c"), 0);
	TL_EQ_STR(c.f[0], "a\rb");
	TL_EQ_INT(split(&c, "\"x\"\r"), 0);
	TL_EQ_STR(c.f[0], "x");
	tl_csv_release(&c);
}

static void test_quoted(void)
{
	struct tl_csv c;

	tl_csv_init(&c);
	TL_EQ_INT(
	    split(&c, "\"Adj Close\",\"1,234.5\",\"say \"\"hi\"\"\",\"\""), 0);
	TL_EQ_INT(c.n, 4);
	TL_EQ_STR(c.f[0], "Adj Close");
	TL_EQ_INT(c.len[0], 9);
	TL_EQ_STR(c.f[1], "1,234.5");
	TL_EQ_STR(c.f[2], "say \"hi\"");
	TL_EQ_INT(c.len[2], 8);
	TL_EQ_STR(c.f[3], "");
	TL_EQ_INT(c.len[3], 0);
	TL_EQ_INT(split(&c, "\"\"\"\""), 0);
	TL_EQ_INT(c.n, 1);
	TL_EQ_STR(c.f[0], "\"");
	TL_EQ_INT(split(&c, "a,\"b\",c"), 0);
	TL_EQ_INT(c.n, 3);
	TL_EQ_STR(c.f[1], "b");
	TL_EQ_STR(c.f[2], "c");
	tl_csv_release(&c);
}

static void test_quote_inside_unquoted(void)
{
	struct tl_csv c;

	tl_csv_init(&c);
	/* A quote that does not open the field is an ordinary byte. */
	TL_EQ_INT(split(&c, "5\" disk,b"), 0);
	TL_EQ_INT(c.n, 2);
	TL_EQ_STR(c.f[0], "5\" disk");
	tl_csv_release(&c);
}

static void test_errors(void)
{
	struct tl_csv c;

	tl_csv_init(&c);
	TL_EQ_INT(split(&c, "\"open"), -1);
	TL_EQ_INT(split(&c, "a,\"b"), -1);
	TL_EQ_INT(split(&c, "\"ab\"\""), -1);
	TL_EQ_INT(split(&c, "\"ab\"c,d"), -1);
	TL_EQ_INT(split(&c, "\"ab\" ,d"), -1);
	TL_EQ_INT(split(&c, "\"ab\r"), -1);
	tl_csv_release(&c);
}

static void test_binary(void)
{
	struct tl_csv c;
	char buf[] = {'a', '\0', 'b', ',', '\xff', '\0'};

	tl_csv_init(&c);
	TL_EQ_INT(tl_csv_split(&c, buf, 5), 0);
	TL_EQ_INT(c.n, 2);
	TL_EQ_INT(c.len[0], 3);
	TL_CHECK(memcmp(c.f[0], "a\0b", 3) == 0);
	TL_EQ_INT(c.len[1], 1);
	TL_EQ_INT((unsigned char)c.f[1][0], 0xff);
	tl_csv_release(&c);
}

static void test_many_fields(void)
{
	struct tl_csv c;
	char line[1000];
	size_t i, n = 0;

	for (i = 0; i < 300; i++) {
		line[n++] = (char)('a' + i % 26);
		line[n++] = ',';
	}
	line[--n] = '\0';
	tl_csv_init(&c);
	TL_EQ_INT(tl_csv_split(&c, line, n), 0);
	TL_EQ_INT(c.n, 300);
	TL_CHECK(c.cap >= 300);
	TL_EQ_STR(c.f[299], "n");
	/* Reuse keeps the arrays. */
	TL_EQ_INT(split(&c, "x"), 0);
	TL_EQ_INT(c.n, 1);
	TL_CHECK(c.cap >= 300);
	tl_csv_release(&c);
	TL_CHECK(c.f == NULL && c.n == 0);
	tl_csv_release(&c); /* twice is harmless */
}

int main(void)
{
	TL_RUN(test_plain);
	TL_RUN(test_empty_fields);
	TL_RUN(test_crlf);
	TL_RUN(test_quoted);
	TL_RUN(test_quote_inside_unquoted);
	TL_RUN(test_errors);
	TL_RUN(test_binary);
	TL_RUN(test_many_fields);
	return TL_DONE();
}
