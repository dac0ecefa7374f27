#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "match.h"
#include "msg.h"
#include "resume.h"
#include "skills.h"
#include "text.h"
#include "utf8.h"

enum { TOP_KEYWORDS = 20, MAX_LISTED_TIPS = 3 };
#define LISTED_CREDIT 0.75
/* a related tool for the same job (Vite where the JD asks for Webpack):
 * the skill transfers, not the tool */
#define RELATED_CREDIT 0.5

/* ---- where the resume shows each skill ---- */

struct evidence {
	int *shown;	/* per skill: first line outside the skills list, or -1 */
	int *listed;	/* per skill: first line in the skills list, or -1 */
	char *extracted;	/* per skill: named in extracted_skills */
	jv lines;
};

static int
skill_index(const char *name)
{
	const iv_skill *s = iv_skill_find(name);

	return s ? (int)(s - iv_skill_at(0)) : -1;
}

static void
evidence_init(struct evidence *ev, jv resume)
{
	int n = iv_skills_count();
	jv ex = iv_jget(resume, "extracted_skills");

	ev->shown = iv_xmalloc(sizeof *ev->shown * (size_t)n);
	ev->listed = iv_xmalloc(sizeof *ev->listed * (size_t)n);
	ev->extracted = iv_xcalloc((size_t)n, 1);
	for (int i = 0; i < n; i++)
		ev->shown[i] = ev->listed[i] = -1;
	ev->lines = iv_resume_lines(resume);
	jv_array_foreach(ev->lines, i, line) {
		jv text = iv_jget(line, "section");
		int listed = !strcmp(iv_jstr(text), "skills");
		jv t = iv_jget(line, "text"), found = iv_skills_in_text(iv_jstr(t));

		jv_array_foreach(found, k, f) {
			jv name = iv_jget(f, "name");
			int idx = skill_index(iv_jstr(name));

			if (idx >= 0) {
				int *slot = listed ? &ev->listed[idx] : &ev->shown[idx];

				if (*slot < 0)
					*slot = i;
			}
			jv_free(name);
			jv_free(f);
		}
		jv_free(found);
		jv_free(t);
		jv_free(text);
		jv_free(line);
	}
	if (jv_get_kind(ex) == JV_KIND_ARRAY)
		jv_array_foreach(ex, i, name) {
			int idx = jv_get_kind(name) == JV_KIND_STRING ? skill_index(jv_string_value(name)) : -1;

			if (idx >= 0)
				ev->extracted[idx] = 1;
			jv_free(name);
		}
	jv_free(ex);
}

static void
evidence_free(struct evidence *ev)
{
	free(ev->shown);
	free(ev->listed);
	free(ev->extracted);
	jv_free(ev->lines);
}

/* A skill with evidence of kind 0 (shown in work or a project), 1 (only
 * listed) or 2 (named anywhere) that stands in for want: a kind of it
 * (under it in the tree, or by kind_of: *rel 0), else a related tool for
 * the same job (*rel 1); of several, the one on the earliest line. -1 when
 * none. */
static int
stand_in(const struct evidence *ev, int kind, int want, int *rel)
{
	int n = iv_skills_count(), best = -1;
	const int *slot = kind == 0 ? ev->shown : ev->listed;
	const iv_skill *w = iv_skill_at(want);

	for (int pass = 0; pass < 2 && best < 0; pass++)
		for (int i = 0; i < n; i++) {
			if (i == want || (kind < 2 ? slot[i] < 0 : !ev->extracted[i]) ||
			    (best >= 0 && (kind == 2 || slot[i] >= slot[best])))
				continue;
			if (pass == 0 ? iv_skill_kind_of(iv_skill_at(i), w) : iv_skills_related(iv_skill_at(i), w)) {
				best = i;
				*rel = pass;
			}
		}
	return best;
}

/* Find the best evidence for skill want: the skill itself, else a kind of
 * it, else a related one (stand_in); shown beats listed. Returns the line (or -1) and sets *shown, *via (the standing-in
 * skill, or -1), *rel (1 when via is only related) and *have. */
static int
find_evidence(const struct evidence *ev, int want, int *shown, int *via, int *rel, int *have)
{
	int line = -1;

	*shown = 0;
	*via = -1;
	*rel = 0;
	for (int kind = 0; kind < 2 && line < 0; kind++) {
		const int *slot = kind == 0 ? ev->shown : ev->listed;

		if (slot[want] >= 0)
			line = slot[want];
		else if ((*via = stand_in(ev, kind, want, rel)) >= 0)
			line = slot[*via];
		*shown = kind == 0 && line >= 0;
	}
	*have = line >= 0 || ev->extracted[want];
	if (!*have && (*via = stand_in(ev, 2, want, rel)) >= 0)
		*have = 1;
	return line;
}

/* ---- the JD's keywords ---- */

static const char *const generic[] = {
	"experience", "year", "years", "work", "working", "team", "teams", "strong", "ability", "able",
	"skill", "skills", "knowledge", "familiar", "familiarity", "plus", "preferred", "required",
	"requirement", "requirements", "including", "include", "etc", "good", "excellent", "solid",
	"proven", "related", "relevant", "understanding", "hands", "using", "use", "new", "build",
	"building", "you", "your", "we", "our", "will", "can", "must", "least", "degree", "field",
	"similar", "responsible", "job", "role", "candidate", "company", "other", "well", "deep",
	"real", "nice", "have", "has", "one", "two", "three", "four", "five", "bachelor", "master",
	"computer", "science", "design", "develop", "development", "own", "ship", "keep", "take",
	"engineer", "engineering", "software", "developer", "phd", "senior", "staff", "principal",
	"工程师", "程师",
	"经验", "以上", "优先", "熟悉", "能力", "负责", "相关", "具备", "良好", "我们", "工作", "要求",
	"了解", "掌握", "以及", "进行", "具有", "计算", "算机", "专业", "学历", "本科", "硕士", "精通",
	"较强", "团队", "合作", "精神", "沟通", "参与", "能够", "至少", "年以", "及以", "上学", "熟练",
	"使用", "基于", "包括", "持续", "开发", "设计", "以上", "者优", "等向", "或全", "经历", NULL,
};

struct kw {
	char *tok;
	char *word;	/* as first written ("caching" for "cach") */
	int count, first;
};

struct kwctx {
	struct kw *k;
	int n;
	int pos;
	jv skip;	/* tokens of the JD's skills */
	const char *text;
};

static int
is_generic(const char *tok)
{
	static char **stems;
	static int n;

	if (!stems) {
		for (n = 0; generic[n]; n++)
			;
		stems = iv_xcalloc((size_t)n, sizeof *stems);
		for (int i = 0; i < n; i++) {
			stems[i] = iv_xmalloc(strlen(generic[i]) + 1);
			if ((unsigned char)generic[i][0] < 0x80)
				iv_stem(generic[i], stems[i]);
			else
				strcpy(stems[i], generic[i]);
		}
	}
	for (int i = 0; i < n; i++)
		if (!strcmp(tok, stems[i]))
			return 1;
	return 0;
}

static void
count_token(const char *tok, size_t start, size_t end, void *arg)
{
	struct kwctx *c = arg;
	size_t len = strlen(tok);
	jv hit;

	c->pos++;
	if (len < 2 || strspn(tok, "0123456789.+-") == len || is_generic(tok))
		return;
	hit = jv_object_get(jv_copy(c->skip), jv_string(tok));
	if (jv_is_valid(hit)) {
		jv_free(hit);
		return;
	}
	jv_free(hit);
	for (int i = 0; i < c->n; i++)
		if (!strcmp(c->k[i].tok, tok)) {
			c->k[i].count++;
			return;
		}
	c->k = iv_xrealloc(c->k, sizeof *c->k * (size_t)(c->n + 1));
	c->k[c->n].tok = iv_xstrdup(tok);
	c->k[c->n].word = (unsigned char)tok[0] < 0x80 && end > start ?
		iv_xstrndup(c->text + start, end - start) : iv_xstrdup(tok);
	for (char *w = c->k[c->n].word; *w; w++)
		if (*w >= 'A' && *w <= 'Z')
			*w = (char)(*w + 32);
	c->k[c->n].count = 1;
	c->k[c->n].first = c->pos;
	c->n++;
}

static void
add_token(const char *tok, size_t start, size_t end, void *arg)
{
	jv *set = arg;

	(void)start;
	(void)end;
	*set = jv_object_set(*set, jv_string(tok), jv_true());
}

static int
by_count(const void *a, const void *b)
{
	const struct kw *x = a, *y = b;

	if (x->count != y->count)
		return y->count - x->count;
	return x->first - y->first;
}

static void
append_lines(iv_buf *b, jv arr)
{
	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, x) {
			iv_buf_puts(b, iv_jstr(x));
			iv_buf_putc(b, '\n');
			jv_free(x);
		}
	jv_free(arr);
}

/* The JD's most frequent words that are not skills, and which of them the
 * resume uses: {matched, missing}. */
static jv
keywords(jv jd, jv skills, const struct evidence *ev)
{
	iv_buf text = IV_BUF_INIT, rtext = IV_BUF_INIT;
	struct kwctx c = { 0 };
	jv rset = jv_object(), matched = jv_array(), missing = jv_array();
	int flags = IV_TOK_STEM | IV_TOK_STOP;

	c.skip = jv_object();
	jv_array_foreach(skills, i, name) {
		const iv_skill *s = iv_skill_find(iv_jstr(name));

		if (s) {
			iv_tokenize(s->name, flags, add_token, &c.skip);
			iv_tokenize(s->zh, flags, add_token, &c.skip);
			for (const char *const *a = s->aliases; *a; a++)
				iv_tokenize(*a, flags, add_token, &c.skip);
		}
		jv_free(name);
	}
	{
		jv t = iv_jget(jd, "title");

		if (jv_get_kind(t) == JV_KIND_STRING) {
			iv_buf_puts(&text, jv_string_value(t));
			iv_buf_putc(&text, '\n');
		}
		jv_free(t);
	}
	append_lines(&text, iv_jget(jd, "responsibilities"));
	append_lines(&text, iv_jget(jd, "qualifications"));
	append_lines(&text, iv_jget(jd, "nice_to_have"));
	c.text = text.s ? text.s : "";
	iv_tokenize(c.text, flags, count_token, &c);
	jv_array_foreach(ev->lines, i, line) {
		jv t = iv_jget(line, "text");

		iv_buf_puts(&rtext, iv_jstr(t));
		iv_buf_putc(&rtext, '\n');
		jv_free(t);
		jv_free(line);
	}
	iv_tokenize(rtext.s ? rtext.s : "", flags, add_token, &rset);
	if (c.n)
		qsort(c.k, (size_t)c.n, sizeof *c.k, by_count);
	for (int i = 0, kept = 0; i < c.n; i++) {
		/* A Chinese bigram seen once is more often noise ("责企") than a word. */
		int noise = (unsigned char)c.k[i].tok[0] >= 0x80 && c.k[i].count < 2;

		if (!noise && kept++ < TOP_KEYWORDS) {
			jv hit = jv_object_get(jv_copy(rset), jv_string(c.k[i].tok));

			if (jv_is_valid(hit))
				matched = jv_array_append(matched, jv_string(c.k[i].word));
			else
				missing = jv_array_append(missing, jv_string(c.k[i].word));
			jv_free(hit);
		}
		free(c.k[i].tok);
		free(c.k[i].word);
	}
	free(c.k);
	jv_free(c.skip);
	jv_free(rset);
	jv_free(skills);
	iv_buf_free(&text);
	iv_buf_free(&rtext);
	return JV_OBJECT(jv_string("matched"), matched, jv_string("missing"), missing);
}

/* ---- text in the resume's language ---- */

static int zh;

static const char *
tr(const char *en, const char *cn)
{
	return zh ? cn : en;
}

/* Names joined: "A, B and C" / "A、B、C". */
static char *
join_names(jv names, int max)
{
	iv_buf b = IV_BUF_INIT;
	int n = jv_array_length(jv_copy(names));

	if (n > max)
		n = max;
	for (int i = 0; i < n; i++) {
		jv x = jv_array_get(jv_copy(names), i);

		if (i)
			iv_buf_puts(&b, zh ? "、" : i == n - 1 ? " and " : ", ");
		iv_buf_puts(&b, iv_jstr(x));
		jv_free(x);
	}
	jv_free(names);
	return iv_buf_take(&b);
}

/* x to places decimals: dividing by the power of ten gives the double
 * nearest the decimal (0.938, not 0.9380000000000001). */
static double
round_to(double x, int places)
{
	double p = pow(10, places);

	return round(x * p) / p;
}

/* A project (or else a job) of the resume where skill idx would fit: the
 * one showing the most skills near it in the tree, else the first. */
static char *
project_for(jv resume, const struct evidence *ev, int idx)
{
	const char *path = iv_skill_at(idx)->path;
	char parent[256], *best = NULL;
	int best_score = -1;
	const char *slash = strrchr(path, '/');

	snprintf(parent, sizeof parent, "%.*s", slash ? (int)(slash - path) : (int)strlen(path), path);
	for (const char *sec = "projects"; sec; sec = !strcmp(sec, "projects") ? "work" : NULL) {
		jv_array_foreach(ev->lines, i, line) {
			jv s = iv_jget(line, "section"), e = iv_jget(line, "entry");

			if (!strcmp(iv_jstr(s), sec) && jv_get_kind(e) == JV_KIND_STRING) {
				jv t = iv_jget(line, "text"), found = iv_skills_in_text(iv_jstr(t));
				int score = 0;

				jv_array_foreach(found, k, f) {
					jv p = iv_jget(f, "path");

					score += !strncmp(iv_jstr(p), parent, strlen(parent)) ? 2 : 1;
					jv_free(p);
					jv_free(f);
				}
				if (score > best_score) {
					free(best);
					best = iv_xstrdup(jv_string_value(e));
					best_score = score;
				}
				jv_free(found);
				jv_free(t);
			}
			jv_free(s);
			jv_free(e);
			jv_free(line);
		}
		if (best)
			break;
	}
	(void)resume;
	return best;
}

static const char *
degree_word(const char *d)
{
	if (!zh || !d)
		return d;
	if (!strcmp(d, "PhD"))
		return "博士";
	if (!strcmp(d, "Master"))
		return "硕士";
	if (!strcmp(d, "Bachelor"))
		return "本科";
	if (!strcmp(d, "Associate"))
		return "大专";
	return d;
}

/* ---- the match ---- */

/* The group of alternatives ("FastAPI or Django") that name is in, or
 * jv_null(). */
static jv
group_of(jv groups, const char *name)
{
	jv found = jv_null();

	if (jv_get_kind(groups) == JV_KIND_ARRAY)
		jv_array_foreach(groups, i, g) {
			int in = 0;

			if (jv_get_kind(g) == JV_KIND_ARRAY && jv_get_kind(found) == JV_KIND_NULL)
				jv_array_foreach(g, k, x) {
					in |= jv_get_kind(x) == JV_KIND_STRING && !strcmp(jv_string_value(x), name);
					jv_free(x);
				}
			if (in) {
				jv_free(found);
				found = g;
			} else {
				jv_free(g);
			}
		}
	return found;
}

/* Is a missing skill covered by an alternative the resume has, or
 * represented by the group's first member? */
static int
alternative_covers(const struct evidence *ev, jv groups, const char *name)
{
	jv g = group_of(groups, name);
	int covered = 0;

	if (jv_get_kind(g) == JV_KIND_ARRAY)
		jv_array_foreach(g, i, x) {
			const iv_skill *sk = iv_skill_find(iv_jstr(x));
			int shown, via, rel, has = 0;

			if (sk && strcmp(sk->name, name))
				find_evidence(ev, (int)(sk - iv_skill_at(0)), &shown, &via, &rel, &has);
			if (has || (i == 0 && strcmp(iv_jstr(x), name)))
				covered = 1;
			jv_free(x);
		}
	jv_free(g);
	return covered;
}

/* "; 2 through a related tool" for a part's detail, or "" (static: each
 * use is copied at once). */
static const char *
related_note(int n)
{
	static char buf[96];

	if (!n)
		return "";
	snprintf(buf, sizeof buf, tr("; %d through a related tool, counted half", "；其中 %d 项为同类工具，计一半"), n);
	return buf;
}

static const char *
display(const iv_skill *sk)
{
	return zh ? sk->zh : sk->name;
}

/* A canonical name (consumed) as the resume's language shows it. */
static jv
display_name(jv name)
{
	const iv_skill *sk = iv_skill_find(iv_jstr(name));

	if (!sk)
		return name;
	jv_free(name);
	return jv_string(display(sk));
}

struct part {
	const char *name;
	int weight;
	double score;
	char *detail;
};

jv
iv_match(jv resume, jv jd)
{
	struct evidence ev;
	jv req = iv_jget(jd, "required_skills"), pref = iv_jget(jd, "preferred_skills");
	jv groups = iv_jget(jd, "alternatives");
	jv matched = jv_array(), missing_req = jv_array(), missing_pref = jv_array(), listed_only = jv_array();
	jv related_req = jv_array();	/* [skill, the related one shown] of required skills */
	jv suggestions = jv_array(), kw, breakdown = jv_array(), out, lang = iv_jget(resume, "lang");
	struct part parts[5] = {
		{ "required_skills", 50, 0, NULL }, { "preferred_skills", 15, 0, NULL },
		{ "experience", 15, 0, NULL }, { "education", 10, 0, NULL }, { "keywords", 10, 0, NULL },
	};
	int counts[2] = { 0 }, have[2] = { 0 }, shown_n[2] = { 0 }, rel_n[2] = { 0 };
	double credit[2] = { 0 };
	double min_years = iv_jnum(jd, "min_years", -1), years;
	int months = iv_resume_months(resume), want_deg, have_deg = iv_resume_degree(resume);
	char *jd_degree = iv_jstrdup(jd, "degree");
	double total = 0;

	want_deg = iv_degree_rank(jd_degree);
	years = round_to(months / 12.0, 1);
	evidence_init(&ev, resume);
	if (jv_get_kind(lang) != JV_KIND_STRING) {
		/* A JSON Resume from elsewhere: its language from its lines. */
		iv_buf b = IV_BUF_INIT;

		jv_array_foreach(ev.lines, i, line) {
			jv t = iv_jget(line, "text");

			iv_buf_puts(&b, iv_jstr(t));
			iv_buf_putc(&b, '\n');
			jv_free(t);
			jv_free(line);
		}
		jv_free(lang);
		lang = jv_string(iv_text_lang(b.s ? b.s : ""));
		iv_buf_free(&b);
	}
	zh = !strcmp(jv_string_value(lang), "zh");

	for (int r = 0; r < 2; r++) {
		jv list = r == 0 ? req : pref;

		if (jv_get_kind(list) != JV_KIND_ARRAY)
			continue;
		jv_array_foreach(list, i, name) {
			const iv_skill *sk = jv_get_kind(name) == JV_KIND_STRING ? iv_skill_find(jv_string_value(name)) : NULL;
			int idx, line, shown, via, rel, has;
			jv m;

			if (!sk || !strcmp(sk->category, "soft")) {
				jv_free(name);
				continue;
			}
			idx = (int)(sk - iv_skill_at(0));
			line = find_evidence(&ev, idx, &shown, &via, &rel, &has);
			if (!has && alternative_covers(&ev, groups, sk->name)) {
				jv_free(name);
				continue;
			}
			counts[r]++;
			if (!has) {
				jv miss = JV_OBJECT(jv_string("name"), jv_string(sk->name), jv_string("path"),
						    jv_string(sk->path), jv_string("required"), jv_bool(r == 0));
				jv g = group_of(groups, sk->name);

				if (jv_get_kind(g) == JV_KIND_ARRAY)
					miss = jv_object_set(miss, jv_string("alternatives"), g);
				else
					jv_free(g);

				if (r == 0)
					missing_req = jv_array_append(missing_req, miss);
				else
					missing_pref = jv_array_append(missing_pref, miss);
				jv_free(name);
				continue;
			}
			have[r]++;
			shown_n[r] += shown;
			rel_n[r] += rel;
			credit[r] += (shown ? 1.0 : LISTED_CREDIT) * (rel ? RELATED_CREDIT : 1);
			m = JV_OBJECT(jv_string("name"), jv_string(sk->name), jv_string("path"), jv_string(sk->path),
				      jv_string("required"), jv_bool(r == 0), jv_string("shown"), jv_bool(shown));
			if (line >= 0) {
				jv l = jv_array_get(jv_copy(ev.lines), line);

				m = jv_object_set(m, jv_string("evidence"), iv_jget(l, "text"));
				m = jv_object_set(m, jv_string("section"), iv_jget(l, "section"));
				m = jv_object_set(m, jv_string("entry"), iv_jget(l, "entry"));
				jv_free(l);
			} else {
				m = jv_object_set(m, jv_string("evidence"), jv_null());
			}
			if (via >= 0)
				m = jv_object_set(m, jv_string("via"), jv_string(iv_skill_at(via)->name));
			if (rel)
				m = jv_object_set(m, jv_string("related"), jv_true());
			if (rel && r == 0)
				related_req = jv_array_append(related_req, JV_ARRAY(jv_number(idx), jv_number(via)));
			matched = jv_array_append(matched, m);
			if (!shown)
				listed_only = jv_array_append(listed_only, jv_number(via >= 0 ? via : idx));
			jv_free(name);
		}
	}

	/* Weights: a part the JD asks nothing about gives its weight to the
	 * required skills (or, without those, to keywords). */
	if (!counts[1]) {
		parts[0].weight += parts[1].weight;
		parts[1].weight = 0;
	}
	if (min_years <= 0) {
		parts[0].weight += parts[2].weight;
		parts[2].weight = 0;
	}
	if (!want_deg) {
		parts[0].weight += parts[3].weight;
		parts[3].weight = 0;
	}
	if (!counts[0]) {
		parts[4].weight += parts[0].weight;
		parts[0].weight = 0;
	}
	parts[0].score = counts[0] ? credit[0] / counts[0] : 0;
	parts[0].detail = counts[0] ?
		iv_xasprintf(tr("%d of %d (%d shown in work or projects, %d only listed)%s",
				"%d/%d 项（%d 项在工作或项目中体现，%d 项仅列在技能中）%s"),
			     have[0], counts[0], shown_n[0], have[0] - shown_n[0], related_note(rel_n[0])) :
		iv_xstrdup(tr("the JD names no required skills", "岗位未列出必备技能"));
	parts[1].score = counts[1] ? credit[1] / counts[1] : 0;
	parts[1].detail = counts[1] ?
		iv_xasprintf(tr("%d of %d%s", "%d/%d 项%s"), have[1], counts[1], related_note(rel_n[1])) :
		iv_xstrdup(tr("the JD names no preferred skills", "岗位未列出加分技能"));
	parts[2].score = min_years > 0 ? (years >= min_years ? 1 : years / min_years) : 0;
	parts[2].detail = min_years > 0 ?
		iv_xasprintf(tr("%.1f years; the JD asks %g+", "约 %.1f 年；岗位要求 %g 年以上"), years, min_years) :
		iv_xasprintf(tr("%.1f years; the JD asks no minimum", "约 %.1f 年；岗位未要求年限"), years);
	parts[3].score = want_deg ? (have_deg >= want_deg ? 1 : have_deg == want_deg - 1 ? 0.5 : 0) : 0;
	parts[3].detail = iv_xasprintf(tr("%s; the JD asks %s", "%s；岗位要求%s"),
				       have_deg ? degree_word(iv_degree_name(have_deg)) : tr("no degree found", "未找到学历"),
				       want_deg ? degree_word(iv_degree_name(want_deg)) : tr("none", "不限"));
	{
		jv all = jv_array_concat(jv_copy(req), jv_copy(pref));

		kw = keywords(jd, all, &ev);
	}
	{
		int nm = jv_array_length(iv_jget(kw, "matched")), nx = jv_array_length(iv_jget(kw, "missing"));

		parts[4].score = nm + nx ? (double)nm / (nm + nx) : 0;
		parts[4].detail = iv_xasprintf(tr("%d of the JD's %d most frequent words", "岗位描述 %2$d 个高频词中用到 %1$d 个"),
					       nm, nm + nx);
		/* A handful of words says little: their weight goes to the skills. */
		if (nm + nx < 5 && parts[0].weight) {
			parts[0].weight += parts[4].weight;
			parts[4].weight = 0;
		}
	}
	for (int i = 0; i < 5; i++) {
		double points = round_to(parts[i].weight * parts[i].score, 2);

		total += points;
		breakdown = jv_array_append(breakdown, JV_OBJECT(
			jv_string("part"), jv_string(parts[i].name), jv_string("weight"), jv_number(parts[i].weight),
			jv_string("score"), jv_number(round_to(parts[i].score, 3)), jv_string("points"),
			jv_number(points), jv_string("detail"), jv_string(parts[i].detail)));
		free(parts[i].detail);
	}

	/* Suggestions: the first missing required skill, skills only listed,
	 * the years and the degree, then nice-to-haves. */
	if (jv_array_length(jv_copy(missing_req))) {
		jv first = jv_array_get(jv_copy(missing_req), 0), rest = jv_array();
		jv fname = display_name(iv_jget(first, "name")), alts = iv_jget(first, "alternatives");

		if (jv_get_kind(alts) == JV_KIND_ARRAY) {
			/* "FastAPI or Django" */
			iv_buf b = IV_BUF_INIT;

			jv_array_foreach(alts, i, a) {
				jv d = display_name(a);

				if (i)
					iv_buf_puts(&b, tr(" or ", "或"));
				iv_buf_puts(&b, iv_jstr(d));
				jv_free(d);
			}
			jv_free(alts);
			jv_free(fname);
			fname = jv_string(b.s);
			iv_buf_free(&b);
		} else {
			jv_free(alts);
		}

		suggestions = jv_array_append(suggestions, jv_string_fmt(
			tr("%s is the first required skill the JD names that your resume doesn't show; if you have used it, "
			   "add it to a project or job and say what you did with it.",
			   "%s 是岗位要求中排在最前、而简历没有体现的技能：如果用过，把它写进一段项目或工作经历，并说明做了什么。"),
			iv_jstr(fname)));
		jv_array_foreach(missing_req, i, m) {
			if (i > 0)
				rest = jv_array_append(rest, display_name(iv_jget(m, "name")));
			jv_free(m);
		}
		if (jv_array_length(jv_copy(rest))) {
			char *names = join_names(jv_copy(rest), 6);

			suggestions = jv_array_append(suggestions, jv_string_fmt(
				tr("Also required and missing: %s.", "其他缺失的必备技能：%s。"), names));
			free(names);
		}
		jv_free(rest);
		jv_free(fname);
		jv_free(first);
	}
	jv_array_foreach(listed_only, i, x) {
		int idx = (int)jv_number_value(x);
		char *proj = i < MAX_LISTED_TIPS ? project_for(resume, &ev, idx) : NULL;
		const char *name = display(iv_skill_at(idx));

		if (i < MAX_LISTED_TIPS)
			suggestions = jv_array_append(suggestions, proj ?
				jv_string_fmt(tr("You list %s only in your skills section; show it in your work, e.g. say how "
						 "\"%s\" used it.", "%s 只出现在技能列表里：在经历中体现它，例如说明「%s」中如何用到它。"),
					      name, proj) :
				jv_string_fmt(tr("You list %s only in your skills section; show it in a project or job.",
						 "%s 只出现在技能列表里：在一段项目或工作经历中体现它。"), name));
		free(proj);
		jv_free(x);
	}
	if (jv_array_length(jv_copy(related_req))) {
		jv pair = jv_array_get(jv_copy(related_req), 0), a = jv_array_get(jv_copy(pair), 0),
		   b = jv_array_get(jv_copy(pair), 1);
		const char *want = display(iv_skill_at((int)jv_number_value(a)));
		const char *have_one = display(iv_skill_at((int)jv_number_value(b)));

		suggestions = jv_array_append(suggestions, jv_string_fmt(
			tr("The JD asks for %s; your resume shows %s, a related tool, which counts half: if you have used "
			   "%s too, name it where you used it.",
			   "岗位要求 %s，简历中是同类工具 %s（计一半）：如果也用过 %s，在用到它的经历中写明。"),
			want, have_one, want));
		jv_free(pair);
		jv_free(a);
		jv_free(b);
	}
	jv_free(related_req);
	if (min_years > 0 && years < min_years)
		suggestions = jv_array_append(suggestions, jv_string_fmt(
			tr("The JD asks for %g+ years; your work history shows about %.1f (internships not counted): "
			   "put the scope and results of each role first.",
			   "岗位要求 %g 年以上经验，你的工作经历约 %.1f 年（不含实习）：突出每段经历的职责范围和成果。"),
			min_years, years));
	if (want_deg && have_deg < want_deg)
		suggestions = jv_array_append(suggestions, jv_string_fmt(
			tr("The JD asks for a %s degree; your resume shows %s.", "岗位要求%s学历，简历中为%s。"),
			degree_word(iv_degree_name(want_deg)),
			have_deg ? degree_word(iv_degree_name(have_deg)) : tr("none", "无")));
	if (jv_array_length(jv_copy(missing_pref))) {
		jv names = jv_array();
		char *s;

		jv_array_foreach(missing_pref, i, m) {
			names = jv_array_append(names, display_name(iv_jget(m, "name")));
			jv_free(m);
		}
		s = join_names(names, 5);
		suggestions = jv_array_append(suggestions, jv_string_fmt(
			tr("Nice-to-haves you could add if you have them: %s.", "加分项中还可以补充（如果具备）：%s。"), s));
		free(s);
	}
	if (parts[4].weight && parts[4].score < 0.5) {
		char *s = join_names(iv_jget(kw, "missing"), 5);

		if (*s)
			suggestions = jv_array_append(suggestions, jv_string_fmt(
				tr("Where they are true for you, use the JD's own words: %s.",
				   "在属实的前提下，使用岗位描述中的原词：%s。"), s));
		free(s);
	}
	if (!jv_array_length(jv_copy(suggestions))) {
		jv first = jv_array();
		char *s;

		jv_array_foreach(req, i, x) {
			if (i < 2)
				first = jv_array_append(first, display_name(jv_copy(x)));
			jv_free(x);
		}
		s = join_names(first, 2);

		suggestions = jv_array_append(suggestions, jv_string_fmt(
			tr("Your resume covers what the JD asks; prepare to go deep on %s, the first skills it names.",
			   "简历覆盖了岗位的要求；面试前准备深入讲讲 %s（岗位最先提到的技能）。"), *s ? s : "-"));
		free(s);
	}

	out = JV_OBJECT(jv_string("score"), jv_number((int)round(total)), jv_string("breakdown"), breakdown,
			jv_string("matched_skills"), matched,
			jv_string("missing_skills"), jv_array_concat(missing_req, missing_pref),
			jv_string("suggestions"), suggestions);
	out = jv_object_set(out, jv_string("experience"), JV_OBJECT(
		jv_string("required_years"), min_years > 0 ? jv_number(min_years) : jv_null(),
		jv_string("resume_years"), jv_number(years)));
	out = jv_object_set(out, jv_string("education"), JV_OBJECT(
		jv_string("required"), want_deg ? jv_string(iv_degree_name(want_deg)) : jv_null(),
		jv_string("resume"), have_deg ? jv_string(iv_degree_name(have_deg)) : jv_null()));
	out = jv_object_set(out, jv_string("keywords"), kw);
	{
		jv b = iv_jget(resume, "basics");

		out = jv_object_set(out, jv_string("jd"), JV_OBJECT(jv_string("title"), iv_jget(jd, "title"),
								     jv_string("company"), iv_jget(jd, "company")));
		out = jv_object_set(out, jv_string("resume"), JV_OBJECT(jv_string("name"), iv_jget(b, "name")));
		jv_free(b);
	}
	out = jv_object_set(out, jv_string("lang"), jv_string(zh ? "zh" : "en"));
	jv_free(lang);
	jv_free(listed_only);
	jv_free(groups);
	jv_free(req);
	jv_free(pref);
	free(jd_degree);
	evidence_free(&ev);
	return out;
}

/* ---- the report ---- */

static void
style(FILE *f, int color, const char *code)
{
	if (color)
		fprintf(f, "\033[%sm", code);
}

static const char *
section_label(const char *sec)
{
	static const char *const zh_names[][2] = {
		{ "work", "工作" }, { "projects", "项目" }, { "summary", "简介" }, { "education", "教育" },
		{ "volunteer", "校园与实践" }, { "awards", "获奖" }, { "certificates", "证书" },
		{ "publications", "论文" }, { "skills", "技能" }, { NULL, NULL },
	};

	for (int i = 0; zh && zh_names[i][0]; i++)
		if (!strcmp(sec, zh_names[i][0]))
			return zh_names[i][1];
	return sec;
}

/* A section's heading, in bold on a terminal, when arr (borrowed) has items. */
static void
section(FILE *f, int color, jv arr, const char *heading)
{
	if (!jv_array_length(jv_copy(arr)))
		return;
	fputc('\n', f);
	style(f, color, "1");
	fputs(heading, f);
	style(f, color, "0");
	fputc('\n', f);
}

/* s cut to cols display columns, with an ellipsis when cut. */
static void
put_fit(FILE *f, const char *s, size_t cols)
{
	size_t n = strlen(s), fit = iv_utf8_fit(s, cols);

	if (fit >= n) {
		fputs(s, f);
		return;
	}
	fit = iv_utf8_fit(s, cols - 1);
	fwrite(s, 1, fit, f);
	fputs("\xe2\x80\xa6", f);
}

static void
pad_to(FILE *f, const char *s, size_t width)
{
	size_t w = iv_utf8_width(s);

	fputs(s, f);
	while (w++ < width)
		fputc(' ', f);
}

void
iv_match_print(FILE *f, jv match, int color)
{
	jv lang = iv_jget(match, "lang"), jdv = iv_jget(match, "jd"), arr;
	char *title = iv_jstrdup(jdv, "title"), *company = iv_jstrdup(jdv, "company");
	size_t width = 20;
	static const struct {
		const char *part, *en, *zh;
	} names[] = {
		{ "required_skills", "required skills", "必备技能" },
		{ "preferred_skills", "preferred skills", "加分技能" },
		{ "experience", "experience", "工作年限" },
		{ "education", "education", "学历" },
		{ "keywords", "keywords", "关键词" },
		{ NULL, NULL, NULL },
	};

	zh = !strcmp(iv_jstr(lang), "zh");
	style(f, color, "1");
	fprintf(f, tr("Match %d/100", "匹配度 %d/100"), (int)iv_jnum(match, "score", 0));
	style(f, color, "0");
	if (title || company)
		fprintf(f, " · %s%s%s", title ? title : "", title && company ? (zh ? " · " : ", ") : "",
			company ? company : "");
	fputs("\n\n", f);
	arr = iv_jget(match, "breakdown");
	jv_array_foreach(arr, i, b) {
		jv part = iv_jget(b, "part"), detail = iv_jget(b, "detail");
		const char *label = iv_jstr(part);

		for (int k = 0; names[k].part; k++)
			if (!strcmp(names[k].part, label))
				label = zh ? names[k].zh : names[k].en;
		fputs("  ", f);
		pad_to(f, label, 18);
		fprintf(f, "%5.1f / %-3d  %s\n", iv_jnum(b, "points", 0), (int)iv_jnum(b, "weight", 0),
			iv_jstr(detail));
		jv_free(part);
		jv_free(detail);
		jv_free(b);
	}
	jv_free(arr);
	arr = iv_jget(match, "matched_skills");
	jv_array_foreach(arr, i, m) {
		jv name = display_name(iv_jget(m, "name"));
		size_t w = iv_utf8_width(iv_jstr(name));

		if (w > width && w <= 28)
			width = w;
		jv_free(name);
		jv_free(m);
	}
	section(f, color, arr, tr("Matched", "已匹配"));
	jv_array_foreach(arr, i, m) {
		jv name = display_name(iv_jget(m, "name")), ev = iv_jget(m, "evidence"), sec = iv_jget(m, "section");
		jv via = iv_jget(m, "via");
		int shown = iv_jbool(m, "shown", 0), rel = iv_jbool(m, "related", 0);

		fputs("  ", f);
		style(f, color, shown && !rel ? "32" : "33");
		fputs(rel ? "\xe2\x89\x88 " : shown ? "\xe2\x9c\x93 " : "~ ", f);	/* ≈ ✓ */
		style(f, color, "0");
		pad_to(f, iv_jstr(name), width + 2);
		if (rel && jv_get_kind(via) == JV_KIND_STRING)
			fprintf(f, tr("%s, a related tool; ", "同类工具 %s；"), jv_string_value(via));
		if (jv_get_kind(ev) == JV_KIND_STRING) {
			fprintf(f, "%s: ", shown ? section_label(iv_jstr(sec)) : tr("skills list only", "仅技能列表"));
			put_fit(f, jv_string_value(ev), rel ? 40 : 60);
		}
		jv_free(via);
		fputc('\n', f);
		jv_free(name);
		jv_free(ev);
		jv_free(sec);
		jv_free(m);
	}
	jv_free(arr);
	arr = iv_jget(match, "missing_skills");
	section(f, color, arr, tr("Missing", "缺失"));
	jv_array_foreach(arr, i, m) {
		jv name = display_name(iv_jget(m, "name"));

		fputs("  ", f);
		style(f, color, "31");
		fputs("\xe2\x9c\x97 ", f);	/* ✗ */
		style(f, color, "0");
		fprintf(f, "%s (%s)\n", iv_jstr(name), iv_jbool(m, "required", 0) ? tr("required", "必备") :
			tr("preferred", "加分"));
		jv_free(name);
		jv_free(m);
	}
	jv_free(arr);
	arr = iv_jget(match, "suggestions");
	section(f, color, arr, tr("Suggestions", "建议"));
	jv_array_foreach(arr, i, s) {
		fprintf(f, "  \xe2\x80\xa2 %s\n", iv_jstr(s));
		jv_free(s);
	}
	jv_free(arr);
	jv_free(lang);
	jv_free(jdv);
	free(title);
	free(company);
}
