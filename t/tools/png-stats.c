/* png-stats — what a PNG screenshot shows, for the browser tests of HTML
 * reports: its size, how many distinct colours it has, and how many pixels
 * have each colour asked about.
 *
 *	png-stats FILE [#rrggbb ...]
 *	-> "1200x1600 colors=845" then "#2563eb 20412" per colour asked
 *
 * 8-bit RGB or RGBA, not interlaced (what Chromium writes). The zlib
 * stream is inflated by the system's libz, opened at run time so the test
 * tools need no link flags of their own.
 */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"

typedef int (*uncompress_fn)(unsigned char *dest, unsigned long *destlen, const unsigned char *src,
			     unsigned long srclen);

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int
paeth(int a, int b, int c)
{
	int p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c);

	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/* Undo the per-row filters in place; returns 0, or -1 on a bad filter. */
static int
unfilter(unsigned char *raw, uint32_t w, uint32_t h, int bpp)
{
	size_t stride = (size_t)w * (size_t)bpp;

	for (uint32_t y = 0; y < h; y++) {
		unsigned char *row = raw + y * (stride + 1), *cur = row + 1;
		unsigned char *up = y ? raw + (y - 1) * (stride + 1) + 1 : NULL;

		for (size_t x = 0; x < stride; x++) {
			int a = x >= (size_t)bpp ? cur[x - bpp] : 0, b = up ? up[x] : 0;
			int c = up && x >= (size_t)bpp ? up[x - bpp] : 0;

			switch (row[0]) {
			case 0: break;
			case 1: cur[x] = (unsigned char)(cur[x] + a); break;
			case 2: cur[x] = (unsigned char)(cur[x] + b); break;
			case 3: cur[x] = (unsigned char)(cur[x] + (a + b) / 2); break;
			case 4: cur[x] = (unsigned char)(cur[x] + paeth(a, b, c)); break;
			default: return -1;
			}
		}
	}
	return 0;
}

static int
by_value(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	iv_buf file = IV_BUF_INIT, idat = IV_BUF_INIT;
	const unsigned char *p;
	uint32_t w = 0, h = 0, *px, colors = 0;
	int bpp = 0;
	unsigned char *raw;
	unsigned long rawlen;
	void *z;
	uncompress_fn uncompress;

	iv_prog_init(argv[0]);
	if (argc < 2)
		iv_die(IV_USAGE, "usage: png-stats FILE [#rrggbb ...]");
	if (iv_buf_read_file(&file, argv[1], 0) < 0 || file.len < 8 ||
	    memcmp(file.s, "\x89PNG\r\n\x1a\n", 8))
		iv_die(IV_FAIL, "%s: not a PNG file", argv[1]);
	for (p = (const unsigned char *)file.s + 8; p + 12 <= (const unsigned char *)file.s + file.len;) {
		uint32_t len = be32(p);

		if (p + 12 + len > (const unsigned char *)file.s + file.len)
			iv_die(IV_FAIL, "%s: truncated chunk", argv[1]);
		if (!memcmp(p + 4, "IHDR", 4)) {
			w = be32(p + 8);
			h = be32(p + 12);
			if (p[16] != 8 || (p[17] != 2 && p[17] != 6) || p[20] != 0)
				iv_die(IV_FAIL, "%s: only 8-bit RGB or RGBA, not interlaced", argv[1]);
			bpp = p[17] == 6 ? 4 : 3;
		} else if (!memcmp(p + 4, "IDAT", 4)) {
			iv_buf_add(&idat, p + 8, len);
		}
		p += 12 + len;
	}
	if (!w || !h || !idat.len)
		iv_die(IV_FAIL, "%s: no image data", argv[1]);
	if (!(z = dlopen("libz.so.1", RTLD_NOW)) || !(uncompress = (uncompress_fn)dlsym(z, "uncompress")))
		iv_die(IV_FAIL, "can't load libz.so.1: %s", dlerror());
	rawlen = (unsigned long)h * ((unsigned long)w * (unsigned long)bpp + 1);
	raw = iv_xmalloc(rawlen);
	if (uncompress(raw, &rawlen, (const unsigned char *)idat.s, idat.len) != 0 ||
	    rawlen != (unsigned long)h * ((unsigned long)w * (unsigned long)bpp + 1) || unfilter(raw, w, h, bpp) < 0)
		iv_die(IV_FAIL, "%s: bad image data", argv[1]);
	px = iv_xcalloc((size_t)w * h, sizeof *px);
	for (uint32_t y = 0; y < h; y++)
		for (uint32_t x = 0; x < w; x++) {
			const unsigned char *c = raw + y * ((size_t)w * (size_t)bpp + 1) + 1 + (size_t)x * (size_t)bpp;

			px[(size_t)y * w + x] = (uint32_t)c[0] << 16 | (uint32_t)c[1] << 8 | c[2];
		}
	qsort(px, (size_t)w * h, sizeof *px, by_value);
	for (size_t i = 0; i < (size_t)w * h; i++)
		colors += i == 0 || px[i] != px[i - 1];
	printf("%ux%u colors=%u\n", w, h, colors);
	for (int a = 2; a < argc; a++) {
		unsigned long want;
		size_t n = 0;

		if (argv[a][0] != '#' || strlen(argv[a]) != 7 || sscanf(argv[a] + 1, "%lx", &want) != 1)
			iv_die(IV_USAGE, "'%s' is not a colour such as #2563eb", argv[a]);
		for (size_t i = 0; i < (size_t)w * h; i++)
			n += px[i] == want;
		printf("%s %zu\n", argv[a], n);
	}
	free(px);
	free(raw);
	dlclose(z);
	iv_buf_free(&idat);
	iv_buf_free(&file);
	return iv_finish(IV_OK);
}
