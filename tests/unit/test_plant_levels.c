/* test_plant_levels.c: levels scored against ranges planted by bars-synth. */
#include "tl_ind.h"
#include "tl_levels.h"
#include "tl_ndjson.h"
#include "tl_synth.h"
#include "tl_test.h"
#include "tl_time.h"

#define CASES 200
#define NBARS 400

/*
 * For each seed, plants ranges into a daily series and, at each range's
 * end, finds the levels as of that bar: the nearest support and the nearest
 * resistance must lie within 0.5 ATR(14) of the planted support and
 * resistance. Target (issue 3): at least 90% of the ranges. Prints the
 * figures.
 */
static void test_planted_ranges(void)
{
	static const int list[] = {TL_PAT_RANGE};
	int seed, ranges = 0, hits = 0;

	for (seed = 1; seed <= CASES; seed++) {
		struct tl_synth *s =
		    tl_synth_new((uint64_t)seed, 1, TL_TF_1D, 1577836800);
		double h[NBARS], l[NBARS], c[NBARS], atr[NBARS];
		size_t i;

		tl_synth_plant(s, list, 1, NBARS);
		for (i = 0; i < NBARS; i++) {
			struct tl_bar b;
			char *text = NULL;
			size_t len = 0;
			FILE *f = open_memstream(&text, &len);
			struct tl_rec r;
			const struct tl_field *sup, *res;
			struct tl_level *lv;
			size_t n, j;
			const struct tl_level *ns = NULL, *nr = NULL;
			int wrote;

			tl_synth_next(s, &b);
			h[i] = b.h, l[i] = b.l, c[i] = b.c;
			wrote = tl_synth_truth(s, f);
			fclose(f);
			if (!wrote) {
				free(text);
				continue;
			}
			/* The range ended with this bar: score its levels. */
			tl_rec_init(&r);
			TL_EQ_INT(tl_rec_parse(&r, text, strlen(text) - 1), 0);
			sup = tl_rec_get(&r, "support");
			res = tl_rec_get(&r, "resistance");
			TL_CHECK(sup && res);
			tl_ind_atr(h, l, c, i + 1, 14, atr);
			TL_EQ_INT(
			    tl_levels_find(h, l, c, i + 1, i, NULL, &lv, &n),
			    0);
			for (j = 0; j < n; j++) {
				if (lv[j].kind == TL_LEVEL_SUPPORT &&
				    (!ns || lv[j].price > ns->price))
					ns = &lv[j];
				if (lv[j].kind == TL_LEVEL_RESISTANCE &&
				    (!nr || lv[j].price < nr->price))
					nr = &lv[j];
			}
			ranges++;
			if (sup && res && ns && nr &&
			    fabs(ns->price - sup->d) <= 0.5 * atr[i] &&
			    fabs(nr->price - res->d) <= 0.5 * atr[i])
				hits++;
			free(lv);
			tl_rec_release(&r);
			free(text);
		}
		tl_synth_free(s);
	}
	printf("# planted ranges: %d of %d (%.1f%%) have the nearest support "
	       "and resistance within 0.5 ATR (target 90%%)\n",
	       hits, ranges, ranges ? 100.0 * hits / ranges : 0.0);
	TL_CHECK(ranges >= CASES);
	TL_CHECK(hits * 10 >= ranges * 9);
}

int main(void)
{
	TL_RUN(test_planted_ranges);
	return TL_DONE();
}
