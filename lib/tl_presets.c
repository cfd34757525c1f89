/* tl_presets.c: scanner weight presets, built in and in the store. */
#include "tl_presets.h"

#include <string.h>

#include "tl_session.h"

#define COLUMNS "trend, momentum, volume, breakout, volatility"

int tl_presets_builtin(const char *name)
{
	struct tl_scan_weights w;

	return tl_scan_preset(name, &w) == 0;
}

const char *tl_presets_name_check(const char *name)
{
	char out[64];

	return tl_session_check(TL_SK_PRESET, name, out, sizeof out);
}

/* Reads the weights of the row of q from column col on. */
static void read_weights(sqlite3_stmt *q, int col, struct tl_scan_weights *w)
{
	int i;

	for (i = 0; i < TL_SCAN_NCOMP; i++)
		w->w[i] = sqlite3_column_double(q, col + i);
}

int tl_presets_get(struct tl_store *st, const char *name,
                   struct tl_scan_weights *w)
{
	sqlite3_stmt *q;
	int found;

	if (tl_scan_preset(name, w) == 0)
		return 1;
	if (!st)
		return 0;
	q = tl_store_prepare(st, "SELECT " COLUMNS
	                         " FROM weight_presets WHERE name = ?");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	found = tl_store_step(st, q, "reading a preset");
	if (found)
		read_weights(q, 0, w);
	sqlite3_finalize(q);
	return found;
}

void tl_presets_put(struct tl_store *st, const char *name,
                    const struct tl_scan_weights *w, int64_t now)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "INSERT OR REPLACE INTO weight_presets(name, " COLUMNS
	        ", updated) VALUES (?, ?, ?, ?, ?, ?, ?)");
	int i;

	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	for (i = 0; i < TL_SCAN_NCOMP; i++)
		sqlite3_bind_double(q, 2 + i, w->w[i]);
	sqlite3_bind_int64(q, 2 + TL_SCAN_NCOMP, now);
	tl_store_step(st, q, "storing a preset");
	sqlite3_finalize(q);
}

int tl_presets_delete(struct tl_store *st, const char *name)
{
	sqlite3_stmt *q =
	    tl_store_prepare(st, "DELETE FROM weight_presets WHERE name = ?");

	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	tl_store_step(st, q, "deleting a preset");
	sqlite3_finalize(q);
	return sqlite3_changes(tl_store_db(st)) > 0;
}

int tl_presets_each(struct tl_store *st,
                    int (*fn)(const char *name, const struct tl_scan_weights *w,
                              void *arg),
                    void *arg)
{
	sqlite3_stmt *q = tl_store_prepare(
	    st, "SELECT name, " COLUMNS " FROM weight_presets ORDER BY name");
	int r = 0;

	while (!r && tl_store_step(st, q, "reading presets")) {
		struct tl_scan_weights w;

		read_weights(q, 1, &w);
		r = fn((const char *)sqlite3_column_text(q, 0), &w, arg);
	}
	sqlite3_finalize(q);
	return r;
}
