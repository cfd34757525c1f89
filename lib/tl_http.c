/* tl_http.c: HTTP requests over libcurl with timeouts, a size cap, retries and
 * redaction. */
#include "tl_http.h"

#include <ctype.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "tl_config.h"
#include "tl_util.h"

struct tl_http {
	CURL *curl;
	struct tl_http_opts o;
	char *jar; /* "a=1; b=2": the cookies replies set, or NULL */
	char ua[64];
};

void tl_http_opts_init(struct tl_http_opts *o)
{
	memset(o, 0, sizeof *o);
	o->connect_timeout_ms = 10000;
	o->timeout_ms = 30000;
	o->low_speed_time = 30;
	o->low_speed_limit = 1;
	o->max_size = (size_t)64 << 20;
	o->attempts = 3;
	o->backoff_ms = 500;
	o->max_retry_after = 60;
}

struct tl_http *tl_http_new(const struct tl_http_opts *o)
{
	static int inited;
	struct tl_http *h;

	if (!inited) {
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
			tl_die(TL_EX_IOERR, "cannot set up libcurl");
		inited = 1;
	}
	h = tl_calloc(1, sizeof *h);
	h->o = *o;
	if (h->o.attempts < 1)
		h->o.attempts = 1;
	if (!(h->curl = curl_easy_init()))
		tl_die(TL_EX_IOERR, "cannot set up libcurl");
	snprintf(h->ua, sizeof h->ua, "tickline/%s", TL_VERSION);
	return h;
}

void tl_http_free(struct tl_http *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free(h->jar);
	free(h);
}

void tl_http_resp_release(struct tl_http_resp *resp)
{
	free(resp->body);
	memset(resp, 0, sizeof *resp);
	resp->retry_after = -1;
}

/* Returns 1 when a query parameter named name[0..n) holds a secret. */
static int secret_name(const char *name, size_t n)
{
	static const char *const words[] = {"key",   "token",  "secret",
	                                    "pass",  "sig",    "auth",
	                                    "crumb", "session"};
	size_t i, j;

	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		size_t w = strlen(words[i]);

		for (j = 0; j + w <= n; j++)
			if (strncasecmp(name + j, words[i], w) == 0)
				return 1;
	}
	return 0;
}

char *tl_http_redact(const char *url)
{
	size_t n = strlen(url), len = 0, cap = n + 64;
	char *out = tl_malloc(cap);
	const char *p = url, *scheme = strstr(url, "://"), *q;

	/* Drop user:password@ between "://" and the host's end. */
	if (scheme) {
		const char *host = scheme + 3;
		size_t hlen = strcspn(host, "/?#");
		const char *at = memchr(host, '@', hlen);

		memcpy(out, url, (size_t)(host - url));
		len = (size_t)(host - url);
		p = at ? at + 1 : host;
	}
	q = strchr(p, '?');
	if (!q) {
		memcpy(out + len, p, strlen(p) + 1);
		return out;
	}
	memcpy(out + len, p, (size_t)(q - p) + 1);
	len += (size_t)(q - p) + 1;
	p = q + 1;
	while (*p && *p != '#') {
		size_t item = strcspn(p, "&#");
		const char *eq = memchr(p, '=', item);
		size_t nlen = eq ? (size_t)(eq - p) : item;

		if (len + item + 16 > cap)
			out = tl_realloc(out, cap = 2 * cap + item + 16);
		if (eq && secret_name(p, nlen)) {
			memcpy(out + len, p, nlen + 1);
			len += nlen + 1;
			memcpy(out + len, "REDACTED", 8);
			len += 8;
		} else {
			memcpy(out + len, p, item);
			len += item;
		}
		p += item;
		if (*p == '&')
			out[len++] = *p++;
	}
	if (len + strlen(p) + 1 > cap)
		out = tl_realloc(out, len + strlen(p) + 1);
	memcpy(out + len, p, strlen(p) + 1);
	return out;
}

char *tl_http_escape(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = tl_malloc(3 * strlen(s) + 1), *o = out;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

char *tl_http_key(const char *env, const char *cfgkey)
{
	const char *v = getenv(env);
	struct tl_config *c;
	char *key = NULL;

	if (v && *v)
		return tl_strdup(v);
	if (!cfgkey)
		return NULL;
	c = tl_config_load(NULL);
	v = tl_config_get(c, cfgkey);
	if (v && *v)
		key = tl_strdup(v);
	tl_config_free(c);
	return key;
}

/* One attempt's state, seen by the callbacks. */
struct xfer {
	struct tl_http *h;
	const struct tl_http_req *rq;
	struct tl_http_resp *resp;
	size_t cap;
	int too_big;  /* the body passed max_size */
	int streamed; /* a piece went to on_data */
	long status;  /* of the reply whose headers came last */
};

/* The write callback: keeps or streams the body, counting it against the
 * cap. Returning less than n makes curl fail the transfer. */
static size_t on_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	struct tl_http_resp *r = x->resp;
	size_t n = size * nmemb;

	if (n > x->h->o.max_size - r->len) {
		x->too_big = 1;
		return 0;
	}
	if (x->rq->on_data && x->status / 100 == 2) {
		r->len += n; /* counted, not kept */
		x->streamed = 1;
		if (x->rq->on_data(p, n, x->rq->arg) != 0) {
			r->aborted = 1;
			return 0;
		}
		return n;
	}
	if (r->len + n + 1 > x->cap) {
		size_t cap = x->cap ? x->cap : 16384;

		while (cap < r->len + n + 1)
			cap *= 2;
		r->body = tl_realloc(r->body, cap);
		x->cap = cap;
	}
	memcpy(r->body + r->len, p, n);
	r->len += n;
	r->body[r->len] = '\0';
	return n;
}

/*
 * Keeps the cookie of a Set-Cookie header value v[0..n) ("name=value;
 * attributes") in h's jar, replacing one of the same name. (libcurl's own
 * cookie engine leaks across curl_easy_reset() in 7.88; this client talks
 * to one service, so its cookies go with each of its requests.)
 */
static void keep_cookie(struct tl_http *h, const char *v, size_t n)
{
	size_t clen = 0, nlen, i, jl;
	char *c, *eq, *out, *item, *save = NULL;

	v = tl_trim(v, &n, TL_TRIM_SPACE);
	while (clen < n && v[clen] != ';')
		clen++;
	eq = memchr(v, '=', clen);
	if (!eq || eq == v || clen > 4096)
		return;
	nlen = (size_t)(eq - v);
	c = tl_strndup(v, clen);
	jl = h->jar ? strlen(h->jar) : 0;
	out = tl_malloc(jl + clen + 3);
	out[0] = '\0';
	/* Keep the other cookies, then add this one. */
	for (item = h->jar ? strtok_r(h->jar, ";", &save) : NULL; item;
	     item = strtok_r(NULL, ";", &save)) {
		while (*item == ' ')
			item++;
		if (strncmp(item, c, nlen) == 0 && item[nlen] == '=')
			continue;
		i = strlen(out);
		sprintf(out + i, "%s%s", i ? "; " : "", item);
	}
	i = strlen(out);
	sprintf(out + i, "%s%s", i ? "; " : "", c);
	free(c);
	free(h->jar);
	h->jar = out;
}

/* The header callback: notes the status line and Content-Type, and keeps
 * cookies when the client does. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	if (x->h->o.cookies && n > 11 && strncasecmp(p, "Set-Cookie:", 11) == 0)
		keep_cookie(x->h, p + 11, n - 11);

	if (n > 5 && strncmp(p, "HTTP/", 5) == 0) {
		const char *sp = memchr(p, ' ', n);

		x->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		x->resp->content_type[0] = '\0';
	} else if (n > 13 && strncasecmp(p, "Content-Type:", 13) == 0) {
		size_t len = n - 13;
		const char *v = tl_trim(p + 13, &len, TL_TRIM_SPACE);

		if (len >= sizeof x->resp->content_type)
			len = sizeof x->resp->content_type - 1;
		memcpy(x->resp->content_type, v, len);
		x->resp->content_type[len] = '\0';
	}
	return n;
}

/*
 * The debug callback (only with verbose): prints the request line and the
 * reply's status line with the URL redacted, and a few connection notes.
 * Headers, bodies and every other note of libcurl stay unprinted.
 */
static int on_debug(CURL *c, curl_infotype type, char *data, size_t size,
                    void *arg)
{
	static const char *const safe[] = {
	    "Trying ", "Connected to ", "SSL connection using ",
	    "Operation timed out", "Failed to connect"};
	struct tl_http *h = arg;
	const char *tag = h->o.tag ? h->o.tag : "http";
	size_t n = strcspn(data, "\r\n"), i;

	(void)c;
	if (n > size)
		n = size;
	if (type == CURLINFO_TEXT) {
		for (i = 0; i < sizeof safe / sizeof safe[0]; i++)
			if (strncmp(data, safe[i], strlen(safe[i])) == 0) {
				char *line = tl_strndup(data, n);
				char *red = tl_http_redact(line);

				fprintf(stderr, "%s: %s: * %s\n", tl_prog, tag,
				        red);
				free(red);
				free(line);
				break;
			}
	} else if (type == CURLINFO_HEADER_IN && n > 5 &&
	           strncmp(data, "HTTP/", 5) == 0) {
		fprintf(stderr, "%s: %s: < %.*s\n", tl_prog, tag, (int)n, data);
	}
	return 0;
}

/* Sleeps ms milliseconds. */
static void sleep_ms(long ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Prints a verbose line "prog: tag: fmt..." when the client is verbose. */
static void vnote(struct tl_http *h, const char *fmt, ...) TL_PRINTF(2, 3);
static void vnote(struct tl_http *h, const char *fmt, ...)
{
	va_list ap;

	if (!h->o.verbose)
		return;
	va_start(ap, fmt);
	fprintf(stderr, "%s: %s: ", tl_prog, h->o.tag ? h->o.tag : "http");
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* Sets up the handle for one attempt of rq. Returns the header list to free
 * after it. */
static struct curl_slist *setup(struct tl_http *h, const struct tl_http_req *rq,
                                struct xfer *x, char *errbuf)
{
	CURL *c = h->curl;
	struct curl_slist *hl = NULL;
	const char *method = rq->method ? rq->method
	                     : rq->body ? "POST"
	                                : "GET";
	const struct tl_http_opts *o = &h->o;
	size_t i;

	curl_easy_reset(c);
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, o->timeout_ms);
	if (o->low_speed_limit > 0 && o->low_speed_time > 0) {
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT,
		                 o->low_speed_limit);
		curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	}
	curl_easy_setopt(c, CURLOPT_USERAGENT,
	                 o->user_agent ? o->user_agent : h->ua);
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	if (o->max_size <= (size_t)0x7fffffff)
		curl_easy_setopt(c, CURLOPT_MAXFILESIZE, (long)o->max_size);
	if (h->jar)
		curl_easy_setopt(c, CURLOPT_COOKIE, h->jar);
	if (o->verbose) {
		curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(c, CURLOPT_DEBUGDATA, h);
		curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
	}
	for (i = 0; rq->headers && rq->headers[i]; i++)
		hl = curl_slist_append(hl, rq->headers[i]);
	if (!hl) {
		/* No header carries a key: following redirects is safe. */
		curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
		curl_easy_setopt(c, CURLOPT_MAXREDIRS, 5L);
	}
	if (strcmp(method, "POST") == 0) {
		char *ct = tl_asprintf("Content-Type: %s",
		                       rq->content_type ? rq->content_type
		                                        : "application/json");

		hl = curl_slist_append(hl, ct);
		free(ct);
		/* No "Expect: 100-continue" round trip. */
		hl = curl_slist_append(hl, "Expect:");
		curl_easy_setopt(c, CURLOPT_POST, 1L);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS,
		                 rq->body ? rq->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		                 (curl_off_t)rq->body_len);
	} else if (strcmp(method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	}
	if (hl)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
	return hl;
}

/* Returns 1 when the HTTP status is worth another attempt. */
static int retry_status(long s)
{
	return s == 408 || s == 429 || s >= 500;
}

int tl_http_get(struct tl_http *h, const char *url, struct tl_http_resp *resp)
{
	struct tl_http_req rq = {0};

	rq.url = url;
	return tl_http_do(h, &rq, resp);
}

int tl_http_do(struct tl_http *h, const struct tl_http_req *rq,
               struct tl_http_resp *resp)
{
	const char *method = rq->method ? rq->method
	                     : rq->body ? "POST"
	                                : "GET";
	char *red = tl_http_redact(rq->url);
	long wait = h->o.backoff_ms;
	int attempt, status = 0;

	memset(resp, 0, sizeof *resp);
	resp->retry_after = -1;
	for (attempt = 1;; attempt++) {
		char errbuf[CURL_ERROR_SIZE] = "";
		struct xfer x = {0};
		struct curl_slist *hl;
		curl_off_t ra = -1;
		CURLcode rc;
		const char *why;
		int timed_out, retry;
		long next;

		x.h = h, x.rq = rq, x.resp = resp;
		free(resp->body);
		resp->body = NULL;
		resp->len = 0;
		resp->status = 0;
		resp->retry_after = -1;
		resp->attempts = attempt;
		hl = setup(h, rq, &x, errbuf);
		vnote(h, "%s %s%s", method, red, attempt > 1 ? " (again)" : "");
		rc = curl_easy_perform(h->curl);
		curl_slist_free_all(hl);
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE,
		                  &resp->status);
		if (curl_easy_getinfo(h->curl, CURLINFO_RETRY_AFTER, &ra) ==
		        CURLE_OK &&
		    ra >= 0 && resp->status && retry_status(resp->status))
			resp->retry_after = (long)ra;
		if (!resp->body)
			resp->body = tl_calloc(1, 1);

		if (x.too_big || rc == CURLE_FILESIZE_EXCEEDED) {
			snprintf(resp->err, sizeof resp->err,
			         "%s %s: reply larger than %zu bytes", method,
			         red, h->o.max_size);
			status = TL_EX_DATA;
			break;
		}
		if (rc == CURLE_WRITE_ERROR && resp->aborted) {
			status = 0;
			break;
		}
		if (rc == CURLE_OK && !retry_status(resp->status)) {
			vnote(h, "%ld, %zu bytes", resp->status, resp->len);
			status = 0;
			break;
		}

		/* A failure: say what it was, and whether to try again. */
		timed_out = rc == CURLE_OPERATION_TIMEDOUT ||
		            (rc == CURLE_OK && resp->status == 408);
		if (rc != CURLE_OK) {
			why = *errbuf ? errbuf : curl_easy_strerror(rc);
			retry = rc == CURLE_OPERATION_TIMEDOUT ||
			        rc == CURLE_COULDNT_CONNECT ||
			        rc == CURLE_COULDNT_RESOLVE_HOST ||
			        rc == CURLE_PARTIAL_FILE ||
			        rc == CURLE_RECV_ERROR ||
			        rc == CURLE_SEND_ERROR ||
			        rc == CURLE_GOT_NOTHING;
			{
				char *r2 = tl_http_redact(why);

				snprintf(resp->err, sizeof resp->err,
				         "%s %s: %s", method, red, r2);
				free(r2);
			}
		} else {
			retry = 1;
			snprintf(resp->err, sizeof resp->err, "%s %s: HTTP %ld",
			         method, red, resp->status);
		}
		if (x.streamed)
			retry = 0; /* the caller has seen part of a body */
		if (resp->retry_after > h->o.max_retry_after) {
			size_t l = strlen(resp->err);

			snprintf(resp->err + l, sizeof resp->err - l,
			         " (Retry-After %ld s, over %ld s: giving up)",
			         resp->retry_after, h->o.max_retry_after);
			status = TL_EX_TEMPFAIL;
			break;
		}
		if (!retry || attempt >= h->o.attempts) {
			if (attempt > 1) {
				size_t l = strlen(resp->err);

				snprintf(resp->err + l, sizeof resp->err - l,
				         " (after %d attempts)", attempt);
			}
			status = timed_out || resp->status == 429
			             ? TL_EX_TEMPFAIL
			             : TL_EX_UNAVAILABLE;
			break;
		}
		next = resp->retry_after >= 0 ? resp->retry_after * 1000 : wait;
		vnote(h, "%s; trying again in %.1f s",
		      resp->err + strlen(method) + strlen(red) + 3,
		      (double)next / 1000);
		sleep_ms(next);
		if (wait < 30000)
			wait *= 2;
	}
	free(red);
	return status;
}
