/* test_config.c: unit tests of tl_config.c on files in a temp dir. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tl_config.h"
#include "tl_util.h"

#include "tl_test.h"

static char tmpdir[] = "/tmp/tl-test-config.XXXXXX";

/* Returns a new path name under the test's temporary directory. */
static char *tmp_path(const char *name)
{
	return tl_asprintf("%s/%s", tmpdir, name);
}

/* Writes text to a new file name in the temporary directory with mode. */
static char *write_file(const char *name, const char *text, mode_t mode)
{
	char *path = tmp_path(name);
	FILE *f = fopen(path, "w");

	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static void load_fn(void *arg)
{
	tl_config_free(tl_config_load(arg));
}

static void test_parse(void)
{
	char *path = write_file("parse",
	                        "# a comment\n"
	                        "   # an indented comment = not a key\n"
	                        "\n"
	                        "   \t\n"
	                        "provider = openai\n"
	                        "  model=gpt-4o  \t\n"
	                        "base_url = http://127.0.0.1:8080/v1?a=b#frag\n"
	                        "note = keep # this, it is no comment\n"
	                        "provider = anthropic\n"
	                        "empty =\n"
	                        "price.gpt-4o_in = 2.5\r\n"
	                        "Mixed.Case-1 = a b  c\n"
	                        "last = no newline",
	                        0644);
	struct tl_config *c = tl_config_load(path);

	TL_EQ_STR(tl_config_get(c, "provider"), "anthropic");
	TL_EQ_STR(tl_config_get(c, "model"), "gpt-4o");
	TL_EQ_STR(tl_config_get(c, "base_url"),
	          "http://127.0.0.1:8080/v1?a=b#frag");
	TL_EQ_STR(tl_config_get(c, "note"), "keep # this, it is no comment");
	TL_EQ_STR(tl_config_get(c, "empty"), "");
	TL_EQ_STR(tl_config_get(c, "price.gpt-4o_in"), "2.5");
	TL_EQ_STR(tl_config_get(c, "Mixed.Case-1"), "a b  c");
	TL_EQ_STR(tl_config_get(c, "last"), "no newline");
	TL_CHECK(tl_config_get(c, "mixed.case-1") == NULL);
	TL_CHECK(tl_config_get(c, "# a comment") == NULL);
	TL_CHECK(tl_config_get(c, "# an indented comment") == NULL);
	TL_CHECK(tl_config_get(c, "absent") == NULL);
	tl_config_free(c);
	tl_config_free(NULL);
	free(path);
}

static void test_missing(void)
{
	char *path = tmp_path("no/such/config");
	struct tl_config *c = tl_config_load(path);

	TL_CHECK(c != NULL);
	TL_CHECK(tl_config_get(c, "provider") == NULL);
	tl_config_free(c);
	free(path);
}

static void test_path(void)
{
	char *p, *dir = tmp_path("xdg"), *file = tmp_path("xdg/tickline");
	struct tl_config *c;

	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	p = tl_config_path();
	TL_EQ_STR(p, "/xdg/tickline/config");
	free(p);
	setenv("XDG_CONFIG_HOME", "relative", 1);
	p = tl_config_path();
	TL_EQ_STR(p, "/home/u/.config/tickline/config");
	free(p);
	unsetenv("XDG_CONFIG_HOME");
	p = tl_config_path();
	TL_EQ_STR(p, "/home/u/.config/tickline/config");
	free(p);

	/* tl_config_load(NULL) reads the file tl_config_path() names. */
	mkdir(dir, 0700);
	mkdir(file, 0700);
	free(file);
	file = write_file("xdg/tickline/config", "model = from-xdg\n", 0600);
	setenv("XDG_CONFIG_HOME", dir, 1);
	c = tl_config_load(NULL);
	TL_EQ_STR(tl_config_get(c, "model"), "from-xdg");
	tl_config_free(c);

	/* With no home at all there is no config, which is no error. */
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	c = tl_config_load(NULL);
	TL_CHECK(tl_config_get(c, "model") == NULL);
	tl_config_free(c);
	setenv("HOME", tmpdir, 1);
	free(dir);
	free(file);
}

static void test_permissions(void)
{
	static const char *const secrets[] = {
	    "openai_api_key", "API_KEY",     "Api_Key",          "gh_token",
	    "db_password",    "hmac_secret", "polygon.data_KEY",
	};
	char *err = tmp_path("perm.err");
	char *path, *text;
	struct tl_config *c;
	size_t i;

	/* 0644 without a secret is fine. */
	path = write_file("open", "provider = openai\nkeys = 3\n", 0644);
	c = tl_config_load(path);
	TL_EQ_STR(tl_config_get(c, "keys"), "3");
	tl_config_free(c);
	free(path);

	/* 0644 with a secret exits 78, naming the fix, not the secret. */
	path = write_file("leaky",
	                  "provider = openai\n"
	                  "openai_api_key = sk-SECRETVALUE\n",
	                  0644);
	TL_EQ_INT(run_child(load_fn, path, err), 78);
	TL_CHECK(file_has(err, path));
	TL_CHECK(file_has(err, "holds a secret but group or others can "
	                       "read it; run: chmod 600"));
	TL_CHECK(!file_has(err, "sk-SECRETVALUE"));
	TL_CHECK(!file_has(err, "openai_api_key"));

	/* The same file at 0600 is fine. */
	chmod(path, 0600);
	c = tl_config_load(path);
	TL_EQ_STR(tl_config_get(c, "openai_api_key"), "sk-SECRETVALUE");
	tl_config_free(c);
	free(path);

	/* Each kind of secret, any case; any bit for group or others. */
	for (i = 0; i < sizeof secrets / sizeof secrets[0]; i++) {
		text = tl_asprintf("%s = x\n", secrets[i]);
		path = write_file("secret", text, i % 2 ? 0604 : 0640);
		TL_EQ_INT(run_child(load_fn, path, err), 78);
		chmod(path, 0600);
		TL_EQ_INT(run_child(load_fn, path, err), 0);
		free(text);
		free(path);
	}
	path = write_file("secret", "monkey = x\ntokens = 9\nkey = k\n", 0666);
	TL_EQ_INT(run_child(load_fn, path, err), 0);
	free(path);
	free(err);
}

static void test_malformed(void)
{
	static const char *const bad[] = {
	    "no equals sign here",   "= no key",        "two words = no",
	    "k\xc3\xa9y = accented", "semi;colon = no",
	};
	char *err = tmp_path("bad.err");
	char *path, *text, *want;
	size_t i;

	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		text = tl_asprintf("# header\nprovider = openai\n%s\nok = 1\n",
		                   bad[i]);
		path = write_file("bad", text, 0600);
		want = tl_asprintf("%s:3: expected 'key = value'", path);
		TL_EQ_INT(run_child(load_fn, path, err), 78);
		TL_CHECK(file_has(err, want));
		free(want);
		free(text);
		free(path);
	}

	/* A file that exists but cannot be read: here, a directory. */
	path = tmp_path("adir");
	mkdir(path, 0700);
	TL_EQ_INT(run_child(load_fn, path, err), 78);
	TL_CHECK(file_has(err, path));
	free(path);

	/* And a file without read permission, unless root reads anyway. */
	path = write_file("noread", "a = b\n", 0);
	if (geteuid() != 0) {
		TL_EQ_INT(run_child(load_fn, path, err), 78);
		TL_CHECK(file_has(err, "Permission denied"));
	}
	free(path);
	free(err);
}

/* The parser on text: later lines win, the first bad line is named. */
static void test_parse_text(void)
{
	static const char good[] = "a = 1\n# c\n\n  b=x=y  \r\na = 2";
	static const char bad[] = "a = 1\n\nno equals here\nb = 2\n";
	struct tl_config *c = tl_config_new();
	const char *why = NULL;

	TL_EQ_INT(tl_config_parse(c, good, sizeof good - 1, &why), 0);
	TL_EQ_STR(tl_config_get(c, "a"), "2");
	TL_EQ_STR(tl_config_get(c, "b"), "x=y");
	TL_CHECK(tl_config_get(c, "c") == NULL);
	tl_config_free(c);
	c = tl_config_new();
	TL_EQ_INT(tl_config_parse(c, bad, sizeof bad - 1, &why), 3);
	TL_EQ_STR(why, "expected 'key = value'");
	TL_EQ_INT(tl_config_parse(c, "a\0b = 1", 7, &why), 1);
	TL_EQ_STR(why, "line holds a NUL byte");
	tl_config_free(c);
}

int main(void)
{
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	TL_RUN(test_parse);
	TL_RUN(test_parse_text);
	TL_RUN(test_missing);
	TL_RUN(test_path);
	TL_RUN(test_permissions);
	TL_RUN(test_malformed);
	tl_t_rmtree(tmpdir);
	return TL_DONE();
}
