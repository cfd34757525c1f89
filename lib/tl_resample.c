/* tl_resample.c: bars folded into buckets of a higher timeframe. */
#include "tl_resample.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_util.h"

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

/* Writes the bucket as a bar of the target timeframe. */
static void emit_bucket(struct tl_resample *st, const struct tl_series *s,
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
	st->emit(&out, st->arg);
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
static const struct tl_tz *zone_for(const struct tl_resample *st, int src)
{
	return src >= TL_TF_1D ? NULL : st->tz;
}

/* Adds bar b to series s; replace says it replaces the forming last bar. */
static void add(struct tl_resample *st, struct tl_series *s,
                const struct tl_bar *b, int replace)
{
	struct bucket *k = s->data;
	int64_t end,
	    key = tl_tf_floor_tz(st->tf, b->t, zone_for(st, b->tf), &end);

	if (k->have && key != k->key) {
		emit_bucket(st, s, k, 1);
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
static int complete(const struct tl_resample *st, const struct tl_series *s)
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
void tl_resample_end(struct tl_resample *st)
{
	struct tl_seriesmap *map = &st->map;
	struct tl_series **v = tl_calloc(map->count, sizeof *v), *s;
	size_t n = 0, i;

	for (s = map->first; s; s = s->next)
		if (((struct bucket *)s->data)->have)
			v[n++] = s;
	qsort(v, n, sizeof *v, by_key);
	for (i = 0; i < n; i++)
		emit_bucket(st, v[i], v[i]->data, complete(st, v[i]));
	free(v);
}

void tl_resample_init(struct tl_resample *r, int tf, const struct tl_tz *tz,
                      int64_t now,
                      void (*emit)(const struct tl_bar *b, void *arg),
                      void *arg)
{
	memset(r, 0, sizeof *r);
	r->tf = tf;
	r->tz = tz;
	r->now = now;
	r->emit = emit;
	r->arg = arg;
	tl_seriesmap_init(&r->map, sizeof(struct bucket));
}

void tl_resample_release(struct tl_resample *r)
{
	tl_seriesmap_release(&r->map);
}

struct tl_series *tl_resample_series(struct tl_resample *r, const char *symbol)
{
	int created;
	struct tl_series *s =
	    tl_seriesmap_get(&r->map, symbol, r->tf, &created);

	if (created) {
		struct bucket *k = s->data;

		k->src = -1; /* set by the first bar */
		k->order = r->map.count;
	}
	return s;
}

int tl_resample_add_to(struct tl_resample *r, struct tl_series *s,
                       const struct tl_bar *b, char *err, size_t errlen)
{
	struct bucket *k = s->data;
	int replace;

	if (!tl_tf_divides(b->tf, r->tf)) {
		snprintf(err, errlen, "cannot resample %s bars to %s%s",
		         tl_tf_name(b->tf), tl_tf_name(r->tf),
		         b->tf > r->tf ? " (a finer timeframe)"
		                       : " (its periods do not divide it)");
		return -1;
	}
	if (k->src < 0) {
		k->src = b->tf;
	} else if (k->src != b->tf) {
		snprintf(
		    err, errlen,
		    "%s: %s bars after %s bars; resample one timeframe per "
		    "symbol",
		    b->symbol, tl_tf_name(b->tf), tl_tf_name(k->src));
		return -1;
	}
	replace = tl_series_advance(s, b, err, errlen);
	if (replace < 0)
		return -1;
	add(r, s, b, replace);
	return 0;
}

int tl_resample_add(struct tl_resample *r, const struct tl_bar *b, char *err,
                    size_t errlen)
{
	return tl_resample_add_to(r, tl_resample_series(r, b->symbol), b, err,
	                          errlen);
}
