/* test-extract.c — WordprocessingML to text (extract.c, iv_wordml_text) on
 * bytes that do not end in a NUL, as a DOCX's inflated part or a caller's
 * buffer may be: nothing past the last byte is read. Found by fuzz-docx
 * (a tag or an entity at the very end was compared with strncmp against
 * longer names); under make check SAN=1 the strict string checks below
 * report such a read as a heap-buffer-overflow. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "unit.h"

/* The ASan build checks the whole span a string function may read. */
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "strict_string_checks=1";
}

/* The text of xml, given as exactly its bytes in a buffer of their size. */
static char *
text_of(const char *xml)
{
	size_t n = strlen(xml);
	char *exact = malloc(n ? n : 1);
	iv_buf text = IV_BUF_INIT;

	memcpy(exact, xml, n);
	iv_wordml_text(exact, n, &text);
	free(exact);
	return iv_buf_take(&text);
}

static void
check_text(const char *xml, const char *want)
{
	char *got = text_of(xml);

	CHECK_STR(got, want);
	free(got);
}

int
main(void)
{
	check_text("<w:p><w:r><w:t>R&amp;D &lt;AI&gt; &quot;x&quot; &apos;y&apos;</w:t></w:r></w:p>",
		   "R&D <AI> \"x\" 'y'\n");
	check_text("<w:p><w:r><w:t>&#x4e2d;&#25991;</w:t></w:r></w:p>", "中文\n");
	/* An entity it does not know is kept as it is, at the very end too. */
	check_text("<w:p><w:r><w:t>a &nbsp; b</w:t></w:r></w:p>", "a &nbsp; b\n");
	check_text("<w:t>x&a;", "x&a;");
	check_text("<w:t>x&lt;", "x<");
	/* A tag at the very end, shorter than the names it is compared with. */
	check_text("<w:p><w:r><w:t>a</w:t></w:r></w:p><w:b>", "a\n");
	check_text("<w:p><w:pPr><w:numPr>><w:numPr>", "- ");
	check_text("<w:t>a</w:t><w:br/><w:t>b</w:t><w:tab/>", "a\nb\t");
	check_text("<w>", "");
	check_text("", "");
	return unit_done();
}
