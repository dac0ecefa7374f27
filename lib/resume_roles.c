/* resume_roles.c — title, employer and place in a job's header
 * (resume_roles.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "msg.h"
#include "resume_contacts.h"
#include "resume_lines.h"
#include "resume_roles.h"
#include "utf8.h"

/* The last word of a title ("Senior Software *Engineer*"). */
static const char *const title_heads[] = {
	"engineer", "developer", "programmer", "architect", "analyst", "scientist", "researcher",
	"consultant", "associate", "intern", "trainee", "apprentice", "manager", "director", "lead",
	"head", "designer", "administrator", "specialist", "officer", "assistant", "executive",
	"coordinator", "representative", "technician", "tester", "student", "fellow", "professor",
	"lecturer", "teacher", "instructor", "tutor", "president", "vp", "founder", "co-founder",
	"cofounder", "cto", "ceo", "cfo", "coo", "cio", "partner", "advisor", "adviser", "owner",
	"contributor", "maintainer", "accountant", "auditor", "clerk", "supervisor", "postdoc", "sre",
	"writer", "editor", "strategist", "evangelist", "advocate", "recruiter", "operator", "leader",
	"chair", "staff", "expert", "practitioner", "statistician", "economist", "modeler", "volunteer",
	"member of technical staff", "scrum master", "devops", NULL,
};

/* Words that make a title anywhere in it. */
static const char *const title_words[] = {
	"senior", "junior", "sr.", "jr.", "principal", "staff", "head of", "director of", "vp of",
	"intern", "internship", "engineer", "developer", "manager", "analyst", "scientist", NULL,
};

static const char *const title_tails_zh[] = {
	"工程师", "开发者", "程序员", "架构师", "研究员", "科学家", "分析师", "设计师", "经理", "总监", "主管",
	"专员", "顾问", "助理", "实习生", "负责人", "组长", "总裁", "董事", "合伙人", "创始人", "讲师", "教授",
	"助教", "博士后", "专家", "运营", "测试", "开发", "实习", "算法", "编辑", "主任", "职员", "文员", "会计",
	"教师", "老师", "技术员", "运维", "销售", "客服", "产品", "leader", "CTO", "CEO", NULL,
};

static const char *const title_words_zh[] = { "工程师", "开发", "算法", "实习", "经理", "研究员", NULL };

/* Legal forms and trade words that end an organisation's name. */
static const char *const company_marks[] = {
	"inc", "inc.", "incorporated", "ltd", "ltd.", "limited", "llc", "l.l.c.", "llp", "plc", "pvt",
	"pvt.", "corp", "corp.", "corporation", "co.", "company", "gmbh", "ag", "se", "ab", "s.a.", "sa",
	"b.v.", "bv", "n.v.", "oy", "pte", "pty", "srl", "s.r.l.", "s.p.a.", "kk", "technologies",
	"technology", "tech", "solutions", "services", "systems", "software", "labs", "lab",
	"laboratories", "consulting", "consultancy", "group", "holdings", "bank", "insurance", "partners",
	"networks", "communications", "analytics", "ventures", "capital", "studios", "studio", "media",
	"healthcare", "pharmaceuticals", "industries", "enterprises", "international", "global",
	"research", "university", "institute", "college", "school", "hospital", "foundation", "agency",
	"ministry", "council", "bureau", "academy", "inc.)", NULL,
};

static const char *const company_marks_zh[] = {
	"有限公司", "公司", "集团", "科技", "银行", "研究院", "研究所", "实验室", "工作室", "网络", "软件",
	"医院", "证券", "控股", "大学", "学院", "事务所", "基金", "保险", "传媒", "信息", "智能", "技术",
	"股份", "工厂", "中心", NULL,
};

/* Employers well known enough to need no mark. */
static const char *const employers[] = {
	"google", "microsoft", "amazon", "aws", "meta", "facebook", "apple", "openai", "anthropic",
	"nvidia", "ibm", "oracle", "intel", "cisco", "adobe", "salesforce", "netflix", "uber", "airbnb",
	"linkedin", "twitter", "accenture", "infosys", "wipro", "tcs", "cognizant", "capgemini",
	"deloitte", "kpmg", "pwc", "ey", "mckinsey", "hcl", "tech mahindra", "mindtree", "mphasis",
	"bytedance", "alibaba", "tencent", "baidu", "huawei", "xiaomi", "samsung", "sony", "sap",
	"siemens", "bosch", "goldman sachs", "jpmorgan", "j.p. morgan", "morgan stanley", "citi",
	"citibank", "hsbc", "barclays", "paypal", "stripe", "shopify", "atlassian", "dell", "hp",
	"vmware", "qualcomm", "tesla", "walmart", "flipkart", "zomato", "swiggy", "paytm", "ola",
	"字节跳动", "阿里巴巴", "阿里", "腾讯", "百度", "美团", "京东", "华为", "小米", "网易", "快手",
	"拼多多", "蚂蚁", "滴滴", "商汤", "旷视", "智谱", "月之暗面", "小红书", "携程", "微软", "谷歌", "平安",
	"中兴", "联想", "大疆", "哔哩哔哩", "蔚来", "新浪", "搜狐", "爱奇艺", "顺丰", "亚马逊", "英伟达",
	NULL,
};

/* Departments and teams: neither title nor employer. */
static const char *const dept_words[] = {
	"部", "事业群", "事业部", "团队", "小组", "team", "department", "dept", "dept.", "division", NULL,
};

/* The last word of s (ASCII letters, digits, '.', '-'), lowercased into
 * out; "" when s ends in something else. */
static void
last_word(const char *s, char *out, size_t cap)
{
	size_t n = strlen(s), e, b;

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ','))
		n--;
	/* "The Hut Group (THG)": the name before its bracket */
	if (n > 0 && s[n - 1] == ')') {
		const char *open = memrchr(s, '(', n);

		if (open && open > s)
			n = (size_t)(open - s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
	}
	e = n;
	b = e;
	while (b > 0 && (isalnum((unsigned char)s[b - 1]) || s[b - 1] == '.' || s[b - 1] == '-' || s[b - 1] == '&'))
		b--;
	if (e - b >= cap)
		b = e - (cap - 1);
	for (size_t i = b; i < e; i++)
		*out++ = (char)tolower((unsigned char)s[i]);
	*out = 0;
}

static int
in_words(const char *w, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(w, *list))
			return 1;
	return 0;
}

static int
ends_with(const char *s, const char *t)
{
	size_t n = strlen(s), k = strlen(t);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == ')'))
		n--;
	if (n >= 3 && !strncmp(s + n - 3, "）", 3))
		n -= 3;
	return n >= k && !strncmp(s + n - k, t, k);
}

int
rp_title_score(const char *s)
{
	char w[40];

	last_word(s, w, sizeof w);
	if (*w && in_words(w, title_heads))
		return 2;
	for (int i = 0; title_heads[i]; i++)
		if (strchr(title_heads[i], ' ') && rp_find_word(s, title_heads[i]))
			return 2;
	for (int i = 0; title_tails_zh[i]; i++)
		if (ends_with(s, title_tails_zh[i]))
			return 2;
	if (rp_has_any(s, title_words) || rp_has_any(s, title_words_zh))
		return 1;
	return 0;
}

/* Is the company's mark at the end of s ("Infosys Limited", "某某有限公司")? */
static int
company_mark_at_end(const char *s)
{
	char w[40];

	last_word(s, w, sizeof w);
	if (*w && in_words(w, company_marks))
		return 1;
	for (int i = 0; company_marks_zh[i]; i++)
		if (ends_with(s, company_marks_zh[i]))
			return 1;
	return 0;
}

int
rp_company_score(const char *s)
{
	if (company_mark_at_end(s) || rp_has_any(s, employers))
		return 2;
	if (rp_has_any(s, company_marks) || rp_has_any(s, company_marks_zh))
		return 1;
	return 0;
}

/* A place alone ("Madrid", "Karnataka", "Remote") or a place in its
 * region ("Seattle, WA", "Pune, Maharashtra", "Leiden, Netherlands"),
 * not a company or a title before a region ("Acme Labs, CA"). */
int
rp_is_place(const char *s)
{
	const char *comma = strchr(s, ',');
	jv c;
	int yes;

	if (iv_region_name(s) || !strcasecmp(s, "Hybrid"))
		return 1;
	c = iv_city(s);
	yes = jv_get_kind(c) == JV_KIND_OBJECT;
	jv_free(c);
	if (yes && comma) {
		char *first = rp_trimdup(s, (size_t)(comma - s));

		yes = !rp_company_score(first) && !rp_title_score(first);
		free(first);
	}
	return yes;
}

int
rp_title_line(const char *s)
{
	return rp_title_score(s) == 2 && !rp_company_score(s) && !rp_is_place(s) && rp_display_width(s) <= 60;
}

static int
is_dept(const char *s)
{
	return rp_has_any(s, dept_words) && !company_mark_at_end(s);
}

/* The separators of header lines, and what each is called in rp_pieces. */
static const struct {
	const char *text;
	const char *sep;
} seps[] = {
	{ " | ", "|" }, { "|", "|" }, { "｜", "|" }, { "丨", "|" }, { " — ", "-" }, { " – ", "-" },
	{ " - ", "-" }, { "——", "-" }, { "—", "-" }, { " –", "-" }, { " -", "-" }, { ", ", "," }, { ",", "," },
	{ "，", "," }, { "、", "," }, { " · ", "," }, { "· ", "," }, { " • ", "," }, { "•", "," },
	{ " @ ", "@" }, { "@ ", "@" }, { " at ", "@" }, { " At ", "@" }, { "\t", " " }, { "   ", " " },
	{ "  ", " " }, { " / ", "," }, { "\xe3\x80\x80", " " }, { NULL, NULL },
};

/* Does s[0..p) end with a Chinese company's mark ("...有限公司 Java开发")? */
static int
mark_before(const char *s, const char *p)
{
	static const char *const marks[] = { "有限公司", "公司", "集团", "大学", "学院", "研究院", NULL };

	for (int i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);

		if ((size_t)(p - s) >= k && !strncmp(p - k, marks[i], k))
			return 1;
	}
	return 0;
}

/* The end of the bracket opened at p ("(" or "（"), nesting counted, or
 * NULL. */
static const char *
bracket_end(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '(' || !strncmp(p, "（", 3))
			depth++;
		else if (*p == ')' || !strncmp(p, "）", 3))
			if (--depth == 0)
				return p + (*p == ')' ? 1 : 3);
	}
	return NULL;
}

/* Append s[0..n), trimmed of spaces and stray marks, with its separator. */
static jv
add_piece(jv out, const char *s, size_t n, const char *sep)
{
	char *t = rp_trimdup(s, n), *p = t;
	size_t len;

	while (*p && strchr("-|,;:·•@", *p))
		p++;
	if (!strncmp(p, "\xc2\xb7", 2))
		p += 2;
	p = (char *)rp_skip_space(p);
	len = strlen(p);
	while (len > 0 && (strchr("-|,;:@ ", p[len - 1])))
		p[--len] = 0;
	if (len >= 3 && (!strcmp(p + len - 3, "—") || !strcmp(p + len - 3, "–") || !strcmp(p + len - 3, "，")))
		p[len - 3] = 0;
	if (*p)
		out = jv_array_append(out, JV_ARRAY(jv_string(p), jv_string(sep)));
	free(t);
	return out;
}

jv
rp_pieces(const char *s)
{
	jv out = jv_array();
	const char *start = s, *p = s, *sep = "";

	while (*p) {
		const char *k = NULL, *name = NULL;
		size_t klen = 0;

		if (*p == '(' || !strncmp(p, "（", 3)) {
			const char *e = bracket_end(p);
			size_t open = *p == '(' ? 1 : 3;

			if (e) {
				size_t close = e[-1] == ')' ? 1 : 3;
				char *in = rp_trimdup(p + open, (size_t)(e - close - p - open));
				const char *after = rp_skip_space(e);
				int empty = !*in || strspn(in, " -–,") == strlen(in);

				/* A place or nothing in brackets is a piece of its
				 * own; anything else belongs to the name. */
				int at_end = !*after || *after == '|' || *after == ',' || *after == '-' ||
					     !strncmp(after, "，", 3) || !strncmp(after, "｜", 3) || !strncmp(after, "—", 3) ||
					     !strncmp(after, "–", 3) || !strncmp(after, "·", 2) || e[0] == ' ' || e[0] == '\t';

				if (empty || (rp_is_place(in) && at_end)) {
					out = add_piece(out, start, (size_t)(p - start), sep);
					if (!empty)
						out = add_piece(out, in, strlen(in), "(");
					sep = *after ? "," : "";
					start = p = e;
					free(in);
					continue;
				}
				free(in);
				p = e;
				continue;
			}
		}
		for (int i = 0; seps[i].text; i++) {
			size_t n = strlen(seps[i].text);

			if (!strncmp(p, seps[i].text, n)) {
				k = p;
				klen = n;
				name = seps[i].sep;
				break;
			}
		}
		/* An email's "@" is no separator, nor a comma inside "1,000". */
		if (k && !strncmp(p, "@ ", 2) && p > s && p[-1] != ' ')
			k = NULL;
		if (k && *p == ',' && p > s && isdigit((unsigned char)p[-1]) && isdigit((unsigned char)p[1]))
			k = NULL;
		if (!k && *p == ' ' && p > s && ((rp_cjk_before(s, p) && rp_cjk_at(p + 1)) || mark_before(s, p))) {
			k = p;
			klen = 1;
			name = " ";
		}
		if (k) {
			/* "Infosys, Inc.", "Acme, LLC" stay one name. */
			if (!strcmp(name, ",")) {
				const char *q = rp_skip_space(p + klen);
				char w[16];
				size_t wl = 0;

				while (q[wl] && (isalnum((unsigned char)q[wl]) || q[wl] == '.') && wl < sizeof w - 1)
					wl++;
				memcpy(w, q, wl);
				w[wl] = 0;
				for (char *c = w; *c; c++)
					*c = (char)tolower((unsigned char)*c);
				if (wl && in_words(w, company_marks) && strlen(w) <= 5 && (!q[wl] || strchr(" ,|)", q[wl]))) {
					p += klen;
					continue;
				}
			}
			out = add_piece(out, start, (size_t)(p - start), sep);
			sep = name;
			p += klen;
			start = p;
			continue;
		}
		p += (unsigned char)*p < 0x80 ? 1 : (size_t)iv_utf8_decode(p, strlen(p), &(uint32_t){ 0 });
	}
	return add_piece(out, start, (size_t)(p - start), sep);
}

struct piece {
	const char *text;
	const char *sep;
	int title, company, place, dept, used;
};

/* Which of a (first) and b (after it, sep between) is the title when
 * nothing else tells: "Title at/@ Company", "Title - Company", "Title,
 * Company"; "Company | Title", "公司 职位" and Chinese lines one under the
 * other put the employer first. */
static int
first_is_title(const struct piece *a, const struct piece *b)
{
	const char *sep = b->sep;

	if (!strcmp(sep, "@") || !strcmp(sep, "-") || !strcmp(sep, ","))
		return 1;
	if (!strcmp(sep, "|") || !strcmp(sep, " ") || rp_has_cjk(a->text))
		return 0;
	return 1;
}

void
rp_work_header(jv head, char **position, char **company, char **location, jv *rest)
{
	struct piece *ps = NULL;
	jv all = jv_array();
	int n = 0, pi = -1, ci = -1;

	jv_array_foreach(head, i, h) {
		jv pcs = rp_pieces(iv_jstr(h));

		jv_array_foreach(pcs, j, pc) {
			if (i > 0 && j == 0)
				pc = jv_array_set(pc, 1, jv_string("\n"));
			all = jv_array_append(all, pc);
		}
		jv_free(pcs);
		jv_free(h);
	}
	n = rp_arr_len(all);
	ps = iv_xcalloc((size_t)n + 1, sizeof *ps);
	for (int i = 0; i < n; i++) {
		jv pc = jv_array_get(jv_copy(all), i);
		jv t = jv_array_get(jv_copy(pc), 0), sp = jv_array_get(pc, 1);

		ps[i].text = jv_string_value(t);	/* all keeps them alive */
		ps[i].sep = jv_string_value(sp);
		jv_free(t);
		jv_free(sp);
		ps[i].title = rp_title_score(ps[i].text);
		ps[i].company = rp_company_score(ps[i].text);
		ps[i].place = !ps[i].company && !ps[i].title && rp_is_place(ps[i].text);
		ps[i].dept = !ps[i].place && is_dept(ps[i].text) && ps[i].title < 2;
		if (!strcmp(ps[i].sep, "(") && !ps[i].place)
			ps[i].dept = 1;
		/* "Acme Lab Research Engineer": where the mark is, at the end,
		 * tells. */
		if (ps[i].title == 2 && ps[i].company == 2) {
			if (company_mark_at_end(ps[i].text))
				ps[i].title = 0;
			else
				ps[i].company = 0;
		}
	}
	/* Strong evidence first: a title's head word, a company's mark. */
	for (int i = 0; i < n && pi < 0; i++)
		if (!ps[i].place && !ps[i].dept && ps[i].title == 2 && ps[i].company < 2)
			pi = i;
	for (int i = 0; i < n && ci < 0; i++)
		if (i != pi && !ps[i].place && !ps[i].dept && ps[i].company == 2 && ps[i].title < 2)
			ci = i;
	/* Then what is left, by the order and separators of the pieces; a
	 * weak sign ("Senior ...") decides only against nothing. */
	{
		int u[2], nu = 0;

		for (int i = 0; i < n && nu < 2; i++)
			if (i != pi && i != ci && !ps[i].place && !ps[i].dept)
				u[nu++] = i;
		if (pi < 0 && ci < 0 && nu == 2) {
			const struct piece *x = &ps[u[0]], *y = &ps[u[1]];
			int t = x->title && !y->title ? 1 : y->title && !x->title ? 0 : first_is_title(x, y);

			pi = t ? u[0] : u[1];
			ci = t ? u[1] : u[0];
		} else if (pi < 0 && ci < 0 && nu == 1) {
			if (ps[u[0]].title && !ps[u[0]].company)
				pi = u[0];
			else
				ci = u[0];
		} else if (ci < 0 && nu >= 1) {
			ci = u[0];
		} else if (pi < 0 && nu >= 1) {
			pi = u[0];
		}
	}
	if (pi >= 0 && !*position) {
		/* "Senior Product Manager, Search & Recommendations", the
		 * employer elsewhere: what follows a comma is the title's. */
		char *t = iv_xstrdup(ps[pi].text);

		ps[pi].used = 1;
		for (int i = pi + 1; ci >= 0 && i < n && i != ci && !strcmp(ps[i].sep, ",") && !ps[i].place &&
				     !ps[i].dept && rp_display_width(ps[i].text) <= 40; i++) {
			char *j = iv_xasprintf("%s, %s", t, ps[i].text);

			free(t);
			t = j;
			ps[i].used = 1;
		}
		*position = t;
	} else if (pi >= 0) {
		ps[pi].used = 1;
	}
	if (ci >= 0) {
		rp_set_once(company, ps[ci].text);
		ps[ci].used = 1;
	}
	for (int i = 0; i < n; i++)
		if (ps[i].place && !*location) {
			/* "Pune, Maharashtra" is one place in two pieces */
			if (i + 1 < n && ps[i + 1].place && !strcmp(ps[i + 1].sep, ",")) {
				*location = iv_xasprintf("%s, %s", ps[i].text, ps[i + 1].text);
				ps[i + 1].used = 1;
			} else {
				*location = iv_xstrdup(ps[i].text);
			}
			ps[i].used = 1;
		}
	if (rest)
		for (int i = 0; i < n; i++)
			if (!ps[i].used)
				*rest = jv_array_append(*rest, jv_string(ps[i].text));
	free(ps);
	jv_free(all);
}

int
rp_header_evidence(const char *s)
{
	jv pcs = rp_pieces(s);
	int best = 0;

	jv_array_foreach(pcs, i, pc) {
		jv t = jv_array_get(pc, 0);
		int a = rp_title_score(jv_string_value(t)), b = rp_company_score(jv_string_value(t));

		if (a > best)
			best = a;
		if (b > best)
			best = b;
		jv_free(t);
	}
	jv_free(pcs);
	return best;
}
