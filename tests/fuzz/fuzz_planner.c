/* fuzz_planner.c: libFuzzer target for the local planner's reading of
 * questions. */
#include "tl_agent.h"
#include "tl_planner.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *q = malloc(size + 1), *text;
	struct tl_session s;
	struct tl_agent a;
	struct tl_bar b;
	json_t *plan;
	int i;

	if (!q)
		return 0;
	memcpy(q, data, size);
	q[size] = '\0';
	tl_session_init(&s, "fuzz");
	tl_session_set(&s, TL_SK_SYMBOL, "EURUSD");
	tl_session_set(&s, TL_SK_TF, "1h");
	tl_agent_init(&a, NULL, &s);
	memset(&b, 0, sizeof b);
	strcpy(b.symbol, "EURUSD");
	b.tf = 4; /* 1h */
	b.final = 1;
	for (i = 0; i < 60; i++) {
		b.t = 1704067200 + 3600 * i;
		b.o = 1.1 + 0.01 * (i % 7);
		b.c = 1.1 + 0.01 * (i % 5);
		b.h = (b.o > b.c ? b.o : b.c) + 0.005;
		b.l = (b.o < b.c ? b.o : b.c) - 0.005;
		b.v = 1;
		tl_agent_add_bar(&a, &b);
	}
	/* A plan is an array of calls; answering gives text, always. */
	plan = tl_planner_plan(&a, q);
	if (!json_is_array(plan))
		abort();
	json_decref(plan);
	text = tl_planner_answer(&a, q, NULL);
	if (!text || !*text)
		abort();
	free(text);
	tl_agent_release(&a);
	tl_session_free(&s);
	free(q);
	return 0;
}
