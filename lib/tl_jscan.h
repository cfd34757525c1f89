/* tl_jscan.h: a validating JSON scanner that builds no tree, for big replies.
 */
#ifndef TL_JSCAN_H
#define TL_JSCAN_H

#include <stddef.h>

/*
 * tl_jscan() walks one JSON text (RFC 8259: one value, white space around
 * it) and calls fn for every scalar in it (string, number, true, false,
 * null) with the path that leads to it, without building a tree or
 * allocating per value: a 100,000-row reply is read at the speed of its
 * bytes. It checks the whole grammar (strings: escapes, no control bytes,
 * valid UTF-8; numbers: JSON's grammar, finite), so a text it accepts is
 * one jansson accepts, nesting at most TL_JSCAN_DEPTH deep.
 */

#define TL_JSCAN_DEPTH 32

/* One step of a path: an object member's key (escaped bytes as in the
 * text, not NUL-terminated) or an array element's index (key NULL). */
struct tl_jstep {
	const char *key;
	size_t klen;
	size_t index;
};

/* What fn sees. For strings s points at the raw (still escaped) bytes
 * between the quotes and escaped says whether there is a backslash; for
 * numbers s is the number's text and d its value (tl_num_parse()), and
 * integer says it has no fraction or exponent. */
enum tl_jtype { TL_J_STRING, TL_J_NUMBER, TL_J_TRUE, TL_J_FALSE, TL_J_NULL };

struct tl_jval {
	enum tl_jtype type;
	const char *s;
	size_t len;
	double d;
	int integer;
	int escaped;
};

/*
 * Called with the path (steps[0..depth), borrowed) and the value. Returns
 * 0 to go on, non-zero to stop the scan (tl_jscan() then returns it).
 */
typedef int (*tl_jscan_fn)(const struct tl_jstep *steps, int depth,
                           const struct tl_jval *v, void *arg);

/*
 * Scans text[0..len). Returns 0, fn's non-zero return, or -1 with err
 * saying where the text is not JSON ("line 3: expected ',' or ']'").
 */
int tl_jscan(const char *text, size_t len, tl_jscan_fn fn, void *arg, char *err,
             size_t errlen);

/* Returns 1 when step is the object key k (a plain, unescaped key). */
int tl_jstep_is(const struct tl_jstep *step, const char *k);

#endif
