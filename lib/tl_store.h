/* tl_store.h: the SQLite store: open, migrate, and the bar cache. */
#ifndef TL_STORE_H
#define TL_STORE_H

#include <sqlite3.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_util.h"

struct tl_store;

/*
 * Returns the store path: opt (--db) when not NULL, else $TICKLINE_DB,
 * else $XDG_DATA_HOME/tickline/tickline.db, else
 * ~/.local/share/tickline/tickline.db. New string; the caller frees it.
 */
char *tl_store_path(const char *opt);

/*
 * Opens (creating with mode 0600, and its directory with 0700) the store at
 * path: WAL journal, busy timeout, foreign keys on, schema migrated forward
 * to the newest version in one transaction. Exits 66 when it cannot be
 * opened, 78 when its schema is newer than this build knows, 74 on I/O
 * errors. The caller frees with tl_store_close().
 */
struct tl_store *tl_store_open(const char *path);

/* Opens the store at tl_store_path(opt), as tl_store_open() does. */
struct tl_store *tl_store_open_opt(const char *opt);
void tl_store_close(struct tl_store *st);

/* The schema version this build migrates to. */
int tl_store_schema_version(void);

/* The SQLite handle, borrowed. */
sqlite3 *tl_store_db(struct tl_store *st);

/*
 * Exits after a failed SQLite call (result code rc) on st: 75 when the
 * store is busy, else 74 with SQLite's message and what was being done.
 */
TL_NORETURN void tl_store_fail(struct tl_store *st, int rc, const char *what);

/* Prepares sql on st, or exits as tl_store_fail(). Finalize when done. */
sqlite3_stmt *tl_store_prepare(struct tl_store *st, const char *sql);

/*
 * Steps s: returns 1 for a row, 0 when done; any error exits as
 * tl_store_fail() with what.
 */
int tl_store_step(struct tl_store *st, sqlite3_stmt *s, const char *what);

/* BEGIN IMMEDIATE, COMMIT and ROLLBACK; errors exit 74 (75 when busy). */
void tl_store_begin(struct tl_store *st);
void tl_store_commit(struct tl_store *st);
void tl_store_rollback(struct tl_store *st);

/* Inserts or replaces the cached bar of (symbol, tf, t). Errors exit 74. */
void tl_store_put_bar(struct tl_store *st, const struct tl_bar *b);

/*
 * Calls fn for each cached bar of (symbol, tf) with from <= t < to, in
 * rising t, from one source and adjustment: the one with the most bars in
 * that span (then the newest bar, then by name), so sources never mix.
 * Stops early when fn returns non-zero and returns that value; returns 0
 * when none is cached. The bars carry their src and adj.
 */
int tl_store_each_bar(struct tl_store *st, const char *symbol, int tf,
                      int64_t from, int64_t to,
                      int (*fn)(const struct tl_bar *b, void *arg), void *arg);

/*
 * Calls fn for each (symbol, tf) with cached bars, by symbol then tf code;
 * stops early when fn returns non-zero and returns that value.
 */
int tl_store_each_series(struct tl_store *st,
                         int (*fn)(const char *symbol, int tf, void *arg),
                         void *arg);

/* The same for the bars of source src ("" for bars-import's) with
 * adjustment adj (enum tl_adj) only. */
int tl_store_each_bar_of(struct tl_store *st, const char *symbol, int tf,
                         const char *src, int adj, int64_t from, int64_t to,
                         int (*fn)(const struct tl_bar *b, void *arg),
                         void *arg);

/*
 * The span [lo, hi) of time a source was asked for and answered in whole,
 * per (symbol, tf, src, adj): bars-fetch asks only for what lies outside
 * it. tl_store_span_get() returns 1 and sets *lo and *hi, or returns 0
 * when none is kept; tl_store_span_put() sets it (inside the caller's
 * transaction, with the bars it covers). Errors exit 74.
 */
int tl_store_span_get(struct tl_store *st, const char *symbol, int tf,
                      const char *src, int adj, int64_t *lo, int64_t *hi);
void tl_store_span_put(struct tl_store *st, const char *symbol, int tf,
                       const char *src, int adj, int64_t lo, int64_t hi);

/*
 * Takes a token from the bucket name (rate tokens a second, holding at most
 * burst), shared through the store by every process, at time now (epoch
 * seconds, with a fraction). The token is taken even when the bucket is
 * empty (it then owes it), and the return value is how many seconds the
 * caller must wait before using it: 0 when one was there. Runs its own
 * short transaction: call it outside one, and never hold one across the
 * wait or the request. Errors exit 74 (75 when the store is busy).
 */
double tl_store_take_token(struct tl_store *st, const char *name, double rate,
                           double burst, double now);

#endif
