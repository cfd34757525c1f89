/* bars-ta: passes bars through with indicators added as fields, streaming. */
/*
 * Start reading main(): the --add specs are parsed once (lib/tl_ta); each
 * input bar is checked, its series (symbol, tf) found or made with a fresh
 * indicator state, and the bar written with one field per indicator value
 * (null during the warm-up). A bar marked "final": false is computed on a
 * copy of its series' state, so the bar that replaces it starts from the
 * same place; a forming bar that is followed by a later bar is folded in
 * then. Memory is O(sum of periods) per series. Records of other types
 * pass through unchanged.
 */
#include "tl_bar.h"
#include "tl_barin.h"
#include "tl_cli.h"
#include "tl_ndjson.h"
#include "tl_out.h"
#include "tl_ta.h"
#include "tl_time.h"
#include "tl_util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const struct tl_opt opts[] = {
    {"add", 'a', "LIST",
     "indicators to add, as rsi:14,ema:50,macd,bb:20:2 (see the man page)",
     NULL},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {"unbuffered", 'u', NULL, "flush after every record (for live pipelines)",
     NULL},
    {0},
};

static const struct tl_prog prog = {
    "bars-ta",
    "--add LIST [--skip-bad] [--max-line BYTES] [-u] [FILE...]",
    "Add indicators (rsi_14, ema_50, ...) to bar records, per series, "
    "streaming.",
    opts,
    "file",
};

/* The state of one series. */
struct series {
	struct tl_ta_series done;  /* every bar but a pending forming one */
	struct tl_ta_series trial; /* done + the forming bar */
	int pending;
	struct tl_bar forming;
};

/* Adds bar b to st, discarding the values. */
static void fold(struct tl_ta_series *st, const struct tl_bar *b, double *vals)
{
	tl_ta_series_next(st, b->o, b->h, b->l, b->c, b->v, vals);
}

int main(int argc, char **argv)
{
	struct tl_seriesmap map;
	struct tl_ta_spec spec;
	struct tl_w w;
	struct tl_barin in;
	struct tl_bar b;
	struct tl_series *sp;
	const char *arg;
	char *list = NULL, err[256];
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, r, i, k, unbuffered = 0;
	struct tl_bad bad = {0};
	double *vals;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'a':
			if (list) {
				char *more = tl_asprintf("%s,%s", list, arg);

				free(list);
				list = more;
			} else {
				list = tl_strdup(arg);
			}
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
	if (!list)
		tl_cli_usage_error(&prog, "--add is required");
	if (tl_ta_parse(list, &spec, err, sizeof err) < 0)
		tl_cli_usage_error(&prog, "--add: %s", err);
	free(list);
	vals = tl_calloc((size_t)spec.nfields + 1, sizeof *vals);
	tl_seriesmap_init(&map, sizeof(struct series));
	tl_w_init(&w, unbuffered);

	tl_barin_init(&in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((r = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		struct series *s;
		int created;

		if (r == TL_BARIN_OTHER) {
			tl_rec_write(&w, &in.rec);
			bad.good++;
			continue;
		}
		sp = tl_seriesmap_get(&map, b.symbol, b.tf, &created);
		s = sp->data;
		if (created) {
			tl_ta_series_init(&s->done, &spec);
			tl_ta_series_init(&s->trial, &spec);
		}
		r = tl_series_advance(sp, &b, err, sizeof err);
		if (r < 0) {
			tl_barin_bad(&in, err);
			continue;
		}
		bad.good++;
		if (s->pending && r == 0) /* the forming bar stands */
			fold(&s->done, &s->forming, vals);
		s->pending = 0;
		if (b.final) {
			fold(&s->done, &b, vals);
		} else {
			tl_ta_series_copy(&s->trial, &s->done);
			fold(&s->trial, &b, vals);
			s->forming = b;
			s->pending = 1;
		}
		tl_bar_write_open(&w, &b);
		for (i = 0, k = 0; i < spec.nitems; i++) {
			int f;

			for (f = 0; f < spec.items[i].nfields; f++, k++) {
				if (isfinite(vals[k]))
					tl_w_num(&w, spec.items[i].field[f],
					         vals[k]);
				else
					tl_w_null(&w, spec.items[i].field[f]);
			}
		}
		tl_w_end(&w);
	}
	tl_barin_release(&in);
	tl_w_release(&w);
	for (sp = map.first; sp; sp = sp->next) {
		struct series *s = sp->data;

		tl_ta_series_release(&s->done);
		tl_ta_series_release(&s->trial);
	}
	tl_seriesmap_release(&map);
	tl_ta_spec_release(&spec);
	free(vals);
	return tl_cli_finish(tl_bad_status(&bad));
}
