#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "delivery.h"
#include "delivery_advice.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "store.h"

#define MAX_FOUND 3	/* fillers named in a sentence */
#define MAX_FEEDBACK 2	/* issues in a turn's feedback */

static jv
pair(double a, double b)
{
	return JV_ARRAY(jv_number(a), jv_number(b));
}

/* The first and second numbers of a borrowed [lo, hi]. */
static void
range(jv r, double *lo, double *hi)
{
	if (jv_get_kind(r) == JV_KIND_ARRAY && jv_array_length(jv_copy(r)) == 2) {
		jv a = jv_array_get(jv_copy(r), 0), b = jv_array_get(jv_copy(r), 1);

		if (jv_get_kind(a) == JV_KIND_NUMBER && jv_get_kind(b) == JV_KIND_NUMBER) {
			*lo = jv_number_value(a);
			*hi = jv_number_value(b);
		}
		jv_free(a);
		jv_free(b);
	}
}

static int
str_is(jv obj, const char *key, const char *want)
{
	jv v = iv_jget(obj, key);
	int yes = jv_get_kind(v) == JV_KIND_STRING && !strcmp(jv_string_value(v), want);

	jv_free(v);
	return yes;
}

jv
iv_delivery_aggregate(jv ds)
{
	int n = 0, words = 0, chars = 0, fillers = 0, pauses = 0, shrt = 0, lng = 0, off = 0;
	double units = 0, speaking = 0, seconds = 0, longest = 0, plo = 0, phi = 0, tlo = 0, thi = 0;
	const char *unit;
	jv found = jv_object(), out;

	if (jv_get_kind(ds) != JV_KIND_ARRAY) {
		jv_free(found);
		return jv_null();
	}
	/* The unit of most answers: a Chinese session counts characters. */
	jv_array_foreach(ds, i, d) {
		if (jv_get_kind(d) == JV_KIND_OBJECT) {
			if (str_is(d, "unit", "chars"))
				chars++;
			else
				words++;
		}
		jv_free(d);
	}
	unit = chars > words ? "chars" : "words";
	jv_array_foreach(ds, i, d) {
		jv f, p, l;

		if (jv_get_kind(d) != JV_KIND_OBJECT) {
			jv_free(d);
			continue;
		}
		f = iv_jget(d, "fillers");
		p = iv_jget(d, "pauses");
		l = iv_jget(d, "length");
		n++;
		if (str_is(d, "unit", unit)) {
			jv pr = iv_jget(d, "pace_range");

			units += iv_jnum(d, "units", 0);
			speaking += iv_jnum(d, "speaking_s", 0);
			if (!phi)
				range(pr, &plo, &phi);
			jv_free(pr);
		}
		if (str_is(d, "pace", "slow") || str_is(d, "pace", "fast"))
			off++;
		fillers += (int)iv_jnum(f, "count", 0);
		{
			jv fd = iv_jget(f, "found");

			if (jv_get_kind(fd) == JV_KIND_OBJECT)
				jv_object_foreach(fd, k, v) {
					jv old = jv_object_get(jv_copy(found), jv_copy(k));
					double o = jv_get_kind(old) == JV_KIND_NUMBER ? jv_number_value(old) : 0;

					jv_free(old);
					found = jv_object_set(found, k, jv_number(o + (jv_get_kind(v) == JV_KIND_NUMBER
										      ? jv_number_value(v) : 0)));
					jv_free(v);
				}
			jv_free(fd);
		}
		pauses += (int)iv_jnum(p, "count", 0);
		if (iv_jnum(p, "longest_s", 0) > longest && iv_jnum(p, "count", 0) > 0)
			longest = iv_jnum(p, "longest_s", 0);
		seconds += iv_jnum(l, "seconds", 0);
		if (str_is(l, "verdict", "short"))
			shrt++;
		else if (str_is(l, "verdict", "long"))
			lng++;
		if (!thi) {
			jv t = iv_jget(l, "target");

			range(t, &tlo, &thi);
			jv_free(t);
		}
		jv_free(l);
		jv_free(p);
		jv_free(f);
		jv_free(d);
	}
	if (!n) {
		jv_free(found);
		return jv_null();
	}
	{
		double wpm = speaking > 0 ? units / (speaking / 60) : 0;
		const char *pace = speaking < 5 || !units || !phi ? NULL : wpm < plo ? "slow" : wpm > phi ? "fast" : "ok";

		out = JV_OBJECT(jv_string("answers"), jv_number(n), jv_string("unit"), jv_string(unit),
				jv_string("wpm"), jv_number(iv_round1(wpm)),
				jv_string("pace"), pace ? jv_string(pace) : jv_null(),
				jv_string("pace_range"), pair(plo, phi), jv_string("pace_off"), jv_number(off));
		out = jv_object_set(out, jv_string("fillers"), jv_number(fillers));
		out = jv_object_set(out, jv_string("fillers_per_min"),
				    jv_number(speaking > 0 ? iv_round1(fillers / (speaking / 60)) : 0));
	}
	out = jv_object_set(out, jv_string("found"), found);
	out = jv_object_set(out, jv_string("pauses"), jv_number(pauses));
	out = jv_object_set(out, jv_string("pauses_per_answer"), jv_number(iv_round1((double)pauses / n)));
	out = jv_object_set(out, jv_string("longest_pause_s"), jv_number(iv_round1(longest)));
	out = jv_object_set(out, jv_string("speaking_s"), jv_number(iv_round1(speaking)));
	out = jv_object_set(out, jv_string("seconds"), jv_number(iv_round1(seconds / n)));
	out = jv_object_set(out, jv_string("target"), pair(tlo, thi));
	out = jv_object_set(out, jv_string("short"), jv_number(shrt));
	return jv_object_set(out, jv_string("long"), jv_number(lng));
}

/* "um (2), like (1)": the most frequent fillers first (found borrowed). */
static void
found_list(iv_buf *b, jv found, const char *lang)
{
	char *names[MAX_FOUND + 1];
	int counts[MAX_FOUND + 1], n = 0;

	if (jv_get_kind(found) != JV_KIND_OBJECT)
		return;
	jv_object_foreach(found, k, v) {
		int c = jv_get_kind(v) == JV_KIND_NUMBER ? (int)jv_number_value(v) : 0, at = n;

		while (at > 0 && counts[at - 1] < c)
			at--;
		for (int j = n; j > at; j--) {
			names[j] = names[j - 1];
			counts[j] = counts[j - 1];
		}
		names[at] = iv_xstrdup(jv_string_value(k));
		counts[at] = c;
		if (++n > MAX_FOUND)
			free(names[--n]);
		jv_free(k);
		jv_free(v);
	}
	for (int i = 0; i < n; i++) {
		iv_buf_printf(b, iv_tr(lang, "%s%s (%d)", "%s%s（%d）"), i ? iv_tr(lang, ", ", "、") : "", names[i], counts[i]);
		free(names[i]);
	}
}

jv
iv_delivery_issues(jv a, const char *lang)
{
	double fpm_max = iv_delivery_setting("weak", "fillers_per_min", 3);
	double ppa_max = iv_delivery_setting("weak", "pauses_per_answer", 1);
	double share = iv_delivery_setting("weak", "off_share", 0.5);
	double n = iv_jnum(a, "answers", 0), plo = 0, phi = 0, tlo = 0, thi = 0;
	int zh = !strcmp(lang, "zh"), chars = str_is(a, "unit", "chars");
	const char *u = zh ? (chars ? "字" : "词") : (chars ? "characters" : "words");
	jv out = jv_array(), pr = iv_jget(a, "pace_range"), tg = iv_jget(a, "target");
	iv_buf b = IV_BUF_INIT;

	if (n <= 0) {
		jv_free(pr);
		jv_free(tg);
		return out;
	}
	range(pr, &plo, &phi);
	range(tg, &tlo, &thi);
	jv_free(pr);
	jv_free(tg);
	if (iv_jnum(a, "fillers_per_min", 0) > fpm_max && iv_jnum(a, "fillers", 0) >= 2) {
		jv found = iv_jget(a, "found");

		iv_buf_printf(&b, iv_tr(lang, "%.0f filler words (", "口头禅%.0f个（"), iv_jnum(a, "fillers", 0));
		found_list(&b, found, lang);
		iv_buf_printf(&b, iv_tr(lang, "), %.1f a minute: pause silently instead of filling the gap.",
					"），每分钟%.1f个：想一想的时候停顿一下，不要用口头禅填补。"),
			      iv_jnum(a, "fillers_per_min", 0));
		out = jv_array_append(out, JV_OBJECT(jv_string("kind"), jv_string("fillers"), jv_string("text"),
						     jv_string(b.s)));
		iv_buf_reset(&b);
		jv_free(found);
	}
	if (phi > 0 && (str_is(a, "pace", "fast") || str_is(a, "pace", "slow")) &&
	    iv_jnum(a, "pace_off", 0) > share * n - 1e-9) {
		int fast = str_is(a, "pace", "fast");

		iv_buf_printf(&b, iv_tr(lang, "A pace of %.0f %s a minute is %s (comfortable: %.0f-%.0f): %s",
					"语速每分钟%.0f%s，%s（舒适范围%.0f-%.0f）：%s"),
			      iv_jnum(a, "wpm", 0), u, fast ? iv_tr(lang, "fast", "偏快") : iv_tr(lang, "slow", "偏慢"),
			      plo, phi, fast ? iv_tr(lang, "slow down and let the key points land.",
						     "放慢一点，让要点说清楚。")
					     : iv_tr(lang, "outline the answer first so the words come readily.",
						     "先想好回答的提纲，说起来会更流畅。"));
		out = jv_array_append(out, JV_OBJECT(jv_string("kind"), jv_string("pace"), jv_string("text"),
						     jv_string(b.s)));
		iv_buf_reset(&b);
	}
	if (iv_jnum(a, "pauses", 0) > 0 && iv_jnum(a, "pauses_per_answer", 0) >= ppa_max) {
		double p = iv_jnum(a, "pauses", 0);

		if (zh)
			iv_buf_printf(&b, "长停顿%.0f次（最长%.1f秒）：开口前先列好要点（情境、任务、行动、结果），就不会卡住。",
				      p, iv_jnum(a, "longest_pause_s", 0));
		else
			iv_buf_printf(&b, "%.0f long pause%s (the longest %.1f s): outline the answer before you speak "
				      "(situation, task, action, result) so you don't stall.", p, p == 1 ? "" : "s",
				      iv_jnum(a, "longest_pause_s", 0));
		out = jv_array_append(out, JV_OBJECT(jv_string("kind"), jv_string("pauses"), jv_string("text"),
						     jv_string(b.s)));
		iv_buf_reset(&b);
	}
	if (thi > 0 && (iv_jnum(a, "short", 0) > share * n - 1e-9 || iv_jnum(a, "long", 0) > share * n - 1e-9)) {
		int shrt = iv_jnum(a, "short", 0) >= iv_jnum(a, "long", 0);

		iv_buf_printf(&b, iv_tr(lang, "%s (%.0f s; aim for %.0f-%.0f s): %s", "%s（%.0f秒，建议%.0f-%.0f秒）：%s"),
			      shrt ? iv_tr(lang, n > 1 ? "Short answers" : "A short answer", "回答偏短")
				   : iv_tr(lang, n > 1 ? "Long answers" : "A long answer", "回答偏长"),
			      iv_jnum(a, "seconds", 0), tlo, thi,
			      shrt ? iv_tr(lang, "add an example and what came of it.", "补充一个具体例子和它的结果。")
				   : iv_tr(lang, "lead with the answer, then the details.", "先给结论，再讲细节。"));
		out = jv_array_append(out, JV_OBJECT(jv_string("kind"), jv_string("length"), jv_string("text"),
						     jv_string(b.s)));
		iv_buf_reset(&b);
	}
	iv_buf_free(&b);
	return out;
}

jv
iv_delivery_feedback(jv delivery, const char *lang)
{
	jv one = JV_ARRAY(jv_copy(delivery)), agg = iv_delivery_aggregate(one), issues, line;
	iv_buf b = IV_BUF_INIT;

	jv_free(one);
	if (jv_get_kind(agg) != JV_KIND_OBJECT) {
		jv_free(agg);
		return jv_string("");
	}
	issues = iv_delivery_issues(agg, lang);
	iv_buf_puts(&b, iv_tr(lang, "Delivery: ", "表达："));
	if (jv_array_length(jv_copy(issues)) == 0) {
		int chars = str_is(agg, "unit", "chars");
		double p = iv_jnum(agg, "pauses", 0);

		if (!strcmp(lang, "zh"))
			iv_buf_printf(&b, "很平稳，每分钟%.0f%s，口头禅%.0f个，长停顿%.0f次。", iv_jnum(agg, "wpm", 0),
				      chars ? "字" : "词", iv_jnum(agg, "fillers", 0), p);
		else
			iv_buf_printf(&b, "steady: %.0f %s a minute, %.0f filler%s, %s.", iv_jnum(agg, "wpm", 0),
				      chars ? "characters" : "words", iv_jnum(agg, "fillers", 0),
				      iv_jnum(agg, "fillers", 0) == 1 ? "" : "s",
				      p == 0 ? "no long pause" : p == 1 ? "one long pause" : "a few long pauses");
	} else {
		/* The two that matter most; the report lists them all. */
		jv_array_foreach(issues, i, it) {
			jv t = iv_jget(it, "text");

			if (i < MAX_FEEDBACK) {
				iv_buf_puts(&b, i ? " " : "");
				iv_buf_puts(&b, iv_jstr(t));
			}
			jv_free(t);
			jv_free(it);
		}
	}
	line = jv_string(b.s);
	iv_buf_free(&b);
	jv_free(issues);
	jv_free(agg);
	return line;
}

jv
iv_delivery_grade(jv grade, jv answer_turn, const char *lang)
{
	jv meta = iv_jget(answer_turn, "metadata"), d = iv_jget(meta, "delivery"), line, fb;

	jv_free(meta);
	if (jv_get_kind(d) != JV_KIND_OBJECT || jv_get_kind(grade) != JV_KIND_OBJECT) {
		jv_free(d);
		return grade;
	}
	line = iv_delivery_feedback(d, lang);
	fb = iv_jget(grade, "feedback");
	if (jv_get_kind(fb) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(fb)) > 0)
		grade = jv_object_set(grade, jv_string("feedback"),
				      jv_string_fmt("%s %s", jv_string_value(fb), jv_string_value(line)));
	else
		grade = jv_object_set(grade, jv_string("feedback"), jv_copy(line));
	jv_free(fb);
	jv_free(d);
	return jv_object_set(grade, jv_string("delivery_feedback"), line);
}

jv
iv_delivery_of_session(sqlite3 *db, long long session_id)
{
	jv rows = iv_db_query(db, "SELECT metadata FROM conversations WHERE session_id = ? AND role = 'candidate' "
			      "AND json_type(metadata, '$.delivery') = 'object' ORDER BY sequence_number",
			      JV_ARRAY(jv_number((double)session_id)));
	jv out = jv_array();

	if (!jv_is_valid(rows)) {
		jv_free(out);
		return rows;
	}
	jv_array_foreach(rows, i, r) {
		jv m = iv_jget(r, "metadata");

		out = jv_array_append(out, iv_jget(m, "delivery"));
		jv_free(m);
		jv_free(r);
	}
	jv_free(rows);
	return out;
}

static jv
task(const char *text)
{
	return JV_OBJECT(jv_string("id"), jv_string(""), jv_string("text"), jv_string(text), jv_string("done"), jv_false());
}

jv
iv_delivery_plan_path(sqlite3 *db, long long session_id, const char *lang)
{
	jv ds = iv_delivery_of_session(db, session_id), agg, issues, tasks = jv_array(), p, goals;
	iv_buf b = IV_BUF_INIT;
	double plo = 0, phi = 0, tlo = 0, thi = 0;
	int n, chars;

	if (!jv_is_valid(ds)) {
		jv_free(tasks);
		jv_free(ds);
		return jv_null();
	}
	agg = iv_delivery_aggregate(ds);
	jv_free(ds);
	if (jv_get_kind(agg) != JV_KIND_OBJECT) {
		jv_free(tasks);
		return agg;
	}
	issues = iv_delivery_issues(agg, lang);
	n = jv_array_length(jv_copy(issues));
	if (n == 0) {
		jv_free(tasks);
		jv_free(issues);
		jv_free(agg);
		return jv_null();
	}
	{
		jv pr = iv_jget(agg, "pace_range"), tg = iv_jget(agg, "target");

		range(pr, &plo, &phi);
		range(tg, &tlo, &thi);
		jv_free(pr);
		jv_free(tg);
	}
	chars = str_is(agg, "unit", "chars");
	jv_array_foreach(issues, i, it) {
		if (str_is(it, "kind", "fillers"))
			iv_buf_printf(&b, iv_tr(lang, "Record two answers and count the filler words in them: fewer than %.0f a minute",
						"录下两段回答，数一数其中的口头禅：每分钟少于%.0f个"),
				      iv_delivery_setting("weak", "fillers_per_min", 3));
		else if (str_is(it, "kind", "pace"))
			iv_buf_printf(&b, iv_tr(lang, "Answer two questions aloud at %.0f-%.0f %s a minute, timed",
						"计时口头回答两道题，语速保持在每分钟%.0f-%.0f%s"),
				      plo, phi, iv_tr(lang, chars ? "characters" : "words", chars ? "字" : "词"));
		else if (str_is(it, "kind", "pauses"))
			iv_buf_puts(&b, iv_tr(lang, "Before each of two spoken answers, outline it in three points (situation, action, result)",
					      "口头回答两道题，每次开口前先列三点提纲（情境、行动、结果）"));
		else
			iv_buf_printf(&b, iv_tr(lang, "Time two spoken answers: keep each within %.0f-%.0f s",
						"计时口头回答两道题：每个回答控制在%.0f-%.0f秒"), tlo, thi);
		tasks = jv_array_append(tasks, task(b.s));
		iv_buf_reset(&b);
		jv_free(it);
	}
	tasks = jv_array_append(tasks, task(iv_tr(lang,
		"Practise with 'iv interview --voice' and compare the delivery chart in the report with this round's",
		"用 iv interview --voice 再练一次，把报告里的表达图表与这一轮对比")));
	goals = JV_OBJECT(jv_string("short_term"), jv_string(iv_tr(lang,
				"Within a week: two answers recorded and played back, fillers and pauses counted",
				"1周内：录下并回听两段回答，数清口头禅和停顿")),
			  jv_string("mid_term"), jv_string_fmt(iv_tr(lang,
				"Within a month: fewer than %.0f filler words a minute and no long pauses in a spoken mock interview",
				"1个月内：语音模拟面试中每分钟口头禅少于%.0f个，没有长停顿"),
				iv_delivery_setting("weak", "fillers_per_min", 3)));
	p = JV_OBJECT(jv_string("kind"), jv_string("delivery"), jv_string("topic"), jv_string("delivery"),
		      jv_string("title"), jv_string(iv_tr(lang, "Spoken delivery", "口头表达")),
		      jv_string("skill"), jv_string("Communication"),
		      jv_string("skill_path"), jv_string("soft/communication/delivery"));
	p = jv_object_set(p, jv_string("priority"), jv_string(n >= 2 ? "high" : "medium"));
	p = jv_object_set(p, jv_string("issues"), issues);
	p = jv_object_set(p, jv_string("resources"), jv_array());
	p = jv_object_set(p, jv_string("estimated_hours"), jv_number(n + 1));
	p = jv_object_set(p, jv_string("carried_over"), jv_false());
	p = jv_object_set(p, jv_string("tasks"), tasks);
	p = jv_object_set(p, jv_string("goals"), goals);
	p = jv_object_set(p, jv_string("delivery"), agg);
	iv_buf_free(&b);
	return p;
}
