/* test_store.c: unit tests of tl_store.c on SQLite files in a temp dir. */
#include <fcntl.h>
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include "tl_test.h"

static char tmpdir[] = "/tmp/tl-test-store.XXXXXX";

/* Returns a new path name under the test's temporary directory. */
static char *tmp_path(const char *name)
{
	return tl_asprintf("%s/%s", tmpdir, name);
}

/* Returns the integer the one-value query sql gives on db, or -1. */
static long long query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Returns the text the one-value query sql gives on db, new, or NULL. */
static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	char *v = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = tl_strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

/* Returns the permission bits of path, or -1. */
static int mode_of(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

static struct tl_bar mkbar(const char *sym, int tf, int64_t t, double o,
                           int final)
{
	struct tl_bar b;

	memset(&b, 0, sizeof b);
	snprintf(b.symbol, sizeof b.symbol, "%s", sym);
	b.tf = tf;
	b.t = t;
	b.o = o;
	b.h = o + 1;
	b.l = o - 1;
	b.c = o + 0.5;
	b.v = 1000;
	b.final = final;
	return b;
}

/* Collects the bars tl_store_each_bar gives, up to 16. */
struct collect {
	struct tl_bar b[16];
	int n, stop_at;
};

static int collect_fn(const struct tl_bar *b, void *arg)
{
	struct collect *c = arg;

	if (c->n < 16)
		c->b[c->n] = *b;
	c->n++;
	return c->stop_at && c->n == c->stop_at ? 42 : 0;
}

static void open_fn(void *arg)
{
	tl_store_close(tl_store_open(arg));
}

static void path_fn(void *arg)
{
	free(tl_store_path(arg));
}

static void test_path(void)
{
	char *p;

	setenv("TICKLINE_DB", "/env/t.db", 1);
	setenv("XDG_DATA_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	p = tl_store_path("opt.db");
	TL_EQ_STR(p, "opt.db");
	free(p);
	p = tl_store_path(NULL);
	TL_EQ_STR(p, "/env/t.db");
	free(p);
	setenv("TICKLINE_DB", "", 1);
	p = tl_store_path(NULL);
	TL_EQ_STR(p, "/xdg/tickline/tickline.db");
	free(p);
	unsetenv("TICKLINE_DB");
	p = tl_store_path(NULL);
	TL_EQ_STR(p, "/xdg/tickline/tickline.db");
	free(p);
	setenv("XDG_DATA_HOME", "relative/xdg", 1);
	p = tl_store_path(NULL);
	TL_EQ_STR(p, "/home/u/.local/share/tickline/tickline.db");
	free(p);
	unsetenv("XDG_DATA_HOME");
	p = tl_store_path(NULL);
	TL_EQ_STR(p, "/home/u/.local/share/tickline/tickline.db");
	free(p);
	unsetenv("HOME");
	p = tl_store_path("still.db");
	TL_EQ_STR(p, "still.db");
	free(p);
	{
		char *err = tmp_path("path.err");

		TL_EQ_INT(run_child(path_fn, NULL, err), 78);
		TL_CHECK(file_has(err, "set TICKLINE_DB or HOME"));
		free(err);
	}
	setenv("HOME", tmpdir, 1);
}

static void test_create(void)
{
	char *dir = tmp_path("a"), *sub = tmp_path("a/b");
	char *path = tmp_path("a/b/t.db"), *wal = tmp_path("a/b/t.db-wal");
	char *path2 = tmp_path("c/t.db");
	mode_t old = umask(0);
	struct tl_store *st;
	struct tl_bar b = mkbar("X", TL_TF_1H, 3600, 1, 1);
	char *jm;

	/* umask 0 would give SQLite's default 0644 and mkdir's 0700. */
	st = tl_store_open(path);
	TL_EQ_INT(mode_of(dir), 0700);
	TL_EQ_INT(mode_of(sub), 0700);
	TL_EQ_INT(mode_of(path), 0600);
	jm = query_text(tl_store_db(st), "PRAGMA journal_mode");
	TL_EQ_STR(jm, "wal");
	free(jm);
	TL_EQ_INT(query_int(tl_store_db(st), "PRAGMA user_version"), 6);
	TL_EQ_INT(query_int(tl_store_db(st), "PRAGMA foreign_keys"), 1);
	TL_EQ_INT(tl_store_schema_version(), 6);
	tl_store_put_bar(st, &b);
	TL_EQ_INT(mode_of(wal), 0600);
	tl_store_close(st);

	/* A umask taking the owner's bits must not matter either. */
	umask(0277);
	st = tl_store_open(path2);
	umask(0);
	TL_EQ_INT(mode_of(path2), 0600);
	*strrchr(path2, '/') = '\0';
	TL_EQ_INT(mode_of(path2), 0700);
	tl_store_close(st);

	/* Reopening an existing current store changes nothing. */
	st = tl_store_open(path);
	TL_EQ_INT(query_int(tl_store_db(st), "PRAGMA user_version"), 6);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 1);
	tl_store_close(st);
	tl_store_close(NULL);
	umask(old);
	free(dir);
	free(sub);
	free(path);
	free(wal);
	free(path2);
}

static void test_roundtrip(void)
{
	char *path = tmp_path("rt.db");
	struct tl_store *st = tl_store_open(path);
	struct collect c;
	struct tl_bar b;
	int i;

	/* Out of order, with other series and awkward doubles. */
	b = mkbar("TSLA", TL_TF_1D, 86400 * 3, 0.1, 1);
	b.h = 0.30000000000000004;
	b.l = 5e-324;
	b.c = DBL_MAX;
	b.v = 123456789.123456789;
	tl_store_put_bar(st, &b);
	b = mkbar("TSLA", TL_TF_1D, 86400 * 1, 242.1, 1);
	tl_store_put_bar(st, &b);
	b = mkbar("TSLA", TL_TF_1D, 86400 * 2, -0.0, 0);
	tl_store_put_bar(st, &b);
	b = mkbar("TSLA", TL_TF_1H, 86400 * 2, 7, 1);
	tl_store_put_bar(st, &b);
	b = mkbar("NVDA", TL_TF_1D, 86400 * 2, 8, 1);
	tl_store_put_bar(st, &b);
	b = mkbar("TSLA", TL_TF_1D, 86400 * 4, 9, 1);
	tl_store_put_bar(st, &b);
	b = mkbar("TSLA", TL_TF_1D, -86400, 10, 1);
	tl_store_put_bar(st, &b);

	memset(&c, 0, sizeof c);
	TL_EQ_INT(tl_store_each_bar(st, "TSLA", TL_TF_1D, 86400, 86400 * 4,
	                            collect_fn, &c),
	          0);
	TL_EQ_INT(c.n, 3);
	for (i = 0; i < 3; i++) {
		TL_EQ_STR(c.b[i].symbol, "TSLA");
		TL_EQ_INT(c.b[i].tf, TL_TF_1D);
		TL_EQ_INT(c.b[i].t, 86400 * (i + 1));
	}
	TL_EQ_DBL(c.b[0].o, 242.1);
	TL_EQ_DBL(c.b[0].h, 243.1);
	TL_EQ_DBL(c.b[0].l, 241.1);
	TL_EQ_DBL(c.b[0].c, 242.6);
	TL_EQ_DBL(c.b[0].v, 1000);
	TL_EQ_INT(c.b[0].final, 1);
	TL_EQ_INT(c.b[1].final, 0);
	TL_EQ_DBL(c.b[2].o, 0.1);
	TL_EQ_DBL(c.b[2].h, 0.30000000000000004);
	TL_EQ_DBL(c.b[2].l, 5e-324);
	TL_EQ_DBL(c.b[2].c, DBL_MAX);
	TL_EQ_DBL(c.b[2].v, 123456789.123456789);
	TL_EQ_INT(c.b[2].final, 1);

	/* The whole range, including negative t. */
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "TSLA", TL_TF_1D, INT64_MIN, INT64_MAX,
	                  collect_fn, &c);
	TL_EQ_INT(c.n, 5);
	TL_EQ_INT(c.b[0].t, -86400);
	TL_EQ_INT(c.b[4].t, 86400 * 4);

	/* fn stops the walk with its value. */
	memset(&c, 0, sizeof c);
	c.stop_at = 2;
	TL_EQ_INT(tl_store_each_bar(st, "TSLA", TL_TF_1D, INT64_MIN, INT64_MAX,
	                            collect_fn, &c),
	          42);
	TL_EQ_INT(c.n, 2);

	/* Other series, and nothing. */
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "TSLA", TL_TF_1H, 0, INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 1);
	TL_EQ_DBL(c.b[0].o, 7);
	TL_EQ_INT(c.b[0].tf, TL_TF_1H);
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "AAPL", TL_TF_1D, 0, INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 0);

	/* Input never becomes SQL. */
	b = mkbar("X'); DROP TABLE bars; --", TL_TF_1M, 60, 1, 1);
	tl_store_put_bar(st, &b);
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, b.symbol, TL_TF_1M, 0, INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 1);
	TL_EQ_STR(c.b[0].symbol, "X'); DROP TABLE bars; --");
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 8);
	tl_store_close(st);
	free(path);
}

static void test_upsert(void)
{
	char *path = tmp_path("up.db");
	struct tl_store *st = tl_store_open(path);
	struct tl_bar b = mkbar("NVDA", TL_TF_15M, 900, 100, 0);
	struct collect c;

	tl_store_put_bar(st, &b);
	b = mkbar("NVDA", TL_TF_15M, 900, 200, 1);
	b.v = 5;
	tl_store_put_bar(st, &b);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 1);
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "NVDA", TL_TF_15M, 0, 901, collect_fn, &c);
	TL_EQ_INT(c.n, 1);
	TL_EQ_DBL(c.b[0].o, 200);
	TL_EQ_DBL(c.b[0].h, 201);
	TL_EQ_DBL(c.b[0].l, 199);
	TL_EQ_DBL(c.b[0].c, 200.5);
	TL_EQ_DBL(c.b[0].v, 5);
	TL_EQ_INT(c.b[0].final, 1);
	/* And back to forming. */
	b.final = 0;
	tl_store_put_bar(st, &b);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT final FROM bars"), 0);
	tl_store_close(st);
	free(path);
}

static void test_transaction(void)
{
	char *path = tmp_path("tx.db");
	struct tl_store *st = tl_store_open(path);
	struct tl_bar b = mkbar("GOOG", TL_TF_1M, 60, 1, 1);

	tl_store_begin(st);
	tl_store_put_bar(st, &b);
	b.t = 120;
	tl_store_put_bar(st, &b);
	tl_store_rollback(st);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 0);

	tl_store_begin(st);
	tl_store_put_bar(st, &b);
	tl_store_commit(st);
	tl_store_close(st);
	st = tl_store_open(path);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 1);
	tl_store_close(st);
	free(path);
}

/* Tries to begin a write on the store at arg, waiting 10 ms at most. */
static void begin_fn(void *arg)
{
	struct tl_store *st = tl_store_open(arg);

	sqlite3_busy_timeout(tl_store_db(st), 10);
	tl_store_begin(st);
	tl_store_rollback(st);
	tl_store_close(st);
}

/*
 * Checks that a write waits for another process's and then exits 75. The
 * lock is held by a child: SQLite connections must not cross a fork().
 */
static void test_busy(void)
{
	char *path = tmp_path("busy.db"), *err = tmp_path("busy.err");
	int up[2], down[2], status;
	char ch = 0;
	pid_t pid;

	tl_store_close(tl_store_open(path));
	if (pipe(up) != 0 || pipe(down) != 0) {
		TL_CHECK(!"pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		struct tl_store *st = tl_store_open(path);

		tl_store_begin(st);
		if (write(up[1], "x", 1) != 1 || read(down[0], &ch, 1) != 1)
			_exit(98);
		tl_store_rollback(st);
		tl_store_close(st);
		_exit(0);
	}
	TL_CHECK(pid > 0);
	TL_EQ_INT(read(up[0], &ch, 1), 1);
	TL_EQ_INT(run_child(begin_fn, path, err), 75);
	TL_CHECK(file_has(err, "store is busy"));
	TL_EQ_INT(write(down[1], "x", 1), 1);
	TL_EQ_INT(waitpid(pid, &status, 0), pid);
	TL_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	TL_EQ_INT(run_child(begin_fn, path, err), 0);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	free(path);
	free(err);
}

/* Makes a database at path with the raw API: sql, then closed. */
static int make_raw(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open_v2(path, &db,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
	                    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

static void test_migrate_v1(void)
{
	char *path = tmp_path("v1.db");
	struct tl_store *st;
	struct collect c;

	TL_EQ_INT(make_raw(path,
	                   "CREATE TABLE bars(symbol TEXT NOT NULL, tf TEXT "
	                   "NOT NULL, t INTEGER NOT NULL, o REAL NOT NULL, h "
	                   "REAL NOT NULL, l REAL NOT NULL, c REAL NOT NULL, v "
	                   "REAL NOT NULL, PRIMARY KEY(symbol, tf, t)) WITHOUT "
	                   "ROWID;"
	                   "PRAGMA user_version=1;"
	                   "INSERT INTO bars VALUES('TSLA','1D',86400,1,2,0.5,"
	                   "1.5,10);"
	                   "INSERT INTO bars VALUES('TSLA','1D',172800,1.5,3,1,"
	                   "2.5,20);"
	                   "INSERT INTO bars VALUES('NVDA','1h',3600,4,5,3,4,"
	                   "30);"),
	          SQLITE_OK);
	st = tl_store_open(path);
	TL_EQ_INT(query_int(tl_store_db(st), "PRAGMA user_version"), 6);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 3);
	TL_EQ_INT(query_int(tl_store_db(st),
	                    "SELECT count(*) FROM bars WHERE final = 1"),
	          3);
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "TSLA", TL_TF_1D, 0, INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 2);
	TL_EQ_INT(c.b[0].t, 86400);
	TL_EQ_DBL(c.b[0].l, 0.5);
	TL_EQ_INT(c.b[0].final, 1);
	TL_EQ_DBL(c.b[1].c, 2.5);
	TL_EQ_INT(c.b[1].final, 1);
	tl_store_close(st);
	free(path);
}

/* Sources and adjustments are apart in the cache; each_bar picks one. */
static void test_sources(void)
{
	char *path = tmp_path("src.db");
	struct tl_store *st = tl_store_open(path);
	struct tl_bar b;
	struct collect c;
	int64_t lo = 0, hi = 0;

	b = mkbar("AAPL", TL_TF_1D, 86400, 10, 1);
	tl_store_put_bar(st, &b); /* bars-import's: no source */
	snprintf(b.src, sizeof b.src, "yahoo");
	b.adj = TL_ADJ_SPLIT;
	b.o = 20, b.h = 21, b.l = 19, b.c = 20;
	tl_store_put_bar(st, &b);
	b.t = 2 * 86400;
	tl_store_put_bar(st, &b);
	b.adj = TL_ADJ_RAW;
	b.t = 3 * 86400;
	tl_store_put_bar(st, &b);
	TL_EQ_INT(query_int(tl_store_db(st), "SELECT count(*) FROM bars"), 4);

	memset(&c, 0, sizeof c);
	tl_store_each_bar_of(st, "AAPL", TL_TF_1D, "yahoo", TL_ADJ_SPLIT, 0,
	                     INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 2);
	TL_EQ_DBL(c.b[0].o, 20);
	TL_EQ_STR(c.b[0].src, "yahoo");
	TL_EQ_INT(c.b[0].adj, TL_ADJ_SPLIT);
	memset(&c, 0, sizeof c);
	tl_store_each_bar_of(st, "AAPL", TL_TF_1D, "", TL_ADJ_NONE, 0,
	                     INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 1);
	TL_EQ_DBL(c.b[0].o, 10);
	TL_EQ_STR(c.b[0].src, "");
	/* The source with the most bars in the span wins, whole. */
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "AAPL", TL_TF_1D, 0, INT64_MAX, collect_fn, &c);
	TL_EQ_INT(c.n, 2);
	TL_EQ_INT(c.b[1].t, 2 * 86400);
	TL_EQ_INT(c.b[1].adj, TL_ADJ_SPLIT);
	memset(&c, 0, sizeof c);
	tl_store_each_bar(st, "AAPL", TL_TF_1D, 3 * 86400, INT64_MAX,
	                  collect_fn, &c);
	TL_EQ_INT(c.n, 1);
	TL_EQ_INT(c.b[0].adj, TL_ADJ_RAW);
	memset(&c, 0, sizeof c);
	TL_EQ_INT(tl_store_each_bar(st, "MSFT", TL_TF_1D, 0, INT64_MAX,
	                            collect_fn, &c),
	          0);
	TL_EQ_INT(c.n, 0);

	/* Spans. */
	TL_EQ_INT(tl_store_span_get(st, "AAPL", TL_TF_1D, "yahoo", TL_ADJ_SPLIT,
	                            &lo, &hi),
	          0);
	tl_store_span_put(st, "AAPL", TL_TF_1D, "yahoo", TL_ADJ_SPLIT, 100,
	                  200);
	tl_store_span_put(st, "AAPL", TL_TF_1D, "yahoo", TL_ADJ_SPLIT, 50, 300);
	TL_EQ_INT(tl_store_span_get(st, "AAPL", TL_TF_1D, "yahoo", TL_ADJ_SPLIT,
	                            &lo, &hi),
	          1);
	TL_EQ_INT(lo, 50);
	TL_EQ_INT(hi, 300);
	TL_EQ_INT(tl_store_span_get(st, "AAPL", TL_TF_1D, "yahoo", TL_ADJ_RAW,
	                            &lo, &hi),
	          0);
	tl_store_close(st);
	free(path);
}

/* The token bucket: a burst, then waits that grow by 1/rate. */
static void test_tokens(void)
{
	char *path = tmp_path("rate.db");
	struct tl_store *st = tl_store_open(path), *st2 = tl_store_open(path);

	TL_EQ_DBL(tl_store_take_token(st, "x", 2, 2, 1000), 0);
	TL_EQ_DBL(tl_store_take_token(st2, "x", 2, 2, 1000), 0);
	TL_EQ_DBL(tl_store_take_token(st, "x", 2, 2, 1000), 0.5);
	TL_EQ_DBL(tl_store_take_token(st2, "x", 2, 2, 1000), 1);
	/* Time refills: 1.5 s later the debt of 2 is paid and one is left. */
	TL_EQ_DBL(tl_store_take_token(st, "x", 2, 2, 1001.5), 0);
	TL_EQ_DBL(tl_store_take_token(st, "x", 2, 2, 1001.5), 0.5);
	/* Another bucket is apart; a clock going back refills nothing. */
	TL_EQ_DBL(tl_store_take_token(st, "y", 1, 1, 1000), 0);
	TL_EQ_DBL(tl_store_take_token(st, "y", 1, 1, 900), 1);
	tl_store_close(st);
	tl_store_close(st2);
	free(path);
}

static void test_newer_version(void)
{
	char *path = tmp_path("v99.db"), *err = tmp_path("v99.err");
	sqlite3 *db;

	TL_EQ_INT(make_raw(path, "CREATE TABLE future(x);"
	                         "PRAGMA user_version=99;"),
	          SQLITE_OK);
	TL_EQ_INT(run_child(open_fn, path, err), 78);
	TL_CHECK(file_has(err, "newer than this tickline knows"));
	TL_CHECK(file_has(err, "store schema version 99"));
	/* Left as it was. */
	TL_EQ_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	          SQLITE_OK);
	TL_EQ_INT(query_int(db, "PRAGMA user_version"), 99);
	TL_EQ_INT(query_int(db, "SELECT count(*) FROM sqlite_master "
	                        "WHERE name = 'bars'"),
	          0);
	sqlite3_close(db);
	free(path);
	free(err);
}

static void test_migrate_fails(void)
{
	char *path = tmp_path("broken.db"), *err = tmp_path("broken.err");
	sqlite3 *db;

	/* Version 1 without its table: step 2 fails and is rolled back. */
	TL_EQ_INT(make_raw(path, "CREATE TABLE other(x);"
	                         "PRAGMA user_version=1;"),
	          SQLITE_OK);
	TL_EQ_INT(run_child(open_fn, path, err), 74);
	TL_CHECK(file_has(err, "migrating store to version 2: no such table"));
	TL_EQ_INT(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL),
	          SQLITE_OK);
	TL_EQ_INT(query_int(db, "PRAGMA user_version"), 1);
	sqlite3_close(db);
	free(path);
	free(err);
}

static void test_open_errors(void)
{
	char *file = tmp_path("plain"), *err = tmp_path("open.err");
	char *under = tmp_path("plain/sub/t.db");
	FILE *f = fopen(file, "w");

	TL_CHECK(f != NULL);
	if (!f)
		return;
	fputs("this is not a database, not at all; it is a plain text "
	      "file long enough to hold no SQLite header at its start.\n",
	      f);
	fclose(f);
	/* A directory that cannot be made, and a file that is no store. */
	TL_EQ_INT(run_child(open_fn, under, err), 66);
	TL_CHECK(file_has(err, "cannot open store"));
	TL_EQ_INT(run_child(open_fn, file, err), 66);
	TL_CHECK(file_has(err, "cannot open store"));
	free(file);
	free(err);
	free(under);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	TL_RUN(test_path);
	TL_RUN(test_create);
	TL_RUN(test_roundtrip);
	TL_RUN(test_upsert);
	TL_RUN(test_transaction);
	TL_RUN(test_busy);
	TL_RUN(test_migrate_v1);
	TL_RUN(test_sources);
	TL_RUN(test_tokens);
	TL_RUN(test_newer_version);
	TL_RUN(test_migrate_fails);
	TL_RUN(test_open_errors);
	tl_t_rmtree(tmpdir);
	return TL_DONE();
}
