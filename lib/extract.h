/* extract.h — the text inside a resume or job description file.
 *
 * A file is recognised by its content, not its name:
 *   PDF   ("%PDF-") the text layer from `pdftotext -layout FILE -`, run as a
 *         child process without a shell, killed after extract.pdf_timeout
 *         seconds (config, default 20) or when its output passes the size
 *         limit; encrypted and image-only (scanned) PDFs are refused
 *   DOCX  (a zip archive holding word/document.xml) the text of that part:
 *         paragraphs become lines, list paragraphs start with "- ", tabs and
 *         breaks are kept, table cells are joined by tabs
 *   JSON  (starts with '{') handed back as JSON text for the caller to check
 *   text  anything else, which must be UTF-8 (Markdown when the name ends
 *         in .md or .markdown)
 * Files larger than extract.max_mb (config, default 20 MiB), empty files
 * and binary files are refused. Text comes back with "\r\n", "\r" and form
 * feeds turned into "\n" and a byte-order mark dropped.
 */
#ifndef IV_EXTRACT_H
#define IV_EXTRACT_H

#include <stddef.h>
#include <jv.h>

#include "buf.h"

typedef struct {
	const char *type;	/* "pdf", "docx", "json", "markdown" or "text" */
	char *text;		/* malloc'd UTF-8, NUL-terminated */
	size_t len;
	char sha256[65];	/* of the file's bytes as read */
} iv_doc;

/* Read path ("-" is stdin). Returns 0, or -1 with *err a malloc'd reason
 * that does not name the file ("no text layer; scanned PDFs are not
 * supported"); the caller prefixes the name. */
int iv_doc_read(const char *path, iv_doc *d, char **err);
void iv_doc_free(iv_doc *d);
/* The same, refusing a document whose text is over max_text bytes
 * (maxsize.h: IV_MAX_DOC_TEXT for resumes and job descriptions). */
int iv_doc_read_max(const char *path, size_t max_text, iv_doc *d, char **err);
/* The JSON value of a "json" document, or jv_invalid_with_msg("invalid
 * JSON: reason"). */
jv iv_doc_json(const iv_doc *d);

/* The text handler: bytes of a document already read (for "pdf",
 * pdftotext's output; for "docx", the text of word/document.xml) checked
 * and made into d's text and type as iv_doc_read does ("text" holding a
 * JSON object becomes "json"). d->sha256 is left alone. Returns 0, or -1
 * with *err a malloc'd reason. */
int iv_doc_text(iv_doc *d, const char *type, const char *bytes, size_t n, char **err);

/* The parts, for callers that already hold the bytes. Each returns 0, or -1
 * with *err a malloc'd reason. */
int iv_pdf_text(const char *path, iv_buf *text, char **err);
int iv_docx_text(const void *zip, size_t n, iv_buf *text, char **err);
/* The text of a WordprocessingML document (word/document.xml). */
void iv_wordml_text(const char *xml, size_t n, iv_buf *text);

#endif
