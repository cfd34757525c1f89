/* test_ndjson.c: unit tests for the NDJSON reader and its fast path. */
#include "ndjson_diff.h"
#include "tl_ndjson.h"
#include "tl_test.h"
#include "tl_time.h"

#include <stdint.h>
#include <unistd.h>

static const char *seeds[] = {
    "{\"type\":\"bar\",\"symbol\":\"TSLA\",\"tf\":\"1D\",\"t\":1730678400,"
    "\"o\":242.1,\"h\":248.3,\"l\":238.2,\"c\":246.7,\"v\":81234500}",
    "{\"type\":\"bar\",\"symbol\":\"X\",\"tf\":\"1m\",\"t\":\"2024-01-02T03:04:"
    "05Z\",\"o\":1e2,\"h\":1E+2,\"l\":-0.0,\"c\":-0,\"v\":0,\"final\":false}",
    "  { \"a\" : 1 , \"b\" :\t\"x y\" , \"c\" : null , \"d\" : true }  \r",
    "{}",
    "{\"a\":9223372036854775807,\"b\":-9223372036854775808}",
    "{\"a\":9223372036854775808}",
    "{\"a\":-9223372036854775809}",
    "{\"a\":1,\"a\":2}",
    "{\"a\":\"\\u00e9\",\"b\":\"caf\xc3\xa9\"}",
    "{\"a\":\"\xff\"}",
    "{\"a\":[1,2,{\"b\":null}],\"c\":{\"d\":1.5}}",
    "{\"a\":1e400}",
    "{\"a\":1e-400,\"b\":5e-324,\"c\":2.2250738585072011e-308}",
    "{\"a\":0.1000000000000000055511151231257827021181583404541015625}",
    "{\"a\":01}",
    "{\"a\":1.}",
    "{\"a\":.5}",
    "{\"a\":NaN}",
    "{\"a\":Infinity}",
    "{\"a\":1} x",
    "[1,2]",
    "\"str\"",
    "42",
    "{\"\":\"\"}",
    "{\"a\":\"tab\there\"}",
    "{\"a\":tru}",
    "{\"a\":nulll}",
    "{\"a\":1,}",
    "{,\"a\":1}",
    "{\"a\" 1}",
    "{\"a\":1",
    "{\"a\":\"x",
    "{\"a\":-}",
    "{\"a\":1e5,\"b\":123456789012345678,\"c\":12345678901234567890.5}",
};

static void test_seeds(void)
{
	size_t i;

	for (i = 0; i < sizeof seeds / sizeof *seeds; i++) {
		int rc = diff_check(seeds[i], strlen(seeds[i]));

		if (rc)
			printf("# seed %zu: %d: %s\n", i, rc, seeds[i]);
		TL_EQ_INT(rc, 0);
	}
}

/* Mutates the seeds at random (flips, inserts, deletes, cuts) and holds both
 * parsers equal on each result. */
static void test_mutations(void)
{
	static const char alphabet[] =
	    "{}[]\":,.-+eE0123456789 \t\\untrfalse\x01\x7f\xc3\xa9\xff";
	int i, bad = 0, accepted = 0;
	char buf[512];

	for (i = 0; i < 300000; i++) {
		const char *s =
		    seeds[tl_t_rand() % (sizeof seeds / sizeof *seeds)];
		size_t n = strlen(s), k, m = 1 + tl_t_rand() % 4;

		memcpy(buf, s, n);
		for (k = 0; k < m && n > 0 && n < sizeof buf - 2; k++) {
			size_t pos = tl_t_rand() % n;
			char c = alphabet[tl_t_rand() % (sizeof alphabet - 1)];

			switch (tl_t_rand() % 4) {
			case 0:
				buf[pos] = c;
				break;
			case 1:
				memmove(buf + pos + 1, buf + pos, n - pos);
				buf[pos] = c;
				n++;
				break;
			case 2:
				memmove(buf + pos, buf + pos + 1, n - pos - 1);
				n--;
				break;
			default:
				n = pos + 1;
			}
		}
		{
			int rc = diff_check(buf, n);

			if (rc) {
				bad++;
				printf("# mutation %d: %.*s\n", rc, (int)n,
				       buf);
			}
			if (!rc) {
				json_t *j = json_loadb(
				    buf, n, JSON_REJECT_DUPLICATES, NULL);

				accepted += j != NULL;
				json_decref(j);
			}
		}
	}
	TL_EQ_INT(bad, 0);
	TL_CHECK(accepted > 10000); /* the mutations reach valid inputs too */
}

/* Random flat bar-shaped objects with random numbers: the fast path takes them
 * and agrees. */
static void test_random_bars(void)
{
	int i, bad = 0, declined = 0;
	char buf[512];

	for (i = 0; i < 100000; i++) {
		int n = sprintf(
		    buf, "{\"type\":\"bar\",\"symbol\":\"S%d\",\"t\":%lld",
		    i % 7, (long long)(tl_t_rand() % 4000000000ULL));
		const char *keys[] = {"o", "h", "l", "c", "v"};
		int k;

		for (k = 0; k < 5; k++) {
			uint64_t m = tl_t_rand();
			int frac = (int)(m % 8),
			    e = (int)(tl_t_rand() % 50) - 25;

			n += sprintf(buf + n, ",\"%s\":%s%llu", keys[k],
			             m & 1 ? "-" : "",
			             (unsigned long long)(tl_t_rand() %
			                                  100000000000ULL));
			if (frac)
				n += sprintf(buf + n, ".%0*llu", frac,
				             (unsigned long long)(tl_t_rand() %
				                                  10000000));
			if (m % 3 == 0)
				n += sprintf(buf + n, "e%d", e);
		}
		n += sprintf(buf + n, "}");
		{
			struct tl_rec r;
			char copy[512];

			memcpy(copy, buf, (size_t)n + 1);
			tl_rec_init(&r);
			declined += tl_rec_parse_fast(&r, copy, (size_t)n) != 0;
			tl_rec_release(&r);
		}
		if (diff_check(buf, (size_t)n))
			bad++, printf("# %s\n", buf);
	}
	TL_EQ_INT(bad, 0);
	TL_EQ_INT(declined, 0);
}

static void test_fast_fields(void)
{
	char line[] = "{\"type\":\"bar\",\"n\":-12,\"x\":2.5,\"s\":\"ab\","
	              "\"ok\":true,\"z\":null}";
	struct tl_rec r;
	const struct tl_field *f;

	tl_rec_init(&r);
	TL_EQ_INT(tl_rec_parse_fast(&r, line, strlen(line)), 0);
	TL_EQ_INT(r.n, 6);
	f = tl_rec_get(&r, "n");
	TL_CHECK(f && f->type == TL_V_INT && f->i == -12 && f->d == -12);
	f = tl_rec_get(&r, "s");
	TL_CHECK(f && f->type == TL_V_STR && f->slen == 2);
	TL_EQ_STR(f ? f->s : NULL, "ab");
	TL_EQ_STR(r.f[0].key, "type");
	TL_CHECK(tl_rec_get(&r, "missing") == NULL);
	tl_rec_release(&r);
}

static void test_errors(void)
{
	char a[] = "{\"a\":1,\"a\":2}", b[] = "[1]", c[] = "{\"a\":nope}";
	struct tl_rec r;

	tl_rec_init(&r);
	TL_EQ_INT(tl_rec_parse(&r, a, strlen(a)), -1);
	TL_EQ_STR(r.err, "invalid JSON: duplicate object key near '\"a\"'");
	TL_EQ_INT(tl_rec_parse(&r, b, strlen(b)), -1);
	TL_EQ_STR(r.err, "expected a JSON object");
	TL_EQ_INT(tl_rec_parse(&r, c, strlen(c)), -1);
	TL_EQ_STR(r.err, "invalid JSON: invalid token near 'nope'");
	tl_rec_release(&r);
}

/* Writes text to a temp file and opens a reader on it with cap max. */
static void open_text(struct tl_input *in, const char *text, size_t n,
                      size_t max)
{
	char path[] = "/tmp/tl-ndjson-XXXXXX";
	int fd = mkstemp(path);

	TL_CHECK(fd >= 0);
	TL_CHECK(write(fd, text, n) == (ssize_t)n);
	close(fd);
	TL_EQ_INT(tl_input_open(in, path, max), 0);
	unlink(path);
}

static void test_lines(void)
{
	static const char text[] = "one\ntwo\r\n\n"
	                           "0123456789ABCDEF\nlast";
	struct tl_input in;
	char *line;
	size_t len;

	open_text(&in, text, sizeof text - 1, 10);
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "one");
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "two\r");
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_INT(len, 0);
	TL_EQ_INT(tl_input_next(&in, &line, &len), -1);
	TL_EQ_INT(in.lineno, 4);
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "last");
	TL_EQ_INT(in.lineno, 5);
	TL_EQ_INT(tl_input_next(&in, &line, &len), 0);
	tl_input_close(&in);
}

/* A line far longer than the cap is skipped without being held in memory. */
static void test_long_line(void)
{
	size_t big = 3 * 1024 * 1024, i;
	char *text = malloc(big + 16);
	struct tl_input in;
	char *line;
	size_t len;

	for (i = 0; i < big; i++)
		text[i] = 'x';
	memcpy(text + big, "\nok\n", 4);
	open_text(&in, text, big + 4, 1024);
	TL_EQ_INT(tl_input_next(&in, &line, &len), -1);
	TL_EQ_INT(in.lineno, 1);
	TL_CHECK(in.cap < 512 * 1024);
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "ok");
	TL_EQ_INT(in.lineno, 2);
	TL_EQ_INT(tl_input_next(&in, &line, &len), 0);
	tl_input_close(&in);
	free(text);
}

/* Many lines across buffer refills come back whole and numbered. */
static void test_many_lines(void)
{
	size_t n = 200000, i, off = 0;
	char *text = malloc(n * 12);
	struct tl_input in;
	char *line, want[16];
	size_t len;
	int bad = 0;

	for (i = 0; i < n; i++)
		off += (size_t)sprintf(text + off, "%zu\n", i * 7919 % 1000003);
	open_text(&in, text, off, 0);
	for (i = 0; i < n; i++) {
		sprintf(want, "%zu", i * 7919 % 1000003);
		if (tl_input_next(&in, &line, &len) != 1 ||
		    strcmp(line, want) != 0 || in.lineno != (long)i + 1)
			bad++;
	}
	TL_EQ_INT(bad, 0);
	TL_EQ_INT(tl_input_next(&in, &line, &len), 0);
	tl_input_close(&in);
	free(text);
}

/*
 * With a deadline, a reader over a pipe hands out the whole lines it has,
 * whatever the time, reads nothing more past the deadline, keeps a partial
 * line, waits no longer than the deadline for the rest, and drops an
 * over-long line across waits.
 */
static void test_deadline(void)
{
	struct tl_input in;
	char *line;
	size_t len;
	int p[2];
	int64_t t0;

	TL_CHECK(pipe(p) == 0);
	TL_EQ_INT(tl_input_open(&in, "-", 16), 0);
	in.fd = p[0];
	TL_CHECK(write(p[1], "a\nb\npart", 8) == 8);
	in.deadline = 0; /* long past: nothing is read */
	TL_EQ_INT(tl_input_next(&in, &line, &len), TL_INPUT_WAIT);
	in.deadline = tl_mono_ms() + 1000;
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	in.deadline = 0; /* what was read is handed out */
	TL_EQ_STR(line, "a");
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "b");
	TL_EQ_INT(tl_input_next(&in, &line, &len), TL_INPUT_WAIT);
	t0 = tl_mono_ms();
	in.deadline = t0 + 100;
	TL_EQ_INT(tl_input_next(&in, &line, &len), TL_INPUT_WAIT);
	TL_CHECK(tl_mono_ms() - t0 >= 99);
	TL_CHECK(write(p[1], "ial\n", 4) == 4);
	TL_EQ_INT(tl_input_next(&in, &line, &len), TL_INPUT_WAIT);
	in.deadline = tl_mono_ms() + 1000;
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "partial");
	TL_EQ_INT(in.lineno, 3);
	/* An over-long line is reported at once, its rest dropped later. */
	TL_CHECK(write(p[1], "xxxxxxxxxxxxxxxxxxxx", 20) == 20);
	in.deadline = tl_mono_ms() + 20;
	TL_EQ_INT(tl_input_next(&in, &line, &len), -1);
	TL_EQ_INT(in.lineno, 4);
	TL_EQ_INT(tl_input_next(&in, &line, &len), TL_INPUT_WAIT);
	TL_CHECK(write(p[1], "xxxxxxxxxxxxxxxxxxxx\nok\n", 24) == 24);
	in.deadline = tl_mono_ms() + 1000;
	TL_EQ_INT(tl_input_next(&in, &line, &len), 1);
	TL_EQ_STR(line, "ok");
	TL_EQ_INT(in.lineno, 5);
	close(p[1]);
	in.deadline = -1;
	TL_EQ_INT(tl_input_next(&in, &line, &len), 0);
	tl_input_close(&in); /* closes p[0] */
}

/* Runs tl_rec_write with stdout sent to a temp file and returns what it wrote
 * (static). */
static const char *written(const struct tl_rec *r)
{
	static char got[256];
	char path[] = "/tmp/tl-ndjson-out-XXXXXX";
	int fd = mkstemp(path), saved = dup(1);
	struct tl_w w;
	ssize_t n;

	fflush(stdout);
	dup2(fd, 1);
	tl_w_init(&w, 0);
	tl_rec_write(&w, r);
	tl_w_release(&w);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	n = pread(fd, got, sizeof got - 1, 0);
	got[n > 0 ? n : 0] = '\0';
	close(fd);
	unlink(path);
	return got;
}

static void test_write_roundtrip(void)
{
	char line[] = "{\"a\":[1,2.50,{\"b\":\"x\\n\\u0001\"}],\"c\":0.1,\"d\":"
	              "\"caf\\u00e9\"}";
	char flat[] = "{ \"s\" : \"q\\\"\" , \"n\":-0.0, \"i\":-0, \"e\":1E+2, "
	              "\"z\":null, \"b\":false}";
	struct tl_rec r;

	tl_rec_init(&r);
	TL_EQ_INT(tl_rec_parse(&r, line, strlen(line)), 0);
	TL_EQ_STR(written(&r), "{\"a\":[1,2.5,{\"b\":\"x\\n\\u0001\"}],\"c\":0."
	                       "1,\"d\":\"caf\xc3\xa9\"}\n");
	TL_EQ_INT(tl_rec_parse(&r, flat, strlen(flat)), 0);
	TL_EQ_STR(written(&r), "{\"s\":\"q\\\"\",\"n\":0,\"i\":0,\"e\":100,"
	                       "\"z\":null,\"b\":false}\n");
	tl_rec_release(&r);
}

int main(void)
{
	TL_RUN(test_seeds);
	TL_RUN(test_mutations);
	TL_RUN(test_random_bars);
	TL_RUN(test_fast_fields);
	TL_RUN(test_errors);
	TL_RUN(test_lines);
	TL_RUN(test_long_line);
	TL_RUN(test_many_lines);
	TL_RUN(test_deadline);
	TL_RUN(test_write_roundtrip);
	return TL_DONE();
}
