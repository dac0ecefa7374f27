/* resume_store.c — the resumes table (resume_store.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "jsonl.h"
#include "msg.h"
#include "records.h"
#include "resume_lines.h"
#include "resume_store.h"
#include "store.h"

/* ---- the store ---- */

jv
iv_resume_store(sqlite3 *db, long long user_id, jv resume, const char *file_type, int make_default)
{
	int own = sqlite3_get_autocommit(db), version, is_default;
	char *sha = iv_jstrdup(resume, "sha256"), *source = iv_jstrdup(resume, "source");
	jv basics = iv_jget(resume, "basics"), row, out = jv_invalid(), params;
	char *name = iv_jstrdup(basics, "name"), *label = iv_jstrdup(basics, "label");
	const char *now = iv_now(), *base;

	if (!sha)
		return jv_invalid_with_msg(jv_string("the resume has no sha256"));
	if (own && iv_db_begin(db) < 0) {
		out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
		goto done;
	}
	row = iv_db_row(db, "SELECT id, version, is_default FROM resumes WHERE user_id = ? AND sha256 = ?",
			JV_ARRAY(jv_number((double)user_id), jv_string(sha)));
	if (!jv_is_valid(row)) {
		out = row;
		goto fail;
	}
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		long long id = (long long)iv_jnum(row, "id", 0);

		if (make_default && iv_set_default(db, "resumes", user_id, id) < 0) {
			jv_free(row);
			out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
			goto fail;
		}
		out = JV_OBJECT(jv_string("id"), jv_number((double)id), jv_string("version"), iv_jget(row, "version"),
				jv_string("is_default"), jv_bool(make_default || iv_jnum(row, "is_default", 0) != 0),
				jv_string("existing"), jv_true());
		jv_free(row);
		goto commit;
	}
	jv_free(row);
	row = iv_db_row(db, "SELECT coalesce(max(version), 0) + 1 AS v, coalesce(max(is_default), 0) AS d "
			"FROM resumes WHERE user_id = ?", JV_ARRAY(jv_number((double)user_id)));
	if (!jv_is_valid(row)) {
		out = row;
		goto fail;
	}
	version = (int)iv_jnum(row, "v", 1);
	is_default = make_default || iv_jnum(row, "d", 0) == 0;
	jv_free(row);
	if (is_default && iv_db_exec(db, "UPDATE resumes SET is_default = 0, updated_at = ? "
				     "WHERE user_id = ? AND is_default = 1",
				     JV_ARRAY(jv_string(now), jv_number((double)user_id))) < 0)
		goto dberr;
	base = source && strcmp(source, "-") ? (strrchr(source, '/') ? strrchr(source, '/') + 1 : source) : NULL;
	params = JV_ARRAY(jv_number((double)user_id), rp_jstr_or_null(name ? name : base), rp_jstr_or_null(label),
			  rp_jstr_or_null(base), rp_jstr_or_null(file_type), jv_string(sha), iv_jget(resume, "lang"));
	params = jv_array_concat(params, JV_ARRAY(jv_copy(resume), iv_jget(resume, "extracted_skills"),
						  jv_number(version), jv_bool(is_default), jv_string(now), jv_string(now)));
	if (iv_db_exec(db, "INSERT INTO resumes (user_id, title, target_position, original_filename, file_type, "
		       "sha256, lang, parsed_data, extracted_skills, version, is_default, parse_status, "
		       "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'parsed', ?, ?)", params) < 0)
		goto dberr;
	out = JV_OBJECT(jv_string("id"), jv_number((double)iv_db_last_id(db)), jv_string("version"),
			jv_number(version), jv_string("is_default"), jv_bool(is_default), jv_string("existing"),
			jv_false());
commit:
	if (own && iv_db_commit(db) < 0) {
		jv_free(out);
		out = jv_invalid_with_msg(jv_string("can't commit"));
	}
	goto done;
dberr:
	out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
fail:
	if (own)
		iv_db_rollback(db);
done:
	jv_free(basics);
	free(sha);
	free(source);
	free(name);
	free(label);
	return out;
}

int
iv_set_default(sqlite3 *db, const char *table, long long user_id, long long id)
{
	char *check = iv_xasprintf("SELECT id FROM %s WHERE user_id = ? AND id = ?", table);
	char *clear = iv_xasprintf("UPDATE %s SET is_default = 0, updated_at = ? "
				   "WHERE user_id = ? AND is_default = 1 AND id <> ?", table);
	char *set = iv_xasprintf("UPDATE %s SET is_default = 1, updated_at = ? WHERE id = ? AND is_default = 0",
				 table);
	jv row = iv_db_row(db, check, JV_ARRAY(jv_number((double)user_id), jv_number((double)id)));
	int rc = -1;

	/* Clear the old default first: one default per user is a unique index. */
	if (jv_get_kind(row) == JV_KIND_OBJECT &&
	    iv_db_exec(db, clear, JV_ARRAY(jv_string(iv_now()), jv_number((double)user_id),
					   jv_number((double)id))) == 0 &&
	    iv_db_exec(db, set, JV_ARRAY(jv_string(iv_now()), jv_number((double)id))) == 0)
		rc = 0;
	jv_free(row);
	free(check);
	free(clear);
	free(set);
	return rc;
}

jv
iv_make_default(sqlite3 *db, const char *table, const char *what, long long user_id, long long id)
{
	if (iv_db_begin(db) < 0)
		return jv_invalid_with_msg(jv_string("can't start a transaction"));
	if (iv_set_default(db, table, user_id, id) < 0) {
		iv_db_rollback(db);
		return jv_invalid_with_msg(jv_string_fmt("no %s %lld", what, id));
	}
	if (iv_db_commit(db) < 0)
		return jv_invalid_with_msg(jv_string_fmt("can't make %s %lld the default", what, id));
	return iv_owned_get(db, table, user_id, id);
}
