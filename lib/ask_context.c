/* ask_context.c — what the decision agent looks at, read from the store
 * (ask_context.h). */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "grade.h"
#include "jsonl.h"
#include "session.h"
#include "store.h"
#include "ask_context.h"
#include "ask_paths.h"

static jv
row_or_null(sqlite3 *db, const char *sql, jv params)
{
	jv r = iv_db_row(db, sql, params);

	if (!jv_is_valid(r)) {
		jv_free(r);
		return jv_null();
	}
	return r;
}

static const char *
env_lang(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG", NULL };

	for (int i = 0; vars[i]; i++) {
		const char *v = getenv(vars[i]);

		if (v && *v)
			return !strncmp(v, "zh", 2) ? "zh" : NULL;
	}
	return NULL;
}

/* lang, else the config's (unless auto), else the resume's, the JD's, the
 * locale's, else en. */
const char *
pick_lang(const char *lang, jv resume, jv jd)
{
	const char *c = iv_config_str("lang", "auto");
	jv l;

	if (lang && (!strcmp(lang, "zh") || !strcmp(lang, "en")))
		return lang;
	if (!strcmp(c, "zh") || !strcmp(c, "en"))
		return c;
	for (int i = 0; i < 2; i++) {
		l = iv_jget(i ? jd : resume, "lang");
		if (jv_get_kind(l) == JV_KIND_STRING) {
			const char *r = !strcmp(iv_jstr(l), "zh") ? "zh" : "en";

			jv_free(l);
			return r;
		}
		jv_free(l);
	}
	return env_lang() ? env_lang() : "en";
}

static jv
latest_scores(sqlite3 *db, long long user_id)
{
	/* the latest row of each (name, path), in the order they were
	 * assessed: what setting every row in turn would leave. The names,
	 * then each name's paths, are walked through the index
	 * skill_assessments_latest (schema 6), one seek each, and each
	 * pair's latest row is one more: a grouping over every row the
	 * user has was 36 ms at 10,000 sessions. */
	jv rows = iv_db_query(db, "WITH RECURSIVE "
		"names(n) AS (SELECT min(skill_name) FROM skill_assessments WHERE user_id = ?1"
		" UNION ALL SELECT (SELECT min(skill_name) FROM skill_assessments WHERE user_id = ?1"
		"  AND skill_name > names.n) FROM names WHERE names.n IS NOT NULL), "
		"paths(n, p) AS (SELECT n, (SELECT min(skill_path) FROM skill_assessments WHERE user_id = ?1"
		"  AND skill_name = names.n) FROM names WHERE names.n IS NOT NULL"
		" UNION ALL SELECT n, (SELECT min(skill_path) FROM skill_assessments WHERE user_id = ?1"
		"  AND skill_name = paths.n AND skill_path > paths.p) FROM paths WHERE paths.p IS NOT NULL), "
		"latest(id) AS (SELECT (SELECT id FROM skill_assessments WHERE user_id = ?1 AND skill_name = paths.n"
		"  AND skill_path = paths.p ORDER BY assessed_at DESC, id DESC LIMIT 1) FROM paths WHERE paths.p IS NOT NULL"
		" UNION ALL SELECT (SELECT id FROM skill_assessments WHERE user_id = ?1 AND skill_name = names.n"
		"  AND skill_path IS NULL ORDER BY assessed_at DESC, id DESC LIMIT 1) FROM names WHERE names.n IS NOT NULL) "
		"SELECT s.skill_name, s.skill_path, s.score, s.assessed_at || printf('%020d', s.id) AS latest "
		"FROM latest JOIN skill_assessments s ON s.id = latest.id ORDER BY latest",
		JV_ARRAY(jv_number((double)user_id)));
	jv out = jv_object();

	if (!jv_is_valid(rows)) {
		jv_free(rows);
		return out;
	}
	jv_array_foreach(rows, i, r) {
		jv path = iv_jget(r, "skill_path"), name = iv_jget(r, "skill_name");
		jv paths = jv_get_kind(path) == JV_KIND_STRING && *iv_jstr(path)
			   ? jv_array_append(jv_array(), jv_copy(path)) : paths_of_name(jv_array(), iv_jstr(name));

		jv_array_foreach(paths, j, p) {
			out = jv_object_set(out, p, iv_jget(r, "score"));
		}
		jv_free(paths);
		jv_free(path);
		jv_free(name);
		jv_free(r);
	}
	jv_free(rows);
	return out;
}

static jv
history_of(sqlite3 *db, long long user_id, jv session)
{
	long long sid = (long long)iv_jnum(session, "id", 0);
	long round = (long)iv_jnum(session, "round_number", 1);
	jv rows = iv_db_query(db, IV_ASK_HISTORY_SQL, JV_ARRAY(jv_number((double)user_id), jv_number((double)sid)));
	jv out = jv_object();

	if (!jv_is_valid(rows)) {
		jv_free(rows);
		return out;
	}
	{
		/* The round numbers of the latest earlier sessions. */
		jv recent = iv_db_query(db, "SELECT round_number FROM interview_sessions WHERE user_id = ? "
					"AND id != ? AND round_number < ? ORDER BY round_number DESC LIMIT ?",
					JV_ARRAY(jv_number((double)user_id), jv_number((double)sid),
						 jv_number((double)round), jv_number(IV_ASK_RECENT_SESSIONS)));
		double oldest = 1e18;

		if (jv_is_valid(recent))
			jv_array_foreach(recent, i, r) {
				oldest = iv_jnum(r, "round_number", oldest);
				jv_free(r);
			}
		jv_free(recent);
		jv_array_foreach(rows, i, r) {
			jv qid = iv_jget(r, "qid");
			double rn = iv_jnum(r, "round_number", 0);

			if (jv_get_kind(qid) == JV_KIND_STRING)
				out = jv_object_set(out, qid, JV_OBJECT(jv_string("session_id"), iv_jget(r, "session_id"),
					jv_string("round_number"), jv_number(rn), jv_string("score"), iv_jget(r, "score"),
					jv_string("recent"), jv_bool(rn >= oldest)));
			else
				jv_free(qid);
			jv_free(r);
		}
	}
	jv_free(rows);
	return out;
}

/* The grade of the session's last answer: stored, or worked out now. */
jv
last_grade(jv turns)
{
	int n = jv_array_length(jv_copy(turns));

	for (int i = n - 1; i >= 0; i--) {
		jv t = jv_array_get(jv_copy(turns), i), role = iv_jget(t, "role");
		int answer = !strcmp(iv_jstr(role), "candidate");

		jv_free(role);
		if (answer) {
			jv meta = iv_jget(t, "metadata"), g = iv_jget(meta, "grade");
			long long reply_to = (long long)iv_jnum(t, "reply_to", 0);

			jv_free(meta);
			if (jv_get_kind(g) != JV_KIND_OBJECT && reply_to) {
				jv_free(g);
				g = jv_null();
				for (int j = 0; j < i; j++) {
					jv q = jv_array_get(jv_copy(turns), j);

					if ((long long)iv_jnum(q, "id", 0) == reply_to) {
						jv req = iv_grade_request_for(q, t, NULL);

						jv_free(g);
						g = iv_grade_builtin(req);
						jv_free(req);
					}
					jv_free(q);
				}
			}
			jv_free(t);
			return g;
		}
		jv_free(t);
	}
	return jv_null();
}

jv
iv_ask_context(sqlite3 *db, long long user_id, jv session, const char *lang)
{
	jv resume = jv_null(), jd = jv_null(), plan, turns, ctx, skills, focus = jv_array();
	double rid = iv_jnum(session, "resume_id", 0), jid = iv_jnum(session, "jd_id", 0);
	jv slang = iv_jget(session, "lang");

	if (rid > 0)
		resume = row_or_null(db, "SELECT id, lang, parsed_data, extracted_skills FROM resumes "
				     "WHERE id = ? AND user_id = ?", JV_ARRAY(jv_number(rid), jv_number((double)user_id)));
	if (jid > 0)
		jd = row_or_null(db, "SELECT id, lang, title, company, required_skills, preferred_skills, "
				 "match_analysis FROM job_descriptions WHERE id = ? AND user_id = ?",
				 JV_ARRAY(jv_number(jid), jv_number((double)user_id)));
	plan = row_or_null(db, "SELECT id, plan_data FROM learning_plans WHERE user_id = ? AND status = 'active' "
			   "ORDER BY created_at DESC, id DESC LIMIT 1", JV_ARRAY(jv_number((double)user_id)));
	if (jv_get_kind(plan) == JV_KIND_OBJECT) {
		jv data = iv_jget(plan, "plan_data"), paths = iv_jget(data, "learning_paths");

		if (jv_get_kind(paths) == JV_KIND_ARRAY)
			jv_array_foreach(paths, i, p) {
				jv st = jv_get_kind(p) == JV_KIND_OBJECT ? iv_jget(p, "status") : jv_null();
				jv topic = jv_get_kind(p) == JV_KIND_OBJECT ? iv_jget(p, "topic") : jv_null();

				if ((jv_get_kind(st) == JV_KIND_NULL || !strcmp(iv_jstr(st), "active")) &&
				    jv_get_kind(topic) == JV_KIND_STRING)
					focus = jv_array_append(focus, topic);
				else
					jv_free(topic);
				jv_free(st);
				jv_free(p);
			}
		jv_free(paths);
		jv_free(data);
	}
	jv_free(plan);
	turns = iv_turns(db, (long long)iv_jnum(session, "id", 0));
	if (!jv_is_valid(turns)) {
		jv_free(turns);
		turns = jv_array();
	}
	if (!lang && jv_get_kind(slang) == JV_KIND_STRING)
		lang = iv_jstr(slang);
	lang = pick_lang(lang, resume, jd);

	{
		jv parsed = iv_jget(resume, "parsed_data");
		jv rpaths = paths_of_list(jv_array(), iv_jget(resume, "extracted_skills"));
		jv missing = jv_array();
		jv ma = iv_jget(jd, "match_analysis");

		if (jv_get_kind(parsed) == JV_KIND_OBJECT)
			rpaths = paths_in(rpaths, parsed);
		if (jv_get_kind(ma) == JV_KIND_OBJECT)
			missing = paths_of_list(missing, iv_jget(ma, "missing_skills"));
		jv_free(ma);
		skills = JV_OBJECT(jv_string("required"), paths_of_list(jv_array(), iv_jget(jd, "required_skills")),
			jv_string("preferred"), paths_of_list(jv_array(), iv_jget(jd, "preferred_skills")),
			jv_string("missing"), missing, jv_string("resume"), rpaths,
			jv_string("plan"), paths_of_list(jv_array(), jv_copy(focus)));
		ctx = JV_OBJECT(jv_string("projects"), jv_get_kind(parsed) == JV_KIND_OBJECT ? projects_of(parsed)
			: jv_array());
		jv_free(parsed);
	}
	ctx = jv_object_set(ctx, jv_string("lang"), jv_string(lang));
	ctx = jv_object_set(ctx, jv_string("skills"), skills);
	ctx = jv_object_set(ctx, jv_string("plan_focus"), focus);
	ctx = jv_object_set(ctx, jv_string("scores"), latest_scores(db, user_id));
	ctx = jv_object_set(ctx, jv_string("history"), history_of(db, user_id, session));
	ctx = jv_object_set(ctx, jv_string("last_grade"), last_grade(turns));
	ctx = jv_object_set(ctx, jv_string("turns"), turns);
	ctx = jv_object_set(ctx, jv_string("resume"), resume);
	ctx = jv_object_set(ctx, jv_string("jd"), jd);
	ctx = jv_object_set(ctx, jv_string("session"), session);
	jv_free(slang);
	return ctx;
}
