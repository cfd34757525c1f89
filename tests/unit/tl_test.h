/* tl_test.h: a small unit-test harness; each check prints "ok" or "not ok" lines for tests/run.sh. */
#ifndef TL_TEST_H
#define TL_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int tl_t_failed, tl_t_checks;

#define TL_CHECK(cond)                                                        \
	do {                                                                  \
		tl_t_checks++;                                                \
		if (!(cond)) {                                                \
			tl_t_failed++;                                        \
			printf("not ok - %s:%d: %s\n", __FILE__, __LINE__,    \
			       #cond);                                        \
		}                                                             \
	} while (0)

#define TL_EQ_INT(a, b)                                                       \
	do {                                                                  \
		long long tl_a = (long long)(a), tl_b = (long long)(b);       \
		tl_t_checks++;                                                \
		if (tl_a != tl_b) {                                           \
			tl_t_failed++;                                        \
			printf("not ok - %s:%d: %s == %s: %lld != %lld\n",    \
			       __FILE__, __LINE__, #a, #b, tl_a, tl_b);       \
		}                                                             \
	} while (0)

#define TL_EQ_STR(a, b)                                                       \
	do {                                                                  \
		const char *tl_a = (a), *tl_b = (b);                          \
		tl_t_checks++;                                                \
		if (!tl_a || !tl_b || strcmp(tl_a, tl_b) != 0) {              \
			tl_t_failed++;                                        \
			printf("not ok - %s:%d: %s == %s: \"%s\" != \"%s\"\n", \
			       __FILE__, __LINE__, #a, #b,                    \
			       tl_a ? tl_a : "(null)", tl_b ? tl_b : "(null)"); \
		}                                                             \
	} while (0)

/* Exact double equality (bitwise for non-NaN values). */
#define TL_EQ_DBL(a, b)                                                       \
	do {                                                                  \
		double tl_a = (a), tl_b = (b);                                \
		tl_t_checks++;                                                \
		if (!(tl_a == tl_b)) {                                        \
			tl_t_failed++;                                        \
			printf("not ok - %s:%d: %s == %s: %.17g != %.17g\n",  \
			       __FILE__, __LINE__, #a, #b, tl_a, tl_b);       \
		}                                                             \
	} while (0)

/*
 * Runs one test function and prints one "ok"/"not ok" line for it: a test
 * passes when none of its checks failed.
 */
#define TL_RUN(fn)                                                            \
	do {                                                                  \
		int tl_before = tl_t_failed;                                  \
		fn();                                                         \
		printf("%s - %s\n", tl_t_failed == tl_before ? "ok" : "not ok", #fn); \
	} while (0)

#define TL_DONE() (tl_t_failed ? 1 : 0)

#endif
