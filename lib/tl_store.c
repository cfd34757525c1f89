/* tl_store.c: the SQLite store: its path, opening, migrations and bar cache. */
#include "tl_store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tl_time.h"
#include "tl_util.h"

struct tl_store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *put; /* the bar upsert, prepared on first use */
};

/*
 * The schema, as steps: migrations[i] takes a store from version i to
 * version i + 1. Append only; never edit a step that has shipped.
 */
static const char *const migrations[] = {
    /* 0 -> 1: the bar cache. */
    "CREATE TABLE bars("
    "symbol TEXT NOT NULL, tf TEXT NOT NULL, t INTEGER NOT NULL,"
    " o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL,"
    " v REAL NOT NULL,"
    " PRIMARY KEY(symbol, tf, t)) WITHOUT ROWID",
    /* 1 -> 2: a still-forming bar is cached with final 0. */
    "ALTER TABLE bars ADD COLUMN final INTEGER NOT NULL DEFAULT 1",
    /* 2 -> 3: sessions and their values; conversations and messages. */
    "CREATE TABLE sessions("
    "id TEXT PRIMARY KEY, updated INTEGER NOT NULL,"
    " expires INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE INDEX sessions_expires ON sessions(expires);"
    "CREATE TABLE session_values("
    "session TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,"
    " key TEXT NOT NULL, value TEXT NOT NULL,"
    " PRIMARY KEY(session, key)) WITHOUT ROWID;"
    "CREATE TABLE conversations("
    "seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
    " session TEXT NOT NULL,"
    " created INTEGER NOT NULL, updated INTEGER NOT NULL);"
    "CREATE INDEX conversations_session ON conversations(session, updated);"
    "CREATE TABLE messages("
    "id INTEGER PRIMARY KEY,"
    " conversation TEXT NOT NULL REFERENCES conversations(id)"
    " ON DELETE CASCADE,"
    " t INTEGER NOT NULL, role TEXT NOT NULL, content TEXT NOT NULL,"
    " tool TEXT, tool_call_id TEXT, status TEXT NOT NULL DEFAULT 'ok',"
    " provider TEXT, model TEXT, tokens_in INTEGER, tokens_out INTEGER,"
    " latency_ms INTEGER, cost REAL);"
    "CREATE INDEX messages_conversation ON messages(conversation, id);"
    "CREATE INDEX messages_t ON messages(t)",
    /*
     * 3 -> 4: bars carry their source and adjustment ('' when unknown:
     * bars-import), which are part of the key, so sources never mix; and
     * bar_spans holds the span of time [lo, hi) a source was asked for
     * and answered, per series, for incremental fetches.
     */
    "CREATE TABLE bars3("
    "symbol TEXT NOT NULL, tf TEXT NOT NULL,"
    " src TEXT NOT NULL DEFAULT '', adj TEXT NOT NULL DEFAULT '',"
    " t INTEGER NOT NULL,"
    " o REAL NOT NULL, h REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL,"
    " v REAL NOT NULL, final INTEGER NOT NULL DEFAULT 1,"
    " PRIMARY KEY(symbol, tf, src, adj, t)) WITHOUT ROWID;"
    "INSERT INTO bars3(symbol, tf, src, adj, t, o, h, l, c, v, final)"
    " SELECT symbol, tf, '', '', t, o, h, l, c, v, final FROM bars;"
    "DROP TABLE bars;"
    "ALTER TABLE bars3 RENAME TO bars;"
    "CREATE TABLE bar_spans("
    "symbol TEXT NOT NULL, tf TEXT NOT NULL, src TEXT NOT NULL,"
    " adj TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL,"
    " PRIMARY KEY(symbol, tf, src, adj)) WITHOUT ROWID",
    /*
     * 4 -> 5: one token bucket per rate-limited service, shared by every
     * process: tokens left (negative: owed) at time t (epoch seconds).
     */
    "CREATE TABLE rate_buckets("
    "name TEXT NOT NULL PRIMARY KEY, tokens REAL NOT NULL,"
    " t REAL NOT NULL) WITHOUT ROWID",
    /*
     * 5 -> 6: scan-weights' user presets: a name and one weight per
     * scanner component (checked before they are stored: each >= 0,
     * summing to 1).
     */
    "CREATE TABLE weight_presets("
    "name TEXT NOT NULL PRIMARY KEY, trend REAL NOT NULL,"
    " momentum REAL NOT NULL, volume REAL NOT NULL, breakout REAL NOT NULL,"
    " volatility REAL NOT NULL, updated INTEGER NOT NULL) WITHOUT ROWID",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int tl_store_schema_version(void)
{
	return NMIGRATIONS;
}

/* Returns 1 when rc says another connection holds the lock. */
static int is_busy(int rc)
{
	return (rc & 0xff) == SQLITE_BUSY;
}

/*
 * Exits after a failed SQLite call on st: 75 when the store is busy, else
 * 74 with SQLite's message, saying what was being done.
 */
TL_NORETURN void tl_store_fail(struct tl_store *st, int rc, const char *what)
{
	if (is_busy(rc))
		tl_die(TL_EX_TEMPFAIL, "%s: store is busy", st->path);
	tl_die(TL_EX_IOERR, "%s: %s: %s", st->path, what,
	       sqlite3_errmsg(st->db));
}

char *tl_store_path(const char *opt)
{
	const char *s;

	if (opt)
		return tl_strdup(opt);
	s = getenv("TICKLINE_DB");
	if (s && *s)
		return tl_strdup(s);
	/* The XDG spec: a relative path in $XDG_* is invalid, ignore it. */
	s = getenv("XDG_DATA_HOME");
	if (s && *s == '/')
		return tl_asprintf("%s/tickline/tickline.db", s);
	s = getenv("HOME");
	if (s && *s)
		return tl_asprintf("%s/.local/share/tickline/tickline.db", s);
	tl_die(TL_EX_CONFIG,
	       "cannot find a place for the store: set TICKLINE_DB or HOME");
}

/* Creates directory dir and its missing parents, each new one mode 0700. */
static void mkdirs(const char *path, char *dir)
{
	struct stat sb;
	char *p;

	for (p = dir + 1;; p++) {
		char c = *p;

		if (c != '/' && c != '\0')
			continue;
		if (p[-1] == '/') {
			if (c == '\0')
				break;
			continue;
		}
		*p = '\0';
		if (mkdir(dir, 0700) == 0) {
			/* mkdir's mode passes through the umask. */
			if (chmod(dir, 0700) != 0)
				tl_die(TL_EX_NOINPUT,
				       "%s: cannot open store: %s: %s", path,
				       dir, strerror(errno));
		} else if (errno != EEXIST) {
			int e = errno;

			if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))
				tl_die(TL_EX_NOINPUT,
				       "%s: cannot open store: cannot create "
				       "%s: %s",
				       path, dir, strerror(e));
		}
		*p = c;
		if (c == '\0')
			break;
	}
}

/*
 * Makes sure the file at path exists, creating it (and its directory) with
 * mode 0600 whatever the umask, so SQLite never creates it with a wider
 * one. SQLite gives its -wal and -shm files the database file's mode.
 */
static void create_file(const char *path)
{
	const char *slash = strrchr(path, '/');
	int fd;

	if (slash && slash != path) {
		char *dir = tl_strndup(path, (size_t)(slash - path));

		mkdirs(path, dir);
		free(dir);
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0) {
		if (fchmod(fd, 0600) != 0) {
			int e = errno;

			close(fd);
			tl_die(TL_EX_NOINPUT, "%s: cannot open store: %s", path,
			       strerror(e));
		}
		close(fd);
	} else if (errno != EEXIST) {
		tl_die(TL_EX_NOINPUT, "%s: cannot open store: %s", path,
		       strerror(errno));
	}
}

/*
 * Runs one statement of setup on st that returns no data the caller needs;
 * exits 75 when busy, else 66 with SQLite's message.
 */
static void setup_exec(struct tl_store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		return;
	if (is_busy(rc))
		tl_die(TL_EX_TEMPFAIL, "%s: store is busy", st->path);
	tl_die(TL_EX_NOINPUT, "%s: cannot open store: %s", st->path,
	       sqlite3_errmsg(st->db));
}

/* Returns the store's PRAGMA user_version, or -1 with rc set on failure. */
static int user_version(struct tl_store *st, int *rc)
{
	sqlite3_stmt *stmt;
	int v = -1;

	*rc =
	    sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &stmt, NULL);
	if (*rc != SQLITE_OK)
		return -1;
	*rc = sqlite3_step(stmt);
	if (*rc == SQLITE_ROW) {
		v = sqlite3_column_int(stmt, 0);
		*rc = SQLITE_OK;
	}
	sqlite3_finalize(stmt);
	return v;
}

/* Rolls back the migration of st and exits 74 with msg. */
TL_NORETURN static void migrate_fail(struct tl_store *st, int to,
                                     const char *msg)
{
	char *m = tl_strdup(msg); /* the rollback may overwrite msg */

	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	tl_die(TL_EX_IOERR, "%s: migrating store to version %d: %s", st->path,
	       to, m);
}

/*
 * Migrates st forward to the newest schema in one transaction, or exits:
 * 78 when the store is newer than this build, 75 when busy, 74 on errors.
 */
static void migrate(struct tl_store *st)
{
	char sql[64];
	int rc, v, i;

	/* The common case, already current, takes no write lock. */
	v = user_version(st, &rc);
	if (rc != SQLITE_OK)
		setup_exec(st, "PRAGMA user_version"); /* exits with why */
	if (v == NMIGRATIONS)
		return;

	rc = sqlite3_exec(st->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (is_busy(rc))
			tl_die(TL_EX_TEMPFAIL, "%s: store is busy", st->path);
		tl_die(TL_EX_IOERR, "%s: migrating store to version %d: %s",
		       st->path, NMIGRATIONS, sqlite3_errmsg(st->db));
	}
	/* Read again under the lock: another process may have migrated. */
	v = user_version(st, &rc);
	if (rc != SQLITE_OK)
		migrate_fail(st, NMIGRATIONS, sqlite3_errmsg(st->db));
	if (v > NMIGRATIONS) {
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		tl_die(TL_EX_CONFIG,
		       "%s: store schema version %d is newer than this "
		       "tickline knows (%d); upgrade tickline",
		       st->path, v, NMIGRATIONS);
	}
	for (i = v < 0 ? 0 : v; i < NMIGRATIONS; i++) {
		if (sqlite3_exec(st->db, migrations[i], NULL, NULL, NULL) !=
		    SQLITE_OK)
			migrate_fail(st, i + 1, sqlite3_errmsg(st->db));
	}
	/* A pragma's argument cannot be bound; it is our own integer. */
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", NMIGRATIONS);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		migrate_fail(st, NMIGRATIONS, sqlite3_errmsg(st->db));
	rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		if (is_busy(rc)) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			tl_die(TL_EX_TEMPFAIL, "%s: store is busy", st->path);
		}
		migrate_fail(st, NMIGRATIONS, sqlite3_errmsg(st->db));
	}
}

struct tl_store *tl_store_open_opt(const char *opt)
{
	char *path = tl_store_path(opt);
	struct tl_store *st = tl_store_open(path);

	free(path);
	return st;
}

struct tl_store *tl_store_open(const char *path)
{
	struct tl_store *st;
	int rc;

	/* ":memory:" is SQLite's name for a private in-memory database. */
	if (strcmp(path, ":memory:") != 0)
		create_file(path);
	st = tl_calloc(1, sizeof *st);
	st->path = tl_strdup(path);
	rc = sqlite3_open_v2(path, &st->db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK)
		tl_die(TL_EX_NOINPUT, "%s: cannot open store: %s", path,
		       st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
	sqlite3_busy_timeout(st->db, 5000);
	setup_exec(st, "PRAGMA journal_mode=WAL");
	/* In WAL mode a crash may lose the last commits, never consistency. */
	setup_exec(st, "PRAGMA synchronous=NORMAL");
	setup_exec(st, "PRAGMA foreign_keys=ON");
	migrate(st);
	return st;
}

void tl_store_close(struct tl_store *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->put);
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

sqlite3 *tl_store_db(struct tl_store *st)
{
	return st->db;
}

sqlite3_stmt *tl_store_prepare(struct tl_store *st, const char *sql)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "preparing a statement");
	return s;
}

int tl_store_step(struct tl_store *st, sqlite3_stmt *s, const char *what)
{
	int rc = sqlite3_step(s);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		tl_store_fail(st, rc, what);
	return rc == SQLITE_ROW;
}

/* Runs one transaction-control statement sql on st, or exits 74 or 75. */
static void txn(struct tl_store *st, const char *sql)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, sql);
}

void tl_store_begin(struct tl_store *st)
{
	txn(st, "BEGIN IMMEDIATE");
}

void tl_store_commit(struct tl_store *st)
{
	txn(st, "COMMIT");
}

void tl_store_rollback(struct tl_store *st)
{
	txn(st, "ROLLBACK");
}

void tl_store_put_bar(struct tl_store *st, const struct tl_bar *b)
{
	static const char sql[] =
	    "INSERT INTO bars(symbol,tf,t,o,h,l,c,v,final,src,adj)"
	    " VALUES(?,?,?,?,?,?,?,?,?,?,?)"
	    " ON CONFLICT(symbol,tf,src,adj,t) DO UPDATE SET"
	    " o=excluded.o, h=excluded.h, l=excluded.l, c=excluded.c,"
	    " v=excluded.v, final=excluded.final";
	sqlite3_stmt *s;
	int rc;

	if (!st->put) {
		rc = sqlite3_prepare_v3(
		    st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st->put, NULL);
		if (rc != SQLITE_OK)
			tl_store_fail(st, rc, "caching a bar");
	}
	s = st->put;
	/* The statement runs before we return, so b's text may be static. */
	if ((rc = sqlite3_bind_text(s, 1, b->symbol, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 2, tl_tf_name(b->tf), -1,
	                            SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_int64(s, 3, b->t)) ||
	    (rc = sqlite3_bind_double(s, 4, b->o)) ||
	    (rc = sqlite3_bind_double(s, 5, b->h)) ||
	    (rc = sqlite3_bind_double(s, 6, b->l)) ||
	    (rc = sqlite3_bind_double(s, 7, b->c)) ||
	    (rc = sqlite3_bind_double(s, 8, b->v)) ||
	    (rc = sqlite3_bind_int(s, 9, b->final ? 1 : 0)) ||
	    (rc = sqlite3_bind_text(s, 10, b->src, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 11, tl_adj_name(b->adj), -1,
	                            SQLITE_STATIC)))
		tl_store_fail(st, rc, "caching a bar");
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		tl_store_fail(st, rc2 ? rc2 : rc, "caching a bar");
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

/*
 * Finds the (src, adj) of (symbol, tf) with the most cached bars in
 * [from, to) (then the newest, then by name) into src (TL_SRC_MAX + 1
 * bytes) and *adj. Returns 0, or -1 when there is none.
 */
static int best_source(struct tl_store *st, const char *symbol, int tf,
                       int64_t from, int64_t to, char *src, int *adj)
{
	static const char sql[] =
	    "SELECT src, adj FROM bars"
	    " WHERE symbol = ? AND tf = ? AND t >= ? AND t < ?"
	    " GROUP BY src, adj ORDER BY count(*) DESC, max(t) DESC, src, adj"
	    " LIMIT 1";
	sqlite3_stmt *s;
	int rc, ret = -1;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "reading cached bars");
	if ((rc = sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 2, tl_tf_name(tf), -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_int64(s, 3, from)) ||
	    (rc = sqlite3_bind_int64(s, 4, to)))
		tl_store_fail(st, rc, "reading cached bars");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		const unsigned char *a = sqlite3_column_text(s, 1);

		snprintf(src, TL_SRC_MAX + 1, "%s",
		         (const char *)sqlite3_column_text(s, 0));
		*adj = a && *a ? tl_adj_parse((const char *)a,
		                              strlen((const char *)a))
		               : TL_ADJ_NONE;
		if (*adj < 0)
			*adj = TL_ADJ_NONE;
		ret = 0;
	} else if (rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		tl_store_fail(st, rc2 ? rc2 : rc, "reading cached bars");
	}
	sqlite3_finalize(s);
	return ret;
}

int tl_store_each_bar(struct tl_store *st, const char *symbol, int tf,
                      int64_t from, int64_t to,
                      int (*fn)(const struct tl_bar *b, void *arg), void *arg)
{
	char src[TL_SRC_MAX + 1];
	int adj;

	if (best_source(st, symbol, tf, from, to, src, &adj) < 0)
		return 0;
	return tl_store_each_bar_of(st, symbol, tf, src, adj, from, to, fn,
	                            arg);
}

/*
 * Prepares its own statement on each call, so fn may read or write the
 * store, even calling this again.
 */
int tl_store_each_bar_of(struct tl_store *st, const char *symbol, int tf,
                         const char *src, int adj, int64_t from, int64_t to,
                         int (*fn)(const struct tl_bar *b, void *arg),
                         void *arg)
{
	static const char sql[] =
	    "SELECT symbol, tf, t, o, h, l, c, v, final FROM bars"
	    " WHERE symbol = ? AND tf = ? AND src = ? AND adj = ?"
	    " AND t >= ? AND t < ? ORDER BY t";
	sqlite3_stmt *s;
	struct tl_bar b;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "reading cached bars");
	if ((rc = sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 2, tl_tf_name(tf), -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 3, src, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 4, tl_adj_name(adj), -1,
	                            SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_int64(s, 5, from)) ||
	    (rc = sqlite3_bind_int64(s, 6, to)))
		tl_store_fail(st, rc, "reading cached bars");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const unsigned char *sym = sqlite3_column_text(s, 0);
		const unsigned char *tfs = sqlite3_column_text(s, 1);
		size_t n = (size_t)sqlite3_column_bytes(s, 0);

		memset(&b, 0, sizeof b);
		if (n > TL_SYMBOL_MAX)
			n = TL_SYMBOL_MAX;
		if (sym)
			memcpy(b.symbol, sym, n);
		b.symbol[n] = '\0';
		b.tf = tfs ? tl_tf_parse((const char *)tfs,
		                         (size_t)sqlite3_column_bytes(s, 1))
		           : -1;
		if (b.tf < 0) {
			sqlite3_finalize(s);
			tl_die(TL_EX_IOERR,
			       "%s: reading cached bars: unknown timeframe",
			       st->path);
		}
		b.t = sqlite3_column_int64(s, 2);
		b.o = sqlite3_column_double(s, 3);
		b.h = sqlite3_column_double(s, 4);
		b.l = sqlite3_column_double(s, 5);
		b.c = sqlite3_column_double(s, 6);
		b.v = sqlite3_column_double(s, 7);
		b.final = sqlite3_column_int(s, 8) != 0;
		snprintf(b.src, sizeof b.src, "%s", src);
		b.adj = adj;
		if ((ret = fn(&b, arg)) != 0)
			break;
	}
	if (ret == 0 && rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		tl_store_fail(st, rc2 ? rc2 : rc, "reading cached bars");
	}
	sqlite3_finalize(s);
	return ret;
}

int tl_store_each_series(struct tl_store *st,
                         int (*fn)(const char *symbol, int tf, void *arg),
                         void *arg)
{
	sqlite3_stmt *s = tl_store_prepare(
	    st, "SELECT DISTINCT symbol, tf FROM bars ORDER BY symbol, tf");
	int ret = 0;

	while (ret == 0 && tl_store_step(st, s, "listing cached series")) {
		const char *sym = (const char *)sqlite3_column_text(s, 0);
		const char *tfs = (const char *)sqlite3_column_text(s, 1);
		int tf = tfs ? tl_tf_parse(tfs, strlen(tfs)) : -1;

		if (sym && tf >= 0 && strlen(sym) <= TL_SYMBOL_MAX)
			ret = fn(sym, tf, arg);
	}
	sqlite3_finalize(s);
	return ret;
}

int tl_store_span_get(struct tl_store *st, const char *symbol, int tf,
                      const char *src, int adj, int64_t *lo, int64_t *hi)
{
	static const char sql[] =
	    "SELECT lo, hi FROM bar_spans"
	    " WHERE symbol = ? AND tf = ? AND src = ? AND adj = ?";
	sqlite3_stmt *s;
	int rc, ret = 0;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "reading cached spans");
	if ((rc = sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 2, tl_tf_name(tf), -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 3, src, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 4, tl_adj_name(adj), -1, SQLITE_STATIC)))
		tl_store_fail(st, rc, "reading cached spans");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*lo = sqlite3_column_int64(s, 0);
		*hi = sqlite3_column_int64(s, 1);
		ret = 1;
	} else if (rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		tl_store_fail(st, rc2 ? rc2 : rc, "reading cached spans");
	}
	sqlite3_finalize(s);
	return ret;
}

void tl_store_span_put(struct tl_store *st, const char *symbol, int tf,
                       const char *src, int adj, int64_t lo, int64_t hi)
{
	static const char sql[] =
	    "INSERT INTO bar_spans(symbol, tf, src, adj, lo, hi)"
	    " VALUES(?,?,?,?,?,?) ON CONFLICT(symbol, tf, src, adj)"
	    " DO UPDATE SET lo = excluded.lo, hi = excluded.hi";
	sqlite3_stmt *s;
	int rc;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "caching a span");
	if ((rc = sqlite3_bind_text(s, 1, symbol, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 2, tl_tf_name(tf), -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 3, src, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_text(s, 4, tl_adj_name(adj), -1,
	                            SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_int64(s, 5, lo)) ||
	    (rc = sqlite3_bind_int64(s, 6, hi)))
		tl_store_fail(st, rc, "caching a span");
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		sqlite3_finalize(s);
		tl_store_fail(st, rc2 ? rc2 : rc, "caching a span");
	}
	sqlite3_finalize(s);
}

double tl_store_take_token(struct tl_store *st, const char *name, double rate,
                           double burst, double now)
{
	static const char get[] =
	    "SELECT tokens, t FROM rate_buckets WHERE name = ?";
	static const char put[] =
	    "INSERT INTO rate_buckets(name, tokens, t) VALUES(?,?,?)"
	    " ON CONFLICT(name) DO UPDATE SET tokens = excluded.tokens,"
	    " t = excluded.t";
	sqlite3_stmt *s;
	double tokens = burst, t = now, wait;
	int rc;

	tl_store_begin(st);
	rc = sqlite3_prepare_v2(st->db, get, -1, &s, NULL);
	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "reading a rate limit");
	if ((rc = sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC)))
		tl_store_fail(st, rc, "reading a rate limit");
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		tokens = sqlite3_column_double(s, 0);
		t = sqlite3_column_double(s, 1);
	} else if (rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		sqlite3_finalize(s);
		tl_store_fail(st, rc2 ? rc2 : rc, "reading a rate limit");
	}
	sqlite3_finalize(s);
	/* Refill for the time gone by (a clock that went back adds none). */
	if (now > t)
		tokens += (now - t) * rate;
	if (tokens > burst)
		tokens = burst;
	tokens -= 1;
	wait = tokens >= 0 ? 0 : -tokens / rate;
	rc = sqlite3_prepare_v2(st->db, put, -1, &s, NULL);
	if (rc != SQLITE_OK)
		tl_store_fail(st, rc, "taking a rate limit token");
	if ((rc = sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC)) ||
	    (rc = sqlite3_bind_double(s, 2, tokens)) ||
	    (rc = sqlite3_bind_double(s, 3, now > t ? now : t)))
		tl_store_fail(st, rc, "taking a rate limit token");
	rc = sqlite3_step(s);
	if (rc != SQLITE_DONE) {
		int rc2 = sqlite3_reset(s);

		sqlite3_finalize(s);
		tl_store_fail(st, rc2 ? rc2 : rc, "taking a rate limit token");
	}
	sqlite3_finalize(s);
	tl_store_commit(st);
	return wait;
}
