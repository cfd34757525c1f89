/* test_util.c: unit tests of tl_util.c: trimming. */
#include "tl_util.h"

#include "tl_test.h"

/* Returns tl_trim(s, how) as a new string; the caller frees it. */
static char *trimmed(const char *s, int how)
{
	size_t len = strlen(s);
	const char *t = tl_trim(s, &len, how);

	TL_CHECK(t >= s && t + len <= s + strlen(s));
	return tl_strndup(t, len);
}

/* Checks that tl_trim(s, how) gives want. */
static void check_trim(const char *s, int how, const char *want)
{
	char *got = trimmed(s, how);

	TL_EQ_STR(got, want);
	free(got);
}

static void test_trim_blank(void)
{
	const char *s = " \t a b \t";
	size_t len = 3;

	check_trim("  a b\t ", TL_TRIM_BLANK, "a b");
	check_trim("abc", TL_TRIM_BLANK, "abc");
	check_trim("", TL_TRIM_BLANK, "");
	check_trim(" \t \t", TL_TRIM_BLANK, "");
	/* Only spaces and tabs: CR, LF, FF and VT stay (CSV cells). */
	check_trim("\r a\n", TL_TRIM_BLANK, "\r a\n");
	check_trim("\f\va\v", TL_TRIM_BLANK, "\f\va\v");
	/* Only s[0..len) is looked at. */
	TL_CHECK(tl_trim(s, &len, TL_TRIM_BLANK) == s + 3);
	TL_EQ_INT(len, 0);
	len = 6;
	TL_CHECK(tl_trim(s, &len, TL_TRIM_BLANK) == s + 3);
	TL_EQ_INT(len, 3);
}

static void test_trim_space(void)
{
	/* All isspace() white space (config lines, newline included). */
	check_trim(" \t\r\n\f\vkey = v \r\n", TL_TRIM_SPACE, "key = v");
	check_trim("\n", TL_TRIM_SPACE, "");
	check_trim("x", TL_TRIM_SPACE, "x");
	check_trim("\xa0x\xa0", TL_TRIM_SPACE, "\xa0x\xa0");
}

static void test_trim_str(void)
{
	char a[] = " \t col \t", b[] = "name", c[] = " \t ", d[] = "\rx\r";
	char *t;

	t = tl_trim_str(a, TL_TRIM_BLANK);
	TL_EQ_STR(t, "col");
	TL_CHECK(t == a + 3);
	TL_EQ_INT(a[6], '\0'); /* ended in place */
	t = tl_trim_str(b, TL_TRIM_BLANK);
	TL_CHECK(t == b);
	TL_EQ_STR(t, "name");
	TL_EQ_STR(tl_trim_str(c, TL_TRIM_BLANK), "");
	TL_EQ_STR(tl_trim_str(d, TL_TRIM_BLANK), "\rx\r");
	TL_EQ_STR(tl_trim_str(d, TL_TRIM_SPACE), "x");
}

int main(void)
{
	TL_RUN(test_trim_blank);
	TL_RUN(test_trim_space);
	TL_RUN(test_trim_str);
	return TL_DONE();
}
