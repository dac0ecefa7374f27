/* assess.h — skill assessments: one per skill per session, and the skill
 * tree they make across sessions.
 *
 * An assessment (a row of skill_assessments) as JSON:
 *	{"skill_name": "RAG", "skill_category": "llm", "skill_path": "ai/llm/rag",
 *	 "score": 7.0, "previous_score": 5.5, "score_change": 1.5,
 *	 "assessment_data": {"level": "advanced", "score": 7.0,
 *		"confidence": 0.8, "evidence": [answer snippets],
 *		"gaps": [missed key points], "covered": [covered key points],
 *		"assessed_by": "interview_session", "last_practiced": "2026-11-21",
 *		"turns": [answer sequence numbers], "topic": "rag",
 *		"questions": [question ids of the bank]}}
 * previous_score and score_change compare with the last assessment of the
 * same skill in an earlier completed session (null when there is none).
 */
#ifndef IV_ASSESS_H
#define IV_ASSESS_H

#include <time.h>
#include <sqlite3.h>
#include <jv.h>

/* "beginner" (< 4), "intermediate" (< 7), "advanced" (< 9), "expert". */
const char *iv_assess_level(double score);

/* Assess each skill the answers (borrowed, summary.h's shape) were about,
 * in the order of first question; text in lang, last_practiced is date
 * (YYYY-MM-DD). Skills with no graded answer are left out. Returns a new
 * array of assessments with previous_score and score_change null. */
jv iv_assess(jv answers, const char *lang, const char *date);

/* The indexes of assessments (borrowed) by score, weakest first, equal
 * scores in their order; at most max. Returns how many. */
int iv_assess_order(jv assessments, int *order, int max);

/* Fill previous_score and score_change of each assessment (consumed)
 * from user_id's completed sessions with a round number below round.
 * Returns the array, or jv_invalid_with_msg. */
jv iv_assess_previous(sqlite3 *db, long long user_id, int round, jv assessments);

/* Write assessments (borrowed) for a session, replacing the ones it had,
 * assessed at `at` (ISO). The caller holds the transaction. Returns a new
 * array of the stored rows (with ids), or jv_invalid_with_msg. */
jv iv_assess_store(sqlite3 *db, long long user_id, long long session_id, jv assessments,
		   const char *at);

/* The latest assessment of every skill in user_id's completed sessions
 * with a round number up to max_round (0: all), by skill_path: a new array
 * of {"skill_name", "skill_category", "skill_path", "score",
 * "previous_score", "score_change", "assessed_at", "round", "session_id",
 * "assessment_data"}, or jv_invalid_with_msg. */
jv iv_assess_latest(sqlite3 *db, long long user_id, int max_round);

/* The skill tree of latest assessments (consumed, iv_assess_latest's
 * shape), in drawing order: a new array of rows
 *	{"path", "name" (in lang), "depth" (0 for roots), "last" (the last
 *	 child of its parent), "open": [for each depth above, 1 when a line
 *	 continues there], "score", "change", "due": "weak"|"stale"|null,
 *	 "days": days since assessed, "skill": the assessment or null}
 * Intermediate nodes ("ai", "ai/llm") come from the taxonomy's names and
 * have score null unless assessed themselves. A skill is due when its
 * score is below weak_below, or when it was last assessed due_days or more
 * before now. */
jv iv_skill_tree(jv latest, const char *lang, time_t now, int due_days, double weak_below);

#endif
