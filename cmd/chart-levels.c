/* chart-levels: support, resistance, trendlines and patterns of bar series. */
/*
 * Start reading main(): bars are read (any number of interleaved (symbol,
 * tf) series, checked as bars-resample checks them) into per-series arrays,
 * up to the --at time; at the end of input each series' levels as of its
 * last bar are found by tl_levels_find() (confirmed pivots clustered within
 * an ATR-based tolerance, lib/tl_levels.h) and its trendlines by
 * tl_trend_find() and its patterns by tl_pattern_find() over the --lookback
 * window, and written as level, trendline and pattern records, or with
 * --commands as the chart commands that draw them. Records of other types
 * are ignored.
 */
#include "tl_bar.h"
#include "tl_barin.h"
#include "tl_cli.h"
#include "tl_cmd.h"
#include "tl_levels.h"
#include "tl_ndjson.h"
#include "tl_num.h"
#include "tl_out.h"
#include "tl_pattern.h"
#include "tl_time.h"
#include "tl_trend.h"
#include "tl_util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_COMMANDS = 256, OPT_AT, OPT_PATTERNS };

static const struct tl_opt opts[] = {
    {"lookback", 'n', "N", "use the last N bars of each series (default all)",
     NULL},
    {"levels", 'k', "N", "most levels per series (default 10)", NULL},
    {"tol", 'T', "ATR_MULT",
     "merge pivots within this many ATR(14) (default 0.5)", NULL},
    {"pivot", 'p', "L,R", "pivot window: L bars before, R after (default 5,5)",
     NULL},
    {"patterns", OPT_PATTERNS, "LIST",
     "patterns to find: names, all or none (default all)",
     "all none double_top double_bottom head_and_shoulders "
     "inverse_head_and_shoulders ascending_triangle descending_triangle "
     "symmetric_triangle bull_flag bear_flag rectangle"},
    {"commands", OPT_COMMANDS, NULL,
     "write chart commands (LOAD, TIMEFRAME, SUPPORT, ..., PATTERN)", NULL},
    {"at", OPT_AT, "T", "levels as of time T: bars after it are not read",
     NULL},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {"verbose", 'v', NULL, "say on stderr why a series gives no levels", NULL},
    {0},
};

static const struct tl_prog prog = {
    "chart-levels",
    "[--lookback N] [--levels N] [--tol ATR_MULT] [--pivot L,R] "
    "[--patterns LIST|all|none] [--commands] [--at T] [--skip-bad] "
    "[--max-line BYTES] [-v] [FILE...]",
    "Find support, resistance, trendlines and patterns of bar series.",
    opts,
    "file",
};

struct state {
	struct tl_levels_opt lo;
	struct tl_trend_opt to;
	struct tl_pattern_opt po;
	int want[TL_PATTERN_NNAMES]; /* the patterns asked for */
	size_t lookback;             /* 0: all */
	int commands, verbose;
	struct tl_w w;
};

/* Writes command c as a command record (its text by tl_cmd_format()). */
static void command(struct tl_w *w, const struct tl_series *s,
                    const struct tl_cmd *c)
{
	char text[TL_CMD_MAX];

	tl_cmd_format(c, text);
	tl_w_begin(w);
	tl_w_str(w, "type", "command");
	tl_w_str(w, "symbol", s->symbol);
	tl_w_str(w, "tf", tl_tf_name(s->tf));
	tl_w_str(w, "text", text);
	tl_w_end(w);
}

/*
 * Writes trendline v of series s (bar times t of its window) as a record,
 * or as a TRENDLINE command; its value at the last bar is rounded to d
 * decimals.
 */
static void trendline(struct state *st, const struct tl_series *s,
                      const struct tl_trend *v, const int64_t *t, int d)
{
	if (st->commands) {
		struct tl_cmd c = {.kind = TL_CMD_TRENDLINE};

		c.t1 = t[v->i1], c.p1 = v->p1;
		c.t2 = t[v->i2], c.p2 = v->p2;
		command(&st->w, s, &c);
		return;
	}
	tl_w_begin(&st->w);
	tl_w_str(&st->w, "type", "trendline");
	tl_w_str(&st->w, "symbol", s->symbol);
	tl_w_str(&st->w, "tf", tl_tf_name(s->tf));
	tl_w_str(&st->w, "kind", tl_level_kind_name(v->kind));
	tl_w_int(&st->w, "t1", t[v->i1]);
	tl_w_num(&st->w, "p1", v->p1);
	tl_w_int(&st->w, "t2", t[v->i2]);
	tl_w_num(&st->w, "p2", v->p2);
	tl_w_int(&st->w, "touches", v->touches);
	tl_w_num(&st->w, "slope", v->slope);
	tl_w_num(&st->w, "value", tl_num_round(v->value, d));
	tl_w_end(&st->w);
}

/*
 * Writes pattern v of series s (bar times t of its window) as a record, or
 * as a PATTERN command; prices are rounded to d decimals.
 */
static void pattern(struct state *st, const struct tl_series *s,
                    const struct tl_pattern *v, const int64_t *t, int d)
{
	size_t i;

	if (st->commands) {
		struct tl_cmd c = {.kind = TL_CMD_PATTERN};

		snprintf(c.name, sizeof c.name, "%s", tl_pattern_name(v->name));
		c.t1 = t[v->start], c.t2 = t[v->end];
		command(&st->w, s, &c);
		return;
	}
	tl_w_begin(&st->w);
	tl_w_str(&st->w, "type", "pattern");
	tl_w_str(&st->w, "symbol", s->symbol);
	tl_w_str(&st->w, "tf", tl_tf_name(s->tf));
	tl_w_str(&st->w, "name", tl_pattern_name(v->name));
	tl_w_str(&st->w, "direction", tl_pattern_direction_name(v->direction));
	tl_w_str(&st->w, "status", v->confirmed ? "confirmed" : "forming");
	tl_w_int(&st->w, "start", t[v->start]);
	tl_w_int(&st->w, "end", t[v->end]);
	if (v->confirmed)
		tl_w_int(&st->w, "confirmed_at", t[v->confirmed_at]);
	tl_w_key(&st->w, "points");
	tl_w_raw(&st->w, "[", 1);
	for (i = 0; i < v->npoints; i++) {
		char num[24];

		tl_w_raw(&st->w, i ? ",[" : "[", i ? 2 : 1);
		tl_w_raw(&st->w, num,
		         (size_t)snprintf(num, sizeof num, "%lld,",
		                          (long long)t[v->pi[i]]));
		tl_w_number(&st->w, v->pp[i]);
		tl_w_raw(&st->w, "]", 1);
	}
	tl_w_raw(&st->w, "]", 1);
	tl_w_num(&st->w, "target", tl_num_round(v->target, d));
	tl_w_num(&st->w, "invalidation", v->invalidation);
	tl_w_num(&st->w, "confidence", tl_num_round(v->confidence, 4));
	tl_w_end(&st->w);
}

/* Finds and writes the levels of series s as of its last bar read. */
static void report(struct state *st, const struct tl_series *s)
{
	const struct tl_ohlcv *b = s->data;
	size_t off = 0, n = b->n, i, nlev = 0, ntr = 0, npat = 0, nwant;
	struct tl_level *lev = NULL;
	struct tl_trend *tr = NULL;
	struct tl_pattern *pat = NULL;
	struct tl_basis ba;
	int d;

	if (st->lookback && n > st->lookback) {
		off = n - st->lookback;
		n = st->lookback;
	}
	if (n == 0)
		return;
	/* Pivots and ATR once, for levels, trendlines and patterns. */
	if (tl_basis_init(&ba, b->h + off, b->l + off, b->c + off, n,
	                  TL_LEVELS_LAST, st->lo.left, st->lo.right) < 0 ||
	    tl_levels_from(&ba, &st->lo, &lev, &nlev) < 0 ||
	    tl_trend_from(&ba, &st->to, &tr, &ntr) < 0 ||
	    tl_pattern_from(&ba, &st->po, &pat, &npat) < 0)
		tl_die(TL_EX_USAGE, "cannot find levels with these options");
	tl_basis_free(&ba);
	/* Keep the patterns asked for, in place. */
	for (i = nwant = 0; i < npat; i++)
		if (st->want[pat[i].name])
			pat[nwant++] = pat[i];
	npat = nwant;
	if (st->verbose && nlev == 0 && ntr == 0 && npat == 0)
		tl_warn("%s %s: no levels in %zu bar%s (a pivot needs %d bars "
		        "before and %d after it)",
		        s->symbol, tl_tf_name(s->tf), n, n == 1 ? "" : "s",
		        st->lo.left, st->lo.right);
	d = tl_num_decimals(b->c, b->n);
	if (st->commands && (nlev || ntr || npat)) {
		struct tl_cmd c = {.kind = TL_CMD_LOAD};

		snprintf(c.symbol, sizeof c.symbol, "%s", s->symbol);
		command(&st->w, s, &c);
		c.kind = TL_CMD_TIMEFRAME, c.tf = s->tf;
		command(&st->w, s, &c);
	}
	for (i = 0; i < nlev; i++) {
		const struct tl_level *v = &lev[i];
		double price = tl_num_round(v->price, d);

		if (st->commands) {
			struct tl_cmd c = {.kind = v->kind == TL_LEVEL_SUPPORT
			                               ? TL_CMD_SUPPORT
			                               : TL_CMD_RESISTANCE};

			c.price = price;
			command(&st->w, s, &c);
			continue;
		}
		tl_w_begin(&st->w);
		tl_w_str(&st->w, "type", "level");
		tl_w_str(&st->w, "symbol", s->symbol);
		tl_w_str(&st->w, "tf", tl_tf_name(s->tf));
		tl_w_str(&st->w, "kind", tl_level_kind_name(v->kind));
		tl_w_num(&st->w, "price", price);
		tl_w_key(&st->w, "zone");
		tl_w_raw(&st->w, "[", 1);
		tl_w_number(&st->w, v->lo);
		tl_w_raw(&st->w, ",", 1);
		tl_w_number(&st->w, v->hi);
		tl_w_raw(&st->w, "]", 1);
		tl_w_int(&st->w, "touches", v->touches);
		tl_w_int(&st->w, "flips", v->flips);
		tl_w_num(&st->w, "strength", tl_num_round(v->strength, 4));
		tl_w_int(&st->w, "first", b->t[off + v->first]);
		tl_w_int(&st->w, "last", b->t[off + v->last]);
		tl_w_end(&st->w);
	}
	for (i = 0; i < ntr; i++)
		trendline(st, s, &tr[i], b->t + off, d);
	for (i = 0; i < npat; i++)
		pattern(st, s, &pat[i], b->t + off, d);
	free(lev);
	free(tr);
	free(pat);
}

/* Parses --patterns LIST|all|none into want[]. */
static void parse_patterns(int *want, const char *arg)
{
	const char *p = arg;
	int i;

	for (i = 0; i < TL_PATTERN_NNAMES; i++)
		want[i] = strcmp(arg, "all") == 0;
	if (strcmp(arg, "all") == 0 || strcmp(arg, "none") == 0)
		return;
	for (;;) {
		size_t len = strcspn(p, ",");
		int name = tl_pattern_parse(p, len);

		if (name < 0)
			tl_cli_usage_error(&prog,
			                   "--patterns: unknown pattern '%.*s'",
			                   (int)len, p);
		want[name] = 1;
		if (!p[len])
			break;
		p += len + 1;
	}
}

/* Parses --pivot L,R into o. */
static void parse_pivot(struct tl_levels_opt *o, const char *arg)
{
	char *end;
	long l, r;

	errno = 0;
	l = strtol(arg, &end, 10);
	if (end == arg || *end != ',')
		goto bad;
	arg = end + 1;
	r = strtol(arg, &end, 10);
	if (end == arg || *end || errno || l < 1 || l > 1000 || r < 0 ||
	    r > 1000)
		goto bad;
	o->left = (int)l;
	o->right = (int)r;
	return;
bad:
	tl_cli_usage_error(&prog,
	                   "--pivot: expected L,R with L from 1 and R from 0 "
	                   "to 1000, got '%s'",
	                   arg);
}

int main(int argc, char **argv)
{
	struct state st = {0};
	struct tl_seriesmap map;
	struct tl_series *s;
	struct tl_bad bad = {0};
	struct tl_barin in;
	struct tl_bar b;
	const char *arg;
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int64_t at = INT64_MAX;
	int c, r;
	char err[256];

	tl_setprog(argv[0]);
	tl_levels_opt_init(&st.lo);
	tl_trend_opt_init(&st.to);
	tl_pattern_opt_init(&st.po);
	parse_patterns(st.want, "all");
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 'n':
			st.lookback = (size_t)tl_cli_num(&prog, "lookback", arg,
			                                 1, LLONG_MAX);
			break;
		case 'k':
			st.lo.nmax =
			    (size_t)tl_cli_num(&prog, "levels", arg, 1, 1000);
			break;
		case 'T': {
			double d;

			if (tl_num_parse(arg, strlen(arg), 1, &d) < 0 ||
			    d < 0 || d > 100)
				tl_cli_usage_error(
				    &prog,
				    "--tol: expected ATRs from 0 to 100, "
				    "got '%s'",
				    arg);
			st.lo.tol_mult = d;
			break;
		}
		case 'p':
			parse_pivot(&st.lo, arg);
			break;
		case OPT_PATTERNS:
			parse_patterns(st.want, arg);
			break;
		case OPT_COMMANDS:
			st.commands = 1;
			break;
		case OPT_AT:
			if (tl_time_parse(arg, strlen(arg), &at) < 0) {
				char *end;

				errno = 0;
				at = strtoll(arg, &end, 10);
				if (!*arg || *end || errno)
					tl_cli_usage_error(
					    &prog,
					    "--at: expected epoch seconds or "
					    "an RFC 3339 time, got '%s'",
					    arg);
			}
			break;
		case TL_OPT_SKIP_BAD:
			bad.skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		case 'v':
			st.verbose = 1;
			break;
		}
	}
	/* Trendlines and patterns share the pivot window; trendlines the
	 * tolerance too (pattern peaks have their own, tighter one). */
	st.to.left = st.po.left = st.lo.left;
	st.to.right = st.po.right = st.lo.right;
	st.to.tol_mult = st.lo.tol_mult;
	tl_w_init(&st.w, 0);
	tl_seriesmap_init(&map, sizeof(struct tl_ohlcv));

	tl_barin_init(&in, argv + tl_cli_optind(), argc - tl_cli_optind(),
	              max_line, &bad);
	while ((r = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		int replace, created;

		if (r == TL_BARIN_OTHER) {
			bad.good++;
			continue;
		}
		s = tl_seriesmap_get(&map, b.symbol, b.tf, &created);
		if (created) /* levels, trendlines, patterns: no o, no v */
			((struct tl_ohlcv *)s->data)->hlc = 1;
		replace = tl_series_advance(s, &b, err, sizeof err);
		if (replace < 0) {
			tl_barin_bad(&in, err);
			continue;
		}
		bad.good++;
		if (b.t <= at)
			tl_ohlcv_push(s->data, &b, replace);
	}
	tl_barin_release(&in);
	for (s = map.first; s; s = s->next) {
		report(&st, s);
		tl_ohlcv_release(s->data);
	}
	tl_w_release(&st.w);
	tl_seriesmap_release(&map);
	return tl_cli_finish(tl_bad_status(&bad));
}
