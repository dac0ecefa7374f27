#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"

void
iv_buf_grow(iv_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	if (b->cap * 2 > need)
		need = b->cap * 2;
	if (need < 64)
		need = 64;
	b->s = iv_xrealloc(b->s, need);
	b->cap = need;
}

void
iv_buf_add(iv_buf *b, const void *p, size_t n)
{
	iv_buf_grow(b, n);
	if (n)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = 0;
}

void
iv_buf_puts(iv_buf *b, const char *s)
{
	iv_buf_add(b, s, strlen(s));
}

void
iv_buf_putc(iv_buf *b, int c)
{
	char ch = (char)c;

	iv_buf_add(b, &ch, 1);
}

void
iv_buf_printf(iv_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	iv_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
iv_buf_reset(iv_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = 0;
}

void
iv_buf_free(iv_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *
iv_buf_take(iv_buf *b)
{
	char *s;

	if (!b->s)
		iv_buf_grow(b, 0), b->s[0] = 0;
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

int
iv_buf_read_stream(iv_buf *b, FILE *f, size_t max)
{
	size_t n;

	for (;;) {
		iv_buf_grow(b, 65536);
		n = fread(b->s + b->len, 1, b->cap - b->len - 1, f);
		b->len += n;
		b->s[b->len] = 0;
		if (max && b->len > max) {
			errno = EFBIG;
			return -1;
		}
		/* a short read at the end: no second, larger buffer (its
		 * realloc copies, and touches pages, for nothing) */
		if (n == 0 || feof(f))
			break;
	}
	return ferror(f) ? -1 : 0;
}

int
iv_buf_read_file(iv_buf *b, const char *path, size_t max)
{
	FILE *f = fopen(path, "rb");
	int r, e;

	if (!f)
		return -1;
	r = iv_buf_read_stream(b, f, max);
	e = errno;
	fclose(f);
	errno = e;
	return r;
}
