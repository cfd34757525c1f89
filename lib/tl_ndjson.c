/* tl_ndjson.c: capped lines, a flat-object fast path, jansson for the rest. */
#include "tl_ndjson.h"
#include "tl_num.h"
#include "tl_time.h"
#include "tl_util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define IN_CHUNK (64 * 1024)

/* Fast path: objects with more keys than this go to jansson (it hashes). */
#define FAST_MAX_KEYS 32

/* Opens path as tl_input_open() does, with extra open() flags. */
static int input_open(struct tl_input *in, const char *path, size_t max_line,
                      int flags)
{
	memset(in, 0, sizeof *in);
	if (!path || strcmp(path, "-") == 0) {
		in->name = "<stdin>";
		in->fd = 0;
	} else {
		in->name = path;
		struct stat st;

		in->fd = open(path, O_RDONLY | O_CLOEXEC | flags);
		if (in->fd < 0)
			return -1;
		if (flags & O_NONBLOCK)
			fcntl(in->fd, F_SETFL,
			      fcntl(in->fd, F_GETFL) & ~O_NONBLOCK);
		if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
			close(in->fd);
			errno = EISDIR;
			return -1;
		}
	}
	in->deadline = -1;
	in->max_line = max_line ? max_line : TL_MAX_LINE_DEFAULT;
	in->cap = IN_CHUNK * 2;
	in->buf = tl_malloc(in->cap);
	return 0;
}

int tl_input_open(struct tl_input *in, const char *path, size_t max_line)
{
	return input_open(in, path, max_line, 0);
}

int tl_input_open_nowait(struct tl_input *in, const char *path, size_t max_line)
{
	return input_open(in, path, max_line, O_NONBLOCK);
}

void tl_input_close(struct tl_input *in)
{
	if (in->fd > 0)
		close(in->fd);
	in->fd = -1;
	free(in->buf);
	in->buf = NULL;
}

/* Reads more bytes after in->end; returns the count, 0 at end of file. */
static size_t fill(struct tl_input *in)
{
	ssize_t n;

	if (in->start > 0 &&
	    (in->start == in->end || in->cap - in->end < IN_CHUNK)) {
		memmove(in->buf, in->buf + in->start, in->end - in->start);
		in->end -= in->start;
		in->start = 0;
	}
	if (in->cap - in->end < IN_CHUNK + 1) {
		in->cap *= 2;
		in->buf = tl_realloc(in->buf, in->cap);
	}
	do
		n = read(in->fd, in->buf + in->end, in->cap - in->end - 1);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		tl_die(TL_EX_IOERR, "%s: read error: %s", in->name,
		       strerror(errno));
	if (n == 0)
		in->eof = 1;
	in->end += (size_t)n;
	return (size_t)n;
}

/*
 * Waits until in's file has bytes to read, or its end, for at most the
 * time left to in->deadline. Returns 1 when it has, 0 when the deadline
 * has come (then nothing more is read: what was read is handed out first,
 * and the caller's turn comes before more) or a signal broke the wait.
 */
static int ready(struct tl_input *in)
{
	struct pollfd p;
	int64_t left = in->deadline - tl_mono_ms();
	int n;

	if (left <= 0)
		return 0;
	p.fd = in->fd;
	p.events = POLLIN;
	p.revents = 0;
	n = poll(&p, 1, left > INT_MAX ? INT_MAX : (int)left);
	if (n < 0 && errno != EINTR)
		tl_die(TL_EX_IOERR, "%s: poll: %s", in->name, strerror(errno));
	return n > 0;
}

/*
 * Discards the rest of an over-long line through its newline. Returns 1
 * when done, 0 when the deadline came first (in->skipping then says the
 * next call goes on with it).
 */
static int skip_line(struct tl_input *in)
{
	in->skipping = 1;
	for (;;) {
		char *nl =
		    memchr(in->buf + in->start, '\n', in->end - in->start);

		if (nl) {
			in->start = (size_t)(nl - in->buf) + 1;
			break;
		}
		in->start = in->end = 0;
		if (in->eof)
			break;
		if (in->deadline >= 0 && !ready(in))
			return 0;
		if (!fill(in))
			break;
	}
	in->skipping = 0;
	return 1;
}

int tl_input_next(struct tl_input *in, char **line, size_t *len)
{
	size_t scanned = 0;

	for (;;) {
		char *s = in->buf + in->start;
		size_t avail = in->end - in->start;
		char *nl = memchr(s + scanned, '\n', avail - scanned);

		if (nl) {
			size_t n = (size_t)(nl - s);

			in->lineno++;
			in->start += n + 1;
			if (n > in->max_line)
				return -1;
			*nl = '\0';
			*line = s;
			*len = n;
			return 1;
		}
		scanned = avail;
		if (in->skipping) {
			/* An over-long line's rest, left at a deadline. */
			if (!skip_line(in))
				return TL_INPUT_WAIT;
			scanned = 0;
			continue;
		}
		if (avail > in->max_line) {
			in->lineno++;
			skip_line(in);
			return -1;
		}
		if (in->eof) {
			if (!avail)
				return 0;
			/* A last line without its newline. */
			in->lineno++;
			s[avail] = '\0';
			in->start = in->end;
			*line = s;
			*len = avail;
			return 1;
		}
		if (in->deadline >= 0 && !ready(in))
			return TL_INPUT_WAIT;
		fill(in);
	}
}

void tl_rec_init(struct tl_rec *r)
{
	memset(r, 0, sizeof *r);
}

void tl_rec_release(struct tl_rec *r)
{
	free(r->f);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

static struct tl_field *add_field(struct tl_rec *r)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->f = tl_realloc(r->f, r->cap * sizeof *r->f);
	}
	memset(&r->f[r->n], 0, sizeof r->f[r->n]);
	return &r->f[r->n++];
}

static int isws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int tl_blank(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isws(line[i]))
			return 0;
	return 1;
}

/*
 * Scans a string body from p (after its opening quote) to its closing quote
 * and returns a pointer to that quote, or NULL when the string holds a
 * byte the fast path leaves to jansson: an escape, a control byte or any
 * non-ASCII byte (jansson checks UTF-8), or the line ends first.
 */
static char *scan_str(char *p, const char *e)
{
	for (; p < e; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			return p;
		if (c < 0x20 || c == '\\' || c >= 0x80)
			return NULL;
	}
	return NULL;
}

/* Parses a JSON integer token as jansson does; -1 when beyond long long. */
static int parse_int(const char *p, const char *e, long long *v)
{
	int neg = *p == '-';
	uint64_t u = 0,
	         lim = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;

	if (neg)
		p++;
	for (; p < e; p++) {
		unsigned d = (unsigned)(*p - '0');

		if (u > (lim - d) / 10)
			return -1;
		u = u * 10 + d;
	}
	if (neg)
		*v = u == (uint64_t)INT64_MAX + 1 ? INT64_MIN : -(long long)u;
	else
		*v = (long long)u;
	return 0;
}

/*
 * Scans and converts a JSON number token at p into f (an integer as jansson
 * reads one, or the double strtod gives), in one pass for the common
 * shapes. Returns the token's end, or NULL to decline (not a number by the
 * grammar, an integer beyond long long, a real that overflows).
 */
static char *scan_num(char *p, const char *e, struct tl_field *f)
{
	char *start = p;
	uint64_t w = 0;
	int neg = 0, nd = 0, frac = 0, isint = 1;
	long ex = 0;

	if (*p == '-')
		neg = 1, p++;
	if (p == e || *p < '0' || *p > '9')
		return NULL;
	if (*p == '0')
		p++;
	else
		for (; p < e && *p >= '0' && *p <= '9'; p++, nd++)
			w = w * 10 + (uint64_t)(*p - '0');
	if (p < e && *p == '.') {
		isint = 0;
		p++;
		if (p == e || *p < '0' || *p > '9')
			return NULL;
		for (; p < e && *p >= '0' && *p <= '9'; p++, frac++) {
			if (w || *p != '0')
				nd++;
			w = w * 10 + (uint64_t)(*p - '0');
		}
	}
	if (p < e && (*p == 'e' || *p == 'E')) {
		int eneg = 0;

		isint = 0;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		if (p == e || *p < '0' || *p > '9')
			return NULL;
		for (; p < e && *p >= '0' && *p <= '9'; p++)
			if (ex < 100000)
				ex = ex * 10 + (*p - '0');
		if (eneg)
			ex = -ex;
	}
	if (isint) {
		f->type = TL_V_INT;
		if (nd <= 18)
			f->i = neg ? -(long long)w : (long long)w;
		else if (parse_int(start, p, &f->i) < 0)
			return NULL;
		f->d = (double)f->i;
		return p;
	}
	f->type = TL_V_REAL;
	ex -= frac;
	/* With at most 19 digits w is exact. */
	if (nd <= 19 && tl_num_exact(w, neg, ex, &f->d) == 0)
		return p;
	if (tl_num_parse(start, (size_t)(p - start), 0, &f->d) < 0)
		return NULL;
	return p;
}

int tl_rec_parse_fast(struct tl_rec *r, char *line, size_t len)
{
	char *p = line, *e = line + len;
	size_t i, j;

	json_decref(r->json);
	r->json = NULL;
	r->n = 0;
	while (p < e && isws(*p))
		p++;
	if (p == e || *p++ != '{')
		return 1;
	while (p < e && isws(*p))
		p++;
	if (p < e && *p == '}') {
		p++;
		goto close;
	}
	for (;;) {
		struct tl_field *f;
		char *q;

		if (p == e || *p != '"' || r->n == FAST_MAX_KEYS)
			return 1;
		q = scan_str(p + 1, e);
		if (!q)
			return 1;
		f = add_field(r);
		f->key = p + 1;
		f->klen = (size_t)(q - p - 1);
		p = q + 1;
		while (p < e && isws(*p))
			p++;
		if (p == e || *p++ != ':')
			return 1;
		while (p < e && isws(*p))
			p++;
		if (p == e)
			return 1;
		switch (*p) {
		case '"':
			q = scan_str(p + 1, e);
			if (!q)
				return 1;
			f->type = TL_V_STR;
			f->s = p + 1;
			f->slen = (size_t)(q - p - 1);
			p = q + 1;
			break;
		case 't':
			if (e - p < 4 || memcmp(p, "true", 4) != 0)
				return 1;
			f->type = TL_V_BOOL;
			f->b = 1;
			p += 4;
			break;
		case 'f':
			if (e - p < 5 || memcmp(p, "false", 5) != 0)
				return 1;
			f->type = TL_V_BOOL;
			f->b = 0;
			p += 5;
			break;
		case 'n':
			if (e - p < 4 || memcmp(p, "null", 4) != 0)
				return 1;
			f->type = TL_V_NULL;
			p += 4;
			break;
		default:
			q = scan_num(p, e, f);
			if (!q)
				return 1;
			p = q;
		}
		while (p < e && isws(*p))
			p++;
		if (p == e)
			return 1;
		if (*p == ',') {
			p++;
			while (p < e && isws(*p))
				p++;
			continue;
		}
		if (*p++ != '}')
			return 1;
		break;
	}
close:
	while (p < e && isws(*p))
		p++;
	if (p != e)
		return 1;
	for (i = 1; i < r->n; i++)
		for (j = 0; j < i; j++)
			if (r->f[i].klen == r->f[j].klen &&
			    r->f[i].key[0] == r->f[j].key[0] &&
			    memcmp(r->f[i].key, r->f[j].key, r->f[i].klen) == 0)
				return 1;
	/* Accepted: terminate keys and strings in place (over their quotes). */
	for (i = 0; i < r->n; i++) {
		struct tl_field *f = &r->f[i];

		((char *)f->key)[f->klen] = '\0';
		if (f->type == TL_V_STR)
			((char *)f->s)[f->slen] = '\0';
	}
	return 0;
}

/* Fills r's fields from the jansson object r->json (borrowed pointers). */
static void from_json(struct tl_rec *r)
{
	const char *key;
	json_t *v;

	r->n = 0;
	json_object_foreach(r->json, key, v)
	{
		struct tl_field *f = add_field(r);

		f->key = key;
		f->klen = strlen(key);
		switch (json_typeof(v)) {
		case JSON_STRING:
			f->type = TL_V_STR;
			f->s = json_string_value(v);
			f->slen = json_string_length(v);
			break;
		case JSON_INTEGER:
			f->type = TL_V_INT;
			f->i = json_integer_value(v);
			f->d = (double)f->i;
			break;
		case JSON_REAL:
			f->type = TL_V_REAL;
			f->d = json_real_value(v);
			break;
		case JSON_TRUE:
		case JSON_FALSE:
			f->type = TL_V_BOOL;
			f->b = json_is_true(v);
			break;
		case JSON_NULL:
			f->type = TL_V_NULL;
			break;
		default:
			f->type = TL_V_JSON;
			f->json = v;
		}
	}
}

int tl_rec_parse(struct tl_rec *r, char *line, size_t len)
{
	json_error_t jerr;

	r->err[0] = '\0';
	if (tl_rec_parse_fast(r, line, len) == 0)
		return 0;
	r->n = 0;
	r->json = json_loadb(line, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!r->json) {
		const char *nul = memchr(line, '\0', len);

		if (nul)
			snprintf(r->err, sizeof r->err,
			         "invalid JSON: NUL byte at column %zu (binary "
			         "data?)",
			         (size_t)(nul - line) + 1);
		else
			snprintf(r->err, sizeof r->err, "invalid JSON: %s",
			         jerr.text);
		return -1;
	}
	if (!json_is_object(r->json)) {
		json_decref(r->json);
		r->json = NULL;
		snprintf(r->err, sizeof r->err, "expected a JSON object");
		return -1;
	}
	from_json(r);
	return 0;
}

const struct tl_field *tl_rec_get(const struct tl_rec *r, const char *key)
{
	size_t i, n = strlen(key);

	for (i = 0; i < r->n; i++)
		if (r->f[i].klen == n && memcmp(r->f[i].key, key, n) == 0)
			return &r->f[i];
	return NULL;
}

json_t *tl_rec_to_json(const struct tl_rec *r)
{
	json_t *o;
	size_t i;

	if (r->json)
		return json_deep_copy(r->json);
	o = json_object();
	for (i = 0; i < r->n; i++) {
		const struct tl_field *f = &r->f[i];
		json_t *v;

		switch (f->type) {
		case TL_V_NULL:
			v = json_null();
			break;
		case TL_V_BOOL:
			v = json_boolean(f->b);
			break;
		case TL_V_INT:
			v = json_integer(f->i);
			break;
		case TL_V_REAL:
			v = json_real(f->d);
			break;
		case TL_V_STR:
			v = json_stringn(f->s, f->slen);
			break;
		default:
			v = json_incref(f->json);
		}
		json_object_set_new(o, f->key, v);
	}
	return o;
}

void tl_w_json(struct tl_w *w, const json_t *v)
{
	char tmp[24];
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *m;
		int first = 1;

		tl_w_raw(w, "{", 1);
		json_object_foreach((json_t *)v, key, m)
		{
			if (!first)
				tl_w_raw(w, ",", 1);
			first = 0;
			tl_w_quote(w, key, strlen(key));
			tl_w_raw(w, ":", 1);
			tl_w_json(w, m);
		}
		tl_w_raw(w, "}", 1);
		break;
	}
	case JSON_ARRAY:
		tl_w_raw(w, "[", 1);
		for (i = 0; i < json_array_size(v); i++) {
			if (i)
				tl_w_raw(w, ",", 1);
			tl_w_json(w, json_array_get(v, i));
		}
		tl_w_raw(w, "]", 1);
		break;
	case JSON_STRING:
		tl_w_quote(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		tl_w_raw(w, tmp,
		         (size_t)snprintf(tmp, sizeof tmp, "%lld",
		                          (long long)json_integer_value(v)));
		break;
	case JSON_REAL:
		if (isfinite(json_real_value(v)))
			tl_w_number(w, json_real_value(v));
		else
			tl_w_raw(w, "null", 4);
		break;
	case JSON_TRUE:
		tl_w_raw(w, "true", 4);
		break;
	case JSON_FALSE:
		tl_w_raw(w, "false", 5);
		break;
	default:
		tl_w_raw(w, "null", 4);
	}
}

void tl_rec_write(struct tl_w *w, const struct tl_rec *r)
{
	size_t i;

	tl_w_begin(w);
	for (i = 0; i < r->n; i++) {
		const struct tl_field *f = &r->f[i];

		if (i)
			tl_w_raw(w, ",", 1);
		w->first = 0;
		tl_w_quote(w, f->key, f->klen);
		tl_w_raw(w, ":", 1);
		switch (f->type) {
		case TL_V_NULL:
			tl_w_raw(w, "null", 4);
			break;
		case TL_V_BOOL:
			if (f->b)
				tl_w_raw(w, "true", 4);
			else
				tl_w_raw(w, "false", 5);
			break;
		case TL_V_INT: {
			char tmp[24];

			tl_w_raw(
			    w, tmp,
			    (size_t)snprintf(tmp, sizeof tmp, "%lld", f->i));
			break;
		}
		case TL_V_REAL:
			tl_w_number(w, f->d);
			break;
		case TL_V_STR:
			tl_w_quote(w, f->s, f->slen);
			break;
		default:
			tl_w_json(w, f->json);
		}
	}
	tl_w_end(w);
}
