/* iv-summarize — the summary agent: a session's summary, skill assessments
 * and learning plan, and the plan's tasks as they get done. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "plan.h"
#include "session.h"
#include "store.h"
#include "summary.h"

static const char help[] =
"Usage: iv-summarize --session ID [--complete] [--store [--force]] [--no-cache]\n"
"       iv-summarize --done TASK\n"
"Summarize an interview session as one JSON line: the overall and dimension\n"
"scores, strengths, weaknesses and suggestions (each with the turns that\n"
"justify it), the comparison with the last completed round, one assessment\n"
"per skill and a learning plan. Text is in the session's language.\n"
"\n"
"When the session's engine is llm, its model words the strengths, weaknesses\n"
"and suggestions (the numbers stay computed); when its reply is unusable the\n"
"builtin words stay, with one line on stderr and \"fallback\": true.\n"
"\n"
"Options:\n"
"  -s, --session ID     the session to summarize\n"
"  -c, --complete       complete the session first when it is ongoing or paused\n"
"      --store          store the summary, the skill assessments and the plan,\n"
"                       which becomes the active plan (the old one is archived\n"
"                       and its unfinished tasks carry over)\n"
"      --force          with --store, replace a summary the session already has\n"
"      --no-cache       neither use nor fill the store's cache of model replies\n"
"      --done TASK      mark a task of the active plan done (its id such as t3,\n"
"                       its number, or its text) and print the plan\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or a failed step, 2 bad usage.\n";

static const struct option longopts[] = {
	{ "session", required_argument, 0, 's' },
	{ "complete", no_argument, 0, 'c' },
	{ "store", no_argument, 0, 'S' },
	{ "force", no_argument, 0, 'F' },
	{ "done", required_argument, 0, 'D' },
	{ "no-cache", no_argument, 0, 'N' },
	IV_COMMON_OPTIONS,
	{ 0 }
};

static int
fail_with(sqlite3 *db, int rollback, jv err)
{
	if (rollback)
		iv_db_rollback(db);
	iv_db_close(db);
	return iv_warn_invalid(err);
}

static int
mark_done(const char *task)
{
	sqlite3 *db = iv_db_open(IV_DB_WRITE);
	long long uid = iv_db_user_id(db, 1);
	int already;
	jv plan;

	if (iv_db_begin(db) < 0) {
		iv_db_close(db);
		return IV_FAIL;
	}
	plan = iv_plan_done(db, uid, task, &already);
	if (!jv_is_valid(plan))
		return fail_with(db, 1, plan);
	if (iv_db_commit(db) < 0) {
		jv_free(plan);
		iv_db_close(db);
		return IV_FAIL;
	}
	if (already)
		iv_warn("task '%s' was already done", task);
	iv_jsonl_write(plan);
	iv_db_close(db);
	return IV_OK;
}

/* Refuse to store over a summary unless forced (a new one replaces the
 * assessments and the plan). Borrows s. */
static jv
check_no_summary(jv s, long long id)
{
	jv old = iv_jget(s, "summary");
	int has = jv_get_kind(old) == JV_KIND_OBJECT;

	jv_free(old);
	if (!has)
		return jv_true();
	return jv_invalid_with_msg(jv_string_fmt("session %lld already has a summary (--force replaces it, "
						 "with its assessments and plan)", id));
}

/* The session, checked and, with complete, completed: one short
 * transaction when it writes. */
static jv
session_for_summary(sqlite3 *db, long long uid, long long id, int complete, int store, int force)
{
	int tx = complete || store;
	jv s, st;

	if (tx && iv_db_begin(db) < 0)
		return jv_invalid_with_msg(jv_string("can't start a transaction"));
	s = iv_session_get(db, uid, id);
	if (jv_get_kind(s) == JV_KIND_NULL) {
		jv_free(s);
		s = jv_invalid_with_msg(jv_string_fmt("no session %lld", id));
	}
	if (!jv_is_valid(s))
		goto out;
	st = iv_jget(s, "status");
	if (!strcmp(iv_jstr(st), "cancelled")) {
		jv_free(s);
		s = jv_invalid_with_msg(jv_string_fmt("session %lld was cancelled; a cancelled interview "
						      "has no summary", id));
	} else if (strcmp(iv_jstr(st), "completed") && complete) {
		jv_free(s);
		s = iv_session_set_status(db, uid, id, "completed");
	} else if (strcmp(iv_jstr(st), "completed") && store) {
		jv err = jv_invalid_with_msg(jv_string_fmt("session %lld is %s; only a completed session's "
							   "summary is stored (add --complete to finish it)",
							   id, iv_jstr(st)));

		jv_free(s);
		s = err;
	}
	jv_free(st);
	if (jv_is_valid(s) && store && !force) {
		jv ok = check_no_summary(s, id);

		if (!jv_is_valid(ok)) {
			jv_free(s);
			s = ok;
		}
	}
out:
	if (tx) {
		if (!jv_is_valid(s))
			iv_db_rollback(db);
		else if (iv_db_commit(db) < 0) {
			jv_free(s);
			s = jv_invalid_with_msg(jv_string_fmt("can't complete session %lld", id));
		}
	}
	return s;
}

static int
summarize(long long id, int complete, int store, int force)
{
	sqlite3 *db = iv_db_open(complete || store ? IV_DB_WRITE : IV_DB_READ);
	long long uid = iv_db_user_id(db, complete || store);
	jv s, r;

	s = session_for_summary(db, uid, id, complete, store, force);
	if (!jv_is_valid(s))
		return fail_with(db, 0, s);
	/* Summarizing only reads, and with the llm engine waits for a server:
	 * no lock is held meanwhile, so other writers (iv sync) go on. */
	r = iv_summarize(db, uid, s, 0);
	if (jv_is_valid(r)) {
		jv e = iv_jget(s, "engine");

		if (iv_agent_is_llm(jv_get_kind(e) == JV_KIND_STRING ? iv_jstr(e) : "builtin"))
			r = iv_summary_llm(db, uid, s, r);
		jv_free(e);
	}
	jv_free(s);
	if (jv_is_valid(r) && store) {
		if (iv_db_begin(db) < 0) {
			jv_free(r);
			iv_db_close(db);
			return IV_FAIL;
		}
		/* Another summarizer may have stored one while this one ran. */
		s = force ? jv_true() : iv_session_get(db, uid, id);
		if (!force && jv_is_valid(s)) {
			jv ok = check_no_summary(s, id);

			jv_free(s);
			s = ok;
		}
		if (!jv_is_valid(s)) {
			jv_free(r);
			r = s;
		} else {
			jv_free(s);
			r = iv_summary_store(db, uid, r);
		}
		if (!jv_is_valid(r))
			return fail_with(db, 1, r);
		if (iv_db_commit(db) < 0) {
			jv_free(r);
			iv_db_close(db);
			return IV_FAIL;
		}
	}
	if (!jv_is_valid(r))
		return fail_with(db, 0, r);
	iv_jsonl_write(r);
	iv_db_close(db);
	return IV_OK;
}

int
main(int argc, char **argv)
{
	long long id = 0;
	int complete = 0, store = 0, force = 0, c;
	const char *done = NULL;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "s:c", longopts, help)) != -1)
		switch (c) {
		case 's': id = iv_opt_long("--session", optarg, 1, LONG_MAX); break;
		case 'c': complete = 1; break;
		case 'S': store = 1; break;
		case 'F': force = 1; break;
		case 'D': done = optarg; break;
		case 'N': iv_agent.no_cache = 1; break;
		}
	if (optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	if (done && (id || complete || store || force))
		iv_usage_error("--done goes alone");
	if (done)
		return iv_finish(mark_done(done));
	if (!id)
		iv_usage_error("--session ID is required");
	if (force && !store)
		iv_usage_error("--force goes with --store");
	return iv_finish(summarize(id, complete, store, force));
}
