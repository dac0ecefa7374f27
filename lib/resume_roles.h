/* resume_roles.h — who and what in a job's header (resume_roles.c): which
 * piece of "Senior Engineer - Infosys Limited", "Acme | Data Analyst",
 * "Engineer at Klarna Bank AB", "AI Engineer @ Hebbia", "2019.07-至今
 * 某某科技有限公司 算法工程师" is the title, which the employer, which the
 * place. Decided from evidence: a lexicon of titles in both languages, the
 * marks of a company (Inc, Ltd, LLC, Technologies, 有限公司, 科技 ...) and
 * well-known employers, places, then the separator between two pieces and
 * their order. For resume_*.c only.
 */
#ifndef IV_RESUME_ROLES_H
#define IV_RESUME_ROLES_H

#include <jv.h>

/* What the header lines of a job (head, borrowed: strings, dates taken
 * out) say: *position, *company and *location are set (malloc'd) where
 * they are NULL and the lines hold one; the rest of the pieces, in order,
 * are appended to *rest (a jv array, may be NULL). */
void rp_work_header(jv head, char **position, char **company, char **location, jv *rest);

/* Evidence that s is a job title: 2 when it ends in a title's head word
 * ("Senior Software Engineer", "算法工程师"), 1 when it holds one, else 0. */
int rp_title_score(const char *s);
/* Evidence that s names an organisation: 2 for a legal or trade mark
 * ("Infosys Limited", "Acme Technologies", "某某科技有限公司") or a
 * well-known employer, 1 for a weaker sign, else 0. */
int rp_company_score(const char *s);
/* Nonzero when s is a place: a known city, "City, ST", "Pune, Maharashtra",
 * a country, "Remote". */
int rp_is_place(const char *s);
/* A job title alone on a line, with nothing else ("Application
 * Development Associate"): a title's head word and no company's mark. */
int rp_title_line(const char *s);

/* The strongest evidence (2, 1 or 0) that a piece of line s is a title
 * or an employer. */
int rp_header_evidence(const char *s);

/* Pieces of a header line with the separator before each: a new array
 * of [text, sep], sep one of "" (first), "|", "-", ",", "@", " " (spaces,
 * tabs or between CJK), "(" (a place in brackets), "\n" (a new line).
 * Brackets stay with the name they belong to ("SendGrid (Twilio)",
 * "携程计算机技术（上海）有限公司"), unless they hold a place or nothing. */
jv rp_pieces(const char *s);

#endif
