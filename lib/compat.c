#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "resume_lines.h"
#include "jd.h"
#include "jsonl.h"
#include "msg.h"

/* What a current position's end was written as. */
static const char *const current[] = {
	"present", "current", "now", "today", "ongoing", "至今", "今", "现在", "目前", "迄今", NULL,
};

static int
is_current(const char *s)
{
	for (int i = 0; current[i]; i++)
		if (!strcasecmp(s, current[i]))
			return 1;
	return 0;
}

/* o (consumed) with the value v (consumed) the schema can't hold as key
 * kept beside it as key_text ("endDate_text": "不详"), never dropped. */
static jv
set_aside(jv o, const char *key, jv v)
{
	char *k = iv_xasprintf("%s_text", key);

	o = jv_object_delete(o, jv_string(key));
	o = jv_object_set(o, jv_string(k), v);
	free(k);
	return o;
}

/* o (consumed) with its date field key in ISO 8601 when it can be read so;
 * an endDate that says "still here" removed. */
static jv
fix_date(jv o, const char *key, int is_end)
{
	jv v = iv_jget(o, key);

	if (jv_get_kind(v) == JV_KIND_STRING) {
		const char *s = jv_string_value(v);
		char iso[11];
		size_t n;

		if (is_end && is_current(s))
			o = jv_object_delete(o, jv_string(key));
		else if ((n = iv_jd_date(s, iso)) && !*iv_skip_space(s + n))
			o = strcmp(s, iso) ? jv_object_set(o, jv_string(key), jv_string(iso)) : o;
		else
			o = set_aside(o, key, jv_copy(v));
	} else if (jv_get_kind(v) == JV_KIND_NULL && jv_object_has(jv_copy(o), jv_string(key))) {
		o = jv_object_delete(o, jv_string(key));
	}
	jv_free(v);
	return o;
}

/* A web address without a scheme ("github.com/li", "www.example.org"). */
static int
bare_host(const char *s)
{
	const char *dot = strchr(s, '.');

	if (!*s || strstr(s, "://") || !dot || dot == s || strpbrk(s, " \t@") || !strncasecmp(s, "mailto:", 7))
		return 0;
	for (const char *p = s; p < dot; p++)
		if (!isalnum((unsigned char)*p) && *p != '-')
			return 0;
	return 1;
}

/* An absolute URI as JSON Schema's "uri" format has it: a scheme, then
 * no spaces. */
static int
is_uri(const char *s)
{
	const char *p = s;

	if (!isalpha((unsigned char)*p))
		return 0;
	while (isalnum((unsigned char)*p) || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':' && p[1] && !strpbrk(s, " \t\n<>\"{}|\\^`");
}

static jv
fix_url(jv o)
{
	jv v = iv_jget(o, "url");

	if (jv_get_kind(v) == JV_KIND_STRING && !is_uri(jv_string_value(v))) {
		if (bare_host(jv_string_value(v)))
			o = jv_object_set(o, jv_string("url"), jv_string_fmt("https://%s", jv_string_value(v)));
		else
			o = set_aside(o, "url", jv_copy(v));
	}
	jv_free(v);
	return o;
}

/* user@host.domain, as JSON Schema's "email" format has it, roughly. */
static int
is_email(const char *s)
{
	const char *at = strchr(s, '@');

	return at && at > s && !strchr(at + 1, '@') && strchr(at + 1, '.') && at[1] != '.' &&
	       s[strlen(s) - 1] != '.' && !strpbrk(s, " \t\n<>()[],;:\"");
}

static jv
fix_entries(jv r, const char *section, const char *const *dates)
{
	jv list = iv_jget(r, section), out;

	if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		return r;
	}
	out = jv_array();
	jv_array_foreach(list, i, e) {
		if (jv_get_kind(e) == JV_KIND_OBJECT) {
			for (int k = 0; dates[k]; k++)
				e = fix_date(e, dates[k], !strcmp(dates[k], "endDate"));
			e = fix_url(e);
		}
		out = jv_array_append(out, e);
	}
	jv_free(list);
	return jv_object_set(r, jv_string(section), out);
}

jv
iv_resume_upgrade(jv r)
{
	static const char *const span[] = { "startDate", "endDate", NULL };
	static const char *const date[] = { "date", NULL };
	static const char *const release[] = { "releaseDate", NULL };
	static const char *const none[] = { NULL };
	jv basics;

	if (jv_get_kind(r) != JV_KIND_OBJECT)
		return r;
	r = fix_entries(r, "work", span);
	r = fix_entries(r, "volunteer", span);
	r = fix_entries(r, "education", span);
	r = fix_entries(r, "projects", span);
	r = fix_entries(r, "awards", date);
	r = fix_entries(r, "certificates", date);
	r = fix_entries(r, "publications", release);
	basics = iv_jget(r, "basics");
	if (jv_get_kind(basics) == JV_KIND_OBJECT) {
		jv email = iv_jget(basics, "email");

		if (jv_get_kind(email) == JV_KIND_STRING && !is_email(jv_string_value(email)))
			basics = set_aside(basics, "email", jv_copy(email));
		jv_free(email);
		basics = fix_url(basics);
		basics = fix_entries(basics, "profiles", none);
		r = jv_object_set(r, jv_string("basics"), basics);
	} else {
		jv_free(basics);
	}
	return r;
}

jv
iv_compat_row(const char *table, jv row)
{
	int resume = !strcmp(table, "resumes");
	jv p;

	if (!resume && strcmp(table, "job_descriptions"))
		return row;
	p = iv_jget(row, "parsed_data");
	if (jv_get_kind(p) != JV_KIND_OBJECT) {
		jv_free(p);
		return row;
	}
	p = resume ? iv_resume_upgrade(p) : iv_jd_upgrade(p);
	if (!jv_is_valid(p)) {
		jv_free(p);	/* kept as it was: the reader says what is wrong */
		return row;
	}
	return jv_object_set(row, jv_string("parsed_data"), p);
}

/* iv_upgrade_resume(json), iv_upgrade_jd(json) */
static void
sql_upgrade(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	jv (*upgrade)(jv) = (jv (*)(jv))sqlite3_user_data(ctx);
	const char *text = (const char *)sqlite3_value_text(argv[0]);
	jv doc, dumped;

	(void)argc;
	if (!text) {
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	doc = jv_parse(text);
	if (jv_get_kind(doc) != JV_KIND_OBJECT) {
		jv_free(doc);
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	doc = upgrade(doc);
	if (!jv_is_valid(doc)) {
		jv_free(doc);
		sqlite3_result_value(ctx, argv[0]);
		return;
	}
	dumped = jv_dump_string(doc, 0);
	sqlite3_result_text(ctx, jv_string_value(dumped), -1, SQLITE_TRANSIENT);
	jv_free(dumped);
}

int
iv_compat_register(sqlite3 *db)
{
	int rc = sqlite3_create_function(db, "iv_upgrade_resume", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
					 (void *)iv_resume_upgrade, sql_upgrade, NULL, NULL);

	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(db, "iv_upgrade_jd", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
					     (void *)iv_jd_upgrade, sql_upgrade, NULL, NULL);
	return rc;
}
