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

/* The open bucket of one output series (symbol, target tf). */
struct bucket {
	int src;      /* the one input timeframe feeding it */
	size_t order; /* when the series first appeared */
	int have;
	int64_t key, end;     /* the bucket's t, and when it really ends */
	int nprev;            /* bars folded into o..v, before last */
	double o, h, l, c, v; /* aggregate of the bars before last */
	struct tl_bar last; /* the newest bar: a forming one may be replaced */
};

struct state {
	int tf;
	const struct tl_tz *tz;
	int64_t now;
	struct tl_w w;
};

/* Writes the bucket as a bar of the target timeframe. */
static void emit(struct state *st, const struct tl_series *s,
                 const struct bucket *k, int final)
{
	struct tl_bar out = k->last;

	out.tf = st->tf;
	out.t = k->key;
	if (k->nprev) {
		out.o = k->o;
		out.h = k->h > k->last.h ? k->h : k->last.h;
		out.l = k->l < k->last.l ? k->l : k->last.l;
		out.v = k->v + k->last.v;
	}
	out.final = final;
	memcpy(out.symbol, s->symbol, sizeof out.symbol);
	tl_bar_write(&st->w, &out);
}

/* Folds the bucket's last bar into its aggregate. */
static void fold_last(struct bucket *k)
{
	const struct tl_bar *b = &k->last;

	if (!k->nprev) {
		k->o = b->o, k->h = b->h, k->l = b->l, k->v = b->v;
	} else {
		if (b->h > k->h)
			k->h = b->h;
		if (b->l < k->l)
			k->l = b->l;
		k->v += b->v;
	}
	k->nprev++;
}

/* The zone for bucketing bars of timeframe src: daily and longer bars already
 * carry their local date. */
static const struct tl_tz *zone_for(const struct state *st, int src)
{
	return src >= TL_TF_1D ? NULL : st->tz;
}

/* Adds bar b to series s; replace says it replaces the forming last bar. */
static void add(struct state *st, struct tl_series *s, const struct tl_bar *b,
                int replace)
{
	struct bucket *k = s->data;
	int64_t end,
	    key = tl_tf_floor_tz(st->tf, b->t, zone_for(st, b->tf), &end);

	if (k->have && key != k->key) {
		emit(st, s, k, 1);
		k->have = 0;
	}
	if (!k->have) {
		k->have = 1;
		k->key = key;
		k->end = end;
		k->nprev = 0;
	} else if (!replace) {
		fold_last(k);
	}
	k->last = *b;
}

/* Returns 1 when the series' open bucket has its last sub-bar or is over by the
 * clock. */
static int complete(const struct state *st, const struct tl_series *s)
{
	const struct bucket *k = s->data;
	int64_t next;

	if (!k->last.final)
		return 0;
	if (k->end <= st->now)
		return 1;
	next = k->src == TL_TF_1MO ? tl_tf_next(TL_TF_1MO, k->last.t)
	                           : k->last.t + tl_tf_seconds(k->src);
	return tl_tf_floor_tz(st->tf, next, zone_for(st, k->src), NULL) !=
	       k->key;
}

/* Orders series by their open bucket's t, then by first appearance. */
static int by_key(const void *a, const void *b)
{
	const struct tl_series *x = *(struct tl_series *const *)a;
	const struct tl_series *y = *(struct tl_series *const *)b;
	const struct bucket *kx = x->data, *ky = y->data;

	if (kx->key != ky->key)
		return kx->key < ky->key ? -1 : 1;
	return kx->order < ky->order ? -1 : kx->order > ky->order;
}

/*
 * Writes every series' open bucket at the end of input, in time order (then
 * in the order the series first appeared), so time-ordered input gives
 * time-ordered output.
 */
static void flush_open(struct state *st, struct tl_seriesmap *map)
{
	struct tl_series **v = tl_calloc(map->count, sizeof *v), *s;
	size_t n = 0, i;

	for (s = map->first; s; s = s->next)
		if (((struct bucket *)s->data)->have)
			v[n++] = s;
	qsort(v, n, sizeof *v, by_key);
	for (i = 0; i < n; i++)
		emit(st, v[i], v[i]->data, complete(st, v[i]));
	free(v);
}

int main(int argc, char **argv)
{
	struct state st = {.tf = -1};
	struct tl_seriesmap map;
	struct tl_series *s;
	struct tl_barin in;
	struct tl_bar b;
	struct tl_tz *tz = NULL;
	const char *arg, *zone = NULL;
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, r, unbuffered = 0;
	struct tl_bad bad = {0};
	char err[256];

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 't':
			st.tf = tl_cli_tf(&prog, "tf", arg);
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
	if (st.tf < 0)
		tl_cli_usage_error(&prog, "--tf is required");
	if (zone && !(tz = tl_tz_open(zone)))
		tl_cli_usage_error(&prog, "--tz: unknown time zone '%s'", zone);
	st.tz = tz;
	st.now = tl_now();
	tl_w_init(&st.w, unbuffered);
	tl_seriesmap_init(&map, sizeof(struct bucket));

	tl_barin_init(&in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((r = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		struct bucket *k;
		int replace, created;

		if (r == TL_BARIN_OTHER) {
			tl_rec_write(&st.w, &in.rec);
			bad.good++;
			continue;
		}
		if (!tl_tf_divides(b.tf, st.tf)) {
			snprintf(
			    err, sizeof err, "cannot resample %s bars to %s%s",
			    tl_tf_name(b.tf), tl_tf_name(st.tf),
			    b.tf > st.tf ? " (a finer timeframe)"
			                 : " (its periods do not divide it)");
			tl_barin_bad(&in, err);
			continue;
		}
		s = tl_seriesmap_get(&map, b.symbol, st.tf, &created);
		k = s->data;
		if (created) {
			k->src = b.tf;
			k->order = map.count;
		} else if (k->src != b.tf) {
			snprintf(err, sizeof err,
			         "%s: %s bars after %s bars; resample one "
			         "timeframe per symbol",
			         b.symbol, tl_tf_name(b.tf),
			         tl_tf_name(k->src));
			tl_barin_bad(&in, err);
			continue;
		}
		replace = tl_series_advance(s, &b, err, sizeof err);
		if (replace < 0) {
			tl_barin_bad(&in, err);
			continue;
		}
		add(&st, s, &b, replace);
		bad.good++;
	}
	tl_barin_release(&in);
	flush_open(&st, &map);
	tl_w_release(&st.w);
	tl_seriesmap_release(&map);
	tl_tz_free(tz);
	return tl_cli_finish(tl_bad_status(&bad));
}
