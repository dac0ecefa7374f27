/* config.h — the user's configuration (YAML, see paths.h for where).
 *
 * Loaded on first use. A missing file means defaults. A bad file is fatal
 * (IV_FAIL) with "FILE:LINE: KEY: problem"; an unknown key is a warning.
 * Environment variables override the file:
 *   IV_ENGINE -> engine, IV_MODEL -> llm.model, IV_PROVIDER -> llm.provider,
 *   IV_USER -> user, IV_LANG -> lang, IV_ROUNDS -> interview.rounds
 * Keys are dotted paths ("llm.profiles.ollama.model"); every accepted key is
 * listed, with its type and range, in the table in config.c.
 */
#ifndef IV_CONFIG_H
#define IV_CONFIG_H

#include <stddef.h>
#include <jv.h>

/* The value at key (a new reference), or jv_null() when unset. */
jv iv_config_get(const char *key);
/* A string setting; the pointer stays valid until exit. */
const char *iv_config_str(const char *key, const char *dflt);
long iv_config_int(const char *key, long dflt);
double iv_config_num(const char *key, double dflt);
int iv_config_bool(const char *key, int dflt);

/* For `iv doctor` and `iv-store check`: load and validate without exiting.
 * Returns NULL when there is nothing to say, else a malloc'd report of one
 * problem per line; *errors counts the lines that are errors (the others
 * are warnings, such as an unknown key). */
char *iv_config_check(int *errors);

/* The same for a config file's text (name is used in the report), without
 * the environment: for tests and fuzzing. */
char *iv_config_check_text(const char *text, size_t n, const char *name, int *errors);

#endif
