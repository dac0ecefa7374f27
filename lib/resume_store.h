/* resume_store.h — the store's resumes table, for the current user
 * (resume_store.c). Reading stored resumes back: records.h,
 * iv_owned_get and iv_owned_list.
 */
#ifndef IV_RESUME_STORE_H
#define IV_RESUME_STORE_H

#include <sqlite3.h>
#include <jv.h>

/* Save resume (borrowed; with source, sha256 and lang) as the user's next
 * version, unless a resume with the same sha256 is stored already. The
 * first resume, and any with make_default, becomes the default. Returns
 * {"id", "version", "is_default", "existing"} or invalid with the reason. */
jv iv_resume_store(sqlite3 *db, long long user_id, jv resume, const char *file_type, int make_default);
/* Make row id of table ("resumes" or "job_descriptions", never user input)
 * the user's one default. Returns 0, or -1 when the user has no such row
 * (or on a store error, in iv_db_error). */
int iv_set_default(sqlite3 *db, const char *table, long long user_id, long long id);
/* The same in a transaction of its own, for `--set-default`: returns the row
 * now default (new), or invalid with "no WHAT ID" or the store's error. */
jv iv_make_default(sqlite3 *db, const char *table, const char *what, long long user_id, long long id);

#endif
