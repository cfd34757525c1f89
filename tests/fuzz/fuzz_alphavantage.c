/* fuzz_alphavantage.c: libFuzzer target: the Alpha Vantage TIME_SERIES parser.
 */
#include "source_check.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses the input as daily and 5-minute series; the invariants hold. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int tfs[] = {6 /* 1D */, 1 /* 5m */};
	char *s = source_copy(data, size), err[512];
	struct tl_bars bs = {0};
	int st, k;

	for (k = 0; k < 2; k++) {
		err[0] = '\0';
		st = tl_alphavantage_parse(s, size, "SYM", tfs[k], 1700000000,
		                           &bs, err, sizeof err);
		source_check(st, &bs, err, "alphavantage", tfs[k]);
		tl_bars_release(&bs);
	}
	free(s);
	return 0;
}
