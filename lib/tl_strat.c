/* tl_strat.c: trading decisions: directions, signal records, the crossover rule
 * and built-in strategies. */
#include "tl_strat.h"
#include "tl_num.h"
#include "tl_time.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tl_dir_parse(const char *s, size_t len)
{
	if (len == 4 && memcmp(s, "long", 4) == 0)
		return TL_DIR_LONG;
	if (len == 5 && memcmp(s, "short", 5) == 0)
		return TL_DIR_SHORT;
	if ((len == 4 && memcmp(s, "flat", 4) == 0) ||
	    (len == 7 && memcmp(s, "neutral", 7) == 0))
		return TL_DIR_FLAT;
	return -2;
}

const char *tl_dir_name(int dir)
{
	switch (dir) {
	case TL_DIR_LONG:
		return "long";
	case TL_DIR_SHORT:
		return "short";
	case TL_DIR_FLAT:
		return "flat";
	default:
		return "hold";
	}
}

int tl_cross(double fast_prev, double slow_prev, double fast, double slow)
{
	if (fast_prev < slow_prev && fast > slow)
		return 1;
	if (fast_prev > slow_prev && fast < slow)
		return -1;
	return 0;
}

int tl_signal_from_rec(const struct tl_rec *r, struct tl_signal *s, char *err,
                       size_t errlen)
{
	const struct tl_field *f;
	static const char *const need[] = {"symbol", "t", "direction"};
	size_t i;

	for (i = 0; i < sizeof need / sizeof *need; i++)
		if (!tl_rec_get(r, need[i])) {
			snprintf(err, errlen, "missing field \"%s\"", need[i]);
			return -1;
		}
	f = tl_rec_get(r, "type");
	if (f && !(f->type == TL_V_STR && strcmp(f->s, "signal") == 0)) {
		snprintf(err, errlen, "not a signal record");
		return -1;
	}
	f = tl_rec_get(r, "symbol");
	if (f->type != TL_V_STR || f->slen == 0 || f->slen > TL_SYMBOL_MAX) {
		snprintf(err, errlen,
		         "\"symbol\" must be a string of 1 to %d bytes",
		         TL_SYMBOL_MAX);
		return -1;
	}
	memcpy(s->symbol, f->s, f->slen + 1);
	if (tl_bar_time(tl_rec_get(r, "t"), &s->t, err, errlen) < 0)
		return -1;
	f = tl_rec_get(r, "direction");
	if (f->type != TL_V_STR ||
	    (s->dir = tl_dir_parse(f->s, f->slen)) == -2) {
		snprintf(err, errlen,
		         "\"direction\" must be long, short, flat or neutral");
		return -1;
	}
	s->tf = -1;
	f = tl_rec_get(r, "tf");
	if (f &&
	    (f->type != TL_V_STR || (s->tf = tl_tf_parse(f->s, f->slen)) < 0)) {
		snprintf(err, errlen, "unknown timeframe (" TL_TF_CODES ")");
		return -1;
	}
	return 0;
}

/* Parses a whole period from s, up to a comma or the end; sets *end. */
static int period(const char *s, const char **end, int *v)
{
	char *e;
	long n;

	if (*s < '0' || *s > '9') /* no sign, no space */
		return -1;
	errno = 0;
	n = strtol(s, &e, 10);
	if (errno || n < 1 || n > TL_STRAT_PERIOD_MAX)
		return -1;
	*v = (int)n;
	*end = e;
	return 0;
}

/* Parses a level of rsi from 0 to 100, up to a comma or the end. */
static int level(const char *s, const char **end, double *v)
{
	size_t len = strcspn(s, ",");

	if (tl_num_parse(s, len, 1, v) < 0 || *v < 0 || *v > 100)
		return -1;
	*end = s + len;
	return 0;
}

int tl_strat_parse(const char *s, struct tl_strat_spec *spec, char *err,
                   size_t errlen)
{
	const char *p, *colon = strchr(s, ':');
	size_t nlen = colon ? (size_t)(colon - s) : strlen(s);

	memset(spec, 0, sizeof *spec);
	p = colon ? colon + 1 : s + nlen;
	if ((nlen == 9 && memcmp(s, "sma-cross", 9) == 0) ||
	    (nlen == 9 && memcmp(s, "ema-cross", 9) == 0)) {
		spec->kind =
		    s[0] == 's' ? TL_STRAT_SMA_CROSS : TL_STRAT_EMA_CROSS;
		if (!colon || period(p, &p, &spec->fast) < 0 || *p != ',' ||
		    period(p + 1, &p, &spec->slow) < 0 || *p) {
			snprintf(err, errlen,
			         "%.9s: expected %.9s:FAST,SLOW with whole "
			         "periods from 1 to %d",
			         s, s, TL_STRAT_PERIOD_MAX);
			return -1;
		}
		if (spec->fast >= spec->slow) {
			snprintf(err, errlen,
			         "%.9s: FAST must be less than SLOW, got %d,%d",
			         s, spec->fast, spec->slow);
			return -1;
		}
		return 0;
	}
	if (nlen == 3 && memcmp(s, "rsi", 3) == 0) {
		spec->kind = TL_STRAT_RSI;
		if (!colon || period(p, &p, &spec->fast) < 0 || *p != ',' ||
		    level(p + 1, &p, &spec->low) < 0 || *p != ',' ||
		    level(p + 1, &p, &spec->high) < 0 || *p) {
			snprintf(
			    err, errlen,
			    "rsi: expected rsi:PERIOD,LOW,HIGH with a whole "
			    "period from 1 to %d and levels from 0 to 100",
			    TL_STRAT_PERIOD_MAX);
			return -1;
		}
		if (spec->low >= spec->high) {
			snprintf(err, errlen,
			         "rsi: LOW must be less than HIGH");
			return -1;
		}
		return 0;
	}
	if (nlen == 8 && memcmp(s, "breakout", 8) == 0) {
		spec->kind = TL_STRAT_BREAKOUT;
		if (!colon || period(p, &p, &spec->fast) < 0 || *p) {
			snprintf(err, errlen,
			         "breakout: expected breakout:N with a whole "
			         "period from 1 to %d",
			         TL_STRAT_PERIOD_MAX);
			return -1;
		}
		return 0;
	}
	if (nlen == 8 && memcmp(s, "buy-hold", 8) == 0) {
		spec->kind = TL_STRAT_BUY_HOLD;
		if (colon) {
			snprintf(err, errlen, "buy-hold takes no parameters");
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen,
	         "unknown strategy '%.*s' (sma-cross, ema-cross, rsi, "
	         "breakout, buy-hold)",
	         (int)(nlen > 40 ? 40 : nlen), s);
	return -1;
}

void tl_strat_format(const struct tl_strat_spec *spec, char *buf, size_t len)
{
	char lo[TL_NUM_MAX], hi[TL_NUM_MAX];

	switch (spec->kind) {
	case TL_STRAT_SMA_CROSS:
	case TL_STRAT_EMA_CROSS:
		snprintf(buf, len, "%s:%d,%d",
		         spec->kind == TL_STRAT_SMA_CROSS ? "sma-cross"
		                                          : "ema-cross",
		         spec->fast, spec->slow);
		break;
	case TL_STRAT_RSI:
		tl_num_format(spec->low, lo);
		tl_num_format(spec->high, hi);
		snprintf(buf, len, "rsi:%d,%s,%s", spec->fast, lo, hi);
		break;
	case TL_STRAT_BREAKOUT:
		snprintf(buf, len, "breakout:%d", spec->fast);
		break;
	default:
		snprintf(buf, len, "buy-hold");
		break;
	}
}

int tl_strat_init(struct tl_strat *s, const struct tl_strat_spec *spec)
{
	int r = 0;

	memset(s, 0, sizeof *s);
	s->spec = *spec;
	s->prev_fast = s->prev_slow = NAN;
	s->prev_upper = s->prev_lower = NAN;
	switch (spec->kind) {
	case TL_STRAT_SMA_CROSS:
		if (spec->fast >= spec->slow ||
		    tl_ind_sma_init(&s->sma_fast, spec->fast) < 0 ||
		    tl_ind_sma_init(&s->sma_slow, spec->slow) < 0)
			r = -1;
		break;
	case TL_STRAT_EMA_CROSS:
		if (spec->fast >= spec->slow ||
		    tl_ind_ema_init(&s->ema_fast, spec->fast) < 0 ||
		    tl_ind_ema_init(&s->ema_slow, spec->slow) < 0)
			r = -1;
		break;
	case TL_STRAT_RSI:
		if (spec->low >= spec->high ||
		    tl_ind_rsi_init(&s->rsi, spec->fast) < 0)
			r = -1;
		break;
	case TL_STRAT_BREAKOUT:
		if (tl_ind_donchian_init(&s->don, spec->fast) < 0)
			r = -1;
		break;
	case TL_STRAT_BUY_HOLD:
		break;
	default:
		r = -1;
	}
	if (r < 0) {
		tl_strat_release(s);
		memset(s, 0, sizeof *s);
	}
	return r;
}

/* The decision of a crossover at this bar, given both averages. */
static int crossover(struct tl_strat *s, double fast, double slow)
{
	int x = tl_cross(s->prev_fast, s->prev_slow, fast, slow);

	s->prev_fast = fast;
	s->prev_slow = slow;
	s->ready = !isnan(slow);
	return x > 0 ? TL_DIR_LONG : x < 0 ? TL_DIR_SHORT : TL_DIR_HOLD;
}

int tl_strat_next(struct tl_strat *s, double h, double l, double c)
{
	int d = TL_DIR_HOLD;

	s->count++;
	switch (s->spec.kind) {
	case TL_STRAT_SMA_CROSS: {
		double f = tl_ind_sma_next(&s->sma_fast, c);

		return crossover(s, f, tl_ind_sma_next(&s->sma_slow, c));
	}
	case TL_STRAT_EMA_CROSS: {
		double f = tl_ind_ema_next(&s->ema_fast, c);

		return crossover(s, f, tl_ind_ema_next(&s->ema_slow, c));
	}
	case TL_STRAT_RSI: {
		double r = tl_ind_rsi_next(&s->rsi, c);

		if (isnan(r))
			return TL_DIR_HOLD;
		s->ready = 1;
		return r < s->spec.low    ? TL_DIR_LONG
		       : r > s->spec.high ? TL_DIR_SHORT
		                          : TL_DIR_HOLD;
	}
	case TL_STRAT_BREAKOUT: {
		double up, lo;

		if (!isnan(s->prev_upper)) {
			s->ready = 1;
			d = c > s->prev_upper   ? TL_DIR_LONG
			    : c < s->prev_lower ? TL_DIR_SHORT
			                        : TL_DIR_HOLD;
		}
		tl_ind_donchian_next(&s->don, h, l, &up, &lo, NULL);
		s->prev_upper = up;
		s->prev_lower = lo;
		return d;
	}
	case TL_STRAT_BUY_HOLD:
		s->ready = 1;
		return s->count == 1 ? TL_DIR_LONG : TL_DIR_HOLD;
	}
	return d;
}

void tl_strat_release(struct tl_strat *s)
{
	tl_ind_sma_release(&s->sma_fast);
	tl_ind_sma_release(&s->sma_slow);
	tl_ind_donchian_release(&s->don);
}
