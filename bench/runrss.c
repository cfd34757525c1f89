/* runrss.c: runs a command with stdin/stdout redirected and prints its wall time in seconds and peak RSS in KiB. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/*
 * Usage: runrss IN OUT CMD [ARG...]: CMD reads IN and writes OUT
 * ("-" keeps the stream). Prints "SECONDS KIB STATUS" on stdout.
 */
int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 4) {
		fprintf(stderr, "usage: runrss IN OUT CMD [ARG...]\n");
		return 64;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0) {
		perror("runrss: fork");
		return 71;
	}
	if (pid == 0) {
		if (argv[1][0] != '-' || argv[1][1]) {
			int fd = open(argv[1], O_RDONLY);

			if (fd < 0 || dup2(fd, 0) < 0)
				_exit(66);
		}
		if (argv[2][0] != '-' || argv[2][1]) {
			int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);

			if (fd < 0 || dup2(fd, 1) < 0)
				_exit(73);
		}
		execvp(argv[3], argv + 3);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0) {
		perror("runrss: wait4");
		return 71;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.4f %ld %d\n", (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9,
	       ru.ru_maxrss, WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
