/* tl_test.h: a small unit-test harness; each check prints "ok" or "not ok" lines for tests/run.sh. */
#ifndef TL_TEST_H
#define TL_TEST_H

#include <fcntl.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

#define TL_UNUSED __attribute__((unused))

/* A xorshift64 generator: the same numbers on every build. */
static uint64_t tl_t_state = 88172645463325252ULL;
TL_UNUSED static uint64_t tl_t_rand(void)
{
	tl_t_state ^= tl_t_state << 13;
	tl_t_state ^= tl_t_state >> 7;
	tl_t_state ^= tl_t_state << 17;
	return tl_t_state;
}

static int tl_t_rm_fn(const char *path, const struct stat *sb, int flag,
		      struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Removes the directory tree at path (a test's temporary directory). */
TL_UNUSED static void tl_t_rmtree(const char *path)
{
	nftw(path, tl_t_rm_fn, 16, FTW_DEPTH | FTW_PHYS);
}

/* Under LeakSanitizer a child that dies holding memory must still exit with its own status. */
#if defined(__SANITIZE_ADDRESS__)
#define TL_HAVE_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TL_HAVE_LSAN 1
#endif
#endif
#ifdef TL_HAVE_LSAN
#include <sanitizer/lsan_interface.h>
#endif

/*
 * Runs fn(arg) in a child process with stderr in errpath, and returns the
 * child's exit status (0 when fn returned), or -1 when it did not exit.
 */
TL_UNUSED static int run_child(void (*fn)(void *), void *arg, const char *errpath)
{
	pid_t pid;
	int status;

	fflush(stdout); /* or the child would print our lines again */
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (pid == 0) {
		int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int null = open("/dev/null", O_WRONLY);

		if (fd < 0 || null < 0)
			_exit(99);
		dup2(fd, 2);
		dup2(null, 1);
#ifdef TL_HAVE_LSAN
		__lsan_disable(); /* exiting by tl_die() leaves memory held */
#endif
		fn(arg);
		exit(0);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* Returns 1 when the file at path contains s. */
TL_UNUSED static int file_has(const char *path, const char *s)
{
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, s) != NULL;
}

#endif
