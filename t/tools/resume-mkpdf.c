/* resume-mkpdf — write a small PDF for the resume tests, so that pdftotext
 * runs for real on layouts the tests choose.
 *
 *	resume-mkpdf OUT.pdf LEFT.txt [RIGHT.txt]   one or two columns of text
 *	resume-mkpdf --image OUT.pdf                 a page with an image and no text
 *
 * Text is UTF-8: ASCII is set in Courier, everything else through a Type0
 * font whose CIDs are the Unicode code points (Identity-H with a ToUnicode
 * map), so Chinese text extracts as written. Lines that do not fit on an A4
 * page continue on the next; with two columns both continue together.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "utf8.h"

enum { MAXOBJ = 256, SIZE = 10, LEAD = 14, TOP = 800, BOTTOM = 50, LEFT_X = 50, RIGHT_X = 310 };

static iv_buf out = IV_BUF_INIT;
static size_t offsets[MAXOBJ];
static int nobj;

static int
obj_begin(void)
{
	offsets[++nobj] = out.len;
	iv_buf_printf(&out, "%d 0 obj\n", nobj);
	return nobj;
}

static void
obj_end(void)
{
	iv_buf_puts(&out, "\nendobj\n");
}

static void
stream_obj(const char *dict, const void *data, size_t n)
{
	obj_begin();
	iv_buf_printf(&out, "<< %s /Length %zu >>\nstream\n", dict, n);
	iv_buf_add(&out, data, n);
	iv_buf_puts(&out, "\nendstream");
	obj_end();
}

static char **
read_lines(const char *path, int *n)
{
	iv_buf b = IV_BUF_INIT;
	char **lines = NULL, *s, *nl;

	if (iv_buf_read_file(&b, path, 1 << 20) < 0)
		iv_die(1, "can't read '%s'", path);
	*n = 0;
	for (s = b.s; s && *s; s = nl ? nl + 1 : NULL) {
		nl = strchr(s, '\n');
		if (nl)
			*nl = 0;
		lines = iv_xrealloc(lines, sizeof *lines * (size_t)(*n + 1));
		lines[(*n)++] = iv_xstrdup(s);
	}
	iv_buf_free(&b);
	return lines;
}

/* One line of text at (x, y): runs of ASCII in F1, the rest in F2. */
static void
show_line(iv_buf *c, const char *s, int x, int y, unsigned char *used_hi)
{
	size_t n = strlen(s), i = 0;
	int font = 0;

	iv_buf_printf(c, "BT %d %d Td\n", x, y);
	while (i < n) {
		uint32_t cp;
		int len = iv_utf8_decode(s + i, n - i, &cp);
		int want = cp < 0x80 ? 1 : 2;

		if (want != font) {
			if (font)
				iv_buf_puts(c, want == 1 ? "> Tj\n" : ") Tj\n");
			iv_buf_printf(c, "/F%d %d Tf %c", want, SIZE, want == 1 ? '(' : '<');
			font = want;
		}
		if (want == 1) {
			if (cp == '(' || cp == ')' || cp == '\\')
				iv_buf_putc(c, '\\');
			iv_buf_putc(c, (int)cp);
		} else {
			if (cp > 0xffff)
				cp = 0xfffd;
			used_hi[cp >> 8] = 1;
			iv_buf_printf(c, "%04X", (unsigned)cp);
		}
		i += (size_t)len;
	}
	if (font)
		iv_buf_puts(c, font == 1 ? ") Tj\n" : "> Tj\n");
	iv_buf_puts(c, "ET\n");
}

static void
finish(const char *path, int root)
{
	size_t xref = out.len;
	FILE *f;

	iv_buf_printf(&out, "xref\n0 %d\n0000000000 65535 f \n", nobj + 1);
	for (int i = 1; i <= nobj; i++)
		iv_buf_printf(&out, "%010zu 00000 n \n", offsets[i]);
	iv_buf_printf(&out, "trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
		      nobj + 1, root, xref);
	f = fopen(path, "wb");
	if (!f || fwrite(out.s, 1, out.len, f) != out.len || fclose(f) != 0)
		iv_die(1, "can't write '%s'", path);
}

static void
image_pdf(const char *path)
{
	unsigned char px[120 * 40];
	iv_buf c = IV_BUF_INIT;
	int img, content, page;

	/* Grey "ink" in bands, like a scanned page of text. */
	for (int y = 0; y < 40; y++)
		for (int x = 0; x < 120; x++)
			px[y * 120 + x] = (y % 8 < 3 && (x * 7 + y) % 11 < 8) ? 30 : 250;
	iv_buf_puts(&out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	stream_obj("/Type /XObject /Subtype /Image /Width 120 /Height 40 /ColorSpace /DeviceGray /BitsPerComponent 8",
		   px, sizeof px);
	img = nobj;
	iv_buf_puts(&c, "q 480 0 0 160 60 600 cm /Im1 Do Q\n");
	stream_obj("", c.s, c.len);
	content = nobj;
	page = obj_begin();
	iv_buf_printf(&out, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
		      "/Resources << /XObject << /Im1 %d 0 R >> >> /Contents %d 0 R >>",
		      page + 1, img, content);
	obj_end();
	obj_begin();
	iv_buf_printf(&out, "<< /Type /Pages /Kids [%d 0 R] /Count 1 >>", page);
	obj_end();
	obj_begin();
	iv_buf_printf(&out, "<< /Type /Catalog /Pages %d 0 R >>", page + 1);
	obj_end();
	finish(path, nobj);
	iv_buf_free(&c);
}

static void
text_pdf(const char *path, char **left, int nl, char **right, int nr)
{
	int per_page = (TOP - BOTTOM) / LEAD + 1, rows = nl > nr ? nl : nr;
	int npages = rows ? (rows + per_page - 1) / per_page : 1;
	int f1, f2, desc, cid, tounicode, pages, kids[64];
	unsigned char used_hi[256] = { 0 };
	iv_buf *contents = iv_xcalloc((size_t)npages, sizeof *contents);
	iv_buf cmap = IV_BUF_INIT;
	int nranges = 0;

	if (npages > 64)
		iv_die(1, "too many pages");
	for (int p = 0; p < npages; p++)
		for (int r = 0; r < per_page; r++) {
			int i = p * per_page + r, y = TOP - r * LEAD;

			if (i < nl && *left[i])
				show_line(&contents[p], left[i], LEFT_X, y, used_hi);
			if (i < nr && *right[i])
				show_line(&contents[p], right[i], RIGHT_X, y, used_hi);
		}
	iv_buf_puts(&out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	f1 = obj_begin();
	iv_buf_puts(&out, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>");
	obj_end();
	for (int h = 0; h < 256; h++)
		nranges += used_hi[h];
	iv_buf_puts(&cmap, "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
		    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
		    "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
		    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (int h = 0, done = 0; h < 256; h++) {
		if (!used_hi[h])
			continue;
		if (done % 100 == 0)
			iv_buf_printf(&cmap, "%d beginbfrange\n", nranges - done < 100 ? nranges - done : 100);
		iv_buf_printf(&cmap, "<%02X00> <%02XFF> <%02X00>\n", h, h, h);
		if (++done % 100 == 0 || done == nranges)
			iv_buf_puts(&cmap, "endbfrange\n");
	}
	iv_buf_puts(&cmap, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
	stream_obj("", cmap.s, cmap.len);
	tounicode = nobj;
	desc = obj_begin();
	iv_buf_puts(&out, "<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 880] "
		    "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>");
	obj_end();
	cid = obj_begin();
	iv_buf_printf(&out, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun "
		      "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
		      "/FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>", desc);
	obj_end();
	f2 = obj_begin();
	iv_buf_printf(&out, "<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
		      "/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>", cid, tounicode);
	obj_end();
	pages = nobj + 1 + 2 * npages;
	for (int p = 0; p < npages; p++) {
		stream_obj("", contents[p].s ? contents[p].s : "", contents[p].len);
		kids[p] = obj_begin();
		iv_buf_printf(&out, "<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
			      "/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>",
			      pages, f1, f2, kids[p] - 1);
		obj_end();
		iv_buf_free(&contents[p]);
	}
	obj_begin();
	iv_buf_puts(&out, "<< /Type /Pages /Kids [");
	for (int p = 0; p < npages; p++)
		iv_buf_printf(&out, "%d 0 R ", kids[p]);
	iv_buf_printf(&out, "] /Count %d >>", npages);
	obj_end();
	obj_begin();
	iv_buf_printf(&out, "<< /Type /Catalog /Pages %d 0 R >>", pages);
	obj_end();
	finish(path, nobj);
	free(contents);
	iv_buf_free(&cmap);
}

int
main(int argc, char **argv)
{
	char **left = NULL, **right = NULL;
	int nl = 0, nr = 0;

	iv_prog_init(argv[0]);
	if (argc == 3 && !strcmp(argv[1], "--image")) {
		image_pdf(argv[2]);
		return 0;
	}
	if (argc < 3 || argc > 4)
		iv_usage_error("usage: resume-mkpdf OUT.pdf LEFT.txt [RIGHT.txt] | --image OUT.pdf");
	left = read_lines(argv[2], &nl);
	if (argc == 4)
		right = read_lines(argv[3], &nr);
	text_pdf(argv[1], left, nl, right, nr);
	for (int i = 0; i < nl; i++)
		free(left[i]);
	for (int i = 0; i < nr; i++)
		free(right[i]);
	free(left);
	free(right);
	iv_buf_free(&out);
	return 0;
}
