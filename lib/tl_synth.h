/* tl_synth.h: deterministic synthetic markets with regimes. */
#ifndef TL_SYNTH_H
#define TL_SYNTH_H

#include <stdint.h>

#include "tl_bar.h"

struct tl_synth;

/*
 * Returns a new generator of nsym interleaved symbols (SYN1, SYN2, ...) on
 * timeframe tf from start, seeded with seed. The same arguments give the
 * same bars on every build (integer PRNG, no libm transcendental calls).
 */
struct tl_synth *tl_synth_new(uint64_t seed, int nsym, int tf, int64_t start);
void tl_synth_free(struct tl_synth *s);

/* Fills b with the next bar: symbol by symbol within each period. */
void tl_synth_next(struct tl_synth *s, struct tl_bar *b);

#endif
