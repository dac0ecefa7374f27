#include <string.h>

#include "utf8.h"

int
iv_utf8_decode(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c;
	int len, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		goto bad;
	if ((size_t)len > n)
		goto bad;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && c < 0x800) || (len == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

size_t
iv_utf8_invalid_at(const char *s, size_t n)
{
	size_t i = 0;
	uint32_t cp;
	int len;

	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = iv_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xfffd && len == 1)
			return i;
		i += (size_t)len;
	}
	return (size_t)-1;
}

int
iv_utf8_valid(const char *s, size_t n)
{
	return iv_utf8_invalid_at(s, n) == (size_t)-1;
}

int
iv_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;

	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | cp >> 6);
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | cp >> 12);
		o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (unsigned char)(0xf0 | cp >> 18);
	o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int
iv_is_cjk(uint32_t cp)
{
	return (cp >= 0x3040 && cp <= 0x30ff) ||	/* Hiragana, Katakana */
	       (cp >= 0x3400 && cp <= 0x4dbf) ||	/* CJK Ext A */
	       (cp >= 0x4e00 && cp <= 0x9fff) ||	/* CJK Unified */
	       (cp >= 0xac00 && cp <= 0xd7af) ||	/* Hangul */
	       (cp >= 0xf900 && cp <= 0xfaff) ||	/* CJK Compatibility */
	       (cp >= 0x20000 && cp <= 0x3134f);	/* Ext B-G */
}

int
iv_is_cjk_punct(uint32_t cp)
{
	return (cp >= 0x3000 && cp <= 0x303f) ||	/* 、。「」 */
	       (cp >= 0xff00 && cp <= 0xffef);		/* fullwidth forms: ，：（） */
}

int
iv_cp_width(uint32_t cp)
{
	if (cp == 0 || (cp >= 0x300 && cp <= 0x36f) || cp == 0x200b ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if (iv_is_cjk(cp) || iv_is_cjk_punct(cp) ||
	    (cp >= 0x1100 && cp <= 0x115f) ||	/* Hangul Jamo */
	    (cp >= 0x2e80 && cp <= 0x2fff) ||	/* radicals */
	    (cp >= 0x3100 && cp <= 0x33ff) ||
	    (cp >= 0x1f300 && cp <= 0x1faff))	/* emoji */
		return (cp >= 0xff61 && cp <= 0xffdc) ? 1 : 2; /* halfwidth forms */
	return 1;
}

size_t
iv_utf8_width(const char *s)
{
	size_t n = strlen(s), i = 0, w = 0;
	uint32_t cp;

	while (i < n) {
		i += (size_t)iv_utf8_decode(s + i, n - i, &cp);
		w += (size_t)iv_cp_width(cp);
	}
	return w;
}

size_t
iv_utf8_fit(const char *s, size_t cols)
{
	size_t n = strlen(s), i = 0, w = 0;
	uint32_t cp;
	int len, cw;

	while (i < n) {
		len = iv_utf8_decode(s + i, n - i, &cp);
		cw = iv_cp_width(cp);
		if (w + (size_t)cw > cols)
			break;
		w += (size_t)cw;
		i += (size_t)len;
	}
	return i;
}

size_t
iv_utf8_len(const char *s, size_t n)
{
	size_t i = 0, count = 0;
	uint32_t cp;

	while (i < n) {
		i += (size_t)iv_utf8_decode(s + i, n - i, &cp);
		count++;
	}
	return count;
}
