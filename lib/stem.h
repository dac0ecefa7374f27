/* stem.h — English words reduced to their Snowball stems (libstemmer's
 * "english", Porter2), for the grader's matching.
 *
 * The stemmer is created on first use and kept for the process.
 */
#ifndef IV_STEM_H
#define IV_STEM_H

#include <stddef.h>

/* The stem of one lowercase word into out (cap bytes, NUL-terminated);
 * words with digits or symbols, and words too long for out, are copied as
 * written. Returns out. */
char *iv_snowball(const char *word, char *out, size_t cap);

#endif
