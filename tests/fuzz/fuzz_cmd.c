/* fuzz_cmd.c: libFuzzer target: chart command text parses, and what parses
 * is written back as text that parses to the same command. */
#include "tl_cmd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tl_cmd c, d;
	char buf[256], text[TL_CMD_MAX], err[128];
	size_t n;
	int r;

	if (size >= sizeof buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	err[0] = '\0';
	r = tl_cmd_parse(buf, size, &c, err, sizeof err);
	if (r == TL_CMD_MALFORMED && !err[0])
		abort();
	if (r != 0)
		return 0;
	n = tl_cmd_format(&c, text);
	if (n != strlen(text) || tl_cmd_parse(text, n, &d, err, sizeof err))
		abort();
	if (c.kind != d.kind || strcmp(c.symbol, d.symbol) || c.tf != d.tf ||
	    c.price != d.price || c.t1 != d.t1 || c.t2 != d.t2 ||
	    c.p1 != d.p1 || c.p2 != d.p2 || strcmp(c.name, d.name))
		abort();
	return 0;
}
