/* grade.c — the builtin grader (see grade.h for the shapes).
 *
 * The answer and each key point are read the same way (reading.h: stems,
 * Chinese words, the field's aliases as concepts) and every point is matched
 * sentence by sentence (keypoint.h: weighted words, WordNet's synonyms,
 * terms, negation). The grade then weighs what was covered by how it was
 * said: a list of terms is not an explanation, words the question already
 * holds show nothing, and an answer that talks to the grader earns nothing.
 * How much of the answer it could relate to the key points is its
 * confidence; where that is low the score leans toward a neutral value and
 * the feedback says why.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "buf.h"
#include "grade.h"
#include "fmt.h"
#include "jsonl.h"
#include "keypoint.h"
#include "maxsize.h"
#include "msg.h"
#include "reading.h"
#include "session.h"
#include "skills.h"
#include "store.h"
#include "text.h"
#include "utf8.h"

/* A text for phrase lists: the text and its ASCII-lowercase copy. */
struct text {
	const char *s;
	char *lower;
};

static void
text_init(struct text *x, const char *s)
{
	x->s = s;
	x->lower = iv_xstrdup(s);
	for (char *p = x->lower; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
}

static int
is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Where phrase (lowercase ASCII, or anything with CJK) first occurs in x as
 * a whole phrase: the byte offset, or -1. */
static long
phrase_at(const struct text *x, const char *phrase)
{
	size_t m = strlen(phrase);
	const char *p = x->lower;

	if (!m)
		return -1;
	while ((p = strstr(p, phrase))) {
		size_t at = (size_t)(p - x->lower);
		int before = at > 0 && is_alnum(x->lower[at - 1]) && is_alnum(phrase[0]);
		int after = is_alnum(x->lower[at + m]) && is_alnum(phrase[m - 1]);

		if (!before && !after)
			return (long)at;
		p++;
	}
	return -1;
}

/* A key point ready to grade. */
struct point {
	char *id, *text, *alt;
	double weight;
	char **terms;
	int nterms;
	iv_kp *kp;
	int kp_own;	/* kp is this point's (the cache was full), not the cache's */
	/* results */
	iv_kp_match m;
	double cov;
};

static void
point_add_term(struct point *p, const char *term)
{
	for (int i = 0; i < p->nterms; i++)
		if (!strcasecmp(p->terms[i], term))
			return;
	p->terms = iv_xrealloc(p->terms, sizeof *p->terms * (size_t)(p->nterms + 2));
	p->terms[p->nterms++] = iv_xstrdup(term);
	p->terms[p->nterms] = NULL;
}

static void
point_free(struct point *p)
{
	free(p->id);
	free(p->text);
	free(p->alt);
	for (int i = 0; i < p->nterms; i++)
		free(p->terms[i]);
	free(p->terms);
	if (p->kp_own)
		iv_kp_free(p->kp);
}

/* Sentences of a reference answer, as points without terms. */
static int
points_from_reference(const char *ref, struct point **out)
{
	struct point *pts = NULL;
	int n = 0;
	size_t len = strlen(ref), s = 0;

	for (size_t i = 0; i <= len; i++) {
		uint32_t cp = 0;
		int l = i < len ? iv_utf8_decode(ref + i, len - i, &cp) : 1;
		int stop = i == len || cp == '\n' || cp == 0x3002 || cp == 0xff1f || cp == 0xff01 ||
			   cp == 0xff1b || cp == '?' || cp == '!' || cp == ';' ||
			   (cp == '.' && (i + 1 >= len || ref[i + 1] == ' ' || ref[i + 1] == '\n'));

		if (stop) {
			char *sent = iv_xstrndup(ref + s, i - s);
			char *b = sent, *e;

			while (*b == ' ' || *b == '\t')
				b++;
			e = b + strlen(b);
			while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				*--e = 0;
			if (iv_utf8_len(b, strlen(b)) >= 4) {
				pts = iv_xrealloc(pts, sizeof *pts * (size_t)(n + 1));
				memset(&pts[n], 0, sizeof pts[n]);
				pts[n].id = iv_xasprintf("p%d", n + 1);
				pts[n].text = iv_xstrdup(b);
				pts[n].weight = 1;
				n++;
			}
			free(sent);
			s = i + (size_t)l;
		}
		i += (size_t)l - 1;
	}
	*out = pts;
	return n;
}

static int
points_from_request(jv req, struct point **out)
{
	jv kps = iv_jget(req, "key_points");
	struct point *pts = NULL;
	int n = 0;

	if (jv_get_kind(kps) != JV_KIND_ARRAY) {
		jv ref = iv_jget(req, "reference");

		jv_free(kps);
		n = points_from_reference(iv_jstr(ref), out);
		jv_free(ref);
		return n;
	}
	pts = iv_xcalloc((size_t)jv_array_length(jv_copy(kps)) + 1, sizeof *pts);
	jv_array_foreach(kps, i, k) {
		struct point *p = &pts[n];

		if (jv_get_kind(k) == JV_KIND_STRING) {
			p->id = iv_xasprintf("p%d", i + 1);
			p->text = iv_xstrdup(jv_string_value(k));
			p->weight = 1;
		} else {
			jv terms = iv_jget(k, "terms");

			p->id = iv_jstrdup(k, "id");
			if (!p->id)
				p->id = iv_xasprintf("p%d", i + 1);
			p->text = iv_jstrdup(k, "text");
			p->alt = iv_jstrdup(k, "alt");
			p->weight = iv_jnum(k, "weight", 1);
			if (jv_get_kind(terms) == JV_KIND_ARRAY)
				jv_array_foreach(terms, j, t) {
					if (jv_get_kind(t) == JV_KIND_STRING && *jv_string_value(t))
						point_add_term(p, jv_string_value(t));
					jv_free(t);
				}
			jv_free(terms);
		}
		if (!p->text)
			p->text = iv_xstrdup("");
		if (p->weight <= 0)
			p->weight = 0.01;
		n++;
		jv_free(k);
	}
	jv_free(kps);
	*out = pts;
	return n;
}

/* Points with no terms of their own are shown by the skills they name. */
static void
point_skill_terms(struct point *p)
{
	jv found;

	if (p->nterms)
		return;
	found = iv_skills_in_text(p->text);
	jv_array_foreach(found, i, s) {
		jv name = iv_jget(s, "name");

		point_add_term(p, iv_jstr(name));
		jv_free(name);
		jv_free(s);
	}
	jv_free(found);
}

/* The answer's and question's texts, and what was found. */
struct grading {
	iv_reading a, q;
	struct text al;		/* the answer, for phrase lists */
	const char *alang;	/* the answer's language */
	double units;		/* content units: a word 1, a Chinese character alone 0.5 */
	double fwords;		/* the share of the answer's words that are function words */
	char *empty;		/* per answer token: inside a stock phrase */
	int nstock;		/* the stock phrases it uses */
};

/* Points read for matching, kept for the next answers to the same
 * question (a session, a batch, the eval): reading a point and looking its
 * words up in WordNet costs more than matching it. Keyed by everything the
 * reading depends on; dropped wholesale when full. */
enum { KP_CACHE = 256 };
static struct {
	unsigned h;
	char *key;
	iv_kp *kp;
} kpc[KP_CACHE];
static int nkpc;

/* Empty the cache when n more points might not fit: only between grades,
 * never while a grade holds points read from it. */
static void
kp_cache_room(int n)
{
	if (nkpc + n <= KP_CACHE)
		return;
	for (int i = 0; i < nkpc; i++) {
		free(kpc[i].key);
		iv_kp_free(kpc[i].kp);
	}
	nkpc = 0;
}

/* The point read for matching (owned by the cache, or by the point when
 * the cache is full). words: its text in the answer's language. */
static iv_kp *
point_kp(struct point *p, const char *words, const struct grading *g)
{
	iv_buf b = IV_BUF_INIT;
	unsigned h;
	iv_kp *kp;

	iv_buf_printf(&b, "%d\x1f%s\x1f%s", g->a.has_cjk, g->q.s, words);
	for (int k = 0; k < p->nterms; k++)
		iv_buf_printf(&b, "\x1f%s", p->terms[k]);
	h = iv_str_hash(b.s);
	for (int i = 0; i < nkpc; i++)
		if (kpc[i].h == h && !strcmp(kpc[i].key, b.s)) {
			iv_buf_free(&b);
			return kpc[i].kp;
		}
	point_skill_terms(p);
	if (g->a.has_cjk) {
		kp = iv_kp_new(words, (const char *const *)p->terms, &g->q);
	} else {
		/* Chinese terms cannot be in an answer without Chinese, and
		 * reading them would load the segmenter for nothing */
		const char **t = iv_xcalloc((size_t)p->nterms + 1, sizeof *t);
		int nt = 0;

		for (int k = 0; k < p->nterms; k++)
			if (!iv_has_cjk(p->terms[k]))
				t[nt++] = p->terms[k];
		kp = iv_kp_new(words, t, &g->q);
		free(t);
	}
	if (nkpc == KP_CACHE) {	/* points of this grade may be in it: keep them */
		iv_buf_free(&b);
		p->kp_own = 1;
		return kp;
	}
	kpc[nkpc].h = h;
	kpc[nkpc].key = b.s;
	kpc[nkpc++].kp = kp;
	return kp;
}

static double
tok_units(const iv_rtok *t)
{
	return t->stop || t->part || t->concept >= 0 ? 0 : t->cjk && t->end - t->start <= 3 ? 0.5 : 1;
}

static int
is_covered(const struct point *p)
{
	return p->cov >= 0.5;
}

static jv
evidence(const char *a, size_t s, size_t e)
{
	size_t n = e - s, cols = iv_utf8_len(a + s, n);

	if (cols > 200) {
		size_t cut = 0;

		for (size_t k = 0; k < 199; k++) {
			uint32_t cp;

			cut += (size_t)iv_utf8_decode(a + s + cut, n - cut, &cp);
		}
		return jv_string_fmt("%.*s…", (int)cut, a + s);
	}
	return jv_string_sized(a + s, (int)n);
}

static const char *const idk_phrases[] = {
	"i don't know", "i do not know", "don't know", "dont know", "no idea", "not sure", "no clue",
	"can't remember", "cannot remember", "don't remember", "i forgot", "never used", "never heard",
	"haven't used", "have not used", "pass", "skip",
	"不知道", "不清楚", "不会", "不太懂", "不懂", "不了解", "没接触过", "没用过", "忘了", "不记得",
	"跳过", "没听说过", NULL,
};
static const char *const nervous_phrases[] = {
	"not sure", "i'm not sure", "i guess", "maybe", "probably", "sorry", "um", "uh", "hmm",
	"i might be wrong", "kind of", "sort of", "i think maybe", "if i remember correctly",
	"i don't remember", "nervous", "...",
	"不太确定", "不确定", "可能吧", "大概", "好像", "应该是吧", "也许", "嗯", "呃", "抱歉",
	"不好意思", "紧张", "记不太清", "……", NULL,
};
static const char *const confident_phrases[] = {
	"in my experience", "i built", "i designed", "i led", "we shipped", "i implemented",
	"in production", "definitely", "the key is", "the key point", "i would", "i'd", "we measured",
	"i used", "my approach", "we built", "we used", "i always", "i make sure",
	"我负责", "我设计", "我主导", "上线", "生产环境", "我会", "关键是", "核心是", "一定",
	"我的做法", "我们用", "我实现", "我们的做法", "我通常", NULL,
};
static const char *const example_phrases[] = {
	"for example", "e.g.", "for instance", "such as", "say we", "in one project", "last year",
	"例如", "比如", "举个例子", "譬如", "像是", NULL,
};
static const char *const tradeoff_phrases[] = {
	"trade-off", "tradeoff", "however", "but", "downside", "on the other hand", "depends",
	"whereas", "instead", "cost", "risk", "unless", "otherwise",
	"权衡", "但是", "不过", "缺点", "代价", "取决于", "而是", "否则", "风险", "成本", "除非", NULL,
};
static const char *const structure_phrases[] = {
	"first", "second", "third", "then", "finally", "because", "therefore", "which means", "so that",
	"as a result", "in short", "overall", "step",
	"首先", "其次", "然后", "最后", "因为", "所以", "因此", "也就是说", "第一", "第二", "总之",
	"总结", "一方面", "另一方面", NULL,
};
static const char *const filler_phrases[] = {
	"um", "uh", "you know", "like, ", "嗯", "呃", "那个那个", "就是说就是", NULL,
};

/* Stock phrases: talk that fills time and says nothing about the
 * question. Their words are neither what the grader can relate to the
 * points nor what it fails to read; they are not content. */
static const char *const stock_phrases[] = {
	"that's a great question", "that is a great question", "great question", "good question",
	"let me think", "at the end of the day", "it really depends", "depends on the use case",
	"comes up a lot", "i've worked with this", "quite a bit", "honestly", "to be honest", "anyway",
	"i remember when", "fascinating area", "hard to keep up", "everyone has an opinion",
	"a whole other discussion", "when i have time", "as everyone knows", "everyone knows",
	"这个问题很好", "好问题", "我想一下", "让我想想", "说到底", "具体场景", "做过不少", "说实话",
	"反正", "记不太清", "大家都知道", "众所周知", NULL,
};

/* Mark the answer's tokens inside stock phrases (g->empty); how many
 * of the phrases it uses. */
static int
mark_stock(struct grading *g)
{
	size_t len = strlen(g->al.lower);
	char *in = NULL;
	int n = 0;

	g->empty = iv_xcalloc((size_t)g->a.n + 1, 1);
	for (int i = 0; stock_phrases[i]; i++) {
		size_t m = strlen(stock_phrases[i]);
		const char *p = g->al.lower;
		int seen = 0;

		while ((p = strstr(p, stock_phrases[i]))) {
			size_t at = (size_t)(p - g->al.lower);

			p++;
			if ((at > 0 && is_alnum(g->al.lower[at - 1]) && is_alnum(stock_phrases[i][0])) ||
			    (is_alnum(g->al.lower[at + m]) && is_alnum(stock_phrases[i][m - 1])))
				continue;
			if (!in)
				in = iv_xcalloc(len + 1, 1);
			memset(in + at, 1, m);
			seen = 1;
		}
		n += seen;
	}
	if (in)
		for (int i = 0; i < g->a.n; i++)
			g->empty[i] = in[g->a.t[i].start];
	free(in);
	return n;
}

/* How many of list occur in x; the earliest one's words go to *cue. */
static int
phrases(const struct text *x, const char *const *list, iv_buf *cue)
{
	int n = 0;
	long first = -1;
	size_t flen = 0;

	for (int i = 0; list[i]; i++) {
		long at = phrase_at(x, list[i]);

		if (at < 0)
			continue;
		n++;
		if (first < 0 || at < first) {
			first = at;
			flen = strlen(list[i]);
		}
	}
	if (cue && first >= 0) {
		iv_buf_reset(cue);
		iv_buf_add(cue, x->s + first, flen);
	}
	return n;
}

static double
reading_units(const iv_reading *r)
{
	double u = 0;

	for (int i = 0; i < r->n; i++)
		u += tok_units(&r->t[i]);
	return u;
}

int
iv_grade_is_non_answer(const char *answer)
{
	struct text a;
	iv_reading r;
	int n;

	text_init(&a, answer);
	n = phrases(&a, idk_phrases, NULL);
	free(a.lower);
	if (!n)
		return 0;
	iv_read(&r, answer);
	n = reading_units(&r) <= 8;
	iv_reading_free(&r);
	return n;
}

static double
round2(double x)
{
	return floor(x * 100 + 0.5) / 100;
}

static double
clamp01(double x)
{
	return x < 0 ? 0 : x > 1 ? 1 : x;
}

static int
by_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* The share of the answer's content words that are not the question's.
 * Distinct words by sorting their keys, not by comparing each with every
 * earlier one (quadratic on long answers). */
static double
novelty(const struct grading *g, int *distinct)
{
	int *k = iv_xcalloc((size_t)g->a.n + 1, sizeof *k);
	int nk = 0, n = 0, fresh = 0;

	for (int i = 0; i < g->a.n; i++)
		if (tok_units(&g->a.t[i]))
			k[nk++] = g->a.t[i].key;
	if (nk)
		qsort(k, (size_t)nk, sizeof *k, by_int);
	for (int i = 0; i < nk; i++) {
		if (i > 0 && k[i - 1] == k[i])
			continue;
		n++;
		fresh += !iv_reading_mask(&g->q, k[i]);
	}
	free(k);
	*distinct = n;
	return n ? (double)fresh / n : 0;
}

/* Terms between commas, or words with hardly a function word among them:
 * a keyword list, not sentences. */
static int
list_like(const struct grading *g)
{
	size_t n = strlen(g->a.s), *cut = iv_xcalloc(n + 2, sizeof *cut);
	int segments = 1, ncut = 0, shortseg = 0, full = 0;
	double *su;

	for (size_t i = 0; i < n; i++) {
		uint32_t cp;
		size_t at = i;

		i += (size_t)iv_utf8_decode(g->a.s + i, n - i, &cp) - 1;
		if (cp == ',' || cp == ';' || cp == '\n' || cp == 0x3001 || cp == 0xff0c || cp == 0xff1b) {
			cut[ncut++] = at;
			segments++;
		}
	}
	/* content per segment: a list is mostly segments of a term or two */
	su = iv_xcalloc((size_t)segments + 1, sizeof *su);
	for (int k = 0, s = 0; k < g->a.n; k++) {
		const iv_rtok *t = &g->a.t[k];

		for (s = 0; s < ncut && cut[s] < t->start; s++)
			;
		su[s] += tok_units(t);
	}
	for (int s = 0; s < segments; s++)
		if (su[s] > 0) {
			full++;
			shortseg += su[s] <= 3;
		}
	free(cut);
	free(su);
	return (full >= 3 && g->units / segments < 2.6 && shortseg >= 0.75 * full) || (g->units >= 4 && g->fwords < 0.12);
}

/* Asking the grader for a score, or telling it what to do. */
static const char *const grader_phrases[] = {
	"give me a 10", "give me 10", "give me full", "full marks", "full score", "perfect score", "10/10",
	"10 out of 10", "score me", "grade me", "rate me", "give this answer", "mark this answer", "you must award",
	"满分", "给我打", "给我高分", "打高分", "给高分", "评为满分", "给我10分", "给10分", NULL,
};
static const char *const override_phrases[] = {
	"ignore previous instructions", "ignore all previous", "ignore the previous", "ignore the above",
	"ignore your instructions", "disregard previous", "disregard the above", "disregard your instructions",
	"as the grader", "dear grader", "to the grader", "note to grader", "note to the grader",
	"忽略之前", "忽略以上", "忽略上面", "忽略前面", "无视之前", "评分员", "阅卷老师", NULL,
};

/* about: the question and its key points; a question about prompt
 * injection may well be answered with "ignore previous instructions". */
static int
addresses_grader(const struct grading *g, const char *about)
{
	if (phrases(&g->al, grader_phrases, NULL) > 0)
		return 1;
	return phrases(&g->al, override_phrases, NULL) > 0 && !strcasestr(about, "inject") &&
	       !strstr(about, "注入");
}

static int
by_weight(const void *a, const void *b)
{
	const struct point *x = *(struct point *const *)a, *y = *(struct point *const *)b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x < y ? -1 : x > y;
}

enum verdict { V_NORMAL, V_EMPTY, V_SKIPPED, V_IDK, V_COPY, V_GRADER };

static void
list_points(iv_buf *b, struct point **pts, int n, int zh)
{
	for (int i = 0; i < n; i++) {
		const char *t = pts[i]->text;
		size_t len = strlen(t);

		if (i)
			iv_buf_puts(b, zh ? "；" : "; ");
		/* a point ends with the list's own punctuation */
		while (len && (t[len - 1] == '.' || t[len - 1] == ' '))
			len--;
		if (len >= 3 && !memcmp(t + len - 3, "。", 3))
			len -= 3;
		iv_buf_add(b, t, len);
	}
	iv_buf_puts(b, zh ? "。" : ".");
}

static jv
feedback(enum verdict v, double score, struct point *pts, int n, int zh, const char *mood,
	 double clarity, double cov, long hints, int thin, double confidence)
{
	struct point **missed = iv_xcalloc((size_t)n + 1, sizeof *missed);
	int nm = 0, nc = 0;
	iv_buf b = IV_BUF_INIT;

	for (int i = 0; i < n; i++) {
		if (is_covered(&pts[i]))
			nc++;
		else
			missed[nm++] = &pts[i];
	}
	if (nm > 1)
		qsort(missed, (size_t)nm, sizeof *missed, by_weight);
	switch (v) {
	case V_EMPTY:
	case V_SKIPPED:
		iv_buf_puts(&b, zh ? "这题跳过了，没关系。好的回答会讲到：" : "Skipped, no problem. A good answer would cover: ");
		list_points(&b, missed, nm < 2 ? nm : 2, zh);
		break;
	case V_IDK:
		iv_buf_puts(&b, zh ? "没关系，练习就是为了查漏补缺。要点是：" : "No worries, that is what practice is for. The key ideas: ");
		list_points(&b, missed, nm < 2 ? nm : 2, zh);
		break;
	case V_COPY:
		iv_buf_puts(&b, zh ? "这基本是在复述题目。试着用自己的话讲，可以从这一点开始："
			     : "That mostly repeats the question. Try it in your own words, starting with: ");
		list_points(&b, missed, nm < 1 ? nm : 1, zh);
		break;
	case V_GRADER:
		iv_buf_puts(&b, zh ? "这个回答是在对评分者说话，而不是回答问题，所以不计分。要点是："
			     : "This answer talks to the grader instead of answering the question, so it earns nothing. The key ideas: ");
		list_points(&b, missed, nm < 2 ? nm : 2, zh);
		break;
	default:
		if (confidence < 0.5 && nm > 0) {
			/* an answer in words the grader cannot place: say so, and
			 * show every point to compare with */
			iv_buf_puts(&b, zh ? "这个回答的说法我没能和要点对上，分数仅供参考。请对照这些要点自查："
				     : "I could not follow this answer's wording well enough to match it to the key points, so take the score as a rough guide. Compare your answer with the key points: ");
			for (int i = 0; i < n; i++)
				missed[i] = &pts[i];
			list_points(&b, missed, n, zh);
			break;
		}
		if (nm == 0 && score >= 8 && nc == 1)
			iv_buf_puts(&b, zh ? "回答很扎实，要点讲到了。" : "Strong answer: you covered the key point.");
		else if (nm == 0 && score >= 8)
			iv_buf_printf(&b, zh ? "回答很扎实，%d 个要点都讲到了。" : "Strong answer: you covered all %d key points.", nc);
		else if (nm == 0 && nc == 1)
			iv_buf_puts(&b, zh ? "要点提到了，可以再展开一些，举个例子或讲讲权衡。"
				     : "You touched the key point; go deeper, with an example or a trade-off.");
		else if (nm == 0)
			iv_buf_printf(&b, zh ? "%d 个要点都提到了，可以每点再展开一些，举个例子或讲讲权衡。"
				      : "You touched all %d key points; go deeper on each, with an example or a trade-off.", nc);
		else if (score >= 8 || (score >= 5 && nc > 0)) {
			iv_buf_printf(&b, zh ? "不错，讲到了 %d/%d 个要点。可以再补充：" : "Good: you covered %d of %d key points. To make it complete, add: ",
				      nc, n);
			list_points(&b, missed, 1, zh);
		} else if (nc > 0) {
			iv_buf_printf(&b, zh ? "方向是对的（讲到了 %d/%d 个要点），但还漏了：" : "You are on the right track (%d of %d key points), but the answer misses: ",
				      nc, n);
			list_points(&b, missed, nm < 2 ? nm : 2, zh);
		} else {
			iv_buf_puts(&b, zh ? "这个回答还没抓住问题的核心。好的回答会讲到：" : "This does not get at the core of the question yet. A good answer would cover: ");
			list_points(&b, missed, nm < 2 ? nm : 2, zh);
		}
		if (thin && nc > 1)
			iv_buf_puts(&b, zh ? "每个要点用一两句话讲清楚，而不只是列出名词。"
				     : " Explain each point in a sentence or two rather than naming it.");
		else if (!strcmp(mood, "nervous"))
			iv_buf_puts(&b, zh ? "不用着急，有条理地简短回答就很好。" : " Take your time: a short, structured answer is fine.");
		else if (clarity < 5 && cov >= 0.4)
			iv_buf_puts(&b, zh ? "表达上可以先说结论，再展开细节。" : " Lead with the main point, then give the details.");
	}
	if (hints > 0)
		iv_buf_printf(&b, zh ? "（用了 %ld 次提示。）" : " (You used %ld hint%s.)", hints, hints == 1 ? "" : "s");
	free(missed);
	{
		jv r = jv_string(b.s ? b.s : "");

		iv_buf_free(&b);
		return r;
	}
}

static jv
span(const char *a, size_t s, size_t e)
{
	return JV_ARRAY(jv_number((double)iv_utf8_len(a, s)), jv_number((double)iv_utf8_len(a, e)));
}

static double
point_credit(const struct point *p)
{
	return is_covered(p) ? p->cov : p->cov * 0.5;
}

/* Match every point and measure the answer: coverage C, covered count. */
static void
read_answer(struct grading *g, struct point *pts, int n, double *C, int *covered, double *wsum)
{
	int words = 0, fw = 0;

	g->nstock = mark_stock(g);
	g->units = 0;
	for (int i = 0; i < g->a.n; i++)
		g->units += g->empty[i] ? 0 : tok_units(&g->a.t[i]);
	/* English function words; Chinese lists show by their separators */
	for (int i = 0; i < g->a.n; i++)
		if (!g->a.t[i].part && !g->a.t[i].isconcept && !g->a.t[i].cjk) {
			words++;
			fw += g->a.t[i].stop;
		}
	g->fwords = words >= 4 && !g->a.has_cjk ? (double)fw / words : 1;
	*C = *wsum = 0;
	*covered = 0;
	kp_cache_room(n);
	for (int i = 0; i < n; i++) {
		struct point *p = &pts[i];
		const char *words = p->text;

		/* the point's own words, in the answer's language when there is a choice */
		if (p->alt && *p->alt && strcmp(iv_text_lang(p->text), g->alang) &&
		    !strcmp(iv_text_lang(p->alt), g->alang))
			words = p->alt;
		p->kp = point_kp(p, words, g);
		iv_kp_match_answer(p->kp, &g->a, &p->m);
		p->cov = p->m.cov;
		if (p->m.negated)
			p->cov = fmin(p->cov, 0.2);
		else if (p->m.quoted)
			p->cov = fmin(p->cov, 0.6);
		*wsum += p->weight;
	}
	/* a point said and then denied costs more than a point not said */
	for (int i = 0; i < n; i++) {
		*C += *wsum > 0 ? pts[i].weight / *wsum * (pts[i].m.negated ? -0.4 : point_credit(&pts[i])) : 0;
		*covered += is_covered(&pts[i]);
	}
	*C = fmax(0, *C);
}

/* How much of the answer's content the grader relates to the key points,
 * the question or the reference (0-1), and how much of it is the field's
 * vocabulary at all (*field). For the confidence every word counts by its
 * weight (iv_key_weight): the common words any answer or story uses (team,
 * time, work, 团队, 问题) count less than the rare ones, so sharing them
 * with a point does not make the grader sure; and a word that only the
 * reference uses counts half: the reference is one way to answer, and its
 * own story's words are not the points. *share is in plain units. */
static double
confidence_of(const struct grading *g, const struct point *pts, int n, const iv_reading *ref, double *field,
	      double *share)
{
	double total = 0, rel = 0, known = 0, wtotal = 0, wrel = 0;

	for (int i = 0; i < g->a.n; i++) {
		const iv_rtok *t = &g->a.t[i];
		double u = g->empty[i] ? 0 : t->isconcept ? 1 : tok_units(t);
		int r = t->isconcept || iv_reading_mask(&g->q, t->key);

		if (!u)
			continue;
		for (int k = 0; k < n && !r; k++)
			r = iv_kp_relates(pts[k].kp, t->key);
		total += u;
		rel += r || (ref && iv_reading_mask(ref, t->key)) ? u : 0;
		known += r || iv_key_known(t->key) ? u : 0;
		u *= iv_key_weight(t->key);
		wtotal += u;
		wrel += r ? u : ref && iv_reading_mask(ref, t->key) ? 0.5 * u : 0;
	}
	*field = total ? known / total : 0;
	*share = total ? rel / total : 0;
	if (total < 1)
		return 1;
	/* a short answer says little either way; below a fifth related the
	 * grader cannot follow it at all, from about 85% it follows it all */
	return clamp01(((wrel + 1) / (wtotal + 1) - 0.2) / 0.65);
}

jv
iv_grade_builtin(jv req)
{
	jv qv = iv_jget(req, "question"), av = iv_jget(req, "answer"), lv = iv_jget(req, "lang");
	jv refv = iv_jget(req, "reference");
	struct grading g;
	struct point *pts = NULL;
	int n, distinct, zh, covered = 0, list;
	long hints = (long)iv_jnum(req, "hints", 0);
	double wsum = 0, C = 0, tech, depth, clarity, score, nov, lenf, elab, r, substance, confidence, field, share;
	enum verdict v = V_NORMAL;
	iv_buf cue = IV_BUF_INIT, ncue = IV_BUF_INIT, about = IV_BUF_INIT;
	int nerv, conf, ex, trade, structure, fillers, digits = 0, nsent = 0;
	const char *mood = "neutral", *lang;
	jv skills, cov_out = jv_array(), miss_out = jv_array(), idskills = jv_array(), grade, flags = jv_array();
	iv_reading ref;
	int has_ref = jv_get_kind(refv) == JV_KIND_STRING && *iv_jstr(refv);

	iv_read(&g.a, iv_jstr(av));
	iv_read(&g.q, iv_jstr(qv));
	text_init(&g.al, iv_jstr(av));
	if (has_ref)
		iv_read(&ref, iv_jstr(refv));
	g.alang = iv_text_lang(g.a.s);
	lang = jv_get_kind(lv) == JV_KIND_STRING ? iv_jstr(lv) : g.a.n ? g.alang : iv_text_lang(g.q.s);
	zh = !strcmp(lang, "zh");

	n = points_from_request(req, &pts);
	read_answer(&g, pts, n, &C, &covered, &wsum);
	confidence = confidence_of(&g, pts, n, has_ref ? &ref : NULL, &field, &share);
	iv_buf_printf(&about, "%s\n%s\n", g.q.s, has_ref ? iv_jstr(refv) : "");
	for (int i = 0; i < n; i++)
		iv_buf_printf(&about, "%s\n", pts[i].text);

	nov = novelty(&g, &distinct);
	if (iv_jbool(req, "skipped", 0))
		v = V_SKIPPED;
	else if (distinct == 0)
		v = V_EMPTY;
	else if (addresses_grader(&g, about.s))
		v = V_GRADER;
	else if (phrases(&g.al, idk_phrases, NULL) > 0 && g.units <= 8)
		v = V_IDK;
	else if (distinct >= 2 && nov < 0.3)
		v = V_COPY;
	if (v != V_NORMAL)
		confidence = 1;	/* nothing to read: the grader is sure */
	if (v == V_EMPTY || v == V_SKIPPED || v == V_GRADER) {
		C = 0;
		covered = 0;
		for (int i = 0; i < n; i++)
			pts[i].cov = 0;
	}
	if (v == V_GRADER)
		flags = jv_array_append(flags, jv_string("addresses_grader"));

	/* The answer's habits. */
	nerv = phrases(&g.al, nervous_phrases, &ncue);
	conf = phrases(&g.al, confident_phrases, &cue);
	ex = phrases(&g.al, example_phrases, NULL);
	trade = phrases(&g.al, tradeoff_phrases, NULL);
	structure = phrases(&g.al, structure_phrases, NULL);
	fillers = phrases(&g.al, filler_phrases, NULL) + g.nstock;
	for (const char *p = g.a.s; *p; p++)
		digits += *p >= '0' && *p <= '9';
	skills = iv_skills_in_text(g.a.s);
	{
		/* sentences that hold words, in one pass over the words */
		char *has = iv_xcalloc((size_t)g.a.nsent + 1, 1);

		for (int k = 0; k < g.a.n; k++)
			if (g.a.t[k].sent >= 0 && g.a.t[k].sent < g.a.nsent && !has[g.a.t[k].sent]++)
				nsent++;
		free(has);
	}
	list = list_like(&g);

	lenf = clamp01(g.units / 35);
	elab = clamp01((ex ? 0.35 : 0) + (trade ? 0.35 : 0) + (digits ? 0.15 : 0) + (conf ? 0.15 : 0) +
		       fmin(0.3, 0.1 * jv_array_length(jv_copy(skills))));
	r = clamp01(0.3 + 1.4 * C);
	/* Naming a key point is not explaining it: coverage counts fully
	 * only with some fourteen content words per point covered, in sentences. */
	substance = covered ? clamp01(0.4 + 0.6 * g.units / (14.0 * covered)) : 1;
	if (list)
		substance *= 0.3;
	tech = 10 * clamp01(C * 1.1) * substance;
	depth = 10 * r * substance * (0.6 * (n ? (double)covered / n : 0) + 0.25 * lenf + 0.15 * elab);
	{
		double per = nsent ? g.units / nsent : 0;
		double raw = 0.45 + 0.2 * fmin(1, structure / 2.0) + 0.15 * (per >= 3 && per <= 30) +
			     0.1 * (g.units >= 12) + 0.1 * (fillers == 0) - 0.1 * fmin(3, fillers) - 0.3 * list;

		clarity = 10 * clamp01(raw) * clamp01(0.35 + 1.3 * C);
	}
	conf += C >= 0.6 && g.units >= 15;
	if ((nerv >= 2 && nerv > conf) || (nerv == 1 && conf == 0 && g.units < 15))
		mood = "nervous";
	else if (conf >= 2 && conf > nerv)
		mood = "confident";
	if (v == V_EMPTY || v == V_SKIPPED || v == V_GRADER) {
		tech = depth = clarity = 0;
		mood = "neutral";
	}
	score = 0.6 * tech + 0.25 * depth + 0.15 * clarity;
	if (v == V_NORMAL && confidence < 1) {
		/* What the grader cannot relate it cannot judge: the score leans
		 * toward the middle in proportion to how little of the answer it
		 * could place. The middle is lower for an answer that relates to
		 * almost nothing (off topic) or says little. */
		double topical = clamp01((share - 0.06) / 0.14), effort = clamp01(g.units / 50);
		double neutral = 6.5 * topical * (0.5 + 0.5 * effort) * (list ? 0.4 : 1), against = 0;

		/* the benefit of the doubt is for the points the grader could
		 * not judge, not for those it read said the other way */
		for (int i = 0; i < n; i++)
			against += pts[i].m.negated && wsum > 0 ? pts[i].weight / wsum : 0;
		neutral *= 1 - fmin(1, against);
		double d = (1 - confidence) * (neutral - score);

		score += d;
		tech = clamp01((tech + d) / 10) * 10;
		depth = clamp01((depth + d * 0.5) / 10) * 10;
	}
	if (v == V_IDK || v == V_COPY) {
		score = fmin(score, 1.0);
		tech = fmin(tech, 1.0);
		depth = fmin(depth, 1.5);
		clarity = fmin(clarity, 2.0);
	}
	if (v == V_EMPTY || v == V_SKIPPED || v == V_GRADER)
		score = 0;
	score = fmax(0, score - 0.5 * (double)(hints > 0 ? hints : 0));

	for (int i = 0; i < n; i++) {
		struct point *p = &pts[i];

		if (is_covered(p) && v != V_IDK && v != V_COPY) {
			size_t s = 0, e = strlen(g.a.s);

			if (p->m.sent >= 0)
				iv_reading_sentence(&g.a, p->m.sent, &s, &e);
			cov_out = jv_array_append(cov_out, JV_OBJECT(jv_string("id"), jv_string(p->id),
				jv_string("text"), jv_string(p->text), jv_string("weight"), jv_number(round2(p->weight / wsum)),
				jv_string("coverage"), jv_number(round2(p->cov)), jv_string("span"), span(g.a.s, s, e),
				jv_string("evidence"), evidence(g.a.s, s, e)));
			if (p->m.quoted)
				cov_out = jv_array_set(cov_out, jv_array_length(jv_copy(cov_out)) - 1,
					jv_object_set(jv_array_get(jv_copy(cov_out), jv_array_length(jv_copy(cov_out)) - 1),
						      jv_string("quoted"), jv_true()));
		}
	}
	{
		struct point **m = iv_xcalloc((size_t)n + 1, sizeof *m);
		int nm = 0;

		for (int i = 0; i < n; i++)
			if (!is_covered(&pts[i]) || v == V_IDK || v == V_COPY)
				m[nm++] = &pts[i];
		if (nm > 1)
			qsort(m, (size_t)nm, sizeof *m, by_weight);
		for (int i = 0; i < nm; i++) {
			jv o = JV_OBJECT(jv_string("id"), jv_string(m[i]->id), jv_string("text"), jv_string(m[i]->text),
				jv_string("weight"), jv_number(round2(m[i]->weight / wsum)),
				jv_string("coverage"), jv_number(round2(m[i]->cov)));

			if (m[i]->m.negated && v == V_NORMAL) {
				size_t s, e;

				/* said, then denied: where */
				iv_reading_sentence(&g.a, m[i]->m.sent, &s, &e);
				o = jv_object_set(o, jv_string("contradicted"), jv_true());
				o = jv_object_set(o, jv_string("span"), span(g.a.s, s, e));
				o = jv_object_set(o, jv_string("evidence"), evidence(g.a.s, s, e));
			}
			miss_out = jv_array_append(miss_out, o);
		}
		free(m);
		if (v == V_IDK || v == V_COPY)
			for (int i = 0; i < n; i++)
				pts[i].cov = 0;	/* the feedback lists them as missed */
	}
	jv_array_foreach(skills, i, s) {
		idskills = jv_array_append(idskills, JV_OBJECT(jv_string("name"), iv_jget(s, "name"),
			jv_string("path"), iv_jget(s, "path"), jv_string("category"), iv_jget(s, "category")));
		jv_free(s);
	}
	jv_free(skills);

	grade = JV_OBJECT(jv_string("score"), jv_number(iv_round1(score)),
		jv_string("dimensions"), JV_OBJECT(jv_string("technical_accuracy"), jv_number(iv_round1(fmin(10, tech))),
			jv_string("communication_clarity"), jv_number(iv_round1(clarity)),
			jv_string("depth_breadth"), jv_number(iv_round1(fmin(10, depth)))),
		jv_string("coverage"), jv_number(round2(v == V_IDK || v == V_COPY ? fmin(C, 0.1) : C)),
		jv_string("covered_points"), cov_out, jv_string("missed_points"), miss_out,
		jv_string("identified_skills"), idskills);
	grade = jv_object_set(grade, jv_string("confidence"), jv_number(round2(confidence)));
	grade = jv_object_set(grade, jv_string("flags"), flags);
	grade = jv_object_set(grade, jv_string("emotional_state"), JV_OBJECT(jv_string("state"), jv_string(mood),
		jv_string("cue"), jv_string(!strcmp(mood, "nervous") ? (ncue.s ? ncue.s : "")
					    : !strcmp(mood, "confident") ? (cue.s ? cue.s : "") : "")));
	grade = jv_object_set(grade, jv_string("feedback"),
			      feedback(v, iv_round1(score), pts, n, zh, mood, clarity, C, hints, substance < 0.7, confidence));
	grade = jv_object_set(grade, jv_string("lang"), jv_string(lang));
	grade = jv_object_set(grade, jv_string("hints_used"), jv_number((double)(hints > 0 ? hints : 0)));
	grade = jv_object_set(grade, jv_string("engine"), jv_string("builtin"));

	for (int i = 0; i < n; i++)
		point_free(&pts[i]);
	free(pts);
	iv_buf_free(&cue);
	iv_buf_free(&ncue);
	iv_buf_free(&about);
	iv_reading_free(&g.a);
	iv_reading_free(&g.q);
	if (has_ref)
		iv_reading_free(&ref);
	free(g.al.lower);
	free(g.empty);
	jv_free(qv);
	jv_free(av);
	jv_free(lv);
	jv_free(refv);
	return grade;
}

static const iv_field request_fields[] = {
	{ "question", IV_J_STRING, 1 },
	{ "answer", IV_J_STRING, 1 },
	{ "key_points", IV_J_ARRAY, 0 },
	{ "reference", IV_J_STRING, 0 },
	{ "lang", IV_J_STRING, 0 },
	{ "hints", IV_J_INTEGER, 0 },
	{ "skipped", IV_J_BOOL, 0 },
	{ 0 },
};

/* The limits of maxsize.h: below them grading takes well under a second. */
static char *
request_too_long(jv req)
{
	static const struct { const char *key, *what; size_t max; } f[] = {
		{ "answer", "the answer", IV_MAX_ANSWER },
		{ "question", "the question", IV_MAX_QUESTION },
		{ "reference", "the reference", IV_MAX_REFERENCE },
	};
	char *err = NULL;
	jv kps = iv_jget(req, "key_points");

	for (size_t i = 0; i < sizeof f / sizeof *f && !err; i++) {
		jv v = iv_jget(req, f[i].key);

		err = iv_too_long(f[i].what, strlen(iv_jstr(v)), f[i].max);
		jv_free(v);
	}
	if (!err && jv_get_kind(kps) == JV_KIND_ARRAY && jv_array_length(jv_copy(kps)) > IV_MAX_KEY_POINTS)
		err = iv_xasprintf("field 'key_points': more than %d", IV_MAX_KEY_POINTS);
	if (!err && jv_get_kind(kps) == JV_KIND_ARRAY)
		jv_array_foreach(kps, i, k) {
			jv t = jv_get_kind(k) == JV_KIND_OBJECT ? iv_jget(k, "text") : jv_copy(k);

			if (!err && (err = iv_too_long("a key point", strlen(iv_jstr(t)), IV_MAX_QUESTION))) {
				char *e = iv_xasprintf("key_points[%d]: %s", i, err);

				free(err);
				err = e;
			}
			jv_free(t);
			jv_free(k);
		}
	jv_free(kps);
	return err;
}

char *
iv_grade_request_check(jv req)
{
	char *err = iv_json_check(req, request_fields, 1);
	jv kps, lang;

	if (err || (err = request_too_long(req)))
		return err;
	lang = iv_jget(req, "lang");
	if (jv_get_kind(lang) == JV_KIND_STRING && strcmp(iv_jstr(lang), "en") && strcmp(iv_jstr(lang), "zh"))
		err = iv_xasprintf("field 'lang': '%s' is not en or zh", iv_jstr(lang));
	jv_free(lang);
	if (err)
		return err;
	kps = iv_jget(req, "key_points");
	if (jv_get_kind(kps) == JV_KIND_ARRAY) {
		if (jv_array_length(jv_copy(kps)) == 0)
			err = iv_xstrdup("field 'key_points': empty; give at least one");
		jv_array_foreach(kps, i, k) {
			jv t = jv_get_kind(k) == JV_KIND_OBJECT ? iv_jget(k, "text") : jv_null();
			jv w = jv_get_kind(k) == JV_KIND_OBJECT ? iv_jget(k, "weight") : jv_null();
			jv terms = jv_get_kind(k) == JV_KIND_OBJECT ? iv_jget(k, "terms") : jv_null();

			if (!err && jv_get_kind(k) != JV_KIND_STRING && jv_get_kind(k) != JV_KIND_OBJECT)
				err = iv_xasprintf("key_points[%d]: expected a string or an object", i);
			else if (!err && jv_get_kind(k) == JV_KIND_OBJECT && jv_get_kind(t) != JV_KIND_STRING)
				err = iv_xasprintf("key_points[%d]: missing field 'text'", i);
			else if (!err && jv_get_kind(w) != JV_KIND_NULL &&
				 (jv_get_kind(w) != JV_KIND_NUMBER || jv_number_value(w) < 0))
				err = iv_xasprintf("key_points[%d]: field 'weight': expected a number of at least 0", i);
			else if (!err && jv_get_kind(terms) != JV_KIND_NULL && jv_get_kind(terms) != JV_KIND_ARRAY)
				err = iv_xasprintf("key_points[%d]: field 'terms': expected an array of strings", i);
			jv_free(t);
			jv_free(w);
			jv_free(terms);
			jv_free(k);
		}
	} else {
		jv ref = iv_jget(req, "reference");

		if (jv_get_kind(ref) != JV_KIND_STRING || !*iv_jstr(ref))
			err = iv_xstrdup("needs 'key_points' or 'reference'");
		jv_free(ref);
	}
	jv_free(kps);
	return err;
}

static jv
grade_builtin_env(const iv_grade_env *env, jv req)
{
	(void)env;
	return iv_grade_builtin(req);
}

iv_grade_fn
iv_grade_engine(const char *name)
{
	if (!name || !strcmp(name, "builtin"))
		return grade_builtin_env;
	if (!strcmp(name, "llm"))
		return iv_grade_llm;
	return NULL;
}
