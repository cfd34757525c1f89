/* tl_svg.c: an SVG text builder: short fixed numbers, escaped text. */
#include "tl_svg.h"
#include "tl_util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tl_svg_init(struct tl_svg *s)
{
	s->buf = NULL;
	s->len = s->cap = 0;
}

void tl_svg_release(struct tl_svg *s)
{
	free(s->buf);
	tl_svg_init(s);
}

/* Makes room for n more bytes. */
static void grow(struct tl_svg *s, size_t n)
{
	if (s->len + n <= s->cap)
		return;
	while (s->len + n > s->cap)
		s->cap = s->cap ? s->cap * 2 : 4096;
	s->buf = tl_realloc(s->buf, s->cap);
}

void tl_svg_raw(struct tl_svg *s, const char *p, size_t len)
{
	grow(s, len);
	memcpy(s->buf + s->len, p, len);
	s->len += len;
}

size_t tl_svg_num(double x, char *buf)
{
	long long v, ip;
	int frac, n;

	if (!(x == x))
		x = 0;
	if (x > 1e7)
		x = 1e7;
	if (x < -1e7)
		x = -1e7;
	v = llround(x * 100);
	ip = (v < 0 ? -v : v) / 100;
	frac = (int)((v < 0 ? -v : v) % 100);
	if (frac == 0)
		n = snprintf(buf, TL_SVG_NUM_MAX, "%s%lld", v < 0 ? "-" : "",
		             ip);
	else if (frac % 10 == 0)
		n = snprintf(buf, TL_SVG_NUM_MAX, "%s%lld.%d", v < 0 ? "-" : "",
		             ip, frac / 10);
	else
		n = snprintf(buf, TL_SVG_NUM_MAX, "%s%lld.%02d",
		             v < 0 ? "-" : "", ip, frac);
	return (size_t)n;
}

/* Returns the length of the UTF-8 sequence at p (n bytes left) that XML
 * may hold, or 0 when it is not valid UTF-8 or not an XML character. */
static size_t utf8_char(const unsigned char *p, size_t n)
{
	unsigned cp;
	size_t len, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4, cp = p[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) || cp == 0xfffe ||
	    cp == 0xffff)
		return 0;
	return len;
}

void tl_svg_escape(struct tl_svg *s, const char *p, size_t len)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_char(u + i, len - i);

		if (n == 1) {
			switch (u[i]) {
			case '&':
				tl_svg_raw(s, "&amp;", 5);
				break;
			case '<':
				tl_svg_raw(s, "&lt;", 4);
				break;
			case '>':
				tl_svg_raw(s, "&gt;", 4);
				break;
			case '"':
				tl_svg_raw(s, "&quot;", 6);
				break;
			case '\'':
				tl_svg_raw(s, "&apos;", 6);
				break;
			default:
				if (u[i] < 0x20 && u[i] != '\t' &&
				    u[i] != '\n' && u[i] != '\r')
					tl_svg_raw(s, "\xef\xbf\xbd", 3);
				else
					tl_svg_raw(s, p + i, 1);
			}
			i++;
		} else if (n == 0) {
			tl_svg_raw(s, "\xef\xbf\xbd", 3);
			i++;
		} else {
			tl_svg_raw(s, p + i, n);
			i += n;
		}
	}
}

void tl_svg_fmt(struct tl_svg *s, const char *fmt, ...)
{
	va_list ap;
	const char *p = fmt;

	va_start(ap, fmt);
	while (*p) {
		const char *q = strchr(p, '%');
		char num[32];
		size_t n;

		if (!q) {
			tl_svg_raw(s, p, strlen(p));
			break;
		}
		tl_svg_raw(s, p, (size_t)(q - p));
		switch (q[1]) {
		case 'n':
			n = tl_svg_num(va_arg(ap, double), num);
			tl_svg_raw(s, num, n);
			break;
		case 'd':
			n = (size_t)snprintf(num, sizeof num, "%d",
			                     va_arg(ap, int));
			tl_svg_raw(s, num, n);
			break;
		case 'l':
			n = (size_t)snprintf(num, sizeof num, "%lld",
			                     (long long)va_arg(ap, int64_t));
			tl_svg_raw(s, num, n);
			break;
		case 's': {
			const char *a = va_arg(ap, const char *);

			tl_svg_raw(s, a, strlen(a));
			break;
		}
		case 'e': {
			const char *a = va_arg(ap, const char *);

			tl_svg_escape(s, a, strlen(a));
			break;
		}
		case '%':
			tl_svg_raw(s, "%", 1);
			break;
		default: /* a caller's mistake: written as is */
			tl_svg_raw(s, q, q[1] ? 2 : 1);
			break;
		}
		p = q[1] ? q + 2 : q + 1;
	}
	va_end(ap);
}
