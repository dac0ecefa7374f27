/* buf.h — a growable byte buffer, always NUL-terminated.
 *
 *	iv_buf b = IV_BUF_INIT;
 *	iv_buf_puts(&b, "x"); iv_buf_printf(&b, "%d", 1);
 *	use b.s, b.len; iv_buf_free(&b);
 */
#ifndef IV_BUF_H
#define IV_BUF_H

#include <stddef.h>
#include <stdio.h>

typedef struct {
	char *s;
	size_t len, cap;
} iv_buf;

#define IV_BUF_INIT { 0, 0, 0 }

void iv_buf_grow(iv_buf *b, size_t extra);
void iv_buf_add(iv_buf *b, const void *p, size_t n);
void iv_buf_puts(iv_buf *b, const char *s);
void iv_buf_putc(iv_buf *b, int c);
void iv_buf_printf(iv_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void iv_buf_reset(iv_buf *b);
void iv_buf_free(iv_buf *b);
/* Hand the string to the caller (never NULL); the buffer is left empty. */
char *iv_buf_take(iv_buf *b);

/* Read a whole stream or file into b. Returns 0, or -1 with errno set;
 * more than max bytes (0: no limit) fails with EFBIG. */
int iv_buf_read_stream(iv_buf *b, FILE *f, size_t max);
int iv_buf_read_file(iv_buf *b, const char *path, size_t max);

#endif
