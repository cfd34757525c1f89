/* tl_planner.h: the local agent: a deterministic planner over the tools. */
#ifndef TL_PLANNER_H
#define TL_PLANNER_H

#include <jansson.h>

#include "tl_agent.h"

/*
 * The local provider needs no network and no key. It reads the question
 * for its intents (levels, trendlines, patterns, price, history, trend,
 * analysis, another symbol, another timeframe, help, thanks), with
 * spelling slips of one letter in the longer keywords forgiven; resolves
 * "this chart" from the agent's session; calls the same tools a model
 * would; and writes a plain answer from their results. What it cannot do
 * it says so.
 *
 * The plan is an array of {"tool": NAME, "arguments": {...}}, in the
 * order the calls are made; tl_planner_plan() makes it without calling
 * anything (for --dry-run).
 */
json_t *tl_planner_plan(struct tl_agent *a, const char *question);

/*
 * Plans, calls the tools of the plan with a, and returns the answer text
 * (a new string). Each call and its result are appended to log (when not
 * NULL) as {"role": "tool_call", "tool", "content": ARGS} and
 * {"role": "tool", "tool", "content": RESULT}.
 */
char *tl_planner_answer(struct tl_agent *a, const char *question, json_t *log);

#endif
