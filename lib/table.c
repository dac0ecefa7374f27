#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "table.h"
#include "utf8.h"

#define ELLIPSIS "\xe2\x80\xa6"	/* U+2026, one column */
#define GAP 2			/* spaces between columns */

size_t
iv_table_width(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (c && *c) {
		n = strtol(c, &end, 10);
		if (!*end && n >= 20 && n <= 10000)
			return (size_t)n;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 100;
}

char *
iv_table_cell(jv v, int flags)
{
	char *s, *p;

	switch (jv_get_kind(v)) {
	case JV_KIND_NULL:
	case JV_KIND_INVALID:
		return iv_xstrdup("-");
	case JV_KIND_STRING:
		s = iv_xstrdup(jv_string_value(v));
		if ((flags & IV_TABLE_TIME) && strlen(s) >= 16 && s[10] == 'T') {
			s[10] = ' ';
			s[16] = 0;
		}
		break;
	default: {
		jv d = jv_dump_string(jv_copy(v), 0);

		s = iv_xstrdup(jv_string_value(d));
		jv_free(d);
		break;
	}
	}
	/* One line per row: control characters (newlines, tabs) become spaces. */
	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return s;
}

static void
put_cell(iv_buf *out, const char *s, size_t w, int flags, int last)
{
	size_t sw = iv_utf8_width(s), n = strlen(s);

	if (sw > w) {
		n = iv_utf8_fit(s, w ? w - 1 : 0);
		sw = iv_utf8_width(s) - iv_utf8_width(s + n) + (w ? 1 : 0);
	}
	if (flags & IV_TABLE_RIGHT)
		for (size_t i = sw; i < w; i++)
			iv_buf_putc(out, ' ');
	iv_buf_add(out, s, n);
	if (n < strlen(s) && w)
		iv_buf_puts(out, ELLIPSIS);
	if (!(flags & IV_TABLE_RIGHT) && !last)
		for (size_t i = sw; i < w; i++)
			iv_buf_putc(out, ' ');
}

void
iv_table_print(FILE *f, jv rows, const iv_table_col *cols, size_t width)
{
	size_t ncol = 0, nrow = (size_t)jv_array_length(jv_copy(rows)), r, c, total, *w, *minw;
	char **cell;
	iv_buf line = IV_BUF_INIT;

	if (!width)
		width = iv_table_width();
	while (cols[ncol].key)
		ncol++;
	if (!ncol)
		return;
	w = iv_xcalloc(ncol, sizeof *w);
	minw = iv_xcalloc(ncol, sizeof *minw);
	cell = iv_xcalloc((nrow + 1) * ncol, sizeof *cell);
	for (c = 0; c < ncol; c++) {
		cell[c] = iv_xstrdup(cols[c].heading);
		w[c] = minw[c] = iv_utf8_width(cell[c]);
	}
	for (r = 0; r < nrow; r++) {
		jv row = jv_array_get(jv_copy(rows), (int)r);

		for (c = 0; c < ncol; c++) {
			jv v = jv_get_kind(row) == JV_KIND_OBJECT ?
			       jv_object_get(jv_copy(row), jv_string(cols[c].key)) : jv_null();
			char *s = iv_table_cell(v, cols[c].flags);
			size_t sw = iv_utf8_width(s);

			jv_free(v);
			cell[(r + 1) * ncol + c] = s;
			if (sw > w[c])
				w[c] = sw;
		}
		jv_free(row);
	}
	/* Numbers and times are read whole: only text columns give way. */
	for (c = 0; c < ncol; c++)
		if (cols[c].flags & (IV_TABLE_RIGHT | IV_TABLE_TIME))
			minw[c] = w[c];
	/* Too wide: the widest column gives up one column at a time, never
	 * narrower than its heading. */
	for (total = GAP * (ncol - 1), c = 0; c < ncol; c++)
		total += w[c];
	while (total > width) {
		size_t widest = ncol;

		for (c = 0; c < ncol; c++)
			if (w[c] > minw[c] && (widest == ncol || w[c] >= w[widest]))
				widest = c;
		if (widest == ncol)
			break;
		w[widest]--;
		total--;
	}
	for (r = 0; r <= nrow; r++) {
		iv_buf_reset(&line);
		for (c = 0; c < ncol; c++) {
			if (c)
				iv_buf_puts(&line, "  ");
			put_cell(&line, cell[r * ncol + c], w[c], cols[c].flags, c == ncol - 1);
		}
		while (line.len && line.s[line.len - 1] == ' ')
			line.s[--line.len] = 0;
		fprintf(f, "%s\n", line.s ? line.s : "");
	}
	for (c = 0; c < (nrow + 1) * ncol; c++)
		free(cell[c]);
	free(cell);
	free(w);
	free(minw);
	iv_buf_free(&line);
}
