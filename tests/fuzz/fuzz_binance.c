/* fuzz_binance.c: libFuzzer target: the Binance klines parser. */
#include "source_check.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses the input as 1m and 1W klines; the invariants hold, and a page's
 * row count and last open time agree with the bars. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int tfs[] = {0 /* 1m */, 7 /* 1W */};
	char *s = source_copy(data, size), err[512];
	struct tl_bars bs = {0};
	size_t rows;
	int64_t last;
	int st, k;

	for (k = 0; k < 2; k++) {
		err[0] = '\0';
		st = tl_binance_parse(s, size, "SYM", tfs[k], 1700000000, &bs,
		                      &rows, &last, err, sizeof err);
		source_check(st, &bs, err, "binance", tfs[k]);
		if (st == 0 && (bs.n > rows || (rows && last < 0)))
			abort();
		tl_bars_release(&bs);
	}
	free(s);
	return 0;
}
