/* test_num.c: unit tests for tl_num: parsing and number output. */
#include "tl_num.h"
#include "tl_test.h"

#include <stdint.h>
#include <stdlib.h>

static const char *fmt(double d)
{
	static char buf[TL_NUM_MAX];

	tl_num_format(d, buf);
	return buf;
}

static void test_format_known(void)
{
	TL_EQ_STR(fmt(319.69), "319.69");
	TL_EQ_STR(fmt(0.1), "0.1");
	TL_EQ_STR(fmt(0.1 + 0.2), "0.30000000000000004");
	TL_EQ_STR(fmt(1.0 / 3), "0.3333333333333333");
	TL_EQ_STR(fmt(100), "100");
	TL_EQ_STR(fmt(-0.0), "0");
	TL_EQ_STR(fmt(0), "0");
	TL_EQ_STR(fmt(-2.5), "-2.5");
	TL_EQ_STR(fmt(1e21), "1e+21");
	TL_EQ_STR(fmt(1e20), "100000000000000000000");
	TL_EQ_STR(fmt(123456789012345680000.0), "123456789012345680000");
	TL_EQ_STR(fmt(0.000001), "0.000001");
	TL_EQ_STR(fmt(0.0000001), "1e-7");
	TL_EQ_STR(fmt(1.5e-7), "1.5e-7");
	TL_EQ_STR(fmt(5e-324), "5e-324");
	TL_EQ_STR(fmt(1.7976931348623157e308), "1.7976931348623157e+308");
	TL_EQ_STR(fmt(9007199254740992.0), "9007199254740992");
	TL_EQ_STR(fmt(9007199254740993.0), "9007199254740992");
	TL_EQ_STR(fmt(22351900), "22351900");
	TL_EQ_STR(fmt(1.07219), "1.07219");
	TL_EQ_STR(fmt(-1e-300), "-1e-300");
}

/* Compares against ECMAScript's String(x), computed by node
 * (tests/data/num-ecma.tsv). */
static void test_format_ecma_golden(void)
{
	FILE *f = fopen("tests/data/num-ecma.tsv", "r");
	char line[128], want[64];
	unsigned long long bits;
	int n = 0;

	TL_CHECK(f != NULL);
	if (!f)
		return;
	while (fgets(line, sizeof line, f)) {
		double d;

		if (sscanf(line, "%llx\t%63s", &bits, want) != 2)
			continue;
		memcpy(&d, &bits, sizeof d);
		TL_EQ_STR(fmt(d), want);
		n++;
	}
	fclose(f);
	TL_CHECK(n > 5000);
}

/* Random doubles read back exactly and use no more digits than %.17g needs. */
static void test_format_roundtrip(void)
{
	int i, bad = 0;

	for (i = 0; i < 200000; i++) {
		uint64_t b = tl_t_rand();
		double d;
		char buf[TL_NUM_MAX], tmp[40];
		int p;

		if (i % 2)
			b = (b & 0x800fffffffffffffULL) |
			    ((uint64_t)(1023 + (int)(b % 80) - 40) << 52);
		memcpy(&d, &b, sizeof d);
		if (!isfinite(d))
			continue;
		tl_num_format(d, buf);
		if (strtod(buf, NULL) != d)
			bad++;
		for (p = 1; p <= 17; p++) {
			snprintf(tmp, sizeof tmp, "%.*e", p - 1, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
		{
			int digits = 0;
			const char *q = buf;

			while (*q == '-' || *q == '0' || *q == '.')
				q++;
			for (; *q && *q != 'e'; q++)
				if (*q >= '0' && *q <= '9')
					digits++;
			/* trailing zeros of an integer are not significant */
			for (q--; q > buf && (*q == '0') && !strchr(buf, '.') &&
			          !strchr(buf, 'e');
			     q--)
				digits--;
			if (digits != p)
				bad++;
		}
	}
	TL_EQ_INT(bad, 0);
}

static double parse(const char *s, int lax, int *rc)
{
	double d = -12345;

	*rc = tl_num_parse(s, strlen(s), lax, &d);
	return d;
}

static void test_parse(void)
{
	int rc;

	TL_EQ_DBL(parse("319.69", 0, &rc), 319.69);
	TL_EQ_INT(rc, 0);
	TL_EQ_DBL(parse("-0.5e-3", 0, &rc), -0.0005);
	TL_EQ_DBL(parse("1e400", 0, &rc), -12345);
	TL_EQ_INT(rc, -1);
	TL_EQ_DBL(parse("1e-400", 0, &rc), 0);
	TL_EQ_INT(rc, 0);
	TL_EQ_DBL(parse("123456789012345678901234567890", 0, &rc),
	          123456789012345678901234567890.0);
	TL_EQ_DBL(parse("0.1000000000000000055511151231257827", 0, &rc), 0.1);
	parse("01", 0, &rc);
	TL_EQ_INT(rc, -1);
	parse("1.", 0, &rc);
	TL_EQ_INT(rc, -1);
	parse(".5", 0, &rc);
	TL_EQ_INT(rc, -1);
	parse("+1", 0, &rc);
	TL_EQ_INT(rc, -1);
	parse("-", 0, &rc);
	TL_EQ_INT(rc, -1);
	parse("1e", 0, &rc);
	TL_EQ_INT(rc, -1);
	parse("nan", 1, &rc);
	TL_EQ_INT(rc, -1);
	parse("inf", 1, &rc);
	TL_EQ_INT(rc, -1);
	parse("0x10", 1, &rc);
	TL_EQ_INT(rc, -1);
	parse("1 ", 1, &rc);
	TL_EQ_INT(rc, -1);
	TL_EQ_DBL(parse("+007.50", 1, &rc), 7.5);
	TL_EQ_INT(rc, 0);
	TL_EQ_DBL(parse(".5", 1, &rc), 0.5);
	TL_EQ_DBL(parse("5.", 1, &rc), 5);
	parse(".", 1, &rc);
	TL_EQ_INT(rc, -1);
}

/* Random decimal strings parse to exactly what strtod gives. */
static void test_parse_vs_strtod(void)
{
	int i, bad = 0;

	for (i = 0; i < 300000; i++) {
		char s[64];
		int n = 0, k, nd = 1 + (int)(tl_t_rand() % 20);
		double d;

		if (tl_t_rand() % 2)
			s[n++] = '-';
		s[n++] = (char)('1' + tl_t_rand() % 9);
		for (k = 1; k < nd; k++)
			s[n++] = (char)('0' + tl_t_rand() % 10);
		if (tl_t_rand() % 2) {
			int pos = 1 + (int)(tl_t_rand() % (unsigned)nd);

			memmove(s + pos + 1 + (s[0] == '-'),
			        s + pos + (s[0] == '-'),
			        (size_t)(n - pos - (s[0] == '-')));
			s[pos + (s[0] == '-')] = '.';
			n++;
			if (s[n - 1] == '.')
				s[n++] = '0';
		}
		if (tl_t_rand() % 3 == 0)
			n +=
			    sprintf(s + n, "e%d", (int)(tl_t_rand() % 80) - 40);
		s[n] = '\0';
		if (tl_num_parse(s, (size_t)n, 0, &d) != 0 ||
		    d != strtod(s, NULL))
			bad++, printf("# %s\n", s);
	}
	TL_EQ_INT(bad, 0);
}

int main(void)
{
	TL_RUN(test_format_known);
	TL_RUN(test_format_ecma_golden);
	TL_RUN(test_format_roundtrip);
	TL_RUN(test_parse);
	TL_RUN(test_parse_vs_strtod);
	return TL_DONE();
}
