/* tl_out.c: the record writer: compact NDJSON records to stdout. */
#include "tl_out.h"
#include "tl_num.h"
#include "tl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W_CAP 4096

void tl_w_init(struct tl_w *w, int flush_each)
{
	static char obuf[64 * 1024];

	/* Whole records go to stdio, so an exit flushes every one written. */
	setvbuf(stdout, obuf, _IOFBF, sizeof obuf);
	w->cap = W_CAP;
	w->buf = tl_malloc(w->cap);
	w->len = 0;
	w->flush_each = flush_each;
	w->first = 1;
}

void tl_w_flush(struct tl_w *w)
{
	if (w->len) {
		fwrite(w->buf, 1, w->len, stdout);
		w->len = 0;
	}
	if (w->flush_each)
		fflush(stdout);
}

void tl_w_release(struct tl_w *w)
{
	if (!w->buf)
		return;
	tl_w_flush(w);
	free(w->buf);
	w->buf = NULL;
}

/* Makes room for n more bytes, flushing or growing the buffer. */
static void room(struct tl_w *w, size_t n)
{
	if (w->len + n <= w->cap)
		return;
	/* Grow: only whole records go to stdout (tl_w_end). */
	while (w->len + n > w->cap)
		w->cap *= 2;
	w->buf = tl_realloc(w->buf, w->cap);
}

void tl_w_raw(struct tl_w *w, const char *s, size_t len)
{
	room(w, len);
	memcpy(w->buf + w->len, s, len);
	w->len += len;
}

void tl_w_begin(struct tl_w *w)
{
	room(w, 1);
	w->buf[w->len++] = '{';
	w->first = 1;
}

void tl_w_end(struct tl_w *w)
{
	room(w, 2);
	w->buf[w->len++] = '}';
	w->buf[w->len++] = '\n';
	tl_w_flush(w);
}

void tl_w_quote(struct tl_w *w, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t i;
	char *o;

	room(w, len * 6 + 2);
	o = w->buf + w->len;
	*o++ = '"';
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c != '"' && c != '\\') {
			*o++ = (char)c;
			continue;
		}
		*o++ = '\\';
		switch (c) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '\b':
			*o++ = 'b';
			break;
		case '\f':
			*o++ = 'f';
			break;
		case '\n':
			*o++ = 'n';
			break;
		case '\r':
			*o++ = 'r';
			break;
		case '\t':
			*o++ = 't';
			break;
		default:
			*o++ = 'u';
			*o++ = '0';
			*o++ = '0';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o++ = '"';
	w->len = (size_t)(o - w->buf);
}

void tl_w_key(struct tl_w *w, const char *key)
{
	if (!w->first)
		tl_w_raw(w, ",", 1);
	w->first = 0;
	tl_w_quote(w, key, strlen(key));
	tl_w_raw(w, ":", 1);
}

void tl_w_open(struct tl_w *w, const char *key)
{
	tl_w_key(w, key);
	tl_w_raw(w, "{", 1);
	w->first = 1;
}

void tl_w_close(struct tl_w *w)
{
	tl_w_raw(w, "}", 1);
	w->first = 0;
}

void tl_w_number(struct tl_w *w, double d)
{
	room(w, TL_NUM_MAX);
	w->len += tl_num_format(d, w->buf + w->len);
}

void tl_w_strn(struct tl_w *w, const char *key, const char *val, size_t len)
{
	tl_w_key(w, key);
	tl_w_quote(w, val, len);
}

void tl_w_str(struct tl_w *w, const char *key, const char *val)
{
	tl_w_strn(w, key, val, strlen(val));
}

void tl_w_num(struct tl_w *w, const char *key, double d)
{
	tl_w_key(w, key);
	tl_w_number(w, d);
}

void tl_w_int(struct tl_w *w, const char *key, int64_t v)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof tmp, "%lld", (long long)v);

	tl_w_key(w, key);
	tl_w_raw(w, tmp, (size_t)n);
}

void tl_w_bool(struct tl_w *w, const char *key, int v)
{
	tl_w_key(w, key);
	if (v)
		tl_w_raw(w, "true", 4);
	else
		tl_w_raw(w, "false", 5);
}

void tl_w_null(struct tl_w *w, const char *key)
{
	tl_w_key(w, key);
	tl_w_raw(w, "null", 4);
}
