#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "jsonl.h"
#include "maxsize.h"
#include "msg.h"
#include "session.h"
#include "store.h"

static const char *const statuses[] = { "ongoing", "paused", "completed", "cancelled", NULL };

int
iv_session_status_valid(const char *s)
{
	for (int i = 0; statuses[i]; i++)
		if (!strcmp(s, statuses[i]))
			return 1;
	return 0;
}

int
iv_session_transition_ok(const char *from, const char *to)
{
	if (!iv_session_status_valid(from) || !iv_session_status_valid(to))
		return 0;
	if (!strcmp(from, "completed") || !strcmp(from, "cancelled"))
		return 0;
	return 1;	/* ongoing and paused may go anywhere, including themselves */
}

/* Run body in a transaction of its own unless the caller has one. */
static int
own_begin(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		return 0;
	return iv_db_begin(db) < 0 ? -1 : 1;
}

static jv
own_end(sqlite3 *db, int own, jv result)
{
	if (own != 1)
		return result;
	if (!jv_is_valid(result)) {
		iv_db_rollback(db);
		return result;
	}
	if (iv_db_commit(db) < 0) {
		jv_free(result);
		return jv_invalid_with_msg(jv_string(iv_db_error(db)));
	}
	return result;
}

static jv
db_error(sqlite3 *db, const char *what)
{
	return jv_invalid_with_msg(jv_string_fmt("%s: %s", what, iv_db_error(db)));
}

/* The reason err (malloc'd, freed) as an invalid jv; drop is freed too. */
static jv
refused(char *err, jv drop)
{
	jv e = jv_invalid_with_msg(jv_string(err));

	free(err);
	jv_free(drop);
	return e;
}

jv
iv_session_get(sqlite3 *db, long long user_id, long long id)
{
	return iv_db_row(db, "SELECT " IV_SESSION_COLS " FROM interview_sessions WHERE id = ? AND user_id = ?",
			 JV_ARRAY(jv_number((double)id), jv_number((double)user_id)));
}

static const iv_field session_fields[] = {
	{ "session_type", IV_J_STRING, 0 },
	{ "resume_id", IV_J_INTEGER | IV_J_NULL, 0 },
	{ "jd_id", IV_J_INTEGER | IV_J_NULL, 0 },
	{ "lang", IV_J_STRING | IV_J_NULL, 0 },
	{ "engine", IV_J_STRING, 0 },
	{ "model", IV_J_STRING | IV_J_NULL, 0 },
	{ "max_rounds", IV_J_INTEGER, 0 },
	{ "metadata", IV_J_OBJECT, 0 },
	{ 0 },
};

/* Values the schema would refuse, said in the user's terms. */
static char *
session_fields_bad(jv f)
{
	jv type = iv_jget(f, "session_type"), lang = iv_jget(f, "lang");
	double rounds = iv_jnum(f, "max_rounds", 5);
	char *err = NULL;

	if (jv_get_kind(type) == JV_KIND_STRING && strcmp(iv_jstr(type), "mock") && strcmp(iv_jstr(type), "real"))
		err = iv_xasprintf("field 'session_type': '%s' is not mock or real", iv_jstr(type));
	else if (jv_get_kind(lang) == JV_KIND_STRING && strcmp(iv_jstr(lang), "zh") && strcmp(iv_jstr(lang), "en"))
		err = iv_xasprintf("field 'lang': '%s' is not zh or en", iv_jstr(lang));
	else if (rounds < 1 || rounds > 50)
		err = iv_xasprintf("field 'max_rounds': %g is out of range (1 to 50)", rounds);
	jv_free(type);
	jv_free(lang);
	return err;
}

/* resume_id and jd_id must name the user's own rows. */
static char *
owned_refs_missing(sqlite3 *db, long long user_id, jv f)
{
	static const struct { const char *field, *table, *what; } refs[] = {
		{ "resume_id", "resumes", "resume" },
		{ "jd_id", "job_descriptions", "job description" },
	};

	for (size_t i = 0; i < sizeof refs / sizeof refs[0]; i++) {
		long long id = (long long)iv_jnum(f, refs[i].field, 0);
		char *sql;
		jv row;
		int found;

		if (!id)
			continue;
		sql = iv_xasprintf("SELECT id FROM %s WHERE id = ? AND user_id = ?", refs[i].table);
		row = iv_db_row(db, sql, JV_ARRAY(jv_number((double)id), jv_number((double)user_id)));
		free(sql);
		found = jv_get_kind(row) == JV_KIND_OBJECT;
		jv_free(row);
		if (!found)
			return iv_xasprintf("no %s %lld", refs[i].what, id);
	}
	return NULL;
}

jv
iv_session_create(sqlite3 *db, long long user_id, jv f)
{
	char *err = iv_json_check(f, session_fields, 0);
	jv round, result;
	const char *now = iv_now();
	int own;

	if (!err)
		err = session_fields_bad(f);
	if (err)
		return refused(err, f);
	if ((own = own_begin(db)) < 0) {
		jv_free(f);
		return db_error(db, "can't start a transaction");
	}
	if ((err = owned_refs_missing(db, user_id, f)) != NULL)
		return own_end(db, own, refused(err, f));
	round = iv_db_row(db, "SELECT coalesce(max(round_number), 0) + 1 AS n FROM interview_sessions "
			  "WHERE user_id = ?", JV_ARRAY(jv_number((double)user_id)));
	if (!jv_is_valid(round)) {
		jv_free(f);
		return own_end(db, own, round);
	}
	{
		jv p = JV_ARRAY(jv_number((double)user_id), iv_jget(f, "resume_id"), iv_jget(f, "jd_id"));
		jv type = iv_jget(f, "session_type"), engine = iv_jget(f, "engine");
		jv rounds = iv_jget(f, "max_rounds"), meta = iv_jget(f, "metadata");

		p = jv_array_append(p, jv_get_kind(type) == JV_KIND_NULL ? jv_string("mock") : type);
		p = jv_array_append(p, iv_jget(round, "n"));
		p = jv_array_append(p, iv_jget(f, "lang"));
		p = jv_array_append(p, jv_get_kind(engine) == JV_KIND_NULL ? jv_string("builtin") : engine);
		p = jv_array_append(p, iv_jget(f, "model"));
		p = jv_array_append(p, jv_get_kind(rounds) == JV_KIND_NULL ? jv_number(5) : rounds);
		p = jv_array_append(p, jv_string(now));
		p = jv_array_append(p, jv_get_kind(meta) == JV_KIND_NULL ? jv_object() : meta);
		p = jv_array_append(p, jv_string(now));
		p = jv_array_append(p, jv_string(now));
		if (iv_db_exec(db, "INSERT INTO interview_sessions (user_id, resume_id, jd_id, session_type, "
			       "round_number, lang, engine, model, max_rounds, start_time, metadata, "
			       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p) < 0)
			result = db_error(db, "can't create session");
		else
			result = iv_session_get(db, user_id, iv_db_last_id(db));
	}
	jv_free(round);
	jv_free(f);
	return own_end(db, own, result);
}

jv
iv_session_set_status(sqlite3 *db, long long user_id, long long id, const char *status)
{
	jv s, result;
	int own;
	char from[16];

	if (!iv_session_status_valid(status))
		return jv_invalid_with_msg(jv_string_fmt("'%s' is not a session status "
			"(ongoing, paused, completed, cancelled)", status));
	if ((own = own_begin(db)) < 0)
		return db_error(db, "can't start a transaction");
	s = iv_session_get(db, user_id, id);
	if (!jv_is_valid(s))
		return own_end(db, own, s);
	if (jv_get_kind(s) == JV_KIND_NULL) {
		jv_free(s);
		return own_end(db, own, jv_invalid_with_msg(jv_string_fmt("no session %lld", id)));
	}
	{
		jv st = iv_jget(s, "status");

		snprintf(from, sizeof from, "%s", iv_jstr(st));
		jv_free(st);
	}
	jv_free(s);
	if (!iv_session_transition_ok(from, status))
		return own_end(db, own, jv_invalid_with_msg(jv_string_fmt(
			"session %lld is %s and can't become %s", id, from, status)));
	if (!strcmp(status, "completed") || !strcmp(status, "cancelled")) {
		const char *now = iv_now();

		if (iv_db_exec(db, "UPDATE interview_sessions SET status = ?, end_time = ?, "
			       "duration_seconds = max(0, CAST(strftime('%s', ?) AS INTEGER) - "
			       "CAST(strftime('%s', start_time) AS INTEGER)), updated_at = ? WHERE id = ?",
			       JV_ARRAY(jv_string(status), jv_string(now), jv_string(now), jv_string(now),
					jv_number((double)id))) < 0)
			return own_end(db, own, db_error(db, "can't update session"));
	} else if (iv_db_exec(db, "UPDATE interview_sessions SET status = ?, updated_at = ? WHERE id = ?",
			      JV_ARRAY(jv_string(status), jv_string(iv_now()), jv_number((double)id))) < 0) {
		return own_end(db, own, db_error(db, "can't update session"));
	}
	result = iv_session_get(db, user_id, id);
	return own_end(db, own, result);
}

static const iv_field turn_fields[] = {
	{ "role", IV_J_STRING, 1 },
	{ "content", IV_J_STRING, 1 },
	{ "reply_to", IV_J_INTEGER | IV_J_NULL, 0 },
	{ "score", IV_J_NUMBER | IV_J_NULL, 0 },
	{ "metadata", IV_J_OBJECT, 0 },
	{ 0 },
};

static jv
turn_get(sqlite3 *db, long long id)
{
	return iv_db_row(db, "SELECT " IV_TURN_COLS_OF("conversations") " FROM conversations WHERE id = ?",
			 JV_ARRAY(jv_number((double)id)));
}

jv
iv_turn_add(sqlite3 *db, long long session_id, jv t)
{
	char *err = iv_json_check(t, turn_fields, 0);
	jv s = jv_invalid(), result, seq = jv_invalid(), meta;
	double score = iv_jnum(t, "score", 0);
	long long reply_to = (long long)iv_jnum(t, "reply_to", 0);
	char *role = NULL;
	int own;

	if (err)
		return refused(err, t);
	role = iv_jstrdup(t, "role");
	if (strcmp(role, "interviewer") && strcmp(role, "candidate") && strcmp(role, "system")) {
		result = jv_invalid_with_msg(jv_string_fmt("'%s' is not a role (interviewer, candidate, system)", role));
		goto done;
	}
	if (score < 0 || score > 10) {
		result = jv_invalid_with_msg(jv_string_fmt("score %g is out of range (0 to 10)", score));
		goto done;
	}
	if (!strcmp(role, "candidate")) {
		jv c = iv_jget(t, "content");
		char *e = iv_too_long("the answer", strlen(iv_jstr(c)), IV_MAX_ANSWER);

		jv_free(c);
		if (e) {
			result = jv_invalid_with_msg(jv_string(e));
			free(e);
			goto done;
		}
	}
	if ((own = own_begin(db)) < 0) {
		result = db_error(db, "can't start a transaction");
		goto done;
	}
	s = iv_db_row(db, "SELECT status FROM interview_sessions WHERE id = ?",
		      JV_ARRAY(jv_number((double)session_id)));
	if (!jv_is_valid(s)) {
		result = own_end(db, own, jv_copy(s));
		goto done;
	}
	if (jv_get_kind(s) == JV_KIND_NULL) {
		result = own_end(db, own, jv_invalid_with_msg(jv_string_fmt("no session %lld", session_id)));
		goto done;
	}
	{
		jv st = iv_jget(s, "status");
		int ongoing = !strcmp(iv_jstr(st), "ongoing");

		if (!ongoing) {
			result = own_end(db, own, jv_invalid_with_msg(jv_string_fmt(
				"session %lld is %s; only an ongoing session takes new turns",
				session_id, iv_jstr(st))));
			jv_free(st);
			goto done;
		}
		jv_free(st);
	}
	if (reply_to) {
		jv q = turn_get(db, reply_to);
		int ok = jv_get_kind(q) == JV_KIND_OBJECT &&
			 (long long)iv_jnum(q, "session_id", 0) == session_id;
		jv qrole = iv_jget(q, "role");

		ok = ok && !strcmp(iv_jstr(qrole), "interviewer");
		jv_free(qrole);
		jv_free(q);
		if (!ok) {
			result = own_end(db, own, jv_invalid_with_msg(jv_string_fmt(
				"turn %lld is not a question of session %lld", reply_to, session_id)));
			goto done;
		}
	}
	seq = iv_db_row(db, "SELECT coalesce(max(sequence_number), 0) + 1 AS n FROM conversations "
			"WHERE session_id = ?", JV_ARRAY(jv_number((double)session_id)));
	if (!jv_is_valid(seq)) {
		result = own_end(db, own, jv_copy(seq));
		goto done;
	}
	meta = iv_jget(t, "metadata");
	if (iv_db_exec(db, "INSERT INTO conversations (session_id, sequence_number, role, content, "
		       "reply_to, score, metadata, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       JV_ARRAY(jv_number((double)session_id), iv_jget(seq, "n"), jv_string(role),
				iv_jget(t, "content"), reply_to ? jv_number((double)reply_to) : jv_null(),
				iv_jget(t, "score"),
				jv_get_kind(meta) == JV_KIND_NULL ? (jv_free(meta), jv_object()) : meta,
				jv_string(iv_now()))) < 0) {
		if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE && reply_to)
			result = jv_invalid_with_msg(jv_string_fmt("question %lld already has an answer", reply_to));
		else
			result = db_error(db, "can't add turn");
		result = own_end(db, own, result);
		goto done;
	}
	result = own_end(db, own, turn_get(db, iv_db_last_id(db)));
done:
	jv_free(s);
	jv_free(seq);
	jv_free(t);
	free(role);
	return result;
}

jv
iv_turns(sqlite3 *db, long long session_id)
{
	return iv_db_query(db, "SELECT " IV_TURN_COLS_OF("conversations") " FROM conversations WHERE session_id = ? "
			   "ORDER BY sequence_number", JV_ARRAY(jv_number((double)session_id)));
}

jv
iv_turn_get(sqlite3 *db, long long user_id, long long id)
{
	return iv_db_row(db, "SELECT " IV_TURN_COLS_OF("c") " FROM conversations c "
			 "JOIN interview_sessions s ON s.id = c.session_id WHERE c.id = ? AND s.user_id = ?",
			 JV_ARRAY(jv_number((double)id), jv_number((double)user_id)));
}

/* The stored object at row[key] with patch's top-level keys set over it. */
static jv
merged(jv row, const char *key, jv patch)
{
	jv old = iv_jget(row, key);

	if (jv_get_kind(old) != JV_KIND_OBJECT) {
		jv_free(old);
		old = jv_object();
	}
	return jv_object_merge(old, patch);
}

static const iv_field session_update_fields[] = {
	{ "status", IV_J_STRING, 0 },
	{ "metadata", IV_J_OBJECT, 0 },
	{ "summary", IV_J_OBJECT, 0 },
	{ 0 },
};

jv
iv_session_update(sqlite3 *db, long long user_id, long long id, jv ch)
{
	char *err = iv_json_check(ch, session_update_fields, 0);
	jv row = jv_null(), v;
	int own;

	if (err)
		return refused(err, ch);
	v = iv_jget(ch, "summary");
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv score = iv_jget(v, "overall_score");
		jv_kind k = jv_get_kind(score);
		double d = k == JV_KIND_NUMBER ? jv_number_value(score) : 0;

		jv_free(score);
		if (k != JV_KIND_NUMBER && k != JV_KIND_NULL)
			err = iv_xasprintf("summary: overall_score: expected a number, got %s", iv_json_kind_name(k));
		else if (d < 0 || d > 10)
			err = iv_xasprintf("summary: overall_score %g is out of range (0 to 10)", d);
	}
	jv_free(v);
	if (err)
		return refused(err, ch);
	if ((own = own_begin(db)) < 0) {
		jv_free(ch);
		return db_error(db, "can't start a transaction");
	}
	v = iv_jget(ch, "status");
	if (jv_get_kind(v) == JV_KIND_STRING)
		row = iv_session_set_status(db, user_id, id, iv_jstr(v));
	else
		row = iv_session_get(db, user_id, id);
	jv_free(v);
	if (jv_get_kind(row) == JV_KIND_NULL) {
		jv_free(row);
		row = jv_invalid_with_msg(jv_string_fmt("no session %lld", id));
	}
	if (!jv_is_valid(row)) {
		jv_free(ch);
		return own_end(db, own, row);
	}
	v = iv_jget(ch, "metadata");
	if (jv_get_kind(v) == JV_KIND_OBJECT &&
	    iv_db_exec(db, "UPDATE interview_sessions SET metadata = ?, updated_at = ? WHERE id = ?",
		       JV_ARRAY(merged(row, "metadata", jv_copy(v)), jv_string(iv_now()),
				jv_number((double)id))) < 0) {
		jv_free(v);
		jv_free(row);
		jv_free(ch);
		return own_end(db, own, db_error(db, "can't update session"));
	}
	jv_free(v);
	v = iv_jget(ch, "summary");
	if (jv_get_kind(v) == JV_KIND_OBJECT &&
	    iv_db_exec(db, "UPDATE interview_sessions SET summary = ?, overall_score = ?, updated_at = ? "
		       "WHERE id = ?", JV_ARRAY(jv_copy(v), iv_jget(v, "overall_score"),
						jv_string(iv_now()), jv_number((double)id))) < 0) {
		jv_free(v);
		jv_free(row);
		jv_free(ch);
		return own_end(db, own, db_error(db, "can't update session"));
	}
	jv_free(v);
	jv_free(row);
	jv_free(ch);
	return own_end(db, own, iv_session_get(db, user_id, id));
}

static const iv_field turn_update_fields[] = {
	{ "score", IV_J_NUMBER | IV_J_NULL, 0 },
	{ "metadata", IV_J_OBJECT, 0 },
	{ 0 },
};

jv
iv_turn_update(sqlite3 *db, long long user_id, long long id, jv ch)
{
	char *err = iv_json_check(ch, turn_update_fields, 0);
	double score = iv_jnum(ch, "score", 0);
	jv row, score_v, meta, result;
	int own;

	if (!err && (score < 0 || score > 10))
		err = iv_xasprintf("score %g is out of range (0 to 10)", score);
	if (err)
		return refused(err, ch);
	if ((own = own_begin(db)) < 0) {
		jv_free(ch);
		return db_error(db, "can't start a transaction");
	}
	row = iv_turn_get(db, user_id, id);
	if (jv_get_kind(row) == JV_KIND_NULL) {
		jv_free(row);
		row = jv_invalid_with_msg(jv_string_fmt("no turn %lld", id));
	}
	if (!jv_is_valid(row)) {
		jv_free(ch);
		return own_end(db, own, row);
	}
	/* An absent field keeps the stored value; "score": null clears it. */
	score_v = jv_object_has(jv_copy(ch), jv_string("score")) ? iv_jget(ch, "score") : iv_jget(row, "score");
	meta = iv_jget(ch, "metadata");
	meta = jv_get_kind(meta) == JV_KIND_OBJECT ? merged(row, "metadata", meta)
						    : (jv_free(meta), iv_jget(row, "metadata"));
	if (iv_db_exec(db, "UPDATE conversations SET score = ?, metadata = ? WHERE id = ?",
		       JV_ARRAY(score_v, meta, jv_number((double)id))) < 0)
		result = db_error(db, "can't update turn");
	else
		result = iv_turn_get(db, user_id, id);
	jv_free(row);
	jv_free(ch);
	return own_end(db, own, result);
}
