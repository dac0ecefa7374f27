#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "config.h"
#include "extract.h"
#include "jsonl.h"
#include "maxsize.h"
#include "msg.h"
#include "proc.h"
#include "sha256.h"
#include "utf8.h"

enum { MIB = 1 << 20 };

static size_t
max_bytes(void)
{
	return (size_t)iv_config_int("extract.max_mb", 20) * MIB;
}

/* Letters and CJK characters: what makes a text layer worth reading. */
static size_t
count_letters(const char *s, size_t n)
{
	size_t i = 0, letters = 0;
	uint32_t cp;

	while (i < n) {
		i += (size_t)iv_utf8_decode(s + i, n - i, &cp);
		if ((cp < 0x80 && ((cp | 32) >= 'a' && (cp | 32) <= 'z')) || iv_is_cjk(cp) ||
		    (cp >= 0xc0 && cp < 0x2000))
			letters++;
	}
	return letters;
}

/* Run pdftotext on path (proc.h); its stdout goes to text, the start of
 * its stderr to errs. Returns the exit status, or -1 with *err set, in
 * the words of the settings that govern it. */
static int
run_pdftotext(const char *path, iv_buf *text, iv_buf *errs, char **err)
{
	double timeout = iv_config_num("extract.pdf_timeout", 20);
	size_t max = max_bytes();
	char *arg = path[0] == '-' ? iv_xasprintf("./%s", path) : iv_xstrdup(path);
	char *argv[] = { "pdftotext", "-layout", "-enc", "UTF-8", arg, "-", NULL };
	char *why = NULL;
	int rc = iv_run(argv, NULL, text, max, errs, timeout, &why);

	if (rc < 0) {
		if (!strcmp(why, "pdftotext not found"))
			*err = iv_xstrdup("pdftotext not found; install poppler-utils to read PDFs");
		else if (!strncmp(why, "pdftotext did not finish", 24))
			*err = iv_xasprintf("%s (extract.pdf_timeout)", why);
		else if (!strncmp(why, "pdftotext wrote more than", 25))
			*err = iv_xasprintf("the text layer is larger than %zu MiB (extract.max_mb)", max / MIB);
		else
			*err = iv_xstrdup(why);
		free(why);
	}
	free(arg);
	return rc;
}

int
iv_pdf_text(const char *path, iv_buf *text, char **err)
{
	iv_buf errs = IV_BUF_INIT;
	int rc;

	*err = NULL;
	rc = run_pdftotext(path, text, &errs, err);

	if (rc > 0) {
		size_t eol = strcspn(errs.s ? errs.s : "", "\n");

		if (errs.s && strcasestr(errs.s, "password"))
			*err = iv_xstrdup("encrypted PDF (it needs a password); remove the password first, "
					  "e.g. with qpdf --decrypt");
		else
			*err = iv_xasprintf("not a readable PDF (pdftotext: %.*s)", (int)eol,
					    eol ? errs.s : "no reason given");
		rc = -1;
	} else if (rc == 0 && count_letters(text->s ? text->s : "", text->len) < 20) {
		*err = iv_xstrdup("no text layer; scanned PDFs are not supported");
		rc = -1;
	}
	iv_buf_free(&errs);
	return rc == 0 ? 0 : -1;
}

/* ---- DOCX: a zip archive; word/document.xml holds the text ---- */

static uint32_t
get16(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t
get32(const unsigned char *p)
{
	return get16(p) | get16(p + 2) << 16;
}

static int
inflate_raw(const unsigned char *src, size_t n, size_t size, iv_buf *out)
{
	z_stream z = { 0 };
	int rc;

	if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
		return -1;
	iv_buf_grow(out, size);
	z.next_in = (unsigned char *)src;
	z.avail_in = (uInt)n;
	z.next_out = (unsigned char *)out->s + out->len;
	z.avail_out = (uInt)size;
	rc = inflate(&z, Z_FINISH);
	out->len += size - z.avail_out;
	out->s[out->len] = 0;
	inflateEnd(&z);
	return rc == Z_STREAM_END && z.avail_out == 0 ? 0 : -1;
}

int
iv_docx_text(const void *data, size_t n, iv_buf *text, char **err)
{
	const unsigned char *z = data, *eocd = NULL, *p, *end;
	size_t max = max_bytes();
	iv_buf xml = IV_BUF_INIT;
	uint32_t entries, cd_size, cd_off;
	int found = 0, rc = -1;

	*err = NULL;
	/* The end of central directory record: in the last 22 + 65535 bytes. */
	for (size_t i = n >= 22 ? n - 22 : 0; n >= 22; i--) {
		if (!memcmp(z + i, "PK\5\6", 4)) {
			eocd = z + i;
			break;
		}
		if (i == 0 || n - i > 22 + 65535)
			break;
	}
	if (!eocd) {
		*err = iv_xstrdup("a damaged zip archive (no central directory); not a DOCX");
		return -1;
	}
	entries = get16(eocd + 10);
	cd_size = get32(eocd + 12);
	cd_off = get32(eocd + 16);
	if (cd_off == 0xffffffff || (size_t)cd_off + cd_size > (size_t)(eocd - z)) {
		*err = iv_xstrdup("a damaged zip archive (bad central directory); not a DOCX");
		return -1;
	}
	p = z + cd_off;
	end = p + cd_size;
	for (uint32_t e = 0; e < entries; e++) {
		uint32_t flags, method, crc, csize, usize, nlen, xlen, clen, loff;
		const unsigned char *lh, *body;

		if (end - p < 46 || memcmp(p, "PK\1\2", 4))
			break;
		flags = get16(p + 8);
		method = get16(p + 10);
		crc = get32(p + 16);
		csize = get32(p + 20);
		usize = get32(p + 24);
		nlen = get16(p + 28);
		xlen = get16(p + 30);
		clen = get16(p + 32);
		loff = get32(p + 42);
		if ((size_t)(end - p) < 46 + (size_t)nlen)
			break;
		if (nlen != 17 || memcmp(p + 46, "word/document.xml", 17)) {
			p += 46 + nlen + xlen + clen;
			continue;
		}
		found = 1;
		if (flags & 1) {
			*err = iv_xstrdup("encrypted DOCX; save it without a password first");
			goto out;
		}
		if (usize > max) {
			*err = iv_xasprintf("word/document.xml is larger than %zu MiB (extract.max_mb)", max / MIB);
			goto out;
		}
		lh = z + loff;
		if ((size_t)loff + 30 > n || memcmp(lh, "PK\3\4", 4) ||
		    (size_t)loff + 30 + get16(lh + 26) + get16(lh + 28) + csize > n) {
			*err = iv_xstrdup("a damaged zip archive (bad local header); not a DOCX");
			goto out;
		}
		body = lh + 30 + get16(lh + 26) + get16(lh + 28);
		if (method == 0 && csize == usize)
			iv_buf_add(&xml, body, csize);
		else if (method != 8 || inflate_raw(body, csize, usize, &xml) < 0) {
			*err = iv_xasprintf(method == 8 ? "word/document.xml is damaged (can't inflate it)" :
					    "word/document.xml uses zip method %u, which iv can't read", method);
			goto out;
		}
		if (crc32(0, (const Bytef *)xml.s, (uInt)xml.len) != crc) {
			*err = iv_xstrdup("word/document.xml is damaged (CRC mismatch)");
			goto out;
		}
		break;
	}
	if (!found) {
		*err = iv_xstrdup("a zip archive without word/document.xml; not a DOCX");
		goto out;
	}
	iv_wordml_text(xml.s ? xml.s : "", xml.len, text);
	rc = 0;
out:
	iv_buf_free(&xml);
	return rc;
}

/* Is the n bytes at s the string e? s need not end in a NUL. */
static int
span_is(const char *s, size_t n, const char *e)
{
	return n == strlen(e) && !memcmp(s, e, n);
}

/* Append the character data of s[0..n) with XML entities decoded. The
 * bytes need not end in a NUL: nothing is read past s[n - 1]. */
static void
add_xml_text(iv_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *semi;
		size_t len;
		char u[4];

		if (s[i] != '&' || !(semi = memchr(s + i, ';', n - i)) || semi - (s + i) > 10) {
			iv_buf_putc(b, s[i]);
			continue;
		}
		len = (size_t)(semi - (s + i)) + 1;
		if (span_is(s + i, len, "&lt;"))
			iv_buf_putc(b, '<');
		else if (span_is(s + i, len, "&gt;"))
			iv_buf_putc(b, '>');
		else if (span_is(s + i, len, "&amp;"))
			iv_buf_putc(b, '&');
		else if (span_is(s + i, len, "&quot;"))
			iv_buf_putc(b, '"');
		else if (span_is(s + i, len, "&apos;"))
			iv_buf_putc(b, '\'');
		else if (s[i + 1] == '#') {
			unsigned long cp = s[i + 2] == 'x' || s[i + 2] == 'X' ?
				strtoul(s + i + 3, NULL, 16) : strtoul(s + i + 2, NULL, 10);

			if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
				cp = 0xfffd;
			iv_buf_add(b, u, (size_t)iv_utf8_encode((uint32_t)cp, u));
		} else {
			iv_buf_putc(b, '&');
			continue;
		}
		i = (size_t)(semi - s);
	}
}

/* Is the tag from t (after '<') to gt (its '>') named name, ending there
 * (space, '/', '>')? Nothing past gt is read: a tag at the very end of the
 * input is shorter than most names. */
static int
tag_is(const char *t, const char *gt, const char *name)
{
	size_t n = strlen(name);

	return (size_t)(gt - t) >= n && !memcmp(t, name, n) &&
	       (t[n] == ' ' || t[n] == '/' || t[n] == '>' || t[n] == '\t' ||
		t[n] == '\n' || t[n] == '\r');
}

static void
chop_trailing(iv_buf *b, char c)
{
	if (b->len && b->s[b->len - 1] == c)
		b->s[--b->len] = 0;
}

void
iv_wordml_text(const char *xml, size_t n, iv_buf *text)
{
	const char *p = xml, *end = xml + n;
	size_t para_start = text->len;
	int in_t = 0, in_tabs = 0, list_para = 0;

	iv_buf_add(text, "", 0);	/* a NUL to move when a bullet goes in */

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p)), *gt;

		if (!lt)
			lt = end;
		if (in_t)
			add_xml_text(text, p, (size_t)(lt - p));
		if (lt == end)
			break;
		gt = memchr(lt, '>', (size_t)(end - lt));
		if (!gt)
			break;
		if (tag_is(lt + 1, gt, "w:t"))
			in_t = gt[-1] != '/';
		else if (tag_is(lt + 1, gt, "/w:t"))
			in_t = 0;
		else if (tag_is(lt + 1, gt, "w:p")) {
			para_start = text->len;
			list_para = 0;
			if (gt[-1] == '/')
				iv_buf_putc(text, '\n');
		} else if (tag_is(lt + 1, gt, "w:numPr") && !list_para) {
			/* A list paragraph: mark it as a bullet, as it shows. */
			list_para = 1;
			iv_buf_grow(text, 2);
			memmove(text->s + para_start + 2, text->s + para_start, text->len - para_start + 1);
			memcpy(text->s + para_start, "- ", 2);
			text->len += 2;
		} else if (tag_is(lt + 1, gt, "/w:p"))
			iv_buf_putc(text, '\n');
		else if (tag_is(lt + 1, gt, "w:tabs"))
			in_tabs = gt[-1] != '/';
		else if (tag_is(lt + 1, gt, "/w:tabs"))
			in_tabs = 0;
		else if (tag_is(lt + 1, gt, "w:tab") && !in_tabs)
			iv_buf_putc(text, '\t');
		else if (tag_is(lt + 1, gt, "w:br") || tag_is(lt + 1, gt, "w:cr"))
			iv_buf_putc(text, '\n');
		else if (tag_is(lt + 1, gt, "w:noBreakHyphen"))
			iv_buf_putc(text, '-');
		else if (tag_is(lt + 1, gt, "/w:tc")) {
			chop_trailing(text, '\n');
			iv_buf_putc(text, '\t');
		} else if (tag_is(lt + 1, gt, "/w:tr")) {
			chop_trailing(text, '\t');
			iv_buf_putc(text, '\n');
		}
		p = gt + 1;
	}
}

/* ---- reading a file ---- */

static int
has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcasecmp(s + n - k, suffix);
}

/* "\r\n", "\r" and form feeds to "\n"; drop a byte-order mark. */
static void
normalise(iv_buf *b)
{
	size_t j = 0, i = 0;

	if (b->len >= 3 && !memcmp(b->s, "\xef\xbb\xbf", 3))
		i = 3;
	for (; i < b->len; i++) {
		char c = b->s[i];

		if (c == '\r') {
			if (i + 1 < b->len && b->s[i + 1] == '\n')
				continue;
			c = '\n';
		} else if (c == '\f' || c == '\v') {
			c = '\n';
		}
		b->s[j++] = c;
	}
	b->len = j;
	if (b->s)
		b->s[j] = 0;
}

static int
blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			return 0;
	return 1;
}

/* Refuse what is not text: NUL bytes, invalid UTF-8, control characters. */
static char *
check_text(const char *s, size_t n)
{
	size_t ctl = 0;

	if (memchr(s, 0, n))
		return iv_xstrdup("a binary file (not text, PDF, DOCX or JSON)");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) ||
		    c == 0x7f)
			ctl++;
	}
	if (ctl * 100 > n || ctl > 64)
		return iv_xstrdup("a binary file (not text, PDF, DOCX or JSON)");
	if (!iv_utf8_valid(s, n))
		return iv_xasprintf("not UTF-8 text (byte %zu); convert it first, e.g. with iconv -f GB18030 -t UTF-8",
				    iv_utf8_invalid_at(s, n) + 1);
	return NULL;
}

/* Write bytes to a temporary file for pdftotext; returns its malloc'd path. */
static char *
temp_copy(const void *p, size_t n)
{
	const char *dir = getenv("TMPDIR");
	char *path = iv_xasprintf("%s/iv-extract-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);

	if (fd < 0)
		iv_die(IV_FAIL, "can't create a temporary file in %s: %s", dir && *dir ? dir : "/tmp",
		       strerror(errno));
	for (size_t done = 0; done < n;) {
		ssize_t w = write(fd, (const char *)p + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			int e = errno;

			unlink(path);
			iv_die(IV_FAIL, "can't write %s: %s", path, strerror(e));
		}
		done += (size_t)w;
	}
	close(fd);
	return path;
}

int
iv_doc_read(const char *path, iv_doc *d, char **err)
{
	iv_buf raw = IV_BUF_INIT, text = IV_BUF_INIT;
	size_t max = max_bytes();
	int rc = -1, stdin_in = !strcmp(path, "-");

	memset(d, 0, sizeof *d);
	*err = NULL;
	if ((stdin_in ? iv_buf_read_stream(&raw, stdin, max) : iv_buf_read_file(&raw, path, max)) < 0) {
		*err = errno == EFBIG ? iv_xasprintf("larger than %zu MiB (extract.max_mb)", max / MIB) :
			iv_xstrdup(strerror(errno));
		goto out;
	}
	iv_sha256_hex(raw.s ? raw.s : "", raw.len, d->sha256);
	if (raw.len == 0 || blank(raw.s, raw.len)) {
		*err = iv_xstrdup("empty file");
		goto out;
	}
	if (raw.len >= 5 && memmem(raw.s, raw.len < 1024 ? raw.len : 1024, "%PDF-", 5)) {
		char *tmp = stdin_in ? temp_copy(raw.s, raw.len) : NULL;

		d->type = "pdf";
		rc = iv_pdf_text(tmp ? tmp : path, &text, err);
		if (tmp)
			unlink(tmp);
		free(tmp);
	} else if (raw.len >= 4 && !memcmp(raw.s, "PK\3\4", 4)) {
		d->type = "docx";
		rc = iv_docx_text(raw.s, raw.len, &text, err);
		if (rc == 0 && (*err = check_text(text.s ? text.s : "", text.len)))
			rc = -1;
	} else {
		rc = iv_doc_text(d, has_suffix(path, ".md") || has_suffix(path, ".markdown") ? "markdown" : "text",
				 raw.s, raw.len, err);
		goto out;
	}
	if (rc == 0)
		rc = iv_doc_text(d, d->type, text.s ? text.s : "", text.len, err);
out:
	iv_buf_free(&raw);
	iv_buf_free(&text);
	if (rc < 0)
		d->type = NULL;
	return rc;
}

int
iv_doc_read_max(const char *path, size_t max_text, iv_doc *d, char **err)
{
	if (iv_doc_read(path, d, err) < 0)
		return -1;
	if ((*err = iv_too_long("its text", d->len, max_text))) {
		iv_doc_free(d);
		d->type = NULL;
		return -1;
	}
	return 0;
}

int
iv_doc_text(iv_doc *d, const char *type, const char *bytes, size_t n, char **err)
{
	iv_buf text = IV_BUF_INIT;

	*err = NULL;
	d->text = NULL;
	d->len = 0;
	if (strcmp(type, "pdf") && strcmp(type, "docx")) {
		if ((*err = check_text(bytes, n)))
			return -1;
		size_t i = 0;

		while (i < n && strchr(" \t\r\n", bytes[i]))
			i++;
		if (i < n && bytes[i] == '{')
			type = "json";
	} else if (memchr(bytes, 0, n) || !iv_utf8_valid(bytes, n)) {
		/* pdftotext writes UTF-8 and word/document.xml is UTF-8; a broken
		 * file can still give other bytes. */
		*err = iv_xasprintf("%s text that is not UTF-8", !strcmp(type, "pdf") ? "a text layer" : "document");
		return -1;
	}
	d->type = type;
	iv_buf_add(&text, bytes, n);
	normalise(&text);
	if (blank(text.s ? text.s : "", text.len)) {
		*err = iv_xstrdup(!strcmp(type, "pdf") ? "no text layer; scanned PDFs are not supported" :
				  "no text in it");
		iv_buf_free(&text);
		return -1;
	}
	d->len = text.len;
	d->text = iv_buf_take(&text);
	return 0;
}

jv
iv_doc_json(const iv_doc *d)
{
	jv v = iv_json_parse(d->text, d->len), m, e;

	if (jv_is_valid(v))
		return v;
	m = jv_invalid_get_msg(v);
	e = jv_invalid_with_msg(jv_string_fmt("invalid JSON: %s", iv_jstr(m)));
	jv_free(m);
	return e;
}

void
iv_doc_free(iv_doc *d)
{
	free(d->text);
	d->text = NULL;
}
