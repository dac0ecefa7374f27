#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assess.h"
#include "buf.h"
#include "clock.h"
#include "config.h"
#include "delivery_advice.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "plan.h"
#include "session.h"
#include "skills.h"
#include "store.h"
#include "summary.h"
#include "text.h"
#include "utf8.h"

#define STRONG 7.0	/* a skill at or above is a strength */
#define WEAK 6.0	/* a skill below is a weakness */
#define MAX_SUGGESTIONS 5
#define POINT_COLS 60	/* a key point quoted in an item */

static int
role_is(jv turn, const char *role)
{
	jv r = iv_jget(turn, "role");
	int yes = !strcmp(iv_jstr(r), role);

	jv_free(r);
	return yes;
}

jv
iv_session_answers(sqlite3 *db, long long session_id)
{
	jv turns = iv_turns(db, session_id), qs = jv_object(), out = jv_array();

	if (!jv_is_valid(turns)) {
		jv_free(qs);
		jv_free(out);
		return turns;
	}
	jv_array_foreach(turns, i, t) {
		if (role_is(t, "interviewer"))
			qs = jv_object_set(qs, jv_string_fmt("%.0f", iv_jnum(t, "id", 0)), jv_copy(t));
		jv_free(t);
	}
	jv_array_foreach(turns, i, t) {
		jv q = jv_null(), qm, am, grade, score, pair;
		char key[32];

		snprintf(key, sizeof key, "%.0f", iv_jnum(t, "reply_to", 0));
		if (role_is(t, "candidate") && iv_jnum(t, "reply_to", 0) > 0)
			q = iv_jget(qs, key);
		if (jv_get_kind(q) != JV_KIND_OBJECT) {
			jv_free(q);
			jv_free(t);
			continue;
		}
		qm = iv_jget(q, "metadata");
		am = iv_jget(t, "metadata");
		grade = iv_jget(am, "grade");
		if (jv_get_kind(grade) != JV_KIND_OBJECT) {
			jv_free(grade);
			grade = jv_object();
		}
		score = iv_jget(t, "score");
		if (jv_get_kind(score) != JV_KIND_NUMBER) {
			jv_free(score);
			score = iv_jget(grade, "score");
			if (jv_get_kind(score) != JV_KIND_NUMBER) {
				jv_free(score);
				score = jv_null();
			}
		}
		pair = JV_OBJECT(jv_string("question_turn"), iv_jget(q, "sequence_number"),
				 jv_string("answer_turn"), iv_jget(t, "sequence_number"),
				 jv_string("question"), iv_jget(q, "content"),
				 jv_string("answer"), iv_jget(t, "content"),
				 jv_string("score"), score);
		pair = jv_object_set(pair, jv_string("topic"), iv_jget(qm, "topic"));
		pair = jv_object_set(pair, jv_string("skill_path"), iv_jget(qm, "skill_path"));
		pair = jv_object_set(pair, jv_string("question_id"), iv_jget(qm, "question_id"));
		pair = jv_object_set(pair, jv_string("difficulty"), iv_jget(qm, "difficulty"));
		pair = jv_object_set(pair, jv_string("follow_up"), iv_jget(qm, "follow_up"));
		pair = jv_object_set(pair, jv_string("key_points"), iv_jget(qm, "key_points"));
		pair = jv_object_set(pair, jv_string("grade"), grade);
		out = jv_array_append(out, pair);
		jv_free(am);
		jv_free(qm);
		jv_free(q);
		jv_free(t);
	}
	jv_free(qs);
	jv_free(turns);
	return out;
}

static int
is_lang(const char *s)
{
	return s && (!strcmp(s, "zh") || !strcmp(s, "en"));
}

const char *
iv_session_lang(jv session, jv answers)
{
	jv v = iv_jget(session, "lang");
	const char *lang = NULL;
	iv_buf text = IV_BUF_INIT;

	if (is_lang(iv_jstr(v)))
		lang = !strcmp(iv_jstr(v), "zh") ? "zh" : "en";
	jv_free(v);
	if (!lang && jv_get_kind(answers) == JV_KIND_ARRAY)
		jv_array_foreach(answers, i, a) {
			jv g = iv_jget(a, "grade"), l = iv_jget(g, "lang"), t = iv_jget(a, "answer");

			if (!lang && is_lang(iv_jstr(l)))
				lang = !strcmp(iv_jstr(l), "zh") ? "zh" : "en";
			iv_buf_puts(&text, iv_jstr(t));
			iv_buf_putc(&text, '\n');
			jv_free(t);
			jv_free(l);
			jv_free(g);
			jv_free(a);
		}
	if (!lang && is_lang(iv_config_str("lang", "auto")))
		lang = !strcmp(iv_config_str("lang", "auto"), "zh") ? "zh" : "en";
	if (!lang && text.len)
		lang = !strcmp(iv_text_lang(text.s), "zh") ? "zh" : "en";
	iv_buf_free(&text);
	return lang ? lang : "en";
}

/* --- per-answer measures --- */

static double
answer_dim(jv a, const char *dim)
{
	jv g = iv_jget(a, "grade"), d = iv_jget(g, "dimensions");
	double v = iv_jnum(d, dim, iv_jnum(a, "score", 0));

	jv_free(d);
	jv_free(g);
	return v;
}

/* The share of the key points an answer reached, out of 10: the grade's
 * (weighted) coverage, else covered points over all points named, else
 * the score. */
static double
answer_coverage(jv a)
{
	jv g = iv_jget(a, "grade"), c = iv_jget(g, "covered_points"), m = iv_jget(g, "missed_points");
	int nc = jv_get_kind(c) == JV_KIND_ARRAY ? jv_array_length(jv_copy(c)) : 0;
	int nm = jv_get_kind(m) == JV_KIND_ARRAY ? jv_array_length(jv_copy(m)) : 0;
	double v = nc + nm ? 10.0 * nc / (nc + nm) : iv_jnum(a, "score", 0);

	if (iv_jnum(g, "coverage", -1) >= 0)
		v = 10 * iv_jnum(g, "coverage", 0);

	jv_free(c);
	jv_free(m);
	jv_free(g);
	return v;
}

/* emotional_state is {state, cue}, or the state alone. */
static int
answer_nervous(jv a)
{
	jv g = iv_jget(a, "grade"), e = iv_jget(g, "emotional_state");
	int yes;

	if (jv_get_kind(e) == JV_KIND_OBJECT) {
		jv st = iv_jget(e, "state");

		jv_free(e);
		e = st;
	}
	yes = !strcmp(iv_jstr(e), "nervous");
	jv_free(e);
	jv_free(g);
	return yes;
}

static int
graded(jv a)
{
	jv s = iv_jget(a, "score");
	int yes = jv_get_kind(s) == JV_KIND_NUMBER;

	jv_free(s);
	return yes;
}

/* A test on one answer for choosing the turns that justify an item. */
typedef int (*answer_test)(jv answer, const char *arg, double lo, double hi);

static int
skill_between(jv a, const char *path, double lo, double hi)
{
	jv p = iv_jget(a, "skill_path");
	double s = iv_jnum(a, "score", 0);
	int yes = !strcmp(iv_jstr(p), path) && s >= lo && s < hi;

	jv_free(p);
	return yes;
}

static int
dim_between(jv a, const char *dim, double lo, double hi)
{
	double v = answer_dim(a, dim);

	return v >= lo && v < hi;
}

static int
nervous_test(jv a, const char *arg, double lo, double hi)
{
	(void)arg, (void)lo, (void)hi;
	return answer_nervous(a);
}

static int
skill_missed(jv a, const char *path, double lo, double hi)
{
	jv g = iv_jget(a, "grade"), m = iv_jget(g, "missed_points");
	int yes = skill_between(a, path, lo, hi) && jv_get_kind(m) == JV_KIND_ARRAY &&
		  jv_array_length(jv_copy(m)) > 0;

	jv_free(m);
	jv_free(g);
	return yes;
}

/* The answer turns (sequence numbers) of graded answers passing test. */
static jv
turns_where(jv answers, answer_test test, const char *arg, double lo, double hi)
{
	jv out = jv_array();

	jv_array_foreach(answers, i, a) {
		if (graded(a) && test(a, arg, lo, hi))
			out = jv_array_append(out, iv_jget(a, "answer_turn"));
		jv_free(a);
	}
	return out;
}

/* An item of strengths, weaknesses or suggestions: about a skill (about
 * is its assessment), a dimension (about is the dimension's name) or
 * neither (null); consumes all three. */
static jv
item(jv text, jv turns, jv assessment)
{
	jv it = JV_OBJECT(jv_string("text"), text, jv_string("turns"), turns);

	if (jv_get_kind(assessment) == JV_KIND_STRING) {
		return jv_object_set(it, jv_string("dimension"), assessment);
	} else if (jv_get_kind(assessment) == JV_KIND_OBJECT) {
		it = jv_object_set(it, jv_string("skill"), iv_jget(assessment, "skill_name"));
		it = jv_object_set(it, jv_string("skill_path"), iv_jget(assessment, "skill_path"));
		it = jv_object_set(it, jv_string("score"), iv_jget(assessment, "score"));
	}
	jv_free(assessment);
	return it;
}

/* The display name of an assessment's skill in lang (a new string). */
static jv
skill_name(jv a, const char *lang)
{
	jv path = iv_jget(a, "skill_path");
	const char *n = iv_skill_node_name(iv_jstr(path), lang);

	jv_free(path);
	return n ? jv_string(n) : iv_jget(a, "skill_name");
}

/* Up to max texts of a list (borrowed), each cut to POINT_COLS columns,
 * joined by the language's separator. */
static jv
joined(jv list, int max, const char *lang)
{
	jv out = jv_string("");

	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, i, s) {
			if (i < max && jv_get_kind(s) == JV_KIND_STRING) {
				if (i)
					out = jv_string_append_str(out, iv_tr(lang, "; ", "；"));
				out = jv_string_concat(out, iv_snippet(jv_string_value(s), POINT_COLS));
			}
			jv_free(s);
		}
	return out;
}

static jv
assessment_list(jv a, const char *key)
{
	jv d = iv_jget(a, "assessment_data"), v = iv_jget(d, key);

	jv_free(d);
	return v;
}

struct dims {
	double overall, ta, cc, db, cov;
	int n, nervous;
};

/* How much a grade counts: a grade that could relate little of its answer
 * to the key points (grade.h: confidence) counts less, never nothing. */
static double
answer_weight(jv a)
{
	jv g = iv_jget(a, "grade");
	double c = iv_jnum(g, "confidence", 1);

	jv_free(g);
	return 0.25 + 0.75 * (c < 0 ? 0 : c > 1 ? 1 : c);
}

static struct dims
measure(jv answers)
{
	struct dims d = { 0 };
	double wsum = 0;

	jv_array_foreach(answers, i, a) {
		if (graded(a)) {
			double w = answer_weight(a);

			d.overall += w * iv_jnum(a, "score", 0);
			d.ta += w * answer_dim(a, "technical_accuracy");
			d.cc += w * answer_dim(a, "communication_clarity");
			d.db += w * answer_dim(a, "depth_breadth");
			d.cov += w * answer_coverage(a);
			d.nervous += answer_nervous(a);
			wsum += w;
			d.n++;
		}
		jv_free(a);
	}
	d.overall = iv_round1(wsum > 0 ? d.overall / wsum : 0);
	d.ta = wsum > 0 ? d.ta / wsum : 0;
	d.cc = wsum > 0 ? d.cc / wsum : 0;
	d.db = wsum > 0 ? d.db / wsum : 0;
	d.cov = wsum > 0 ? d.cov / wsum : 0;
	return d;
}

static jv
num_or_null(double v, int n)
{
	return n ? jv_number(iv_round1(v)) : jv_null();
}

static jv
dimensions(const struct dims *d)
{
	jv o = JV_OBJECT(jv_string("technical_skills"), num_or_null((d->ta + d->db) / 2, d->n),
			 jv_string("communication"), num_or_null(d->cc, d->n),
			 jv_string("problem_solving"), num_or_null(d->cov, d->n));

	o = jv_object_set(o, jv_string("technical_accuracy"), num_or_null(d->ta, d->n));
	o = jv_object_set(o, jv_string("communication_clarity"), num_or_null(d->cc, d->n));
	return jv_object_set(o, jv_string("depth_breadth"), num_or_null(d->db, d->n));
}

/* Items about skills: those scored in [lo, hi) read head (name, score)
 * and, when the assessment's list (covered points or gaps) has some, tail
 * (the points). */
struct skill_item {
	double lo, hi;
	const char *head[2], *list, *tail[2];	/* [0] en, [1] zh */
};

static const struct skill_item strong_skill = {
	STRONG, 11, { "Strong on %s (%.1f/10)", "%s掌握扎实（%.1f/10）" },
	"covered", { ": covered %s", "：讲到了%s" },
};
static const struct skill_item weak_skill = {
	0, WEAK, { "%s needs work (%.1f/10)", "%s还需加强（%.1f/10）" },
	"gaps", { ": missed %s", "：没有讲到%s" },
};

static jv
skill_items(jv out, jv answers, jv as, const struct skill_item *k, const char *lang)
{
	int zh = !strcmp(lang, "zh");

	jv_array_foreach(as, i, a) {
		double s = iv_jnum(a, "score", 0);

		if (s >= k->lo && s < k->hi) {
			jv path = iv_jget(a, "skill_path"), name = skill_name(a, lang);
			jv list = assessment_list(a, k->list), pts = joined(list, 2, lang);
			jv text = jv_string_fmt(k->head[zh], iv_jstr(name), s);

			if (*iv_jstr(pts))
				text = jv_string_concat(text, jv_string_fmt(k->tail[zh], iv_jstr(pts)));
			out = jv_array_append(out, item(text, turns_where(answers, skill_between, iv_jstr(path),
									  k->lo, k->hi), jv_copy(a)));
			jv_free(pts);
			jv_free(list);
			jv_free(name);
			jv_free(path);
		}
		jv_free(a);
	}
	return out;
}

/* Items about a dimension whose mean is in [lo, hi). */
struct dim_item {
	const char *dim;
	double lo, hi;
	const char *text[2];
};

static const struct dim_item dim_strengths[] = {
	{ "communication_clarity", 7.5, 11, { "Clear, well-organised answers", "表达清晰、有条理" } },
	{ "depth_breadth", 7.5, 11, { "Answers went into depth and covered the ground", "回答有深度、覆盖面广" } },
	{ 0 },
};
static const struct dim_item dim_weaknesses[] = {
	{ "communication_clarity", 0, 5, { "Answers were hard to follow", "回答不够清晰，不容易跟上" } },
	{ "depth_breadth", 0, 5, { "Answers stayed on the surface", "回答停留在表面，缺少深度" } },
	{ 0 },
};
static const struct dim_item dim_suggestions[] = {
	{ "communication_clarity", 0, 6, {
		"Structure each answer: the conclusion first, then two or three points, then an example",
		"每个回答先给结论，再分两三点展开，最后举一个例子" } },
	{ 0 },
};

static double
dim_mean(const struct dims *d, const char *dim)
{
	return !strcmp(dim, "communication_clarity") ? d->cc : !strcmp(dim, "depth_breadth") ? d->db : d->ta;
}

static jv
dim_items(jv out, jv answers, const struct dims *d, const struct dim_item *k, const char *lang)
{
	for (; d->n && k->dim; k++) {
		double v = dim_mean(d, k->dim);

		if (v >= k->lo && v < k->hi)
			out = jv_array_append(out, item(jv_string(k->text[!strcmp(lang, "zh")]),
							turns_where(answers, dim_between, k->dim, k->lo, k->hi),
							jv_string(k->dim)));
	}
	return out;
}

/* Nervous in half the answers or more: a weakness and a suggestion. */
static jv
nervous_item(jv out, jv answers, const struct dims *d, jv text)
{
	if (d->n && d->nervous * 2 >= d->n)
		return jv_array_append(out, item(text, turns_where(answers, nervous_test, NULL, 0, 0), jv_null()));
	jv_free(text);
	return out;
}

static jv
strengths(jv answers, jv as, const struct dims *d, const char *lang)
{
	jv out = skill_items(jv_array(), answers, as, &strong_skill, lang);

	return dim_items(out, answers, d, dim_strengths, lang);
}

static jv
weaknesses(jv answers, jv as, const struct dims *d, const char *lang)
{
	jv out = skill_items(jv_array(), answers, as, &weak_skill, lang);

	out = dim_items(out, answers, d, dim_weaknesses, lang);
	return nervous_item(out, answers, d, jv_string_fmt(iv_tr(lang, "Seemed nervous in %d of %d answers",
								 "%d/%d个回答显得紧张"), d->nervous, d->n));
}

static jv
suggestions(jv answers, jv as, const struct dims *d, const char *lang)
{
	jv out = jv_array();
	int order[256], m = iv_assess_order(as, order, 256), weakest = -1;

	for (int k = 0; k < m && jv_array_length(jv_copy(out)) < MAX_SUGGESTIONS; k++) {
		jv a = jv_array_get(jv_copy(as), order[k]);
		double s = iv_jnum(a, "score", 0);

		if (s < STRONG) {
			jv path = iv_jget(a, "skill_path"), name = skill_name(a, lang);
			jv gaps = assessment_list(a, "gaps"), pts = joined(gaps, 2, lang);
			jv topic = assessment_list(a, "topic"), qids = assessment_list(a, "questions");
			jv res = iv_plan_resources(jv_get_kind(topic) == JV_KIND_STRING ? iv_jstr(topic) : NULL,
						   qids, iv_jstr(path));
			jv first = jv_array_length(jv_copy(res)) ? jv_array_get(jv_copy(res), 0) : jv_null();
			jv title = iv_jget(first, "title");
			jv text = *iv_jstr(pts)
				? jv_string_fmt(iv_tr(lang, "Study %s: %s", "学习%s：%s"), iv_jstr(name), iv_jstr(pts))
				: jv_string_fmt(iv_tr(lang, "Practise more %s questions", "多练习%s相关的问题"),
						iv_jstr(name));

			if (jv_get_kind(title) == JV_KIND_STRING)
				text = jv_string_concat(text, jv_string_fmt(iv_tr(lang, " (start with \"%s\")",
										  "（可以从《%s》开始）"),
									    iv_jstr(title)));
			jv turns = turns_where(answers, skill_missed, iv_jstr(path), 0, 11);

			/* The answers that missed points, else the ones below strong. */
			if (jv_array_length(jv_copy(turns)) == 0) {
				jv_free(turns);
				turns = turns_where(answers, skill_between, iv_jstr(path), 0, STRONG);
			}
			out = jv_array_append(out, item(text, turns, jv_copy(a)));
			jv_free(title);
			jv_free(first);
			jv_free(res);
			jv_free(qids);
			jv_free(topic);
			jv_free(pts);
			jv_free(gaps);
			jv_free(name);
			jv_free(path);
		} else if (weakest < 0) {
			weakest = order[k];
		}
		jv_free(a);
	}
	out = dim_items(out, answers, d, dim_suggestions, lang);
	out = nervous_item(out, answers, d, jv_string(iv_tr(lang,
		"Practise answering aloud against a timer to get used to the pressure",
		"对着计时器大声练习回答，适应面试的压力")));
	if (jv_array_length(jv_copy(out)) == 0 && weakest >= 0) {
		jv a = jv_array_get(jv_copy(as), weakest), name = skill_name(a, lang), path = iv_jget(a, "skill_path");

		out = jv_array_append(out, item(jv_string_fmt(iv_tr(lang, "Try harder questions on %s",
								     "尝试更难的%s问题"), iv_jstr(name)),
						turns_where(answers, skill_between, iv_jstr(path), 0, 11), a));
		jv_free(path);
		jv_free(name);
	}
	return out;
}

/* --- the comparison with the last completed round --- */

/* The score of skill_path in a summary's skills (borrowed), or NAN. */
static double
summary_skill_score(jv summary, const char *path)
{
	jv skills = iv_jget(summary, "skills");
	double v = NAN;

	if (jv_get_kind(skills) == JV_KIND_ARRAY)
		jv_array_foreach(skills, i, s) {
			jv p = iv_jget(s, "skill_path");

			if (isnan(v) && !strcmp(iv_jstr(p), path))
				v = iv_jnum(s, "score", NAN);
			jv_free(p);
			jv_free(s);
		}
	jv_free(skills);
	return v;
}

static jv
change_obj(jv o, double old, double now)
{
	o = jv_object_set(o, jv_string("old_score"), isnan(old) ? jv_null() : jv_number(old));
	o = jv_object_set(o, jv_string("new_score"), isnan(now) ? jv_null() : jv_number(now));
	if (isnan(old) || isnan(now)) {
		o = jv_object_set(o, jv_string("change"), jv_null());
		return jv_object_set(o, jv_string("improved"), jv_null());
	}
	o = jv_object_set(o, jv_string("change"), jv_number(iv_round1(now - old)));
	return jv_object_set(o, jv_string("improved"), jv_bool(now > old));
}

static jv
previous_plan_state(sqlite3 *db, long long user_id, long long session_id)
{
	jv plan = iv_plan_of_session(db, user_id, session_id), data, out;
	int total, done;

	if (jv_get_kind(plan) != JV_KIND_OBJECT) {
		jv_free(plan);
		return jv_null();
	}
	data = iv_jget(plan, "plan_data");
	iv_plan_count(data, &total, &done);
	out = JV_OBJECT(jv_string("id"), iv_jget(plan, "id"), jv_string("title"), iv_jget(plan, "title"),
			jv_string("progress"), iv_jget(plan, "progress"), jv_string("done"), jv_number(done),
			jv_string("total"), jv_number(total));
	jv_free(data);
	jv_free(plan);
	return out;
}

/* The user's last completed session before round (a new row, jv_null()
 * when there is none, or invalid), and in *ps its summary: the stored one,
 * else worked out now (or invalid). *ps is set only for a row. */
static jv
last_completed(sqlite3 *db, long long user_id, int round, jv *ps)
{
	jv prev = iv_db_row(db, "SELECT " IV_SESSION_COLS " FROM interview_sessions WHERE user_id = ? "
			    "AND status = 'completed' AND round_number < ? ORDER BY round_number DESC LIMIT 1",
			    JV_ARRAY(jv_number((double)user_id), jv_number(round)));

	if (jv_get_kind(prev) != JV_KIND_OBJECT)
		return prev;
	*ps = iv_jget(prev, "summary");
	if (jv_get_kind(*ps) != JV_KIND_OBJECT) {
		jv r = iv_summarize(db, user_id, prev, IV_SUM_NO_COMPARE | IV_SUM_NO_PLAN);

		jv_free(*ps);
		*ps = jv_is_valid(r) ? iv_jget(r, "summary") : r;
		if (jv_is_valid(r))
			jv_free(r);
	}
	return prev;
}

static jv
comparison(sqlite3 *db, long long user_id, int round, jv summary, jv as, const char *lang)
{
	jv ps = jv_null(), prev = last_completed(db, user_id, round, &ps);
	jv advised = jv_array(), skills = jv_array(), text, c;
	double old_overall, new_overall = iv_jnum(summary, "overall_score", NAN);

	if (!jv_is_valid(prev)) {
		jv_free(advised);
		jv_free(skills);
		return prev;
	}
	c = JV_OBJECT(jv_string("round"), jv_number(round));
	if (jv_get_kind(prev) != JV_KIND_OBJECT) {
		jv_free(prev);
		jv_free(advised);
		jv_free(skills);
		c = jv_object_set(c, jv_string("previous_round"), jv_null());
		c = jv_object_set(c, jv_string("previous_session_id"), jv_null());
		c = jv_object_set(c, jv_string("overall"), jv_null());
		c = jv_object_set(c, jv_string("advised"), jv_array());
		c = jv_object_set(c, jv_string("skills"), jv_array());
		c = jv_object_set(c, jv_string("previous_plan"), jv_null());
		return jv_object_set(c, jv_string("text"), round == 1
			? jv_string(iv_tr(lang, "round 1: the first interview", "第1轮：第一次面试"))
			: jv_string_fmt(iv_tr(lang, "round %d: no earlier completed interview to compare with",
					      "第%d轮：没有可以对比的已完成面试"), round));
	}
	if (!jv_is_valid(ps)) {
		jv_free(prev);
		jv_free(advised);
		jv_free(skills);
		jv_free(c);
		return ps;
	}
	old_overall = iv_jnum(ps, "overall_score", NAN);
	c = jv_object_set(c, jv_string("previous_round"), iv_jget(prev, "round_number"));
	c = jv_object_set(c, jv_string("previous_session_id"), iv_jget(prev, "id"));
	c = jv_object_set(c, jv_string("overall"), change_obj(jv_object(), old_overall, new_overall));
	{
		jv sugg = iv_jget(ps, "improvement_suggestions");

		if (jv_get_kind(sugg) == JV_KIND_ARRAY)
			jv_array_foreach(sugg, i, s) {
				jv path = iv_jget(s, "skill_path");
				jv o = JV_OBJECT(jv_string("text"), iv_jget(s, "text"), jv_string("skill"), iv_jget(s, "skill"),
						 jv_string("skill_path"), jv_copy(path));

				jv dim = iv_jget(s, "dimension");

				if (jv_get_kind(path) == JV_KIND_STRING) {
					o = change_obj(o, summary_skill_score(ps, iv_jstr(path)),
						       summary_skill_score(summary, iv_jstr(path)));
				} else if (jv_get_kind(dim) == JV_KIND_STRING) {
					jv od = iv_jget(ps, "dimensions"), nd = iv_jget(summary, "dimensions");

					o = jv_object_set(o, jv_string("dimension"), jv_copy(dim));
					o = change_obj(o, iv_jnum(od, iv_jstr(dim), NAN), iv_jnum(nd, iv_jstr(dim), NAN));
					jv_free(od);
					jv_free(nd);
				} else {
					o = change_obj(o, NAN, NAN);
				}
				jv_free(dim);
				advised = jv_array_append(advised, o);
				jv_free(path);
				jv_free(s);
			}
		jv_free(sugg);
	}
	text = jv_string_fmt(iv_tr(lang, "round %d: ", "第%d轮："), round);
	jv_array_foreach(as, i, a) {
		jv prevs = iv_jget(a, "previous_score");

		if (jv_get_kind(prevs) == JV_KIND_NUMBER) {
			jv name = skill_name(a, lang);
			double old = jv_number_value(prevs), now = iv_jnum(a, "score", 0);

			if (jv_array_length(jv_copy(skills)))
				text = jv_string_append_str(text, iv_tr(lang, ", ", "，"));
			text = jv_string_concat(text, jv_string_fmt("%s %.1f -> %.1f", iv_jstr(name), old, now));
			skills = jv_array_append(skills, change_obj(JV_OBJECT(jv_string("skill"), iv_jget(a, "skill_name"),
									      jv_string("name"), name,
									      jv_string("skill_path"), iv_jget(a, "skill_path")),
								    old, now));
		}
		jv_free(prevs);
		jv_free(a);
	}
	if (!jv_array_length(jv_copy(skills))) {
		if (isnan(old_overall) || isnan(new_overall))
			text = jv_string_concat(text, jv_string_fmt(iv_tr(lang, "no scores to compare with round %d",
									  "没有可以和第%d轮对比的分数"),
								    (int)iv_jnum(prev, "round_number", 0)));
		else
			text = jv_string_concat(text, jv_string_fmt(iv_tr(lang, "overall %.1f -> %.1f", "总分 %.1f -> %.1f"),
								    old_overall, new_overall));
	}
	c = jv_object_set(c, jv_string("advised"), advised);
	c = jv_object_set(c, jv_string("skills"), skills);
	c = jv_object_set(c, jv_string("previous_plan"),
			  previous_plan_state(db, user_id, (long long)iv_jnum(prev, "id", 0)));
	c = jv_object_set(c, jv_string("text"), text);
	jv_free(ps);
	jv_free(prev);
	return c;
}

/* --- what the next interview opens with --- */

#define LAST_WEAK_MAX 3

jv
iv_summary_last_round(sqlite3 *db, long long user_id, int round, const char *lang)
{
	jv ps = jv_null(), prev = last_completed(db, user_id, round, &ps), skills, weak, text, out;
	int order[256], m, zh = lang && !strcmp(lang, "zh");
	double overall;

	if (jv_get_kind(prev) != JV_KIND_OBJECT)
		return prev;
	if (!jv_is_valid(ps)) {
		jv_free(prev);
		return ps;
	}
	overall = iv_jnum(ps, "overall_score", NAN);
	weak = jv_array();
	skills = iv_jget(ps, "skills");
	if (jv_get_kind(skills) != JV_KIND_ARRAY) {
		jv_free(skills);
		skills = jv_array();
	}
	m = iv_assess_order(skills, order, 256);
	for (int k = 0; k < m && jv_array_length(jv_copy(weak)) < LAST_WEAK_MAX; k++) {
		jv a = jv_array_get(jv_copy(skills), order[k]);
		double sc = iv_jnum(a, "score", NAN);

		if (!isnan(sc) && sc < STRONG)
			weak = jv_array_append(weak, JV_OBJECT(jv_string("skill_path"), iv_jget(a, "skill_path"),
				jv_string("name"), skill_name(a, lang), jv_string("score"), jv_number(sc)));
		jv_free(a);
	}
	jv_free(skills);
	text = isnan(overall)
		? jv_string_fmt(iv_tr(lang, "Last time (interview #%d) no answer was graded.",
				      "上次（第 %d 次面试）没有评过分的回答。"), (int)iv_jnum(prev, "round_number", 0))
		: jv_string_fmt(iv_tr(lang, "Last time (interview #%d) you scored %.1f/10",
				      "上次（第 %d 次面试）你得了 %.1f/10 分"),
				(int)iv_jnum(prev, "round_number", 0), overall);
	if (!isnan(overall)) {
		int n = jv_array_length(jv_copy(weak));

		jv_array_foreach(weak, i, w) {
			jv name = iv_jget(w, "name");

			text = jv_string_append_str(text, i == 0 ? iv_tr(lang, "; weakest on ", "，最薄弱的是")
						    : i == n - 1 ? iv_tr(lang, " and ", "和") : iv_tr(lang, ", ", "、"));
			text = jv_string_concat(text, jv_string_fmt(zh ? "%s（%.1f）" : "%s (%.1f)", iv_jstr(name),
								    iv_jnum(w, "score", 0)));
			jv_free(name);
			jv_free(w);
		}
		text = jv_string_append_str(text, n ? iv_tr(lang, ". This round goes after them.",
							     "，这次重点练它们。")
					    : iv_tr(lang, ". This round asks harder questions.", "，这次提高难度。"));
	}
	out = JV_OBJECT(jv_string("session_id"), iv_jget(prev, "id"),
			jv_string("round_number"), iv_jget(prev, "round_number"),
			jv_string("overall_score"), isnan(overall) ? jv_null() : jv_number(overall),
			jv_string("weak"), weak, jv_string("text"), text);
	jv_free(ps);
	jv_free(prev);
	return out;
}

/* --- the whole --- */

static jv
skills_brief(jv as, const char *lang)
{
	jv out = jv_array();

	jv_array_foreach(as, i, a) {
		jv o = JV_OBJECT(jv_string("skill"), iv_jget(a, "skill_name"), jv_string("name"), skill_name(a, lang),
				 jv_string("skill_path"), iv_jget(a, "skill_path"), jv_string("score"), iv_jget(a, "score"));

		o = jv_object_set(o, jv_string("previous_score"), iv_jget(a, "previous_score"));
		o = jv_object_set(o, jv_string("score_change"), iv_jget(a, "score_change"));
		{
			jv d = iv_jget(a, "assessment_data");

			o = jv_object_set(o, jv_string("level"), iv_jget(d, "level"));
			jv_free(d);
		}
		out = jv_array_append(out, o);
		jv_free(a);
	}
	return out;
}

jv
iv_summarize(sqlite3 *db, long long user_id, jv session, int flags)
{
	long long sid = (long long)iv_jnum(session, "id", 0);
	int round = (int)iv_jnum(session, "round_number", 1);
	jv answers = iv_session_answers(db, sid), as, summary, result, end, plan = jv_null();
	const char *lang;
	struct dims d;
	char date[32];
	int answered;

	if (!jv_is_valid(answers))
		return answers;
	lang = iv_session_lang(session, answers);
	end = iv_jget(session, "end_time");
	snprintf(date, sizeof date, "%s", jv_get_kind(end) == JV_KIND_STRING ? iv_jstr(end) : iv_now());
	jv_free(end);
	d = measure(answers);
	answered = jv_array_length(jv_copy(answers));
	{
		char day[11];

		snprintf(day, sizeof day, "%.10s", date);
		as = iv_assess_previous(db, user_id, round, iv_assess(answers, lang, day));
	}
	if (!jv_is_valid(as)) {
		jv_free(answers);
		return as;
	}
	summary = JV_OBJECT(jv_string("overall_score"), num_or_null(d.overall, d.n),
			    jv_string("dimensions"), dimensions(&d),
			    jv_string("strengths"), strengths(answers, as, &d, lang),
			    jv_string("weaknesses"), weaknesses(answers, as, &d, lang));
	summary = jv_object_set(summary, jv_string("improvement_suggestions"), suggestions(answers, as, &d, lang));
	summary = jv_object_set(summary, jv_string("skills"), skills_brief(as, lang));
	if (!(flags & IV_SUM_NO_COMPARE)) {
		jv c = comparison(db, user_id, round, summary, as, lang);

		if (!jv_is_valid(c)) {
			jv_free(summary);
			jv_free(as);
			jv_free(answers);
			return c;
		}
		summary = jv_object_set(summary, jv_string("comparison"), c);
	}
	summary = jv_object_set(summary, jv_string("session_id"), jv_number((double)sid));
	summary = jv_object_set(summary, jv_string("round"), jv_number(round));
	summary = jv_object_set(summary, jv_string("lang"), jv_string(lang));
	summary = jv_object_set(summary, jv_string("answered"), jv_number(answered));
	summary = jv_object_set(summary, jv_string("graded"), jv_number(d.n));
	summary = jv_object_set(summary, jv_string("engine"), jv_string("builtin"));
	summary = jv_object_set(summary, jv_string("generated_at"), jv_string(iv_now()));
	if (!(flags & IV_SUM_NO_PLAN)) {
		jv prev = iv_plan_previous(db, user_id, round);

		if (!jv_is_valid(prev)) {
			jv_free(summary);
			jv_free(as);
			jv_free(answers);
			return prev;
		}
		jv extra = JV_ARRAY(iv_delivery_plan_path(db, sid, lang));

		plan = iv_plan_build(as, extra, prev, lang, round, d.overall, iv_now_t());
		jv_free(extra);
		jv_free(prev);
	}
	result = JV_OBJECT(jv_string("session_id"), jv_number((double)sid), jv_string("round"), jv_number(round),
			   jv_string("lang"), jv_string(lang), jv_string("status"), iv_jget(session, "status"));
	result = jv_object_set(result, jv_string("ended_at"), jv_string(date));
	result = jv_object_set(result, jv_string("summary"), summary);
	result = jv_object_set(result, jv_string("skill_updates"), as);
	result = jv_object_set(result, jv_string("learning_plan"), plan);
	jv_free(answers);
	return result;
}

jv
iv_summary_store(sqlite3 *db, long long user_id, jv r)
{
	long long sid = (long long)iv_jnum(r, "session_id", 0);
	int round = (int)iv_jnum(r, "round", 1);
	jv row, as, plan, at = iv_jget(r, "ended_at");

	row = iv_session_update(db, user_id, sid, JV_OBJECT(jv_string("summary"), iv_jget(r, "summary")));
	if (!jv_is_valid(row)) {
		jv_free(at);
		jv_free(r);
		return row;
	}
	jv_free(row);
	as = iv_jget(r, "skill_updates");
	row = iv_assess_store(db, user_id, sid, as, iv_jstr(at));
	jv_free(as);
	jv_free(at);
	if (!jv_is_valid(row)) {
		jv_free(r);
		return row;
	}
	r = jv_object_set(r, jv_string("skill_updates"), row);
	plan = iv_jget(r, "learning_plan");
	if (jv_get_kind(plan) == JV_KIND_OBJECT) {
		row = iv_plan_store(db, user_id, sid, round, plan);
		if (!jv_is_valid(row)) {
			jv_free(r);
			return row;
		}
		r = jv_object_set(r, jv_string("learning_plan"), row);
	} else {
		jv_free(plan);
	}
	return r;
}
