#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "delivery.h"
#include "delivery_advice.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "report_format.h"
#include "report_delivery.h"
#include "store.h"
#include "utf8.h"

#define BAR_CELLS 12

/* --- data --- */

static jv
day(jv row)
{
	jv t = iv_jget(row, "end_time");

	if (jv_get_kind(t) != JV_KIND_STRING) {
		jv_free(t);
		t = iv_jget(row, "start_time");
	}
	if (jv_get_kind(t) != JV_KIND_STRING) {
		jv_free(t);
		return jv_null();
	}
	{
		jv d = jv_string_fmt("%.10s", jv_string_value(t));

		jv_free(t);
		return d;
	}
}

/* One row per round from rows of (session_id, round, times, metadata),
 * in order. */
static jv
rounds_of(jv rows)
{
	jv out = jv_array(), ds = jv_array(), head = jv_null();
	double cur = -1;

	jv_array_foreach(rows, i, r) {
		jv m = iv_jget(r, "metadata");

		if (iv_jnum(r, "session_id", 0) != cur) {
			if (jv_get_kind(head) == JV_KIND_OBJECT)
				out = jv_array_append(out, jv_object_merge(head, iv_delivery_aggregate(ds)));
			else
				jv_free(head);
			jv_free(ds);
			ds = jv_array();
			cur = iv_jnum(r, "session_id", 0);
			head = JV_OBJECT(jv_string("round"), iv_jget(r, "round"), jv_string("session_id"),
					 iv_jget(r, "session_id"), jv_string("date"), day(r));
		}
		ds = jv_array_append(ds, iv_jget(m, "delivery"));
		jv_free(m);
		jv_free(r);
	}
	if (jv_get_kind(head) == JV_KIND_OBJECT)
		out = jv_array_append(out, jv_object_merge(head, iv_delivery_aggregate(ds)));
	else
		jv_free(head);
	jv_free(ds);
	return out;
}

static jv
answer_row(jv r, const char *lang)
{
	jv m = iv_jget(r, "metadata"), d = iv_jget(m, "delivery"), qm = iv_jget(r, "qmeta");
	jv f = iv_jget(d, "fillers"), p = iv_jget(d, "pauses"), l = iv_jget(d, "length"), topic = iv_jget(qm, "topic");
	const char *tname = jv_get_kind(topic) == JV_KIND_STRING ? iv_bank_topic_name(jv_string_value(topic), lang) : NULL;
	jv o = JV_OBJECT(jv_string("turn"), iv_jget(r, "seq"), jv_string("question"), iv_jget(qm, "round"),
			 jv_string("follow_up"), jv_bool(iv_jbool(qm, "follow_up", 0)),
			 jv_string("topic"), tname ? jv_string(tname) : jv_copy(topic));

	o = jv_object_set(o, jv_string("unit"), iv_jget(d, "unit"));
	o = jv_object_set(o, jv_string("wpm"), iv_jget(d, "wpm"));
	o = jv_object_set(o, jv_string("pace"), iv_jget(d, "pace"));
	o = jv_object_set(o, jv_string("fillers"), jv_number(iv_jnum(f, "count", 0)));
	o = jv_object_set(o, jv_string("found"), iv_jget(f, "found"));
	o = jv_object_set(o, jv_string("fillers_per_min"), jv_number(iv_jnum(f, "per_min", 0)));
	o = jv_object_set(o, jv_string("pauses"), jv_number(iv_jnum(p, "count", 0)));
	o = jv_object_set(o, jv_string("longest_pause_s"), jv_number(iv_jnum(p, "count", 0) > 0 ? iv_jnum(p, "longest_s", 0) : 0));
	o = jv_object_set(o, jv_string("seconds"), jv_number(iv_jnum(l, "seconds", 0)));
	o = jv_object_set(o, jv_string("length"), iv_jget(l, "verdict"));
	jv_free(topic);
	jv_free(l);
	jv_free(p);
	jv_free(f);
	jv_free(qm);
	jv_free(d);
	jv_free(m);
	return o;
}

jv
iv_report_delivery_data(sqlite3 *db, long long user_id, long long sid, int round, const char *lang)
{
	jv rows, ans, out, answers = jv_array(), ds = jv_array(), agg;

	rows = iv_db_query(db, "SELECT s.id AS session_id, s.round_number AS round, s.start_time AS start_time, "
			   "s.end_time AS end_time, c.metadata AS metadata FROM conversations c "
			   "JOIN interview_sessions s ON s.id = c.session_id "
			   "WHERE s.user_id = ?1 AND c.role = 'candidate' AND json_type(c.metadata, '$.delivery') = 'object' "
			   "AND (s.id = ?2 OR (s.status = 'completed' AND s.round_number <= ?3)) "
			   "ORDER BY s.round_number, s.id, c.sequence_number",
			   JV_ARRAY(jv_number((double)user_id), jv_number((double)sid), jv_number(round)));
	if (!jv_is_valid(rows) || jv_array_length(jv_copy(rows)) == 0) {
		jv_free(answers);
		jv_free(ds);
		jv_free(rows);
		return jv_null();
	}
	ans = iv_db_query(db, "SELECT c.sequence_number AS seq, c.metadata AS metadata, q.metadata AS qmeta "
			  "FROM conversations c LEFT JOIN conversations q ON q.id = c.reply_to "
			  "WHERE c.session_id = ? AND c.role = 'candidate' AND json_type(c.metadata, '$.delivery') = 'object' "
			  "ORDER BY c.sequence_number", JV_ARRAY(jv_number((double)sid)));
	if (!jv_is_valid(ans)) {
		jv_free(rows);
		jv_free(answers);
		jv_free(ds);
		jv_free(ans);
		return jv_null();
	}
	jv_array_foreach(ans, i, r) {
		jv m = iv_jget(r, "metadata");

		ds = jv_array_append(ds, iv_jget(m, "delivery"));
		answers = jv_array_append(answers, answer_row(r, lang));
		jv_free(m);
		jv_free(r);
	}
	jv_free(ans);
	agg = iv_delivery_aggregate(ds);
	jv_free(ds);
	out = JV_OBJECT(jv_string("rounds"), rounds_of(rows), jv_string("answers"), answers,
			jv_string("issues"), jv_get_kind(agg) == JV_KIND_OBJECT ? iv_delivery_issues(agg, lang) : jv_array());
	jv_free(agg);
	jv_free(rows);
	return out;
}

/* --- rendering --- */

static const char *
unit_name(jv row, const char *lang)
{
	jv u = iv_jget(row, "unit");
	int chars = jv_get_kind(u) == JV_KIND_STRING && !strcmp(jv_string_value(u), "chars");

	jv_free(u);
	return chars ? iv_tr(lang, "chars/min", "字/分钟") : iv_tr(lang, "words/min", "词/分钟");
}

static const char *
verdict_name(jv row, const char *key, const char *lang)
{
	jv v = iv_jget(row, key);
	const char *s = jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : "";
	const char *out = !strcmp(s, "slow") ? iv_tr(lang, "slow", "偏慢") : !strcmp(s, "fast") ? iv_tr(lang, "fast", "偏快")
			: !strcmp(s, "short") ? iv_tr(lang, "short", "偏短") : !strcmp(s, "long") ? iv_tr(lang, "long", "偏长")
			: !strcmp(s, "ok") ? iv_tr(lang, "ok", "合适") : "-";

	jv_free(v);
	return out;
}

static void
pad(iv_buf *b, const char *s, size_t width)
{
	size_t w = iv_utf8_width(s);

	iv_buf_puts(b, s);
	while (w++ < width)
		iv_buf_putc(b, ' ');
}

/* The scales of the three charts: the largest value, or the range's top. */
static void
scales(jv rounds, double *pace_max, double *fill_max, double *pause_max)
{
	*pace_max = 0;
	*fill_max = iv_delivery_setting("weak", "fillers_per_min", 3) * 2;
	*pause_max = 2;
	jv_array_foreach(rounds, i, r) {
		jv pr = iv_jget(r, "pace_range"), hi = jv_array_get(jv_copy(pr), 1);

		if (jv_get_kind(hi) == JV_KIND_NUMBER && jv_number_value(hi) * 1.25 > *pace_max)
			*pace_max = jv_number_value(hi) * 1.25;
		*pace_max = fmax(*pace_max, iv_jnum(r, "wpm", 0));
		*fill_max = fmax(*fill_max, iv_jnum(r, "fillers_per_min", 0));
		*pause_max = fmax(*pause_max, iv_jnum(r, "pauses_per_answer", 0));
		jv_free(hi);
		jv_free(pr);
		jv_free(r);
	}
	if (*pace_max <= 0)
		*pace_max = 200;
}

/* "Q2" or "Q2+" (a follow-up). */
static void
question_label(iv_buf *b, jv a, const char *lang)
{
	iv_buf_printf(b, iv_tr(lang, "Q%.0f%s", "第%.0f题%s"), iv_jnum(a, "question", 0),
		      iv_jbool(a, "follow_up", 0) ? "+" : "");
}

static void
found_text(iv_buf *b, jv a, const char *lang)
{
	jv f = iv_jget(a, "found");
	int first = 1;

	if (jv_get_kind(f) == JV_KIND_OBJECT)
		jv_object_foreach(f, k, v) {
			iv_buf_printf(b, "%s%s", first ? iv_tr(lang, " (", "（") : iv_tr(lang, ", ", "、"), jv_string_value(k));
			if (jv_get_kind(v) == JV_KIND_NUMBER && jv_number_value(v) > 1)
				iv_buf_printf(b, " x%.0f", jv_number_value(v));
			first = 0;
			jv_free(k);
			jv_free(v);
		}
	if (!first)
		iv_buf_puts(b, iv_tr(lang, ")", "）"));
	jv_free(f);
}

static void
issues_lines(iv_buf *o, jv issues, const char *pre)
{
	if (jv_get_kind(issues) == JV_KIND_ARRAY)
		jv_array_foreach(issues, i, it) {
			jv t = iv_jget(it, "text");

			iv_buf_printf(o, "%s%s\n", pre, iv_jstr(t));
			jv_free(t);
			jv_free(it);
		}
}

static void
delivery_text(iv_buf *o, jv d, const iv_chart_style *st, const char *lang)
{
	jv rounds = iv_jget(d, "rounds"), answers = iv_jget(d, "answers"), issues = iv_jget(d, "issues");
	double pmax, fmaxv, smax;
	iv_buf cell = IV_BUF_INIT;

	scales(rounds, &pmax, &fmaxv, &smax);
	iv_buf_putc(o, '\n');
	iv_chart_paint(o, st, IV_COLOR_BOLD, iv_tr(lang, "Delivery (spoken answers)", "表达（语音回答）"));
	iv_buf_putc(o, '\n');
	iv_buf_puts(o, "  ");
	pad(o, iv_tr(lang, "Round", "轮次"), 7);
	pad(o, iv_tr(lang, "Pace", "语速"), BAR_CELLS + 24);
	pad(o, iv_tr(lang, "Fillers/min", "口头禅/分钟"), BAR_CELLS + 8);
	iv_buf_puts(o, iv_tr(lang, "Long pauses/answer\n", "长停顿/每题\n"));
	jv_array_foreach(rounds, i, r) {
		iv_buf_printf(&cell, "#%.0f", iv_jnum(r, "round", 0));
		iv_buf_puts(o, "  ");
		pad(o, cell.s, 7);
		iv_buf_reset(&cell);
		iv_chart_bar(o, st, iv_jnum(r, "wpm", 0), pmax, BAR_CELLS);
		iv_buf_printf(&cell, " %.0f %s %s", iv_jnum(r, "wpm", 0), unit_name(r, lang), verdict_name(r, "pace", lang));
		pad(o, cell.s, 24);
		iv_buf_reset(&cell);
		iv_chart_bar(o, st, iv_jnum(r, "fillers_per_min", 0), fmaxv, BAR_CELLS);
		iv_buf_printf(&cell, " %.1f", iv_jnum(r, "fillers_per_min", 0));
		pad(o, cell.s, 8);
		iv_buf_reset(&cell);
		iv_chart_bar(o, st, iv_jnum(r, "pauses_per_answer", 0), smax, BAR_CELLS / 2);
		iv_buf_printf(o, " %.1f\n", iv_jnum(r, "pauses_per_answer", 0));
		jv_free(r);
	}
	if (jv_array_length(jv_copy(answers)) > 0)
		iv_buf_puts(o, iv_tr(lang, "  This round, answer by answer:\n", "  本轮逐题：\n"));
	jv_array_foreach(answers, i, a) {
		iv_buf_puts(o, "    ");
		question_label(&cell, a, lang);
		pad(o, cell.s, 8);
		iv_buf_reset(&cell);
		iv_buf_printf(o, iv_tr(lang, "%.0f %s (%s), %.0f fillers", "%.0f %s（%s），口头禅%.0f个"),
			      iv_jnum(a, "wpm", 0), unit_name(a, lang), verdict_name(a, "pace", lang), iv_jnum(a, "fillers", 0));
		found_text(o, a, lang);
		iv_buf_printf(o, iv_tr(lang, ", %.0f long pauses", "，长停顿%.0f次"), iv_jnum(a, "pauses", 0));
		if (iv_jnum(a, "pauses", 0) > 0)
			iv_buf_printf(o, iv_tr(lang, " (longest %.1f s)", "（最长%.1f秒）"), iv_jnum(a, "longest_pause_s", 0));
		iv_buf_printf(o, iv_tr(lang, ", %.0f s (%s)\n", "，%.0f秒（%s）\n"), iv_jnum(a, "seconds", 0),
			      verdict_name(a, "length", lang));
		jv_free(a);
	}
	issues_lines(o, issues, "  - ");
	iv_buf_free(&cell);
	jv_free(issues);
	jv_free(answers);
	jv_free(rounds);
}

static void
delivery_md(iv_buf *o, jv d, const char *lang)
{
	jv rounds = iv_jget(d, "rounds"), answers = iv_jget(d, "answers"), issues = iv_jget(d, "issues");

	iv_buf_printf(o, "\n## %s\n\n", iv_tr(lang, "Delivery (spoken answers)", "表达（语音回答）"));
	iv_buf_printf(o, "| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---:|\n", iv_tr(lang, "Round", "轮次"),
		      iv_tr(lang, "Pace", "语速"), iv_tr(lang, "Fillers/min", "口头禅/分钟"),
		      iv_tr(lang, "Long pauses/answer", "长停顿/每题"), iv_tr(lang, "Spoken answers", "语音回答"));
	jv_array_foreach(rounds, i, r) {
		iv_buf_printf(o, "| %.0f | %.0f %s (%s) | %.1f | %.1f | %.0f |\n", iv_jnum(r, "round", 0),
			      iv_jnum(r, "wpm", 0), unit_name(r, lang), verdict_name(r, "pace", lang),
			      iv_jnum(r, "fillers_per_min", 0), iv_jnum(r, "pauses_per_answer", 0), iv_jnum(r, "answers", 0));
		jv_free(r);
	}
	if (jv_array_length(jv_copy(answers)) > 0) {
		iv_buf_printf(o, "\n| %s | %s | %s | %s | %s |\n|---|---:|---|---:|---:|\n", iv_tr(lang, "Answer", "回答"),
			      iv_tr(lang, "Pace", "语速"), iv_tr(lang, "Fillers", "口头禅"),
			      iv_tr(lang, "Long pauses", "长停顿"), iv_tr(lang, "Length", "时长"));
		jv_array_foreach(answers, i, a) {
			iv_buf_puts(o, "| ");
			question_label(o, a, lang);
			iv_buf_printf(o, " | %.0f %s (%s) | %.0f", iv_jnum(a, "wpm", 0), unit_name(a, lang),
				      verdict_name(a, "pace", lang), iv_jnum(a, "fillers", 0));
			found_text(o, a, lang);
			iv_buf_printf(o, " | %.0f | %.0f s (%s) |\n", iv_jnum(a, "pauses", 0), iv_jnum(a, "seconds", 0),
				      verdict_name(a, "length", lang));
			jv_free(a);
		}
	}
	if (jv_array_length(jv_copy(issues)) > 0)
		iv_buf_putc(o, '\n');
	issues_lines(o, issues, "- ");
	jv_free(issues);
	jv_free(answers);
	jv_free(rounds);
}

/* Three panels side by side: bars per round of pace (with the comfortable
 * range shaded), fillers a minute and long pauses an answer. */
static void
delivery_svg(iv_buf *o, jv rounds, const char *lang)
{
	const int W = 860, H = 190, gap = 24, top = 34, bottom = 26;
	const int pw = (W - 2 * gap) / 3, ph = H - top - bottom;
	int n = jv_array_length(jv_copy(rounds));
	double maxes[3], lo = 0, hi = 0;
	const char *titles[3] = { iv_tr(lang, "Pace (per minute)", "语速（每分钟）"),
				  iv_tr(lang, "Fillers per minute", "每分钟口头禅"),
				  iv_tr(lang, "Long pauses per answer", "每题长停顿") };
	const char *keys[3] = { "wpm", "fillers_per_min", "pauses_per_answer" };

	scales(rounds, &maxes[0], &maxes[1], &maxes[2]);
	{
		jv last = jv_array_get(jv_copy(rounds), n - 1), pr = iv_jget(last, "pace_range");
		jv a = jv_array_get(jv_copy(pr), 0), b = jv_array_get(jv_copy(pr), 1);

		if (jv_get_kind(a) == JV_KIND_NUMBER && jv_get_kind(b) == JV_KIND_NUMBER) {
			lo = jv_number_value(a);
			hi = jv_number_value(b);
		}
		jv_free(a);
		jv_free(b);
		jv_free(pr);
		jv_free(last);
	}
	iv_buf_printf(o, "<svg class=\"chart delivery\" role=\"img\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">",
		      W, H, W, H);
	for (int k = 0; k < 3; k++) {
		double x0 = k * (pw + gap), slot = (double)pw / n, bw = fmin(44, slot * 0.6);

		iv_buf_printf(o, "<text x=\"%.1f\" y=\"16\" class=\"value\">", x0);
		iv_html_escape(o, titles[k]);
		iv_buf_puts(o, "</text>");
		iv_buf_printf(o, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#9ca3af\"/>", x0, top + ph,
			      x0 + pw, top + ph);
		/* Where it is good: the comfortable pace, under the weak line. */
		if (k == 0 && hi > lo)
			iv_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"#dcfce7\"/>"
				      "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%.0f-%.0f</text>",
				      x0, top + ph - ph * hi / maxes[0], pw, ph * (hi - lo) / maxes[0],
				      x0 + pw - 2, top + ph - ph * hi / maxes[0] + 13, lo, hi);
		else if (k > 0) {
			double w = iv_delivery_setting("weak", k == 1 ? "fillers_per_min" : "pauses_per_answer", k == 1 ? 3 : 1);
			double y = top + ph - ph * fmin(w, maxes[k]) / maxes[k];

			iv_buf_printf(o, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b91c1c\" "
				      "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%.1f\" class=\"axis\" "
				      "text-anchor=\"end\">%g</text>", x0, y, x0 + pw, y, x0 + pw - 2, y - 3, w);
		}
		jv_array_foreach(rounds, i, r) {
			double v = iv_jnum(r, keys[k], 0), h = ph * fmin(v, maxes[k]) / maxes[k];
			double x = x0 + slot * i + (slot - bw) / 2;

			iv_buf_printf(o, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
				      x, top + ph - h, bw, h, iv_svg_color(k));
			iv_buf_printf(o, k ? "<text x=\"%.1f\" y=\"%.1f\" class=\"value\" text-anchor=\"middle\">%.1f</text>"
					   : "<text x=\"%.1f\" y=\"%.1f\" class=\"value\" text-anchor=\"middle\">%.0f</text>",
				      x + bw / 2, top + ph - h - 4, v);
			iv_buf_printf(o, "<text x=\"%.1f\" y=\"%d\" class=\"axis\" text-anchor=\"middle\">#%.0f</text>",
				      x + bw / 2, top + ph + 18, iv_jnum(r, "round", 0));
			jv_free(r);
		}
	}
	iv_buf_puts(o, "</svg>\n");
}

static void
delivery_html(iv_buf *o, jv d, const char *lang)
{
	jv rounds = iv_jget(d, "rounds"), answers = iv_jget(d, "answers"), issues = iv_jget(d, "issues");
	iv_buf t = IV_BUF_INIT;

	iv_buf_printf(o, "<section class=\"delivery\"><h2>%s</h2>\n", iv_tr(lang, "Delivery (spoken answers)", "表达（语音回答）"));
	if (jv_array_length(jv_copy(rounds)) > 0)
		delivery_svg(o, rounds, lang);
	if (jv_array_length(jv_copy(answers)) > 0) {
		iv_buf_printf(o, "<table class=\"delivery\">\n<tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th><th>%s</th></tr>\n",
			      iv_tr(lang, "Answer", "回答"), iv_tr(lang, "Pace", "语速"), iv_tr(lang, "Fillers", "口头禅"),
			      iv_tr(lang, "Long pauses", "长停顿"), iv_tr(lang, "Length", "时长"));
		jv_array_foreach(answers, i, a) {
			question_label(&t, a, lang);
			iv_buf_puts(o, "<tr><td>");
			iv_html_escape(o, t.s);
			iv_buf_reset(&t);
			iv_buf_printf(&t, "%.0f %s (%s)", iv_jnum(a, "wpm", 0), unit_name(a, lang), verdict_name(a, "pace", lang));
			iv_buf_puts(o, "</td><td class=\"num\">");
			iv_html_escape(o, t.s);
			iv_buf_reset(&t);
			iv_buf_printf(&t, "%.0f", iv_jnum(a, "fillers", 0));
			found_text(&t, a, lang);
			iv_buf_puts(o, "</td><td>");
			iv_html_escape(o, t.s);
			iv_buf_reset(&t);
			iv_buf_printf(o, "</td><td class=\"num\">%.0f</td><td class=\"num\">", iv_jnum(a, "pauses", 0));
			iv_buf_printf(&t, iv_tr(lang, "%.0f s (%s)", "%.0f秒（%s）"), iv_jnum(a, "seconds", 0),
				      verdict_name(a, "length", lang));
			iv_html_escape(o, t.s);
			iv_buf_reset(&t);
			iv_buf_puts(o, "</td></tr>\n");
			jv_free(a);
		}
		iv_buf_puts(o, "</table>\n");
	}
	if (jv_array_length(jv_copy(issues)) > 0) {
		iv_buf_puts(o, "<ul>\n");
		jv_array_foreach(issues, i, it) {
			jv x = iv_jget(it, "text");

			iv_buf_puts(o, "<li>");
			iv_html_escape(o, iv_jstr(x));
			iv_buf_puts(o, "</li>\n");
			jv_free(x);
			jv_free(it);
		}
		iv_buf_puts(o, "</ul>\n");
	}
	iv_buf_puts(o, "</section>\n");
	iv_buf_free(&t);
	jv_free(issues);
	jv_free(answers);
	jv_free(rounds);
}

void
iv_report_delivery_write(iv_buf *o, jv r, int format, const iv_chart_style *st, const char *lang)
{
	jv d = iv_jget(r, "delivery");

	if (jv_get_kind(d) == JV_KIND_OBJECT) {
		if (format == IV_FMT_MD)
			delivery_md(o, d, lang);
		else if (format == IV_FMT_HTML)
			delivery_html(o, d, lang);
		else if (format == IV_FMT_TEXT)
			delivery_text(o, d, st, lang);
	}
	jv_free(d);
}
