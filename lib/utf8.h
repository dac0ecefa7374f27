/* utf8.h — UTF-8 as iv needs it: validation, decoding, CJK detection and
 * terminal display width (CJK characters take two columns).
 */
#ifndef IV_UTF8_H
#define IV_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Returns the byte offset of the first invalid sequence, or (size_t)-1 when
 * all n bytes are valid UTF-8 (overlong forms and surrogates are invalid). */
size_t iv_utf8_invalid_at(const char *s, size_t n);
int iv_utf8_valid(const char *s, size_t n);

/* Decodes the code point at s (at most n bytes), stores it in *cp and returns
 * its length; an invalid byte gives U+FFFD and length 1. n must be > 0. */
int iv_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encodes cp into out (4 bytes at most) and returns the length. */
int iv_utf8_encode(uint32_t cp, char *out);

/* Han, Hiragana, Katakana, Hangul and CJK punctuation: text that is not
 * split into words by spaces. */
int iv_is_cjk(uint32_t cp);
int iv_is_cjk_punct(uint32_t cp);
/* Columns a code point takes on a terminal: 0, 1 or 2. */
int iv_cp_width(uint32_t cp);
/* Columns a string takes. */
size_t iv_utf8_width(const char *s);
/* Byte length of the longest prefix of s that fits in cols columns. */
size_t iv_utf8_fit(const char *s, size_t cols);
/* Number of code points. */
size_t iv_utf8_len(const char *s, size_t n);

#endif
