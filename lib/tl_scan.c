/* tl_scan.c: the scanner's components, weights and score, per timeframe,
 * streaming. */
#include "tl_scan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_levels.h"
#include "tl_util.h"

const char *const tl_scan_comp_names[TL_SCAN_NCOMP] = {
    "trend", "momentum", "volume", "breakout", "volatility"};

const char *const tl_scan_preset_names[TL_SCAN_NPRESETS] = {
    "balanced", "aggressive", "conservative"};

static const struct tl_scan_weights presets[TL_SCAN_NPRESETS] = {
    {{0.3, 0.25, 0.15, 0.2, 0.1}},
    {{0.2, 0.35, 0.15, 0.25, 0.05}},
    {{0.4, 0.2, 0.15, 0.1, 0.15}},
};

int tl_scan_preset(const char *name, struct tl_scan_weights *w)
{
	int i;

	for (i = 0; i < TL_SCAN_NPRESETS; i++)
		if (!strcmp(name, tl_scan_preset_names[i])) {
			*w = presets[i];
			return 0;
		}
	return -1;
}

int tl_scan_weights_check(struct tl_scan_weights *w, int normalize, char *err,
                          size_t errlen)
{
	double sum = 0;
	int i;

	for (i = 0; i < TL_SCAN_NCOMP; i++) {
		if (!isfinite(w->w[i]) || w->w[i] < 0) {
			snprintf(err, errlen,
			         "weight of %s must be a number >= 0",
			         tl_scan_comp_names[i]);
			return -1;
		}
		sum += w->w[i];
	}
	if (normalize) {
		if (!(sum > 0)) {
			snprintf(err, errlen, "weights sum to 0");
			return -1;
		}
		for (i = 0; i < TL_SCAN_NCOMP; i++)
			w->w[i] /= sum;
		return 0;
	}
	if (fabs(sum - 1) > 1e-9) {
		snprintf(err, errlen, "weights sum to %.10g, not 1", sum);
		return -1;
	}
	return 0;
}

int tl_scan_weights_parse(const char *s, int normalize,
                          struct tl_scan_weights *w, char *err, size_t errlen)
{
	int seen[TL_SCAN_NCOMP] = {0};
	const char *p = s;

	memset(w, 0, sizeof *w);
	for (;;) {
		const char *e = strchr(p, ','), *eq;
		size_t len = e ? (size_t)(e - p) : strlen(p), nl;
		char num[64], *end;
		int i;

		eq = memchr(p, '=', len);
		if (!eq) {
			snprintf(err, errlen, "\"%.*s\" is not NAME=WEIGHT",
			         (int)(len > 40 ? 40 : len), p);
			return -1;
		}
		nl = (size_t)(eq - p);
		for (i = 0; i < TL_SCAN_NCOMP; i++)
			if (strlen(tl_scan_comp_names[i]) == nl &&
			    !memcmp(tl_scan_comp_names[i], p, nl))
				break;
		if (i == TL_SCAN_NCOMP) {
			snprintf(err, errlen,
			         "unknown component \"%.*s\" (known: trend, "
			         "momentum, volume, breakout, volatility)",
			         (int)(nl > 40 ? 40 : nl), p);
			return -1;
		}
		if (seen[i]++) {
			snprintf(err, errlen, "%s given twice",
			         tl_scan_comp_names[i]);
			return -1;
		}
		if (len - nl - 1 == 0 || len - nl - 1 >= sizeof num) {
			snprintf(err, errlen, "weight of %s is not a number",
			         tl_scan_comp_names[i]);
			return -1;
		}
		memcpy(num, eq + 1, len - nl - 1);
		num[len - nl - 1] = '\0';
		w->w[i] = strtod(num, &end);
		if (*end || !isfinite(w->w[i]) || w->w[i] < 0) {
			snprintf(
			    err, errlen,
			    "weight of %s must be a number >= 0, not \"%s\"",
			    tl_scan_comp_names[i], num);
			return -1;
		}
		if (!e)
			break;
		p = e + 1;
	}
	return tl_scan_weights_check(w, normalize, err, errlen);
}

void tl_scan_weights_format(const struct tl_scan_weights *w, char *buf,
                            size_t len)
{
	size_t at = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; i < TL_SCAN_NCOMP && at < len; i++)
		at += (size_t)snprintf(buf + at, len - at, "%s%s=%.17g",
		                       i ? "," : "", tl_scan_comp_names[i],
		                       w->w[i]);
}

void tl_scan_tf_init(struct tl_scan_tf *s, int tf, size_t lookback)
{
	memset(s, 0, sizeof *s);
	s->tf = tf;
	tl_ind_ema_init(&s->e20, 20);
	tl_ind_ema_init(&s->e50, 50);
	tl_ind_adx_init(&s->adx, 14);
	tl_ind_rsi_init(&s->rsi, 14);
	tl_ind_macd_init(&s->macd, 12, 26, 9);
	tl_ind_atr_init(&s->atr, 14);
	tl_ind_obv_init(&s->obv);
	tl_ind_rvol_init(&s->rvol, 20);
	tl_ind_bollinger_init(&s->bb, 20, 2);
	tl_ind_sma_init(&s->bbw, 20);
	tl_ind_donchian_init(&s->dc, 20);
	s->prev_upper = s->prev_lower = NAN;
	s->lookback = lookback < 2 ? 2 : lookback;
	s->h = tl_calloc(s->lookback, sizeof *s->h);
	s->l = tl_calloc(s->lookback, sizeof *s->l);
	s->c = tl_calloc(s->lookback, sizeof *s->c);
}

void tl_scan_tf_add(struct tl_scan_tf *s, const struct tl_bar *b)
{
	struct tl_scan_raw *r = &s->raw;
	size_t slot = (size_t)(s->count % s->lookback);
	double obv, u, d, sum = 0;
	int i;

	r->c = b->c;
	r->o = b->o;
	r->ema20 = tl_ind_ema_next(&s->e20, b->c);
	r->ema50 = tl_ind_ema_next(&s->e50, b->c);
	tl_ind_adx_next(&s->adx, b->h, b->l, b->c, &r->adx, &r->pdi, &r->mdi);
	r->rsi = tl_ind_rsi_next(&s->rsi, b->c);
	tl_ind_macd_next(&s->macd, b->c, NULL, NULL, &r->macd_hist);
	r->atr = tl_ind_atr_next(&s->atr, b->h, b->l, b->c);
	obv = tl_ind_obv_next(&s->obv, b->c, b->v);
	memmove(s->obvr, s->obvr + 1, 20 * sizeof *s->obvr);
	s->obvr[20] = obv;
	memmove(s->vr, s->vr + 1, 19 * sizeof *s->vr);
	s->vr[19] = b->v;
	for (i = 0; i < 20; i++)
		sum += s->vr[i];
	r->obv_change = s->count >= 20 ? obv - s->obvr[0] : NAN;
	r->volume_20 = s->count >= 20 ? sum : NAN;
	r->rvol = tl_ind_rvol_next(&s->rvol, b->v);
	tl_ind_bollinger_next(&s->bb, b->c, &r->bb_mid, NULL, NULL,
	                      &r->bb_width);
	r->bb_width_avg =
	    isnan(r->bb_width) ? NAN : tl_ind_sma_next(&s->bbw, r->bb_width);
	r->dc_upper = s->prev_upper;
	r->dc_lower = s->prev_lower;
	tl_ind_donchian_next(&s->dc, b->h, b->l, &u, &d, NULL);
	s->prev_upper = u;
	s->prev_lower = d;
	r->atr_pct = b->c != 0 ? 100 * r->atr / b->c : NAN;
	r->resistance = r->support = NAN;
	s->h[slot] = b->h;
	s->l[slot] = b->l;
	s->c[slot] = b->c;
	s->count++;
	s->t = b->t;
}

/* Returns -1, 0 or 1 as x is negative, zero or positive. */
static double sgn(double x)
{
	return x > 0 ? 1 : x < 0 ? -1 : 0;
}

static double clamp1(double x)
{
	return x > 1 ? 1 : x < -1 ? -1 : x;
}

/*
 * Stores the nearest resistance and support as of the bar before the
 * latest, over the lookback window, into s->raw (NAN when none).
 */
static void find_levels(struct tl_scan_tf *s)
{
	size_t n = s->count < s->lookback ? (size_t)s->count : s->lookback;
	size_t first = (size_t)(s->count - n), i, nl = 0;
	double *h, *l, *c;
	struct tl_level *lv = NULL;

	if (n < 3)
		return;
	h = tl_calloc(3 * n, sizeof *h);
	l = h + n;
	c = l + n;
	for (i = 0; i < n; i++) {
		size_t slot = (size_t)((first + i) % s->lookback);

		h[i] = s->h[slot];
		l[i] = s->l[slot];
		c[i] = s->c[slot];
	}
	if (tl_levels_find(h, l, c, n, n - 2, NULL, &lv, &nl) == 0) {
		for (i = 0; i < nl; i++) {
			double p = lv[i].price;

			if (lv[i].kind == TL_LEVEL_RESISTANCE &&
			    (isnan(s->raw.resistance) || p < s->raw.resistance))
				s->raw.resistance = p;
			if (lv[i].kind == TL_LEVEL_SUPPORT &&
			    (isnan(s->raw.support) || p > s->raw.support))
				s->raw.support = p;
		}
	}
	free(lv);
	free(h);
}

void tl_scan_tf_eval(struct tl_scan_tf *s, int levels,
                     double comp[TL_SCAN_NCOMP], int valid[TL_SCAN_NCOMP])
{
	struct tl_scan_raw *r = &s->raw;
	int i;

	for (i = 0; i < TL_SCAN_NCOMP; i++) {
		comp[i] = 0;
		valid[i] = 0;
	}
	r->resistance = r->support = NAN;
	if (levels)
		find_levels(s);
	if (!isnan(r->ema50) && !isnan(r->adx)) {
		double align =
		    (sgn(r->c - r->ema20) + sgn(r->ema20 - r->ema50)) / 2;
		double a = r->adx / 50;

		comp[TL_SCAN_TREND] =
		    (align + sgn(r->pdi - r->mdi) * (a > 1 ? 1 : a)) / 2;
		valid[TL_SCAN_TREND] = 1;
	}
	if (!isnan(r->rsi) && !isnan(r->macd_hist) && !isnan(r->atr)) {
		double m = r->atr > 0 ? clamp1(r->macd_hist / r->atr) : 0;

		comp[TL_SCAN_MOMENTUM] = ((r->rsi - 50) / 50 + m) / 2;
		valid[TL_SCAN_MOMENTUM] = 1;
	}
	if (!isnan(r->obv_change) && s->count > 20) {
		double o =
		    r->volume_20 > 0 ? clamp1(r->obv_change / r->volume_20) : 0;
		double x = isnan(r->rvol) ? 0 : r->rvol - 1;

		x = x < 0 ? 0 : x > 1 ? 1 : x;
		comp[TL_SCAN_VOLUME] = (o + sgn(r->c - r->o) * x) / 2;
		valid[TL_SCAN_VOLUME] = 1;
	}
	if (!isnan(r->dc_upper)) {
		double v;

		if (!isnan(r->resistance) && r->c > r->resistance)
			v = 1;
		else if (!isnan(r->support) && r->c < r->support)
			v = -1;
		else if (r->c > r->dc_upper)
			v = 1;
		else if (r->c < r->dc_lower)
			v = -1;
		else if (r->dc_upper > r->dc_lower)
			v = (r->c - (r->dc_upper + r->dc_lower) / 2) /
			    (r->dc_upper - r->dc_lower);
		else
			v = 0;
		comp[TL_SCAN_BREAKOUT] = v;
		valid[TL_SCAN_BREAKOUT] = 1;
	}
	if (!isnan(r->bb_width_avg)) {
		double e =
		    r->bb_width_avg > 0 ? r->bb_width / r->bb_width_avg - 1 : 0;

		e = e < 0 ? 0 : e > 1 ? 1 : e;
		comp[TL_SCAN_VOLATILITY] = sgn(r->c - r->bb_mid) * e;
		valid[TL_SCAN_VOLATILITY] = 1;
	}
}

void tl_scan_tf_release(struct tl_scan_tf *s)
{
	tl_ind_rvol_release(&s->rvol);
	tl_ind_bollinger_release(&s->bb);
	tl_ind_sma_release(&s->bbw);
	tl_ind_donchian_release(&s->dc);
	free(s->h);
	free(s->l);
	free(s->c);
	s->h = s->l = s->c = NULL;
}

double tl_scan_score(const double comp[TL_SCAN_NCOMP],
                     const struct tl_scan_weights *w)
{
	double s = 0;
	int i;

	for (i = 0; i < TL_SCAN_NCOMP; i++)
		s += w->w[i] * comp[i];
	s *= 100;
	return s > 100 ? 100 : s < -100 ? -100 : s;
}

int tl_scan_direction(double score)
{
	return score >= 20 ? 1 : score <= -20 ? -1 : 0;
}
