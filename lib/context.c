#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "msg.h"
#include "session.h"
#include "store.h"

static int
take(jv *slot, jv rows, char **err)
{
	if (!jv_is_valid(rows)) {
		jv m = jv_invalid_get_msg(rows);

		if (!*err)
			*err = iv_xstrdup(jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "query failed");
		jv_free(m);
		return -1;
	}
	jv_free(*slot);
	*slot = rows;
	return 0;
}

int
iv_layers_load(sqlite3 *db, long long user_id, long long session_id, iv_layers *l, char **err)
{
	jv uid = jv_number((double)user_id);
	int rc = 0;

	*err = NULL;
	if (session_id > 0)
		rc |= take(&l->turns, iv_turns(db, session_id), err);
	rc |= take(&l->plan, iv_db_row(db, "SELECT title, description, plan_data, progress FROM learning_plans "
				      "WHERE user_id = ? AND status = 'active' ORDER BY id DESC LIMIT 1",
				      JV_ARRAY(jv_copy(uid))), err);
	rc |= take(&l->summaries, iv_db_query(db, "SELECT id, round_number, start_time, end_time, overall_score, summary "
					      "FROM interview_sessions WHERE user_id = ? AND status = 'completed' "
					      "AND id != ? ORDER BY round_number DESC LIMIT 3",
					      JV_ARRAY(jv_copy(uid), jv_number((double)session_id))), err);
	rc |= take(&l->skills, iv_db_query(db, "SELECT skill_name, score, score_change FROM skill_assessments "
					   "WHERE id IN (SELECT max(id) FROM skill_assessments WHERE user_id = ? "
					   "GROUP BY skill_name) ORDER BY score DESC, skill_name LIMIT 5",
					   JV_ARRAY(jv_copy(uid))), err);
	jv_free(uid);
	return rc ? -1 : 0;
}

void
iv_layers_free(iv_layers *l)
{
	jv_free(l->turns);
	jv_free(l->plan);
	jv_free(l->summaries);
	jv_free(l->memories);
	jv_free(l->skills);
	memset(l, 0, sizeof *l);
}
