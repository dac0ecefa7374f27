/* report_plan.c — the learning plan as text, Markdown, JSON or HTML
 * (report_plan.h). */
#include <string.h>

#include "fmt.h"
#include "jsonl.h"
#include "plan.h"
#include "report_parts.h"
#include "report_plan.h"

/* --- the learning plan --- */

/* A Markdown heading of level (0: none, for text). */
static void
md_heading(iv_buf *o, int level)
{
	for (int i = 0; i < level; i++)
		iv_buf_putc(o, '#');
	if (level)
		iv_buf_putc(o, ' ');
}

/* The plan's title line; md is its heading level in Markdown, 0 in text. */
void
plan_head(iv_buf *o, jv plan, const char *lang, int md)
{
	jv data = iv_jget(plan, "plan_data"), status = iv_jget(plan, "status");
	int total, done;

	iv_plan_count(data, &total, &done);
	md_heading(o, md);
	put(o, plan, "title");
	iv_buf_printf(o, iv_tr(lang, ": %.0f%%, %d of %d tasks done", "：%.0f%%，已完成%d/%d项任务"),
		      iv_jnum(plan, "progress", 0), done, total);
	if (strcmp(iv_jstr(status), "active"))
		iv_buf_printf(o, " [%s]", iv_jstr(status));
	iv_buf_putc(o, '\n');
	jv_free(status);
	jv_free(data);
}

/* The plan's body as text, or as Markdown under a heading of level md. */
void
plan_body(iv_buf *o, jv plan, const char *lang, int md)
{
	static const char *const terms[][3] = {
		{ "short_term", "Short term", "短期" },
		{ "mid_term", "Mid term", "中期" },
		{ "long_term", "Long term", "长期" },
	};
	jv data = iv_jget(plan, "plan_data"), goals = iv_jget(data, "goals");
	jv paths = iv_jget(data, "learning_paths"), ms = iv_jget(data, "milestones");
	jv d = iv_jget(plan, "description");

	if (jv_get_kind(d) == JV_KIND_STRING)
		iv_buf_printf(o, "%s%s\n", md ? "\n" : "", jv_string_value(d));
	jv_free(d);
	iv_buf_putc(o, '\n');
	md_heading(o, md ? md + 1 : 0);
	iv_buf_printf(o, "%s\n", iv_tr(lang, "Goals", "目标"));
	for (int t = 0; t < 3; t++) {
		jv list = iv_jget(goals, terms[t][0]);

		if (jv_get_kind(list) == JV_KIND_ARRAY)
			jv_array_foreach(list, i, g) {
				iv_buf_printf(o, "%s%s%s%s\n", md ? "- **" : "  ", iv_tr(lang, terms[t][1], terms[t][2]),
					      md ? "**: " : iv_tr(lang, ": ", "："), iv_jstr(g));
				jv_free(g);
			}
		jv_free(list);
	}
	iv_buf_putc(o, '\n');
	md_heading(o, md ? md + 1 : 0);
	iv_buf_printf(o, "%s\n", iv_tr(lang, "Learning paths", "学习路径"));
	if (jv_get_kind(paths) == JV_KIND_ARRAY)
		jv_array_foreach(paths, i, p) {
			jv prio = iv_jget(p, "priority"), tasks = iv_jget(p, "tasks"), res = iv_jget(p, "resources");

			if (md) {
				iv_buf_putc(o, '\n');
				md_heading(o, md + 2);
			}
			iv_buf_printf(o, md ? "[%s] " : "  [%s] ", prio_name(iv_jstr(prio), lang));
			put(o, p, "title");
			iv_buf_printf(o, iv_tr(lang, ", about %.0f hours", "，约%.0f小时"), iv_jnum(p, "estimated_hours", 0));
			if (iv_jbool(p, "carried_over", 0))
				iv_buf_puts(o, iv_tr(lang, " (carried over)", "（延续）"));
			iv_buf_puts(o, md ? "\n\n" : "\n");
			if (jv_get_kind(tasks) == JV_KIND_ARRAY)
				jv_array_foreach(tasks, k, t) {
					iv_buf_printf(o, md ? "- [%s] " : "    [%s] ", iv_jbool(t, "done", 0) ? "x" : " ");
					put(o, t, "id");
					iv_buf_putc(o, ' ');
					put(o, t, "text");
					iv_buf_putc(o, '\n');
					jv_free(t);
				}
			if (jv_get_kind(res) == JV_KIND_ARRAY)
				jv_array_foreach(res, k, r) {
					jv title = iv_jget(r, "title"), url = iv_jget(r, "url");

					if (md)
						iv_buf_printf(o, "- %s: [%s](%s)\n", iv_tr(lang, "Resource", "资源"),
							      iv_jstr(title), iv_jstr(url));
					else
						iv_buf_printf(o, "    %s%s %s\n", iv_tr(lang, "Resource: ", "资源："),
							      iv_jstr(title), iv_jstr(url));
					jv_free(title);
					jv_free(url);
					jv_free(r);
				}
			jv_free(res);
			jv_free(tasks);
			jv_free(prio);
			jv_free(p);
		}
	iv_buf_putc(o, '\n');
	md_heading(o, md ? md + 1 : 0);
	iv_buf_printf(o, "%s\n", iv_tr(lang, "Milestones", "里程碑"));
	if (jv_get_kind(ms) == JV_KIND_ARRAY)
		jv_array_foreach(ms, i, m) {
			iv_buf_printf(o, md ? "- [%s] " : "  [%s] ", iv_jbool(m, "completed", 0) ? "x" : " ");
			put(o, m, "deadline");
			iv_buf_putc(o, ' ');
			put(o, m, "title");
			iv_buf_putc(o, '\n');
			jv_free(m);
		}
	jv_free(ms);
	jv_free(paths);
	jv_free(goals);
	jv_free(data);
}

/* The plan in HTML: goals, paths with their tasks, milestones. */
static void
plan_html(iv_buf *o, jv plan, const char *lang)
{
	static const char *const terms[][3] = {
		{ "short_term", "Short term", "短期" },
		{ "mid_term", "Mid term", "中期" },
		{ "long_term", "Long term", "长期" },
	};
	jv data = iv_jget(plan, "plan_data"), goals = iv_jget(data, "goals");
	jv paths = iv_jget(data, "learning_paths"), ms = iv_jget(data, "milestones");
	int total, done;

	iv_plan_count(data, &total, &done);
	iv_buf_puts(o, "<p class=\"plan-title\"><strong>");
	put_html(o, plan, "title");
	iv_buf_printf(o, "</strong> &middot; ");
	iv_buf_printf(o, iv_tr(lang, "%.0f%%, %d of %d tasks done", "%.0f%%，已完成%d/%d项任务"),
		      iv_jnum(plan, "progress", 0), done, total);
	iv_buf_puts(o, "</p>\n<h3>");
	iv_buf_puts(o, iv_tr(lang, "Goals", "目标"));
	iv_buf_puts(o, "</h3>\n<ul>\n");
	for (int t = 0; t < 3; t++) {
		jv list = iv_jget(goals, terms[t][0]);

		if (jv_get_kind(list) == JV_KIND_ARRAY)
			jv_array_foreach(list, i, g) {
				iv_buf_printf(o, "<li><strong>%s</strong>%s", iv_tr(lang, terms[t][1], terms[t][2]),
					      iv_tr(lang, ": ", "："));
				iv_html_escape(o, iv_jstr(g));
				iv_buf_puts(o, "</li>\n");
				jv_free(g);
			}
		jv_free(list);
	}
	iv_buf_printf(o, "</ul>\n<h3>%s</h3>\n", iv_tr(lang, "Learning paths", "学习路径"));
	if (jv_get_kind(paths) == JV_KIND_ARRAY)
		jv_array_foreach(paths, i, p) {
			jv prio = iv_jget(p, "priority"), tasks = iv_jget(p, "tasks"), res = iv_jget(p, "resources");

			iv_buf_printf(o, "<div class=\"path\"><h4><span class=\"prio %s\">%s</span> ", iv_jstr(prio),
				      prio_name(iv_jstr(prio), lang));
			put_html(o, p, "title");
			iv_buf_printf(o, iv_tr(lang, " <small>about %.0f hours%s</small>", " <small>约%.0f小时%s</small>"),
				      iv_jnum(p, "estimated_hours", 0),
				      iv_jbool(p, "carried_over", 0) ? iv_tr(lang, ", carried over", "，延续") : "");
			iv_buf_puts(o, "</h4>\n<ul class=\"tasks\">\n");
			if (jv_get_kind(tasks) == JV_KIND_ARRAY)
				jv_array_foreach(tasks, k, t) {
					int d = iv_jbool(t, "done", 0);

					iv_buf_printf(o, "<li class=\"task%s\">%s <code>", d ? " done" : "",
						      d ? "&#x2611;" : "&#x2610;");
					put_html(o, t, "id");
					iv_buf_puts(o, "</code> ");
					put_html(o, t, "text");
					iv_buf_puts(o, "</li>\n");
					jv_free(t);
				}
			iv_buf_puts(o, "</ul>\n");
			if (jv_get_kind(res) == JV_KIND_ARRAY && jv_array_length(jv_copy(res)) > 0) {
				iv_buf_printf(o, "<p class=\"res\">%s", iv_tr(lang, "Resources: ", "资源："));
				jv_array_foreach(res, k, r) {
					jv url = iv_jget(r, "url");
					const char *u = iv_jstr(url), *colon = strstr(u, "://");

					/* Shown as text only: the page links to nothing. */
					iv_buf_puts(o, k ? "; " : "");
					put_html(o, r, "title");
					if (*u) {
						iv_buf_puts(o, " <span class=\"url\">");
						iv_html_escape(o, colon ? colon + 3 : u);
						iv_buf_puts(o, "</span>");
					}
					jv_free(url);
					jv_free(r);
				}
				iv_buf_puts(o, "</p>\n");
			}
			iv_buf_puts(o, "</div>\n");
			jv_free(res);
			jv_free(tasks);
			jv_free(prio);
			jv_free(p);
		}
	iv_buf_printf(o, "<h3>%s</h3>\n<ul class=\"tasks\">\n", iv_tr(lang, "Milestones", "里程碑"));
	if (jv_get_kind(ms) == JV_KIND_ARRAY)
		jv_array_foreach(ms, i, m) {
			iv_buf_printf(o, "<li>%s ", iv_jbool(m, "completed", 0) ? "&#x2611;" : "&#x2610;");
			put_html(o, m, "deadline");
			iv_buf_puts(o, " &middot; ");
			put_html(o, m, "title");
			iv_buf_puts(o, "</li>\n");
			jv_free(m);
		}
	iv_buf_puts(o, "</ul>\n");
	jv_free(ms);
	jv_free(paths);
	jv_free(goals);
	jv_free(data);
}

void
iv_plan_write(iv_buf *o, jv plan, int format, const iv_chart_style *st, const char *lang)
{
	jv pl;

	(void)st;
	if (format == IV_FMT_JSON) {
		put_json(o, plan);
		return;
	}
	if (jv_get_kind(plan) != JV_KIND_OBJECT) {
		iv_buf_puts(o, iv_tr(lang, "No learning plan yet: one comes with the summary of a finished interview.\n",
				     "还没有学习计划：完成一次面试后会生成。\n"));
		return;
	}
	{
		/* A plan speaks the language of the interview it came from. */
		jv data = iv_jget(plan, "plan_data");

		pl = iv_jget(data, "lang");
		if (jv_get_kind(pl) == JV_KIND_STRING)
			lang = !strcmp(jv_string_value(pl), "zh") ? "zh" : "en";
		jv_free(pl);
		jv_free(data);
	}
	if (format == IV_FMT_HTML) {
		plan_html(o, plan, lang);
		return;
	}
	plan_head(o, plan, lang, format == IV_FMT_MD);
	plan_body(o, plan, lang, format == IV_FMT_MD);
}
