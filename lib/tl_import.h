/* tl_import.h: CSV rows of OHLCV turned into bars, fed line by line. */
#ifndef TL_IMPORT_H
#define TL_IMPORT_H

#include <stddef.h>

#include "tl_bar.h"

/*
 * An importer reads one CSV input: its first non-blank line is the header
 * (or, when it starts with a cell of digits alone and no --map is given, the
 * first row of a headerless Binance kline file), which sets the layout;
 * every later non-blank line is a row. Rows are buffered until the
 * timeframe is known (given, or inferred from the spacing of the first
 * rows), then checked, their time normalised (a daily or longer bar starts
 * at 00:00 UTC of its period: the 1st of the month for 1Mo) and handed out
 * as bars. The caller feeds lines with tl_import_line() and
 * tl_import_bad_line(), says tl_import_end() at the end of the input, and
 * after each of these calls takes what came out with tl_import_next():
 *
 *	im = tl_import_new(&opts);
 *	while (a line is read)
 *		tl_import_line(im, lineno, line, len), drain(im);
 *	tl_import_end(im), drain(im);
 *	tl_import_free(im);
 */

/* The fields of a bar a column can give. */
enum tl_import_field {
	TL_IMPORT_F_T,
	TL_IMPORT_F_O,
	TL_IMPORT_F_H,
	TL_IMPORT_F_L,
	TL_IMPORT_F_C,
	TL_IMPORT_F_V,
	TL_IMPORT_NFIELDS
};

/*
 * Returns the field a --map NAME names (t o h l c v, or time open high low
 * close volume, in any case), or -1.
 */
int tl_import_field_parse(const char *name);

/* Returns the name messages give field ("time" .. "volume"); static. */
const char *tl_import_field_name(int field);

/* One --map item: the header column named col (any case) gives field. */
struct tl_import_map {
	const char *col;
	int field;
};

/* What an importer is created with; tl_import_new() copies what it keeps. */
struct tl_import_opts {
	const char *symbol;              /* of every bar */
	int tf;                          /* of the rows; -1: infer it */
	int repair;                      /* clamp h and l instead of failing */
	const struct tl_import_map *map; /* nmap --map items, or NULL */
	size_t nmap;
	/*
	 * The series the bars continue, so that several inputs of one symbol
	 * must rise in time across them (borrowed; it must outlive the
	 * importer), or NULL for one of the importer's own.
	 */
	struct tl_seriesmap *series;
};

/* What tl_import_next() hands out. */
enum tl_import_kind {
	TL_IMPORT_BAR,  /* a bar, checked and normalised */
	TL_IMPORT_BAD,  /* a bad line: the caller skips it or stops */
	TL_IMPORT_FAIL, /* the input cannot be imported; nothing follows */
};

/*
 * One output. bar and msg are borrowed from the importer and stay valid
 * until the next tl_import_line(), tl_import_bad_line(), tl_import_end() or
 * tl_import_free().
 */
struct tl_import_ev {
	int kind;    /* enum tl_import_kind */
	long lineno; /* the line; 0 for a FAIL of the whole input */
	int usage;   /* FAIL: 1 when the --map does not fit the
	                header (the options are wrong, not the data) */
	const struct tl_bar *bar; /* TL_IMPORT_BAR, else NULL */
	const char *msg;          /* BAD and FAIL: why (lowercase, no period) */
};

struct tl_import;

/*
 * Returns a new importer with options o (the --map items must name distinct
 * fields and columns; the program checks that). The caller frees it with
 * tl_import_free().
 */
struct tl_import *tl_import_new(const struct tl_import_opts *o);

/* Frees im; NULL is a no-op. */
void tl_import_free(struct tl_import *im);

/*
 * Feeds line number lineno, len bytes without its "\n", modified in place;
 * line[len] must be writable (a reader's NUL terminator is). Blank lines are
 * skipped, and a UTF-8 byte order mark at the start of line 1. Line numbers
 * must rise; they only name lines in messages.
 */
void tl_import_line(struct tl_import *im, long lineno, char *line, size_t len);

/*
 * Feeds line number lineno that could not be read (too long, say; msg says
 * why, and is copied): before the header it fails the input, after it it is
 * a bad row in its place.
 */
void tl_import_bad_line(struct tl_import *im, long lineno, const char *msg);

/*
 * Says the input ended: rows still buffered for timeframe inference come
 * out, and an input without a header fails. Nothing may be fed after it.
 */
void tl_import_end(struct tl_import *im);

/*
 * Takes the next output, in input order, into *ev. Returns 1, or 0 when
 * there is none until more is fed.
 */
int tl_import_next(struct tl_import *im, struct tl_import_ev *ev);

/* Returns the rows' timeframe once it is known, else -1. */
int tl_import_tf(const struct tl_import *im);

/*
 * Returns the column giving field as messages name it: the header's cell
 * ("" for pandas' unnamed index), "Date+Time" for a date and a time column
 * joined, "open time" and so on for a Binance file; "" when no column gives
 * it (volume may be missing). Returns NULL before the layout is known.
 * Borrowed from im.
 */
const char *tl_import_column(const struct tl_import *im, int field);

#endif
