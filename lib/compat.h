/* compat.h — what an older iv wrote, read in the current shape.
 *
 * Stored rows are upgraded once, by a numbered migration (schema.c) that
 * calls the SQL functions below; exported files of an older schema are
 * upgraded as they are imported (records.c). Each upgrade leaves a document
 * already in the current shape as it is, so running it twice is harmless.
 *
 * Resumes: JSON Resume (schema.json of @jsonresume/schema 1.3.1). Before
 * schema 3, iv wrote a current position as "endDate": "present"; the schema
 * wants ISO 8601 dates and no endDate for a current position.
 * Job descriptions: JSON Resume's job schema; before schema 3, location
 * was a string (jd.h, iv_jd_upgrade).
 */
#ifndef IV_COMPAT_H
#define IV_COMPAT_H

#include <sqlite3.h>
#include <jv.h>

/* resume (consumed) with JSON Resume's dates: an endDate that says the
 * position is current ("present", "至今", "now") is removed; a date in
 * another form ("2021.07", "2021年7月", "Jul 2021") becomes ISO 8601
 * ("2021-07"); a url without a scheme ("github.com/li") gets https://.
 * A date, url or email that can't be read so is set aside, never dropped:
 * kept as key_text ("endDate_text": "不详"), which the schema allows.
 * Anything but an object is returned as it is. */
jv iv_resume_upgrade(jv resume);

/* row (consumed) of table as a current store holds it: parsed_data of
 * resumes and job_descriptions upgraded. Other tables' rows are returned
 * as they are. */
jv iv_compat_row(const char *table, jv row);

/* Make iv_upgrade_resume(json) and iv_upgrade_jd(json) callable from SQL
 * on db (for migrations): each returns the upgraded JSON text, or its
 * argument unchanged when it is not a JSON object or can't be upgraded.
 * Returns SQLITE_OK or an SQLite error code. */
int iv_compat_register(sqlite3 *db);

#endif
