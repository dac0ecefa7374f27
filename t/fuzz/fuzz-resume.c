/* Resume text parsing: the entry point iv-parse-resume uses for a document
 * read as text, Markdown or JSON (resume.h, iv_resume_from_doc). */
#include <jv.h>

#include "extract.h"
#include "fuzz.h"
#include "resume.h"

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
		jv r = iv_resume_from_doc(&d, "fuzz.txt");

		if (jv_is_valid(r)) {
			jv_free(iv_resume_lines(r));
			(void)iv_resume_months(r);
			(void)iv_resume_degree(r);
		}
		jv_free(r);
		iv_doc_free(&d);
	}
	free(err);
	return 0;
}
