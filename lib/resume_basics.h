/* resume_basics.h — basics (resume_basics.c): name, label, email, phone,
 * url, location and profiles from the resume's first lines and its
 * contact section. For resume_*.c only.
 */
#ifndef IV_RESUME_BASICS_H
#define IV_RESUME_BASICS_H

#include <jv.h>

struct parse;

/* Nonzero when s looks like a person's name ("Priya Sharma", "张伟"). */
int rp_name_like(const char *s);
/* The basics object (new) from ps->header and ps->summary (borrowed). */
jv rp_build_basics(struct parse *ps);

#endif
