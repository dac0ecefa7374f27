/* resume_chars.h — characters and numbers at a point of resume text
 * (resume_chars.c): the lowest of the parser's helpers, which dates and
 * lines both use. For resume_*.c and the JD parser.
 */
#ifndef IV_RESUME_CHARS_H
#define IV_RESUME_CHARS_H

#include <stddef.h>

size_t rp_space_at(const char *s);	/* bytes of a space (ASCII, tab, U+3000, U+00A0) at s, or 0 */
const char *rp_skip_space(const char *s);
int rp_is_alnum_byte(unsigned char c);	/* ASCII letter or digit */
/* The value of min to max digits at s not followed by another, or -1;
 * *len gets how many. */
int rp_num_at(const char *s, int min, int max, int *len);
/* *field = a copy of value, unless *field is set or value is empty. */
void rp_set_once(char **field, const char *value);

#endif
