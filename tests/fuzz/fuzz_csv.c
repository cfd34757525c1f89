/* fuzz_csv.c: libFuzzer target for the CSV splitter and the importer. */
/*
 * The input is lines split at '\n'. Leading lines "#tf TF", "#repair" and
 * "#map COL=NAME,..." set the importer's options and are not fed; a line
 * longer than MAX_LINE is fed as one that could not be read, as a program's
 * --max-line does. Each line is also split by tl_csv_split() on its own.
 */
#include "tl_csv.h"
#include "tl_import.h"
#include "tl_ndjson.h"
#include "tl_time.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_LINE 512
#define MAX_MAP  8

/* What the importer gave so far, and what it must still hold to. */
struct state {
	struct tl_import *im;
	unsigned char *seen; /* per line number: an output named it */
	long nlines;         /* lines fed */
	long nrows;          /* non-blank lines fed (the header among them) */
	long nout;           /* bars and bad lines out */
	int failed;
	int have_bar;
	int64_t last_t;
};

/* Checks tl_csv_split() on a copy of line[0..len). */
static void check_split(struct tl_csv *c, const char *line, size_t len)
{
	char *buf = malloc(len + 1);
	size_t i, n, commas = 0;

	memcpy(buf, line, len);
	buf[len] = '\0';
	if (tl_csv_split(c, buf, len) == 0) {
		if (c->n == 0)
			abort();
		for (i = 0; i < c->n; i++)
			if (c->f[i] < buf || c->f[i] + c->len[i] > buf + len ||
			    c->f[i][c->len[i]] != '\0')
				abort();
		/* Without quotes: the fields are the text between commas. */
		n = len && line[len - 1] == '\r' ? len - 1 : len;
		if (!memchr(line, '"', n)) {
			size_t at = 0;

			for (i = 0; i < n; i++)
				commas += line[i] == ',';
			if (c->n != commas + 1)
				abort();
			for (i = 0; i < c->n; i++) {
				if (memcmp(line + at, c->f[i], c->len[i]) != 0)
					abort();
				at += c->len[i] + 1;
			}
			if (at != n + 1)
				abort();
		}
	} else if (!memchr(line, '"', len)) {
		abort(); /* only quotes can be wrong */
	}
	free(buf);
}

/* Takes the importer's outputs, aborting on a broken promise. */
static void drain(struct state *st)
{
	struct tl_import_ev ev;

	while (tl_import_next(st->im, &ev)) {
		if (st->failed)
			abort(); /* nothing after a failure */
		if (ev.kind == TL_IMPORT_FAIL) {
			if (ev.lineno < 0 || ev.lineno > st->nlines + 1 ||
			    !ev.msg || !*ev.msg || ev.bar)
				abort();
			st->failed = 1;
			continue;
		}
		if (ev.lineno < 1 || ev.lineno > st->nlines ||
		    st->seen[ev.lineno])
			abort(); /* one output per line, for a line fed */
		st->seen[ev.lineno] = 1;
		st->nout++;
		if (ev.kind == TL_IMPORT_BAD) {
			if (!ev.msg || !*ev.msg || strlen(ev.msg) > 255 ||
			    ev.bar)
				abort();
			continue;
		}
		if (ev.kind != TL_IMPORT_BAR || !ev.bar || ev.msg)
			abort();
		{
			const struct tl_bar *b = ev.bar;
			double hi = b->o > b->c ? b->o : b->c;
			double lo = b->o < b->c ? b->o : b->c;

			if (!isfinite(b->o) || !isfinite(b->h) ||
			    !isfinite(b->l) || !isfinite(b->c) ||
			    !isfinite(b->v) || b->h < hi || b->l > lo ||
			    b->v < 0)
				abort();
			if (b->tf < 0 || b->tf >= TL_TF_COUNT ||
			    b->tf != tl_import_tf(st->im) || !b->final ||
			    strcmp(b->symbol, "FUZZ") != 0)
				abort();
			if (st->have_bar && b->t <= st->last_t)
				abort(); /* time must rise */
			if (b->tf >= TL_TF_1D &&
			    tl_tf_floor(b->tf, b->t) != b->t)
				abort(); /* days and up start their period */
			st->have_bar = 1;
			st->last_t = b->t;
		}
	}
}

/* Returns s[0..len) without blanks around it, NUL-terminated in place. */
static char *trim(char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	s[len] = '\0';
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/*
 * Reads a "#map" spec (modified in place) into map, as bars-import takes
 * it but dropping what it would reject. Returns the number of items.
 */
static size_t read_map(char *spec, struct tl_import_map *map)
{
	size_t n = 0, i;
	char *item = spec;

	while (item && n < MAX_MAP) {
		char *next = strchr(item, ','), *eq, *col;
		int field;

		if (next)
			*next++ = '\0';
		eq = strrchr(item, '=');
		if (eq) {
			*eq = '\0';
			col = trim(item, strlen(item));
			field =
			    tl_import_field_parse(trim(eq + 1, strlen(eq + 1)));
			for (i = 0; i < n; i++)
				if (map[i].field == field ||
				    strcasecmp(map[i].col, col) == 0)
					break;
			if (field >= 0 && *col && i == n) {
				map[n].col = col;
				map[n].field = field;
				n++;
			}
		}
		item = next;
	}
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tl_import_map map[MAX_MAP];
	struct tl_import_opts o = {"FUZZ", -1, 0, map, 0, NULL};
	struct state st;
	struct tl_csv csv;
	char *text = malloc(size + 1), *p, *end;

	memcpy(text, data, size);
	text[size] = '\0';
	p = text;
	end = text + size;
	/* The options, from leading "#" lines. */
	while (p < end && *p == '#') {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		p[len] = '\0';
		if (strncmp(p, "#tf ", 4) == 0)
			o.tf = tl_tf_parse(p + 4, len - 4);
		else if (strcmp(p, "#repair") == 0)
			o.repair = 1;
		else if (strncmp(p, "#map ", 5) == 0 && o.nmap == 0)
			o.nmap = read_map(p + 5, map);
		p += len + 1;
	}
	memset(&st, 0, sizeof st);
	st.seen = calloc(size + 2, 1);
	st.im = tl_import_new(&o);
	tl_csv_init(&csv);
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = malloc(len + 1), *s = line;
		size_t slen = len;

		memcpy(line, p, len);
		line[len] = '\0';
		check_split(&csv, line, len);
		st.nlines++;
		if (st.nlines == 1 && slen >= 3 &&
		    memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3, slen -= 3;
		if (len > MAX_LINE) {
			st.nrows++;
			tl_import_bad_line(st.im, st.nlines, "line too long");
		} else {
			st.nrows += !tl_blank(s, slen);
			tl_import_line(st.im, st.nlines, line, len);
		}
		free(line);
		drain(&st);
		if (st.nout > st.nrows)
			abort();
		p += len + 1;
	}
	tl_import_end(st.im);
	drain(&st);
	/* Every row is a bar or a bad line: all but the header. */
	if (!st.failed && st.nout != st.nrows && st.nout != st.nrows - 1)
		abort();
	if (!st.failed && st.nrows == 0)
		abort(); /* an empty input fails */
	tl_import_free(st.im);
	tl_csv_release(&csv);
	free(st.seen);
	free(text);
	return 0;
}
