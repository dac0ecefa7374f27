/* grade_turn.c — grading a stored turn (grade.h): the request made from
 * the question and answer turns and the bank, the grade stored with the
 * answer, the answers of a session still without a grade. */
#include <string.h>

#include "bank.h"
#include "delivery_advice.h"
#include "grade.h"
#include "jsonl.h"
#include "session.h"
#include "store.h"
#include "text.h"

/* The follow-up's key point, or every key point of a bank question. */
static jv
points_for_question(jv meta, const char *lang)
{
	jv qid = iv_jget(meta, "question_id"), kp = iv_jget(meta, "key_point");
	const iv_question *q = jv_get_kind(qid) == JV_KIND_STRING ? iv_bank_find(iv_jstr(qid)) : NULL;
	jv pts = jv_invalid();

	if (q) {
		pts = iv_question_points(q, lang);
		if (iv_jbool(meta, "follow_up", 0) && jv_get_kind(kp) == JV_KIND_STRING) {
			jv one = jv_array();

			jv_array_foreach(pts, i, p) {
				jv id = iv_jget(p, "id");

				if (!strcmp(iv_jstr(id), iv_jstr(kp)))
					one = jv_array_append(one, jv_copy(p));
				jv_free(id);
				jv_free(p);
			}
			jv_free(pts);
			pts = jv_array_length(jv_copy(one)) ? one : (jv_free(one), jv_invalid());
		}
	}
	if (!jv_is_valid(pts)) {
		jv_free(pts);
		pts = iv_jget(meta, "key_points");
	}
	jv_free(qid);
	jv_free(kp);
	return pts;
}

jv
iv_grade_request_for(jv qturn, jv aturn, const char *lang)
{
	jv qmeta = iv_jget(qturn, "metadata"), ameta = iv_jget(aturn, "metadata");
	jv qlang = iv_jget(qmeta, "lang"), req, pts, ref;
	jv content = iv_jget(aturn, "content");

	if (!lang)
		lang = jv_get_kind(qlang) == JV_KIND_STRING ? iv_jstr(qlang) : iv_text_lang(iv_jstr(content));
	req = JV_OBJECT(jv_string("question"), iv_jget(qturn, "content"), jv_string("answer"), content,
			jv_string("lang"), jv_string(lang));
	pts = points_for_question(qmeta, lang);
	ref = iv_jget(qmeta, "reference");
	if (jv_get_kind(pts) == JV_KIND_ARRAY)
		req = jv_object_set(req, jv_string("key_points"), pts);
	else
		jv_free(pts);
	if (jv_get_kind(ref) == JV_KIND_STRING)
		req = jv_object_set(req, jv_string("reference"), ref);
	else
		jv_free(ref);
	if (iv_jnum(ameta, "hints", 0) > 0)
		req = jv_object_set(req, jv_string("hints"), jv_number(iv_jnum(ameta, "hints", 0)));
	if (iv_jbool(ameta, "skipped", 0))
		req = jv_object_set(req, jv_string("skipped"), jv_true());
	jv_free(qlang);
	jv_free(qmeta);
	jv_free(ameta);
	return req;
}

static jv
fail_with(jv a, jv b, jv err)
{
	jv_free(a);
	jv_free(b);
	return err;
}

jv
iv_grade_turn(sqlite3 *db, long long user_id, long long turn_id, iv_grade_fn engine, int store)
{
	jv a = iv_turn_get(db, user_id, turn_id), q = jv_null(), role, grade, req;
	long long reply_to;

	if (!jv_is_valid(a))
		return a;
	if (jv_get_kind(a) == JV_KIND_NULL)
		return fail_with(a, q, jv_invalid_with_msg(jv_string_fmt("no turn %lld", turn_id)));
	role = iv_jget(a, "role");
	if (strcmp(iv_jstr(role), "candidate")) {
		jv err = jv_invalid_with_msg(jv_string_fmt("turn %lld is not an answer (its role is %s)",
							   turn_id, iv_jstr(role)));

		jv_free(role);
		return fail_with(a, q, err);
	}
	jv_free(role);
	reply_to = (long long)iv_jnum(a, "reply_to", 0);
	if (!reply_to || jv_get_kind(q = iv_turn_get(db, user_id, reply_to)) != JV_KIND_OBJECT)
		return fail_with(a, q, jv_invalid_with_msg(jv_string_fmt("turn %lld answers no question", turn_id)));
	req = iv_grade_request_for(q, a, NULL);
	{
		iv_grade_env env = { db, user_id, iv_session_get(db, user_id, (long long)iv_jnum(a, "session_id", 0)),
				     store };

		if (!engine) {
			jv e = iv_jget(env.session, "engine");

			engine = iv_grade_engine(iv_jstr(e));
			jv_free(e);
			if (!engine)
				engine = iv_grade_engine("builtin");
		}
		grade = engine(&env, req);
		jv_free(env.session);
	}
	if (jv_is_valid(grade)) {	/* a spoken answer: how it was said, in the feedback */
		jv l = iv_jget(req, "lang");

		grade = iv_delivery_grade(grade, a, iv_jstr(l));
		jv_free(l);
	}
	jv_free(req);
	if (jv_is_valid(grade) && store) {
		jv meta = JV_OBJECT(jv_string("grade"), jv_copy(grade), jv_string("feedback"), iv_jget(grade, "feedback"));
		jv usage = iv_jget(grade, "usage"), row;

		if (jv_get_kind(usage) == JV_KIND_OBJECT)
			meta = jv_object_set(meta, jv_string("usage"), usage);
		else
			jv_free(usage);
		row = iv_turn_update(db, user_id, turn_id, JV_OBJECT(jv_string("score"), iv_jget(grade, "score"),
			jv_string("metadata"), meta));

		if (!jv_is_valid(row)) {
			jv_free(grade);
			return fail_with(a, q, row);
		}
		jv_free(row);
	}
	if (jv_is_valid(grade)) {
		jv meta = iv_jget(q, "metadata");

		grade = jv_object_set(grade, jv_string("turn"), jv_number((double)turn_id));
		grade = jv_object_set(grade, jv_string("session"), iv_jget(a, "session_id"));
		grade = jv_object_set(grade, jv_string("question_id"), iv_jget(meta, "question_id"));
		jv_free(meta);
	}
	return fail_with(a, q, grade);
}

jv
iv_grade_pending(sqlite3 *db, long long user_id, long long session_id)
{
	jv s = iv_session_get(db, user_id, session_id), rows, ids = jv_array();

	if (jv_get_kind(s) != JV_KIND_OBJECT) {
		jv_free(ids);
		if (!jv_is_valid(s))
			return s;
		jv_free(s);
		return jv_invalid_with_msg(jv_string_fmt("no session %lld", session_id));
	}
	jv_free(s);
	rows = iv_db_query(db, "SELECT id FROM conversations WHERE session_id = ? AND role = 'candidate' "
			   "AND reply_to IS NOT NULL AND json_extract(metadata, '$.grade') IS NULL "
			   "ORDER BY sequence_number", JV_ARRAY(jv_number((double)session_id)));
	if (!jv_is_valid(rows)) {
		jv_free(ids);
		return rows;
	}
	jv_array_foreach(rows, i, r) {
		ids = jv_array_append(ids, iv_jget(r, "id"));
		jv_free(r);
	}
	jv_free(rows);
	return ids;
}
