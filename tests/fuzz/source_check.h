/* source_check.h: what every source parser must hold on any input, for the fuzz targets. */
#ifndef SOURCE_CHECK_H
#define SOURCE_CHECK_H

#include "tl_bar.h"
#include "tl_source.h"

#include <stdlib.h>
#include <string.h>

/*
 * Aborts unless a parser's result holds: a known status, a message exactly
 * when it failed, and on success bars that are valid, in strictly rising
 * t, of the symbol, tf and source asked for.
 */
static void source_check(int st, const struct tl_bars *bs, const char *err,
                         const char *src, int tf)
{
	char why[200];
	size_t i;

	if (st != 0 && st != 65 && st != 69 && st != 75)
		abort();
	if (st != 0 && !*err)
		abort();
	if (st != 0)
		return;
	for (i = 0; i < bs->n; i++) {
		const struct tl_bar *b = &bs->v[i];

		if (tl_bar_check(b, why, sizeof why) != 0 || b->tf != tf ||
		    strcmp(b->symbol, "SYM") != 0 || strcmp(b->src, src) != 0 ||
		    (i && b->t <= bs->v[i - 1].t))
			abort();
	}
}

/* Returns a NUL-terminated copy of data (the parsers read a C string). */
static char *source_copy(const unsigned char *data, size_t size)
{
	char *s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
