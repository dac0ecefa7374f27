/* JSON lines reading (jsonl.c): the reader every program uses on stdin,
 * and one document parsed whole. */
#include <stdio.h>
#include <jv.h>

#include "fuzz.h"
#include "jsonl.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	FILE *f;
	iv_jsonl *r;
	jv v;
	int rc;

	fuzz_init();
	jv_free(iv_json_parse((const char *)data, n));
	if (!n || !(f = fmemopen((void *)data, n, "r")))
		return 0;
	r = iv_jsonl_open(f, "fuzz", data[0] & 1 ? IV_JSONL_OBJECTS : 0);
	/* A small limit too, so the too-long path is reached. */
	if (data[0] & 2)
		iv_jsonl_set_max(r, 64);
	while ((rc = iv_jsonl_next(r, &v)) != 0) {
		if (rc < 0) {
			(void)iv_jsonl_error(r);
			continue;
		}
		if (jv_get_kind(v) == JV_KIND_OBJECT) {
			static const iv_field fields[] = {
				{ "question", IV_J_STRING, 1 }, { "answer", IV_J_STRING | IV_J_NULL, 0 },
				{ "n", IV_J_INTEGER, 0 }, { "a", IV_J_ARRAY, 0 }, { 0 },
			};
			free(iv_json_check(v, fields, data[0] & 4));
			free(iv_jstrdup(v, "question"));
		}
		jv_free(v);
	}
	iv_jsonl_close(r);
	fclose(f);
	return 0;
}
