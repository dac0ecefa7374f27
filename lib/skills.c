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
/* While compiling, pats sorted by their first byte (lowercased): bucket c
 * is pats[first[c]] .. pats[first[c + 1] - 1]. */
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

/* A skill's list key ("related", "kind_of"): other skills' canonical
 * names. */
static const char *const *
names_of(jv s, const char *key, const char *file, const char *name)
{
	jv rel = iv_jget(s, key);
	int nr = jv_get_kind(rel) == JV_KIND_ARRAY ? jv_array_length(jv_copy(rel)) : 0;
	const char **out = iv_xcalloc((size_t)nr + 1, sizeof *out);

	if (jv_get_kind(rel) != JV_KIND_ARRAY && jv_get_kind(rel) != JV_KIND_NULL)
		iv_die(IV_FAIL, "%s: skill '%s': %s must be a list of skill names", file, name, key);
	for (int k = 0; k < nr; k++) {
		jv x = jv_array_get(jv_copy(rel), k);

		if (jv_get_kind(x) != JV_KIND_STRING || !strcmp(jv_string_value(x), name))
			iv_die(IV_FAIL, "%s: skill '%s': %s must name other skills", file, name, key);
		out[k] = iv_xstrdup(jv_string_value(x));
		jv_free(x);
	}
	jv_free(rel);
	return out;
}

/* A skill's lists of names, in the compiled record's order. */
enum { L_ALIASES, L_RELATED, L_KIND_OF, NLISTS };

static const char *const *
list_of(const iv_skill *k, int l)
{
	return l == L_ALIASES ? k->aliases : l == L_RELATED ? k->related : k->kind_of;
}

/* Every name in the skills' related and kind_of is a skill's. */
static void
check_names(const char *file)
{
	static const char *const key[NLISTS] = { "aliases", "related", "kind_of" };

	for (int i = 0; i < nskills; i++)
		for (int li = L_RELATED; li < NLISTS; li++) {
			const char *const *l = list_of(&skills[i], li);

			for (int k = 0; l[k]; k++) {
				int j = 0;

				while (j < nskills && strcmp(skills[j].name, l[k]))
					j++;
				if (j == nskills)
					iv_die(IV_FAIL, "%s: skill '%s': %s '%s' is not a skill's name", file,
					       skills[i].name, key[li], l[k]);
			}
		}
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

/* ---- the compiled taxonomy (cache.h), read in place: a header, fixed
 * records and the strings, every offset from the body's start, so a
 * program touches only the records and strings it asks about:
 *   u32 nskills, nnodes, npats, alias lists' offset, strings' offset
 *   u32 first[257]			the patterns by first byte
 *   skills:   u32 name, path, category, zh, then three lists, each an
 *             offset and a count: aliases, related, kind_of
 *   nodes:    u32 path, en, zh
 *   patterns: u32 text, len, skill, exact	sorted as index_patterns sorts
 *   the lists: u32 string offsets
 *   strings, each with its NUL
 * The YAML's form (skills, nodes, pats above) is kept only to compile. ---- */

#define T_HEAD (5 * 4 + 257 * 4)
#define T_SKILL (16 + 8 * NLISTS)
#define T_NODE 12
#define T_PAT 16

static iv_cache_file compiled;
static iv_buf built = IV_BUF_INIT;	/* the body, when compiled here */
static const unsigned char *tb;		/* the body in use */
static size_t tlen;
static size_t t_nodes, t_pats;	/* where the node and pattern records start */

static uint32_t
t32(size_t off)
{
	return iv_cache_u32_at(tb + off);
}

static const char *
tstr(size_t off)
{
	return (const char *)tb + t32(off);
}

/* s added to the strings str (which start at base in the body): its
 * offset in the body. */
static uint32_t
put_str(iv_buf *str, uint32_t base, const char *s)
{
	uint32_t at = base + (uint32_t)str->len;

	iv_buf_add(str, s, strlen(s) + 1);
	return at;
}

static void
compile_taxonomy(iv_buf *b)
{
	iv_buf al = IV_BUF_INIT, str = IV_BUF_INIT;
	uint32_t nal = 0, alias_base, str_base;

	for (int i = 0; i < nskills; i++)
		for (int l = 0; l < NLISTS; l++)
			for (const char *const *x = list_of(&skills[i], l); *x; x++)
				nal++;
	alias_base = (uint32_t)(T_HEAD + (size_t)nskills * T_SKILL + (size_t)nnodes * T_NODE + (size_t)npats * T_PAT);
	str_base = alias_base + 4 * nal;
	iv_cw_u32(b, (uint32_t)nskills);
	iv_cw_u32(b, (uint32_t)nnodes);
	iv_cw_u32(b, (uint32_t)npats);
	iv_cw_u32(b, alias_base);
	iv_cw_u32(b, str_base);
	for (int c = 0; c < 257; c++)
		iv_cw_u32(b, (uint32_t)first[c]);
	for (int i = 0; i < nskills; i++) {
		iv_cw_u32(b, put_str(&str, str_base, skills[i].name));
		iv_cw_u32(b, put_str(&str, str_base, skills[i].path));
		iv_cw_u32(b, put_str(&str, str_base, skills[i].category));
		iv_cw_u32(b, put_str(&str, str_base, skills[i].zh));
		for (int l = 0; l < NLISTS; l++) {
			const char *const *x = list_of(&skills[i], l);
			uint32_t na = 0;

			iv_cw_u32(b, alias_base + (uint32_t)al.len);
			for (; x[na]; na++)
				iv_cw_u32(&al, put_str(&str, str_base, x[na]));
			iv_cw_u32(b, na);
		}
	}
	for (int i = 0; i < nnodes; i++) {
		iv_cw_u32(b, put_str(&str, str_base, nodes[i].path));
		iv_cw_u32(b, put_str(&str, str_base, nodes[i].en));
		iv_cw_u32(b, put_str(&str, str_base, nodes[i].zh));
	}
	for (int i = 0; i < npats; i++) {
		iv_cw_u32(b, put_str(&str, str_base, pats[i].text));
		iv_cw_u32(b, (uint32_t)pats[i].len);
		iv_cw_u32(b, (uint32_t)pats[i].skill);
		iv_cw_u32(b, (uint32_t)pats[i].exact);
	}
	iv_buf_add(b, al.s, al.len);
	iv_buf_add(b, str.s, str.len);
	iv_buf_free(&al);
	iv_buf_free(&str);
}

/* Use the body at p: 1 when every count, offset and string in it is
 * sound (one pass over the records, none over the strings), else 0. */
static int
use_body(const void *p, size_t len)
{
	uint32_t ns, nn, np, alias_base, str_base;

	tb = p;
	tlen = len;
	if (len < T_HEAD || tb[len - 1])
		return 0;
	ns = t32(0), nn = t32(4), np = t32(8), alias_base = t32(12), str_base = t32(16);
	if (!ns || ns > len / T_SKILL || nn > len / T_NODE || np > len / T_PAT ||
	    alias_base != T_HEAD + (size_t)ns * T_SKILL + (size_t)nn * T_NODE + (size_t)np * T_PAT ||
	    str_base < alias_base || (str_base - alias_base) % 4 || str_base >= len)
		return 0;
	t_nodes = T_HEAD + (size_t)ns * T_SKILL;
	t_pats = t_nodes + (size_t)nn * T_NODE;
	for (int c = 0; c < 257; c++)
		if (t32(20 + 4 * (size_t)c) > np || (c && t32(20 + 4 * (size_t)c) < t32(16 + 4 * (size_t)c)))
			return 0;
	/* a string offset is sound when it lands among the strings (the
	 * body ends in a NUL); a pattern's bytes stay inside the body */
#define SOUND(off) (t32(off) >= str_base && t32(off) < len)
	for (size_t i = 0, r = T_HEAD; i < ns; i++, r += T_SKILL) {
		if (!SOUND(r) || !SOUND(r + 4) || !SOUND(r + 8) || !SOUND(r + 12))
			return 0;
		/* the lists: aliases, related names, kinds */
		for (size_t l = r + 16; l < r + 16 + 8 * NLISTS; l += 8) {
			uint32_t at = t32(l), na = t32(l + 4);

			if (at < alias_base || at > str_base || na > (str_base - at) / 4)
				return 0;
			for (uint32_t k = 0; k < na; k++)
				if (!SOUND(at + 4 * (size_t)k))
					return 0;
		}
	}
	for (size_t i = 0, r = t_nodes; i < nn; i++, r += T_NODE)
		if (!SOUND(r) || !SOUND(r + 4) || !SOUND(r + 8))
			return 0;
	for (size_t i = 0, r = t_pats; i < np; i++, r += T_PAT)
		if (!SOUND(r) || t32(r + 4) == 0 || t32(r + 4) >= len - t32(r) || t32(r + 8) >= ns)
			return 0;
#undef SOUND
	return 1;
}

/* The taxonomy's counts and its skills' table, from the body in use. */
static void
take_body(void)
{
	nskills = (int)t32(0);
	nnodes = (int)t32(4);
	npats = (int)t32(8);
	if (!skills)
		skills = iv_xcalloc((size_t)nskills + 1, sizeof *skills);
}

/* 1 when the compiled taxonomy for key is in use; else 0 with nothing
 * loaded. */
static int
load_compiled(const char *key)
{
	if (!iv_cache_open(&compiled, "taxonomy", key))
		return 0;
	if (!use_body(compiled.body, compiled.len)) {
		iv_cache_close(&compiled);
		tb = NULL;
		tlen = 0;
		return 0;
	}
	take_body();
	return 1;
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
		skills[i].related = names_of(s, "related", file, skills[i].name);
		skills[i].kind_of = names_of(s, "kind_of", file, skills[i].name);
		jv_free(al);
		jv_free(ex);
		jv_free(s);
	}
	check_names(file);
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
	compile_taxonomy(&built);
	iv_cache_store("taxonomy", key, &built);
	free(key);
	if (!use_body(built.s, built.len))
		iv_die(IV_FAIL, "the skill taxonomy compiled unsound");
	/* the skills stay as read; the patterns and nodes are the body's */
	for (int i = 0; i < npats; i++)
		free(pats[i].text);
	free(pats);
	pats = NULL;
	for (int i = 0; i < nnodes; i++) {
		free(nodes[i].path);
		free(nodes[i].en);
		free(nodes[i].zh);
	}
	free(nodes);
	nodes = NULL;
	take_body();
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

/* The list of strings whose offset and count are at l in the body. */
static const char *const *
tlist(size_t l)
{
	size_t at = t32(l);
	uint32_t n = t32(l + 4);
	const char **v = iv_xcalloc((size_t)n + 1, sizeof *v);

	for (uint32_t j = 0; j < n; j++)
		v[j] = tstr(at + 4 * (size_t)j);
	return v;
}

/* Skill i (in range), its entry filled from the body the first time. */
static const iv_skill *
skill(int i)
{
	iv_skill *k = &skills[i];

	if (!k->name) {
		size_t r = T_HEAD + (size_t)i * T_SKILL;

		k->path = tstr(r + 4);
		k->category = tstr(r + 8);
		k->zh = tstr(r + 12);
		k->aliases = tlist(r + 16 + 8 * L_ALIASES);
		k->related = tlist(r + 16 + 8 * L_RELATED);
		k->kind_of = tlist(r + 16 + 8 * L_KIND_OF);
		k->name = tstr(r);
	}
	return k;
}

static int
names_related(const iv_skill *a, const iv_skill *b)
{
	for (const char *const *r = a->related; *r; r++)
		if (!strcmp(*r, b->name))
			return 1;
	return 0;
}

int
iv_skills_related(const iv_skill *a, const iv_skill *b)
{
	return names_related(a, b) || names_related(b, a);
}

int
iv_path_under(const char *path, const char *parent)
{
	size_t n = strlen(parent);

	return !strncmp(path, parent, n) && path[n] == '/';
}

int
iv_skill_kind_of(const iv_skill *a, const iv_skill *b)
{
	if (iv_path_under(a->path, b->path))
		return 1;
	for (const char *const *k = a->kind_of; *k; k++)
		if (!strcmp(*k, b->name))
			return 1;
	return 0;
}

const iv_skill *
iv_skill_at(int i)
{
	load();
	return i >= 0 && i < nskills ? skill(i) : NULL;
}

const iv_skill *
iv_skill_find(const char *s)
{
	load();
	for (int i = 0; i < nskills; i++) {
		size_t r = T_HEAD + (size_t)i * T_SKILL, at = t32(r + 16);

		if (!strcasecmp(tstr(r), s) || !strcmp(tstr(r + 12), s))
			return skill(i);
		for (uint32_t j = 0, na = t32(r + 20); j < na; j++)
			if (!strcasecmp(tstr(at + 4 * (size_t)j), s))
				return skill(i);
	}
	return NULL;
}

const iv_skill *
iv_skill_by_path(const char *path)
{
	load();
	for (int i = 0; i < nskills; i++)
		if (!strcmp(tstr(T_HEAD + (size_t)i * T_SKILL + 4), path))
			return skill(i);
	return NULL;
}

const char *
iv_skill_node_name(const char *path, const char *lang)
{
	const iv_skill *s = iv_skill_by_path(path);
	int zh = lang && !strcmp(lang, "zh");

	if (s)
		return zh ? s->zh : s->name;
	for (int i = 0; i < nnodes; i++) {
		size_t r = t_nodes + (size_t)i * T_NODE;

		if (!strcmp(tstr(r), path))
			return tstr(zh ? r + 8 : r + 4);
	}
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
		for (uint32_t i = t32(20 + 4 * (size_t)c), to = t32(24 + 4 * (size_t)c); i < to; i++) {
			size_t r = t_pats + (size_t)i * T_PAT;
			struct pattern pt = { (char *)tstr(r), t32(r + 4), (int)t32(r + 8), (int)t32(r + 12) };
			const struct pattern *p = &pt;
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
		const iv_skill *s = skill(hits[i].skill);

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
