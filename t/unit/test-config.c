/* Unit tests for the YAML loader and the config (lib/yamldoc.c, lib/config.c). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "msg.h"
#include "yamldoc.h"
#include "unit.h"

static jv
parse(const char *s, jv *lines)
{
	return iv_yaml_parse(s, strlen(s), "c.yaml", lines);
}

static const char *
err_of(jv v, char *buf, size_t n)
{
	jv m = jv_invalid_get_msg(v);

	snprintf(buf, n, "%s", jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "(valid)");
	jv_free(m);
	return buf;
}

int
main(void)
{
	char buf[512], dir[] = "/tmp/iv-unit-XXXXXX", path[600];
	jv v, lines;
	FILE *f;

	/* Scalars follow YAML 1.2's core schema; quoted scalars are strings. */
	v = parse("a: 1\nb: 2.5\nc: true\nd: ~\ne: yes\nf: '3'\ng: 中文\nh:\n  - x\n  - 2\n", &lines);
	CHECK(jv_is_valid(v));
	jv_dump_string_trunc(jv_copy(v), buf, sizeof buf);
	CHECK_STR(buf, "{\"a\":1,\"b\":2.5,\"c\":true,\"d\":null,\"e\":\"yes\",\"f\":\"3\",\"g\":\"中文\",\"h\":[\"x\",2]}");
	jv_free(v);
	/* Lines of keys, by dotted path. */
	v = jv_object_get(lines, jv_string("h"));
	CHECK(jv_number_value(v) == 8);
	jv_free(v);

	/* Errors name the file, the line and the key. */
	v = parse("llm:\n  profiles:\n    x:\n      model: [a\n", NULL);
	CHECK(strncmp(err_of(v, buf, sizeof buf), "c.yaml:", 7) == 0);
	v = parse("a: 1\na: 2\n", NULL);
	CHECK_STR(err_of(v, buf, sizeof buf), "c.yaml:2: a: duplicate key");
	v = parse("a: &x 1\nb: *x\n", NULL);
	CHECK_STR(err_of(v, buf, sizeof buf), "c.yaml:2: b: aliases are not supported");
	v = iv_yaml_parse("a: \"\xff\"\n", 8, "c.yaml", NULL);
	CHECK_STR(err_of(v, buf, sizeof buf), "c.yaml:1: invalid UTF-8");
	v = parse("", NULL);
	CHECK(jv_get_kind(v) == JV_KIND_OBJECT);
	jv_free(v);

	/* The config: a file, validation and environment overrides. */
	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/config.yaml", dir);
	setenv("IV_HOME", dir, 1);
	unsetenv("IV_CONFIG");
	unsetenv("IV_ENGINE");
	unsetenv("IV_ROUNDS");
	unsetenv("IV_MODEL");
	f = fopen(path, "w");
	fputs("engine: llm\ninterview:\n  rounds: 4\n  feedback: false\nllm:\n  profiles:\n"
	      "    local:\n      model: qwen2.5\n      timeout: 30\nwhat: 1\n", f);
	fclose(f);
	{
		int errors = -1;
		char *r = iv_config_check(&errors);

		CHECK(errors == 0);
		CHECK(r && strstr(r, "config.yaml:10: what: unknown key (ignored)"));
		free(r);
	}
	setenv("IV_ROUNDS", "7", 1);
	CHECK_STR(iv_config_str("engine", "builtin"), "llm");
	CHECK(iv_config_int("interview.rounds", 5) == 7);	/* the environment wins */
	CHECK(iv_config_bool("interview.feedback", 1) == 0);
	CHECK_STR(iv_config_str("llm.profiles.local.model", NULL), "qwen2.5");
	CHECK(iv_config_num("llm.profiles.local.timeout", 0) == 30);
	CHECK(iv_config_str("llm.profiles.none.model", NULL) == NULL);
	CHECK(iv_config_int("missing.key", 42) == 42);

	/* Wrong types and ranges are errors that name the line and key. */
	f = fopen(path, "w");
	fputs("engine: gpt\ninterview:\n  rounds: 11\nllm:\n  profiles:\n    x:\n      timeout: soon\n", f);
	fclose(f);
	{
		int errors = 0;
		char *r = iv_config_check(&errors);

		CHECK(errors == 3);
		CHECK(r && strstr(r, "config.yaml:1: engine: 'gpt' is not one of builtin|llm"));
		CHECK(r && strstr(r, "config.yaml:3: interview.rounds: 11 is out of range (3 to 10)"));
		CHECK(r && strstr(r, "config.yaml:7: llm.profiles.x.timeout: expected a number, got string"));
		free(r);
	}
	setenv("IV_ROUNDS", "many", 1);
	unlink(path);
	{
		int errors = 0;
		char *r = iv_config_check(&errors);

		CHECK(errors == 1);
		CHECK(r && strstr(r, "environment IV_ROUNDS: expected a whole number, got string"));
		free(r);
	}
	rmdir(dir);
	return unit_done();
}
