/* text.h — words of Chinese and English text, for matching, grading and
 * search.
 *
 * Tokens: ASCII letters and digits form words (lowercased; '+', '#' and '.'
 * inside or after a word are kept, so "c++", "c#", "node.js" survive, and
 * the parts of a dotted name are tokens too: "node.js" gives node.js, node, js);
 * other Latin letters are folded to lowercase ASCII where simple; CJK runs
 * (utf8.h: iv_is_cjk) become overlapping character bigrams ("向量数据库" ->
 * 向量 量数 数据 据库), and a single CJK character between non-CJK text
 * becomes a unigram. Punctuation and spaces separate tokens.
 *
 * With IV_TOK_STEM English words are reduced by a light stemmer
 * ("caching", "cached", "caches" -> "cach"; "indexes" -> "index"), with
 * IV_TOK_UNIGRAMS every CJK character is also a token of its own, and with
 * IV_TOK_STOP common English and Chinese function words are dropped.
 */
#ifndef IV_TEXT_H
#define IV_TEXT_H

#include <stddef.h>
#include <jv.h>

enum {
	IV_TOK_STEM = 1,
	IV_TOK_UNIGRAMS = 2,
	IV_TOK_STOP = 4,
};

/* Called for each token: the token (NUL-terminated, valid during the
 * call), and the byte span [start, end) of the text it came from. */
typedef void (*iv_token_fn)(const char *tok, size_t start, size_t end, void *ctx);

void iv_tokenize(const char *text, int flags, iv_token_fn fn, void *ctx);
/* The tokens as a new jv array of strings. */
jv iv_tokens(const char *text, int flags);
/* Tokens joined by single spaces: what FTS5 indexes and what its queries
 * use, so a Chinese query matches Chinese text. Returns a malloc'd string. */
char *iv_tokens_joined(const char *text, int flags);

/* The light English stemmer on one lowercase ASCII word; writes to out
 * (at least strlen(word) + 1 bytes) and returns out. */
char *iv_stem(const char *word, char *out);
/* Nonzero for a stop word (English or Chinese, as produced by the
 * tokenizer). */
int iv_is_stopword(const char *tok);

/* The language of a text by its letters: "zh" when CJK characters make up
 * at least a fifth of the letters, else "en". */
const char *iv_text_lang(const char *text);

#endif
