/* bars-resample: aggregates bars to a higher timeframe, streaming. */
/*
 * Start reading main(): each input line is parsed, checked as a bar, and
 * folded into the open bucket of its series (open first, high max, low min,
 * close last, volume sum). A bar in a later bucket closes the open one,
 * which is written at once; at the end each series' last bucket is written,
 * marked "final": false while its period is still forming. Memory is O(1)
 * per series. Records of other types pass through unchanged.
 */
#include "tl_bar.h"
#include "tl_barin.h"
#include "tl_cli.h"
#include "tl_ndjson.h"
#include "tl_out.h"
#include "tl_resample.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const struct tl_opt opts[] = {
    {"tf", 't', "TF", "target timeframe: " TL_TF_CODES, "tf"},
    {"tz", 'z', "ZONE",
     "day, week and month boundaries in this IANA zone (default UTC)", "zone"},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {"unbuffered", 'u', NULL, "flush after every record (for live pipelines)",
     NULL},
    {0},
};

static const struct tl_prog prog = {
    "bars-resample",
    "--tf TF [--tz ZONE] [--skip-bad] [--max-line BYTES] [-u] [FILE...]",
    "Aggregate bar records to a higher timeframe, per symbol, streaming.",
    opts,
    "file",
};

/* Writes a finished bar. */
static void write_bar(const struct tl_bar *b, void *arg)
{
	tl_bar_write(arg, b);
}

int main(int argc, char **argv)
{
	struct tl_resample rs;
	struct tl_w w;
	struct tl_barin in;
	struct tl_bar b;
	struct tl_tz *tz = NULL;
	const char *arg, *zone = NULL;
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, r, tf = -1, unbuffered = 0;
	struct tl_bad bad = {0};
	char err[256];

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 't':
			tf = tl_cli_tf(&prog, "tf", arg);
			break;
		case 'z':
			zone = arg;
			break;
		case TL_OPT_SKIP_BAD:
			bad.skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		case 'u':
			unbuffered = 1;
			break;
		}
	}
	if (tf < 0)
		tl_cli_usage_error(&prog, "--tf is required");
	if (zone && !(tz = tl_tz_open(zone)))
		tl_cli_usage_error(&prog, "--tz: unknown time zone '%s'", zone);
	tl_w_init(&w, unbuffered);
	tl_resample_init(&rs, tf, tz, tl_now(), write_bar, &w);

	tl_barin_init(&in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((r = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		if (r == TL_BARIN_OTHER) {
			tl_rec_write(&w, &in.rec);
			bad.good++;
			continue;
		}
		if (tl_resample_add(&rs, &b, err, sizeof err) < 0) {
			tl_barin_bad(&in, err);
			continue;
		}
		bad.good++;
	}
	tl_barin_release(&in);
	tl_resample_end(&rs);
	tl_w_release(&w);
	tl_resample_release(&rs);
	tl_tz_free(tz);
	return tl_cli_finish(tl_bad_status(&bad));
}
