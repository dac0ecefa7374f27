/* jd.c — parsing a job description's text into the job schema (jd.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jd.h"
#include "jd_skills.h"
#include "jsonl.h"
#include "msg.h"
#include "resume_degrees.h"
#include "resume_lines.h"
#include "resume_sections.h"
#include "skills.h"
#include "text.h"
#include "utf8.h"

enum { J_HEADER, J_DESC, J_RESP, J_REQ, J_PREF, J_SKIP };

static const struct {
	const char *text;
	int kind;
} headings[] = {
	{ "职位描述", J_DESC }, { "岗位描述", J_DESC }, { "公司介绍", J_DESC }, { "关于我们", J_DESC },
	{ "公司简介", J_DESC }, { "团队介绍", J_DESC }, { "职位介绍", J_DESC }, { "job description", J_DESC },
	{ "description", J_DESC }, { "about the role", J_DESC }, { "the role", J_DESC }, { "about us", J_DESC },
	{ "about the team", J_DESC }, { "about the company", J_DESC }, { "who we are", J_DESC },
	{ "overview", J_DESC }, { "role overview", J_DESC }, { "summary", J_DESC },
	{ "岗位职责", J_RESP }, { "工作职责", J_RESP }, { "职位职责", J_RESP }, { "职责描述", J_RESP },
	{ "工作内容", J_RESP }, { "主要职责", J_RESP }, { "你将负责", J_RESP }, { "职责", J_RESP },
	{ "responsibilities", J_RESP }, { "key responsibilities", J_RESP }, { "what you'll do", J_RESP },
	{ "what you will do", J_RESP }, { "your role", J_RESP }, { "duties", J_RESP }, { "the job", J_RESP },
	{ "in this role you will", J_RESP }, { "your responsibilities", J_RESP }, { "what you'll be doing", J_RESP },
	{ "任职要求", J_REQ }, { "岗位要求", J_REQ }, { "任职资格", J_REQ }, { "职位要求", J_REQ },
	{ "技能要求", J_REQ }, { "基本要求", J_REQ }, { "我们希望你", J_REQ }, { "要求", J_REQ },
	{ "requirements", J_REQ }, { "qualifications", J_REQ }, { "minimum qualifications", J_REQ },
	{ "basic qualifications", J_REQ }, { "required qualifications", J_REQ }, { "what we're looking for", J_REQ },
	{ "what you'll need", J_REQ }, { "what you need", J_REQ }, { "must have", J_REQ }, { "must-haves", J_REQ },
	{ "must haves", J_REQ }, { "you have", J_REQ }, { "who you are", J_REQ }, { "skills & experience", J_REQ },
	{ "required skills", J_REQ }, { "about you", J_REQ }, { "what you bring", J_REQ },
	{ "加分项", J_PREF }, { "优先条件", J_PREF }, { "加分", J_PREF }, { "优先考虑", J_PREF }, { "优先", J_PREF },
	{ "加分条件", J_PREF }, { "nice to have", J_PREF }, { "nice-to-have", J_PREF }, { "nice to haves", J_PREF },
	{ "nice-to-haves", J_PREF }, { "preferred", J_PREF }, { "preferred qualifications", J_PREF },
	{ "bonus", J_PREF }, { "bonus points", J_PREF }, { "pluses", J_PREF }, { "plus", J_PREF },
	{ "good to have", J_PREF }, { "extra credit", J_PREF }, { "it's a plus", J_PREF },
	{ "福利待遇", J_SKIP }, { "薪资福利", J_SKIP }, { "我们提供", J_SKIP }, { "福利", J_SKIP },
	{ "benefits", J_SKIP }, { "perks", J_SKIP }, { "what we offer", J_SKIP }, { "compensation", J_SKIP },
	{ "perks & benefits", J_SKIP }, { "how to apply", J_SKIP }, { "应聘方式", J_SKIP },
	{ NULL, 0 },
};

enum { K_NONE, K_TITLE, K_COMPANY, K_LOCATION, K_SALARY, K_YEARS, K_DEGREE, K_TYPE, K_REMOTE, K_DATE };

static const struct {
	const char *key;
	int kind;
} keys[] = {
	{ "职位名称", K_TITLE }, { "岗位名称", K_TITLE }, { "职位", K_TITLE }, { "岗位", K_TITLE },
	{ "招聘职位", K_TITLE }, { "job title", K_TITLE }, { "title", K_TITLE }, { "position", K_TITLE },
	{ "role", K_TITLE },
	{ "公司", K_COMPANY }, { "公司名称", K_COMPANY }, { "招聘公司", K_COMPANY }, { "company", K_COMPANY },
	{ "employer", K_COMPANY },
	{ "工作地点", K_LOCATION }, { "地点", K_LOCATION }, { "城市", K_LOCATION }, { "办公地点", K_LOCATION },
	{ "base", K_LOCATION }, { "location", K_LOCATION }, { "work location", K_LOCATION },
	{ "薪资", K_SALARY }, { "薪酬", K_SALARY }, { "月薪", K_SALARY }, { "年薪", K_SALARY },
	{ "薪资范围", K_SALARY }, { "salary", K_SALARY }, { "pay", K_SALARY },
	{ "工作经验", K_YEARS }, { "经验要求", K_YEARS }, { "经验", K_YEARS }, { "experience", K_YEARS },
	{ "学历要求", K_DEGREE }, { "学历", K_DEGREE }, { "education", K_DEGREE }, { "degree", K_DEGREE },
	{ "类型", K_TYPE }, { "工作性质", K_TYPE }, { "职位类型", K_TYPE }, { "employment type", K_TYPE },
	{ "job type", K_TYPE }, { "type", K_TYPE },
	{ "办公方式", K_REMOTE }, { "工作方式", K_REMOTE }, { "办公模式", K_REMOTE }, { "远程办公", K_REMOTE },
	{ "remote", K_REMOTE }, { "work mode", K_REMOTE }, { "workplace type", K_REMOTE },
	{ "work arrangement", K_REMOTE }, { "workplace", K_REMOTE },
	{ "发布日期", K_DATE }, { "发布时间", K_DATE }, { "发布于", K_DATE }, { "日期", K_DATE },
	{ "date", K_DATE }, { "posted", K_DATE }, { "date posted", K_DATE }, { "posted on", K_DATE },
	{ NULL, 0 },
};

static const char *const pref_marks[] = {
	"优先", "加分", "更佳", "为佳", "更好", "a plus", "nice to have", "nice-to-have", "preferred",
	"bonus", "ideally", "desirable", "good to have", "an advantage", "a big plus", NULL,
};

static const char *const company_words[] = {
	"公司", "有限", "集团", "科技", "inc", "inc.", "ltd", "llc", "corp", "technologies", "labs", "lab",
	"group", "studio", "software", NULL,
};

static const char *const title_words[] = {
	"engineer", "developer", "scientist", "architect", "manager", "lead", "intern", "researcher",
	"analyst", "designer", "specialist", "consultant", "programmer", "工程师", "开发", "架构师",
	"研究员", "专家", "实习生", "经理", "负责人", "算法", NULL,
};

struct jd {
	char *title, *company, *location, *salary, *type;
	const char *remote;	/* "Full", "Hybrid", "None" */
	char date[11];
	jv desc, resp, quals, nice;
	jv req_text, pref_text;	/* the text whose skills are required / preferred, in order */
	int years, degree, degree_pref, sections;
};

static void
set_once(char **f, const char *v)
{
	if (!*f && v && *v)
		*f = iv_xstrdup(v);
}

/* The text before colon in s, as a heading is compared; malloc'd. */
static char *
key_before(const char *s, const char *colon)
{
	char *k = iv_xstrndup(s, (size_t)(colon - s)), *h = iv_heading_norm(k);

	free(k);
	return h;
}

static int
heading_kind(const char *s, const char **rest, char **about)
{
	const char *colon = NULL;
	char *h;
	int kind = -1;

	*rest = NULL;
	h = iv_heading_norm(s);
	for (int i = 0; headings[i].text; i++)
		if (!strcmp(h, headings[i].text))
			kind = headings[i].kind;
	/* "About Lumen AI" */
	if (kind < 0 && !strncmp(h, "about ", 6) && iv_utf8_width(h) <= 40 && !strchr(h, '.')) {
		kind = J_DESC;
		*about = iv_xstrdup(iv_skip_space(s + (strncasecmp(iv_skip_space(s), "about ", 6) ? 0 : 6) +
					    (iv_skip_space(s) - s)));
	}
	free(h);
	if (kind >= 0)
		return kind;
	colon = iv_key_colon(s, 40, NULL);
	if (!colon)
		return -1;
	h = key_before(s, colon);
	for (int i = 0; headings[i].text; i++)
		if (!strcmp(h, headings[i].text))
			kind = headings[i].kind;
	free(h);
	if (kind >= 0) {
		*rest = iv_skip_space(colon + (*colon == ':' ? 1 : 3));
		if (!**rest)
			*rest = NULL;
	}
	return kind;
}

static int
key_of(const char *s, const char **value)
{
	const char *colon = NULL;
	char *key;
	int kind = K_NONE;

	colon = iv_key_colon(s, 30, NULL);
	if (!colon || colon[1] == '/')
		return K_NONE;
	key = key_before(s, colon);
	for (int i = 0; keys[i].key; i++)
		if (!strcmp(key, keys[i].key))
			kind = keys[i].kind;
	free(key);
	*value = iv_skip_space(colon + (*colon == ':' ? 1 : 3));
	return kind;
}

static int
chinese_digit(const char *s, int *len)
{
	static const char *const d[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL };

	for (int i = 0; d[i]; i++)
		if (!strncmp(s, d[i], 3)) {
			*len = 3;
			return i;
		}
	if (!strncmp(s, "两", 3)) {
		*len = 3;
		return 2;
	}
	return -1;
}

/* Years of experience asked for in s ("3年以上", "3-5年", "三年及以上",
 * "5+ years", "at least 3 years"), or -1. */
static int
years_in(const char *s)
{
	int best = -1;

	for (const char *p = s; *p; p++) {
		int n = -1, len = 0;
		const char *q;

		if (isdigit((unsigned char)*p) && (p == s || !isalnum((unsigned char)p[-1]) )) {
			n = 0;
			while (isdigit((unsigned char)p[len]) && len < 3)
				n = n * 10 + (p[len++] - '0');
			if (isdigit((unsigned char)p[len]) || p[len] == '.' || p[len] == '%')
				continue;
		} else if ((n = chinese_digit(p, &len)) < 1) {
			continue;
		}
		q = p + len;
		if (*q == '-' || *q == '~' || !strncmp(q, "～", 3) || !strncmp(q, "到", 3) || !strncmp(q, "至", 3)) {
			q += *q == '-' || *q == '~' ? 1 : 3;
			while (isdigit((unsigned char)*q))
				q++;
		}
		if (*q == '+')
			q++;
		q = iv_skip_space(q);
		if (*q == '+')
			q = iv_skip_space(q + 1);
		if (!strncmp(q, "年", 3)) {
			const char *after = q + 3;

			if (!strncmp(after, "以上", 6) || !strncmp(after, "及以上", 9) || strstr(after, "经验") ||
			    !strncmp(after, "工作", 6) || !strncmp(after, "开发", 6) || !strncmp(after, "相关", 6) ||
			    strstr(s, "经验"))
				best = n > best ? n : best;
		} else if (!strncasecmp(q, "year", 4) || !strncasecmp(q, "yrs", 3) || !strncasecmp(q, "yr ", 3)) {
			if (n > 0 && n < 40 && (strcasestr(s, "experience") || strchr(s, '+') || strcasestr(s, "least")))
				best = n > best ? n : best;
		}
		p = q - 1;	/* past "3-5" */
	}
	return best;
}

static int
lowest(int mask)
{
	return mask ? __builtin_ctz((unsigned)mask) : 0;
}

static int
highest(int mask)
{
	return mask ? 31 - __builtin_clz((unsigned)mask) : 0;
}

/* A requirement line, clause by clause: those marked as a plus are
 * preferred. Returns 1 when the whole line is preferred. */
static int
requirement(struct jd *j, const char *line)
{
	const char *start = line, *p = line;
	int depth = 0, all_pref = 1, any = 0;

	while (1) {
		size_t k = 0;

		if (*p == '(' || !strncmp(p, "（", 3))
			depth++;
		else if ((*p == ')' || !strncmp(p, "）", 3)) && depth)
			depth--;
		if (*p && !depth) {
			if (!strncmp(p, "；", 3) || !strncmp(p, "。", 3) || !strncmp(p, "，", 3))
				k = 3;
			else if (*p == ';' || (*p == '.' && (p[1] == ' ' || !p[1])))
				k = 1;
		}
		if (!*p || k) {
			char *clause = iv_xstrndup(start, (size_t)(p - start));
			int pref = iv_has_word(clause, pref_marks), y = years_in(clause), m = iv_degree_mask(clause);

			if (*iv_skip_space(clause)) {
				any = 1;
				if (pref) {
					j->pref_text = jv_array_append(j->pref_text, jv_string(clause));
					if (m && (!j->degree_pref || highest(m) > j->degree_pref))
						j->degree_pref = highest(m);
				} else {
					all_pref = 0;
					j->req_text = jv_array_append(j->req_text, jv_string(clause));
					if (y > j->years)
						j->years = y;
					if (m && (!j->degree || lowest(m) < j->degree))
						j->degree = lowest(m);
				}
			}
			free(clause);
			if (!*p)
				break;
			p += k;
			start = p;
			continue;
		}
		p++;
	}
	return any && all_pref;
}

/* Where the job is done: a city, or remote/hybrid. */
static int
is_place(const char *t)
{
	jv city = iv_jd_city_in(t);
	int yes = jv_get_kind(city) == JV_KIND_OBJECT || iv_jd_remote_word(t);

	jv_free(city);
	return yes;
}

static int
is_fact(const char *t)
{
	return iv_jd_is_type(t) || iv_jd_is_salary(t) || is_place(t);
}

/* Record t when it is a type, salary or place; 1 when it was. */
static int
fact(struct jd *j, const char *t)
{
	if (iv_jd_is_type(t))
		set_once(&j->type, t);
	else if (iv_jd_is_salary(t))
		set_once(&j->salary, t);
	else if (iv_jd_remote_word(t)) {
		if (!j->remote)
			j->remote = iv_jd_remote(t);
	} else if (is_place(t))
		set_once(&j->location, t);
	else
		return 0;
	return 1;
}

/* The parts of a title line: split on " | ", " — ", " · ", " at ", tabs
 * and wide gaps, not inside the title; a trailing "(Shanghai, hybrid)"
 * is facts, "（大模型方向）" stays in the title. */
static jv
title_parts(const char *s)
{
	static const char *const seps[] = {
		" | ", "|", "｜", " — ", " – ", " - ", "——", " · ", " • ", " at ", " @ ", "\t", "  ", NULL,
	};
	jv parts = iv_split_on(s, seps, 0), out = jv_array();

	jv_array_foreach(parts, i, x) {
		char *part = iv_xstrdup(iv_jstr(x)), *open = strrchr(part, '(');
		size_t n = strlen(part);

		if (open && part[n - 1] == ')') {
			jv inner;
			int facts = 1;

			part[n - 1] = 0;
			inner = iv_split_list(open + 1);
			jv_array_foreach(inner, k, y) {
				facts &= is_fact(iv_jstr(y));
				jv_free(y);
			}
			if (facts) {
				*open = 0;
				out = jv_array_concat(out, jv_copy(inner));
			} else {
				part[n - 1] = ')';
			}
			jv_free(inner);
		}
		n = strlen(part);
		while (n > 0 && part[n - 1] == ' ')
			part[--n] = 0;
		if (*part)
			out = jv_array_append(out, jv_string(part));
		free(part);
		jv_free(x);
	}
	jv_free(parts);
	return out;
}

static void
header_line(struct jd *j, const char *s, int first)
{
	const char *v;
	int k = key_of(s, &v);

	switch (k) {
	case K_TITLE: set_once(&j->title, v); return;
	case K_COMPANY: set_once(&j->company, v); return;
	case K_LOCATION: set_once(&j->location, v); return;
	case K_SALARY: set_once(&j->salary, v); return;
	case K_TYPE: set_once(&j->type, v); return;
	case K_REMOTE:
		if (!j->remote && !(j->remote = iv_jd_remote(v))) {
			static const char *const yes[] = { "yes", "true", "是", "支持", "可", NULL };
			static const char *const no[] = { "no", "false", "否", "不支持", NULL };

			j->remote = iv_has_word(v, no) ? "None" : iv_has_word(v, yes) ? "Full" : NULL;
		}
		return;
	case K_DATE:
		if (!*j->date)
			iv_jd_date(v, j->date);
		return;
	case K_YEARS:
	case K_DEGREE:
		requirement(j, s);
		return;
	}
	if (first) {
		jv parts = title_parts(s), unknown = jv_array();

		jv_array_foreach(parts, i, part) {
			const char *t = iv_jstr(part);

			if (!fact(j, t)) {
				if (iv_has_word(t, title_words) && !j->title)
					j->title = iv_xstrdup(t);
				else if (iv_has_word(t, company_words) && !j->company)
					j->company = iv_xstrdup(t);
				else
					unknown = jv_array_append(unknown, jv_copy(part));
			}
			jv_free(part);
		}
		jv_array_foreach(unknown, i, u) {
			if (!j->title)
				j->title = iv_xstrdup(iv_jstr(u));
			else if (!j->company)
				j->company = iv_xstrdup(iv_jstr(u));
			jv_free(u);
		}
		jv_free(unknown);
		jv_free(parts);
		return;
	}
	/* "Full-time · 45-65K/month": a line of facts, else description. */
	{
		jv parts = title_parts(s);
		int all = jv_array_length(jv_copy(parts)) > 0;

		jv_array_foreach(parts, i, part) {
			all &= is_fact(iv_jstr(part));
			jv_free(part);
		}
		if (all)
			jv_array_foreach(parts, i, part) {
				fact(j, iv_jstr(part));
				jv_free(part);
			}
		else
			j->desc = jv_array_append(j->desc, jv_string(s));
		jv_free(parts);
	}
}

static jv
set_str(jv o, const char *k, const char *v)
{
	return v && *v ? jv_object_set(o, jv_string(k), jv_string(v)) : o;
}

jv
iv_jd_parse(const char *text)
{
	struct jd j = { 0 };
	jv lines = iv_text_lines(text, 0), out, req, pref;
	int sec = J_HEADER, first = 1, n = jv_array_length(jv_copy(lines));
	char *desc;

	j.desc = jv_array();
	j.resp = jv_array();
	j.quals = jv_array();
	j.nice = jv_array();
	j.req_text = jv_array();
	j.pref_text = jv_array();
	j.years = -1;
	for (int i = 0; i < n; i++) {
		jv line = jv_array_get(jv_copy(lines), i);
		const char *s = iv_skip_space(iv_jstr(line)), *rest = NULL, *bul;
		char *about = NULL;
		int kind = -1;

		while (*s == '#')
			s++;
		s = iv_skip_space(s);
		if (!*s) {
			jv_free(line);
			continue;
		}
		bul = iv_after_bullet(s);
		if (!bul)
			kind = heading_kind(s, &rest, &about);
		if (kind >= 0) {
			sec = kind;
			j.sections++;
			if (about && !j.company && strcasecmp(about, "us") && strcasecmp(about, "you") &&
			    strncasecmp(about, "the ", 4))
				j.company = iv_xstrdup(about);
			free(about);
			if (!rest) {
				jv_free(line);
				continue;
			}
			s = rest;
			bul = NULL;
		}
		free(about);
		if (bul)
			s = bul;
		switch (sec) {
		case J_HEADER:
			header_line(&j, s, first);
			first = 0;
			break;
		case J_DESC: {
			const char *v;
			int k = bul ? K_NONE : key_of(s, &v);

			if (k == K_LOCATION || k == K_SALARY || k == K_TYPE || k == K_TITLE || k == K_COMPANY || k == K_REMOTE ||
			    k == K_DATE)
				header_line(&j, s, 0);
			else if (bul)
				j.resp = jv_array_append(j.resp, jv_string(s));
			else
				j.desc = jv_array_append(j.desc, jv_string(s));
			break;
		}
		case J_RESP:
			j.resp = jv_array_append(j.resp, jv_string(s));
			break;
		case J_REQ:
			if (requirement(&j, s))
				j.nice = jv_array_append(j.nice, jv_string(s));
			else
				j.quals = jv_array_append(j.quals, jv_string(s));
			break;
		case J_PREF: {
			int m = iv_degree_mask(s);

			j.nice = jv_array_append(j.nice, jv_string(s));
			j.pref_text = jv_array_append(j.pref_text, jv_string(s));
			if (m && highest(m) > j.degree_pref)
				j.degree_pref = highest(m);
			break;
		}
		}
		jv_free(line);
	}
	jv_free(lines);
	/* What the skills are read from: the title, the requirements, then
	 * the responsibilities; a posting without sections gives all of it. */
	if (!j.sections && j.title)
		requirement(&j, j.title);
	if (!j.sections)
		jv_array_foreach(j.desc, i, d) {
			requirement(&j, iv_jstr(d));
			jv_free(d);
		}
	{
		jv texts = jv_array();

		if (j.title)
			texts = jv_array_append(texts, jv_string(j.title));
		texts = jv_array_concat(texts, jv_copy(j.req_text));
		texts = jv_array_concat(texts, jv_copy(j.resp));
		req = iv_jd_names_in(texts, jv_array());
		pref = iv_jd_names_in(jv_copy(j.pref_text), jv_copy(req));
	}
	if (j.degree_pref && j.degree_pref <= j.degree)
		j.degree_pref = 0;
	desc = NULL;
	if (jv_array_length(jv_copy(j.desc))) {
		iv_buf b = IV_BUF_INIT;

		jv_array_foreach(j.desc, i, d) {
			if (i)
				iv_buf_putc(&b, '\n');
			iv_buf_puts(&b, iv_jstr(d));
			jv_free(d);
		}
		desc = iv_buf_take(&b);
	}
	out = jv_object();
	out = set_str(out, "title", j.title);
	out = set_str(out, "company", j.company);
	out = set_str(out, "type", j.type);
	out = set_str(out, "date", j.date);
	out = set_str(out, "description", desc);
	if (j.location) {
		out = jv_object_set(out, jv_string("location"), iv_jd_location(j.location));
		if (!j.remote)
			j.remote = iv_jd_remote(j.location);
	}
	out = set_str(out, "remote", j.remote);
	out = set_str(out, "salary", j.salary);
	out = set_str(out, "experience", iv_jd_level(j.title, j.type, j.years));
	out = jv_object_set(out, jv_string("responsibilities"), j.resp);
	out = jv_object_set(out, jv_string("qualifications"), j.quals);
	out = jv_object_set(out, jv_string("nice_to_have"), j.nice);
	out = jv_object_set(out, jv_string("skills"), JV_ARRAY(
		JV_OBJECT(jv_string("name"), jv_string("Required"), jv_string("keywords"), jv_copy(req)),
		JV_OBJECT(jv_string("name"), jv_string("Preferred"), jv_string("keywords"), jv_copy(pref))));
	out = jv_object_set(out, jv_string("required_skills"), req);
	out = jv_object_set(out, jv_string("preferred_skills"), pref);
	out = jv_object_set(out, jv_string("alternatives"),
			    iv_jd_alternatives(jv_array_concat(jv_copy(j.req_text), jv_copy(j.pref_text))));
	out = jv_object_set(out, jv_string("min_years"), j.years >= 0 ? jv_number(j.years) : jv_null());
	out = jv_object_set(out, jv_string("degree"),
			    j.degree ? jv_string(iv_degree_name(j.degree)) : jv_null());
	out = jv_object_set(out, jv_string("degree_preferred"),
			    j.degree_pref ? jv_string(iv_degree_name(j.degree_pref)) : jv_null());
	out = jv_object_set(out, jv_string("lang"), jv_string(iv_text_lang(text)));
	jv_free(j.desc);
	jv_free(j.req_text);
	jv_free(j.pref_text);
	free(desc);
	free(j.title);
	free(j.company);
	free(j.location);
	free(j.salary);
	free(j.type);
	return out;
}
