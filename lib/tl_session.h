/* tl_session.h: chart context per session, kept in the store with a TTL. */
#ifndef TL_SESSION_H
#define TL_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "tl_out.h"
#include "tl_store.h"

/*
 * A session is an id and a set of keys with values, all text, that live
 * until their expiry time: each save sets expires = now + ttl. The known
 * keys are the rows of tl_session_keys[], in the order records list them;
 * a program that needs a new key adds a row (and a TL_SK_ index) here.
 */
enum tl_session_key {
	TL_SK_SYMBOL,      /* a symbol, as tl_session_symbol_ok() allows */
	TL_SK_TF,          /* a timeframe code (alias "timeframe") */
	TL_SK_SNAPSHOT_ID, /* free text, 1 to 128 printable bytes */
	TL_SK_MODE,        /* manual | semi-auto | auto */
	TL_SK_AGENT,       /* on | off */
	TL_SK_WATCHLIST,   /* a comma list of symbols, written as an array */
	TL_SK_PRESET,      /* scan-run's weights preset: 1..32 of [a-z0-9_-] */
	TL_SK_COUNT
};

/* How a key's value is checked. */
enum {
	TL_SKV_SYMBOL,
	TL_SKV_TF,
	TL_SKV_TEXT,
	TL_SKV_WORDS,
	TL_SKV_SYMBOLS,
	TL_SKV_PRESET
};

struct tl_session_keydef {
	const char *name;  /* as given to session-set and in records */
	const char *alias; /* another name session-set takes, or NULL */
	int check;         /* TL_SKV_* */
	const char
	    *words; /* TL_SKV_WORDS: the values allowed, space-separated */
	const char *expect; /* what a bad value is told it should be */
	const char *help;
};

extern const struct tl_session_keydef tl_session_keys[TL_SK_COUNT];

/* The longest value kept, and the longest session id. */
#define TL_SESSION_VALUE_MAX 1024
#define TL_SESSION_ID_MAX    64

struct tl_session {
	char id[TL_SESSION_ID_MAX + 1];
	char *val[TL_SK_COUNT]; /* NULL when unset; owned */
	int64_t updated, expires;
};

/*
 * Returns the session id to use: opt (--session) when not NULL, else
 * $TICKLINE_SESSION when set and not empty, else "default". Borrowed.
 */
const char *tl_session_id(const char *opt);

/*
 * Returns NULL when id is a valid session id (1 to TL_SESSION_ID_MAX bytes
 * of letters, digits, '.', '_', '-' and '@'), else why not (static).
 */
const char *tl_session_id_check(const char *id);

/* Returns 1 when s is a symbol a session takes: 1 to TL_SYMBOL_MAX bytes
 * of letters, digits and . _ - / ^ = (no ':' or ',', which chart commands
 * and lists use). */
int tl_session_symbol_ok(const char *s, size_t len);

/* Returns the key named name[0..len) (or its alias), or -1. */
int tl_session_key_find(const char *name, size_t len);

/*
 * Checks value for key and writes its stored form into out (n bytes):
 * the timeframe code as written by tl_tf_name(), the other values as
 * given. Returns NULL, or the key's expect text when the value is bad.
 */
const char *tl_session_check(int key, const char *value, char *out, size_t n);

/* Zeroes s and sets its id (which the caller has checked). */
void tl_session_init(struct tl_session *s, const char *id);

/* Frees the values of s. */
void tl_session_free(struct tl_session *s);

/* Sets key to value (copied; NULL unsets it). */
void tl_session_set(struct tl_session *s, int key, const char *value);

/*
 * Loads session id into s (initialised by the call) when it exists and has
 * not expired at now (expires > now). Returns 1 when found, 0 when there
 * is no such live session (s then holds only its id).
 */
int tl_session_load(struct tl_store *st, const char *id, int64_t now,
                    struct tl_session *s);

/* Inserts or replaces s, with updated = now and expires = now + ttl. */
void tl_session_save(struct tl_store *st, struct tl_session *s, int64_t now,
                     int64_t ttl);

/* Deletes the sessions expired at now; returns how many. */
long tl_session_gc(struct tl_store *st, int64_t now);

/*
 * Calls fn for each session live at now, by id; stops when fn returns
 * non-zero and returns that value.
 */
int tl_session_each(struct tl_store *st, int64_t now,
                    int (*fn)(const struct tl_session *s, void *arg),
                    void *arg);

/*
 * Writes s as a session record: type, session, the keys set in table
 * order (watchlist as an array of strings), updated and expires.
 */
void tl_session_write(struct tl_w *w, const struct tl_session *s);

#endif
