/* resume_facts.h — what other steps read from a parsed resume
 * (resume_facts.c): its lines of evidence, months of work, highest degree.
 */
#ifndef IV_RESUME_FACTS_H
#define IV_RESUME_FACTS_H

#include <jv.h>

/* The resume's lines of evidence, strongest first (work, projects, summary,
 * education, awards, then the skills section): a new array of
 * {"text", "section", "entry"} built from resume (borrowed). */
jv iv_resume_lines(jv resume);

/* Months of work experience in resume (borrowed), internships left out,
 * overlapping jobs counted once. A missing endDate on the latest job (a
 * current position) is now (clock.h), and so is "present", which stores
 * written before JSON Resume's convention may hold; an older job without
 * one ends with its start's year or month. */
int iv_resume_months(jv resume);
/* The highest degree in resume (borrowed): 0 none, else a rank
 * (resume_degrees.h). */
int iv_resume_degree(jv resume);

#endif
