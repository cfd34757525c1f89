/* scan-weights: lists, shows, sets, deletes and uses scanner weight presets. */
/*
 * Start reading main(): the subcommand and its operands are checked
 * before the store is opened (set parses the weights with scan-run's own
 * parser, tl_scan_weights_parse()), so a bad one stores nothing. Writes
 * (set, delete, use) run in one write transaction each; the built-in
 * presets live in lib/tl_scan.c and are read-only.
 */
#include "tl_cli.h"
#include "tl_out.h"
#include "tl_presets.h"
#include "tl_scan.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_NORMALIZE = 256, OPT_SESSION };

static const struct tl_opt opts[] = {
    {"normalize", OPT_NORMALIZE, NULL, "set: scale the weights to sum to 1",
     NULL},
    {"session", OPT_SESSION, "ID",
     "use: the session (default $TICKLINE_SESSION, else default)", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {0},
};

static const struct tl_prog prog = {
    "scan-weights",
    "[--db PATH] list | show NAME | set [--normalize] NAME "
    "COMPONENT=WEIGHT... | delete NAME | use [--session ID] NAME",
    "List, show, set, delete and use scan-run's weight presets.",
    opts,
    NULL,
};

/* Writes a preset record. */
static void write_preset(struct tl_w *w, const char *name, int builtin,
                         const struct tl_scan_weights *ws)
{
	int i;

	tl_w_begin(w);
	tl_w_str(w, "type", "preset");
	tl_w_str(w, "name", name);
	tl_w_bool(w, "builtin", builtin);
	tl_w_open(w, "weights");
	for (i = 0; i < TL_SCAN_NCOMP; i++)
		tl_w_num(w, tl_scan_comp_names[i], ws->w[i]);
	tl_w_close(w);
	tl_w_end(w);
}

/* tl_presets_each() callback: writes a user preset. */
static int list_one(const char *name, const struct tl_scan_weights *ws,
                    void *arg)
{
	write_preset(arg, name, 0, ws);
	return 0;
}

/* Exits 64 unless the subcommand got n operands (at least n when more). */
static void want(const char *cmd, int got, int n, int more)
{
	if (got < n || (!more && got > n))
		tl_cli_usage_error(&prog, "%s: expected %s", cmd,
		                   !strcmp(cmd, "list") ? "no operand"
		                   : !strcmp(cmd, "set")
		                       ? "NAME COMPONENT=WEIGHT..."
		                       : "NAME");
}

/* Exits 64 unless name is a valid preset name. */
static void check_name(const char *name)
{
	const char *why = tl_presets_name_check(name);

	if (why)
		tl_cli_usage_error(&prog, "%s, got '%s'", why, name);
}

/* Exits 66: no preset name. */
TL_NORETURN static void no_preset(const char *name)
{
	tl_die(TL_EX_NOINPUT,
	       "no preset '%s' (built in: balanced, aggressive, "
	       "conservative; see scan-weights list)",
	       name);
}

int main(int argc, char **argv)
{
	const char *arg, *sid = NULL, *db = NULL, *cmd, *name = NULL, *why;
	int c, n, normalize = 0, found;
	char **ops, err[256], *list = NULL;
	struct tl_scan_weights ws;
	struct tl_store *st;
	struct tl_w w;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_NORMALIZE:
			normalize = 1;
			break;
		case OPT_SESSION:
			sid = arg;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		}
	}
	ops = argv + tl_cli_optind();
	n = argc - tl_cli_optind();
	if (n == 0)
		tl_cli_usage_error(&prog, "expected a subcommand: list, show, "
		                          "set, delete or use");
	cmd = ops[0];
	ops++;
	n--;
	if (strcmp(cmd, "list") && strcmp(cmd, "show") && strcmp(cmd, "set") &&
	    strcmp(cmd, "delete") && strcmp(cmd, "use"))
		tl_cli_usage_error(&prog,
		                   "unknown subcommand '%s' (list, show, set, "
		                   "delete, use)",
		                   cmd);
	if (normalize && strcmp(cmd, "set"))
		tl_cli_usage_error(&prog, "--normalize is for set only");
	if (sid && strcmp(cmd, "use"))
		tl_cli_usage_error(&prog, "--session is for use only");
	want(cmd, n,
	     !strcmp(cmd, "list")  ? 0
	     : !strcmp(cmd, "set") ? 2
	                           : 1,
	     !strcmp(cmd, "set"));
	if (n) {
		name = ops[0];
		check_name(name);
	}
	if (!strcmp(cmd, "set") || !strcmp(cmd, "delete")) {
		if (tl_presets_builtin(name))
			tl_cli_usage_error(&prog,
			                   "preset '%s' is built in and "
			                   "read-only",
			                   name);
	}
	if (!strcmp(cmd, "set")) {
		size_t len = 0;
		int i;

		for (i = 1; i < n; i++)
			len += strlen(ops[i]) + 1;
		list = tl_malloc(len);
		list[0] = '\0';
		for (i = 1; i < n; i++) {
			if (i > 1)
				strcat(list, ",");
			strcat(list, ops[i]);
		}
		if (tl_scan_weights_parse(list, normalize, &ws, err,
		                          sizeof err) < 0)
			tl_cli_usage_error(&prog, "preset '%s': %s", name, err);
		free(list);
	}
	if (!strcmp(cmd, "use")) {
		sid = tl_session_id(sid);
		if ((why = tl_session_id_check(sid)))
			tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
	}

	st = tl_store_open_opt(db);
	tl_w_init(&w, 0);
	if (!strcmp(cmd, "list")) {
		int i;

		for (i = 0; i < TL_SCAN_NPRESETS; i++) {
			tl_scan_preset(tl_scan_preset_names[i], &ws);
			write_preset(&w, tl_scan_preset_names[i], 1, &ws);
		}
		tl_presets_each(st, list_one, &w);
	} else if (!strcmp(cmd, "show")) {
		if (!tl_presets_get(st, name, &ws))
			no_preset(name);
		write_preset(&w, name, tl_presets_builtin(name), &ws);
	} else if (!strcmp(cmd, "set")) {
		tl_store_begin(st);
		tl_presets_put(st, name, &ws, tl_now());
		tl_store_commit(st);
		write_preset(&w, name, 0, &ws);
	} else if (!strcmp(cmd, "delete")) {
		tl_store_begin(st);
		found = tl_presets_get(st, name, &ws) &&
		        tl_presets_delete(st, name);
		tl_store_commit(st);
		if (!found)
			no_preset(name);
		write_preset(&w, name, 0, &ws);
	} else {
		struct tl_session s;
		int64_t now = tl_now();

		tl_store_begin(st);
		found = tl_presets_get(st, name, &ws);
		if (found) {
			tl_session_load(st, sid, now, &s);
			tl_session_set(&s, TL_SK_PRESET, name);
			tl_session_save(st, &s, now, 86400);
			tl_session_free(&s);
		}
		tl_store_commit(st);
		if (!found)
			no_preset(name);
		write_preset(&w, name, tl_presets_builtin(name), &ws);
	}
	tl_store_close(st);
	tl_w_release(&w);
	return tl_cli_finish(0);
}
