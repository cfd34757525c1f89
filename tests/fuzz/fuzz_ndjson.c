/* fuzz_ndjson.c: libFuzzer target: the NDJSON fast path equals jansson. */
#include "ndjson_diff.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (diff_check((const char *)data, size) != 0)
		abort();
	return 0;
}
