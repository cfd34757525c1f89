/* tl_barin.c: reading checked bar records from the operand files. */
#include "tl_barin.h"
#include "tl_util.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

void tl_barin_init(struct tl_barin *r, char **paths, int npaths,
                   size_t max_line, struct tl_bad *bad)
{
	memset(r, 0, sizeof *r);
	r->paths = paths;
	r->npaths = npaths;
	r->max_line = max_line;
	r->bad = bad;
	r->deadline = -1;
	tl_rec_init(&r->rec);
}

void tl_barin_bad(struct tl_barin *r, const char *msg)
{
	tl_bad_line(r->bad, r->in.name, r->in.lineno, msg);
}

/* Opens the next operand; returns 0 when there is none left. */
static int open_next(struct tl_barin *r)
{
	const char *path;

	if (r->next >= (r->npaths ? r->npaths : 1))
		return 0;
	path = r->npaths ? r->paths[r->next] : "-";
	r->next++;
	if ((r->deadline >= 0 ? tl_input_open_nowait
	                      : tl_input_open)(&r->in, path, r->max_line) < 0)
		tl_die(TL_EX_NOINPUT, "%s: %s", path, strerror(errno));
	r->in.deadline = r->deadline;
	r->open = 1;
	return 1;
}

int tl_barin_next(struct tl_barin *r, struct tl_bar *b)
{
	for (;;) {
		const struct tl_field *type;
		char *line;
		size_t len;
		int got;

		if (!r->open && !open_next(r))
			return TL_BARIN_END;
		got = tl_input_next(&r->in, &line, &len);
		if (got == 0) {
			tl_input_close(&r->in);
			r->open = 0;
			continue;
		}
		if (got < 0) {
			if (got == TL_INPUT_WAIT)
				return TL_BARIN_WAIT;
			snprintf(r->err, sizeof r->err,
			         "line longer than %zu bytes (see --max-line)",
			         r->max_line);
			tl_barin_bad(r, r->err);
			continue;
		}
		if (tl_blank(line, len))
			continue;
		if (tl_rec_parse(&r->rec, line, len) < 0) {
			tl_barin_bad(r, r->rec.err);
			continue;
		}
		type = tl_rec_get(&r->rec, "type");
		if (type &&
		    !(type->type == TL_V_STR && strcmp(type->s, "bar") == 0))
			return TL_BARIN_OTHER;
		if (tl_bar_from_rec(&r->rec, b, r->err, sizeof r->err) < 0 ||
		    tl_bar_check(b, r->err, sizeof r->err) < 0) {
			tl_barin_bad(r, r->err);
			continue;
		}
		return TL_BARIN_BAR;
	}
}

int tl_barin_next_wait(struct tl_barin *r, struct tl_bar *b, int64_t deadline)
{
	r->deadline = r->in.deadline = deadline;
	return tl_barin_next(r, b);
}

void tl_barin_release(struct tl_barin *r)
{
	if (r->open)
		tl_input_close(&r->in);
	r->open = 0;
	tl_rec_release(&r->rec);
}
