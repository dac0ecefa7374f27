/* grade.h — grading an answer: how much of what a strong answer must cover
 * it covers, how clearly and how deeply, and in what mood.
 *
 * The engine's step is one function from a grade request to a grade, so an
 * LLM grader can sit beside the builtin one with the same shapes.
 *
 * A request (a jv object):
 *	question	the question as asked (string, required)
 *	answer		the answer (string, required; "" grades as empty)
 *	key_points	[{id?, text, alt?, weight?, terms?}] or strings; text in
 *			any language, alt the same point in the other one, weight
 *			relative (normalised), terms words or phrases that show it
 *	reference	a model answer: when key_points is absent each of its
 *			sentences becomes a key point
 *	lang		"en" or "zh": the feedback's language (default: the
 *			answer's)
 *	hints		how many key points were shown as hints (each costs 0.5)
 *	skipped		true when the candidate skipped the question
 *
 * The grade (a jv object), deterministic for a given request:
 *	score		0-10, one decimal
 *	dimensions	{technical_accuracy, communication_clarity, depth_breadth},
 *			each 0-10
 *	coverage	0-1, the weighted share of the key points covered
 *	covered_points	[{id, text, weight, coverage, span: [start, end],
 *			 evidence, quoted?}]: span in characters (code points) of
 *			the answer, evidence the answer's sentence there, quoted
 *			when the point was repeated word for word
 *	missed_points	[{id, text, weight, coverage}], most important first; a
 *			point the answer denies adds contradicted, span, evidence
 *	confidence	0-1: the share of the answer's content the grader could
 *			relate to the key points, question or reference; low
 *			pulls the score toward the middle and the feedback lists
 *			the key points
 *	flags		["addresses_grader"] when the answer talks to the grader
 *			(scores 0), else []
 *	identified_skills [{name, path, category}] seen in the answer
 *	emotional_state	{state: confident|nervous|neutral, cue: the answer's
 *			words that show it ("" when neutral)}
 *	feedback	two or three friendly sentences in lang
 *	lang, hints_used, engine ("builtin")
 *
 * The LLM grader (engine "llm") gives the same shape, combined: the model's
 * verdicts per key point (points: [{id, verdict, quote}]) decide covered
 * and missed, a "covered" only with its quote found in the answer (else
 * the point is missed with unquoted: true and the model's score capped);
 * score and dimensions are the weighted mean of the model's and the
 * builtin's, the builtin's share being (1 - llm.grade_weight) times its
 * confidence; an answer flagged addresses_grader scores 0; skills and mood
 * are the builtin's, feedback is the model's. It adds
 *	llm		the model's grade: {score, dimensions, points, covered,
 *			 missed, feedback}, or null when it was not asked or failed
 *	builtin		the builtin grade: {score, dimensions, coverage,
 *			 confidence, covered_points, missed_points, feedback}
 *	weights		{llm, builtin}
 *	model, usage, fallback (bool), fallback_reason (agent.h)
 * and engine is "llm", or "builtin" when it fell back.
 */
#ifndef IV_GRADE_H
#define IV_GRADE_H

#include <sqlite3.h>
#include <jv.h>

/* Fields a request may hold (for iv_json_check); extra fields a caller
 * adds (question_id, id) are its own business. */
char *iv_grade_request_check(jv req);	/* req borrowed; malloc'd reason or NULL */

/* The builtin grader. req is borrowed. */
jv iv_grade_builtin(jv req);

/* What an engine may use beside the request: the store (NULL: none, as
 * when grading ad-hoc requests without one), the user, the session row
 * (borrowed; jv_null() outside a session: --model and the config then
 * choose the model) and whether the grade is stored. */
typedef struct {
	sqlite3 *db;
	long long user_id;
	jv session;
	int store;
} iv_grade_env;

/* The grading step of an engine ("builtin" or "llm"). env and req are
 * borrowed. Returns NULL for an unknown engine. */
typedef jv (*iv_grade_fn)(const iv_grade_env *env, jv req);
iv_grade_fn iv_grade_engine(const char *name);

/* The LLM grader (grade_llm.c). Never fails on the model's account: an
 * unusable reply gives the builtin grade with fallback set. */
jv iv_grade_llm(const iv_grade_env *env, jv req);

/* Stored answers (session.h's turns), in grade_turn.c. */

/* The request for a stored answer: the question turn qturn's metadata
 * (the bank's key points in both languages when question_id is in the
 * bank, else metadata.key_points) and text, the answer turn aturn's
 * content and metadata (hints, skipped). lang NULL: the question's. Both
 * turns borrowed. */
jv iv_grade_request_for(jv qturn, jv aturn, const char *lang);
/* Grade the candidate turn turn_id of one of the user's sessions with the
 * engine (NULL: the session's); with store, write conversations.score,
 * metadata.grade (the grade), metadata.feedback and, when the model was
 * asked, metadata.usage (its token usage) into that turn. Returns the grade with
 * turn, session and question_id added, or invalid with why. */
jv iv_grade_turn(sqlite3 *db, long long user_id, long long turn_id, iv_grade_fn engine, int store);
/* The ids of the session's answers that have no grade yet, oldest first
 * (a new jv array), or invalid ("no session N"). */
jv iv_grade_pending(sqlite3 *db, long long user_id, long long session_id);

/* Phrases that mean "I don't know" in either language, for callers that
 * want to tell a non-answer apart (the grader caps such answers). */
int iv_grade_is_non_answer(const char *answer);

#endif
