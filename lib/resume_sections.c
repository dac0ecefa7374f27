/* resume_sections.c — headings and labels (resume_sections.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "resume_lines.h"
#include "resume_sections.h"
#include "utf8.h"

/* ---- sections ---- */

static const struct {
	const char *text;
	int kind;
} headings[] = {
	{ "个人信息", S_BASICS }, { "基本信息", S_BASICS }, { "联系方式", S_BASICS }, { "个人资料", S_BASICS },
	{ "求职意向", S_BASICS }, { "contact", S_BASICS }, { "contact information", S_BASICS },
	{ "contact info", S_BASICS }, { "personal information", S_BASICS }, { "personal details", S_BASICS },
	{ "个人简介", S_SUMMARY }, { "个人总结", S_SUMMARY }, { "自我评价", S_SUMMARY }, { "个人评价", S_SUMMARY },
	{ "个人优势", S_SUMMARY }, { "职业目标", S_SUMMARY }, { "关于我", S_SUMMARY }, { "简介", S_SUMMARY },
	{ "summary", S_SUMMARY }, { "professional summary", S_SUMMARY }, { "profile", S_SUMMARY },
	{ "professional profile", S_SUMMARY }, { "about", S_SUMMARY }, { "about me", S_SUMMARY },
	{ "objective", S_SUMMARY }, { "career objective", S_SUMMARY }, { "career summary", S_SUMMARY },
	{ "工作经历", S_WORK }, { "工作经验", S_WORK }, { "职业经历", S_WORK }, { "任职经历", S_WORK },
	{ "工作履历", S_WORK }, { "工作/实习经历", S_WORK }, { "工作与实习经历", S_WORK },
	{ "experience", S_WORK }, { "work experience", S_WORK }, { "professional experience", S_WORK },
	{ "employment", S_WORK }, { "employment history", S_WORK }, { "work history", S_WORK },
	{ "relevant experience", S_WORK }, { "industry experience", S_WORK }, { "research experience", S_WORK },
	{ "实习经历", S_INTERN }, { "实习经验", S_INTERN }, { "internship", S_INTERN },
	{ "internships", S_INTERN }, { "internship experience", S_INTERN },
	{ "教育经历", S_EDUCATION }, { "教育背景", S_EDUCATION }, { "学历", S_EDUCATION },
	{ "教育", S_EDUCATION }, { "学历背景", S_EDUCATION }, { "education", S_EDUCATION },
	{ "education background", S_EDUCATION }, { "academic background", S_EDUCATION },
	{ "educational background", S_EDUCATION },
	{ "项目经验", S_PROJECTS }, { "项目经历", S_PROJECTS }, { "项目", S_PROJECTS },
	{ "开源项目", S_PROJECTS }, { "个人项目", S_PROJECTS }, { "科研项目", S_PROJECTS },
	{ "科研经历", S_PROJECTS }, { "projects", S_PROJECTS }, { "project experience", S_PROJECTS },
	{ "selected projects", S_PROJECTS }, { "personal projects", S_PROJECTS }, { "side projects", S_PROJECTS },
	{ "open source", S_PROJECTS }, { "key projects", S_PROJECTS }, { "project", S_PROJECTS },
	{ "专业技能", S_SKILLS }, { "技能", S_SKILLS }, { "技能特长", S_SKILLS }, { "技术栈", S_SKILLS },
	{ "技术能力", S_SKILLS }, { "个人技能", S_SKILLS }, { "专业能力", S_SKILLS }, { "技能清单", S_SKILLS },
	{ "掌握技能", S_SKILLS }, { "技术技能", S_SKILLS }, { "skills", S_SKILLS },
	{ "technical skills", S_SKILLS }, { "skills & tools", S_SKILLS }, { "tech stack", S_SKILLS },
	{ "core competencies", S_SKILLS }, { "core skills", S_SKILLS }, { "skills & interests", S_SKILLS },
	{ "technologies", S_SKILLS }, { "skill", S_SKILLS }, { "key skills", S_SKILLS },
	{ "获奖", S_AWARDS }, { "获奖情况", S_AWARDS }, { "获奖经历", S_AWARDS }, { "荣誉奖项", S_AWARDS },
	{ "荣誉", S_AWARDS }, { "奖项", S_AWARDS }, { "所获荣誉", S_AWARDS }, { "获奖荣誉", S_AWARDS },
	{ "荣誉证书", S_AWARDS }, { "awards", S_AWARDS }, { "honors", S_AWARDS }, { "honours", S_AWARDS },
	{ "honors & awards", S_AWARDS }, { "awards & honors", S_AWARDS }, { "achievements", S_AWARDS },
	{ "证书", S_CERTS }, { "资格证书", S_CERTS }, { "证书认证", S_CERTS }, { "certifications", S_CERTS },
	{ "certificates", S_CERTS }, { "licenses & certifications", S_CERTS },
	{ "语言能力", S_LANGUAGES }, { "语言", S_LANGUAGES }, { "languages", S_LANGUAGES },
	{ "论文", S_PUBLICATIONS }, { "发表论文", S_PUBLICATIONS }, { "学术成果", S_PUBLICATIONS },
	{ "publications", S_PUBLICATIONS }, { "papers", S_PUBLICATIONS },
	{ "兴趣爱好", S_INTERESTS }, { "爱好", S_INTERESTS }, { "interests", S_INTERESTS }, { "hobbies", S_INTERESTS },
	{ "社会实践", S_VOLUNTEER }, { "校园经历", S_VOLUNTEER }, { "志愿者经历", S_VOLUNTEER },
	{ "volunteer", S_VOLUNTEER }, { "volunteering", S_VOLUNTEER }, { "volunteer experience", S_VOLUNTEER },
	{ "activities", S_VOLUNTEER }, { "leadership & activities", S_VOLUNTEER },
	{ "references", S_OTHER }, { "附加信息", S_OTHER }, { "其他", S_OTHER }, { "additional information", S_OTHER },
	{ "work", S_WORK }, { "career", S_WORK }, { "career history", S_WORK }, { "appointments", S_WORK },
	{ "academic appointments", S_WORK }, { "professional appointments", S_WORK }, { "positions", S_WORK },
	{ "positions held", S_WORK }, { "work history & experience", S_WORK }, { "experience & employment", S_WORK },
	{ "professional history", S_WORK }, { "实践经历", S_WORK }, { "工作/实习经验", S_WORK },
	{ "software", S_PROJECTS }, { "open-source projects", S_PROJECTS }, { "open source projects", S_PROJECTS },
	{ "academic projects", S_PROJECTS }, { "research projects", S_PROJECTS }, { "项目经历与成果", S_PROJECTS },
	{ "education & training", S_EDUCATION }, { "academic qualifications", S_EDUCATION },
	{ "educational qualifications", S_EDUCATION }, { "qualifications", S_EDUCATION }, { "教育与培训", S_EDUCATION },
	{ "areas of expertise", S_SKILLS }, { "expertise", S_SKILLS }, { "skills & expertise", S_SKILLS },
	{ "技能证书", S_SKILLS }, { "career highlights", S_SUMMARY }, { "highlights", S_SUMMARY },
	{ "links", S_BASICS }, { "online profiles", S_BASICS }, { "profiles", S_BASICS },
	{ "certifications/licenses", S_CERTS }, { "licenses", S_CERTS }, { "selected publications", S_PUBLICATIONS },
	{ "top skills", S_SKILLS }, { "skill details", S_SKILLS }, { "education details", S_EDUCATION },
	{ "company details", S_WORK }, { "honors-awards", S_AWARDS }, { "talks", S_OTHER }, { "teaching", S_OTHER }, { "groups", S_OTHER }, { "military service", S_OTHER },
	{ NULL, 0 },
};

/* Decorations around a heading: "## 教育背景", "一、工作经历", "【项目经验】", "EDUCATION:". */
char *
iv_heading_norm(const char *s)
{
	static const char *const deco[] = {
		"#", "=", "*", "_", "~", ":", "：", "|", "｜", "【", "】", "[", "]", "《", "》", "(", ")", "（", "）",
		"■", "□", "●", "○", "◆", "◇", "▶", "►", "★", "☆", "•", "·", "—", "-", " ", "\t", "\xe3\x80\x80",
		"、", ".", "．", NULL,
	};
	static const char *const numerals[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", NULL };
	char *t = iv_xstrdup(s), *p = t, *e;
	iv_buf b = IV_BUF_INIT;
	int changed = 1, singles = 1, words = 0;

	while (changed) {
		changed = 0;
		for (int i = 0; deco[i]; i++) {
			size_t k = strlen(deco[i]);

			if (!strncmp(p, deco[i], k)) {
				p += k;
				changed = 1;
			}
		}
		for (int i = 0; numerals[i]; i++) {
			size_t k = strlen(numerals[i]);

			if (!strncmp(p, numerals[i], k) && (!strncmp(p + k, "、", 3) || !strncmp(p + k, ".", 1) ||
							    !strncmp(p + k, "．", 3))) {
				p += k;
				changed = 1;
			}
		}
		if (isdigit((unsigned char)*p) && (p[1] == '.' || p[1] == ' ' || (isdigit((unsigned char)p[1]) &&
			(p[2] == '.' || p[2] == ' ')))) {
			p += isdigit((unsigned char)p[1]) ? 2 : 1;
			changed = 1;
		}
	}
	e = p + strlen(p);
	changed = 1;
	while (changed && e > p) {
		changed = 0;
		for (int i = 0; deco[i]; i++) {
			size_t k = strlen(deco[i]);

			if ((size_t)(e - p) >= k && !strncmp(e - k, deco[i], k)) {
				e -= k;
				changed = 1;
			}
		}
	}
	*e = 0;
	/* Spaced-out headings: "教 育 背 景", "E D U C A T I O N". */
	for (char *q = p; *q;) {
		const char *w = rp_skip_space(q);
		size_t len = 0;
		uint32_t cp;

		if (!*w)
			break;
		while (w[len] && !rp_space_at(w + len))
			len++;
		if (iv_utf8_len(w, len) > 1)
			singles = 0;
		(void)cp;
		words++;
		q = (char *)w + len;
	}
	for (char *q = p; *q; q++) {
		if (rp_space_at(q)) {
			size_t k = rp_space_at(q);

			if (!(singles && words > 2) && b.len && b.s[b.len - 1] != ' ')
				iv_buf_putc(&b, ' ');
			q += k - 1;
			continue;
		}
		if (!strncmp(q, "\xe2\x80\x99", 3)) {	/* ’ */
			iv_buf_putc(&b, '\'');
			q += 2;
			continue;
		}
		iv_buf_putc(&b, (char)tolower((unsigned char)*q));
	}
	free(t);
	{
		char *r = iv_buf_take(&b), *amp;

		while ((amp = strstr(r, " and "))) {
			memcpy(amp, " & ", 3);
			memmove(amp + 3, amp + 5, strlen(amp + 5) + 1);
		}
		return r;
	}
}

int
rp_heading_kind(const char *text)
{
	char *h = iv_heading_norm(text);
	int kind = -1;

	if (rp_display_width(h) <= 40)
		for (int i = 0; headings[i].text; i++)
			if (!strcmp(h, headings[i].text)) {
				kind = headings[i].kind;
				break;
			}
	/* "Experience 工作经历", "教育背景 Education": both halves name one. */
	if (kind < 0 && rp_has_cjk(h) && strchr(h, ' ') && rp_display_width(h) <= 40) {
		char *sp = strchr(h, ' ');
		char *a = iv_xstrndup(h, (size_t)(sp - h));
		const char *b = rp_skip_space(sp);

		if (!strchr(b, ' ') || !rp_has_cjk(b)) {
			int ka = rp_heading_kind(a), kb = rp_heading_kind(b);

			kind = ka >= 0 && kb >= 0 ? ka : -1;
		}
		free(a);
	}
	free(h);
	return kind;
}

/* "Skills: Python, Go" is a heading with its content on the same line. */
int
rp_inline_heading(const char *s, const char **rest)
{
	const char *colon = NULL;
	char *head;
	int kind;
	const char *star = strstr(s, " * ");

	if (!star)
		star = strstr(s, " • ");
	colon = iv_key_colon(s, 40, NULL);
	/* "Skills * Languages: Python, SQL * Databases: ...": a list
	 * flattened onto the heading's line */
	if (star && star - s <= 40 && (!colon || star < colon)) {
		head = iv_xstrndup(s, (size_t)(star - s));
		kind = rp_heading_kind(head);
		free(head);
		*rest = rp_skip_space(star + (star[1] == '*' ? 2 : 4));
		return **rest && kind == S_SKILLS ? kind : -1;
	}
	if (!colon)
		return -1;
	head = iv_xstrndup(s, (size_t)(colon - s));
	kind = rp_heading_kind(head);
	free(head);
	*rest = rp_skip_space(colon + (*colon == ':' ? 1 : 3));
	if (!**rest)
		return -1;
	return kind == S_SKILLS || kind == S_SUMMARY || kind == S_LANGUAGES || kind == S_INTERESTS ||
	       kind == S_AWARDS || kind == S_CERTS ? kind : -1;
}

/* ---- labels ("项目描述：...", "Tech stack: ...") ---- */

static const struct {
	const char *text;
	int label;
} labels[] = {
	{ "项目描述", L_DESC }, { "项目简介", L_DESC }, { "项目介绍", L_DESC }, { "项目背景", L_DESC },
	{ "项目概述", L_DESC }, { "描述", L_DESC }, { "简介", L_DESC }, { "description", L_DESC },
	{ "overview", L_DESC }, { "summary", L_DESC },
	{ "技术栈", L_TECH }, { "技术选型", L_TECH }, { "使用技术", L_TECH }, { "开发工具", L_TECH },
	{ "关键技术", L_TECH }, { "技术", L_TECH }, { "开发环境", L_TECH }, { "核心技术", L_TECH },
	{ "tech stack", L_TECH }, { "stack", L_TECH }, { "technologies", L_TECH }, { "tech", L_TECH },
	{ "tools", L_TECH }, { "built with", L_TECH }, { "keywords", L_TECH }, { "technologies used", L_TECH },
	{ "职责", L_RESP }, { "主要职责", L_RESP }, { "工作职责", L_RESP }, { "负责内容", L_RESP },
	{ "主要工作", L_RESP }, { "工作内容", L_RESP }, { "个人职责", L_RESP }, { "我的职责", L_RESP },
	{ "责任描述", L_RESP }, { "项目职责", L_RESP }, { "responsibilities", L_RESP },
	{ "项目成果", L_RESULT }, { "成果", L_RESULT }, { "项目业绩", L_RESULT }, { "业绩", L_RESULT },
	{ "工作业绩", L_RESULT }, { "results", L_RESULT }, { "achievements", L_RESULT }, { "impact", L_RESULT },
	{ "角色", L_ROLE }, { "担任角色", L_ROLE }, { "项目角色", L_ROLE }, { "role", L_ROLE },
	{ "职位", L_POSITION }, { "岗位", L_POSITION }, { "职务", L_POSITION }, { "position", L_POSITION },
	{ "title", L_POSITION },
	{ "公司", L_COMPANY }, { "公司名称", L_COMPANY }, { "单位", L_COMPANY }, { "company", L_COMPANY },
	{ "employer", L_COMPANY },
	{ "项目名称", L_NAME }, { "项目名", L_NAME }, { "project", L_NAME }, { "project name", L_NAME },
	{ "时间", L_TIME }, { "项目时间", L_TIME }, { "起止时间", L_TIME }, { "在职时间", L_TIME },
	{ "period", L_TIME }, { "dates", L_TIME }, { "duration", L_TIME },
	{ "链接", L_URL }, { "项目地址", L_URL }, { "项目链接", L_URL }, { "link", L_URL }, { "url", L_URL },
	{ "repo", L_URL }, { "repository", L_URL }, { "demo", L_URL },
	{ "学校", L_SCHOOL }, { "院校", L_SCHOOL }, { "school", L_SCHOOL }, { "university", L_SCHOOL },
	{ "institution", L_SCHOOL },
	{ "专业", L_MAJOR }, { "major", L_MAJOR }, { "field of study", L_MAJOR },
	{ "学历", L_DEGREE }, { "学位", L_DEGREE }, { "degree", L_DEGREE },
	{ "gpa", L_GPA }, { "绩点", L_GPA }, { "成绩", L_GPA }, { "排名", L_GPA }, { "rank", L_GPA },
	{ "主修课程", L_COURSES }, { "主要课程", L_COURSES }, { "相关课程", L_COURSES }, { "核心课程", L_COURSES },
	{ "课程", L_COURSES }, { "courses", L_COURSES }, { "coursework", L_COURSES },
	{ "relevant coursework", L_COURSES },
	{ "地点", L_LOCATION }, { "城市", L_LOCATION }, { "工作地点", L_LOCATION }, { "所在地", L_LOCATION },
	{ "现居", L_LOCATION }, { "现居地", L_LOCATION }, { "居住地", L_LOCATION }, { "地址", L_LOCATION },
	{ "期望城市", L_LOCATION }, { "location", L_LOCATION }, { "city", L_LOCATION }, { "address", L_LOCATION },
	{ "based in", L_LOCATION },
	{ "姓名", L_B_NAME }, { "name", L_B_NAME },
	{ "电话", L_B_PHONE }, { "手机", L_B_PHONE }, { "联系电话", L_B_PHONE }, { "手机号", L_B_PHONE },
	{ "phone", L_B_PHONE }, { "mobile", L_B_PHONE }, { "tel", L_B_PHONE }, { "cell", L_B_PHONE },
	{ "邮箱", L_B_EMAIL }, { "电子邮箱", L_B_EMAIL }, { "电子邮件", L_B_EMAIL }, { "email", L_B_EMAIL },
	{ "e-mail", L_B_EMAIL }, { "mail", L_B_EMAIL },
	{ "求职意向", L_B_LABEL }, { "意向岗位", L_B_LABEL }, { "应聘职位", L_B_LABEL }, { "目标职位", L_B_LABEL },
	{ "期望职位", L_B_LABEL }, { "目标岗位", L_B_LABEL }, { "target role", L_B_LABEL },
	{ "headline", L_B_LABEL },
	{ "github", L_B_URL }, { "linkedin", L_B_URL }, { "博客", L_B_URL }, { "blog", L_B_URL },
	{ "website", L_B_URL }, { "个人主页", L_B_URL }, { "主页", L_B_URL }, { "homepage", L_B_URL },
	{ "portfolio", L_B_URL }, { "web", L_B_URL },
	{ "性别", L_B_IGNORE }, { "年龄", L_B_IGNORE }, { "出生年月", L_B_IGNORE }, { "民族", L_B_IGNORE },
	{ "籍贯", L_B_IGNORE }, { "政治面貌", L_B_IGNORE }, { "工作年限", L_B_IGNORE }, { "期望薪资", L_B_IGNORE },
	{ "到岗时间", L_B_IGNORE }, { "gender", L_B_IGNORE }, { "age", L_B_IGNORE },
	{ "nationality", L_B_IGNORE }, { "visa", L_B_IGNORE },
	{ NULL, 0 },
};

/* "Key: value" with a known key: its label and the value (may be empty). */
int
rp_label_of(const char *s, const char **value)
{
	const char *colon = NULL;
	char *key;
	int label = L_NONE;

	colon = iv_key_colon(s, 36, NULL);
	if (!colon) {
		/* "company - Acme", "description - ...": the flattened
		 * profiles of a job site's export */
		static const struct {
			const char *key;
			int label;
		} dashed[] = { { "company - ", L_COMPANY }, { "description - ", L_DESC }, { NULL, 0 } };

		for (int i = 0; dashed[i].key; i++)
			if (!strncmp(s, dashed[i].key, strlen(dashed[i].key))) {
				*value = rp_skip_space(s + strlen(dashed[i].key));
				return dashed[i].label;
			}
		return L_NONE;
	}
	if (colon[0] == ':' && colon[1] == '/')
		return L_NONE;
	key = rp_trimdup(s, (size_t)(colon - s));
	for (char *k = key; *k; k++)
		*k = (char)tolower((unsigned char)*k);
	for (int i = 0; labels[i].text; i++)
		if (!strcmp(key, labels[i].text)) {
			label = labels[i].label;
			break;
		}
	free(key);
	if (label)
		*value = rp_skip_space(colon + (*colon == ':' ? 1 : 3));
	return label;
}
