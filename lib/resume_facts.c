/* resume_facts.c — evidence, months of work, degree (resume_facts.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "msg.h"
#include "resume_dates.h"
#include "resume_degrees.h"
#include "resume_facts.h"
#include "resume_lines.h"
#include "resume_entries.h"

/* ---- evidence, experience, degree ---- */

static jv
add_line(jv out, const char *text, const char *section, const char *entry)
{
	if (!text || !*text)
		return out;
	return jv_array_append(out, JV_OBJECT(jv_string("text"), jv_string(text), jv_string("section"),
					      jv_string(section), jv_string("entry"), rp_jstr_or_null(entry)));
}

/* Each line of a multi-line string as its own line of evidence. */
static jv
add_text(jv out, jv s, const char *section, const char *entry)
{
	if (jv_get_kind(s) == JV_KIND_STRING) {
		char *t = iv_xstrdup(jv_string_value(s));

		for (char *line = strtok(t, "\n"); line; line = strtok(NULL, "\n"))
			out = add_line(out, line, section, entry);
		free(t);
	}
	jv_free(s);
	return out;
}

static jv
add_list(jv out, jv list, const char *section, const char *entry)
{
	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, i, x) {
			out = add_text(out, x, section, entry);
		}
	jv_free(list);
	return out;
}

jv
iv_resume_lines(jv resume)
{
	jv out = jv_array(), arr, basics = iv_jget(resume, "basics");

	arr = iv_jget(resume, "work");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, w) {
			char *name = iv_jstrdup(w, "name"), *pos = iv_jstrdup(w, "position");
			char *head = iv_xasprintf("%s%s%s", pos ? pos : "", pos && name ? ", " : "", name ? name : "");

			out = add_line(out, head, "work", name ? name : pos);
			out = add_text(out, iv_jget(w, "summary"), "work", name ? name : pos);
			out = add_list(out, iv_jget(w, "highlights"), "work", name ? name : pos);
			free(head);
			free(name);
			free(pos);
			jv_free(w);
		}
	jv_free(arr);
	arr = iv_jget(resume, "projects");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, p) {
			char *name = iv_jstrdup(p, "name");
			jv kw = iv_jget(p, "keywords");

			out = add_line(out, name, "projects", name);
			out = add_text(out, iv_jget(p, "description"), "projects", name);
			out = add_list(out, iv_jget(p, "highlights"), "projects", name);
			if (rp_arr_len(kw)) {
				char *k = rp_join_lines(kw, ", ");

				out = add_line(out, k, "projects", name);
				free(k);
			}
			jv_free(kw);
			free(name);
			jv_free(p);
		}
	jv_free(arr);
	out = add_text(out, iv_jget(basics, "label"), "summary", NULL);
	out = add_text(out, iv_jget(basics, "summary"), "summary", NULL);
	arr = iv_jget(resume, "volunteer");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, w) {
			char *name = iv_jstrdup(w, "organization");

			out = add_text(out, iv_jget(w, "summary"), "volunteer", name);
			out = add_list(out, iv_jget(w, "highlights"), "volunteer", name);
			free(name);
			jv_free(w);
		}
	jv_free(arr);
	arr = iv_jget(resume, "education");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, e) {
			char *inst = iv_jstrdup(e, "institution");

			out = add_text(out, iv_jget(e, "area"), "education", inst);
			out = add_list(out, iv_jget(e, "courses"), "education", inst);
			out = add_list(out, iv_jget(e, "highlights"), "education", inst);
			free(inst);
			jv_free(e);
		}
	jv_free(arr);
	for (const char *k = "awards\0certificates\0publications\0"; *k; k += strlen(k) + 1) {
		arr = iv_jget(resume, k);
		if (jv_get_kind(arr) == JV_KIND_ARRAY)
			jv_array_foreach(arr, i, a) {
				out = add_text(out, iv_jget(a, k[0] == 'a' ? "title" : "name"), k, NULL);
				out = add_text(out, iv_jget(a, "summary"), k, NULL);
				jv_free(a);
			}
		jv_free(arr);
	}
	arr = iv_jget(resume, "skills");
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, s) {
			char *name = iv_jstrdup(s, "name");
			jv kw = iv_jget(s, "keywords");
			char *k = rp_arr_len(kw) ? rp_join_lines(kw, ", ") : NULL;
			char *line = iv_xasprintf("%s%s%s", name ? name : "", name && k ? ": " : "", k ? k : "");

			out = add_line(out, line, "skills", name);
			free(line);
			free(k);
			free(name);
			jv_free(kw);
			jv_free(s);
		}
	jv_free(arr);
	jv_free(basics);
	return out;
}

static int
by_first(const void *a, const void *b)
{
	const int *x = a, *y = b;

	return x[0] != y[0] ? (x[0] < y[0] ? -1 : 1) : (x[1] < y[1] ? -1 : x[1] > y[1]);
}

int
iv_resume_months(jv resume)
{
	jv work = iv_jget(resume, "work");
	int (*iv)[2] = NULL, n = 0, total = 0, cur_s = -1, cur_e = -1, latest = -1;

	/* A missing endDate means "to now" on the latest job only (JSON
	 * Resume's current position); on an older one the job ended within
	 * its start's year or month, for all the resume says. */
	if (jv_get_kind(work) == JV_KIND_ARRAY)
		jv_array_foreach(work, i, w) {
			char *start = iv_jstrdup(w, "startDate");
			int s = rp_month_index(start, 0);

			if (start && s > latest)
				latest = s;
			free(start);
			jv_free(w);
		}
	if (jv_get_kind(work) == JV_KIND_ARRAY)
		jv_array_foreach(work, i, w) {
			char *start = iv_jstrdup(w, "startDate"), *end = iv_jstrdup(w, "endDate");
			char *pos = iv_jstrdup(w, "position"), *name = iv_jstrdup(w, "name");
			int s = rp_month_index(start, 0);
			int e = end || s == latest ? rp_month_index(end, 1) : rp_month_index(start, 1);
			int intern = iv_jbool(w, "internship", 0) || (pos && rp_has_any(pos, rp_intern_words)) ||
				     (name && rp_has_any(name, rp_intern_words));

			if (start && s >= 0 && e >= s && !intern) {
				iv = iv_xrealloc(iv, sizeof *iv * (size_t)(n + 1));
				iv[n][0] = s;
				iv[n][1] = e;
				n++;
			}
			free(start);
			free(end);
			free(pos);
			free(name);
			jv_free(w);
		}
	jv_free(work);
	if (n)
		qsort(iv, (size_t)n, sizeof *iv, by_first);
	for (int i = 0; i < n; i++) {
		if (cur_e >= 0 && iv[i][0] <= cur_e + 1) {
			if (iv[i][1] > cur_e)
				cur_e = iv[i][1];
			continue;
		}
		if (cur_e >= 0)
			total += cur_e - cur_s + 1;
		cur_s = iv[i][0];
		cur_e = iv[i][1];
	}
	if (cur_e >= 0)
		total += cur_e - cur_s + 1;
	free(iv);
	return total;
}

int
iv_resume_degree(jv resume)
{
	jv edu = iv_jget(resume, "education");
	int best = 0;

	if (jv_get_kind(edu) == JV_KIND_ARRAY)
		jv_array_foreach(edu, i, e) {
			char *t = iv_jstrdup(e, "studyType");
			int r = iv_degree_rank(t);

			if (r > best)
				best = r;
			free(t);
			jv_free(e);
		}
	jv_free(edu);
	return best;
}
