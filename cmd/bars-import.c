/* bars-import: reads CSV files of OHLCV rows and writes them as bar records. */
/*
 * Start reading main(): the options are checked and every FILE's symbol
 * is known before anything is read. Each FILE is then one series
 * (import()): its lines are fed to an importer (tl_import.h), which finds
 * the layout, parses the rows, infers the timeframe and hands back bars
 * and bad lines; drain() writes the bars and applies --skip-bad to the
 * bad lines. With --store every bar written is also upserted into the
 * store's bar cache, in one transaction committed only when all input was
 * read and all output written: a fatal bad line or a write error leaves the
 * store as it was.
 */
#include "tl_bar.h"
#include "tl_cli.h"
#include "tl_import.h"
#include "tl_ndjson.h"
#include "tl_out.h"
#include "tl_store.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { OPT_STORE = 256 };

static const struct tl_opt opts[] = {
    {"symbol", 's', "S",
     "symbol of the bars (default: the file name up to its first '.')", NULL},
    {"tf", 't', "TF",
     "timeframe of the rows (default: inferred from their spacing)", "tf"},
    {"map", 'm', "COL=NAME,...",
     "take field NAME (t o h l c v) from column COL of the header", NULL},
    {"repair", 'r', NULL,
     "clamp high and low to hold open and close instead of failing", NULL},
    {"store", OPT_STORE, NULL, "also save the bars in the store's bar cache",
     NULL},
    {"db", TL_OPT_DB, "PATH", "the store's database (with --store)", "file"},
    {"skip-bad", TL_OPT_SKIP_BAD, NULL, "warn about bad lines and skip them",
     NULL},
    {"max-line", TL_OPT_MAX_LINE, "BYTES",
     "longest input line accepted (default 1M)", NULL},
    {0},
};

static const struct tl_prog prog = {
    "bars-import",
    "[--symbol S] [--tf TF] [--map COL=NAME,...] [--repair] [--store] "
    "[--db PATH] [--skip-bad] [--max-line BYTES] [FILE...]",
    "Convert CSV files of OHLCV rows (Yahoo, Stooq, Binance, pandas) "
    "to bar records.",
    opts,
    "file",
};

/* What the whole run shares. */
struct ctx {
	struct tl_bad bad;
	size_t max_line;
	struct tl_import_opts io;  /* all but the symbol */
	struct tl_import_map *map; /* the --map items, io.map once all read */
	struct tl_w w;
	struct tl_store *store;
	struct tl_seriesmap series;
};

/*
 * Flushes stdout. Returns 0, or the errno of a write to it that failed,
 * now or earlier (EIO when that is unknown).
 */
static int out_error(void)
{
	errno = 0;
	if (fflush(stdout) == 0 && !ferror(stdout))
		return 0;
	return errno ? errno : EIO;
}

/*
 * Writes (and with --store saves) the bars im has ready, and reports its
 * bad lines; exits when the input of file name cannot be imported.
 */
static void drain(struct ctx *x, struct tl_import *im, const char *name)
{
	struct tl_import_ev ev;

	while (tl_import_next(im, &ev)) {
		int status = ev.usage ? TL_EX_USAGE : TL_EX_DATA;

		switch (ev.kind) {
		case TL_IMPORT_BAR:
			tl_bar_write(&x->w, ev.bar);
			if (x->store)
				tl_store_put_bar(x->store, ev.bar);
			x->bad.good++;
			break;
		case TL_IMPORT_BAD:
			tl_bad_line(&x->bad, name, ev.lineno, ev.msg);
			break;
		default: /* TL_IMPORT_FAIL */
			if (ev.lineno)
				tl_die_at(status, name, ev.lineno, "%s",
				          ev.msg);
			tl_die(status, "%s: %s", name, ev.msg);
		}
	}
}

/* Imports the CSV file at path (or stdin: "-") as the series of symbol. */
static void import(struct ctx *x, const char *path, const char *symbol)
{
	struct tl_import_opts io = x->io;
	struct tl_import *im;
	struct tl_input in;
	char *line;
	size_t len;
	int r;

	if (tl_input_open(&in, path, x->max_line) < 0)
		tl_die(TL_EX_NOINPUT, "%s: %s", path, strerror(errno));
	io.symbol = symbol;
	im = tl_import_new(&io);
	while ((r = tl_input_next(&in, &line, &len)) != 0) {
		if (r < 0) {
			char msg[80];

			snprintf(msg, sizeof msg,
			         "line longer than %zu bytes (see --max-line)",
			         x->max_line);
			tl_import_bad_line(im, in.lineno, msg);
		} else {
			tl_import_line(im, in.lineno, line, len);
		}
		drain(x, im, in.name);
	}
	tl_import_end(im);
	drain(x, im, in.name);
	tl_import_free(im);
	tl_input_close(&in);
	tl_w_flush(&x->w); /* so a later file's errors find this one written */
}

/*
 * Returns the symbol of path: the file name up to its first '.'. Exits
 * 64 when that is empty or too long. Sets *buf to what to free.
 */
static const char *symbol_of(const char *path, char **buf)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strcspn(base, ".");
	if (n == 0)
		tl_die(TL_EX_USAGE,
		       "%s: cannot tell the symbol from the file name; use "
		       "--symbol",
		       path);
	if (n > TL_SYMBOL_MAX)
		tl_die(TL_EX_USAGE,
		       "%s: the file name is longer than a symbol (%d bytes); "
		       "use --symbol",
		       path, TL_SYMBOL_MAX);
	*buf = tl_strndup(base, n);
	return *buf;
}

/* Adds the COL=NAME items of one --map argument to x, pointing into arg
 * (modified; the caller keeps it). */
static void add_map(struct ctx *x, char *arg)
{
	char *item, *save = NULL;

	if (!*arg)
		tl_cli_usage_error(&prog,
		                   "--map: expected COL=NAME,..., got ''");
	for (item = strtok_r(arg, ",", &save); item;
	     item = strtok_r(NULL, ",", &save)) {
		char *eq = strrchr(item, '='), *col, *name;
		int field;
		size_t i;

		if (!eq)
			tl_cli_usage_error(
			    &prog, "--map: expected COL=NAME, got '%s'", item);
		*eq = '\0';
		col = tl_trim_str(item, TL_TRIM_BLANK);
		name = tl_trim_str(eq + 1, TL_TRIM_BLANK);
		field = tl_import_field_parse(name);
		if (field < 0)
			tl_cli_usage_error(
			    &prog,
			    "--map: unknown field '%s' (t o h l c v, or time "
			    "open high low close volume)",
			    name);
		if (!*col)
			tl_cli_usage_error(
			    &prog, "--map: empty column name for '%s'", name);
		for (i = 0; i < x->io.nmap; i++) {
			if (x->map[i].field == field)
				tl_cli_usage_error(
				    &prog, "--map: two columns give the %s",
				    tl_import_field_name(field));
			if (strcasecmp(x->map[i].col, col) == 0)
				tl_cli_usage_error(
				    &prog, "--map: column '%s' is mapped twice",
				    col);
		}
		x->map = tl_realloc(x->map, (x->io.nmap + 1) * sizeof *x->map);
		x->map[x->io.nmap].col = col;
		x->map[x->io.nmap].field = field;
		x->io.nmap++;
	}
}

int main(int argc, char **argv)
{
	struct ctx x;
	const char *arg, *symbol = NULL, *db = NULL;
	char **mapargs = NULL, **syms;
	int c, i, nfiles, nmapargs = 0, store = 0, status, werr;

	tl_setprog(argv[0]);
	memset(&x, 0, sizeof x);
	x.io.tf = -1;
	x.max_line = TL_MAX_LINE_DEFAULT;
	while ((c = tl_cli_next(&prog, argc, argv, &arg)) != -1) {
		switch (c) {
		case 's':
			symbol = arg;
			break;
		case 't':
			x.io.tf = tl_cli_tf(&prog, "tf", arg);
			break;
		case 'm':
			mapargs = tl_realloc(mapargs, (size_t)(nmapargs + 1) *
			                                  sizeof *mapargs);
			mapargs[nmapargs] = tl_strdup(arg);
			add_map(&x, mapargs[nmapargs++]);
			break;
		case 'r':
			x.io.repair = 1;
			break;
		case OPT_STORE:
			store = 1;
			break;
		case TL_OPT_DB:
			db = arg;
			break;
		case TL_OPT_SKIP_BAD:
			x.bad.skip = 1;
			break;
		case TL_OPT_MAX_LINE:
			x.max_line = tl_cli_size(&prog, "max-line", arg);
			break;
		}
	}
	if (db && !store)
		tl_cli_usage_error(&prog, "--db needs --store");
	if (symbol && (!*symbol || strlen(symbol) > TL_SYMBOL_MAX))
		tl_cli_usage_error(&prog,
		                   "--symbol: expected 1 to %d bytes, got '%s'",
		                   TL_SYMBOL_MAX, symbol);

	/* Every file's symbol is known before anything is read. */
	nfiles = argc - tl_cli_optind();
	syms = tl_calloc(nfiles ? (size_t)nfiles : 1, sizeof *syms);
	for (i = 0; i < (nfiles ? nfiles : 1); i++) {
		const char *path = nfiles ? argv[tl_cli_optind() + i] : "-";

		if (symbol)
			continue;
		if (strcmp(path, "-") == 0)
			tl_cli_usage_error(&prog,
			                   "cannot tell the symbol of standard "
			                   "input; use --symbol");
		symbol_of(path, &syms[i]);
	}

	if (store) {
		x.store = tl_store_open_opt(db);
		tl_store_begin(x.store);
	}
	tl_w_init(&x.w, 0);
	tl_seriesmap_init(&x.series, 0);
	x.io.map = x.map;
	x.io.series = &x.series;
	for (i = 0; i < (nfiles ? nfiles : 1); i++)
		import(&x, nfiles ? argv[tl_cli_optind() + i] : "-",
		       symbol ? symbol : syms[i]);

	/* Every record reaches stdout before the store may commit. */
	tl_w_release(&x.w);
	werr = out_error();
	status = tl_bad_status(&x.bad);
	if (werr)
		status = TL_EX_IOERR;
	if (x.store) {
		if (status == 0)
			tl_store_commit(x.store);
		else
			tl_store_rollback(x.store);
		tl_store_close(x.store);
	}
	tl_seriesmap_release(&x.series);
	for (i = 0; i < (nfiles ? nfiles : 1); i++)
		free(syms[i]);
	free(syms);
	for (i = 0; i < nmapargs; i++)
		free(mapargs[i]);
	free(mapargs);
	free(x.map);
	if (werr)
		tl_die(TL_EX_IOERR, "write error: %s", strerror(werr));
	return tl_cli_finish(status);
}
