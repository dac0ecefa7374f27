/* The builtin grader on outside text (grade.h, iv_grade_builtin): what
 * iv-grade does with each request line. data[0] picks the shape: odd, the
 * rest is a request line in JSON; even, the rest is a question, then after
 * "\n%%\n" an answer, then after another "\n%%\n" key points one per line,
 * so the fuzzer works on the text the grader reads rather than on JSON
 * syntax. */
#include <jv.h>

#include "fuzz.h"
#include "grade.h"
#include "jsonl.h"

static jv
request_from_parts(uint8_t how, const uint8_t *data, size_t n)
{
	const uint8_t *rest, *rest2, *p, *nl;
	size_t nrest, nrest2, nq = fuzz_split(data, n, &rest, &nrest);
	size_t na = fuzz_split(rest, nrest, &rest2, &nrest2);
	jv req = jv_object(), points = jv_array();

	req = jv_object_set(req, jv_string("question"), jv_string_sized((const char *)data, (int)nq));
	req = jv_object_set(req, jv_string("answer"), jv_string_sized((const char *)rest, (int)na));
	for (p = rest2; p < rest2 + nrest2; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(rest2 + nrest2 - p));
		if (!nl)
			nl = rest2 + nrest2;
		if (nl > p)
			points = jv_array_append(points, jv_string_sized((const char *)p, (int)(nl - p)));
	}
	if (how & 2)	/* no key points: the grader falls back on the reference */
		req = jv_object_set(req, jv_string("reference"), jv_string_sized((const char *)rest2, (int)nrest2));
	if (!(how & 2) || (how & 4))
		req = jv_object_set(req, jv_string("key_points"), points);
	else
		jv_free(points);
	if (how & 8)
		req = jv_object_set(req, jv_string("lang"), jv_string(how & 16 ? "zh" : "en"));
	if (how & 32)
		req = jv_object_set(req, jv_string("hints"), jv_number(how >> 6));
	return req;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	jv req;
	char *err;

	fuzz_init();
	if (n < 1 || n > 300000)
		return 0;
	if (data[0] & 1)
		req = iv_json_parse((const char *)data + 1, n - 1);
	else
		req = request_from_parts(data[0], data + 1, n - 1);
	if (jv_get_kind(req) == JV_KIND_OBJECT) {
		if ((err = iv_grade_request_check(req)) == NULL)
			jv_free(iv_grade_builtin(req));
		free(err);
	}
	jv_free(req);
	return 0;
}
