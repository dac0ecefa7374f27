/* match.h — how well a resume fits a job description, and why.
 *
 * iv_match compares a resume (resume.h) with a job description (jd.h) and
 * returns a match object:
 *
 *   score           0-100, round(sum of breakdown[].points), exactly
 *   breakdown       [{part, weight, score (0-1), points, detail}] for
 *                   required_skills, preferred_skills, experience, education
 *                   and keywords; weights add up to 100 (a part the JD asks
 *                   nothing about gives its weight to required_skills)
 *   matched_skills  [{name, path, required, shown, evidence, section, entry,
 *                    via}] in the JD's order; evidence is the resume line
 *                   that shows the skill (work, projects, summary first, the
 *                   skills list last); via names the more specific skill
 *                   that stands in for it (Milvus for Vector Database)
 *   missing_skills  [{name, path, required}]: required first, in the JD's order
 *   suggestions     concrete advice, in the resume's language
 *   experience      {required_years, resume_years}
 *   education       {required, resume}
 *   keywords        {matched, missing}: the JD's most frequent words
 *   jd, resume      {title, company} and {name}, for the report
 *   lang            the resume's language
 *
 * A skill shown in work or a project counts fully; one only listed in the
 * skills section counts 0.75. Soft skills (category "soft") are left out of
 * the skill parts. The result depends only on its inputs (and IV_NOW for
 * "present"): the same resume and JD always give the same match.
 */
#ifndef IV_MATCH_H
#define IV_MATCH_H

#include <stdio.h>
#include <jv.h>

/* resume and jd are borrowed. */
jv iv_match(jv resume, jv jd);

/* The engine llm's suggestions for match (consumed; returned), made by
 * iv_match from resume and jd (borrowed): the model (--model, else the
 * config's) writes "suggestions" and a "summary"; the computed ones stay
 * as "builtin_suggestions"; score, breakdown and skills are unchanged.
 * Adds engine, model, usage and fallback (agent.h); db (may be NULL)
 * holds the reply cache. An unusable reply keeps the computed suggestions,
 * with a line on stderr. */
#include <sqlite3.h>
jv iv_match_llm(sqlite3 *db, jv resume, jv jd, jv match);

/* The match (borrowed) as a readable report; color adds ANSI colours. */
void iv_match_print(FILE *f, jv match, int color);

#endif
