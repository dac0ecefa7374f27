/* iv-parse-resume — resumes (PDF, DOCX, Markdown, text, JSON Resume) to
 * JSON Resume objects, one line each; with --store, kept in the store. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "extract.h"
#include "jsonl.h"
#include "maxsize.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "records.h"
#include "resume.h"
#include "store.h"

static const char help[] =
"Usage: iv-parse-resume [OPTIONS] [FILE...]\n"
"       iv-parse-resume --set-default ID\n"
"Read resumes (PDF, DOCX, Markdown, plain text or JSON Resume) and print one\n"
"JSON Resume object per line, with extracted_skills, lang, source and sha256.\n"
"With no FILE, or when FILE is -, read standard input.\n"
"\n"
"Options:\n"
"  -s, --store          keep each resume in the store as the user's next\n"
"                       version (the same file twice is kept once); adds id\n"
"  -d, --default        with --store: make it the default resume\n"
"  -t, --text           print the text read from each file instead\n"
"  -l, --llm            let the model refine the extraction (a JSON Resume is\n"
"                       taken as it is): it corrects the parse from the text;\n"
"                       what the text does not hold is dropped, and an\n"
"                       unusable reply keeps the parse (one line on stderr)\n"
"  -m, --model NAME     the model (default: $IV_MODEL, llm.model, the profile's)\n"
"      --no-cache       neither use nor fill the store's cache of model replies\n"
"      --set-default ID make stored resume ID the default\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 a file that could not be read or parsed (the\n"
"others are still printed), 2 bad usage.\n";

enum { OPT_SET_DEFAULT = 0x100, OPT_NO_CACHE };

static const struct option longopts[] = {
	{ "store", no_argument, 0, 's' },
	{ "default", no_argument, 0, 'd' },
	{ "text", no_argument, 0, 't' },
	{ "llm", no_argument, 0, 'l' },
	{ "model", required_argument, 0, 'm' },
	{ "no-cache", no_argument, 0, OPT_NO_CACHE },
	{ "set-default", required_argument, 0, OPT_SET_DEFAULT },
	IV_COMMON_OPTIONS,
	{ 0 }
};

static int store, make_default, text_only, llm;
static sqlite3 *db;
static long long user_id;

/* The stored resume as its parse printed it, with id, version, is_default. */
static jv
stored_resume(jv row)
{
	jv r = iv_jget(row, "parsed_data");

	r = jv_object_set(r, jv_string("id"), iv_jget(row, "id"));
	r = jv_object_set(r, jv_string("version"), iv_jget(row, "version"));
	r = jv_object_set(r, jv_string("is_default"), jv_bool(iv_jnum(row, "is_default", 0) != 0));
	jv_free(row);
	return r;
}

static int
parse_one(const char *path)
{
	iv_doc d;
	char *err;
	jv r;

	if (iv_doc_read_max(path, IV_MAX_DOC_TEXT, &d, &err) < 0) {
		iv_warn("%s: %s", strcmp(path, "-") ? path : "stdin", err);
		free(err);
		return IV_FAIL;
	}
	if (text_only) {
		fwrite(d.text, 1, d.len, stdout);
		if (d.len && d.text[d.len - 1] != '\n')
			putchar('\n');
		iv_doc_free(&d);
		return IV_OK;
	}
	r = iv_resume_from_doc(&d, path);
	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		iv_warn("%s: %s", strcmp(path, "-") ? path : "stdin", iv_jstr(m));
		jv_free(m);
		iv_doc_free(&d);
		return IV_FAIL;
	}
	if (llm && strcmp(d.type, "json"))
		r = iv_resume_llm(db, &d, path, r);
	if (store) {
		jv s = iv_resume_store(db, user_id, r, d.type, make_default);

		if (!jv_is_valid(s)) {
			jv m = jv_invalid_get_msg(s);

			iv_warn("%s: can't store it: %s", path, iv_jstr(m));
			jv_free(m);
			jv_free(r);
			iv_doc_free(&d);
			return IV_FAIL;
		}
		jv_object_foreach(s, k, v)
			r = jv_object_set(r, k, v);
		jv_free(s);
	}
	iv_jsonl_write(r);
	iv_doc_free(&d);
	return IV_OK;
}

static long long
id_arg(const char *opt, const char *arg)
{
	return iv_opt_long(opt, arg, 1, 0x7fffffffffffffffLL);
}

int
main(int argc, char **argv)
{
	int c, rc = IV_OK;
	long long default_id = 0;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "sdtlm:", longopts, help)) != -1)
		switch (c) {
		case 's': store = 1; break;
		case 'd': make_default = 1; break;
		case 't': text_only = 1; break;
		case OPT_SET_DEFAULT: default_id = id_arg("--set-default", optarg); break;
		case 'l': llm = 1; break;
		case 'm': iv_agent.model = optarg; break;
		case OPT_NO_CACHE: iv_agent.no_cache = 1; break;
		}
	if (!llm && (iv_agent.model || iv_agent.no_cache))
		iv_usage_error("--model and --no-cache go with --llm");
	if (default_id && (optind < argc || store || text_only))
		iv_usage_error("--set-default takes no files");
	if (make_default && !store)
		iv_usage_error("--default needs --store");
	if (store && text_only)
		iv_usage_error("--text prints text; it can't be stored");
	if (llm && text_only)
		iv_usage_error("--text prints text; there is no parse to refine");
	if (default_id) {
		jv row;

		db = iv_db_open(IV_DB_WRITE);
		row = iv_make_default(db, "resumes", "resume", iv_db_user_id(db, 1), default_id);
		if (jv_is_valid(row))
			iv_jsonl_write(stored_resume(row));
		else
			rc = iv_warn_invalid(row);
		iv_db_close(db);
		return iv_finish(rc);
	}
	if (store) {
		db = iv_db_open(IV_DB_WRITE);
		user_id = iv_db_user_id(db, 1);
	} else if (llm && access(iv_db_path(), R_OK) == 0) {
		/* the store, when there is one, caches the model's replies */
		db = iv_db_open(IV_DB_READ);
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
