/* iv-ask — the decision agent: the next question of an interview session
 * (or that it is done), and the sessions it runs in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "ask_llm.h"
#include "bank.h"
#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "store.h"

static const char help[] =
"Usage: iv-ask --session ID [--lang zh|en] [--store] [--stream|--no-stream] [--no-cache] [--sh PREFIX]\n"
"       iv-ask --start [--resume ID] [--jd ID] [--rounds N] [--lang zh|en] [--model NAME]\n"
"       iv-ask --unfinished [--session ID]\n"
"       iv-ask --list | --check-bank\n"
"The interviewer: decides whether the session goes on and asks the next\n"
"question as one JSON line, {\"type\":\"question\",...} or {\"type\":\"done\",...}.\n"
"A question still waiting for its answer is given again.\n"
"\n"
"With the engine llm (config engine, IV_ENGINE; a session keeps the engine,\n"
"model and provider it started with) the model words the question the\n"
"builtin engine chose; when its reply is unusable the builtin wording is\n"
"used, with one line on stderr, and the turn's metadata says so.\n"
"\n"
"Options:\n"
"      --session ID     the interview session\n"
"      --store          write the question into the session as a turn\n"
"      --lang zh|en     the language of the question (default: the session's)\n"
"      --start          start a session: {\"type\":\"session\",...}\n"
"      --resume ID      the resume it is about (default: the default or latest)\n"
"      --jd ID          the job description (default: the default or latest)\n"
"      --rounds N       questions in the session, 1 to 10 (default: the\n"
"                       config's interview.rounds, else 5)\n"
"  -m, --model NAME     the model the new session keeps (default: $IV_MODEL,\n"
"                       llm.model, the profile's)\n"
"      --stream         show the model's words on stderr as they arrive\n"
"                       (default when stdout and stderr are terminals)\n"
"      --no-stream      don't\n"
"      --no-cache       neither use nor fill the store's cache of replies\n"
"      --unfinished     the latest ongoing or paused session (or --session's)\n"
"      --list           every question of the bank, one JSON line each\n"
"      --check-bank     check the question bank; problems on stderr\n"
"      --sh PREFIX      print the reply as shell assignments for eval, one per\n"
"                       field: PREFIXname='value' (an array of values also as\n"
"                       PREFIXname_count and PREFIXname_0 ...)\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or a failed step, 2 bad usage.\n";

enum { O_SESSION = 1, O_STORE, O_LANG, O_START, O_RESUME, O_JD, O_ROUNDS, O_UNFINISHED, O_LIST, O_CHECK,
       O_STREAM, O_NO_STREAM, O_NO_CACHE, O_SH };

static const struct option longopts[] = {
	{ "session", required_argument, 0, O_SESSION },
	{ "store", no_argument, 0, O_STORE },
	{ "lang", required_argument, 0, O_LANG },
	{ "start", no_argument, 0, O_START },
	{ "resume", required_argument, 0, O_RESUME },
	{ "jd", required_argument, 0, O_JD },
	{ "rounds", required_argument, 0, O_ROUNDS },
	{ "unfinished", no_argument, 0, O_UNFINISHED },
	{ "list", no_argument, 0, O_LIST },
	{ "check-bank", no_argument, 0, O_CHECK },
	{ "model", required_argument, 0, 'm' },
	{ "stream", no_argument, 0, O_STREAM },
	{ "no-stream", no_argument, 0, O_NO_STREAM },
	{ "no-cache", no_argument, 0, O_NO_CACHE },
	{ "sh", required_argument, 0, O_SH },
	IV_COMMON_OPTIONS,
	{ 0 }
};

static int
check_bank(void)
{
	jv problems = iv_bank_problems(), topics = jv_object(), diff = jv_object();
	int n = jv_array_length(jv_copy(problems));

	jv_array_foreach(problems, i, p) {
		iv_warn("%s", jv_string_value(p));
		jv_free(p);
	}
	jv_free(problems);
	if (iv_bank_count() == 0) {
		iv_warn("no questions in %s", iv_bank_dir());
		n++;
	}
	for (int i = 0; i < iv_bank_count(); i++) {
		const iv_question *q = iv_bank_at(i);
		char d[4];

		snprintf(d, sizeof d, "%d", q->difficulty);
		topics = jv_object_set(topics, jv_string(q->topic),
				       jv_number(iv_jnum(topics, q->topic, 0) + 1));
		diff = jv_object_set(diff, jv_string(d), jv_number(iv_jnum(diff, d, 0) + 1));
	}
	iv_jsonl_write(JV_OBJECT(jv_string("questions"), jv_number(iv_bank_count()),
		jv_string("topics"), jv_number(jv_object_length(jv_copy(topics))),
		jv_string("problems"), jv_number(n), jv_string("by_topic"), topics,
		jv_string("by_difficulty"), diff, jv_string("dir"), jv_string(iv_bank_dir())));
	return n ? IV_FAIL : IV_OK;
}

int
main(int argc, char **argv)
{
	long long session = 0, resume = 0, jd = 0;
	int store = 0, start = 0, unfinished = 0, list = 0, check = 0, rounds = 0, c, rc;
	int stream = isatty(STDOUT_FILENO) && isatty(STDERR_FILENO);
	const char *lang = NULL;
	sqlite3 *db;
	long long user;

	iv_prog_init(argv[0]);
	iv_ask_engine_add(iv_ask_engine_llm());
	while ((c = iv_getopt(argc, argv, "m:", longopts, help)) != -1)
		switch (c) {
		case O_SESSION: session = iv_opt_long("--session", optarg, 1, 1L << 62); break;
		case O_STORE: store = 1; break;
		case O_LANG:
			if (strcmp(optarg, "zh") && strcmp(optarg, "en"))
				iv_usage_error("option '--lang' takes zh or en, not '%s'", optarg);
			lang = optarg;
			break;
		case O_START: start = 1; break;
		case O_RESUME: resume = iv_opt_long("--resume", optarg, 1, 1L << 62); break;
		case O_JD: jd = iv_opt_long("--jd", optarg, 1, 1L << 62); break;
		case O_ROUNDS: rounds = (int)iv_opt_long("--rounds", optarg, 1, 10); break;
		case O_UNFINISHED: unfinished = 1; break;
		case O_LIST: list = 1; break;
		case O_CHECK: check = 1; break;
		case 'm': iv_agent.model = optarg; break;
		case O_STREAM: stream = 1; break;
		case O_NO_STREAM: stream = 0; break;
		case O_NO_CACHE: iv_agent.no_cache = 1; break;
		case O_SH: iv_jsonl_set_sh(optarg); break;
		}
	iv_agent.stream = stream;
	if (optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	if (start + unfinished + list + check > 1)
		iv_usage_error("--start, --unfinished, --list and --check-bank go alone");
	if (check)
		return iv_finish(check_bank());
	if (list) {
		for (int i = 0; i < iv_bank_count(); i++)
			iv_jsonl_write(iv_question_json(iv_bank_at(i)));
		return iv_finish(IV_OK);
	}
	if (!start && !unfinished && !session)
		iv_usage_error("which session? give --session ID (or --start, --unfinished)");
	if (start && session)
		iv_usage_error("--start makes a new session; it takes no --session");
	if (!start && (resume || jd || rounds))
		iv_usage_error("--resume, --jd and --rounds go with --start");
	if (!start && iv_agent.model)
		iv_usage_error("--model goes with --start: a session keeps the model it started with");

	/* asking the next question is a step of an interview turn */
	db = iv_db_open(!(start || store) ? IV_DB_READ : start || unfinished ? IV_DB_WRITE : IV_DB_WRITE | IV_DB_TURN);
	user = iv_db_user_id(db, start || store);
	if (start) {
		rc = iv_jsonl_emit(iv_ask_start(db, user, resume, jd, rounds, lang));
	} else if (unfinished) {
		jv s = iv_ask_unfinished(db, user, session);

		if (jv_get_kind(s) == JV_KIND_NULL) {
			jv_free(s);
			iv_warn("no interview to continue: every session is completed or cancelled");
			rc = IV_FAIL;
		} else {
			rc = iv_jsonl_emit(s);
		}
	} else if (!user) {
		iv_warn("no session %lld", session);
		rc = IV_FAIL;
	} else {
		rc = iv_jsonl_emit(iv_ask_next(db, user, session, lang, store));
	}
	iv_db_close(db);
	return iv_finish(rc);
}
