/* context.h — the context layers (prompt.h: iv_layers) the store holds.
 *
 * For a user and their current session: the session's turns, the active
 * learning plan, the last three completed sessions (with their summaries,
 * newest first) and the five best-scored skills (each skill's latest
 * assessment). Recalled memories are the caller's to add (recall.h).
 */
#ifndef IV_CONTEXT_H
#define IV_CONTEXT_H

#include <sqlite3.h>

#include "prompt.h"

/* Fill l with new values (session_id 0: no current session; the layers
 * not in the store are left as they were). Returns 0, or -1 with the
 * store's error in *err (malloc'd); what was loaded stays in l. */
int iv_layers_load(sqlite3 *db, long long user_id, long long session_id, iv_layers *l, char **err);
/* Free every layer and zero l. Only for layers the caller owns, such as
 * those iv_layers_load filled. */
void iv_layers_free(iv_layers *l);

#endif
