/* reading.h — a text read the way the grader compares texts: English words
 * as Snowball stems (stem.h), Chinese as words (segment.h, Traditional
 * read as Simplified), the field's aliases (alias.h) as concepts, in
 * sentences and clauses, with negations marked.
 *
 * Every token's key is interned: equal keys have equal numbers for the
 * life of the process, so comparing words is comparing ints.
 */
#ifndef IV_READING_H
#define IV_READING_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
	int key;		/* iv_intern() of the stem, the word, or "@N" for concept N */
	size_t start, end;	/* bytes of the text */
	int sent, clause;	/* indexes in the text; a clause from "but", "但是" on is odd */
	int concept;		/* the concept token this word is part of, or -1 */
	unsigned stop : 1;	/* a function word */
	unsigned cjk : 1;
	unsigned part : 1;	/* a word inside a longer word or dotted name */
	unsigned neg : 1;	/* a negation: not, never, 不, 没有 ... */
	unsigned isconcept : 1;	/* an alias group spanning words start..end */
	unsigned dismiss : 1;	/* part of a phrase that dismisses what its clause
				 * names: "doesn't matter", "no need", "没必要" */
	unsigned negd : 1;	/* in a negation's scope: the next few content
				 * words of its clause ("does not need to run") */
} iv_rtok;

typedef struct {
	const char *s;		/* borrowed */
	iv_rtok *t;
	int n, nsent, nclause;
	size_t *sent_end;	/* byte where each sentence ends */
	int has_cjk;
	/* key -> sentences holding it (bit min(sent, 63)) */
	int *hkey;
	uint64_t *hmask;
	int hcap;
} iv_reading;

/* Read text (borrowed; it must outlive r). */
void iv_read(iv_reading *r, const char *text);
void iv_reading_free(iv_reading *r);

/* The sentences holding key, as a bit mask (sentence 63 stands for the
 * rest); 0 when the text does not hold it. */
uint64_t iv_reading_mask(const iv_reading *r, int key);

/* Sentence i's byte span, spaces trimmed. */
void iv_reading_sentence(const iv_reading *r, int i, size_t *s, size_t *e);

/* Nonzero when s holds a CJK character (or another character of three
 * UTF-8 bytes or more: a cheap test that errs toward reading as Chinese). */
int iv_has_cjk(const char *s);

/* The key of a lowercase English word's Snowball stem (stem.h), as
 * iv_read gives it; remembered for the process. */
int iv_stem_key(const char *word);

/* FNV-1a of a string, for tables keyed by text. */
unsigned iv_str_hash(const char *s);

/* A string's number (interned for the process), and back. */
int iv_intern(const char *s);
const char *iv_interned(int key);

/* A key's weight: the smoothed inverse document frequency of the word in
 * the question bank's references and key points (share/grade/idf.txt),
 * scaled so that a typical content word weighs about 1; words the bank does
 * not use weigh the most. */
double iv_key_weight(int key);
/* Nonzero when the bank's texts use the word (the field's vocabulary). */
int iv_key_known(int key);

#endif
