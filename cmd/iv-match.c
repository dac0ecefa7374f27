/* iv-match — how well resumes fit a job description: a score with its
 * breakdown, matched and missing skills with evidence, and suggestions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "extract.h"
#include "jd.h"
#include "jsonl.h"
#include "maxsize.h"
#include "match.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "records.h"
#include "resume.h"
#include "store.h"

static const char help[] =
"Usage: iv-match [OPTIONS] < RESUMES\n"
"       iv-match [OPTIONS] --resume ID|default\n"
"Compare resumes with a job description and print one match object per\n"
"resume: score (0-100), breakdown, matched_skills with evidence,\n"
"missing_skills, suggestions. Resumes are JSON lines on standard input (as\n"
"iv-parse-resume prints them), or a stored resume; when standard input is a\n"
"terminal, the default resume.\n"
"\n"
"With the engine llm (config engine, IV_ENGINE) the model writes the\n"
"suggestions and a summary (the computed ones stay as builtin_suggestions);\n"
"the score and the skills stay computed. When its reply is unusable the\n"
"computed suggestions stay, with one line on stderr and \"fallback\": true.\n"
"\n"
"Options:\n"
"  -j, --jd FILE        the job description: text, Markdown, PDF, DOCX or an\n"
"                       iv-parse-jd object (default: the stored default JD)\n"
"      --jd-id ID       a stored job description\n"
"  -r, --resume ID      a stored resume; \"default\" for the default one\n"
"  -s, --store          keep the match as the JD's match analysis (a JD given\n"
"                       with --jd is stored first and becomes the default)\n"
"  -t, --text           print a readable report instead of JSON\n"
"  -m, --model NAME     the model (default: $IV_MODEL, llm.model, the profile's)\n"
"      --no-cache       neither use nor fill the store's cache of model replies\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input (a resume line that is not a resume, a\n"
"JD that can't be read, nothing stored to compare), 2 bad usage.\n";

enum { OPT_JD_ID = 0x100, OPT_NO_CACHE };

static const struct option longopts[] = {
	{ "jd", required_argument, 0, 'j' },
	{ "jd-id", required_argument, 0, OPT_JD_ID },
	{ "resume", required_argument, 0, 'r' },
	{ "store", no_argument, 0, 's' },
	{ "text", no_argument, 0, 't' },
	{ "model", required_argument, 0, 'm' },
	{ "no-cache", no_argument, 0, OPT_NO_CACHE },
	IV_COMMON_OPTIONS,
	{ 0 }
};

static int store, text;
static sqlite3 *db;
static long long user_id, jd_id;

static sqlite3 *
need_db(void)
{
	if (!db) {
		db = iv_db_open(store ? IV_DB_WRITE : IV_DB_READ);
		user_id = iv_db_user_id(db, store);
	}
	return db;
}

/* The JD from --jd FILE (stored with --store), --jd-id, or the default. */
static jv
load_jd(const char *file, long long id)
{
	jv row, jd;

	if (file) {
		iv_doc d;
		char *err;

		if (iv_doc_read_max(file, IV_MAX_DOC_TEXT, &d, &err) < 0)
			iv_die(IV_FAIL, "%s: %s", file, err);
		jd = iv_jd_from_doc(&d, file);
		if (!jv_is_valid(jd)) {
			jv m = jv_invalid_get_msg(jd);

			iv_die(IV_FAIL, "%s: %s", file, iv_jstr(m));
		}
		if (store) {
			jv s;

			need_db();
			s = iv_jd_store(db, user_id, jd, d.text);

			if (!jv_is_valid(s)) {
				jv m = jv_invalid_get_msg(s);

				iv_die(IV_FAIL, "%s: can't store it: %s", file, iv_jstr(m));
			}
			jd_id = (long long)iv_jnum(s, "id", 0);
			jv_free(s);
		}
		iv_doc_free(&d);
		return jd;
	}
	need_db();
	row = user_id ? iv_owned_get(db, "job_descriptions", user_id, id) : jv_null();
	if (jv_get_kind(row) != JV_KIND_OBJECT) {
		jv_free(row);
		if (id)
			iv_die(IV_FAIL, "no job description %lld", id);
		iv_die(IV_FAIL, "no job description: give --jd FILE, or add one with 'iv jd add FILE'");
	}
	jd_id = (long long)iv_jnum(row, "id", 0);
	jd = iv_jget(row, "parsed_data");
	jv_free(row);
	return jd;
}

/* A stored resume's parse, with its id; id 0 is the default. */
static jv
load_resume(long long id)
{
	jv row, r;

	need_db();
	row = user_id ? iv_owned_get(db, "resumes", user_id, id) : jv_null();
	if (jv_get_kind(row) != JV_KIND_OBJECT) {
		jv_free(row);
		if (id)
			iv_die(IV_FAIL, "no resume %lld", id);
		iv_die(IV_FAIL, "no resume stored yet: pipe one in, or add one with 'iv resume add FILE'");
	}
	r = jv_object_set(iv_jget(row, "parsed_data"), jv_string("id"), iv_jget(row, "id"));
	jv_free(row);
	return r;
}

/* The stored resume this object is: its id, or the one with its sha256. */
static long long
resume_id_of(jv resume)
{
	jv row;
	long long id = 0;

	if (!db || !user_id)
		return 0;
	if (iv_jnum(resume, "id", 0) > 0)
		row = iv_db_row(db, "SELECT id FROM resumes WHERE user_id = ? AND id = ?",
				JV_ARRAY(jv_number((double)user_id), iv_jget(resume, "id")));
	else
		row = iv_db_row(db, "SELECT id FROM resumes WHERE user_id = ? AND sha256 = ?",
				JV_ARRAY(jv_number((double)user_id), iv_jget(resume, "sha256")));
	if (jv_get_kind(row) == JV_KIND_OBJECT)
		id = (long long)iv_jnum(row, "id", 0);
	jv_free(row);
	return id;
}

static int
match_one(jv resume, jv jd)
{
	jv m = iv_match(resume, jd);
	long long rid = store ? resume_id_of(resume) : (long long)iv_jnum(resume, "id", 0);

	if (iv_agent_is_llm(NULL)) {
		/* the store, when there is one, caches the model's replies */
		if (!db && access(iv_db_path(), R_OK) == 0)
			need_db();
		m = iv_match_llm(db, resume, jd, m);
	}
	if (jd_id)
		m = jv_object_set(m, jv_string("jd_id"), jv_number((double)jd_id));
	if (rid)
		m = jv_object_set(m, jv_string("resume_id"), jv_number((double)rid));
	if (store) {
		if (iv_db_begin(db) < 0 || iv_jd_set_match(db, user_id, jd_id, rid, m) < 0 || iv_db_commit(db) < 0) {
			iv_warn("can't store the match: %s", iv_db_error(db));
			iv_db_rollback(db);
			jv_free(m);
			jv_free(resume);
			return IV_FAIL;
		}
	}
	if (text) {
		const char *term = getenv("TERM");

		iv_match_print(stdout, m, isatty(1) && !getenv("NO_COLOR") && term && strcmp(term, "dumb"));
		jv_free(m);
	} else {
		iv_jsonl_write(m);
	}
	jv_free(resume);
	return IV_OK;
}

int
main(int argc, char **argv)
{
	const char *jd_file = NULL, *resume_arg = NULL;
	long long jd_arg = 0;
	int c, rc = IV_OK;
	jv jd;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "j:r:stm:", longopts, help)) != -1)
		switch (c) {
		case 'j': jd_file = optarg; break;
		case OPT_JD_ID: jd_arg = iv_opt_long("--jd-id", optarg, 1, 0x7fffffffffffffffLL); break;
		case 'r': resume_arg = optarg; break;
		case 's': store = 1; break;
		case 't': text = 1; break;
		case 'm': iv_agent.model = optarg; break;
		case OPT_NO_CACHE: iv_agent.no_cache = 1; break;
		}
	if (optind < argc)
		iv_usage_error("unexpected argument '%s' (resumes come on standard input or with --resume)", argv[optind]);
	if (jd_file && jd_arg)
		iv_usage_error("--jd and --jd-id go alone");
	jd = load_jd(jd_file, jd_arg);
	if (store && !jd_id)
		iv_die(IV_FAIL, "--store needs a stored JD");
	if (resume_arg || isatty(0)) {
		long long id = 0;

		if (resume_arg && strcmp(resume_arg, "default"))
			id = iv_opt_long("--resume", resume_arg, 1, 0x7fffffffffffffffLL);
		rc = match_one(load_resume(id), jd);
	} else {
		iv_jsonl *r = iv_jsonl_open(stdin, "stdin", IV_JSONL_OBJECTS);
		int n = 0;
		jv v;

		while ((c = iv_jsonl_next(r, &v)) != 0) {
			char *err;

			if (c < 0) {
				iv_warn("%s", iv_jsonl_error(r));
				rc = IV_FAIL;
				continue;
			}
			n++;
			if ((err = iv_resume_check(v))) {
				iv_warn("stdin:%ld: %s", iv_jsonl_lineno(r), err);
				free(err);
				jv_free(v);
				rc = IV_FAIL;
				continue;
			}
			if (match_one(v, jd) != IV_OK)
				rc = IV_FAIL;
		}
		if (iv_jsonl_ioerror(r))
			rc = IV_FAIL;
		iv_jsonl_close(r);
		if (!n && rc == IV_OK)
			iv_die(IV_FAIL, "no resume on standard input (pipe one in from iv-parse-resume, or use --resume)");
	}
	jv_free(jd);
	if (db)
		iv_db_close(db);
	return iv_finish(rc);
}
