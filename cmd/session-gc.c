/* session-gc: deletes expired sessions, for an hourly cron line. */
/*
 * Start reading main(): one write transaction deletes every session whose
 * expiry time has passed (with its values) and a gc record says how many.
 */
#include "tl_cli.h"
#include "tl_out.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdlib.h>

static const struct tl_opt opts[] = {
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {0},
};

static const struct tl_prog prog = {
    "session-gc", "[--db PATH]", "Delete expired sessions and say how many.",
    opts,         NULL,
};

int main(int argc, char **argv)
{
	const char *arg, *db = NULL;
	struct tl_store *st;
	struct tl_w w;
	long n;
	int c;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1)
		if (c == TL_OPT_DB)
			db = arg;
	if (tl_cli_optind() < argc)
		tl_cli_usage_error(&prog, "unexpected operand '%s'",
		                   argv[tl_cli_optind()]);
	st = tl_store_open_opt(db);
	tl_store_begin(st);
	n = tl_session_gc(st, tl_now());
	tl_store_commit(st);
	tl_store_close(st);
	tl_w_init(&w, 0);
	tl_w_begin(&w);
	tl_w_str(&w, "type", "gc");
	tl_w_int(&w, "sessions", n);
	tl_w_end(&w);
	tl_w_release(&w);
	return tl_cli_finish(0);
}
