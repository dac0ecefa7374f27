/* report_data.c — what the views show, read from the store (report_data.h). */
#include <string.h>

#include "assess.h"
#include "clock.h"
#include "config.h"
#include "jsonl.h"
#include "plan.h"
#include "session.h"
#include "store.h"
#include "summary.h"
#include "report_data.h"
#include "report_delivery.h"

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

jv
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
