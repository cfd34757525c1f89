/* session-set: stores chart context (symbol, timeframe, ...) for a session. */
/*
 * Start reading main(): every KEY=VALUE operand is checked against the
 * table of known keys (tl_session.h) before the store is opened, so a bad
 * one changes nothing. Then, in one write transaction, the live session
 * is read (an expired one counts as absent), the values are applied
 * (KEY= unsets KEY), the session is saved with expires = now + TTL, and
 * once committed its record is printed.
 */
#include "tl_cli.h"
#include "tl_out.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SESSION = 256, OPT_TTL };

static const struct tl_opt opts[] = {
    {"session", OPT_SESSION, "ID",
     "the session (default $TICKLINE_SESSION, else default)", NULL},
    {"ttl", OPT_TTL, "DURATION",
     "keep it this long after this set: 30m, 24h, 7d (default 24h)", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {0},
};

static const struct tl_prog prog = {
    "session-set",
    "[--session ID] [--ttl DURATION] [--db PATH] [KEY=VALUE...]",
    "Store chart context (symbol, tf, snapshot_id, mode, agent, watchlist) "
    "for a session.",
    opts,
    NULL,
};

/* Lists the known keys, for the unknown-key message. */
static void key_list(char *buf, size_t n)
{
	size_t len = 0;
	int k;

	buf[0] = '\0';
	for (k = 0; k < TL_SK_COUNT && len < n; k++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		                        k ? ", " : "", tl_session_keys[k].name);
}

int main(int argc, char **argv)
{
	const char *arg, *sid = NULL, *db = NULL, *why;
	char *vals[TL_SK_COUNT] = {0};
	int set[TL_SK_COUNT] = {0};
	int64_t ttl = 86400, now;
	struct tl_store *st;
	struct tl_session s;
	struct tl_dur d;
	struct tl_w w;
	int c, i, k;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_SESSION:
			sid = arg;
			break;
		case OPT_TTL:
			if (tl_dur_parse(arg, &d) != 0)
				tl_cli_usage_error(&prog,
				                   "--ttl: expected a duration "
				                   "(30m, 24h, 7d), got '%s'",
				                   arg);
			ttl = tl_dur_seconds(&d);
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		}
	}
	sid = tl_session_id(sid);
	if ((why = tl_session_id_check(sid)))
		tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
	/* Every operand is checked before anything is stored. */
	for (i = tl_cli_optind(); i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		char keys[128];

		if (!eq)
			tl_cli_usage_error(
			    &prog, "expected KEY=VALUE, got '%s'", argv[i]);
		k = tl_session_key_find(argv[i], (size_t)(eq - argv[i]));
		if (k < 0) {
			key_list(keys, sizeof keys);
			tl_cli_usage_error(&prog, "unknown key '%.*s' (%s)",
			                   (int)(eq - argv[i]), argv[i], keys);
		}
		free(vals[k]);
		vals[k] = NULL;
		set[k] = 1;
		if (eq[1]) {
			char norm[TL_SESSION_VALUE_MAX + 1];

			why = tl_session_check(k, eq + 1, norm, sizeof norm);
			if (why)
				tl_cli_usage_error(&prog, "%s: %s, got '%s'",
				                   tl_session_keys[k].name, why,
				                   eq + 1);
			vals[k] = tl_strdup(norm);
		}
	}

	now = tl_now();
	st = tl_store_open_opt(db);
	tl_store_begin(st);
	tl_session_load(st, sid, now, &s);
	for (k = 0; k < TL_SK_COUNT; k++)
		if (set[k])
			tl_session_set(&s, k, vals[k]);
	tl_session_save(st, &s, now, ttl);
	tl_store_commit(st);
	tl_store_close(st);

	tl_w_init(&w, 0);
	tl_session_write(&w, &s);
	tl_w_release(&w);
	tl_session_free(&s);
	for (k = 0; k < TL_SK_COUNT; k++)
		free(vals[k]);
	return tl_cli_finish(0);
}
