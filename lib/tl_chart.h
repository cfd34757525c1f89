/* tl_chart.h: a bar chart with drawings, trades and equity, as SVG. */
#ifndef TL_CHART_H
#define TL_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_cmd.h"
#include "tl_svg.h"

/* What a drawing is. */
enum { TL_DRAW_LEVEL, TL_DRAW_TRENDLINE, TL_DRAW_PATTERN };

/* Most key points a pattern drawing keeps. */
#define TL_DRAW_POINTS 8

/*
 * One drawing: a level (kind support 0 or resistance 1, price, and a zone
 * when zlo < zhi), a trendline through (t1, p1) and (t2, p2), or a
 * pattern named name over [t1, t2] with npoints key points (pt, pp).
 */
struct tl_drawing {
	int what; /* TL_DRAW_* */
	int kind; /* level: 0 support, 1 resistance */
	double price, zlo, zhi;
	int64_t t1, t2;
	double p1, p2;
	char name[TL_CMD_NAME_MAX + 1];
	int npoints;
	int64_t pt[TL_DRAW_POINTS];
	double pp[TL_DRAW_POINTS];
};

/* One trade: side 1 long or -1 short; an open trade has no exit. */
struct tl_trade {
	int side, win, open;
	int64_t t1, t2;
	double p1, p2;
};

/* One signal at time t: dir 1 long, -1 short. */
struct tl_signal {
	int64_t t;
	int dir;
};

/* One equity point: equity and its drawdown in percent (either sign). */
struct tl_equity {
	int64_t t;
	double equity, dd;
};

/* The trade plan: entry, stop and target, each when has[] says so. */
enum { TL_PLAN_ENTRY, TL_PLAN_STOP, TL_PLAN_TARGET, TL_PLAN_N };

/*
 * What one chart shows; every pointer is borrowed. The bars are one
 * series in rising t, as parallel arrays.
 */
struct tl_chart {
	const char *symbol;
	int tf;
	const int64_t *t;
	const double *o, *h, *l, *c, *v;
	size_t n;
	const struct tl_drawing *draw;
	size_t ndraw;
	double plan[TL_PLAN_N];
	int has_plan[TL_PLAN_N];
	const struct tl_trade *trades;
	size_t ntrades;
	const struct tl_signal *signals;
	size_t nsignals;
	const struct tl_equity *equity;
	size_t nequity;
	const char *title; /* NULL: the symbol and timeframe */
};

/* How to draw it. last: only the last bars (0: all). */
struct tl_chart_opt {
	int width, height, dark;
	size_t last;
};

/*
 * Appends the chart c as a standalone SVG document to s, as
 * chart-render(1) describes it: the layout, the scales, the classes.
 * c->n must be at least 1.
 */
void tl_chart_svg(struct tl_svg *s, const struct tl_chart *c,
                  const struct tl_chart_opt *o);

/*
 * Returns the round tick step (1, 2, 2.5 or 5 times a power of ten) that
 * divides span into at most max steps (max >= 1, span > 0).
 */
double tl_chart_step(double span, int max);

/* One time-axis tick: the bar it is at, and its label. */
struct tl_tick {
	size_t i;
	char label[16];
};

/*
 * Chooses ticks for the bar times t[0..n) of timeframe tf: the finest
 * calendar interval, not finer than tf, from the ladder 1m 5m 15m 30m 1h 2h
 * 4h 6h 12h, 1 and 2 days, 1 week, 1, 3 and 6 months, 1, 2, 5, 10, 20, 50
 * and 100 years, that starts at most max intervals among the bars; a tick
 * is at each bar that starts a new interval. Labels: "14:30" within a day,
 * "Mar 5" for days and weeks, "Mar" for months, the year where the year
 * changes ("2011") and for years, and the day where the day changes for
 * intraday ticks. Writes at most max ticks to out and returns how many.
 */
size_t tl_chart_time_ticks(const int64_t *t, size_t n, int tf, size_t max,
                           struct tl_tick *out);

#endif
