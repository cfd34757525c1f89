/* tl_llm.c: model providers (OpenAI-compatible, Anthropic) with tool calls. */
#include "tl_llm.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_sse.h"
#include "tl_util.h"

#define MAXCALLS 16

/* One tool call of a reply. */
struct call {
	char id[128];
	char name[64];
	char *args; /* the arguments' JSON text, as sent */
	size_t alen, acap;
};

/* What one round's reply said. */
struct turn {
	char *text;
	size_t tlen, tcap;
	struct call calls[MAXCALLS];
	int ncalls;
	long in, out;
	int done;      /* a stream's end was seen */
	char stop[32]; /* finish_reason or stop_reason */
	char err[300]; /* an error the reply carried */
	int bad;       /* the reply was not what the API promises */
	struct tl_sse sse;
	const struct tl_llm *l;
};

/* Returns s, or dflt when s is NULL. */
static const char *str_or(const char *s, const char *dflt)
{
	return s ? s : dflt;
}

/* Appends n bytes of p to *s (len, cap). */
static void grow(char **s, size_t *len, size_t *cap, const char *p, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = 2 * (*len + n + 1);
		*s = tl_realloc(*s, *cap);
	}
	memcpy(*s + *len, p, n);
	*len += n;
	(*s)[*len] = '\0';
}

/* Adds answer text to the turn (and streams it). */
static void text(struct turn *t, const char *p, size_t n)
{
	grow(&t->text, &t->tlen, &t->tcap, p, n);
	if (t->l->stream && t->l->on_text && n)
		t->l->on_text(p, n, t->l->arg);
}

static void turn_free(struct turn *t)
{
	int i;

	free(t->text);
	for (i = 0; i < t->ncalls; i++)
		free(t->calls[i].args);
	tl_sse_release(&t->sse);
}

char *tl_llm_url(const struct tl_llm *l)
{
	size_t n = strlen(l->base);

	while (n && l->base[n - 1] == '/')
		n--;
	return tl_asprintf("%.*s%s", (int)n, l->base,
	                   l->provider == TL_LLM_OPENAI ? "/chat/completions"
	                                                : "/messages");
}

/* The tools in the provider's shape. */
static json_t *tools(const struct tl_llm *l)
{
	json_t *s = tl_tool_schemas(), *out, *v;
	size_t i;

	if (l->provider == TL_LLM_OPENAI)
		return s;
	out = json_array();
	json_array_foreach(s, i, v)
	{
		json_t *f = json_object_get(v, "function");

		json_array_append_new(
		    out,
		    json_pack("{s:O,s:O,s:O}", "name",
		              json_object_get(f, "name"), "description",
		              json_object_get(f, "description"), "input_schema",
		              json_object_get(f, "parameters")));
	}
	json_decref(s);
	return out;
}

json_t *tl_llm_body(const struct tl_llm *l, json_t *history,
                    const char *question)
{
	json_t *msgs = json_array(), *m, *body;
	size_t i;

	if (l->system && l->provider == TL_LLM_OPENAI)
		json_array_append_new(msgs,
		                      json_pack("{s:s,s:s}", "role", "system",
		                                "content", l->system));
	json_array_foreach(history, i, m)
	{
		json_array_append_new(
		    msgs,
		    json_pack("{s:O,s:O}", "role", json_object_get(m, "role"),
		              "content", json_object_get(m, "content")));
	}
	json_array_append_new(
	    msgs, json_pack("{s:s,s:s}", "role", "user", "content", question));
	body = json_pack("{s:s,s:o,s:o}", "model", l->model, "messages", msgs,
	                 "tools", tools(l));
	if (l->provider == TL_LLM_ANTHROPIC) {
		json_object_set_new(body, "max_tokens", json_integer(1024));
		if (l->system)
			json_object_set_new(body, "system",
			                    json_string(l->system));
	}
	if (l->stream) {
		json_object_set_new(body, "stream", json_true());
		if (l->provider == TL_LLM_OPENAI)
			json_object_set_new(
			    body, "stream_options",
			    json_pack("{s:b}", "include_usage", 1));
	}
	return body;
}

/* Notes the usage object u (OpenAI's or Anthropic's names). */
static void usage(struct turn *t, json_t *u)
{
	json_t *v;

	if ((v = json_object_get(u, "prompt_tokens")) ||
	    (v = json_object_get(u, "input_tokens")))
		t->in = (long)json_integer_value(v);
	if ((v = json_object_get(u, "completion_tokens")) ||
	    (v = json_object_get(u, "output_tokens")))
		t->out = (long)json_integer_value(v);
}

/* Returns the call of index k of the turn, made when new (NULL: too many). */
static struct call *call_at(struct turn *t, int k)
{
	if (k < 0 || k >= MAXCALLS)
		return NULL;
	while (t->ncalls <= k) {
		memset(&t->calls[t->ncalls], 0, sizeof t->calls[0]);
		t->ncalls++;
	}
	return &t->calls[k];
}

/* Sets a call's id, name or whole arguments from strings, when given. */
static void call_set(struct call *c, const char *id, const char *name,
                     const char *args)
{
	if (id)
		snprintf(c->id, sizeof c->id, "%s", id);
	if (name)
		snprintf(c->name, sizeof c->name, "%s", name);
	if (args)
		grow(&c->args, &c->alen, &c->acap, args, strlen(args));
}

/* Reads a whole OpenAI reply. */
static void openai_reply(struct turn *t, json_t *r)
{
	json_t *msg, *c, *tc, *v;
	size_t i;

	msg = json_object_get(json_array_get(json_object_get(r, "choices"), 0),
	                      "message");
	if (!json_is_object(msg)) {
		t->bad = 1;
		return;
	}
	usage(t, json_object_get(r, "usage"));
	c = json_object_get(msg, "content");
	if (json_is_string(c))
		text(t, json_string_value(c), json_string_length(c));
	tc = json_object_get(msg, "tool_calls");
	json_array_foreach(tc, i, v)
	{
		json_t *f = json_object_get(v, "function");
		struct call *k = call_at(t, (int)i);

		json_t *args = json_object_get(f, "arguments");
		char *obj = NULL;

		if (!k)
			break;
		/* Some servers send the arguments as an object, not text. */
		if (json_is_object(args))
			obj = json_dumps(args, JSON_COMPACT);
		call_set(k, json_string_value(json_object_get(v, "id")),
		         json_string_value(json_object_get(f, "name")),
		         obj ? obj : json_string_value(args));
		free(obj);
	}
}

/* Reads a whole Anthropic reply. */
static void anthropic_reply(struct turn *t, json_t *r)
{
	json_t *content = json_object_get(r, "content"), *b;
	size_t i;

	if (!json_is_array(content)) {
		t->bad = 1;
		return;
	}
	usage(t, json_object_get(r, "usage"));
	json_array_foreach(content, i, b)
	{
		const char *type =
		    json_string_value(json_object_get(b, "type"));

		if (type && strcmp(type, "text") == 0) {
			json_t *s = json_object_get(b, "text");

			text(t,
			     json_string_value(s) ? json_string_value(s) : "",
			     json_string_length(s));
		} else if (type && strcmp(type, "tool_use") == 0) {
			struct call *k = call_at(t, t->ncalls);
			char *args;

			if (!k)
				break;
			args = json_dumps(json_object_get(b, "input"),
			                  JSON_COMPACT | JSON_ENCODE_ANY |
			                      JSON_REAL_PRECISION(15));
			call_set(k, json_string_value(json_object_get(b, "id")),
			         json_string_value(json_object_get(b, "name")),
			         args ? args : "null");
			free(args);
		}
	}
}

/* One server-sent event of an OpenAI stream. */
static int openai_event(struct turn *t, const char *data)
{
	json_t *e, *ch, *d, *tc, *v;
	size_t i;

	if (strcmp(data, "[DONE]") == 0) {
		t->done = 1;
		return 0;
	}
	if (!(e = json_loads(data, 0, NULL))) {
		t->bad = 1;
		return 1;
	}
	if (json_object_get(e, "error")) {
		snprintf(t->err, sizeof t->err, "%s",
		         str_or(json_string_value(json_object_get(
		                    json_object_get(e, "error"), "message")),
		                "an error event"));
		json_decref(e);
		return 1;
	}
	usage(t, json_object_get(e, "usage"));
	ch = json_array_get(json_object_get(e, "choices"), 0);
	d = json_object_get(ch, "delta");
	if (json_is_string(json_object_get(ch, "finish_reason")))
		snprintf(
		    t->stop, sizeof t->stop, "%s",
		    json_string_value(json_object_get(ch, "finish_reason")));
	if (json_is_string(json_object_get(d, "content")))
		text(t, json_string_value(json_object_get(d, "content")),
		     json_string_length(json_object_get(d, "content")));
	tc = json_object_get(d, "tool_calls");
	json_array_foreach(tc, i, v)
	{
		json_t *f = json_object_get(v, "function");
		json_t *ix = json_object_get(v, "index");
		struct call *k =
		    call_at(t, json_is_integer(ix) ? (int)json_integer_value(ix)
		                                   : (int)i);

		if (k)
			call_set(
			    k, json_string_value(json_object_get(v, "id")),
			    json_string_value(json_object_get(f, "name")),
			    json_string_value(json_object_get(f, "arguments")));
	}
	json_decref(e);
	return 0;
}

/* One server-sent event of an Anthropic stream. */
static int anthropic_event(struct turn *t, const char *name, const char *data)
{
	json_t *e = json_loads(data, 0, NULL), *b, *d;
	const char *type;

	if (!e) {
		t->bad = 1;
		return 1;
	}
	type = json_string_value(json_object_get(e, "type"));
	if (!type)
		type = name;
	if (strcmp(type, "error") == 0) {
		snprintf(t->err, sizeof t->err, "%s",
		         str_or(json_string_value(json_object_get(
		                    json_object_get(e, "error"), "message")),
		                "an error event"));
		json_decref(e);
		return 1;
	} else if (strcmp(type, "message_start") == 0) {
		usage(t,
		      json_object_get(json_object_get(e, "message"), "usage"));
	} else if (strcmp(type, "content_block_start") == 0) {
		b = json_object_get(e, "content_block");
		if (strcmp(str_or(json_string_value(json_object_get(b, "type")),
		                  ""),
		           "tool_use") == 0) {
			struct call *k = call_at(t, t->ncalls);

			/* Its input follows as partial_json deltas. */
			if (k)
				call_set(
				    k,
				    json_string_value(json_object_get(b, "id")),
				    json_string_value(
				        json_object_get(b, "name")),
				    NULL);
			json_decref(e);
			return k ? 0 : 1;
		}
	} else if (strcmp(type, "content_block_delta") == 0) {
		d = json_object_get(e, "delta");
		type =
		    str_or(json_string_value(json_object_get(d, "type")), "");
		if (strcmp(type, "text_delta") == 0) {
			json_t *s = json_object_get(d, "text");

			text(t,
			     json_string_value(s) ? json_string_value(s) : "",
			     json_string_length(s));
		} else if (strcmp(type, "input_json_delta") == 0 &&
		           t->ncalls > 0) {
			const char *p = json_string_value(
			    json_object_get(d, "partial_json"));

			/* Blocks stream one at a time: the last call. */
			if (p)
				call_set(&t->calls[t->ncalls - 1], NULL, NULL,
				         p);
		}
	} else if (strcmp(type, "message_delta") == 0) {
		usage(t, json_object_get(e, "usage"));
		snprintf(
		    t->stop, sizeof t->stop, "%s",
		    str_or(json_string_value(json_object_get(
		               json_object_get(e, "delta"), "stop_reason")),
		           ""));
	} else if (strcmp(type, "message_stop") == 0) {
		t->done = 1;
	}
	json_decref(e);
	return 0;
}

/* tl_sse's callback. */
static int on_event(const char *name, const char *data, size_t len, void *arg)
{
	struct turn *t = arg;

	(void)len;
	return t->l->provider == TL_LLM_OPENAI ? openai_event(t, data)
	                                       : anthropic_event(t, name, data);
}

/* tl_http's streaming callback: the body's pieces to the splitter. */
static int on_data(const char *p, size_t n, void *arg)
{
	struct turn *t = arg;
	int r = tl_sse_feed(&t->sse, p, n, on_event, t);

	if (r < 0)
		t->bad = 1;
	return r != 0;
}

/* Replaces every copy of key in s by "REDACTED" (in place, shorter). */
static void scrub(char *s, const char *key)
{
	size_t k = key ? strlen(key) : 0;
	char *p;

	if (k < 4)
		return;
	while ((p = strstr(s, key))) {
		size_t r = strlen("REDACTED");

		if (k >= r) {
			memcpy(p, "REDACTED", r);
			memmove(p + r, p + k, strlen(p + k) + 1);
		} else {
			memset(p, '*', k);
		}
	}
}

/* The message of an API error body (error.message), else its start. */
static void api_error(const char *body, char *out, size_t n)
{
	json_t *j = json_loads(body, 0, NULL);
	const char *m = json_string_value(
	    json_object_get(json_object_get(j, "error"), "message"));

	if (m)
		snprintf(out, n, "%s", m);
	else
		snprintf(out, n, "%.120s", body);
	json_decref(j);
}

/*
 * Sends body (a JSON object) as one round, reading the reply into t.
 * Returns 0, or an exit status with res->err set.
 */
static int round_trip(struct tl_llm *l, json_t *body, struct turn *t,
                      struct tl_llm_result *res)
{
	char *url = tl_llm_url(l), *text_body, auth[600];
	const char *headers[4] = {NULL, NULL, NULL, NULL};
	struct tl_http_req rq;
	struct tl_http_resp rs;
	const char *who = l->provider == TL_LLM_OPENAI ? "openai" : "anthropic";
	int status;

	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	if (l->provider == TL_LLM_OPENAI) {
		if (l->key) {
			snprintf(auth, sizeof auth, "Authorization: Bearer %s",
			         l->key);
			headers[0] = auth;
		}
	} else {
		snprintf(auth, sizeof auth, "x-api-key: %s",
		         l->key ? l->key : "");
		headers[0] = auth;
		headers[1] = "anthropic-version: 2023-06-01";
	}
	text_body = json_dumps(body, JSON_COMPACT);
	rq.method = "POST";
	rq.url = url;
	rq.headers = headers;
	rq.body = text_body;
	rq.body_len = strlen(text_body);
	if (l->stream) {
		tl_sse_init(&t->sse, 1 << 20);
		rq.on_data = on_data;
		rq.arg = t;
	}
	status = tl_http_do(l->http, &rq, &rs);
	res->rounds++;
	if (status) {
		snprintf(res->err, sizeof res->err, "%s: %s", who, rs.err);
	} else if (rs.status == 401 || rs.status == 403) {
		char m[200];

		api_error(rs.body, m, sizeof m);
		snprintf(res->err, sizeof res->err,
		         "%s: the key was refused (HTTP %ld): %s", who,
		         rs.status, m);
		status = TL_EX_CONFIG;
	} else if (rs.status < 200 || rs.status > 299) {
		char m[200];

		api_error(rs.body, m, sizeof m);
		snprintf(res->err, sizeof res->err, "%s: HTTP %ld: %s", who,
		         rs.status, m);
		status = TL_EX_UNAVAILABLE;
	} else if (l->stream) {
		if (t->err[0] || t->bad || !t->done) {
			snprintf(res->err, sizeof res->err, "%s: %s", who,
			         t->err[0] ? t->err
			         : t->bad  ? "the stream is not the events the "
			                     "API sends"
			                   : "the stream ended before its end");
			status = TL_EX_UNAVAILABLE;
		}
	} else {
		json_t *r = json_loads(rs.body, 0, NULL);

		if (!r) {
			snprintf(res->err, sizeof res->err,
			         "%s: the reply is not JSON", who);
			status = TL_EX_UNAVAILABLE;
		} else {
			if (l->provider == TL_LLM_OPENAI)
				openai_reply(t, r);
			else
				anthropic_reply(t, r);
			json_decref(r);
			if (t->bad) {
				snprintf(res->err, sizeof res->err,
				         "%s: the reply has no %s", who,
				         l->provider == TL_LLM_OPENAI
				             ? "choices[0].message"
				             : "content");
				status = TL_EX_UNAVAILABLE;
			}
		}
	}
	res->tokens_in += t->in;
	res->tokens_out += t->out;
	scrub(res->err, l->key);
	tl_http_resp_release(&rs);
	free(text_body);
	free(url);
	return status;
}

/* Adds the model's turn t and the results of its calls to the messages. */
static void add_turn(const struct tl_llm *l, json_t *msgs, struct turn *t,
                     json_t **results)
{
	json_t *m, *calls, *blocks;
	int i;

	if (l->provider == TL_LLM_OPENAI) {
		calls = json_array();
		for (i = 0; i < t->ncalls; i++)
			json_array_append_new(
			    calls, json_pack("{s:s,s:s,s:{s:s,s:s}}", "id",
			                     t->calls[i].id, "type", "function",
			                     "function", "name",
			                     t->calls[i].name, "arguments",
			                     t->calls[i].args ? t->calls[i].args
			                                      : ""));
		m = json_pack("{s:s,s:o,s:o}", "role", "assistant", "content",
		              t->text ? json_string(t->text) : json_null(),
		              "tool_calls", calls);
		json_array_append_new(msgs, m);
		for (i = 0; i < t->ncalls; i++) {
			char *s = json_dumps(
			    results[i], JSON_COMPACT | JSON_REAL_PRECISION(15));

			json_array_append_new(
			    msgs, json_pack("{s:s,s:s,s:s}", "role", "tool",
			                    "tool_call_id", t->calls[i].id,
			                    "content", s));
			free(s);
		}
		return;
	}
	blocks = json_array();
	if (t->tlen)
		json_array_append_new(
		    blocks,
		    json_pack("{s:s,s:s}", "type", "text", "text", t->text));
	for (i = 0; i < t->ncalls; i++) {
		json_t *in = t->calls[i].args
		                 ? json_loads(t->calls[i].args, 0, NULL)
		                 : NULL;

		if (!json_is_object(in)) {
			json_decref(in);
			in = json_object();
		}
		json_array_append_new(
		    blocks, json_pack("{s:s,s:s,s:s,s:o}", "type", "tool_use",
		                      "id", t->calls[i].id, "name",
		                      t->calls[i].name, "input", in));
	}
	json_array_append_new(msgs, json_pack("{s:s,s:o}", "role", "assistant",
	                                      "content", blocks));
	blocks = json_array();
	for (i = 0; i < t->ncalls; i++) {
		char *s = json_dumps(results[i],
		                     JSON_COMPACT | JSON_REAL_PRECISION(15));

		json_array_append_new(
		    blocks,
		    json_pack("{s:s,s:s,s:s,s:b}", "type", "tool_result",
		              "tool_use_id", t->calls[i].id, "content", s,
		              "is_error",
		              json_object_get(results[i], "error") != NULL));
		free(s);
	}
	json_array_append_new(
	    msgs, json_pack("{s:s,s:o}", "role", "user", "content", blocks));
}

int tl_llm_ask(struct tl_llm *l, struct tl_agent *a, json_t *history,
               const char *question, struct tl_llm_result *res, json_t *log)
{
	json_t *body = tl_llm_body(l, history, question);
	json_t *msgs = json_object_get(body, "messages");
	int round, status = 0, i;

	memset(res, 0, sizeof *res);
	for (round = 0; round < l->max_rounds; round++) {
		struct turn t;
		json_t *results[MAXCALLS];

		memset(&t, 0, sizeof t);
		t.l = l;
		status = round_trip(l, body, &t, res);
		if (status) {
			turn_free(&t);
			break;
		}
		if (t.ncalls == 0) {
			res->text = t.text ? t.text : tl_strdup("");
			t.text = NULL;
			turn_free(&t);
			break;
		}
		for (i = 0; i < t.ncalls; i++) {
			struct call *c = &t.calls[i];
			json_t *args = c->args && c->alen
			                   ? json_loads(c->args, 0, NULL)
			                   : json_object();

			if (!c->id[0])
				snprintf(c->id, sizeof c->id, "call_%d_%d",
				         round + 1, i + 1);
			if (!json_is_object(args))
				results[i] = json_pack(
				    "{s:s}", "error",
				    "the arguments are not a JSON object");
			else
				results[i] = tl_agent_call(a, c->name, args);
			json_array_append_new(
			    log,
			    json_pack("{s:s,s:s,s:s,s:s}", "role", "tool_call",
			              "tool", c->name, "tool_call_id", c->id,
			              "content", c->args ? c->args : ""));
			json_array_append_new(
			    log, json_pack("{s:s,s:s,s:s,s:O}", "role", "tool",
			                   "tool", c->name, "tool_call_id",
			                   c->id, "content", results[i]));
			json_decref(args);
		}
		add_turn(l, msgs, &t, results);
		for (i = 0; i < t.ncalls; i++)
			json_decref(results[i]);
		turn_free(&t);
	}
	if (!status && !res->text)
		res->text =
		    tl_asprintf("I stopped after %d rounds of tool calls "
		                "without a final answer.",
		                l->max_rounds);
	json_decref(body);
	return status;
}
