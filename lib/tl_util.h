/* tl_util.h: program name, exit statuses, die/warn, allocation, trimming. */
#ifndef TL_UTIL_H
#define TL_UTIL_H

#include <stddef.h>
#include <stdarg.h>

/* Exit statuses of every tickline program (sysexits.h values). */
enum {
	TL_EX_OK = 0,
	TL_EX_USAGE = 64,       /* bad command line */
	TL_EX_DATA = 65,        /* bad input data */
	TL_EX_NOINPUT = 66,     /* input cannot be opened */
	TL_EX_UNAVAILABLE = 69, /* a service failed after retries */
	TL_EX_IOERR = 74,       /* write failed, disk full */
	TL_EX_TEMPFAIL = 75,    /* try again later */
	TL_EX_CONFIG = 78       /* configuration error */
};

#if defined(__GNUC__)
#define TL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define TL_NORETURN     __attribute__((noreturn))
#else
#define TL_PRINTF(a, b)
#define TL_NORETURN
#endif

/* The program's name as given by tl_setprog(), "tickline" before it. */
extern const char *tl_prog;

/* Sets the name used in messages from argv[0]'s last path component. */
void tl_setprog(const char *argv0);

/* Prints "prog: message" to stderr and exits with status. */
TL_NORETURN void tl_die(int status, const char *fmt, ...) TL_PRINTF(2, 3);

/* Prints "prog: FILE:LINE: message" to stderr and exits with status. */
TL_NORETURN void tl_die_at(int status, const char *file, long line,
                           const char *fmt, ...) TL_PRINTF(4, 5);

/* Prints "prog: warning: message" to stderr. */
void tl_warn(const char *fmt, ...) TL_PRINTF(1, 2);

/* Prints "prog: warning: FILE:LINE: message" to stderr. */
void tl_warn_at(const char *file, long line, const char *fmt, ...)
    TL_PRINTF(3, 4);

/* Allocation wrappers: they never return NULL; out of memory exits 74. */
void *tl_malloc(size_t n);
void *tl_calloc(size_t n, size_t size);
void *tl_realloc(void *p, size_t n);
char *tl_strdup(const char *s);
char *tl_strndup(const char *s, size_t n);

/* Returns a new string formatted as by printf; the caller frees it. */
char *tl_asprintf(const char *fmt, ...) TL_PRINTF(1, 2);

/* What tl_trim() and tl_trim_str() take off either end of a string. */
enum {
	TL_TRIM_BLANK, /* spaces and tabs only: CSV cells, --map items */
	TL_TRIM_SPACE  /* all that isspace() accepts, newlines included:
	                  config lines */
};

/*
 * Returns s[0..*len) without the leading and trailing bytes that how
 * (TL_TRIM_BLANK or TL_TRIM_SPACE) names, setting *len to what is left.
 * The result points into s, which is not modified (borrowed from the
 * caller).
 */
const char *tl_trim(const char *s, size_t *len, int how);

/*
 * Trims the string s in place as tl_trim() does: ends it after its last
 * byte to keep, and returns a pointer into s at its first one.
 */
char *tl_trim_str(char *s, int how);

#endif
