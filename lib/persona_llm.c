/* persona_llm.c — a persona role-played by a model (persona.h). */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "buf.h"
#include "jsonl.h"
#include "msg.h"
#include "persona.h"
#include "prompt.h"

/* An answer longer than this is not one answer. */
#define MAX_ANSWER 6000

/* The profile's text in lang: a string, or {en, zh}. */
static void
put_text(iv_buf *b, jv profile, const char *key, const char *lang)
{
	jv v = iv_jget(profile, key);

	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		jv t = iv_jget(v, lang);

		if (jv_get_kind(t) != JV_KIND_STRING) {
			jv_free(t);
			t = iv_jget(v, strcmp(lang, "zh") ? "zh" : "en");
		}
		jv_free(v);
		v = t;
	}
	if (jv_get_kind(v) == JV_KIND_STRING && *iv_jstr(v))
		iv_buf_printf(b, "%s%s", b->len ? "\n" : "", iv_jstr(v));
	jv_free(v);
}

/* The texts of the key points (borrowed) whose ids are in ids (borrowed),
 * one per line; "(none)" for none. */
static jv
points_text(jv kps, jv ids)
{
	iv_buf b = IV_BUF_INIT;
	jv out;

	jv_array_foreach(kps, i, kp) {
		jv id = iv_jget(kp, "id"), text = iv_jget(kp, "text");
		int in = 0;

		jv_array_foreach(ids, j, x) {
			in |= jv_equal(jv_copy(x), jv_copy(id));
			jv_free(x);
		}
		if (in && jv_get_kind(text) == JV_KIND_STRING)
			iv_buf_printf(&b, "- %s\n", iv_jstr(text));
		jv_free(id);
		jv_free(text);
		jv_free(kp);
	}
	out = jv_string(b.len ? b.s : "(none)");
	iv_buf_free(&b);
	return out;
}

/* The model's reply as an answer (malloc'd), or NULL with *why. */
static char *
answer_of(const char *reply, const char **why)
{
	size_t n;

	while (*reply == ' ' || *reply == '\n' || *reply == '\t' || *reply == '\r')
		reply++;
	n = strlen(reply);
	while (n && (reply[n - 1] == ' ' || reply[n - 1] == '\n' || reply[n - 1] == '\t' || reply[n - 1] == '\r'))
		n--;
	if (!n) {
		*why = "the reply was empty";
		return NULL;
	}
	if (n > MAX_ANSWER) {
		*why = "the reply was too long for one answer";
		return NULL;
	}
	if (*reply == '{' || *reply == '[') {
		*why = "the reply was JSON, not an answer";
		return NULL;
	}
	return iv_xstrndup(reply, n);
}

jv
iv_persona_speak(jv profile, jv in, jv answer, const char *model)
{
	jv q = iv_jget(in, "question"), kps = iv_jget(in, "key_points");
	jv lang_v = iv_jget(q, "lang"), qtext = iv_jget(q, "text"), usage = jv_null(), vars, msgs, reply;
	const char *lang = !strcmp(iv_jstr(lang_v), "zh") ? "zh" : "en", *why = NULL;
	jv covered = iv_jget(answer, "covered"), negated = iv_jget(answer, "negated"), listed = iv_jget(answer, "listed");
	jv draft = iv_jget(answer, "answer");
	int npts = jv_array_length(jv_copy(covered)) + jv_array_length(jv_copy(negated)) +
		   jv_array_length(jv_copy(listed));
	iv_buf who = IV_BUF_INIT;
	char *err = NULL, *text = NULL;
	iv_llm *c = iv_agent_open(NULL, NULL, model, &err);

	if (!c)
		goto fallback;
	put_text(&who, profile, "about", lang);
	put_text(&who, profile, "style", lang);
	vars = JV_OBJECT(jv_string("lang"), jv_string(lang),
		jv_string("length"), jv_string_fmt(!strcmp(lang, "zh") ? "about %d Chinese characters"
						   : "about %d words",
						   (!strcmp(lang, "zh") ? 2 : 1) * (30 + 30 * npts)),
		jv_string("persona"), jv_string(who.len ? who.s : "(none)"),
		jv_string("question"), jv_get_kind(qtext) == JV_KIND_STRING ? jv_copy(qtext) : jv_string("(none)"),
		jv_string("know"), points_text(kps, covered),
		jv_string("wrong"), points_text(kps, negated));
	vars = jv_object_set(vars, jv_string("named"), points_text(kps, listed));
	vars = jv_object_set(vars, jv_string("draft"), jv_copy(draft));
	msgs = iv_prompt_build("persona", vars, NULL, 0, NULL);
	jv_free(vars);
	if (!jv_is_valid(msgs)) {
		err = iv_agent_reason(msgs);
		goto fallback;
	}
	reply = iv_llm_chat(c, msgs, &usage);
	jv_free(msgs);
	if (!jv_is_valid(reply)) {
		err = iv_agent_reason(reply);
		goto fallback;
	}
	if (iv_jbool(usage, "cut", 0))
		why = "the reply was cut short";
	else
		text = answer_of(iv_jstr(reply), &why);
	jv_free(reply);
	if (!text) {
		err = iv_xstrdup(why);
		goto fallback;
	}
	answer = jv_object_set(answer, jv_string("answer"), jv_string(text));
	answer = jv_object_set(answer, jv_string("model"), jv_string(iv_llm_model(c)));
	answer = jv_object_set(answer, jv_string("fallback"), jv_false());
	free(text);
	goto out;
fallback:
	iv_agent_fallback("answer", err);
	answer = jv_object_set(answer, jv_string("model"), c ? jv_string(iv_llm_model(c)) : jv_null());
	answer = jv_object_set(answer, jv_string("fallback"), jv_true());
	free(err);
out:
	iv_llm_free(c);
	iv_buf_free(&who);
	jv_free(usage);
	jv_free(draft);
	jv_free(covered);
	jv_free(negated);
	jv_free(listed);
	jv_free(lang_v);
	jv_free(qtext);
	jv_free(kps);
	jv_free(q);
	return answer;
}
