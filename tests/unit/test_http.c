/* test_http.c: tl_http against tests/httpd.py on 127.0.0.1, and tl_sse. */
#include "tl_http.h"
#include "tl_sse.h"
#include "tl_test.h"
#include "tl_util.h"

#include "httpd.h"

#include <time.h>

/* Seconds on the monotonic clock. */
static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A client with fast retries for tests. */
static struct tl_http *client(int attempts, long timeout_ms)
{
	struct tl_http_opts o;

	tl_http_opts_init(&o);
	o.attempts = attempts;
	o.timeout_ms = timeout_ms;
	o.backoff_ms = 50;
	o.tag = "test";
	return tl_http_new(&o);
}

static void test_redact(void)
{
	char *s;

	s = tl_http_redact("https://www.alphavantage.co/query?function=X&"
	                   "symbol=IBM&apikey=SECRET123&datatype=json");
	TL_EQ_STR(s, "https://www.alphavantage.co/query?function=X&symbol=IBM&"
	             "apikey=REDACTED&datatype=json");
	free(s);
	s = tl_http_redact("http://u:pw@h:1/p?access_token=a&Crumb=b&x=1#frag");
	TL_EQ_STR(s, "http://h:1/p?access_token=REDACTED&Crumb=REDACTED&x=1"
	             "#frag");
	free(s);
	s = tl_http_redact("http://h/p?key");
	TL_EQ_STR(s, "http://h/p?key");
	free(s);
	s = tl_http_redact("http://h/p");
	TL_EQ_STR(s, "http://h/p");
	free(s);
	s = tl_http_escape("BRK.B a/b&c=d");
	TL_EQ_STR(s, "BRK.B%20a%2Fb%26c%3Dd");
	free(s);
}

static void test_get(void)
{
	struct httpd srv;
	struct tl_http *h;
	struct tl_http_resp rs;
	char url[128], *log;

	if (httpd_start(&srv, "[{\"path\": \"^/ok\", \"body\": \"hello\", "
	                      "\"headers\": {\"Content-Type\": "
	                      "\"text/plain; charset=utf-8\"}},"
	                      "{\"path\": \"^/missing\", \"status\": 404, "
	                      "\"body\": \"nope\"}]") != 0) {
		TL_CHECK(!"server started");
		return;
	}
	h = client(3, 5000);
	snprintf(url, sizeof url, "%s/ok?a=1", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), 0);
	TL_EQ_INT(rs.status, 200);
	TL_EQ_STR(rs.body, "hello");
	TL_EQ_INT(rs.len, 5);
	TL_EQ_STR(rs.content_type, "text/plain; charset=utf-8");
	TL_EQ_INT(rs.attempts, 1);
	tl_http_resp_release(&rs);

	/* A 404 is a reply, not retried. */
	snprintf(url, sizeof url, "%s/missing", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), 0);
	TL_EQ_INT(rs.status, 404);
	TL_EQ_STR(rs.body, "nope");
	TL_EQ_INT(rs.attempts, 1);
	tl_http_resp_release(&rs);
	tl_http_free(h);
	log = httpd_requests(&srv, NULL);
	TL_EQ_STR(log, "GET /ok?a=1\nGET /missing\n");
	free(log);
	httpd_stop(&srv);
}

/* What the POST child does: one verbose request with secrets in it. */
static struct httpd *post_srv;
static void post_child(void *arg)
{
	static const char *const hdrs[] = {"Authorization: Bearer sk-SECRET1",
	                                   "x-api-key: SECRET2", NULL};
	struct tl_http_opts o;
	struct tl_http_req rq = {0};
	struct tl_http_resp rs;
	struct tl_http *h;
	char url[160];
	int st;

	(void)arg;
	tl_setprog("test_http");
	tl_http_opts_init(&o);
	o.verbose = 1;
	o.backoff_ms = 10;
	o.tag = "llm";
	h = tl_http_new(&o);
	snprintf(url, sizeof url, "%s/v1/chat?key=SECRET3&model=m",
	         post_srv->base);
	rq.url = url;
	rq.headers = hdrs;
	rq.body = "{\"q\":1}";
	rq.body_len = 7;
	st = tl_http_do(h, &rq, &rs);
	if (st == 0 && rs.status == 200 && strcmp(rs.body, "{\"a\":2}") == 0)
		st = 42;
	tl_http_resp_release(&rs);
	tl_http_free(h);
	exit(st);
}

static void test_post_secrets(void)
{
	struct httpd srv;
	char errpath[160], *log, *err;

	if (httpd_start(&srv, "[{\"status\": 500, \"body\": \"oops\"},"
	                      "{\"body\": \"{\\\"a\\\":2}\"}]") != 0) {
		TL_CHECK(!"server started");
		return;
	}
	post_srv = &srv;
	snprintf(errpath, sizeof errpath, "%s/stderr", srv.dir);
	TL_EQ_INT(run_child(post_child, NULL, errpath), 42);
	log = httpd_requests(&srv, ".json");
	/* Both attempts carried the body and the headers. */
	TL_CHECK(strstr(log, "\"body\": \"{\\\"q\\\":1}\"") != NULL);
	TL_CHECK(strstr(log, "Bearer sk-SECRET1") != NULL);
	TL_CHECK(strstr(log, "\"X-Api-Key\": \"SECRET2\"") != NULL ||
	         strstr(log, "\"x-api-key\": \"SECRET2\"") != NULL);
	TL_CHECK(strstr(log, "application/json") != NULL);
	free(log);
	log = httpd_requests(&srv, NULL);
	TL_EQ_STR(log, "POST /v1/chat?key=SECRET3&model=m\n"
	               "POST /v1/chat?key=SECRET3&model=m\n");
	free(log);
	/* -v says what happened and nothing secret. */
	err = httpd_slurp(errpath);
	TL_CHECK(strstr(err, "test_http: llm: POST http://127.0.0.1:") != NULL);
	TL_CHECK(strstr(err, "/v1/chat?key=REDACTED&model=m\n") != NULL);
	TL_CHECK(strstr(err, "HTTP 500; trying again in 0.0 s") != NULL);
	TL_CHECK(strstr(err, "test_http: llm: < HTTP/1.1 200 OK\n") != NULL);
	TL_CHECK(strstr(err, "SECRET") == NULL);
	TL_CHECK(strstr(err, "Bearer") == NULL);
	TL_CHECK(strstr(err, "x-api-key") == NULL);
	TL_CHECK(strstr(err, "{\"q\"") == NULL);
	free(err);
	httpd_stop(&srv);
}

static void test_retries(void)
{
	struct httpd srv;
	struct tl_http *h;
	struct tl_http_resp rs;
	char url[128], want[256];
	double t0;

	if (httpd_start(&srv,
	                "[{\"path\": \"^/ra\", \"status\": 429, \"headers\": "
	                "{\"Retry-After\": \"1\"}, \"body\": \"slow down\"},"
	                "{\"path\": \"^/ra\", \"body\": \"fine\"},"
	                "{\"path\": \"^/busy\", \"status\": 503, \"times\": 3},"
	                "{\"path\": \"^/long\", \"status\": 429, \"headers\": "
	                "{\"Retry-After\": \"120\"}, \"times\": 0},"
	                "{\"path\": \"^/rl\", \"status\": 429, \"times\": 0},"
	                "{\"path\": \"^/hang\", \"hang\": true, \"times\": 0},"
	                "{\"path\": \"^/cut\", \"body\": \"0123456789\", "
	                "\"truncate\": 4, \"times\": 0}]") != 0) {
		TL_CHECK(!"server started");
		return;
	}
	h = client(3, 400);

	/* 429 with Retry-After: 1, then 200: waited the second. */
	snprintf(url, sizeof url, "%s/ra", srv.base);
	t0 = mono();
	TL_EQ_INT(tl_http_get(h, url, &rs), 0);
	TL_CHECK(mono() - t0 >= 0.95);
	TL_EQ_INT(rs.status, 200);
	TL_EQ_STR(rs.body, "fine");
	TL_EQ_INT(rs.attempts, 2);
	tl_http_resp_release(&rs);

	/* 503 three times: 69 after 3 attempts. */
	snprintf(url, sizeof url, "%s/busy", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_UNAVAILABLE);
	TL_EQ_INT(rs.attempts, 3);
	TL_EQ_INT(rs.status, 503);
	snprintf(want, sizeof want, "GET %s: HTTP 503 (after 3 attempts)", url);
	TL_EQ_STR(rs.err, want);
	tl_http_resp_release(&rs);

	/* A Retry-After beyond 60 s gives up at once with 75. */
	snprintf(url, sizeof url, "%s/long", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_TEMPFAIL);
	TL_EQ_INT(rs.attempts, 1);
	snprintf(want, sizeof want,
	         "GET %s: HTTP 429 (Retry-After 120 s, over 60 s: giving up)",
	         url);
	TL_EQ_STR(rs.err, want);
	tl_http_resp_release(&rs);

	/* Still 429 at the last attempt: 75. */
	snprintf(url, sizeof url, "%s/rl", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_TEMPFAIL);
	TL_EQ_INT(rs.attempts, 3);
	tl_http_resp_release(&rs);

	/* A server that never answers: 75 within the attempts' bound. */
	snprintf(url, sizeof url, "%s/hang", srv.base);
	t0 = mono();
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_TEMPFAIL);
	TL_CHECK(mono() - t0 < 3 * 0.4 + 0.05 + 0.1 + 1.0);
	TL_EQ_INT(rs.attempts, 3);
	TL_CHECK(strstr(rs.err, "timed out") != NULL);
	tl_http_resp_release(&rs);

	/* A body cut short of its Content-Length: retried, then 69. */
	snprintf(url, sizeof url, "%s/cut", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_UNAVAILABLE);
	TL_EQ_INT(rs.attempts, 3);
	tl_http_resp_release(&rs);

	/* Nothing listens: 69. */
	tl_http_free(h);
	httpd_stop(&srv);
	h = client(2, 400);
	TL_EQ_INT(tl_http_get(h, srv.base, &rs), TL_EX_UNAVAILABLE);
	TL_EQ_INT(rs.attempts, 2);
	tl_http_resp_release(&rs);
	tl_http_free(h);
}

static void test_caps_and_protocols(void)
{
	struct httpd srv;
	struct tl_http_opts o;
	struct tl_http *h;
	struct tl_http_resp rs;
	char url[128];

	if (httpd_start(&srv,
	                "[{\"path\": \"^/big\", \"body\": \"x\", \"repeat\": "
	                "5000},"
	                "{\"path\": \"^/bigchunks\", \"chunks\": [\"aaaaaa\", "
	                "\"bbbbbb\"], \"times\": 0},"
	                "{\"path\": \"^/redir\", \"status\": 302, \"headers\": "
	                "{\"Location\": \"file:///etc/passwd\"}}]") != 0) {
		TL_CHECK(!"server started");
		return;
	}
	tl_http_opts_init(&o);
	o.max_size = 1000;
	o.backoff_ms = 10;
	h = tl_http_new(&o);
	/* Content-Length over the cap. */
	snprintf(url, sizeof url, "%s/big", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_DATA);
	TL_EQ_INT(rs.attempts, 1);
	tl_http_resp_release(&rs);
	tl_http_free(h);
	/* Chunks without a length, counted in the write callback. */
	o.max_size = 10;
	h = tl_http_new(&o);
	snprintf(url, sizeof url, "%s/bigchunks", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_DATA);
	snprintf(url, sizeof url,
	         "GET %s/bigchunks: reply larger than 10 bytes", srv.base);
	TL_EQ_STR(rs.err, url);
	tl_http_resp_release(&rs);
	/* Other protocols, asked or redirected to. */
	TL_EQ_INT(tl_http_get(h, "file:///etc/passwd", &rs), TL_EX_UNAVAILABLE);
	TL_EQ_INT(rs.attempts, 1);
	tl_http_resp_release(&rs);
	snprintf(url, sizeof url, "%s/redir", srv.base);
	TL_EQ_INT(tl_http_get(h, url, &rs), TL_EX_UNAVAILABLE);
	TL_CHECK(strstr(rs.body, "root") == NULL);
	tl_http_resp_release(&rs);
	tl_http_free(h);
	httpd_stop(&srv);
}

/* Collects events as "name|data;" into a buffer. */
struct events {
	char buf[1024];
	int stop_after;
	int n;
};

static int on_event(const char *name, const char *data, size_t len, void *arg)
{
	struct events *e = arg;
	size_t l = strlen(e->buf);

	snprintf(e->buf + l, sizeof e->buf - l, "%s|%.*s;", name, (int)len,
	         data);
	return ++e->n == e->stop_after ? 7 : 0;
}

static void test_sse(void)
{
	static const char stream[] = "\xEF\xBB\xBF: comment\r\n"
	                             "data: {\"a\":1}\r\n\r\n"
	                             "event: content_block_delta\n"
	                             "data: line1\n"
	                             "data:line2\n"
	                             "id: 9\n\n"
	                             "data\r\r"
	                             "event: ping\n\n"
	                             "data: [DONE]\n\n"
	                             "data: unfinished";
	struct tl_sse s;
	struct events e;
	size_t piece, i;

	/* Whole, and in every piece size: the same events. */
	for (piece = 1; piece <= sizeof stream; piece++) {
		memset(&e, 0, sizeof e);
		tl_sse_init(&s, 1024);
		for (i = 0; i < sizeof stream - 1; i += piece) {
			size_t n = sizeof stream - 1 - i;

			if (n > piece)
				n = piece;
			if (tl_sse_feed(&s, stream + i, n, on_event, &e) != 0)
				break;
		}
		tl_sse_release(&s);
		if (strcmp(e.buf, "|{\"a\":1};content_block_delta|line1\nline2;"
		                  "|;|[DONE];") != 0) {
			TL_EQ_STR(e.buf, "(as above)");
			break;
		}
	}
	TL_CHECK(piece == sizeof stream + 1);

	/* A callback's non-zero return stops the feed. */
	memset(&e, 0, sizeof e);
	e.stop_after = 1;
	tl_sse_init(&s, 1024);
	TL_EQ_INT(tl_sse_feed(&s, stream, sizeof stream - 1, on_event, &e), 7);
	tl_sse_release(&s);

	/* Over the cap. */
	tl_sse_init(&s, 8);
	TL_EQ_INT(tl_sse_feed(&s, "data: 0123456789\n\n", 18, on_event, &e),
	          -1);
	tl_sse_release(&s);
}

/* Streams a chunked SSE reply into a splitter. */
static int on_piece(const char *p, size_t n, void *arg)
{
	struct {
		struct tl_sse s;
		struct events e;
		int pieces;
	} *st = arg;

	st->pieces++;
	return tl_sse_feed(&st->s, p, n, on_event, &st->e);
}

static void test_stream(void)
{
	struct httpd srv;
	struct tl_http *h;
	struct tl_http_req rq = {0};
	struct tl_http_resp rs;
	struct {
		struct tl_sse s;
		struct events e;
		int pieces;
	} st;
	char url[128];

	if (httpd_start(&srv, "[{\"headers\": {\"Content-Type\": "
	                      "\"text/event-stream\"}, \"chunks\": [\"data: "
	                      "{\\\"d\\\":\", \"1}\\n\\n\", \"data: "
	                      "[DONE]\\n\\n\"], \"chunk_delay\": 0.05},"
	                      "{\"status\": 400, \"body\": \"{\\\"error\\\":"
	                      "1}\"}]") != 0) {
		TL_CHECK(!"server started");
		return;
	}
	memset(&st, 0, sizeof st);
	tl_sse_init(&st.s, 4096);
	h = client(3, 5000);
	snprintf(url, sizeof url, "%s/v1/messages", srv.base);
	rq.url = url;
	rq.body = "{}";
	rq.body_len = 2;
	rq.on_data = on_piece;
	rq.arg = &st;
	TL_EQ_INT(tl_http_do(h, &rq, &rs), 0);
	TL_EQ_INT(rs.status, 200);
	TL_EQ_STR(rs.content_type, "text/event-stream");
	TL_EQ_STR(rs.body, "");
	TL_EQ_STR(st.e.buf, "|{\"d\":1};|[DONE];");
	TL_CHECK(st.pieces >= 2);
	tl_http_resp_release(&rs);
	/* A reply that is not 2xx is kept whole, not streamed. */
	st.pieces = 0;
	TL_EQ_INT(tl_http_do(h, &rq, &rs), 0);
	TL_EQ_INT(rs.status, 400);
	TL_EQ_STR(rs.body, "{\"error\":1}");
	TL_EQ_INT(st.pieces, 0);
	tl_http_resp_release(&rs);
	tl_sse_release(&st.s);
	tl_http_free(h);
	httpd_stop(&srv);
}

int main(void)
{
	TL_RUN(test_redact);
	TL_RUN(test_get);
	TL_RUN(test_post_secrets);
	TL_RUN(test_retries);
	TL_RUN(test_caps_and_protocols);
	TL_RUN(test_sse);
	TL_RUN(test_stream);
	return TL_DONE();
}
