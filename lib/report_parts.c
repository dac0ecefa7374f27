/* report_parts.c — pieces every view is written with (report_parts.h). */
#include <math.h>
#include <string.h>

#include "chart.h"
#include "fmt.h"
#include "jsonl.h"
#include "utf8.h"
#include "report_parts.h"

/* --- shared pieces --- */

const struct report_dim dims[] = {
	{ "technical_skills", "Technical skills", "技术能力" },
	{ "communication", "Communication", "沟通表达" },
	{ "problem_solving", "Problem solving", "问题解决" },
	{ "technical_accuracy", "Technical accuracy", "技术准确性" },
	{ "communication_clarity", "Clarity", "表达清晰度" },
	{ "depth_breadth", "Depth and breadth", "深度与广度" },
};

const char *
prio_name(const char *p, const char *lang)
{
	if (!strcmp(p, "high"))
		return iv_tr(lang, "high", "高");
	if (!strcmp(p, "medium"))
		return iv_tr(lang, "medium", "中");
	return iv_tr(lang, "low", "低");
}

/* s, then spaces up to width columns. */
void
pad(iv_buf *b, const char *s, size_t width)
{
	size_t w = iv_utf8_width(s);

	iv_buf_puts(b, s);
	while (w++ < width)
		iv_buf_putc(b, ' ');
}

/* obj[key] as a string ("" when it is not one), appended. */
void
put(iv_buf *b, jv obj, const char *key)
{
	jv v = iv_jget(obj, key);

	iv_buf_puts(b, iv_jstr(v));
	jv_free(v);
}

void
put_html(iv_buf *b, jv obj, const char *key)
{
	jv v = iv_jget(obj, key);

	iv_html_escape(b, iv_jstr(v));
	jv_free(v);
}

int
is_num(jv obj, const char *key)
{
	jv v = iv_jget(obj, key);
	int yes = jv_get_kind(v) == JV_KIND_NUMBER;

	jv_free(v);
	return yes;
}

/* " (turns 4, 6)" for an item's turns. */
void
turns_note(iv_buf *b, jv item, const char *lang)
{
	jv turns = iv_jget(item, "turns");

	if (jv_get_kind(turns) == JV_KIND_ARRAY && jv_array_length(jv_copy(turns)) > 0) {
		iv_buf_puts(b, iv_tr(lang, " (turns ", "（对话 "));
		jv_array_foreach(turns, i, t) {
			iv_buf_printf(b, "%s%.0f", i ? ", " : "", jv_number_value(t));
			jv_free(t);
		}
		iv_buf_puts(b, iv_tr(lang, ")", "）"));
	}
	jv_free(turns);
}

/* The value of a trend row's series s (0: overall, then dims). */
double
series_value(jv row, int s)
{
	jv d;
	double v;

	if (s == 0)
		return iv_jnum(row, "overall_score", NAN);
	d = iv_jget(row, "dimensions");
	v = iv_jnum(d, dims[s - 1].key, NAN);
	jv_free(d);
	return v;
}

const char *
series_name(int s, const char *lang)
{
	return s == 0 ? iv_tr(lang, "Overall", "综合得分") : iv_tr(lang, dims[s - 1].en, dims[s - 1].zh);
}

void
put_json(iv_buf *b, jv v)
{
	jv s = jv_dump_string(jv_copy(v), 0);

	iv_buf_puts(b, jv_string_value(s));
	iv_buf_putc(b, '\n');
	jv_free(s);
}

const char *
section_title(const char *key, const char *lang)
{
	static const struct { const char *key, *en, *zh; } t[] = {
		{ "strengths", "Strengths", "优势" },
		{ "weaknesses", "Weaknesses", "待提升" },
		{ "improvement_suggestions", "Suggestions", "改进建议" },
	};

	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].key, key))
			return iv_tr(lang, t[i].en, t[i].zh);
	return key;
}

const char *const item_sections[] = { "strengths", "weaknesses", "improvement_suggestions" };
