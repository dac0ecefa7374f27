/* ask_follow.c — which missed key point to probe, and how to ask. */
#include <string.h>

#include "ask_follow.h"
#include "grade.h"
#include "jsonl.h"
#include "reading.h"

static const iv_follow_up *
written(const iv_question *q, const char *kp)
{
	for (int i = 0; i < q->nfollow_ups; i++)
		if (!strcmp(q->follow_ups[i].key_point, kp))
			return &q->follow_ups[i];
	return NULL;
}

const char *
iv_follow_up_point(const iv_question *q, jv missed)
{
	const iv_key_point *best = NULL;
	int best_written = 0;

	if (jv_get_kind(missed) != JV_KIND_ARRAY)
		return NULL;
	jv_array_foreach(missed, i, m) {
		jv id = jv_get_kind(m) == JV_KIND_OBJECT ? iv_jget(m, "id") : jv_null();
		const iv_key_point *k = jv_get_kind(id) == JV_KIND_STRING
			? iv_question_key_point(q, jv_string_value(id)) : NULL;
		int w = k && written(q, k->id);

		jv_free(id);

		if (k && (!best || k->weight > best->weight + 1e-9 ||
			  (k->weight > best->weight - 1e-9 && w && !best_written))) {
			best = k;
			best_written = w;
		}
		jv_free(m);
	}
	return best ? best->id : NULL;
}

int
iv_follow_up_declined(const char *answer)
{
	return !answer || !*answer || iv_grade_is_non_answer(answer);
}

/* The key point's first term in the language, else its first. */
static const char *
term_of(const iv_key_point *k, int l)
{
	if (!k->terms || !k->terms[0])
		return NULL;
	for (const char *const *t = k->terms; *t; t++)
		if (iv_has_cjk(*t) == (l == IV_ZH))
			return *t;
	return k->terms[0];
}

void
iv_follow_up_text(iv_buf *b, const iv_question *q, const char *kp, int l, uint32_t h)
{
	static const char *const en[] = {
		"What about %s? Where does it come in here, and why does it matter?",
		"You didn't get to %s. How would it work in this case?",
		"Let's go back to %s: what part does it play here?",
	};
	static const char *const zh[] = {
		"那%s呢？它在这里起什么作用，为什么重要？",
		"你还没讲到%s。在这个场景里它是怎么起作用的？",
		"我们回到%s：它在这里扮演什么角色？",
	};
	const iv_follow_up *f = written(q, kp);
	const iv_key_point *k;
	const char *t;

	if (f) {
		iv_buf_puts(b, f->text[l]);
		return;
	}
	k = iv_question_key_point(q, kp);
	t = k ? term_of(k, l) : NULL;
	if (t)
		iv_buf_printf(b, (l == IV_ZH ? zh : en)[h % 3], t);
	else	/* no terms: naming the point would give it away */
		iv_buf_puts(b, l == IV_ZH ? "有没有哪一部分刚才漏掉了？一步一步说说看。"
			    : "Is there a part of this you left out? Take it step by step.");
}
