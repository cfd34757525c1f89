/* tl_cli.c: option parsing, --help and --version from one option table. */
#include "tl_cli.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_HELP = 'h', OPT_VERSION = 900, OPT_LIST = 901 };

static int optcount(const struct tl_prog *p)
{
	int n = 0;

	while (p->opts && p->opts[n].name)
		n++;
	return n;
}

/* Prints the --help text from the table to f. */
static void help(const struct tl_prog *p, FILE *f)
{
	int i, n = optcount(p);

	fprintf(f, "usage: %s %s\n%s\n\noptions:\n", p->name, p->usage,
	        p->summary);
	for (i = 0; i <= n; i++) {
		const struct tl_opt *o = &p->opts[i];
		char left[64];
		const char *name = i < n ? o->name : "help";
		int val = i < n ? o->val : 'h';
		const char *arg = i < n ? o->arg : NULL;
		const char *text = i < n ? o->help : "print this help and exit";

		if (val < 256)
			snprintf(left, sizeof left, "-%c, --%s%s%s", val, name,
			         arg ? " " : "", arg ? arg : "");
		else
			snprintf(left, sizeof left, "    --%s%s%s", name,
			         arg ? " " : "", arg ? arg : "");
		if (strlen(left) > 24)
			fprintf(f, "  %s\n  %-24s  %s\n", left, "", text);
		else
			fprintf(f, "  %-24s  %s\n", left, text);
	}
	fprintf(f, "  %-24s  %s\n", "    --version",
	        "print the version and exit");
}

/* Prints the table as TSV (name, short, arg, complete, help) for tools. */
static void list(const struct tl_prog *p)
{
	int i, n = optcount(p);

	printf("#operands\t%s\n", p->operands ? p->operands : "");
	for (i = 0; i < n; i++) {
		const struct tl_opt *o = &p->opts[i];

		printf("%s\t%s%c\t%s\t%s\t%s\n", o->name,
		       o->val < 256 ? "" : "-", o->val < 256 ? o->val : '-',
		       o->arg ? o->arg : "", o->complete ? o->complete : "",
		       o->help);
	}
	printf("help\th\t\t\tprint this help and exit\n");
	printf("version\t--\t\t\tprint the version and exit\n");
}

void tl_cli_usage_error(const struct tl_prog *p, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", tl_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr,
	        "\nusage: %s %s\nTry '%s --help' for more information.\n",
	        p->name, p->usage, p->name);
	exit(TL_EX_USAGE);
}

/* Exits 64 naming the options that the abbreviation arg could mean, if several.
 */
static void ambiguous(const struct tl_prog *p, const char *arg)
{
	char names[256] = "";
	size_t len, n = 0;
	int i;

	if (strncmp(arg, "--", 2) != 0)
		return;
	arg += 2;
	len = strcspn(arg, "=");
	for (i = 0; i < optcount(p); i++) {
		if (strncmp(p->opts[i].name, arg, len) != 0)
			continue;
		n++;
		snprintf(names + strlen(names), sizeof names - strlen(names),
		         "%s--%s", n > 1 ? ", " : "", p->opts[i].name);
	}
	if (n > 1)
		tl_cli_usage_error(p, "ambiguous option --%.*s (%s)", (int)len,
		                   arg, names);
}

/*
 * Builds getopt_long's tables from the option table: *lo (new, ended by a
 * zeroed row, with help, version and list-options added) and the short
 * option string (new). The caller frees both.
 */
static void build(const struct tl_prog *p, struct option **lo, char **so)
{
	int i, n = optcount(p), k = 0;
	struct option *l = tl_calloc((size_t)n + 4, sizeof *l);
	char *s = tl_malloc((size_t)n * 2 + 4);

	*lo = l;
	*so = s;
	*s++ = ':';
	*s++ = 'h';
	for (i = 0; i < n; i++) {
		const struct tl_opt *o = &p->opts[i];

		l[k].name = o->name;
		l[k].has_arg = o->arg ? required_argument : no_argument;
		l[k].val = o->val;
		k++;
		if (o->val < 256) {
			*s++ = (char)o->val;
			if (o->arg)
				*s++ = ':';
		}
	}
	*s = '\0';
	l[k++] = (struct option){"help", no_argument, NULL, OPT_HELP};
	l[k++] = (struct option){"version", no_argument, NULL, OPT_VERSION};
	l[k++] = (struct option){"list-options", no_argument, NULL, OPT_LIST};
}

int tl_cli_next(const struct tl_prog *p, int argc, char **argv,
                const char **arg)
{
	struct option *lo;
	char *so;
	int c;

	/* getopt keeps its own state between calls; the tables are rebuilt. */
	build(p, &lo, &so);
	opterr = 0;
	*arg = NULL;
	c = getopt_long(argc, argv, so, lo, NULL);
	free(lo);
	free(so);
	switch (c) {
	case -1:
		return -1;
	case OPT_HELP:
		help(p, stdout);
		exit(tl_cli_finish(0));
	case OPT_VERSION:
		printf("%s (tickline) %s\n", p->name, TL_VERSION);
		exit(tl_cli_finish(0));
	case OPT_LIST:
		list(p);
		exit(tl_cli_finish(0));
	case ':':
		if (strncmp(argv[optind - 1], "--", 2) == 0)
			tl_cli_usage_error(p, "option %s needs an argument",
			                   argv[optind - 1]);
		tl_cli_usage_error(p, "option -%c needs an argument", optopt);
	case '?':
		if (optopt && optopt < 256)
			tl_cli_usage_error(p, "unknown option -%c", optopt);
		ambiguous(p, argv[optind - 1]);
		tl_cli_usage_error(p, "unknown option %s", argv[optind - 1]);
	default:
		*arg = optarg;
		return c;
	}
}

int tl_cli_optind(void)
{
	return optind;
}

long long tl_cli_num(const struct tl_prog *p, const char *name, const char *s,
                     long long min, long long max)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (!*s || *end || errno || v < min || v > max)
		tl_cli_usage_error(
		    p,
		    "--%s: expected a whole number from %lld to %lld, got '%s'",
		    name, min, max, s);
	return v;
}

int tl_cli_tf(const struct tl_prog *p, const char *name, const char *s)
{
	int tf = tl_tf_parse(s, strlen(s));

	if (tf < 0)
		tl_cli_usage_error(p, "--%s: unknown timeframe '%s' (%s)", name,
		                   s, TL_TF_CODES);
	return tf;
}

size_t tl_cli_size(const struct tl_prog *p, const char *name, const char *s)
{
	char *end;
	unsigned long long v, mul = 1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end != s && (*end == 'K' || *end == 'k'))
		mul = 1024, end++;
	else if (end != s && (*end == 'M' || *end == 'm'))
		mul = 1024 * 1024, end++;
	if (end == s || *end || errno || *s == '-' || v == 0 ||
	    v > (1ULL << 40) / mul)
		tl_cli_usage_error(p,
		                   "--%s: expected a size in bytes (e.g. "
		                   "65536, 64K, 1M), got '%s'",
		                   name, s);
	return (size_t)(v * mul);
}

void tl_bad_line(struct tl_bad *b, const char *file, long line, const char *msg)
{
	if (!b->skip)
		tl_die_at(TL_EX_DATA, file, line, "%s", msg);
	tl_warn_at(file, line, "%s (skipped)", msg);
	b->nbad++;
}

int tl_bad_status(const struct tl_bad *b)
{
	if (b->nbad)
		tl_warn("%ld bad line%s skipped", b->nbad,
		        b->nbad == 1 ? "" : "s");
	return b->nbad && !b->good ? TL_EX_DATA : 0;
}

int tl_cli_finish(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		int e = errno;

		fclose(stdout);
		fprintf(stderr, "%s: write error: %s\n", tl_prog, strerror(e));
		return TL_EX_IOERR;
	}
	if (fclose(stdout) != 0) {
		fprintf(stderr, "%s: write error: %s\n", tl_prog,
		        strerror(errno));
		return TL_EX_IOERR;
	}
	return status;
}
