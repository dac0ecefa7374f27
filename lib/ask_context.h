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

/* The latest earlier answer to each question the user was asked
 * (?1 the user, ?2 the session left out): qid, session_id, round_number,
 * score. The user's rows of question_latest (schema 7: one per question,
 * whatever the number of past sessions) in order; a question whose latest
 * answer is in the session left out is one index seek in question_history.
 * t/0425 checks the plan. */
#define IV_ASK_HISTORY_SQL \
	"SELECT question_id AS qid, session_id, round_number, score FROM question_latest" \
	" WHERE user_id = ?1 AND session_id != ?2 " \
	"UNION ALL SELECT h.question_id, h.session_id, h.round_number, h.score FROM question_latest l" \
	" JOIN question_history h ON h.answer_id = (SELECT answer_id FROM question_history" \
	"  WHERE user_id = ?1 AND question_id = l.question_id AND session_id != ?2" \
	"  ORDER BY round_number DESC, sequence_number DESC, answer_id DESC LIMIT 1)" \
	" WHERE l.user_id = ?1 AND l.session_id = ?2 " \
	"ORDER BY qid"

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
