/* tl_time.c: calendar math, time parsing, timeframes, durations and zones. */
#include "tl_time.h"
#include "tl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DAY 86400

/*
 * Times further than this from the epoch (about two billion years) are
 * clamped before zone rules are evaluated, so the calendar math below can
 * never overflow.
 */
#define RULE_TIME_MAX (INT64_C(1) << 56)

/* Largest duration tl_dur_parse() accepts, in seconds (100000 years). */
#define DUR_MAX_SECS (INT64_C(100000) * 365 * DAY)

/* Largest TZif file tl_tz_open() reads. */
#define TZIF_MAX (1 << 20)

static const char *const tf_names[TL_TF_COUNT] = {
    "1m", "5m", "15m", "30m", "1h", "4h", "1D", "1W", "1Mo"};

static const int64_t tf_secs[TL_TF_COUNT] = {60,    300, 900,     1800,    3600,
                                             14400, DAY, 7 * DAY, 30 * DAY};

/* Returns a / b rounded towards negative infinity (b > 0). */
static int64_t floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

/* Returns a mod b in [0, b) (b > 0). */
static int64_t floormod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	return r < 0 ? r + b : r;
}

/* Returns a + b, saturated to the int64_t range. */
static int64_t sat_add(int64_t a, int64_t b)
{
	if (b > 0 && a > INT64_MAX - b)
		return INT64_MAX;
	if (b < 0 && a < INT64_MIN - b)
		return INT64_MIN;
	return a + b;
}

/* Returns q * b (b > 0), saturated to the int64_t range. */
static int64_t sat_mul(int64_t q, int64_t b)
{
	if (q > INT64_MAX / b)
		return INT64_MAX;
	if (q < INT64_MIN / b)
		return INT64_MIN;
	return q * b;
}

/* Returns days * 86400, saturated to the int64_t range. */
static int64_t days_secs(int64_t days)
{
	return sat_mul(days, DAY);
}

/* Returns 1 when y is a Gregorian leap year. */
static int is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Returns the number of days in month m (1-12) of year y. */
static int month_days(int64_t y, int m)
{
	static const int n[12] = {31, 28, 31, 30, 31, 30,
	                          31, 31, 30, 31, 30, 31};

	return m == 2 && is_leap(y) ? 29 : n[m - 1];
}

/* Returns the weekday of a day count, 0 for Sunday (1970-01-01: 4). */
static int weekday(int64_t days)
{
	return (int)floormod(days + 4, 7);
}

/*
 * Returns days since 1970-01-01 of y-m-d in the proleptic Gregorian
 * calendar (after Howard Hinnant's days_from_civil). Defined for |y| below
 * 10^15; m and d are not range-checked.
 */
int64_t tl_days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * Stores the proleptic Gregorian date of a day count since 1970-01-01 in
 * *y, *m and *d (the inverse of tl_days_from_civil()). Defined for |days|
 * below 2^62.
 */
void tl_civil_from_days(int64_t days, int64_t *y, int *m, int *d)
{
	int64_t z = days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int mm = (int)(mp < 10 ? mp + 3 : mp - 9);

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = mm;
	*y = yoe + era * 400 + (mm <= 2);
}

/* Returns the timeframe whose code is exactly s[0..len), or -1. */
int tl_tf_parse(const char *s, size_t len)
{
	int i;

	if (!s)
		return -1;
	for (i = 0; i < TL_TF_COUNT; i++)
		if (strlen(tf_names[i]) == len &&
		    memcmp(s, tf_names[i], len) == 0)
			return i;
	return -1;
}

/* Returns the static code of tf, or NULL when tf is not a timeframe. */
const char *tl_tf_name(int tf)
{
	return tf >= 0 && tf < TL_TF_COUNT ? tf_names[tf] : NULL;
}

/* Returns tf's nominal length in seconds, or 0 when tf is unknown. */
int64_t tl_tf_seconds(int tf)
{
	return tf >= 0 && tf < TL_TF_COUNT ? tf_secs[tf] : 0;
}

/* Returns the day count of the first day of the bucket of tf holding day. */
static int64_t floor_days(int tf, int64_t days)
{
	int64_t y;
	int m, d;

	/* Day 4, 1970-01-05, was a Monday. */
	if (tf == TL_TF_1W)
		return days - floormod(days + 3, 7);
	if (tf == TL_TF_1MO) {
		tl_civil_from_days(days, &y, &m, &d);
		return tl_days_from_civil(y, m, 1);
	}
	return days;
}

/* Returns the day count of the first day of the bucket after first. */
static int64_t next_days(int tf, int64_t first)
{
	int64_t y;
	int m, d;

	if (tf == TL_TF_1W)
		return first + 7;
	if (tf == TL_TF_1MO) {
		tl_civil_from_days(first, &y, &m, &d);
		return m == 12 ? tl_days_from_civil(y + 1, 1, 1)
		               : tl_days_from_civil(y, m + 1, 1);
	}
	return first + 1;
}

/*
 * Returns the start of the UTC bucket of tf holding t (floor division, so
 * negative t works too); t itself when tf is unknown.
 */
int64_t tl_tf_floor(int tf, int64_t t)
{
	if (tf < 0 || tf >= TL_TF_COUNT)
		return t;
	if (tf < TL_TF_1D)
		return sat_mul(floordiv(t, tf_secs[tf]), tf_secs[tf]);
	return days_secs(floor_days(tf, floordiv(t, DAY)));
}

/*
 * Returns the start of the bucket after the one holding start (saturated
 * at the end of the int64_t range); start itself when tf is unknown.
 */
int64_t tl_tf_next(int tf, int64_t start)
{
	int64_t f;

	if (tf < 0 || tf >= TL_TF_COUNT)
		return start;
	f = tl_tf_floor(tf, start);
	if (tf < TL_TF_1MO)
		return sat_add(f, tf_secs[tf]);
	return days_secs(next_days(tf, floordiv(f, DAY)));
}

/*
 * Returns 1 when each bucket of coarse is a union of whole buckets of
 * fine: fixed-length frames when fine's length divides coarse's, months
 * from days and finer, never months from weeks; 0 otherwise.
 */
int tl_tf_divides(int fine, int coarse)
{
	if (fine < 0 || fine >= TL_TF_COUNT || coarse < 0 ||
	    coarse >= TL_TF_COUNT || coarse < fine)
		return 0;
	if (fine == coarse)
		return 1;
	if (coarse == TL_TF_1MO)
		return fine <= TL_TF_1D;
	return tf_secs[coarse] % tf_secs[fine] == 0;
}

/* Reads exactly n decimal digits at s into *v; returns 0, or -1. */
static int digits(const char *s, int n, int *v)
{
	int i, x = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

/*
 * Parses a date, optionally followed by a time and zone, from s[0..len)
 * as described in tl_time.h; stores epoch seconds in *t and returns 0, or
 * returns -1 leaving *t alone.
 */
int tl_time_parse(const char *s, size_t len, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om, off = 0;
	size_t i;

	if (!s || len < 10 || digits(s, 4, &y) || s[4] != '-' ||
	    digits(s + 5, 2, &mo) || s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo))
		return -1;
	i = 10;
	if (i < len) {
		if (s[i] != 'T' && s[i] != 't' && s[i] != ' ')
			return -1;
		if (len - i < 6 || digits(s + i + 1, 2, &h) ||
		    s[i + 3] != ':' || digits(s + i + 4, 2, &mi))
			return -1;
		if (h > 23 || mi > 59)
			return -1;
		i += 6;
		if (i == len) /* "YYYY-MM-DD HH:MM": no seconds, no zone */
			goto done;
		if (len - i < 3 || s[i] != ':' || digits(s + i + 1, 2, &sec) ||
		    sec > 59)
			return -1;
		i += 3;
		if (i < len && s[i] == '.') {
			if (++i == len || s[i] < '0' || s[i] > '9')
				return -1;
			while (i < len && s[i] >= '0' && s[i] <= '9')
				if (s[i++] != '0')
					return -1;
		}
		if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
			i++;
		} else if (i < len && (s[i] == '+' || s[i] == '-')) {
			if (len - i < 6 || digits(s + i + 1, 2, &oh) ||
			    s[i + 3] != ':' || digits(s + i + 4, 2, &om) ||
			    oh > 23 || om > 59)
				return -1;
			off = (oh * 3600 + om * 60) * (s[i] == '-' ? -1 : 1);
			i += 6;
		}
		if (i != len)
			return -1;
	}
done:
	*t =
	    tl_days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60 + sec - off;
	return 0;
}

/*
 * Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (TL_TIME_MAX bytes) and
 * returns the length written, without the NUL.
 */
size_t tl_time_format(int64_t t, char *buf)
{
	int64_t days = floordiv(t, DAY), sod = floormod(t, DAY), y;
	int m, d, n;

	tl_civil_from_days(days, &y, &m, &d);
	n = snprintf(buf, TL_TIME_MAX, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	             (long long)y, m % 100, d % 100, (int)(sod / 3600),
	             (int)(sod / 60 % 60), (int)(sod % 60));
	return n < 0 ? 0 : (size_t)n;
}

/*
 * Returns $TICKLINE_NOW when it is set (a whole decimal number, with an
 * optional '-'; anything else exits 64), else the system clock.
 */
int64_t tl_now(void)
{
	const char *v = getenv("TICKLINE_NOW"), *p;
	int64_t x = 0;
	int neg;

	if (!v)
		return (int64_t)time(NULL);
	p = v;
	neg = *p == '-';
	if (neg)
		p++;
	if (!*p)
		goto bad;
	for (; *p; p++) {
		int dg = *p - '0';

		if (*p < '0' || *p > '9')
			goto bad;
		/* Accumulate negatively so INT64_MIN is representable. */
		if (x < (INT64_MIN + dg) / 10)
			goto bad;
		x = x * 10 - dg;
	}
	if (!neg) {
		if (x == INT64_MIN)
			goto bad;
		x = -x;
	}
	return x;
bad:
	tl_die(TL_EX_USAGE, "TICKLINE_NOW: expected epoch seconds, got '%s'",
	       v);
}

int64_t tl_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Returns the length of one unit u in seconds (months 30 days, years 365). */
static int64_t unit_secs(enum tl_unit u)
{
	switch (u) {
	case TL_U_S:
		return 1;
	case TL_U_MIN:
		return 60;
	case TL_U_H:
		return 3600;
	case TL_U_D:
		return DAY;
	case TL_U_W:
		return 7 * DAY;
	case TL_U_MO:
		return 30 * DAY;
	case TL_U_Y:
		return 365 * DAY;
	}
	return 0;
}

/*
 * Parses a duration: a positive decimal count without sign or spaces and
 * one unit of s m h d w mo y, at most about 100000 years long. Returns 0
 * and fills *d, or returns -1 leaving *d alone.
 */
int tl_dur_parse(const char *s, struct tl_dur *d)
{
	static const struct {
		const char *name;
		enum tl_unit unit;
	} units[] = {{"s", TL_U_S}, {"m", TL_U_MIN}, {"h", TL_U_H},
	             {"d", TL_U_D}, {"w", TL_U_W},   {"mo", TL_U_MO},
	             {"y", TL_U_Y}};
	int64_t n = 0;
	size_t i;

	if (!s || *s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (n > DUR_MAX_SECS)
			return -1;
		n = n * 10 + (*s - '0');
	}
	if (n <= 0)
		return -1;
	for (i = 0; i < sizeof units / sizeof units[0]; i++) {
		if (strcmp(s, units[i].name) != 0)
			continue;
		if (n > DUR_MAX_SECS / unit_secs(units[i].unit))
			return -1;
		d->n = n;
		d->unit = units[i].unit;
		return 0;
	}
	return -1;
}

/*
 * Parses an interval: "N" "ms" with N a positive decimal count (at most
 * the longest duration in milliseconds), else a duration of
 * tl_dur_parse(). Returns 0 and sets *ms, or -1.
 */
int tl_dur_parse_ms(const char *s, int64_t *ms)
{
	struct tl_dur d;
	const char *p = s;
	int64_t n = 0;

	if (!s)
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (n > DUR_MAX_SECS * 1000)
			return -1;
		n = n * 10 + (*p - '0');
	}
	if (p > s && strcmp(p, "ms") == 0) {
		if (n <= 0 || n > DUR_MAX_SECS * 1000)
			return -1;
		*ms = n;
		return 0;
	}
	if (tl_dur_parse(s, &d) < 0)
		return -1;
	*ms = tl_dur_seconds(&d) * 1000;
	return 0;
}

/* Returns d's nominal length in seconds (months 30 days, years 365). */
int64_t tl_dur_seconds(const struct tl_dur *d)
{
	return d->n * unit_secs(d->unit);
}

/*
 * Returns t moved by sign * d (sign's sign only counts; 0 leaves t):
 * fixed units by their seconds, months and years by the calendar with the
 * day clamped to the target month's length and the time of day kept.
 * Results saturate at the ends of the int64_t range.
 */
int64_t tl_time_add(int64_t t, const struct tl_dur *d, int sign)
{
	int64_t days, y, months, total;
	int m, dd, md;

	if (sign == 0)
		return t;
	if (d->unit != TL_U_MO && d->unit != TL_U_Y) {
		int64_t secs = tl_dur_seconds(d);

		return sat_add(t, sign < 0 ? -secs : secs);
	}
	months = d->unit == TL_U_Y ? d->n * 12 : d->n;
	days = floordiv(t, DAY);
	tl_civil_from_days(days, &y, &m, &dd);
	total = y * 12 + (m - 1) + (sign < 0 ? -months : months);
	y = floordiv(total, 12);
	m = (int)floormod(total, 12) + 1;
	md = month_days(y, m);
	if (dd > md)
		dd = md;
	/* Move by whole days so times near the range's ends cannot overflow. */
	return sat_add(t, days_secs(tl_days_from_civil(y, m, dd) - days));
}

/* One rule date of a POSIX TZ string: Jn, n or Mm.w.d, and its time. */
struct tz_date {
	char kind;    /* 'J', 'N' (zero-based day) or 'M' */
	int a, b, c;  /* day (J, N) or month, week, weekday (M) */
	int32_t secs; /* local time of day, may be negative or > 24h */
};

/* A POSIX TZ rule ("EST5EDT,M3.2.0,M11.1.0"), offsets east positive. */
struct tz_rule {
	int32_t std_off, dst_off;
	int has_dst;
	struct tz_date start, end;
};

/* An opened zone: its TZif transitions, time types and footer rule. */
struct tl_tz {
	int64_t *trans;     /* transition instants, ascending */
	unsigned char *idx; /* type index of each transition */
	int32_t *utoff;     /* offset of each type */
	size_t ntrans, ntypes;
	int32_t before; /* offset before the first transition */
	int has_rule;
	struct tz_rule rule;
};

/* Returns the big-endian 32-bit value at p. */
static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* Returns the big-endian signed 64-bit value at p. */
static int64_t be64(const unsigned char *p)
{
	uint64_t v = (uint64_t)be32(p) << 32 | be32(p + 4);

	return v <= INT64_MAX ? (int64_t)v : -(int64_t)(~v) - 1;
}

/* Skips a zone name ("EST" or "<+0530>") at *p; returns 0, or -1. */
static int rule_name(const char **p)
{
	const char *s = *p;

	if (*s == '<') {
		for (s++; *s && *s != '>'; s++)
			if (!(*s == '+' || *s == '-' ||
			      (*s >= '0' && *s <= '9') ||
			      (*s >= 'A' && *s <= 'Z') ||
			      (*s >= 'a' && *s <= 'z')))
				return -1;
		if (*s != '>' || s - *p < 2)
			return -1;
		*p = s + 1;
		return 0;
	}
	while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z'))
		s++;
	if (s - *p < 3)
		return -1;
	*p = s;
	return 0;
}

/*
 * Parses [+-]hh[:mm[:ss]] at *p into *v (seconds, sign applied), with
 * hours at most maxh; returns 0, or -1.
 */
static int rule_hms(const char **p, int maxh, int32_t *v)
{
	const char *s = *p;
	int sign = 1, part[3] = {0, 0, 0}, i, n;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (i = 0; i < 3; i++) {
		if (i > 0) {
			if (*s != ':')
				break;
			s++;
		}
		if (*s < '0' || *s > '9')
			return -1;
		for (n = 0; *s >= '0' && *s <= '9' && n < 4; s++, n++)
			part[i] = part[i] * 10 + (*s - '0');
		if ((i == 0 && part[i] > maxh) ||
		    (i > 0 && (n != 2 || part[i] > 59)))
			return -1;
	}
	*v = sign * (part[0] * 3600 + part[1] * 60 + part[2]);
	*p = s;
	return 0;
}

/* Parses a decimal number in [lo, hi] at *p into *v; returns 0, or -1. */
static int rule_num(const char **p, int lo, int hi, int *v)
{
	const char *s = *p;
	int x = 0;

	if (*s < '0' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		x = x * 10 + (*s - '0');
		if (x > hi)
			return -1;
	}
	if (x < lo)
		return -1;
	*v = x;
	*p = s;
	return 0;
}

/* Parses a rule date with its optional "/time" at *p; returns 0, or -1. */
static int rule_date(const char **p, struct tz_date *dt)
{
	const char *s = *p;

	dt->a = dt->b = dt->c = 0;
	if (*s == 'M') {
		s++;
		dt->kind = 'M';
		if (rule_num(&s, 1, 12, &dt->a) || *s++ != '.' ||
		    rule_num(&s, 1, 5, &dt->b) || *s++ != '.' ||
		    rule_num(&s, 0, 6, &dt->c))
			return -1;
	} else if (*s == 'J') {
		s++;
		dt->kind = 'J';
		if (rule_num(&s, 1, 365, &dt->a))
			return -1;
	} else {
		dt->kind = 'N';
		if (rule_num(&s, 0, 365, &dt->a))
			return -1;
	}
	dt->secs = 2 * 3600;
	if (*s == '/') {
		s++;
		if (rule_hms(&s, 167, &dt->secs))
			return -1;
	}
	*p = s;
	return 0;
}

/*
 * Parses a POSIX TZ string (std offset [dst [offset] [,start,end]]) into
 * *r; returns 0, or -1 when it is malformed.
 */
static int rule_parse(const char *s, struct tz_rule *r)
{
	int32_t v;

	memset(r, 0, sizeof *r);
	if (rule_name(&s) || rule_hms(&s, 24, &v))
		return -1;
	r->std_off = -v;
	if (!*s)
		return 0;
	if (rule_name(&s))
		return -1;
	r->has_dst = 1;
	r->dst_off = r->std_off + 3600;
	if (*s && *s != ',') {
		if (rule_hms(&s, 24, &v))
			return -1;
		r->dst_off = -v;
	}
	if (!*s) { /* no dates: the US rules, as glibc assumes */
		s = ",M3.2.0,M11.1.0";
	}
	if (*s++ != ',' || rule_date(&s, &r->start) || *s++ != ',' ||
	    rule_date(&s, &r->end) || *s)
		return -1;
	return 0;
}

/* Returns the local instant (seconds, as if UTC) a rule date names in y. */
static int64_t rule_when(const struct tz_date *dt, int64_t y)
{
	int64_t days;

	if (dt->kind == 'J') {
		/* Jn counts 1..365 and never Feb 29. */
		days = tl_days_from_civil(y, 1, 1) + dt->a - 1;
		if (is_leap(y) && dt->a >= 60)
			days++;
	} else if (dt->kind == 'N') {
		days = tl_days_from_civil(y, 1, 1) + dt->a;
	} else {
		int64_t first = tl_days_from_civil(y, dt->a, 1);
		int day = 1 + (int)floormod(dt->c - weekday(first), 7);

		day += (dt->b - 1) * 7;
		while (day > month_days(y, dt->a))
			day -= 7;
		days = first + day - 1;
	}
	return days * DAY + dt->secs;
}

/* Returns the offset rule r gives at UTC instant t. */
static int32_t rule_offset(const struct tz_rule *r, int64_t t)
{
	int64_t y, start, end;
	int m, d;

	if (!r->has_dst)
		return r->std_off;
	if (t > RULE_TIME_MAX)
		t = RULE_TIME_MAX;
	if (t < -RULE_TIME_MAX)
		t = -RULE_TIME_MAX;
	tl_civil_from_days(floordiv(t + r->std_off, DAY), &y, &m, &d);
	/* The start is given in standard time, the end in daylight time. */
	start = rule_when(&r->start, y) - r->std_off;
	end = rule_when(&r->end, y) - r->dst_off;
	if (start < end)
		return t >= start && t < end ? r->dst_off : r->std_off;
	return t >= end && t < start ? r->std_off : r->dst_off;
}

/* Reads the whole file at path into a new buffer; NULL on any failure. */
static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	size_t n = 0, cap = 4096, got;

	if (!f)
		return NULL;
	buf = tl_malloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap >= TZIF_MAX)
				goto fail;
			cap *= 2;
			buf = tl_realloc(buf, cap);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}

/* Returns a new zone with no transitions and offset 0 (UTC). */
static struct tl_tz *tz_utc(void)
{
	struct tl_tz *tz = tl_calloc(1, sizeof *tz);

	tz->utoff = tl_calloc(1, sizeof *tz->utoff);
	tz->ntypes = 1;
	return tz;
}

/* TZif header counts, in file order. */
struct tzif_head {
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

/*
 * Reads the TZif header at p (n bytes left) into *h and returns the size
 * of the header and the data block after it for time size tsz (4 or 8),
 * or 0 when the header is malformed or the block does not fit. Only a block
 * that will be used is checked (strict): version 2+ files may shrink their
 * version 1 block to nothing.
 */
static uint64_t tzif_head(const unsigned char *p, size_t n, int tsz, int strict,
                          struct tzif_head *h)
{
	uint64_t size;

	if (n < 44 || memcmp(p, "TZif", 4) != 0)
		return 0;
	h->isutcnt = be32(p + 20);
	h->isstdcnt = be32(p + 24);
	h->leapcnt = be32(p + 28);
	h->timecnt = be32(p + 32);
	h->typecnt = be32(p + 36);
	h->charcnt = be32(p + 40);
	if (strict && (h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0 ||
	               (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
	               (h->isstdcnt != 0 && h->isstdcnt != h->typecnt)))
		return 0;
	size = (uint64_t)h->timecnt * (tsz + 1) + (uint64_t)h->typecnt * 6 +
	       h->charcnt + (uint64_t)h->leapcnt * (tsz + 4) + h->isstdcnt +
	       h->isutcnt;
	return size <= n - 44 ? size + 44 : 0;
}

/*
 * Fills tz from the data block at p described by h (time size tsz);
 * returns 0, or -1 when the block is inconsistent.
 */
static int tzif_data(struct tl_tz *tz, const unsigned char *p,
                     const struct tzif_head *h, int tsz)
{
	const unsigned char *ip = p + (size_t)h->timecnt * tsz;
	const unsigned char *tp = ip + h->timecnt;
	size_t i;
	int first_std = -1;

	tz->ntrans = h->timecnt;
	tz->ntypes = h->typecnt;
	tz->trans =
	    tl_malloc((tz->ntrans ? tz->ntrans : 1) * sizeof *tz->trans);
	tz->idx = tl_malloc(tz->ntrans ? tz->ntrans : 1);
	tz->utoff = tl_malloc(tz->ntypes * sizeof *tz->utoff);
	for (i = 0; i < tz->ntrans; i++) {
		tz->trans[i] =
		    tsz == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);
		if (i > 0 && tz->trans[i] <= tz->trans[i - 1])
			return -1;
		tz->idx[i] = ip[i];
		if (ip[i] >= h->typecnt)
			return -1;
	}
	for (i = 0; i < tz->ntypes; i++) {
		const unsigned char *q = tp + i * 6;
		int32_t off = (int32_t)be32(q);

		/* RFC 8536 asks for -89999..93599; allow a little slack. */
		if (off < -26 * 3600 || off > 26 * 3600 || q[4] > 1 ||
		    q[5] >= h->charcnt)
			return -1;
		tz->utoff[i] = off;
		if (first_std < 0 && q[4] == 0)
			first_std = (int)i;
	}
	tz->before = tz->utoff[first_std < 0 ? 0 : first_std];
	return 0;
}

/*
 * Parses the TZif image buf[0..n) into a new zone; NULL when it is
 * malformed. Version 2+ files use their 64-bit block and footer.
 */
static struct tl_tz *tzif_parse(const unsigned char *buf, size_t n)
{
	struct tzif_head h;
	struct tl_tz *tz;
	uint64_t size;
	const unsigned char *p;
	int tsz = 4;

	if (n < 5)
		return NULL;
	size = tzif_head(buf, n, 4, buf[4] == 0, &h);
	if (!size)
		return NULL;
	p = buf;
	if (buf[4] != 0) {
		if (buf[4] < '2')
			return NULL;
		p = buf + size;
		size = tzif_head(p, n - (size_t)(p - buf), 8, 1, &h);
		if (!size)
			return NULL;
		tsz = 8;
	}
	tz = tl_calloc(1, sizeof *tz);
	if (tzif_data(tz, p + 44, &h, tsz))
		goto bad;
	if (tsz == 8) {
		const char *f = (const char *)p + size;
		const char *end = (const char *)buf + n, *nl;
		char rule[256];

		if (f >= end || *f != '\n')
			goto bad;
		f++;
		nl = memchr(f, '\n', (size_t)(end - f));
		if (!nl || (size_t)(nl - f) >= sizeof rule)
			goto bad;
		memcpy(rule, f, (size_t)(nl - f));
		rule[nl - f] = '\0';
		if (rule[0]) {
			if (memchr(rule, '\0', (size_t)(nl - f)) ||
			    rule_parse(rule, &tz->rule))
				goto bad;
			tz->has_rule = 1;
		}
	}
	return tz;
bad:
	tl_tz_free(tz);
	return NULL;
}

/*
 * Opens zone name from $TZDIR (or /usr/share/zoneinfo) by reading its
 * TZif file; "UTC" is built in. Returns a new zone the caller frees with
 * tl_tz_free(), or NULL when the name is unsafe, unknown or its file is
 * malformed.
 */
struct tl_tz *tl_tz_open(const char *name)
{
	const char *dir = getenv("TZDIR");
	unsigned char *buf;
	struct tl_tz *tz;
	char *path;
	size_t n;

	if (!name || !*name || name[0] == '/' || strstr(name, ".."))
		return NULL;
	if (strcmp(name, "UTC") == 0)
		return tz_utc();
	if (!dir || !*dir)
		dir = "/usr/share/zoneinfo";
	path = tl_asprintf("%s/%s", dir, name);
	buf = read_file(path, &n);
	free(path);
	if (!buf)
		return NULL;
	tz = tzif_parse(buf, n);
	free(buf);
	return tz;
}

/* Frees tz and everything it owns; NULL is a no-op. */
void tl_tz_free(struct tl_tz *tz)
{
	if (!tz)
		return;
	free(tz->trans);
	free(tz->idx);
	free(tz->utoff);
	free(tz);
}

/*
 * Returns the offset (east positive, seconds) of tz at UTC instant t:
 * the first standard type before the first transition, the footer rule
 * after the last (or the last type when there is no footer); 0 for NULL.
 */
int32_t tl_tz_offset(const struct tl_tz *tz, int64_t t)
{
	size_t lo, hi;

	if (!tz)
		return 0;
	if (tz->ntrans == 0)
		return tz->has_rule ? rule_offset(&tz->rule, t) : tz->utoff[0];
	if (t < tz->trans[0])
		return tz->before;
	if (t > tz->trans[tz->ntrans - 1] && tz->has_rule)
		return rule_offset(&tz->rule, t);
	/* Find the last transition at or before t. */
	lo = 0;
	hi = tz->ntrans;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (tz->trans[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->utoff[tz->idx[lo]];
}

/*
 * Returns the UTC instant at which zone tz's clock reads the local time l
 * (seconds since 1970-01-01 on the local clock). Where l occurs twice (the
 * hour repeated when clocks go back) the earlier instant; where it never
 * occurs (the hour skipped when clocks go forward) the instant the clocks
 * jumped past it, computed with the offset in force before the jump. So
 * the result never decreases as l rises.
 */
static int64_t local_to_utc(const struct tl_tz *tz, int64_t l)
{
	int32_t o[3];
	int64_t best = 0;
	int i, found = 0;

	/* Within a day of l there is at most one change of offset. */
	o[0] = tl_tz_offset(tz, sat_add(l, -DAY));
	o[1] = tl_tz_offset(tz, l);
	o[2] = tl_tz_offset(tz, sat_add(l, DAY));
	for (i = 0; i < 3; i++) {
		int64_t u = sat_add(l, -o[i]);

		if (tl_tz_offset(tz, u) == o[i] && (!found || u < best))
			best = u, found = 1;
	}
	return found ? best : sat_add(l, -o[0]);
}

/*
 * Returns the bucket of tf holding t in zone tz, as tl_time.h describes:
 * intraday buckets on the local clock as UTC instants, longer ones keyed
 * by 00:00 UTC of their local first date; *end (when not NULL) gets the
 * UTC instant the bucket ends.
 */
int64_t tl_tf_floor_tz(int tf, int64_t t, const struct tl_tz *tz, int64_t *end)
{
	int64_t off, local, start, first;

	if (!tz || tf < 0 || tf >= TL_TF_COUNT) {
		start = tl_tf_floor(tf, t);
		if (end)
			*end = tl_tf_next(tf, start);
		return start;
	}
	off = tl_tz_offset(tz, t);
	local = sat_add(t, off);
	if (tf < TL_TF_1D) {
		int64_t l = sat_mul(floordiv(local, tf_secs[tf]), tf_secs[tf]);

		/* Convert the local start back at its own offset: across a
		 * change of offset a bucket is longer or shorter than tf. */
		if (end)
			*end = local_to_utc(tz, sat_add(l, tf_secs[tf]));
		return local_to_utc(tz, l);
	}
	first = floor_days(tf, floordiv(local, DAY));
	if (end)
		*end = local_to_utc(tz, days_secs(next_days(tf, first)));
	return days_secs(first);
}
