/* persona.c — simulated candidates answering by rules from the key points. */
#include <ctype.h>
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "persona.h"
#include "reading.h"
#include "yamldoc.h"

/* The numbers of a profile: name, lower and upper bound, default. */
static const struct {
	const char *key;
	double min, max, dflt;
} knobs[] = {
	{ "strength", 0, 1, 0.5 },	/* chance of covering a key point */
	{ "verbatim", 0, 1, 0.2 },	/* covered points said in the bank's words */
	{ "terms_only", 0, 1, 0 },	/* covered points given as a bare list of terms */
	{ "negate", 0, 1, 0 },		/* points not covered stated wrongly instead */
	{ "bluff", 0, 1, 0 },		/* points not covered name-dropped confidently */
	{ "errors", 0, 5, 0 },		/* confident wrong statements per answer */
	{ "filler", 0, 1, 0.1 },	/* chance of filler sentences */
	{ "growth", 0, 1, 0 },		/* strength added each interview after the first */
	{ "study", 0, 1, 0 },		/* strength added on topics the plan named */
};

static int
is_file_name(const char *name)
{
	size_t n = strlen(name);
	return strchr(name, '/') || (n > 5 && strcmp(name + n - 5, ".yaml") == 0);
}

static int
valid_name(const char *name)
{
	if (!*name)
		return 0;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return 0;
	return 1;
}

static char *
persona_path(const char *name)
{
	if (is_file_name(name))
		return iv_xstrdup(name);
	char *rel = iv_xasprintf("personas/%s.yaml", name);
	char *path = iv_user_or_share_file(rel);
	free(rel);
	return path;
}

static jv
check_profile(jv p, const char *path, const char *dflt_name)
{
	if (jv_get_kind(p) != JV_KIND_OBJECT) {
		jv_free(p);
		return jv_invalid_with_msg(jv_string_fmt("%s: a persona is a mapping", path));
	}
	jv name = jv_object_get(jv_copy(p), jv_string("name"));
	if (jv_get_kind(name) == JV_KIND_NULL || !jv_is_valid(name)) {
		jv_free(name);
		p = jv_object_set(p, jv_string("name"), jv_string(dflt_name));
	} else if (jv_get_kind(name) != JV_KIND_STRING || !valid_name(jv_string_value(name))) {
		jv_free(name);
		jv_free(p);
		return jv_invalid_with_msg(jv_string_fmt("%s: name: letters, digits, '-' and '_' only", path));
	} else {
		jv_free(name);
	}
	for (size_t i = 0; i < sizeof knobs / sizeof *knobs; i++) {
		jv v = jv_object_get(jv_copy(p), jv_string(knobs[i].key));
		jv_kind k = jv_get_kind(v);
		if (k == JV_KIND_INVALID || k == JV_KIND_NULL) {
			jv_free(v);
			p = jv_object_set(p, jv_string(knobs[i].key), jv_number(knobs[i].dflt));
			continue;
		}
		double x = k == JV_KIND_NUMBER ? jv_number_value(v) : NAN;
		jv_free(v);
		if (!(x >= knobs[i].min && x <= knobs[i].max)) {
			jv_free(p);
			return jv_invalid_with_msg(jv_string_fmt("%s: %s: a number from %g to %g",
				path, knobs[i].key, knobs[i].min, knobs[i].max));
		}
	}
	jv topics = jv_object_get(jv_copy(p), jv_string("topics"));
	if (jv_get_kind(topics) == JV_KIND_OBJECT) {
		jv_object_foreach(topics, key, val) {
			double x = jv_get_kind(val) == JV_KIND_NUMBER ? jv_number_value(val) : NAN;
			jv_free(val);
			if (!(x >= 0 && x <= 1)) {
				jv err = jv_invalid_with_msg(jv_string_fmt("%s: topics.%s: a number from 0 to 1",
					path, jv_string_value(key)));
				jv_free(key);
				jv_free(topics);
				jv_free(p);
				return err;
			}
			jv_free(key);
		}
	} else if (jv_get_kind(topics) != JV_KIND_INVALID && jv_get_kind(topics) != JV_KIND_NULL) {
		jv_free(topics);
		jv_free(p);
		return jv_invalid_with_msg(jv_string_fmt("%s: topics: a mapping of topic to strength", path));
	}
	jv_free(topics);
	return jv_object_set(p, jv_string("path"), jv_string(path));
}

jv
iv_persona_load(const char *name)
{
	if (!is_file_name(name) && !valid_name(name))
		return jv_invalid_with_msg(jv_string_fmt("'%s' is not a persona name", name));
	char *path = persona_path(name);
	struct stat st;
	if (stat(path, &st) != 0) {
		jv err = jv_invalid_with_msg(is_file_name(name)
			? jv_string_fmt("can't read persona '%s'", path)
			: jv_string_fmt("no persona '%s' (iv-persona --list shows them)", name));
		free(path);
		return err;
	}
	jv p = iv_yaml_load_file(path, NULL);
	if (!jv_is_valid(p)) {
		free(path);
		return p;
	}
	char *base = iv_xstrdup(strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	char *dot = strstr(base, ".yaml");
	if (dot)
		*dot = 0;
	p = check_profile(p, path, base);
	free(base);
	free(path);
	return p;
}

static jv
list_dir(jv out, jv *seen, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return out;
	jv names = jv_array();
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > 5 && strcmp(e->d_name + n - 5, ".yaml") == 0)
			names = jv_array_append(names, jv_string_sized(e->d_name, (int)n - 5));
	}
	closedir(d);
	names = jv_sort(names, jv_copy(names));
	jv_array_foreach(names, i, nm) {
		if (jv_object_has(jv_copy(*seen), jv_copy(nm))) {
			jv_free(nm);
			continue;
		}
		*seen = jv_object_set(*seen, jv_copy(nm), jv_true());
		char *path = iv_xasprintf("%s/%s.yaml", dir, jv_string_value(nm));
		jv p = iv_yaml_load_file(path, NULL);
		jv about = jv_null();
		if (jv_get_kind(p) == JV_KIND_OBJECT)
			about = jv_object_get(jv_copy(p), jv_string("about"));
		if (!jv_is_valid(about)) {
			jv_free(about);
			about = jv_null();
		}
		jv_free(p);
		out = jv_array_append(out, JV_OBJECT(jv_string("name"), nm,
			jv_string("about"), about, jv_string("path"), jv_string(path)));
		free(path);
	}
	jv_free(names);
	return out;
}

jv
iv_persona_list(void)
{
	jv out = jv_array(), seen = jv_object();
	char *user = iv_xasprintf("%s/personas", iv_path_config_dir());
	char *share = iv_share_file("personas");
	out = list_dir(out, &seen, user);
	out = list_dir(out, &seen, share);
	free(user);
	free(share);
	jv_free(seen);
	return out;
}

/* Deterministic draws: FNV-1a over what identifies the choice, then
 * splitmix64. */
typedef struct {
	uint64_t s;
} rng;

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= 0xff;
	return h * 1099511628211ULL;
}

static double
draw(rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static size_t
pick(rng *r, size_t n)
{
	size_t i = (size_t)(draw(r) * (double)n);
	return i < n ? i : n - 1;
}

/* The key point's terms in the answer's language (all of them if none is). */
static jv
terms_in(jv kp, int zh)
{
	jv terms = jv_object_get(jv_copy(kp), jv_string("terms")), out = jv_array();
	if (jv_get_kind(terms) != JV_KIND_ARRAY) {
		jv_free(terms);
		return out;
	}
	jv_array_foreach(terms, i, t) {
		if (jv_get_kind(t) == JV_KIND_STRING && iv_has_cjk(jv_string_value(t)) == zh)
			out = jv_array_append(out, t);
		else
			jv_free(t);
	}
	if (jv_array_length(jv_copy(out)) == 0) {
		jv_free(out);
		return terms;
	}
	jv_free(terms);
	return out;
}

static const char *
term_at(jv terms, size_t i)
{
	int n = jv_array_length(jv_copy(terms));
	if (n == 0)
		return "";
	jv t = jv_array_get(jv_copy(terms), (int)(i % (size_t)n));
	const char *s = jv_get_kind(t) == JV_KIND_STRING ? jv_string_value(t) : "";
	jv_free(t);	/* the array still holds it */
	return s;
}

/* "{1}" and "{2}" in tpl replaced by a and b. */
static void
fill(iv_buf *b, const char *tpl, const char *a, const char *c)
{
	for (const char *p = tpl; *p; p++) {
		if (p[0] == '{' && (p[1] == '1' || p[1] == '2') && p[2] == '}') {
			iv_buf_puts(b, p[1] == '1' ? a : c);
			p += 2;
		} else {
			iv_buf_putc(b, *p);
		}
	}
}

/* A key point said in other words: its label dropped, its first clause
 * kept, one of its terms named. */
static char *
clause_of(const char *text, int zh)
{
	const char *s = text;
	const char *colon = zh ? strstr(text, "：") : strstr(text, ": ");
	if (colon && colon - text < 40)
		s = colon + (zh ? strlen("：") : 2);
	size_t n = strlen(s);
	static const char *const stops_en[] = { "; ", ", which", ", so ", " (", NULL };
	static const char *const stops_zh[] = { "；", "，", "（", NULL };
	for (const char *const *st = zh ? stops_zh : stops_en; *st; st++) {
		const char *q = strstr(s, *st);
		if (q && (size_t)(q - s) < n && q - s > 8)
			n = (size_t)(q - s);
	}
	char *c = iv_xstrndup(s, n);
	if (!zh && c[0] && isupper((unsigned char)c[0]) && !(c[1] && isupper((unsigned char)c[1])))
		c[0] = (char)tolower((unsigned char)c[0]);
	return c;
}

static const char *const para_en[] = {
	"As I understand it, {1}, and that is where {2} comes in.",
	"In my last project {1}; we relied on {2} for that.",
	"Put simply: {1} (think {2}).",
};
static const char *const para_zh[] = {
	"我的理解是，{1}，这里就要用到{2}。",
	"我之前的项目里，{1}，主要靠{2}。",
	"简单说：{1}（比如{2}）。",
};
static const char *const negate_en[] = {
	"I don't think {1} matters much here; in practice you can skip it.",
	"{1} isn't really needed, {2} covers that anyway.",
	"People talk about {1}, but it doesn't apply here.",
};
static const char *const negate_zh[] = {
	"我觉得{1}在这里没那么重要，实际中可以不用。",
	"其实不需要{1}，{2}已经解决了这个问题。",
	"大家常说{1}，但这里用不上。",
};
static const char *const bluff_en[] = {
	"Obviously {1} is the key here; once you have it, {2} doesn't matter at all.",
	"Everyone uses {1} these days, and it makes {2} unnecessary.",
	"You just add {1}, then {2}, and it scales to anything.",
};
static const char *const bluff_zh[] = {
	"显然这里的关键是{1}，有了它，{2}根本不重要。",
	"现在大家都用{1}，有了它就不需要{2}了。",
	"加上{1}，再加{2}，就能无限扩展。",
};
static const char *const error_en[] = {
	"{1} always makes things slower, so I would avoid it.",
	"{1} and {2} are basically the same thing.",
	"Honestly, {1} is deprecated now; nobody uses it in production.",
};
static const char *const error_zh[] = {
	"{1}总是会让系统变慢，所以我会尽量避免。",
	"{1}和{2}本质上是一回事。",
	"说实话{1}已经过时了，生产环境没人用。",
};
static const char *const filler_en[] = {
	"That's a great question.",
	"Let me think about that for a second.",
	"In my experience this comes up a lot.",
	"At the end of the day, it really depends on the use case.",
	"I've worked with this quite a bit.",
};
static const char *const filler_zh[] = {
	"这个问题很好。",
	"我想一下。",
	"在我的经验里这个经常遇到。",
	"说到底，还是要看具体场景。",
	"这块我做过不少。",
};
#define N3 3
#define NFILL 5

static void
sentence(iv_buf *b, int zh, const char *s)
{
	if (b->len && !zh)
		iv_buf_putc(b, ' ');
	/* A sentence starts with a capital, whatever clause it was made of. */
	if (!zh && *s >= 'a' && *s <= 'z') {
		iv_buf_putc(b, *s - 'a' + 'A');
		s++;
	}
	iv_buf_puts(b, s);
}

static void
templ(iv_buf *b, int zh, const char *tpl, const char *a, const char *c)
{
	iv_buf t = { 0 };
	fill(&t, tpl, a, c);
	if (t.s)
		sentence(b, zh, t.s);
	iv_buf_free(&t);
}

static void
term_list(iv_buf *b, int zh, jv terms, rng *r)
{
	int n = jv_array_length(jv_copy(terms));
	if (n == 0)
		return;
	iv_buf t = { 0 };
	size_t start = pick(r, (size_t)n);
	int k = n < 3 ? n : 3;
	for (int i = 0; i < k; i++) {
		if (i)
			iv_buf_puts(&t, zh ? "、" : ", ");
		iv_buf_puts(&t, term_at(terms, start + (size_t)i));
	}
	iv_buf_puts(&t, zh ? "。" : ".");
	sentence(b, zh, t.s);
	iv_buf_free(&t);
}

static int
contains_string(jv arr, const char *s)
{
	int found = 0;
	if (jv_get_kind(arr) != JV_KIND_ARRAY)
		return 0;
	jv_array_foreach(arr, i, x) {
		if (jv_get_kind(x) == JV_KIND_STRING && strcmp(jv_string_value(x), s) == 0)
			found = 1;
		jv_free(x);
	}
	return found;
}

static double
knob(jv profile, const char *key)
{
	jv v = jv_object_get(jv_copy(profile), jv_string(key));
	double x = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : 0;
	jv_free(v);
	return x;
}

jv
iv_persona_answer(jv profile, jv in, uint64_t seed)
{
	jv q = jv_object_get(jv_copy(in), jv_string("question"));
	jv kps = jv_object_get(jv_copy(in), jv_string("key_points"));
	if (jv_get_kind(q) != JV_KIND_OBJECT || jv_get_kind(kps) != JV_KIND_ARRAY) {
		jv_free(q);
		jv_free(kps);
		jv_free(in);
		return jv_invalid_with_msg(jv_string("a line needs 'question' (an object) and 'key_points' (an array)"));
	}
	char *lang = iv_jstrdup(q, "lang");
	int zh = lang && strcmp(lang, "zh") == 0;
	free(lang);
	char *topic = iv_jstrdup(q, "topic");
	char *qid = iv_jstrdup(q, "question_id");
	int follow = iv_jbool(q, "follow_up", 0);
	int round = (int)iv_jnum(in, "round", 1);
	jv studied_topics = jv_object_get(jv_copy(in), jv_string("studied_topics"));
	jv studied_points = jv_object_get(jv_copy(in), jv_string("studied_points"));
	jv name = jv_object_get(jv_copy(profile), jv_string("name"));

	double s = knob(profile, "strength");
	jv topics = jv_object_get(jv_copy(profile), jv_string("topics"));
	if (topic && jv_get_kind(topics) == JV_KIND_OBJECT) {
		jv t = jv_object_get(jv_copy(topics), jv_string(topic));
		if (jv_get_kind(t) == JV_KIND_NUMBER)
			s = jv_number_value(t);
		jv_free(t);
	}
	jv_free(topics);
	s += knob(profile, "growth") * (round > 1 ? round - 1 : 0);
	if (topic && contains_string(studied_topics, topic))
		s += knob(profile, "study");
	if (s > 0.97)
		s = 0.97;

	char key[64];
	snprintf(key, sizeof key, "%llu/%d/%d", (unsigned long long)seed, round, follow);
	uint64_t h0 = fnv(fnv(fnv(14695981039346656037ULL, key), jv_string_value(name)), qid ? qid : "");
	rng r = { h0 };

	double verbatim = knob(profile, "verbatim"), terms_only = knob(profile, "terms_only");
	double negate = knob(profile, "negate"), bluff = knob(profile, "bluff");
	double filler = knob(profile, "filler"), errors = knob(profile, "errors");
	iv_buf b = { 0 };
	jv covered = jv_array(), negated = jv_array(), listed = jv_array();
	jv all_terms = jv_array();

	if (draw(&r) < filler)
		sentence(&b, zh, zh ? filler_zh[pick(&r, NFILL)] : filler_en[pick(&r, NFILL)]);
	/* A persona of strength s knows about s of what a question asks: it
	 * covers floor(s * n + u) of the n points, u uniform in [0, 1), the
	 * points its draws rank first. Drawn point by point, the count would
	 * swing so much that an average answer often fell below a weak one. */
	int npts = jv_array_length(jv_copy(kps));
	double *rank = iv_xcalloc((size_t)npts + 1, sizeof *rank);
	jv_array_foreach(kps, i, kp) {
		jv id = jv_object_get(jv_copy(kp), jv_string("id"));
		rng pr = { fnv(h0, jv_get_kind(id) == JV_KIND_STRING ? jv_string_value(id) : "") };
		rank[i] = draw(&pr);
		jv_free(id);
		jv_free(kp);
	}
	int nknow = (int)floor(s * npts + draw(&r));
	jv_array_foreach(kps, i, kp) {
		jv id = jv_object_get(jv_copy(kp), jv_string("id"));
		char *text = iv_jstrdup(kp, "text");
		jv terms = terms_in(kp, zh);
		all_terms = jv_array_concat(all_terms, jv_copy(terms));
		rng pr = { fnv(h0, jv_get_kind(id) == JV_KIND_STRING ? jv_string_value(id) : "") };
		int learned = text && contains_string(studied_points, text);
		int before = 0;
		for (int j = 0; j < npts; j++)
			before += rank[j] < rank[i] || (rank[j] == rank[i] && j < i);
		(void)draw(&pr);	/* the rank's */
		int nt = jv_array_length(jv_copy(terms));
		size_t k1 = pick(&pr, 8), k2 = k1 + 1 + (nt > 1 ? pick(&pr, (size_t)nt - 1) : 0);
		const char *t1 = term_at(terms, k1);
		const char *t2 = term_at(terms, k2);
		if (learned || before < nknow) {
			double v = draw(&pr);
			if (text && (learned || v < verbatim)) {
				iv_buf t = { 0 };
				iv_buf_puts(&t, text);
				iv_buf_puts(&t, zh ? "。" : ".");
				sentence(&b, zh, t.s);
				iv_buf_free(&t);
			} else if (v < verbatim + terms_only) {
				term_list(&b, zh, terms, &pr);
			} else if (text) {
				char *c = clause_of(text, zh);
				const char *const *tp = zh ? para_zh : para_en;
				templ(&b, zh, tp[pick(&pr, N3)], c, *t1 ? t1 : c);
				free(c);
			}
			covered = jv_array_append(covered, jv_copy(id));
		} else {
			double w = draw(&pr);
			if (w < negate && *t1) {
				templ(&b, zh, (zh ? negate_zh : negate_en)[pick(&pr, N3)], t1, t2);
				negated = jv_array_append(negated, jv_copy(id));
			} else if (w < negate + bluff && *t1) {
				templ(&b, zh, (zh ? bluff_zh : bluff_en)[pick(&pr, N3)], t1, t2);
				listed = jv_array_append(listed, jv_copy(id));
			}
		}
		if (draw(&pr) < filler / 2)
			sentence(&b, zh, zh ? filler_zh[pick(&pr, NFILL)] : filler_en[pick(&pr, NFILL)]);
		jv_free(terms);
		jv_free(id);
		free(text);
		jv_free(kp);
	}
	free(rank);
	int nerr = (int)errors + (draw(&r) < errors - floor(errors));
	int nterms = jv_array_length(jv_copy(all_terms));
	for (int i = 0; i < nerr && nterms > 0; i++) {
		size_t k = pick(&r, (size_t)nterms);
		templ(&b, zh, (zh ? error_zh : error_en)[pick(&r, N3)],
		      term_at(all_terms, k), term_at(all_terms, k + 1));
	}
	int declined = b.len == 0;
	if (declined)
		sentence(&b, zh, zh ? "这个我不太清楚，没怎么接触过。" : "I'm not sure; I haven't worked with this.");
	if (draw(&r) < filler)
		sentence(&b, zh, zh ? filler_zh[pick(&r, NFILL)] : filler_en[pick(&r, NFILL)]);

	jv out = JV_OBJECT(jv_string("persona"), name, jv_string("answer"), jv_string(b.s),
		jv_string("covered"), covered, jv_string("negated"), negated,
		jv_string("listed"), listed, jv_string("declined"), jv_bool(declined));
	iv_buf_free(&b);
	jv_free(all_terms);
	jv_free(kps);
	jv_free(q);
	jv_free(studied_topics);
	jv_free(studied_points);
	free(topic);
	free(qid);
	jv_free(in);
	return out;
}
