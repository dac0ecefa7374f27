/* summary.h — the summary of an interview session: scores, strengths,
 * weaknesses, suggestions, the comparison with the last completed round,
 * the skill assessments and the learning plan that follow from it
 * (assess.h, plan.h), computed from the session's graded turns.
 *
 * A session's turns are rows of the conversations table (session.h): the
 * interviewer's questions (metadata: type "question", question_id, topic,
 * skill_path, difficulty, follow_up, key_points) and the candidate's
 * answers (reply_to their question; score 0-10; metadata.grade: score,
 * dimensions {technical_accuracy, communication_clarity, depth_breadth},
 * covered_points, missed_points, identified_skills, emotional_state,
 * feedback, lang). Answers without a score are not graded and count for
 * nothing.
 *
 * Everything written for people is in the session's language ("zh"/"en").
 * Only completed sessions feed later ones: comparisons, previous scores and
 * plans never look at ongoing, paused or cancelled sessions.
 */
#ifndef IV_SUMMARY_H
#define IV_SUMMARY_H

#include <sqlite3.h>
#include <jv.h>

/* The answered questions of a session in order: a new jv array of
 *	{"question_turn", "answer_turn" (sequence numbers), "question",
 *	 "answer", "score" (null when not graded), "topic", "skill_path",
 *	 "question_id", "difficulty", "follow_up", "key_points", "grade"}
 * or jv_invalid_with_msg on a store error. */
jv iv_session_answers(sqlite3 *db, long long session_id);

/* The language of a session (borrowed row) with its answers (borrowed):
 * its lang column, else the grades' lang, else the answers' text. */
const char *iv_session_lang(jv session, jv answers);

enum {
	IV_SUM_NO_COMPARE = 1,	/* leave out the comparison (for the previous round) */
	IV_SUM_NO_PLAN = 2,	/* leave out the learning plan */
};

/* Summarize a session (a borrowed row of session.h's shape). Returns
 *	{"session_id", "round", "lang", "status",
 *	 "summary": {overall_score, dimensions, strengths, weaknesses,
 *		improvement_suggestions, comparison, skills, ...},
 *	 "skill_updates": [assessment rows, assess.h],
 *	 "learning_plan": plan row (plan.h) or null}
 * or jv_invalid_with_msg. Reads the store, never writes it. */
jv iv_summarize(sqlite3 *db, long long user_id, jv session, int flags);

/* The engine llm's words for a result of iv_summarize (consumed;
 * returned): the session's model (session borrowed) rewords each
 * strength, weakness and suggestion (the builtin text stays as
 * builtin_text), and the summary gets engine "llm", model, usage and
 * fallback (agent.h). Numbers and items stay as computed. An unusable
 * reply leaves the words builtin, with fallback set and a line on stderr. */
jv iv_summary_llm(sqlite3 *db, long long user_id, jv session, jv result);

/* What the user's last completed interview before round left to work on
 * (the next one opens with it): {session_id, round_number, overall_score
 * (null when nothing was graded), weak: [{skill_path, name, score}] (up to
 * three skills below strong, weakest first, named in lang), text: one line
 * in lang naming the score and the weak skills}; jv_null() when there is
 * no such interview, or jv_invalid_with_msg. */
jv iv_summary_last_round(sqlite3 *db, long long user_id, int round, const char *lang);

/* Write a result of iv_summarize (consumed) to the store: the session's
 * summary and overall_score, its skill assessments (replacing any it had)
 * and its learning plan (the user's active plan is archived). The caller
 * holds the transaction. Returns the result with the stored rows' ids, or
 * jv_invalid_with_msg. */
jv iv_summary_store(sqlite3 *db, long long user_id, jv result);

#endif
