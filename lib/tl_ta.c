/* tl_ta.c: indicator specs ("rsi:14,ema:50") and their per-series state, for
 * bars-ta. */
#include "tl_ta.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_util.h"

/* The kinds by name, with how many periods each takes (min, max). */
static const struct {
	const char *name;
	int kind, pmin, pmax;
} kinds[] = {
    {"sma", TL_TA_SMA, 1, 1},       {"ema", TL_TA_EMA, 1, 1},
    {"wma", TL_TA_WMA, 1, 1},       {"rsi", TL_TA_RSI, 1, 1},
    {"atr", TL_TA_ATR, 1, 1},       {"roc", TL_TA_ROC, 1, 1},
    {"stddev", TL_TA_STDDEV, 1, 1}, {"rvol", TL_TA_RVOL, 1, 1},
    {"vwap", TL_TA_VWAP, 1, 1},     {"obv", TL_TA_OBV, 0, 0},
    {"macd", TL_TA_MACD, 0, 3},     {"bb", TL_TA_BB, 1, 2},
    {"adx", TL_TA_ADX, 1, 1},       {"donchian", TL_TA_DONCHIAN, 1, 1},
};

#define NKINDS (sizeof kinds / sizeof kinds[0])

/* Parses a period in 1..100000 from s[0..len); returns it or -1. */
static int parse_period(const char *s, size_t len)
{
	int v = 0;
	size_t i;

	if (len == 0 || len > 6)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v >= 1 && v <= 100000 ? v : -1;
}

/* Parses K (digits, at most one point, 0..100) from s[0..len). */
static int parse_k(const char *s, size_t len, double *k)
{
	char buf[16], *e;
	size_t i, dots = 0, digits = 0;

	if (len == 0 || len >= sizeof buf)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] == '.')
			dots++;
		else if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else
			return -1;
	}
	if (dots > 1 || digits == 0 || s[0] == '.' || s[len - 1] == '.')
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	*k = strtod(buf, &e);
	return *e == '\0' && *k <= 100 ? 0 : -1;
}

/* Fills the field names of item it; kstr is K as written (bb only). */
static void name_fields(struct tl_ta_item *it, const char *name,
                        const char *kstr)
{
	char(*f)[TL_TA_NAMELEN] = it->field;

	switch (it->kind) {
	case TL_TA_OBV:
		it->nfields = 1;
		snprintf(f[0], TL_TA_NAMELEN, "obv");
		break;
	case TL_TA_MACD:
		it->nfields = 3;
		snprintf(f[0], TL_TA_NAMELEN, "macd_%d_%d_%d", it->p[0],
		         it->p[1], it->p[2]);
		snprintf(f[1], TL_TA_NAMELEN, "macd_signal_%d_%d_%d", it->p[0],
		         it->p[1], it->p[2]);
		snprintf(f[2], TL_TA_NAMELEN, "macd_hist_%d_%d_%d", it->p[0],
		         it->p[1], it->p[2]);
		break;
	case TL_TA_BB:
		it->nfields = 4;
		snprintf(f[0], TL_TA_NAMELEN, "bb_upper_%d_%s", it->p[0], kstr);
		snprintf(f[1], TL_TA_NAMELEN, "bb_mid_%d_%s", it->p[0], kstr);
		snprintf(f[2], TL_TA_NAMELEN, "bb_lower_%d_%s", it->p[0], kstr);
		snprintf(f[3], TL_TA_NAMELEN, "bb_width_%d_%s", it->p[0], kstr);
		break;
	case TL_TA_ADX:
		it->nfields = 3;
		snprintf(f[0], TL_TA_NAMELEN, "adx_%d", it->p[0]);
		snprintf(f[1], TL_TA_NAMELEN, "pdi_%d", it->p[0]);
		snprintf(f[2], TL_TA_NAMELEN, "mdi_%d", it->p[0]);
		break;
	case TL_TA_DONCHIAN:
		it->nfields = 3;
		snprintf(f[0], TL_TA_NAMELEN, "dc_upper_%d", it->p[0]);
		snprintf(f[1], TL_TA_NAMELEN, "dc_lower_%d", it->p[0]);
		snprintf(f[2], TL_TA_NAMELEN, "dc_mid_%d", it->p[0]);
		break;
	default:
		it->nfields = 1;
		snprintf(f[0], TL_TA_NAMELEN, "%s_%d", name, it->p[0]);
	}
}

/*
 * Parses one item s[0..len) into it. Returns 0, or -1 with the reason in
 * err.
 */
static int parse_item(const char *s, size_t len, struct tl_ta_item *it,
                      char *err, size_t errlen)
{
	const char *part[5];
	size_t plen[5], i, k;
	int np = 0;
	char kstr[16] = "2";

	memset(it, 0, sizeof *it);
	for (i = 0, k = 0; i <= len; i++) {
		if (i < len && s[i] != ':')
			continue;
		if (np == 4) {
			np = 5;
			break;
		}
		part[np] = s + k;
		plen[np++] = i - k;
		k = i + 1;
	}
	if (np == 5 || plen[0] == 0) {
		snprintf(err, errlen, "bad indicator \"%.*s\"",
		         (int)(len > 40 ? 40 : len), s);
		return -1;
	}
	for (k = 0; k < NKINDS; k++)
		if (strlen(kinds[k].name) == plen[0] &&
		    !memcmp(kinds[k].name, part[0], plen[0]))
			break;
	if (k == NKINDS) {
		snprintf(err, errlen, "unknown indicator \"%.*s\"",
		         (int)(plen[0] > 40 ? 40 : plen[0]), part[0]);
		return -1;
	}
	it->kind = kinds[k].kind;
	np--; /* the parameters */
	if (np < kinds[k].pmin || np > kinds[k].pmax ||
	    (it->kind == TL_TA_MACD && np != 0 && np != 3)) {
		snprintf(err, errlen, "%s takes %s", kinds[k].name,
		         it->kind == TL_TA_OBV ? "no period"
		         : it->kind == TL_TA_MACD
		             ? "no periods or FAST:SLOW:SIGNAL"
		         : it->kind == TL_TA_BB ? "N or N:K"
		                                : "one period, as in rsi:14");
		return -1;
	}
	if (it->kind == TL_TA_MACD && np == 0) {
		it->p[0] = 12;
		it->p[1] = 26;
		it->p[2] = 9;
	}
	it->k = 2;
	for (i = 0; i < (size_t)np; i++) {
		if (it->kind == TL_TA_BB && i == 1) {
			if (parse_k(part[2], plen[2], &it->k) < 0) {
				snprintf(
				    err, errlen,
				    "bb: K \"%.*s\" is not a number from 0 "
				    "to 100",
				    (int)(plen[2] > 15 ? 15 : plen[2]),
				    part[2]);
				return -1;
			}
			memcpy(kstr, part[2], plen[2]);
			kstr[plen[2]] = '\0';
			continue;
		}
		it->p[i] = parse_period(part[i + 1], plen[i + 1]);
		if (it->p[i] < 0) {
			snprintf(
			    err, errlen,
			    "%s: period \"%.*s\" is not a whole number from "
			    "1 to 100000",
			    kinds[k].name,
			    (int)(plen[i + 1] > 15 ? 15 : plen[i + 1]),
			    part[i + 1]);
			return -1;
		}
	}
	name_fields(it, kinds[k].name, kstr);
	return 0;
}

/* Parses the spec list s. */
int tl_ta_parse(const char *s, struct tl_ta_spec *spec, char *err,
                size_t errlen)
{
	const char *p = s;
	int cap = 0, i, j, a, b;

	memset(spec, 0, sizeof *spec);
	for (;;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 0) {
			snprintf(err, errlen, "empty indicator in \"%.60s\"",
			         s);
			goto fail;
		}
		if (spec->nitems == cap) {
			cap = cap ? 2 * cap : 8;
			spec->items = tl_realloc(
			    spec->items, (size_t)cap * sizeof *spec->items);
		}
		if (parse_item(p, len, &spec->items[spec->nitems], err,
		               errlen) < 0)
			goto fail;
		spec->nfields += spec->items[spec->nitems].nfields;
		spec->nitems++;
		if (!e)
			break;
		p = e + 1;
	}
	for (i = 0; i < spec->nitems; i++)
		for (j = 0; j <= i; j++)
			for (a = 0; a < spec->items[i].nfields; a++)
				for (b = 0;
				     b < (j == i ? a : spec->items[j].nfields);
				     b++)
					if (!strcmp(spec->items[i].field[a],
					            spec->items[j].field[b])) {
						snprintf(
						    err, errlen,
						    "field \"%s\" given twice",
						    spec->items[i].field[a]);
						goto fail;
					}
	return 0;
fail:
	tl_ta_spec_release(spec);
	return -1;
}

void tl_ta_spec_release(struct tl_ta_spec *spec)
{
	free(spec->items);
	memset(spec, 0, sizeof *spec);
}

/* Starts the state of every item of spec. */
void tl_ta_series_init(struct tl_ta_series *s, const struct tl_ta_spec *spec)
{
	int i;

	s->n = spec->nitems;
	s->st = tl_calloc((size_t)s->n + 1, sizeof *s->st);
	for (i = 0; i < s->n; i++) {
		const struct tl_ta_item *it = &spec->items[i];
		struct tl_ta_state *st = &s->st[i];

		st->kind = it->kind;
		switch (it->kind) {
		case TL_TA_SMA:
			tl_ind_sma_init(&st->u.sma, it->p[0]);
			break;
		case TL_TA_EMA:
			tl_ind_ema_init(&st->u.ema, it->p[0]);
			break;
		case TL_TA_WMA:
			tl_ind_wma_init(&st->u.wma, it->p[0]);
			break;
		case TL_TA_RSI:
			tl_ind_rsi_init(&st->u.rsi, it->p[0]);
			break;
		case TL_TA_ATR:
			tl_ind_atr_init(&st->u.atr, it->p[0]);
			break;
		case TL_TA_ROC:
			tl_ind_roc_init(&st->u.roc, it->p[0]);
			break;
		case TL_TA_STDDEV:
			tl_ind_stddev_init(&st->u.sd, it->p[0]);
			break;
		case TL_TA_RVOL:
			tl_ind_rvol_init(&st->u.rvol, it->p[0]);
			break;
		case TL_TA_VWAP:
			tl_ind_vwap_init(&st->u.vwap, it->p[0]);
			break;
		case TL_TA_OBV:
			tl_ind_obv_init(&st->u.obv);
			break;
		case TL_TA_MACD:
			tl_ind_macd_init(&st->u.macd, it->p[0], it->p[1],
			                 it->p[2]);
			break;
		case TL_TA_BB:
			tl_ind_bollinger_init(&st->u.bb, it->p[0], it->k);
			break;
		case TL_TA_ADX:
			tl_ind_adx_init(&st->u.adx, it->p[0]);
			break;
		case TL_TA_DONCHIAN:
			tl_ind_donchian_init(&st->u.dc, it->p[0]);
			break;
		}
	}
}

/* Copies window ring src into dst of the same size. */
static void win_copy(struct tl_ind_win *dst, const struct tl_ind_win *src)
{
	double *buf = dst->buf;

	memcpy(buf, src->buf, 2 * (size_t)src->n * sizeof *buf);
	*dst = *src;
	dst->buf = buf;
}

/* Copies the state src into dst (same spec), keeping dst's buffers. */
void tl_ta_series_copy(struct tl_ta_series *dst, const struct tl_ta_series *src)
{
	int i;

	for (i = 0; i < src->n; i++) {
		struct tl_ta_state *d = &dst->st[i];
		const struct tl_ta_state *s = &src->st[i];

		switch (s->kind) {
		case TL_TA_SMA: {
			double *buf = d->u.sma.buf;

			memcpy(buf, s->u.sma.buf,
			       (size_t)s->u.sma.n * sizeof *buf);
			d->u.sma = s->u.sma;
			d->u.sma.buf = buf;
			break;
		}
		case TL_TA_WMA:
			win_copy(&d->u.wma.w, &s->u.wma.w);
			break;
		case TL_TA_ROC:
			win_copy(&d->u.roc.w, &s->u.roc.w);
			break;
		case TL_TA_STDDEV:
			win_copy(&d->u.sd.w, &s->u.sd.w);
			break;
		case TL_TA_RVOL:
			win_copy(&d->u.rvol.w, &s->u.rvol.w);
			break;
		case TL_TA_VWAP:
			win_copy(&d->u.vwap.tp, &s->u.vwap.tp);
			win_copy(&d->u.vwap.v, &s->u.vwap.v);
			break;
		case TL_TA_BB:
			win_copy(&d->u.bb.w, &s->u.bb.w);
			d->u.bb.k = s->u.bb.k;
			break;
		case TL_TA_DONCHIAN: {
			struct tl_ind_mono *hi = d->u.dc.hi, *lo = d->u.dc.lo;
			size_t n = (size_t)s->u.dc.n;

			memcpy(hi, s->u.dc.hi, n * sizeof *hi);
			memcpy(lo, s->u.dc.lo, n * sizeof *lo);
			d->u.dc = s->u.dc;
			d->u.dc.hi = hi;
			d->u.dc.lo = lo;
			break;
		}
		default: /* no buffers */
			d->u = s->u;
		}
	}
}

/* Adds one bar to every item and stores the values in out. */
void tl_ta_series_next(struct tl_ta_series *s, double o, double h, double l,
                       double c, double v, double *out)
{
	int i;

	(void)o;
	for (i = 0; i < s->n; i++) {
		struct tl_ta_state *st = &s->st[i];

		switch (st->kind) {
		case TL_TA_SMA:
			*out++ = tl_ind_sma_next(&st->u.sma, c);
			break;
		case TL_TA_EMA:
			*out++ = tl_ind_ema_next(&st->u.ema, c);
			break;
		case TL_TA_WMA:
			*out++ = tl_ind_wma_next(&st->u.wma, c);
			break;
		case TL_TA_RSI:
			*out++ = tl_ind_rsi_next(&st->u.rsi, c);
			break;
		case TL_TA_ATR:
			*out++ = tl_ind_atr_next(&st->u.atr, h, l, c);
			break;
		case TL_TA_ROC:
			*out++ = tl_ind_roc_next(&st->u.roc, c);
			break;
		case TL_TA_STDDEV:
			*out++ = tl_ind_stddev_next(&st->u.sd, c);
			break;
		case TL_TA_RVOL:
			*out++ = tl_ind_rvol_next(&st->u.rvol, v);
			break;
		case TL_TA_VWAP:
			*out++ = tl_ind_vwap_next(&st->u.vwap, h, l, c, v);
			break;
		case TL_TA_OBV:
			*out++ = tl_ind_obv_next(&st->u.obv, c, v);
			break;
		case TL_TA_MACD:
			tl_ind_macd_next(&st->u.macd, c, out, out + 1, out + 2);
			out += 3;
			break;
		case TL_TA_BB:
			tl_ind_bollinger_next(&st->u.bb, c, out + 1, out,
			                      out + 2, out + 3);
			out += 4;
			break;
		case TL_TA_ADX:
			tl_ind_adx_next(&st->u.adx, h, l, c, out, out + 1,
			                out + 2);
			out += 3;
			break;
		case TL_TA_DONCHIAN:
			tl_ind_donchian_next(&st->u.dc, h, l, out, out + 1,
			                     out + 2);
			out += 3;
			break;
		}
	}
}

/* Frees the buffers of every item. */
void tl_ta_series_release(struct tl_ta_series *s)
{
	int i;

	for (i = 0; i < s->n; i++) {
		struct tl_ta_state *st = &s->st[i];

		switch (st->kind) {
		case TL_TA_SMA:
			tl_ind_sma_release(&st->u.sma);
			break;
		case TL_TA_WMA:
			tl_ind_wma_release(&st->u.wma);
			break;
		case TL_TA_ROC:
			tl_ind_roc_release(&st->u.roc);
			break;
		case TL_TA_STDDEV:
			tl_ind_stddev_release(&st->u.sd);
			break;
		case TL_TA_RVOL:
			tl_ind_rvol_release(&st->u.rvol);
			break;
		case TL_TA_VWAP:
			tl_ind_vwap_release(&st->u.vwap);
			break;
		case TL_TA_BB:
			tl_ind_bollinger_release(&st->u.bb);
			break;
		case TL_TA_DONCHIAN:
			tl_ind_donchian_release(&st->u.dc);
			break;
		}
	}
	free(s->st);
	s->st = NULL;
	s->n = 0;
}
