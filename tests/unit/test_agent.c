/* test_agent.c: the agent's tools on given bars, and the local planner. */
#include "tl_agent.h"
#include "tl_planner.h"
#include "tl_test.h"
#include "tl_time.h"

/* Adds n hourly bars of X from t0, close 100 + i, h = c + 1, l = c - 1. */
static void hourly(struct tl_agent *a, const char *sym, int64_t t0, int n)
{
	struct tl_bar b;
	int i;

	memset(&b, 0, sizeof b);
	snprintf(b.symbol, sizeof b.symbol, "%s", sym);
	b.tf = TL_TF_1H;
	b.final = 1;
	for (i = 0; i < n; i++) {
		b.t = t0 + 3600 * i;
		b.o = 100 + i;
		b.c = 100 + i + 0.5;
		b.h = b.c + 1;
		b.l = b.o - 1;
		b.v = 10;
		tl_agent_add_bar(a, &b);
	}
}

/* The schemas parse, and name the tools in order. */
static void test_schemas(void)
{
	json_t *s = tl_tool_schemas(), *v;
	size_t i;

	TL_EQ_INT(json_array_size(s), TL_TOOL_COUNT);
	json_array_foreach(s, i, v)
	{
		json_t *f = json_object_get(v, "function");

		TL_EQ_STR(json_string_value(json_object_get(f, "name")),
		          tl_tool_name((int)i));
		TL_CHECK(json_is_object(json_object_get(f, "parameters")));
	}
	json_decref(s);
	TL_EQ_INT(tl_tool_find("chart_levels"), TL_TOOL_LEVELS);
	TL_EQ_INT(tl_tool_find("chart"), -1);
}

/* Tool errors are results; a timeframe is made from a finer one. */
static void test_tools(void)
{
	struct tl_session s;
	struct tl_agent a;
	json_t *r, *args;

	tl_session_init(&s, "t");
	tl_agent_init(&a, NULL, &s);
	/* 48 hours from 2024-01-01 00:00 UTC: two days. */
	hourly(&a, "EURUSD", 1704067200, 48);
	r = tl_agent_call(&a, "get_stock_price", NULL);
	TL_EQ_STR(json_string_value(json_object_get(r, "error")),
	          "no chart in view: name a symbol, or set the session's "
	          "with session-set symbol=SYMBOL");
	json_decref(r);
	r = tl_agent_call(&a, "nosuch", NULL);
	TL_EQ_STR(json_string_value(json_object_get(r, "error")),
	          "unknown tool \"nosuch\"");
	json_decref(r);
	args = json_pack("{s:s,s:s}", "symbol", "eur/usd", "timeframe", "1D");
	r = tl_agent_call(&a, "get_stock_history", args);
	json_decref(args);
	TL_EQ_STR(json_string_value(json_object_get(r, "symbol")), "EURUSD");
	TL_EQ_INT(json_array_size(json_object_get(r, "bars")), 2);
	/* Day 2: o of hour 24, h max, l min, c of hour 47, v summed. */
	{
		json_t *d = json_array_get(json_object_get(r, "bars"), 1);

		TL_EQ_INT(json_integer_value(json_object_get(d, "t")),
		          1704153600);
		TL_EQ_DBL(json_number_value(json_object_get(d, "o")), 124);
		TL_EQ_DBL(json_number_value(json_object_get(d, "h")), 148.5);
		TL_EQ_DBL(json_number_value(json_object_get(d, "l")), 123);
		TL_EQ_DBL(json_number_value(json_object_get(d, "c")), 147.5);
		TL_EQ_DBL(json_number_value(json_object_get(d, "v")), 240);
	}
	json_decref(r);
	args = json_pack("{s:s,s:i}", "symbol", "EURUSD", "bars", 0);
	r = tl_agent_call(&a, "get_stock_history", args);
	json_decref(args);
	TL_EQ_STR(json_string_value(json_object_get(r, "error")),
	          "bars: expected a whole number from 1 to 500");
	json_decref(r);
	args = json_pack("{s:s,s:s}", "symbol", "EURUSD", "color", "red");
	r = tl_agent_call(&a, "chart_levels", args);
	json_decref(args);
	TL_EQ_STR(json_string_value(json_object_get(r, "error")),
	          "unknown argument \"color\"");
	json_decref(r);
	args = json_pack("{s:s}", "symbol", "AAPL");
	r = tl_agent_call(&a, "get_stock_price", args);
	json_decref(args);
	TL_EQ_STR(json_string_value(json_object_get(r, "error")),
	          "no bars for AAPL in the bar cache (bars-import --store or "
	          "bars-fetch fills it)");
	json_decref(r);
	/* set_chart: LOAD and TIMEFRAME, and the session follows. */
	args = json_pack("{s:s}", "symbol", "EURUSD");
	r = tl_agent_call(&a, "set_chart", args);
	json_decref(args);
	json_decref(r);
	TL_EQ_INT(json_array_size(a.commands), 2);
	TL_EQ_STR(json_string_value(json_array_get(a.commands, 0)),
	          "LOAD:EURUSD");
	TL_EQ_STR(json_string_value(json_array_get(a.commands, 1)),
	          "TIMEFRAME:1h");
	TL_EQ_STR(s.val[TL_SK_SYMBOL], "EURUSD");
	TL_CHECK(a.session_changed);
	/* Commands are kept once, as tl_cmd_format() writes them. */
	TL_EQ_INT(tl_agent_command(&a, "load:EURUSD"), 0);
	TL_EQ_INT(json_array_size(a.commands), 2);
	TL_EQ_INT(tl_agent_command(&a, "SUPPORT:abc"), -1);
	TL_EQ_INT(json_array_size(a.tools_used), 4);
	tl_agent_release(&a);
	tl_session_free(&s);
}

/* The planner's plans for a few questions. */
static void test_plans(void)
{
	static const char *const cases[][2] = {
	    {"support only please", "[{\"tool\":\"chart_levels\",\"arguments\":"
	                            "{\"kind\":\"support\"}}]"},
	    {"draw resistnce and trend lines",
	     "[{\"tool\":\"chart_levels\",\"arguments\":{\"kind\":"
	     "\"resistance\",\"trendlines\":true}}]"},
	    {"any triangle on eurusd daily?",
	     "[{\"tool\":\"set_chart\",\"arguments\":{\"symbol\":\"EURUSD\","
	     "\"timeframe\":\"1D\"}},{\"tool\":\"detect_chart_patterns\","
	     "\"arguments\":{\"names\":[\"ascending_triangle\","
	     "\"descending_triangle\",\"symmetric_triangle\"]}}]"},
	    {"the last 5 bars of eurusd",
	     "[{\"tool\":\"get_stock_history\",\"arguments\":{\"symbol\":"
	     "\"EURUSD\",\"bars\":5}}]"},
	    {"write me a poem", "[]"},
	    {"levels for TSLA", "[]"},
	};
	struct tl_session s;
	struct tl_agent a;
	size_t i;

	tl_session_init(&s, "t");
	tl_agent_init(&a, NULL, &s);
	hourly(&a, "EURUSD", 1704067200, 48);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		json_t *p = tl_planner_plan(&a, cases[i][0]);
		char *text = json_dumps(p, JSON_COMPACT);

		TL_EQ_STR(text, cases[i][1]);
		free(text);
		json_decref(p);
	}
	tl_agent_release(&a);
	tl_session_free(&s);
}

int main(void)
{
	TL_RUN(test_schemas);
	TL_RUN(test_tools);
	TL_RUN(test_plans);
	return TL_DONE();
}
