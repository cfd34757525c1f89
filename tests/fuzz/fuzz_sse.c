/* fuzz_sse.c: libFuzzer target: the SSE splitter gives the same events whole
 * and in pieces. */
#include "tl_sse.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The events seen, as name NUL data NUL ..., in a growing buffer. */
struct seen {
	char *buf;
	size_t len;
};

static int on_event(const char *name, const char *d, size_t n, void *arg)
{
	struct seen *s = arg;
	size_t nl = strlen(name);

	if (strlen(d) > n)
		abort(); /* data is NUL-terminated at n, or holds NULs */
	s->buf = realloc(s->buf, s->len + nl + n + 2);
	memcpy(s->buf + s->len, name, nl + 1);
	memcpy(s->buf + s->len + nl + 1, d, n);
	s->buf[s->len + nl + 1 + n] = '\0';
	s->len += nl + n + 2;
	return 0;
}

/* Feeds data in pieces of size piece (0: whole); returns the feed's result. */
static int run(const uint8_t *data, size_t size, size_t piece, struct seen *s)
{
	struct tl_sse sse;
	size_t i;
	int r = 0;

	tl_sse_init(&sse, 256);
	if (!piece)
		piece = size ? size : 1;
	for (i = 0; i < size && r == 0; i += piece)
		r = tl_sse_feed(&sse, (const char *)data + i,
		                size - i < piece ? size - i : piece, on_event,
		                s);
	tl_sse_release(&sse);
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seen a = {0}, b = {0};
	size_t piece = size ? 1 + data[0] % 7 : 1;
	int ra, rb;

	ra = run(data, size, 0, &a);
	rb = run(data, size, piece, &b);
	/* A byte order mark split over pieces is the one documented gap. */
	if (!(size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 && piece < 3) &&
	    (ra != rb ||
	     (ra == 0 && (a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0))))
		abort();
	free(a.buf);
	free(b.buf);
	return 0;
}
