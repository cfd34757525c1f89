/* bars-synth: writes deterministic synthetic bars of seeded markets. */
/*
 * Start reading main(): the options set the seed, the number of symbols,
 * the bars per symbol, the timeframe and the first bar's time; a
 * tl_synth generator then yields one bar per symbol per period (SYN1,
 * SYN2, ... interleaved), each written as a bar record. The same options
 * give the same bytes on every build, so tests and benchmarks can rely on
 * them. A failed write stops the loop early and exits 74.
 *
 * With --plant the generator also draws the listed chart patterns into
 * each series (see tl_synth.c), and with --truth each planted pattern's
 * truth record goes to FILE once its last bar is made.
 */
#include "tl_bar.h"
#include "tl_cli.h"
#include "tl_out.h"
#include "tl_synth.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_TRUTH = 256 };

#define PAT_WORDS                                                              \
	"all double_top double_bottom head_and_shoulders "                     \
	"inverse_head_and_shoulders ascending_triangle descending_triangle "   \
	"symmetric_triangle bull_flag bear_flag rectangle range"

static const struct tl_opt opts[] = {
    {"seed", 's', "N", "seed of the generator, 0 to 2^63-1 (default 1)", NULL},
    {"symbols", 'n', "N", "symbols SYN1..SYNn, 1 to 10000 (default 1)", NULL},
    {"bars", 'b', "N", "bars per symbol, 0 to 100000000 (default 1000)", NULL},
    {"tf", 't', "TF", "timeframe, 1m to 1Mo (default 1D)", "tf"},
    {"start", 'S', "T",
     "first period: epoch seconds or RFC 3339 (default 2020-01-01)", NULL},
    {"plant", 'p', "LIST", "plant patterns: comma-separated names, or all",
     PAT_WORDS},
    {"truth", OPT_TRUTH, "FILE",
     "write the planted patterns as records to FILE (needs --plant)", "file"},
    {NULL, 0, NULL, NULL, NULL}};

static const struct tl_prog prog = {
    "bars-synth",
    "[--seed N] [--symbols N] [--bars N] [--tf TF] [--start T] "
    "[--plant LIST [--truth FILE]]",
    "Write seeded synthetic market bars (trends, ranges, bursts, gaps).",
    opts,
    NULL,
};

/* Returns the time s names: epoch seconds, or what tl_time_parse reads. */
static int64_t parse_start(const char *s)
{
	int64_t t;
	long long v;
	char *end;

	if (*s &&
	    strspn(s + (*s == '-'), "0123456789") == strlen(s + (*s == '-'))) {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (end != s && !*end && !errno && v >= TL_EPOCH_MIN &&
		    v <= TL_EPOCH_MAX)
			return v;
	} else if (tl_time_parse(s, strlen(s), &t) == 0 && t >= TL_EPOCH_MIN &&
	           t <= TL_EPOCH_MAX) {
		return t;
	}
	tl_cli_usage_error(
	    &prog,
	    "--start: expected epoch seconds or an RFC 3339 time, got '%s'", s);
}

/*
 * Returns a new array of the pattern numbers that list names ("all" or
 * comma-separated names), their count in *n; exits 64 naming a name that
 * is not a pattern. The caller frees the array.
 */
static int *parse_plant(const char *list, int *n)
{
	size_t len = strlen(list), i, j;
	int *pat =
	    tl_malloc((len + 1) * sizeof *pat + TL_PAT_COUNT * sizeof *pat);
	int k = 0;

	if (strcmp(list, "all") == 0) {
		for (k = 0; k < TL_PAT_COUNT; k++)
			pat[k] = k;
		*n = k;
		return pat;
	}
	for (i = 0; i <= len; i = j + 1) {
		char *name;

		j = i + strcspn(list + i, ",");
		name = tl_strndup(list + i, j - i);
		pat[k] = tl_synth_pattern(name);
		if (pat[k] < 0)
			tl_cli_usage_error(
			    &prog,
			    "--plant: unknown pattern '%s' (all, "
			    "or a list of: %s)",
			    name,
			    "double_top, double_bottom, "
			    "head_and_shoulders, "
			    "inverse_head_and_shoulders, "
			    "ascending_triangle, descending_triangle, "
			    "symmetric_triangle, bull_flag, bear_flag, "
			    "rectangle, range");
		free(name);
		k++;
	}
	*n = k;
	return pat;
}

/* Flushes and closes the truth file f named name; returns 0, or 74 with a
 * message when it could not be written. */
static int close_truth(FILE *f, const char *name)
{
	int bad = fflush(f) != 0 || ferror(f), e = errno;

	if (fclose(f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	if (!bad)
		return 0;
	fprintf(stderr, "%s: %s: write error: %s\n", tl_prog, name,
	        strerror(e));
	return TL_EX_IOERR;
}

int main(int argc, char **argv)
{
	long long seed = 1, nsym = 1, bars = 1000, i, n;
	int64_t start = 1577836800; /* 2020-01-01T00:00:00Z */
	int tf = TL_TF_1D, c, npat = 0, st;
	int *pat = NULL;
	const char *arg, *truth = NULL;
	FILE *tf_out = NULL;
	struct tl_synth *s;
	struct tl_bar b;
	struct tl_w w;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 's':
			seed = tl_cli_num(&prog, "seed", arg, 0, LLONG_MAX);
			break;
		case 'n':
			nsym = tl_cli_num(&prog, "symbols", arg, 1, 10000);
			break;
		case 'b':
			bars = tl_cli_num(&prog, "bars", arg, 0, 100000000);
			break;
		case 't':
			tf = tl_cli_tf(&prog, "tf", arg);
			break;
		case 'S':
			start = parse_start(arg);
			break;
		case 'p':
			free(pat);
			pat = parse_plant(arg, &npat);
			break;
		case OPT_TRUTH:
			truth = arg;
			break;
		}
	}
	if (tl_cli_optind() < argc)
		tl_cli_usage_error(&prog, "unexpected operand '%s'",
		                   argv[tl_cli_optind()]);

	if (truth && !pat)
		tl_cli_usage_error(&prog, "--truth needs --plant");
	if (truth && !(tf_out = fopen(truth, "w")))
		tl_die(TL_EX_IOERR, "%s: %s", truth, strerror(errno));

	s = tl_synth_new((uint64_t)seed, (int)nsym, tf, start);
	if (pat)
		tl_synth_plant(s, pat, npat, bars);
	tl_w_init(&w, 0);
	n = bars * nsym;
	for (i = 0; i < n; i++) {
		/* Stop early once a write failed (disk full): nothing more can
		 * land. */
		if ((i & 0xfff) == 0 &&
		    (ferror(stdout) || (tf_out && ferror(tf_out))))
			break;
		tl_synth_next(s, &b);
		tl_bar_write(&w, &b);
		if (tf_out)
			tl_synth_truth(s, tf_out);
	}
	tl_w_release(&w);
	tl_synth_free(s);
	free(pat);
	st = tf_out ? close_truth(tf_out, truth) : 0;
	c = tl_cli_finish(0);
	return st ? st : c;
}
