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
	s->lookback = lookback < 2 ? 2 : lookback;
	s->cap = s->lookback < TL_SCAN_WINDOW ? TL_SCAN_WINDOW : s->lookback;
}

void tl_scan_tf_add(struct tl_scan_tf *s, const struct tl_bar *b)
{
	struct tl_scan_raw *r = &s->raw;
	struct tl_scan_bar *x;

	r->c = b->c;
	r->o = b->o;
	r->ema20 = tl_ind_ema_next(&s->e20, b->c);
	r->ema50 = tl_ind_ema_next(&s->e50, b->c);
	tl_ind_adx_next(&s->adx, b->h, b->l, b->c, &r->adx, &r->pdi, &r->mdi);
	r->rsi = tl_ind_rsi_next(&s->rsi, b->c);
	tl_ind_macd_next(&s->macd, b->c, NULL, NULL, &r->macd_hist);
	r->atr = tl_ind_atr_next(&s->atr, b->h, b->l, b->c);
	/* The ring grows by doubling until it wraps at cap. */
	if (s->count == s->size && s->size < s->cap) {
		s->size = s->size ? 2 * s->size : 64;
		if (s->size > s->cap)
			s->size = s->cap;
		s->ring = tl_realloc(s->ring, s->size * sizeof *s->ring);
	}
	x = &s->ring[s->count % s->cap];
	x->h = b->h;
	x->l = b->l;
	x->c = b->c;
	x->v = b->v;
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
 * latest, from the last n bars h, l, c, into r (NAN when none).
 */
static void find_levels(const double *h, const double *l, const double *c,
                        size_t n, struct tl_scan_raw *r)
{
	struct tl_level *lv = NULL;
	size_t i, nl = 0;

	if (n < 3)
		return;
	if (tl_levels_find(h, l, c, n, n - 2, NULL, &lv, &nl) == 0) {
		for (i = 0; i < nl; i++) {
			double p = lv[i].price;

			if (lv[i].kind == TL_LEVEL_RESISTANCE &&
			    (isnan(r->resistance) || p < r->resistance))
				r->resistance = p;
			if (lv[i].kind == TL_LEVEL_SUPPORT &&
			    (isnan(r->support) || p > r->support))
				r->support = p;
		}
	}
	free(lv);
}

/*
 * Computes the fixed-window inputs from the last n bars h, l, c, v (the
 * latest last): the Donchian(20) channel of the 20 bars before the latest,
 * Bollinger(20, 2) and the mean of its last 20 widths, the relative volume
 * against the 20 bars before, the sum of the last 20 volumes and the OBV
 * change over the last 20 bars.
 */
static void window_inputs(const double *h, const double *l, const double *c,
                          const double *v, size_t n, struct tl_scan_raw *r)
{
	double w[TL_SCAN_WINDOW], mid[TL_SCAN_WINDOW], o[TL_SCAN_WINDOW];
	size_t i, k;

	r->dc_upper = r->dc_lower = NAN;
	r->bb_mid = r->bb_width = r->bb_width_avg = NAN;
	r->rvol = r->volume_20 = r->obv_change = NAN;
	if (n >= 21) {
		r->dc_upper = h[n - 21];
		r->dc_lower = l[n - 21];
		for (i = n - 20; i < n - 1; i++) {
			if (h[i] > r->dc_upper)
				r->dc_upper = h[i];
			if (l[i] < r->dc_lower)
				r->dc_lower = l[i];
		}
		tl_ind_rvol(v + n - 21, 21, 20, o);
		r->rvol = o[20];
		r->volume_20 = 0;
		for (i = n - 20; i < n; i++)
			r->volume_20 += v[i];
		tl_ind_obv(c + n - 21, v + n - 21, 21, o);
		r->obv_change = o[20] - o[0];
	}
	if (n >= 20) {
		k = n < 39 ? n : 39;
		tl_ind_bollinger(c + n - k, k, 20, 2, mid, NULL, NULL, w);
		r->bb_mid = mid[k - 1];
		r->bb_width = w[k - 1];
		if (k == 39) {
			tl_ind_sma(w + 19, 20, 20, o);
			r->bb_width_avg = o[19];
		}
	}
}

void tl_scan_tf_eval(struct tl_scan_tf *s, int levels,
                     double comp[TL_SCAN_NCOMP], int valid[TL_SCAN_NCOMP])
{
	struct tl_scan_raw *r = &s->raw;
	size_t n = s->count < s->cap ? (size_t)s->count : s->cap;
	size_t first = (size_t)(s->count - n), i;
	double *h = tl_calloc(4 * (n ? n : 1), sizeof *h), *l = h + n,
	       *c = l + n, *v = c + n;

	for (i = 0; i < n; i++) {
		const struct tl_scan_bar *x = &s->ring[(first + i) % s->cap];

		h[i] = x->h;
		l[i] = x->l;
		c[i] = x->c;
		v[i] = x->v;
	}
	window_inputs(h, l, c, v, n, r);
	r->atr_pct = r->c != 0 ? 100 * r->atr / r->c : NAN;
	r->resistance = r->support = NAN;
	if (levels) {
		size_t m = n < s->lookback ? n : s->lookback;

		find_levels(h + n - m, l + n - m, c + n - m, m, r);
	}
	free(h);
	tl_scan_components(r, s->count, comp, valid);
}

void tl_scan_components(const struct tl_scan_raw *r, uint64_t count,
                        double comp[TL_SCAN_NCOMP], int valid[TL_SCAN_NCOMP])
{
	int i;

	for (i = 0; i < TL_SCAN_NCOMP; i++) {
		comp[i] = 0;
		valid[i] = 0;
	}
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
	if (!isnan(r->obv_change) && count > 20) {
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
	free(s->ring);
	s->ring = NULL;
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
