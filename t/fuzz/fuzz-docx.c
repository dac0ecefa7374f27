/* DOCX: the zip directory, inflate, and WordprocessingML to text
 * (extract.c), then the text handler. */
#include "buf.h"
#include "extract.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t n)
{
	iv_buf text = IV_BUF_INIT;
	char *err = NULL;

	fuzz_init();
	if (iv_docx_text(data, n, &text, &err) == 0) {
		iv_doc d = { 0 };
		char *err2 = NULL;

		if (iv_doc_text(&d, "docx", text.s ? text.s : "", text.len, &err2) == 0)
			iv_doc_free(&d);
		free(err2);
	}
	free(err);
	iv_buf_free(&text);
	/* The XML part on its own too: most inputs never get past the zip. */
	iv_wordml_text((const char *)data, n, &text);
	iv_buf_free(&text);
	return 0;
}
