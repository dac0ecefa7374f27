/* ask_llm.c — the decision agent's LLM engine (ask_llm.h).
 *
 * The builtin engine chooses (continue or not, topic, question of the
 * bank, difficulty, follow-up): its choice is deterministic, explained by
 * reason codes, and a bank question brings the key points the grader's
 * coverage needs. The model words the chosen question for this person,
 * from the resume, the JD and the layered context; the builtin wording is
 * its draft and the fallback. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "ask_llm.h"
#include "bank.h"
#include "context.h"
#include "jsonl.h"
#include "llmjson.h"
#include "msg.h"
#include "skills.h"
#include "utf8.h"

/* A question longer than this is not a question. */
#define MAX_QUESTION 2000

static int
has_cjk(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = iv_utf8_decode(s + i, n - i, &cp);

		if (iv_is_cjk(cp))
			return 1;
		i += (size_t)(len > 0 ? len : 1);
	}
	return 0;
}

/* The question in the model's reply (malloc'd), or NULL with *why. */
static char *
question_of(const char *reply, const char *lang, const char **why)
{
	const char *s = reply, *e;
	char *q;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	if (*s == '{') {
		/* a model that answers in JSON anyway: its "question" field */
		jv v = iv_llm_repair(s, NULL), t = iv_jget(v, "question");

		q = jv_get_kind(t) == JV_KIND_STRING ? iv_xstrdup(iv_jstr(t)) : NULL;
		jv_free(t);
		jv_free(v);
		if (!q) {
			*why = "the reply is JSON without a question";
			return NULL;
		}
		{
			char *inner = question_of(q, lang, why);

			free(q);
			return inner;
		}
	}
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	if (e - s >= 2 && *s == '"' && e[-1] == '"')
		s++, e--;
	if (e == s) {
		*why = "the reply is empty";
		return NULL;
	}
	if (e - s > MAX_QUESTION) {
		*why = "the reply is too long for a question";
		return NULL;
	}
	q = iv_xstrndup(s, (size_t)(e - s));
	if (!strcmp(lang, "zh") && !has_cjk(q)) {
		free(q);
		*why = "the reply is not in Chinese";
		return NULL;
	}
	return q;
}

/* The template's values for the choice. */
static jv
ask_vars(jv ctx, jv choice, jv draft, const iv_question *q)
{
	jv lang_v = iv_jget(ctx, "lang"), resume = iv_jget(ctx, "resume"), jd = iv_jget(ctx, "jd");
	jv session = iv_jget(ctx, "session"), title = iv_jget(jd, "title"), vars;
	const char *lang = iv_jstr(lang_v);
	int l = iv_lang_index(lang), follow = iv_jbool(choice, "follow_up", 0);
	const iv_skill *sk = iv_skill_by_path(q->skill_path);
	jv parsed = iv_jget(resume, "parsed_data");
	char *rt, *jt = iv_agent_jd_text(jd), *focus = NULL;

	/* the stored row: the JSON Resume and the skills found in it */
	if (jv_get_kind(parsed) == JV_KIND_OBJECT)
		parsed = jv_object_set(parsed, jv_string("extracted_skills"), iv_jget(resume, "extracted_skills"));
	rt = iv_agent_resume_text(parsed);
	jv_free(parsed);

	if (follow) {
		jv kp = iv_jget(choice, "key_point");
		const iv_key_point *k = iv_question_key_point(q, iv_jstr(kp));

		if (k)
			focus = iv_xasprintf(" It probes a key point the last answer missed: %s.", k->text[l]);
		jv_free(kp);
	}
	vars = JV_OBJECT(jv_string("lang"), jv_string(lang),
		jv_string("position"), jv_string(jv_get_kind(title) == JV_KIND_STRING && *iv_jstr(title)
						? iv_jstr(title) : "an AI application developer"),
		jv_string("round"), iv_jget(choice, "round"),
		jv_string("max_rounds"), iv_jget(session, "max_rounds"),
		jv_string("kind"), jv_string(follow ? "a follow-up on the last answer" : "a new question"),
		jv_string("topic"), jv_string(iv_bank_topic_name(q->topic, "en")),
		jv_string("skill"), jv_string(sk ? sk->name : q->skill_path));
	vars = jv_object_set(vars, jv_string("difficulty"), iv_jget(choice, "difficulty"));
	vars = jv_object_set(vars, jv_string("focus"), jv_string(focus ? focus : ""));
	vars = jv_object_set(vars, jv_string("question"), jv_string(q->text[l]));
	vars = jv_object_set(vars, jv_string("draft"), draft);
	vars = jv_object_set(vars, jv_string("resume"), jv_string(*rt ? rt : "(none)"));
	vars = jv_object_set(vars, jv_string("jd"), jv_string(*jt ? jt : "(none)"));
	free(focus);
	free(rt);
	free(jt);
	jv_free(title);
	jv_free(session);
	jv_free(jd);
	jv_free(resume);
	jv_free(lang_v);
	return vars;
}

/* The follow-up's text when it is one, else the question's (what the
 * memories are recalled for). */
static const char *
recall_query(const iv_question *q, jv choice, int l)
{
	if (iv_jbool(choice, "follow_up", 0)) {
		jv kp = iv_jget(choice, "key_point");
		const iv_key_point *k = iv_question_key_point(q, iv_jstr(kp));

		jv_free(kp);
		if (k)
			return k->text[l];
	}
	return q->text[l];
}

static jv
word_llm(const iv_ask_env *env, jv ctx, jv choice)
{
	jv draft = iv_ask_engine_builtin()->word(env, ctx, choice), session = iv_jget(ctx, "session");
	jv lang_v = iv_jget(ctx, "lang"), qid = iv_jget(choice, "question_id"), usage = jv_null(), msgs, reply, vars;
	const iv_question *q = iv_bank_find(iv_jstr(qid));
	const char *why = NULL;
	char *err = NULL, *text = NULL;
	iv_llm *c = NULL;
	iv_layers l;
	jv out;

	jv_free(qid);
	if (!q) {
		jv_free(lang_v);
		jv_free(session);
		return draft;
	}
	c = iv_agent_open_session(env->db, session, &err);
	if (!c)
		goto fallback;
	iv_agent_layers(env->db, env->user_id, (long long)iv_jnum(session, "id", 0),
			recall_query(q, choice, iv_lang_index(iv_jstr(lang_v))), env->store, &l);
	vars = ask_vars(ctx, choice, jv_copy(draft), q);
	msgs = iv_prompt_build("ask", vars, &l, 0, NULL);
	jv_free(vars);
	iv_layers_free(&l);
	if (!jv_is_valid(msgs)) {
		err = iv_agent_reason(msgs);
		goto fallback;
	}
	reply = iv_llm_stream(c, msgs, iv_agent.stream ? iv_agent_show : NULL, NULL, &usage);
	jv_free(msgs);
	if (iv_agent.stream)
		fputc('\n', stderr);
	if (!jv_is_valid(reply)) {
		err = iv_agent_reason(reply);
		goto fallback;
	}
	if (iv_jbool(usage, "cut", 0))
		why = "the reply was cut short";
	else
		text = question_of(iv_jstr(reply), iv_jstr(lang_v), &why);
	jv_free(reply);
	if (!text) {
		err = iv_xstrdup(why);
		goto fallback;
	}
	out = JV_OBJECT(jv_string("text"), jv_string(text), jv_string("metadata"),
			iv_agent_note(JV_OBJECT(jv_string("builtin_text"), draft), c, usage, NULL));
	free(text);
	goto out;
fallback:
	iv_agent_fallback("question", err);
	out = JV_OBJECT(jv_string("text"), draft, jv_string("metadata"),
			iv_agent_note(jv_object(), c, usage, err));
	free(err);
out:
	iv_llm_free(c);
	jv_free(lang_v);
	jv_free(session);
	return out;
}

static jv
choose_llm(const iv_ask_env *env, jv ctx)
{
	return iv_ask_engine_builtin()->choose(env, ctx);
}

static const iv_ask_engine llm = { "llm", choose_llm, word_llm };

const iv_ask_engine *
iv_ask_engine_llm(void)
{
	return &llm;
}
