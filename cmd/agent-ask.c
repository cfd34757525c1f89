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
	OPT_DRY_RUN
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
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest --bars line accepted (default 1M)", NULL},
    {0},
};

static const struct tl_prog prog = {
    "agent-ask",
    "[--session ID] [--bars FILE|-] [--provider local|openai|anthropic] "
    "[--model M] [--base-url URL] [--max-rounds N] [-c | --cid ID] "
    "[--stream] [--system TEXT] [--dry-run] [--db PATH] "
    "[--max-line BYTES] [QUESTION...]",
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
	struct timespec ts;

	if (frozen)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Writes "key":"val" or "key":null. */
static void str_or_null(struct tl_w *w, const char *key, const char *val)
{
	if (val)
		tl_w_str(w, key, val);
	else
		tl_w_null(w, key);
}

/* Writes a JSON array of strings. */
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

/* Writes the text as delta records, a sentence (up to ". ") at a time. */
static void stream(struct tl_w *w, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *e = strstr(p, ". ");
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);

		while (p[n] == ' ')
			n++;
		tl_w_begin(w);
		tl_w_str(w, "type", "delta");
		tl_w_strn(w, "text", p, n);
		tl_w_end(w);
		p += n;
	}
}

int main(int argc, char **argv)
{
	const char *arg, *sid = NULL, *db = NULL, *bars = NULL, *why;
	const char *provider = NULL, *cid = NULL;
	char *path, *question, *text, id[TL_CONVO_ID_MAX] = "";
	size_t max_line = TL_MAX_LINE_DEFAULT;
	int c, cont = 0, streaming = 0, dry = 0, frozen;
	int64_t now, t0, latency;
	struct tl_config *cfg;
	struct tl_store *st;
	struct tl_session s;
	struct tl_agent a;
	struct tl_w w;
	json_t *log, *msgs;

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
			provider = arg;
			break;
		case OPT_MODEL:
		case OPT_BASE_URL:
		case OPT_SYSTEM:
			break;
		case OPT_MAX_ROUNDS:
			tl_cli_num(&prog, "max-rounds", arg, 1, 20);
			break;
		case 'c':
			cont = 1;
			break;
		case OPT_CID:
			cid = arg;
			break;
		case OPT_STREAM:
			streaming = 1;
			break;
		case OPT_DRY_RUN:
			dry = 1;
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
	if (!provider)
		provider = tl_config_get(cfg, "provider");
	if (!provider)
		provider = "local";
	if (strcmp(provider, "local") != 0)
		tl_cli_usage_error(
		    &prog,
		    "--provider: expected local, got '%s' (the "
		    "openai and anthropic providers need the HTTP "
		    "module, not in this build)",
		    provider);
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
	path = tl_store_path(db);
	st = tl_store_open(path);
	free(path);
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
	tl_w_init(&w, streaming);

	if (dry) {
		json_t *plan = tl_planner_plan(&a, question);

		tl_w_begin(&w);
		tl_w_str(&w, "type", "request");
		tl_w_str(&w, "provider", "local");
		tl_w_str(&w, "question", question);
		tl_w_key(&w, "plan");
		text = json_dumps(plan, JSON_COMPACT);
		tl_w_raw(&w, text, strlen(text));
		free(text);
		tl_w_end(&w);
		json_decref(plan);
	} else {
		log = json_array();
		text = tl_planner_answer(&a, question, log);
		latency = ms_now(frozen) - t0;
		msgs = json_array();
		json_array_append_new(msgs,
		                      json_pack("{s:s,s:s}", "role", "user",
		                                "content", question));
		json_array_extend(msgs, log);
		json_array_append_new(
		    msgs, json_pack("{s:s,s:s,s:s,s:s,s:i,s:i,s:I,s:f}", "role",
		                    "assistant", "content", text, "provider",
		                    "local", "model", "planner", "tokens_in", 0,
		                    "tokens_out", 0, "latency_ms",
		                    (json_int_t)latency, "cost", 0.0));
		/* One transaction: the exchange and the chart it leaves. */
		tl_store_begin(st);
		tl_convo_append(st, id, sid, now, msgs);
		if (a.session_changed)
			tl_session_save(st, &s, now, 86400);
		tl_store_commit(st);
		json_decref(msgs);
		json_decref(log);

		if (streaming)
			stream(&w, text);
		tl_w_begin(&w);
		tl_w_str(&w, "type", "answer");
		tl_w_bool(&w, "success", 1);
		tl_w_str(&w, "text", text);
		strings(&w, "chart_commands", a.commands);
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
		tl_w_str(&w, "provider", "local");
		tl_w_str(&w, "model", "planner");
		tl_w_int(&w, "input_tokens", 0);
		tl_w_int(&w, "output_tokens", 0);
		tl_w_int(&w, "latency_ms", latency);
		tl_w_int(&w, "cost", 0);
		tl_w_close(&w);
		tl_w_end(&w);
		free(text);
	}
	tl_w_release(&w);
	tl_agent_release(&a);
	tl_session_free(&s);
	tl_store_close(st);
	tl_config_free(cfg);
	free(question);
	return tl_cli_finish(0);
}
