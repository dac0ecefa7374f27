#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "skills.h"
#include "utf8.h"
#include "yamldoc.h"
#include "timing.h"

struct pattern {
	char *text;	/* lowercased ASCII, or as written when exact */
	size_t len;
	int skill;
	int exact;	/* match case exactly (aliases of one or two characters) */
};

struct node {
	char *path, *en, *zh;
};

static iv_skill *skills;
static int nskills;
static struct node *nodes;
static int nnodes;
static struct pattern *pats;
static int npats, pats_cap;
/* pats sorted by their first byte (lowercased): bucket c is
 * pats[first[c]] .. pats[first[c + 1] - 1]. */
static int first[257];

static char *
lower_ascii(const char *s)
{
	char *d = iv_xstrdup(s);

	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	return d;
}

static int
short_alias(const char *s)
{
	return iv_utf8_len(s, strlen(s)) <= 2 && (unsigned char)s[0] < 0x80;
}

/* exact: the YAML said so; aliases of one or two characters are always. */
static void
add_pattern(const char *text, int skill, int exact)
{
	char *t;

	exact = exact || short_alias(text);
	t = exact ? iv_xstrdup(text) : lower_ascii(text);

	/* A skill's patterns are added together: only they can repeat it. */
	for (int i = npats - 1; i >= 0 && pats[i].skill == skill; i--)
		if (pats[i].exact == exact && !strcmp(pats[i].text, t)) {
			free(t);
			return;
		}
	/* Grown by half, not by one: every program loads thousands of these,
	 * and one realloc each copied the table each time (most of iv-grade's
	 * start under the sanitizers). */
	if (npats == pats_cap) {
		pats_cap = pats_cap ? pats_cap + pats_cap / 2 : 1024;
		pats = iv_xrealloc(pats, sizeof *pats * (size_t)pats_cap);
	}
	pats[npats].text = t;
	pats[npats].len = strlen(t);
	pats[npats].skill = skill;
	pats[npats].exact = exact;
	npats++;
}

static char *
need_str(jv obj, const char *key, const char *file, int i)
{
	char *s = iv_jstrdup(obj, key);

	if (!s || !*s)
		iv_die(IV_FAIL, "%s: skill %d: missing '%s'", file, i + 1, key);
	return s;
}

static int
in_array(jv arr, const char *s)
{
	int found = 0;

	if (jv_get_kind(arr) == JV_KIND_ARRAY)
		jv_array_foreach(arr, i, x) {
			found |= jv_get_kind(x) == JV_KIND_STRING && !strcmp(jv_string_value(x), s);
			jv_free(x);
		}
	return found;
}

static int
first_byte(const struct pattern *p)
{
	unsigned char c = (unsigned char)p->text[0];

	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
by_first_byte(const void *a, const void *b)
{
	const struct pattern *x = a, *y = b;

	if (first_byte(x) != first_byte(y))
		return first_byte(x) - first_byte(y);
	return x->skill != y->skill ? x->skill - y->skill : strcmp(x->text, y->text);
}

static void
index_patterns(void)
{
	int c = 0;

	qsort(pats, (size_t)npats, sizeof *pats, by_first_byte);
	for (int i = 0; i <= npats; i++) {
		int f = i < npats ? first_byte(&pats[i]) : 256;

		while (c <= f)
			first[c++] = i;
	}
	while (c <= 256)
		first[c++] = npats;
}

/* ---- the compiled taxonomy (cache.h): skills, nodes and the sorted
 * patterns with their index; the strings stay in the map ---- */

static iv_cache_file compiled;

static void
compile_taxonomy(const char *key)
{
	iv_buf b = IV_BUF_INIT;

	iv_cw_u32(&b, (uint32_t)nskills);
	for (int i = 0; i < nskills; i++) {
		int na = 0;

		iv_cw_str(&b, skills[i].name);
		iv_cw_str(&b, skills[i].path);
		iv_cw_str(&b, skills[i].category);
		iv_cw_str(&b, skills[i].zh);
		while (skills[i].aliases[na])
			na++;
		iv_cw_u32(&b, (uint32_t)na);
		for (int k = 0; k < na; k++)
			iv_cw_str(&b, skills[i].aliases[k]);
	}
	iv_cw_u32(&b, (uint32_t)nnodes);
	for (int i = 0; i < nnodes; i++) {
		iv_cw_str(&b, nodes[i].path);
		iv_cw_str(&b, nodes[i].en);
		iv_cw_str(&b, nodes[i].zh);
	}
	iv_cw_u32(&b, (uint32_t)npats);
	for (int i = 0; i < npats; i++) {
		iv_cw_str(&b, pats[i].text);
		iv_cw_u32(&b, (uint32_t)pats[i].skill);
		iv_cw_u32(&b, (uint32_t)pats[i].exact);
	}
	for (int c = 0; c < 257; c++)
		iv_cw_u32(&b, (uint32_t)first[c]);
	iv_cache_store("taxonomy", key, &b);
	iv_buf_free(&b);
}

/* 1 when the compiled taxonomy for key is loaded; else 0 with nothing
 * loaded. */
static int
load_compiled(const char *key)
{
	iv_cache_rd r;
	uint32_t n;
	int ok;

	if (!iv_cache_open(&compiled, "taxonomy", key))
		return 0;
	r.p = compiled.body;
	r.end = compiled.body + compiled.len;
	r.bad = 0;
	n = iv_cr_count(&r, 24);
	skills = iv_xcalloc((size_t)n + 1, sizeof *skills);
	for (nskills = 0; nskills < (int)n && !r.bad; nskills++) {
		iv_skill *k = &skills[nskills];
		uint32_t na;
		const char **al;

		k->name = iv_cr_str(&r);
		k->path = iv_cr_str(&r);
		k->category = iv_cr_str(&r);
		k->zh = iv_cr_str(&r);
		na = iv_cr_count(&r, 5);
		k->aliases = al = iv_xcalloc((size_t)na + 1, sizeof *al);
		for (uint32_t j = 0; j < na && !r.bad; j++)
			if (!(al[j] = iv_cr_str(&r)))
				r.bad = 1;
		if (!k->name || !k->path || !k->category || !k->zh)
			r.bad = 1;
	}
	n = iv_cr_count(&r, 15);
	nodes = iv_xcalloc((size_t)n + 1, sizeof *nodes);
	for (nnodes = 0; nnodes < (int)n && !r.bad; nnodes++) {
		nodes[nnodes].path = (char *)iv_cr_str(&r);
		nodes[nnodes].en = (char *)iv_cr_str(&r);
		nodes[nnodes].zh = (char *)iv_cr_str(&r);
		if (!nodes[nnodes].path || !nodes[nnodes].en || !nodes[nnodes].zh)
			r.bad = 1;
	}
	n = iv_cr_count(&r, 13);
	pats = iv_xcalloc((size_t)n + 1, sizeof *pats);
	for (npats = 0; npats < (int)n && !r.bad; npats++) {
		pats[npats].text = (char *)iv_cr_str(&r);
		pats[npats].len = pats[npats].text ? strlen(pats[npats].text) : 0;
		pats[npats].skill = (int)iv_cr_u32(&r);
		pats[npats].exact = (int)iv_cr_u32(&r);
		if (!pats[npats].text || pats[npats].skill < 0 || pats[npats].skill >= nskills)
			r.bad = 1;
	}
	for (int c = 0; c < 257; c++) {
		first[c] = (int)iv_cr_u32(&r);
		if (first[c] < 0 || first[c] > npats || (c && first[c] < first[c - 1]))
			r.bad = 1;
	}
	ok = !r.bad && r.p == r.end && nskills > 0;
	if (!ok) {
		for (int i = 0; i < nskills; i++)
			free((void *)skills[i].aliases);
		free(skills);
		free(nodes);
		free(pats);
		skills = NULL;
		nodes = NULL;
		pats = NULL;
		nskills = nnodes = npats = 0;
		iv_cache_close(&compiled);
	}
	return ok;
}

static void
load_untimed(void)
{
	char *file, *key;
	jv doc, list, nl;

	if (skills)
		return;
	file = iv_share_file("skills.yaml");
	key = iv_cache_key((const char *const *)&file, 1);
	if (load_compiled(key)) {
		free(key);
		free(file);
		return;
	}
	doc = iv_yaml_load_file(file, NULL);
	if (!jv_is_valid(doc)) {
		jv m = jv_invalid_get_msg(doc);

		iv_die(IV_FAIL, "can't load the skill taxonomy: %s", jv_string_value(m));
	}
	list = iv_jget(doc, "skills");
	nl = iv_jget(doc, "nodes");
	if (jv_get_kind(list) != JV_KIND_ARRAY || jv_array_length(jv_copy(list)) == 0)
		iv_die(IV_FAIL, "%s: no skills", file);
	nskills = jv_array_length(jv_copy(list));
	skills = iv_xcalloc((size_t)nskills, sizeof *skills);
	jv_array_foreach(list, i, s) {
		jv al = iv_jget(s, "aliases"), ex = iv_jget(s, "exact");
		int na = jv_get_kind(al) == JV_KIND_ARRAY ? jv_array_length(jv_copy(al)) : 0;
		const char **aliases = iv_xcalloc((size_t)na + 1, sizeof *aliases);
		int k = 0;

		skills[i].name = need_str(s, "name", file, i);
		skills[i].path = need_str(s, "path", file, i);
		skills[i].category = need_str(s, "category", file, i);
		skills[i].zh = iv_jstrdup(s, "zh");
		if (!skills[i].zh)
			skills[i].zh = iv_xstrdup(skills[i].name);
		for (int j = 0; j < i; j++)
			if (!strcmp(skills[j].path, skills[i].path))
				iv_die(IV_FAIL, "%s: skills '%s' and '%s' have the same path '%s'", file,
				       skills[j].name, skills[i].name, skills[i].path);
		add_pattern(skills[i].name, i, in_array(ex, skills[i].name));
		add_pattern(skills[i].zh, i, 0);
		if (jv_get_kind(al) == JV_KIND_ARRAY) {
			jv_array_foreach(al, j, a) {
				if (jv_get_kind(a) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(a)) > 0) {
					aliases[k++] = iv_xstrdup(jv_string_value(a));
					add_pattern(jv_string_value(a), i, in_array(ex, jv_string_value(a)));
				}
				jv_free(a);
			}
		}
		if (jv_get_kind(ex) == JV_KIND_ARRAY)
			jv_array_foreach(ex, j, a) {
				if (jv_get_kind(a) != JV_KIND_STRING || (strcmp(jv_string_value(a), skills[i].name) &&
									!in_array(al, jv_string_value(a))))
					iv_die(IV_FAIL, "%s: skill '%s': exact '%s' is not its name or an alias", file,
					       skills[i].name, jv_get_kind(a) == JV_KIND_STRING ? jv_string_value(a) : "?");
				jv_free(a);
			}
		skills[i].aliases = aliases;
		jv_free(al);
		jv_free(ex);
		jv_free(s);
	}
	if (jv_get_kind(nl) == JV_KIND_ARRAY) {
		nnodes = jv_array_length(jv_copy(nl));
		nodes = iv_xcalloc((size_t)nnodes + 1, sizeof *nodes);
		jv_array_foreach(nl, i, n) {
			nodes[i].path = iv_jstrdup(n, "path");
			nodes[i].en = iv_jstrdup(n, "en");
			nodes[i].zh = iv_jstrdup(n, "zh");
			if (!nodes[i].path || !nodes[i].en)
				iv_die(IV_FAIL, "%s: node %d needs a path and an en name", file, i + 1);
			if (!nodes[i].zh)
				nodes[i].zh = iv_xstrdup(nodes[i].en);
			jv_free(n);
		}
	}
	jv_free(nl);
	jv_free(list);
	jv_free(doc);
	free(file);
	index_patterns();
	compile_taxonomy(key);
	free(key);
}

static void
load(void)
{
	int t = iv_time_begin(IV_T_TAXONOMY);

	load_untimed();
	iv_time_end(t);
}

int
iv_skills_count(void)
{
	load();
	return nskills;
}

const iv_skill *
iv_skill_at(int i)
{
	load();
	return i >= 0 && i < nskills ? &skills[i] : NULL;
}

const iv_skill *
iv_skill_find(const char *s)
{
	load();
	for (int i = 0; i < nskills; i++) {
		if (!strcasecmp(skills[i].name, s) || !strcmp(skills[i].zh, s))
			return &skills[i];
		for (const char *const *a = skills[i].aliases; *a; a++)
			if (!strcasecmp(*a, s))
				return &skills[i];
	}
	return NULL;
}

const iv_skill *
iv_skill_by_path(const char *path)
{
	load();
	for (int i = 0; i < nskills; i++)
		if (!strcmp(skills[i].path, path))
			return &skills[i];
	return NULL;
}

const char *
iv_skill_node_name(const char *path, const char *lang)
{
	const iv_skill *s = iv_skill_by_path(path);
	int zh = lang && !strcmp(lang, "zh");

	if (s)
		return zh ? s->zh : s->name;
	for (int i = 0; i < nnodes; i++)
		if (!strcmp(nodes[i].path, path))
			return zh ? nodes[i].zh : nodes[i].en;
	return NULL;
}

static int
wordch(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* Is [start, end) of text on word boundaries for pattern p? */
static int
bounded(const char *text, size_t n, size_t start, size_t end, const struct pattern *p)
{
	unsigned char first = (unsigned char)p->text[0], last = (unsigned char)p->text[p->len - 1];

	/* A lone letter is not "R" in "R&D", "C" in "C-suite" or "C端". */
	if (p->len == 1) {
		unsigned char next = end < n ? (unsigned char)text[end] : 0, prev = start ? (unsigned char)text[start - 1] : 0;

		if (next == '&' || next == '\'' || prev == '&' || prev == '-' ||
		    (next == '-' && end + 1 < n && isalpha((unsigned char)text[end + 1])) ||
		    !strncmp(text + end, "\xe7\xab\xaf", 3))
			return 0;
	}

	if (first < 0x80 && (isalnum(first) || first == '.') && start > 0 &&
	    (unsigned char)text[start - 1] < 0x80 && wordch((unsigned char)text[start - 1]))
		return 0;
	if (end < n && (unsigned char)text[end] < 0x80) {
		unsigned char next = (unsigned char)text[end];

		if (last < 0x80 && isalnum(last) && wordch(next))
			return 0;
		if ((last == '+' || last == '#') && (wordch(next) || next == '+' || next == '#'))
			return 0;
	}
	return 1;
}

struct hit {
	size_t start, end;
	int skill;
	int exact;
};

static int
by_start(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1;
	/* The same span: a case-exact match ("ReAct") wins over a folded one. */
	if (x->exact != y->exact)
		return y->exact - x->exact;
	return x->skill - y->skill;
}

jv
iv_skills_in_text(const char *text)
{
	size_t n = strlen(text), nh = 0, cap = 0, max_end = 0;
	char *low = lower_ascii(text);
	struct hit *hits = NULL;
	char *seen;
	jv out = jv_array();

	load();
	/* One pass over the text: at each place a pattern could start, try the
	 * patterns that begin with that byte. */
	for (size_t start = 0; start < n; start++) {
		unsigned char c = (unsigned char)low[start];

		if ((c & 0xc0) == 0x80)
			continue;	/* inside a UTF-8 character */
		if (start > 0 && isalnum(c) && (unsigned char)text[start - 1] < 0x80 &&
		    wordch((unsigned char)text[start - 1]))
			continue;	/* inside a word */
		for (int i = first[c]; i < first[c + 1]; i++) {
			const struct pattern *p = &pats[i];
			size_t end = start + p->len;

			if (end > n || memcmp((p->exact ? text : low) + start, p->text, p->len) ||
			    !bounded(text, n, start, end, p))
				continue;
			if (nh == cap) {
				cap = cap ? cap * 2 : 64;
				hits = iv_xrealloc(hits, cap * sizeof *hits);
			}
			hits[nh].start = start;
			hits[nh].end = end;
			hits[nh].skill = p->skill;
			hits[nh].exact = p->exact;
			nh++;
		}
	}
	if (nh > 1)
		qsort(hits, nh, sizeof *hits, by_start);
	seen = iv_xcalloc((size_t)nskills, 1);
	for (size_t i = 0; i < nh; i++) {
		const iv_skill *s = &skills[hits[i].skill];

		if (hits[i].end <= max_end && i > 0)
			continue;	/* inside a longer match */
		max_end = hits[i].end > max_end ? hits[i].end : max_end;
		if (seen[hits[i].skill])
			continue;
		seen[hits[i].skill] = 1;
		out = jv_array_append(out, JV_OBJECT(
			jv_string("name"), jv_string(s->name),
			jv_string("path"), jv_string(s->path),
			jv_string("category"), jv_string(s->category),
			jv_string("match"), jv_string_sized(text + hits[i].start, (int)(hits[i].end - hits[i].start)),
			jv_string("start"), jv_number((double)hits[i].start),
			jv_string("end"), jv_number((double)hits[i].end)));
	}
	free(seen);
	free(hits);
	free(low);
	return out;
}
