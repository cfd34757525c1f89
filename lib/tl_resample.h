/* tl_resample.h: bars aggregated to a higher timeframe, per series, streaming.
 */
#ifndef TL_RESAMPLE_H
#define TL_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

#include "tl_bar.h"
#include "tl_time.h"

/*
 * A resampler folds bars into the open bucket of their series (symbol,
 * target tf): open first, high max, low min, close last, volume sum; src
 * and adj are kept from the bars. A bar in a later bucket closes the open
 * one, which is handed to emit at once; tl_resample_end() hands out each
 * series' last bucket, marked "final": false while its period is still
 * forming (by the clock now, or because its last sub-bar is missing or not
 * final). Memory is O(1) per series. Used by bars-resample, and by
 * bars-fetch for timeframes a source lacks.
 */
struct tl_resample {
	int tf;
	const struct tl_tz *tz; /* borrowed; NULL: UTC */
	int64_t now;
	struct tl_seriesmap map;
	void (*emit)(const struct tl_bar *b, void *arg);
	void *arg;
};

/*
 * Prepares r to resample to tf, with day, week and month boundaries in zone
 * tz (NULL: UTC), judging forming buckets by now; emit gets each finished
 * bar (borrowed for the call).
 */
void tl_resample_init(struct tl_resample *r, int tf, const struct tl_tz *tz,
                      int64_t now,
                      void (*emit)(const struct tl_bar *b, void *arg),
                      void *arg);

/*
 * Adds bar b (checked by the caller). Returns 0, or -1 with the reason in
 * err when it cannot be resampled: its timeframe does not divide the
 * target, its series already had another timeframe, or its t does not
 * rise (tl_series_advance()).
 */
int tl_resample_add(struct tl_resample *r, const struct tl_bar *b, char *err,
                    size_t errlen);

/*
 * Returns the series of symbol's buckets, made when new, for
 * tl_resample_add_to(): a caller that keeps it per input series saves a
 * lookup a bar.
 */
struct tl_series *tl_resample_series(struct tl_resample *r, const char *symbol);

/* Adds bar b of series s's symbol, as tl_resample_add() does. */
int tl_resample_add_to(struct tl_resample *r, struct tl_series *s,
                       const struct tl_bar *b, char *err, size_t errlen);

/*
 * Hands out every series' open bucket, in time order (then in the order
 * the series first appeared), so time-ordered input gives time-ordered
 * output.
 */
void tl_resample_end(struct tl_resample *r);

/* Frees what r holds. */
void tl_resample_release(struct tl_resample *r);

#endif
