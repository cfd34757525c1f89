/* tl_presets.h: scanner weight presets: the built-in ones and the user
 * presets scan-weights keeps in the store. */
#ifndef TL_PRESETS_H
#define TL_PRESETS_H

#include <stdint.h>

#include "tl_scan.h"
#include "tl_store.h"

/* Returns 1 when name is a built-in preset (balanced, ...). */
int tl_presets_builtin(const char *name);

/*
 * Returns NULL when name is a valid preset name (1 to 32 of a-z, 0-9, _
 * and -, as the session key preset takes), else why not (static).
 */
const char *tl_presets_name_check(const char *name);

/*
 * Looks preset name up: a built-in one, else (when st is not NULL) a user
 * preset in the store. Returns 1 and sets *w when found, else 0. Errors
 * exit as tl_store_fail().
 */
int tl_presets_get(struct tl_store *st, const char *name,
                   struct tl_scan_weights *w);

/* Inserts or replaces user preset name (checked by the caller) at now. */
void tl_presets_put(struct tl_store *st, const char *name,
                    const struct tl_scan_weights *w, int64_t now);

/* Deletes user preset name; returns 1 when there was one, else 0. */
int tl_presets_delete(struct tl_store *st, const char *name);

/*
 * Calls fn for each user preset, by name; stops when fn returns non-zero
 * and returns that value.
 */
int tl_presets_each(struct tl_store *st,
                    int (*fn)(const char *name, const struct tl_scan_weights *w,
                              void *arg),
                    void *arg);

#endif
