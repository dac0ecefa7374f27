/* iv-store — the interview records service: the store's sessions, records,
 * resumes, job descriptions, export and import, as JSON lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "store.h"

static const char help[] =
"Usage: iv-store [--db PATH] [--user NAME] COMMAND [ARGS]\n"
"The interview records service: read and write the iv store as JSON lines.\n"
"\n"
"Commands:\n"
"  init                 create the store (and its folder) if missing\n"
"  check                check the store's integrity and schema, and the config\n"
"  path [db|config|data|share]\n"
"                       print where iv keeps things\n"
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
	printf("%s\n", iv_path_db());
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

		iv_warn("store %s: %s", iv_path_db(), jv_string_value(m));
		jv_free(m);
		problems++;
	} else {
		int ok = 1;

		jv_array_foreach(rows, i, r) {
			jv v = iv_jget(r, "integrity_check");

			if (strcmp(iv_jstr(v), "ok")) {
				iv_warn("store %s: %s", iv_path_db(), iv_jstr(v));
				ok = 0;
			}
			jv_free(v);
			jv_free(r);
		}
		jv_free(rows);
		{
			jv fk = iv_db_query(db, "PRAGMA foreign_key_check", jv_null());

			if (jv_is_valid(fk) && jv_array_length(jv_copy(fk)) > 0) {
				iv_warn("store %s: %d rows break foreign keys", iv_path_db(),
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
			printf("ok store %s (schema %d, integrity ok)\n", iv_path_db(), version);
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
		puts(iv_path_db());
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

static const struct {
	const char *name;
	int (*run)(int, char **);
} cmds[] = {
	{ "init", cmd_init },
	{ "check", cmd_check },
	{ "path", cmd_path },
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
