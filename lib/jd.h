/* jd.h — job descriptions: parsing Chinese or English postings into JSON
 * Resume's job schema, and keeping them in the store.
 *
 * A parsed job description is an object:
 *
 *   title, company, type, salary   strings, when the text has them
 *   date               the posting's date, ISO 8601 (2026-11-20, 2026-11)
 *   location           {address (the text as written), city, region,
 *                      countryCode (ISO 3166-1 alpha-2)}, where known
 *   remote             "Full", "Hybrid" or "None", when the text says
 *   experience         "Senior", "Mid-level" or "Junior": from the title
 *                      (Senior, 资深, Intern, 实习, ...), else the years asked for
 *   description        the introduction and "about" text
 *   responsibilities   lines under 岗位职责 / Responsibilities / What you'll do
 *   qualifications     lines under 任职要求 / 岗位要求 / Requirements
 *   nice_to_have       lines under 加分项 / 优先 / Nice to have / Preferred /
 *                      Bonus, and requirement lines that say so ("...者优先")
 *   skills             [{"name": "Required"|"Preferred", "keywords": [...]}]
 *   required_skills    canonical skill names, in the order the JD gives them
 *                      (title, then requirements, then responsibilities)
 *   preferred_skills   the same for nice-to-haves, minus required ones
 *   alternatives       groups of skills offered as either-or ("FastAPI or
 *                      Django", "LangChain或LlamaIndex"): one of each is enough
 *   min_years          years of experience asked for (3年以上, 3+ years), or null
 *   degree             the lowest degree required (Bachelor, Master, PhD), or null
 *   degree_preferred   a higher degree named as a plus, or null
 *   lang               "zh" or "en"
 *
 * That is JSON Resume's job schema (job-schema.json of @jsonresume/schema
 * 1.3.1) with iv's own fields beside it, which the schema allows.
 * A posting without any of these sections counts every skill it names as
 * required. Ownership: parameters marked borrowed stay the caller's.
 *
 * jd.c parses (with jd_fields.h, the fields read from words, and
 * jd_skills.h, the skills named and their either-or groups); jd_store.c
 * reads JD objects back, checks them and keeps them in the store.
 */
#ifndef IV_JD_H
#define IV_JD_H

#include <sqlite3.h>
#include <jv.h>

#include "extract.h"
#include "jd_fields.h"

jv iv_jd_parse(const char *text);

/* jd (consumed) in the current shape: what an older iv wrote (location as a
 * string) or another tool made (remote as true/false or words, dates not in
 * ISO form) becomes the job schema's. Returns the object, or invalid with
 * the reason when a field can't be read ("remote: expected Full, Hybrid or
 * None, got 'sometimes'"). Anything but an object is returned as it is. */
jv iv_jd_upgrade(jv jd);

/* The job description in a document read by extract.h: text is parsed; a
 * JSON object (an earlier iv-parse-jd result) is checked and passed
 * through. source and sha256 are added. Returns the object or
 * jv_invalid_with_msg(reason). */
jv iv_jd_from_doc(const iv_doc *d, const char *source);

/* ---- the store: job_descriptions, for the current user ---- */

/* Save jd (borrowed; with sha256) and its raw text, unless the same text is
 * stored already, and make it the user's default. Returns {"id",
 * "is_default", "existing"} or invalid with the reason. */
jv iv_jd_store(sqlite3 *db, long long user_id, jv jd, const char *raw_text);
/* (Reading stored JDs back: records.h, iv_owned_get and iv_owned_list.) */
/* (Making another JD the default: resume.h, iv_set_default.) */
/* Keep match (borrowed) as JD id's match_analysis, with its score and the
 * resume it was made for (0: none). Returns 0, or -1 with the error in
 * iv_db_error(db). */
int iv_jd_set_match(sqlite3 *db, long long user_id, long long id, long long resume_id, jv match);

#endif
