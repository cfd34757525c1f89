/* tl_config.c: the config file: finding, parsing, refusing exposed secrets. */
#include "tl_config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "tl_util.h"

struct tl_kv {
	char *key, *val;
};

struct tl_config {
	struct tl_kv *kv; /* in file order; lookups search from the end */
	size_t n, cap;
};

/*
 * Returns the config path as tl_config_path() does, or NULL when neither
 * XDG_CONFIG_HOME (absolute, per the XDG spec) nor HOME is set. New string.
 */
static char *find_path(void)
{
	const char *s = getenv("XDG_CONFIG_HOME");

	if (s && *s == '/')
		return tl_asprintf("%s/tickline/config", s);
	s = getenv("HOME");
	if (s && *s)
		return tl_asprintf("%s/.config/tickline/config", s);
	return NULL;
}

char *tl_config_path(void)
{
	char *p = find_path();

	if (!p)
		tl_die(TL_EX_CONFIG, "cannot find the config file: set "
		                     "XDG_CONFIG_HOME or HOME");
	return p;
}

/* Returns 1 when s ends in suffix, compared without case. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* Returns 1 when key names a secret, whose file must be private. */
static int is_secret(const char *key)
{
	return strcasecmp(key, "api_key") == 0 || ends_with(key, "_key") ||
	       ends_with(key, "_token") || ends_with(key, "_secret") ||
	       ends_with(key, "_password");
}

/* Returns 1 when s[0..n) is a valid key: [A-Za-z0-9_.-]+. */
static int valid_key(const char *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (!isalnum(c) && c != '_' && c != '.' && c != '-')
			return 0;
	}
	return 1;
}

/* Appends key = value (copied) to c. */
static void add(struct tl_config *c, const char *key, size_t keylen,
                const char *val, size_t vallen)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 16;
		c->kv = tl_realloc(c->kv, c->cap * sizeof *c->kv);
	}
	c->kv[c->n].key = tl_strndup(key, keylen);
	c->kv[c->n].val = tl_strndup(val, vallen);
	c->n++;
}

struct tl_config *tl_config_new(void)
{
	return tl_calloc(1, sizeof(struct tl_config));
}

long tl_config_parse(struct tl_config *c, const char *text, size_t len,
                     const char **why)
{
	const char *p = text, *end = text + len;
	long lineno = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *s, *eq, *key, *val;
		size_t n = (size_t)((nl ? nl : end) - p), keylen, vallen;

		lineno++;
		s = p;
		p = nl ? nl + 1 : end;
		if (memchr(s, '\0', n)) {
			*why = "line holds a NUL byte";
			return lineno;
		}
		s = tl_trim(s, &n, TL_TRIM_SPACE);
		if (n == 0 || *s == '#')
			continue;
		*why = "expected 'key = value'";
		eq = memchr(s, '=', n);
		if (!eq)
			return lineno;
		keylen = (size_t)(eq - s);
		key = tl_trim(s, &keylen, TL_TRIM_SPACE);
		vallen = n - (size_t)(eq + 1 - s);
		val = tl_trim(eq + 1, &vallen, TL_TRIM_SPACE);
		if (!valid_key(key, keylen))
			return lineno;
		add(c, key, keylen, val, vallen);
	}
	return 0;
}

/*
 * Reads the whole file f into a new buffer (*len bytes). Returns it, or
 * NULL with errno set when the file cannot be read.
 */
static char *slurp(FILE *f, size_t *len)
{
	size_t cap = 4096, n = 0, got;
	char *buf = tl_malloc(cap);

	while ((got = fread(buf + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap)
			buf = tl_realloc(buf, cap *= 2);
	}
	if (ferror(f)) {
		int e = errno;

		free(buf);
		errno = e ? e : EIO;
		return NULL;
	}
	*len = n;
	return buf;
}

struct tl_config *tl_config_load(const char *path)
{
	struct tl_config *c = tl_config_new();
	const char *why;
	char *own = NULL, *text;
	struct stat sb;
	size_t i, len;
	long bad;
	FILE *f;
	int e;

	if (!path) {
		/* Without a home there is no config file, and none is due. */
		if (!(path = own = find_path()))
			return c;
	}
	f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR) {
			free(own);
			return c;
		}
		e = errno;
		tl_config_free(c);
		tl_die(TL_EX_CONFIG, "%s: %s", path, strerror(e));
	}
	if (fstat(fileno(f), &sb) != 0 || !(text = slurp(f, &len))) {
		e = errno;
		fclose(f);
		tl_config_free(c);
		tl_die(TL_EX_CONFIG, "%s: %s", path, strerror(e));
	}
	fclose(f);
	bad = tl_config_parse(c, text, len, &why);
	free(text);
	if (bad) {
		tl_config_free(c);
		tl_die_at(TL_EX_CONFIG, path, bad, "%s", why);
	}
	for (i = 0; (sb.st_mode & 077) && i < c->n; i++) {
		if (is_secret(c->kv[i].key)) {
			tl_config_free(c);
			tl_die(TL_EX_CONFIG,
			       "%s: holds a secret but group or others can "
			       "read it; run: chmod 600 %s",
			       path, path);
		}
	}
	free(own);
	return c;
}

void tl_config_free(struct tl_config *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->kv[i].key);
		free(c->kv[i].val);
	}
	free(c->kv);
	free(c);
}

const char *tl_config_get(const struct tl_config *c, const char *key)
{
	size_t i;

	for (i = c->n; i > 0; i--)
		if (strcmp(c->kv[i - 1].key, key) == 0)
			return c->kv[i - 1].val;
	return NULL;
}
