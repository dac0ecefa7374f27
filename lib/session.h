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

/* The columns of a session row and of a turn row (of table alias t), in
 * the order every query returns them. */
#define IV_SESSION_COLS \
	"id, user_id, resume_id, jd_id, session_type, status, round_number, lang, engine, " \
	"model, max_rounds, start_time, end_time, duration_seconds, overall_score, metadata, " \
	"summary, knowledge_updated, knowledge_updated_at, created_at, updated_at"
#define IV_TURN_COLS_OF(t) \
	t ".id, " t ".session_id, " t ".sequence_number, " t ".role, " t ".content, " \
	t ".reply_to, " t ".score, " t ".metadata, " t ".created_at"

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

/* changes (consumed) may hold status (checked as above), metadata (an
 * object whose top-level keys are set over the stored metadata) and summary
 * (an object; overall_score is taken from its overall_score, 0-10 or
 * absent). All in one transaction. Returns the updated row. */
jv iv_session_update(sqlite3 *db, long long user_id, long long id, jv changes);

/* turn (consumed): role, content (required), reply_to (a question's turn
 * id, for answers), score (0-10), metadata. Returns the new row. */
jv iv_turn_add(sqlite3 *db, long long session_id, jv turn);
/* All turns of a session in order. */
jv iv_turns(sqlite3 *db, long long session_id);
/* The turn with this id in one of user_id's sessions; jv_null() if none. */
jv iv_turn_get(sqlite3 *db, long long user_id, long long id);
/* changes (consumed): score (0-10, null clears it) and metadata (merged as
 * for sessions); a grade attached to a stored answer. Works on turns of
 * sessions in any status. Returns the updated row. */
jv iv_turn_update(sqlite3 *db, long long user_id, long long id, jv changes);

#endif
