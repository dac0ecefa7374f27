/* ask_paths.c — skill paths of the tree that texts and lists name
 * (ask_paths.h). */
#include <string.h>

#include "bank.h"
#include "jsonl.h"
#include "skills.h"
#include "ask_paths.h"

/* a is b, or one lies under the other in the skill tree. */
int
related(const char *a, const char *b)
{
	return !strcmp(a, b) || iv_path_under(a, b) || iv_path_under(b, a);
}

int
has_str(jv arr, const char *s)
{
	int found = 0;

	jv_array_foreach(arr, i, x) {
		if (!found && jv_get_kind(x) == JV_KIND_STRING && !strcmp(jv_string_value(x), s))
			found = 1;
		jv_free(x);
	}
	return found;
}

jv
add_path(jv arr, const char *p)
{
	return has_str(arr, p) ? arr : jv_array_append(arr, jv_string(p));
}

/* The paths of skills found by iv_skills_in_text (found is consumed). */
static jv
add_found(jv out, jv found)
{
	jv_array_foreach(found, i, f) {
		jv p = iv_jget(f, "path");

		out = add_path(out, iv_jstr(p));
		jv_free(p);
		jv_free(f);
	}
	jv_free(found);
	return out;
}

/* Paths of the skills a name means: a skill path, a skill's name or alias,
 * a bank topic, or text that mentions skills. */
jv
paths_of_name(jv out, const char *s)
{
	const iv_skill *sk;

	if (!s || !*s)
		return out;
	if ((sk = iv_skill_by_path(s)) || (sk = iv_skill_find(s)))
		return add_path(out, sk->path);
	for (int i = 0; i < iv_bank_count(); i++)
		if (!strcmp(iv_bank_head(i)->topic, s))
			out = add_path(out, iv_bank_head(i)->skill_path);
	if (jv_array_length(jv_copy(out)) == 0)
		out = add_found(out, iv_skills_in_text(s));
	return out;
}

/* Paths named by a list's items: strings, or objects with a path,
 * skill_path, name or skill field. */
jv
paths_of_list(jv out, jv list)
{
	static const char *const keys[] = { "skill_path", "path", "name", "skill", "topic", NULL };

	if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		return out;
	}
	jv_array_foreach(list, i, x) {
		if (jv_get_kind(x) == JV_KIND_STRING) {
			jv one = paths_of_name(jv_array(), jv_string_value(x));

			jv_array_foreach(one, j, p) {
				out = add_path(out, jv_string_value(p));
				jv_free(p);
			}
			jv_free(one);
		} else if (jv_get_kind(x) == JV_KIND_OBJECT) {
			for (int k = 0; keys[k]; k++) {
				jv v = iv_jget(x, keys[k]);
				jv one = jv_get_kind(v) == JV_KIND_STRING ? paths_of_name(jv_array(), iv_jstr(v)) : jv_array();
				int n = jv_array_length(jv_copy(one));

				jv_array_foreach(one, j, p) {
					out = add_path(out, jv_string_value(p));
					jv_free(p);
				}
				jv_free(one);
				jv_free(v);
				if (n)
					break;
			}
		}
		jv_free(x);
	}
	jv_free(list);
	return out;
}

jv
paths_in(jv out, jv v)
{
	iv_buf b = IV_BUF_INIT;
	jv found;

	iv_json_strings(&b, v);
	found = iv_skills_in_text(b.s ? b.s : "");
	iv_buf_free(&b);
	return add_found(out, found);
}

/* The resume's projects and jobs: [{name, paths}]. */
jv
projects_of(jv parsed)
{
	static const char *const lists[] = { "projects", "work", NULL };
	jv out = jv_array();

	for (int l = 0; lists[l]; l++) {
		jv items = iv_jget(parsed, lists[l]);

		if (jv_get_kind(items) == JV_KIND_ARRAY)
			jv_array_foreach(items, i, it) {
				jv name = jv_get_kind(it) == JV_KIND_OBJECT ? iv_jget(it, "name") : jv_null();
				jv paths = paths_in(jv_array(), it);

				if (jv_get_kind(name) == JV_KIND_STRING && *iv_jstr(name) &&
				    jv_array_length(jv_copy(paths)) > 0)
					out = jv_array_append(out, JV_OBJECT(jv_string("name"), name,
									     jv_string("paths"), paths));
				else {
					jv_free(name);
					jv_free(paths);
				}
				jv_free(it);
			}
		jv_free(items);
	}
	return out;
}
