/* resume_basics.h — basics (resume_basics.c): name, label, email, phone,
 * url, location and profiles from the resume's first lines and its
 * contact section. For resume_*.c only.
 */
#ifndef IV_RESUME_BASICS_H
#define IV_RESUME_BASICS_H

#include <jv.h>

struct parse;

/* The basics object (new) from ps->header and ps->summary (borrowed). */
jv rp_build_basics(struct parse *ps);

#endif
