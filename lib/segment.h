/* segment.h — Chinese text as words: Traditional read as Simplified
 * (OpenCC's t2s) and runs of CJK characters cut into words (friso, simple
 * maximum matching).
 *
 * The lexicon is share/grade/lexicon-zh.txt (the words of friso's
 * dictionary that occur in the question bank and the taxonomy, one a line;
 * t/tools/grade-tables writes it) plus the words callers add: loading it
 * takes about a millisecond, where friso's whole dictionary takes 140 ms.
 * Nothing is loaded until a text with CJK characters is segmented.
 */
#ifndef IV_SEGMENT_H
#define IV_SEGMENT_H

#include <stddef.h>

/* Called for each word of a CJK run: the word (NUL-terminated, valid
 * during the call, Simplified) and its byte span [start, end) in the text
 * as given. part is 1 for a shorter word found inside a longer one (the
 * longer one comes first), else 0. */
typedef void (*iv_word_fn)(const char *word, size_t start, size_t end, int part, void *ctx);

/* Segment the CJK run text[0..n) (CJK characters only). */
void iv_segment_run(const char *text, size_t n, iv_word_fn fn, void *ctx);

/* Add a word (any text with CJK; copied) to the lexicon; effective for
 * later segmentation. Words longer than 8 characters are ignored. */
void iv_segment_add_word(const char *word);

/* A malloc'd Simplified copy of a CJK run of n bytes, or NULL when it is
 * Simplified already or its conversion changes its length in bytes (the
 * caller then reads it as written). */
char *iv_to_simplified(const char *text, size_t n);

/* Nonzero when the lexicon knows word. */
int iv_segment_is_word(const char *word);

#endif
