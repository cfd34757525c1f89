/* fuzz_time.c: libFuzzer target for the time and duration parsers. */
#include "tl_time.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[64], out[TL_TIME_MAX];
	struct tl_dur d;
	int64_t t, u, ms;

	if (size >= sizeof buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (tl_time_parse(buf, size, &t) == 0) {
		size_t n = tl_time_format(t, out);

		if (tl_time_parse(out, n, &u) != 0 || u != t)
			abort();
		for (int tf = 0; tf < TL_TF_COUNT; tf++) {
			int64_t f = tl_tf_floor(tf, t);

			if (f > t || tl_tf_next(tf, f) <= t)
				abort();
		}
	}
	if (tl_tf_parse(buf, size) >= 0 && strlen(buf) != size)
		abort();
	if (tl_dur_parse(buf, &d) == 0 && d.n <= 0)
		abort();
	/* An interval is a positive number of milliseconds, and a duration
	 * reads as one the same length. */
	if (tl_dur_parse_ms(buf, &ms) == 0 && ms <= 0)
		abort();
	if (tl_dur_parse(buf, &d) == 0 &&
	    (tl_dur_parse_ms(buf, &ms) != 0 || ms != tl_dur_seconds(&d) * 1000))
		abort();
	return 0;
}
