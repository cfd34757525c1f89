/* parse-yahoo.c: the parse path of bars-fetch for the bench: a saved Yahoo chart reply on stdin to bar records. */
/*
 * Usage: parse-yahoo SYMBOL TF < reply.json > bars.nd
 * Reads the whole reply, then runs what bars-fetch runs on a reply body
 * once it has arrived: tl_yahoo_parse() (jansson, checks, normalised
 * times) and tl_bar_write() of every bar. No network and no store: those
 * are timed apart by bench/run.sh.
 */
#include "tl_bar.h"
#include "tl_out.h"
#include "tl_source.h"
#include "tl_time.h"
#include "tl_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct tl_bars bs = {0};
	struct tl_w w;
	char err[512], *buf = NULL;
	size_t len = 0, cap = 0, i;
	ssize_t n;
	int need, tf, st;

	tl_setprog(argv[0]);
	if (argc != 3 || (tf = tl_tf_parse(argv[2], strlen(argv[2]))) < 0)
		tl_die(TL_EX_USAGE, "usage: parse-yahoo SYMBOL TF < reply");
	for (;;) {
		if (len + 65536 > cap)
			buf = tl_realloc(buf, cap = 2 * cap + 65536);
		if ((n = read(0, buf + len, cap - len - 1)) <= 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	st = tl_yahoo_parse(buf, len, argv[1], tf, TL_EPOCH_MAX, &bs, &need,
	                    err, sizeof err);
	if (st)
		tl_die(st, "%s", err);
	tl_w_init(&w, 0);
	for (i = 0; i < bs.n; i++)
		tl_bar_write(&w, &bs.v[i]);
	tl_w_release(&w);
	tl_bars_release(&bs);
	free(buf);
	return 0;
}
