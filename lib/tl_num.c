/* tl_num.c: exact decimal parsing and ECMAScript number output. */
#include "tl_num.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Powers of ten exactly representable as doubles. */
static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                             1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                             1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#define TWO51 2251799813685248.0

int tl_num_exact(uint64_t w, int neg, long ex, double *d)
{
	double v;

	if (w > (1ULL << 53) || ex < -22 || ex > 22)
		return -1;
	v = (double)w;
	v = ex < 0 ? v / p10[-ex] : v * p10[ex];
	*d = neg ? -v : v;
	return 0;
}

static int isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* Parses s[0..len) with strtod from a NUL-terminated copy. */
static int slow(const char *s, size_t len, double *d)
{
	char small[64], *buf = small, *end;
	double v;

	if (len >= sizeof small) {
		buf = malloc(len + 1);
		if (!buf)
			return -1;
	}
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (end != buf + len)
		v = NAN;
	if (buf != small)
		free(buf);
	if (!isfinite(v))
		return -1;
	*d = v;
	return 0;
}

int tl_num_parse(const char *s, size_t len, int lax, double *d)
{
	const char *p = s, *e = s + len;
	uint64_t w = 0;
	int neg = 0, nd = 0, frac = 0, many = 0, digits = 0;
	long ex = 0;

	if (p < e && *p == '-')
		neg = 1, p++;
	else if (lax && p < e && *p == '+')
		p++;
	if (!lax) {
		/* JSON: 0 alone or a non-zero digit first. */
		if (p == e || !isdig(*p))
			return -1;
		if (*p == '0' && p + 1 < e && isdig(p[1]))
			return -1;
	}
	for (; p < e && isdig(*p); p++) {
		digits++;
		if (w == 0 && *p == '0')
			continue;
		if (nd < 19)
			w = w * 10 + (uint64_t)(*p - '0'), nd++;
		else
			many = 1, ex++;
	}
	if (p < e && *p == '.') {
		p++;
		if (!lax && (p == e || !isdig(*p)))
			return -1;
		for (; p < e && isdig(*p); p++) {
			digits++;
			if (w == 0 && *p == '0') {
				frac++;
				continue;
			}
			if (nd < 19)
				w = w * 10 + (uint64_t)(*p - '0'), nd++, frac++;
			else
				many = 1;
		}
	}
	if (!digits)
		return -1;
	if (p < e && (*p == 'e' || *p == 'E')) {
		int eneg = 0;
		long x = 0;

		p++;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || !isdig(*p))
			return -1;
		for (; p < e && isdig(*p); p++)
			if (x < 100000)
				x = x * 10 + (*p - '0');
		ex += eneg ? -x : x;
	}
	if (p != e)
		return -1;
	ex -= frac;
	if (!many && tl_num_exact(w, neg, ex, d) == 0)
		return 0;
	if (w == 0) {
		*d = neg ? -0.0 : 0.0;
		return 0;
	}
	return slow(s, len, d);
}

/*
 * Writes the digits of M * 10^e10 (M > 0) into dig without trailing zeros
 * and sets *n so that the value is 0.DIG * 10^n. Returns the digit count.
 */
static int digits_of(uint64_t M, int e10, char *dig, int *n)
{
	int k = snprintf(dig, 24, "%llu", (unsigned long long)M), z;

	for (z = 0; k > 1 && dig[k - 1] == '0'; k--, z++)
		;
	dig[k] = '\0';
	*n = k + z + e10;
	return k;
}

/*
 * Finds the shortest digits of x > 0 (into dig, NUL-terminated, no trailing
 * zeros) and n such that x = 0.DIG * 10^n. Returns the digit count.
 */
static int shortest(double x, char *dig, int *n)
{
	char tmp[40];
	int j;

	/* x = M / 10^j with M < 2^51: the first j that reads back is shortest.
	 */
	for (j = 0; j <= 22; j++) {
		double m = x * p10[j], r;

		if (m >= TWO51)
			break;
		r = nearbyint(m);
		if (r != 0 && r / p10[j] == x)
			return digits_of((uint64_t)r, -j, dig, n);
	}
	/*
	 * Otherwise the fewest of 15, 16 or 17 digits that read back: when a
	 * normal double has a form of 15 digits or fewer, rounding it to 15
	 * digits finds that form (subnormals have fewer digits of precision).
	 * The correctly rounded j digits are the nearest; but at a power of
	 * two the doubles below x are closer together than those above, so
	 * the nearest j digits may miss while the next ones up read back.
	 */
	for (j = x < DBL_MIN ? 1 : 15;; j++) {
		uint64_t M = 0;
		char *q, *ep;
		int e10, d;

		snprintf(tmp, sizeof tmp, "%.*e", j - 1, x);
		ep = strchr(tmp, 'e');
		e10 = atoi(ep + 1) - (j - 1);
		for (q = tmp; q < ep; q++)
			if (*q != '.')
				M = M * 10 + (uint64_t)(*q - '0');
		if (strtod(tmp, NULL) == x || j == 17)
			return digits_of(M, e10, dig, n);
		for (d = -1; d <= 1; d += 2) {
			snprintf(tmp, sizeof tmp, "%llue%d",
			         (unsigned long long)(M + (uint64_t)d), e10);
			if (strtod(tmp, NULL) == x)
				return digits_of(M + (uint64_t)d, e10, dig, n);
		}
	}
}

size_t tl_num_format(double d, char *buf)
{
	char dig[24];
	char *p = buf;
	int k, n, i;

	if (d == 0) {
		buf[0] = '0';
		buf[1] = '\0';
		return 1;
	}
	if (d < 0) {
		*p++ = '-';
		d = -d;
	}
	k = shortest(d, dig, &n);
	if (k <= n && n <= 21) {
		memcpy(p, dig, (size_t)k);
		p += k;
		for (i = k; i < n; i++)
			*p++ = '0';
	} else if (0 < n && n <= 21) {
		memcpy(p, dig, (size_t)n);
		p += n;
		*p++ = '.';
		memcpy(p, dig + n, (size_t)(k - n));
		p += k - n;
	} else if (-6 < n && n <= 0) {
		*p++ = '0';
		*p++ = '.';
		for (i = 0; i < -n; i++)
			*p++ = '0';
		memcpy(p, dig, (size_t)k);
		p += k;
	} else {
		*p++ = dig[0];
		if (k > 1) {
			*p++ = '.';
			memcpy(p, dig + 1, (size_t)(k - 1));
			p += k - 1;
		}
		p += sprintf(p, "e%c%d", n - 1 < 0 ? '-' : '+',
		             n - 1 < 0 ? 1 - n : n - 1);
	}
	*p = '\0';
	return (size_t)(p - buf);
}

int tl_num_decimals(const double *p, size_t n)
{
	size_t i = n > 200 ? n - 200 : 0;
	int most = 0;

	for (; i < n; i++) {
		char buf[TL_NUM_MAX], *dot;
		int d;

		tl_num_format(p[i], buf);
		if (strchr(buf, 'e'))
			return 8;
		dot = strchr(buf, '.');
		d = dot ? (int)strlen(dot + 1) : 0;
		if (d > most)
			most = d;
	}
	return most > 8 ? 8 : most;
}

double tl_num_round(double x, int d)
{
	return round(x * p10[d]) / p10[d];
}
