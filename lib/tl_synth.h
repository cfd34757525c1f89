/* tl_synth.h: deterministic synthetic markets with regimes. */
#ifndef TL_SYNTH_H
#define TL_SYNTH_H

#include <stdint.h>
#include <stdio.h>

#include "tl_bar.h"

struct tl_synth;

/* The patterns that tl_synth_plant() can plant, in their canonical order. */
enum tl_synth_pat {
	TL_PAT_DOUBLE_TOP,
	TL_PAT_DOUBLE_BOTTOM,
	TL_PAT_HEAD_AND_SHOULDERS,
	TL_PAT_INV_HEAD_AND_SHOULDERS,
	TL_PAT_ASCENDING_TRIANGLE,
	TL_PAT_DESCENDING_TRIANGLE,
	TL_PAT_SYMMETRIC_TRIANGLE,
	TL_PAT_BULL_FLAG,
	TL_PAT_BEAR_FLAG,
	TL_PAT_RECTANGLE,
	TL_PAT_RANGE,
	TL_PAT_COUNT
};

/*
 * Returns a new generator of nsym interleaved symbols (SYN1, SYN2, ...) on
 * timeframe tf from start, seeded with seed. The same arguments give the
 * same bars on every build (integer PRNG, no libm transcendental calls).
 */
struct tl_synth *tl_synth_new(uint64_t seed, int nsym, int tf, int64_t start);
void tl_synth_free(struct tl_synth *s);

/* Returns the pattern called name ("double_top"), or -1 if there is none. */
int tl_synth_pattern(const char *name);

/* Returns the name of pattern pat (a borrowed constant string). */
const char *tl_synth_pattern_name(int pat);

/*
 * Makes s plant the n patterns of list (enum tl_synth_pat values, repeats
 * allowed) into each symbol's series of nbars bars, cycling through the
 * list; call it before the first tl_synth_next(). Planting draws from its
 * own generator, so s without it makes the same bars as before. The list
 * is copied.
 */
void tl_synth_plant(struct tl_synth *s, const int *list, int n, int64_t nbars);

/* Fills b with the next bar: symbol by symbol within each period. */
void tl_synth_next(struct tl_synth *s, struct tl_bar *b);

/*
 * Writes the truth record of the pattern that the bar just made by
 * tl_synth_next() completed, as one NDJSON line to f, and returns 1; returns
 * 0 (writing nothing) when that bar ended no pattern.
 */
int tl_synth_truth(const struct tl_synth *s, FILE *f);

#endif
