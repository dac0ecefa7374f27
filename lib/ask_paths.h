/* ask_paths.h — skill paths for the decision agent (ask_paths.c): which
 * paths of the skill tree a name, a list or any JSON value names, and the
 * resume's projects with theirs. For ask_*.c only.
 *
 * Ownership: out (an array of path strings) is consumed and returned with
 * more added; other jv parameters are borrowed; every jv returned is new.
 */
#ifndef IV_ASK_PATHS_H
#define IV_ASK_PATHS_H

#include <jv.h>

/* a is b, or one lies under the other in the skill tree. */
int related(const char *a, const char *b);
/* arr (borrowed) holds the string s. */
int has_str(jv arr, const char *s);
/* arr (consumed) with p appended unless it is there. */
jv add_path(jv arr, const char *p);
/* The paths of the skills a name means: a skill path, a skill's name or
 * alias, a bank topic, or text that mentions skills. */
jv paths_of_name(jv out, const char *s);
/* Paths named by a list's items: strings, or objects with a path,
 * skill_path, name or skill field. */
jv paths_of_list(jv out, jv list);
/* Paths of the skills any string in v mentions. */
jv paths_in(jv out, jv v);
/* The resume's projects and jobs (parsed borrowed): [{name, paths}]. */
jv projects_of(jv parsed);

#endif
