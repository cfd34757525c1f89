/* tl_cli.h: one option table drives getopt_long, --help, completions. */
#ifndef TL_CLI_H
#define TL_CLI_H

#include <stddef.h>

/*
 * One row per option. val is what tl_cli_next() returns for it: the short
 * letter when there is one, else a number from 256 up. arg names the
 * argument (NULL: the option takes none). complete tells the completion
 * generator what the argument is: "file", "dir", "tf" (timeframe codes),
 * "zone" (IANA zones), a list of words "a b c", or NULL for free text.
 */
struct tl_opt {
	const char *name; /* long name, without "--" */
	int val;
	const char *arg;
	const char *help;
	const char *complete;
};

/*
 * What a program is. usage is the synopsis after the program name, as in
 * the man page ("--tf TF [--tz ZONE] [FILE...]"); operands is the completion
 * kind of the operands ("file" or NULL). opts ends with a zeroed row; -h,
 * --help and --version are added by tl_cli and must not be listed.
 */
struct tl_prog {
	const char *name;
	const char *usage;
	const char *summary;
	const struct tl_opt *opts;
	const char *operands;
};

/* Option values shared by programs that use them. */
enum { TL_OPT_MAX_LINE = 1000, TL_OPT_SKIP_BAD, TL_OPT_DB };

/*
 * Parses the next option of argv like getopt_long and returns its val, with
 * its argument in *arg (NULL when it takes none); returns -1 after the last
 * option, leaving tl_cli_optind() at the first operand. Handles -h/--help
 * (usage to stdout, exit 0), --version, the hidden --list-options (the
 * table, for tools/gen-completions), and exits 64 with the usage line on an
 * unknown option or a missing argument. Call tl_setprog() first.
 */
int tl_cli_next(const struct tl_prog *p, int argc, char **argv,
                const char **arg);

/* Returns the index of the first operand once tl_cli_next() returned -1. */
int tl_cli_optind(void);

/* Prints "usage: prog USAGE" and the --help hint to stderr, exits 64. */
void tl_cli_usage_error(const struct tl_prog *p, const char *fmt, ...)
    __attribute__((noreturn, format(printf, 2, 3)));

/* Parses a whole number in [min, max] for option name, or exits 64. */
long long tl_cli_num(const struct tl_prog *p, const char *name, const char *s,
                     long long min, long long max);

/* Parses a timeframe code for option name, or exits 64 naming it. */
int tl_cli_tf(const struct tl_prog *p, const char *name, const char *s);

/* Parses a --max-line value: bytes, with an optional K or M suffix. */
size_t tl_cli_size(const struct tl_prog *p, const char *name, const char *s);

/*
 * The bad-line policy of programs that read records: a bad line exits 65
 * naming FILE:LINE, or with --skip-bad (skip set) is warned about as
 * "prog: warning: FILE:LINE: message (skipped)" and counted. Callers count
 * good lines in good.
 */
struct tl_bad {
	int skip;
	long good, nbad;
};

/* Reports bad line line of file as the policy says. */
void tl_bad_line(struct tl_bad *b, const char *file, long line,
                 const char *msg);

/*
 * Warns how many lines were skipped, if any, and returns the exit status
 * the counts give: 65 when lines were bad and none was good, else 0.
 */
int tl_bad_status(const struct tl_bad *b);

/*
 * Ends the program: flushes and closes stdout, exiting 74 with a message
 * when a write failed (a closed pipe ends the program quietly through
 * SIGPIPE before this). Returns status so main can "return tl_cli_finish(s)".
 */
int tl_cli_finish(int status);

#endif
