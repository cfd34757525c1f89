/* tl_sse.h: server-sent events split from a byte stream, piece by piece. */
#ifndef TL_SSE_H
#define TL_SSE_H

#include <stddef.h>

/*
 * A splitter turns the body of a text/event-stream reply, fed in pieces of
 * any size as they arrive (tl_http's on_data), into events, as the HTML
 * standard's event-stream interpretation says: lines end in "\r\n", "\n"
 * or "\r" (even split across pieces); a line starting with ':' is a
 * comment; "event: NAME" sets the event's name, "data: TEXT" adds a line
 * to its data (one space after the colon is dropped; several data lines
 * are joined with "\n"); other fields (id, retry) are ignored; a blank
 * line dispatches the event when it has data. A byte order mark at the
 * start is skipped. An unfinished event at the end of the stream is
 * dropped, as browsers do. OpenAI's "data: [DONE]" is an event like any
 * other: the caller recognises it.
 *
 *	struct tl_sse s;
 *	tl_sse_init(&s, 1 << 20);
 *	... in on_data: return tl_sse_feed(&s, p, n, on_event, arg);
 *	tl_sse_release(&s);
 */
struct tl_sse {
	char *line; /* the line being read */
	size_t llen, lcap;
	char *data; /* the event's data so far */
	size_t dlen, dcap;
	char event[64]; /* the event's name ("" for the default "message") */
	size_t max;     /* longest line or data accepted */
	int cr;         /* the last piece ended in "\r" */
	int started;    /* past a possible byte order mark */
};

/*
 * Called for each event: name ("" when none was given: "message"), and the
 * data, data_len bytes, NUL-terminated; both borrowed until the callback
 * returns. A non-zero return stops tl_sse_feed(), which returns it.
 */
typedef int (*tl_sse_fn)(const char *name, const char *data, size_t data_len,
                         void *arg);

/* Prepares s; a line or event's data longer than max bytes is an error. */
void tl_sse_init(struct tl_sse *s, size_t max);

/* Frees what s holds; it may be initialised again. */
void tl_sse_release(struct tl_sse *s);

/*
 * Feeds p[0..n), calling fn for each event it completes. Returns 0, fn's
 * non-zero return, or -1 when a line or an event's data passed max (the
 * stream is then unusable).
 */
int tl_sse_feed(struct tl_sse *s, const char *p, size_t n, tl_sse_fn fn,
                void *arg);

#endif
