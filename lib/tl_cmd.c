/* tl_cmd.c: chart commands: the grammar, parsed and written in one place. */
#include "tl_cmd.h"
#include "tl_num.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Each keyword with the shape of its arguments, by kind. */
static const struct {
	const char *keyword;
	const char *shape; /* the argument names, ':'-separated */
	int nargs;
} kinds[TL_CMD_COUNT] = {
    [TL_CMD_LOAD] = {"LOAD", "SYM", 1},
    [TL_CMD_TIMEFRAME] = {"TIMEFRAME", "TF", 1},
    [TL_CMD_SUPPORT] = {"SUPPORT", "PRICE", 1},
    [TL_CMD_RESISTANCE] = {"RESISTANCE", "PRICE", 1},
    [TL_CMD_TRENDLINE] = {"TRENDLINE", "T1:P1:T2:P2", 4},
    [TL_CMD_PATTERN] = {"PATTERN", "NAME:T_START:T_END", 3},
    [TL_CMD_ENTRY] = {"ENTRY", "PRICE", 1},
    [TL_CMD_STOP] = {"STOP", "PRICE", 1},
    [TL_CMD_TARGET] = {"TARGET", "PRICE", 1},
    [TL_CMD_CLEAR] = {"CLEAR", "", 0},
};

const char *tl_cmd_keyword(int kind)
{
	return kind >= 0 && kind < TL_CMD_COUNT ? kinds[kind].keyword : "?";
}

/* One argument of a command text: s[0..len), not NUL-terminated. */
struct arg {
	const char *s;
	size_t len;
};

/* Parses a price argument named what; 0, or -1 with a message in err. */
static int price(const struct arg *a, const char *what, double *d, char *err,
                 size_t errlen)
{
	if (tl_num_parse(a->s, a->len, 0, d) < 0) {
		snprintf(err, errlen, "%s is not a number", what);
		return -1;
	}
	return 0;
}

/* Parses a time argument named what; 0, or -1 with a message in err. */
static int when(const struct arg *a, const char *what, int64_t *t, char *err,
                size_t errlen)
{
	size_t i = a->s[0] == '-' ? 1 : 0;
	int64_t v = 0;

	if (i == a->len || a->len - i > 19)
		goto bad;
	for (; i < a->len; i++) {
		if (a->s[i] < '0' || a->s[i] > '9')
			goto bad;
		v = v * 10 + (a->s[i] - '0');
		if (v > TL_EPOCH_MAX - TL_EPOCH_MIN) {
			snprintf(err, errlen,
			         "%s is out of range (years 0000 to 9999)",
			         what);
			return -1;
		}
	}
	if (a->s[0] == '-')
		v = -v;
	if (v < TL_EPOCH_MIN || v > TL_EPOCH_MAX) {
		snprintf(err, errlen, "%s is out of range (years 0000 to 9999)",
		         what);
		return -1;
	}
	*t = v;
	return 0;
bad:
	snprintf(err, errlen, "%s is not whole epoch seconds", what);
	return -1;
}

/* Checks a LOAD symbol; 0, or -1 with a message in err. */
static int symbol(const struct arg *a, char *out, char *err, size_t errlen)
{
	size_t i;

	if (a->len == 0 || a->len > TL_SYMBOL_MAX) {
		snprintf(err, errlen, "SYM must be 1 to %d bytes",
		         TL_SYMBOL_MAX);
		return -1;
	}
	for (i = 0; i < a->len; i++)
		if ((unsigned char)a->s[i] < 0x20 || a->s[i] == 0x7f) {
			snprintf(err, errlen, "SYM holds a control character");
			return -1;
		}
	memcpy(out, a->s, a->len);
	out[a->len] = '\0';
	return 0;
}

/* Checks a PATTERN name; 0, or -1 with a message in err. */
static int name(const struct arg *a, char *out, char *err, size_t errlen)
{
	size_t i;

	for (i = 0; i < a->len; i++) {
		char ch = a->s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '-'))
			break;
	}
	if (a->len == 0 || a->len > TL_CMD_NAME_MAX || i < a->len) {
		snprintf(err, errlen,
		         "NAME must be 1 to %d of A-Z a-z 0-9 _ and -",
		         TL_CMD_NAME_MAX);
		return -1;
	}
	memcpy(out, a->s, a->len);
	out[a->len] = '\0';
	return 0;
}

int tl_cmd_parse(const char *s, size_t len, struct tl_cmd *c, char *err,
                 size_t errlen)
{
	struct arg a[5];
	size_t klen, n = 0;
	const char *p, *end;
	int k;

	memset(c, 0, sizeof *c);
	s = tl_trim(s, &len, TL_TRIM_SPACE);
	end = s + len;
	klen = 0;
	while (klen < len && s[klen] != ':')
		klen++;
	for (k = 0; k < TL_CMD_COUNT; k++)
		if (strlen(kinds[k].keyword) == klen &&
		    strncasecmp(s, kinds[k].keyword, klen) == 0)
			break;
	if (k == TL_CMD_COUNT)
		return TL_CMD_UNKNOWN;
	c->kind = k;
	/* Split the arguments, one more than expected at most. */
	for (p = s + klen; p < end && n < 5;) {
		const char *q = ++p;

		while (q < end && *q != ':')
			q++;
		a[n].s = p;
		a[n].len = (size_t)(q - p);
		n++;
		p = q;
	}
	if ((int)n != kinds[k].nargs) {
		if (kinds[k].nargs)
			snprintf(err, errlen, "expected %s:%s",
			         kinds[k].keyword, kinds[k].shape);
		else
			snprintf(err, errlen, "expected %s alone",
			         kinds[k].keyword);
		return TL_CMD_MALFORMED;
	}
	switch (k) {
	case TL_CMD_LOAD:
		if (symbol(&a[0], c->symbol, err, errlen) < 0)
			return TL_CMD_MALFORMED;
		break;
	case TL_CMD_TIMEFRAME:
		c->tf = tl_tf_parse(a[0].s, a[0].len);
		if (c->tf < 0) {
			snprintf(err, errlen, "unknown timeframe \"%.*s\" (%s)",
			         (int)(a[0].len > 16 ? 16 : a[0].len), a[0].s,
			         TL_TF_CODES);
			return TL_CMD_MALFORMED;
		}
		break;
	case TL_CMD_TRENDLINE:
		if (when(&a[0], "T1", &c->t1, err, errlen) < 0 ||
		    price(&a[1], "P1", &c->p1, err, errlen) < 0 ||
		    when(&a[2], "T2", &c->t2, err, errlen) < 0 ||
		    price(&a[3], "P2", &c->p2, err, errlen) < 0)
			return TL_CMD_MALFORMED;
		if (c->t1 == c->t2) {
			snprintf(err, errlen, "T1 and T2 are the same time");
			return TL_CMD_MALFORMED;
		}
		break;
	case TL_CMD_PATTERN:
		if (name(&a[0], c->name, err, errlen) < 0 ||
		    when(&a[1], "T_START", &c->t1, err, errlen) < 0 ||
		    when(&a[2], "T_END", &c->t2, err, errlen) < 0)
			return TL_CMD_MALFORMED;
		if (c->t1 > c->t2) {
			snprintf(err, errlen, "T_START is after T_END");
			return TL_CMD_MALFORMED;
		}
		break;
	case TL_CMD_CLEAR:
		break;
	default: /* the one-price commands */
		if (price(&a[0], "PRICE", &c->price, err, errlen) < 0)
			return TL_CMD_MALFORMED;
		break;
	}
	return 0;
}

size_t tl_cmd_format(const struct tl_cmd *c, char *buf)
{
	char a[TL_NUM_MAX], b[TL_NUM_MAX];
	const char *kw = tl_cmd_keyword(c->kind);
	int n;

	switch (c->kind) {
	case TL_CMD_LOAD:
		n = snprintf(buf, TL_CMD_MAX, "%s:%s", kw, c->symbol);
		break;
	case TL_CMD_TIMEFRAME:
		n = snprintf(buf, TL_CMD_MAX, "%s:%s", kw, tl_tf_name(c->tf));
		break;
	case TL_CMD_TRENDLINE:
		tl_num_format(c->p1, a);
		tl_num_format(c->p2, b);
		n = snprintf(buf, TL_CMD_MAX, "%s:%lld:%s:%lld:%s", kw,
		             (long long)c->t1, a, (long long)c->t2, b);
		break;
	case TL_CMD_PATTERN:
		n = snprintf(buf, TL_CMD_MAX, "%s:%s:%lld:%lld", kw, c->name,
		             (long long)c->t1, (long long)c->t2);
		break;
	case TL_CMD_CLEAR:
		n = snprintf(buf, TL_CMD_MAX, "%s", kw);
		break;
	default:
		tl_num_format(c->price, a);
		n = snprintf(buf, TL_CMD_MAX, "%s:%s", kw, a);
		break;
	}
	return n < 0 ? 0 : (size_t)n >= TL_CMD_MAX ? TL_CMD_MAX - 1 : (size_t)n;
}
