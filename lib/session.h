/* session.h — interview sessions and their turns (the conversations table).
 *
 * A session's status moves ongoing <-> paused, and from ongoing or paused to
 * completed or cancelled; a finished session is never reopened. A turn is
 * one message: the interviewer's question, the candidate's answer (which
 * points at its question with reply_to; one answer per question) or a
 * system note. Turns are numbered 1, 2, ... per session and only an ongoing
 * session takes new ones.
 *
 * Each function runs in its own transaction unless the caller has one open.
 * Rows are returned as new jv objects; errors as jv_invalid_with_msg.
 */
#ifndef IV_SESSION_H
#define IV_SESSION_H

#include <sqlite3.h>
#include <jv.h>

int iv_session_transition_ok(const char *from, const char *to);
int iv_session_status_valid(const char *status);

/* fields (consumed) may hold session_type ("mock"/"real"), resume_id,
 * jd_id, lang, engine, model, max_rounds, metadata; round_number is the
 * user's last round plus one. */
jv iv_session_create(sqlite3 *db, long long user_id, jv fields);
/* The session with this id belonging to user_id; jv_null() if none. */
jv iv_session_get(sqlite3 *db, long long user_id, long long id);
/* Move to status (checked); completing or cancelling sets end_time and
 * duration_seconds. Returns the updated row. */
jv iv_session_set_status(sqlite3 *db, long long user_id, long long id, const char *status);

/* turn (consumed): role, content (required), reply_to (a question's turn
 * id, for answers), score (0-10), metadata. Returns the new row. */
jv iv_turn_add(sqlite3 *db, long long session_id, jv turn);
/* All turns of a session in order. */
jv iv_turns(sqlite3 *db, long long session_id);

#endif
