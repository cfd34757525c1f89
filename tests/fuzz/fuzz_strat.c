/* fuzz_strat.c: libFuzzer target for signal records and strategy specs. */
#include "tl_ndjson.h"
#include "tl_strat.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1), err[256], back[128];
	struct tl_strat_spec spec, again;
	struct tl_signal sig;
	struct tl_rec r;

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	/* A spec that parses is written back as the same spec. */
	if (strlen(line) == size &&
	    tl_strat_parse(line, &spec, err, sizeof err) == 0) {
		tl_strat_format(&spec, back, sizeof back);
		if (tl_strat_parse(back, &again, err, sizeof err) != 0 ||
		    spec.kind != again.kind || spec.fast != again.fast ||
		    spec.slow != again.slow ||
		    (spec.kind == TL_STRAT_RSI &&
		     (spec.low != again.low || spec.high != again.high)))
			abort();
	}
	/* Any line read as a record gives a signal or an error, no crash. */
	tl_rec_init(&r);
	if (tl_rec_parse(&r, line, size) == 0 &&
	    tl_signal_from_rec(&r, &sig, err, sizeof err) == 0 &&
	    (sig.dir != TL_DIR_LONG && sig.dir != TL_DIR_SHORT &&
	     sig.dir != TL_DIR_FLAT))
		abort();
	tl_rec_release(&r);
	free(line);
	return 0;
}
