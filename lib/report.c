/* report.c — a session's report as text, Markdown, JSON or HTML, made with
 * the views of report_plan.h, report_skills.h and report_progress.h
 * (report.h). */
#include <math.h>
#include <string.h>

#include "clock.h"
#include "fmt.h"
#include "jsonl.h"
#include "report.h"
#include "report_delivery.h"
#include "report_parts.h"

/* --- the report --- */

static void
report_head(iv_buf *o, jv r, const char *lang, const char *pre)
{
	jv s = iv_jget(r, "session"), st = iv_jget(s, "status"), day = day_of(s);

	iv_buf_puts(o, pre);
	iv_buf_printf(o, iv_tr(lang, "Interview report, round %.0f", "面试报告：第%.0f轮"), iv_jnum(s, "round", 0));
	iv_buf_printf(o, iv_tr(lang, " (%s, session %.0f)", "（%s，会话%.0f）"),
		      jv_get_kind(day) == JV_KIND_STRING ? jv_string_value(day) : "-", iv_jnum(s, "id", 0));
	if (strcmp(iv_jstr(st), "completed"))
		iv_buf_printf(o, iv_tr(lang, " [%s, not finished]", " [%s，未结束]"), iv_jstr(st));
	iv_buf_putc(o, '\n');
	jv_free(day);
	jv_free(st);
	jv_free(s);
}

/* The comparison's lines (without a heading), each after pre. */
static void
comparison_lines(iv_buf *o, jv cmp, const char *lang, const char *pre)
{
	jv advised = iv_jget(cmp, "advised"), plan = iv_jget(cmp, "previous_plan");

	iv_buf_puts(o, pre);
	put(o, cmp, "text");
	iv_buf_putc(o, '\n');
	if (jv_get_kind(advised) == JV_KIND_ARRAY)
		jv_array_foreach(advised, i, a) {
			iv_buf_puts(o, pre);
			iv_buf_puts(o, iv_tr(lang, "Advised last time: ", "上次建议："));
			put(o, a, "text");
			if (is_num(a, "old_score") && is_num(a, "new_score"))
				iv_buf_printf(o, iv_tr(lang, " (%.1f -> %.1f, %s)", "（%.1f -> %.1f，%s）"),
					      iv_jnum(a, "old_score", 0), iv_jnum(a, "new_score", 0),
					      iv_jbool(a, "improved", 0) ? iv_tr(lang, "improved", "有进步")
									 : iv_tr(lang, "not improved yet", "还没有进步"));
			else if (is_num(a, "old_score"))
				iv_buf_puts(o, iv_tr(lang, " (not practised this round)", "（本轮没有练到）"));
			iv_buf_putc(o, '\n');
			jv_free(a);
		}
	if (jv_get_kind(plan) == JV_KIND_OBJECT) {
		iv_buf_puts(o, pre);
		iv_buf_printf(o, iv_tr(lang, "Last plan: %.0f of %.0f tasks done (%.0f%%)\n",
				       "上次的计划：完成了%.0f/%.0f项任务（%.0f%%）\n"),
			      iv_jnum(plan, "done", 0), iv_jnum(plan, "total", 0), iv_jnum(plan, "progress", 0));
	}
	jv_free(plan);
	jv_free(advised);
}

static void
report_text(iv_buf *o, jv r, const iv_chart_style *st, const char *lang)
{
	jv sum = iv_jget(r, "summary"), d = iv_jget(sum, "dimensions"), cmp = iv_jget(sum, "comparison");
	jv tree = iv_jget(r, "skills"), trend = iv_jget(r, "trend"), plan = iv_jget(r, "learning_plan");
	iv_buf h = IV_BUF_INIT;

	report_head(&h, r, lang, "");
	iv_chart_paint(o, st, IV_COLOR_BOLD, h.s);
	iv_buf_free(&h);
	iv_buf_putc(o, '\n');
	pad(o, iv_tr(lang, "Overall", "综合得分"), 22);
	if (is_num(sum, "overall_score")) {
		jv ov = iv_jget(cmp, "overall");

		iv_chart_bar(o, st, iv_jnum(sum, "overall_score", 0), 10, BAR_CELLS);
		iv_buf_printf(o, " %4.1f", iv_jnum(sum, "overall_score", 0));
		if (is_num(ov, "change")) {
			iv_buf_puts(o, "  ");
			iv_chart_change(o, st, iv_jnum(ov, "change", 0), 1, "");
		}
		jv_free(ov);
	} else {
		iv_buf_puts(o, iv_tr(lang, "no graded answers", "没有评分的回答"));
	}
	iv_buf_putc(o, '\n');
	for (int i = 0; i < NDIMS && is_num(sum, "overall_score"); i++) {
		pad(o, iv_tr(lang, dims[i].en, dims[i].zh), 22);
		iv_chart_bar(o, st, iv_jnum(d, dims[i].key, 0), 10, BAR_CELLS);
		iv_buf_printf(o, " %4.1f\n", iv_jnum(d, dims[i].key, 0));
	}
	for (size_t k = 0; k < sizeof item_sections / sizeof item_sections[0]; k++) {
		jv items = iv_jget(sum, item_sections[k]);

		if (jv_get_kind(items) == JV_KIND_ARRAY && jv_array_length(jv_copy(items)) > 0) {
			iv_buf_putc(o, '\n');
			iv_chart_paint(o, st, IV_COLOR_BOLD, section_title(item_sections[k], lang));
			iv_buf_putc(o, '\n');
			jv_array_foreach(items, i, it) {
				iv_buf_puts(o, "  - ");
				put(o, it, "text");
				turns_note(o, it, lang);
				iv_buf_putc(o, '\n');
				jv_free(it);
			}
		}
		jv_free(items);
	}
	if (jv_get_kind(cmp) == JV_KIND_OBJECT) {
		iv_buf_putc(o, '\n');
		iv_chart_paint(o, st, IV_COLOR_BOLD, iv_tr(lang, "Since last time", "与上次相比"));
		iv_buf_putc(o, '\n');
		comparison_lines(o, cmp, lang, "  ");
	}
	iv_buf_putc(o, '\n');
	iv_chart_paint(o, st, IV_COLOR_BOLD, iv_tr(lang, "Skills", "技能树"));
	iv_buf_putc(o, '\n');
	skills_text(o, tree, st, lang);
	iv_buf_putc(o, '\n');
	iv_chart_paint(o, st, IV_COLOR_BOLD, iv_tr(lang, "Score trend", "得分趋势"));
	iv_buf_putc(o, '\n');
	progress_text(o, trend, st, lang);
	iv_report_delivery_write(o, r, IV_FMT_TEXT, st, lang);
	if (jv_get_kind(plan) == JV_KIND_OBJECT) {
		iv_buf h2 = IV_BUF_INIT;

		iv_buf_putc(o, '\n');
		plan_head(&h2, plan, lang, 0);
		h2.s[--h2.len] = 0;	/* the newline goes after the colour */
		iv_chart_paint(o, st, IV_COLOR_BOLD, h2.s);
		iv_buf_putc(o, '\n');
		iv_buf_free(&h2);
		plan_body(o, plan, lang, 0);
	}
	jv_free(plan);
	jv_free(trend);
	jv_free(tree);
	jv_free(cmp);
	jv_free(d);
	jv_free(sum);
}

static void
report_md(iv_buf *o, jv r, const char *lang)
{
	jv sum = iv_jget(r, "summary"), d = iv_jget(sum, "dimensions"), cmp = iv_jget(sum, "comparison");
	jv tree = iv_jget(r, "skills"), trend = iv_jget(r, "trend"), plan = iv_jget(r, "learning_plan");

	report_head(o, r, lang, "# ");
	iv_buf_printf(o, "\n| %s | %s |\n|---|---:|\n", iv_tr(lang, "Score", "维度"), iv_tr(lang, "0-10", "分数"));
	if (is_num(sum, "overall_score")) {
		iv_buf_printf(o, "| **%s** | **%.1f** |\n", iv_tr(lang, "Overall", "综合得分"), iv_jnum(sum, "overall_score", 0));
		for (int i = 0; i < NDIMS; i++)
			iv_buf_printf(o, "| %s | %.1f |\n", iv_tr(lang, dims[i].en, dims[i].zh), iv_jnum(d, dims[i].key, 0));
	}
	for (size_t k = 0; k < sizeof item_sections / sizeof item_sections[0]; k++) {
		jv items = iv_jget(sum, item_sections[k]);

		iv_buf_printf(o, "\n## %s\n\n", section_title(item_sections[k], lang));
		if (jv_get_kind(items) != JV_KIND_ARRAY || jv_array_length(jv_copy(items)) == 0)
			iv_buf_printf(o, "%s\n", iv_tr(lang, "None this time.", "这次没有。"));
		else
			jv_array_foreach(items, i, it) {
				iv_buf_puts(o, "- ");
				put(o, it, "text");
				turns_note(o, it, lang);
				iv_buf_putc(o, '\n');
				jv_free(it);
			}
		jv_free(items);
	}
	if (jv_get_kind(cmp) == JV_KIND_OBJECT) {
		iv_buf_printf(o, "\n## %s\n\n", iv_tr(lang, "Since last time", "与上次相比"));
		comparison_lines(o, cmp, lang, "- ");
	}
	iv_buf_printf(o, "\n## %s\n\n", iv_tr(lang, "Skills", "技能树"));
	skills_md(o, tree, lang);
	iv_buf_printf(o, "\n## %s\n\n", iv_tr(lang, "Score trend", "得分趋势"));
	progress_md(o, trend, lang);
	iv_report_delivery_write(o, r, IV_FMT_MD, NULL, lang);
	if (jv_get_kind(plan) == JV_KIND_OBJECT) {
		iv_buf_putc(o, '\n');
		plan_head(o, plan, lang, 2);
		plan_body(o, plan, lang, 2);
	}
	jv_free(plan);
	jv_free(trend);
	jv_free(tree);
	jv_free(cmp);
	jv_free(d);
	jv_free(sum);
}

static const char css[] =
"*{box-sizing:border-box}"
"body{font-family:system-ui,-apple-system,\"Segoe UI\",\"Noto Sans\",\"Noto Sans CJK SC\",\"PingFang SC\","
"\"Microsoft YaHei\",\"WenQuanYi Micro Hei\",sans-serif;color:#111827;background:#fff;line-height:1.5;"
"max-width:960px;margin:24px auto;padding:0 24px}"
"h1{font-size:1.6em;margin:0 0 4px}h2{font-size:1.25em;border-bottom:2px solid #e5e7eb;padding-bottom:4px;"
"margin-top:32px}h3{font-size:1.05em;margin:16px 0 6px}h4{margin:12px 0 4px;font-size:1em}"
".sub{color:#4b5563;margin:0}"
".overall{display:flex;align-items:baseline;gap:16px;margin:16px 0}"
".overall .big{font-size:2.6em;font-weight:700;color:#1d4ed8}"
".up{color:#15803d;font-weight:600}.down{color:#b91c1c;font-weight:600}.dim{color:#6b7280}"
".due{color:#b45309;font-size:.9em}"
"svg text{font-size:13px;fill:#111827}svg .axis{fill:#6b7280;font-size:12px}svg .value{font-weight:600}"
"table{border-collapse:collapse}td,th{padding:3px 8px;vertical-align:middle}td.num{text-align:right;"
"font-variant-numeric:tabular-nums}"
"table.tree td.node{white-space:nowrap}"
"ul{padding-left:22px}li{margin:2px 0}.turns{color:#6b7280;font-size:.85em}"
".cols{display:grid;grid-template-columns:1fr 1fr;gap:0 32px}"
".path{border-left:4px solid #93c5fd;padding:2px 0 2px 12px;margin:10px 0}"
".prio{display:inline-block;font-size:.75em;padding:0 6px;border-radius:8px;background:#e5e7eb;"
"margin-right:6px;vertical-align:middle}.prio.high{background:#fee2e2;color:#991b1b}"
".prio.medium{background:#fef3c7;color:#92400e}.prio.low{background:#dcfce7;color:#166534}"
"ul.tasks{list-style:none;padding-left:4px}.task.done{color:#6b7280;text-decoration:line-through}"
".res{font-size:.9em;color:#374151}.url{color:#6b7280;word-break:break-all}"
"footer{margin-top:40px;color:#9ca3af;font-size:.8em}"
"@media print{body{margin:0;max-width:none;padding:0 8mm;font-size:11pt}"
"h2{break-after:avoid;page-break-after:avoid}"
"section,.path,table.tree tr,svg{break-inside:avoid;page-break-inside:avoid}"
".cols{display:block}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}"
"@page{margin:14mm}";

const char *iv_report_css(void) { return css; }

static void
items_html(iv_buf *o, jv sum, const char *key, const char *lang)
{
	jv items = iv_jget(sum, key);

	iv_buf_printf(o, "<section><h2>%s</h2>\n<ul>\n", section_title(key, lang));
	if (jv_get_kind(items) != JV_KIND_ARRAY || jv_array_length(jv_copy(items)) == 0)
		iv_buf_printf(o, "<li class=\"dim\">%s</li>\n", iv_tr(lang, "None this time.", "这次没有。"));
	else
		jv_array_foreach(items, i, it) {
			iv_buf t = IV_BUF_INIT;

			iv_buf_puts(o, "<li>");
			put_html(o, it, "text");
			turns_note(&t, it, lang);
			if (t.len) {
				iv_buf_puts(o, " <span class=\"turns\">");
				iv_html_escape(o, t.s);
				iv_buf_puts(o, "</span>");
			}
			iv_buf_puts(o, "</li>\n");
			iv_buf_free(&t);
			jv_free(it);
		}
	iv_buf_puts(o, "</ul></section>\n");
	jv_free(items);
}

static void
report_html(iv_buf *o, jv r, const char *lang)
{
	jv sum = iv_jget(r, "summary"), d = iv_jget(sum, "dimensions"), cmp = iv_jget(sum, "comparison");
	jv tree = iv_jget(r, "skills"), trend = iv_jget(r, "trend"), plan = iv_jget(r, "learning_plan");
	iv_buf t = IV_BUF_INIT;

	report_head(&t, r, lang, "");
	t.s[--t.len] = 0;
	iv_buf_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; img-src data:\">\n<title>", !strcmp(lang, "zh") ? "zh-CN" : "en");
	iv_html_escape(o, t.s);
	iv_buf_printf(o, "</title>\n<style>%s</style>\n</head>\n<body>\n<header><h1>", css);
	iv_html_escape(o, t.s);
	iv_buf_puts(o, "</h1>\n");
	iv_buf_free(&t);
	if (jv_get_kind(cmp) == JV_KIND_OBJECT) {
		iv_buf_puts(o, "<p class=\"sub\">");
		put_html(o, cmp, "text");
		iv_buf_puts(o, "</p>\n");
	}
	iv_buf_puts(o, "</header>\n<section class=\"scores\"><h2>");
	iv_buf_puts(o, iv_tr(lang, "Scores", "得分"));
	iv_buf_puts(o, "</h2>\n");
	if (is_num(sum, "overall_score")) {
		const char *labels[NDIMS];
		double values[NDIMS];
		jv ov = iv_jget(cmp, "overall");

		iv_buf_printf(o, "<div class=\"overall\"><span class=\"big\">%.1f</span><span>/ 10 %s</span>",
			      iv_jnum(sum, "overall_score", 0), iv_tr(lang, "overall", "综合得分"));
		if (is_num(ov, "change")) {
			double c = iv_jnum(ov, "change", 0);

			iv_buf_printf(o, c > 0 ? "<span class=\"up\">+%.1f</span>" : c < 0 ? "<span class=\"down\">%.1f</span>"
											 : "<span>%.1f</span>", c);
		}
		iv_buf_puts(o, "</div>\n");
		jv_free(ov);
		for (int i = 0; i < NDIMS; i++) {
			labels[i] = iv_tr(lang, dims[i].en, dims[i].zh);
			values[i] = iv_jnum(d, dims[i].key, NAN);
		}
		iv_svg_hbars(o, labels, values, NDIMS, 10, 860);
	} else {
		iv_buf_printf(o, "<p>%s</p>", iv_tr(lang, "No graded answers.", "没有评分的回答。"));
	}
	/* The charts first, so the first screen (and page) shows them. */
	iv_buf_printf(o, "</section>\n<section><h2>%s</h2>\n", iv_tr(lang, "Score trend", "得分趋势"));
	if (jv_array_length(jv_copy(trend)) > 0)
		progress_svg(o, trend, lang);
	else
		iv_buf_printf(o, "<p>%s</p>", iv_tr(lang, "No completed interviews yet.", "还没有完成的面试。"));
	iv_buf_printf(o, "</section>\n<section><h2>%s</h2>\n", iv_tr(lang, "Skills", "技能树"));
	skills_html(o, tree, lang);
	iv_buf_puts(o, "</section>\n");
	iv_report_delivery_write(o, r, IV_FMT_HTML, NULL, lang);
	iv_buf_puts(o, "<div class=\"cols\">\n");
	items_html(o, sum, "strengths", lang);
	items_html(o, sum, "weaknesses", lang);
	iv_buf_puts(o, "</div>\n");
	items_html(o, sum, "improvement_suggestions", lang);
	if (jv_get_kind(cmp) == JV_KIND_OBJECT) {
		iv_buf c = IV_BUF_INIT;

		comparison_lines(&c, cmp, lang, "");
		iv_buf_printf(o, "<section><h2>%s</h2>\n<ul>\n", iv_tr(lang, "Since last time", "与上次相比"));
		for (char *line = c.s, *nl; line && *line; line = nl + 1) {
			nl = strchr(line, '\n');
			*nl = 0;
			iv_buf_puts(o, "<li>");
			iv_html_escape(o, line);
			iv_buf_puts(o, "</li>\n");
		}
		iv_buf_puts(o, "</ul></section>\n");
		iv_buf_free(&c);
	}
	iv_buf_printf(o, "<section><h2>%s</h2>\n", iv_tr(lang, "Learning plan", "学习计划"));
	if (jv_get_kind(plan) == JV_KIND_OBJECT)
		iv_plan_write(o, plan, IV_FMT_HTML, NULL, lang);
	else
		iv_buf_printf(o, "<p>%s</p>\n", iv_tr(lang, "No learning plan for this interview.", "这次面试没有学习计划。"));
	iv_buf_printf(o, "</section>\n<footer>iv &middot; %s</footer>\n</body>\n</html>\n", iv_now());
	jv_free(plan);
	jv_free(trend);
	jv_free(tree);
	jv_free(cmp);
	jv_free(d);
	jv_free(sum);
}

void
iv_report_write(iv_buf *o, jv r, int format, const iv_chart_style *st)
{
	jv l = iv_jget(r, "lang");
	const char *lang = !strcmp(iv_jstr(l), "zh") ? "zh" : "en";

	jv_free(l);
	switch (format) {
	case IV_FMT_JSON:
		put_json(o, r);
		break;
	case IV_FMT_MD:
		report_md(o, r, lang);
		break;
	case IV_FMT_HTML:
		report_html(o, r, lang);
		break;
	default:
		report_text(o, r, st, lang);
	}
}
