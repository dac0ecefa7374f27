/* reading.c — texts read for grading (reading.h). */
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alias.h"
#include "cache.h"
#include "msg.h"
#include "paths.h"
#include "reading.h"
#include "segment.h"
#include "stem.h"
#include "text.h"
#include "utf8.h"
#include "timing.h"

/* ---- interned strings ---- */

static char **strs;
static int nstrs, *slot, nslot;
static double *weights;		/* per key, < 0 until looked up */
static signed char *known;
/* per key read as a word: its stem's key (-1 until stemmed) and what kind
 * of word it is (W_* bits, 0 until looked up); words repeat, stemming and
 * the stop lists cost more than a look-up */
static int *wstem;
static unsigned char *wkind;
enum { W_DONE = 1, W_STOP = 2, W_NEG = 4, W_ZHDONE = 8 };

unsigned
iv_str_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* The key of s; a new one keeps a copy of s, or s itself when borrow
 * (a string that lives as long as the program: a compiled file's map). */
static int
intern(const char *s, int borrow)
{
	unsigned h;

	if (nstrs * 2 >= nslot) {
		int n = nslot ? 2 * nslot : 1024;

		free(slot);
		slot = iv_xmalloc(sizeof *slot * (size_t)n);
		memset(slot, -1, sizeof *slot * (size_t)n);
		nslot = n;
		for (int i = 0; i < nstrs; i++) {
			for (h = iv_str_hash(strs[i]) & (unsigned)(n - 1); slot[h] >= 0; h = (h + 1) & (unsigned)(n - 1))
				;
			slot[h] = i;
		}
	}
	for (h = iv_str_hash(s) & (unsigned)(nslot - 1); slot[h] >= 0; h = (h + 1) & (unsigned)(nslot - 1))
		if (!strcmp(strs[slot[h]], s))
			return slot[h];
	if (nstrs % 1024 == 0) {
		strs = iv_xrealloc(strs, sizeof *strs * (size_t)(nstrs + 1024));
		weights = iv_xrealloc(weights, sizeof *weights * (size_t)(nstrs + 1024));
		known = iv_xrealloc(known, (size_t)(nstrs + 1024));
		wstem = iv_xrealloc(wstem, sizeof *wstem * (size_t)(nstrs + 1024));
		wkind = iv_xrealloc(wkind, (size_t)(nstrs + 1024));
	}
	strs[nstrs] = borrow ? (char *)s : iv_xstrdup(s);
	weights[nstrs] = -1;
	known[nstrs] = 0;
	wstem[nstrs] = -1;
	wkind[nstrs] = 0;
	slot[h] = nstrs;
	return nstrs++;
}

int
iv_intern(const char *s)
{
	return intern(s, 0);
}

const char *
iv_interned(int key)
{
	return key >= 0 && key < nstrs ? strs[key] : "";
}

/* ---- term weights: share/grade/idf.txt, "N docs" then "word<TAB>df"
 * lines sorted bytewise, searched in place ---- */

static const char *idf_map;
static size_t idf_len;
static double idf_docs;
static int idf_tried;

static void
idf_open(void)
{
	char *path;
	int fd, t = iv_time_begin(IV_T_IDF);
	struct stat st;

	idf_tried = 1;
	path = iv_share_file("grade/idf.txt");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		if (!fstat(fd, &st) && st.st_size > 0) {
			void *m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

			if (m != MAP_FAILED) {
				idf_map = m;
				idf_len = (size_t)st.st_size;
				idf_docs = strtod(idf_map, NULL);
			}
		}
		close(fd);
	}
	free(path);
	iv_time_end(t);
}

/* The df of word, or -1 when the table does not hold it. */
static long
idf_df(const char *word)
{
	size_t lo, hi, wl = strlen(word);

	if (!idf_map)
		return -1;
	lo = 0;
	hi = idf_len;
	/* skip the header line */
	while (lo < hi && idf_map[lo] != '\n')
		lo++;
	lo++;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, ls = mid, le;
		int c;

		while (ls > lo && idf_map[ls - 1] != '\n')
			ls--;
		for (le = ls; le < idf_len && idf_map[le] != '\t' && idf_map[le] != '\n'; le++)
			;
		c = memcmp(word, idf_map + ls, wl < le - ls ? wl : le - ls);
		if (!c)
			c = wl < le - ls ? -1 : wl > le - ls;
		if (!c)
			return idf_map[le] == '\t' ? strtol(idf_map + le + 1, NULL, 10) : 0;
		if (c < 0) {
			hi = ls;
		} else {
			while (le < idf_len && idf_map[le] != '\n')
				le++;
			lo = le + 1;
		}
	}
	return -1;
}

static void
weigh(int key)
{
	const char *w = strs[key];
	long df;
	double docs, idf, mid;

	if (!idf_tried)
		idf_open();
	docs = idf_docs > 0 ? idf_docs : 1000;
	if (w[0] == '@') {
		weights[key] = 1.3;	/* a concept of the field */
		known[key] = 1;
		return;
	}
	df = idf_df(w);
	known[key] = df > 0;
	idf = log((docs + 1) / ((df > 0 ? (double)df : 0) + 1)) + 1;
	/* a word in one document in fifty weighs 1 */
	mid = log((docs + 1) / (docs / 50 + 1)) + 1;
	weights[key] = fmin(2.0, fmax(0.25, idf / mid));
}

double
iv_key_weight(int key)
{
	if (key < 0 || key >= nstrs)
		return 1;
	if (weights[key] < 0)
		weigh(key);
	return weights[key];
}

int
iv_key_known(int key)
{
	if (key < 0 || key >= nstrs)
		return 0;
	if (weights[key] < 0)
		weigh(key);
	return known[key];
}

/* ---- negation ---- */

static const char *const neg_en[] = {
	"not", "no", "never", "cannot", "without", "nothing", "none", "neither", "nor", "nobody",
	"barely", "hardly", "dont", "doesnt", "isnt", "arent", "wont", "cant", "didnt", "shouldnt", "wasnt", "neednt", NULL,
};
static const char *const neg_zh_not[] = {
	"不同", "不断", "非常", "无论", "不仅", "不管", "没错", "不错", "无数", "不少", "不久", "不但",
	"不过", "非法", "无限", "未来", "别的", "别人", "不停", "不光", "不如", "无需", "毫无疑问",
	/* the field's words made with a negation: they name, they deny nothing */
	"未命中", "无状态", "非阻塞", "不可变", "未提交", "不合法", "无锁", "非结构化", "不一致", "不可用",
	"无服务器", "非关系型", "未授权", "无效", "非对称", "不可重复读", "未读", NULL,
};

static int
in_list(const char *const *l, const char *w)
{
	for (; *l; l++)
		if (!strcmp(*l, w))
			return 1;
	return 0;
}

static int
neg_zh(const char *w)
{
	static const char *const heads[] = { "不", "没", "无", "未", "非", "别", "并非", "绝非", "并不", "并没",
		"并无", "从不", "从没", "从未", "绝不", "决不", "毫无", "毫不", "根本不", "根本没", "甭", "勿", NULL };

	if (in_list(neg_zh_not, w))
		return 0;
	for (int i = 0; heads[i]; i++)
		if (!strncmp(w, heads[i], strlen(heads[i])))
			return 1;
	return 0;
}

/* ---- sentences and clauses ---- */

static int
sentence_stop(const char *s, size_t i, size_t len, uint32_t cp)
{
	return cp == '\n' || cp == 0x3002 || cp == 0xff1f || cp == 0xff01 || cp == 0xff1b || cp == '?' ||
	       cp == '!' || cp == ';' || (cp == '.' && (i + 1 >= len || s[i + 1] == ' ' || s[i + 1] == '\n'));
}

static int
clause_stop(uint32_t cp)
{
	return cp == ',' || cp == ':' || cp == 0xff0c || cp == 0x3001 || cp == 0xff1a || cp == '(' || cp == ')' ||
	       cp == 0xff08 || cp == 0xff09;
}

static const char *const clause_words[] = { "but", "however", "although", "whereas", "while", "但", "但是",
	"不过", "然而", "而", "可是", NULL };

/* ---- tokens ---- */

/* The capacity an array of n elements grows to when the next is added, or
 * 0 when it has room: first (a power of two), then doubling. Growing by a
 * fixed step copied an answer's whole token table every 64 words, and by
 * one every comma (36,000 commas: 4 s under the sanitizers). */
static size_t
grown(int n, int first)
{
	if (n == 0)
		return (size_t)first;
	return n >= first && !(n & (n - 1)) ? 2 * (size_t)n : 0;
}

static iv_rtok *
push_key(iv_reading *r, int key, size_t start, size_t end)
{
	iv_rtok *t;
	size_t cap = grown(r->n, 16);

	if (cap)
		r->t = iv_xrealloc(r->t, sizeof *r->t * cap);
	t = &r->t[r->n++];
	memset(t, 0, sizeof *t);
	t->key = key;
	t->start = start;
	t->end = end;
	t->concept = -1;
	return t;
}

static iv_rtok *
push(iv_reading *r, const char *key, size_t start, size_t end)
{
	return push_key(r, iv_intern(key), start, end);
}

/* The key of an English word (lowercase) as read, with its stem and kind. */
static int
word_key(const char *word)
{
	int w = iv_intern(word);

	if (!(wkind[w] & W_DONE)) {
		char stem[128];
		int k = iv_intern(iv_snowball(word, stem, sizeof stem));

		wstem[w] = k;
		wkind[w] = W_DONE | (iv_is_stopword(word) ? W_STOP : 0) | (in_list(neg_en, word) ? W_NEG : 0);
	}
	return w;
}

int
iv_stem_key(const char *word)
{
	int w = word_key(word);	/* before reading wstem, which it may move */

	return wstem[w];
}

static void
on_word(const char *tok, size_t start, size_t end, void *ctx)
{
	iv_reading *r = ctx;
	iv_rtok *t;
	uint32_t cp;
	int w;

	iv_utf8_decode(tok, strlen(tok), &cp);
	if (iv_is_cjk(cp))
		return;	/* CJK runs are segmented apart */
	w = word_key(tok);
	t = push_key(r, wstem[w], start, end);
	t->stop = (wkind[w] & W_STOP) != 0;
	/* SQL's NOT is a keyword, not a denial */
	t->neg = ((wkind[w] & W_NEG) && strncmp(r->s + start, "NOT", 3)) ||
		 (!strcmp(tok, "t") && r->n >= 2 && r->t[r->n - 2].end + 1 == start && r->s[start - 1] == '\'' &&
		  r->s[r->t[r->n - 2].end - 1] == 'n');
	if (t->neg)
		t->stop = 1;
	/* the parts of a dotted name come after the whole */
	t->part = r->n >= 2 && r->t[r->n - 2].start <= start && r->t[r->n - 2].end >= end && r->t[r->n - 2].end > start;
}

struct cjkctx {
	iv_reading *r;
	size_t base;
};

static void
on_cjk(const char *w, size_t start, size_t end, int part, void *ctx)
{
	struct cjkctx *c = ctx;
	int key = iv_intern(w);
	iv_rtok *t;

	if (!(wkind[key] & W_ZHDONE))
		wkind[key] = W_ZHDONE | (iv_is_stopword(w) ? W_STOP : 0) | (neg_zh(w) ? W_NEG : 0);
	t = push_key(c->r, key, c->base + start, c->base + end);
	t->cjk = 1;
	t->part = part;
	t->stop = (wkind[key] & W_STOP) != 0;
	t->neg = !part && (wkind[key] & W_NEG);
	if (t->neg)
		t->stop = 1;
}

static void
read_cjk(iv_reading *r)
{
	size_t n = strlen(r->s), i = 0;

	while (i < n) {
		uint32_t cp;
		int l = iv_utf8_decode(r->s + i, n - i, &cp);
		size_t a = i;

		if (!iv_is_cjk(cp)) {
			i += (size_t)l;
			continue;
		}
		while (i < n) {
			l = iv_utf8_decode(r->s + i, n - i, &cp);
			if (!iv_is_cjk(cp))
				break;
			i += (size_t)l;
		}
		{
			char *simp = iv_to_simplified(r->s + a, i - a);
			struct cjkctx c = { r, a };

			iv_segment_run(simp ? simp : r->s + a, i - a, on_cjk, &c);
			free(simp);
		}
	}
}

/* ---- aliases compiled to key sequences, by first key ---- */

struct calias {
	int *keys, nkeys, group, exact;
	const char *phrase;
	int next;		/* next alias with the same first key */
	int rank;		/* its place in the compiled order: part, then alias */
};

static struct calias *cal;
static int ncal = -1, capcal, *cfirst, ncfirst;
/* per key: the compiled files (bit 0 English, 1 Chinese) it was looked
 * up in */
static unsigned char *clooked;

static int
by_start(const void *a, const void *b)
{
	const iv_rtok *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	return 0;
}

static void read_words(iv_reading *r, const char *text);

int
iv_has_cjk(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0xe3)
			return 1;
	return 0;
}

/* The aliases in English first; the Chinese ones (which load the
 * segmenter) with the first text that has CJK. */
static int cal_cjk;

/* The aliases read (their keys as strings, by alias) are kept compiled
 * (cache.h): reading them tokenizes, stems and, for Chinese, segments
 * every phrase, most of an ad-hoc grade's time. The English part is keyed
 * by the alias table's sources; the Chinese one by the segmenter's
 * lexicon and OpenCC's tables too. */
static char *
aliases_key(int cjk)
{
	const char *srcs[] = { NULL, NULL, NULL, "/usr/share/opencc/t2s.json",
			       "/usr/share/opencc/TSCharacters.ocd2", "/usr/share/opencc/TSPhrases.ocd2" };
	char *p[3] = { iv_share_file("grade/aliases.yaml"), iv_share_file("skills.yaml"),
		       iv_share_file("grade/lexicon-zh.txt") }, *key;

	srcs[0] = p[0], srcs[1] = p[1], srcs[2] = p[2];
	key = iv_cache_key(srcs, cjk ? 6 : 2);
	for (int i = 0; i < 3; i++)
		free(p[i]);
	return key;
}

/* A part of the aliases (English or Chinese) read in place from its
 * compiled file: looked up by an alias's first word when a text has it,
 * so a grade turns into aliases only the few its texts can start, not the
 * two thousand of the table. The body:
 *	u32 nfirst, u32 rec_base, u32 str_base
 *	nfirst x {u32 word, u32 rec, u32 nrec}	sorted by the word (bytes)
 *	records at rec_base: {u32 pos, group, exact, phrase, nk, nk x u32 word}
 *	strings at str_base, each ending in a NUL
 * word, phrase: offsets from str_base; rec: from rec_base; pos: the
 * alias's place in the part's compiled order (which alias wins a tie). */
static struct lazy_part {
	iv_cache_file f;
	const unsigned char *b;
	size_t len;
	uint32_t nfirst, rec_base, str_base;
	int on;
} lazy[2];

#define RANK(part, pos) ((part) * (1 << 24) + (pos))

/* The string at offset off of part's strings, or NULL outside them.
 * lazy_check first sees that the part ends in a NUL, so any string
 * inside it ends. */
static const char *
lazy_str(const struct lazy_part *lp, uint32_t off)
{
	size_t at = (size_t)lp->str_base + off;

	if (off >= lp->len || at >= lp->len)
		return NULL;
	return (const char *)lp->b + at;
}

/* Grow cfirst and clooked to hold key. */
static void
first_room(int key)
{
	int n = ncfirst;

	if (key < ncfirst)
		return;
	while (n <= key)
		n = n ? 2 * n : 1024;
	cfirst = iv_xrealloc(cfirst, sizeof *cfirst * (size_t)n);
	clooked = iv_xrealloc(clooked, (size_t)n);
	memset(cfirst + ncfirst, -1, sizeof *cfirst * (size_t)(n - ncfirst));
	memset(clooked + ncfirst, 0, (size_t)(n - ncfirst));
	ncfirst = n;
}

/* Link alias a into its first key's chain, in the order of rank. */
static void
link_alias(int a)
{
	int key = cal[a].keys[0], *at;

	first_room(key);
	for (at = &cfirst[key]; *at >= 0 && cal[*at].rank < cal[a].rank; at = &cal[*at].next)
		;
	cal[a].next = *at;
	*at = a;
}

/* A new alias in cal (its fields for the caller to fill); its index. */
static int
new_alias(void)
{
	if (ncal >= capcal) {
		capcal = capcal ? 2 * capcal : 256;
		cal = iv_xrealloc(cal, sizeof *cal * (size_t)capcal);
	}
	memset(&cal[ncal], 0, sizeof *cal);
	return ncal++;
}

/* Aliases first .. ncal - 1 (just read) as the compiled part, in the
 * layout above. */
static void
aliases_store(int cjk, int first, const char *key)
{
	iv_buf idx = IV_BUF_INIT, rec = IV_BUF_INIT, str = IV_BUF_INIT, all = IV_BUF_INIT;
	int n = ncal - first, *order = iv_xmalloc(sizeof *order * (size_t)(n + 1));
	uint32_t *woff = iv_xmalloc(sizeof *woff * (size_t)(nstrs + 1)), nfirst = 0;

	for (int i = 0; i < nstrs; i++)
		woff[i] = UINT32_MAX;
	for (int i = 0; i < n; i++)
		order[i] = first + i;
	/* by first word, then compiled order: insertion sort on strcmp,
	 * once per compile */
	for (int i = 1; i < n; i++) {
		int x = order[i], j = i;

		while (j > 0 && strcmp(strs[cal[order[j - 1]].keys[0]], strs[cal[x].keys[0]]) > 0)
			order[j] = order[j - 1], j--;
		order[j] = x;
	}
	for (int i = 0; i < n;) {
		int k0 = cal[order[i]].keys[0], j = i;

		while (j < n && cal[order[j]].keys[0] == k0)
			j++;
		for (int m = i; m < j; m++)
			for (int k = 0; k < cal[order[m]].nkeys; k++) {
				int w = cal[order[m]].keys[k];

				if (woff[w] == UINT32_MAX) {
					woff[w] = (uint32_t)str.len;
					iv_buf_add(&str, strs[w], strlen(strs[w]) + 1);
				}
			}
		iv_cw_u32(&idx, woff[k0]);
		iv_cw_u32(&idx, (uint32_t)rec.len);
		iv_cw_u32(&idx, (uint32_t)(j - i));
		for (int m = i; m < j; m++) {
			const struct calias *c = &cal[order[m]];

			iv_cw_u32(&rec, (uint32_t)(order[m] - first));
			iv_cw_u32(&rec, (uint32_t)c->group);
			iv_cw_u32(&rec, (uint32_t)c->exact);
			iv_cw_u32(&rec, (uint32_t)str.len);
			iv_buf_add(&str, c->phrase, strlen(c->phrase) + 1);
			iv_cw_u32(&rec, (uint32_t)c->nkeys);
			for (int k = 0; k < c->nkeys; k++)
				iv_cw_u32(&rec, woff[c->keys[k]]);
		}
		nfirst++;
		i = j;
	}
	iv_cw_u32(&all, nfirst);
	iv_cw_u32(&all, (uint32_t)(12 + idx.len));
	iv_cw_u32(&all, (uint32_t)(12 + idx.len + rec.len));
	iv_buf_add(&all, idx.s, idx.len);
	iv_buf_add(&all, rec.s, rec.len);
	iv_buf_add(&all, str.s, str.len);
	iv_cache_store(cjk ? "aliases-read-zh" : "aliases-read", key, &all);
	iv_buf_free(&idx);
	iv_buf_free(&rec);
	iv_buf_free(&str);
	iv_buf_free(&all);
	free(order);
	free(woff);
}

/* Every offset and string of a mapped part inside it: 1, or 0. One pass
 * over a few dozen KiB, once. */
static int
lazy_check(const struct lazy_part *lp)
{
	if (lp->len < 12 || lp->rec_base < 12 || (lp->rec_base - 12) / 12 != lp->nfirst ||
	    (lp->rec_base - 12) % 12 || lp->str_base < lp->rec_base || lp->str_base > lp->len ||
	    (lp->len > lp->str_base && lp->b[lp->len - 1] != 0))
		return 0;
	for (uint32_t i = 0; i < lp->nfirst; i++) {
		const unsigned char *e = lp->b + 12 + (size_t)i * 12;
		size_t r = (size_t)lp->rec_base + iv_cache_u32_at(e + 4);
		uint32_t nrec = iv_cache_u32_at(e + 8);

		if (!lazy_str(lp, iv_cache_u32_at(e)) || !nrec)
			return 0;
		if (i && strcmp(lazy_str(lp, iv_cache_u32_at(e - 12)), lazy_str(lp, iv_cache_u32_at(e))) >= 0)
			return 0;
		for (uint32_t k = 0; k < nrec; k++) {
			uint32_t nk;

			if (r + 20 > lp->str_base || iv_cache_u32_at(lp->b + r) >= (1u << 24) ||
			    !lazy_str(lp, iv_cache_u32_at(lp->b + r + 12)) || !(nk = iv_cache_u32_at(lp->b + r + 16)) ||
			    nk > (lp->str_base - r - 20) / 4)
				return 0;
			for (uint32_t w = 0; w < nk; w++)
				if (!lazy_str(lp, iv_cache_u32_at(lp->b + r + 20 + 4 * (size_t)w)))
					return 0;
			if (strcmp(lazy_str(lp, iv_cache_u32_at(lp->b + r + 20)), lazy_str(lp, iv_cache_u32_at(e))))
				return 0;
			r += 20 + 4 * (size_t)nk;
		}
	}
	return 1;
}

/* Map part cjk's compiled file: 1, or 0 on a miss (or a damaged file). */
static int
aliases_open(int cjk, const char *key)
{
	struct lazy_part *lp = &lazy[cjk];

	if (!iv_cache_open(&lp->f, cjk ? "aliases-read-zh" : "aliases-read", key))
		return 0;
	lp->b = (const unsigned char *)lp->f.body;
	lp->len = lp->f.len;
	if (lp->len >= 12) {
		lp->nfirst = iv_cache_u32_at(lp->b);
		lp->rec_base = iv_cache_u32_at(lp->b + 4);
		lp->str_base = iv_cache_u32_at(lp->b + 8);
	}
	if (!lazy_check(lp)) {
		iv_cache_close(&lp->f);
		memset(lp, 0, sizeof *lp);
		return 0;
	}
	lp->on = 1;
	return 1;
}

/* The aliases of the mapped parts that start with key, into cal, once. */
static void
ensure_first(int key)
{
	for (int part = 0; part < 2; part++) {
		const struct lazy_part *lp = &lazy[part];
		const char *w = strs[key];
		uint32_t lo = 0, hi = lp->nfirst;

		if (!lp->on)
			continue;
		first_room(key);
		if (clooked[key] & (1 << part))
			continue;
		clooked[key] |= (unsigned char)(1 << part);
		while (lo < hi) {
			uint32_t mid = lo + (hi - lo) / 2;
			int c = strcmp(lazy_str(lp, iv_cache_u32_at(lp->b + 12 + (size_t)mid * 12)), w);

			if (c == 0) {
				const unsigned char *e = lp->b + 12 + (size_t)mid * 12;
				size_t r = (size_t)lp->rec_base + iv_cache_u32_at(e + 4);

				for (uint32_t k = 0, nrec = iv_cache_u32_at(e + 8); k < nrec; k++) {
					uint32_t nk = iv_cache_u32_at(lp->b + r + 16);
					int a = new_alias();

					cal[a].rank = RANK(part, (int)iv_cache_u32_at(lp->b + r));
					cal[a].group = (int)iv_cache_u32_at(lp->b + r + 4);
					cal[a].exact = (int)iv_cache_u32_at(lp->b + r + 8);
					cal[a].phrase = lazy_str(lp, iv_cache_u32_at(lp->b + r + 12));
					cal[a].nkeys = (int)nk;
					cal[a].keys = iv_xmalloc(sizeof(int) * nk);
					/* the first word is key's (lazy_check); the others
					 * stay in the map, kept for the program's life */
					cal[a].keys[0] = key;
					for (uint32_t j = 1; j < nk; j++)
						cal[a].keys[j] = intern(lazy_str(lp, iv_cache_u32_at(lp->b + r + 20 + 4 * (size_t)j)), 1);
					link_alias(a);
					r += 20 + 4 * (size_t)nk;
				}
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
}

static void
compile_aliases(int cjk)
{
	int t = iv_time_begin(IV_T_ALIASES), n, first;
	char *key;

	if (ncal < 0)
		ncal = 0;
	if (cjk) {
		cal_cjk = 1;
		n = iv_alias_count();
		for (int i = 0; i < n; i++)
			if (iv_has_cjk(iv_alias_at(i)->phrase))
				iv_segment_add_word(iv_alias_at(i)->phrase);
	}
	key = aliases_key(cjk);
	if (aliases_open(cjk, key)) {
		free(key);
		iv_time_end(t);
		return;
	}
	first = ncal;
	n = iv_alias_count();
	for (int i = 0; i < n; i++) {
		const iv_alias *a = iv_alias_at(i);
		iv_reading r;
		int k = 0, c;

		if (iv_has_cjk(a->phrase) != cjk)
			continue;
		read_words(&r, a->phrase);
		c = new_alias();
		cal[c].keys = iv_xmalloc(sizeof(int) * (size_t)(r.n + 1));
		for (int j = 0; j < r.n; j++)
			if (!r.t[j].part)
				cal[c].keys[k++] = r.t[j].key;
		cal[c].nkeys = k;
		cal[c].group = a->group;
		cal[c].exact = a->exact;
		cal[c].phrase = a->phrase;
		cal[c].rank = RANK(cjk, c - first);
		iv_reading_free(&r);
		if (!k) {
			free(cal[c].keys);
			ncal--;
		}
	}
	aliases_store(cjk, first, key);
	free(key);
	for (int i = first; i < ncal; i++)
		link_alias(i);
	iv_time_end(t);
}

static void
mark_aliases(iv_reading *r)
{
	int n = r->n;

	for (int i = 0; i < n; i++) {
		int best = -1, bestlen = 0, bestj = 0;

		if (r->t[i].part)
			continue;
		ensure_first(r->t[i].key);
		if (r->t[i].key >= ncfirst)
			continue;
		for (int a = cfirst[r->t[i].key]; a >= 0; a = cal[a].next) {
			int j = i, k = 0;

			while (k < cal[a].nkeys && j < n) {
				if (r->t[j].part) {
					j++;
					continue;
				}
				if (r->t[j].key != cal[a].keys[k])
					break;
				j++;
				k++;
			}
			if (k < cal[a].nkeys)
				continue;
			if (cal[a].exact && (strlen(cal[a].phrase) != r->t[j - 1].end - r->t[i].start ||
					     memcmp(cal[a].phrase, r->s + r->t[i].start, strlen(cal[a].phrase))))
				continue;
			if (cal[a].nkeys > bestlen) {
				best = a;
				bestlen = cal[a].nkeys;
				bestj = j;
			}
		}
		if (best >= 0) {
			char key[16];
			iv_rtok *c;

			snprintf(key, sizeof key, "@%d", cal[best].group);
			c = push(r, key, r->t[i].start, r->t[bestj - 1].end);
			c->isconcept = 1;
			c->cjk = r->t[i].cjk;
			for (int j = i; j < bestj; j++)
				r->t[j].concept = r->n - 1;
			i = bestj - 1;
		}
	}
}

static void
read_words(iv_reading *r, const char *text)
{
	memset(r, 0, sizeof *r);
	r->s = text;
	iv_tokenize(text, 0, on_word, r);
	r->has_cjk = iv_has_cjk(text);
	if (r->has_cjk) {
		read_cjk(r);
		if (r->n > 1)	/* "？" alone has no token: qsort(NULL) is undefined */
			qsort(r->t, (size_t)r->n, sizeof *r->t, by_start);
	}
}

static int
is_clause_word(const iv_reading *r, const iv_rtok *t)
{
	char w[16];
	size_t n = t->end - t->start;

	if (n >= sizeof w || t->part)
		return 0;
	for (size_t i = 0; i < n; i++)
		w[i] = r->s[t->start + i] >= 'A' && r->s[t->start + i] <= 'Z' ? (char)(r->s[t->start + i] + 32)
									       : r->s[t->start + i];
	w[n] = 0;
	return in_list(clause_words, w);
}

/* Phrases that dismiss what their clause names, whatever a point says
 * about it: it is not needed, does not matter, is harmless, is the same
 * as something else, is out of date. */
static const char *const dismissals[] = {
	"doesn't matter", "does not matter", "don't matter", "do not matter", "doesn't really matter",
	"matters much", "matter much", "unnecessary", "not necessary", "isn't necessary", "not needed",
	"isn't needed", "isn't really needed", "no need", "needn't", "don't need", "doesn't need",
	"do not need", "does not need", "can skip", "can be skipped", "doesn't apply", "does not apply",
	"deprecated", "obsolete", "nobody uses", "no one uses", "irrelevant", "not important",
	"isn't important", "harmless", "not a problem", "isn't a problem", "same thing", "no difference",
	"no real difference", "not worth", "useless", "pointless", "no use",
	"不重要", "没那么重要", "无所谓", "不需要", "无需", "不必", "没必要", "用不上", "用不着", "可以不用",
	"不用管", "不适用", "过时", "没人用", "一回事", "没有区别", "没区别", "没什么区别", "没有差别",
	"不是问题", "没什么问题", "无害", "不值得", "没什么用", "没用", NULL,
};

/* Mark the tokens of every dismissal. English phrases start at a word;
 * Chinese ones anywhere in a run ("并不需要" holds "不需要"). */
static void
mark_dismissals(iv_reading *r)
{
	size_t len = strlen(r->s);
	static unsigned char first[256];
	static int init;
	char *dm = NULL;

	if (!init) {
		for (int i = 0; dismissals[i]; i++) {
			unsigned char c = (unsigned char)dismissals[i][0];

			first[c] = 1;
			if (c >= 'a' && c <= 'z')
				first[c - 32] = 1;
		}
		init = 1;
	}
	for (size_t o = 0; o < len; o++) {
		unsigned char c = (unsigned char)r->s[o];

		if (!first[c] || (c < 0x80 && o > 0 && ((r->s[o - 1] | 32) >= 'a' && (r->s[o - 1] | 32) <= 'z')))
			continue;
		for (int i = 0; dismissals[i]; i++) {
			size_t l = strlen(dismissals[i]);

			if (o + l > len || strncasecmp(r->s + o, dismissals[i], l))
				continue;
			if (!dm)
				dm = iv_xcalloc(len + 1, 1);
			memset(dm + o, 1, l);
			break;
		}
	}
	if (!dm)
		return;
	for (int j = 0; j < r->n; j++)
		for (size_t b = r->t[j].start; b < r->t[j].end && !r->t[j].dismiss; b++)
			r->t[j].dismiss = dm[b];
	free(dm);
}

/* Chinese "的" after a negation makes it a modifier of a noun ("没 ready
 * 的 future", "模型里没有的字段"), as "that" or "which" before it does in
 * English: it describes the thing, it does not deny the claim. */
static int
attributive(const iv_reading *r, int j)
{
	const iv_rtok *t = &r->t[j];
	size_t n = t->end - t->start;

	if (!t->cjk) {
		/* English: "something that isn't ready", "a call which never
		 * returns": a relative clause describing a thing */
		for (int k = j - 1, seen = 0; k >= 0 && seen < 2; k--) {
			const iv_rtok *p = &r->t[k];
			size_t l = p->end - p->start;

			if (p->part || p->isconcept || p->clause != t->clause)
				break;
			if ((l == 4 && !strncasecmp(r->s + p->start, "that", 4)) ||
			    (l == 5 && !strncasecmp(r->s + p->start, "which", 5)))
				return 1;
			seen++;
		}
		return 0;
	}
	if (n > 3 && !memcmp(r->s + t->end - 3, "的", 3))
		return 1;
	for (int k = j + 1, seen = 0; k < r->n && seen < 2; k++) {
		if (r->t[k].part || r->t[k].isconcept)
			continue;
		if (r->t[k].clause != t->clause)
			break;
		if (r->t[k].end - r->t[k].start == 3 && !memcmp(r->s + r->t[k].start, "的", 3))
			return 1;
		seen++;
	}
	return 0;
}

/* "未" "命中" read apart: a word of the field made with a negation
 * ("未命中", cache miss) names a thing, it denies nothing. */
static int
lexical(const iv_reading *r, int j)
{
	const iv_rtok *t = &r->t[j];
	char w[64];
	size_t n = t->end - t->start;

	if (!t->cjk || j + 1 >= r->n)
		return 0;
	for (int k = j + 1; k < r->n; k++) {
		const iv_rtok *u = &r->t[k];
		size_t m = u->end - u->start;

		if (u->part)
			continue;
		if (u->isconcept || u->start != t->end || n + m >= sizeof w)
			return 0;
		memcpy(w, r->s + t->start, n);
		memcpy(w + n, r->s + u->start, m);
		w[n + m] = 0;
		return in_list(neg_zh_not, w);
	}
	return 0;
}

/* A negation's scope: the next four content words of its clause (three
 * in Chinese, whose words are longer), concepts with their words. */
static void
mark_scopes(iv_reading *r)
{
	for (int j = 0; j < r->n; j++) {
		const iv_rtok *t = &r->t[j];
		int left;

		if (!t->neg || t->part)
			continue;
		if (attributive(r, j) || lexical(r, j)) {
			r->t[j].neg = 0;
			continue;
		}
		left = t->cjk ? 3 : 4;
		/* the words follow in order (concepts come after them all) */
		for (int k = j + 1; k < r->n && left > 0; k++) {
			iv_rtok *u = &r->t[k];

			if (u->isconcept)
				break;
			if (u->start < t->end)
				continue;
			if (u->clause != t->clause)
				break;
			u->negd = 1;
			if (!u->stop && !u->part && u->concept < 0)
				left--;
		}
	}
	/* a concept is negated when its first word is */
	for (int j = 0; j < r->n; j++)
		if (r->t[j].concept >= 0 && r->t[j].negd)
			r->t[r->t[j].concept].negd = 1;
}

void
iv_read(iv_reading *r, const char *text)
{
	size_t len = strlen(text), i = 0, *cut = NULL;
	int ncut = 0;

	if (ncal < 0)
		compile_aliases(0);
	if (!cal_cjk && iv_has_cjk(text))
		compile_aliases(1);
	read_words(r, text);
	mark_aliases(r);
	/* sentence ends, and every clause boundary (sentence ends too) */
	r->sent_end = NULL;
	r->nsent = 0;
	while (i < len) {
		uint32_t cp;
		int l = iv_utf8_decode(text + i, len - i, &cp);
		int ss = sentence_stop(text, i, len, cp);

		size_t cap;

		if (ss) {
			if ((cap = grown(r->nsent, 16)))
				r->sent_end = iv_xrealloc(r->sent_end, sizeof *r->sent_end * cap);
			r->sent_end[r->nsent++] = i;
		}
		if (ss || clause_stop(cp)) {
			if ((cap = grown(ncut, 16)))
				cut = iv_xrealloc(cut, sizeof *cut * cap);
			cut[ncut++] = i;
		}
		i += (size_t)l;
	}
	if (!r->nsent || r->sent_end[r->nsent - 1] + 1 < len) {
		size_t cap = grown(r->nsent, 16);

		if (cap)
			r->sent_end = iv_xrealloc(r->sent_end, sizeof *r->sent_end * cap);
		r->sent_end[r->nsent++] = len;
	}
	for (int j = 0; j < r->n; j++) {
		iv_rtok *t = &r->t[j];
		int s = 0, c = 0;

		while (s < r->nsent - 1 && r->sent_end[s] < t->start)
			s++;
		while (c < ncut && cut[c] < t->start)
			c++;
		t->sent = s;
		t->clause = 2 * c;
	}
	/* "but", "但是": a new clause from the word on */
	for (int j = 0; j < r->n; j++) {
		int c = r->t[j].clause;
		size_t at = r->t[j].start;

		if (c % 2 == 0 && is_clause_word(r, &r->t[j]))
			for (int k = 0; k < r->n; k++)
				if (r->t[k].start >= at && r->t[k].clause == c)
					r->t[k].clause++;
	}
	r->nclause = 2 * ncut + 2;
	free(cut);
	mark_scopes(r);
	mark_dismissals(r);
	/* key -> sentence mask */
	r->hcap = 16;
	while (r->hcap < 2 * r->n + 2)
		r->hcap *= 2;
	r->hkey = iv_xmalloc(sizeof *r->hkey * (size_t)r->hcap);
	r->hmask = iv_xcalloc((size_t)r->hcap, sizeof *r->hmask);
	memset(r->hkey, -1, sizeof *r->hkey * (size_t)r->hcap);
	for (int j = 0; j < r->n; j++) {
		unsigned h = (unsigned)r->t[j].key * 2654435761u & (unsigned)(r->hcap - 1);

		while (r->hkey[h] >= 0 && r->hkey[h] != r->t[j].key)
			h = (h + 1) & (unsigned)(r->hcap - 1);
		r->hkey[h] = r->t[j].key;
		r->hmask[h] |= 1ull << (r->t[j].sent < 63 ? r->t[j].sent : 63);
	}
}

uint64_t
iv_reading_mask(const iv_reading *r, int key)
{
	unsigned h;

	if (!r->hcap)
		return 0;
	h = (unsigned)key * 2654435761u & (unsigned)(r->hcap - 1);
	while (r->hkey[h] >= 0) {
		if (r->hkey[h] == key)
			return r->hmask[h];
		h = (h + 1) & (unsigned)(r->hcap - 1);
	}
	return 0;
}

void
iv_reading_sentence(const iv_reading *r, int i, size_t *s, size_t *e)
{
	const char *a = r->s;

	*s = i > 0 ? r->sent_end[i - 1] : 0;
	*e = r->sent_end[i];
	/* past the stop that ended the previous sentence */
	if (i > 0 && *s < *e) {
		uint32_t cp;

		*s += (size_t)iv_utf8_decode(a + *s, *e - *s, &cp);
	}
	if (*e < strlen(a) && a[*e] != '\n') {
		uint32_t cp;

		*e += (size_t)iv_utf8_decode(a + *e, strlen(a) - *e, &cp);
	}
	while (*s < *e && strchr(" \n\t\r", a[*s]))
		(*s)++;
	while (*e > *s && strchr(" \n\t\r", a[*e - 1]))
		(*e)--;
}

void
iv_reading_free(iv_reading *r)
{
	free(r->t);
	free(r->sent_end);
	free(r->hkey);
	free(r->hmask);
	memset(r, 0, sizeof *r);
}
