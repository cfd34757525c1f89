/* fuzz_config.c: libFuzzer target for the config parser. */
#include "tl_config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * Parses the input; a good parse must also hold after a line "zz = last"
 * is added, and that key must then read "last" (later lines win).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tl_config *c = tl_config_new();
	const char *why = NULL;
	long bad = tl_config_parse(c, (const char *)data, size, &why);

	if (bad < 0 || (bad > 0 && !why))
		abort();
	tl_config_free(c);
	if (bad == 0) {
		char *text = malloc(size + 16);
		const char *v;

		memcpy(text, data, size);
		memcpy(text + size, "\nzz = last\n", 11);
		c = tl_config_new();
		if (tl_config_parse(c, text, size + 11, &why) != 0)
			abort();
		v = tl_config_get(c, "zz");
		if (!v || strcmp(v, "last") != 0)
			abort();
		tl_config_free(c);
		free(text);
	}
	return 0;
}
