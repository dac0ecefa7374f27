/* grade_llm.c — the LLM grader (grade.h: iv_grade_llm).
 *
 * The model judges the answer as a whole and point by point, quoting the
 * answer; the builtin grader measures which key points it covers, with
 * evidence, and says how sure it is. Neither alone is the grade: the
 * model's score can be talked into a 10 by an answer that asks for it, the
 * builtin's misses a point made in words it does not know. So the model's
 * verdicts decide which points are covered, but a "covered" counts only
 * with a quote the program finds in the answer; the scores are a weighted
 * mean in which the builtin's share (1 - llm.grade_weight) is scaled by its
 * confidence; an answer the builtin grader finds talking to the grader
 * earns nothing whatever the model says; and both grades stay in the
 * record. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "config.h"
#include "context.h"
#include "grade.h"
#include "fmt.h"
#include "jsonl.h"
#include "msg.h"
#include "utf8.h"

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
	"\"points\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"id\",\"verdict\"],"
	"\"properties\":{\"id\":{\"type\":\"string\"},\"verdict\":{\"enum\":[\"covered\",\"missed\",\"contradicted\"]},"
	"\"quote\":{\"type\":\"string\"}}}},"
	"\"feedback\":{\"type\":\"string\",\"minLength\":1}}}";

static double
clamp10(double x)
{
	return x < 0 ? 0 : x > 10 ? 10 : x;
}

/* The key points as the model reads them: {id, text}, the ids the
 * builtin grade gives them (b borrowed). */
static jv
point_texts(jv b)
{
	jv out = jv_array();
	const char *lists[] = { "covered_points", "missed_points", NULL };

	for (int l = 0; lists[l]; l++) {
		jv pts = iv_jget(b, lists[l]);

		if (jv_get_kind(pts) == JV_KIND_ARRAY)
			jv_array_foreach(pts, i, p) {
				out = jv_array_append(out, JV_OBJECT(jv_string("id"), iv_jget(p, "id"),
								     jv_string("text"), iv_jget(p, "text")));
				jv_free(p);
			}
		jv_free(pts);
	}
	return out;
}

static jv
grade_vars(jv req, jv b, const char *lang)
{
	jv ref = iv_jget(req, "reference");
	jv vars = JV_OBJECT(jv_string("lang"), jv_string(lang), jv_string("question"), iv_jget(req, "question"),
			    jv_string("answer"), iv_jget(req, "answer"), jv_string("key_points"), point_texts(b));

	vars = jv_object_set(vars, jv_string("reference"),
			     jv_get_kind(ref) == JV_KIND_STRING && *iv_jstr(ref) ? ref : (jv_free(ref), jv_string("(none)")));
	return vars;
}

/* Where quote is in the answer, spaces and ASCII case aside: the span in
 * characters, or [-1, -1]. */
static void
find_quote(const char *answer, const char *quote, long *s, long *e)
{
	size_t n = strlen(answer), m = 0, *map = iv_xmalloc(sizeof *map * (n + 1));
	char *na = iv_xmalloc(n + 1), *nq = iv_xmalloc(strlen(quote) + 1), *hit;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!strchr(" \t\r\n", answer[i])) {
			map[k] = i;
			na[k++] = answer[i] >= 'A' && answer[i] <= 'Z' ? (char)(answer[i] + 32) : answer[i];
		}
	na[k] = 0;
	for (const char *p = quote; *p; p++)
		if (!strchr(" \t\r\n", *p) && !strchr("\"'`“”‘’", *p))
			nq[m++] = *p >= 'A' && *p <= 'Z' ? (char)(*p + 32) : *p;
	nq[m] = 0;
	*s = *e = -1;
	/* a quote of a word or two shows nothing */
	if (iv_utf8_len(nq, m) >= 6 && (hit = strstr(na, nq))) {
		size_t a = map[hit - na], z = map[hit - na + m - 1] + 1;

		while (z < n && ((unsigned char)answer[z] & 0xc0) == 0x80)
			z++;
		*s = (long)iv_utf8_len(answer, a);
		*e = (long)iv_utf8_len(answer, z);
	}
	free(map);
	free(na);
	free(nq);
}

/* The model's verdicts (m's points, borrowed) decide the builtin grade's
 * points (b consumed): a point is covered when the model says so with a
 * quote found in the answer, missed when it says missed or contradicted;
 * a point it says nothing about keeps the builtin's verdict. Sets *cov to
 * the weighted share covered and *judged when the model judged any. */
static jv
decide_points(jv b, jv m, const char *answer, double *cov, int *judged)
{
	jv verdicts = iv_jget(m, "points"), covered = jv_array(), missed = jv_array();
	const char *lists[] = { "covered_points", "missed_points", NULL };

	*cov = 0;
	*judged = 0;
	for (int l = 0; lists[l]; l++) {
		jv pts = iv_jget(b, lists[l]);

		jv_array_foreach(pts, i, p) {
			jv id = iv_jget(p, "id"), v = jv_null();
			int is_cov = l == 0;

			if (jv_get_kind(verdicts) == JV_KIND_ARRAY)
				jv_array_foreach(verdicts, j, x) {
					jv xid = jv_get_kind(x) == JV_KIND_OBJECT ? iv_jget(x, "id") : jv_null();

					if (jv_get_kind(v) == JV_KIND_NULL && jv_get_kind(xid) == JV_KIND_STRING &&
					    !strcmp(iv_jstr(xid), iv_jstr(id)))
						v = jv_copy(x);
					jv_free(xid);
					jv_free(x);
				}
			if (jv_get_kind(v) == JV_KIND_OBJECT) {
				jv verdict = iv_jget(v, "verdict"), quote = iv_jget(v, "quote");
				long s, e;

				*judged = 1;
				find_quote(answer, iv_jstr(quote), &s, &e);
				is_cov = !strcmp(iv_jstr(verdict), "covered") && s >= 0;
				p = jv_object_set(p, jv_string("verdict"), jv_string(iv_jstr(verdict)));
				if (is_cov) {
					p = jv_object_set(p, jv_string("span"), JV_ARRAY(jv_number(s), jv_number(e)));
					p = jv_object_set(p, jv_string("evidence"), jv_string(iv_jstr(quote)));
				} else {
					p = jv_object_delete(p, jv_string("span"));
					p = jv_object_delete(p, jv_string("evidence"));
					if (!strcmp(iv_jstr(verdict), "covered"))
						p = jv_object_set(p, jv_string("unquoted"), jv_true());
					if (!strcmp(iv_jstr(verdict), "contradicted"))
						p = jv_object_set(p, jv_string("contradicted"), jv_true());
				}
				jv_free(verdict);
				jv_free(quote);
			}
			jv_free(v);
			jv_free(id);
			if (is_cov) {
				*cov += iv_jnum(p, "weight", 0);
				covered = jv_array_append(covered, p);
			} else {
				missed = jv_array_append(missed, p);
			}
		}
		jv_free(pts);
	}
	jv_free(verdicts);
	b = jv_object_set(b, jv_string("covered_points"), covered);
	return jv_object_set(b, jv_string("missed_points"), missed);
}

/* The builtin grade (consumed) and the model's (consumed) as one. */
static jv
combine(jv b, jv m, double w, jv req)
{
	double hints = iv_jnum(req, "hints", 0), conf = iv_jnum(b, "confidence", 1), vcov;
	jv bd = iv_jget(b, "dimensions"), md = iv_jget(m, "dimensions"), d = jv_object(), answer, flags;
	/* a hint costs the model's score what it costs the builtin's */
	double ms = clamp10(iv_jnum(m, "score", 0) - 0.5 * hints), score, cap = 10;
	/* the builtin's share shrinks with its confidence */
	double wb = (1 - w) * (conf < 0 ? 0 : conf > 1 ? 1 : conf), wm = 1 - wb;
	int judged, grader;

	answer = iv_jget(req, "answer");
	flags = iv_jget(b, "flags");
	grader = jv_get_kind(flags) == JV_KIND_ARRAY && jv_array_length(jv_copy(flags)) > 0;
	jv_free(flags);
	{
		jv builtin = JV_OBJECT(jv_string("score"), iv_jget(b, "score"), jv_string("dimensions"), jv_copy(bd),
				       jv_string("coverage"), iv_jget(b, "coverage"),
				       jv_string("confidence"), iv_jget(b, "confidence"),
				       jv_string("covered_points"), iv_jget(b, "covered_points"),
				       jv_string("missed_points"), iv_jget(b, "missed_points"),
				       jv_string("feedback"), iv_jget(b, "feedback"));

		b = jv_object_set(b, jv_string("builtin"), builtin);
	}
	if (!grader)
		b = decide_points(b, m, iv_jstr(answer), &vcov, &judged);
	else
		judged = 0;
	/* what the model claims without quoting it does not raise the grade */
	if (judged) {
		cap = 2 + 8 * vcov;
		b = jv_object_set(b, jv_string("coverage"), jv_number(round(vcov * 100) / 100));
	}
	score = iv_round1(wm * fmin(ms, cap) + wb * iv_jnum(b, "score", 0));
	/* "I don't know" said at length stays capped */
	if (iv_grade_is_non_answer(iv_jstr(answer)) && score > iv_jnum(b, "score", 0))
		score = iv_jnum(b, "score", 0);
	/* an answer that talks to the grader earns nothing, whatever the model says */
	if (grader)
		score = 0;
	jv_free(answer);
	for (int i = 0; dims[i]; i++)
		d = jv_object_set(d, jv_string(dims[i]),
				  jv_number(grader ? 0 : iv_round1(wm * fmin(cap, clamp10(iv_jnum(md, dims[i], 0))) +
								wb * iv_jnum(bd, dims[i], 0))));
	b = jv_object_set(b, jv_string("score"), jv_number(score));
	b = jv_object_set(b, jv_string("dimensions"), d);
	b = jv_object_set(b, jv_string("feedback"), grader ? iv_jget(b, "feedback") : iv_jget(m, "feedback"));
	b = jv_object_set(b, jv_string("engine"), jv_string("llm"));
	b = jv_object_set(b, jv_string("llm"), m);
	b = jv_object_set(b, jv_string("weights"), JV_OBJECT(jv_string("llm"), jv_number(round(wm * 100) / 100),
							   jv_string("builtin"), jv_number(round(wb * 100) / 100)));
	jv_free(bd);
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
	reply = iv_agent_json(c, "grade", grade_vars(req, b, iv_jstr(lang)), &l, jv_parse(schema_text), &usage);
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
