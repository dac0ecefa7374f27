/* summary_llm.c — the summary's words by the session's model (summary.h:
 * iv_summary_llm). The numbers, and which strengths, weaknesses and
 * suggestions there are (with the turns that justify each), stay as the
 * builtin summary computed them; the model only says each one better,
 * knowing the whole session and the earlier ones. */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "buf.h"
#include "context.h"
#include "jsonl.h"
#include "msg.h"
#include "summary.h"

static const char *const lists[] = { "strengths", "weaknesses", "improvement_suggestions", NULL };

/* The session's questions, answers and grades as text. */
static char *
transcript(sqlite3 *db, long long sid)
{
	jv answers = iv_session_answers(db, sid);
	iv_buf b = IV_BUF_INIT;

	if (jv_get_kind(answers) == JV_KIND_ARRAY)
		jv_array_foreach(answers, i, a) {
			jv q = iv_jget(a, "question"), ans = iv_jget(a, "answer"), topic = iv_jget(a, "topic");
			jv grade = iv_jget(a, "grade"), fb = iv_jget(grade, "feedback"), score = iv_jget(a, "score");

			iv_buf_printf(&b, "Turn %.0f (%s%s", iv_jnum(a, "answer_turn", 0), iv_jstr(topic),
				      iv_jbool(a, "follow_up", 0) ? ", follow-up" : "");
			if (jv_get_kind(score) == JV_KIND_NUMBER)
				iv_buf_printf(&b, ", score %.1f/10", jv_number_value(score));
			iv_buf_printf(&b, ")\nQ: %s\nA: %s\n", iv_jstr(q), iv_jstr(ans));
			if (*iv_jstr(fb))
				iv_buf_printf(&b, "Feedback: %s\n", iv_jstr(fb));
			iv_buf_puts(&b, "\n");
			jv_free(q);
			jv_free(ans);
			jv_free(topic);
			jv_free(grade);
			jv_free(fb);
			jv_free(score);
			jv_free(a);
		}
	jv_free(answers);
	return b.s ? iv_buf_take(&b) : iv_xstrdup("(no answers)");
}

/* The items the model words: {list: [{text, about, score?}]}, and the
 * reply's schema (exactly as many strings per list) in *schema. */
static jv
items_of(jv summary, jv *schema, int *total)
{
	jv items = jv_object(), props = jv_object(), req = jv_array();

	*total = 0;
	for (int k = 0; lists[k]; k++) {
		jv list = iv_jget(summary, lists[k]), out = jv_array();
		int n = 0;

		if (jv_get_kind(list) == JV_KIND_ARRAY)
			jv_array_foreach(list, i, it) {
				jv o = JV_OBJECT(jv_string("text"), iv_jget(it, "text"));
				jv skill = iv_jget(it, "skill"), dim = iv_jget(it, "dimension");

				if (jv_get_kind(skill) == JV_KIND_STRING)
					o = jv_object_set(o, jv_string("skill"), skill);
				else
					jv_free(skill);
				if (jv_get_kind(dim) == JV_KIND_STRING)
					o = jv_object_set(o, jv_string("dimension"), dim);
				else
					jv_free(dim);
				o = jv_object_set(o, jv_string("turns"), iv_jget(it, "turns"));
				out = jv_array_append(out, o);
				n++;
				jv_free(it);
			}
		jv_free(list);
		*total += n;
		items = jv_object_set(items, jv_string(lists[k]), out);
		props = jv_object_set(props, jv_string(lists[k]),
			JV_OBJECT(jv_string("type"), jv_string("array"), jv_string("minItems"), jv_number(n),
				  jv_string("maxItems"), jv_number(n),
				  jv_string("items"), JV_OBJECT(jv_string("type"), jv_string("string"),
								jv_string("minLength"), jv_number(1))));
		req = jv_array_append(req, jv_string(lists[k]));
	}
	*schema = JV_OBJECT(jv_string("title"), jv_string("summary"), jv_string("type"), jv_string("object"),
			    jv_string("required"), req, jv_string("properties"), props);
	return items;
}

/* The model's texts (reply, borrowed) in place of the builtin's, which
 * are kept as builtin_text. */
static jv
reword(jv summary, jv reply)
{
	for (int k = 0; lists[k]; k++) {
		jv list = iv_jget(summary, lists[k]), texts = iv_jget(reply, lists[k]), out = jv_array();

		if (jv_get_kind(list) == JV_KIND_ARRAY)
			jv_array_foreach(list, i, it) {
				it = jv_object_set(it, jv_string("builtin_text"), iv_jget(it, "text"));
				it = jv_object_set(it, jv_string("text"), jv_array_get(jv_copy(texts), i));
				out = jv_array_append(out, it);
			}
		jv_free(list);
		jv_free(texts);
		summary = jv_object_set(summary, jv_string(lists[k]), out);
	}
	return summary;
}

jv
iv_summary_llm(sqlite3 *db, long long user_id, jv session, jv result)
{
	jv summary = iv_jget(result, "summary"), lang = iv_jget(result, "lang"), usage = jv_null();
	jv schema, items, vars, reply;
	long long sid = (long long)iv_jnum(session, "id", 0);
	char *err = NULL, *text;
	iv_llm *c = NULL;
	iv_layers l;
	int total;

	if (jv_get_kind(summary) != JV_KIND_OBJECT) {
		jv_free(summary);
		jv_free(lang);
		return result;
	}
	items = items_of(summary, &schema, &total);
	if (total == 0) {
		/* nothing to word: the summary says so in numbers */
		jv_free(items);
		jv_free(schema);
		jv_free(lang);
		result = jv_object_set(result, jv_string("summary"), summary);
		return result;
	}
	c = iv_agent_open_session(db, session, &err);
	if (!c) {
		jv_free(items);
		jv_free(schema);
		goto fallback;
	}
	text = transcript(db, sid);
	vars = JV_OBJECT(jv_string("lang"), jv_copy(lang), jv_string("round"), iv_jget(result, "round"),
			 jv_string("overall_score"), iv_jget(summary, "overall_score"),
			 jv_string("transcript"), jv_string(text), jv_string("items"), items);
	free(text);
	iv_agent_layers(db, user_id, sid, NULL, 0, &l);
	/* the transcript has the session's turns already */
	jv_free(l.turns);
	l.turns = jv_null();
	reply = iv_agent_json(c, "summarize", vars, &l, schema, &usage);
	iv_layers_free(&l);
	if (!jv_is_valid(reply)) {
		err = iv_agent_reason(reply);
		goto fallback;
	}
	summary = reword(summary, reply);
	jv_free(reply);
	summary = jv_object_set(summary, jv_string("engine"), jv_string("llm"));
	summary = iv_agent_note(summary, c, usage, NULL);
	goto out;
fallback:
	iv_agent_fallback("summary", err);
	summary = iv_agent_note(summary, c, usage, err);
	free(err);
out:
	iv_llm_free(c);
	jv_free(lang);
	return jv_object_set(result, jv_string("summary"), summary);
}
