/* grade_llm.c — the LLM grader (grade.h: iv_grade_llm).
 *
 * The model judges the answer as a whole; the builtin grader measures
 * which key points it covers, with evidence. Neither alone is the grade:
 * the model's score can be talked into a 10 by an answer that asks for it,
 * the builtin's misses a point made in words it does not know. So the
 * scores are a weighted mean (llm.grade_weight is the model's share), the
 * points, skills and mood come from the builtin grader, the feedback from
 * the model, and both grades stay in the record. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "config.h"
#include "context.h"
#include "grade.h"
#include "jsonl.h"
#include "msg.h"

static const char *const dims[] = { "technical_accuracy", "communication_clarity", "depth_breadth", NULL };

static const char schema_text[] =
	"{\"title\":\"grade\",\"type\":\"object\",\"required\":[\"score\",\"dimensions\",\"feedback\"],"
	"\"properties\":{"
	"\"score\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10},"
	"\"dimensions\":{\"type\":\"object\","
	"\"required\":[\"technical_accuracy\",\"communication_clarity\",\"depth_breadth\"],\"properties\":{"
	"\"technical_accuracy\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10},"
	"\"communication_clarity\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10},"
	"\"depth_breadth\":{\"type\":\"number\",\"minimum\":0,\"maximum\":10}}},"
	"\"covered\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
	"\"missed\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
	"\"feedback\":{\"type\":\"string\",\"minLength\":1}}}";

static double
round1(double x)
{
	return round(x * 10) / 10;
}

static double
clamp10(double x)
{
	return x < 0 ? 0 : x > 10 ? 10 : x;
}

/* The key points' texts, as the model reads them. */
static jv
point_texts(jv req)
{
	jv kps = iv_jget(req, "key_points"), out = jv_array();

	if (jv_get_kind(kps) == JV_KIND_ARRAY)
		jv_array_foreach(kps, i, k) {
			jv t = jv_get_kind(k) == JV_KIND_OBJECT ? iv_jget(k, "text") : jv_copy(k);

			if (jv_get_kind(t) == JV_KIND_STRING)
				out = jv_array_append(out, t);
			else
				jv_free(t);
			jv_free(k);
		}
	jv_free(kps);
	return out;
}

static jv
grade_vars(jv req, const char *lang)
{
	jv ref = iv_jget(req, "reference");
	jv vars = JV_OBJECT(jv_string("lang"), jv_string(lang), jv_string("question"), iv_jget(req, "question"),
			    jv_string("answer"), iv_jget(req, "answer"), jv_string("key_points"), point_texts(req));

	vars = jv_object_set(vars, jv_string("reference"),
			     jv_get_kind(ref) == JV_KIND_STRING && *iv_jstr(ref) ? ref : (jv_free(ref), jv_string("(none)")));
	return vars;
}

/* The builtin grade (consumed) and the model's (consumed) as one. */
static jv
combine(jv b, jv m, double w, jv req)
{
	double hints = iv_jnum(req, "hints", 0);
	jv bd = iv_jget(b, "dimensions"), md = iv_jget(m, "dimensions"), d = jv_object(), answer;
	/* a hint costs the model's score what it costs the builtin's */
	double ms = clamp10(iv_jnum(m, "score", 0) - 0.5 * hints), score;

	score = round1(w * ms + (1 - w) * iv_jnum(b, "score", 0));
	answer = iv_jget(req, "answer");
	/* "I don't know" said at length stays capped */
	if (iv_grade_is_non_answer(iv_jstr(answer)) && score > iv_jnum(b, "score", 0))
		score = iv_jnum(b, "score", 0);
	jv_free(answer);
	for (int i = 0; dims[i]; i++)
		d = jv_object_set(d, jv_string(dims[i]),
				  jv_number(round1(w * clamp10(iv_jnum(md, dims[i], 0)) +
						   (1 - w) * iv_jnum(bd, dims[i], 0))));
	{
		jv builtin = JV_OBJECT(jv_string("score"), iv_jget(b, "score"), jv_string("dimensions"), bd,
				       jv_string("coverage"), iv_jget(b, "coverage"),
				       jv_string("feedback"), iv_jget(b, "feedback"));

		b = jv_object_set(b, jv_string("score"), jv_number(score));
		b = jv_object_set(b, jv_string("dimensions"), d);
		b = jv_object_set(b, jv_string("feedback"), iv_jget(m, "feedback"));
		b = jv_object_set(b, jv_string("engine"), jv_string("llm"));
		b = jv_object_set(b, jv_string("llm"), m);
		b = jv_object_set(b, jv_string("builtin"), builtin);
		b = jv_object_set(b, jv_string("weights"), JV_OBJECT(jv_string("llm"), jv_number(w),
								   jv_string("builtin"), jv_number(round((1 - w) * 100) / 100)));
	}
	jv_free(md);
	return b;
}

jv
iv_grade_llm(const iv_grade_env *env, jv req)
{
	jv b = iv_grade_builtin(req), answer = iv_jget(req, "answer"), question, lang, usage = jv_null();
	jv reply;
	double w = iv_config_num("llm.grade_weight", 0.5);
	long long sid = (long long)iv_jnum(env->session, "id", 0);
	char *err = NULL;
	iv_llm *c;
	iv_layers l;

	/* nothing to judge: the builtin grade says so */
	if (iv_jbool(req, "skipped", 0) || !*iv_jstr(answer)) {
		jv_free(answer);
		return b;
	}
	jv_free(answer);
	c = jv_get_kind(env->session) == JV_KIND_OBJECT ? iv_agent_open_session(env->db, env->session, &err)
							 : iv_agent_open(env->db, NULL, NULL, &err);
	if (!c)
		goto fallback;
	lang = iv_jget(b, "lang");
	question = iv_jget(req, "question");
	iv_agent_layers(env->db, env->user_id, sid, iv_jstr(question), env->store, &l);
	reply = iv_agent_json(c, "grade", grade_vars(req, iv_jstr(lang)), &l, jv_parse(schema_text), &usage);
	iv_layers_free(&l);
	jv_free(question);
	jv_free(lang);
	if (!jv_is_valid(reply)) {
		err = iv_agent_reason(reply);
		goto fallback;
	}
	b = iv_agent_note(combine(b, reply, w, req), c, usage, NULL);
	iv_llm_free(c);
	return b;
fallback:
	iv_agent_fallback("grade", err);
	b = jv_object_set(b, jv_string("llm"), jv_null());
	b = iv_agent_note(b, c, usage, err);
	free(err);
	iv_llm_free(c);
	return b;
}
