/* bars-synth: writes deterministic synthetic bars of seeded markets. */
/*
 * Start reading main(): the options set the seed, the number of symbols,
 * the bars per symbol, the timeframe and the first bar's time; a
 * tl_synth generator then yields one bar per symbol per period (SYN1,
 * SYN2, ... interleaved), each written as a bar record. The same options
 * give the same bytes on every build, so tests and benchmarks can rely on
 * them. A failed write stops the loop early and exits 74.
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

static const struct tl_opt opts[] = {
    {"seed", 's', "N", "seed of the generator, 0 to 2^63-1 (default 1)", NULL},
    {"symbols", 'n', "N", "symbols SYN1..SYNn, 1 to 10000 (default 1)", NULL},
    {"bars", 'b', "N", "bars per symbol, 0 to 100000000 (default 1000)", NULL},
    {"tf", 't', "TF", "timeframe, 1m to 1Mo (default 1D)", "tf"},
    {"start", 'S', "T",
     "first period: epoch seconds or RFC 3339 (default 2020-01-01)", NULL},
    {NULL, 0, NULL, NULL, NULL}};

static const struct tl_prog prog = {
    "bars-synth",
    "[--seed N] [--symbols N] [--bars N] [--tf TF] [--start T]",
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

int main(int argc, char **argv)
{
	long long seed = 1, nsym = 1, bars = 1000, i, n;
	int64_t start = 1577836800; /* 2020-01-01T00:00:00Z */
	int tf = TL_TF_1D, c;
	const char *arg;
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
		}
	}
	if (tl_cli_optind() < argc)
		tl_cli_usage_error(&prog, "unexpected operand '%s'",
		                   argv[tl_cli_optind()]);

	s = tl_synth_new((uint64_t)seed, (int)nsym, tf, start);
	tl_w_init(&w, 0);
	n = bars * nsym;
	for (i = 0; i < n; i++) {
		/* Stop early once a write failed (disk full): nothing more can
		 * land. */
		if ((i & 0xfff) == 0 && ferror(stdout))
			break;
		tl_synth_next(s, &b);
		tl_bar_write(&w, &b);
	}
	tl_w_release(&w);
	tl_synth_free(s);
	return tl_cli_finish(0);
}
