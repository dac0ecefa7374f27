/* llm_embed.c — embeddings from the server's /embeddings, in batches
 * (llm.h). */
#include <stdlib.h>

#include "jsonl.h"
#include "llm.h"
#include "llm_usage.h"
#include "llm_wire.h"
#include "msg.h"

/* Embeddings. */

static jv
embed_batch(iv_llm *c, jv texts, iv_llm_tally *t, char **error)
{
	jv body = JV_OBJECT(jv_string("model"), jv_string(c->embedding_model), jv_string("input"), jv_copy(texts));
	int n = jv_array_length(jv_copy(texts));
	jv data, out = jv_invalid();
	iv_llm_outcome o;
	iv_llm_reply r;

	iv_llm_reply_init(&r, c, 0, NULL, NULL);
	o = iv_llm_request(c, "/embeddings", body, &r);
	t->attempts += o.attempts;
	iv_llm_reply_free(&r);
	jv_free(body);
	if (!o.ok) {
		*error = o.error;
		o.error = NULL;
		iv_llm_outcome_free(&o);
		return out;
	}
	data = iv_jget(o.json, "data");
	if (jv_get_kind(data) == JV_KIND_ARRAY && jv_array_length(jv_copy(data)) == n) {
		out = jv_array();
		for (int i = 0; i < n; i++)
			out = jv_array_append(out, jv_null());
		jv_array_foreach(data, i, d) {
			int at = (int)iv_jnum(d, "index", i);
			jv e = iv_jget(d, "embedding");

			if (at >= 0 && at < n && jv_get_kind(e) == JV_KIND_ARRAY)
				out = jv_array_set(out, at, e);
			else
				jv_free(e);
			jv_free(d);
		}
		jv_array_foreach(out, i, e) {
			if (jv_get_kind(e) != JV_KIND_ARRAY && jv_is_valid(out)) {
				jv_free(out);
				out = jv_invalid();
			}
			jv_free(e);
		}
	}
	if (!jv_is_valid(out))
		*error = iv_xasprintf("POST %s/embeddings: the reply does not hold %d embeddings", c->endpoint, n);
	else {
		jv u = iv_jget(o.json, "usage"), m = iv_jget(o.json, "model");

		t->prompt += iv_jnum(u, "prompt_tokens", 0);
		t->total += iv_jnum(u, "total_tokens", iv_jnum(u, "prompt_tokens", 0));
		if (!t->model && jv_get_kind(m) == JV_KIND_STRING)
			t->model = iv_xstrdup(jv_string_value(m));
		jv_free(u);
		jv_free(m);
	}
	jv_free(data);
	iv_llm_outcome_free(&o);
	return out;
}

jv
iv_llm_embed(iv_llm *c, jv texts, jv *usage)
{
	iv_llm_tally t = { .start = iv_llm_now_ms() };
	int n = jv_array_length(jv_copy(texts));
	char *error = NULL;
	jv all = jv_array(), u;

	if (!c->embedding_model) {
		iv_llm_give_usage(usage, jv_object_set(iv_llm_tally_json(c, &t), jv_string("error"), jv_string("no embedding model")));
		jv_free(all);
		return jv_invalid_with_msg(jv_string_fmt("no embedding_model in LLM profile '%s'", c->provider));
	}
	t.model = iv_xstrdup(c->embedding_model);
	for (int i = 0; i < n && !error; i += c->batch) {
		jv part = jv_array(), e;

		/* Not jv_array_slice: jq 1.6's slices misbehave in later concats. */
		for (int k = i; k < n && k < i + c->batch; k++)
			part = jv_array_append(part, jv_array_get(jv_copy(texts), k));
		e = embed_batch(c, part, &t, &error);

		jv_free(part);
		if (jv_is_valid(e))
			all = jv_array_concat(all, e);
		else
			jv_free(e);
	}
	u = iv_llm_tally_json(c, &t);
	if (error) {
		jv v = jv_invalid_with_msg(jv_string(error));

		iv_llm_give_usage(usage, jv_object_set(u, jv_string("error"), jv_string(error)));
		free(error);
		jv_free(all);
		return v;
	}
	iv_llm_give_usage(usage, u);
	return all;
}
