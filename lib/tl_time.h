/* tl_time.h: UTC times, timeframes, durations, buckets and zones. */
#ifndef TL_TIME_H
#define TL_TIME_H

#include <stddef.h>
#include <stdint.h>

/* The times tickline reads: 0000-01-01 to 9999-12-31T23:59:59Z. */
#define TL_EPOCH_MIN (-62167219200LL)
#define TL_EPOCH_MAX 253402300799LL

/* Timeframe codes, finest first. */
enum tl_tf {
	TL_TF_1M,
	TL_TF_5M,
	TL_TF_15M,
	TL_TF_30M,
	TL_TF_1H,
	TL_TF_4H,
	TL_TF_1D,
	TL_TF_1W,
	TL_TF_1MO,
	TL_TF_COUNT
};

/* The timeframe codes, for messages. */
#define TL_TF_CODES "1m 5m 15m 30m 1h 4h 1D 1W 1Mo"

/* Returns the timeframe for the code s[0..len) ("1m" .. "1Mo"), or -1. */
int tl_tf_parse(const char *s, size_t len);

/* Returns the code of tf ("1h"). */
const char *tl_tf_name(int tf);

/* Returns tf's length in seconds; for 1Mo the nominal 30 days. */
int64_t tl_tf_seconds(int tf);

/*
 * Returns the start of the UTC bucket of tf holding t: intraday buckets
 * aligned to 00:00 UTC, days at 00:00 UTC, weeks on Monday 00:00 UTC,
 * months on the 1st 00:00 UTC.
 */
int64_t tl_tf_floor(int tf, int64_t t);

/* Returns the start of the bucket after the one starting at start. */
int64_t tl_tf_next(int tf, int64_t start);

/*
 * Returns 1 when every bucket of coarse is a union of whole buckets of fine
 * (1h from 1m, 1W from 1D, 1Mo from 1D), else 0 (1Mo from 1W; coarse finer).
 */
int tl_tf_divides(int fine, int coarse);

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
int64_t tl_days_from_civil(int64_t y, int m, int d);
void tl_civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/*
 * Parses a time: RFC 3339 ("2024-01-02T03:04:05Z", "...+05:30", 'T' or a
 * space between date and time, fraction of a second allowed only when it
 * is zero), a date ("2024-01-02", 00:00 UTC), or date and time without a
 * zone ("2024-01-02 03:04[:05]", read as UTC). Returns 0 and sets *t, or -1.
 */
int tl_time_parse(const char *s, size_t len, int64_t *t);

/* Longest text tl_time_format() writes, with its NUL. */
#define TL_TIME_MAX 32

/* Writes t as "2024-01-02T03:04:05Z" into buf and returns the length. */
size_t tl_time_format(int64_t t, char *buf);

/*
 * Returns the current time in epoch seconds: $TICKLINE_NOW when set (it
 * must be a whole number; anything else exits 64), else the clock.
 */
int64_t tl_now(void);

/*
 * Returns the monotonic clock in milliseconds (for intervals and
 * deadlines; TICKLINE_NOW does not freeze it).
 */
int64_t tl_mono_ms(void);

/* Duration units: s m h d w mo y (m is minutes, mo months). */
enum tl_unit { TL_U_S, TL_U_MIN, TL_U_H, TL_U_D, TL_U_W, TL_U_MO, TL_U_Y };

struct tl_dur {
	int64_t n;
	enum tl_unit unit;
};

/* Parses "30s", "15m", "4h", "2d", "1w", "3mo", "1y" (n > 0). 0 or -1. */
int tl_dur_parse(const char *s, struct tl_dur *d);

/* Returns d in seconds, months as 30 days and years as 365 days. */
int64_t tl_dur_seconds(const struct tl_dur *d);

/*
 * Parses an interval (--every): a duration as tl_dur_parse() reads one, or
 * a whole number of milliseconds ("200ms"), and sets *ms to its nominal
 * length in milliseconds (months 30 days, years 365). Returns 0, or -1
 * leaving *ms alone.
 */
int tl_dur_parse_ms(const char *s, int64_t *ms);

/* Returns t moved by sign * d, months and years by the calendar (clamped
 * to the month's last day: Mar 31 - 1mo = Feb 28/29). */
int64_t tl_time_add(int64_t t, const struct tl_dur *d, int sign);

/* An IANA time zone, for local day, week and month boundaries. */
struct tl_tz;

/* Opens zone name ("America/New_York", "UTC"); NULL when it is unknown. */
struct tl_tz *tl_tz_open(const char *name);
void tl_tz_free(struct tl_tz *tz);

/* Returns the zone's offset from UTC in seconds (east positive) at t. */
int32_t tl_tz_offset(const struct tl_tz *tz, int64_t t);

/*
 * Returns the bucket of tf holding t in zone tz (NULL: UTC, as
 * tl_tf_floor). Intraday buckets align to the zone's local clock and are
 * returned as the UTC instant they start. Day, week and month buckets are
 * keyed, as the brief says bars are, by 00:00 UTC of their local date (the
 * local Monday, the local 1st); *end, when not NULL, receives the UTC
 * instant the bucket really ends (the next local midnight, say).
 */
int64_t tl_tf_floor_tz(int tf, int64_t t, const struct tl_tz *tz, int64_t *end);

#endif
