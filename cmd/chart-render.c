/* chart-render: the chart of a record stream, as one standalone SVG. */
/*
 * Start reading main(): records are read from the operands (bars checked
 * as chart-levels checks them, into per-series arrays); level, trendline
 * and pattern records become drawings of their symbol's chart; command
 * records and the chart_commands of answer records are executed in order
 * against a cursor (the symbol and timeframe the chart is on: LOAD and
 * TIMEFRAME move it, the others draw on its symbol); trade, signal and
 * equity records are kept per symbol. At the end of input the chart to
 * draw is picked (the last LOADed symbol and TIMEFRAMEd timeframe, else
 * the first series), and tl_chart_svg() (lib/tl_chart.h) writes it; with
 * -o DIR every symbol with bars gets its own file.
 */
#include "tl_bar.h"
#include "tl_barin.h"
#include "tl_chart.h"
#include "tl_cli.h"
#include "tl_cmd.h"
#include "tl_ndjson.h"
#include "tl_svg.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { OPT_WIDTH = 256, OPT_HEIGHT, OPT_THEME, OPT_LAST, OPT_TITLE };

static const struct tl_opt opts[] = {
    {"width", OPT_WIDTH, "W", "width in pixels, 320 to 10000 (default 1200)",
     NULL},
    {"height", OPT_HEIGHT, "H", "height in pixels, 240 to 10000 (default 700)",
     NULL},
    {"theme", OPT_THEME, "light|dark", "colours (default light)", "light dark"},
    {"last", OPT_LAST, "N", "draw only the last N bars", NULL},
    {"title", OPT_TITLE, "TEXT", "the title (default: symbol and timeframe)",
     NULL},
    {"output", 'o', "FILE|DIR", "write to FILE, or one SVG per symbol into DIR",
     "file"},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {0},
};

static const struct tl_prog prog = {
    "chart-render",
    "[--width W] [--height H] [--theme light|dark] [--last N] "
    "[--title TEXT] [-o FILE|DIR] [--skip-bad] [--max-line BYTES] "
    "[FILE...]",
    "Draw bars, levels, trendlines, patterns, chart commands, trades and "
    "equity as an SVG chart.",
    opts,
    "file",
};

/* What is drawn on one symbol's chart. */
struct chart {
	struct tl_drawing *draw;
	size_t ndraw, capdraw;
	double plan[TL_PLAN_N];
	int has_plan[TL_PLAN_N];
	struct tl_trade *trades;
	size_t ntrades, captrades;
	struct tl_signal *signals;
	size_t nsignals, capsignals;
	struct tl_equity *equity;
	size_t nequity, capequity;
	int tf; /* the last TIMEFRAME while on this symbol, or -1 */
	int used;
};

struct state {
	struct tl_seriesmap series; /* bars by (symbol, tf) */
	struct tl_seriesmap charts; /* struct chart by (symbol, 0); "" for
	                               commands before any symbol */
	struct tl_barin in;
	char cursor[TL_SYMBOL_MAX + 1]; /* the symbol the chart is on */
	int cursor_tf;                  /* its timeframe, or -1 */
	char loaded[TL_SYMBOL_MAX + 1]; /* the last LOAD, or "" */
	int picked_tf;                  /* the last TIMEFRAME, or -1 */
};

/* Makes room for one more element in the array *p of *cap elements of
 * size bytes holding n. */
static void *more(void *p, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return p;
	*cap = *cap ? *cap * 2 : 16;
	return tl_realloc(p, *cap * size);
}

/* Returns the chart of symbol (made when new). */
static struct chart *chart_of(struct state *st, const char *symbol)
{
	int created = 0;
	struct tl_series *s =
	    tl_seriesmap_get(&st->charts, symbol, 0, &created);
	struct chart *c = s->data;

	if (created)
		c->tf = -1;
	return c;
}

/* Returns a new zeroed drawing on the chart of symbol. */
static struct tl_drawing *new_drawing(struct state *st, const char *symbol)
{
	struct chart *c = chart_of(st, symbol);
	struct tl_drawing *d;

	c->draw = more(c->draw, c->ndraw, &c->capdraw, sizeof *c->draw);
	d = &c->draw[c->ndraw++];
	memset(d, 0, sizeof *d);
	return d;
}

/* ---- fields of records ------------------------------------------------ */

/* Reads number field key of r into *d; -1 with a message in err. */
static int get_num(const struct tl_rec *r, const char *key, int need, double *d,
                   char *err, size_t errlen)
{
	const struct tl_field *f = tl_rec_get(r, key);

	if (!f) {
		if (need)
			snprintf(err, errlen, "missing field \"%s\"", key);
		return need ? -1 : 1;
	}
	if (f->type != TL_V_INT && f->type != TL_V_REAL) {
		snprintf(err, errlen, "\"%s\" is not a number", key);
		return -1;
	}
	*d = f->d;
	return 0;
}

/* Reads time field key of r (epoch seconds or a time string) into *t;
 * returns 0, 1 when it is absent and not needed, or -1 with a message. */
static int get_time(const struct tl_rec *r, const char *key, int need,
                    int64_t *t, char *err, size_t errlen)
{
	const struct tl_field *f = tl_rec_get(r, key);

	if (!f) {
		if (need)
			snprintf(err, errlen, "missing field \"%s\"", key);
		return need ? -1 : 1;
	}
	if (f->type == TL_V_STR && tl_time_parse(f->s, f->slen, t) == 0)
		return 0;
	if (f->type == TL_V_INT || f->type == TL_V_REAL) {
		if (f->d != floor(f->d)) {
			snprintf(err, errlen,
			         "\"%s\" is not whole epoch seconds", key);
			return -1;
		}
		if (f->d < TL_EPOCH_MIN || f->d > TL_EPOCH_MAX) {
			snprintf(err, errlen,
			         "\"%s\" is out of range (years 0000 to 9999)",
			         key);
			return -1;
		}
		*t = f->type == TL_V_INT ? f->i : (int64_t)f->d;
		return 0;
	}
	snprintf(err, errlen, "\"%s\" is not a time", key);
	return -1;
}

/* Returns string field key of r, or NULL (with a message in err when it is
 * there but not a string, or missing and needed). */
static const char *get_str(const struct tl_rec *r, const char *key, int need,
                           char *err, size_t errlen)
{
	const struct tl_field *f = tl_rec_get(r, key);

	err[0] = '\0';
	if (!f) {
		if (need)
			snprintf(err, errlen, "missing field \"%s\"", key);
		return NULL;
	}
	if (f->type != TL_V_STR) {
		snprintf(err, errlen, "\"%s\" is not a string", key);
		return NULL;
	}
	return f->s;
}

/* Reads the symbol of a record derived from a series. */
static const char *get_symbol(const struct tl_rec *r, char *err, size_t errlen)
{
	const struct tl_field *f = tl_rec_get(r, "symbol");

	if (!f || f->type != TL_V_STR || f->slen == 0 ||
	    f->slen > TL_SYMBOL_MAX) {
		snprintf(err, errlen,
		         f ? "\"symbol\" must be a string of 1 to %d bytes"
		           : "missing field \"symbol\"",
		         TL_SYMBOL_MAX);
		return NULL;
	}
	return f->s;
}

/* Reads the one of two words field key holds: 0 for a, 1 for b. */
static int get_word(const struct tl_rec *r, const char *key, const char *a,
                    const char *b, char *err, size_t errlen)
{
	const char *s = get_str(r, key, 1, err, errlen);

	if (s && strcmp(s, a) == 0)
		return 0;
	if (s && strcmp(s, b) == 0)
		return 1;
	if (s)
		snprintf(err, errlen, "\"%s\" must be \"%s\" or \"%s\"", key, a,
		         b);
	return -1;
}

/* Reads a [number, number] or [time, number] pair from JSON value v. */
static int pair(json_t *v, double *a, double *b)
{
	json_t *x, *y;

	if (!json_is_array(v) || json_array_size(v) != 2)
		return -1;
	x = json_array_get(v, 0);
	y = json_array_get(v, 1);
	if (!json_is_number(x) || !json_is_number(y))
		return -1;
	*a = json_number_value(x);
	*b = json_number_value(y);
	return 0;
}

/* ---- chart commands --------------------------------------------------- */

/* Warns about command text s (len bytes) that cannot be run, with why. */
static void skip_command(struct state *st, const char *s, size_t len,
                         const char *why)
{
	char text[84];
	size_t i, n = len > 80 ? 80 : len;

	for (i = 0; i < n; i++)
		text[i] =
		    (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	text[n] = '\0';
	tl_warn_at(st->in.in.name, st->in.in.lineno,
	           "%s chart command \"%s%s\"%s%s (skipped)",
	           why ? "bad" : "unknown", text, len > 80 ? "..." : "",
	           why ? ": " : "", why ? why : "");
}

/* Runs command text s (len bytes) on the chart the cursor is on. */
static void run_command(struct state *st, const char *s, size_t len)
{
	struct tl_cmd c;
	struct tl_drawing *d;
	struct chart *ch;
	char err[128];
	int r = tl_cmd_parse(s, len, &c, err, sizeof err);

	if (r != 0) {
		skip_command(st, s, len, r == TL_CMD_UNKNOWN ? NULL : err);
		return;
	}
	switch (c.kind) {
	case TL_CMD_LOAD:
		snprintf(st->cursor, sizeof st->cursor, "%s", c.symbol);
		snprintf(st->loaded, sizeof st->loaded, "%s", c.symbol);
		chart_of(st, st->cursor)->used = 1;
		if (st->cursor_tf >= 0)
			chart_of(st, st->cursor)->tf = st->cursor_tf;
		return;
	case TL_CMD_TIMEFRAME:
		st->cursor_tf = st->picked_tf = c.tf;
		chart_of(st, st->cursor)->tf = c.tf;
		return;
	case TL_CMD_SUPPORT:
	case TL_CMD_RESISTANCE:
		d = new_drawing(st, st->cursor);
		d->what = TL_DRAW_LEVEL;
		d->kind = c.kind == TL_CMD_RESISTANCE;
		d->price = c.price;
		return;
	case TL_CMD_TRENDLINE:
		d = new_drawing(st, st->cursor);
		d->what = TL_DRAW_TRENDLINE;
		d->t1 = c.t1;
		d->p1 = c.p1;
		d->t2 = c.t2;
		d->p2 = c.p2;
		return;
	case TL_CMD_PATTERN:
		d = new_drawing(st, st->cursor);
		d->what = TL_DRAW_PATTERN;
		snprintf(d->name, sizeof d->name, "%s", c.name);
		d->t1 = c.t1;
		d->t2 = c.t2;
		return;
	case TL_CMD_CLEAR:
		ch = chart_of(st, st->cursor);
		ch->ndraw = 0;
		memset(ch->has_plan, 0, sizeof ch->has_plan);
		return;
	default: /* ENTRY, STOP, TARGET */
		ch = chart_of(st, st->cursor);
		r = c.kind == TL_CMD_ENTRY  ? TL_PLAN_ENTRY
		    : c.kind == TL_CMD_STOP ? TL_PLAN_STOP
		                            : TL_PLAN_TARGET;
		ch->plan[r] = c.price;
		ch->has_plan[r] = 1;
		return;
	}
}

/* ---- records ---------------------------------------------------------- */

/* Moves the cursor to the symbol and tf of record r, when it has them. */
static int cursor_from(struct state *st, const struct tl_rec *r, char *err,
                       size_t errlen)
{
	const char *sym = get_str(r, "symbol", 0, err, errlen);
	const char *tf;

	if (err[0])
		return -1;
	if (sym) {
		if (!*sym || strlen(sym) > TL_SYMBOL_MAX) {
			snprintf(err, errlen,
			         "\"symbol\" must be a string of 1 to %d bytes",
			         TL_SYMBOL_MAX);
			return -1;
		}
		snprintf(st->cursor, sizeof st->cursor, "%s", sym);
	}
	tf = get_str(r, "tf", 0, err, errlen);
	if (err[0])
		return -1;
	if (tf && (st->cursor_tf = tl_tf_parse(tf, strlen(tf))) < 0) {
		snprintf(err, errlen, "unknown timeframe \"%.20s\" (%s)", tf,
		         TL_TF_CODES);
		return -1;
	}
	return 0;
}

/* Reads a level record into a drawing. */
static int level(struct state *st, const struct tl_rec *r, const char *sym,
                 char *err, size_t errlen)
{
	const struct tl_field *z = tl_rec_get(r, "zone");
	struct tl_drawing d = {0};
	int kind = get_word(r, "kind", "support", "resistance", err, errlen);

	if (kind < 0 || get_num(r, "price", 1, &d.price, err, errlen) < 0)
		return -1;
	if (z && (z->type != TL_V_JSON || pair(z->json, &d.zlo, &d.zhi) < 0)) {
		snprintf(err, errlen, "\"zone\" is not [low, high]");
		return -1;
	}
	d.what = TL_DRAW_LEVEL;
	d.kind = kind;
	*new_drawing(st, sym) = d;
	return 0;
}

/* Reads a trendline record into a drawing. */
static int trendline(struct state *st, const struct tl_rec *r, const char *sym,
                     char *err, size_t errlen)
{
	struct tl_drawing d = {0};

	if (get_time(r, "t1", 1, &d.t1, err, errlen) < 0 ||
	    get_num(r, "p1", 1, &d.p1, err, errlen) < 0 ||
	    get_time(r, "t2", 1, &d.t2, err, errlen) < 0 ||
	    get_num(r, "p2", 1, &d.p2, err, errlen) < 0)
		return -1;
	d.what = TL_DRAW_TRENDLINE;
	*new_drawing(st, sym) = d;
	return 0;
}

/* Reads a pattern record into a drawing. */
static int pattern(struct state *st, const struct tl_rec *r, const char *sym,
                   char *err, size_t errlen)
{
	const struct tl_field *pts = tl_rec_get(r, "points");
	const char *name = get_str(r, "name", 1, err, errlen);
	struct tl_drawing d = {0};
	size_t i;

	if (!name || get_time(r, "start", 1, &d.t1, err, errlen) < 0 ||
	    get_time(r, "end", 1, &d.t2, err, errlen) < 0)
		return -1;
	snprintf(d.name, sizeof d.name, "%s", name);
	if (pts) {
		if (pts->type != TL_V_JSON || !json_is_array(pts->json))
			goto bad_points;
		for (i = 0; i < json_array_size(pts->json); i++) {
			double t, p;

			if (pair(json_array_get(pts->json, i), &t, &p) < 0 ||
			    t != floor(t) || t < TL_EPOCH_MIN ||
			    t > TL_EPOCH_MAX)
				goto bad_points;
			if (d.npoints < TL_DRAW_POINTS) {
				d.pt[d.npoints] = (int64_t)t;
				d.pp[d.npoints++] = p;
			}
		}
	}
	d.what = TL_DRAW_PATTERN;
	*new_drawing(st, sym) = d;
	return 0;
bad_points:
	snprintf(err, errlen, "\"points\" is not a list of [time, price]");
	return -1;
}

/* Reads a trade record. */
static int trade(struct state *st, const struct tl_rec *r, const char *sym,
                 char *err, size_t errlen)
{
	struct chart *c;
	struct tl_trade x = {0};
	double pnl;
	int side = get_word(r, "side", "long", "short", err, errlen), a, b, p;

	if (side < 0 || get_time(r, "entry_t", 1, &x.t1, err, errlen) < 0 ||
	    get_num(r, "entry", 1, &x.p1, err, errlen) < 0)
		return -1;
	a = get_time(r, "exit_t", 0, &x.t2, err, errlen);
	b = get_num(r, "exit", 0, &x.p2, err, errlen);
	p = get_num(r, "pnl", 0, &pnl, err, errlen);
	if (a < 0 || b < 0 || p < 0)
		return -1;
	if (a != b) {
		snprintf(err, errlen, "\"%s\" without \"%s\"",
		         a ? "exit" : "exit_t", a ? "exit_t" : "exit");
		return -1;
	}
	x.side = side ? -1 : 1;
	x.open = a == 1;
	x.win = p == 0 ? pnl > 0 : (x.p2 - x.p1) * x.side > 0;
	c = chart_of(st, sym);
	c->trades = more(c->trades, c->ntrades, &c->captrades, sizeof x);
	c->trades[c->ntrades++] = x;
	return 0;
}

/* Reads a signal record. */
static int signal_rec(struct state *st, const struct tl_rec *r, const char *sym,
                      char *err, size_t errlen)
{
	struct chart *c;
	struct tl_signal x = {0};
	int dir = get_word(r, "direction", "long", "short", err, errlen);

	if (dir < 0 || get_time(r, "t", 1, &x.t, err, errlen) < 0)
		return -1;
	x.dir = dir ? -1 : 1;
	c = chart_of(st, sym);
	c->signals = more(c->signals, c->nsignals, &c->capsignals, sizeof x);
	c->signals[c->nsignals++] = x;
	return 0;
}

/* Reads an equity record. */
static int equity(struct state *st, const struct tl_rec *r, const char *sym,
                  char *err, size_t errlen)
{
	struct chart *c;
	struct tl_equity x = {0};

	if (get_time(r, "t", 1, &x.t, err, errlen) < 0 ||
	    get_num(r, "equity", 1, &x.equity, err, errlen) < 0 ||
	    get_num(r, "drawdown_pct", 0, &x.dd, err, errlen) < 0)
		return -1;
	c = chart_of(st, sym);
	c->equity = more(c->equity, c->nequity, &c->capequity, sizeof x);
	c->equity[c->nequity++] = x;
	return 0;
}

/* Runs the chart_commands of an answer record, from its chart context. */
static int answer(struct state *st, const struct tl_rec *r, char *err,
                  size_t errlen)
{
	const struct tl_field *cmds = tl_rec_get(r, "chart_commands");
	const struct tl_field *data = tl_rec_get(r, "data");
	size_t i;

	if (data && data->type == TL_V_JSON) {
		json_t *ctx = json_object_get(data->json, "chart_context");
		json_t *sym = json_object_get(ctx, "symbol");
		json_t *tf = json_object_get(ctx, "timeframe");

		if (json_is_string(sym) && json_string_length(sym) > 0 &&
		    json_string_length(sym) <= TL_SYMBOL_MAX &&
		    !memchr(json_string_value(sym), 0, json_string_length(sym)))
			snprintf(st->cursor, sizeof st->cursor, "%s",
			         json_string_value(sym));
		if (json_is_string(tf)) {
			int v = tl_tf_parse(json_string_value(tf),
			                    json_string_length(tf));

			if (v >= 0)
				st->cursor_tf = v;
		}
	}
	if (!cmds)
		return 0;
	if (cmds->type != TL_V_JSON || !json_is_array(cmds->json)) {
		snprintf(err, errlen, "\"chart_commands\" is not a list");
		return -1;
	}
	for (i = 0; i < json_array_size(cmds->json); i++) {
		json_t *v = json_array_get(cmds->json, i);

		if (json_is_string(v))
			run_command(st, json_string_value(v),
			            json_string_length(v));
		else
			tl_warn_at(st->in.in.name, st->in.in.lineno,
			           "chart command %zu is not a string "
			           "(skipped)",
			           i + 1);
	}
	return 0;
}

/* Takes in record r, of a type other than bar. Returns 0, or -1 with a
 * message in err when it is a bad record. */
static int other(struct state *st, const struct tl_rec *r, char *err,
                 size_t errlen)
{
	const char *type = get_str(r, "type", 0, err, errlen);
	const char *sym;

	if (!type)
		return err[0] ? -1 : 0;
	if (strcmp(type, "command") == 0) {
		const struct tl_field *f = tl_rec_get(r, "text");

		if (cursor_from(st, r, err, errlen) < 0)
			return -1;
		if (!f || f->type != TL_V_STR) {
			snprintf(err, errlen,
			         f ? "\"text\" is not a string"
			           : "missing field \"text\"");
			return -1;
		}
		run_command(st, f->s, f->slen);
		return 0;
	}
	if (strcmp(type, "answer") == 0)
		return answer(st, r, err, errlen);
	if (strcmp(type, "level") && strcmp(type, "trendline") &&
	    strcmp(type, "pattern") && strcmp(type, "trade") &&
	    strcmp(type, "signal") && strcmp(type, "equity"))
		return 0; /* summary, decision, event, ...: not drawn */
	if (!(sym = get_symbol(r, err, errlen)))
		return -1;
	switch (type[0]) {
	case 'l':
		return level(st, r, sym, err, errlen);
	case 'p':
		return pattern(st, r, sym, err, errlen);
	case 's':
		return signal_rec(st, r, sym, err, errlen);
	case 'e':
		return equity(st, r, sym, err, errlen);
	default:
		return type[1] == 'r' && type[2] == 'e'
		           ? trendline(st, r, sym, err, errlen)
		           : trade(st, r, sym, err, errlen);
	}
}

/* ---- output ----------------------------------------------------------- */

/* Returns the series of symbol to draw: of timeframe tf, or with tf -1
 * the first of the symbol; NULL when there is none. */
static struct tl_series *pick(struct state *st, const char *symbol, int tf)
{
	struct tl_series *s;

	for (s = st->series.first; s; s = s->next)
		if (strcmp(s->symbol, symbol) == 0 && (tf < 0 || s->tf == tf))
			return s;
	return NULL;
}

/* Appends the n elements at src of size bytes to the array *dst of *nd. */
static void *concat(void *dst, size_t *nd, const void *src, size_t n,
                    size_t size)
{
	if (n == 0)
		return dst;
	dst = tl_realloc(dst, (*nd + n) * size);
	memcpy((char *)dst + *nd * size, src, n * size);
	*nd += n;
	return dst;
}

/* Renders series s with what chart a (and, when not NULL, the chart b of
 * commands given before any symbol) holds, into svg. */
static void render(struct tl_svg *svg, const struct tl_series *s,
                   const struct chart *a, const struct chart *b,
                   const struct tl_chart_opt *o, const char *title)
{
	const struct tl_ohlcv *v = s->data;
	const struct chart *parts[2] = {a, b};
	struct tl_drawing *draw = NULL;
	struct tl_trade *trades = NULL;
	struct tl_signal *signals = NULL;
	struct tl_equity *eq = NULL;
	struct tl_chart c = {0};
	int i, k;

	c.symbol = s->symbol;
	c.tf = s->tf;
	c.t = v->t;
	c.o = v->o;
	c.h = v->h;
	c.l = v->l;
	c.c = v->c;
	c.v = v->v;
	c.n = v->n;
	c.title = title;
	for (i = 0; i < 2; i++) {
		const struct chart *p = parts[i];

		if (!p)
			continue;
		draw = concat(draw, &c.ndraw, p->draw, p->ndraw, sizeof *draw);
		trades = concat(trades, &c.ntrades, p->trades, p->ntrades,
		                sizeof *trades);
		signals = concat(signals, &c.nsignals, p->signals, p->nsignals,
		                 sizeof *signals);
		eq = concat(eq, &c.nequity, p->equity, p->nequity, sizeof *eq);
		for (k = 0; k < TL_PLAN_N; k++)
			if (p->has_plan[k] && !c.has_plan[k]) {
				c.has_plan[k] = 1;
				c.plan[k] = p->plan[k];
			}
	}
	c.draw = draw;
	c.trades = trades;
	c.signals = signals;
	c.equity = eq;
	tl_chart_svg(svg, &c, o);
	free(draw);
	free(trades);
	free(signals);
	free(eq);
}

/* Writes svg to path whole: into a temporary file beside it, renamed over
 * it, so that no half-written chart is left. Exits 74 when it cannot. */
static void write_file(const struct tl_svg *svg, const char *path)
{
	char *tmp = tl_asprintf("%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	FILE *f;

	if (fd < 0)
		tl_die(TL_EX_IOERR, "%s: %s", path, strerror(errno));
	fchmod(fd, 0644);
	f = fdopen(fd, "w");
	if (!f || fwrite(svg->buf, 1, svg->len, f) != svg->len ||
	    fflush(f) != 0 || fsync(fd) != 0) {
		int e = errno;

		if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
		tl_die(TL_EX_IOERR, "%s: %s", path, strerror(e));
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		tl_die(TL_EX_IOERR, "%s: %s", path, strerror(e));
	}
	free(tmp);
}

/* Returns 1 when path names a directory: one that exists, or a path
 * ending in '/' (made when missing). */
static int is_dir(const char *path)
{
	struct stat sb;
	size_t n = strlen(path);

	if (stat(path, &sb) == 0)
		return S_ISDIR(sb.st_mode);
	if (n && path[n - 1] == '/') {
		if (mkdir(path, 0777) != 0)
			tl_die(TL_EX_IOERR, "%s: %s", path, strerror(errno));
		return 1;
	}
	return 0;
}

/* Writes one SVG per symbol with bars into dir: DIR/SYMBOL.svg, the bytes
 * of the symbol outside A-Z a-z 0-9 . _ - (and a leading '.') as '_',
 * with _2, _3 ... after a name already written. */
static void write_dir(struct state *st, const char *dir,
                      const struct tl_chart_opt *o, const char *title)
{
	char **names = NULL;
	size_t nnames = 0, i;
	struct tl_series *s, *u;
	struct chart *unbound = NULL;
	int created, first = 1;

	u = tl_seriesmap_get(&st->charts, "", 0, &created);
	if (!created)
		unbound = u->data;
	for (s = st->series.first; s; s = s->next) {
		struct tl_series *cs, *draw;
		struct chart *c;
		struct tl_svg svg;
		char name[TL_SYMBOL_MAX + 8], *path, *p;
		size_t dup = 1;

		if (pick(st, s->symbol, -1) != s)
			continue; /* not the symbol's first series */
		cs = tl_seriesmap_get(&st->charts, s->symbol, 0, &created);
		c = cs->data;
		if (created)
			c->tf = -1;
		c->used = 2;
		snprintf(name, sizeof name, "%s", s->symbol);
		for (p = name; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z') ||
			      (*p >= '0' && *p <= '9') || *p == '-' ||
			      *p == '_' || (*p == '.' && p > name)))
				*p = '_';
		for (;; dup++) {
			char *try = dup == 1 ? tl_strdup(name)
			                     : tl_asprintf("%s_%zu", name, dup);

			for (i = 0; i < nnames; i++)
				if (strcmp(names[i], try) == 0)
					break;
			if (i == nnames) {
				names = tl_realloc(names, (nnames + 1) *
				                              sizeof *names);
				names[nnames++] = try;
				break;
			}
			free(try);
		}
		path = tl_asprintf("%s%s%s.svg", dir,
		                   dir[strlen(dir) - 1] == '/' ? "" : "/",
		                   names[nnames - 1]);
		draw = c->tf >= 0 ? pick(st, s->symbol, c->tf) : NULL;
		tl_svg_init(&svg);
		render(&svg, draw ? draw : s, c, first ? unbound : NULL, o,
		       title);
		write_file(&svg, path);
		tl_svg_release(&svg);
		free(path);
		first = 0;
	}
	for (u = st->charts.first; u; u = u->next) {
		struct chart *c = u->data;

		if (u->symbol[0] && c->used != 2 &&
		    (c->ndraw || c->ntrades || c->nsignals || c->nequity))
			tl_warn("no bars of %s: its drawings are left out",
			        u->symbol);
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
}

/* Frees the bars and charts. */
static void release(struct state *st)
{
	struct tl_series *s;

	for (s = st->series.first; s; s = s->next)
		tl_ohlcv_release(s->data);
	for (s = st->charts.first; s; s = s->next) {
		struct chart *c = s->data;

		free(c->draw);
		free(c->trades);
		free(c->signals);
		free(c->equity);
	}
	tl_seriesmap_release(&st->series);
	tl_seriesmap_release(&st->charts);
}

int main(int argc, char **argv)
{
	struct state st;
	struct tl_chart_opt o = {1200, 700, 0, 0};
	struct tl_bad bad = {0};
	struct tl_bar b;
	const char *arg, *out = NULL, *title = NULL;
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, r, status;
	char err[256];

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_WIDTH:
			o.width =
			    (int)tl_cli_num(&prog, "width", arg, 320, 10000);
			break;
		case OPT_HEIGHT:
			o.height =
			    (int)tl_cli_num(&prog, "height", arg, 240, 10000);
			break;
		case OPT_THEME:
			if (strcmp(arg, "light") && strcmp(arg, "dark"))
				tl_cli_usage_error(&prog,
				                   "--theme: expected light or "
				                   "dark, got '%s'",
				                   arg);
			o.dark = strcmp(arg, "dark") == 0;
			break;
		case OPT_LAST:
			o.last = (size_t)tl_cli_num(&prog, "last", arg, 1,
			                            1000000000000LL);
			break;
		case OPT_TITLE:
			title = arg;
			break;
		case 'o':
			if (!*arg)
				tl_cli_usage_error(&prog, "-o: empty path");
			out = arg;
			break;
		case TL_OPT_SKIP_BAD:
			bad.skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		}
	}
	memset(&st, 0, sizeof st);
	st.cursor_tf = st.picked_tf = -1;
	tl_seriesmap_init(&st.series, sizeof(struct tl_ohlcv));
	tl_seriesmap_init(&st.charts, sizeof(struct chart));
	tl_barin_init(&st.in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((r = tl_barin_next(&st.in, &b)) != TL_BARIN_END) {
		struct tl_series *s;
		int replace;

		if (r == TL_BARIN_OTHER) {
			err[0] = '\0';
			if (other(&st, &st.in.rec, err, sizeof err) < 0)
				tl_barin_bad(&st.in, err);
			else
				bad.good++;
			continue;
		}
		s = tl_seriesmap_get(&st.series, b.symbol, b.tf, NULL);
		replace = tl_series_advance(s, &b, err, sizeof err);
		if (replace < 0) {
			tl_barin_bad(&st.in, err);
			continue;
		}
		bad.good++;
		tl_ohlcv_push(s->data, &b, replace);
	}
	tl_barin_release(&st.in);
	status = tl_bad_status(&bad);
	if (status == 0 && !st.series.first)
		tl_die(TL_EX_DATA, "no bars to draw");
	if (status == 0 && out && is_dir(out)) {
		write_dir(&st, out, &o, title);
	} else if (status == 0) {
		const char *sym =
		    st.loaded[0] ? st.loaded : st.series.first->symbol;
		struct tl_series *s = pick(&st, sym, st.picked_tf), *cs;
		struct tl_svg svg;
		int created;

		if (!s)
			tl_die(TL_EX_DATA, "no bars of %s%s%s to draw", sym,
			       st.picked_tf < 0 ? "" : " ",
			       st.picked_tf < 0 ? ""
			                        : tl_tf_name(st.picked_tf));
		cs = tl_seriesmap_get(&st.charts, sym, 0, &created);
		if (created)
			((struct chart *)cs->data)->tf = -1;
		tl_svg_init(&svg);
		render(
		    &svg, s, cs->data,
		    strcmp(sym, "")
		        ? (tl_seriesmap_get(&st.charts, "", 0, &created))->data
		        : NULL,
		    &o, title);
		if (out)
			write_file(&svg, out);
		else
			fwrite(svg.buf, 1, svg.len, stdout);
		tl_svg_release(&svg);
	}
	release(&st);
	return tl_cli_finish(status);
}
