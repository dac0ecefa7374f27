#include <math.h>
#include <string.h>

#include "buf.h"
#include "fmt.h"
#include "utf8.h"

const char *
iv_tr(const char *lang, const char *en, const char *zh)
{
	return lang && !strcmp(lang, "zh") ? zh : en;
}

double
iv_round1(double x)
{
	return round(x * 10) / 10;
}

double
iv_mean(double sum, int n)
{
	return n ? sum / n : 0;
}

jv
iv_snippet(const char *text, int cols)
{
	iv_buf b = IV_BUF_INIT;
	int space = 0;
	size_t fit;
	jv s;

	for (const char *p = text; *p; p++) {
		if ((unsigned char)*p <= ' ') {
			space = b.len > 0;
			continue;
		}
		if (space)
			iv_buf_putc(&b, ' ');
		space = 0;
		iv_buf_putc(&b, *p);
	}
	if (!b.s)
		return jv_string("");
	fit = iv_utf8_fit(b.s, (size_t)cols);
	if (fit < b.len) {
		fit = iv_utf8_fit(b.s, (size_t)cols - 1);
		b.len = fit;
		b.s[fit] = 0;
		iv_buf_puts(&b, "\xe2\x80\xa6");
	}
	s = jv_string(b.s);
	iv_buf_free(&b);
	return s;
}

jv
iv_join(jv list, const char *sep)
{
	jv out = jv_string("");
	int n = 0;

	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, i, s) {
			if (jv_get_kind(s) == JV_KIND_STRING) {
				if (n++)
					out = jv_string_append_str(out, sep);
				out = jv_string_concat(out, s);
			} else {
				jv_free(s);
			}
			(void)i;
		}
	jv_free(list);
	return out;
}
