/* tl_num.h: exact decimal parsing and shortest round-trip number formatting. */
#ifndef TL_NUM_H
#define TL_NUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Parses the decimal number s[0..len) (optional '-', digits, optional
 * fraction and exponent; no spaces) into *d, giving exactly the double
 * strtod gives: Clinger's fast path when the digits fit below 2^53 and the
 * power of ten is at most 22, strtod otherwise. With lax, a leading '+',
 * leading zeros and ".5" or "5." are accepted too (CSV); without it the
 * JSON grammar holds. Returns 0, or -1 when s is not such a number or the
 * value is not finite.
 */
int tl_num_parse(const char *s, size_t len, int lax, double *d);

/*
 * Computes (neg ? -1 : 1) * w * 10^ex exactly rounded when Clinger's fast
 * path applies (w <= 2^53, |ex| <= 22: one correctly rounded operation on
 * exact operands) and returns 0; returns -1 when it does not apply.
 */
int tl_num_exact(uint64_t w, int neg, long ex, double *d);

/* Longest text tl_num_format() writes, with its NUL. */
#define TL_NUM_MAX 32

/*
 * Writes d as ECMAScript's Number::toString does (the shortest digits that
 * read back to d; plain notation from 1e-6 up to 1e21, else d.ddde+N; -0
 * as 0) into buf, NUL-terminated, and returns the length. d must be finite.
 */
size_t tl_num_format(double d, char *buf);

/*
 * Returns the decimals the prices p[0..n) are written with by
 * tl_num_format(): the most among the last 200, at most 8 (8 when one
 * needs an exponent). For rounding derived prices to the series' tick.
 */
int tl_num_decimals(const double *p, size_t n);

/* Returns x rounded to d decimals (0 <= d <= 8). */
double tl_num_round(double x, int d);

#endif
