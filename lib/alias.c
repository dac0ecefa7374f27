/* alias.c — the alias table (alias.h). */
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "cache.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "skills.h"
#include "yamldoc.h"
#include "timing.h"

static iv_alias *tab;
static int ntab = -1, cap;
static const char **names;
static int ngroups;

static void
add(const char *phrase, int group)
{
	size_t n = strlen(phrase), upper = 0;

	if (!n)
		return;
	for (int i = 0; i < ntab; i++)
		if (tab[i].group == group && !strcasecmp(tab[i].phrase, phrase))
			return;
	if (ntab == cap) {
		cap = cap ? 2 * cap : 512;
		tab = iv_xrealloc(tab, sizeof *tab * (size_t)cap);
	}
	for (size_t i = 0; i < n; i++)
		upper += (phrase[i] >= 'A' && phrase[i] <= 'Z') || (phrase[i] >= '0' && phrase[i] <= '9');
	tab[ntab].phrase = iv_xstrdup(phrase);
	tab[ntab].group = group;
	/* "CA", "PR", "Go": not the words ca, pr, go */
	tab[ntab].exact = (upper == n && n <= 4) || n <= 2;
	ntab++;
}

static int
new_group(const char *name)
{
	names = iv_xrealloc(names, sizeof *names * (size_t)(ngroups + 1));
	names[ngroups] = iv_xstrdup(name);
	return ngroups++;
}

/* ---- the compiled table (cache.h), keyed by aliases.yaml and the
 * taxonomy; the strings stay in the map ---- */

static iv_cache_file compiled;

static void
compile_table(const char *key)
{
	iv_buf b = IV_BUF_INIT;

	iv_cw_u32(&b, (uint32_t)ngroups);
	for (int i = 0; i < ngroups; i++)
		iv_cw_str(&b, names[i]);
	iv_cw_u32(&b, (uint32_t)ntab);
	for (int i = 0; i < ntab; i++) {
		iv_cw_str(&b, tab[i].phrase);
		iv_cw_u32(&b, (uint32_t)tab[i].group);
		iv_cw_u32(&b, (uint32_t)tab[i].exact);
	}
	iv_cache_store("aliases", key, &b);
	iv_buf_free(&b);
}

static int
load_compiled(const char *key)
{
	iv_cache_rd r;
	uint32_t n;

	if (!iv_cache_open(&compiled, "aliases", key))
		return 0;
	r.p = compiled.body;
	r.end = compiled.body + compiled.len;
	r.bad = 0;
	n = iv_cr_count(&r, 5);
	names = iv_xcalloc((size_t)n + 1, sizeof *names);
	for (ngroups = 0; ngroups < (int)n && !r.bad; ngroups++)
		if (!(names[ngroups] = iv_cr_str(&r)))
			r.bad = 1;
	n = iv_cr_count(&r, 13);
	tab = iv_xcalloc((size_t)n + 1, sizeof *tab);
	for (ntab = 0; ntab < (int)n && !r.bad; ntab++) {
		tab[ntab].phrase = iv_cr_str(&r);
		tab[ntab].group = (int)iv_cr_u32(&r);
		tab[ntab].exact = (int)iv_cr_u32(&r);
		if (!tab[ntab].phrase || tab[ntab].group < 0 || tab[ntab].group >= ngroups)
			r.bad = 1;
	}
	if (r.bad || r.p != r.end) {
		free(names);
		free(tab);
		names = NULL;
		tab = NULL;
		ntab = ngroups = 0;
		iv_cache_close(&compiled);
		return 0;
	}
	cap = ntab;
	return 1;
}

static void
load_untimed(void)
{
	char *path, *key, *srcs[2];
	jv doc, groups;

	if (ntab >= 0)
		return;
	ntab = 0;
	path = iv_share_file("grade/aliases.yaml");
	srcs[0] = path;
	srcs[1] = iv_share_file("skills.yaml");
	key = iv_cache_key((const char *const *)srcs, 2);
	free(srcs[1]);
	if (load_compiled(key)) {
		free(key);
		free(path);
		return;
	}
	doc = iv_yaml_load_file(path, NULL);
	if (!jv_is_valid(doc)) {
		jv msg = jv_invalid_get_msg(doc);

		iv_die(1, "%s", jv_get_kind(msg) == JV_KIND_STRING ? jv_string_value(msg) : path);
	}
	groups = iv_jget(doc, "groups");
	if (jv_get_kind(groups) == JV_KIND_ARRAY)
		jv_array_foreach(groups, i, g) {
			int id = -1;

			if (jv_get_kind(g) == JV_KIND_ARRAY)
				jv_array_foreach(g, j, w) {
					if (jv_get_kind(w) == JV_KIND_STRING) {
						if (id < 0)
							id = new_group(jv_string_value(w));
						add(jv_string_value(w), id);
					}
					jv_free(w);
				}
			jv_free(g);
		}
	jv_free(groups);
	jv_free(doc);
	free(path);
	for (int i = 0; i < iv_skills_count(); i++) {
		const iv_skill *s = iv_skill_at(i);
		int id = new_group(s->name);

		add(s->name, id);
		add(s->zh, id);
		for (int k = 0; s->aliases[k]; k++)
			add(s->aliases[k], id);
	}
	compile_table(key);
	free(key);
}

static void
load(void)
{
	int t = iv_time_begin(IV_T_ALIASES);

	load_untimed();
	iv_time_end(t);
}

int
iv_alias_count(void)
{
	load();
	return ntab;
}

const iv_alias *
iv_alias_at(int i)
{
	load();
	return i >= 0 && i < ntab ? &tab[i] : NULL;
}

int
iv_alias_groups(void)
{
	load();
	return ngroups;
}

const char *
iv_alias_group_name(int group)
{
	load();
	return group >= 0 && group < ngroups ? names[group] : NULL;
}
