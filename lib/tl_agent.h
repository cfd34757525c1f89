/* tl_agent.h: the agent's chart context, bars and tools. */
#ifndef TL_AGENT_H
#define TL_AGENT_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_session.h"
#include "tl_store.h"

/*
 * An agent answers one question about a chart. Its context is a session's
 * (symbol, timeframe, snapshot_id; set_chart changes the first two, in
 * memory, for the caller to save with the exchange). Its bars come either
 * from records given to it (--bars) or from the store's bar cache, one
 * (symbol, tf) series at a time, loaded on first use.
 *
 * Tools take a JSON object of arguments and give a JSON object back; an
 * error is a result too ({"error": "..."}), never a crash, so a model can
 * read it and go on. Drawing tools add chart commands to the answer's list
 * (text as tl_cmd_format() writes it, each once, in order of first use).
 */

/* One series of bars, in rising t. */
struct tl_agent_series {
	char symbol[TL_SYMBOL_MAX + 1];
	int tf;
	int made; /* resampled from a finer series, not given nor stored */
	struct tl_ohlcv bars;
};

struct tl_agent {
	struct tl_store *store;         /* the bar cache, or NULL */
	struct tl_agent_series *series; /* known series (loaded or given) */
	size_t nseries;
	int given;                  /* bars were given: no store reads */
	struct tl_session *session; /* the context (borrowed) */
	int session_changed;        /* set_chart changed it */
	json_t *commands;           /* array of command strings */
	json_t *tools_used;         /* array of tool names, each once */
};

/* The tool names, in the order of the schema. */
enum {
	TL_TOOL_PRICE,     /* get_stock_price */
	TL_TOOL_HISTORY,   /* get_stock_history */
	TL_TOOL_LEVELS,    /* chart_levels */
	TL_TOOL_PATTERNS,  /* detect_chart_patterns */
	TL_TOOL_SET_CHART, /* set_chart */
	TL_TOOL_COUNT
};

/* Returns the name of tool k. */
const char *tl_tool_name(int k);

/* Returns the tool named name, or -1. */
int tl_tool_find(const char *name);

/*
 * Returns a new array of the tools in the shape of OpenAI's "tools"
 * (type function, name, description, parameters as a JSON schema);
 * anthropic callers rename parameters to input_schema.
 */
json_t *tl_tool_schemas(void);

/*
 * Prepares a over store (may be NULL when bars are given) with session
 * (borrowed; its values are the context).
 */
void tl_agent_init(struct tl_agent *a, struct tl_store *store,
                   struct tl_session *session);
void tl_agent_release(struct tl_agent *a);

/*
 * Adds bar b to the given bars (bars read with --bars), making a->given.
 * The caller has checked it (tl_bar_check, tl_series_advance); a bar
 * with the t of the series' last replaces it.
 */
void tl_agent_add_bar(struct tl_agent *a, const struct tl_bar *b);

/*
 * Returns the series of (symbol, tf): given, or loaded from the store.
 * NULL when there are no such bars.
 */
const struct tl_agent_series *tl_agent_bars(struct tl_agent *a,
                                            const char *symbol, int tf);

/*
 * Calls fn for each (symbol, tf) that has bars: the given series, or the
 * store's. Stops when fn returns non-zero and returns that value.
 */
int tl_agent_each_series(struct tl_agent *a,
                         int (*fn)(const char *symbol, int tf, void *arg),
                         void *arg);

/*
 * Runs tool name with args (an object; NULL for none) and returns its
 * result, a new object; an unknown tool or bad arguments give
 * {"error": "..."}. Records the tool in tools_used.
 */
json_t *tl_agent_call(struct tl_agent *a, const char *name, json_t *args);

/*
 * Returns 1 when symbols x and y are the same but for the case of letters
 * and the separators / - _ and space (BTC/USD is btcusd), else 0.
 */
int tl_agent_same_symbol(const char *x, const char *y);

/* Adds command text (checked by tl_cmd_parse) to the answer, once.
 * Returns 0, or -1 when text is no valid chart command. */
int tl_agent_command(struct tl_agent *a, const char *text);

#endif
