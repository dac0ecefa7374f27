/* report_data.h — what the views of report.h show, read from the store
 * (report_data.c), never writing it: a session's report, scores across
 * rounds, the skill tree, the language to show them in.
 *
 * Ownership: every jv returned is new; jv parameters are borrowed.
 */
#ifndef IV_REPORT_DATA_H
#define IV_REPORT_DATA_H

#include <sqlite3.h>
#include <jv.h>

/* The language for views of the whole user (skills, progress, plan
 * headings): the config's lang when zh or en, else the user's latest
 * session's, else en. */
const char *iv_user_lang(sqlite3 *db, long long user_id);

/* A session's report: session_id 0 means the user's latest completed
 * session. A session without a stored summary is summarized on the fly
 * (nothing is written). Returns
 *	{"session": {id, round, status, lang, session_type, start_time,
 *		end_time, duration_seconds}, "lang",
 *	 "summary", "skill_updates", "learning_plan" (the plan made from this
 *	 session, or null), "skills" (the tree as of this round, assess.h),
 *	 "trend" (iv_progress_data up to this round),
 *	 "delivery" (the spoken answers round by round, report_delivery.h;
 *	 null when nothing was spoken)}
 * or jv_invalid_with_msg ("no session 9", "session 4 was cancelled ...",
 * "no completed interview yet"). */
jv iv_report_data(sqlite3 *db, long long user_id, long long session_id);

/* Completed sessions up to round max_round (0: all), oldest first:
 * [{"round", "session_id", "date" (YYYY-MM-DD), "overall_score",
 *   "dimensions"}], or jv_invalid_with_msg. */
jv iv_progress_data(sqlite3 *db, long long user_id, int max_round);

/* The skill tree of the user's latest assessments (assess.h's rows) in
 * lang, with due skills after the config's skills.due_days (default 14)
 * and skills.weak_below (default 6). */
jv iv_skills_data(sqlite3 *db, long long user_id, const char *lang);

/* ---- for report*.c ---- */

/* The day of a session (borrowed): YYYY-MM-DD of its end, else its start;
 * null when it has neither. */
jv day_of(jv session);

#endif
