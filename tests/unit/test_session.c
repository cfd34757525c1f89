/* test_session.c: session keys, values, load/save, expiry and gc. */
#include "tl_session.h"
#include "tl_test.h"

/* Keys by name and alias; values checked and normalised. */
static void test_keys(void)
{
	char out[TL_SESSION_VALUE_MAX + 1];

	TL_EQ_INT(tl_session_key_find("symbol", 6), TL_SK_SYMBOL);
	TL_EQ_INT(tl_session_key_find("timeframe", 9), TL_SK_TF);
	TL_EQ_INT(tl_session_key_find("tf", 2), TL_SK_TF);
	TL_EQ_INT(tl_session_key_find("t", 1), -1);
	TL_EQ_INT(tl_session_key_find("symbols", 7), -1);
	TL_CHECK(tl_session_check(TL_SK_TF, "1Mo", out, sizeof out) == NULL);
	TL_EQ_STR(out, "1Mo");
	TL_CHECK(tl_session_check(TL_SK_TF, "1mo", out, sizeof out) != NULL);
	TL_CHECK(tl_session_check(TL_SK_MODE, "semi-auto", out, sizeof out) ==
	         NULL);
	TL_CHECK(tl_session_check(TL_SK_MODE, "semi", out, sizeof out) != NULL);
	TL_CHECK(tl_session_check(TL_SK_MODE, "", out, sizeof out) != NULL);
	TL_CHECK(tl_session_check(TL_SK_AGENT, "off", out, sizeof out) == NULL);
	TL_CHECK(tl_session_check(TL_SK_WATCHLIST, "A,B.C,^GSPC", out,
	                          sizeof out) == NULL);
	TL_CHECK(tl_session_check(TL_SK_WATCHLIST, "A,", out, sizeof out) !=
	         NULL);
	TL_CHECK(tl_session_check(TL_SK_PRESET, "my-preset_2", out,
	                          sizeof out) == NULL);
	TL_CHECK(tl_session_check(TL_SK_PRESET, "My", out, sizeof out) != NULL);
	TL_CHECK(tl_session_check(TL_SK_PRESET, "", out, sizeof out) != NULL);
	TL_CHECK(tl_session_check(TL_SK_WATCHLIST, "A B", out, sizeof out) !=
	         NULL);
	TL_CHECK(tl_session_check(TL_SK_SYMBOL, "EURUSD=X", out, sizeof out) ==
	         NULL);
	TL_CHECK(tl_session_check(TL_SK_SYMBOL, "A:B", out, sizeof out) !=
	         NULL);
	TL_CHECK(tl_session_check(TL_SK_SNAPSHOT_ID, "a b", out, sizeof out) ==
	         NULL);
	TL_CHECK(tl_session_check(TL_SK_SNAPSHOT_ID, "a\nb", out, sizeof out) !=
	         NULL);
	/* Too long for out. */
	TL_CHECK(tl_session_check(TL_SK_SYMBOL, "ABCD", out, 4) != NULL);
	TL_CHECK(tl_session_id_check("desk-1@host.x_y") == NULL);
	TL_CHECK(tl_session_id_check("") != NULL);
	TL_CHECK(tl_session_id_check("a/b") != NULL);
	TL_CHECK(tl_session_id_check("12345678901234567890123456789012345678901"
	                             "234567890123456789012345") != NULL);
}

/* Saved values come back; expiry hides a session; gc deletes it. */
static void test_store(void)
{
	struct tl_store *st = tl_store_open(":memory:");
	struct tl_session s, t;

	tl_session_init(&s, "a");
	tl_session_set(&s, TL_SK_SYMBOL, "GOOG");
	tl_session_set(&s, TL_SK_WATCHLIST, "GOOG,AAPL");
	tl_session_save(st, &s, 1000, 60);
	TL_EQ_INT(s.updated, 1000);
	TL_EQ_INT(s.expires, 1060);
	TL_EQ_INT(tl_session_load(st, "a", 1059, &t), 1);
	TL_EQ_STR(t.val[TL_SK_SYMBOL], "GOOG");
	TL_EQ_STR(t.val[TL_SK_WATCHLIST], "GOOG,AAPL");
	TL_CHECK(t.val[TL_SK_TF] == NULL);
	TL_EQ_INT(t.expires, 1060);
	/* Unsetting a key deletes its row. */
	tl_session_set(&t, TL_SK_WATCHLIST, NULL);
	tl_session_save(st, &t, 1010, 60);
	tl_session_free(&t);
	TL_EQ_INT(tl_session_load(st, "a", 1069, &t), 1);
	TL_CHECK(t.val[TL_SK_WATCHLIST] == NULL);
	tl_session_free(&t);
	TL_EQ_INT(tl_session_load(st, "a", 1070, &t), 0);
	TL_EQ_STR(t.id, "a");
	TL_CHECK(t.val[TL_SK_SYMBOL] == NULL);
	tl_session_free(&t);
	TL_EQ_INT(tl_session_gc(st, 1069), 0);
	TL_EQ_INT(tl_session_gc(st, 1070), 1);
	TL_EQ_INT(tl_session_gc(st, 1070), 0);
	/* A huge ttl saturates instead of overflowing. */
	tl_session_save(st, &s, 1000, INT64_MAX);
	TL_EQ_INT(s.expires, INT64_MAX);
	tl_session_free(&s);
	tl_store_close(st);
}

int main(void)
{
	TL_RUN(test_keys);
	TL_RUN(test_store);
	return TL_DONE();
}
