/* jd_store.c — job descriptions read back, checked, and kept in the store
 * (jd.h). */
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "jd.h"
#include "jsonl.h"
#include "msg.h"
#include "resume_lines.h"
#include "resume_store.h"
#include "store.h"

/* ---- a JD object read back (an earlier iv-parse-jd result) ---- */

/* Is s an ISO 8601 date as the schema has it (2026, 2026-11, 2026-11-20)? */
static int
is_iso_date(const char *s)
{
	char d[11];

	return iv_jd_date(s, d) == strlen(s) && !strcmp(s, d);
}

jv
iv_jd_upgrade(jv jd)
{
	jv v;

	if (jv_get_kind(jd) != JV_KIND_OBJECT)
		return jd;
	v = iv_jget(jd, "location");
	if (jv_get_kind(v) == JV_KIND_STRING) {
		if (*iv_skip_space(jv_string_value(v)))
			jd = jv_object_set(jd, jv_string("location"), iv_jd_location(jv_string_value(v)));
		else
			jd = jv_object_delete(jd, jv_string("location"));
	} else if (jv_get_kind(v) == JV_KIND_NULL) {
		jd = jv_object_delete(jd, jv_string("location"));
	}
	jv_free(v);
	v = iv_jget(jd, "remote");
	if (jv_get_kind(v) == JV_KIND_TRUE || jv_get_kind(v) == JV_KIND_FALSE) {
		jd = jv_object_set(jd, jv_string("remote"), jv_string(jv_get_kind(v) == JV_KIND_TRUE ? "Full" : "None"));
	} else if (jv_get_kind(v) == JV_KIND_NULL) {
		jd = jv_object_delete(jd, jv_string("remote"));
	} else if (jv_get_kind(v) == JV_KIND_STRING) {
		const char *r = jv_string_value(v);

		if (strcmp(r, "Full") && strcmp(r, "Hybrid") && strcmp(r, "None")) {
			if (!(r = iv_jd_remote(r))) {
				jv e = jv_invalid_with_msg(jv_string_fmt("remote: expected Full, Hybrid or None, got '%s'",
									 jv_string_value(v)));

				jv_free(v);
				jv_free(jd);
				return e;
			}
			jd = jv_object_set(jd, jv_string("remote"), jv_string(r));
		}
	}
	jv_free(v);
	v = iv_jget(jd, "date");
	if (jv_get_kind(v) == JV_KIND_NULL) {
		jd = jv_object_delete(jd, jv_string("date"));
	} else if (jv_get_kind(v) == JV_KIND_STRING && !is_iso_date(jv_string_value(v))) {
		char d[11];
		const char *s = jv_string_value(v);
		size_t n = iv_jd_date(s, d);

		if (!n || *iv_skip_space(s + n)) {
			jv e = jv_invalid_with_msg(jv_string_fmt("date: expected an ISO 8601 date (2026-11-20), got '%s'", s));

			jv_free(v);
			jv_free(jd);
			return e;
		}
		jd = jv_object_set(jd, jv_string("date"), jv_string(d));
	}
	jv_free(v);
	return jd;
}

/* The location's text for the store's location column and for people. */
static jv
location_text(jv jd)
{
	jv loc = iv_jget(jd, "location"), t;

	if (jv_get_kind(loc) == JV_KIND_STRING)
		return loc;
	if (jv_get_kind(loc) != JV_KIND_OBJECT) {
		jv_free(loc);
		return jv_null();
	}
	t = iv_jget(loc, "address");
	if (jv_get_kind(t) != JV_KIND_STRING) {
		jv_free(t);
		t = iv_jget(loc, "city");
	}
	jv_free(loc);
	return jv_get_kind(t) == JV_KIND_STRING ? t : (jv_free(t), jv_null());
}

static char *
check_jd(jv o)
{
	static const char *const strings[] = { "title", "company", "type", "date", "remote", "salary", "description",
					       "experience", "degree", "degree_preferred", "lang", NULL };
	static const char *const lists[] = { "responsibilities", "qualifications", "nice_to_have",
					     "required_skills", "preferred_skills", NULL };
	jv v;

	if (jv_get_kind(o) != JV_KIND_OBJECT)
		return iv_xasprintf("expected an object, got %s", iv_json_kind_name(jv_get_kind(o)));
	v = iv_jget(o, "required_skills");
	if (jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		return iv_xstrdup("not a job description (no required_skills; give the posting's text instead)");
	}
	jv_free(v);
	for (int i = 0; strings[i]; i++) {
		v = iv_jget(o, strings[i]);
		if (jv_get_kind(v) != JV_KIND_NULL && jv_get_kind(v) != JV_KIND_STRING) {
			char *e = iv_xasprintf("%s: expected string, got %s", strings[i], iv_json_kind_name(jv_get_kind(v)));

			jv_free(v);
			return e;
		}
		jv_free(v);
	}
	for (int i = 0; lists[i]; i++) {
		char *e = NULL;

		v = iv_jget(o, lists[i]);
		if (jv_get_kind(v) != JV_KIND_NULL && jv_get_kind(v) != JV_KIND_ARRAY)
			e = iv_xasprintf("%s: expected array, got %s", lists[i], iv_json_kind_name(jv_get_kind(v)));
		else if (jv_get_kind(v) == JV_KIND_ARRAY)
			jv_array_foreach(v, k, x) {
				if (!e && jv_get_kind(x) != JV_KIND_STRING)
					e = iv_xasprintf("%s[%d]: expected string, got %s", lists[i], k,
							 iv_json_kind_name(jv_get_kind(x)));
				jv_free(x);
			}
		jv_free(v);
		if (e)
			return e;
	}
	v = iv_jget(o, "location");
	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		char *e = NULL;

		jv_object_foreach(v, k, x) {
			if (!e && jv_get_kind(x) != JV_KIND_STRING)
				e = iv_xasprintf("location.%s: expected string, got %s", jv_string_value(k),
						 iv_json_kind_name(jv_get_kind(x)));
			jv_free(k);
			jv_free(x);
		}
		jv_free(v);
		if (e)
			return e;
	} else if (jv_get_kind(v) != JV_KIND_NULL) {
		char *e = iv_xasprintf("location: expected object, got %s", iv_json_kind_name(jv_get_kind(v)));

		jv_free(v);
		return e;
	} else {
		jv_free(v);
	}
	v = iv_jget(o, "min_years");
	if (jv_get_kind(v) != JV_KIND_NULL && jv_get_kind(v) != JV_KIND_NUMBER) {
		jv_free(v);
		return iv_xstrdup("min_years: expected number");
	}
	jv_free(v);
	return NULL;
}

jv
iv_jd_from_doc(const iv_doc *d, const char *source)
{
	jv j;

	if (!strcmp(d->type, "json")) {
		char *err;

		j = iv_jd_upgrade(iv_doc_json(d));
		if (!jv_is_valid(j))
			return j;
		if ((err = check_jd(j))) {
			jv e = jv_invalid_with_msg(jv_string(err));

			free(err);
			jv_free(j);
			return e;
		}
		j = jv_object_delete(j, jv_string("id"));
		j = jv_object_delete(j, jv_string("is_default"));
		j = jv_object_delete(j, jv_string("existing"));
	} else {
		j = iv_jd_parse(d->text);
		if (jv_array_length(iv_jget(j, "required_skills")) == 0 &&
		    jv_array_length(iv_jget(j, "preferred_skills")) == 0) {
			jv_free(j);
			return jv_invalid_with_msg(jv_string("no skills found in it; is it a job description?"));
		}
	}
	j = jv_object_set(j, jv_string("source"), jv_string(source));
	return jv_object_set(j, jv_string("sha256"), jv_string(d->sha256));
}

/* ---- the store ---- */

jv
iv_jd_store(sqlite3 *db, long long user_id, jv jd, const char *raw_text)
{
	int own = sqlite3_get_autocommit(db);
	char *sha = iv_jstrdup(jd, "sha256");
	const char *now = iv_now();
	jv row, out, params;
	long long id;
	int existing = 0;

	if (!sha)
		return jv_invalid_with_msg(jv_string("the job description has no sha256"));
	if (own && iv_db_begin(db) < 0) {
		free(sha);
		return jv_invalid_with_msg(jv_string(iv_db_error(db)));
	}
	row = iv_db_row(db, "SELECT id FROM job_descriptions WHERE user_id = ? AND sha256 = ?",
			JV_ARRAY(jv_number((double)user_id), jv_string(sha)));
	if (!jv_is_valid(row)) {
		out = row;
		goto fail;
	}
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		id = (long long)iv_jnum(row, "id", 0);
		existing = 1;
	} else {
		params = JV_ARRAY(jv_number((double)user_id), iv_jget(jd, "title"), iv_jget(jd, "company"),
				  location_text(jd), iv_jget(jd, "lang"), jv_string(sha), jv_string(raw_text));
		params = jv_array_concat(params, JV_ARRAY(jv_copy(jd), iv_jget(jd, "required_skills"),
							  iv_jget(jd, "preferred_skills"), jv_string(now), jv_string(now)));
		if (iv_db_exec(db, "INSERT INTO job_descriptions (user_id, title, company, location, lang, sha256, "
			       "raw_text, parsed_data, required_skills, preferred_skills, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", params) < 0) {
			jv_free(row);
			out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
			goto fail;
		}
		id = iv_db_last_id(db);
	}
	jv_free(row);
	if (iv_set_default(db, "job_descriptions", user_id, id) < 0) {
		out = jv_invalid_with_msg(jv_string(iv_db_error(db)));
		goto fail;
	}
	if (own && iv_db_commit(db) < 0) {
		free(sha);
		return jv_invalid_with_msg(jv_string("can't commit"));
	}
	free(sha);
	return JV_OBJECT(jv_string("id"), jv_number((double)id), jv_string("is_default"), jv_true(),
			 jv_string("existing"), jv_bool(existing));
fail:
	if (own)
		iv_db_rollback(db);
	free(sha);
	return out;
}

int
iv_jd_set_match(sqlite3 *db, long long user_id, long long id, long long resume_id, jv match)
{
	return iv_db_exec(db, "UPDATE job_descriptions SET match_analysis = ?, match_score = ?, resume_id = ?, "
			  "updated_at = ? WHERE user_id = ? AND id = ?",
			  JV_ARRAY(jv_copy(match), iv_jget(match, "score"),
				   resume_id ? jv_number((double)resume_id) : jv_null(), jv_string(iv_now()),
				   jv_number((double)user_id), jv_number((double)id)));
}
