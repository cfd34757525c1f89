/* tl_ndjson.h: the NDJSON reader: capped lines, fast path, jansson. */
#ifndef TL_NDJSON_H
#define TL_NDJSON_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "tl_out.h"

/* Default cap on an input line, in bytes (--max-line). */
#define TL_MAX_LINE_DEFAULT (1024 * 1024)

/*
 * A line reader over a file descriptor. Lines come back NUL-terminated,
 * without "\n", in a buffer the caller may modify until the next call.
 * A line longer than max_line is not kept in memory. With a deadline
 * (live readers, scan-run --every) the reader reads and waits for more
 * bytes, with poll(), only until the deadline, and only when no whole
 * line is buffered: past it, the lines read are handed out, then the
 * caller's turn comes.
 */
struct tl_input {
	const char *name; /* "<stdin>" or the path, for messages */
	int fd;
	char *buf;
	size_t cap, start, end;
	size_t max_line;
	long lineno; /* number of the line last returned */
	int eof;
	int skipping;     /* the rest of an over-long line is being dropped */
	int64_t deadline; /* tl_mono_ms() time to stop waiting; -1: none */
};

/* What tl_input_next() returns when its deadline came first. */
#define TL_INPUT_WAIT (-2)

/*
 * Opens path ("-" or NULL: stdin) for reading. Returns 0, or -1 with errno
 * set when it cannot be opened (the caller exits 66).
 */
int tl_input_open(struct tl_input *in, const char *path, size_t max_line);

/*
 * As tl_input_open(), for a reader with a deadline: a FIFO that no writer
 * has opened yet does not block the open (its reads then wait in poll()).
 */
int tl_input_open_nowait(struct tl_input *in, const char *path,
                         size_t max_line);

/*
 * Reads the next line into *line (length *len). Returns 1 for a line, 0 at
 * the end, -1 for a line over max_line (skipped through its newline; lineno
 * names it). With in->deadline set (0 or more), returns TL_INPUT_WAIT when
 * no whole line is buffered and the deadline has come (nothing more is
 * read past it), or a signal broke the wait; what was read is kept for
 * the next call. A read error exits 74.
 */
int tl_input_next(struct tl_input *in, char **line, size_t *len);

/* Closes the file (not stdin) and frees the buffer. */
void tl_input_close(struct tl_input *in);

/* The value types of a record's fields. */
enum tl_vtype {
	TL_V_NULL,
	TL_V_BOOL,
	TL_V_INT,
	TL_V_REAL,
	TL_V_STR,
	TL_V_JSON
};

/*
 * One key and value of a record. key and s are NUL-terminated and borrowed
 * from the line buffer or from rec->json; json (TL_V_JSON: an array or
 * object value) is borrowed from rec->json.
 */
struct tl_field {
	const char *key;
	size_t klen;
	enum tl_vtype type;
	int b;         /* TL_V_BOOL */
	long long i;   /* TL_V_INT */
	double d;      /* TL_V_REAL, and TL_V_INT converted */
	const char *s; /* TL_V_STR */
	size_t slen;
	json_t *json; /* TL_V_JSON */
};

/*
 * A parsed record: a JSON object's members in order. Flat objects of
 * strings (without escapes), numbers, true, false and null are parsed by
 * the fast path straight from the line; anything else by jansson (json is
 * then the owned object). Both give the same fields and the same errors'
 * acceptance: duplicate keys, integers beyond long long and invalid UTF-8
 * are rejected as jansson rejects them.
 */
struct tl_rec {
	struct tl_field *f;
	size_t n, cap;
	json_t *json;
	char err[200];
};

/* Prepares r; tl_rec_release() frees what it holds. */
void tl_rec_init(struct tl_rec *r);
void tl_rec_release(struct tl_rec *r);

/*
 * Parses line (len bytes, NUL-terminated; modified in place) as one JSON
 * object. Returns 0, or -1 with a message in r->err (jansson's words
 * for syntax errors, "not an object" for other JSON values).
 */
int tl_rec_parse(struct tl_rec *r, char *line, size_t len);

/* Same, but only the fast path: returns 1 when it declined (for tests). */
int tl_rec_parse_fast(struct tl_rec *r, char *line, size_t len);

/* Returns the field named key, or NULL. Borrowed. */
const struct tl_field *tl_rec_get(const struct tl_rec *r, const char *key);

/* Returns a new jansson object equal to the record. */
json_t *tl_rec_to_json(const struct tl_rec *r);

/* Writes the record to w as one compact line, keys in their order. */
void tl_rec_write(struct tl_w *w, const struct tl_rec *r);

/* Writes a jansson value to w compactly, numbers as tl_num_format(). */
void tl_w_json(struct tl_w *w, const json_t *v);

/* Returns 1 when the line holds only JSON white space. */
int tl_blank(const char *line, size_t len);

#endif
