/* ask.c — the decision agent and its builtin engine (see ask.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "ask.h"
#include "ask_follow.h"
#include "bank.h"
#include "buf.h"
#include "config.h"
#include "grade.h"
#include "jsonl.h"
#include "msg.h"
#include "session.h"
#include "skills.h"
#include "store.h"
#include "summary.h"

/* ---- skill paths ---- */

/* a is b, or one lies under the other in the skill tree. */
static int
related(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la == lb)
		return !strcmp(a, b);
	if (la < lb)
		return !strncmp(a, b, la) && b[la] == '/';
	return !strncmp(a, b, lb) && a[lb] == '/';
}

static int
has_str(jv arr, const char *s)
{
	int found = 0;

	jv_array_foreach(arr, i, x) {
		if (!found && jv_get_kind(x) == JV_KIND_STRING && !strcmp(jv_string_value(x), s))
			found = 1;
		jv_free(x);
	}
	return found;
}

static jv
add_path(jv arr, const char *p)
{
	return has_str(arr, p) ? arr : jv_array_append(arr, jv_string(p));
}

/* The paths of skills found by iv_skills_in_text (found is consumed). */
static jv
add_found(jv out, jv found)
{
	jv_array_foreach(found, i, f) {
		jv p = iv_jget(f, "path");

		out = add_path(out, iv_jstr(p));
		jv_free(p);
		jv_free(f);
	}
	jv_free(found);
	return out;
}

/* Paths of the skills a name means: a skill path, a skill's name or alias,
 * a bank topic, or text that mentions skills. */
static jv
paths_of_name(jv out, const char *s)
{
	const iv_skill *sk;

	if (!s || !*s)
		return out;
	if ((sk = iv_skill_by_path(s)) || (sk = iv_skill_find(s)))
		return add_path(out, sk->path);
	for (int i = 0; i < iv_bank_count(); i++)
		if (!strcmp(iv_bank_at(i)->topic, s))
			out = add_path(out, iv_bank_at(i)->skill_path);
	if (jv_array_length(jv_copy(out)) == 0)
		out = add_found(out, iv_skills_in_text(s));
	return out;
}

/* Paths named by a list's items: strings, or objects with a path,
 * skill_path, name or skill field. */
static jv
paths_of_list(jv out, jv list)
{
	static const char *const keys[] = { "skill_path", "path", "name", "skill", "topic", NULL };

	if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		return out;
	}
	jv_array_foreach(list, i, x) {
		if (jv_get_kind(x) == JV_KIND_STRING) {
			jv one = paths_of_name(jv_array(), jv_string_value(x));

			jv_array_foreach(one, j, p) {
				out = add_path(out, jv_string_value(p));
				jv_free(p);
			}
			jv_free(one);
		} else if (jv_get_kind(x) == JV_KIND_OBJECT) {
			for (int k = 0; keys[k]; k++) {
				jv v = iv_jget(x, keys[k]);
				jv one = jv_get_kind(v) == JV_KIND_STRING ? paths_of_name(jv_array(), iv_jstr(v)) : jv_array();
				int n = jv_array_length(jv_copy(one));

				jv_array_foreach(one, j, p) {
					out = add_path(out, jv_string_value(p));
					jv_free(p);
				}
				jv_free(one);
				jv_free(v);
				if (n)
					break;
			}
		}
		jv_free(x);
	}
	jv_free(list);
	return out;
}

/* Every string inside v (borrowed), one per line. */
static void
strings_of(jv v, iv_buf *b)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		iv_buf_puts(b, jv_string_value(v));
		iv_buf_putc(b, '\n');
		break;
	case JV_KIND_ARRAY:
		jv_array_foreach(v, i, x) {
			strings_of(x, b);
			jv_free(x);
		}
		break;
	case JV_KIND_OBJECT:
		jv_object_foreach(v, k, x) {
			strings_of(x, b);
			jv_free(k);
			jv_free(x);
		}
		break;
	default:
		break;
	}
}

static jv
paths_in(jv out, jv v)
{
	iv_buf b = IV_BUF_INIT;
	jv found;

	strings_of(v, &b);
	found = iv_skills_in_text(b.s ? b.s : "");
	iv_buf_free(&b);
	return add_found(out, found);
}

/* The resume's projects and jobs: [{name, paths}]. */
static jv
projects_of(jv parsed)
{
	static const char *const lists[] = { "projects", "work", NULL };
	jv out = jv_array();

	for (int l = 0; lists[l]; l++) {
		jv items = iv_jget(parsed, lists[l]);

		if (jv_get_kind(items) == JV_KIND_ARRAY)
			jv_array_foreach(items, i, it) {
				jv name = jv_get_kind(it) == JV_KIND_OBJECT ? iv_jget(it, "name") : jv_null();
				jv paths = paths_in(jv_array(), it);

				if (jv_get_kind(name) == JV_KIND_STRING && *iv_jstr(name) &&
				    jv_array_length(jv_copy(paths)) > 0)
					out = jv_array_append(out, JV_OBJECT(jv_string("name"), name,
									     jv_string("paths"), paths));
				else {
					jv_free(name);
					jv_free(paths);
				}
				jv_free(it);
			}
		jv_free(items);
	}
	return out;
}

/* ---- the context ---- */

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
static const char *
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
	jv rows = iv_db_query(db, "SELECT skill_name, skill_path, score FROM skill_assessments "
			      "WHERE user_id = ? ORDER BY assessed_at, id", JV_ARRAY(jv_number((double)user_id)));
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
	jv rows = iv_db_query(db,
		/* the last answer to each question: SQLite takes the other
		 * columns from the row where max() is found */
		"SELECT json_extract(q.metadata, '$.question_id') AS qid, s.id AS session_id, "
		"max(s.round_number * 1000000 + a.sequence_number) AS rank, s.round_number, a.score "
		"FROM conversations a "
		"JOIN conversations q ON q.id = a.reply_to "
		"JOIN interview_sessions s ON s.id = a.session_id "
		"WHERE s.user_id = ? AND s.id != ? AND a.role = 'candidate' "
		"AND json_extract(q.metadata, '$.question_id') IS NOT NULL "
		"GROUP BY qid ORDER BY qid",
		JV_ARRAY(jv_number((double)user_id), jv_number((double)sid)));
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
static jv
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

/* ---- the builtin engine: choose ---- */

/* What the builtin engine knows of one skill path of the bank. */
struct sp {
	const char *path;
	int req, pref, missing, on_resume, plan, scored;
	double score;
	int asked;	/* main questions on it in this session */
};

static uint32_t
hash2(long long seed, const char *s)
{
	uint32_t h = 2166136261u;
	char num[32];

	snprintf(num, sizeof num, "%lld:", seed);
	for (const char *p = num; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (const char *p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return h;
}

static int
any_related(jv paths, const char *p)
{
	int r = 0;

	jv_array_foreach(paths, i, x) {
		if (!r && jv_get_kind(x) == JV_KIND_STRING && related(jv_string_value(x), p))
			r = 1;
		jv_free(x);
	}
	return r;
}

static int
bank_has_path(const char *p, size_t len)
{
	for (int i = 0; i < iv_bank_count(); i++) {
		const char *b = iv_bank_at(i)->skill_path;

		if (strlen(b) == len && !strncmp(b, p, len))
			return 1;
	}
	return 0;
}

/* Whether a list of skill paths names the bank's skill path b: b itself,
 * a skill under one of them, or the nearest skill of the bank above one
 * ("data/db/vector/qdrant" names "data/db/vector"). */
static int
names_under(jv list, const char *b, int under)
{
	int r = 0;

	jv_array_foreach(list, i, x) {
		const char *l = jv_get_kind(x) == JV_KIND_STRING ? jv_string_value(x) : "";
		size_t lb = strlen(b), ll = strlen(l);

		if (!r && ll && (!strcmp(l, b) || (under && lb > ll && !strncmp(b, l, ll) && b[ll] == '/')))
			r = 1;
		if (!r && ll > lb && !strncmp(l, b, lb) && l[lb] == '/') {
			/* b is above l: is it the nearest of the bank? */
			size_t n = ll;

			while (n > lb && !bank_has_path(l, n))
				while (--n > lb && l[n] != '/')
					;
			r = n == lb;
		}
		jv_free(x);
	}
	return r;
}

static int
names(jv list, const char *b)
{
	return names_under(list, b, 1);
}

static void
fill_sp(struct sp *s, jv ctx)
{
	jv skills = iv_jget(ctx, "skills"), scores = iv_jget(ctx, "scores");
	jv req = iv_jget(skills, "required"), pref = iv_jget(skills, "preferred");
	jv miss = iv_jget(skills, "missing"), res = iv_jget(skills, "resume"), plan = iv_jget(skills, "plan");
	jv resume = iv_jget(ctx, "resume"), sc = iv_jget(scores, s->path);

	s->req = names(req, s->path);
	s->pref = !s->req && names(pref, s->path);
	s->on_resume = names(res, s->path);
	s->missing = (s->req || s->pref) && (names(miss, s->path) ||
					     (jv_get_kind(resume) == JV_KIND_OBJECT && !s->on_resume));
	/* a plan on LLM fundamentals (ai/llm) is not one on every LLM skill */
	s->plan = names_under(plan, s->path, 0);
	if (jv_get_kind(sc) == JV_KIND_NUMBER) {
		s->scored = 1;
		s->score = jv_number_value(sc);
	}
	jv_free(sc);
	jv_free(resume);
	jv_free(req);
	jv_free(pref);
	jv_free(miss);
	jv_free(res);
	jv_free(plan);
	jv_free(skills);
	jv_free(scores);
}

static int
weak(const struct sp *s)
{
	return s->scored && s->score < 6;
}

static double
tier(const struct sp *s)
{
	/* a skill the resume lacks is a gap until an assessment says otherwise */
	int gap = (s->missing && !s->scored) || weak(s);

	if (s->req && gap)
		return 4;
	if (s->plan)
		return 3;
	if (s->req)
		return 2;
	if (s->pref && gap)
		return 1.5;
	if (s->pref)
		return 1;
	if (s->on_resume || s->scored)
		return 0.5;
	return 0;
}

static jv
reasons(const struct sp *s, iv_buf *why)
{
	jv codes = jv_array();

	iv_buf_reset(why);
	if (s->req) {
		codes = jv_array_append(codes, jv_string("jd_required"));
		iv_buf_puts(why, "the job description requires it");
	} else if (s->pref) {
		codes = jv_array_append(codes, jv_string("jd_preferred"));
		iv_buf_puts(why, "the job description prefers it");
	}
	if (s->missing) {
		codes = jv_array_append(codes, jv_string("resume_missing"));
		iv_buf_printf(why, "%snot on the resume", why->len ? "; " : "");
	}
	if (weak(s)) {
		codes = jv_array_append(codes, jv_string("weak_score"));
		iv_buf_printf(why, "%slast assessed at %.1f", why->len ? "; " : "", s->score);
	}
	if (s->plan) {
		codes = jv_array_append(codes, jv_string("plan_focus"));
		iv_buf_printf(why, "%sin the active learning plan", why->len ? "; " : "");
	}
	if (!jv_array_length(jv_copy(codes)) && s->on_resume) {
		codes = jv_array_append(codes, jv_string("on_resume"));
		iv_buf_puts(why, "on the resume");
	}
	if (!jv_array_length(jv_copy(codes))) {
		codes = jv_array_append(codes, jv_string("explore"));
		iv_buf_puts(why, "broadening the practice");
	}
	return codes;
}

/* The session's questions so far. */
struct asked {
	int main_count;
	jv qids;		/* question ids asked */
	jv last_q;		/* the last question turn, or null */
	jv last_a;		/* its answer, or null */
	double last_main_score;	/* -1: none */
};

static void
read_turns(jv ctx, struct asked *a)
{
	jv turns = iv_jget(ctx, "turns"), g = iv_jget(ctx, "last_grade");

	a->main_count = 0;
	a->qids = jv_array();
	a->last_q = jv_null();
	a->last_a = jv_null();
	a->last_main_score = -1;
	jv_array_foreach(turns, i, t) {
		jv role = iv_jget(t, "role"), meta = iv_jget(t, "metadata");

		if (!strcmp(iv_jstr(role), "interviewer") && jv_get_kind(meta) == JV_KIND_OBJECT) {
			jv type = iv_jget(meta, "type"), qid = iv_jget(meta, "question_id");

			if (!strcmp(iv_jstr(type), "question")) {
				if (!iv_jbool(meta, "follow_up", 0))
					a->main_count++;
				if (jv_get_kind(qid) == JV_KIND_STRING)
					a->qids = add_path(a->qids, iv_jstr(qid));
				jv_free(a->last_q);
				a->last_q = jv_copy(t);
				jv_free(a->last_a);
				a->last_a = jv_null();
			}
			jv_free(type);
			jv_free(qid);
		} else if (!strcmp(iv_jstr(role), "candidate") && jv_get_kind(a->last_q) == JV_KIND_OBJECT &&
			   iv_jnum(t, "reply_to", 0) == iv_jnum(a->last_q, "id", -1)) {
			jv_free(a->last_a);
			a->last_a = jv_copy(t);
		}
		jv_free(role);
		jv_free(meta);
		jv_free(t);
	}
	jv_free(turns);
	if (jv_get_kind(g) == JV_KIND_OBJECT && jv_get_kind(a->last_q) == JV_KIND_OBJECT) {
		jv meta = iv_jget(a->last_q, "metadata");

		/* an unsure grade (grade.h: confidence) moves the difficulty less */
		if (!iv_jbool(meta, "follow_up", 0) && iv_jnum(g, "score", -1) >= 0)
			a->last_main_score = 5 + (iv_jnum(g, "score", 0) - 5) * iv_jnum(g, "confidence", 1);
		jv_free(meta);
	}
	jv_free(g);
}

static void
asked_free(struct asked *a)
{
	jv_free(a->qids);
	jv_free(a->last_q);
	jv_free(a->last_a);
}

/* The key points the grader will look for, in lang. */
static jv
grading_points(const iv_question *q, const char *lang, const char *only)
{
	jv pts = iv_question_points(q, lang), out = jv_array();

	jv_array_foreach(pts, i, p) {
		jv id = iv_jget(p, "id");

		if (!only || !strcmp(iv_jstr(id), only))
			out = jv_array_append(out, JV_OBJECT(jv_string("id"), jv_copy(id),
				jv_string("text"), iv_jget(p, "text"),
				jv_string("weight"), jv_number(only ? 1 : iv_jnum(p, "weight", 0)),
				jv_string("terms"), iv_jget(p, "terms")));
		jv_free(id);
		jv_free(p);
	}
	jv_free(pts);
	return out;
}

/* Follow up once on the most important key point the last answer missed. */
static jv
choose_follow_up(jv ctx, struct asked *a, const char *lang)
{
	jv meta, qid, g, missed, choice = jv_null();
	const iv_question *q;

	if (jv_get_kind(a->last_a) != JV_KIND_OBJECT)
		return choice;
	meta = iv_jget(a->last_q, "metadata");
	qid = iv_jget(meta, "question_id");
	g = iv_jget(ctx, "last_grade");
	{
		jv am = iv_jget(a->last_a, "metadata"), content = iv_jget(a->last_a, "content");
		int skipped = iv_jbool(am, "skipped", 0) || iv_follow_up_declined(iv_jstr(content));

		jv_free(am);
		jv_free(content);
		if (skipped || iv_jbool(meta, "follow_up", 0) || jv_get_kind(g) != JV_KIND_OBJECT ||
		    !(q = iv_bank_find(iv_jstr(qid)))) {
			jv_free(meta);
			jv_free(qid);
			jv_free(g);
			return choice;
		}
	}
	missed = iv_jget(g, "missed_points");
	{
		const char *kp = iv_follow_up_point(q, missed);
		jv id = kp ? jv_string(kp) : jv_null();

		if (kp) {
			choice = JV_OBJECT(jv_string("type"), jv_string("question"),
				jv_string("question_id"), jv_string(q->id), jv_string("topic"), jv_string(q->topic),
				jv_string("skill_path"), jv_string(q->skill_path),
				jv_string("difficulty"), jv_number(q->difficulty),
				jv_string("round"), iv_jget(meta, "round"), jv_string("follow_up"), jv_true(),
				jv_string("key_point"), jv_copy(id), jv_string("parent_turn"), iv_jget(a->last_q, "id"));
			choice = jv_object_set(choice, jv_string("key_points"), grading_points(q, lang, iv_jstr(id)));
			choice = jv_object_set(choice, jv_string("reason"),
				jv_string_fmt("follow-up on the key point '%s' the last answer missed", iv_jstr(id)));
			choice = jv_object_set(choice, jv_string("reason_codes"), JV_ARRAY(jv_string("follow_up")));
		}
		jv_free(id);
	}
	jv_free(missed);
	jv_free(meta);
	jv_free(qid);
	jv_free(g);
	return choice;
}

/* The difficulty to aim at: rises with the user's round, the skill's
 * score and the session's progress. */
static double
target_difficulty(long round, const struct sp *s, const struct asked *a)
{
	double t = 1.0 + 0.3 * (double)(round - 1 < 4 ? round - 1 : 4);

	if (s->scored)
		t += (s->score - 5) * 0.2;
	t += 0.15 * a->main_count;
	if (a->last_main_score >= 8)
		t += 0.3;
	else if (a->last_main_score >= 0 && a->last_main_score <= 3)
		t -= 0.3;
	return t < 1 ? 1 : t > 3 ? 3 : t;
}

static jv
choose_builtin(const iv_ask_env *env, jv ctx)
{
	jv session = iv_jget(ctx, "session"), history = iv_jget(ctx, "history"), lang_v = iv_jget(ctx, "lang");
	long long sid = (long long)iv_jnum(session, "id", 0);
	long round = (long)iv_jnum(session, "round_number", 1);
	int max_rounds = (int)iv_jnum(session, "max_rounds", 5), nq = iv_bank_count(), nsp = 0;
	struct sp *sps = iv_xcalloc((size_t)nq + 1, sizeof *sps);
	struct asked a;
	jv choice;
	const iv_question *best = NULL;
	double best_v = -1e18;
	int best_revisit = 0, best_sp = -1;
	const char *lang = iv_jstr(lang_v);

	(void)env;
	read_turns(ctx, &a);
	choice = choose_follow_up(ctx, &a, lang);
	if (jv_get_kind(choice) == JV_KIND_OBJECT)
		goto out;
	jv_free(choice);
	if (a.main_count >= max_rounds) {
		choice = JV_OBJECT(jv_string("type"), jv_string("done"),
			jv_string("reason"), jv_string_fmt("%d of %d rounds done", a.main_count, max_rounds));
		goto out;
	}

	/* The bank's skill paths and what the context says of each. */
	for (int i = 0; i < nq; i++) {
		const char *p = iv_bank_at(i)->skill_path;
		int k;

		for (k = 0; k < nsp && strcmp(sps[k].path, p); k++)
			;
		if (k == nsp) {
			sps[nsp].path = p;
			fill_sp(&sps[nsp], ctx);
			nsp++;
		}
	}
	{
		jv turns = iv_jget(ctx, "turns");

		jv_array_foreach(turns, i, t) {
			jv meta = iv_jget(t, "metadata"), p = iv_jget(meta, "skill_path");

			if (jv_get_kind(p) == JV_KIND_STRING && !iv_jbool(meta, "follow_up", 0))
				for (int k = 0; k < nsp; k++)
					if (!strcmp(sps[k].path, iv_jstr(p)))
						sps[k].asked++;
			jv_free(p);
			jv_free(meta);
			jv_free(t);
		}
		jv_free(turns);
	}

	/* The best question: its skill's priority, a difficulty near the
	 * target, fresh rather than answered before, and a stable tie-break
	 * seeded by the session. Asked recently: only when nothing else is. */
	for (int pass = 0; pass < 2 && !best; pass++)
		for (int i = 0; i < nq; i++) {
			const iv_question *q = iv_bank_at(i);
			jv h = iv_jget(history, q->id);
			struct sp *s = NULL;
			double v, topic_asked = 0;
			int revisit = 0, k;

			if (has_str(a.qids, q->id) ||
			    (pass == 0 && jv_get_kind(h) == JV_KIND_OBJECT && iv_jbool(h, "recent", 0))) {
				jv_free(h);
				continue;
			}
			for (k = 0; k < nsp; k++)
				if (!strcmp(sps[k].path, q->skill_path))
					s = &sps[k];
			for (k = 0; k < nq; k++)
				if (has_str(a.qids, iv_bank_at(k)->id) && !strcmp(iv_bank_at(k)->topic, q->topic) &&
				    strcmp(iv_bank_at(k)->skill_path, q->skill_path))
					topic_asked++;
			v = 10 * tier(s) + (s->scored ? (10 - s->score) * 0.5 : 2.5) - 15.0 * s->asked - 8 * topic_asked;
			v -= 3 * fabs(q->difficulty - target_difficulty(round, s, &a));
			v += (double)(hash2(sid, q->id) % 1000) / 1000.0;
			if (jv_get_kind(h) == JV_KIND_OBJECT) {
				double sc = iv_jnum(h, "score", 10);

				revisit = 1;
				v += sc < 5 ? 2 : -5;	/* a weak answer is worth another try */
				if (pass == 1)
					v -= 20;
			}
			if (v > best_v) {
				best_v = v;
				best = q;
				best_revisit = revisit;
				best_sp = (int)(s - sps);
			}
			jv_free(h);
		}
	if (!best) {
		choice = JV_OBJECT(jv_string("type"), jv_string("done"),
			jv_string("reason"), jv_string("no questions left in the bank for this session"));
		goto out;
	}
	{
		iv_buf why = IV_BUF_INIT;
		jv codes = reasons(&sps[best_sp], &why);

		choice = JV_OBJECT(jv_string("type"), jv_string("question"),
			jv_string("question_id"), jv_string(best->id), jv_string("topic"), jv_string(best->topic),
			jv_string("skill_path"), jv_string(best->skill_path),
			jv_string("difficulty"), jv_number(best->difficulty),
			jv_string("round"), jv_number(a.main_count + 1), jv_string("follow_up"), jv_false());
		choice = jv_object_set(choice, jv_string("key_points"), grading_points(best, lang, NULL));
		if (best_revisit) {
			jv h = iv_jget(history, best->id);

			codes = jv_array_append(codes, jv_string("revisit"));
			iv_buf_printf(&why, "; asked again on purpose: scored %.1f in round %.0f",
				      iv_jnum(h, "score", 0), iv_jnum(h, "round_number", 0));
			choice = jv_object_set(choice, jv_string("revisit"), JV_OBJECT(
				jv_string("session_id"), iv_jget(h, "session_id"),
				jv_string("round_number"), iv_jget(h, "round_number"), jv_string("score"), iv_jget(h, "score")));
			jv_free(h);
		}
		choice = jv_object_set(choice, jv_string("reason"), jv_string(why.s));
		choice = jv_object_set(choice, jv_string("reason_codes"), codes);
		iv_buf_free(&why);
	}
out:
	asked_free(&a);
	free(sps);
	jv_free(session);
	jv_free(history);
	jv_free(lang_v);
	return choice;
}

/* ---- the builtin engine: word ---- */

static int
has_code(jv choice, const char *code)
{
	jv codes = iv_jget(choice, "reason_codes");
	int r = jv_get_kind(codes) == JV_KIND_ARRAY && has_str(codes, code);

	jv_free(codes);
	return r;
}

/* Bank texts that open the conversation themselves need no opener of ours. */
static int
opens_itself(const char *t, int zh)
{
	static const char *const en[] = { "Let's", "Let us", "Say ", "Imagine", "Suppose", "Picture", NULL };
	static const char *const cn[] = { "先", "我们", "聊聊", "假设", "想象", "设想", NULL };

	for (const char *const *p = zh ? cn : en; *p; p++)
		if (!strncmp(t, *p, strlen(*p)))
			return 1;
	return 0;
}

/* Whether an earlier question of the session mentions text. */
static int
named_before(jv ctx, const char *text)
{
	jv turns = iv_jget(ctx, "turns");
	int found = 0;

	jv_array_foreach(turns, i, t) {
		jv role = iv_jget(t, "role"), content = iv_jget(t, "content");

		found |= !strcmp(iv_jstr(role), "interviewer") && strstr(iv_jstr(content), text) != NULL;
		jv_free(role);
		jv_free(content);
		jv_free(t);
	}
	jv_free(turns);
	return found;
}

static jv
word_builtin(const iv_ask_env *env, jv ctx, jv choice)
{
	jv lang_v = iv_jget(ctx, "lang"), qid = iv_jget(choice, "question_id");
	int zh = !strcmp(iv_jstr(lang_v), "zh"), l = zh ? IV_ZH : IV_EN;
	const iv_question *q = iv_bank_find(iv_jstr(qid));
	iv_buf b = IV_BUF_INIT;
	double round = iv_jnum(choice, "round", 1);
	uint32_t h;

	(void)env;
	jv_free(lang_v);
	jv_free(qid);
	if (!q)
		return jv_string("");
	h = hash2((long long)round, q->id);
	if (iv_jbool(choice, "follow_up", 0)) {
		static const char *const en[] = { "Thanks. A quick follow-up: ", "Got it. Let me dig into one part: ",
						  "Thanks. One more on that: " };
		static const char *const cn[] = { "好的，顺着这个追问一下：", "明白了，我们再深挖一点：",
						  "谢谢，接着追问一个小点：" };
		jv kp = iv_jget(choice, "key_point");

		iv_buf_puts(&b, zh ? cn[h % 3] : en[h % 3]);
		iv_follow_up_text(&b, q, iv_jstr(kp), l, h / 3);
		jv_free(kp);
	} else {
		const iv_skill *sk = iv_skill_by_path(q->skill_path);
		const char *skill = sk ? (zh ? sk->zh : sk->name) : q->skill_path;
		jv projects = iv_jget(ctx, "projects"), skills = iv_jget(ctx, "skills");
		jv rpaths = iv_jget(skills, "resume");
		char *project = NULL;

		jv_array_foreach(projects, i, p) {
			jv paths = iv_jget(p, "paths");

			if (!project && any_related(paths, q->skill_path)) {
				jv name = iv_jget(p, "name");

				/* each project named once a session, so it stays personal */
				if (!named_before(ctx, iv_jstr(name)))
					project = iv_xstrdup(iv_jstr(name));
				jv_free(name);
			}
			jv_free(paths);
			jv_free(p);
		}
		if (has_code(choice, "revisit"))
			iv_buf_puts(&b, zh ? "这道题之前练过，再来一次，看看有没有进步。"
				     : "We tried this one in an earlier round; let's see how it feels now. ");
		else if (project)
			iv_buf_printf(&b, zh ? "你在「%s」里用过%s，我们结合那段经历来聊。"
				      : "On %s you worked with %s, so this should feel familiar. ", project, skill);
		else if (any_related(rpaths, q->skill_path))
			iv_buf_printf(&b, zh ? "你简历里提到了%s，我们来深入聊聊。"
				      : "Your resume mentions %s, so let's dig into it a little. ", skill);
		else if (has_code(choice, "jd_required"))
			iv_buf_printf(&b, zh ? "这个岗位很看重%s，值得好好练一练。"
				      : "This role leans on %s, so it is worth practising. ", skill);
		else if (has_code(choice, "plan_focus"))
			iv_buf_printf(&b, zh ? "%s在你的学习计划里，我们看看掌握得怎么样了。"
				      : "%s is in your learning plan, so let's see how it is going. ", skill);
		else if (!opens_itself(q->text[l], zh)) {
			static const char *const en[] = { "Next, let's talk about %s. ", "Let's switch to %s. ",
							  "Here is one on %s. " };
			static const char *const cn[] = { "接下来聊聊%s。", "我们换到%s这个话题。", "来一道关于%s的题。" };
			const char *topic = iv_bank_topic_name(q->topic, zh ? "zh" : "en");

			if (round == 1)
				iv_buf_puts(&b, zh ? "我们先热个身。" : "Let's warm up. ");
			else
				iv_buf_printf(&b, zh ? cn[h % 3] : en[h % 3], topic);
		}
		iv_buf_puts(&b, q->text[l]);
		free(project);
		jv_free(rpaths);
		jv_free(skills);
		jv_free(projects);
	}
	{
		jv s = jv_string(b.s ? b.s : "");

		iv_buf_free(&b);
		return s;
	}
}

static const iv_ask_engine builtin = { "builtin", choose_builtin, word_builtin };

const iv_ask_engine *
iv_ask_engine_builtin(void)
{
	return &builtin;
}

/* The engines a program offers: builtin, and those it adds. */
static const iv_ask_engine *engines[8] = { &builtin };

void
iv_ask_engine_add(const iv_ask_engine *e)
{
	size_t i = 0;

	while (i < sizeof engines / sizeof *engines - 1 && engines[i] && engines[i] != e)
		i++;
	engines[i] = e;
}

const iv_ask_engine *
iv_ask_engine_find(const char *name)
{
	if (!name)
		return &builtin;
	for (size_t i = 0; i < sizeof engines / sizeof *engines && engines[i]; i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}

/* ---- one step ---- */

static int
by_weight_desc(jv a, jv b)
{
	double x = iv_jnum(a, "weight", 0), y = iv_jnum(b, "weight", 0);

	return x > y ? -1 : x < y;
}

/* The key points' texts, most important first. */
static jv
hints_of(jv meta)
{
	jv kps = iv_jget(meta, "key_points"), out = jv_array();
	int n;

	if (jv_get_kind(kps) != JV_KIND_ARRAY) {
		jv_free(kps);
		return out;
	}
	n = jv_array_length(jv_copy(kps));
	/* a small insertion sort keeps equal weights in bank order */
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0; j--) {
			jv x = jv_array_get(jv_copy(kps), j - 1), y = jv_array_get(jv_copy(kps), j);

			if (by_weight_desc(x, y) > 0) {
				kps = jv_array_set(kps, j - 1, y);
				kps = jv_array_set(kps, j, x);
			} else {
				jv_free(x);
				jv_free(y);
				break;
			}
		}
	jv_array_foreach(kps, i, k) {
		out = jv_array_append(out, iv_jget(k, "text"));
		jv_free(k);
	}
	jv_free(kps);
	return out;
}

static jv
question_line(jv session, jv turn, jv meta, int reused)
{
	jv lang = iv_jget(meta, "lang"), topic = iv_jget(meta, "topic");
	jv line = JV_OBJECT(jv_string("type"), jv_string("question"), jv_string("session"), iv_jget(session, "id"),
		jv_string("sequence"), iv_jget(turn, "sequence_number"), jv_string("turn_id"), iv_jget(turn, "id"),
		jv_string("round"), iv_jget(meta, "round"), jv_string("max_rounds"), iv_jget(session, "max_rounds"),
		jv_string("topic"), jv_copy(topic));

	line = jv_object_set(line, jv_string("topic_name"),
			     jv_string(iv_bank_topic_name(iv_jstr(topic), iv_jstr(lang))));
	line = jv_object_set(line, jv_string("skill_path"), iv_jget(meta, "skill_path"));
	line = jv_object_set(line, jv_string("difficulty"), iv_jget(meta, "difficulty"));
	line = jv_object_set(line, jv_string("question_id"), iv_jget(meta, "question_id"));
	line = jv_object_set(line, jv_string("text"), iv_jget(turn, "content"));
	line = jv_object_set(line, jv_string("follow_up"), jv_bool(iv_jbool(meta, "follow_up", 0)));
	line = jv_object_set(line, jv_string("hints"), hints_of(meta));
	line = jv_object_set(line, jv_string("lang"), lang);
	line = jv_object_set(line, jv_string("reused"), jv_bool(reused));
	jv_free(topic);
	return line;
}

/* The last question of the session when it has no answer yet. */
static jv
unanswered(jv turns)
{
	jv q = jv_null();

	jv_array_foreach(turns, i, t) {
		jv role = iv_jget(t, "role"), meta = iv_jget(t, "metadata"), type = iv_jget(meta, "type");

		if (!strcmp(iv_jstr(role), "interviewer") && !strcmp(iv_jstr(type), "question")) {
			jv_free(q);
			q = jv_copy(t);
		} else if (!strcmp(iv_jstr(role), "candidate") && jv_get_kind(q) == JV_KIND_OBJECT &&
			   iv_jnum(t, "reply_to", 0) == iv_jnum(q, "id", -1)) {
			jv_free(q);
			q = jv_null();
		}
		jv_free(type);
		jv_free(meta);
		jv_free(role);
		jv_free(t);
	}
	jv_free(turns);
	return q;
}

static int
is_question(jv choice)
{
	jv t = iv_jget(choice, "type");
	int r = !strcmp(iv_jstr(t), "question");

	jv_free(t);
	return r;
}

/* A question chosen and worded, not yet stored (see iv_ask_next). */
struct planned {
	jv session, meta, turn;
};

/* The next question of a session. With plan, a new question is not stored:
 * it is handed back in *plan and the result is jv_true(). */
static jv
step(sqlite3 *db, long long user_id, long long session_id, const char *lang, struct planned *plan)
{
	jv s = iv_session_get(db, user_id, session_id), st, pending, ctx, choice, meta, turn, out, text;
	const iv_ask_engine *eng;
	iv_ask_env env = { db, user_id, plan != NULL };

	if (!jv_is_valid(s))
		return s;
	if (jv_get_kind(s) == JV_KIND_NULL)
		return jv_invalid_with_msg(jv_string_fmt("no session %lld", session_id));
	st = iv_jget(s, "status");
	if (strcmp(iv_jstr(st), "ongoing")) {
		if (!strcmp(iv_jstr(st), "paused"))
			out = jv_invalid_with_msg(jv_string_fmt("session %lld is paused; 'iv interview --continue "
								"%lld' resumes it", session_id, session_id));
		else
			out = jv_invalid_with_msg(jv_string_fmt("session %lld is %s; a finished interview takes "
								"no more questions", session_id, iv_jstr(st)));
		jv_free(st);
		jv_free(s);
		return out;
	}
	jv_free(st);
	if (iv_bank_count() == 0) {
		jv_free(s);
		return jv_invalid_with_msg(jv_string_fmt("no questions in %s", iv_bank_dir()));
	}
	pending = unanswered(iv_turns(db, session_id));
	if (jv_get_kind(pending) == JV_KIND_OBJECT) {
		meta = iv_jget(pending, "metadata");
		out = question_line(s, pending, meta, 1);
		jv_free(meta);
		jv_free(pending);
		jv_free(s);
		return out;
	}
	jv_free(pending);
	{
		jv e = iv_jget(s, "engine");

		eng = iv_ask_engine_find(iv_jstr(e));
		jv_free(e);
		if (!eng)
			eng = iv_ask_engine_builtin();
	}
	ctx = iv_ask_context(db, user_id, jv_copy(s), lang);
	choice = eng->choose(&env, ctx);
	if (!jv_is_valid(choice) || !is_question(choice)) {
		int rounds = 0;
		jv turns = iv_jget(ctx, "turns");

		jv_array_foreach(turns, i, t) {
			jv m = iv_jget(t, "metadata"), type = iv_jget(m, "type");

			rounds += !strcmp(iv_jstr(type), "question") && !iv_jbool(m, "follow_up", 0);
			jv_free(type);
			jv_free(m);
			jv_free(t);
		}
		jv_free(turns);
		if (jv_is_valid(choice))
			out = JV_OBJECT(jv_string("type"), jv_string("done"), jv_string("session"), iv_jget(s, "id"),
				jv_string("reason"), iv_jget(choice, "reason"), jv_string("rounds"), jv_number(rounds),
				jv_string("max_rounds"), iv_jget(s, "max_rounds"));
		else
			out = jv_copy(choice);
		jv_free(choice);
		jv_free(ctx);
		jv_free(s);
		return out;
	}
	meta = jv_object_merge(JV_OBJECT(jv_string("type"), jv_string("question")), jv_copy(choice));
	meta = jv_object_set(meta, jv_string("lang"), iv_jget(ctx, "lang"));
	meta = jv_object_set(meta, jv_string("engine"), jv_string(eng->name));
	text = eng->word(&env, ctx, choice);
	if (jv_get_kind(text) == JV_KIND_OBJECT) {
		jv extra = iv_jget(text, "metadata");

		if (jv_get_kind(extra) == JV_KIND_OBJECT)
			meta = jv_object_merge(meta, extra);
		else
			jv_free(extra);
		text = jv_object_get(text, jv_string("text"));
	}
	turn = JV_OBJECT(jv_string("role"), jv_string("interviewer"), jv_string("content"), text,
			 jv_string("metadata"), jv_copy(meta));
	if (plan) {
		plan->session = s;
		plan->meta = meta;
		plan->turn = turn;
		jv_free(choice);
		jv_free(ctx);
		return jv_true();
	}
	{
		jv n = iv_db_row(db, "SELECT coalesce(max(sequence_number), 0) + 1 AS n FROM conversations "
				 "WHERE session_id = ?", JV_ARRAY(jv_number((double)session_id)));

		turn = jv_object_set(turn, jv_string("sequence_number"), iv_jget(n, "n"));
		turn = jv_object_set(turn, jv_string("id"), jv_null());
		jv_free(n);
	}
	out = question_line(s, turn, meta, 0);
	jv_free(turn);
	jv_free(meta);
	jv_free(choice);
	jv_free(ctx);
	jv_free(s);
	return out;
}

jv
iv_ask_next(sqlite3 *db, long long user_id, long long session_id, const char *lang, int store)
{
	struct planned p;
	jv out, pending;

	if (!store)
		return step(db, user_id, session_id, lang, NULL);
	/* Choosing and wording take no lock: with the llm engine they wait for
	 * a server, and a writer such as `iv sync` must not wait with them.
	 * Storing is one short transaction that first checks that nobody asked
	 * meanwhile, so two askers never both add a question. */
	out = step(db, user_id, session_id, lang, &p);
	if (jv_get_kind(out) != JV_KIND_TRUE)
		return out;
	jv_free(out);
	if (iv_db_begin(db) < 0) {
		out = jv_invalid_with_msg(jv_string("can't start a transaction"));
		goto done;
	}
	pending = unanswered(iv_turns(db, session_id));
	if (jv_get_kind(pending) == JV_KIND_OBJECT) {
		jv meta = iv_jget(pending, "metadata");

		out = question_line(p.session, pending, meta, 1);
		jv_free(meta);
		jv_free(pending);
		iv_db_rollback(db);
		goto done;
	}
	jv_free(pending);
	out = iv_turn_add(db, session_id, jv_copy(p.turn));
	if (!jv_is_valid(out)) {
		iv_db_rollback(db);
		goto done;
	}
	if (iv_db_commit(db) < 0) {
		jv_free(out);
		out = jv_invalid_with_msg(jv_string_fmt("can't write the question: %s", iv_db_error(db)));
		goto done;
	}
	{
		jv turn = out;

		out = question_line(p.session, turn, p.meta, 0);
		jv_free(turn);
	}
done:
	jv_free(p.session);
	jv_free(p.meta);
	jv_free(p.turn);
	return out;
}

/* ---- sessions ---- */

static jv
session_line(jv s)
{
	jv line = JV_OBJECT(jv_string("type"), jv_string("session"), jv_string("session"), iv_jget(s, "id"),
		jv_string("status"), iv_jget(s, "status"), jv_string("round_number"), iv_jget(s, "round_number"),
		jv_string("max_rounds"), iv_jget(s, "max_rounds"), jv_string("lang"), iv_jget(s, "lang"),
		jv_string("resume_id"), iv_jget(s, "resume_id"), jv_string("jd_id"), iv_jget(s, "jd_id"));

	line = jv_object_set(line, jv_string("engine"), iv_jget(s, "engine"));
	{
		jv model = iv_jget(s, "model");

		if (jv_get_kind(model) == JV_KIND_STRING)
			line = jv_object_set(line, jv_string("model"), model);
		else
			jv_free(model);
	}
	jv_free(s);
	return line;
}

/* The user's resume or JD with this id, else the default, else the latest. */
static jv
owned(sqlite3 *db, const char *table, long long user_id, long long id)
{
	char *sql;
	jv r;

	if (id > 0) {
		sql = iv_xasprintf("SELECT id, lang FROM %s WHERE id = ? AND user_id = ?", table);
		r = iv_db_row(db, sql, JV_ARRAY(jv_number((double)id), jv_number((double)user_id)));
	} else {
		sql = iv_xasprintf("SELECT id, lang FROM %s WHERE user_id = ? "
				   "ORDER BY is_default DESC, created_at DESC, id DESC LIMIT 1", table);
		r = iv_db_row(db, sql, JV_ARRAY(jv_number((double)user_id)));
	}
	free(sql);
	return r;
}

jv
iv_ask_start(sqlite3 *db, long long user_id, long long resume_id, long long jd_id, int rounds,
	     const char *lang)
{
	jv resume = owned(db, "resumes", user_id, resume_id), jd = owned(db, "job_descriptions", user_id, jd_id);
	jv fields, s;

	if (!jv_is_valid(resume) || !jv_is_valid(jd)) {
		jv e = jv_is_valid(resume) ? jd : resume;

		jv_free(jv_is_valid(resume) ? resume : jd);
		return e;
	}
	if (resume_id > 0 && jv_get_kind(resume) == JV_KIND_NULL) {
		jv_free(jd);
		return jv_invalid_with_msg(jv_string_fmt("no resume %lld", resume_id));
	}
	if (jd_id > 0 && jv_get_kind(jd) == JV_KIND_NULL) {
		jv_free(resume);
		return jv_invalid_with_msg(jv_string_fmt("no job description %lld", jd_id));
	}
	if (rounds <= 0)
		rounds = (int)iv_config_int("interview.rounds", 5);
	fields = JV_OBJECT(jv_string("session_type"), jv_string("mock"),
		jv_string("lang"), jv_string(pick_lang(lang, resume, jd)),
		jv_string("max_rounds"), jv_number(rounds),
		jv_string("engine"), jv_string(iv_config_str("engine", "builtin")));
	if (iv_agent_is_llm(NULL)) {
		/* the session keeps these whatever IV_MODEL says later */
		jv llm = iv_agent_session_llm();

		if (jv_get_kind(llm) == JV_KIND_OBJECT) {
			fields = jv_object_set(fields, jv_string("model"), iv_jget(llm, "model"));
			fields = jv_object_set(fields, jv_string("metadata"),
					       JV_OBJECT(jv_string("provider"), iv_jget(llm, "provider")));
		}
		jv_free(llm);
	}
	if (jv_get_kind(resume) == JV_KIND_OBJECT)
		fields = jv_object_set(fields, jv_string("resume_id"), iv_jget(resume, "id"));
	if (jv_get_kind(jd) == JV_KIND_OBJECT)
		fields = jv_object_set(fields, jv_string("jd_id"), iv_jget(jd, "id"));
	jv_free(resume);
	jv_free(jd);
	s = iv_session_create(db, user_id, fields);
	if (!jv_is_valid(s))
		return s;
	{
		jv lang_v = iv_jget(s, "lang");
		jv last = iv_summary_last_round(db, user_id, (int)iv_jnum(s, "round_number", 1), iv_jstr(lang_v));

		jv_free(lang_v);
		if (!jv_is_valid(last)) {
			/* the new session is made; only its opening line misses the last round */
			jv msg = jv_invalid_get_msg(last);

			iv_warn("the last interview's summary: %s", iv_jstr(msg));
			jv_free(msg);
			last = jv_null();
		}
		return jv_object_set(session_line(s), jv_string("last_round"), last);
	}
}

jv
iv_ask_unfinished(sqlite3 *db, long long user_id, long long id)
{
	jv s;

	if (id > 0) {
		jv st;

		s = iv_session_get(db, user_id, id);
		if (!jv_is_valid(s))
			return s;
		if (jv_get_kind(s) == JV_KIND_NULL)
			return jv_invalid_with_msg(jv_string_fmt("no session %lld", id));
		st = iv_jget(s, "status");
		if (strcmp(iv_jstr(st), "ongoing") && strcmp(iv_jstr(st), "paused")) {
			jv e = jv_invalid_with_msg(jv_string_fmt("session %lld is %s; only an ongoing or paused "
								 "interview can be continued", id, iv_jstr(st)));

			jv_free(st);
			jv_free(s);
			return e;
		}
		jv_free(st);
		return session_line(s);
	}
	s = iv_db_row(db, "SELECT id FROM interview_sessions WHERE user_id = ? AND status IN ('ongoing', 'paused') "
		      "ORDER BY created_at DESC, id DESC LIMIT 1", JV_ARRAY(jv_number((double)user_id)));
	if (jv_get_kind(s) != JV_KIND_OBJECT)
		return s;
	id = (long long)iv_jnum(s, "id", 0);
	jv_free(s);
	return session_line(iv_session_get(db, user_id, id));
}
