/* tl_bar.c: bar records read, checked and written; the series table. */
#include "tl_bar.h"
#include "tl_num.h"
#include "tl_time.h"
#include "tl_util.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bits for the fields a bar needs. */
enum {
	F_SYMBOL = 1,
	F_TF = 2,
	F_T = 4,
	F_O = 8,
	F_H = 16,
	F_L = 32,
	F_C = 64,
	F_V = 128
};
static const char *const fname[] = {"symbol", "tf", "t", "o",
                                    "h",      "l",  "c", "v"};

/* Reads a numeric field into *d; returns -1 when it is not a number. */
static int num(const struct tl_field *f, double *d)
{
	if (f->type != TL_V_INT && f->type != TL_V_REAL)
		return -1;
	*d = f->d;
	return 0;
}

int tl_bar_time(const struct tl_field *f, int64_t *t, char *err, size_t errlen)
{
	if (f->type == TL_V_INT || f->type == TL_V_REAL) {
		if (f->d != floor(f->d)) {
			snprintf(err, errlen,
			         "\"t\" is not whole epoch seconds");
			return -1;
		}
		if (f->d < TL_EPOCH_MIN || f->d > TL_EPOCH_MAX) {
			snprintf(err, errlen,
			         "\"t\" is out of range (years 0000 to 9999)");
			return -1;
		}
		*t = f->type == TL_V_INT ? f->i : (int64_t)f->d;
		return 0;
	}
	if (f->type == TL_V_STR) {
		if (tl_time_parse(f->s, f->slen, t) == 0)
			return 0;
		snprintf(err, errlen, "\"t\": cannot read time \"%.40s\"",
		         f->s);
		return -1;
	}
	snprintf(err, errlen, "\"t\" is not a time");
	return -1;
}

int tl_bar_from_rec(const struct tl_rec *r, struct tl_bar *b, char *err,
                    size_t errlen)
{
	unsigned seen = 0;
	size_t i;

	b->final = 1;
	b->src[0] = '\0';
	b->adj = TL_ADJ_NONE;
	for (i = 0; i < r->n; i++) {
		const struct tl_field *f = &r->f[i];
		const char *k = f->key;
		double *dst = NULL;
		unsigned bit = 0;

		if (f->klen == 1) {
			switch (k[0]) {
			case 't':
				if (tl_bar_time(f, &b->t, err, errlen) < 0)
					return -1;
				seen |= F_T;
				continue;
			case 'o':
				dst = &b->o, bit = F_O;
				break;
			case 'h':
				dst = &b->h, bit = F_H;
				break;
			case 'l':
				dst = &b->l, bit = F_L;
				break;
			case 'c':
				dst = &b->c, bit = F_C;
				break;
			case 'v':
				dst = &b->v, bit = F_V;
				break;
			default:
				continue;
			}
			if (num(f, dst) < 0) {
				snprintf(err, errlen, "\"%s\" is not a number",
				         k);
				return -1;
			}
			seen |= bit;
		} else if (f->klen == 2 && k[0] == 't' && k[1] == 'f') {
			if (f->type != TL_V_STR ||
			    (b->tf = tl_tf_parse(f->s, f->slen)) < 0) {
				snprintf(
				    err, errlen,
				    "unknown timeframe %s%.20s%s (" TL_TF_CODES
				    ")",
				    f->type == TL_V_STR ? "\"" : "",
				    f->type == TL_V_STR ? f->s
				                        : "(not a string)",
				    f->type == TL_V_STR ? "\"" : "");
				return -1;
			}
			seen |= F_TF;
		} else if (f->klen == 6 && memcmp(k, "symbol", 6) == 0) {
			if (f->type != TL_V_STR || f->slen == 0 ||
			    f->slen > TL_SYMBOL_MAX) {
				snprintf(err, errlen,
				         "\"symbol\" must be a string of 1 to "
				         "%d bytes",
				         TL_SYMBOL_MAX);
				return -1;
			}
			memcpy(b->symbol, f->s, f->slen + 1);
			seen |= F_SYMBOL;
		} else if (f->klen == 4 && memcmp(k, "type", 4) == 0) {
			if (f->type != TL_V_STR || strcmp(f->s, "bar") != 0) {
				snprintf(
				    err, errlen,
				    "not a bar record (\"type\" is %s%.20s%s)",
				    f->type == TL_V_STR ? "\"" : "",
				    f->type == TL_V_STR ? f->s : "not a string",
				    f->type == TL_V_STR ? "\"" : "");
				return -1;
			}
		} else if (f->klen == 5 && memcmp(k, "final", 5) == 0) {
			if (f->type != TL_V_BOOL) {
				snprintf(err, errlen,
				         "\"final\" must be true or false");
				return -1;
			}
			b->final = f->b;
		} else if (f->klen == 3 && memcmp(k, "src", 3) == 0) {
			if (f->type != TL_V_STR || f->slen == 0 ||
			    f->slen > TL_SRC_MAX) {
				snprintf(err, errlen,
				         "\"src\" must be a string of 1 to %d "
				         "bytes",
				         TL_SRC_MAX);
				return -1;
			}
			memcpy(b->src, f->s, f->slen + 1);
		} else if (f->klen == 3 && memcmp(k, "adj", 3) == 0) {
			if (f->type != TL_V_STR ||
			    (b->adj = tl_adj_parse(f->s, f->slen)) < 0) {
				snprintf(
				    err, errlen,
				    "\"adj\" must be \"raw\", \"split\" or "
				    "\"split_div\"");
				return -1;
			}
		}
	}
	if (seen != 255) {
		for (i = 0; i < 8; i++)
			if (!(seen & (1u << i)))
				break;
		snprintf(err, errlen, "missing field \"%s\"", fname[i]);
		return -1;
	}
	return 0;
}

int tl_bar_check(const struct tl_bar *b, char *err, size_t errlen)
{
	char x[TL_NUM_MAX], y[TL_NUM_MAX];

	if (!isfinite(b->o) || !isfinite(b->h) || !isfinite(b->l) ||
	    !isfinite(b->c) || !isfinite(b->v)) {
		snprintf(err, errlen, "a price or the volume is not finite");
		return -1;
	}
	if (b->h < b->o || b->h < b->c) {
		tl_num_format(b->h, x);
		tl_num_format(b->o > b->c ? b->o : b->c, y);
		snprintf(err, errlen, "high %s is below max(open, close) %s", x,
		         y);
		return -1;
	}
	if (b->l > b->o || b->l > b->c) {
		tl_num_format(b->l, x);
		tl_num_format(b->o < b->c ? b->o : b->c, y);
		snprintf(err, errlen, "low %s is above min(open, close) %s", x,
		         y);
		return -1;
	}
	if (b->v < 0) {
		tl_num_format(b->v, x);
		snprintf(err, errlen, "volume %s is negative", x);
		return -1;
	}
	return 0;
}

int tl_bar_repair(struct tl_bar *b)
{
	double hi = b->o > b->c ? b->o : b->c, lo = b->o < b->c ? b->o : b->c;
	int changed = 0;

	if (b->h < hi)
		b->h = hi, changed = 1;
	if (b->l > lo)
		b->l = lo, changed = 1;
	return changed;
}

void tl_bar_write(struct tl_w *w, const struct tl_bar *b)
{
	tl_bar_write_open(w, b);
	tl_w_end(w);
}

void tl_bar_write_open(struct tl_w *w, const struct tl_bar *b)
{
	tl_w_begin(w);
	tl_w_raw(w, "\"type\":\"bar\"", 12);
	w->first = 0;
	tl_w_str(w, "symbol", b->symbol);
	tl_w_str(w, "tf", tl_tf_name(b->tf));
	tl_w_int(w, "t", b->t);
	tl_w_num(w, "o", b->o);
	tl_w_num(w, "h", b->h);
	tl_w_num(w, "l", b->l);
	tl_w_num(w, "c", b->c);
	tl_w_num(w, "v", b->v);
	if (!b->final)
		tl_w_bool(w, "final", 0);
	if (b->src[0])
		tl_w_str(w, "src", b->src);
	if (b->adj != TL_ADJ_NONE)
		tl_w_str(w, "adj", tl_adj_name(b->adj));
}

static const char *const adj_names[] = {"", "raw", "split", "split_div"};

const char *tl_adj_name(int adj)
{
	return adj > 0 && adj <= TL_ADJ_SPLIT_DIV ? adj_names[adj] : "";
}

int tl_adj_parse(const char *s, size_t len)
{
	int i;

	for (i = TL_ADJ_RAW; i <= TL_ADJ_SPLIT_DIV; i++)
		if (strlen(adj_names[i]) == len &&
		    memcmp(adj_names[i], s, len) == 0)
			return i;
	return -1;
}

void tl_seriesmap_init(struct tl_seriesmap *m, size_t datasize)
{
	memset(m, 0, sizeof *m);
	m->datasize = datasize;
	m->nslots = 64;
	m->slots = tl_calloc(m->nslots, sizeof *m->slots);
}

void tl_seriesmap_release(struct tl_seriesmap *m)
{
	struct tl_series *s, *next;

	for (s = m->first; s; s = next) {
		next = s->next;
		free(s); /* with its data */
	}
	free(m->slots);
	memset(m, 0, sizeof *m);
}

void tl_ohlcv_push(struct tl_ohlcv *s, const struct tl_bar *b, int replace)
{
	size_t i;

	if (!replace || !s->n) {
		if (s->n == s->cap) {
			s->cap = s->cap ? 2 * s->cap : 256;
			s->t = tl_realloc(s->t, s->cap * sizeof *s->t);
			s->h = tl_realloc(s->h, s->cap * sizeof *s->h);
			s->l = tl_realloc(s->l, s->cap * sizeof *s->l);
			s->c = tl_realloc(s->c, s->cap * sizeof *s->c);
			if (!s->hlc) {
				s->o = tl_realloc(s->o, s->cap * sizeof *s->o);
				s->v = tl_realloc(s->v, s->cap * sizeof *s->v);
			}
		}
		s->n++;
	}
	i = s->n - 1;
	s->t[i] = b->t;
	s->h[i] = b->h;
	s->l[i] = b->l;
	s->c[i] = b->c;
	if (!s->hlc) {
		s->o[i] = b->o;
		s->v[i] = b->v;
	}
}

void tl_ohlcv_release(struct tl_ohlcv *s)
{
	free(s->t);
	free(s->o);
	free(s->h);
	free(s->l);
	free(s->c);
	free(s->v);
	memset(s, 0, sizeof *s); /* hlc too */
}

/* A series' size rounded up to the alignment of any data. */
#define SERIES_SIZE                                                            \
	((sizeof(struct tl_series) + _Alignof(max_align_t) - 1) /              \
	 _Alignof(max_align_t) * _Alignof(max_align_t))

/* FNV-1a over the symbol and the timeframe. */
static size_t hash(const char *symbol, int tf)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *symbol; symbol++)
		h = (h ^ (unsigned char)*symbol) * 1099511628211ULL;
	h = (h ^ (unsigned)tf) * 1099511628211ULL;
	return (size_t)h;
}

/* Doubles the slot table and rehashes every series into it. */
static void grow(struct tl_seriesmap *m)
{
	struct tl_series *s;

	free(m->slots);
	m->nslots *= 2;
	m->slots = tl_calloc(m->nslots, sizeof *m->slots);
	for (s = m->first; s; s = s->next) {
		size_t i = hash(s->symbol, s->tf) & (m->nslots - 1);

		s->hnext = m->slots[i];
		m->slots[i] = s;
	}
}

struct tl_series *tl_seriesmap_get(struct tl_seriesmap *m, const char *symbol,
                                   int tf, int *created)
{
	struct tl_series *s = m->recent;
	size_t i;

	if (created)
		*created = 0;
	if (s && s->tf == tf && strcmp(s->symbol, symbol) == 0)
		return s;
	i = hash(symbol, tf) & (m->nslots - 1);
	for (s = m->slots[i]; s; s = s->hnext)
		if (s->tf == tf && strcmp(s->symbol, symbol) == 0)
			return m->recent = s;
	/* The data follows the series in one block: a bar touches one. */
	s = tl_calloc(1, SERIES_SIZE + m->datasize);
	snprintf(s->symbol, sizeof s->symbol, "%s", symbol);
	s->tf = tf;
	s->last_t = INT64_MIN;
	s->last_final = 1;
	s->data = m->datasize ? (char *)s + SERIES_SIZE : NULL;
	if (m->last)
		m->last->next = s;
	else
		m->first = s;
	m->last = s;
	s->hnext = m->slots[i];
	m->slots[i] = s;
	if (++m->count > m->nslots)
		grow(m);
	if (created)
		*created = 1;
	return m->recent = s;
}

int tl_series_advance(struct tl_series *s, const struct tl_bar *b, char *err,
                      size_t errlen)
{
	char x[TL_TIME_MAX], y[TL_TIME_MAX];
	int replace = 0;

	if (s->last_t != INT64_MIN && b->t <= s->last_t) {
		if (b->t == s->last_t && !s->last_final) {
			replace = 1;
		} else {
			tl_time_format(b->t, x);
			tl_time_format(s->last_t, y);
			if (b->t == s->last_t)
				snprintf(err, errlen,
				         "%s %s: duplicate time %s", b->symbol,
				         tl_tf_name(b->tf), x);
			else
				snprintf(err, errlen,
				         "%s %s: time %s is before the "
				         "previous bar's %s",
				         b->symbol, tl_tf_name(b->tf), x, y);
			return -1;
		}
	}
	s->last_t = b->t;
	s->last_final = b->final;
	return replace;
}
