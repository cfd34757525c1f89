/* agent-ask: answers a question about the chart in view, with chart commands.
 */
/*
 * Start reading main(): the question is the operands joined by spaces, or
 * standard input's text when there are none (then stdin is never read
 * otherwise, so agent-ask works inside `while read` loops when given a
 * question). The session gives the chart in view; the bars come from
 * --bars or the store's bar cache. The provider answers (ask()), calling
 * the tools of tl_agent.h; the exchange (question, tool calls and results,
 * answer) is then stored in one write transaction with any change of the
 * chart (set_chart), and the answer record printed.
 */
#include "tl_agent.h"
#include "tl_barin.h"
#include "tl_cli.h"
#include "tl_config.h"
#include "tl_llm.h"
#include "tl_cmd.h"
#include "tl_convo.h"
#include "tl_out.h"
#include "tl_planner.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
	OPT_SESSION = 256,
	OPT_BARS,
	OPT_PROVIDER,
	OPT_MODEL,
	OPT_BASE_URL,
	OPT_MAX_ROUNDS,
	OPT_CID,
	OPT_STREAM,
	OPT_SYSTEM,
	OPT_DRY_RUN,
	OPT_TIMEOUT,
	OPT_RETRIES
};

/* The answer made, by whichever provider. */
struct outcome {
	char *text;    /* NULL when it failed */
	int status;    /* 0, or the exit status of the failure */
	char err[600]; /* why it failed */
	const char *provider, *model;
	long tin, tout;
	double cost; /* when the model's price is configured */
	int priced;
};

static const struct tl_opt opts[] = {
    {"session", OPT_SESSION, "ID",
     "the session (default $TICKLINE_SESSION, else default)", NULL},
    {"bars", OPT_BARS, "FILE",
     "bars for the tools from FILE (- for stdin), not the bar cache", "file"},
    {"provider", OPT_PROVIDER, "NAME",
     "who answers: local (default), openai or anthropic",
     "local openai anthropic"},
    {"model", OPT_MODEL, "M", "the model of the provider", NULL},
    {"base-url", OPT_BASE_URL, "URL", "the provider's API base URL", NULL},
    {"max-rounds", OPT_MAX_ROUNDS, "N",
     "most rounds of tool calls, 1 to 20 (default 5)", NULL},
    {"continue", 'c', NULL, "continue the session's latest conversation", NULL},
    {"cid", OPT_CID, "ID", "continue conversation ID", NULL},
    {"stream", OPT_STREAM, NULL, "write delta records as the answer comes",
     NULL},
    {"system", OPT_SYSTEM, "TEXT", "the system prompt of a model", NULL},
    {"dry-run", OPT_DRY_RUN, NULL,
     "print the request that would be made; make none", NULL},
    {"timeout", OPT_TIMEOUT, "S",
     "give up on a model's request after S seconds, 1 to 3600 (default 60)",
     NULL},
    {"retries", OPT_RETRIES, "N",
     "tries of a model's request, 1 to 10 (default 3)", NULL},
    {"verbose", 'v', NULL, "say on stderr what is sent where (no keys)", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest --bars line accepted (default 1M)", NULL},
    {0},
};

static const struct tl_prog prog = {
    "agent-ask",
    "[--session ID] [--bars FILE|-] [--provider local|openai|anthropic] "
    "[--model M] [--base-url URL] [--max-rounds N] [-c | --cid ID] "
    "[--stream] [--system TEXT] [--dry-run] [--timeout S] [--retries N] "
    "[--db PATH] [--max-line BYTES] [-v] [QUESTION...]",
    "Answer a question about the chart in view, with chart commands.",
    opts,
    NULL,
};

/* The longest question read from standard input. */
#define QUESTION_MAX (64 * 1024)

/* Reads the question from standard input (its text, trimmed). */
static char *read_question(void)
{
	char *q = tl_malloc(QUESTION_MAX + 1);
	size_t n = fread(q, 1, QUESTION_MAX + 1, stdin);

	if (ferror(stdin))
		tl_die(TL_EX_IOERR, "standard input: %s", strerror(errno));
	if (n > QUESTION_MAX)
		tl_die(TL_EX_DATA, "standard input: a question has at most "
		                   "64 KiB");
	q[n] = '\0';
	return q;
}

/* Joins the operands argv[i..argc) with spaces. */
static char *join(int argc, char **argv, int i)
{
	size_t len = 0;
	char *q;
	int k;

	for (k = i; k < argc; k++)
		len += strlen(argv[k]) + 1;
	q = tl_malloc(len + 1);
	q[0] = '\0';
	for (k = i; k < argc; k++) {
		if (k > i)
			strcat(q, " ");
		strcat(q, argv[k]);
	}
	return q;
}

/* Reads the bars of path (--bars) into the agent. */
static void read_bars(struct tl_agent *a, const char *path, size_t max_line)
{
	char *paths[1] = {(char *)path}, err[256];
	struct tl_bad bad = {0, 0, 0};
	struct tl_seriesmap map;
	struct tl_barin in;
	struct tl_bar b;
	int kind;

	tl_seriesmap_init(&map, 0);
	tl_barin_init(&in, paths, 1, max_line, &bad);
	while ((kind = tl_barin_next(&in, &b)) != TL_BARIN_END) {
		struct tl_series *s;

		if (kind != TL_BARIN_BAR)
			continue;
		s = tl_seriesmap_get(&map, b.symbol, b.tf, NULL);
		if (tl_series_advance(s, &b, err, sizeof err) < 0) {
			tl_barin_bad(&in, err);
			continue;
		}
		tl_agent_add_bar(a, &b);
	}
	tl_barin_release(&in);
	tl_seriesmap_release(&map);
}

/* tl_agent_each_series' callback: takes the first series' symbol. */
static int first_series(const char *symbol, int tf, void *arg)
{
	struct tl_session *s = arg;

	tl_session_set(s, TL_SK_SYMBOL, symbol);
	tl_session_set(s, TL_SK_TF, tl_tf_name(tf));
	return 1;
}

/* Returns milliseconds of the monotonic clock (0 when time is frozen). */
static int64_t ms_now(int frozen)
{
	return frozen ? 0 : tl_mono_ms();
}

/* Writes "key":"val" or "key":null. */
static void str_or_null(struct tl_w *w, const char *key, const char *val)
{
	if (val)
		tl_w_str(w, key, val);
	else
		tl_w_null(w, key);
}

/* Writes a JSON array of strings (NULL: an empty one). */
static void strings(struct tl_w *w, const char *key, json_t *arr)
{
	json_t *v;
	size_t i;

	tl_w_key(w, key);
	tl_w_raw(w, "[", 1);
	json_array_foreach(arr, i, v)
	{
		if (i)
			tl_w_raw(w, ",", 1);
		tl_w_quote(w, json_string_value(v), json_string_length(v));
	}
	tl_w_raw(w, "]", 1);
}

/* Writes a delta record (the streaming callback of a model's text). */
static void on_text(const char *p, size_t n, void *arg)
{
	struct tl_w *w = arg;

	tl_w_begin(w);
	tl_w_str(w, "type", "delta");
	tl_w_strn(w, "text", p, n);
	tl_w_end(w);
}

/* Writes the text as delta records, a sentence (up to ". ") at a time. */
static void stream(struct tl_w *w, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *e = strstr(p, ". ");
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);

		while (p[n] == ' ')
			n++;
		on_text(p, n, w);
		p += n;
	}
}

/* The options of a model provider. */
struct model_opts {
	const char *provider, *model, *base, *system;
	int max_rounds, verbose, stream;
	long timeout_s, retries;
};

/* Returns the value of a config key made of a and b ("price." model ...). */
static const char *cfg2(const struct tl_config *c, const char *a, const char *b,
                        const char *z)
{
	char key[256];

	snprintf(key, sizeof key, "%s%s%s", a, b, z);
	return tl_config_get(c, key);
}

/* Returns config value k as a number >= 0, or -1 when it is unset. */
static double cfg_num(const char *k)
{
	char *end;
	double v;

	if (!k)
		return -1;
	v = strtod(k, &end);
	if (end == k || *end || !(v >= 0))
		tl_die(TL_EX_CONFIG, "configuration: '%s' is not a price", k);
	return v;
}

/*
 * Adds the chart commands a model wrote in its text to the answer: words
 * that start with a command keyword and a ':' (or CLEAR). Those that do
 * not parse are dropped with a warning.
 */
static void text_commands(struct tl_agent *a, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n, len;
		int k;

		while (*p &&
		       (*p == ' ' || *p == '\n' || *p == '\t' || *p == '`' ||
		        *p == '(' || *p == '[' || *p == '"' || *p == ','))
			p++;
		n = strcspn(p, " \n\t`()[]\",;");
		/* tl_cmd's keywords, each with its ':' (CLEAR alone). */
		for (k = 0; k < TL_CMD_COUNT; k++) {
			len = strlen(tl_cmd_keyword(k));
			if (strncmp(p, tl_cmd_keyword(k), len) == 0 &&
			    (k == TL_CMD_CLEAR || p[len] == ':'))
				break;
		}
		if (k < TL_CMD_COUNT) {
			char cmd[TL_CMD_MAX];
			size_t m = n;

			/* A sentence's full stop is not part of it. */
			while (m > 0 && p[m - 1] == '.')
				m--;
			snprintf(cmd, sizeof cmd, "%.*s", (int)m, p);
			if ((k == TL_CMD_CLEAR && m != len) ||
			    tl_agent_command(a, cmd) != 0)
				tl_warn("dropped malformed chart command '%s' "
				        "from the model's text",
				        cmd);
		}
		p += n ? n : 1;
	}
}

/*
 * Answers with a model provider: settles model, base URL and key from
 * the options, the environment and the configuration, checks the daily
 * budget, asks, and fills o. With dry, writes the request instead.
 */
static void ask_model(const struct model_opts *mo, struct tl_config *cfg,
                      struct tl_store *st, struct tl_agent *a, const char *cid,
                      const char *question, int64_t now, int dry,
                      struct tl_w *w, json_t *log, struct outcome *o)
{
	int openai = strcmp(mo->provider, "openai") == 0;
	const char *env_key = openai ? "OPENAI_API_KEY" : "ANTHROPIC_API_KEY";
	const char *dflt_base = openai ? "https://api.openai.com/v1"
	                               : "https://api.anthropic.com/v1";
	const char *model = mo->model, *base = mo->base, *e;
	double budget, pin, pout;
	struct tl_http_opts ho;
	struct tl_llm_result r;
	struct tl_llm l;
	char *key;
	json_t *history;

	if (!model)
		model = cfg2(cfg, mo->provider, "_model", "");
	if (!model)
		model = tl_config_get(cfg, "model");
	if (!model)
		model = openai ? "gpt-4o-mini" : "claude-3-5-haiku-latest";
	e = getenv(openai ? "OPENAI_BASE_URL" : "ANTHROPIC_BASE_URL");
	if (!base && e && *e)
		base = e;
	if (!base)
		base = cfg2(cfg, mo->provider, "_base_url", "");
	if (!base)
		base = dflt_base;
	if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8))
		tl_die(TL_EX_USAGE,
		       "--base-url: expected an http or https URL");
	key = tl_http_key(env_key,
	                  openai ? "openai_api_key" : "anthropic_api_key");
	/* OpenAI-compatible local servers (Ollama, llama.cpp) need none. */
	if (!key && !dry && (!openai || strcmp(base, dflt_base) == 0))
		tl_die(TL_EX_CONFIG,
		       "%s is not set (nor %s in the "
		       "configuration)",
		       env_key,
		       openai ? "openai_api_key" : "anthropic_api_key");
	o->provider = mo->provider;
	o->model = model;

	memset(&l, 0, sizeof l);
	l.provider = openai ? TL_LLM_OPENAI : TL_LLM_ANTHROPIC;
	l.model = model;
	l.base = base;
	l.key = key;
	l.system = mo->system;
	l.max_rounds = mo->max_rounds;
	l.stream = mo->stream;
	l.on_text = on_text;
	l.arg = w;
	history = cid[0] ? tl_convo_history(st, cid) : json_array();
	{
		/* Only the questions and answers: tools are asked anew. */
		json_t *h = json_array(), *m;
		size_t i;

		json_array_foreach(history, i, m)
		{
			const char *role =
			    json_string_value(json_object_get(m, "role"));

			if (role && (strcmp(role, "user") == 0 ||
			             strcmp(role, "assistant") == 0))
				json_array_append(h, m);
		}
		json_decref(history);
		history = h;
	}
	if (dry) {
		json_t *body = tl_llm_body(&l, history, question);
		char *url = tl_llm_url(&l),
		     *text = json_dumps(body, JSON_COMPACT);

		tl_w_begin(w);
		tl_w_str(w, "type", "request");
		tl_w_str(w, "provider", mo->provider);
		tl_w_str(w, "url", url);
		tl_w_open(w, "headers");
		if (openai && key)
			tl_w_str(w, "Authorization", "Bearer REDACTED");
		if (!openai) {
			tl_w_str(w, "x-api-key", key ? "REDACTED" : "");
			tl_w_str(w, "anthropic-version", "2023-06-01");
		}
		tl_w_close(w);
		tl_w_key(w, "body");
		tl_w_raw(w, text, strlen(text));
		tl_w_end(w);
		free(text);
		free(url);
		json_decref(body);
		json_decref(history);
		free(key);
		o->status = -1; /* nothing to store */
		return;
	}
	pin = cfg_num(cfg2(cfg, "price.", model, ".input"));
	pout = cfg_num(cfg2(cfg, "price.", model, ".output"));
	budget = cfg_num(tl_config_get(cfg, "daily_budget"));
	if (budget >= 0) {
		double spent = tl_convo_spent(st, now - now % 86400);

		if (spent >= budget)
			tl_die(
			    TL_EX_TEMPFAIL,
			    "over the daily budget: %.4f spent today of %.4f "
			    "(daily_budget in the configuration); no request "
			    "made",
			    spent, budget);
	}
	tl_http_opts_init(&ho);
	ho.verbose = mo->verbose;
	ho.timeout_ms = mo->timeout_s * 1000;
	ho.attempts = (int)mo->retries;
	ho.tag = mo->provider;
	l.http = tl_http_new(&ho);
	o->status = tl_llm_ask(&l, a, history, question, &r, log);
	o->tin = r.tokens_in;
	o->tout = r.tokens_out;
	if (pin >= 0 && pout >= 0) {
		o->priced = 1;
		o->cost =
		    ((double)r.tokens_in * pin + (double)r.tokens_out * pout) /
		    1e6;
	}
	if (o->status == 0) {
		o->text = r.text;
		text_commands(a, r.text);
	} else {
		snprintf(o->err, sizeof o->err, "%s", r.err);
	}
	tl_http_free(l.http);
	json_decref(history);
	free(key);
}

int main(int argc, char **argv)
{
	const char *arg, *sid = NULL, *db = NULL, *bars = NULL, *why;
	const char *cid = NULL;
	char *question, id[TL_CONVO_ID_MAX] = "";
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, cont = 0, dry = 0, frozen;
	int64_t now, t0, latency;
	struct model_opts mo = {NULL, NULL, NULL, NULL, 5, 0, 0, 60, 3};
	struct outcome o;
	struct tl_config *cfg;
	struct tl_store *st;
	struct tl_session s;
	struct tl_agent a;
	struct tl_w w;
	json_t *log, *msgs, *m;
	size_t i;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_SESSION:
			sid = arg;
			break;
		case OPT_BARS:
			bars = arg;
			break;
		case OPT_PROVIDER:
			mo.provider = arg;
			break;
		case OPT_MODEL:
			mo.model = arg;
			break;
		case OPT_BASE_URL:
			mo.base = arg;
			break;
		case OPT_SYSTEM:
			mo.system = arg;
			break;
		case OPT_MAX_ROUNDS:
			mo.max_rounds =
			    (int)tl_cli_num(&prog, "max-rounds", arg, 1, 20);
			break;
		case 'c':
			cont = 1;
			break;
		case OPT_CID:
			cid = arg;
			break;
		case OPT_STREAM:
			mo.stream = 1;
			break;
		case OPT_DRY_RUN:
			dry = 1;
			break;
		case 'v':
			mo.verbose = 1;
			break;
		case OPT_TIMEOUT:
			mo.timeout_s =
			    (long)tl_cli_num(&prog, "timeout", arg, 1, 3600);
			break;
		case OPT_RETRIES:
			mo.retries =
			    (long)tl_cli_num(&prog, "retries", arg, 1, 10);
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		case TL_OPT_MAX_LINE:
			max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		}
	}
	if (cont && cid)
		tl_cli_usage_error(&prog, "-c and --cid exclude each other");
	if (cid && (strlen(cid) >= TL_CONVO_ID_MAX || !*cid))
		tl_cli_usage_error(&prog, "--cid: no conversation '%s'", cid);
	sid = tl_session_id(sid);
	if ((why = tl_session_id_check(sid)))
		tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
	cfg = tl_config_load(NULL);
	if (!mo.provider)
		mo.provider = tl_config_get(cfg, "provider");
	if (!mo.provider)
		mo.provider = "local";
	if (strcmp(mo.provider, "local") != 0 &&
	    strcmp(mo.provider, "openai") != 0 &&
	    strcmp(mo.provider, "anthropic") != 0)
		tl_cli_usage_error(&prog,
		                   "--provider: expected local, openai or "
		                   "anthropic, got '%s'",
		                   mo.provider);
	if (tl_cli_optind() < argc) {
		question = join(argc, argv, tl_cli_optind());
	} else {
		if (bars && strcmp(bars, "-") == 0)
			tl_cli_usage_error(&prog, "with --bars -, give the "
			                          "question as operands");
		question = read_question();
	}
	{
		char *q = tl_trim_str(question, TL_TRIM_SPACE);

		memmove(question, q, strlen(q) + 1);
	}
	if (!*question)
		tl_cli_usage_error(&prog, "no question");

	frozen = getenv("TICKLINE_NOW") != NULL;
	now = tl_now();
	t0 = ms_now(frozen);
	st = tl_store_open_opt(db);
	tl_session_load(st, sid, now, &s);
	tl_agent_init(&a, bars ? NULL : st, &s);
	if (bars) {
		read_bars(&a, bars, max_line);
		if (!s.val[TL_SK_SYMBOL])
			tl_agent_each_series(&a, first_series, &s);
	}
	if (cid) {
		if (!tl_convo_exists(st, cid))
			tl_die(TL_EX_NOINPUT, "no conversation '%s'", cid);
		snprintf(id, sizeof id, "%s", cid);
	} else if (cont) {
		tl_convo_latest(st, sid, id);
	}
	tl_w_init(&w, mo.stream);
	memset(&o, 0, sizeof o);
	log = json_array();
	if (strcmp(mo.provider, "local") == 0) {
		o.provider = "local";
		o.model = "planner";
		o.priced = 1; /* it costs nothing */
		if (dry) {
			json_t *plan = tl_planner_plan(&a, question);
			char *text = json_dumps(plan, JSON_COMPACT);

			tl_w_begin(&w);
			tl_w_str(&w, "type", "request");
			tl_w_str(&w, "provider", "local");
			tl_w_str(&w, "question", question);
			tl_w_key(&w, "plan");
			tl_w_raw(&w, text, strlen(text));
			tl_w_end(&w);
			free(text);
			json_decref(plan);
			o.status = -1;
		} else {
			o.text = tl_planner_answer(&a, question, log);
			if (mo.stream)
				stream(&w, o.text);
		}
	} else {
		ask_model(&mo, cfg, st, &a, id, question, now, dry, &w, log,
		          &o);
	}
	if (o.status < 0) /* a dry run: nothing asked, nothing stored */
		goto done;
	latency = ms_now(frozen) - t0;

	/* One transaction: the exchange and the chart it leaves. */
	msgs = json_array();
	json_array_append_new(
	    msgs, json_pack("{s:s,s:s}", "role", "user", "content", question));
	json_array_extend(msgs, log);
	m = json_pack("{s:s,s:s,s:s,s:s,s:I,s:I,s:I}", "role",
	              o.status ? "error" : "assistant", "content",
	              o.status ? o.err : o.text, "provider", o.provider,
	              "model", o.model, "tokens_in", (json_int_t)o.tin,
	              "tokens_out", (json_int_t)o.tout, "latency_ms",
	              (json_int_t)latency);
	if (o.priced)
		json_object_set_new(m, "cost", json_real(o.cost));
	json_array_append_new(msgs, m);
	if (o.status)
		json_array_foreach(msgs, i, m)
		    json_object_set_new(m, "status", json_string("failed"));
	tl_store_begin(st);
	tl_convo_append(st, id, sid, now, msgs);
	if (a.session_changed && !o.status)
		tl_session_save(st, &s, now, 86400);
	tl_store_commit(st);
	json_decref(msgs);

	tl_w_begin(&w);
	tl_w_str(&w, "type", "answer");
	tl_w_bool(&w, "success", o.status == 0);
	tl_w_str(&w, "text", o.status ? "" : o.text);
	if (o.status)
		tl_w_str(&w, "error", o.err);
	strings(&w, "chart_commands", o.status ? NULL : a.commands);
	tl_w_open(&w, "data");
	strings(&w, "tools_used", a.tools_used);
	tl_w_open(&w, "chart_context");
	str_or_null(&w, "symbol", s.val[TL_SK_SYMBOL]);
	str_or_null(&w, "timeframe", s.val[TL_SK_TF]);
	str_or_null(&w, "snapshot_id", s.val[TL_SK_SNAPSHOT_ID]);
	tl_w_close(&w);
	tl_w_close(&w);
	tl_w_str(&w, "conversation_id", id);
	tl_w_open(&w, "usage");
	tl_w_str(&w, "provider", o.provider);
	tl_w_str(&w, "model", o.model);
	tl_w_int(&w, "input_tokens", o.tin);
	tl_w_int(&w, "output_tokens", o.tout);
	tl_w_int(&w, "latency_ms", latency);
	if (o.priced)
		tl_w_num(&w, "cost", o.cost);
	tl_w_close(&w);
	tl_w_end(&w);
	if (o.status)
		fprintf(stderr, "%s: %s\n", tl_prog, o.err);
done:
	json_decref(log);
	free(o.text);
	tl_w_release(&w);
	tl_agent_release(&a);
	tl_session_free(&s);
	tl_store_close(st);
	tl_config_free(cfg);
	free(question);
	return tl_cli_finish(o.status > 0 ? o.status : 0);
}
