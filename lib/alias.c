/* alias.c — the alias table (alias.h). */
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "skills.h"
#include "yamldoc.h"

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

static void
load(void)
{
	char *path;
	jv doc, groups;

	if (ntab >= 0)
		return;
	ntab = 0;
	path = iv_share_file("grade/aliases.yaml");
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
