/* llm_usage.h — what one call cost, summed over its requests
 * (llm_usage.c): the tally behind every *usage object of llm.h.
 * For llm_*.c only.
 *
 * Ownership: jv parameters are borrowed unless marked consumed; every jv
 * returned is new.
 */
#ifndef IV_LLM_USAGE_H
#define IV_LLM_USAGE_H

#include <jv.h>

#include "llm.h"

typedef struct {
	double prompt, completion, total;
	int attempts, estimated, cached, n;
	char *model;
	long start;
} iv_llm_tally;

/* One reply's usage (borrowed; without counts, prompt.h's estimate of
 * messages and text is used). */
void iv_llm_tally_add(iv_llm_tally *t, jv usage, const char *model, jv messages, const char *text);
/* The usage object for the call so far (the tally's model is freed). */
jv iv_llm_tally_json(const iv_llm *c, iv_llm_tally *t);
/* The counts of a cached reply's usage (cu, consumed). */
void iv_llm_tally_cached(iv_llm_tally *t, jv cu);
/* *usage = u, or u freed when usage is NULL (u consumed). */
void iv_llm_give_usage(jv *usage, jv u);
/* The usage worth keeping with a cached reply: the counts (u borrowed). */
jv iv_llm_counts_of(jv u);

#endif
