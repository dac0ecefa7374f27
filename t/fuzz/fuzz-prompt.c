/* Prompt templating (prompt.c): a template, then after "\n%%\n" its
 * variables as a JSON object, then after another "\n%%\n" the context
 * layers as {turns, plan, summaries, memories, skills}; the first byte
 * picks the budget. */
#include <jv.h>

#include "fuzz.h"
#include "jsonl.h"
#include "prompt.h"

static jv
field(jv obj, const char *key)
{
	return jv_get_kind(obj) == JV_KIND_OBJECT ? iv_jget(obj, key) : jv_null();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	const uint8_t *p2, *p3;
	size_t n2, n3, n1, budget;
	char *text;
	jv vars, layers, info = jv_null();
	iv_layers l;

	fuzz_init();
	if (n < 1)
		return 0;
	budget = (size_t)data[0] * 12;
	n1 = fuzz_split(data + 1, n - 1, &p2, &n2);
	text = fuzz_str(data + 1, n1);
	n2 = fuzz_split(p2, n2, &p3, &n3);
	vars = iv_json_parse((const char *)p2, n2);
	if (jv_get_kind(vars) != JV_KIND_OBJECT) {
		jv_free(vars);
		vars = JV_OBJECT(jv_string("question"), jv_string_sized((const char *)p2, (int)n2),
				 jv_string("answer"), jv_string("a"));
	}
	layers = iv_json_parse((const char *)p3, n3);
	l = (iv_layers){ field(layers, "turns"), field(layers, "plan"), field(layers, "summaries"),
			 field(layers, "memories"), field(layers, "skills") };
	jv_free(iv_prompt_build_text(text, "fuzz", vars, &l, budget, &info));
	free(iv_context_text(&l, budget, NULL));
	free(iv_prompt_data("answer", text));
	(void)iv_token_prefix(text, n1, budget);
	jv_free(info);
	jv_free(l.turns), jv_free(l.plan), jv_free(l.summaries), jv_free(l.memories), jv_free(l.skills);
	jv_free(layers);
	jv_free(vars);
	free(text);
	return 0;
}
