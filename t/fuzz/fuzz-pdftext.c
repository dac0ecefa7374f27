/* The PDF path after pdftotext: its output (any bytes a broken PDF can
 * give) through the text handler and the resume and JD parsers in layout
 * mode, as iv-parse-resume and iv-parse-jd run them on a PDF. */
#include <jv.h>

#include "extract.h"
#include "fuzz.h"
#include "jd.h"
#include "resume.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	iv_doc d = { 0 };
	char *err = NULL;

	fuzz_init();
	if (iv_doc_text(&d, "pdf", (const char *)data, n, &err) == 0) {
		jv_free(iv_resume_from_doc(&d, "fuzz.pdf"));
		jv_free(iv_jd_from_doc(&d, "fuzz.pdf"));
		iv_doc_free(&d);
	}
	free(err);
	return 0;
}
