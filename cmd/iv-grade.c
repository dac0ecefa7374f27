/* iv-grade — the answer analyst: grades a stored answer, or ad-hoc
 * {question, reference or key_points, answer} objects from JSON lines. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "ask.h"
#include "ask_llm.h"
#include "bank.h"
#include "config.h"
#include "grade.h"
#include "jsonl.h"
#include "maxsize.h"
#include "session.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "store.h"
#include "buf.h"
#include "text.h"

static const char help[] =
"Usage: iv-grade [--store] [--no-cache] --turn ID\n"
"       iv-grade [--store] [--no-cache] --session ID [--pending]\n"
"       iv-grade --reply-to TURN --store [--hints N] [--skipped] [--meta JSON]\n"
"                [--next[=PREFIX]] [FILE]\n"
"       iv-grade [--model NAME] [--no-cache] [FILE...]\n"
"The answer analyst: grades an answer and prints one JSON line: score 0-10,\n"
"dimensions, covered and missed key points, skills seen, emotional state\n"
"and feedback.\n"
"\n"
"Without --turn or --session it reads JSON lines from the FILEs (or stdin),\n"
"each {\"question\", \"answer\", \"reference\" or \"key_points\", \"lang\"?}\n"
"or {\"question_id\", \"answer\"} for a question of the bank, and grades each.\n"
"\n"
"With --reply-to it first stores the text of FILE (or stdin; one final newline\n"
"dropped) as the candidate's answer to the question turn TURN, committed on\n"
"its own, then grades it as --turn does: the answer is kept whatever happens\n"
"to the grading. With --next it then asks the session's next question as\n"
"`iv-ask --session S --store` would, a second line: one process a turn. This\n"
"is how `iv interview` stores and grades an answer and asks the next one.\n"
"\n"
"With the engine llm (a stored answer: its session's engine and model; else\n"
"the config's engine, IV_ENGINE) the model grades the answer too, and the\n"
"grade combines both (llm.grade_weight); \"llm\" and \"builtin\" hold each.\n"
"When the model's reply is unusable the builtin grade is used, with one line\n"
"on stderr and \"fallback\": true.\n"
"\n"
"Options:\n"
"      --turn ID        grade this stored answer (a candidate turn)\n"
"      --session ID     grade the session's latest ungraded answer\n"
"      --pending        with --session: every ungraded answer, oldest first\n"
"                       (none is fine)\n"
"      --store          write the score and the grade into the answer's turn\n"
"      --reply-to TURN  store the answer to this question turn, then grade it\n"
"      --hints N        with --reply-to: hints shown before the answer (metadata)\n"
"      --skipped        with --reply-to: the question was skipped (no answer)\n"
"      --meta JSON      with --reply-to: more metadata for the answer (an object)\n"
"      --next[=PREFIX]  with --reply-to: then ask the next question (with --sh\n"
"                       its fields get PREFIX, default q_)\n"
"      --sh PREFIX      print the grade as shell assignments for eval, one per\n"
"                       field: PREFIXscore='7.5', PREFIXfeedback='...'\n"
"  -m, --model NAME     the model for requests read from FILEs (default:\n"
"                       $IV_MODEL, llm.model, the profile's)\n"
"      --no-cache       neither use nor fill the store's cache of replies\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or a failed step, 2 bad usage.\n";

enum { O_TURN = 1, O_SESSION, O_PENDING, O_STORE, O_NO_CACHE, O_REPLY_TO, O_HINTS, O_SKIPPED, O_META, O_SH,
       O_NEXT };

static const struct option longopts[] = {
	{ "turn", required_argument, 0, O_TURN },
	{ "session", required_argument, 0, O_SESSION },
	{ "pending", no_argument, 0, O_PENDING },
	{ "store", no_argument, 0, O_STORE },
	{ "model", required_argument, 0, 'm' },
	{ "no-cache", no_argument, 0, O_NO_CACHE },
	{ "reply-to", required_argument, 0, O_REPLY_TO },
	{ "hints", required_argument, 0, O_HINTS },
	{ "skipped", no_argument, 0, O_SKIPPED },
	{ "meta", required_argument, 0, O_META },
	{ "sh", required_argument, 0, O_SH },
	{ "next", optional_argument, 0, O_NEXT },
	IV_COMMON_OPTIONS,
	{ 0 }
};

/* A request naming a bank question gets its text and key points. Returns
 * the request, or invalid with why. */
static jv
from_bank(jv req)
{
	jv qid = iv_jget(req, "question_id"), lang;
	const iv_question *q;
	const char *l;

	if (jv_get_kind(qid) == JV_KIND_NULL) {
		jv_free(qid);
		return req;
	}
	if (jv_get_kind(qid) != JV_KIND_STRING || !(q = iv_bank_find(iv_jstr(qid)))) {
		jv e = jv_get_kind(qid) == JV_KIND_STRING
		       ? jv_invalid_with_msg(jv_string_fmt("no question '%s' in the bank", iv_jstr(qid)))
		       : jv_invalid_with_msg(jv_string("field 'question_id': expected string"));

		jv_free(qid);
		jv_free(req);
		return e;
	}
	jv_free(qid);
	lang = iv_jget(req, "lang");
	l = jv_get_kind(lang) == JV_KIND_STRING ? iv_jstr(lang) : NULL;
	if (!l) {
		jv a = iv_jget(req, "answer");

		l = iv_text_lang(iv_jstr(a));
		jv_free(a);
	}
	if (!jv_object_has(jv_copy(req), jv_string("question")))
		req = jv_object_set(req, jv_string("question"), jv_string(q->text[iv_lang_index(l)]));
	if (!jv_object_has(jv_copy(req), jv_string("key_points")) &&
	    !jv_object_has(jv_copy(req), jv_string("reference")))
		req = jv_object_set(req, jv_string("key_points"), iv_question_points(q, l));
	jv_free(lang);
	return req;
}

static int
grade_stream(FILE *f, const char *name, iv_grade_fn engine, const iv_grade_env *env)
{
	iv_jsonl *r = iv_jsonl_open(f, name, IV_JSONL_OBJECTS);
	int rc = IV_OK, got;
	jv v;

	while ((got = iv_jsonl_next(r, &v)) != 0) {
		char *err;
		jv id;

		if (got < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		v = from_bank(v);
		if (!jv_is_valid(v)) {
			jv m = jv_invalid_get_msg(v);

			iv_warn("%s:%ld: %s", name, iv_jsonl_lineno(r), jv_string_value(m));
			jv_free(m);
			rc = IV_FAIL;
			continue;
		}
		if ((err = iv_grade_request_check(v))) {
			iv_warn("%s:%ld: %s", name, iv_jsonl_lineno(r), err);
			free(err);
			jv_free(v);
			rc = IV_FAIL;
			continue;
		}
		id = iv_jget(v, "id");
		{
			jv g = engine(env, v);

			if (jv_get_kind(id) != JV_KIND_NULL)
				g = jv_object_set(g, jv_string("id"), jv_copy(id));
			if (iv_jsonl_emit(g) != IV_OK)
				rc = IV_FAIL;
		}
		jv_free(id);
		jv_free(v);
	}
	if (iv_jsonl_ioerror(r)) {
		iv_warn("%s: read error", name);
		rc = IV_FAIL;
	}
	iv_jsonl_close(r);
	return rc;
}

static int
grade_session(sqlite3 *db, long long user, long long session, int pending, int store, iv_grade_fn engine)
{
	jv ids = iv_grade_pending(db, user, session);
	int n, rc = IV_OK;

	if (!jv_is_valid(ids))
		return iv_jsonl_emit(ids);
	n = jv_array_length(jv_copy(ids));
	if (n == 0 && !pending) {
		jv_free(ids);
		iv_warn("session %lld has no ungraded answer", session);
		return IV_FAIL;
	}
	jv_array_foreach(ids, i, id) {
		if ((pending || i == n - 1) &&
		    iv_jsonl_emit(iv_grade_turn(db, user, (long long)jv_number_value(id), engine, store)) != IV_OK)
			rc = IV_FAIL;
		jv_free(id);
	}
	jv_free(ids);
	return rc;
}

/* Store the answer in FILE (NULL or "-": stdin) to question turn reply_to
 * with its metadata (consumed), in its own transaction; then grade and
 * store the grade; with next, ask the session's next question and store
 * it, its fields under the --sh prefix next_sh when there is one. */
static int
answer_and_grade(const char *file, long long reply_to, jv meta, int next, const char *next_sh)
{
	iv_buf b = IV_BUF_INIT;
	FILE *f = !file || !strcmp(file, "-") ? stdin : fopen(file, "r");
	sqlite3 *db;
	long long user, session;
	jv q, row;
	int rc;

	if (!f) {
		jv_free(meta);
		iv_warn("can't open '%s': %s", file, strerror(errno));
		return IV_FAIL;
	}
	if (iv_buf_read_stream(&b, f, IV_MAX_ANSWER + 1) < 0) {
		iv_warn("can't read the answer from %s: %s", f == stdin ? "stdin" : file,
			errno == EFBIG ? "too long" : strerror(errno));
		if (f != stdin)
			fclose(f);
		iv_buf_free(&b);
		jv_free(meta);
		return IV_FAIL;
	}
	if (f != stdin)
		fclose(f);
	if (b.len && b.s[b.len - 1] == '\n')
		b.s[--b.len] = 0;
	db = iv_db_open(IV_DB_WRITE | IV_DB_TURN);
	user = iv_db_user_id(db, 0);
	q = iv_turn_get(db, user, reply_to);
	if (jv_get_kind(q) != JV_KIND_OBJECT) {
		if (jv_is_valid(q))
			iv_warn("no turn %lld", reply_to);
		else
			iv_warn_invalid(jv_copy(q));
		jv_free(q);
		jv_free(meta);
		iv_buf_free(&b);
		iv_db_close(db);
		return IV_FAIL;
	}
	row = JV_OBJECT(jv_string("role"), jv_string("candidate"), jv_string("content"),
			jv_string_sized(b.len ? b.s : "", (int)b.len), jv_string("reply_to"),
			jv_number((double)reply_to), jv_string("metadata"), meta);
	iv_buf_free(&b);
	session = (long long)iv_jnum(q, "session_id", 0);
	row = iv_turn_add(db, session, row);
	jv_free(q);
	if (!jv_is_valid(row)) {
		rc = iv_warn_invalid(row);
		iv_db_close(db);
		return rc;
	}
	rc = iv_jsonl_emit(iv_grade_turn(db, user, (long long)iv_jnum(row, "id", 0), NULL, 1));
	jv_free(row);
	/* the grade is stored: the next question reads it (a follow-up on a
	 * missed point, the skill's latest score) */
	if (rc == IV_OK && next) {
		if (iv_jsonl_sh_prefix)
			iv_jsonl_set_sh(next_sh ? next_sh : "q_");
		rc = iv_jsonl_emit(iv_ask_next(db, user, session, NULL, 1));
	}
	iv_db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	long long turn = 0, session = 0, reply_to = 0, user;
	int pending = 0, store = 0, c, rc = IV_OK, skipped = 0;
	long hints = -1;
	int next = 0;
	const char *meta_arg = NULL, *next_sh = NULL;
	iv_grade_fn engine;
	iv_grade_env env = { NULL, 0, jv_null(), 0 };
	sqlite3 *db;

	iv_prog_init(argv[0]);
	engine = iv_grade_engine(iv_config_str("engine", "builtin"));	/* after init: errors name iv-grade */
	while ((c = iv_getopt(argc, argv, "m:", longopts, help)) != -1)
		switch (c) {
		case O_TURN: turn = iv_opt_long("--turn", optarg, 1, 1L << 62); break;
		case O_SESSION: session = iv_opt_long("--session", optarg, 1, 1L << 62); break;
		case O_PENDING: pending = 1; break;
		case O_STORE: store = 1; break;
		case 'm': iv_agent.model = optarg; break;
		case O_NO_CACHE: iv_agent.no_cache = 1; break;
		case O_REPLY_TO: reply_to = iv_opt_long("--reply-to", optarg, 1, 1L << 62); break;
		case O_HINTS: hints = iv_opt_long("--hints", optarg, 0, 1000); break;
		case O_SKIPPED: skipped = 1; break;
		case O_META: meta_arg = optarg; break;
		case O_SH: iv_jsonl_set_sh(optarg); break;
		case O_NEXT: next = 1; next_sh = optarg; break;
		}
	if (!reply_to && (hints >= 0 || skipped || meta_arg || next))
		iv_usage_error("--hints, --skipped, --meta and --next go with --reply-to");
	if (next_sh && !iv_jsonl_sh_prefix)
		iv_usage_error("--next=PREFIX names the next question's fields for --sh: give --sh too");
	if (next_sh) {
		/* a bad prefix is a usage error now, not after the answer is stored */
		const char *sh = iv_jsonl_sh_prefix;

		iv_jsonl_set_sh(next_sh);
		iv_jsonl_set_sh(sh);
	}
	if (reply_to) {
		jv meta = meta_arg ? iv_json_parse(meta_arg, strlen(meta_arg)) : jv_object();

		if (turn || session || iv_agent.model)
			iv_usage_error("--reply-to goes without --turn, --session and --model");
		if (!store)
			iv_usage_error("--reply-to stores the answer: give --store");
		if (argc - optind > 1)
			iv_usage_error("--reply-to reads one answer: unexpected argument '%s'", argv[optind + 1]);
		if (jv_get_kind(meta) != JV_KIND_OBJECT) {
			jv_free(meta);
			iv_usage_error("--meta: expected a JSON object");
		}
		{
			/* in the order the driver wrote them before */
			jv base = jv_object();

			if (hints >= 0)
				base = jv_object_set(base, jv_string("hints"), jv_number((double)hints));
			if (skipped)
				base = jv_object_set(base, jv_string("skipped"), jv_true());
			meta = jv_object_merge(base, meta);
		}
		if (next)
			iv_ask_engine_add(iv_ask_engine_llm());
		return iv_finish(answer_and_grade(optind < argc ? argv[optind] : NULL, reply_to, meta, next, next_sh));
	}
	if (turn && session)
		iv_usage_error("give --turn or --session, not both");
	if (pending && !session)
		iv_usage_error("--pending goes with --session");
	if (store && !turn && !session)
		iv_usage_error("--store grades stored answers: give --turn or --session");
	if ((turn || session) && optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	if ((turn || session) && iv_agent.model)
		iv_usage_error("--model grades requests from FILEs: a stored answer is graded by its session's model");
	if (!turn && !session) {
		/* the store, when there is one, caches the model's replies and
		 * gives the context */
		if (iv_agent_is_llm(NULL) && access(iv_db_path(), R_OK) == 0) {
			env.db = db = iv_db_open(IV_DB_READ);
			env.user_id = iv_db_user_id(db, 0);
		}
		if (optind == argc) {
			rc = grade_stream(stdin, "stdin", engine, &env);
			if (env.db)
				iv_db_close(env.db);
			return iv_finish(rc);
		}
		for (int i = optind; i < argc; i++) {
			FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

			if (!f) {
				iv_warn("can't open '%s': %s", argv[i], strerror(errno));
				rc = IV_FAIL;
				continue;
			}
			if (grade_stream(f, f == stdin ? "stdin" : argv[i], engine, &env) != IV_OK)
				rc = IV_FAIL;
			if (f != stdin)
				fclose(f);
		}
		if (env.db)
			iv_db_close(env.db);
		return iv_finish(rc);
	}
	db = iv_db_open(store ? IV_DB_WRITE : IV_DB_READ);
	user = iv_db_user_id(db, 0);
	if (turn)
		rc = iv_jsonl_emit(iv_grade_turn(db, user, turn, NULL, store));
	else
		rc = grade_session(db, user, session, pending, store, NULL);
	iv_db_close(db);
	return iv_finish(rc);
}
