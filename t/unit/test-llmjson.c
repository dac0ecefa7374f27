/* Unit tests for repairing model replies and checking them against a
 * schema (lib/llmjson.c). */
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "llmjson.h"
#include "msg.h"
#include "unit.h"

static char *
dump(jv v)
{
	jv d;
	char *s;

	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);

		s = iv_xasprintf("ERR %s", jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "?");
		jv_free(m);
		return s;
	}
	d = jv_dump_string(v, 0);
	s = iv_xstrdup(jv_string_value(d));
	jv_free(d);
	return s;
}

static void
repair(const char *in, const char *want, const char *want_stage)
{
	const char *stage = NULL;
	char *got = dump(iv_llm_repair(in, &stage));

	CHECK_STR(got, want);
	if (want_stage)
		CHECK_STR(stage, want_stage);
	free(got);
}

static void
check(const char *value, const char *schema, const char *want)
{
	jv v = iv_json_parse(value, strlen(value)), s = iv_json_parse(schema, strlen(schema));
	char *err = iv_llm_schema_check(v, s);

	if (want)
		CHECK_STR(err, want);
	else
		CHECK(err == NULL);
	if (err && !want)
		fprintf(stderr, "  unexpected: %s\n", err);
	free(err);
	jv_free(v);
	jv_free(s);
}

static void
think(const char *in, const char *want)
{
	char *got = iv_llm_strip_think(in);

	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	think("<think>let me see</think>\n\n{\"a\":1}", "{\"a\":1}");
	think("reasoning first</think>answer", "answer");
	think("a<think>x</think>b<think>y</think>c", "abc");
	think("<think>never closed", "");
	think("  plain  ", "plain");

	repair("{\"a\":1}", "{\"a\":1}", "strict");
	repair("  [1,2] ", "[1,2]", "strict");
	repair("Sure:\n```json\n{\"a\": [1, 2]}\n```\nHope it helps.", "{\"a\":[1,2]}", "fence");
	repair("```\n{\"a\":2}", "{\"a\":2}", "fence");
	repair("Here: {\"a\":\"}{\\\"\",\"b\":{\"c\":1}} and more {", "{\"a\":\"}{\\\"\",\"b\":{\"c\":1}}", "object");
	repair("{oops} then {\"ok\":true}", "{\"ok\":true}", "object");
	repair("<think>{\"wrong\":1}</think>{\"right\":2}", "{\"right\":2}", "strict");
	repair("我的回答：{\"分数\":8}", "{\"分数\":8}", "object");
	repair("no json here at all", "ERR the reply is not JSON: 'no json here at all'", NULL);
	repair("{\"score\": 7,", "ERR the reply is not JSON: '{\"score\": 7,'", NULL);
	repair("", "ERR the reply is empty", NULL);
	repair("<think>only thinking</think>", "ERR the reply is empty", NULL);

	check("{\"a\":1}", "{\"type\":\"object\",\"required\":[\"a\",\"b\"]}", "$: missing field 'b'");
	check("{\"a\":\"x\"}", "{\"properties\":{\"a\":{\"type\":\"number\"}}}", "$.a: expected a number, got string");
	check("{\"a\":1.5}", "{\"properties\":{\"a\":{\"type\":\"integer\"}}}", "$.a: expected an integer, got number");
	check("{\"a\":3}", "{\"properties\":{\"a\":{\"type\":\"integer\"}}}", NULL);
	check("{\"s\":11}", "{\"properties\":{\"s\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10}}}",
	      "$.s: 11 is above the maximum 10");
	check("{\"s\":-1}", "{\"properties\":{\"s\":{\"minimum\":0}}}", "$.s: -1 is below the minimum 0");
	check("{\"l\":[\"a\",2]}", "{\"properties\":{\"l\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}}}",
	      "$.l[1]: expected a string, got number");
	check("{\"e\":\"maybe\"}", "{\"properties\":{\"e\":{\"enum\":[\"yes\",\"no\"]}}}",
	      "$.e: expected one of [\"yes\",\"no\"]");
	check("{\"e\":\"no\"}", "{\"properties\":{\"e\":{\"enum\":[\"yes\",\"no\"]}}}", NULL);
	check("{\"a\":1,\"x\":2}", "{\"properties\":{\"a\":{}},\"additionalProperties\":false}",
	      "$: unknown field 'x'");
	check("{\"n\":null}", "{\"properties\":{\"n\":{\"type\":[\"string\",\"null\"]}}}", NULL);
	check("{\"n\":true}", "{\"properties\":{\"n\":{\"type\":[\"string\",\"null\"]}}}",
	      "$.n: expected string or null, got boolean");
	check("[1]", "{\"type\":\"object\"}", "$: expected an object, got array");
	check("{\"l\":[]}", "{\"properties\":{\"l\":{\"minItems\":1}}}", "$.l: 0 items, fewer than 1");
	check("{\"d\":{\"x\":{\"y\":\"z\"}}}",
	      "{\"properties\":{\"d\":{\"properties\":{\"x\":{\"required\":[\"q\"]}}}}}", "$.d.x: missing field 'q'");
	check("{\"t\":\"\"}", "{\"properties\":{\"t\":{\"minLength\":1}}}", "$.t: expected at least 1 characters");
	return unit_done();
}
