/* resume_skills.h — skills, languages and dated items
 * (resume_skills.c): "Languages: Python, Go", "精通Python，熟悉Go",
 * "English (fluent)", "ACM ICPC Gold, 2019". For resume_*.c only.
 */
#ifndef IV_RESUME_SKILLS_H
#define IV_RESUME_SKILLS_H

#include <jv.h>

struct parse;

/* A line of a skills section, into ps->skills. */
void rp_skills_line(struct parse *ps, const char *s);
/* A line of a languages section, into ps->languages. */
void rp_languages_line(struct parse *ps, const char *s);
/* An item with an optional date (awards, certificates, publications):
 * a new {name_key, date_key}. */
jv rp_dated_item(const char *s, const char *name_key, const char *date_key);
/* The taxonomy's skills in text, web and mail addresses left out
 * ("github.com/x" is not Git): a new array of names. */
jv rp_skills_in(const char *text);

#endif
