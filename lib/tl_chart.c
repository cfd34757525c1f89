/* tl_chart.c: a bar chart with drawings, trades and equity, as SVG. */
/*
 * tl_chart_svg() lays the chart out (title band, price pane, volume pane,
 * equity pane, time axis; the price axis on the right), aggregates the
 * bars to at most one candle per pixel column, sets the price scale from
 * the candles and the prices drawn at fixed heights, and writes the
 * elements in a fixed order: frames and grid, candles, volume, drawings,
 * the trade plan, trades, signals, equity, then the axis labels and tags.
 */
#include "tl_chart.h"
#include "tl_num.h"
#include "tl_time.h"
#include "tl_util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

double tl_chart_step(double span, int max)
{
	static const double mult[] = {1, 2, 2.5, 5, 10};
	double p = pow(10, floor(log10(span / max)));
	size_t i;

	if (!(p > 0) || !isfinite(p))
		return p > 0 ? p : 1;

	for (i = 0; i < sizeof mult / sizeof *mult; i++)
		if (span / (mult[i] * p) <= max + 1e-9)
			return mult[i] * p;
	return 10 * p;
}

/* Intervals of the time ladder: seconds, weeks, months or years. */
enum { U_SEC, U_WEEK, U_MONTH, U_YEAR };

static const struct {
	int unit;
	int64_t n;
} ladder[] = {
    {U_SEC, 60},    {U_SEC, 300},   {U_SEC, 900},    {U_SEC, 1800},
    {U_SEC, 3600},  {U_SEC, 7200},  {U_SEC, 14400},  {U_SEC, 21600},
    {U_SEC, 43200}, {U_SEC, 86400}, {U_SEC, 172800}, {U_WEEK, 1},
    {U_MONTH, 1},   {U_MONTH, 3},   {U_MONTH, 6},    {U_YEAR, 1},
    {U_YEAR, 2},    {U_YEAR, 5},    {U_YEAR, 10},    {U_YEAR, 20},
    {U_YEAR, 50},   {U_YEAR, 100},
};
#define NLADDER (sizeof ladder / sizeof *ladder)

/* Returns floor(a / b) for b > 0. */
static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0));
}

/* Returns the number of ladder interval r holding t. */
static int64_t bucket(size_t r, int64_t t)
{
	int64_t y;
	int m, d;

	switch (ladder[r].unit) {
	case U_SEC:
		return floordiv(t, ladder[r].n);
	case U_WEEK: /* weeks from Monday 1970-01-05 */
		return floordiv(t - 4 * 86400, 7 * 86400);
	default:
		tl_civil_from_days(floordiv(t, 86400), &y, &m, &d);
		if (ladder[r].unit == U_MONTH)
			return floordiv(y * 12 + m - 1, ladder[r].n);
		return floordiv(y, ladder[r].n);
	}
}

/* Returns the length of ladder interval r in seconds (months as 30 days). */
static int64_t seconds(size_t r)
{
	switch (ladder[r].unit) {
	case U_SEC:
		return ladder[r].n;
	case U_WEEK:
		return 7 * 86400;
	case U_MONTH:
		return ladder[r].n * 30 * 86400;
	default:
		return ladder[r].n * 365 * 86400;
	}
}

/* Returns 1 when bar i starts a new interval r (bar 0: when t[0] is on the
 * interval's boundary). */
static int starts(size_t r, const int64_t *t, size_t i)
{
	if (i > 0)
		return bucket(r, t[i]) != bucket(r, t[i - 1]);
	return t[0] > TL_EPOCH_MIN && bucket(r, t[0]) != bucket(r, t[0] - 1);
}

static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Writes the label of a tick at t for ladder interval r into buf; prev is
 * the time of the tick before (INT64_MIN for the first). */
static void label(size_t r, int64_t t, int64_t prev, char *buf)
{
	int64_t y, py = INT64_MIN, day = floordiv(t, 86400);
	int m, d, pm, pd;

	tl_civil_from_days(day, &y, &m, &d);
	if (prev != INT64_MIN)
		tl_civil_from_days(floordiv(prev, 86400), &py, &pm, &pd);
	if (ladder[r].unit == U_YEAR ||
	    (prev != INT64_MIN && y != py && seconds(r) >= 86400)) {
		snprintf(buf, 16, "%lld", (long long)y);
	} else if (ladder[r].unit == U_MONTH) {
		snprintf(buf, 16, "%s", months[m - 1]);
	} else if (seconds(r) >= 86400 || prev == INT64_MIN ||
	           floordiv(prev, 86400) != day) {
		snprintf(buf, 16, "%s %d", months[m - 1], d);
	} else {
		int64_t s = t - day * 86400;

		snprintf(buf, 16, "%02d:%02d", (int)(s / 3600),
		         (int)(s / 60 % 60));
	}
}

size_t tl_chart_time_ticks(const int64_t *t, size_t n, int tf, size_t max,
                           struct tl_tick *out)
{
	size_t r, i, k = 0, first = 0;
	int64_t prev = INT64_MIN;

	if (n == 0 || max == 0)
		return 0;
	while (first + 1 < NLADDER && seconds(first) < tl_tf_seconds(tf))
		first++;
	for (r = first; r < NLADDER; r++) {
		size_t count = 0;

		for (i = 0; i < n && count <= max; i++)
			count += starts(r, t, i);
		if (count <= max)
			break;
	}
	if (r == NLADDER)
		r = NLADDER - 1;
	for (i = 0; i < n && k < max; i++) {
		if (!starts(r, t, i))
			continue;
		out[k].i = i;
		label(r, t[i], prev, out[k].label);
		prev = t[i];
		k++;
	}
	return k;
}

/* ---- layout ---------------------------------------------------------- */

/* Where things go, in pixels, and the scales. */
struct lay {
	double W, H;
	double L, R;                    /* the panes' left and right edge */
	double pt, ph;                  /* price pane top and height */
	double vt, vh;                  /* volume pane (vh 0: none) */
	double et, eh;                  /* equity pane (eh 0: none) */
	double bottom;                  /* the last pane's bottom edge */
	double lo, hi;                  /* the price scale, padded */
	size_t off, n;                  /* the bars drawn: off .. off + n - 1 */
	size_t k, m;                    /* bars per candle, candles */
	double slot;                    /* a candle's width of the panes */
	double *co, *ch, *cl, *cc, *cv; /* the candles */
};

/* Returns the x of bar i (counted from the first bar drawn; fractional
 * and out-of-range indices extend the bar-index scale). */
static double xof(const struct lay *y, double i)
{
	return y->L + (i + 0.5) * y->slot / (double)y->k;
}

/* Returns the y of price p in the price pane. */
static double yof(const struct lay *y, double p)
{
	return y->pt + (y->hi - p) / (y->hi - y->lo) * y->ph;
}

/*
 * Returns the index (counted from the first bar drawn) of the bar whose
 * period holds time t: the last bar at or before t; before the first bar
 * and after the last, whole bars of tf's length on from them.
 */
static double bar_at(const struct tl_chart *c, const struct lay *y, int64_t t)
{
	int64_t len = tl_tf_seconds(c->tf);
	size_t lo = 0, hi = c->n;
	double i;

	if (t < c->t[0])
		i = -ceil((double)(c->t[0] - t) / (double)len);
	else if (t >= c->t[c->n - 1])
		i = (double)(c->n - 1) +
		    floor((double)(t - c->t[c->n - 1]) / (double)len);
	else {
		while (hi - lo > 1) { /* t[lo] <= t < t[hi] */
			size_t mid = lo + (hi - lo) / 2;

			if (c->t[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		i = (double)lo;
	}
	return i - (double)y->off;
}

/* Writes the text width estimate of len characters of 11px sans. */
static double text_width(size_t len)
{
	return 6.2 * (double)len;
}

/* ---- the document ---------------------------------------------------- */

static const char *const style_light =
    ".bg{fill:#fff}text{font-family:sans-serif;font-size:11px;fill:#444}"
    ".title{font-size:15px;font-weight:bold;fill:#111}.sub{fill:#777}"
    ".frame{fill:none;stroke:#d0d0d0}.grid{stroke:#efefef}"
    ".candle.up path{stroke:#089981}.candle.up rect{fill:#089981}"
    ".candle.down path{stroke:#f23645}.candle.down rect{fill:#f23645}"
    ".volume.up{fill:#089981;fill-opacity:.4}"
    ".volume.down{fill:#f23645;fill-opacity:.4}"
    ".level path{stroke-width:1.2;stroke-dasharray:6 3}"
    ".support path{stroke:#2e7d32}.resistance path{stroke:#c62828}"
    ".zone{fill-opacity:.1;stroke:none}.support .zone{fill:#2e7d32}"
    ".resistance .zone{fill:#c62828}"
    ".tag text{fill:#fff;font-size:10px}.tag rect{fill:#555}"
    ".tag.support rect{fill:#2e7d32}.tag.resistance rect{fill:#c62828}"
    ".tag.entry rect{fill:#1565c0}.tag.stop rect{fill:#c62828}"
    ".tag.target rect{fill:#2e7d32}"
    ".trendline{fill:none;stroke:#1565c0;stroke-width:1.5}"
    ".pattern rect{fill:#8e24aa;fill-opacity:.07;stroke:#8e24aa;"
    "stroke-dasharray:3 2}.pattern polyline{fill:none;stroke:#8e24aa;"
    "stroke-width:1.5}.pattern text{fill:#8e24aa;font-weight:bold}"
    ".plan path{fill:none;stroke-width:1.2}.plan.entry path{stroke:#1565c0}"
    ".plan.stop path{stroke:#c62828;stroke-dasharray:4 3}"
    ".plan.target path{stroke:#2e7d32;stroke-dasharray:4 3}"
    ".risk{fill:#c62828;fill-opacity:.1}.reward{fill:#2e7d32;"
    "fill-opacity:.1}"
    ".trade path{fill:none;stroke-width:1.5;stroke-dasharray:4 2}"
    ".trade.win path{stroke:#2e7d32}.trade.loss path{stroke:#c62828}"
    ".trade.open path{stroke:#757575}.trade polygon{fill:#1565c0}"
    ".trade.win circle{fill:#2e7d32}.trade.loss circle{fill:#c62828}"
    ".signal.long{fill:#2e7d32}.signal.short{fill:#c62828}"
    ".equity{fill:none;stroke:#1565c0;stroke-width:1.5}"
    ".drawdown{fill:#c62828;fill-opacity:.3;stroke:none}";

static const char *const style_dark =
    ".bg{fill:#131722}text{font-family:sans-serif;font-size:11px;"
    "fill:#b2b5be}.title{font-size:15px;font-weight:bold;fill:#eee}"
    ".sub{fill:#868993}.frame{fill:none;stroke:#363a45}"
    ".grid{stroke:#1f2330}"
    ".candle.up path{stroke:#26a69a}.candle.up rect{fill:#26a69a}"
    ".candle.down path{stroke:#ef5350}.candle.down rect{fill:#ef5350}"
    ".volume.up{fill:#26a69a;fill-opacity:.4}"
    ".volume.down{fill:#ef5350;fill-opacity:.4}"
    ".level path{stroke-width:1.2;stroke-dasharray:6 3}"
    ".support path{stroke:#66bb6a}.resistance path{stroke:#ef5350}"
    ".zone{fill-opacity:.12;stroke:none}.support .zone{fill:#66bb6a}"
    ".resistance .zone{fill:#ef5350}"
    ".tag text{fill:#fff;font-size:10px}.tag rect{fill:#555}"
    ".tag.support rect{fill:#388e3c}.tag.resistance rect{fill:#d32f2f}"
    ".tag.entry rect{fill:#1e88e5}.tag.stop rect{fill:#d32f2f}"
    ".tag.target rect{fill:#388e3c}"
    ".trendline{fill:none;stroke:#42a5f5;stroke-width:1.5}"
    ".pattern rect{fill:#ce93d8;fill-opacity:.08;stroke:#ce93d8;"
    "stroke-dasharray:3 2}.pattern polyline{fill:none;stroke:#ce93d8;"
    "stroke-width:1.5}.pattern text{fill:#ce93d8;font-weight:bold}"
    ".plan path{fill:none;stroke-width:1.2}.plan.entry path{stroke:#42a5f5}"
    ".plan.stop path{stroke:#ef5350;stroke-dasharray:4 3}"
    ".plan.target path{stroke:#66bb6a;stroke-dasharray:4 3}"
    ".risk{fill:#ef5350;fill-opacity:.12}.reward{fill:#66bb6a;"
    "fill-opacity:.12}"
    ".trade path{fill:none;stroke-width:1.5;stroke-dasharray:4 2}"
    ".trade.win path{stroke:#66bb6a}.trade.loss path{stroke:#ef5350}"
    ".trade.open path{stroke:#9e9e9e}.trade polygon{fill:#42a5f5}"
    ".trade.win circle{fill:#66bb6a}.trade.loss circle{fill:#ef5350}"
    ".signal.long{fill:#66bb6a}.signal.short{fill:#ef5350}"
    ".equity{fill:none;stroke:#42a5f5;stroke-width:1.5}"
    ".drawdown{fill:#ef5350;fill-opacity:.35;stroke:none}";

/* A price tag on the axis: a level's or the plan's. */
struct tag {
	double y, want; /* where it is drawn, where its price is */
	char text[TL_NUM_MAX + 4];
	const char *cls;
};

/* Returns -1, 0 or 1 as tag a is above, level with or below tag b. */
static int tag_cmp(const void *a, const void *b)
{
	const struct tag *x = a, *y = b;

	if (x->want != y->want)
		return x->want < y->want ? -1 : 1;
	return strcmp(x->text, y->text);
}

/* Moves tags apart to gap pixels, keeping them within [top, bottom]. */
static void spread(struct tag *tags, size_t n, double gap, double top,
                   double bottom)
{
	size_t i;

	qsort(tags, n, sizeof *tags, tag_cmp);
	for (i = 0; i < n; i++) {
		tags[i].y = tags[i].want;
		if (tags[i].y < top)
			tags[i].y = top;
		if (i && tags[i].y < tags[i - 1].y + gap)
			tags[i].y = tags[i - 1].y + gap;
	}
	for (i = n; i-- > 0;) {
		double lim = i + 1 < n ? tags[i + 1].y - gap : bottom;

		if (tags[i].y > lim)
			tags[i].y = lim;
	}
}

/* Returns the decimals that print multiples of step exactly. */
static int step_decimals(double step)
{
	int d;

	for (d = 0; d < 10; d++) {
		double x = step * pow(10, d);

		if (fabs(x - round(x)) < 1e-6 * x)
			return d;
	}
	return d;
}

/*
 * Returns how many multiples of step lie in [lo, hi] (none when step or
 * the range is degenerate, or there would be over 200), and in *first the
 * first one divided by step: the axes count ticks rather than add step,
 * which a price far above its range's width would not change.
 */
static int ticks(double lo, double hi, double step, double *first)
{
	double a, b;

	if (!(step > 0) || !isfinite(step) || !isfinite(lo) || !isfinite(hi))
		return 0;
	a = ceil(lo / step);
	b = floor(hi / step);
	if (!(b >= a) || b - a >= 200)
		return 0;
	*first = a;
	return (int)(b - a) + 1;
}

/* Writes v with d decimals ("-0" as "0") into buf. */
static void fixed(double v, int d, char *buf, size_t size)
{
	snprintf(buf, size, "%.*f", d, v);
	if (strspn(buf, "-0.") == strlen(buf) && buf[0] == '-')
		memmove(buf, buf + 1, strlen(buf));
}

/* Writes volume v compactly ("22.4M") into buf. */
static void compact(double v, char *buf, size_t size)
{
	static const char *const unit[] = {"", "K", "M", "B", "T"};
	int u = 0;

	while (v >= 1000 && u < 4) {
		v /= 1000;
		u++;
	}
	snprintf(buf, size, v < 10 && u ? "%.1f%s" : "%.0f%s", v, unit[u]);
}

/*
 * Clips the segment (x0, y0)-(x1, y1) to the rectangle [l, r] x [t, b]
 * (Liang-Barsky). Returns 0 when nothing of it is inside.
 */
static int clip(double *x0, double *y0, double *x1, double *y1, double l,
                double r, double t, double b)
{
	double dx = *x1 - *x0, dy = *y1 - *y0, u0 = 0, u1 = 1;
	double p[4] = {-dx, dx, -dy, dy};
	double q[4] = {*x0 - l, r - *x0, *y0 - t, b - *y0};
	int i;

	for (i = 0; i < 4; i++) {
		double u;

		if (p[i] == 0) {
			if (q[i] < 0)
				return 0;
			continue;
		}
		u = q[i] / p[i];
		if (p[i] < 0 && u > u0)
			u0 = u;
		else if (p[i] > 0 && u < u1)
			u1 = u;
		if (u0 > u1)
			return 0;
	}
	*x1 = *x0 + u1 * dx;
	*y1 = *y0 + u1 * dy;
	*x0 = *x0 + u0 * dx;
	*y0 = *y0 + u0 * dy;
	return 1;
}

/* Aggregates the bars drawn into candles of k bars each. */
static void candles(const struct tl_chart *c, struct lay *y)
{
	size_t j;

	y->co = tl_malloc(y->m * 5 * sizeof(double));
	y->ch = y->co + y->m;
	y->cl = y->ch + y->m;
	y->cc = y->cl + y->m;
	y->cv = y->cc + y->m;
	for (j = 0; j < y->m; j++) {
		size_t a = y->off + j * y->k, b = a + y->k, i;

		if (b > y->off + y->n)
			b = y->off + y->n;
		y->co[j] = c->o[a];
		y->ch[j] = c->h[a];
		y->cl[j] = c->l[a];
		y->cc[j] = c->c[b - 1];
		y->cv[j] = 0;
		for (i = a; i < b; i++) {
			if (c->h[i] > y->ch[j])
				y->ch[j] = c->h[i];
			if (c->l[i] < y->cl[j])
				y->cl[j] = c->l[i];
			y->cv[j] += c->v[i];
		}
	}
}

/* Sets k and m for the width of the panes (the fewest bars per candle
 * that leave at most one candle per whole pixel) and makes the candles. */
static void layout(const struct tl_chart *c, struct lay *y)
{
	size_t px = (size_t)(y->R - y->L);

	y->k = y->n > px ? (y->n + px - 1) / px : 1;
	y->m = (y->n + y->k - 1) / y->k;
	candles(c, y);
}

/* Returns 1 when trade x overlaps the bars drawn. */
static int trade_shown(const struct tl_chart *c, const struct lay *y,
                       const struct tl_trade *x)
{
	double a = bar_at(c, y, x->t1);
	double b = x->open ? (double)y->n - 1 : bar_at(c, y, x->t2);

	return b >= 0 && a <= (double)y->n - 1;
}

/* Widens [*lo, *hi] to hold p. */
static void widen(double *lo, double *hi, double p)
{
	if (p < *lo)
		*lo = p;
	if (p > *hi)
		*hi = p;
}

/* Sets the price scale: the candles, the levels, the plan and the trades
 * shown, padded by 5% of the range each side. */
static void price_scale(const struct tl_chart *c, struct lay *y)
{
	double lo = y->cl[0], hi = y->ch[0], pad;
	size_t i;

	for (i = 0; i < y->m; i++) {
		widen(&lo, &hi, y->cl[i]);
		widen(&lo, &hi, y->ch[i]);
	}
	for (i = 0; i < c->ndraw; i++)
		if (c->draw[i].what == TL_DRAW_LEVEL)
			widen(&lo, &hi, c->draw[i].price);
	for (i = 0; i < TL_PLAN_N; i++)
		if (c->has_plan[i])
			widen(&lo, &hi, c->plan[i]);
	for (i = 0; i < c->ntrades; i++)
		if (trade_shown(c, y, &c->trades[i])) {
			widen(&lo, &hi, c->trades[i].p1);
			if (!c->trades[i].open)
				widen(&lo, &hi, c->trades[i].p2);
		}
	pad = (hi - lo) * 0.05;
	if (pad == 0)
		pad = hi != 0 ? fabs(hi) * 0.01 : 1;
	y->lo = lo - pad;
	y->hi = hi + pad;
}

/* Writes the title band: the title, the span of the bars, and the last
 * bar on the right when it fits beside them. */
static void title(struct tl_svg *s, const struct tl_chart *c,
                  const struct lay *y)
{
	char a[TL_TIME_MAX], b[TL_TIME_MAX], o[TL_NUM_MAX], h[TL_NUM_MAX],
	    l[TL_NUM_MAX], cl[TL_NUM_MAX], text[160];
	size_t last = y->off + y->n - 1;
	int intraday = tl_tf_seconds(c->tf) < 86400;
	size_t len = c->title
	                 ? strlen(c->title)
	                 : strlen(c->symbol) + 1 + strlen(tl_tf_name(c->tf));
	double used;

	tl_time_format(c->t[y->off], a);
	tl_time_format(c->t[last], b);
	a[intraday ? 16 : 10] = b[intraday ? 16 : 10] = '\0';
	if (intraday)
		a[10] = b[10] = ' ';
	tl_svg_fmt(s, "<text class=\"title\" x=\"%n\" y=\"20\">", y->L);
	if (c->title)
		tl_svg_fmt(s, "%e", c->title);
	else
		tl_svg_fmt(s, "%e %s", c->symbol, tl_tf_name(c->tf));
	if (y->k > 1)
		snprintf(text, sizeof text,
		         "%s to %s, %zu bars, %zu per candle", a, b, y->n,
		         y->k);
	else
		snprintf(text, sizeof text, "%s to %s, %zu bar%s", a, b, y->n,
		         y->n == 1 ? "" : "s");
	tl_svg_fmt(s,
	           "<tspan class=\"sub\" dx=\"10\" font-size=\"11px\" "
	           "font-weight=\"normal\">%s</tspan></text>\n",
	           text);
	/* A bold 15px character is about 9.5 pixels wide. */
	used = y->L + 9.5 * (double)len + 10 + text_width(strlen(text)) + 16;
	tl_num_format(c->o[last], o);
	tl_num_format(c->h[last], h);
	tl_num_format(c->l[last], l);
	tl_num_format(c->c[last], cl);
	snprintf(text, sizeof text, "O %s  H %s  L %s  C %s", o, h, l, cl);
	if (used + text_width(strlen(text)) <= y->R)
		tl_svg_fmt(s,
		           "<text class=\"sub\" x=\"%n\" y=\"20\" "
		           "text-anchor=\"end\">%s</text>\n",
		           y->R, text);
}

/* Writes the grid and labels of the price axis, leaving out labels that a
 * tag covers. */
static void price_axis(struct tl_svg *s, const struct lay *y,
                       const struct tag *tags, size_t ntags)
{
	double step = tl_chart_step(y->hi - y->lo, (int)(y->ph / 30) + 1);
	int d = step_decimals(step), k, n;
	double first = 0;

	n = ticks(y->lo, y->hi, step, &first);
	tl_svg_fmt(s, "<g class=\"axis price\">\n");
	for (k = 0; k < n; k++) {
		double v = (first + k) * step, py = yof(y, v);
		char buf[48];
		size_t i;

		if (py < y->pt + 6 || py > y->pt + y->ph - 6)
			continue;
		tl_svg_fmt(s, "<path class=\"grid\" d=\"M%n %nH%n\"/>", y->L,
		           py, y->R);
		for (i = 0; i < ntags; i++)
			if (fabs(tags[i].y - py) < 13)
				break;
		fixed(v, d, buf, sizeof buf);
		if (i == ntags)
			tl_svg_fmt(s, "<text x=\"%n\" y=\"%n\">%s</text>",
			           y->R + 5, py + 4, buf);
		tl_svg_raw(s, "\n", 1);
	}
	tl_svg_fmt(s, "</g>\n");
}

/* Writes the time axis: ticks, grid lines through every pane, labels. */
static void time_axis(struct tl_svg *s, const struct tl_chart *c,
                      const struct lay *y)
{
	size_t max = (size_t)((y->R - y->L) / 90) + 1, n, i;
	struct tl_tick *ticks = tl_malloc(max * sizeof *ticks);
	double last = -1e9;

	n = tl_chart_time_ticks(c->t + y->off, y->n, c->tf, max, ticks);
	tl_svg_fmt(s, "<g class=\"axis time\">\n");
	for (i = 0; i < n; i++) {
		double x = xof(y, (double)ticks[i].i);
		double half = text_width(strlen(ticks[i].label)) / 2;

		if (x - last < 50 || x - half < 2 || x + half > y->R + 30)
			continue;
		last = x;
		tl_svg_fmt(s,
		           "<path class=\"grid\" d=\"M%n %nV%n\"/>"
		           "<text x=\"%n\" y=\"%n\" text-anchor=\"middle\">"
		           "%s</text>\n",
		           x, y->pt, y->bottom, x, y->bottom + 15,
		           ticks[i].label);
	}
	tl_svg_fmt(s, "</g>\n");
	free(ticks);
}

/* Writes the candles, one group per candle, and their volume bars. */
static void draw_candles(struct tl_svg *s, const struct lay *y)
{
	double bw = y->slot * 0.7, vmax = 0;
	size_t j;

	if (bw < 0.6)
		bw = 0.6;
	if (bw > 24)
		bw = 24;
	tl_svg_fmt(s, "<g class=\"candles\">\n");
	for (j = 0; j < y->m; j++) {
		double x = y->L + ((double)j + 0.5) * y->slot;
		double yo = yof(y, y->co[j]), yc = yof(y, y->cc[j]);
		double top = yo < yc ? yo : yc, hb = fabs(yo - yc);

		if (hb < 0.8) {
			top -= (0.8 - hb) / 2;
			hb = 0.8;
		}
		tl_svg_fmt(s,
		           "<g class=\"candle %s\"><path d=\"M%n %nV%n\"/>"
		           "<rect x=\"%n\" y=\"%n\" width=\"%n\" "
		           "height=\"%n\"/></g>\n",
		           y->cc[j] >= y->co[j] ? "up" : "down", x,
		           yof(y, y->ch[j]), yof(y, y->cl[j]), x - bw / 2, top,
		           bw, hb);
	}
	tl_svg_fmt(s, "</g>\n");
	if (y->vh == 0)
		return;
	for (j = 0; j < y->m; j++)
		if (y->cv[j] > vmax)
			vmax = y->cv[j];
	tl_svg_fmt(s, "<g class=\"volumes\">\n");
	for (j = 0; j < y->m; j++) {
		double x = y->L + ((double)j + 0.5) * y->slot;
		double hv = y->cv[j] / vmax * (y->vh - 4);

		tl_svg_fmt(s,
		           "<rect class=\"volume %s\" x=\"%n\" y=\"%n\" "
		           "width=\"%n\" height=\"%n\"/>\n",
		           y->cc[j] >= y->co[j] ? "up" : "down", x - bw / 2,
		           y->vt + y->vh - hv, bw, hv);
	}
	tl_svg_fmt(s, "</g>\n");
	{
		char buf[32];

		compact(vmax, buf, sizeof buf);
		tl_svg_fmt(
		    s,
		    "<text x=\"%n\" y=\"%n\">%s</text>"
		    "<text class=\"sub\" x=\"%n\" y=\"%n\">volume</text>\n",
		    y->R + 5, y->vt + 12, buf, y->L + 4, y->vt + 12);
	}
}

/* Writes level d as a line across the price pane (and its zone). */
static void draw_level(struct tl_svg *s, const struct lay *y,
                       const struct tl_drawing *d)
{
	const char *kind = d->kind ? "resistance" : "support";
	double py = yof(y, d->price);

	tl_svg_fmt(s, "<g class=\"level %s\">", kind);
	if (d->zhi > d->zlo) {
		double a = yof(y, d->zhi), b = yof(y, d->zlo);

		if (a < y->pt)
			a = y->pt;
		if (b > y->pt + y->ph)
			b = y->pt + y->ph;
		if (b - a >= 1)
			tl_svg_fmt(s,
			           "<rect class=\"zone\" x=\"%n\" y=\"%n\" "
			           "width=\"%n\" height=\"%n\"/>",
			           y->L, a, y->R - y->L, b - a);
	}
	tl_svg_fmt(s, "<path d=\"M%n %nH%n\"/></g>\n", y->L, py, y->R);
}

/* Writes trendline d: through its anchors in bar-index space, from the
 * first anchor to the last bar, clipped to the price pane. */
static void draw_trendline(struct tl_svg *s, const struct tl_chart *c,
                           const struct lay *y, const struct tl_drawing *d)
{
	double a = bar_at(c, y, d->t1), b = bar_at(c, y, d->t2), slope;
	double i0, i1, x0, y0, x1, y1;

	if (a == b)
		return;
	slope = (d->p2 - d->p1) / (b - a);
	i0 = a < b ? a : b;
	i1 = a > b ? a : b;
	if (i1 < (double)y->n - 1)
		i1 = (double)y->n - 1;
	x0 = xof(y, i0);
	y0 = yof(y, d->p1 + slope * (i0 - a));
	x1 = xof(y, i1);
	y1 = yof(y, d->p1 + slope * (i1 - a));
	if (!clip(&x0, &y0, &x1, &y1, y->L, y->R, y->pt, y->pt + y->ph))
		return;
	tl_svg_fmt(s, "<path class=\"trendline\" d=\"M%n %nL%n %n\"/>\n", x0,
	           y0, x1, y1);
}

/* Writes pattern d: a box over its span from its lowest low to its highest
 * high, its key points joined, and its name. */
static void draw_pattern(struct tl_svg *s, const struct tl_chart *c,
                         const struct lay *y, const struct tl_drawing *d)
{
	double a = bar_at(c, y, d->t1), b = bar_at(c, y, d->t2);
	double hi, lo, x0, x1, unit = y->slot / (double)y->k;

	if (a > b) { /* a record's end before its start */
		double t = a;

		a = b;
		b = t;
	}
	size_t i, from, to;
	char name[TL_CMD_NAME_MAX + 1], *p;

	if (b < 0 || a > (double)y->n - 1)
		return;
	from = a < 0 ? 0 : (size_t)a;
	to = b > (double)y->n - 1 ? y->n - 1 : (size_t)b;
	hi = c->h[y->off + from];
	lo = c->l[y->off + from];
	for (i = from; i <= to; i++) {
		widen(&lo, &hi, c->h[y->off + i]);
		widen(&lo, &hi, c->l[y->off + i]);
	}
	x0 = xof(y, (double)from) - unit / 2;
	x1 = xof(y, (double)to) + unit / 2;
	snprintf(name, sizeof name, "%s", d->name);
	for (p = name; *p; p++)
		if (*p == '_')
			*p = ' ';
	tl_svg_fmt(s,
	           "<g class=\"pattern\"><rect x=\"%n\" y=\"%n\" width=\"%n\" "
	           "height=\"%n\"/>",
	           x0, yof(y, hi) - 4, x1 - x0, yof(y, lo) - yof(y, hi) + 8);
	if (d->npoints > 1) {
		int k;

		tl_svg_fmt(s, "<polyline points=\"");
		for (k = 0; k < d->npoints; k++)
			tl_svg_fmt(s, k ? " %n,%n" : "%n,%n",
			           xof(y, bar_at(c, y, d->pt[k])),
			           yof(y, d->pp[k]));
		tl_svg_fmt(s, "\"/>");
	}
	tl_svg_fmt(s, "<text x=\"%n\" y=\"%n\">%e</text></g>\n",
	           x0 < y->L ? y->L + 2 : x0 + 2,
	           yof(y, hi) - 8 < y->pt + 11 ? yof(y, lo) + 17
	                                       : yof(y, hi) - 8,
	           name);
}

/* Writes the trade plan: a line at each price, and the risk and reward
 * zones over the last fifth of the pane when there is an entry. */
static void draw_plan(struct tl_svg *s, const struct tl_chart *c,
                      const struct lay *y)
{
	static const char *const cls[] = {"entry", "stop", "target"};
	double x = y->R - (y->R - y->L) / 5;
	int i;

	if (!c->has_plan[0] && !c->has_plan[1] && !c->has_plan[2])
		return;
	tl_svg_fmt(s, "<g class=\"plan\">\n");
	for (i = 1; i < TL_PLAN_N && c->has_plan[0]; i++) {
		double a, b;

		if (!c->has_plan[i])
			continue;
		a = yof(y, c->plan[0]);
		b = yof(y, c->plan[i]);
		tl_svg_fmt(s,
		           "<rect class=\"%s\" x=\"%n\" y=\"%n\" width=\"%n\" "
		           "height=\"%n\"/>\n",
		           i == TL_PLAN_STOP ? "risk" : "reward", x,
		           a < b ? a : b, y->R - x, fabs(a - b));
	}
	for (i = 0; i < TL_PLAN_N; i++)
		if (c->has_plan[i])
			tl_svg_fmt(
			    s,
			    "<g class=\"plan %s\"><path d=\"M%n %nH%n\"/>"
			    "</g>\n",
			    cls[i], y->L, yof(y, c->plan[i]), y->R);
	tl_svg_fmt(s, "</g>\n");
}

/* Writes the trades shown: entry and exit markers joined by a line. */
static void draw_trades(struct tl_svg *s, const struct tl_chart *c,
                        const struct lay *y)
{
	size_t i;

	for (i = 0; i < c->ntrades; i++) {
		const struct tl_trade *x = &c->trades[i];
		double x0, y0, x1, y1, dir = x->side > 0 ? 1 : -1;

		if (!trade_shown(c, y, x))
			continue;
		x0 = xof(y, bar_at(c, y, x->t1));
		y0 = yof(y, x->p1);
		x1 = x->open ? xof(y, (double)y->n - 1)
		             : xof(y, bar_at(c, y, x->t2));
		y1 = x->open ? yof(y, y->cc[y->m - 1]) : yof(y, x->p2);
		tl_svg_fmt(s,
		           "<g class=\"trade %s %s\"><path d=\"M%n %nL%n %n\"/>"
		           "<polygon points=\"%n,%n %n,%n %n,%n\"/>",
		           x->open  ? "open"
		           : x->win ? "win"
		                    : "loss",
		           x->side > 0 ? "long" : "short", x0, y0, x1, y1, x0,
		           y0, x0 - 5, y0 + 8 * dir, x0 + 5, y0 + 8 * dir);
		if (!x->open)
			tl_svg_fmt(s, "<circle cx=\"%n\" cy=\"%n\" r=\"3.5\"/>",
			           x1, y1);
		tl_svg_fmt(s, "</g>\n");
	}
}

/* Writes the signals on bars shown: a triangle under the low (long) or
 * over the high (short) of the bar. */
static void draw_signals(struct tl_svg *s, const struct tl_chart *c,
                         const struct lay *y)
{
	size_t i;

	for (i = 0; i < c->nsignals; i++) {
		double b = bar_at(c, y, c->signals[i].t), x, p;
		int up = c->signals[i].dir > 0;
		size_t j;

		if (b < 0 || b > (double)y->n - 1)
			continue;
		j = (size_t)b / y->k;
		x = xof(y, b);
		p = up ? yof(y, y->cl[j]) + 4 : yof(y, y->ch[j]) - 4;
		tl_svg_fmt(s,
		           "<polygon class=\"signal %s\" "
		           "points=\"%n,%n %n,%n %n,%n\"/>\n",
		           up ? "long" : "short", x, p, x - 4,
		           p + (up ? 7 : -7), x + 4, p + (up ? 7 : -7));
	}
}

/* Writes the equity pane: the equity line over its own scale in the upper
 * part, the drawdown hanging from a zero line in the lower part. */
static void draw_equity(struct tl_svg *s, const struct tl_chart *c,
                        const struct lay *y)
{
	double *eq = tl_malloc(y->m * 2 * sizeof *eq), *dd = eq + y->m;
	char *has = tl_calloc(y->m, 1);
	double emin = 0, emax = 0, dmax = 0, top = y->et + 6,
	       h = y->eh * 0.68 - 10, zero = y->et + y->eh * 0.7,
	       dh = y->eh * 0.3 - 4;
	size_t i, j, any = 0;
	int first = 1;

	for (i = 0; i < c->nequity; i++) {
		double b = bar_at(c, y, c->equity[i].t);

		if (b < 0 || b > (double)y->n - 1)
			continue;
		j = (size_t)b / y->k;
		eq[j] = c->equity[i].equity;
		if (!has[j] || fabs(c->equity[i].dd) > dd[j])
			dd[j] = fabs(c->equity[i].dd);
		has[j] = 1;
	}
	for (j = 0; j < y->m; j++) {
		if (!has[j])
			continue;
		if (!any++)
			emin = emax = eq[j];
		widen(&emin, &emax, eq[j]);
		if (dd[j] > dmax)
			dmax = dd[j];
	}
	if (any) {
		double step, t0 = 0;
		int d, k, n;

		if (emax == emin) {
			emax += emax != 0 ? fabs(emax) * 0.01 : 1;
			emin -= emin != 0 ? fabs(emin) * 0.01 : 1;
		}
		step = tl_chart_step(emax - emin, 3);
		d = step_decimals(step);
		tl_svg_fmt(s, "<g class=\"axis equity-axis\">\n");
		n = ticks(emin, emax, step, &t0);
		for (k = 0; k < n; k++) {
			char buf[48];
			double v = (t0 + k) * step;
			double py = top + (emax - v) / (emax - emin) * h;

			fixed(v, d, buf, sizeof buf);
			tl_svg_fmt(s,
			           "<path class=\"grid\" d=\"M%n %nH%n\"/>"
			           "<text x=\"%n\" y=\"%n\">%s</text>\n",
			           y->L, py, y->R, y->R + 5, py + 4, buf);
		}
		tl_svg_fmt(s, "</g>\n<path class=\"equity\" d=\"");
		for (j = 0; j < y->m; j++)
			if (has[j]) {
				tl_svg_fmt(s, first ? "M%n %n" : "L%n %n",
				           y->L + ((double)j + 0.5) * y->slot,
				           top + (emax - eq[j]) /
				                     (emax - emin) * h);
				first = 0;
			}
		tl_svg_fmt(s, "\"/>\n");
		if (dmax > 0) {
			double x0 = 0, x1 = 0;

			tl_svg_fmt(s, "<path class=\"drawdown\" d=\"");
			first = 1;
			for (j = 0; j < y->m; j++)
				if (has[j]) {
					double x =
					    y->L + ((double)j + 0.5) * y->slot;

					if (first)
						x0 = x;
					x1 = x;
					tl_svg_fmt(s,
					           first ? "M%n %n" : "L%n %n",
					           x, zero + dd[j] / dmax * dh);
					first = 0;
				}
			tl_svg_fmt(s, "L%n %nL%n %nZ\"/>\n", x1, zero, x0,
			           zero);
		}
		{
			char buf[48];

			snprintf(buf, sizeof buf,
			         "equity, drawdown up to %.1f%%", dmax);
			tl_svg_fmt(s,
			           "<path class=\"grid\" d=\"M%n %nH%n\"/>"
			           "<text class=\"sub\" x=\"%n\" y=\"%n\">%s"
			           "</text>\n",
			           y->L, zero, y->R, y->L + 4, y->et + 12, buf);
		}
	}
	free(eq);
	free(has);
}

/* Collects the tags of the levels and the plan, spread apart. */
static size_t collect_tags(const struct tl_chart *c, const struct lay *y,
                           struct tag *tags)
{
	static const char *const cls[] = {"entry", "stop", "target"};
	static const char *const pre[] = {"E ", "SL ", "TP "};
	size_t i, n = 0;

	for (i = 0; i < c->ndraw; i++) {
		char num[TL_NUM_MAX];

		if (c->draw[i].what != TL_DRAW_LEVEL)
			continue;
		tl_num_format(c->draw[i].price, num);
		snprintf(tags[n].text, sizeof tags[n].text, "%s", num);
		tags[n].want = yof(y, c->draw[i].price);
		tags[n].cls = c->draw[i].kind ? "resistance" : "support";
		n++;
	}
	for (i = 0; i < TL_PLAN_N; i++) {
		char num[TL_NUM_MAX];

		if (!c->has_plan[i])
			continue;
		tl_num_format(c->plan[i], num);
		snprintf(tags[n].text, sizeof tags[n].text, "%s%s", pre[i],
		         num);
		tags[n].want = yof(y, c->plan[i]);
		tags[n].cls = cls[i];
		n++;
	}
	spread(tags, n, 14, y->pt + 7, y->pt + y->ph - 7);
	return n;
}

/* Returns the widest price-axis text: ticks and tags. */
static size_t axis_chars(const struct tl_chart *c, const struct lay *y)
{
	double step = tl_chart_step(y->hi - y->lo, (int)(y->ph / 30) + 1);
	int d = step_decimals(step);
	char buf[64];
	size_t most = 5, i;

	fixed(y->lo, d, buf, sizeof buf);
	if (strlen(buf) > most)
		most = strlen(buf);
	fixed(y->hi, d, buf, sizeof buf);
	if (strlen(buf) > most)
		most = strlen(buf);
	for (i = 0; i < c->ndraw; i++)
		if (c->draw[i].what == TL_DRAW_LEVEL) {
			size_t n = tl_num_format(c->draw[i].price, buf);

			if (n > most)
				most = n;
		}
	for (i = 0; i < TL_PLAN_N; i++)
		if (c->has_plan[i]) {
			size_t n = tl_num_format(c->plan[i], buf) + 3;

			if (n > most)
				most = n;
		}
	return most > 20 ? 20 : most;
}

void tl_chart_svg(struct tl_svg *s, const struct tl_chart *c,
                  const struct tl_chart_opt *o)
{
	struct lay y;
	struct tag *tags;
	double avail, gap = 8, vmax = 0;
	size_t i, ntags;

	memset(&y, 0, sizeof y);
	y.W = o->width;
	y.H = o->height;
	y.n = o->last && o->last < c->n ? o->last : c->n;
	y.off = c->n - y.n;
	for (i = y.off; i < c->n; i++)
		if (c->v[i] > vmax)
			vmax = c->v[i];
	/* Panes, top to bottom: a title band, price, volume, equity, and the
	 * time axis labels. */
	avail = y.H - 32 - 24;
	y.pt = 32;
	if (c->nequity) {
		y.ph = avail * 0.58;
		y.eh = avail * 0.26 - gap;
	} else
		y.ph = avail * (vmax > 0 ? 0.8 : 1);
	if (vmax > 0) {
		y.vt = y.pt + y.ph + gap;
		y.vh = avail - y.ph - gap - (c->nequity ? y.eh + gap : 0);
	}
	y.et = (vmax > 0 ? y.vt + y.vh : y.pt + y.ph) + gap;
	if (c->nequity && vmax == 0)
		y.eh = avail - y.ph - gap;
	y.bottom = c->nequity ? y.et + y.eh
	           : vmax > 0 ? y.vt + y.vh
	                      : y.pt + y.ph;
	/* The price scale does not depend on the width: lay the candles out
	 * at the widest to find it, narrow the panes to the axis labels, and
	 * lay them out again at the width left. */
	y.L = 8;
	y.R = y.W - 60;
	layout(c, &y);
	price_scale(c, &y);
	y.R = y.W - (text_width(axis_chars(c, &y)) + 14);
	free(y.co);
	layout(c, &y);
	y.slot = (y.R - y.L) / (double)y.m;

	tl_svg_fmt(s,
	           "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	           "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%n\" "
	           "height=\"%n\" viewBox=\"0 0 %n %n\">\n<title>",
	           y.W, y.H, y.W, y.H);
	if (c->title)
		tl_svg_fmt(s, "%e", c->title);
	else
		tl_svg_fmt(s, "%e %s", c->symbol, tl_tf_name(c->tf));
	tl_svg_fmt(s, "</title>\n<style>%s</style>\n",
	           o->dark ? style_dark : style_light);
	tl_svg_fmt(s, "<rect class=\"bg\" width=\"%n\" height=\"%n\"/>\n", y.W,
	           y.H);
	title(s, c, &y);
	tl_svg_fmt(s,
	           "<rect class=\"frame price\" x=\"%n\" y=\"%n\" "
	           "width=\"%n\" height=\"%n\"/>\n",
	           y.L, y.pt, y.R - y.L, y.ph);
	if (y.vh > 0)
		tl_svg_fmt(
		    s,
		    "<rect class=\"frame volume-pane\" x=\"%n\" y=\"%n\" "
		    "width=\"%n\" height=\"%n\"/>\n",
		    y.L, y.vt, y.R - y.L, y.vh);
	if (y.eh > 0)
		tl_svg_fmt(s,
		           "<rect class=\"frame equity-pane\" x=\"%n\" "
		           "y=\"%n\" width=\"%n\" height=\"%n\"/>\n",
		           y.L, y.et, y.R - y.L, y.eh);
	tags = tl_malloc((c->ndraw + TL_PLAN_N + 1) * sizeof *tags);
	ntags = collect_tags(c, &y, tags);
	price_axis(s, &y, tags, ntags);
	time_axis(s, c, &y);
	for (i = 0; i < c->ndraw; i++)
		if (c->draw[i].what == TL_DRAW_LEVEL)
			draw_level(s, &y, &c->draw[i]);
	for (i = 0; i < c->ndraw; i++)
		if (c->draw[i].what == TL_DRAW_PATTERN)
			draw_pattern(s, c, &y, &c->draw[i]);
	draw_plan(s, c, &y);
	draw_candles(s, &y);
	for (i = 0; i < c->ndraw; i++)
		if (c->draw[i].what == TL_DRAW_TRENDLINE)
			draw_trendline(s, c, &y, &c->draw[i]);
	draw_trades(s, c, &y);
	draw_signals(s, c, &y);
	if (y.eh > 0)
		draw_equity(s, c, &y);
	tl_svg_fmt(s, "<g class=\"tags\">\n");
	for (i = 0; i < ntags; i++)
		tl_svg_fmt(s,
		           "<g class=\"tag %s\"><rect x=\"%n\" y=\"%n\" "
		           "width=\"%n\" height=\"13\" rx=\"2\"/>"
		           "<text x=\"%n\" y=\"%n\">%s</text></g>\n",
		           tags[i].cls, y.R + 1, tags[i].y - 6.5,
		           text_width(strlen(tags[i].text)) * 0.92 + 8, y.R + 5,
		           tags[i].y + 3.5, tags[i].text);
	tl_svg_fmt(s, "</g>\n</svg>\n");
	free(tags);
	free(y.co);
}
