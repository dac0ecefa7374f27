/* ask_builtin.c — the builtin engine's two steps: choose the next
 * question from the bank, and word it (ask_builtin.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "jsonl.h"
#include "msg.h"
#include "skills.h"
#include "ask_builtin.h"
#include "ask_paths.h"
#include "ask_follow.h"

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
		const char *b = iv_bank_head(i)->skill_path;

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

		if (!r && ll && (!strcmp(l, b) || (under && iv_path_under(b, l))))
			r = 1;
		if (!r && iv_path_under(l, b)) {
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

jv
choose_builtin(const iv_ask_env *env, jv ctx)
{
	jv session = iv_jget(ctx, "session"), history = iv_jget(ctx, "history"), lang_v = iv_jget(ctx, "lang");
	long long sid = (long long)iv_jnum(session, "id", 0);
	long round = (long)iv_jnum(session, "round_number", 1);
	int max_rounds = (int)iv_jnum(session, "max_rounds", 5), nq = iv_bank_count(), nsp = 0;
	struct sp *sps = iv_xcalloc((size_t)nq + 1, sizeof *sps);
	struct asked a;
	jv choice;
	const iv_question *best = NULL, **asked;
	int nasked;
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
		const char *p = iv_bank_head(i)->skill_path;
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
	/* the bank's questions this session asked (a few), once: not a pass
	 * over the bank for every candidate */
	nasked = 0;
	asked = iv_xcalloc((size_t)nq + 1, sizeof *asked);
	for (int k = 0; k < nq; k++)
		if (has_str(a.qids, iv_bank_head(k)->id))
			asked[nasked++] = iv_bank_head(k);
	for (int pass = 0; pass < 2 && !best; pass++)
		for (int i = 0; i < nq; i++) {
			const iv_question *q = iv_bank_head(i);
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
			for (k = 0; k < nasked; k++)
				if (!strcmp(asked[k]->topic, q->topic) && strcmp(asked[k]->skill_path, q->skill_path))
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
	free(asked);
	if (!best) {
		choice = JV_OBJECT(jv_string("type"), jv_string("done"),
			jv_string("reason"), jv_string("no questions left in the bank for this session"));
		goto out;
	}
	best = iv_bank_find(best->id);	/* read whole */
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

jv
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
