/* jd_skills.c — the skills a posting names, and those it offers as
 * either-or (jd_skills.h). */
#include <stdlib.h>
#include <string.h>

#include "jd_skills.h"
#include "jsonl.h"
#include "msg.h"
#include "resume_lines.h"
#include "skills.h"

jv
iv_jd_names_in(jv texts, jv except)
{
	iv_buf b = IV_BUF_INIT;
	jv found, out = jv_array();

	jv_array_foreach(texts, i, t) {
		iv_buf_puts(&b, iv_jstr(t));
		iv_buf_putc(&b, '\n');
		jv_free(t);
	}
	jv_free(texts);
	found = iv_skills_in_text(b.s ? b.s : "");
	jv_array_foreach(found, i, s) {
		jv name = iv_jget(s, "name");
		int skip = 0;

		jv_array_foreach(except, k, e) {
			skip |= jv_equal(jv_copy(e), jv_copy(name));
			jv_free(e);
		}
		if (skip)
			jv_free(name);
		else
			out = jv_array_append(out, name);
		jv_free(s);
	}
	jv_free(found);
	jv_free(except);
	iv_buf_free(&b);
	return out;
}

/* Is the text between two skills a separator of alternatives or of a list
 * ("or", "或", "/", ",", "、")? 2 for "or", 1 for a list, 0 otherwise. */
static int
alt_gap(const char *s, size_t n)
{
	static const char *const ors[] = { "or", "或", "或者", "/", "and/or", NULL };
	static const char *const lists[] = { ",", "，", "、", NULL };
	char *t = iv_xstrndup(s, n), *p = t, *e;
	int kind = 0;

	while (*p == ' ' || *p == '(' || !strncmp(p, "（", 3))
		p += *p == ' ' || *p == '(' ? 1 : 3;
	e = p + strlen(p);
	while (e > p && e[-1] == ' ')
		*--e = 0;
	/* "A, or B" */
	if (*p == ',' && !strncmp(iv_skip_space(p + 1), "or", 2))
		p = (char *)iv_skip_space(p + 1);
	for (int i = 0; ors[i] && !kind; i++)
		if (!strcasecmp(p, ors[i]))
			kind = 2;
	for (int i = 0; lists[i] && !kind; i++)
		if (!strcmp(p, lists[i]))
			kind = 1;
	free(t);
	return kind;
}

/* Groups of skills a requirement offers as alternatives: "FastAPI or
 * Django", "Milvus, Qdrant or pgvector", "LangChain或LlamaIndex". */
jv
iv_jd_alternatives(jv texts)
{
	jv groups = jv_array();

	jv_array_foreach(texts, i, t) {
		const char *s = iv_jstr(t);
		jv found = iv_skills_in_text(s), run = jv_array();
		int has_or = 0, n = jv_array_length(jv_copy(found));
		size_t prev_end = 0;

		for (int k = 0; k <= n; k++) {
			jv f = k < n ? jv_array_get(jv_copy(found), k) : jv_null();
			int gap = 0;

			if (k < n && k > 0 && (size_t)iv_jnum(f, "start", 0) >= prev_end)
				gap = alt_gap(s + prev_end, (size_t)iv_jnum(f, "start", 0) - prev_end);
			if (k == n || (k > 0 && !gap)) {
				if (has_or && jv_array_length(jv_copy(run)) >= 2)
					groups = jv_array_append(groups, run);
				else
					jv_free(run);
				run = jv_array();
				has_or = 0;
			}
			if (k < n) {
				has_or |= gap == 2;
				run = jv_array_append(run, iv_jget(f, "name"));
				prev_end = (size_t)iv_jnum(f, "end", 0);
			}
			jv_free(f);
		}
		jv_free(run);
		jv_free(found);
		jv_free(t);
	}
	jv_free(texts);
	return groups;
}
