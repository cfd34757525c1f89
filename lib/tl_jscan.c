/* tl_jscan.c: the validating JSON scanner. */
#include "tl_jscan.h"

#include <stdio.h>
#include <string.h>

#include "tl_num.h"

struct scan {
	const char *p, *end, *start;
	struct tl_jstep steps[TL_JSCAN_DEPTH + 1];
	tl_jscan_fn fn;
	void *arg;
	char *err;
	size_t errlen;
};

/* Sets the error at the scan's position and returns -1. */
static int fail(struct scan *s, const char *what)
{
	const char *q;
	long line = 1;

	for (q = s->start; q < s->p && q < s->end; q++)
		line += *q == '\n';
	snprintf(s->err, s->errlen, "line %ld: %s", line, what);
	return -1;
}

static void ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	                         *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Checks one UTF-8 sequence at s->p (its first byte >= 0x80); advances. */
static int utf8(struct scan *s)
{
	const unsigned char *u = (const unsigned char *)s->p;
	size_t left = (size_t)(s->end - s->p), n, i;
	unsigned c = u[0], cp;

	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return fail(s, "invalid UTF-8");
	if (left < n)
		return fail(s, "invalid UTF-8");
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80)
			return fail(s, "invalid UTF-8");
		cp = (cp << 6) | (u[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return fail(s, "invalid UTF-8");
	s->p += n;
	return 0;
}

/* Reads 4 hex digits at s->p into *v; advances. */
static int hex4(struct scan *s, unsigned *v)
{
	int i;

	*v = 0;
	if (s->end - s->p < 4)
		return fail(s, "bad \\u escape");
	for (i = 0; i < 4; i++) {
		char c = s->p[i];

		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned)(c - 'A' + 10);
		else
			return fail(s, "bad \\u escape");
	}
	s->p += 4;
	return 0;
}

/* Reads a string (s->p at its opening quote) into *out. */
static int string(struct scan *s, struct tl_jval *out)
{
	out->type = TL_J_STRING;
	out->escaped = 0;
	out->s = ++s->p;
	for (;;) {
		unsigned char c;

		if (s->p >= s->end)
			return fail(s, "unterminated string");
		c = (unsigned char)*s->p;
		if (c == '"')
			break;
		if (c < 0x20)
			return fail(s, "control character in a string");
		if (c >= 0x80) {
			if (utf8(s) < 0)
				return -1;
			continue;
		}
		s->p++;
		if (c != '\\')
			continue;
		out->escaped = 1;
		if (s->p >= s->end)
			return fail(s, "unterminated string");
		c = (unsigned char)*s->p++;
		if (c == 'u') {
			unsigned v, w;

			if (hex4(s, &v) < 0)
				return -1;
			if (v >= 0xDC00 && v <= 0xDFFF)
				return fail(s, "lone surrogate in \\u escape");
			if (v >= 0xD800 && v <= 0xDBFF) {
				if (s->end - s->p < 2 || s->p[0] != '\\' ||
				    s->p[1] != 'u')
					return fail(
					    s, "lone surrogate in \\u escape");
				s->p += 2;
				if (hex4(s, &w) < 0)
					return -1;
				if (w < 0xDC00 || w > 0xDFFF)
					return fail(
					    s, "lone surrogate in \\u escape");
			}
			if (v == 0)
				return fail(s, "\\u0000 in a string");
		} else if (!strchr("\"\\/bfnrt", c) || c == 0) {
			return fail(s, "bad escape in a string");
		}
	}
	out->len = (size_t)(s->p - out->s);
	s->p++;
	return 0;
}

/* Reads a number at s->p into *out. */
static int number(struct scan *s, struct tl_jval *out)
{
	const char *q = s->p;
	int integer = 1;

	while (q < s->end) {
		char c = *q;

		if (c == '.' || c == 'e' || c == 'E')
			integer = 0;
		else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9')))
			break;
		q++;
	}
	out->type = TL_J_NUMBER;
	out->s = s->p;
	out->len = (size_t)(q - s->p);
	out->integer = integer;
	if (tl_num_parse(out->s, out->len, 0, &out->d) < 0)
		return fail(s, "invalid number");
	s->p = q;
	return 0;
}

/* Reads a literal word w at s->p. */
static int word(struct scan *s, const char *w, enum tl_jtype t,
                struct tl_jval *out)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n) != 0)
		return fail(s, "invalid token");
	s->p += n;
	out->type = t;
	out->s = w;
	out->len = n;
	return 0;
}

static int value(struct scan *s, int depth);

/* Reads an object or array (s->p at its bracket) at depth. */
static int container(struct scan *s, int depth)
{
	int obj = *s->p == '{', r;
	char close = obj ? '}' : ']';
	size_t i = 0;

	if (depth >= TL_JSCAN_DEPTH)
		return fail(s, "nested too deep");
	s->p++;
	ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return 0;
	}
	for (;; i++) {
		struct tl_jstep *st = &s->steps[depth];

		if (obj) {
			struct tl_jval k;

			if (s->p >= s->end)
				return fail(s, "unexpected end of text");
			if (*s->p != '"')
				return fail(s, "expected a key");
			if (string(s, &k) < 0)
				return -1;
			st->key = k.s;
			st->klen = k.len;
			ws(s);
			if (s->p >= s->end || *s->p != ':')
				return fail(s, "expected ':'");
			s->p++;
		} else {
			st->key = NULL;
			st->klen = 0;
		}
		st->index = i;
		if ((r = value(s, depth + 1)) != 0)
			return r;
		ws(s);
		if (s->p < s->end && *s->p == ',') {
			s->p++;
			ws(s);
			continue;
		}
		if (s->p < s->end && *s->p == close) {
			s->p++;
			return 0;
		}
		if (s->p >= s->end)
			return fail(s, "unexpected end of text");
		return fail(s, obj ? "expected ',' or '}'"
		                   : "expected ',' or ']'");
	}
}

/* Reads one value at depth (the path is steps[0..depth)). */
static int value(struct scan *s, int depth)
{
	struct tl_jval v;
	int r;

	ws(s);
	if (s->p >= s->end)
		return fail(s, "unexpected end of text");
	memset(&v, 0, sizeof v);
	switch (*s->p) {
	case '{':
	case '[':
		return container(s, depth);
	case '"':
		r = string(s, &v);
		break;
	case 't':
		r = word(s, "true", TL_J_TRUE, &v);
		break;
	case 'f':
		r = word(s, "false", TL_J_FALSE, &v);
		break;
	case 'n':
		r = word(s, "null", TL_J_NULL, &v);
		break;
	default:
		if (*s->p != '-' && (*s->p < '0' || *s->p > '9')) {
			char what[32];
			unsigned char c = (unsigned char)*s->p;

			if (c > 0x20 && c < 0x7f)
				snprintf(what, sizeof what, "unexpected '%c'",
				         c);
			else
				snprintf(what, sizeof what,
				         "unexpected byte 0x%02x", c);
			return fail(s, what);
		}
		r = number(s, &v);
	}
	if (r < 0)
		return -1;
	return s->fn ? s->fn(s->steps, depth, &v, s->arg) : 0;
}

int tl_jscan(const char *text, size_t len, tl_jscan_fn fn, void *arg, char *err,
             size_t errlen)
{
	struct scan s;
	int r;

	memset(&s, 0, sizeof s);
	s.p = s.start = text;
	s.end = text + len;
	s.fn = fn;
	s.arg = arg;
	s.err = err;
	s.errlen = errlen;
	if ((r = value(&s, 0)) != 0)
		return r;
	ws(&s);
	if (s.p != s.end)
		return fail(&s, "more after the value");
	return 0;
}

int tl_jstep_is(const struct tl_jstep *step, const char *k)
{
	size_t n = strlen(k);

	return step->key && step->klen == n && memcmp(step->key, k, n) == 0;
}
