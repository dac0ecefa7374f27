/* resume.h — resumes as JSON Resume objects (jsonresume.org schema).
 *
 * Parsing reads the text of a resume, Chinese or English, and finds its
 * sections by their headings (个人信息, 教育经历/教育背景, 工作经历/实习经历,
 * 项目经验, 专业技能, 获奖, Education, Experience, Projects, Skills, ...).
 * The result has JSON Resume's field names:
 *
 *   basics      {name, label, email, phone, url, summary,
 *                location {city, region, countryCode, address}, profiles [{network, username, url}]}
 *   work        [{name, position, location, startDate, endDate, summary, highlights}]
 *   education   [{institution, area, studyType, startDate, endDate, score, courses}]
 *   projects    [{name, description, roles, url, highlights, keywords, startDate, endDate}]
 *   skills      [{name, level, keywords}]
 *   languages   [{language, fluency}]
 *   awards      [{title, date}]
 *   and, when present, volunteer, certificates, publications, interests
 *
 * plus extracted_skills (canonical names from the taxonomy, in order of
 * first mention) and lang ("zh" or "en"). Dates are "YYYY-MM" or "YYYY", and
 * "present" for 至今, Present, now; studyType is Associate, Bachelor,
 * Master or PhD. Parsing never invents: a field that is not in the text is
 * absent.
 *
 * Ownership: jv parameters marked "borrowed" stay the caller's; every jv
 * returned is new.
 */
#ifndef IV_RESUME_H
#define IV_RESUME_H

#include <stddef.h>
#include <sqlite3.h>
#include <jv.h>

#include "extract.h"

enum {
	IV_RESUME_LAYOUT = 1,	/* text from pdftotext -layout: look for two columns */
};

/* Parse resume text into a JSON Resume object with extracted_skills and
 * lang. */
jv iv_resume_parse(const char *text, int flags);

/* The resume object for a document read by extract.h: text is parsed, a
 * JSON Resume is checked and passed through (its extracted_skills and lang
 * recomputed). source and sha256 are added. Returns the object, or
 * jv_invalid_with_msg(reason) ("JSON Resume: work[1].highlights: expected
 * array, got string"). */
jv iv_resume_from_doc(const iv_doc *d, const char *source);

/* The engine llm's refinement (iv-parse-resume --llm) of draft (consumed),
 * the builtin parse of d (borrowed) read from source: the model corrects
 * the parse from the text; what it sends back is held to the text (a
 * value whose words are not in the resume is dropped; dates, degrees and
 * country codes must be in normal form), a section it left out stays the
 * draft's, and extracted_skills and lang are found again. Adds "llm":
 * {model, usage, fallback, fallback_reason?, dropped: [JSON paths]}
 * (agent.h); db (may be NULL) holds the reply cache. An unusable reply
 * gives the draft, with a line on stderr. */
jv iv_resume_llm(sqlite3 *db, const iv_doc *d, const char *source, jv draft);

/* NULL when obj (borrowed) fits the parts of the JSON Resume schema iv
 * reads, else a malloc'd reason. */
char *iv_resume_check(jv obj);

/* The resume's lines of evidence, strongest first (work, projects, summary,
 * education, awards, then the skills section): a new array of
 * {"text", "section", "entry"} built from resume (borrowed). */
jv iv_resume_lines(jv resume);

/* Months of work experience in resume (borrowed), internships left out,
 * overlapping jobs counted once; "present" and a missing endDate are now
 * (clock.h). */
int iv_resume_months(jv resume);
/* The highest degree in resume (borrowed): 0 none, else a rank below. */
int iv_resume_degree(jv resume);

/* Degrees: ranks 1 Associate, 2 Bachelor, 3 Master, 4 PhD. */
enum { IV_DEG_ASSOCIATE = 1, IV_DEG_BACHELOR, IV_DEG_MASTER, IV_DEG_PHD };
/* A mask of (1 << rank) for every degree named in s (本科, 学士, 硕士,
 * 研究生, 博士, B.S., B.Sc., M.S., M.Sc., MEng, MBA, PhD, Bachelor's ...). */
int iv_degree_mask(const char *s);
const char *iv_degree_name(int rank);	/* "Bachelor"; NULL for 0 */
int iv_degree_rank(const char *name);	/* by name, case-insensitively; 0 when unknown */

/* A date at the start of s: writes "YYYY-MM", "YYYY" or "present" to out
 * (at least 12 bytes) and returns the bytes it takes, or 0. */
size_t iv_date_at(const char *s, char out[12]);
/* The first date or date range in s: returns 0 (none), 1 (one date, in
 * start) or 2 (a range); [*from, *to) is its span in s. */
int iv_date_range(const char *s, char start[12], char end[12], size_t *from, size_t *to);

/* The first phone number in s: returns its length and sets *at, or 0.
 * labeled: the text is known to hold a phone number, so any 7 to 15 digit
 * number counts; otherwise it must look like one (+86 138 0013 8000,
 * 138-0013-8000, (415) 555-0132, +44 20 7946 0958). */
size_t iv_phone_find(const char *s, int labeled, size_t *at);

/* Line helpers shared with jd.c. */
/* The ':' or '：' in the first within bytes of s ("Skills: ...",
 * "技术栈：..."), or NULL; *value (when not NULL) gets what follows it,
 * spaces skipped. */
const char *iv_key_colon(const char *s, size_t within, const char **value);
/* s past ASCII spaces, tabs and U+3000. */
const char *iv_skip_space(const char *s);
/* Nonzero when s holds one of words (NULL-terminated): ASCII words
 * case-insensitively on word boundaries, others (CJK) anywhere. */
int iv_has_word(const char *s, const char *const *words);
/* The text after a bullet ("- ", "• ", "1. ", "1、", "（1）") or NULL. */
const char *iv_after_bullet(const char *s);
/* Split text into lines: a new array of strings, markdown emphasis, links
 * and table bars removed; with IV_RESUME_LAYOUT two-column pages become
 * one column after the other. */
jv iv_text_lines(const char *text, int flags);
/* Split s on any of seps (NULL-terminated) into a new array of trimmed,
 * non-empty pieces; with parens, not inside parentheses. */
jv iv_split_on(const char *s, const char *const *seps, int parens);
/* Split a list ("Python, Go、SQL; Redis") into a new array of trimmed
 * items; commas inside parentheses do not split. */
jv iv_split_list(const char *s);
/* The parts of a header line ("AI Engineer — Acme AI (Shanghai)",
 * "复旦大学 计算机 硕士"): a new array of trimmed strings. */
jv iv_line_parts(const char *s);
/* A heading without its decorations ("## 一、工作经历：" -> "工作经历"),
 * lowercased, spaced-out letters joined; malloc'd. */
char *iv_heading_norm(const char *s);
/* {city, countryCode or region} when s names a known city ("Shanghai",
 * "上海", "San Francisco, CA", "Remote"), else jv_null(). */
jv iv_city(const char *s);

/* ---- the store: the resumes table, for the current user ---- */

/* Save resume (borrowed; with source, sha256 and lang) as the user's next
 * version, unless a resume with the same sha256 is stored already. The
 * first resume, and any with make_default, becomes the default. Returns
 * {"id", "version", "is_default", "existing"} or invalid with the reason. */
jv iv_resume_store(sqlite3 *db, long long user_id, jv resume, const char *file_type, int make_default);
/* (Reading stored resumes back: records.h, iv_owned_get and iv_owned_list.) */
/* Make row id of table ("resumes" or "job_descriptions", never user input)
 * the user's one default. Returns 0, or -1 when the user has no such row
 * (or on a store error, in iv_db_error). */
int iv_set_default(sqlite3 *db, const char *table, long long user_id, long long id);
/* The same in a transaction of its own, for `--set-default`: returns the row
 * now default (new), or invalid with "no WHAT ID" or the store's error. */
jv iv_make_default(sqlite3 *db, const char *table, const char *what, long long user_id, long long id);

#endif
