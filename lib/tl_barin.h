/* tl_barin.h: reading checked bar records from the operand files. */
#ifndef TL_BARIN_H
#define TL_BARIN_H

#include "tl_bar.h"
#include "tl_cli.h"
#include "tl_ndjson.h"

/*
 * Reads the FILE operands of a program in turn (stdin when there are
 * none; "-" is stdin), line by line, and hands back each good record: a
 * bar, parsed and checked against the validity rule, or a record of
 * another type. Blank lines are skipped; a line that is too long, not a
 * JSON object or not a valid bar goes to the bad-line policy bad (which
 * exits 65 or warns and counts it). A file that cannot be opened exits 66.
 * Keeping each series' order is the caller's (tl_series_advance), who
 * reports a bad line of its own with tl_barin_bad().
 */
struct tl_barin {
	char **paths;
	int npaths, next;
	size_t max_line;
	struct tl_bad *bad;
	struct tl_input in;
	int open;
	struct tl_rec rec; /* the last record read */
	int64_t deadline;  /* see tl_barin_next_wait(); -1: none */
	char err[256];
};

/* What tl_barin_next() and tl_barin_next_wait() return. */
enum { TL_BARIN_END, TL_BARIN_BAR, TL_BARIN_OTHER, TL_BARIN_WAIT };

/* Prepares r over the npaths operands paths (borrowed). */
void tl_barin_init(struct tl_barin *r, char **paths, int npaths,
                   size_t max_line, struct tl_bad *bad);

/*
 * Reads the next good record: TL_BARIN_BAR with the bar in *b,
 * TL_BARIN_OTHER with the record in r->rec (valid until the next call), or
 * TL_BARIN_END after the last file.
 */
int tl_barin_next(struct tl_barin *r, struct tl_bar *b);

/*
 * Reads the next good record as tl_barin_next() does, reading and waiting
 * for input only until deadline (a tl_mono_ms() time): returns
 * TL_BARIN_WAIT once it has come and no whole line is left buffered, or
 * when a signal breaks the wait; the caller does what is due and calls
 * again. Lines already read are handed out first, whatever the time, so
 * the lines that came in one read are all taken before the caller's turn.
 */
int tl_barin_next_wait(struct tl_barin *r, struct tl_bar *b, int64_t deadline);

/* Reports the line last read as bad, for reason msg. */
void tl_barin_bad(struct tl_barin *r, const char *msg);

/* Closes what is open and frees what r holds. */
void tl_barin_release(struct tl_barin *r);

#endif
