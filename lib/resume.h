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
 * first mention) and lang ("zh" or "en"). Dates are ISO 8601, "YYYY-MM" or
 * "YYYY"; a current job or a degree in progress (至今, Present, Current,
 * till date, 在读) has no endDate, as JSON Resume has it. studyType is
 * Associate, Bachelor, Master or PhD, the field of study in area. URLs
 * carry a scheme. Parsing never invents: a field that is not in the text
 * is absent (a headline "Title - Company" under the name is the job it
 * names, when there is no work section).
 *
 * The parser is split by concern, each part with its header:
 * resume_lines.h (lines and pieces of text), resume_dates.h,
 * resume_degrees.h, resume_contacts.h (phones, emails, URLs, profiles,
 * cities), resume_sections.h (headings and labels), resume_entries.h (work,
 * education and project entries), resume_roles.h (title, employer and
 * place in a job's header), resume_skills.h, resume_basics.h;
 * resume.c puts them together. resume_facts.h and resume_store.h serve the
 * later steps.
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
#include "resume_contacts.h"
#include "resume_dates.h"
#include "resume_degrees.h"
#include "resume_facts.h"
#include "resume_lines.h"
#include "resume_store.h"

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

#endif
