/* ask.h — the decision agent: whether an interview goes on, what to ask
 * next, and how to word it for this person.
 *
 * One step (iv_ask_next) reads the session from the store, and either
 * re-emits the question still waiting for an answer, or asks the engine to
 * choose (continue or not; topic, question and difficulty, or a follow-up
 * on a missed key point) and to word the question, then writes the
 * interviewer's turn. The engine's two steps are functions over a context
 * object, so an LLM engine can sit beside the builtin one.
 *
 * The question turn's metadata (conversations.metadata, role interviewer):
 *	type "question", question_id, topic, skill_path, difficulty (1-3),
 *	round (1..max_rounds; a follow-up shares its question's round),
 *	follow_up (bool), key_point and parent_turn (follow-ups: the key point
 *	probed and the question turn followed up), key_points [{id, text,
 *	weight, terms}] (what the grader looks for, in the session's
 *	language), reason (why this question, in English), reason_codes
 *	(jd_required, resume_missing, weak_score, plan_focus, jd_preferred,
 *	on_resume, explore, revisit, follow_up), revisit {session_id,
 *	round_number, score} when a question answered before is asked again on
 *	purpose, lang, engine; with the LLM engine also model, usage (the
 *	call's tokens), fallback (bool), fallback_reason, and builtin_text
 *	(the builtin wording the model's replaced).
 */
#ifndef IV_ASK_H
#define IV_ASK_H

#include <sqlite3.h>
#include <jv.h>

/* Questions answered in this many of the user's latest earlier sessions
 * are not asked again (unless nothing else is left). */
#define IV_ASK_RECENT_SESSIONS 3

/* What the engine looks at, read from the store (a new jv object):
 *	session		the session row (session.h)
 *	lang		"en" or "zh"
 *	turns		the session's turns in order
 *	resume		{id, lang, parsed_data, extracted_skills} or null
 *	jd		{id, lang, title, company, required_skills,
 *			 preferred_skills, match_analysis} or null
 *	plan_focus	[topics of the active learning plan's active paths]
 *	scores		{skill_path: latest assessed score}
 *	history		{question_id: {session_id, round_number, score,
 *			 recent}}: the last answer to each bank question in the
 *			user's earlier sessions
 *	last_grade	the grade of the session's last answer (stored, or
 *			worked out now when it has none yet), or null
 * session is consumed; lang may be NULL (the session's, else the resume's
 * or JD's, else the config's, else en). */
jv iv_ask_context(sqlite3 *db, long long user_id, jv session, const char *lang);

/* What an engine's steps may use beside the context: the store (an LLM
 * engine's context layers and reply cache), the user, and whether the
 * step writes (the memories recalled for it then count as accessed). */
typedef struct {
	sqlite3 *db;
	long long user_id;
	int store;
} iv_ask_env;

/* The engine's steps; env, ctx and choice are borrowed.
 * choose: {type:"done", reason} or {type:"question", question_id, topic,
 *	skill_path, difficulty, round, follow_up, key_point?, parent_turn?,
 *	key_points, reason, reason_codes, revisit?}
 * word: the question's text for this person: a jv string, or an object
 *	{"text", "metadata"} whose metadata is added to the turn's (the LLM
 *	engine's model, usage and fallback: agent.h's iv_agent_note). */
typedef struct {
	const char *name;
	jv (*choose)(const iv_ask_env *env, jv ctx);
	jv (*word)(const iv_ask_env *env, jv ctx, jv choice);
} iv_ask_engine;

const iv_ask_engine *iv_ask_engine_builtin(void);
/* Engines by name. builtin is always there; a program that offers more
 * (the LLM engine of ask_llm.h) adds them before asking, so that this
 * module never depends on them. A session whose engine is not offered is
 * served by builtin. */
void iv_ask_engine_add(const iv_ask_engine *e);
/* The engine called name (NULL: builtin); NULL when none is offered by
 * that name. */
const iv_ask_engine *iv_ask_engine_find(const char *name);

/* One step for session id. With store, the question is written as a turn
 * (in one transaction with the reading). Returns the line to emit:
 *	{type:"question", session, sequence, turn_id (null without store),
 *	 round, max_rounds, topic, topic_name, skill_path, difficulty,
 *	 question_id, text, follow_up, hints [key points, most important
 *	 first], lang, reused (true when re-emitting an unanswered question)}
 *	{type:"done", session, reason, rounds, max_rounds}
 * or jv_invalid_with_msg: no such session, a finished or paused one, an
 * empty bank. */
jv iv_ask_next(sqlite3 *db, long long user_id, long long session_id, const char *lang, int store);

/* A new interview session for the user: resume_id and jd_id 0 mean the
 * default (else the latest) resume and JD when there are any; rounds 0
 * means the config's interview.rounds; lang NULL means the config's lang,
 * else the resume's or JD's. With engine llm the session records the
 * model and provider it keeps (agent.h). Returns {type:"session",
 * session, round_number, max_rounds, lang, resume_id, jd_id, engine,
 * model, last_round} or invalid; last_round is what the last completed
 * interview left to work on (summary.h's iv_summary_last_round) or null. */
jv iv_ask_start(sqlite3 *db, long long user_id, long long resume_id, long long jd_id, int rounds,
		const char *lang);
/* The user's latest ongoing or paused session, in the same shape, or
 * jv_null(); with id, that session (an error when it is finished). */
jv iv_ask_unfinished(sqlite3 *db, long long user_id, long long id);

/* The latest earlier answer to each question the user was asked
 * (?1 the user, ?2 the session left out): qid, session_id, round_number,
 * score. Each question is an index seek in question_history (schema.c),
 * whatever the number of past sessions; t/0420 checks the plan. */
#define IV_ASK_HISTORY_SQL \
	"WITH RECURSIVE qids(q) AS (" \
	" SELECT min(question_id) FROM question_history WHERE user_id = ?1" \
	" UNION ALL SELECT (SELECT min(question_id) FROM question_history" \
	"  WHERE user_id = ?1 AND question_id > qids.q) FROM qids WHERE qids.q IS NOT NULL) " \
	"SELECT h.question_id AS qid, h.session_id, h.round_number, h.score " \
	"FROM qids JOIN question_history h ON h.answer_id = (" \
	" SELECT answer_id FROM question_history WHERE user_id = ?1 AND question_id = qids.q" \
	" AND session_id != ?2 ORDER BY round_number DESC, sequence_number DESC LIMIT 1) " \
	"ORDER BY h.question_id"

#endif
