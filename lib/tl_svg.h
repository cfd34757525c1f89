/* tl_svg.h: an SVG text builder: short fixed numbers, escaped text. */
#ifndef TL_SVG_H
#define TL_SVG_H

#include <stddef.h>
#include <stdint.h>

/*
 * A growing buffer that an SVG document is written into, so a program can
 * write it out (or into a file) whole. Numbers are written by tl_svg_num():
 * rounded to 2 decimals, trailing zeros and a trailing point dropped, -0 as
 * 0, magnitudes clamped to 1e7: the same input gives the same bytes on
 * every build.
 */
struct tl_svg {
	char *buf;
	size_t len, cap;
};

/* Prepares s, empty; tl_svg_release() frees what it holds. */
void tl_svg_init(struct tl_svg *s);
void tl_svg_release(struct tl_svg *s);

/* Appends len bytes of p. */
void tl_svg_raw(struct tl_svg *s, const char *p, size_t len);

/*
 * Appends fmt with its directives replaced by the next arguments:
 *   %n  a double as tl_svg_num() writes it
 *   %d  an int          %l  an int64_t
 *   %s  a string, raw   %e  a string escaped as XML text or attribute
 *   %%  a '%'
 * No widths, flags or other directives.
 */
void tl_svg_fmt(struct tl_svg *s, const char *fmt, ...);

/* Longest text tl_svg_num() writes, with its NUL. */
#define TL_SVG_NUM_MAX 16

/* Writes x as a short fixed number ("12.5", "-3", "0.07") into buf. */
size_t tl_svg_num(double x, char *buf);

/*
 * Appends the len bytes of p escaped for XML text and attribute values:
 * & < > " ' as entities; bytes that XML 1.0 cannot hold (control bytes
 * other than tab, newline and return, U+FFFE, U+FFFF) and bytes that are
 * not UTF-8 each as U+FFFD.
 */
void tl_svg_escape(struct tl_svg *s, const char *p, size_t len);

#endif
