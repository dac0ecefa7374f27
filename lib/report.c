#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "clock.h"
#include "config.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "plan.h"
#include "report.h"
#include "report_delivery.h"
#include "session.h"
#include "store.h"
#include "summary.h"
#include "utf8.h"

#define BAR_CELLS 20
#define TREE_BAR_CELLS 10

int
iv_report_format(const char *name)
{
	if (!strcmp(name, "text"))
		return IV_FMT_TEXT;
	if (!strcmp(name, "md") || !strcmp(name, "markdown"))
		return IV_FMT_MD;
	if (!strcmp(name, "json"))
		return IV_FMT_JSON;
	if (!strcmp(name, "html"))
		return IV_FMT_HTML;
	return -1;
}

const char *
iv_user_lang(sqlite3 *db, long long user_id)
{
	const char *conf = iv_config_str("lang", "auto");
	jv row;
	const char *lang = "en";

	if (!strcmp(conf, "zh") || !strcmp(conf, "en"))
		return conf;
	row = iv_db_row(db, "SELECT lang FROM interview_sessions WHERE user_id = ? AND lang IS NOT NULL "
			"ORDER BY round_number DESC LIMIT 1", JV_ARRAY(jv_number((double)user_id)));
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		jv l = iv_jget(row, "lang");

		lang = !strcmp(iv_jstr(l), "zh") ? "zh" : "en";
		jv_free(l);
	}
	jv_free(row);
	return lang;
}

/* --- data --- */

static jv
day_of(jv session)
{
	jv t = iv_jget(session, "end_time");

	if (jv_get_kind(t) != JV_KIND_STRING) {
		jv_free(t);
		t = iv_jget(session, "start_time");
	}
	if (jv_get_kind(t) != JV_KIND_STRING) {
		jv_free(t);
		return jv_null();
	}
	{
		jv d = jv_string_sized(jv_string_value(t), jv_string_length_bytes(jv_copy(t)) < 10
					? jv_string_length_bytes(jv_copy(t)) : 10);

		jv_free(t);
		return d;
	}
}

/* The stored summary of a session (borrowed row), or one worked out now. */
static jv
summary_of(sqlite3 *db, long long user_id, jv session)
{
	jv s = iv_jget(session, "summary"), r;

	if (jv_get_kind(s) == JV_KIND_OBJECT)
		return s;
	jv_free(s);
	r = iv_summarize(db, user_id, session, IV_SUM_NO_PLAN);
	if (!jv_is_valid(r))
		return r;
	s = iv_jget(r, "summary");
	jv_free(r);
	return s;
}

static jv
trend_point(jv session, jv summary)
{
	return JV_OBJECT(jv_string("round"), iv_jget(session, "round_number"),
			 jv_string("session_id"), iv_jget(session, "id"),
			 jv_string("date"), day_of(session),
			 jv_string("overall_score"), iv_jget(summary, "overall_score"),
			 jv_string("dimensions"), iv_jget(summary, "dimensions"));
}

jv
iv_progress_data(sqlite3 *db, long long user_id, int max_round)
{
	jv rows = iv_db_query(db, "SELECT " IV_SESSION_COLS " FROM interview_sessions WHERE user_id = ?1 "
			      "AND status = 'completed' AND (?2 = 0 OR round_number <= ?2) ORDER BY round_number",
			      JV_ARRAY(jv_number((double)user_id), jv_number(max_round)));
	jv out = jv_array();

	if (!jv_is_valid(rows)) {
		jv_free(out);
		return rows;
	}
	jv_array_foreach(rows, i, s) {
		jv sum = jv_is_valid(out) ? summary_of(db, user_id, s) : jv_null();

		if (!jv_is_valid(sum)) {
			jv_free(out);
			out = sum;
		} else if (jv_is_valid(out)) {
			out = jv_array_append(out, trend_point(s, sum));
			jv_free(sum);
		} else {
			jv_free(sum);
		}
		jv_free(s);
	}
	jv_free(rows);
	return out;
}

jv
iv_skills_data(sqlite3 *db, long long user_id, const char *lang)
{
	jv latest = iv_assess_latest(db, user_id, 0);

	if (!jv_is_valid(latest))
		return latest;
	return iv_skill_tree(latest, lang, iv_now_t(), (int)iv_config_int("skills.due_days", 14),
			     iv_config_num("skills.weak_below", 6));
}

static jv
session_brief(jv s)
{
	jv o = JV_OBJECT(jv_string("id"), iv_jget(s, "id"), jv_string("round"), iv_jget(s, "round_number"),
			 jv_string("status"), iv_jget(s, "status"), jv_string("session_type"), iv_jget(s, "session_type"));

	o = jv_object_set(o, jv_string("start_time"), iv_jget(s, "start_time"));
	o = jv_object_set(o, jv_string("end_time"), iv_jget(s, "end_time"));
	return jv_object_set(o, jv_string("duration_seconds"), iv_jget(s, "duration_seconds"));
}

jv
iv_report_data(sqlite3 *db, long long user_id, long long id)
{
	jv s, st, r, out, trend, skills, plan, stored;
	int round;
	const char *lang;

	if (id)
		s = iv_session_get(db, user_id, id);
	else
		s = iv_db_row(db, "SELECT " IV_SESSION_COLS " FROM interview_sessions WHERE user_id = ? AND "
			      "status = 'completed' ORDER BY round_number DESC LIMIT 1",
			      JV_ARRAY(jv_number((double)user_id)));
	if (!jv_is_valid(s))
		return s;
	if (jv_get_kind(s) != JV_KIND_OBJECT) {
		jv_free(s);
		return jv_invalid_with_msg(id ? jv_string_fmt("no session %lld", id)
					      : jv_string("no completed interview yet (run 'iv interview' first)"));
	}
	st = iv_jget(s, "status");
	if (!strcmp(iv_jstr(st), "cancelled")) {
		jv_free(st);
		jv_free(s);
		return jv_invalid_with_msg(jv_string_fmt("session %lld was cancelled; it has no report", id));
	}
	jv_free(st);
	round = (int)iv_jnum(s, "round_number", 1);
	stored = iv_jget(s, "summary");
	if (jv_get_kind(stored) == JV_KIND_OBJECT) {
		jv as = iv_db_query(db, "SELECT skill_name, skill_category, skill_path, score, previous_score, "
				    "score_change, assessment_data FROM skill_assessments WHERE session_id = ? "
				    "ORDER BY id", JV_ARRAY(iv_jget(s, "id")));

		plan = iv_plan_of_session(db, user_id, (long long)iv_jnum(s, "id", 0));
		r = JV_OBJECT(jv_string("summary"), jv_copy(stored), jv_string("skill_updates"), as,
			      jv_string("learning_plan"), plan);
	} else {
		r = iv_summarize(db, user_id, s, 0);
	}
	jv_free(stored);
	if (!jv_is_valid(r)) {
		jv_free(s);
		return r;
	}
	{
		jv sum = iv_jget(r, "summary"), l = iv_jget(sum, "lang");

		lang = !strcmp(iv_jstr(l), "zh") ? "zh" : "en";
		jv_free(l);
		trend = iv_progress_data(db, user_id, round);
		if (jv_is_valid(trend)) {
			jv st2 = iv_jget(s, "status");

			/* A session not finished yet shows as the last point. */
			if (strcmp(iv_jstr(st2), "completed"))
				trend = jv_array_append(trend, trend_point(s, sum));
			jv_free(st2);
		}
		jv_free(sum);
	}
	{
		jv latest = iv_assess_latest(db, user_id, round);

		skills = jv_is_valid(latest)
			? iv_skill_tree(latest, lang, iv_now_t(), (int)iv_config_int("skills.due_days", 14),
					iv_config_num("skills.weak_below", 6))
			: latest;
	}
	if (!jv_is_valid(trend) || !jv_is_valid(skills)) {
		jv err = jv_is_valid(trend) ? skills : trend;

		jv_free(jv_is_valid(trend) ? trend : skills);
		jv_free(r);
		jv_free(s);
		return err;
	}
	out = JV_OBJECT(jv_string("session"), session_brief(s), jv_string("lang"), jv_string(lang),
			jv_string("summary"), iv_jget(r, "summary"), jv_string("skill_updates"), iv_jget(r, "skill_updates"),
			jv_string("learning_plan"), iv_jget(r, "learning_plan"));
	out = jv_object_set(out, jv_string("skills"), skills);
	out = jv_object_set(out, jv_string("trend"), trend);
	out = jv_object_set(out, jv_string("delivery"), iv_report_delivery_data(db, user_id, (long long)iv_jnum(s, "id", 0), round, lang));
	jv_free(r);
	jv_free(s);
	return out;
}

/* --- shared pieces --- */

static const struct {
	const char *key, *en, *zh;
} dims[] = {
	{ "technical_skills", "Technical skills", "技术能力" },
	{ "communication", "Communication", "沟通表达" },
	{ "problem_solving", "Problem solving", "问题解决" },
	{ "technical_accuracy", "Technical accuracy", "技术准确性" },
	{ "communication_clarity", "Clarity", "表达清晰度" },
	{ "depth_breadth", "Depth and breadth", "深度与广度" },
};
#define NDIMS ((int)(sizeof dims / sizeof dims[0]))

static const char *
prio_name(const char *p, const char *lang)
{
	if (!strcmp(p, "high"))
		return iv_tr(lang, "high", "高");
	if (!strcmp(p, "medium"))
		return iv_tr(lang, "medium", "中");
	return iv_tr(lang, "low", "低");
}

/* s, then spaces up to width columns. */
static void
pad(iv_buf *b, const char *s, size_t width)
{
	size_t w = iv_utf8_width(s);

	iv_buf_puts(b, s);
	while (w++ < width)
		iv_buf_putc(b, ' ');
}

/* obj[key] as a string ("" when it is not one), appended. */
static void
put(iv_buf *b, jv obj, const char *key)
{
	jv v = iv_jget(obj, key);

	iv_buf_puts(b, iv_jstr(v));
	jv_free(v);
}

static void
put_html(iv_buf *b, jv obj, const char *key)
{
	jv v = iv_jget(obj, key);

	iv_html_escape(b, iv_jstr(v));
	jv_free(v);
}

static int
is_num(jv obj, const char *key)
{
	jv v = iv_jget(obj, key);
	int yes = jv_get_kind(v) == JV_KIND_NUMBER;

	jv_free(v);
	return yes;
}

/* " (turns 4, 6)" for an item's turns. */
static void
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
static double
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

static const char *
series_name(int s, const char *lang)
{
	return s == 0 ? iv_tr(lang, "Overall", "综合得分") : iv_tr(lang, dims[s - 1].en, dims[s - 1].zh);
}

static void
put_json(iv_buf *b, jv v)
{
	jv s = jv_dump_string(jv_copy(v), 0);

	iv_buf_puts(b, jv_string_value(s));
	iv_buf_putc(b, '\n');
	jv_free(s);
}

static const char *
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

static const char *const item_sections[] = { "strengths", "weaknesses", "improvement_suggestions" };

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

static void
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

static void
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

static void
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

/* --- progress --- */

static void
progress_text(iv_buf *o, jv trend, const iv_chart_style *st, const char *lang)
{
	int n = jv_array_length(jv_copy(trend));
	double *v = iv_xcalloc((size_t)(n ? n : 1), sizeof *v);

	if (n == 0) {
		iv_buf_puts(o, iv_tr(lang, "No completed interviews yet.\n", "还没有完成的面试。\n"));
		free(v);
		return;
	}
	for (int s = 0; s <= NDIMS; s++) {
		double first = NAN, last = NAN;

		for (int i = 0; i < n; i++) {
			jv row = jv_array_get(jv_copy(trend), i);

			v[i] = series_value(row, s);
			if (!isnan(v[i])) {
				if (isnan(first))
					first = v[i];
				last = v[i];
			}
			jv_free(row);
		}
		iv_buf_puts(o, "  ");
		pad(o, series_name(s, lang), 20);
		iv_chart_spark(o, st, v, n, 0, 10);
		iv_buf_puts(o, "  ");
		if (isnan(last)) {
			iv_buf_puts(o, "-\n");
			continue;
		}
		if (n > 1 && !isnan(first)) {
			iv_buf_printf(o, "%4.1f -> %4.1f  ", first, last);
			iv_chart_change(o, st, last - first, 1, "");
		} else {
			iv_buf_printf(o, "%4.1f", last);
		}
		iv_buf_putc(o, '\n');
	}
	iv_buf_putc(o, '\n');
	iv_buf_printf(o, "  %s  %-10s  %s\n", iv_tr(lang, "Round", " 轮次"), iv_tr(lang, "Date", "日期"),
		      series_name(0, lang));
	jv_array_foreach(trend, i, row) {
		jv date = iv_jget(row, "date");

		iv_buf_printf(o, "  %5.0f  %-10s  ", iv_jnum(row, "round", 0), iv_jstr(date));
		if (is_num(row, "overall_score")) {
			iv_chart_bar(o, st, iv_jnum(row, "overall_score", 0), 10, BAR_CELLS);
			iv_buf_printf(o, " %4.1f\n", iv_jnum(row, "overall_score", 0));
		} else {
			iv_buf_puts(o, "-\n");
		}
		jv_free(date);
		jv_free(row);
	}
	free(v);
}

static void
progress_md(iv_buf *o, jv trend, const char *lang)
{
	if (jv_array_length(jv_copy(trend)) == 0) {
		iv_buf_puts(o, iv_tr(lang, "No completed interviews yet.\n", "还没有完成的面试。\n"));
		return;
	}
	iv_buf_printf(o, "| %s | %s |", iv_tr(lang, "Round", "轮次"), iv_tr(lang, "Date", "日期"));
	for (int s = 0; s <= NDIMS; s++)
		iv_buf_printf(o, " %s |", series_name(s, lang));
	iv_buf_puts(o, "\n|---|---|");
	for (int s = 0; s <= NDIMS; s++)
		iv_buf_puts(o, "---:|");
	iv_buf_putc(o, '\n');
	jv_array_foreach(trend, i, row) {
		iv_buf_printf(o, "| %.0f | ", iv_jnum(row, "round", 0));
		put(o, row, "date");
		iv_buf_puts(o, " |");
		for (int s = 0; s <= NDIMS; s++) {
			double v = series_value(row, s);

			if (isnan(v))
				iv_buf_puts(o, " - |");
			else
				iv_buf_printf(o, " %.1f |", v);
		}
		iv_buf_putc(o, '\n');
		jv_free(row);
	}
}

static void
progress_svg(iv_buf *o, jv trend, const char *lang)
{
	int n = jv_array_length(jv_copy(trend));
	double *vals = iv_xcalloc((size_t)(n ? n : 1) * (NDIMS + 1), sizeof *vals);
	const double *series[NDIMS + 1];
	const char *names[NDIMS + 1];
	char **labels = iv_xcalloc((size_t)(n ? n : 1), sizeof *labels);

	for (int s = 0; s <= NDIMS; s++) {
		series[s] = vals + (size_t)s * (size_t)n;
		names[s] = series_name(s, lang);
	}
	jv_array_foreach(trend, i, row) {
		labels[i] = iv_xasprintf(iv_tr(lang, "Round %.0f", "第%.0f轮"), iv_jnum(row, "round", 0));
		for (int s = 0; s <= NDIMS; s++)
			vals[(size_t)s * (size_t)n + (size_t)i] = series_value(row, s);
		jv_free(row);
	}
	iv_svg_lines(o, (const char *const *)labels, n, series, names, NDIMS + 1, 10, 860, 340);
	for (int i = 0; i < n; i++)
		free(labels[i]);
	free(labels);
	free(vals);
}

void
iv_progress_write(iv_buf *o, jv trend, int format, const iv_chart_style *st, const char *lang)
{
	switch (format) {
	case IV_FMT_JSON:
		put_json(o, trend);
		break;
	case IV_FMT_MD:
		iv_buf_printf(o, "# %s\n\n", iv_tr(lang, "Progress", "进步曲线"));
		progress_md(o, trend, lang);
		break;
	case IV_FMT_HTML:
		progress_svg(o, trend, lang);
		break;
	default:
		iv_buf_printf(o, iv_tr(lang, "Scores across completed interviews: %d\n", "已完成面试的得分：%d次\n"),
			      jv_array_length(jv_copy(trend)));
		progress_text(o, trend, st, lang);
	}
}

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
static void
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
static void
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
