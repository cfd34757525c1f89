/* ndjson_diff.h: holds the NDJSON fast path and tl_rec_parse equal to jansson on one input (unit test and fuzz target). */
#ifndef NDJSON_DIFF_H
#define NDJSON_DIFF_H

#include "tl_ndjson.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Returns 1 when the record's fields equal the jansson object's members, in order, bit for bit. */
static int diff_same(const struct tl_rec *r, json_t *j)
{
	const char *key;
	json_t *v;
	size_t i = 0;

	if (!json_is_object(j) || json_object_size(j) != r->n)
		return 0;
	json_object_foreach(j, key, v)
	{
		const struct tl_field *f = &r->f[i++];

		if (f->klen != strlen(key) || memcmp(f->key, key, f->klen) != 0)
			return 0;
		switch (json_typeof(v)) {
		case JSON_STRING:
			if (f->type != TL_V_STR || f->slen != json_string_length(v) ||
			    memcmp(f->s, json_string_value(v), f->slen) != 0)
				return 0;
			break;
		case JSON_INTEGER:
			if (f->type != TL_V_INT || f->i != json_integer_value(v))
				return 0;
			break;
		case JSON_REAL: {
			double a = f->d, b = json_real_value(v);

			if (f->type != TL_V_REAL || memcmp(&a, &b, sizeof a) != 0)
				return 0;
			break;
		}
		case JSON_TRUE:
		case JSON_FALSE:
			if (f->type != TL_V_BOOL || f->b != json_is_true(v))
				return 0;
			break;
		case JSON_NULL:
			if (f->type != TL_V_NULL)
				return 0;
			break;
		default:
			if (f->type != TL_V_JSON || !json_equal(f->json, v))
				return 0;
		}
	}
	return 1;
}

/*
 * Checks one input both ways: when the fast path accepts, jansson accepts
 * the same object; tl_rec_parse accepts exactly when jansson gives an
 * object, with the same members. Returns 0 when all holds, else a code.
 */
static int diff_check(const char *data, size_t len)
{
	struct tl_rec r;
	char *copy = malloc(len + 1);
	json_error_t e;
	json_t *j;
	int fast, full, rc = 0;

	memcpy(copy, data, len);
	copy[len] = '\0';
	j = json_loadb(data, len, JSON_REJECT_DUPLICATES, &e);
	tl_rec_init(&r);
	fast = tl_rec_parse_fast(&r, copy, len);
	if (fast == 0 && (!j || !diff_same(&r, j)))
		rc = 1;
	memcpy(copy, data, len);
	full = tl_rec_parse(&r, copy, len);
	if ((full == 0) != (j && json_is_object(j)))
		rc = 2;
	else if (full == 0 && !diff_same(&r, j))
		rc = 3;
	tl_rec_release(&r);
	json_decref(j);
	free(copy);
	return rc;
}

#endif
