/* agent-log: lists a session's conversations, or one conversation's messages.
 */
/*
 * Start reading main(): with no CID operand the session's conversations
 * are listed, newest first; with one, that conversation's messages, newest
 * first. --limit and --before page through either list (--before takes
 * the last id of the page before), and --search keeps what holds a text.
 * Everything is read in one statement; nothing is written.
 */
#include "tl_cli.h"
#include "tl_convo.h"
#include "tl_out.h"
#include "tl_session.h"
#include "tl_store.h"
#include "tl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_SESSION = 256, OPT_LIMIT, OPT_BEFORE, OPT_SEARCH };

static const struct tl_opt opts[] = {
    {"session", OPT_SESSION, "ID",
     "the session (default $TICKLINE_SESSION, else default)", NULL},
    {"limit", OPT_LIMIT, "N", "at most N records, 1 to 10000 (default 20)",
     NULL},
    {"before", OPT_BEFORE, "ID",
     "only those older than ID (the last of the page before)", NULL},
    {"search", OPT_SEARCH, "TEXT",
     "only conversations (messages) holding TEXT, any case", NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database", "file"},
    {0},
};

static const struct tl_prog prog = {
    "agent-log",
    "[--session ID] [--limit N] [--before ID] [--search TEXT] [--db PATH] "
    "[CID]",
    "List a session's conversations, or one conversation's messages.",
    opts,
    NULL,
};

/* Returns a new LIKE pattern %TEXT% with \ escaping % _ and \. */
static char *like(const char *text)
{
	char *p = tl_malloc(2 * strlen(text) + 3), *q = p;

	*q++ = '%';
	for (; *text; text++) {
		if (strchr("%_\\", *text))
			*q++ = '\\';
		*q++ = *text;
	}
	*q++ = '%';
	*q = '\0';
	return p;
}

/* Writes column i of q as "key":text, or "key":null. */
static void text_col(struct tl_w *w, sqlite3_stmt *q, int i, const char *key)
{
	const char *v = (const char *)sqlite3_column_text(q, i);

	if (v)
		tl_w_strn(w, key, v, (size_t)sqlite3_column_bytes(q, i));
	else
		tl_w_null(w, key);
}

/* Writes column i of q as "key":number when it is not NULL. */
static void num_col(struct tl_w *w, sqlite3_stmt *q, int i, const char *key)
{
	if (sqlite3_column_type(q, i) == SQLITE_INTEGER)
		tl_w_int(w, key, sqlite3_column_int64(q, i));
	else if (sqlite3_column_type(q, i) == SQLITE_FLOAT)
		tl_w_num(w, key, sqlite3_column_double(q, i));
}

/* Lists the session's conversations. */
static void conversations(struct tl_store *st, struct tl_w *w, const char *sid,
                          long limit, const char *before, const char *search)
{
	char *pat = search ? like(search) : NULL;
	sqlite3_stmt *q = tl_store_prepare(
	    st,
	    "SELECT c.id, c.session, c.created, c.updated,"
	    " (SELECT count(*) FROM messages m WHERE m.conversation = c.id),"
	    " (SELECT content FROM messages m WHERE m.conversation = c.id"
	    "  AND m.role = 'user' ORDER BY m.id LIMIT 1)"
	    " FROM conversations c WHERE c.session = ?1"
	    " AND (?2 IS NULL OR (c.updated, c.seq) <"
	    "  (SELECT updated, seq FROM conversations WHERE id = ?2))"
	    " AND (?3 IS NULL OR EXISTS (SELECT 1 FROM messages m"
	    "  WHERE m.conversation = c.id AND m.content LIKE ?3 ESCAPE '\\'))"
	    " ORDER BY c.updated DESC, c.seq DESC LIMIT ?4");

	sqlite3_bind_text(q, 1, sid, -1, SQLITE_STATIC);
	if (before)
		sqlite3_bind_text(q, 2, before, -1, SQLITE_STATIC);
	if (pat)
		sqlite3_bind_text(q, 3, pat, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, limit);
	while (tl_store_step(st, q, "listing conversations")) {
		tl_w_begin(w);
		tl_w_str(w, "type", "conversation");
		text_col(w, q, 0, "id");
		text_col(w, q, 1, "session");
		num_col(w, q, 2, "created");
		num_col(w, q, 3, "updated");
		num_col(w, q, 4, "messages");
		text_col(w, q, 5, "question");
		tl_w_end(w);
	}
	sqlite3_finalize(q);
	free(pat);
}

/* Lists conversation cid's messages. */
static void messages(struct tl_store *st, struct tl_w *w, const char *cid,
                     long limit, long long before, const char *search)
{
	char *pat = search ? like(search) : NULL;
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT id, conversation, t, role, content, tool, tool_call_id,"
	        " status, provider, model, tokens_in, tokens_out, latency_ms,"
	        " cost FROM messages WHERE conversation = ?1"
	        " AND (?2 IS NULL OR id < ?2)"
	        " AND (?3 IS NULL OR content LIKE ?3 ESCAPE '\\')"
	        " ORDER BY id DESC LIMIT ?4");

	sqlite3_bind_text(q, 1, cid, -1, SQLITE_STATIC);
	if (before >= 0)
		sqlite3_bind_int64(q, 2, before);
	if (pat)
		sqlite3_bind_text(q, 3, pat, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, limit);
	while (tl_store_step(st, q, "listing messages")) {
		tl_w_begin(w);
		tl_w_str(w, "type", "message");
		num_col(w, q, 0, "id");
		text_col(w, q, 1, "conversation");
		num_col(w, q, 2, "t");
		text_col(w, q, 3, "role");
		text_col(w, q, 4, "content");
		if (sqlite3_column_type(q, 5) != SQLITE_NULL)
			text_col(w, q, 5, "tool");
		if (sqlite3_column_type(q, 6) != SQLITE_NULL)
			text_col(w, q, 6, "tool_call_id");
		text_col(w, q, 7, "status");
		if (sqlite3_column_type(q, 8) != SQLITE_NULL) {
			text_col(w, q, 8, "provider");
			text_col(w, q, 9, "model");
			num_col(w, q, 10, "tokens_in");
			num_col(w, q, 11, "tokens_out");
			num_col(w, q, 12, "latency_ms");
			num_col(w, q, 13, "cost");
		}
		tl_w_end(w);
	}
	sqlite3_finalize(q);
	free(pat);
}

int main(int argc, char **argv)
{
	const char *arg, *sid = NULL, *db = NULL, *before = NULL, *why;
	const char *search = NULL, *cid = NULL;
	long long mbefore = -1;
	long limit = 20;
	struct tl_store *st;
	struct tl_w w;
	int c;

	tl_setprog(argv[0]);
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case OPT_SESSION:
			sid = arg;
			break;
		case OPT_LIMIT:
			limit = (long)tl_cli_num(&prog, "limit", arg, 1, 10000);
			break;
		case OPT_BEFORE:
			before = arg;
			break;
		case OPT_SEARCH:
			search = arg;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		}
	}
	if (argc - tl_cli_optind() > 1)
		tl_cli_usage_error(&prog, "expected at most one CID, got '%s'",
		                   argv[tl_cli_optind() + 1]);
	if (tl_cli_optind() < argc)
		cid = argv[tl_cli_optind()];
	sid = tl_session_id(sid);
	if ((why = tl_session_id_check(sid)))
		tl_cli_usage_error(&prog, "session '%s': %s", sid, why);
	if (cid && before)
		mbefore = tl_cli_num(&prog, "before", before, 1, INT64_MAX);
	if (search && !*search)
		tl_cli_usage_error(&prog, "--search: expected a text");

	st = tl_store_open_opt(db);
	if (cid && !tl_convo_exists(st, cid))
		tl_die(TL_EX_NOINPUT, "no conversation '%s'", cid);
	if (!cid && before && !tl_convo_exists(st, before))
		tl_die(TL_EX_NOINPUT, "--before: no conversation '%s'", before);
	tl_w_init(&w, 0);
	if (cid)
		messages(st, &w, cid, limit, mbefore, search);
	else
		conversations(st, &w, sid, limit, before, search);
	tl_w_release(&w);
	tl_store_close(st);
	return tl_cli_finish(0);
}
