/* tl_config.h: the configuration file, key = value lines. */
#ifndef TL_CONFIG_H
#define TL_CONFIG_H

#include <stddef.h>

struct tl_config;

/*
 * Returns the config path: $XDG_CONFIG_HOME/tickline/config, else
 * ~/.config/tickline/config. New string; the caller frees it.
 */
char *tl_config_path(void);

/*
 * Reads the config file at path (NULL: tl_config_path()). A missing file
 * gives an empty config. Lines are "key = value"; '#' starts a comment
 * line; blank lines are skipped. A malformed line exits 78 naming it. A
 * file holding a secret (a key ending in _key, _token, _secret or
 * _password, or named api_key) that group or others may read exits 78
 * naming the file and the fix. The caller frees with tl_config_free().
 */
struct tl_config *tl_config_load(const char *path);
void tl_config_free(struct tl_config *c);

/* Returns a new, empty config; the caller frees it with tl_config_free(). */
struct tl_config *tl_config_new(void);

/*
 * Parses text (len bytes) of config lines into c, as tl_config_load()
 * reads a file. Returns 0, or the number of the first malformed line with
 * the reason in *why (a static string).
 */
long tl_config_parse(struct tl_config *c, const char *text, size_t len,
                     const char **why);

/* Returns the value of key, or NULL. Borrowed. Later lines win. */
const char *tl_config_get(const struct tl_config *c, const char *key);

#endif
