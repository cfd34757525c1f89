/* tl_csv.h: splitting a CSV line into fields (RFC 4180 quoting), in place. */
#ifndef TL_CSV_H
#define TL_CSV_H

#include <stddef.h>

struct tl_csv {
	char **f;    /* fields, NUL-terminated, pointing into the line */
	size_t *len; /* their lengths */
	size_t n, cap;
};

void tl_csv_init(struct tl_csv *c);
void tl_csv_release(struct tl_csv *c);

/*
 * Splits line (len bytes; a trailing '\r' is dropped) at commas into c,
 * unquoting "quoted ""fields""" in place. Returns 0, or -1 for an
 * unterminated quote or text after a closing quote.
 */
int tl_csv_split(struct tl_csv *c, char *line, size_t len);

#endif
