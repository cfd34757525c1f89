/* tl_out.h: the record writer: compact NDJSON records, buffered, to stdout. */
#ifndef TL_OUT_H
#define TL_OUT_H

#include <stddef.h>
#include <stdint.h>

/*
 * A writer builds one record at a time in its buffer and hands each whole
 * record to stdout's (fully buffered) stdio stream, so an exit flushes
 * exactly the records written; flush mode also flushes stdout after every
 * record (streaming programs). Keys come in the order the calls make them.
 */
struct tl_w {
	char *buf;
	size_t len, cap;
	int flush_each;
	int first; /* no key written yet in the open record */
};

/* Prepares w; flush_each makes every tl_w_end() flush stdout. */
void tl_w_init(struct tl_w *w, int flush_each);

/* Flushes what is buffered to stdout and frees the buffer. */
void tl_w_release(struct tl_w *w);

/* Opens a record: writes "{". */
void tl_w_begin(struct tl_w *w);

/* Writes "key":"val" (val JSON-escaped; len bytes, or strlen when -1). */
void tl_w_str(struct tl_w *w, const char *key, const char *val);
void tl_w_strn(struct tl_w *w, const char *key, const char *val, size_t len);

/* Writes "key":number in the shortest round-trip form (d must be finite). */
void tl_w_num(struct tl_w *w, const char *key, double d);

/* Writes "key":integer. */
void tl_w_int(struct tl_w *w, const char *key, int64_t v);

/* Writes "key":true or "key":false, and "key":null. */
void tl_w_bool(struct tl_w *w, const char *key, int v);
void tl_w_null(struct tl_w *w, const char *key);

/* Writes "key": and leaves the value to the caller (tl_w_raw and friends). */
void tl_w_key(struct tl_w *w, const char *key);

/* Writes "key":{ and starts the members of that object; tl_w_close()
 * ends it with "}". */
void tl_w_open(struct tl_w *w, const char *key);
void tl_w_close(struct tl_w *w);
/* Appends raw bytes. */
void tl_w_raw(struct tl_w *w, const char *s, size_t len);

/* Appends s as a JSON string literal with quotes and escapes. */
void tl_w_quote(struct tl_w *w, const char *s, size_t len);

/* Appends d as tl_num_format() writes it. */
void tl_w_number(struct tl_w *w, double d);

/* Closes a record: writes "}\n", flushing as the mode says. */
void tl_w_end(struct tl_w *w);

/* Hands the buffer to stdout (fwrite; errors are seen by tl_cli_finish). */
void tl_w_flush(struct tl_w *w);

#endif
