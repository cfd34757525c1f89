/* tl_convo.c: conversations and their messages, kept in the store. */
#include "tl_convo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_util.h"

int tl_convo_exists(struct tl_store *st, const char *id)
{
	sqlite3_stmt *q =
	    tl_store_prepare(st, "SELECT 1 FROM conversations WHERE id = ?");
	int found;

	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	found = tl_store_step(st, q, "reading conversations");
	sqlite3_finalize(q);
	return found;
}

int tl_convo_latest(struct tl_store *st, const char *session, char *id)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT id FROM conversations WHERE session = ?"
	        " ORDER BY updated DESC, seq DESC LIMIT 1");
	int found;

	sqlite3_bind_text(q, 1, session, -1, SQLITE_STATIC);
	found = tl_store_step(st, q, "reading conversations");
	if (found)
		snprintf(id, TL_CONVO_ID_MAX, "%s",
		         (const char *)sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	return found;
}

/* Binds v (an integer, a number, or NULL when absent) to column i. */
static void bind_num(sqlite3_stmt *q, int i, json_t *v, int integer)
{
	if (!json_is_number(v))
		sqlite3_bind_null(q, i);
	else if (integer)
		sqlite3_bind_int64(q, i, (sqlite3_int64)json_number_value(v));
	else
		sqlite3_bind_double(q, i, json_number_value(v));
}

/* Binds the string member k of m, or NULL, to column i. */
static void bind_str(sqlite3_stmt *q, int i, json_t *m, const char *k)
{
	const char *s = json_string_value(json_object_get(m, k));

	if (s)
		sqlite3_bind_text(q, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(q, i);
}

void tl_convo_append(struct tl_store *st, char *id, const char *session,
                     int64_t now, json_t *messages)
{
	sqlite3_stmt *q;
	json_t *m;
	size_t i;

	if (!id[0]) {
		char prefix[32];
		long n;

		snprintf(prefix, sizeof prefix, "c-%lld-", (long long)now);
		q = tl_store_prepare(st, "SELECT count(*) FROM conversations"
		                         " WHERE substr(id, 1, ?) = ?");
		sqlite3_bind_int(q, 1, (int)strlen(prefix));
		sqlite3_bind_text(q, 2, prefix, -1, SQLITE_STATIC);
		tl_store_step(st, q, "counting conversations");
		n = (long)sqlite3_column_int64(q, 0);
		sqlite3_finalize(q);
		snprintf(id, TL_CONVO_ID_MAX, "%s%ld", prefix, n + 1);
		q = tl_store_prepare(st,
		                     "INSERT INTO conversations(id, session,"
		                     " created, updated) VALUES(?,?,?,?)");
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, session, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, now);
		sqlite3_bind_int64(q, 4, now);
		tl_store_step(st, q, "saving a conversation");
		sqlite3_finalize(q);
	} else {
		q = tl_store_prepare(
		    st, "UPDATE conversations SET updated = ? WHERE id = ?");
		sqlite3_bind_int64(q, 1, now);
		sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
		tl_store_step(st, q, "saving a conversation");
		sqlite3_finalize(q);
	}
	q = tl_store_prepare(
	    st, "INSERT INTO messages(conversation, t, role, content, tool,"
	        " tool_call_id, status, provider, model, tokens_in,"
	        " tokens_out, latency_ms, cost)"
	        " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
	json_array_foreach(messages, i, m)
	{
		json_t *c = json_object_get(m, "content");
		const char *status =
		    json_string_value(json_object_get(m, "status"));
		char *text = json_is_string(c)
		                 ? tl_strdup(json_string_value(c))
		                 : json_dumps(c ? c : json_null(),
		                              JSON_COMPACT | JSON_ENCODE_ANY |
		                                  JSON_REAL_PRECISION(15));

		sqlite3_reset(q);
		sqlite3_clear_bindings(q);
		sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 2, now);
		bind_str(q, 3, m, "role");
		sqlite3_bind_text(q, 4, text ? text : "", -1, SQLITE_TRANSIENT);
		bind_str(q, 5, m, "tool");
		bind_str(q, 6, m, "tool_call_id");
		sqlite3_bind_text(q, 7, status ? status : "ok", -1,
		                  SQLITE_STATIC);
		bind_str(q, 8, m, "provider");
		bind_str(q, 9, m, "model");
		bind_num(q, 10, json_object_get(m, "tokens_in"), 1);
		bind_num(q, 11, json_object_get(m, "tokens_out"), 1);
		bind_num(q, 12, json_object_get(m, "latency_ms"), 1);
		bind_num(q, 13, json_object_get(m, "cost"), 0);
		tl_store_step(st, q, "saving a message");
		free(text);
	}
	sqlite3_finalize(q);
}

json_t *tl_convo_history(struct tl_store *st, const char *id)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT role, content, tool, tool_call_id FROM messages"
	        " WHERE conversation = ? AND status = 'ok' ORDER BY id");
	json_t *h = json_array();

	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	while (tl_store_step(st, q, "reading a conversation")) {
		json_t *m = json_object();
		int k;

		for (k = 0; k < 4; k++) {
			static const char *const names[] = {
			    "role", "content", "tool", "tool_call_id"};
			const char *v = (const char *)sqlite3_column_text(q, k);

			if (v)
				json_object_set_new(m, names[k],
				                    json_string(v));
		}
		json_array_append_new(h, m);
	}
	sqlite3_finalize(q);
	return h;
}

double tl_convo_spent(struct tl_store *st, int64_t since)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT total(cost) FROM messages WHERE t >= ?");
	double s;

	sqlite3_bind_int64(q, 1, since);
	tl_store_step(st, q, "reading the spend");
	s = sqlite3_column_double(q, 0);
	sqlite3_finalize(q);
	return s;
}
