/* tl_util.c: program name, die/warn, allocation wrappers and trimming. */
#include "tl_util.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *tl_prog = "tickline";

void tl_setprog(const char *argv0)
{
	const char *s;

	/* A closed pipe ends the program quietly, even if the parent ignored
	 * SIGPIPE. */
	signal(SIGPIPE, SIG_DFL);
	if (!argv0 || !*argv0)
		return;
	s = strrchr(argv0, '/');
	tl_prog = s ? s + 1 : argv0;
}

static void vmsg(const char *tag, const char *file, long line, const char *fmt,
                 va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: %s", tl_prog, tag);
	if (file)
		fprintf(stderr, "%s:%ld: ", file, line);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void tl_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", NULL, 0, fmt, ap);
	va_end(ap);
	exit(status);
}

void tl_die_at(int status, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("", file, line, fmt, ap);
	va_end(ap);
	exit(status);
}

void tl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", NULL, 0, fmt, ap);
	va_end(ap);
}

void tl_warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning: ", file, line, fmt, ap);
	va_end(ap);
}

static void *nomem(void)
{
	tl_die(TL_EX_IOERR, "out of memory");
}

void *tl_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	return p ? p : nomem();
}

void *tl_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	return p ? p : nomem();
}

void *tl_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	return p ? p : nomem();
}

char *tl_strdup(const char *s)
{
	return tl_strndup(s, strlen(s));
}

char *tl_strndup(const char *s, size_t n)
{
	char *p = tl_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *tl_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		tl_die(TL_EX_IOERR, "formatting failed: %s", strerror(errno));
	p = tl_malloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

/* Returns 1 when byte c is one that how says to trim. */
static int trims(char c, int how)
{
	if (how == TL_TRIM_SPACE)
		return isspace((unsigned char)c) != 0;
	return c == ' ' || c == '\t';
}

const char *tl_trim(const char *s, size_t *len, int how)
{
	size_t n = *len;

	while (n && trims(*s, how))
		s++, n--;
	while (n && trims(s[n - 1], how))
		n--;
	*len = n;
	return s;
}

char *tl_trim_str(char *s, int how)
{
	size_t n = strlen(s);
	char *t = s + (tl_trim(s, &n, how) - s);

	t[n] = '\0';
	return t;
}
