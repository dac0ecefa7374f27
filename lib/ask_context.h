/* ask_context.h — what the decision agent looks at, read from the store
 * (ask_context.c): the session, its turns, the resume, the JD, the plan's
 * focus, the latest scores, what was asked before, the last grade.
 *
 * Ownership: as each function says; every jv returned is new.
 */
#ifndef IV_ASK_CONTEXT_H
#define IV_ASK_CONTEXT_H

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

/* ---- for ask_*.c ---- */

/* lang, else the config's (unless auto), else the resume's, the JD's, the
 * locale's, else en (resume and jd borrowed). */
const char *pick_lang(const char *lang, jv resume, jv jd);
/* The grade of the session's last answer (turns borrowed): stored, or
 * worked out now; null when there is none. */
jv last_grade(jv turns);

#endif
