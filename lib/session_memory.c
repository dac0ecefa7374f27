#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "extract.h"
#include "jsonl.h"
#include "knowledge.h"
#include "session_memory.h"
#include "session.h"
#include "store.h"

/* --- Finished interviews -------------------------------------------------- */

int
iv_knowledge_auto_update(sqlite3 *db, long long user_id)
{
	jv row = iv_db_row(db, "SELECT json_type(settings, '$.auto_update_knowledge') AS t, "
			   "json_extract(settings, '$.auto_update_knowledge') AS v FROM users WHERE id = ?",
			   JV_ARRAY(jv_number((double)user_id)));
	jv t = iv_jget(row, "t");
	int on;

	if (!strcmp(iv_jstr(t), "true"))
		on = 1;
	else if (!strcmp(iv_jstr(t), "false"))
		on = 0;
	else if (!strcmp(iv_jstr(t), "integer"))
		on = iv_jnum(row, "v", 0) != 0;
	else
		on = iv_config_bool("knowledge.auto_update", 0);
	jv_free(t);
	jv_free(row);
	return on;
}

/* A list from a summary as one line of text: strings as they are, objects
 * by their most telling field. */
static int
put_list(iv_buf *b, jv list, const char *label, const char *sep, const char *end)
{
	static const char *const keys[] = { "text", "description", "suggestion", "title", "skill", "name", NULL };
	int n = 0;

	if (jv_get_kind(list) == JV_KIND_STRING) {
		list = JV_ARRAY(list);
	} else if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		return 0;
	}
	jv_array_foreach(list, i, x) {
		jv s = jv_null();

		if (jv_get_kind(x) == JV_KIND_STRING) {
			s = jv_copy(x);
		} else if (jv_get_kind(x) == JV_KIND_OBJECT) {
			for (int k = 0; keys[k] && jv_get_kind(s) != JV_KIND_STRING; k++) {
				jv_free(s);
				s = iv_jget(x, keys[k]);
			}
		}
		if (jv_get_kind(s) == JV_KIND_STRING && *jv_string_value(s)) {
			iv_buf_puts(b, n++ ? sep : label);
			iv_buf_puts(b, jv_string_value(s));
		}
		jv_free(s);
		jv_free(x);
		(void)i;
	}
	if (n)
		iv_buf_puts(b, end);
	jv_free(list);
	return n;
}

static jv
summary_memory(jv s, jv summary, int zh)
{
	iv_buf b = IV_BUF_INIT;
	jv overall = iv_jget(summary, "overall_score"), start = iv_jget(s, "start_time"), mem;
	int round = (int)iv_jnum(s, "round_number", 0);
	const char *date = iv_jstr(start);

	if (jv_get_kind(overall) != JV_KIND_NUMBER) {
		jv_free(overall);
		overall = iv_jget(s, "overall_score");
	}
	if (zh) {
		iv_buf_printf(&b, "第%d轮模拟面试（%.10s）", round, date);
		if (jv_get_kind(overall) == JV_KIND_NUMBER)
			iv_buf_printf(&b, "：总分 %g/10", jv_number_value(overall));
		iv_buf_puts(&b, "。");
		put_list(&b, iv_jget(summary, "strengths"), "优势：", "；", "。");
		put_list(&b, iv_jget(summary, "weaknesses"), "不足：", "；", "。");
		put_list(&b, iv_jget(summary, "improvement_suggestions"), "建议：", "；", "。");
	} else {
		iv_buf_printf(&b, "Round %d mock interview (%.10s)", round, date);
		if (jv_get_kind(overall) == JV_KIND_NUMBER)
			iv_buf_printf(&b, ": overall %g/10", jv_number_value(overall));
		iv_buf_puts(&b, ".");
		put_list(&b, iv_jget(summary, "strengths"), " Strengths: ", "; ", ".");
		put_list(&b, iv_jget(summary, "weaknesses"), " Weaknesses: ", "; ", ".");
		put_list(&b, iv_jget(summary, "improvement_suggestions"), " Suggestions: ", "; ", ".");
	}
	mem = JV_OBJECT(jv_string("text"), jv_string(b.s),
			jv_string("collection"), jv_string("user_memories"),
			jv_string("source_type"), jv_string("summary"),
			jv_string("source_id"), jv_string_fmt("%.0f", iv_jnum(s, "id", 0)),
			jv_string("importance"), jv_number(8),
			jv_string("metadata"), JV_OBJECT(jv_string("session_id"), iv_jget(s, "id"),
							 jv_string("round_number"), iv_jget(s, "round_number"),
							 jv_string("overall_score"), overall));
	jv_free(start);
	iv_buf_free(&b);
	return mem;
}

static jv
session_memories(sqlite3 *db, long long user_id, jv s, int zh)
{
	jv mems = jv_array(), rows, summary;
	double min = iv_config_num("knowledge.min_score", 7);
	double sid = iv_jnum(s, "id", 0);

	rows = iv_db_query(db, "SELECT a.id, a.content AS answer, a.score, a.created_at, q.id AS question_id, "
			   "q.content AS question, q.metadata AS qmeta FROM conversations a "
			   "JOIN conversations q ON q.id = a.reply_to "
			   "WHERE a.session_id = ? AND a.role = 'candidate' AND a.score >= ? "
			   "ORDER BY a.sequence_number", JV_ARRAY(jv_number(sid), jv_number(min)));
	if (!jv_is_valid(rows)) {
		jv_free(mems);
		return rows;
	}
	jv_array_foreach(rows, i, r) {
		jv q = iv_jget(r, "question"), a = iv_jget(r, "answer"), qmeta = iv_jget(r, "qmeta");
		jv meta = JV_OBJECT(jv_string("session_id"), jv_number(sid),
				    jv_string("round_number"), iv_jget(s, "round_number"),
				    jv_string("question_id"), iv_jget(r, "question_id"),
				    jv_string("score"), iv_jget(r, "score"));
		static const char *const keep[] = { "topic", "skill", "skills", "difficulty", NULL };

		for (int k = 0; keep[k]; k++) {
			jv v = iv_jget(qmeta, keep[k]);

			if (jv_get_kind(v) != JV_KIND_NULL)
				meta = jv_object_set(meta, jv_string(keep[k]), v);
			else
				jv_free(v);
		}
		mems = jv_array_append(mems, JV_OBJECT(
			jv_string("text"), jv_string_fmt(zh ? "问：%s\n答：%s" : "Q: %s\nA: %s", iv_jstr(q), iv_jstr(a)),
			jv_string("collection"), jv_string("user_memories"),
			jv_string("source_type"), jv_string("conversation"),
			jv_string("source_id"), jv_string_fmt("%.0f", iv_jnum(r, "id", 0)),
			jv_string("importance"), jv_number(iv_jnum(r, "score", 7)),
			jv_string("created_at"), iv_jget(r, "created_at"),
			jv_string("metadata"), meta));
		jv_free(q), jv_free(a), jv_free(qmeta), jv_free(r);
		(void)i;
	}
	jv_free(rows);
	summary = iv_jget(s, "summary");
	if (jv_get_kind(summary) == JV_KIND_OBJECT)
		mems = jv_array_append(mems, summary_memory(s, summary, zh));
	jv_free(summary);
	rows = iv_db_query(db, "SELECT id, skill_name, skill_path, score, "
			   "json_extract(assessment_data, '$.evidence') AS evidence FROM skill_assessments "
			   "WHERE session_id = ? AND user_id = ? ORDER BY id",
			   JV_ARRAY(jv_number(sid), jv_number((double)user_id)));
	if (!jv_is_valid(rows)) {
		jv_free(mems);
		return rows;
	}
	jv_array_foreach(rows, i, r) {
		jv ev = iv_jget(r, "evidence"), name = iv_jget(r, "skill_name");
		iv_buf b = IV_BUF_INIT;

		/* json_extract gives the array back as JSON text. */
		if (jv_get_kind(ev) == JV_KIND_STRING && jv_string_value(ev)[0] == '[') {
			jv p = iv_json_parse(jv_string_value(ev), strlen(jv_string_value(ev)));

			jv_free(ev);
			ev = jv_is_valid(p) ? p : (jv_free(p), jv_null());
		}
		iv_buf_printf(&b, "%s (%g/10)", iv_jstr(name), iv_jnum(r, "score", 0));
		if (put_list(&b, ev, zh ? "：" : ": ", zh ? "；" : "; ", "") > 0)
			mems = jv_array_append(mems, JV_OBJECT(
				jv_string("text"), jv_string(b.s),
				jv_string("collection"), jv_string("user_memories"),
				jv_string("source_type"), jv_string("skill"),
				jv_string("source_id"), jv_string_fmt("%.0f", iv_jnum(r, "id", 0)),
				jv_string("importance"), jv_number(iv_jnum(r, "score", 5)),
				jv_string("metadata"), JV_OBJECT(jv_string("session_id"), jv_number(sid),
								 jv_string("skill"), jv_copy(name),
								 jv_string("skill_path"), iv_jget(r, "skill_path"),
								 jv_string("score"), iv_jget(r, "score"))));
		iv_buf_free(&b);
		jv_free(name);
		jv_free(r);
		(void)i;
	}
	jv_free(rows);
	return mems;
}

/* The language memories of a session are written in. */
static int
session_is_zh(sqlite3 *db, jv s)
{
	jv lang = iv_jget(s, "lang"), row;
	int zh;

	if (jv_get_kind(lang) == JV_KIND_STRING) {
		zh = !strcmp(jv_string_value(lang), "zh");
		jv_free(lang);
		return zh;
	}
	jv_free(lang);
	row = iv_db_row(db, "SELECT group_concat(content, ' ') AS t FROM (SELECT content FROM conversations "
			"WHERE session_id = ? ORDER BY sequence_number LIMIT 6)",
			JV_ARRAY(iv_jget(s, "id")));
	lang = iv_jget(row, "t");
	zh = !strcmp(iv_text_lang(iv_jstr(lang)), "zh");
	jv_free(lang);
	jv_free(row);
	return zh;
}

jv
iv_knowledge_from_session(sqlite3 *db, long long user_id, long long session_id,
			  iv_embedder *e, int force)
{
	jv s = iv_session_get(db, user_id, session_id), st, mems, res, out;

	if (!jv_is_valid(s))
		return s;
	if (jv_get_kind(s) == JV_KIND_NULL)
		return jv_invalid_with_msg(jv_string_fmt("no session %lld", session_id));
	st = iv_jget(s, "status");
	if (strcmp(iv_jstr(st), "completed")) {
		out = jv_invalid_with_msg(jv_string_fmt("session %lld is %s; only a completed session "
							"updates knowledge", session_id, iv_jstr(st)));
		jv_free(st);
		jv_free(s);
		return out;
	}
	jv_free(st);
	out = JV_OBJECT(jv_string("session_id"), jv_number((double)session_id));
	if (iv_jnum(s, "knowledge_updated", 0) && !force) {
		jv_free(s);
		out = jv_object_set(out, jv_string("added"), jv_number(0));
		out = jv_object_set(out, jv_string("skipped"), jv_number(0));
		return jv_object_set(out, jv_string("already"), jv_true());
	}
	mems = session_memories(db, user_id, s, session_is_zh(db, s));
	jv_free(s);
	if (!jv_is_valid(mems)) {
		jv_free(out);
		return mems;
	}
	res = iv_mem_store_made(db, user_id, mems, e);
	if (!jv_is_valid(res)) {
		jv_free(out);
		return res;
	}
	out = iv_mem_count_stored(res, out);
	if (iv_db_exec(db, "UPDATE interview_sessions SET knowledge_updated = 1, knowledge_updated_at = ?1, "
		       "updated_at = ?1 WHERE id = ?2",
		       JV_ARRAY(jv_string(iv_now()), jv_number((double)session_id))) < 0) {
		jv_free(out);
		return iv_db_fail(db, "can't mark the session");
	}
	return jv_object_set(out, jv_string("already"), jv_false());
}
