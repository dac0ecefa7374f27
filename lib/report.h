/* report.h — what the user reads after interviews: a session's report,
 * the learning plan, the skill tree and progress across rounds, as text
 * (terminal charts, chart.h), Markdown, JSON or one self-contained HTML
 * file (inline CSS and SVG, nothing loaded from anywhere, printable).
 *
 * Data first, then rendering: the iv_*_data functions read the store
 * (never writing it) and return new jv values; the writers render a
 * borrowed value into a buffer.
 */
#ifndef IV_REPORT_H
#define IV_REPORT_H

#include <sqlite3.h>
#include <jv.h>

#include "buf.h"
#include "chart.h"

enum { IV_FMT_TEXT, IV_FMT_MD, IV_FMT_JSON, IV_FMT_HTML };
/* "text", "md" (or "markdown"), "json", "html"; -1 for anything else. */
int iv_report_format(const char *name);

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

/* Renderers: the value is borrowed; output is appended to out. */
void iv_report_write(iv_buf *out, jv report, int format, const iv_chart_style *st);
void iv_plan_write(iv_buf *out, jv plan, int format, const iv_chart_style *st, const char *lang);
void iv_skills_write(iv_buf *out, jv tree, int format, const iv_chart_style *st, const char *lang);
void iv_progress_write(iv_buf *out, jv trend, int format, const iv_chart_style *st, const char *lang);

#endif
