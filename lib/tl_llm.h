/* tl_llm.h: model providers (OpenAI-compatible, Anthropic) with tool calls. */
#ifndef TL_LLM_H
#define TL_LLM_H

#include <jansson.h>

#include "tl_agent.h"
#include "tl_http.h"

/*
 * A provider answers a question by a loop of rounds: each round sends the
 * conversation so far and the tools' schemas (tl_tool_schemas()) to the
 * model; when the model calls tools, each call is run by the agent
 * (tl_agent_call()) and its result sent back in the next round; when it
 * answers with text alone, that is the answer. At most max_rounds rounds
 * are sent; a model still calling tools then gets no more, and the answer
 * says it stopped.
 *
 * openai speaks POST BASE/chat/completions (OpenAI, Ollama, llama.cpp's
 * server, vLLM): messages with role system, user, assistant (with
 * tool_calls, whose arguments are a JSON text) and tool (tool_call_id);
 * with stream, server-sent events whose deltas are joined, tool calls
 * assembled by their index and their arguments parsed once whole, up to
 * "data: [DONE]" (usage asked for with stream_options.include_usage).
 * anthropic speaks POST BASE/messages (anthropic-version 2023-06-01):
 * content blocks text and tool_use, tool results sent as tool_result
 * blocks of a user message; with stream, the events message_start,
 * content_block_start, content_block_delta (text_delta, input_json_delta),
 * message_delta and message_stop.
 *
 * A tool call whose arguments are not a JSON object, or that names no
 * tool, gets an error result and the loop goes on. A reply that is not
 * what the API promises (not JSON, no choices or content, a stream cut
 * short) fails the ask.
 */
enum { TL_LLM_OPENAI, TL_LLM_ANTHROPIC };

struct tl_llm {
	int provider;       /* TL_LLM_OPENAI or TL_LLM_ANTHROPIC */
	const char *model;  /* borrowed */
	const char *base;   /* the API base URL, version path included */
	const char *key;    /* NULL: no key is sent (local servers) */
	const char *system; /* the system prompt, or NULL */
	int max_rounds;
	int stream;
	struct tl_http *http;
	/* With stream: called with each piece of answer text as it comes. */
	void (*on_text)(const char *p, size_t n, void *arg);
	void *arg;
};

/* What an ask made: the answer, or why it failed. */
struct tl_llm_result {
	char *text; /* the answer (new string), NULL on failure */
	long tokens_in, tokens_out;
	int rounds;    /* requests sent */
	char err[600]; /* why it failed, safe to print */
};

/*
 * Returns the body of the first request for question after history (an
 * array of {"role": "user"|"assistant", "content": TEXT}), as it would be
 * sent; for --dry-run and the loop itself.
 */
json_t *tl_llm_body(const struct tl_llm *l, json_t *history,
                    const char *question);

/* Returns the URL the requests go to (new string). */
char *tl_llm_url(const struct tl_llm *l);

/*
 * Asks question after history with agent a's tools. Appends each tool
 * call and result to log ({"role": "tool_call"|"tool", "tool",
 * "tool_call_id", "content"}). Returns 0 with res->text set, or the exit
 * status of the failure (69 the service failed, 75 rate-limited or timed
 * out, 78 the key was refused) with res->err. res->tokens_* count what the
 * replies said they used, failed asks included.
 */
int tl_llm_ask(struct tl_llm *l, struct tl_agent *a, json_t *history,
               const char *question, struct tl_llm_result *res, json_t *log);

#endif
