/* tl_csv.c: one CSV line split into fields, RFC 4180 quotes undone in place. */
#include "tl_csv.h"
#include "tl_util.h"

#include <stdlib.h>
#include <string.h>

void tl_csv_init(struct tl_csv *c)
{
	memset(c, 0, sizeof *c);
}

void tl_csv_release(struct tl_csv *c)
{
	free(c->f);
	free(c->len);
	memset(c, 0, sizeof *c);
}

/* Appends the field s[0..len) to c, growing its arrays by doubling. */
static void push(struct tl_csv *c, char *s, size_t len)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->f = tl_realloc(c->f, c->cap * sizeof *c->f);
		c->len = tl_realloc(c->len, c->cap * sizeof *c->len);
	}
	c->f[c->n] = s;
	c->len[c->n] = len;
	c->n++;
}

/*
 * Splits line as tl_csv.h says. The byte at line[len] must be writable (a
 * reader's NUL terminator is): each field is NUL-terminated in place, at
 * the comma or line end that follows it. An unquoted field is taken as it
 * stands, quotes inside it included; a field that starts with '"' runs to
 * the next lone '"', with "" read as one '"', and must end there.
 */
int tl_csv_split(struct tl_csv *c, char *line, size_t len)
{
	char *p = line, *e;

	c->n = 0;
	if (len > 0 && line[len - 1] == '\r')
		len--;
	e = line + len;
	for (;;) {
		char *start = p, *w;

		if (p < e && *p == '"') {
			/* Quoted: copy down over each doubled quote. */
			w = start;
			for (p++;; p++) {
				if (p == e)
					return -1; /* unterminated quote */
				if (*p == '"') {
					if (p + 1 < e && p[1] == '"')
						p++;
					else
						break;
				}
				*w++ = *p;
			}
			p++; /* past the closing quote */
			if (p < e && *p != ',')
				return -1; /* text after the closing quote */
		} else {
			p = memchr(p, ',', (size_t)(e - p));
			if (!p)
				p = e;
			w = p;
		}
		push(c, start, (size_t)(w - start));
		if (p == e) {
			*w = '\0';
			return 0;
		}
		*w = '\0';
		p++; /* past the comma */
	}
}
