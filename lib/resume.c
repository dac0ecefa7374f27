/* resume.c — a resume's text parsed, JSON Resume checked (resume.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"
#include "resume.h"
#include "resume_basics.h"
#include "resume_entries.h"
#include "resume_roles.h"
#include "resume_sections.h"
#include "resume_skills.h"
#include "text.h"

/* ---- parsing ---- */

/* "技术栈：..." in a project is the project's, not a skills section. */
static int
entry_label_line(int sec, const char *s)
{
	const char *v;
	int label;

	if (sec != S_WORK && sec != S_INTERN && sec != S_EDUCATION && sec != S_PROJECTS && sec != S_VOLUNTEER)
		return 0;
	label = rp_label_of(s, &v);
	return label != L_NONE && label < L_B_NAME;
}

/* Whether the next non-empty line after line i is a headline ("Machine
 * Learning Engineer at Flipkart", "Senior Data Scientist"). */
static int
headline_next(jv lines, int i, int n)
{
	for (int j = i + 1; j < n; j++) {
		jv line = jv_array_get(jv_copy(lines), j);
		const char *s = rp_skip_space(iv_jstr(line)), *at = strstr(s, " at ");
		char *title;
		int yes;

		if (!*s) {
			jv_free(line);
			continue;
		}
		title = at ? rp_trimdup(s, (size_t)(at - s)) : iv_xstrdup(s);
		yes = rp_heading_kind(s) < 0 && rp_title_score(title) == 2 && rp_display_width(s) <= 100;
		free(title);
		jv_free(line);
		return yes;
	}
	return 0;
}

/* A job site's export repeats the owner's title over "Title - Company"
 * ("Data Scientist" then "Data Scientist - Matelabs"), wherever the
 * flattening put them: when line i and the next are such a pair, the
 * company (a new string) and the title's length; else NULL. */
static char *
title_then_job(jv lines, int i, int n, size_t *tlen)
{
	jv a, b;
	const char *s, *t;
	char *co = NULL;
	size_t k;

	if (i + 1 >= n)
		return NULL;
	a = jv_array_get(jv_copy(lines), i);
	b = jv_array_get(jv_copy(lines), i + 1);
	s = rp_skip_space(iv_jstr(a));
	t = rp_skip_space(iv_jstr(b));
	k = strlen(s);
	while (k && s[k - 1] == ' ')
		k--;
	if (k >= 3 && k <= 80 && !strncmp(s, t, k) && !strncmp(t + k, " - ", 3) && rp_title_score(s) >= 1 &&
	    iv_date_range(s, (char[12]){ 0 }, (char[12]){ 0 }, &(size_t){ 0 }, &(size_t){ 0 }) == 0) {
		co = rp_trimdup(t + k + 3, strlen(t + k + 3));
		if (!*co || rp_display_width(co) > 80 || strstr(co, " - ") || rp_title_score(co) == 2) {
			free(co);
			co = NULL;
		}
	}
	*tlen = k;
	jv_free(a);
	jv_free(b);
	return co;
}

/* Whether line i of an entry section has a dated header line next (1) or
 * after one more (2), before any blank-separated list, bullet or heading;
 * 0 when not. */
static int
dated_ahead(jv lines, int i, int n)
{
	int k = 0;

	for (int j = i + 1; j < n && k < 2; j++) {
		jv line = jv_array_get(jv_copy(lines), j);
		const char *s = rp_skip_space(iv_jstr(line));
		char a[12], b[12];
		size_t from, to;
		int r = 0, stop = 0;

		if (!*s) {
			jv_free(line);
			continue;
		}
		k++;
		if (iv_after_bullet(s) || rp_heading_kind(s) >= 0 || *s == '#')
			stop = 1;
		else if (iv_date_range(s, a, b, &from, &to)) {
			char *rest = iv_xasprintf("%.*s %s", (int)from, s, s + to);

			r = rp_display_width(rest) <= 60 ? k : 0;
			stop = 1;
			free(rest);
		}
		jv_free(line);
		if (stop)
			return r;
	}
	return 0;
}

jv
iv_resume_parse(const char *text, int flags)
{
	struct parse ps = { 0 };
	jv lines = iv_text_lines(text, flags), out, basics;
	int sec = S_HEADER, gap = 0, nlines = jv_array_length(jv_copy(lines));

	ps.header = jv_array();
	ps.summary = jv_array();
	ps.work = jv_array();
	ps.education = jv_array();
	ps.projects = jv_array();
	ps.volunteer = jv_array();
	ps.skills = jv_array();
	ps.languages = jv_array();
	ps.awards = jv_array();
	ps.certificates = jv_array();
	ps.publications = jv_array();
	ps.interests = jv_array();
	ps.lang = iv_text_lang(text);
	for (int i = 0; i < nlines; i++) {
		jv line = jv_array_get(jv_copy(lines), i);
		const char *raw = iv_jstr(line), *s = rp_skip_space(raw), *rest = NULL, *bul;
		int md = 0, kind;

		if (!*s) {
			gap = 1;
			jv_free(line);
			continue;
		}
		while (s[md] == '#')
			md++;
		if (md && s[md] != ' ')
			md = 0;
		bul = md ? NULL : iv_after_bullet(s);
		kind = bul ? -1 : rp_heading_kind(s);
		if (kind < 0 && !bul && (sec != S_SKILLS || md) && !entry_label_line(sec, s))
			kind = rp_inline_heading(md ? rp_skip_space(s + md) : s, &rest);
		if (kind >= 0) {
			rp_flush_entry(&ps);
			sec = kind;
			gap = 0;
			if (!rest) {
				jv_free(line);
				continue;
			}
			s = rest;
		}
		/* A LinkedIn export: the sidebar's lists (Contact, Top Skills,
		 * Languages, Certifications) come first, then the name over the
		 * headline; the name goes first among the header's lines. */
		if ((sec == S_SKILLS || sec == S_LANGUAGES || sec == S_CERTS || sec == S_AWARDS) && !bul && !md &&
		    rp_name_like(s) && headline_next(lines, i, nlines)) {
			sec = S_HEADER;
			ps.header = jv_array_concat(JV_ARRAY(jv_string(s)), ps.header);
			gap = 0;
			jv_free(line);
			continue;
		}
		/* not where jobs are listed: there the pair is a job's header */
		if (!bul && !md && sec != S_HEADER && sec != S_BASICS && sec != S_WORK && sec != S_INTERN &&
		    sec != S_VOLUNTEER && !ps.now_company) {
			size_t tlen;
			char *co = title_then_job(lines, i, nlines, &tlen);

			if (co) {
				ps.now_title = rp_trimdup(s, tlen);
				ps.now_company = co;
				ps.now_in_body = 1;
				i++;
				gap = 0;
				jv_free(line);
				continue;
			}
		}
		switch (sec) {
		case S_HEADER:
		case S_BASICS:
			ps.header = jv_array_append(ps.header, jv_string(md ? rp_skip_space(s + md) : s));
			break;
		case S_SUMMARY:
			ps.summary = jv_array_append(ps.summary, jv_string(bul ? bul : md ? rp_skip_space(s + md) : s));
			break;
		case S_WORK:
		case S_INTERN:
		case S_EDUCATION:
		case S_PROJECTS:
		case S_VOLUNTEER:
			rp_entry_line(&ps, sec, md ? rp_skip_space(s + md) : rest ? s : raw, md, gap,
				      md || rest ? 0 : dated_ahead(lines, i, nlines));
			break;
		case S_SKILLS:
			rp_skills_line(&ps, bul ? bul : md ? rp_skip_space(s + md) : s);
			break;
		case S_LANGUAGES:
			rp_languages_line(&ps, bul ? bul : s);
			break;
		case S_AWARDS:
			ps.awards = jv_array_append(ps.awards, rp_dated_item(bul ? bul : s, "title", "date"));
			break;
		case S_CERTS:
			ps.certificates = jv_array_append(ps.certificates, rp_dated_item(bul ? bul : s, "name", "date"));
			break;
		case S_PUBLICATIONS:
			ps.publications = jv_array_append(ps.publications, rp_dated_item(bul ? bul : s, "name", "releaseDate"));
			break;
		case S_INTERESTS: {
			jv items = iv_split_list(bul ? bul : s);

			jv_array_foreach(items, k, it)
				ps.interests = jv_array_append(ps.interests, JV_OBJECT(jv_string("name"), it));
			jv_free(items);
			break;
		}
		}
		gap = 0;
		jv_free(line);
	}
	rp_flush_entry(&ps);
	jv_free(lines);
	basics = rp_build_basics(&ps);
	/* A headline "Title - Company": its title for the work section's
	 * entry of the company when that has none; else a job of its own when
	 * there is no work section, or when the pair of lines was below the
	 * header (it took them from the section they were in). */
	if (ps.now_company) {
		int nwork = rp_arr_len(ps.work), found = 0;

		for (int k = 0; k < nwork; k++) {
			jv w = jv_array_get(jv_copy(ps.work), k), name = iv_jget(w, "name"), pos = iv_jget(w, "position");
			int same = jv_get_kind(name) == JV_KIND_STRING &&
				   !strcasecmp(jv_string_value(name), ps.now_company);

			if (same && jv_get_kind(pos) != JV_KIND_STRING)
				ps.work = jv_array_set(ps.work, k, jv_object_set(jv_copy(w), jv_string("position"),
										 jv_string(ps.now_title)));
			jv_free(name);
			jv_free(pos);
			jv_free(w);
			if ((found = same))
				break;
		}
		if (!nwork || (!found && ps.now_in_body))
			ps.work = jv_array_append(ps.work, JV_OBJECT(jv_string("name"), jv_string(ps.now_company),
								     jv_string("position"), jv_string(ps.now_title)));
	}
	free(ps.now_title);
	free(ps.now_company);
	out = JV_OBJECT(jv_string("basics"), basics, jv_string("work"), ps.work);
	out = rp_set_nonempty(out, "volunteer", ps.volunteer);
	out = jv_object_set(out, jv_string("education"), ps.education);
	out = jv_object_set(out, jv_string("awards"), ps.awards);
	out = rp_set_nonempty(out, "certificates", ps.certificates);
	out = rp_set_nonempty(out, "publications", ps.publications);
	out = jv_object_set(out, jv_string("skills"), ps.skills);
	out = jv_object_set(out, jv_string("languages"), ps.languages);
	out = rp_set_nonempty(out, "interests", ps.interests);
	out = jv_object_set(out, jv_string("projects"), ps.projects);
	out = jv_object_set(out, jv_string("extracted_skills"), rp_skills_in(text));
	out = jv_object_set(out, jv_string("lang"), jv_string(ps.lang));
	jv_free(ps.header);
	jv_free(ps.summary);
	return out;
}

/* ---- JSON Resume in, checked ---- */

static const struct section_fields {
	const char *section;
	const char *strings;	/* space-separated */
	const char *lists;	/* arrays of strings */
} sections[] = {
	{ "work", "name position url startDate endDate summary location description", "highlights" },
	{ "volunteer", "organization position url startDate endDate summary", "highlights" },
	{ "education", "institution url area studyType startDate endDate score", "courses" },
	{ "awards", "title date awarder summary", "" },
	{ "certificates", "name date issuer url", "" },
	{ "publications", "name publisher releaseDate url summary", "" },
	{ "skills", "name level", "keywords" },
	{ "languages", "language fluency", "" },
	{ "interests", "name", "keywords" },
	{ "references", "name reference", "" },
	{ "projects", "name description url startDate endDate entity type", "highlights keywords roles" },
	{ NULL, NULL, NULL },
};

static int
in_list(const char *list, const char *key)
{
	size_t n = strlen(key);

	for (const char *p = list; (p = strstr(p, key)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

/* Check the fields of one object against strings and lists; where names
 * the object in messages ("work[1]"). */
static char *
check_fields(jv obj, const char *where, const char *strings, const char *lists)
{
	char *err = NULL;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return iv_xasprintf("%s: expected object, got %s", where, iv_json_kind_name(jv_get_kind(obj)));
	jv_object_foreach(obj, k, v) {
		const char *key = jv_string_value(k);

		if (!err && in_list(strings, key) && jv_get_kind(v) != JV_KIND_STRING && jv_get_kind(v) != JV_KIND_NULL)
			err = iv_xasprintf("%s.%s: expected string, got %s", where, key, iv_json_kind_name(jv_get_kind(v)));
		if (!err && in_list(lists, key)) {
			if (jv_get_kind(v) != JV_KIND_ARRAY) {
				err = iv_xasprintf("%s.%s: expected array, got %s", where, key, iv_json_kind_name(jv_get_kind(v)));
			} else {
				jv_array_foreach(v, i, x) {
					if (!err && jv_get_kind(x) != JV_KIND_STRING)
						err = iv_xasprintf("%s.%s[%d]: expected string, got %s", where, key, i,
								   iv_json_kind_name(jv_get_kind(x)));
					jv_free(x);
				}
			}
		}
		jv_free(k);
		jv_free(v);
	}
	return err;
}

char *
iv_resume_check(jv obj)
{
	char *err = NULL;
	jv basics;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return iv_xasprintf("expected an object, got %s", iv_json_kind_name(jv_get_kind(obj)));
	basics = iv_jget(obj, "basics");
	if (jv_get_kind(basics) != JV_KIND_NULL) {
		err = check_fields(basics, "basics", "name label image email phone url summary", "");
		if (!err) {
			jv loc = iv_jget(basics, "location"), prof = iv_jget(basics, "profiles");

			if (jv_get_kind(loc) != JV_KIND_NULL)
				err = check_fields(loc, "basics.location", "address postalCode city countryCode region", "");
			if (!err && jv_get_kind(prof) != JV_KIND_NULL) {
				if (jv_get_kind(prof) != JV_KIND_ARRAY)
					err = iv_xasprintf("basics.profiles: expected array, got %s",
							   iv_json_kind_name(jv_get_kind(prof)));
				else
					jv_array_foreach(prof, i, p) {
						char where[64];

						snprintf(where, sizeof where, "basics.profiles[%d]", i);
						if (!err)
							err = check_fields(p, where, "network username url", "");
						jv_free(p);
					}
			}
			jv_free(loc);
			jv_free(prof);
		}
	}
	jv_free(basics);
	for (int s = 0; !err && sections[s].section; s++) {
		jv arr = iv_jget(obj, sections[s].section);

		if (jv_get_kind(arr) == JV_KIND_NULL) {
			jv_free(arr);
			continue;
		}
		if (jv_get_kind(arr) != JV_KIND_ARRAY) {
			err = iv_xasprintf("%s: expected array, got %s", sections[s].section,
					   iv_json_kind_name(jv_get_kind(arr)));
			jv_free(arr);
			break;
		}
		jv_array_foreach(arr, i, x) {
			char where[64];

			snprintf(where, sizeof where, "%s[%d]", sections[s].section, i);
			if (!err)
				err = check_fields(x, where, sections[s].strings, sections[s].lists);
			jv_free(x);
		}
		jv_free(arr);
	}
	if (!err) {
		static const char *const need[] = { "basics", "work", "education", "skills", "projects", NULL };
		int any = 0;

		for (int i = 0; need[i]; i++) {
			jv v = iv_jget(obj, need[i]);

			any |= jv_get_kind(v) != JV_KIND_NULL;
			jv_free(v);
		}
		if (!any)
			err = iv_xstrdup("not a JSON Resume (no basics, work, education, skills or projects)");
	}
	return err;
}

/* Is there anything of a resume in r (borrowed)? */
static int
looks_like_resume(jv r)
{
	static const char *const parts[] = { "work", "education", "projects", "extracted_skills", NULL };
	jv b = iv_jget(r, "basics");
	int any = 0;

	for (const char *k = "name\0email\0phone\0"; *k; k += strlen(k) + 1) {
		jv v = iv_jget(b, k);

		any |= jv_get_kind(v) == JV_KIND_STRING;
		jv_free(v);
	}
	jv_free(b);
	for (int i = 0; parts[i]; i++) {
		jv v = iv_jget(r, parts[i]);

		any |= rp_arr_len(v) > 0;
		jv_free(v);
	}
	return any;
}

jv
iv_resume_from_doc(const iv_doc *d, const char *source)
{
	static const char *const ours[] = {
		"id", "version", "is_default", "existing", "source", "sha256", "extracted_skills", "lang", NULL,
	};
	jv r;

	if (!strcmp(d->type, "json")) {
		iv_buf b = IV_BUF_INIT;
		char *err;

		r = iv_doc_json(d);
		if (!jv_is_valid(r))
			return r;
		if ((err = iv_resume_check(r))) {
			jv e = jv_invalid_with_msg(jv_string_fmt("JSON Resume: %s", err));

			free(err);
			jv_free(r);
			return e;
		}
		for (int i = 0; ours[i]; i++)
			r = jv_object_delete(r, jv_string(ours[i]));
		/* JSON Resume's dates, whatever a writer (or the model) put */
		r = iv_resume_iso_dates(r);
		iv_json_strings(&b, r);
		r = jv_object_set(r, jv_string("extracted_skills"), rp_skills_in(b.s ? b.s : ""));
		r = jv_object_set(r, jv_string("lang"), jv_string(iv_text_lang(b.s ? b.s : "")));
		iv_buf_free(&b);
	} else {
		r = iv_resume_parse(d->text, !strcmp(d->type, "pdf") ? IV_RESUME_LAYOUT : 0);
		if (!looks_like_resume(r)) {
			jv_free(r);
			return jv_invalid_with_msg(jv_string("nothing in it looks like a resume "
							     "(no name, contact, sections or known skills)"));
		}
	}
	r = jv_object_set(r, jv_string("source"), jv_string(source));
	return jv_object_set(r, jv_string("sha256"), jv_string(d->sha256));
}
