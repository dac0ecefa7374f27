/* resume_chars.c — characters and numbers at a point of resume text
 * (resume_chars.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "resume_chars.h"

/* The byte length of a space at s (ASCII, tab, U+3000, U+00A0), or 0. */
size_t
rp_space_at(const char *s)
{
	if (*s == ' ' || *s == '\t')
		return 1;
	if (!strncmp(s, "\xe3\x80\x80", 3))
		return 3;
	if (!strncmp(s, "\xc2\xa0", 2))
		return 2;
	return 0;
}

const char *
rp_skip_space(const char *s)
{
	size_t k;

	while ((k = rp_space_at(s)))
		s += k;
	return s;
}

int
rp_is_alnum_byte(unsigned char c)
{
	return c < 0x80 && isalnum(c);
}

/* n digits at s, not followed by another digit; their value or -1. */
int
rp_num_at(const char *s, int min, int max, int *len)
{
	int v = 0, k = 0;

	while (k < max && s[k] >= '0' && s[k] <= '9')
		v = v * 10 + (s[k++] - '0');
	if (k < min || (s[k] >= '0' && s[k] <= '9'))
		return -1;
	*len = k;
	return v;
}

void
rp_set_once(char **field, const char *value)
{
	if (!*field && value && *value)
		*field = iv_xstrdup(value);
}
