/* tl_agent.c: the agent's chart context, bars and tools. */
#include "tl_agent.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tl_cmd.h"
#include "tl_levels.h"
#include "tl_num.h"
#include "tl_pattern.h"
#include "tl_resample.h"
#include "tl_time.h"
#include "tl_trend.h"
#include "tl_util.h"

static const char *const tool_names[TL_TOOL_COUNT] = {
    "get_stock_price", "get_stock_history", "chart_levels",
    "detect_chart_patterns", "set_chart"};

const char *tl_tool_name(int k)
{
	return k >= 0 && k < TL_TOOL_COUNT ? tool_names[k] : NULL;
}

int tl_tool_find(const char *name)
{
	int k;

	for (k = 0; k < TL_TOOL_COUNT; k++)
		if (strcmp(name, tool_names[k]) == 0)
			return k;
	return -1;
}

/* The tools' descriptions and JSON schemas, as JSON text. */
static const char schemas[] =
    "["
    "{\"type\":\"function\",\"function\":{\"name\":\"get_stock_price\","
    "\"description\":\"The last price (close) of a symbol's chart, with its "
    "change from the bar before. Symbol and timeframe default to the chart "
    "in view.\",\"parameters\":{\"type\":\"object\",\"properties\":{"
    "\"symbol\":{\"type\":\"string\"},\"timeframe\":{\"type\":\"string\","
    "\"enum\":[\"1m\",\"5m\",\"15m\",\"30m\",\"1h\",\"4h\",\"1D\",\"1W\","
    "\"1Mo\"]}},\"additionalProperties\":false}}},"
    "{\"type\":\"function\",\"function\":{\"name\":\"get_stock_history\","
    "\"description\":\"The last bars (t, o, h, l, c, v) of a symbol's "
    "chart.\",\"parameters\":{\"type\":\"object\",\"properties\":{"
    "\"symbol\":{\"type\":\"string\"},\"timeframe\":{\"type\":\"string\"},"
    "\"bars\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":500,"
    "\"default\":30}},\"additionalProperties\":false}}},"
    "{\"type\":\"function\",\"function\":{\"name\":\"chart_levels\","
    "\"description\":\"Support and resistance levels (and, if asked, "
    "trendlines) of a chart from confirmed pivots; draws them on the "
    "chart.\",\"parameters\":{\"type\":\"object\",\"properties\":{"
    "\"symbol\":{\"type\":\"string\"},\"timeframe\":{\"type\":\"string\"},"
    "\"kind\":{\"type\":\"string\",\"enum\":[\"both\",\"support\","
    "\"resistance\"],\"default\":\"both\"},\"max_levels\":{\"type\":"
    "\"integer\",\"minimum\":1,\"maximum\":20,\"default\":6},"
    "\"trendlines\":{\"type\":\"boolean\",\"default\":false},"
    "\"levels\":{\"type\":\"boolean\",\"default\":true}},"
    "\"additionalProperties\":false}}},"
    "{\"type\":\"function\",\"function\":{\"name\":\"detect_chart_patterns\","
    "\"description\":\"Chart patterns (double tops and bottoms, head and "
    "shoulders, triangles, flags, rectangles) found on a chart, confirmed "
    "or forming; draws them.\",\"parameters\":{\"type\":\"object\","
    "\"properties\":{\"symbol\":{\"type\":\"string\"},\"timeframe\":{"
    "\"type\":\"string\"},\"names\":{\"type\":\"array\",\"items\":{"
    "\"type\":\"string\"}}},\"additionalProperties\":false}}},"
    "{\"type\":\"function\",\"function\":{\"name\":\"set_chart\","
    "\"description\":\"Changes the chart in view to another symbol and/or "
    "timeframe.\",\"parameters\":{\"type\":\"object\",\"properties\":{"
    "\"symbol\":{\"type\":\"string\"},\"timeframe\":{\"type\":\"string\"}},"
    "\"additionalProperties\":false}}}"
    "]";

json_t *tl_tool_schemas(void)
{
	json_t *j = json_loads(schemas, 0, NULL);

	if (!j) /* a bug in the text above; test_agent parses it */
		abort();
	return j;
}

void tl_agent_init(struct tl_agent *a, struct tl_store *store,
                   struct tl_session *session)
{
	memset(a, 0, sizeof *a);
	a->store = store;
	a->session = session;
	a->commands = json_array();
	a->tools_used = json_array();
}

void tl_agent_release(struct tl_agent *a)
{
	size_t i;

	for (i = 0; i < a->nseries; i++)
		tl_ohlcv_release(&a->series[i].bars);
	free(a->series);
	json_decref(a->commands);
	json_decref(a->tools_used);
}

/* Returns the series (symbol, tf) among those held, or NULL. */
static struct tl_agent_series *held(struct tl_agent *a, const char *symbol,
                                    int tf)
{
	size_t i;

	for (i = 0; i < a->nseries; i++)
		if (a->series[i].tf == tf &&
		    strcmp(a->series[i].symbol, symbol) == 0)
			return &a->series[i];
	return NULL;
}

/* Returns a new, empty series (symbol, tf) held by a. */
static struct tl_agent_series *hold(struct tl_agent *a, const char *symbol,
                                    int tf)
{
	struct tl_agent_series *s;

	a->series = tl_realloc(a->series, (a->nseries + 1) * sizeof *a->series);
	s = &a->series[a->nseries++];
	memset(s, 0, sizeof *s);
	snprintf(s->symbol, sizeof s->symbol, "%s", symbol);
	s->tf = tf;
	return s;
}

void tl_agent_add_bar(struct tl_agent *a, const struct tl_bar *b)
{
	struct tl_agent_series *s = held(a, b->symbol, b->tf);

	a->given = 1;
	if (!s)
		s = hold(a, b->symbol, b->tf);
	/* The same t replaces a forming bar. */
	tl_ohlcv_push(&s->bars, b,
	              s->bars.n && s->bars.t[s->bars.n - 1] == b->t);
}

/* tl_store_each_bar's callback: appends the bar to the series. */
static int load_bar(const struct tl_bar *b, void *arg)
{
	tl_ohlcv_push(&((struct tl_agent_series *)arg)->bars, b, 0);
	return 0;
}

/* Fills s (empty) with the store's bars of its (symbol, tf). */
static void load(struct tl_agent *a, struct tl_agent_series *s)
{
	if (a->store)
		tl_store_each_bar(a->store, s->symbol, s->tf, INT64_MIN,
		                  INT64_MAX, load_bar, s);
}

/* tl_resample's emit: appends the made bar to the series arg. */
static void made_bar(const struct tl_bar *b, void *arg)
{
	tl_ohlcv_push(&((struct tl_agent_series *)arg)->bars, b, 0);
}

/*
 * Makes s (empty, of timeframe s->tf) from the bars of fine, a finer
 * series whose buckets s->tf's are made of, as bars-resample does (UTC
 * boundaries; the last bucket is kept whether or not it is whole).
 */
static void resample(struct tl_agent_series *s,
                     const struct tl_agent_series *fine)
{
	struct tl_resample r;
	struct tl_bar b;
	char err[128];
	size_t i;

	tl_resample_init(&r, s->tf, NULL, INT64_MAX, made_bar, s);
	memset(&b, 0, sizeof b);
	snprintf(b.symbol, sizeof b.symbol, "%s", fine->symbol);
	b.tf = fine->tf;
	b.final = 1;
	for (i = 0; i < fine->bars.n; i++) {
		b.t = fine->bars.t[i];
		b.o = fine->bars.o[i], b.h = fine->bars.h[i],
		b.l = fine->bars.l[i];
		b.c = fine->bars.c[i], b.v = fine->bars.v[i];
		if (tl_resample_add(&r, &b, err, sizeof err) != 0)
			break;
	}
	tl_resample_end(&r);
	tl_resample_release(&r);
}

/* The timeframes, finest first. */
static const int tf_order[] = {TL_TF_1M,  TL_TF_5M, TL_TF_15M,
                               TL_TF_30M, TL_TF_1H, TL_TF_4H,
                               TL_TF_1D,  TL_TF_1W, TL_TF_1MO};
#define NTF ((int)(sizeof tf_order / sizeof tf_order[0]))

/* Loads (symbol, tf) exactly as held, given or stored; NULL if empty. */
static struct tl_agent_series *exact(struct tl_agent *a, const char *symbol,
                                     int tf)
{
	struct tl_agent_series *s = held(a, symbol, tf);

	if (!s && !a->given) {
		s = hold(a, symbol, tf);
		load(a, s);
	}
	return s && s->bars.n ? s : NULL;
}

const struct tl_agent_series *tl_agent_bars(struct tl_agent *a,
                                            const char *symbol, int tf)
{
	struct tl_agent_series *s = exact(a, symbol, tf), *fine, *r;
	int i;

	if (s)
		return s;
	/* Made from the coarsest finer timeframe that has bars. */
	for (i = NTF; i-- > 0;) {
		if (tf_order[i] == tf || !tl_tf_divides(tf_order[i], tf))
			continue;
		fine = exact(a, symbol, tf_order[i]);
		if (!fine)
			continue;
		r = held(a, symbol, tf);
		if (!r)
			r = hold(a, symbol, tf);
		/* hold() may have moved the array fine points into. */
		fine = held(a, symbol, tf_order[i]);
		r->made = 1;
		resample(r, fine);
		return r->bars.n ? r : NULL;
	}
	return NULL;
}

int tl_agent_each_series(struct tl_agent *a,
                         int (*fn)(const char *symbol, int tf, void *arg),
                         void *arg)
{
	size_t i;
	int r = 0;

	if (!a->given)
		return a->store ? tl_store_each_series(a->store, fn, arg) : 0;
	for (i = 0; i < a->nseries && r == 0; i++)
		if (a->series[i].bars.n && !a->series[i].made)
			r = fn(a->series[i].symbol, a->series[i].tf, arg);
	return r;
}

int tl_agent_command(struct tl_agent *a, const char *text)
{
	struct tl_cmd c;
	char err[128], norm[TL_CMD_MAX];
	size_t i;
	json_t *v;

	if (tl_cmd_parse(text, strlen(text), &c, err, sizeof err) != 0)
		return -1;
	tl_cmd_format(&c, norm);
	json_array_foreach(a->commands, i, v)
	{
		if (strcmp(json_string_value(v), norm) == 0)
			return 0;
	}
	json_array_append_new(a->commands, json_string(norm));
	return 0;
}

/* Adds command c to the answer. */
static void add_cmd(struct tl_agent *a, const struct tl_cmd *c)
{
	char text[TL_CMD_MAX];

	tl_cmd_format(c, text);
	tl_agent_command(a, text);
}

/* Returns {"error": msg}. */
static json_t *error(const char *fmt, ...) TL_PRINTF(1, 2);
static json_t *error(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	return json_pack("{s:s}", "error", buf);
}

/* What resolve() found: the canonical symbol and its timeframe. */
struct target {
	char symbol[TL_SYMBOL_MAX + 1];
	int tf;
	const struct tl_agent_series *s;
	int d; /* the decimals its prices are written with */
};

/* Returns c in lower case when it is an ASCII letter. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
}

int tl_agent_same_symbol(const char *x, const char *y)
{
	for (;;) {
		while (*x && strchr("/-_ ", *x))
			x++;
		while (*y && strchr("/-_ ", *y))
			y++;
		if (!*x || !*y)
			return !*x && !*y;
		if (lower(*x) != lower(*y))
			return 0;
		x++, y++;
	}
}

struct find_sym {
	const char *want;
	char found[TL_SYMBOL_MAX + 1];
	int tf[NTF], ntf;
};

/* tl_agent_each_series' callback: notes the timeframes of want. */
static int find_symbol(const char *symbol, int tf, void *arg)
{
	struct find_sym *f = arg;

	if (!tl_agent_same_symbol(symbol, f->want))
		return 0;
	if (!f->found[0])
		snprintf(f->found, sizeof f->found, "%s", symbol);
	if (strcmp(f->found, symbol) == 0 && f->ntf < NTF)
		f->tf[f->ntf++] = tf;
	return 0;
}

/*
 * Resolves the symbol and timeframe of a tool call: args' "symbol" (the
 * cached symbol it names, case and / - _ aside) else the session's, and
 * args' "timeframe" else the session's when that has bars (or can be made
 * from finer ones), else the symbol's timeframe nearest 1D. Returns NULL
 * and fills t, or an error result.
 */
static json_t *resolve(struct tl_agent *a, json_t *args, struct target *t)
{
	const char *sym = json_string_value(json_object_get(args, "symbol"));
	const char *tfs = json_string_value(json_object_get(args, "timeframe"));
	struct find_sym f;
	int tf = -1, i, best;

	memset(t, 0, sizeof *t);
	if (!sym || !*sym)
		sym = a->session->val[TL_SK_SYMBOL];
	if (!sym)
		return error("no chart in view: name a symbol, or set the "
		             "session's with session-set symbol=SYMBOL");
	if (tfs && (tf = tl_tf_parse(tfs, strlen(tfs))) < 0)
		return error("unknown timeframe \"%s\" (" TL_TF_CODES ")", tfs);
	memset(&f, 0, sizeof f);
	f.want = sym;
	tl_agent_each_series(a, find_symbol, &f);
	if (!f.found[0])
		return error("no bars for %s in the bar cache (bars-import "
		             "--store or bars-fetch fills it)",
		             sym);
	snprintf(t->symbol, sizeof t->symbol, "%s", f.found);
	if (tf < 0 && a->session->val[TL_SK_TF]) {
		const char *st = a->session->val[TL_SK_TF];
		int stf = tl_tf_parse(st, strlen(st));

		if (stf >= 0 && tl_agent_bars(a, t->symbol, stf))
			tf = stf;
	}
	if (tf < 0) {
		/* The symbol's own timeframe nearest the daily. */
		best = f.tf[0];
		for (i = 1; i < f.ntf; i++)
			if (abs(f.tf[i] - TL_TF_1D) < abs(best - TL_TF_1D))
				best = f.tf[i];
		tf = best;
	}
	t->tf = tf;
	t->s = tl_agent_bars(a, t->symbol, tf);
	if (t->s)
		t->d = tl_num_decimals(t->s->bars.c, t->s->bars.n);
	if (!t->s)
		return error("no %s bars for %s (nor finer ones to make them "
		             "from)",
		             tl_tf_name(tf), t->symbol);
	return NULL;
}

/* Returns x rounded to the target's price decimals, as a JSON real. */
static json_t *px(const struct target *t, double x)
{
	return json_real(tl_num_round(x, t->d));
}

/* Checks that args has only the keys listed (space-separated). */
static json_t *only(json_t *args, const char *keys)
{
	const char *k;
	json_t *v;

	json_object_foreach(args, k, v)
	{
		size_t n = strlen(k);
		const char *p = keys;
		int ok = 0;

		while (*p) {
			size_t m = strcspn(p, " ");

			if (m == n && memcmp(p, k, n) == 0)
				ok = 1;
			p += m;
			p += *p == ' ';
		}
		if (!ok)
			return error("unknown argument \"%s\"", k);
	}
	return NULL;
}

static json_t *tool_price(struct tl_agent *a, json_t *args)
{
	struct target t;
	json_t *e, *r;
	size_t n;

	if ((e = only(args, "symbol timeframe")) || (e = resolve(a, args, &t)))
		return e;
	n = t.s->bars.n;
	r = json_pack(
	    "{s:s,s:s,s:I,s:o,s:o,s:o,s:o,s:f}", "symbol", t.symbol,
	    "timeframe", tl_tf_name(t.tf), "t", (json_int_t)t.s->bars.t[n - 1],
	    "price", px(&t, t.s->bars.c[n - 1]), "open",
	    px(&t, t.s->bars.o[n - 1]), "high", px(&t, t.s->bars.h[n - 1]),
	    "low", px(&t, t.s->bars.l[n - 1]), "volume", t.s->bars.v[n - 1]);
	if (n >= 2 && t.s->bars.c[n - 2] != 0) {
		double prev = t.s->bars.c[n - 2],
		       ch = t.s->bars.c[n - 1] - prev;

		json_object_set_new(r, "previous_close", px(&t, prev));
		json_object_set_new(r, "change", px(&t, ch));
		json_object_set_new(
		    r, "change_pct",
		    json_real(tl_num_round(100 * ch / prev, 2)));
	}
	return r;
}

static json_t *tool_history(struct tl_agent *a, json_t *args)
{
	struct target t;
	json_t *e, *r, *bars, *nb = json_object_get(args, "bars");
	json_int_t want = 30;
	size_t i, from;

	if ((e = only(args, "symbol timeframe bars")))
		return e;
	if (nb) {
		if (!json_is_integer(nb) || json_integer_value(nb) < 1 ||
		    json_integer_value(nb) > 500)
			return error("bars: expected a whole number from 1 to "
			             "500");
		want = json_integer_value(nb);
	}
	if ((e = resolve(a, args, &t)))
		return e;
	from = t.s->bars.n > (size_t)want ? t.s->bars.n - (size_t)want : 0;
	bars = json_array();
	for (i = from; i < t.s->bars.n; i++)
		json_array_append_new(bars,
		                      json_pack("{s:I,s:o,s:o,s:o,s:o,s:f}",
		                                "t", (json_int_t)t.s->bars.t[i],
		                                "o", px(&t, t.s->bars.o[i]),
		                                "h", px(&t, t.s->bars.h[i]),
		                                "l", px(&t, t.s->bars.l[i]),
		                                "c", px(&t, t.s->bars.c[i]),
		                                "v", t.s->bars.v[i]));
	r = json_pack("{s:s,s:s,s:o}", "symbol", t.symbol, "timeframe",
	              tl_tf_name(t.tf), "bars", bars);
	return r;
}

/*
 * Adds LOAD and TIMEFRAME for t when it is not the chart in view, or when
 * force asks for them (bit 1: LOAD, bit 2: TIMEFRAME) all the same.
 */
static void view(struct tl_agent *a, const struct target *t, int force)
{
	const char *sym = a->session->val[TL_SK_SYMBOL];
	const char *tfs = a->session->val[TL_SK_TF];
	struct tl_cmd c;

	memset(&c, 0, sizeof c);
	if ((force & 1) || !sym || strcmp(sym, t->symbol) != 0) {
		c.kind = TL_CMD_LOAD;
		snprintf(c.symbol, sizeof c.symbol, "%s", t->symbol);
		add_cmd(a, &c);
		tl_session_set(a->session, TL_SK_SYMBOL, t->symbol);
		a->session_changed = 1;
	}
	if ((force & 2) || !tfs || strcmp(tfs, tl_tf_name(t->tf)) != 0) {
		c.kind = TL_CMD_TIMEFRAME;
		c.tf = t->tf;
		add_cmd(a, &c);
		tl_session_set(a->session, TL_SK_TF, tl_tf_name(t->tf));
		a->session_changed = 1;
	}
}

static json_t *tool_levels(struct tl_agent *a, json_t *args)
{
	const char *kind = json_string_value(json_object_get(args, "kind"));
	json_t *ml = json_object_get(args, "max_levels");
	json_t *tr = json_object_get(args, "trendlines");
	json_t *wl = json_object_get(args, "levels");
	json_t *e, *r, *lv, *tl;
	struct tl_levels_opt lo;
	struct tl_trend_opt to;
	struct tl_basis b;
	struct tl_level *lev = NULL;
	struct tl_trend *trd = NULL;
	struct target t;
	size_t nl = 0, nt = 0, i, want = 6;
	int ks = 1, kr = 1, d;
	double ns = NAN, nr = NAN, close;

	if ((e = only(args,
	              "symbol timeframe kind max_levels trendlines levels")))
		return e;
	if (wl && !json_is_boolean(wl))
		return error("levels: expected true or false");
	if (json_is_false(wl))
		ks = kr = 0;
	if (json_object_get(args, "kind") && !kind)
		return error("kind: expected both, support or resistance");
	if (kind && strcmp(kind, "support") == 0)
		kr = 0;
	else if (kind && strcmp(kind, "resistance") == 0)
		ks = 0;
	else if (kind && strcmp(kind, "both") != 0)
		return error("kind: expected both, support or resistance");
	if (ml) {
		if (!json_is_integer(ml) || json_integer_value(ml) < 1 ||
		    json_integer_value(ml) > 20)
			return error("max_levels: expected a whole number from "
			             "1 to 20");
		want = (size_t)json_integer_value(ml);
	}
	if (tr && !json_is_boolean(tr))
		return error("trendlines: expected true or false");
	if ((e = resolve(a, args, &t)))
		return e;
	tl_levels_opt_init(&lo);
	tl_trend_opt_init(&to);
	lo.nmax = want;
	if (tl_basis_init(&b, t.s->bars.h, t.s->bars.l, t.s->bars.c,
	                  t.s->bars.n, TL_LEVELS_LAST, lo.left,
	                  lo.right) == 0) {
		tl_levels_from(&b, &lo, &lev, &nl);
		if (json_is_true(tr))
			tl_trend_from(&b, &to, &trd, &nt);
		tl_basis_free(&b);
	}
	view(a, &t, 0);
	d = t.d;
	close = t.s->bars.c[t.s->bars.n - 1];
	lv = json_array();
	for (i = 0; i < nl; i++) {
		double p = tl_num_round(lev[i].price, d);
		int sup = lev[i].kind == TL_LEVEL_SUPPORT;
		struct tl_cmd c;

		if (sup && (isnan(ns) || p > ns))
			ns = p;
		if (!sup && (isnan(nr) || p < nr))
			nr = p;
		if (sup ? !ks : !kr)
			continue;
		json_array_append_new(
		    lv, json_pack("{s:s,s:o,s:[o,o],s:i,s:o}", "kind",
		                  tl_level_kind_name(lev[i].kind), "price",
		                  json_real(p), "zone",
		                  json_real(tl_num_round(lev[i].lo, d)),
		                  json_real(tl_num_round(lev[i].hi, d)),
		                  "touches", lev[i].touches, "strength",
		                  json_real(tl_num_round(lev[i].strength, 4))));
		memset(&c, 0, sizeof c);
		c.kind = sup ? TL_CMD_SUPPORT : TL_CMD_RESISTANCE;
		c.price = p;
		add_cmd(a, &c);
	}
	r = json_pack("{s:s,s:s,s:o,s:o}", "symbol", t.symbol, "timeframe",
	              tl_tf_name(t.tf), "last_close", px(&t, close), "levels",
	              lv);
	if (ks)
		json_object_set_new(r, "nearest_support",
		                    isnan(ns) ? json_null() : json_real(ns));
	if (kr)
		json_object_set_new(r, "nearest_resistance",
		                    isnan(nr) ? json_null() : json_real(nr));
	if (json_is_true(tr)) {
		tl = json_array();
		for (i = 0; i < nt; i++) {
			struct tl_cmd c;

			json_array_append_new(
			    tl,
			    json_pack("{s:s,s:I,s:o,s:I,s:o,s:i,s:o}", "kind",
			              tl_level_kind_name(trd[i].kind), "t1",
			              (json_int_t)t.s->bars.t[trd[i].i1], "p1",
			              json_real(trd[i].p1), "t2",
			              (json_int_t)t.s->bars.t[trd[i].i2], "p2",
			              json_real(trd[i].p2), "touches",
			              trd[i].touches, "value",
			              px(&t, trd[i].value)));
			memset(&c, 0, sizeof c);
			c.kind = TL_CMD_TRENDLINE;
			c.t1 = t.s->bars.t[trd[i].i1], c.p1 = trd[i].p1;
			c.t2 = t.s->bars.t[trd[i].i2], c.p2 = trd[i].p2;
			add_cmd(a, &c);
		}
		json_object_set_new(r, "trendlines", tl);
	}
	free(lev);
	free(trd);
	return r;
}

static json_t *tool_patterns(struct tl_agent *a, json_t *args)
{
	json_t *names = json_object_get(args, "names"), *e, *arr, *v;
	int want[TL_PATTERN_NNAMES], k;
	struct tl_pattern *p = NULL;
	struct target t;
	size_t np = 0, i, j;
	int d;

	if ((e = only(args, "symbol timeframe names")))
		return e;
	for (k = 0; k < TL_PATTERN_NNAMES; k++)
		want[k] = !names;
	if (names) {
		if (!json_is_array(names))
			return error("names: expected an array of pattern "
			             "names");
		json_array_foreach(names, i, v)
		{
			const char *s = json_string_value(v);

			k = s ? tl_pattern_parse(s, strlen(s)) : -1;
			if (k < 0)
				return error("names: unknown pattern \"%s\"",
				             s ? s : "(not a string)");
			want[k] = 1;
		}
	}
	if ((e = resolve(a, args, &t)))
		return e;
	tl_pattern_find(t.s->bars.h, t.s->bars.l, t.s->bars.c, t.s->bars.n,
	                TL_PATTERN_LAST, NULL, &p, &np);
	view(a, &t, 0);
	d = t.d;
	arr = json_array();
	for (i = 0; i < np; i++) {
		json_t *pts, *o;
		struct tl_cmd c;

		if (!want[p[i].name])
			continue;
		pts = json_array();
		for (j = 0; j < p[i].npoints; j++)
			json_array_append_new(
			    pts,
			    json_pack("[I,o]",
			              (json_int_t)t.s->bars.t[p[i].pi[j]],
			              json_real(tl_num_round(p[i].pp[j], d))));
		o = json_pack(
		    "{s:s,s:s,s:s,s:I,s:I,s:o,s:o,s:o,s:o}", "name",
		    tl_pattern_name(p[i].name), "direction",
		    tl_pattern_direction_name(p[i].direction), "status",
		    p[i].confirmed ? "confirmed" : "forming", "start",
		    (json_int_t)t.s->bars.t[p[i].start], "end",
		    (json_int_t)t.s->bars.t[p[i].end], "points", pts, "target",
		    json_real(tl_num_round(p[i].target, d)), "invalidation",
		    json_real(tl_num_round(p[i].invalidation, d)), "confidence",
		    json_real(tl_num_round(p[i].confidence, 2)));
		json_array_append_new(arr, o);
		memset(&c, 0, sizeof c);
		c.kind = TL_CMD_PATTERN;
		snprintf(c.name, sizeof c.name, "%s",
		         tl_pattern_name(p[i].name));
		c.t1 = t.s->bars.t[p[i].start], c.t2 = t.s->bars.t[p[i].end];
		add_cmd(a, &c);
	}
	free(p);
	return json_pack("{s:s,s:s,s:I,s:o}", "symbol", t.symbol, "timeframe",
	                 tl_tf_name(t.tf), "bars", (json_int_t)t.s->bars.n,
	                 "patterns", arr);
}

static json_t *tool_set_chart(struct tl_agent *a, json_t *args)
{
	const char *sym = json_string_value(json_object_get(args, "symbol"));
	const char *tfs = json_string_value(json_object_get(args, "timeframe"));
	struct target t;
	json_t *e;
	int tf = -1;

	if ((e = only(args, "symbol timeframe")))
		return e;
	if (!sym && !tfs)
		return error("expected a symbol, a timeframe or both");
	if (tfs && (tf = tl_tf_parse(tfs, strlen(tfs))) < 0)
		return error("unknown timeframe \"%s\" (" TL_TF_CODES ")", tfs);
	if (sym && (e = resolve(a, args, &t)))
		return e;
	if (!sym) {
		/* Another timeframe of the chart in view, bars or not. */
		memset(&t, 0, sizeof t);
		if (!a->session->val[TL_SK_SYMBOL])
			return error("no chart in view to change the timeframe "
			             "of; name a symbol");
		snprintf(t.symbol, sizeof t.symbol, "%s",
		         a->session->val[TL_SK_SYMBOL]);
		t.tf = tf;
		t.s = tl_agent_bars(a, t.symbol, tf);
	} else if (tfs) {
		t.tf = tf;
		t.s = tl_agent_bars(a, t.symbol, tf);
	}
	view(a, &t, (sym ? 1 : 0) | (tfs ? 2 : 0));
	return json_pack("{s:s,s:s,s:I}", "symbol", t.symbol, "timeframe",
	                 tl_tf_name(t.tf), "bars",
	                 (json_int_t)(t.s ? t.s->bars.n : 0));
}

json_t *tl_agent_call(struct tl_agent *a, const char *name, json_t *args)
{
	int k = tl_tool_find(name);
	json_t *empty = NULL, *r, *v;
	size_t i;

	if (k < 0)
		return error("unknown tool \"%s\"", name);
	json_array_foreach(a->tools_used, i, v)
	{
		if (strcmp(json_string_value(v), name) == 0)
			break;
	}
	if (i == json_array_size(a->tools_used))
		json_array_append_new(a->tools_used, json_string(name));
	if (!args)
		args = empty = json_object();
	if (!json_is_object(args)) {
		r = error("arguments: expected a JSON object");
	} else {
		switch (k) {
		case TL_TOOL_PRICE:
			r = tool_price(a, args);
			break;
		case TL_TOOL_HISTORY:
			r = tool_history(a, args);
			break;
		case TL_TOOL_LEVELS:
			r = tool_levels(a, args);
			break;
		case TL_TOOL_PATTERNS:
			r = tool_patterns(a, args);
			break;
		default:
			r = tool_set_chart(a, args);
			break;
		}
	}
	json_decref(empty);
	return r;
}
