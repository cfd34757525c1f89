/* tl_session.c: chart context per session, kept in the store with a TTL. */
#include "tl_session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tl_bar.h"
#include "tl_time.h"
#include "tl_util.h"

const struct tl_session_keydef tl_session_keys[TL_SK_COUNT] = {
    {"symbol", NULL, TL_SKV_SYMBOL, NULL,
     "expected a symbol: 1 to 63 letters, digits or . _ - / ^ =",
     "the chart's symbol"},
    {"tf", "timeframe", TL_SKV_TF, NULL,
     "expected a timeframe (" TL_TF_CODES ")", "the chart's timeframe"},
    {"snapshot_id", NULL, TL_SKV_TEXT, NULL,
     "expected 1 to 128 bytes of printable text", "the chart snapshot shown"},
    {"mode", NULL, TL_SKV_WORDS, "manual semi-auto auto",
     "expected manual, semi-auto or auto", "how far the agent may act alone"},
    {"agent", NULL, TL_SKV_WORDS, "on off", "expected on or off",
     "whether the agent takes part"},
    {"watchlist", NULL, TL_SKV_SYMBOLS, NULL,
     "expected a comma list of symbols (each 1 to 63 letters, digits or "
     ". _ - / ^ =)",
     "symbols to watch"},
    {"preset", NULL, TL_SKV_PRESET, NULL,
     "expected a preset name: 1 to 32 of a-z, 0-9, _ and -",
     "scan-run's weights preset"},
};

/* Returns 1 when c is an ASCII letter or digit. */
static int alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

const char *tl_session_id(const char *opt)
{
	const char *s;

	if (opt)
		return opt;
	s = getenv("TICKLINE_SESSION");
	return s && *s ? s : "default";
}

const char *tl_session_id_check(const char *id)
{
	size_t n = strlen(id), i;

	if (n == 0)
		return "a session id cannot be empty";
	if (n > TL_SESSION_ID_MAX)
		return "a session id has at most 64 bytes";
	for (i = 0; i < n; i++)
		if (!alnum(id[i]) && !strchr("._-@", id[i]))
			return "a session id holds only letters, digits and "
			       ". _ - @";
	return NULL;
}

int tl_session_symbol_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > TL_SYMBOL_MAX)
		return 0;
	for (i = 0; i < len; i++)
		if (!alnum(s[i]) && !strchr("._-/^=", s[i]))
			return 0;
	return 1;
}

int tl_session_key_find(const char *name, size_t len)
{
	int k;

	for (k = 0; k < TL_SK_COUNT; k++) {
		const char *a = tl_session_keys[k].alias;

		if ((strlen(tl_session_keys[k].name) == len &&
		     memcmp(tl_session_keys[k].name, name, len) == 0) ||
		    (a && strlen(a) == len && memcmp(a, name, len) == 0))
			return k;
	}
	return -1;
}

/* Returns 1 when word w[0..len) is one of the space-separated words. */
static int one_of(const char *words, const char *w, size_t len)
{
	while (*words) {
		size_t n = strcspn(words, " ");

		if (n == len && memcmp(words, w, len) == 0)
			return 1;
		words += n;
		words += *words == ' ';
	}
	return 0;
}

const char *tl_session_check(int key, const char *value, char *out, size_t n)
{
	const struct tl_session_keydef *d = &tl_session_keys[key];
	size_t len = strlen(value), i;
	int tf;

	if (len >= n || len > TL_SESSION_VALUE_MAX)
		return d->expect;
	switch (d->check) {
	case TL_SKV_SYMBOL:
		if (!tl_session_symbol_ok(value, len))
			return d->expect;
		break;
	case TL_SKV_TF:
		tf = tl_tf_parse(value, len);
		if (tf < 0)
			return d->expect;
		value = tl_tf_name(tf);
		len = strlen(value);
		break;
	case TL_SKV_TEXT:
		if (len == 0 || len > 128)
			return d->expect;
		for (i = 0; i < len; i++)
			if ((unsigned char)value[i] < 0x20 || value[i] == 0x7f)
				return d->expect;
		break;
	case TL_SKV_WORDS:
		if (!one_of(d->words, value, len))
			return d->expect;
		break;
	case TL_SKV_SYMBOLS:
		for (i = 0; i <= len;) {
			size_t m = strcspn(value + i, ",");

			if (!tl_session_symbol_ok(value + i, m))
				return d->expect;
			i += m + 1;
		}
		break;
	case TL_SKV_PRESET:
		if (len == 0 || len > 32)
			return d->expect;
		for (i = 0; i < len; i++)
			if (!((value[i] >= 'a' && value[i] <= 'z') ||
			      (value[i] >= '0' && value[i] <= '9') ||
			      value[i] == '_' || value[i] == '-'))
				return d->expect;
		break;
	}
	memcpy(out, value, len + 1);
	return NULL;
}

void tl_session_init(struct tl_session *s, const char *id)
{
	memset(s, 0, sizeof *s);
	snprintf(s->id, sizeof s->id, "%s", id);
}

void tl_session_free(struct tl_session *s)
{
	int k;

	for (k = 0; k < TL_SK_COUNT; k++) {
		free(s->val[k]);
		s->val[k] = NULL;
	}
}

void tl_session_set(struct tl_session *s, int key, const char *value)
{
	free(s->val[key]);
	s->val[key] = value ? tl_strdup(value) : NULL;
}

/* Fills s's values from the store (s->id set). */
static void load_values(struct tl_store *st, struct tl_session *s)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT key, value FROM session_values WHERE session = ?");

	sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
	while (tl_store_step(st, q, "reading a session")) {
		const char *k = (const char *)sqlite3_column_text(q, 0);
		int key = k ? tl_session_key_find(k, strlen(k)) : -1;

		/* Keys of a newer build are kept in the store, not shown. */
		if (key >= 0)
			tl_session_set(s, key,
			               (const char *)sqlite3_column_text(q, 1));
	}
	sqlite3_finalize(q);
}

int tl_session_load(struct tl_store *st, const char *id, int64_t now,
                    struct tl_session *s)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT updated, expires FROM sessions WHERE id = ?"
	        " AND expires > ?");
	int found;

	tl_session_init(s, id);
	sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, now);
	found = tl_store_step(st, q, "reading a session");
	if (found) {
		s->updated = sqlite3_column_int64(q, 0);
		s->expires = sqlite3_column_int64(q, 1);
	}
	sqlite3_finalize(q);
	if (found)
		load_values(st, s);
	return found;
}

void tl_session_save(struct tl_store *st, struct tl_session *s, int64_t now,
                     int64_t ttl)
{
	sqlite3_stmt *q;
	int k;

	s->updated = now;
	s->expires = ttl > INT64_MAX - now ? INT64_MAX : now + ttl;
	q = tl_store_prepare(
	    st, "INSERT INTO sessions(id, updated, expires) VALUES(?,?,?)"
	        " ON CONFLICT(id) DO UPDATE SET updated = excluded.updated,"
	        " expires = excluded.expires");
	sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, s->updated);
	sqlite3_bind_int64(q, 3, s->expires);
	tl_store_step(st, q, "saving a session");
	sqlite3_finalize(q);
	for (k = 0; k < TL_SK_COUNT; k++) {
		if (s->val[k])
			q = tl_store_prepare(
			    st,
			    "INSERT INTO session_values(session, key, value)"
			    " VALUES(?,?,?) ON CONFLICT(session, key)"
			    " DO UPDATE SET value = excluded.value");
		else
			q = tl_store_prepare(st,
			                     "DELETE FROM session_values WHERE"
			                     " session = ? AND key = ?");
		sqlite3_bind_text(q, 1, s->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, tl_session_keys[k].name, -1,
		                  SQLITE_STATIC);
		if (s->val[k])
			sqlite3_bind_text(q, 3, s->val[k], -1, SQLITE_STATIC);
		tl_store_step(st, q, "saving a session");
		sqlite3_finalize(q);
	}
}

long tl_session_gc(struct tl_store *st, int64_t now)
{
	sqlite3_stmt *q =
	    tl_store_prepare(st, "DELETE FROM sessions WHERE expires <= ?");
	long n;

	sqlite3_bind_int64(q, 1, now);
	tl_store_step(st, q, "deleting expired sessions");
	n = (long)sqlite3_changes(tl_store_db(st));
	sqlite3_finalize(q);
	return n;
}

int tl_session_each(struct tl_store *st, int64_t now,
                    int (*fn)(const struct tl_session *s, void *arg), void *arg)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT id, updated, expires FROM sessions WHERE expires > ?"
	        " ORDER BY id");
	int r = 0;

	sqlite3_bind_int64(q, 1, now);
	while (r == 0 && tl_store_step(st, q, "listing sessions")) {
		struct tl_session s;
		const char *id = (const char *)sqlite3_column_text(q, 0);

		tl_session_init(&s, id ? id : "");
		s.updated = sqlite3_column_int64(q, 1);
		s.expires = sqlite3_column_int64(q, 2);
		load_values(st, &s);
		r = fn(&s, arg);
		tl_session_free(&s);
	}
	sqlite3_finalize(q);
	return r;
}

void tl_session_write(struct tl_w *w, const struct tl_session *s)
{
	int k;

	tl_w_begin(w);
	tl_w_str(w, "type", "session");
	tl_w_str(w, "session", s->id);
	for (k = 0; k < TL_SK_COUNT; k++) {
		const char *v = s->val[k];

		if (!v)
			continue;
		if (tl_session_keys[k].check != TL_SKV_SYMBOLS) {
			tl_w_str(w, tl_session_keys[k].name, v);
			continue;
		}
		tl_w_key(w, tl_session_keys[k].name);
		tl_w_raw(w, "[", 1);
		for (;;) {
			size_t m = strcspn(v, ",");

			tl_w_quote(w, v, m);
			if (!v[m])
				break;
			tl_w_raw(w, ",", 1);
			v += m + 1;
		}
		tl_w_raw(w, "]", 1);
	}
	tl_w_int(w, "updated", s->updated);
	tl_w_int(w, "expires", s->expires);
	tl_w_end(w);
}
