/* resume_entries.c — work, education and project entries (resume_entries.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"
#include "resume_contacts.h"
#include "resume_dates.h"
#include "resume_degrees.h"
#include "resume_lines.h"
#include "resume_entries.h"
#include "resume_roles.h"
#include "resume_sections.h"
#include "skills.h"
#include "text.h"

/* ---- what a piece of a header line is ---- */

const char *const rp_position_words[] = {
	"engineer", "developer", "intern", "manager", "scientist", "lead", "architect", "analyst",
	"consultant", "designer", "researcher", "director", "head of", "founder", "co-founder", "cto",
	"specialist", "programmer", "administrator", "sre", "officer", "fellow", "assistant",
	"member of technical staff", "maintainer", "contributor", "student", "owner", "tech lead",
	"工程师", "开发", "实习", "经理", "架构师", "研究员", "负责人", "总监", "专家", "算法", "主管",
	"组长", "程序员", "产品", "设计师", "分析师", "顾问", "助理", "运维", "测试", "科学家", "讲师",
	"合伙人", "创始人", "骨干", "核心成员", "成员", "技术", NULL,
};

static const char *const school_words[] = {
	"大学", "学院", "学校", "研究院", "研究所", "科学院", "中学", "university", "college", "institute",
	"school", "academy", "polytechnic", NULL,
};

static const char *const role_words[] = {
	"负责人", "lead", "owner", "核心开发", "开发者", "developer", "maintainer", "author", "架构师",
	"成员", "member", "主导", "独立开发", "contributor", "creator", "engineer", "工程师", NULL,
};

const char *const rp_intern_words[] = { "实习", "intern", "internship", NULL };

/* ---- the parser's state ---- */

static void
entry_free(struct entry *e)
{
	jv_free(e->head);
	jv_free(e->highlights);
	jv_free(e->summary);
	jv_free(e->keywords);
	jv_free(e->roles);
	jv_free(e->courses);
	free(e->name);
	free(e->position);
	free(e->url);
	free(e->location);
	free(e->area);
	free(e->degree);
	free(e->score);
	free(e);
}

static struct entry *
entry_new(int kind)
{
	struct entry *e = iv_xcalloc(1, sizeof *e);

	e->kind = kind;
	e->head = jv_array();
	e->highlights = jv_array();
	e->summary = jv_array();
	e->keywords = jv_array();
	e->roles = jv_array();
	e->courses = jv_array();
	return e;
}

/* The text of an entry (for skills found in a project). */
static char *
entry_text(struct entry *e)
{
	iv_buf b = IV_BUF_INIT;
	jv parts[] = { e->head, e->summary, e->highlights };

	for (int k = 0; k < 3; k++)
		jv_array_foreach(parts[k], i, x) {
			iv_buf_puts(&b, iv_jstr(x));
			iv_buf_putc(&b, '\n');
			jv_free(x);
		}
	return iv_buf_take(&b);
}

jv
rp_skill_names(const char *text)
{
	jv found = iv_skills_in_text(text), names = jv_array();

	jv_array_foreach(found, i, s) {
		names = jv_array_append(names, iv_jget(s, "name"));
		jv_free(s);
	}
	jv_free(found);
	return names;
}

/* JSON Resume's dates: a current entry (至今, Present) has no endDate. */
static jv
add_dates(jv o, struct entry *e, int single_is_end)
{
	if (!e->dated || !strcmp(e->start, "present"))
		return o;
	if (e->end[0]) {
		o = jv_object_set(o, jv_string("startDate"), jv_string(e->start));
		if (strcmp(e->end, "present"))
			o = jv_object_set(o, jv_string("endDate"), jv_string(e->end));
	} else {
		o = jv_object_set(o, jv_string(single_is_end ? "endDate" : "startDate"), jv_string(e->start));
	}
	return o;
}

static jv
finish_work(struct entry *e, int volunteer)
{
	jv o = jv_object();
	char *joined;

	rp_work_header(e->head, &e->position, &e->name, &e->location, NULL);
	o = rp_set_str(o, volunteer ? "organization" : "name", e->name);
	o = rp_set_str(o, "position", e->position);
	o = rp_set_str(o, "location", e->location);
	o = rp_set_str(o, "url", e->url);
	o = add_dates(o, e, 0);
	if (rp_arr_len(e->summary)) {
		joined = rp_join_lines(e->summary, "\n");
		o = jv_object_set(o, jv_string("summary"), jv_string(joined));
		free(joined);
	}
	o = jv_object_set(o, jv_string("highlights"), jv_copy(e->highlights));
	if (!volunteer && e->kind == S_INTERN &&
	    !(e->position && rp_has_any(e->position, rp_intern_words)) && !(e->name && rp_has_any(e->name, rp_intern_words)))
		o = jv_object_set(o, jv_string("internship"), jv_true());
	return o;
}

/* The area of study: a part without its degree words. */
static char *
area_of(const char *part)
{
	static const char *const lead[] = {
		"'s", "s ", "degree", "of science in", "of engineering in", "of arts in", "of philosophy in",
		"of technology in", "of business administration", "of science", "of engineering", "of arts",
		"in ", "学位", "学历", "研究生", "在读", ",", ":", "-", "(", ")", "（", "）", NULL,
	};
	char *t = iv_xstrdup(part), *p;
	int which;
	size_t len;
	const char *d;

	while ((d = rp_degree_find(t, &which, &len))) {
		memmove((char *)d, d + len, strlen(d + len) + 1);
		for (int changed = 1; changed;) {
			changed = 0;
			p = (char *)rp_skip_space(d);
			for (int i = 0; lead[i]; i++) {
				size_t k = strlen(lead[i]);

				if (!strncasecmp(p, lead[i], k)) {
					memmove((char *)d, p + k, strlen(p + k) + 1);
					changed = 1;
					break;
				}
			}
			/* "of Applied Science in X": the field is after "in";
			 * "of Applied Science" alone names none. */
			p = (char *)rp_skip_space(d);
			if (!changed && !strncasecmp(p, "of ", 3)) {
				const char *in = strstr(p, " in ");

				if (in)
					memmove((char *)d, in + 4, strlen(in + 4) + 1);
				else
					*(char *)d = 0;
				changed = 1;
			}
		}
	}
	p = rp_trimdup(t, strlen(t));
	free(t);
	{
		size_t n = strlen(p);

		while (n > 0 && strchr(",;:-(", p[n - 1]))
			p[--n] = 0;
		if (n >= 3 && (!strcmp(p + n - 3, "（") || !strcmp(p + n - 3, "，")))
			p[n - 3] = 0;
	}
	{
		/* "计算机科学与技术系", "软件工程专业": the department's or major's word */
		size_t n = strlen(p);

		if (n > 9 && !strcmp(p + n - 3, "系"))
			p[n - 3] = 0;
		else if (n > 12 && !strcmp(p + n - 6, "专业"))
			p[n - 6] = 0;
	}
	if (!*p) {
		free(p);
		return NULL;
	}
	return p;
}

/* A school-leaving qualification, no degree: "12th", "Class XII", "HSC",
 * "Higher Secondary", "高中". */
static int
school_level(const char *s)
{
	static const char *const words[] = { "10th", "12th", "class x", "class xii", "xii", "hsc", "ssc", "sslc",
					     "higher secondary", "senior secondary", "secondary school", "intermediate",
					     "matriculation", "high school", "a-levels", "a levels", "高中", NULL };

	for (int i = 0; words[i]; i++) {
		size_t k = strlen(words[i]);

		if (!strncasecmp(s, words[i], k) && (!s[k] || !isalnum((unsigned char)s[k])))
			return 1;
	}
	return 0;
}

/* How one studies, not what: "（成人教育）", "全日制". */
static int
study_mode(const char *s)
{
	static const char *const modes[] = { "成人教育", "全日制", "非全日制", "自考", "函授", "网络教育", "统招",
					     "在读", "full-time", "part-time", "online", NULL };

	for (int i = 0; modes[i]; i++)
		if (!strcasecmp(s, modes[i]))
			return 1;
	return 0;
}

/* The length of the region (one to three words) that s starts with, when
 * more words follow it ("Maharashtra Fergusson College"), or 0. */
static size_t
region_lead(const char *s)
{
	const char *p = s;

	for (int w = 0; w < 3; w++) {
		char *r;
		int yes;

		p = strchr(p, ' ');
		if (!p)
			return 0;
		r = iv_xstrndup(s, (size_t)(p - s));
		yes = iv_region_name(r);
		free(r);
		if (yes)
			return (size_t)(p - s);
		p++;
	}
	return 0;
}

/* parts (consumed) with a place that a flattened profile glued into its
 * neighbours taken out: "B.E Computer Engineering Pune", "Maharashtra
 * Savitribai Phule Pune University" -> "B.E Computer Engineering",
 * "Savitribai Phule Pune University" (Pune, Maharashtra: a city and its
 * region). Only where what follows the region names a school. */
static jv
unglue_places(jv parts)
{
	int n = rp_arr_len(parts);

	for (int j = 0; j + 1 < n; j++) {
		jv p = jv_array_get(jv_copy(parts), j), q = jv_array_get(jv_copy(parts), j + 1);
		const char *ps = iv_jstr(p), *qs = iv_jstr(q);
		size_t r = region_lead(qs), plen = strlen(ps);

		if (r && rp_has_any(qs + r, school_words)) {
			/* the city: the last two words of p ("New Delhi"),
			 * else the last one */
			for (int w = 2; w >= 1; w--) {
				const char *c = ps + plen;
				int k = 0;
				char *place;
				int yes;

				while (c > ps && k < w)
					if (*--c == ' ')
						k++;
				/* p has fewer words than w */
				if (c == ps && k + 1 < w)
					continue;
				if (*c == ' ')
					c++;
				/* a city the table knows, not any word before a
				 * region ("Statistics, Ohio State University") */
				place = iv_xasprintf("%s, %.*s", c, (int)r, qs);
				{
					jv city = iv_city(c);

					yes = jv_get_kind(city) == JV_KIND_OBJECT && rp_is_place(place);
					jv_free(city);
				}
				free(place);
				if (yes) {
					char *before = rp_trimdup(ps, (size_t)(c - ps));

					parts = jv_array_set(parts, j, jv_string(before));
					parts = jv_array_set(parts, j + 1, jv_string(rp_skip_space(qs + r)));
					free(before);
					break;
				}
			}
		}
		jv_free(p);
		jv_free(q);
	}
	return parts;
}

static jv
finish_education(struct entry *e)
{
	jv o = jv_object(), unknown = jv_array();
	int mask = 0;
	char *area = NULL;

	if (e->degree)
		mask |= iv_degree_mask(e->degree);
	jv_array_foreach(e->head, i, h) {
		jv parts = unglue_places(iv_line_parts(iv_jstr(h)));
		int np = rp_arr_len(parts);

		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part);
			int m = iv_degree_mask(s);

			if (!*s) {
				jv_free(part);
				continue;
			}
			const char *gpa = rp_find_word(s, "GPA");
			jv next = j + 1 < np ? jv_array_get(jv_copy(parts), j + 1) : jv_null();
			const char *nx = jv_get_kind(next) == JV_KIND_STRING ? jv_string_value(next) : NULL;
			char *pair = nx ? iv_xasprintf("%s, %s", s, nx) : NULL;
			int skip = 0;

			mask |= m;
			/* "Atlanta, GA", "Chennai, Tamil Nadu": a place, both parts */
			if (!m && pair && !rp_has_any(s, school_words) && !rp_has_any(nx, school_words) && rp_is_place(pair))
				skip = 1;
			/* "University of California, Davis", "Indian Institute of
			 * Technology, Bombay": one name */
			if (!m && nx && !e->name && (strcasestr(s, "university of ") || strcasestr(s, "institute of ")) &&
			    !strchr(nx, ' ') &&
			    isupper((unsigned char)*nx) && !iv_degree_mask(nx) && !rp_is_place(nx)) {
				e->name = iv_xstrdup(pair);
				skip = 1;
			}
			free(pair);
			jv_free(next);
			if (skip) {
				jv_free(part);
				j++;
				if (j < np)
					continue;
				break;
			}
			if (!m && (study_mode(s) || rp_is_place(s))) {
				/* a mode of study or a place: neither school nor field */
			} else if (!m && school_level(s)) {
				/* "12th in Mathematics", "HSC": a school year, its stream the field */
				const char *in = strstr(s, " in ");

				if (in && !area)
					area = rp_trimdup(in + 4, strlen(in + 4));
			} else if (gpa && !e->score) {
				const char *v = rp_skip_space(gpa + 3);

				if (*v == ':' || !strncmp(v, "：", 3))
					v = rp_skip_space(v + (*v == ':' ? 1 : 3));
				e->score = rp_trimdup(v, strlen(v));
			} else if (rp_has_any(s, school_words) && !e->name) {
				e->name = iv_xstrdup(s);
			} else if (m) {
				char *a = area_of(s);

				if (a && !area)
					area = a;
				else
					free(a);
			} else {
				jv loc = iv_city(s);

				if (jv_get_kind(loc) == JV_KIND_NULL)
					unknown = jv_array_append(unknown, jv_string(s));
				jv_free(loc);
			}
			jv_free(part);
		}
		jv_free(parts);
		jv_free(h);
	}
	jv_array_foreach(unknown, i, u) {
		if (!e->name)
			e->name = iv_xstrdup(iv_jstr(u));
		else if (!area && !e->area)
			area = area_of(iv_jstr(u));
		jv_free(u);
	}
	jv_free(unknown);
	o = rp_set_str(o, "institution", e->name);
	o = rp_set_str(o, "area", e->area ? e->area : area);
	o = rp_set_str(o, "studyType", iv_degree_name(rp_highest(mask)));
	o = add_dates(o, e, 1);
	o = rp_set_str(o, "score", e->score);
	o = rp_set_str(o, "url", e->url);
	if (rp_arr_len(e->courses))
		o = jv_object_set(o, jv_string("courses"), jv_copy(e->courses));
	if (rp_arr_len(e->highlights))
		o = jv_object_set(o, jv_string("highlights"), jv_copy(e->highlights));
	free(area);
	return o;
}

/* A project's name without what says what kind of thing it is ("开源项目
 * react-a11y-lint") or what follows a colon ("evalsmith: a pytest
 * plugin"); malloc'd. */
static char *
project_name(const char *s)
{
	static const char *const kinds[] = { "开源项目", "个人项目", "科研项目", "项目名称", "项目",
					     "open-source project", "open source project", "side project",
					     "personal project", "project", NULL };
	const char *p = s, *c;

	for (int i = 0; kinds[i]; i++) {
		size_t k = strlen(kinds[i]);

		if (!strncasecmp(p, kinds[i], k) && p[k] && (p[k] == ' ' || p[k] == ':' || !strncmp(p + k, "：", 3) ||
							     (unsigned char)kinds[i][0] >= 0x80)) {
			const char *q = p + k;

			while (*q == ' ' || *q == ':')
				q++;
			if (!strncmp(q, "：", 3))
				q += 3;
			if (*q) {
				p = q;
				break;
			}
		}
	}
	c = strstr(p, ": ");
	if (!c)
		c = strstr(p, "：");
	if (c && c > p && rp_display_width(p) - rp_display_width(c) <= 40)
		return rp_trimdup(p, (size_t)(c - p));
	return iv_xstrdup(p);
}

/* A header part that says what the project is ("a static checker for
 * double-entry rules", "基于 Quartz 的调度平台"), not a tag or a list of
 * tools ("Go", "Python, FastAPI, Qdrant"). */
static int
describes(const char *s)
{
	jv items = iv_split_list(s);
	int list = 0;

	if (jv_array_length(jv_copy(items)) > 1) {
		list = 1;
		jv_array_foreach(items, i, it) {
			if (rp_display_width(iv_jstr(it)) > 24)
				list = 0;
			jv_free(it);
		}
	}
	jv_free(items);
	return !list && rp_display_width(s) >= 12 && (strchr(s, ' ') || rp_has_cjk(s));
}

/* What follows the name's colon in a header part ("evalsmith: a pytest
 * plugin"), or NULL. */
static const char *
after_name_colon(const char *s)
{
	const char *c = strstr(s, ": "), *d = strstr(s, "：");

	if (!c || (d && d < c))
		c = d ? d + strlen("：") : NULL;
	else
		c += 2;
	while (c && *c == ' ')
		c++;
	return c && *c ? c : NULL;
}

static jv
finish_project(struct entry *e)
{
	jv o = jv_object(), lead = jv_array();
	char *text;

	jv_array_foreach(e->head, i, h) {
		jv parts = iv_line_parts(iv_jstr(h));

		jv_array_foreach(parts, j, part) {
			const char *s = iv_jstr(part);
			char *u = rp_find_url(s);

			if (u) {
				rp_set_once(&e->url, u);
				free(u);
			} else if (!e->name) {
				const char *v, *rest;

				e->name = project_name(rp_label_of(s, &v) == L_NAME ? v : s);
				rest = after_name_colon(s);
				if (rest && strncmp(rest, e->name, strlen(e->name)) && describes(rest))
					lead = jv_array_append(lead, jv_string(rest));
			} else if (rp_has_any(s, role_words)) {
				e->roles = jv_array_append(e->roles, jv_string(s));
			} else if (describes(s)) {
				lead = jv_array_append(lead, jv_string(s));
			}
			jv_free(part);
		}
		jv_free(parts);
		jv_free(h);
	}
	o = rp_set_str(o, "name", e->name);
	if (rp_arr_len(lead))
		e->summary = jv_array_concat(lead, e->summary);
	else
		jv_free(lead);
	if (rp_arr_len(e->summary)) {
		char *joined = rp_join_lines(e->summary, "\n");

		o = jv_object_set(o, jv_string("description"), jv_string(joined));
		free(joined);
	}
	if (rp_arr_len(e->roles))
		o = jv_object_set(o, jv_string("roles"), jv_copy(e->roles));
	o = rp_set_str(o, "url", e->url);
	o = add_dates(o, e, 0);
	o = jv_object_set(o, jv_string("highlights"), jv_copy(e->highlights));
	if (!rp_arr_len(e->keywords)) {
		text = entry_text(e);
		jv_free(e->keywords);
		e->keywords = rp_skill_names(text);
		free(text);
	}
	o = jv_object_set(o, jv_string("keywords"), jv_copy(e->keywords));
	return o;
}

void
rp_flush_entry(struct parse *ps)
{
	struct entry *e = ps->cur;

	if (!e)
		return;
	ps->cur = NULL;
	if (!rp_arr_len(e->head) && !rp_arr_len(e->highlights) && !rp_arr_len(e->summary) && !e->name) {
		entry_free(e);
		return;
	}
	switch (e->kind) {
	case S_WORK:
	case S_INTERN:
		ps->work = jv_array_append(ps->work, finish_work(e, 0));
		break;
	case S_VOLUNTEER:
		ps->volunteer = jv_array_append(ps->volunteer, finish_work(e, 1));
		break;
	case S_EDUCATION:
		ps->education = jv_array_append(ps->education, finish_education(e));
		break;
	case S_PROJECTS:
		ps->projects = jv_array_append(ps->projects, finish_project(e));
		break;
	}
	entry_free(e);
}

static int
entry_has_school(struct entry *e)
{
	int yes = e->name && rp_has_any(e->name, school_words);

	jv_array_foreach(e->head, i, h) {
		yes |= rp_has_any(iv_jstr(h), school_words);
		jv_free(h);
	}
	return yes;
}

/* The degrees an entry names so far (a mask, resume_degrees.h). */
static int
entry_degree(struct entry *e)
{
	int mask = e->degree ? iv_degree_mask(e->degree) : 0;

	jv_array_foreach(e->head, i, h) {
		mask |= iv_degree_mask(iv_jstr(h));
		jv_free(h);
	}
	return mask;
}

/* Does a plain line look like the header of an entry (not a sentence)? */
static int
header_like(const char *s, int dated)
{
	size_t w = rp_display_width(s), n = strlen(s);

	if (dated)
		return 1;
	if (w > 70)
		return 0;
	if (n > 0 && (s[n - 1] == '.' || (n >= 3 && (!strcmp(s + n - 3, "。") || !strcmp(s + n - 3, "；")))))
		return 0;
	return 1;
}

/* Apply a labeled line to the current entry. Returns 0 when the label
 * means nothing in this section. */
static int
entry_label(struct parse *ps, int label, const char *v)
{
	struct entry *e = ps->cur;
	char a[12], b[12];
	size_t from, to;
	int r;

	switch (label) {
	case L_DESC:
		if (*v)
			e->summary = jv_array_append(e->summary, jv_string(v));
		e->content = 1;
		break;
	case L_TECH:
		e->keywords = jv_array_concat(e->keywords, iv_split_list(v));
		break;
	case L_RESP:
	case L_RESULT:
		if (*v) {
			e->highlights = jv_array_append(e->highlights, jv_string(v));
			e->last_bullet = 1;
		}
		e->content = 1;
		break;
	case L_ROLE:
	case L_POSITION:
		/* "Role: Currently working on a chat-bot ..." describes the job. */
		if (rp_display_width(v) > 50 || !header_like(v, 0)) {
			e->summary = jv_array_append(e->summary, jv_string(v));
			e->content = 1;
		} else if (label == L_ROLE && e->kind == S_PROJECTS) {
			e->roles = jv_array_append(e->roles, jv_string(v));
		} else {
			rp_set_once(&e->position, v);
		}
		break;
	case L_COMPANY:
	case L_NAME:
	case L_SCHOOL:
		rp_set_once(&e->name, v);
		break;
	case L_TIME:
		if ((r = iv_date_range(v, a, b, &from, &to))) {
			strcpy(e->start, a);
			strcpy(e->end, r == 2 ? b : "");
			e->dated = 1;
		}
		break;
	case L_URL: {
		char *u = rp_find_url(v);

		rp_set_once(&e->url, u ? u : v);
		free(u);
		break;
	}
	case L_MAJOR:
		rp_set_once(&e->area, v);
		break;
	case L_DEGREE:
		rp_set_once(&e->degree, v);
		if (!e->area) {
			char *ar = area_of(v);

			if (ar && strcmp(ar, v))
				e->area = ar;
			else
				free(ar);
		}
		break;
	case L_GPA:
		rp_set_once(&e->score, v);
		break;
	case L_COURSES:
		e->courses = jv_array_concat(e->courses, iv_split_list(v));
		break;
	case L_LOCATION:
		rp_set_once(&e->location, v);
		break;
	default:
		return 0;
	}
	return 1;
}

/* Labels that name a new entry when the current one already has theirs. */
static int
starts_entry(struct entry *e, int label)
{
	switch (label) {
	case L_COMPANY:
	case L_NAME:
	case L_SCHOOL:
		return e->name || e->content;
	case L_TIME:
		return e->dated && e->content;
	}
	return 0;
}

/* A project named in a list item ("**DocChat** — chat with PDF manuals",
 * "evalsmith: a pytest plugin"): the name's length in s, or 0 when s
 * reads as a sentence. */
static size_t
project_name_len(const char *s)
{
	static const char *const cuts[] = { " — ", " – ", " - ", ": ", "：", NULL };
	size_t n = strlen(s);

	for (int i = 0; cuts[i]; i++) {
		const char *c = strstr(s, cuts[i]);

		if (c && (size_t)(c - s) < n)
			n = (size_t)(c - s);
	}
	{
		char *name = iv_xstrndup(s, n);
		int words = 1, ok;

		for (const char *p = name; *p; p++)
			words += *p == ' ';
		ok = *name && rp_display_width(name) <= 40 && words <= 6 && header_like(name, 0);
		free(name);
		return ok ? n : 0;
	}
}

/* Does the entry's header name both a title and an employer already? */
static int
head_complete(struct entry *e)
{
	char *pos = NULL, *co = NULL, *loc = NULL;
	int yes;

	rp_work_header(e->head, &pos, &co, &loc, NULL);
	yes = pos && co;
	free(pos);
	free(co);
	free(loc);
	return yes;
}

/* A new entry of kind for line s, which it opens. */
static struct entry *
open_entry(struct parse *ps, int kind, const char *s)
{
	struct entry *e;

	rp_flush_entry(ps);
	e = ps->cur = entry_new(kind);
	e->head = jv_array_append(e->head, jv_string(s));
	return e;
}

void
rp_entry_line(struct parse *ps, int kind, const char *raw, int md, int after_gap, int ahead)
{
	const char *s = rp_skip_space(raw), *bul = md ? NULL : iv_after_bullet(s), *v;
	int indent = (int)(s - raw), label;
	struct entry *e = ps->cur;
	char a[12], b[12];
	size_t from, to;
	int dated;

	if (md) {
		rp_flush_entry(ps);
		e = ps->cur = entry_new(kind);
	}
	if (bul) {
		size_t k;

		/* A list of projects: each item one, named before its dash. */
		if (kind == S_PROJECTS && (!e || e->from_bullet) && (k = project_name_len(bul))) {
			char *name = iv_xstrndup(bul, k);
			const char *d = bul + k;

			e = open_entry(ps, kind, name);
			e->from_bullet = 1;
			while (*d && (strchr(" -:", *d) || !strncmp(d, "—", 3) || !strncmp(d, "–", 3) || !strncmp(d, "：", 3)))
				d += (unsigned char)*d < 0x80 ? 1 : 3;
			if (*d)
				e->summary = jv_array_append(e->summary, jv_string(d));
			free(name);
			return;
		}
		if (!e)
			e = ps->cur = entry_new(kind);
		label = rp_label_of(bul, &v);
		if (label && entry_label(ps, label, v))
			return;
		e->highlights = jv_array_append(e->highlights, jv_string(bul));
		e->content = e->last_bullet = 1;
		return;
	}
	label = rp_label_of(s, &v);
	if (label && label < L_B_NAME) {
		if (!e || starts_entry(e, label)) {
			rp_flush_entry(ps);
			e = ps->cur = entry_new(kind);
		}
		if (entry_label(ps, label, v))
			return;
	}
	dated = iv_date_range(s, a, b, &from, &to);
	/* A second school starts a second entry, dated or not; so does a
	 * school year's line ("HSC  Pune, Maharashtra Fergusson College"). */
	if (e && kind == S_EDUCATION && !dated && (e->dated || school_level(s)) && rp_has_any(s, school_words) &&
	    entry_has_school(e)) {
		rp_flush_entry(ps);
		e = ps->cur = entry_new(kind);
		e->head = jv_array_append(e->head, jv_string(s));
		return;
	}
	/* "Title / Company / dates" one under the other: a header line with
	 * dates a line or two below opens the next entry. */
	if (!dated && ahead && e && (e->dated || e->content) && header_like(s, 0) && rp_display_width(s) <= 80 &&
	    (kind == S_EDUCATION ? after_gap || (entry_has_school(e) && entry_degree(e)) :
	     (e->content || head_complete(e)) &&
	     (after_gap || rp_header_evidence(s) == 2 || (e->last_bullet && !islower((unsigned char)*s)))) &&
	    !(e->last_bullet && (indent >= 2 || islower((unsigned char)*s)))) {
		open_entry(ps, kind, s);
		return;
	}
	/* Projects listed by name, one a line. */
	if (kind == S_PROJECTS && !dated && e && !e->dated && !e->content && rp_arr_len(e->head) &&
	    project_name_len(s) && header_like(s, 0) && !rp_has_any(s, role_words) && !ahead) {
		open_entry(ps, kind, s);
		return;
	}
	/* A wrapped bullet continues on an indented or lowercase line. */
	if (e && e->last_bullet && !dated && !md &&
	    (indent >= 2 || islower((unsigned char)*s)) && rp_arr_len(e->highlights)) {
		int n = jv_array_length(jv_copy(e->highlights));
		jv last = jv_array_get(jv_copy(e->highlights), n - 1);
		char *joined = iv_xasprintf("%s%s%s", iv_jstr(last), rp_has_cjk(s) ? "" : " ", s);

		e->highlights = jv_array_set(e->highlights, n - 1, jv_string(joined));
		free(joined);
		jv_free(last);
		return;
	}
	/* A line that is only a place ("Madrid", "Austin, TX") under a job's header. */
	if (!md && e && (kind == S_WORK || kind == S_INTERN) && !dated && !e->location && rp_arr_len(e->head) &&
	    rp_display_width(s) <= 40 && rp_is_place(s)) {
		e->location = iv_xstrdup(s);
		return;
	}
	if (!md && e && ((!header_like(s, dated) && !(kind == S_EDUCATION && iv_degree_mask(s) && !entry_degree(e) &&
						       rp_display_width(s) <= 120)) ||
			 (!dated && e->content && !after_gap && !e->last_bullet) ||
			 (!dated && e->dated && rp_arr_len(e->head) >= 2))) {
		e->summary = jv_array_append(e->summary, jv_string(s));
		e->content = 1;
		e->last_bullet = 0;
		return;
	}
	if (!md && e && ((dated && e->dated) || e->content))
		rp_flush_entry(ps), e = NULL;
	if (!e)
		e = ps->cur = entry_new(kind);
	e->last_bullet = 0;
	if (dated && !e->dated) {
		char *rest = iv_xasprintf("%.*s %s", (int)from, s, s + to);
		char *t = rp_trimdup(rest, strlen(rest));

		strcpy(e->start, a);
		strcpy(e->end, dated == 2 ? b : "");
		e->dated = 1;
		if (*t)
			e->head = jv_array_append(e->head, jv_string(t));
		free(t);
		free(rest);
	} else {
		e->head = jv_array_append(e->head, jv_string(s));
	}
}
