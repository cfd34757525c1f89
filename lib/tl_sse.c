/* tl_sse.c: the server-sent events splitter. */
#include "tl_sse.h"

#include <stdlib.h>
#include <string.h>

#include "tl_util.h"

void tl_sse_init(struct tl_sse *s, size_t max)
{
	memset(s, 0, sizeof *s);
	s->max = max;
}

void tl_sse_release(struct tl_sse *s)
{
	free(s->line);
	free(s->data);
	memset(s, 0, sizeof *s);
}

/* Appends p[0..n) to the buffer *buf (length *len, capacity *cap), keeping
 * it NUL-terminated. Returns -1 when it would pass max. */
static int append(char **buf, size_t *len, size_t *cap, const char *p, size_t n,
                  size_t max)
{
	if (n > max || *len > max - n)
		return -1;
	if (*len + n + 1 > *cap) {
		size_t c = *cap ? *cap : 256;

		while (c < *len + n + 1)
			c *= 2;
		*buf = tl_realloc(*buf, c);
		*cap = c;
	}
	if (n)
		memcpy(*buf + *len, p, n);
	*len += n;
	(*buf)[*len] = '\0';
	return 0;
}

/* Handles one whole line of s (s->line). Returns as tl_sse_feed(). */
static int line(struct tl_sse *s, tl_sse_fn fn, void *arg)
{
	const char *l = s->line ? s->line : "", *colon, *v;
	size_t n = s->llen, flen, vlen;
	int r = 0;

	s->llen = 0;
	if (n == 0) {
		/* Dispatch: data without its last "\n". */
		if (s->dlen) {
			s->dlen--;
			s->data[s->dlen] = '\0';
			r = fn(s->event, s->data, s->dlen, arg);
		}
		s->dlen = 0;
		s->event[0] = '\0';
		return r;
	}
	if (l[0] == ':')
		return 0;
	colon = memchr(l, ':', n);
	flen = colon ? (size_t)(colon - l) : n;
	v = colon ? colon + 1 : l + n;
	vlen = n - (size_t)(v - l);
	if (vlen && *v == ' ')
		v++, vlen--;
	if (flen == 4 && memcmp(l, "data", 4) == 0) {
		if (append(&s->data, &s->dlen, &s->dcap, v, vlen, s->max) < 0 ||
		    append(&s->data, &s->dlen, &s->dcap, "\n", 1, s->max) < 0)
			return -1;
	} else if (flen == 5 && memcmp(l, "event", 5) == 0) {
		if (vlen >= sizeof s->event)
			vlen = sizeof s->event - 1;
		memcpy(s->event, v, vlen);
		s->event[vlen] = '\0';
	}
	return 0;
}

int tl_sse_feed(struct tl_sse *s, const char *p, size_t n, tl_sse_fn fn,
                void *arg)
{
	size_t i = 0;
	int r;

	if (!s->started) {
		/* A byte order mark may come split over pieces, too rare to
		 * matter: it is skipped when the first piece holds it. */
		if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
			i = 3;
		if (n)
			s->started = 1;
	}
	if (s->cr && i < n && p[i] == '\n')
		i++;
	s->cr = 0;
	while (i < n) {
		size_t k = i;

		while (k < n && p[k] != '\n' && p[k] != '\r')
			k++;
		if (append(&s->line, &s->llen, &s->lcap, p + i, k - i, s->max) <
		    0)
			return -1;
		if (k == n)
			break;
		/* A line ends at k. */
		if (p[k] == '\r') {
			if (k + 1 < n && p[k + 1] == '\n')
				k++;
			else if (k + 1 == n)
				s->cr = 1;
		}
		i = k + 1;
		if ((r = line(s, fn, arg)) != 0)
			return r;
	}
	return 0;
}
