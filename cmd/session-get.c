/* session-get: prints a session's chart context, or every live session. */
/*
 * Start reading main(): the session id comes from --session, else
 * $TICKLINE_SESSION, else "default"; its record is printed when it exists
 * and has not expired, else the program exits 66 saying so. --all prints
 * every live session instead, by id.
 */
#include "tl_cli.h"
#include "tl_out.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdlib.h>

enum { OPT_SESSION = 256, OPT_ALL };

static const struct tl_opt opts[] = {
    {"session", OPT_SESSION, "ID",
     "the session (default $TICKLINE_SESSION, else default)", NULL},
    {"all", OPT_ALL, NULL, "print every live session", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {0},
};

static const struct tl_prog prog = {
    "session-get",
    "[--session ID | --all] [--db PATH]",
    "Print a session's chart context, or every live session.",
    opts,
    NULL,
};

/* Writes one session record (tl_session_each's callback). */
static int put(const struct tl_session *s, void *arg)
{
	tl_session_write(arg, s);
	return 0;
}

int main(int argc, char **argv)
{
	const char *arg, *sid = NULL, *db = NULL, *why;
	struct tl_store *st;
	struct tl_session s;
	struct tl_w w;
	int c, all = 0, found = 1;
	int64_t now;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_SESSION:
			sid = arg;
			break;
		case OPT_ALL:
			all = 1;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		}
	}
	if (tl_cli_optind() < argc)
		tl_cli_usage_error(&prog, "unexpected operand '%s'",
		                   argv[tl_cli_optind()]);
	if (all && sid)
		tl_cli_usage_error(&prog, "--all and --session exclude each "
		                          "other");
	sid = tl_session_id(sid);
	if (!all && (why = tl_session_id_check(sid)))
		tl_cli_usage_error(&prog, "session '%s': %s", sid, why);

	now = tl_now();
	st = tl_store_open_opt(db);
	tl_w_init(&w, 0);
	if (all) {
		tl_session_each(st, now, put, &w);
	} else {
		found = tl_session_load(st, sid, now, &s);
		if (found)
			tl_session_write(&w, &s);
		tl_session_free(&s);
	}
	tl_store_close(st);
	tl_w_release(&w);
	if (!found)
		tl_die(TL_EX_NOINPUT,
		       "no session '%s' (never set, or expired; see "
		       "session-set)",
		       sid);
	return tl_cli_finish(0);
}
