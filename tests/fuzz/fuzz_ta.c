/* fuzz_ta.c: libFuzzer target for bars-ta's indicator specs (lib/tl_ta). */
#include "tl_ta.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), err[256];
	struct tl_ta_spec spec;
	struct tl_ta_series a, b;
	double out[64 * TL_TA_MAXFIELDS];
	int i, k;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	/* A spec that parses names fields, runs, and copies; small ones only.
	 */
	if (strlen(s) == size && tl_ta_parse(s, &spec, err, sizeof err) == 0) {
		if (spec.nitems < 1 || spec.nfields < spec.nitems)
			abort();
		for (i = 0; i < spec.nitems; i++)
			for (k = 0; k < spec.items[i].nfields; k++)
				if (!spec.items[i].field[k][0])
					abort();
		if (spec.nitems <= 64) {
			int big = 0;

			for (i = 0; i < spec.nitems; i++)
				big |= spec.items[i].p[0] > 1000 ||
				       spec.items[i].p[1] > 1000;
			if (!big) {
				tl_ta_series_init(&a, &spec);
				tl_ta_series_init(&b, &spec);
				for (i = 0; i < 40; i++) {
					double c = 10 + (i % 7);

					tl_ta_series_next(&a, c, c + 1, c - 1,
					                  c, i % 3, out);
					if (i == 20)
						tl_ta_series_copy(&b, &a);
				}
				tl_ta_series_release(&a);
				tl_ta_series_release(&b);
			}
		}
		tl_ta_spec_release(&spec);
	}
	free(s);
	return 0;
}
