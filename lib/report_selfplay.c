/* report_selfplay.c — the selfplay report as one HTML page. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart.h"
#include "clock.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "report.h"
#include "report_selfplay.h"

/* The coach's figures: the row's key, and its name. */
static const struct {
	const char *key, *en, *zh;
} figures[] = {
	{ "ordering", "Ordered strong > average > weak", "排序正确 强 > 中 > 弱" },
	{ "follow_up", "Follow-up on a missed key point", "漏掉要点后追问" },
	{ "targeting", "Later questions on first weak topics", "后续问题针对首轮弱项" },
	{ "plan_focus", "Plan names the weak topics", "计划涵盖弱项" },
};
#define NFIG (int)(sizeof figures / sizeof *figures)

static void
put_pct(iv_buf *o, jv row, const char *key)
{
	jv v = iv_jget(row, key);

	if (jv_get_kind(v) == JV_KIND_NUMBER)
		iv_buf_printf(o, "<td class=\"num\">%.0f%%</td>", jv_number_value(v) * 100);
	else
		iv_buf_puts(o, "<td class=\"num dim\">&ndash;</td>");
	jv_free(v);
}

static void
put_str(iv_buf *o, jv row, const char *key)
{
	jv v = iv_jget(row, key);

	if (jv_get_kind(v) == JV_KIND_STRING)
		iv_html_escape(o, jv_string_value(v));
	jv_free(v);
}

/* One run (rows sharing a label; borrowed). */
static void
run_html(iv_buf *o, jv rows, const char *lang)
{
	int n = jv_array_length(jv_copy(rows)), nr = 0;
	const char **names = iv_xcalloc((size_t)n + 1, sizeof *names);
	double *means = iv_xcalloc((size_t)n + 1, sizeof *means);
	double **series = iv_xcalloc((size_t)n + 1, sizeof *series);
	char **xl;
	jv first = jv_array_get(jv_copy(rows), 0);

	iv_buf_puts(o, "<section><h2>");
	put_str(o, first, "label");
	iv_buf_puts(o, "</h2>\n<p class=\"sub\">");
	iv_buf_printf(o, "%s ", iv_tr(lang, "Engine", "引擎"));
	put_str(o, first, "engine");
	{
		jv m = iv_jget(first, "model");

		if (jv_get_kind(m) == JV_KIND_STRING) {
			iv_buf_puts(o, " &middot; ");
			iv_html_escape(o, jv_string_value(m));
		}
		jv_free(m);
	}
	iv_buf_printf(o, " &middot; %s %.0f &middot; %s %.0f</p>\n", iv_tr(lang, "seed", "种子"),
		      iv_jnum(first, "seed", 0), iv_tr(lang, "questions per interview", "每场题数"),
		      iv_jnum(first, "questions", 0));
	jv_array_foreach(rows, i, r) {
		jv rounds = iv_jget(r, "rounds");
		int k = jv_array_length(jv_copy(rounds));

		if (k > nr)
			nr = k;
		jv p = iv_jget(r, "persona");

		names[i] = iv_xstrdup(iv_jstr(p));
		jv_free(p);
		means[i] = iv_jnum(r, "mean", NAN);
		series[i] = iv_xcalloc((size_t)(k > 0 ? k : 1) + 10, sizeof **series);
		for (int j = 0; j < k + 10; j++)
			series[i][j] = NAN;
		jv_array_foreach(rounds, j, x) {
			if (jv_get_kind(x) == JV_KIND_NUMBER)
				series[i][j] = jv_number_value(x);
			jv_free(x);
		}
		jv_free(rounds);
		jv_free(r);
	}
	xl = iv_xcalloc((size_t)nr + 1, sizeof *xl);
	for (int j = 0; j < nr; j++)
		xl[j] = iv_xasprintf(!strcmp(lang, "zh") ? "第 %d 场" : "Interview %d", j + 1);
	iv_buf_printf(o, "<h3>%s</h3>\n", iv_tr(lang, "Overall score per interview", "每场面试的综合得分"));
	iv_svg_lines(o, (const char *const *)xl, nr, (const double *const *)series, names, n, 10, 860, 300);
	iv_buf_printf(o, "<h3>%s</h3>\n", iv_tr(lang, "Mean answer score", "回答平均分"));
	iv_svg_hbars(o, names, means, n, 10, 860);
	iv_buf_printf(o, "<h3>%s</h3>\n<table>\n<tr><th>%s</th>", iv_tr(lang, "How the coach did", "教练的表现"),
		      iv_tr(lang, "persona", "角色"));
	for (int f = 0; f < NFIG; f++)
		iv_buf_printf(o, "<th>%s</th>", iv_tr(lang, figures[f].en, figures[f].zh));
	iv_buf_printf(o, "<th>%s</th></tr>\n", iv_tr(lang, "Rising every interview", "每场都进步"));
	jv_array_foreach(rows, i, r) {
		jv rising = iv_jget(r, "rising");

		iv_buf_puts(o, "<tr><td>");
		iv_html_escape(o, names[i]);
		iv_buf_puts(o, "</td>");
		for (int f = 0; f < NFIG; f++)
			put_pct(o, r, figures[f].key);
		iv_buf_printf(o, "<td>%s</td></tr>\n", jv_get_kind(rising) == JV_KIND_TRUE ? iv_tr(lang, "yes", "是")
			      : jv_get_kind(rising) == JV_KIND_FALSE ? iv_tr(lang, "no", "否") : "&ndash;");
		jv_free(rising);
		jv_free(r);
	}
	iv_buf_puts(o, "</table>\n</section>\n");
	for (int i = 0; i < n; i++) {
		free((char *)names[i]);
		free(series[i]);
	}
	for (int j = 0; j < nr; j++)
		free(xl[j]);
	free(xl);
	free(names);
	free(means);
	free(series);
	jv_free(first);
}

void
iv_selfplay_html(iv_buf *o, jv rows)
{
	jv first = jv_array_get(jv_copy(rows), 0), labels = jv_array();
	jv l0 = jv_is_valid(first) ? iv_jget(first, "lang") : jv_null();
	const char *lang = !strcmp(iv_jstr(l0), "zh") ? "zh" : "en";
	const char *title = iv_tr(lang, "Selfplay: how the coach grades and steers", "自我对练：教练的评分与引导");

	jv_free(l0);
	jv_free(first);
	iv_buf_printf(o, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		      "style-src 'unsafe-inline'; img-src data:\">\n<title>%s</title>\n<style>%s</style>\n"
		      "</head>\n<body>\n<header><h1>%s</h1></header>\n",
		      !strcmp(lang, "zh") ? "zh-CN" : "en", title, iv_report_css(), title);
	jv_array_foreach(rows, i, r) {
		jv l = iv_jget(r, "label");
		int seen = 0;

		jv_array_foreach(labels, j, x) {
			seen |= jv_equal(x, jv_copy(l));
		}
		if (!seen) {
			jv mine = jv_array();

			jv_array_foreach(rows, j, s) {
				jv sl = iv_jget(s, "label");

				if (jv_equal(sl, jv_copy(l)))
					mine = jv_array_append(mine, s);
				else
					jv_free(s);
			}
			run_html(o, mine, lang);
			jv_free(mine);
			labels = jv_array_append(labels, jv_copy(l));
		}
		jv_free(l);
		jv_free(r);
	}
	iv_buf_printf(o, "<footer>iv selfplay &middot; %s</footer>\n</body>\n</html>\n", iv_now());
	jv_free(labels);
}
