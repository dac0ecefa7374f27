/* iv-parse-jd — job descriptions (text, Markdown, PDF, DOCX) to JSON job
 * objects, one line each; with --store, kept as the user's default JD. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "jd.h"
#include "jsonl.h"
#include "maxsize.h"
#include "msg.h"
#include "opts.h"
#include "records.h"
#include "resume.h"
#include "store.h"

static const char help[] =
"Usage: iv-parse-jd [OPTIONS] [FILE...]\n"
"       iv-parse-jd --set-default ID\n"
"Read job descriptions (plain text, Markdown, PDF or DOCX, Chinese or English)\n"
"and print one JSON object per line in JSON Resume's job schema: title,\n"
"company, type, date, description, location {address, city, region,\n"
"countryCode}, remote (Full, Hybrid, None), salary, experience (Senior,\n"
"Mid-level, Junior), responsibilities, qualifications, skills; and iv's\n"
"nice_to_have, required_skills, preferred_skills, alternatives, min_years,\n"
"degree, degree_preferred, lang, source and sha256.\n"
"With no FILE, or when FILE is -, read standard input.\n"
"\n"
"Options:\n"
"  -s, --store          keep each JD in the store and make it the default\n"
"                       (the same text twice is kept once); adds id\n"
"      --set-default ID make stored JD ID the default\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 a file that could not be read or parsed (the\n"
"others are still printed), 2 bad usage.\n";

enum { OPT_SET_DEFAULT = 0x100 };

static const struct option longopts[] = {
	{ "store", no_argument, 0, 's' },
	{ "set-default", required_argument, 0, OPT_SET_DEFAULT },
	IV_COMMON_OPTIONS,
	{ 0 }
};

static int store;
static sqlite3 *db;
static long long user_id;

/* The stored JD as its parse printed it, with id and is_default. */
static jv
stored_jd(jv row)
{
	jv j = iv_jget(row, "parsed_data");

	j = jv_object_set(j, jv_string("id"), iv_jget(row, "id"));
	j = jv_object_set(j, jv_string("is_default"), jv_bool(iv_jnum(row, "is_default", 0) != 0));
	jv_free(row);
	return j;
}

static int
parse_one(const char *path)
{
	const char *name = strcmp(path, "-") ? path : "stdin";
	iv_doc d;
	char *err;
	jv j;

	if (iv_doc_read_max(path, IV_MAX_DOC_TEXT, &d, &err) < 0) {
		iv_warn("%s: %s", name, err);
		free(err);
		return IV_FAIL;
	}
	j = iv_jd_from_doc(&d, path);
	if (!jv_is_valid(j)) {
		jv m = jv_invalid_get_msg(j);

		iv_warn("%s: %s", name, iv_jstr(m));
		jv_free(m);
		iv_doc_free(&d);
		return IV_FAIL;
	}
	if (store) {
		jv s = iv_jd_store(db, user_id, j, d.text);

		if (!jv_is_valid(s)) {
			jv m = jv_invalid_get_msg(s);

			iv_warn("%s: can't store it: %s", name, iv_jstr(m));
			jv_free(m);
			jv_free(j);
			iv_doc_free(&d);
			return IV_FAIL;
		}
		jv_object_foreach(s, k, v)
			j = jv_object_set(j, k, v);
		jv_free(s);
	}
	iv_jsonl_write(j);
	iv_doc_free(&d);
	return IV_OK;
}

int
main(int argc, char **argv)
{
	int c, rc = IV_OK;
	long long default_id = 0;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "s", longopts, help)) != -1)
		switch (c) {
		case 's': store = 1; break;
		case OPT_SET_DEFAULT:
			default_id = iv_opt_long("--set-default", optarg, 1, 0x7fffffffffffffffLL);
			break;
		}
	if (default_id && (optind < argc || store))
		iv_usage_error("--set-default takes no files");
	if (default_id) {
		jv row;

		db = iv_db_open(IV_DB_WRITE);
		row = iv_make_default(db, "job_descriptions", "job description", iv_db_user_id(db, 1), default_id);
		if (jv_is_valid(row))
			iv_jsonl_write(stored_jd(row));
		else
			rc = iv_warn_invalid(row);
		iv_db_close(db);
		return iv_finish(rc);
	}
	if (store) {
		db = iv_db_open(IV_DB_WRITE);
		user_id = iv_db_user_id(db, 1);
	}
	if (optind == argc)
		rc = parse_one("-");
	for (int i = optind; i < argc; i++)
		if (parse_one(argv[i]) != IV_OK)
			rc = IV_FAIL;
	if (db)
		iv_db_close(db);
	return iv_finish(rc);
}
