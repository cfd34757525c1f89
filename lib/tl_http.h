/* tl_http.h: HTTP GET and POST over libcurl, with timeouts, caps and retries.
 */
#ifndef TL_HTTP_H
#define TL_HTTP_H

#include <stddef.h>

/*
 * Every HTTP request of tickline goes through this module, so that every
 * program has the same network manners:
 *
 *   - connect, total (per attempt) and low-speed timeouts;
 *   - a cap on the response body, counted in the write callback: a bigger
 *     body fails at once, whatever Content-Length said;
 *   - up to `attempts` attempts, retried after a timeout, a connection
 *     failure, a cut-off body, and HTTP 408, 429 and 5xx, with a backoff
 *     that doubles (0.5 s, 1 s, 2 s ...), or the server's Retry-After when
 *     it gave one; a Retry-After beyond max_retry_after (60 s) gives up at
 *     once with 75;
 *   - TLS verification on; the http and https protocols only, redirects
 *     included; redirects are followed only by requests that carry no
 *     extra headers, so a key in a header never travels to another host;
 *   - nothing secret in what it prints: URLs in messages and in -v lines
 *     have the values of secret-looking query parameters (apikey=, key=,
 *     token=, crumb=, signature= ...) replaced by "REDACTED" and any
 *     user:password@ dropped; the request's headers and body are never
 *     printed: with opts.verbose, libcurl's verbose output goes through a
 *     debug callback that prints only the request line (redacted), the
 *     reply's status line and a few connection notes, never a header.
 *
 * A client (struct tl_http) wraps one curl handle: reuse it for requests in
 * a row to keep connections (and, with opts.cookies, cookies) between them.
 * A client is for one thread at a time; curl_global_init() is done by
 * tl_http_new() on first use, so create the first client before starting
 * threads. Typical use:
 *
 *	struct tl_http_opts o;
 *	struct tl_http_resp rs;
 *	tl_http_opts_init(&o);
 *	h = tl_http_new(&o);
 *	status = tl_http_get(h, url, &rs);
 *	if (status)                          // 69, 75 or 65: rs.err says why
 *		tl_die(status, "%s", rs.err);
 *	if (rs.status != 200) ...            // a final, non-retryable reply
 *	use rs.body, rs.len;
 *	tl_http_resp_release(&rs);
 *	tl_http_free(h);
 */

/* What a client is made with; tl_http_opts_init() sets the defaults. */
struct tl_http_opts {
	long connect_timeout_ms; /* default 10000 */
	long timeout_ms;      /* whole transfer, per attempt; default 30000 */
	long low_speed_time;  /* abort after this many seconds below */
	long low_speed_limit; /* this many bytes/s (default 30 s, 1 B/s);
	                         0 turns it off */
	size_t max_size;      /* response body cap; default 64 MiB */
	int attempts;         /* default 3; at least 1 */
	long backoff_ms;      /* first wait between attempts; default 500 */
	long max_retry_after; /* seconds; a longer Retry-After gives up at
	                         once with 75; default 60 */
	int verbose;     /* print safe progress lines to stderr ("prog: ...") */
	int cookies;     /* keep the cookies replies set (name=value) and send
	                    them with this client's later requests, to
	                    whatever host: for a client of one service */
	const char *tag; /* prefix of -v lines and messages ("yahoo"), or
	                    NULL; borrowed */
	const char *user_agent; /* default "tickline/VERSION"; borrowed */
};

/* Sets o to the defaults above. */
void tl_http_opts_init(struct tl_http_opts *o);

/*
 * One request. method is "GET" or "POST" (NULL: POST when body is given,
 * else GET). headers is a NULL-terminated list of "Name: value" lines
 * (Authorization, x-api-key, anthropic-version ...), or NULL; they are sent
 * but never printed. A POST sends body[0..body_len) with content_type
 * (default "application/json").
 *
 * on_data, when given, streams the body of a 2xx reply: it is called with
 * each piece as it arrives (for server-sent events, feed the pieces to a
 * tl_sse splitter), and the body is then not kept in the response. Once a
 * piece has been handed over the request is never retried. A non-zero
 * return from on_data stops the transfer: tl_http_do() then returns 0
 * with resp->aborted set. A reply that is not 2xx is kept whole, as for a
 * request without on_data.
 */
struct tl_http_req {
	const char *method;
	const char *url;
	const char *const *headers;
	const char *body;
	size_t body_len;
	const char *content_type;
	int (*on_data)(const char *p, size_t n, void *arg);
	void *arg;
};

/*
 * What came back. body is NUL-terminated (len bytes before the NUL), empty
 * when streamed; content_type is the reply's Content-Type or "". err holds
 * why a request failed, safe to print (no key, no secret query value), as
 * "GET URL: what happened".
 */
struct tl_http_resp {
	long status; /* the HTTP status of the last attempt, 0 when none */
	char *body;
	size_t len;
	char content_type[128];
	long retry_after; /* the last reply's Retry-After in seconds, or -1 */
	int attempts;     /* how many were made */
	int aborted;      /* on_data stopped the transfer */
	char err[512];
};

struct tl_http;

/*
 * Returns a new client with options o (copied; the strings in it are
 * borrowed and must outlive the client). Exits 74 when curl cannot be set
 * up. The caller frees it with tl_http_free(); NULL is a no-op there.
 */
struct tl_http *tl_http_new(const struct tl_http_opts *o);
void tl_http_free(struct tl_http *h);

/*
 * Sends rq, retrying as the rules above say, and fills *resp (which the
 * caller releases with tl_http_resp_release(), whatever is returned).
 * Returns 0 when a reply came that ends the request: a 2xx, or any status
 * that is not retried (a 3xx not followed, a 4xx other than 408 and 429);
 * the caller judges resp->status. Otherwise returns the exit status to end
 * with, with resp->err saying why:
 *   75 (TL_EX_TEMPFAIL) timed out (here, or 408 from the server), or
 *      still 429 after the last attempt, or a Retry-After beyond
 *      max_retry_after: run again later;
 *   69 (TL_EX_UNAVAILABLE) connection failed, 5xx after the last attempt,
 *      body cut off, TLS failure, a redirect to another protocol;
 *   65 (TL_EX_DATA) the body was bigger than max_size.
 */
int tl_http_do(struct tl_http *h, const struct tl_http_req *rq,
               struct tl_http_resp *resp);

/* tl_http_do() of a GET of url with no extra headers. */
int tl_http_get(struct tl_http *h, const char *url, struct tl_http_resp *resp);

/* Frees what resp holds and zeroes it; safe on a zeroed resp. */
void tl_http_resp_release(struct tl_http_resp *resp);

/*
 * Returns url fit to print: the values of query parameters whose names
 * hold "key", "token", "secret", "pass", "sig", "auth", "crumb" or
 * "session" (in any case) become "REDACTED", and a user:password@ before
 * the host is dropped. New string; the caller frees it.
 */
char *tl_http_redact(const char *url);

/*
 * Returns a new string holding s with every character that is not
 * unreserved in RFC 3986 percent-encoded, for a query value or a path
 * segment. The caller frees it.
 */
char *tl_http_escape(const char *s);

/*
 * Returns the secret named by env from the environment, else the value of
 * cfgkey in the config file (tl_config.h, which refuses a file others may
 * read), else NULL. An empty value counts as none. New string or NULL.
 * A program with no key to use exits 78 (TL_EX_CONFIG), naming env.
 */
char *tl_http_key(const char *env, const char *cfgkey);

#endif
