/* llm_usage.c — what a call cost, summed over its requests (llm_usage.h). */
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "llm_usage.h"
#include "llm_wire.h"
#include "msg.h"
#include "prompt.h"

void
iv_llm_tally_add(iv_llm_tally *t, jv usage, const char *model, jv messages, const char *text)
{
	if (iv_jnum(usage, "prompt_tokens", -1) >= 0) {
		double p = iv_jnum(usage, "prompt_tokens", 0), k = iv_jnum(usage, "completion_tokens", 0);

		t->prompt += p;
		t->completion += k;
		t->total += iv_jnum(usage, "total_tokens", p + k);
	} else {
		double p = (double)iv_token_estimate_messages(messages);
		double k = text ? (double)iv_token_estimate(text, strlen(text)) : 0;

		t->prompt += p;
		t->completion += k;
		t->total += p + k;
		t->estimated = 1;
	}
	if (model && !t->model)
		t->model = iv_xstrdup(model);
	t->n++;
}

jv
iv_llm_tally_json(const iv_llm *c, iv_llm_tally *t)
{
	jv u = JV_OBJECT(jv_string("model"), jv_string(t->model ? t->model : c->model ? c->model : ""),
			 jv_string("prompt_tokens"), jv_number(t->prompt),
			 jv_string("completion_tokens"), jv_number(t->completion),
			 jv_string("total_tokens"), jv_number(t->total),
			 jv_string("latency_ms"), jv_number((double)(iv_llm_now_ms() - t->start)),
			 jv_string("attempts"), jv_number(t->attempts),
			 jv_string("cached"), jv_bool(t->cached));

	if (t->estimated)
		u = jv_object_set(u, jv_string("estimated"), jv_true());
	free(t->model);
	t->model = NULL;
	return u;
}

void
iv_llm_give_usage(jv *usage, jv u)
{
	if (usage)
		*usage = u;
	else
		jv_free(u);
}

/* The usage worth keeping with a cached reply: the counts. */
jv
iv_llm_counts_of(jv u)
{
	jv out = jv_object();
	static const char *const keys[] = { "model", "prompt_tokens", "completion_tokens", "total_tokens", "estimated", NULL };

	for (int i = 0; keys[i]; i++) {
		jv v = iv_jget(u, keys[i]);

		if (jv_get_kind(v) != JV_KIND_NULL)
			out = jv_object_set(out, jv_string(keys[i]), v);
		else
			jv_free(v);
	}
	return out;
}

void
iv_llm_tally_cached(iv_llm_tally *t, jv cu)
{
	t->prompt += iv_jnum(cu, "prompt_tokens", 0);
	t->completion += iv_jnum(cu, "completion_tokens", 0);
	t->total += iv_jnum(cu, "total_tokens", 0);
	t->estimated |= iv_jbool(cu, "estimated", 0);
	if (!t->model && jv_get_kind(cu) == JV_KIND_OBJECT)
		t->model = iv_jstrdup(cu, "model");
	t->cached = 1;
	jv_free(cu);
}
