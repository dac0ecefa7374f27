/* session_memory.h — finished interviews as memories: answers
 * that went well, the summary and each skill's evidence, stored in the
 * knowledge base (knowledge.h). */
#ifndef IV_SESSION_MEMORY_H
#define IV_SESSION_MEMORY_H

#include <sqlite3.h>
#include <jv.h>

#include "embed.h"

/* --- Finished interviews ---------------------------------------------- */

/* Whether finished sessions update knowledge by themselves: the user's
 * settings.auto_update_knowledge when set, else the config's
 * knowledge.auto_update (default false). */
int iv_knowledge_auto_update(sqlite3 *db, long long user_id);

/* Turn a completed session into memories: each answer scoring at least
 * knowledge.min_score (default 7) as question and answer together
 * (importance: the score), the summary (importance 8) and each skill's
 * evidence (importance: the skill's score); then mark the session
 * knowledge_updated. Idempotent: a session already marked is left alone
 * unless force, and memories already stored are not stored twice.
 * Returns {"session_id", "added", "skipped", "already": bool} or invalid
 * (no such session, not completed). */
jv iv_knowledge_from_session(sqlite3 *db, long long user_id, long long session_id,
			     iv_embedder *e, int force);

#endif
