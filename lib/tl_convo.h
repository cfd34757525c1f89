/* tl_convo.h: conversations and their messages, kept in the store. */
#ifndef TL_CONVO_H
#define TL_CONVO_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "tl_store.h"

/*
 * A conversation belongs to a session and holds messages in order: the
 * user's question, the tool calls and their results, the assistant's
 * answer, and an error message when a provider failed. A message is a
 * JSON object with "role" (user, assistant, tool_call, tool, error) and
 * "content" (text, or JSON kept as its text), and optionally "tool",
 * "tool_call_id", "status" (ok or failed), "provider", "model",
 * "tokens_in", "tokens_out", "latency_ms" and "cost".
 */

/* The longest conversation id, with its NUL. */
#define TL_CONVO_ID_MAX 40

/* Returns 1 when conversation id exists. */
int tl_convo_exists(struct tl_store *st, const char *id);

/*
 * Copies the id of session's latest conversation (the one updated last)
 * into id and returns 1, or returns 0 when it has none.
 */
int tl_convo_latest(struct tl_store *st, const char *session, char *id);

/*
 * Stores one exchange, inside the caller's write transaction: when *id is
 * empty a new conversation of session is made and its id, "c-NOW-N" (N
 * counting the conversations made in that second, from 1), written to id;
 * then the messages (an array as above) are appended and the
 * conversation's update time set to now.
 */
void tl_convo_append(struct tl_store *st, char *id, const char *session,
                     int64_t now, json_t *messages);

/*
 * Returns a new array of conversation id's messages (role, content, tool,
 * tool_call_id), oldest first, for a model's history.
 */
json_t *tl_convo_history(struct tl_store *st, const char *id);

/* Returns the cost of the messages stored at or after since. */
double tl_convo_spent(struct tl_store *st, int64_t since);

#endif
