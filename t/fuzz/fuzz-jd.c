/* Job description text parsing (jd.h, iv_jd_from_doc: text, Markdown or
 * an earlier result as JSON). */
#include <jv.h>

#include "extract.h"
#include "fuzz.h"
#include "jd.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	static const char *const types[] = { "text", "markdown" };
	iv_doc d = { 0 };
	char *err = NULL;

	fuzz_init();
	if (n < 1)
		return 0;
	if (iv_doc_text(&d, types[data[0] & 1], (const char *)data + 1, n - 1, &err) == 0) {
		jv_free(iv_jd_from_doc(&d, "fuzz.txt"));
		iv_doc_free(&d);
	}
	free(err);
	return 0;
}
