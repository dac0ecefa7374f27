/* plan.h — learning plans: built from a session's skill assessments, kept
 * in learning_plans, one active plan per user.
 *
 * A plan row as JSON: {"id", "user_id", "session_id", "title",
 * "description", "plan_data", "progress" (0-100), "status" (active,
 * completed, archived), "completed_tasks", "start_date", "target_end_date",
 * "actual_end_date", "created_at", "updated_at"}, where plan_data is
 *	{"goals": {"short_term": [..], "mid_term": [..], "long_term": [..]},
 *	 "learning_paths": [{"topic": bank topic ("rag"), "title": its name,
 *		"skill": "RAG", "skill_path": "ai/llm/rag", "score": 5.5,
 *		"priority": "high"|"medium"|"low", "resources": [{title, url}],
 *		"estimated_hours": 9, "carried_over": bool,
 *		"tasks": [{"id": "t1", "text", "done": false,
 *			   "carried_from": {"plan_id", "task"} (carried tasks only)}]}],
 *	 "milestones": [{"title", "deadline": "YYYY-MM-DD", "completed",
 *		"skill_path" (a path's milestone)}],
 *	 "round": the session's round, "lang"}
 * and completed_tasks lists the tasks done, in the order they were done:
 *	[{"id", "text", "topic", "skill_path", "completed_at"}].
 * Dates come from clock.h, so IV_NOW fixes them.
 */
#ifndef IV_PLAN_H
#define IV_PLAN_H

#include <time.h>
#include <sqlite3.h>
#include <jv.h>

/* The columns of a plan row, in order. */
#define IV_PLAN_COLS "id, user_id, session_id, title, description, plan_data, progress, status, " \
	"completed_tasks, start_date, target_end_date, actual_end_date, created_at, updated_at"

/* A new plan row (no id) for the assessments (borrowed, assess.h) of a
 * session of round `round`, with overall its overall score, in lang:
 * a learning path for every skill below 7 (weakest first), or for the
 * weakest skill when all are strong; tasks from the missed key points and
 * the bank's resources. extra (borrowed; an array, or null) holds paths
 * that are not a skill's, such as delivery_advice.h's, with their own
 * "goals": they come first when overall is 7 or more, else after the
 * skills'. The unfinished tasks of prev (a borrowed plan row, or null)
 * carry over. Returns jv_null() when there is nothing to plan. */
jv iv_plan_build(jv assessments, jv extra, jv prev, const char *lang, int round, double overall, time_t now);

/* The question bank's resources (bank.h) for a learning path: those of
 * the questions with the given ids (a borrowed array of strings), else of
 * every question of topic (NULL: any) on skill_path. A new array of
 * {"title", "url"}, each title once; empty when the bank has none. */
jv iv_plan_resources(const char *topic, jv question_ids, const char *skill_path);

/* The plan to carry tasks from when summarizing a session of round
 * `round`: the user's latest plan from an earlier round (or from no
 * session). A row, jv_null(), or jv_invalid_with_msg. */
jv iv_plan_previous(sqlite3 *db, long long user_id, int round);
/* The active plan, else the latest completed one; jv_null() when none. */
jv iv_plan_current(sqlite3 *db, long long user_id);
/* The plan made from a session; jv_null() when none. */
jv iv_plan_of_session(sqlite3 *db, long long user_id, long long session_id);

/* Store plan (consumed, iv_plan_build's row) for session_id of round
 * `round`, replacing a plan that session had. It becomes the active plan
 * (the active one is archived) unless a plan from a later round exists,
 * in which case it is stored archived. The caller holds the transaction.
 * Returns the stored row, or jv_invalid_with_msg. */
jv iv_plan_store(sqlite3 *db, long long user_id, long long session_id, int round, jv plan);

/* Mark a task of the active plan done: task is its id ("t3"), its number
 * ("3") or its exact text. Updates completed_tasks, progress, the path's
 * milestone, and completes the plan at 100%. *already is set when it was
 * done before (nothing changes). Returns the updated row, or
 * jv_invalid_with_msg ("no active learning plan", "no task 'x' ..."). */
jv iv_plan_done(sqlite3 *db, long long user_id, const char *task, int *already);

/* Counts over a plan_data (borrowed): tasks and tasks done. */
void iv_plan_count(jv plan_data, int *total, int *done);

#endif
