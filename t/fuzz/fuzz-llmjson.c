/* A model's reply made into JSON (llmjson.c: think blocks, fences, the
 * first balanced object) and checked against a schema. The input is the
 * reply, then after "\n%%\n" a schema (else the grade reply's own shape). */
#include <jv.h>

#include "fuzz.h"
#include "jsonl.h"
#include "llmjson.h"

static const char grade_schema[] =
	"{\"type\":\"object\",\"required\":[\"score\",\"feedback\"],\"additionalProperties\":false,"
	"\"properties\":{\"score\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10},"
	"\"feedback\":{\"type\":\"string\",\"minLength\":1},"
	"\"covered\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":20},"
	"\"mood\":{\"enum\":[\"calm\",\"nervous\",\"confident\"]},"
	"\"n\":{\"type\":[\"integer\",\"null\"]}}}";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	const uint8_t *rest;
	size_t nrest, head = fuzz_split(data, n, &rest, &nrest);
	char *reply = fuzz_str(data, head), *s;
	const char *stage = NULL;
	jv v, schema;

	fuzz_init();
	free(iv_llm_strip_think(reply));
	v = iv_llm_repair(reply, &stage);
	schema = nrest ? iv_json_parse((const char *)rest, nrest) : jv_parse(grade_schema);
	if (jv_is_valid(v) && jv_is_valid(schema)) {
		s = iv_llm_schema_check(v, schema);
		free(s);
	}
	jv_free(schema);
	jv_free(v);
	free(reply);
	return 0;
}
