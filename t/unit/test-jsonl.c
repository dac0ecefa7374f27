/* Unit tests for the JSON lines reader and writer helpers (lib/jsonl.c). */
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "msg.h"
#include "unit.h"

/* Read all of text; returns the values as an array and the errors joined. */
static jv
read_all(const char *text, size_t n, int flags, size_t max, char *errs, size_t errsz)
{
	FILE *f = fmemopen((void *)text, n, "r");
	iv_jsonl *r = iv_jsonl_open(f, "in", flags);
	jv out = jv_array(), v;
	int rc;

	errs[0] = 0;
	if (max)
		iv_jsonl_set_max(r, max);
	while ((rc = iv_jsonl_next(r, &v)) != 0) {
		if (rc < 0) {
			strncat(errs, iv_jsonl_error(r), errsz - strlen(errs) - 2);
			strcat(errs, "|");
			continue;
		}
		out = jv_array_append(out, v);
	}
	iv_jsonl_close(r);
	fclose(f);
	return out;
}

#define PARSE(s) iv_json_parse((s), strlen(s))

static int
count(jv a)
{
	int n = jv_array_length(jv_copy(a));

	jv_free(a);
	return n;
}

int
main(void)
{
	char errs[4096];
	jv v;

	/* Lines, blank lines, CRLF, a last line without newline. */
	{
		const char *t = "{\"a\":1}\n\n  \r\n{\"b\":\"x\"}\r\n[1,2]";
		v = read_all(t, strlen(t), 0, 0, errs, sizeof errs);
		CHECK(count(v) == 3);
		CHECK_STR(errs, "");
	}
	/* Errors name the input and the line; the reader goes on. */
	{
		const char *t = "{\"a\":1}\n{\"a\":}\n{\"a\":2}\n";
		v = read_all(t, strlen(t), 0, 0, errs, sizeof errs);
		CHECK(count(v) == 2);
		CHECK(strncmp(errs, "in:2: invalid JSON", 18) == 0);
	}
	/* Objects required. */
	{
		const char *t = "{}\n[1]\n\"s\"\n";
		v = read_all(t, strlen(t), IV_JSONL_OBJECTS, 0, errs, sizeof errs);
		CHECK(count(v) == 1);
		CHECK_STR(errs, "in:2: expected a JSON object, got array|in:3: expected a JSON object, got string|");
	}
	/* Invalid UTF-8, NUL bytes, two values on one line, NaN. */
	{
		const char t[] = "{\"a\":\"\xff\"}\n{\"a\":\"\0\"}\n{} {}\n{\"a\":nan}\n{\"ok\":\"\xe4\xb8\xad\"}\n";
		v = read_all(t, sizeof t - 1, 0, 0, errs, sizeof errs);
		CHECK(count(v) == 1);
		CHECK(strstr(errs, "in:1: invalid UTF-8 at byte 7|") != NULL);
		CHECK(strstr(errs, "in:2: binary data (a NUL byte at byte 7)|") != NULL);
		CHECK(strstr(errs, "in:3: invalid JSON: more than one value|") != NULL);
		CHECK(strstr(errs, "in:4: invalid JSON: NaN or infinite number|") != NULL);
	}
	/* Overlong and surrogate encodings are invalid UTF-8. */
	{
		const char t[] = "\"\xc0\xaf\"\n\"\xed\xa0\x80\"\n";
		v = read_all(t, sizeof t - 1, 0, 0, errs, sizeof errs);
		CHECK(count(v) == 0);
		CHECK(strstr(errs, "in:1: invalid UTF-8") != NULL);
		CHECK(strstr(errs, "in:2: invalid UTF-8") != NULL);
	}
	/* A line of several MB is read whole; one over the limit is refused
	 * and the next line still read. */
	{
		size_t big = 5u << 20;
		char *t = malloc(big + 64);
		size_t n;

		strcpy(t, "{\"text\":\"");
		n = strlen(t);
		memset(t + n, 'x', big);
		n += big;
		strcpy(t + n, "\"}\n{\"after\":1}\n");
		n += strlen(t + n);
		v = read_all(t, n, 0, 0, errs, sizeof errs);
		CHECK(jv_array_length(jv_copy(v)) == 2);
		{
			jv s = jv_getpath(jv_copy(v), JV_ARRAY(jv_number(0), jv_string("text")));
			CHECK((size_t)jv_string_length_bytes(s) == big);
		}
		jv_free(v);
		v = read_all(t, n, 0, 1u << 20, errs, sizeof errs);
		CHECK(count(v) == 1);
		CHECK(strstr(errs, "in:1: line too long (over 1048576 bytes)|") != NULL);
		free(t);
	}
	/* Field checks. */
	{
		static const iv_field fields[] = {
			{ "question", IV_J_STRING, 1 },
			{ "score", IV_J_NUMBER | IV_J_NULL, 0 },
			{ "n", IV_J_INTEGER, 0 },
			{ 0 },
		};
		char *e;

		v = PARSE("{\"question\":\"q\",\"score\":null}");
		CHECK((e = iv_json_check(v, fields, 0)) == NULL);
		free(e);
		jv_free(v);
		v = PARSE("{\"score\":1}");
		e = iv_json_check(v, fields, 0);
		CHECK_STR(e, "missing field 'question'");
		free(e);
		jv_free(v);
		v = PARSE("{\"question\":1}");
		e = iv_json_check(v, fields, 0);
		CHECK_STR(e, "field 'question': expected a string, got number");
		free(e);
		jv_free(v);
		v = PARSE("{\"question\":\"q\",\"n\":1.5}");
		e = iv_json_check(v, fields, 0);
		CHECK_STR(e, "field 'n': expected a whole number, got number");
		free(e);
		jv_free(v);
		v = PARSE("{\"question\":\"q\",\"extra\":1}");
		e = iv_json_check(v, fields, 0);
		CHECK_STR(e, "unknown field 'extra'");
		free(e);
		CHECK((e = iv_json_check(v, fields, 1)) == NULL);
		free(e);
		jv_free(v);
	}
	/* Accessors. */
	{
		char *s;

		v = PARSE("{\"s\":\"中文\",\"n\":2.5,\"b\":true}");
		s = iv_jstrdup(v, "s");
		CHECK_STR(s, "中文");
		free(s);
		CHECK(iv_jstrdup(v, "n") == NULL);
		CHECK(iv_jnum(v, "n", 0) == 2.5);
		CHECK(iv_jnum(v, "missing", 7) == 7);
		CHECK(iv_jbool(v, "b", 0) == 1);
		jv_free(v);
	}
	return unit_done();
}
