/* report_skills.c — the skill tree as text, Markdown, JSON or HTML
 * (report_skills.h). */
#include <string.h>

#include "fmt.h"
#include "jsonl.h"
#include "utf8.h"
#include "report_parts.h"
#include "report_skills.h"

/* --- the skill tree --- */

static void
due_note(iv_buf *b, jv row, const char *lang)
{
	jv due = iv_jget(row, "due");

	if (!strcmp(iv_jstr(due), "weak"))
		iv_buf_puts(b, iv_tr(lang, "due: weak", "待练习：薄弱"));
	else if (!strcmp(iv_jstr(due), "stale"))
		iv_buf_printf(b, iv_tr(lang, "due: %.0f days since practised", "待练习：%.0f天未练习"),
			      iv_jnum(row, "days", 0));
	jv_free(due);
}

void
skills_text(iv_buf *o, jv tree, const iv_chart_style *st, const char *lang)
{
	size_t col = 0;
	iv_buf dues = IV_BUF_INIT;

	if (jv_array_length(jv_copy(tree)) == 0) {
		iv_buf_puts(o, iv_tr(lang, "No skills assessed yet.\n", "还没有技能评估。\n"));
		return;
	}
	jv_array_foreach(tree, i, r) {
		jv name = iv_jget(r, "name");
		size_t w = 3 * (size_t)iv_jnum(r, "depth", 0) + iv_utf8_width(iv_jstr(name));

		col = w > col ? w : col;
		jv_free(name);
		jv_free(r);
	}
	col += 2;
	jv_array_foreach(tree, i, r) {
		int depth = (int)iv_jnum(r, "depth", 0);
		jv open = iv_jget(r, "open"), name = iv_jget(r, "name");
		iv_buf line = IV_BUF_INIT;

		for (int d = 0; d + 1 < depth; d++) {
			jv x = jv_array_get(jv_copy(open), d);

			iv_buf_puts(&line, iv_chart_pipe(st, jv_is_valid(x) && jv_number_value(x) != 0));
			jv_free(x);
		}
		if (depth > 0)
			iv_buf_puts(&line, iv_chart_branch(st, iv_jbool(r, "last", 0)));
		iv_buf_puts(&line, iv_jstr(name));
		if (is_num(r, "score")) {
			pad(o, line.s, col);
			iv_chart_bar(o, st, iv_jnum(r, "score", 0), 10, TREE_BAR_CELLS);
			iv_buf_printf(o, " %4.1f  ", iv_jnum(r, "score", 0));
			iv_chart_change(o, st, iv_jnum(r, "change", 0), is_num(r, "change"), iv_tr(lang, "new", "新"));
			if (!jv_equal(iv_jget(r, "due"), jv_null())) {
				iv_buf_puts(o, "  ");
				{
					iv_buf note = IV_BUF_INIT;

					due_note(&note, r, lang);
					iv_chart_paint(o, st, IV_COLOR_WARN, note.s ? note.s : "");
					if (dues.len)
						iv_buf_puts(&dues, iv_tr(lang, ", ", "、"));
					iv_buf_puts(&dues, iv_jstr(name));
					iv_buf_free(&note);
				}
			}
		} else {
			iv_buf_puts(o, line.s);
		}
		iv_buf_putc(o, '\n');
		iv_buf_free(&line);
		jv_free(name);
		jv_free(open);
		jv_free(r);
	}
	if (dues.len)
		iv_buf_printf(o, iv_tr(lang, "Due for practice: %s\n", "该练习了：%s\n"), dues.s);
	iv_buf_free(&dues);
}

void
skills_md(iv_buf *o, jv tree, const char *lang)
{
	if (jv_array_length(jv_copy(tree)) == 0) {
		iv_buf_puts(o, iv_tr(lang, "No skills assessed yet.\n", "还没有技能评估。\n"));
		return;
	}
	jv_array_foreach(tree, i, r) {
		for (int d = 0; d < (int)iv_jnum(r, "depth", 0); d++)
			iv_buf_puts(o, "  ");
		iv_buf_puts(o, "- ");
		if (is_num(r, "score")) {
			iv_buf_puts(o, "**");
			put(o, r, "name");
			iv_buf_printf(o, "** %.1f", iv_jnum(r, "score", 0));
			if (is_num(r, "change"))
				iv_buf_printf(o, iv_jnum(r, "change", 0) > 0 ? " (+%.1f)" : " (%.1f)", iv_jnum(r, "change", 0));
			else
				iv_buf_printf(o, " (%s)", iv_tr(lang, "new", "新"));
			if (!jv_equal(iv_jget(r, "due"), jv_null())) {
				iv_buf_puts(o, ", ");
				due_note(o, r, lang);
			}
		} else {
			put(o, r, "name");
		}
		iv_buf_putc(o, '\n');
		jv_free(r);
	}
}

void
skills_html(iv_buf *o, jv tree, const char *lang)
{
	if (jv_array_length(jv_copy(tree)) == 0) {
		iv_buf_printf(o, "<p>%s</p>\n", iv_tr(lang, "No skills assessed yet.", "还没有技能评估。"));
		return;
	}
	iv_buf_puts(o, "<table class=\"tree\">\n");
	jv_array_foreach(tree, i, r) {
		iv_buf_printf(o, "<tr><td class=\"node\" style=\"padding-left:%dpx\">%s",
			      8 + 22 * (int)iv_jnum(r, "depth", 0), iv_jnum(r, "depth", 0) > 0 ? "&#x2514; " : "");
		put_html(o, r, "name");
		iv_buf_puts(o, "</td>");
		if (is_num(r, "score")) {
			double c = iv_jnum(r, "change", 0);

			iv_buf_puts(o, "<td>");
			iv_svg_meter(o, iv_jnum(r, "score", 0), 10, 160);
			iv_buf_printf(o, "</td><td class=\"num\">%.1f</td>", iv_jnum(r, "score", 0));
			if (is_num(r, "change"))
				iv_buf_printf(o, c > 0 ? "<td class=\"up\">+%.1f</td>" : c < 0 ? "<td class=\"down\">%.1f</td>"
										  : "<td>%.1f</td>", c);
			else
				iv_buf_printf(o, "<td class=\"dim\">%s</td>", iv_tr(lang, "new", "新"));
			iv_buf_puts(o, "<td class=\"due\">");
			{
				iv_buf note = IV_BUF_INIT;

				due_note(&note, r, lang);
				iv_html_escape(o, note.s);
				iv_buf_free(&note);
			}
			iv_buf_puts(o, "</td>");
		} else {
			iv_buf_puts(o, "<td></td><td></td><td></td><td></td>");
		}
		iv_buf_puts(o, "</tr>\n");
		jv_free(r);
	}
	iv_buf_puts(o, "</table>\n");
}

void
iv_skills_write(iv_buf *o, jv tree, int format, const iv_chart_style *st, const char *lang)
{
	switch (format) {
	case IV_FMT_JSON:
		put_json(o, tree);
		break;
	case IV_FMT_MD:
		iv_buf_printf(o, "# %s\n\n", iv_tr(lang, "Skills", "技能树"));
		skills_md(o, tree, lang);
		break;
	case IV_FMT_HTML:
		skills_html(o, tree, lang);
		break;
	default:
		skills_text(o, tree, st, lang);
	}
}
