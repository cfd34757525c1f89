/* httpd.h: starts tests/httpd.py (a scripted server on 127.0.0.1) from a unit test. */
#ifndef HTTPD_H
#define HTTPD_H

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A running server: its port, process and request log. */
struct httpd {
	pid_t pid;
	int port;
	char dir[64];
	char log[128];
	char base[64]; /* "http://127.0.0.1:PORT" */
};

/*
 * Starts tests/httpd.py (run from the top of the tree, as tests/run.sh
 * does) with script, a JSON array of canned responses (see the server's
 * head). Returns 0, or -1 when it could not be started.
 */
static int httpd_start(struct httpd *s, const char *script)
{
	char path[160], line[32];
	int fds[2];
	FILE *f;

	memset(s, 0, sizeof *s);
	snprintf(s->dir, sizeof s->dir, "/tmp/tl-httpd.XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(path, sizeof path, "%s/script.json", s->dir);
	snprintf(s->log, sizeof s->log, "%s/requests", s->dir);
	if (!(f = fopen(path, "w")))
		return -1;
	fputs(script, f);
	fclose(f);
	if (pipe(fds) != 0)
		return -1;
	fflush(stdout);
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execlp("python3", "python3", "tests/httpd.py", path, s->log,
		       (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f || !fgets(line, sizeof line, f)) {
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	s->port = atoi(line);
	snprintf(s->base, sizeof s->base, "http://127.0.0.1:%d", s->port);
	return s->port > 0 ? 0 : -1;
}

/* Stops the server and removes its files. */
static void httpd_stop(struct httpd *s)
{
	char cmd[128];

	if (s->pid > 0) {
		kill(s->pid, SIGTERM);
		waitpid(s->pid, NULL, 0);
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", s->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "httpd: cannot remove %s\n", s->dir);
}

/* Returns the whole file at path (up to 64 KiB), new string; "" when
 * it cannot be read. */
static char *httpd_slurp(const char *path)
{
	char *buf = calloc(1, 65536);
	size_t n;
	FILE *f;

	if (!(f = fopen(path, "r")))
		return buf;
	n = fread(buf, 1, 65535, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* Returns the server's request log ("METHOD TARGET" lines; with suffix
 * ".json" the JSON one), new string. */
static char *httpd_requests(const struct httpd *s, const char *suffix)
{
	char path[160];

	snprintf(path, sizeof path, "%s%s", s->log, suffix ? suffix : "");
	return httpd_slurp(path);
}

#endif
