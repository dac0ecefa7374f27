/* iv-store — the interview records service: the store's sessions, records,
 * resumes, job descriptions, export and import, as JSON lines. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "records.h"
#include "session.h"
#include "store.h"
#include "table.h"

static const char help[] =
"Usage: iv-store [--db PATH] [--user NAME] COMMAND [ARGS]\n"
"The interview records service: read and write the iv store as JSON lines.\n"
"\n"
"Commands:\n"
"  init                 create the store (and its folder) if missing\n"
"  check                check the store's integrity and schema, and the config\n"
"  path [db|config|data|share]\n"
"                       print where iv keeps things\n"
"  sessions create|list|show|update\n"
"                       interview sessions\n"
"  turns add|list|update\n"
"                       a session's questions and answers, one turn at a time\n"
"  records add|list     questions with their answers, scores and feedback\n"
"  resumes list|show [ID]\n"
"                       the resumes kept (show: the default one, else the latest)\n"
"  jds list|show [ID]   the job descriptions kept\n"
"  pending [--model NAME]\n"
"                       knowledge waiting to be embedded (for iv-embed --store)\n"
"  export               the whole store as JSON lines\n"
"  import [FILE]        read an export into the store, all or nothing\n"
"\n"
"  sessions create [--type mock|real] [--resume ID] [--jd ID] [--lang zh|en]\n"
"                  [--rounds N] [--engine NAME] [--model NAME] [--metadata JSON]\n"
"                  (no options, stdin not a terminal: a JSON object on stdin)\n"
"  sessions list [FILTERS] [--resume ID] [--jd ID]\n"
"  sessions show ID [--turns]\n"
"  sessions update ID [--status S] [--metadata JSON] [--summary -|FILE]\n"
"  turns add --session ID       stdin: {role, content, reply_to, score, metadata}\n"
"  turns list --session ID\n"
"  turns update ID [--score X] [--metadata JSON]\n"
"  records add                  stdin: {session_id, question, answer, score,\n"
"                                       feedback, metadata}\n"
"  records list [FILTERS] [--session ID] [--text TEXT] [--skill PATH]\n"
"\n"
"Filters and output of list commands:\n"
"      --status S       the session is ongoing, paused, completed or cancelled\n"
"      --type T         the session is mock or real\n"
"      --since DATE     created on or after DATE (YYYY-MM-DD[THH:MM[:SS]], UTC)\n"
"      --until DATE     created on or before DATE (a bare date: to its end)\n"
"      --min-score X    a score of at least X (sessions: overall, records: the\n"
"                       answer's)\n"
"      --max-score X    a score of at most X\n"
"      --resume ID, --jd ID\n"
"                       sessions for this resume or job description\n"
"      --text TEXT      records whose question or answer holds TEXT (ASCII\n"
"                       letters in any case)\n"
"      --skill PATH     records whose question's skill_path is PATH or under\n"
"                       it, or whose topic is PATH\n"
"      --sort KEY       order by KEY, -KEY descending (sessions: created_at,\n"
"                       updated_at, round_number, overall_score, id; records:\n"
"                       created_at, score, session_id, id)\n"
"      --session ID     records of this session only\n"
"      --limit N        at most N rows\n"
"      --offset N       skip the first N rows\n"
"      --table          a table for people instead of JSON lines\n"
"\n"
"Options:\n"
"      --db PATH        the store (default: $IV_DB, else the config's db,\n"
"                       else $XDG_DATA_HOME/iv/iv.db)\n"
"      --user NAME      act for this user (default: $IV_USER, else the\n"
"                       config's user, else \"default\")\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or a failed step, 2 bad usage.\n";

static const struct option global_opts[] = { IV_COMMON_OPTIONS, { 0 } };

/* Parse a subcommand's options: only the common ones unless it has more. */
static void
no_more_options(int argc, char **argv, const char *usage)
{
	optind = 0;
	while (iv_getopt(argc, argv, "", global_opts, usage) != -1)
		;
}

static int
cmd_init(int argc, char **argv)
{
	sqlite3 *db;

	no_more_options(argc, argv, help);
	if (optind < argc)
		iv_usage_error("init takes no arguments");
	db = iv_db_open(IV_DB_WRITE);
	iv_db_user_id(db, 1);
	iv_db_close(db);
	printf("%s\n", iv_db_path());
	return IV_OK;
}

static int
cmd_check(int argc, char **argv)
{
	int problems = 0, errors = 0, version = 0;
	char *report;
	sqlite3 *db;
	jv rows;

	no_more_options(argc, argv, help);
	if (optind < argc)
		iv_usage_error("check takes no arguments");
	report = iv_config_check(&errors);
	if (report)
		for (char *line = strtok(report, "\n"); line; line = strtok(NULL, "\n"))
			iv_warn("config: %s", line);
	free(report);
	if (errors)
		problems++;
	else
		printf("ok config %s\n", iv_path_config());

	db = iv_db_open(IV_DB_READ);
	rows = iv_db_query(db, "PRAGMA integrity_check", jv_null());
	if (!jv_is_valid(rows)) {
		jv m = jv_invalid_get_msg(rows);

		iv_warn("store %s: %s", iv_db_path(), jv_string_value(m));
		jv_free(m);
		problems++;
	} else {
		int ok = 1;

		jv_array_foreach(rows, i, r) {
			jv v = iv_jget(r, "integrity_check");

			if (strcmp(iv_jstr(v), "ok")) {
				iv_warn("store %s: %s", iv_db_path(), iv_jstr(v));
				ok = 0;
			}
			jv_free(v);
			jv_free(r);
		}
		jv_free(rows);
		{
			jv fk = iv_db_query(db, "PRAGMA foreign_key_check", jv_null());

			if (jv_is_valid(fk) && jv_array_length(jv_copy(fk)) > 0) {
				iv_warn("store %s: %d rows break foreign keys", iv_db_path(),
					jv_array_length(jv_copy(fk)));
				ok = 0;
			}
			jv_free(fk);
		}
		{
			jv v = iv_db_row(db, "PRAGMA user_version", jv_null());

			version = (int)iv_jnum(v, "user_version", 0);
			jv_free(v);
		}
		if (ok)
			printf("ok store %s (schema %d, integrity ok)\n", iv_db_path(), version);
		else
			problems++;
	}
	iv_db_close(db);
	return problems ? IV_FAIL : IV_OK;
}

static int
cmd_path(int argc, char **argv)
{
	const char *what;

	no_more_options(argc, argv, help);
	if (argc - optind > 1)
		iv_usage_error("path takes one argument: db, config, data or share");
	what = optind < argc ? argv[optind] : "db";
	if (!strcmp(what, "db"))
		puts(iv_db_path());
	else if (!strcmp(what, "config"))
		puts(iv_path_config());
	else if (!strcmp(what, "data"))
		puts(iv_path_data_dir());
	else if (!strcmp(what, "share"))
		puts(iv_path_share());
	else
		iv_usage_error("unknown path '%s' (db, config, data or share)", what);
	return IV_OK;
}

/* ---- options shared by the record commands ---- */

enum {
	O_TYPE = 1, O_RESUME, O_JD, O_LANG, O_ROUNDS, O_ENGINE, O_MODEL, O_METADATA,
	O_STATUS, O_SINCE, O_UNTIL, O_MIN_SCORE, O_LIMIT, O_OFFSET, O_SESSION, O_TABLE,
	O_TURNS, O_SUMMARY, O_SCORE, O_MAX_SCORE, O_TEXT, O_SKILL, O_SORT,
};

#define OPT_ARG(name, code) { name, required_argument, 0, code }
#define OPT_FLAG(name, code) { name, no_argument, 0, code }
#define OPTS_FILTER \
	OPT_ARG("since", O_SINCE), OPT_ARG("until", O_UNTIL), OPT_ARG("limit", O_LIMIT), \
	OPT_ARG("offset", O_OFFSET), OPT_FLAG("table", O_TABLE)
#define OPTS_SESSION_FILTER \
	OPTS_FILTER, OPT_ARG("status", O_STATUS), OPT_ARG("type", O_TYPE), \
	OPT_ARG("min-score", O_MIN_SCORE), OPT_ARG("max-score", O_MAX_SCORE), \
	OPT_ARG("sort", O_SORT)

/* What the options of one command said. */
typedef struct {
	iv_filter f;
	int table, turns, nfields;
	jv fields;		/* session fields (create) or changes (update) */
	const char *model, *summary, *sort;
} args;

static long long
id_arg(const char *what, const char *arg)
{
	char *end;
	long long id = strtoll(arg, &end, 10);

	if (!*arg || *end || id < 1)
		iv_usage_error("'%s' is not a %s id (a whole number from 1)", arg, what);
	return id;
}

/* A JSON object given as an option's value. */
static jv
object_arg(const char *opt, const char *arg)
{
	jv v = iv_json_parse(arg, strlen(arg));

	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);

		iv_usage_error("option '%s': %s", opt, jv_string_value(m));
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT)
		iv_usage_error("option '%s' takes a JSON object, not %s", opt,
			       iv_json_kind_name(jv_get_kind(v)));
	return v;
}

static const char *
choice_arg(const char *opt, const char *arg, const char *const *choices, const char *shown)
{
	for (int i = 0; choices[i]; i++)
		if (!strcmp(arg, choices[i]))
			return arg;
	iv_usage_error("option '%s' takes %s, not '%s'", opt, shown, arg);
}

static const char *const session_types[] = { "mock", "real", NULL };
static const char *const session_statuses[] = { "ongoing", "paused", "completed", "cancelled", NULL };
static const char *const langs[] = { "zh", "en", NULL };

static void
set_field(args *a, const char *key, jv v)
{
	a->fields = jv_object_set(a->fields, jv_string(key), v);
	a->nfields++;
}

static void
parse_args(int argc, char **argv, const struct option *opts, args *a)
{
	int c;

	*a = (args){ .f = IV_FILTER_INIT, .fields = jv_object() };
	optind = 0;
	while ((c = iv_getopt(argc, argv, "", opts, help)) != -1) {
		switch (c) {
		case O_TYPE:
			a->f.type = choice_arg("--type", optarg, session_types, "mock or real");
			set_field(a, "session_type", jv_string(optarg));
			break;
		case O_RESUME:
			a->f.resume_id = id_arg("resume", optarg);
			set_field(a, "resume_id", jv_number((double)a->f.resume_id));
			break;
		case O_JD:
			a->f.jd_id = id_arg("job description", optarg);
			set_field(a, "jd_id", jv_number((double)a->f.jd_id));
			break;
		case O_LANG:
			set_field(a, "lang", jv_string(choice_arg("--lang", optarg, langs, "zh or en")));
			break;
		case O_ROUNDS:
			set_field(a, "max_rounds", jv_number(iv_opt_long("--rounds", optarg, 1, 50)));
			break;
		case O_ENGINE:
			if (!*optarg)
				iv_usage_error("option '--engine' needs a name");
			set_field(a, "engine", jv_string(optarg));
			break;
		case O_MODEL:
			if (!*optarg)
				iv_usage_error("option '--model' needs a name");
			a->model = optarg;
			set_field(a, "model", jv_string(optarg));
			break;
		case O_METADATA:
			set_field(a, "metadata", object_arg("--metadata", optarg));
			break;
		case O_STATUS:
			a->f.status = choice_arg("--status", optarg, session_statuses,
						 "ongoing, paused, completed or cancelled");
			set_field(a, "status", jv_string(optarg));
			break;
		case O_SINCE:
			if (iv_filter_since(&a->f, optarg) < 0)
				iv_usage_error("option '--since' takes a date (YYYY-MM-DD[THH:MM[:SS]]), not '%s'", optarg);
			break;
		case O_UNTIL:
			if (iv_filter_until(&a->f, optarg) < 0)
				iv_usage_error("option '--until' takes a date (YYYY-MM-DD[THH:MM[:SS]]), not '%s'", optarg);
			break;
		case O_MIN_SCORE:
			a->f.has_min_score = 1;
			a->f.min_score = iv_opt_num("--min-score", optarg, 0, 10);
			break;
		case O_MAX_SCORE:
			a->f.has_max_score = 1;
			a->f.max_score = iv_opt_num("--max-score", optarg, 0, 10);
			break;
		case O_TEXT:
			a->f.text = optarg;
			break;
		case O_SKILL:
			a->f.skill = optarg;
			break;
		case O_SORT:
			a->sort = optarg;
			break;
		case O_LIMIT:
			a->f.limit = iv_opt_long("--limit", optarg, 0, LONG_MAX);
			break;
		case O_OFFSET:
			a->f.offset = iv_opt_long("--offset", optarg, 0, LONG_MAX);
			break;
		case O_SESSION:
			a->f.session_id = id_arg("session", optarg);
			break;
		case O_TABLE:
			a->table = 1;
			break;
		case O_TURNS:
			a->turns = 1;
			break;
		case O_SUMMARY:
			a->summary = optarg;
			a->nfields++;
			break;
		case O_SCORE:
			set_field(a, "score", jv_number(iv_opt_num("--score", optarg, 0, 10)));
			break;
		}
	}
}

/* --sort KEY or -KEY for sessions or records. */
static void
sort_arg(args *a, int which)
{
	const char *const *keys = which == IV_SORT_RECORDS ? iv_record_sort_keys : iv_session_sort_keys;
	iv_buf b = IV_BUF_INIT;

	if (!a->sort || iv_filter_sort(&a->f, which, a->sort) == 0)
		return;
	for (int i = 0; keys[i]; i++)
		iv_buf_printf(&b, "%s%s", i ? ", " : "", keys[i]);
	iv_usage_error("option '--sort' takes %s (-KEY: descending), not '%s'", b.s, a->sort);
}

/* The one operand of "show ID" and "update ID". */
static long long
one_id(int argc, char **argv, const char *what)
{
	if (optind >= argc)
		iv_usage_error("%s %s needs a %s id", what, argv[0], what);
	if (argc - optind > 1)
		iv_usage_error("%s %s takes one id, not '%s'", what, argv[0], argv[optind + 1]);
	return id_arg(what, argv[optind]);
}

static void
no_operands(int argc, char **argv, const char *what)
{
	if (optind < argc)
		iv_usage_error("%s %s takes no arguments ('%s')", what, argv[0], argv[optind]);
}

/* A failed step (v is consumed): its reason, and IV_FAIL. */
static int
failed(jv v, const char *prefix)
{
	jv m;

	if (!prefix)
		return iv_warn_invalid(v);
	m = jv_invalid_get_msg(v);
	iv_warn("%s%s", prefix, jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "failed");
	jv_free(m);
	return IV_FAIL;
}

/* Print one row (consumed): the row, or null as "no WHAT ID". */
static int
print_row(jv row, const char *what, long long id)
{
	if (!jv_is_valid(row))
		return failed(row, NULL);
	if (jv_get_kind(row) == JV_KIND_NULL) {
		if (id)
			iv_warn("no %s %lld", what, id);
		else
			iv_warn("no %s yet", what);
		return IV_FAIL;
	}
	iv_jsonl_write(row);
	return IV_OK;
}

/* Print rows (consumed) as JSON lines, or as a table with cols. */
static int
print_rows(jv rows, const iv_table_col *cols, int table)
{
	if (!jv_is_valid(rows))
		return failed(rows, NULL);
	if (table)
		iv_table_print(stdout, rows, cols, 0);
	else
		jv_array_foreach(rows, i, r)
			iv_jsonl_write(r);
	jv_free(rows);
	return IV_OK;
}

/* The current user's id in db; 0 when the user has no rows yet. */
static long long
reader_id(sqlite3 *db)
{
	return iv_db_user_id(db, 0);
}

/* ---- sessions ---- */

static const iv_table_col session_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "round_number", "ROUND", IV_TABLE_RIGHT },
	{ "session_type", "TYPE", 0 }, { "status", "STATUS", 0 }, { "lang", "LANG", 0 },
	{ "engine", "ENGINE", 0 }, { "overall_score", "SCORE", IV_TABLE_RIGHT },
	{ "created_at", "CREATED", IV_TABLE_TIME }, { 0 },
};

/* The session fields on stdin, for create without options. */
static jv
fields_from_stdin(void)
{
	iv_buf b = IV_BUF_INIT;
	jv v;
	size_t i;

	if (iv_buf_read_stream(&b, stdin, IV_JSONL_MAX_LINE) < 0)
		iv_die(IV_FAIL, "can't read stdin: %s", strerror(errno));
	for (i = 0; i < b.len && strchr(" \t\r\n", b.s[i]); i++)
		;
	v = i == b.len ? jv_object() : iv_json_parse(b.s, b.len);
	iv_buf_free(&b);
	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);

		iv_die(IV_FAIL, "stdin: %s", jv_string_value(m));
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT)
		iv_die(IV_FAIL, "stdin: expected a JSON object, got %s", iv_json_kind_name(jv_get_kind(v)));
	return v;
}

static int
sessions_create(int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_ARG("type", O_TYPE), OPT_ARG("resume", O_RESUME), OPT_ARG("jd", O_JD),
		OPT_ARG("lang", O_LANG), OPT_ARG("rounds", O_ROUNDS), OPT_ARG("engine", O_ENGINE),
		OPT_ARG("model", O_MODEL), OPT_ARG("metadata", O_METADATA), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	jv fields, row;
	int rc;

	parse_args(argc, argv, opts, &a);
	no_operands(argc, argv, "sessions");
	fields = a.fields;
	if (!a.nfields && !isatty(STDIN_FILENO)) {
		jv_free(fields);
		fields = fields_from_stdin();
	}
	if (!jv_object_has(jv_copy(fields), jv_string("max_rounds")))
		fields = jv_object_set(fields, jv_string("max_rounds"),
				       jv_number((double)iv_config_int("interview.rounds", 5)));
	db = iv_db_open(IV_DB_WRITE);
	if (iv_db_begin(db) < 0) {
		jv_free(fields);
		iv_db_close(db);
		return IV_FAIL;
	}
	row = iv_session_create(db, iv_db_user_id(db, 1), fields);
	if (!jv_is_valid(row)) {
		iv_db_rollback(db);
		rc = failed(row, NULL);
	} else if (iv_db_commit(db) < 0) {
		jv_free(row);
		rc = IV_FAIL;
	} else {
		rc = print_row(row, "session", 0);
	}
	iv_db_close(db);
	return rc;
}

static int
sessions_list(int argc, char **argv)
{
	static const struct option opts[] = {
		OPTS_SESSION_FILTER, OPT_ARG("resume", O_RESUME), OPT_ARG("jd", O_JD), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	long long uid;
	int rc;

	parse_args(argc, argv, opts, &a);
	sort_arg(&a, IV_SORT_SESSIONS);
	jv_free(a.fields);
	no_operands(argc, argv, "sessions");
	db = iv_db_open(IV_DB_READ);
	uid = reader_id(db);
	rc = print_rows(uid ? iv_sessions_list(db, uid, &a.f) : jv_array(), session_cols, a.table);
	iv_db_close(db);
	return rc;
}

static int
sessions_show(int argc, char **argv)
{
	static const struct option opts[] = { OPT_FLAG("turns", O_TURNS), IV_COMMON_OPTIONS, { 0 } };
	args a;
	sqlite3 *db;
	long long id;
	jv row;
	int rc;

	parse_args(argc, argv, opts, &a);
	jv_free(a.fields);
	id = one_id(argc, argv, "session");
	db = iv_db_open(IV_DB_READ);
	row = iv_session_get(db, reader_id(db), id);
	if (a.turns && jv_get_kind(row) == JV_KIND_OBJECT) {
		jv turns = iv_turns(db, id);

		if (!jv_is_valid(turns)) {
			jv_free(row);
			row = turns;
		} else {
			row = jv_object_set(row, jv_string("turns"), turns);
		}
	}
	rc = print_row(row, "session", id);
	iv_db_close(db);
	return rc;
}

/* The summary given to --summary: a file, or "-" for stdin. */
static jv
read_summary(const char *path)
{
	iv_buf b = IV_BUF_INIT;
	const char *name = strcmp(path, "-") ? path : "stdin";
	int r = strcmp(path, "-") ? iv_buf_read_file(&b, path, IV_JSONL_MAX_LINE)
				  : iv_buf_read_stream(&b, stdin, IV_JSONL_MAX_LINE);
	jv v;

	if (r < 0)
		iv_die(IV_FAIL, "can't read '%s': %s", name, strerror(errno));
	v = iv_json_parse(b.s, b.len);
	iv_buf_free(&b);
	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);

		iv_die(IV_FAIL, "%s: %s", name, jv_string_value(m));
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT)
		iv_die(IV_FAIL, "%s: the summary must be a JSON object, not %s", name,
		       iv_json_kind_name(jv_get_kind(v)));
	return v;
}

static int
sessions_update(int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_ARG("status", O_STATUS), OPT_ARG("metadata", O_METADATA),
		OPT_ARG("summary", O_SUMMARY), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	long long id;
	int rc;

	parse_args(argc, argv, opts, &a);
	id = one_id(argc, argv, "session");
	if (!a.nfields)
		iv_usage_error("sessions update needs --status, --metadata or --summary");
	if (a.summary)
		a.fields = jv_object_set(a.fields, jv_string("summary"), read_summary(a.summary));
	db = iv_db_open(IV_DB_WRITE);
	rc = print_row(iv_session_update(db, reader_id(db), id, a.fields), "session", id);
	iv_db_close(db);
	return rc;
}

/* ---- turns ---- */

static const iv_table_col turn_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "sequence_number", "SEQ", IV_TABLE_RIGHT },
	{ "role", "ROLE", 0 }, { "score", "SCORE", IV_TABLE_RIGHT },
	{ "created_at", "CREATED", IV_TABLE_TIME }, { "content", "CONTENT", 0 }, { 0 },
};

/* The session a turns command works on: the user's, else an error. */
static int
session_is_users(sqlite3 *db, long long id)
{
	jv s = iv_session_get(db, reader_id(db), id);
	int ok = jv_get_kind(s) == JV_KIND_OBJECT;

	if (!jv_is_valid(s))
		return failed(s, NULL), 0;
	jv_free(s);
	if (!ok)
		iv_warn("no session %lld", id);
	return ok;
}

/* Add one row per line of stdin with add(); each line is its own
 * transaction, and the first bad line stops the command. */
static int
add_lines(sqlite3 *db, long long key, jv (*add)(sqlite3 *, long long, jv))
{
	iv_jsonl *r = iv_jsonl_open(stdin, "stdin", IV_JSONL_OBJECTS);
	int rc = IV_OK, got;
	jv v;

	while (rc == IV_OK && (got = iv_jsonl_next(r, &v)) != 0) {
		if (got < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			break;
		}
		v = add(db, key, v);
		if (!jv_is_valid(v)) {
			char *where = iv_xasprintf("stdin:%ld: ", iv_jsonl_lineno(r));

			rc = failed(v, where);
			free(where);
		} else {
			iv_jsonl_write(v);
			fflush(stdout);
		}
	}
	if (rc == IV_OK && iv_jsonl_ioerror(r)) {
		iv_warn("can't read stdin: %s", strerror(iv_jsonl_ioerror(r)));
		rc = IV_FAIL;
	}
	iv_jsonl_close(r);
	return rc;
}

static int
turns_add(int argc, char **argv)
{
	static const struct option opts[] = { OPT_ARG("session", O_SESSION), IV_COMMON_OPTIONS, { 0 } };
	args a;
	sqlite3 *db;
	int rc;

	parse_args(argc, argv, opts, &a);
	jv_free(a.fields);
	no_operands(argc, argv, "turns");
	if (!a.f.session_id)
		iv_usage_error("turns add needs --session ID");
	db = iv_db_open(IV_DB_WRITE);
	rc = session_is_users(db, a.f.session_id) ? add_lines(db, a.f.session_id, iv_turn_add) : IV_FAIL;
	iv_db_close(db);
	return rc;
}

static int
turns_list(int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_ARG("session", O_SESSION), OPT_FLAG("table", O_TABLE), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	int rc;

	parse_args(argc, argv, opts, &a);
	jv_free(a.fields);
	no_operands(argc, argv, "turns");
	if (!a.f.session_id)
		iv_usage_error("turns list needs --session ID");
	db = iv_db_open(IV_DB_READ);
	rc = session_is_users(db, a.f.session_id) ?
	     print_rows(iv_turns(db, a.f.session_id), turn_cols, a.table) : IV_FAIL;
	iv_db_close(db);
	return rc;
}

static int
turns_update(int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_ARG("score", O_SCORE), OPT_ARG("metadata", O_METADATA), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	long long id;
	int rc;

	parse_args(argc, argv, opts, &a);
	id = one_id(argc, argv, "turn");
	if (!a.nfields)
		iv_usage_error("turns update needs --score or --metadata");
	db = iv_db_open(IV_DB_WRITE);
	rc = print_row(iv_turn_update(db, reader_id(db), id, a.fields), "turn", id);
	iv_db_close(db);
	return rc;
}

/* ---- records ---- */

static const iv_table_col record_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "session_id", "SESSION", IV_TABLE_RIGHT },
	{ "score", "SCORE", IV_TABLE_RIGHT }, { "created_at", "CREATED", IV_TABLE_TIME },
	{ "question", "QUESTION", 0 }, { "answer", "ANSWER", 0 }, { 0 },
};

static jv
record_add_line(sqlite3 *db, long long user_id, jv rec)
{
	return iv_record_add(db, user_id, rec);
}

static int
records_add(int argc, char **argv)
{
	static const struct option opts[] = { IV_COMMON_OPTIONS, { 0 } };
	args a;
	sqlite3 *db;
	int rc;

	parse_args(argc, argv, opts, &a);
	jv_free(a.fields);
	no_operands(argc, argv, "records");
	db = iv_db_open(IV_DB_WRITE);
	rc = add_lines(db, reader_id(db), record_add_line);
	iv_db_close(db);
	return rc;
}

static int
records_list(int argc, char **argv)
{
	static const struct option opts[] = {
		OPTS_SESSION_FILTER, OPT_ARG("session", O_SESSION), OPT_ARG("text", O_TEXT),
		OPT_ARG("skill", O_SKILL), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	long long uid;
	int rc;

	parse_args(argc, argv, opts, &a);
	sort_arg(&a, IV_SORT_RECORDS);
	jv_free(a.fields);
	no_operands(argc, argv, "records");
	db = iv_db_open(IV_DB_READ);
	uid = reader_id(db);
	if (!uid && a.f.session_id) {
		iv_warn("no session %lld", a.f.session_id);
		rc = IV_FAIL;
	} else {
		rc = print_rows(uid ? iv_records_list(db, uid, &a.f) : jv_array(), record_cols, a.table);
	}
	iv_db_close(db);
	return rc;
}

/* ---- resumes, job descriptions ---- */

static const iv_table_col resume_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "version", "VERSION", IV_TABLE_RIGHT },
	{ "is_default", "DEFAULT", IV_TABLE_RIGHT }, { "lang", "LANG", 0 },
	{ "created_at", "CREATED", IV_TABLE_TIME }, { "title", "TITLE", 0 },
	{ "target_position", "POSITION", 0 }, { "original_filename", "FILE", 0 }, { 0 },
};

static const iv_table_col jd_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "is_default", "DEFAULT", IV_TABLE_RIGHT },
	{ "lang", "LANG", 0 }, { "match_score", "MATCH", IV_TABLE_RIGHT },
	{ "created_at", "CREATED", IV_TABLE_TIME }, { "title", "TITLE", 0 },
	{ "company", "COMPANY", 0 }, { "location", "LOCATION", 0 }, { 0 },
};

/* "list" and "show [ID]" of the user's resumes or job descriptions. */
static int
owned(int argc, char **argv, const char *group, const char *table, const char *what,
      const iv_table_col *cols)
{
	static const struct option list_opts[] = { OPTS_FILTER, IV_COMMON_OPTIONS, { 0 } };
	static const struct option show_opts[] = { IV_COMMON_OPTIONS, { 0 } };
	int show = argc > 0 && !strcmp(argv[0], "show"), rc;
	long long id = 0, uid;
	sqlite3 *db;
	args a;

	if (argc < 1)
		iv_usage_error("%s needs an action (list or show)", group);
	if (!show && strcmp(argv[0], "list"))
		iv_usage_error("%s: unknown action '%s' (list or show)", group, argv[0]);
	parse_args(argc, argv, show ? show_opts : list_opts, &a);
	jv_free(a.fields);
	if (show) {
		if (argc - optind > 1)
			iv_usage_error("%s show takes one id, not '%s'", what, argv[optind + 1]);
		if (optind < argc)
			id = id_arg(what, argv[optind]);
	} else {
		no_operands(argc, argv, what);
	}
	db = iv_db_open(IV_DB_READ);
	uid = reader_id(db);
	if (show)
		rc = print_row(uid ? iv_owned_get(db, table, uid, id) : jv_null(), what, id);
	else
		rc = print_rows(uid ? iv_owned_list(db, table, uid, &a.f) : jv_array(), cols, a.table);
	iv_db_close(db);
	return rc;
}

static int
cmd_resumes(int argc, char **argv)
{
	return owned(argc - 1, argv + 1, "resumes", "resumes", "resume", resume_cols);
}

static int
cmd_jds(int argc, char **argv)
{
	return owned(argc - 1, argv + 1, "jds", "job_descriptions", "job description", jd_cols);
}

/* ---- pending, export, import ---- */

static const iv_table_col pending_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "collection", "COLLECTION", 0 },
	{ "source_type", "SOURCE", 0 }, { "importance", "IMPORTANCE", IV_TABLE_RIGHT },
	{ "text", "TEXT", 0 }, { 0 },
};

static int
cmd_pending(int argc, char **argv)
{
	static const struct option opts[] = {
		OPT_ARG("model", O_MODEL), OPT_FLAG("table", O_TABLE), IV_COMMON_OPTIONS, { 0 },
	};
	args a;
	sqlite3 *db;
	long long uid;
	int rc;

	parse_args(argc, argv, opts, &a);
	jv_free(a.fields);
	no_operands(argc, argv, "pending");
	db = iv_db_open(IV_DB_READ);
	uid = reader_id(db);
	rc = print_rows(uid ? iv_pending_embeddings(db, uid, a.model ? a.model : "builtin-hash-384")
			    : jv_array(), pending_cols, a.table);
	iv_db_close(db);
	return rc;
}

static int
cmd_export(int argc, char **argv)
{
	sqlite3 *db;
	int rc;

	no_more_options(argc, argv, help);
	if (optind < argc)
		iv_usage_error("export takes no arguments");
	db = iv_db_open(IV_DB_READ);
	rc = iv_export(db) < 0 ? IV_FAIL : IV_OK;
	iv_db_close(db);
	return rc;
}

static int
cmd_import(int argc, char **argv)
{
	const char *path = NULL;
	FILE *in = stdin;
	sqlite3 *db;
	long n;

	no_more_options(argc, argv, help);
	if (argc - optind > 1)
		iv_usage_error("import takes one file, not '%s'", argv[optind + 1]);
	if (optind < argc && strcmp(argv[optind], "-"))
		path = argv[optind];
	if (path && !(in = fopen(path, "r")))
		iv_die(IV_FAIL, "can't read '%s': %s", path, strerror(errno));
	db = iv_db_open(IV_DB_WRITE);
	n = iv_import(db, in, path ? path : "stdin");
	iv_db_close(db);
	if (path)
		fclose(in);
	return n < 0 ? IV_FAIL : IV_OK;
}

/* ---- commands with actions ---- */

typedef struct {
	const char *name;
	int (*run)(int, char **);
} command;

static int
dispatch(const char *group, const command *acts, int argc, char **argv)
{
	if (argc < 2)
		iv_usage_error("%s needs an action", group);
	for (int i = 0; acts[i].name; i++)
		if (!strcmp(argv[1], acts[i].name))
			return acts[i].run(argc - 1, argv + 1);
	iv_usage_error("%s: unknown action '%s'", group, argv[1]);
}

static int
cmd_sessions(int argc, char **argv)
{
	static const command acts[] = {
		{ "create", sessions_create }, { "list", sessions_list }, { "show", sessions_show },
		{ "update", sessions_update }, { NULL, NULL },
	};

	return dispatch("sessions", acts, argc, argv);
}

static int
cmd_turns(int argc, char **argv)
{
	static const command acts[] = {
		{ "add", turns_add }, { "list", turns_list }, { "update", turns_update }, { NULL, NULL },
	};

	return dispatch("turns", acts, argc, argv);
}

static int
cmd_records(int argc, char **argv)
{
	static const command acts[] = { { "add", records_add }, { "list", records_list }, { NULL, NULL } };

	return dispatch("records", acts, argc, argv);
}

static const command cmds[] = {
	{ "init", cmd_init },
	{ "check", cmd_check },
	{ "path", cmd_path },
	{ "sessions", cmd_sessions },
	{ "turns", cmd_turns },
	{ "records", cmd_records },
	{ "resumes", cmd_resumes },
	{ "jds", cmd_jds },
	{ "pending", cmd_pending },
	{ "export", cmd_export },
	{ "import", cmd_import },
	{ NULL, NULL },
};

int
main(int argc, char **argv)
{
	int i;

	iv_prog_init(argv[0]);
	while (iv_getopt(argc, argv, "+", global_opts, help) != -1)
		;
	if (optind >= argc)
		iv_usage_error("no command given");
	for (i = 0; cmds[i].name; i++)
		if (!strcmp(argv[optind], cmds[i].name))
			return iv_finish(cmds[i].run(argc - optind, argv + optind));
	iv_usage_error("unknown command '%s'", argv[optind]);
}
