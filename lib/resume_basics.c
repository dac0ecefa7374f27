/* resume_basics.c — the basics object (resume_basics.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "msg.h"
#include "resume_contacts.h"
#include "resume_degrees.h"
#include "resume_lines.h"
#include "resume_basics.h"
#include "resume_entries.h"
#include "resume_roles.h"
#include "resume_sections.h"
#include "utf8.h"
#include "text.h"

/* ---- basics ---- */

int
rp_name_like(const char *s)
{
	size_t n = strlen(s), i = 0, cjk = 0, words = 0;
	uint32_t cp;
	int in_word = 0;

	if (!n || n > 40)
		return 0;
	while (i < n) {
		int len = iv_utf8_decode(s + i, n - i, &cp);

		if (iv_is_cjk(cp)) {
			cjk++;
		} else if (cp == ' ') {
			in_word = 0;
		} else if (cp < 0x80 && (isalpha((int)cp) || cp == '-' || cp == '\'' || cp == '.')) {
			if (!in_word) {
				if (!isupper((int)cp))
					return 0;
				words++;
			}
			in_word = 1;
		} else if (cp == 0xb7 || cp == 0x2022) {
			/* 阿依古丽·买买提 */
		} else if (cp >= 0xc0 && cp < 0x250) {
			in_word = 1;
		} else {
			return 0;
		}
		i += (size_t)len;
	}
	if (cjk && words)
		return 0;
	return (cjk >= 2 && cjk <= 6) || (words >= 1 && words <= 4 && !cjk);
}

/* One word that is a skill of the taxonomy ("SQL", "Python"). */
static int
skill_word(const char *s)
{
	jv found;
	int yes;

	if (strchr(s, ' ') || rp_has_cjk(s))
		return 0;
	found = rp_skill_names(s);
	yes = rp_arr_len(found) > 0;
	jv_free(found);
	return yes;
}

/* One word in capitals ("AWS", "NLP"): an acronym, not a name. */
static int
acronym(const char *s)
{
	if (strchr(s, ' ') || rp_has_cjk(s))
		return 0;
	for (const char *p = s; *p; p++)
		if (islower((unsigned char)*p))
			return 0;
	return 1;
}

/* Not a name: what a resume calls itself, and the sites its links name
 * ("www.linkedin.com/in/x (LinkedIn)"). */
static const char *const not_names[] = { "简历", "个人简历", "resume", "curriculum vitae", "cv", "résumé",
					 "LinkedIn", "GitHub", "GitLab", "Twitter", "Portfolio", "Website",
					 "Blog", "Personal", "Company", "Mobile", "Home", "Work", NULL };

static int
skip_header_part(const char *s)
{
	static const char *const noise[] = { "男", "女", "male", "female", "党员", "中共党员", "共青团员", NULL };
	size_t n = strlen(s);

	for (int i = 0; not_names[i]; i++)
		if (!strcasecmp(s, not_names[i]))
			return 1;
	for (int i = 0; noise[i]; i++)
		if (!strcasecmp(s, noise[i]))
			return 1;
	/* "28岁", "5年工作经验" */
	if (n > 3 && isdigit((unsigned char)s[0]) && (strstr(s, "岁") || strstr(s, "年")))
		return 1;
	return iv_degree_mask(s) && rp_display_width(s) <= 12;
}

/* Two URLs of one page: the same but for the scheme, "www." and a
 * trailing slash. */
static int
same_url(const char *a, const char *b)
{
	const char *x = strstr(a, "://"), *y = strstr(b, "://");
	size_t n, m;

	a = x ? x + 3 : a;
	b = y ? y + 3 : b;
	if (!strncmp(a, "www.", 4))
		a += 4;
	if (!strncmp(b, "www.", 4))
		b += 4;
	n = strlen(a);
	m = strlen(b);
	while (n > 0 && a[n - 1] == '/')
		n--;
	while (m > 0 && b[m - 1] == '/')
		m--;
	return n == m && !strncasecmp(a, b, n);
}

/* "Dr. Wei-Ling Chen" is Wei-Ling Chen. */
static const char *
without_honorific(const char *s)
{
	static const char *const titles[] = { "Dr. ", "Dr ", "Prof. ", "Prof ", "Mr. ", "Ms. ", "Mrs. ", "Mx. ", NULL };

	for (int i = 0; titles[i]; i++)
		if (!strncmp(s, titles[i], strlen(titles[i])) && s[strlen(titles[i])])
			return s + strlen(titles[i]);
	return s;
}

/* "Application Development Associate - Accenture" under the name: the
 * job the resume's owner holds now, as job sites write it. Sets
 * ps->now_title and ps->now_company. */
static void
headline_job(struct parse *ps)
{
	jv_array_foreach(ps->header, i, line) {
		const char *ls = iv_jstr(line);

		if (i >= 1 && i <= 3 && !ps->now_company && !strchr(ls, '@') && !iv_phone_find(ls, 0, &(size_t){ 0 })) {
			jv pcs = rp_pieces(ls), one = JV_ARRAY(jv_string(ls));
			int n = rp_arr_len(pcs);
			char *pos = NULL, *co = NULL, *loc = NULL;

			if (n == 2) {
				jv second = jv_array_get(jv_copy(pcs), 1), sep = jv_array_get(second, 1);
				const char *sp = jv_string_value(sep);

				if (!strcmp(sp, "-") || !strcmp(sp, "@") || !strcmp(sp, "|")) {
					rp_work_header(one, &pos, &co, &loc, NULL);
					if (pos && co && rp_title_score(pos) == 2 && !rp_is_place(co)) {
						ps->now_title = pos;
						ps->now_company = co;
						pos = co = NULL;
					}
				}
				jv_free(sep);
			}
			free(pos);
			free(co);
			free(loc);
			jv_free(one);
			jv_free(pcs);
		}
		jv_free(line);
	}
}

jv
rp_build_basics(struct parse *ps)
{
	char *name = NULL, *label = NULL, *email = NULL, *phone = NULL, *url = NULL;
	jv loc = jv_null(), profiles = jv_array(), o = jv_object();

	headline_job(ps);

	jv_array_foreach(ps->header, i, line) {
		const char *ls = iv_jstr(line);
		jv parts = iv_join_places(iv_line_parts(ls));
		size_t at, n;
		int skills = 0, np = rp_arr_len(parts);

		/* A phone number may hold the separators that split parts. */
		if (!phone && (n = iv_phone_find(ls, 0, &at)))
			phone = iv_xstrndup(ls + at, n);
		/* "SQL, Naive Bayes": a line of skills names no one */
		jv_array_foreach(parts, j, part) {
			skills += skill_word(iv_jstr(part));
			jv_free(part);
		}
		skills = np >= 2 && 2 * skills >= np;
		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part), *v;
			int lab = rp_label_of(s, &v);
			char *e, *u;

			if (lab == L_B_NAME) {
				rp_set_once(&name, v);
			} else if (lab == L_B_LABEL || lab == L_POSITION) {
				rp_set_once(&label, v);
			} else if (lab == L_B_PHONE) {
				if (!phone) {
					phone = (n = iv_phone_find(v, 1, &at)) ? iv_xstrndup(v + at, n) : iv_xstrdup(v);
				}
			} else if (lab == L_LOCATION) {
				if (jv_get_kind(loc) == JV_KIND_NULL) {
					jv_free(loc);
					loc = iv_city(v);
					if (jv_get_kind(loc) == JV_KIND_NULL && *v) {
						jv_free(loc);
						loc = JV_OBJECT(jv_string("address"), jv_string(v));
					}
				}
			} else if ((e = rp_find_email(s))) {
				rp_set_once(&email, e);
				free(e);
			} else if ((u = rp_find_url(s)) || (u = rp_find_site(s))) {
				jv p = rp_profile_of(u);

				if (jv_get_kind(p) == JV_KIND_OBJECT) {
					int dup = 0;

					jv_array_foreach(profiles, k, q) {
						jv a = iv_jget(q, "url"), b = iv_jget(p, "url");

						dup |= same_url(jv_string_value(a), jv_string_value(b));
						jv_free(a);
						jv_free(b);
						jv_free(q);
					}
					if (dup)
						jv_free(p);
					else
						profiles = jv_array_append(profiles, p);
				} else {
					rp_set_once(&url, u);
					jv_free(p);
				}
				free(u);
			} else if (lab == L_B_IGNORE || lab == L_B_EMAIL || lab == L_B_URL) {
				/* a labeled field we keep no value of */
			} else if (iv_phone_find(s, 0, &at)) {
				/* found above */
			} else {
				jv l = iv_city(s);

				if (jv_get_kind(l) == JV_KIND_OBJECT) {
					if (jv_get_kind(loc) == JV_KIND_NULL) {
						jv_free(loc);
						loc = l;
					} else {
						jv_free(l);
					}
				} else if (!skip_header_part(s)) {
					jv_free(l);
					if (!name && rp_name_like(s) && !skills && !skill_word(s) && !acronym(s) && i < 3)
						name = iv_xstrdup(without_honorific(s));
					else if (!label && (rp_has_any(s, rp_position_words) || rp_title_score(s)) &&
						 rp_display_width(s) <= 60)
						label = iv_xstrdup(s);
				} else {
					jv_free(l);
				}
			}
			jv_free(part);
		}
		jv_free(parts);
		jv_free(line);
	}
	/* "张 三": a spaced-out Chinese name. */
	if (name && rp_has_cjk(name) && strchr(name, ' ')) {
		char *d = name;

		for (char *p = name; *p; p++)
			if (*p != ' ')
				*d++ = *p;
		*d = 0;
	}
	o = rp_set_str(o, "name", name);
	o = rp_set_str(o, "label", label);
	o = rp_set_str(o, "email", email);
	o = rp_set_str(o, "phone", phone);
	o = rp_set_str(o, "url", url);
	if (rp_arr_len(ps->summary)) {
		char *s = rp_join_lines(ps->summary, "\n");

		o = jv_object_set(o, jv_string("summary"), jv_string(s));
		free(s);
	}
	if (jv_get_kind(loc) == JV_KIND_OBJECT)
		o = jv_object_set(o, jv_string("location"), loc);
	else
		jv_free(loc);
	o = jv_object_set(o, jv_string("profiles"), profiles);
	free(name);
	free(label);
	free(email);
	free(phone);
	free(url);
	return o;
}
