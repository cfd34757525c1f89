/* fuzz_yahoo.c: libFuzzer target: the Yahoo chart parser and the JSON scanner
 * under it. */
#include "source_check.h"
#include "tl_jscan.h"

#include <jansson.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Parses the input as a 1D and a 1h chart (the parser's invariants hold),
 * and checks the scanner against jansson: what tl_jscan accepts jansson
 * accepts, and with little nesting and no NUL byte the other way round
 * too.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int tfs[] = {6 /* 1D */, 4 /* 1h */};
	char *s = source_copy(data, size), err[512];
	struct tl_bars bs = {0};
	json_t *j;
	size_t i, opens = 0;
	int need, st, k, mine, nul = 0;

	for (k = 0; k < 2; k++) {
		err[0] = '\0';
		st = tl_yahoo_parse(s, size, "SYM", tfs[k], 1700000000, &bs,
		                    &need, err, sizeof err);
		source_check(st, &bs, err, "yahoo", tfs[k]);
		tl_bars_release(&bs);
	}
	mine = tl_jscan(s, size, NULL, NULL, err, sizeof err) == 0;
	j = json_loadb(s, size, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL,
	               NULL);
	for (i = 0; i < size; i++) {
		opens += data[i] == '[' || data[i] == '{';
		nul |= data[i] == '\0';
	}
	if (mine && !j)
		abort();
	/* jansson takes a NUL byte between tokens; tl_jscan does not. */
	if (!mine && j && opens <= TL_JSCAN_DEPTH && !nul)
		abort();
	json_decref(j);
	free(s);
	return 0;
}
