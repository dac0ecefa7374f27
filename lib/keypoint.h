/* keypoint.h — one key point matched against an answer, sentence by
 * sentence (reading.h gives both texts as keys).
 *
 * A point is its content words, weighted by how rare they are in the bank
 * (iv_key_weight) and by less when the question already says them, each
 * with WordNet's synonyms, related words and antonyms (English), and its
 * terms: words or phrases that show it, each read as one concept when the
 * alias table knows it. A sentence of the answer covers the point by the
 * share of its weighted words there (a synonym counts 0.8) and by the terms
 * it holds; the best sentence is the evidence. A point whose best clause
 * negates what the point states, that says it and then denies it after a
 * "but" ("should talk it over, but we never did"), that calls it untrue
 * ("that is not true", "这并不对"), dismisses it ("X doesn't matter", "没必要",
 * "X and Y are the same thing") or says its antonym, is contradicted; for
 * a point that itself negates ("the model does not execute anything") the
 * words said in and out of a negation's scope decide. A point the answer
 * hardly says is never contradicted. A term in a sentence without the
 * point's own words names it rather than explains it and counts less. A
 * point copied word for word is quoted, not explained.
 */
#ifndef IV_KEYPOINT_H
#define IV_KEYPOINT_H

#include "reading.h"

typedef struct iv_kp iv_kp;

typedef struct {
	double cov;		/* 0-1 */
	int sent;		/* the best sentence, or -1 */
	int negated;		/* the answer says the opposite there */
	int quoted;		/* the point's own words, in order, and little else */
} iv_kp_match;

/* text: the point in the answer's language when there is a choice; terms
 * NULL-terminated (may be NULL); q the question read (borrowed, used while
 * building). */
iv_kp *iv_kp_new(const char *text, const char *const *terms, const iv_reading *q);
void iv_kp_free(iv_kp *k);
void iv_kp_match_answer(const iv_kp *k, const iv_reading *a, iv_kp_match *m);
/* Nonzero when key is one of the point's words, their synonyms or its
 * terms: what the grader can relate to the point. */
int iv_kp_relates(const iv_kp *k, int key);
/* Nonzero when the point has terms of its own. */
int iv_kp_has_terms(const iv_kp *k);

#endif
