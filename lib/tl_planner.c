/* tl_planner.c: the local agent: a deterministic planner over the tools. */
#include "tl_planner.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_ind.h"
#include "tl_num.h"
#include "tl_pattern.h"
#include "tl_time.h"
#include "tl_util.h"

/* What a question asks for. */
enum {
	I_LEVELS = 1 << 0,
	I_TRENDLINES = 1 << 1,
	I_PATTERNS = 1 << 2,
	I_PRICE = 1 << 3,
	I_HISTORY = 1 << 4,
	I_TREND = 1 << 5,
	I_ANALYSIS = 1 << 6,
	I_LOAD = 1 << 7, /* a verb that changes the chart: open, load, go */
	I_HELP = 1 << 8,
	I_THANKS = 1 << 9,
	I_HELLO = 1 << 10,
	I_NODRAW = 1 << 11,
	I_CLEAR = 1 << 12 /* clear the chart's drawings */
};

#define MAXWORDS 64
#define WORDLEN  32

/* A question read: its lower-case words, intents and parameters. */
struct reading {
	char w[MAXWORDS][WORDLEN];
	int nw;
	int intents;
	int support, resistance;          /* mentioned (1), or excluded (-1) */
	int tf;                           /* a timeframe it names, or -1 */
	int nbars;                        /* "the last N bars": N, or 0 */
	int pat[TL_PATTERN_NNAMES], npat; /* pattern names it names */
	char symbol[TL_SYMBOL_MAX + 1];   /* a cached symbol it names */
	char unknown[TL_SYMBOL_MAX + 1];  /* a symbol-like word not cached */
};

/* Returns the Damerau-Levenshtein distance of a and b, capped at 3. */
static int distance(const char *a, const char *b)
{
	int la = (int)strlen(a), lb = (int)strlen(b), i, j;
	int d[WORDLEN + 1][WORDLEN + 1];

	if (la > WORDLEN || lb > WORDLEN || abs(la - lb) > 2)
		return 3;
	for (i = 0; i <= la; i++)
		d[i][0] = i;
	for (j = 0; j <= lb; j++)
		d[0][j] = j;
	for (i = 1; i <= la; i++)
		for (j = 1; j <= lb; j++) {
			int c = a[i - 1] != b[j - 1], m = d[i - 1][j - 1] + c;

			if (d[i - 1][j] + 1 < m)
				m = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < m)
				m = d[i][j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < m)
				m = d[i - 2][j - 2] + 1;
			d[i][j] = m;
		}
	return d[la][lb] > 3 ? 3 : d[la][lb];
}

/*
 * Returns 1 when word w is kw: equal, or for a keyword of 6 letters or
 * more one slip away (a letter missing, extra, wrong or two swapped).
 */
static int is(const char *w, const char *kw)
{
	if (strcmp(w, kw) == 0)
		return 1;
	return strlen(kw) >= 6 && distance(w, kw) <= 1;
}

/* Returns 1 when word w is one of the space-separated keywords. */
static int any(const char *w, const char *kws)
{
	char k[WORDLEN];

	while (*kws) {
		size_t n = strcspn(kws, " ");

		if (n < sizeof k) {
			memcpy(k, kws, n);
			k[n] = '\0';
			if (is(w, k))
				return 1;
		}
		kws += n;
		kws += *kws == ' ';
	}
	return 0;
}

/* Returns the index of the first word that is one of kws, or -1. */
static int find(const struct reading *r, const char *kws)
{
	int i;

	for (i = 0; i < r->nw; i++)
		if (any(r->w[i], kws))
			return i;
	return -1;
}

/* Returns 1 when words i and i+1 are a and b. */
static int pair(const struct reading *r, int i, const char *a, const char *b)
{
	return i >= 0 && i + 1 < r->nw && is(r->w[i], a) && is(r->w[i + 1], b);
}

/* Returns 1 when the words hold the phrase ph (space-separated words). */
static int phrase(const struct reading *r, const char *ph)
{
	char words[8][WORDLEN];
	int n = 0, i, j;

	while (*ph && n < 8) {
		size_t m = strcspn(ph, " ");

		snprintf(words[n++], WORDLEN, "%.*s", (int)m, ph);
		ph += m;
		ph += *ph == ' ';
	}
	for (i = 0; i + n <= r->nw; i++) {
		for (j = 0; j < n && is(r->w[i + j], words[j]); j++)
			;
		if (j == n)
			return 1;
	}
	return 0;
}

/* Returns 1 when word i is negated: "no X", "not X", "without X". */
static int negated(const struct reading *r, int i)
{
	return i > 0 && any(r->w[i - 1], "no not without except");
}

struct symctx {
	const char *word;
	char found[TL_SYMBOL_MAX + 1];
};

/* tl_agent_each_series' callback: the cached symbol a word names. */
static int match_symbol(const char *symbol, int tf, void *arg)
{
	struct symctx *c = arg;

	(void)tf;
	if (tl_agent_same_symbol(symbol, c->word)) {
		snprintf(c->found, sizeof c->found, "%s", symbol);
		return 1;
	}
	return 0;
}

/* Words that look like tickers but are not: never taken as symbols. */
static const char not_symbols[] =
    "I A OK SMA EMA RSI ATR MACD USD EUR OHLC UTC ETF AI TA ";

/* Returns 1 when raw word s (n bytes) looks like an unknown ticker. */
static int tickerish(const char *s, size_t n)
{
	char k[16];
	size_t i, letters = 0;

	if (n < 2 || n > 6)
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			letters++;
		else if (s[i] != '.')
			return 0;
	}
	snprintf(k, sizeof k, "%.*s ", (int)n, s);
	return letters >= 2 && !strstr(not_symbols, k);
}

/* Returns the timeframe of "N unit" (15 minute, 4 hour), or -1. */
static int tf_of(long n, const char *unit)
{
	if (any(unit, "minute minutes min mins m"))
		return n == 1    ? TL_TF_1M
		       : n == 5  ? TL_TF_5M
		       : n == 15 ? TL_TF_15M
		       : n == 30 ? TL_TF_30M
		       : n == 60 ? TL_TF_1H
		                 : -1;
	if (any(unit, "hour hours hr h"))
		return n == 1 ? TL_TF_1H : n == 4 ? TL_TF_4H : -1;
	if (any(unit, "day days d"))
		return n == 1 ? TL_TF_1D : -1;
	if (any(unit, "week weeks w"))
		return n == 1 ? TL_TF_1W : -1;
	if (any(unit, "month months mo"))
		return n == 1 ? TL_TF_1MO : -1;
	return -1;
}

/* Reads the timeframe the words name, or -1. */
static int read_tf(const struct reading *r)
{
	int i;

	for (i = 0; i < r->nw; i++) {
		const char *w = r->w[i];
		char *end;
		long n = strtol(w, &end, 10);
		int tf;

		if (strcmp(w, "hourly") == 0)
			return TL_TF_1H;
		if (strcmp(w, "daily") == 0)
			return TL_TF_1D;
		if (strcmp(w, "weekly") == 0)
			return TL_TF_1W;
		if (strcmp(w, "monthly") == 0)
			return TL_TF_1MO;
		if (end == w || n <= 0)
			continue;
		/* "15m", "4h", "1mo", or "15 minute", "4-hour". */
		if (*end && (tf = tf_of(n, end)) >= 0)
			return tf;
		if (!*end && i + 1 < r->nw && (tf = tf_of(n, r->w[i + 1])) >= 0)
			return tf;
	}
	return -1;
}

/* Reads question q into r, with the agent's symbols. */
static void read_question(struct tl_agent *a, const char *q, struct reading *r)
{
	const char *p = q;
	int i;

	memset(r, 0, sizeof *r);
	r->tf = -1;
	/* Raw words (runs of letters, digits and . / - ^ =) for symbols. */
	while (*p) {
		size_t n = 0;
		char raw[TL_SYMBOL_MAX + 1];
		struct symctx c;

		while (*p &&
		       !strchr("abcdefghijklmnopqrstuvwxyz"
		               "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-^=",
		               *p))
			p++;
		while (p[n] &&
		       strchr("abcdefghijklmnopqrstuvwxyz"
		              "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./-^=",
		              p[n]))
			n++;
		if (n == 0)
			break;
		/* A trailing '.' ends a sentence, not a symbol. */
		while (n > 0 && strchr("./-", p[n - 1]))
			n--;
		if (n > 0 && n <= TL_SYMBOL_MAX) {
			snprintf(raw, sizeof raw, "%.*s", (int)n, p);
			memset(&c, 0, sizeof c);
			c.word = raw;
			if (!r->symbol[0] &&
			    tl_agent_each_series(a, match_symbol, &c))
				snprintf(r->symbol, sizeof r->symbol, "%s",
				         c.found);
			else if (!r->unknown[0] && tickerish(raw, n))
				snprintf(r->unknown, sizeof r->unknown, "%s",
				         raw);
		}
		p += n;
		while (*p && strchr("./-", *p))
			p++;
	}
	/* Lower-case words of letters and digits for the intents. */
	for (p = q; *p && r->nw < MAXWORDS;) {
		size_t n = 0;

		while (*p &&
		       !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		         (*p >= '0' && *p <= '9')))
			p++;
		while (((p[n] >= 'a' && p[n] <= 'z') ||
		        (p[n] >= 'A' && p[n] <= 'Z') ||
		        (p[n] >= '0' && p[n] <= '9')))
			n++;
		if (n == 0)
			break;
		if (n < WORDLEN) {
			for (i = 0; i < (int)n; i++)
				r->w[r->nw][i] =
				    (char)(p[i] |
				           (p[i] >= 'A' && p[i] <= 'Z' ? 0x20
				                                       : 0));
			r->w[r->nw][n] = '\0';
			r->nw++;
		}
		p += n;
	}
	r->tf = read_tf(r);
}

/* Notes pattern name k (once). */
static void want_pattern(struct reading *r, int k)
{
	int i;

	for (i = 0; i < r->npat; i++)
		if (r->pat[i] == k)
			return;
	r->pat[r->npat++] = k;
}

/* Finds the intents of r. */
static void intents(struct reading *r)
{
	int i, s = -1, res = -1;

	for (i = 0; i < r->nw; i++) {
		const char *w = r->w[i];

		if (any(w, "support supports")) {
			s = i;
			r->support = negated(r, i) ? -1 : 1;
		} else if (any(w, "resistance resistances")) {
			res = i;
			r->resistance = negated(r, i) ? -1 : 1;
		} else if (any(w, "level levels zone zones sr")) {
			r->intents |= I_LEVELS;
		} else if (any(w, "trendline trendlines") ||
		           (is(w, "trend") && i + 1 < r->nw &&
		            any(r->w[i + 1], "line lines"))) {
			r->intents |= I_TRENDLINES;
		} else if (any(w, "uptrend downtrend trending bullish bearish "
		                  "trend")) {
			r->intents |= I_TREND;
		} else if (any(w, "pattern patterns formation formations "
		                  "pennant pennants wedge wedges")) {
			r->intents |= I_PATTERNS;
		} else if (any(w, "triangle triangles")) {
			r->intents |= I_PATTERNS;
			want_pattern(r, TL_PATTERN_ASCENDING_TRIANGLE);
			want_pattern(r, TL_PATTERN_DESCENDING_TRIANGLE);
			want_pattern(r, TL_PATTERN_SYMMETRIC_TRIANGLE);
		} else if (any(w, "flag flags")) {
			r->intents |= I_PATTERNS;
			want_pattern(r, TL_PATTERN_BULL_FLAG);
			want_pattern(r, TL_PATTERN_BEAR_FLAG);
		} else if (any(w, "rectangle rectangles")) {
			r->intents |= I_PATTERNS;
			want_pattern(r, TL_PATTERN_RECTANGLE);
		} else if (is(w, "double") && i + 1 < r->nw) {
			if (any(r->w[i + 1], "top tops")) {
				r->intents |= I_PATTERNS;
				want_pattern(r, TL_PATTERN_DOUBLE_TOP);
			} else if (any(r->w[i + 1], "bottom bottoms")) {
				r->intents |= I_PATTERNS;
				want_pattern(r, TL_PATTERN_DOUBLE_BOTTOM);
			}
		} else if (is(w, "shoulders")) {
			r->intents |= I_PATTERNS;
			want_pattern(r, TL_PATTERN_HEAD_AND_SHOULDERS);
			want_pattern(r, TL_PATTERN_INV_HEAD_AND_SHOULDERS);
		} else if (any(w, "price prices trading quote worth")) {
			r->intents |= I_PRICE;
		} else if (is(w, "close") && i > 0 &&
		           any(r->w[i - 1], "last latest current")) {
			r->intents |= I_PRICE;
		} else if (any(w, "history historical")) {
			r->intents |= I_HISTORY;
		} else if (any(w, "bars candles candlesticks ohlc")) {
			long n = i > 0 ? strtol(r->w[i - 1], NULL, 10) : 0;

			r->intents |= I_HISTORY;
			if (n >= 1 && n <= 500)
				r->nbars = (int)n;
		} else if (strcmp(w, "s") == 0 && i + 1 < r->nw &&
		           strcmp(r->w[i + 1], "r") == 0) {
			r->intents |= I_LEVELS; /* S/R, S&R */
		} else if (any(w, "clear remove erase delete wipe") &&
		           i + 1 < r->nw &&
		           (any(r->w[i + 1], "drawings drawing lines chart "
		                             "everything all") ||
		            (i + 2 < r->nw &&
		             any(r->w[i + 2],
		                 "drawings drawing lines chart")))) {
			r->intents |= I_CLEAR;
		} else if (any(w, "analyze analyse analysis technical think "
		                  "outlook opinion overview summary "
		                  "summarize")) {
			r->intents |= I_ANALYSIS;
		} else if (any(w, "open load switch go goto change show")) {
			if (!any(w, "show"))
				r->intents |= I_LOAD;
		} else if (any(w, "help commands capabilities")) {
			r->intents |= I_HELP;
		} else if (any(w, "thanks thank thx cheers")) {
			r->intents |= I_THANKS;
		} else if (any(w, "hi hello hey")) {
			r->intents |= I_HELLO;
		}
	}
	if (phrase(r, "what can you do") || phrase(r, "how do i") ||
	    phrase(r, "what do you do"))
		r->intents |= I_HELP;
	if (phrase(r, "no drawings") || phrase(r, "no drawing") ||
	    phrase(r, "dont draw") || phrase(r, "do not draw") ||
	    phrase(r, "without drawing") || phrase(r, "without drawings"))
		r->intents |= I_NODRAW;
	/* "support only", "only support": the other is left out. */
	if (s >= 0 && (pair(r, s, "support", "only") ||
	               (s > 0 && is(r->w[s - 1], "only"))))
		r->resistance = r->resistance > 0 ? r->resistance : -1;
	if (res >= 0 && (pair(r, res, "resistance", "only") ||
	                 (res > 0 && is(r->w[res - 1], "only"))))
		r->support = r->support > 0 ? r->support : -1;
	if (r->support > 0 || r->resistance > 0)
		r->intents |= I_LEVELS;
	/* "how far is the price from resistance": the distance to a level. */
	if ((r->intents & I_LEVELS) && (r->intents & I_HISTORY) &&
	    find(r, "history historical") < 0)
		r->intents &= ~I_HISTORY;
	/* The price history is history, not the last price. */
	if (r->intents & I_HISTORY)
		r->intents &= ~I_PRICE;
	if (r->intents & I_NODRAW)
		r->intents &= ~(I_LEVELS | I_TRENDLINES | I_PATTERNS);
}

/* Appends {"tool": name, "arguments": args} to plan (args stolen). */
static void call(json_t *plan, const char *name, json_t *args)
{
	json_array_append_new(
	    plan, json_pack("{s:s,s:o}", "tool", name, "arguments", args));
}

/* Makes the plan for reading r (intents found). */
static json_t *make_plan(struct tl_agent *a, const struct reading *r)
{
	const char *cur = a->session->val[TL_SK_SYMBOL];
	int draws = r->intents & (I_LEVELS | I_TRENDLINES | I_PATTERNS |
	                          I_ANALYSIS | I_TREND);
	json_t *plan = json_array(), *args;

	/* Another chart: when asked to go there, or to draw on it. */
	if (r->symbol[0] && (!cur || strcmp(cur, r->symbol) != 0) &&
	    (draws || (r->intents & I_LOAD) || r->tf >= 0 ||
	     !(r->intents & (I_PRICE | I_HISTORY)))) {
		args = json_pack("{s:s}", "symbol", r->symbol);
		if (r->tf >= 0)
			json_object_set_new(args, "timeframe",
			                    json_string(tl_tf_name(r->tf)));
		call(plan, "set_chart", args);
	} else if (r->tf >= 0) {
		call(plan, "set_chart",
		     json_pack("{s:s}", "timeframe", tl_tf_name(r->tf)));
	}
	if (r->intents & I_PRICE ||
	    (r->intents & I_ANALYSIS && !(r->intents & I_PRICE)))
		call(plan, "get_stock_price",
		     r->symbol[0] ? json_pack("{s:s}", "symbol", r->symbol)
		                  : json_object());
	if (r->intents & I_HISTORY) {
		args = r->symbol[0] ? json_pack("{s:s}", "symbol", r->symbol)
		                    : json_object();
		if (r->nbars)
			json_object_set_new(args, "bars",
			                    json_integer(r->nbars));
		call(plan, "get_stock_history", args);
	}
	if (r->intents & (I_LEVELS | I_TRENDLINES | I_ANALYSIS)) {
		const char *kind = "both";

		args = json_object();
		if (r->support > 0 && r->resistance <= 0)
			kind = "support";
		else if (r->resistance > 0 && r->support <= 0)
			kind = "resistance";
		if (r->intents & (I_LEVELS | I_ANALYSIS))
			json_object_set_new(args, "kind", json_string(kind));
		else
			json_object_set_new(args, "levels", json_false());
		if (r->intents & I_TRENDLINES)
			json_object_set_new(args, "trendlines", json_true());
		if (r->intents & I_ANALYSIS)
			json_object_set_new(args, "max_levels",
			                    json_integer(4));
		call(plan, "chart_levels", args);
	}
	if (r->intents & (I_PATTERNS | I_ANALYSIS)) {
		args = json_object();
		if (r->npat) {
			json_t *names = json_array();
			int i;

			for (i = 0; i < r->npat; i++)
				json_array_append_new(
				    names,
				    json_string(tl_pattern_name(r->pat[i])));
			json_object_set_new(args, "names", names);
		}
		call(plan, "detect_chart_patterns", args);
	}
	if (r->intents & (I_TREND | I_ANALYSIS))
		call(plan, "get_stock_history",
		     json_pack("{s:i}", "bars", 200));
	return plan;
}

/* Reads the question and makes its plan; r is filled. */
static json_t *plan_of(struct tl_agent *a, const char *q, struct reading *r)
{
	read_question(a, q, r);
	intents(r);
	/* A symbol with no bars: nothing can be drawn for it. */
	if (!r->symbol[0] && r->unknown[0] &&
	    (!a->session->val[TL_SK_SYMBOL] ||
	     !tl_agent_same_symbol(a->session->val[TL_SK_SYMBOL], r->unknown)))
		return json_array();
	return make_plan(a, r);
}

json_t *tl_planner_plan(struct tl_agent *a, const char *question)
{
	struct reading r;

	return plan_of(a, question, &r);
}

/* A growing answer text. */
struct text {
	char *s;
	size_t len, cap;
};

static void say(struct text *t, const char *fmt, ...) TL_PRINTF(2, 3);
static void say(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			return;
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = 2 * t->cap + (size_t)n + 64;
		t->s = tl_realloc(t->s, t->cap);
	}
	t->len += (size_t)n;
}

/* Writes a space before the next sentence when there is text. */
static void sep(struct text *t)
{
	if (t->len && t->s[t->len - 1] != ' ')
		say(t, " ");
}

/* Writes price x as tl_num_format() does. */
static const char *num(double x, char *buf)
{
	tl_num_format(x, buf);
	return buf;
}

/* Writes the date (and time, intraday) of t for timeframe tfs. */
static const char *when(int64_t t, const char *tfs, char *buf)
{
	int tf = tl_tf_parse(tfs, strlen(tfs));

	tl_time_format(t, buf);
	if (tf >= TL_TF_1D)
		buf[10] = '\0';
	else {
		buf[10] = ' ';
		buf[16] = '\0';
		strcat(buf, " UTC");
	}
	return buf;
}

static double real(json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static const char *str(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

/* Writes what a chart_levels result says. */
static void say_levels(struct text *t, json_t *res, json_t *args)
{
	json_t *lv = json_object_get(res, "levels"), *v, *ns, *nr;
	const char *sym = str(res, "symbol"), *tf = str(res, "timeframe");
	char b1[TL_NUM_MAX], b2[TL_NUM_MAX];
	size_t i, n = json_array_size(lv);
	int k;

	if (!json_is_false(json_object_get(args, "levels"))) {
		for (k = 0; k < 2; k++) {
			const char *kind = k ? "resistance" : "support";
			int first = 1;

			if (!json_object_get(res, k ? "nearest_resistance"
			                            : "nearest_support"))
				continue;
			json_array_foreach(lv, i, v)
			{
				if (strcmp(str(v, "kind"), kind) != 0)
					continue;
				if (first) {
					sep(t);
					say(t, "%s for %s (%s): ",
					    k ? "Resistance" : "Support", sym,
					    tf);
				}
				say(t, "%s%s (%d touch%s)", first ? "" : ", ",
				    num(real(v, "price"), b1),
				    (int)json_integer_value(
				        json_object_get(v, "touches")),
				    json_integer_value(
				        json_object_get(v, "touches")) == 1
				        ? ""
				        : "es");
				first = 0;
			}
			if (!first)
				say(t, ".");
		}
		if (n == 0) {
			sep(t);
			say(t,
			    "I found no support or resistance on %s (%s): "
			    "too few confirmed turning points.",
			    sym, tf);
		}
		ns = json_object_get(res, "nearest_support");
		nr = json_object_get(res, "nearest_resistance");
		sep(t);
		say(t, "The last close is %s",
		    num(real(res, "last_close"), b1));
		if (json_is_number(ns) && json_is_number(nr))
			say(t, ", between support at %s and resistance at %s.",
			    num(json_number_value(ns), b1),
			    num(json_number_value(nr), b2));
		else if (json_is_number(ns))
			say(t, "; the nearest support is %s.",
			    num(json_number_value(ns), b1));
		else if (json_is_number(nr))
			say(t, "; the nearest resistance is %s (%.2f%% above).",
			    num(json_number_value(nr), b2),
			    100 *
			        (json_number_value(nr) -
			         real(res, "last_close")) /
			        real(res, "last_close"));
		else
			say(t, ".");
	}
	if (json_object_get(res, "trendlines")) {
		json_t *tl = json_object_get(res, "trendlines");

		sep(t);
		if (json_array_size(tl) == 0)
			say(t,
			    "No trendline through three pivots holds on %s "
			    "(%s).",
			    sym, tf);
		else
			say(t, "%zu trendline%s drawn:", json_array_size(tl),
			    json_array_size(tl) == 1 ? "" : "s");
		json_array_foreach(tl, i, v)
		{
			char d1[TL_TIME_MAX], d2[TL_TIME_MAX];

			say(t, "%s %s from %s to %s, now at %s", i ? ";" : "",
			    strcmp(str(v, "kind"), "support") == 0
			        ? "rising support"
			        : "falling resistance",
			    when(json_integer_value(json_object_get(v, "t1")),
			         tf, d1),
			    when(json_integer_value(json_object_get(v, "t2")),
			         tf, d2),
			    num(real(v, "value"), b1));
		}
		if (json_array_size(tl))
			say(t, ".");
	}
}

/* The words for a pattern name: "head and shoulders" for its record. */
static void pattern_words(const char *name, char *buf, size_t n)
{
	size_t i;

	snprintf(buf, n, "%s", name);
	for (i = 0; buf[i]; i++)
		if (buf[i] == '_')
			buf[i] = ' ';
}

/* Writes what a detect_chart_patterns result says. */
static void say_patterns(struct text *t, json_t *res, json_t *args)
{
	json_t *ps = json_object_get(res, "patterns"), *v, *names;
	const char *sym = str(res, "symbol"), *tf = str(res, "timeframe");
	size_t i, n = json_array_size(ps);
	char w[64], b1[TL_NUM_MAX], b2[TL_NUM_MAX], d[TL_TIME_MAX];

	sep(t);
	names = json_object_get(args, "names");
	if (n == 0) {
		if (json_array_size(names)) {
			say(t, "No ");
			json_array_foreach(names, i, v)
			{
				pattern_words(json_string_value(v), w,
				              sizeof w);
				say(t, "%s%s",
				    i == 0                            ? ""
				    : i + 1 == json_array_size(names) ? " or "
				                                      : ", ",
				    w);
			}
			say(t, " on %s (%s) by the rules of chart-levels(1).",
			    sym, tf);
		} else {
			say(t,
			    "No chart pattern on %s (%s) by the rules of "
			    "chart-levels(1).",
			    sym, tf);
		}
		return;
	}
	say(t, "%zu pattern%s on %s (%s):", n, n == 1 ? "" : "s", sym, tf);
	json_array_foreach(ps, i, v)
	{
		pattern_words(str(v, "name"), w, sizeof w);
		say(t, "%s %s %s, %s", i ? ";" : "", str(v, "direction"), w,
		    str(v, "status"));
		if (strcmp(str(v, "status"), "confirmed") == 0)
			say(t, " on %s",
			    when(json_integer_value(json_object_get(v, "end")),
			         tf, d));
		say(t, " (target %s, invalid beyond %s)",
		    num(real(v, "target"), b1),
		    num(real(v, "invalidation"), b2));
	}
	say(t, ".");
}

/* Writes what a get_stock_price result says. */
static void say_price(struct text *t, json_t *res)
{
	char b1[TL_NUM_MAX], b2[TL_NUM_MAX], d[TL_TIME_MAX];
	json_t *ch = json_object_get(res, "change");

	sep(t);
	say(t, "%s last closed at %s on %s (%s bars)", str(res, "symbol"),
	    num(real(res, "price"), b1),
	    when(json_integer_value(json_object_get(res, "t")),
	         str(res, "timeframe"), d),
	    str(res, "timeframe"));
	if (ch)
		say(t, ", %s%s (%+.2f%%) from the bar before",
		    json_number_value(ch) > 0 ? "+" : "",
		    num(json_number_value(ch), b2), real(res, "change_pct"));
	say(t, ".");
}

/* Writes what a get_stock_history result says (of the last n bars). */
static void say_history(struct text *t, json_t *res)
{
	json_t *bars = json_object_get(res, "bars"), *v;
	size_t n = json_array_size(bars), i;
	double hi = -INFINITY, lo = INFINITY;
	const char *tf = str(res, "timeframe");
	char b1[TL_NUM_MAX], b2[TL_NUM_MAX], b3[TL_NUM_MAX], b4[TL_NUM_MAX];
	char d1[TL_TIME_MAX], d2[TL_TIME_MAX];

	if (n == 0)
		return;
	json_array_foreach(bars, i, v)
	{
		if (real(v, "h") > hi)
			hi = real(v, "h");
		if (real(v, "l") < lo)
			lo = real(v, "l");
	}
	sep(t);
	say(t,
	    "Over the last %zu %s bars of %s, from %s to %s, the close went "
	    "from %s to %s, with a high of %s and a low of %s.",
	    n, tf, str(res, "symbol"),
	    when(json_integer_value(
	             json_object_get(json_array_get(bars, 0), "t")),
	         tf, d1),
	    when(json_integer_value(
	             json_object_get(json_array_get(bars, n - 1), "t")),
	         tf, d2),
	    num(real(json_array_get(bars, 0), "c"), b1),
	    num(real(json_array_get(bars, n - 1), "c"), b2), num(hi, b3),
	    num(lo, b4));
}

/* Writes the trend a get_stock_history result of 200 bars shows. */
static void say_trend(struct text *t, json_t *res)
{
	json_t *bars = json_object_get(res, "bars");
	size_t n = json_array_size(bars), i;
	double s50 = 0, s200 = 0, c;
	char b1[TL_NUM_MAX], b2[TL_NUM_MAX], b3[TL_NUM_MAX];

	if (n < 50) {
		sep(t);
		say(t, "Too few bars (%zu) to judge the trend of %s.", n,
		    str(res, "symbol"));
		return;
	}
	for (i = n - 50; i < n; i++)
		s50 += real(json_array_get(bars, i), "c");
	for (i = 0; i < n; i++)
		s200 += real(json_array_get(bars, i), "c");
	s50 /= 50;
	s200 /= (double)n;
	c = real(json_array_get(bars, n - 1), "c");
	sep(t);
	say(t,
	    "%s closed at %s, %s its 50-bar average (%s) and %s its "
	    "%zu-bar average (%s): ",
	    str(res, "symbol"), num(c, b1), c >= s50 ? "above" : "below",
	    num(tl_num_round(s50, 2), b2), c >= s200 ? "above" : "below", n,
	    num(tl_num_round(s200, 2), b3));
	if (c > s50 && s50 > s200)
		say(t, "an uptrend.");
	else if (c < s50 && s50 < s200)
		say(t, "a downtrend.");
	else
		say(t, "no clear trend.");
}

static const char help_text[] =
    "I work on the chart in view (the session's symbol and timeframe) "
    "with the bars in the bar cache. Ask me to draw support and "
    "resistance or trendlines, to find chart patterns (double tops and "
    "bottoms, head and shoulders, triangles, flags, rectangles), for the "
    "last price or the recent history, whether it is trending, or for an "
    "analysis; or to open another symbol or timeframe (\"open EURUSD "
    "hourly\", \"switch to the weekly\").";

char *tl_planner_answer(struct tl_agent *a, const char *question, json_t *log)
{
	struct reading r;
	struct text t = {NULL, 0, 0};
	json_t *plan = plan_of(a, question, &r), *step;
	char lasterr[512] = "";
	size_t i;

	say(&t, "%s", "");
	if (!r.symbol[0] && r.unknown[0] && json_array_size(plan) == 0) {
		say(&t,
		    "I have no bars for %s in the bar cache, so I cannot "
		    "chart it; fill it with bars-fetch %s (or bars-import "
		    "--store) and ask again.",
		    r.unknown, r.unknown);
	}
	/* First, as a chart runs commands in order. */
	if (r.intents & I_CLEAR) {
		tl_agent_command(a, "CLEAR");
		say(&t, "Cleared the chart's drawings.");
	}
	json_array_foreach(plan, i, step)
	{
		const char *tool = str(step, "tool");
		json_t *args = json_object_get(step, "arguments");
		json_t *res = tl_agent_call(a, tool, args);

		if (log) {
			json_array_append_new(
			    log, json_pack("{s:s,s:s,s:O}", "role", "tool_call",
			                   "tool", tool, "content", args));
			json_array_append_new(
			    log, json_pack("{s:s,s:s,s:O}", "role", "tool",
			                   "tool", tool, "content", res));
		}
		if (json_object_get(res, "error") &&
		    strcmp(str(res, "error"), lasterr) == 0) {
			/* Said already, for an earlier tool. */
		} else if (json_object_get(res, "error")) {
			snprintf(lasterr, sizeof lasterr, "%s",
			         str(res, "error"));
			sep(&t);
			say(&t, "I could not %s: %s.",
			    strcmp(tool, "set_chart") == 0 ? "change the chart"
			    : strcmp(tool, "chart_levels") == 0
			        ? "find the levels"
			    : strcmp(tool, "detect_chart_patterns") == 0
			        ? "look for patterns"
			        : "read the prices",
			    str(res, "error"));
		} else if (strcmp(tool, "set_chart") == 0) {
			sep(&t);
			say(&t, "Showing %s (%s).", str(res, "symbol"),
			    str(res, "timeframe"));
			if (json_integer_value(json_object_get(res, "bars")) ==
			    0)
				say(&t,
				    " The bar cache has no %s bars of %s "
				    "(nor finer ones to make them from).",
				    str(res, "timeframe"), str(res, "symbol"));
		} else if (strcmp(tool, "get_stock_price") == 0) {
			say_price(&t, res);
		} else if (strcmp(tool, "get_stock_history") == 0) {
			if (r.intents & (I_TREND | I_ANALYSIS) &&
			    json_integer_value(json_object_get(args, "bars")) ==
			        200)
				say_trend(&t, res);
			else
				say_history(&t, res);
		} else if (strcmp(tool, "chart_levels") == 0) {
			say_levels(&t, res, args);
		} else if (strcmp(tool, "detect_chart_patterns") == 0) {
			say_patterns(&t, res, args);
		}
		json_decref(res);
	}
	if (r.intents & I_HELP) {
		sep(&t);
		say(&t, "%s", help_text);
	}
	if (t.len == 0) {
		if (r.intents & I_THANKS)
			say(&t, "You're welcome.");
		else if (r.intents & I_HELLO)
			say(&t, "Hello. %s", help_text);
		else
			say(&t,
			    "I can only answer questions about the chart "
			    "and its prices, so I cannot help with that. "
			    "%s",
			    help_text);
	}
	json_decref(plan);
	return t.s;
}
