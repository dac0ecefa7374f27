/* ask.c — the decision agent: the engine table, one step, sessions (see
 * ask.h; the builtin engine is ask_builtin.c). */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "ask.h"
#include "ask_builtin.h"
#include "bank.h"
#include "config.h"
#include "jsonl.h"
#include "msg.h"
#include "session.h"
#include "store.h"
#include "summary.h"

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
