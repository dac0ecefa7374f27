/* resume_skills.c — skills, languages and dated items (resume_skills.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"
#include "resume_contacts.h"
#include "resume_dates.h"
#include "resume_lines.h"
#include "resume_entries.h"
#include "resume_skills.h"
#include "skills.h"

/* Items without a leading 精通/熟悉/了解/掌握 ("精通Python" -> "Python"). */
static jv
strip_levels(jv items)
{
	static const char *const words[] = { "熟练掌握", "精通", "熟悉", "熟练", "了解", "掌握", NULL };
	jv out = jv_array();

	jv_array_foreach(items, i, it) {
		const char *t = iv_jstr(it);

		for (int k = 0; words[k]; k++)
			if (!strncmp(t, words[k], strlen(words[k])) && t[strlen(words[k])]) {
				t = rp_skip_space(t + strlen(words[k]));
				break;
			}
		out = jv_array_append(out, jv_string(t));
		jv_free(it);
	}
	jv_free(items);
	return out;
}

/* items (consumed) where an item that is a phrase, not a skill ("May
 * 2013 to May 2017 B.E", "deployed auto preprocessing steps of ...")
 * gives only the taxonomy's skills it names. */
static jv
only_skills(jv items)
{
	jv out = jv_array();

	jv_array_foreach(items, i, it) {
		const char *t = iv_jstr(it);
		int words = 1, depth = 0;

		/* words outside parentheses: "Python (pandas, numpy)" is one */
		for (const char *p = t; *p; p++) {
			depth += (*p == '(') - (*p == ')' && depth > 0);
			words += !depth && *p == ' ' && p[1] != ' ' && p[1] != '(';
		}
		if (words <= 4)
			out = jv_array_append(out, jv_copy(it));
		else
			out = jv_array_concat(out, rp_skill_names(t));
		jv_free(it);
	}
	jv_free(items);
	return out;
}

/* A sentence, not a list: more than eight words and no list separator
 * ("Built and deployed a churn model with XGBoost on AWS"). */
static int
prose(const char *s)
{
	int words = 1;

	if (strpbrk(s, ",;") || strstr(s, "、") || strstr(s, "，") || strstr(s, "；"))
		return 0;
	for (const char *p = s; *p; p++)
		words += *p == ' ' && p[1] != ' ';
	return words > 8;
}

static void skills_clause(struct parse *ps, const char *s);

/* A skills line: "Languages: Python, Go", "熟悉 Python、Go", "Docker, Kubernetes";
 * "精通Python，熟悉Go" is two, each with its level. */
void
rp_skills_line(struct parse *ps, const char *s)
{
	static const char *const seps[] = { "，", "；", "。", ";", NULL };
	static const char *const lv[] = { "精通", "熟悉", "熟练", "了解", "掌握", NULL };
	int levels = 0;
	jv clauses;
	const char *star = strstr(s, " * ");

	/* "Languages: Python, SQL * Databases: MySQL": one clause each */
	if (star) {
		char *head = rp_trimdup(s, (size_t)(star - s));

		rp_skills_line(ps, head);
		free(head);
		rp_skills_line(ps, star + 3);
		return;
	}
	for (int i = 0; lv[i]; i++)
		for (const char *q = s; (q = strstr(q, lv[i])); q += strlen(lv[i]))
			levels++;
	if (levels < 2 || strstr(s, ":") || strstr(s, "：")) {
		skills_clause(ps, s);
		return;
	}
	clauses = iv_split_on(s, seps, 0);
	jv_array_foreach(clauses, i, c) {
		skills_clause(ps, iv_jstr(c));
		jv_free(c);
	}
	jv_free(clauses);
}

static void
skills_clause(struct parse *ps, const char *s)
{
	static const struct {
		const char *word;
		const char *level;
	} levels[] = {
		{ "精通", "Advanced" }, { "熟练掌握", "Advanced" }, { "proficient", "Advanced" },
		{ "expert", "Advanced" }, { "advanced", "Advanced" }, { "熟练", "Intermediate" },
		{ "熟悉", "Intermediate" }, { "掌握", "Intermediate" }, { "familiar", "Intermediate" },
		{ "experienced", "Intermediate" }, { "intermediate", "Intermediate" }, { "了解", "Beginner" },
		{ "basic", "Beginner" }, { "beginner", "Beginner" }, { "knowledge of", "Beginner" },
		{ NULL, NULL },
	};
	const char *colon = NULL, *level = NULL, *word = NULL, *p;
	jv item = jv_object(), kw;
	int single = 0;

	colon = iv_key_colon(s, 40, NULL);
	for (int i = 0; levels[i].word; i++)
		if ((p = rp_find_word(s, levels[i].word)) && p - s < 8) {
			level = levels[i].level;
			word = levels[i].word;
			break;
		}
	if (colon && rp_display_width(s) > 0) {
		char *name = rp_trimdup(s, (size_t)(colon - s));

		if (rp_display_width(name) <= 24 && !level) {
			item = jv_object_set(item, jv_string("name"), jv_string(name));
			kw = strip_levels(iv_split_list(colon + (*colon == ':' ? 1 : 3)));
			free(name);
			goto done;
		}
		free(name);
	}
	kw = iv_split_list(s);
	if (level || rp_arr_len(kw) < 2 || prose(s)) {
		jv found = rp_skill_names(s);

		if (rp_arr_len(found)) {
			jv_free(kw);
			kw = found;
		} else {
			jv_free(found);
		}
	}
	if (word) {
		char *w = iv_xstrdup(word);

		w[0] = (char)toupper((unsigned char)w[0]);
		item = jv_object_set(item, jv_string("name"), jv_string(w));
		free(w);
	} else {
		const char *generic = strcmp(ps->lang, "zh") ? "Skills" : "技能";
		int n = rp_arr_len(ps->skills);
		jv last = n ? jv_array_get(jv_copy(ps->skills), n - 1) : jv_null();
		jv lname = jv_get_kind(last) == JV_KIND_OBJECT ? iv_jget(last, "name") : jv_null();

		/* Lines of one skill each without a heading ("Python",
		 * "PyTorch") are one group; lists a line stay apart. */
		if (ps->skills_single && rp_arr_len(kw) == 1 && jv_get_kind(lname) == JV_KIND_STRING &&
		    !strcmp(jv_string_value(lname), generic) && !jv_object_has(jv_copy(last), jv_string("level"))) {
			jv old = iv_jget(last, "keywords");

			ps->skills = jv_array_set(ps->skills, n - 1,
						  jv_object_set(last, jv_string("keywords"), jv_array_concat(old, kw)));
			jv_free(lname);
			jv_free(item);
			return;
		}
		jv_free(lname);
		jv_free(last);
		item = jv_object_set(item, jv_string("name"), jv_string(generic));
		if (!level && rp_arr_len(kw) == 1)
			single = 1;
	}
	if (level)
		item = jv_object_set(item, jv_string("level"), jv_string(level));
done:
	kw = only_skills(kw);
	if (rp_arr_len(kw)) {
		ps->skills = jv_array_append(ps->skills, jv_object_set(item, jv_string("keywords"), kw));
		ps->skills_single = single;
	} else {
		jv_free(kw);
		jv_free(item);
	}
}

void
rp_languages_line(struct parse *ps, const char *s)
{
	jv items = iv_split_list(s);

	jv_array_foreach(items, i, it) {
		const char *t = iv_jstr(it), *cut = NULL;
		static const char *const seps[] = { "(", "（", ":", "：", " - ", " – ", " ", NULL };

		for (int k = 0; seps[k] && !cut; k++)
			cut = strstr(t, seps[k]);
		if (cut) {
			char *lang = rp_trimdup(t, (size_t)(cut - t)), *fl;
			const char *f = cut;
			size_t n;

			while (*f && strchr("(:- ", *f))
				f++;
			if (!strncmp(f, "（", 3) || !strncmp(f, "：", 3))
				f += 3;
			if (!strncmp(f, "– ", 4))
				f += 4;
			fl = rp_trimdup(f, strlen(f));
			n = strlen(fl);
			if (n && fl[n - 1] == ')')
				fl[--n] = 0;
			if (n >= 3 && !strcmp(fl + n - 3, "）"))
				fl[n - 3] = 0;
			ps->languages = jv_array_append(ps->languages,
				*fl ? JV_OBJECT(jv_string("language"), jv_string(lang), jv_string("fluency"), jv_string(fl)) :
				      JV_OBJECT(jv_string("language"), jv_string(lang)));
			free(lang);
			free(fl);
		} else {
			ps->languages = jv_array_append(ps->languages, JV_OBJECT(jv_string("language"), jv_string(t)));
		}
		jv_free(it);
	}
	jv_free(items);
}

/* An item with an optional date: awards, certificates, publications. */
jv
rp_dated_item(const char *s, const char *name_key, const char *date_key)
{
	char a[12], b[12];
	size_t from, to;
	int r = iv_date_range(s, a, b, &from, &to);
	jv o = jv_object();

	if (r) {
		char *rest = iv_xasprintf("%.*s %s", (int)from, s, s + to), *t;
		size_t n;

		t = rp_trimdup(rest, strlen(rest));
		n = strlen(t);
		while (n > 0 && strchr(",|-:", t[n - 1]))
			t[--n] = 0;
		{
			char *t2 = rp_trimdup(t, strlen(t));
			size_t k = 0;

			while (t2[k] && strchr(",|-:", t2[k]))
				k++;
			o = jv_object_set(o, jv_string(name_key), jv_string(rp_skip_space(t2 + k)));
			free(t2);
		}
		o = jv_object_set(o, jv_string(date_key), jv_string(r == 2 ? b : a));
		free(t);
		free(rest);
	} else {
		o = jv_object_set(o, jv_string(name_key), jv_string(s));
	}
	return o;
}

/* Skills in text, not counting web and mail addresses ("github.com/x" is
 * not Git). */
jv
rp_skills_in(const char *text)
{
	char *t = iv_xstrdup(text), *u;
	jv names;

	for (char *p = t; (u = rp_find_url(p)); free(u)) {
		const char *host = strstr(u, "://") + 3;
		/* "https://" alone has an empty host, found anywhere: look for
		 * the URL itself, or the loop never moves on. */
		char *at = *host ? strstr(p, host) : NULL;

		if (!at)
			at = strstr(p, u);
		if (!at)
			break;
		p = at;
		while (rp_url_char(p))
			*p++ = ' ';
	}
	for (char *at = strchr(t, '@'); at; at = strchr(at + 1, '@')) {
		char *a = at, *b = at + 1;

		while (a > t && rp_email_char(a[-1]))
			a--;
		while (*b && (isalnum((unsigned char)*b) || *b == '-' || *b == '.'))
			b++;
		memset(a, ' ', (size_t)(b - a));
		at = b - 1;
	}
	names = rp_skill_names(t);
	free(t);
	return names;
}
