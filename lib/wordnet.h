/* wordnet.h — English lemmas, synonyms, related words and antonyms from
 * WordNet (wordnet-base's files, read by libwordnet).
 *
 * Looked up lazily, one word at a time, and cached for the process: a
 * grade asks only about the content words of its key points. The bank's
 * key-point words are answered from share/grade/wordnet.txt (written by
 * t/tools/grade-tables from the same lookups), other words from WordNet's
 * files. Senses are
 * limited to the most frequent few of each part of speech, since a rare
 * sense ("cache" as a hidden store of provisions) relates words that mean
 * nothing alike in the field.
 */
#ifndef IV_WORDNET_H
#define IV_WORDNET_H

/* What WordNet says about one lowercase word. The arrays are
 * NULL-terminated, hold lowercase single words, and are owned by the
 * cache. */
typedef struct {
	const char *lemma;		/* base form ("indexes" -> "index"), or the word */
	const char *const *similar;	/* synonyms and derivationally related words */
	const char *const *antonyms;
} iv_wn_word;

/* The entry for word (never NULL; empty lists when WordNet is missing or
 * does not know the word). */
const iv_wn_word *iv_wordnet(const char *word);
/* The same, always from WordNet's files (for writing the table). */
const iv_wn_word *iv_wordnet_live(const char *word);

#endif
