/* notes.h — notes of real interviews: parsed into their
 * questions, answers and reflections, kept as an interview_meetings row and
 * as memories (knowledge.h). */
#ifndef IV_NOTES_H
#define IV_NOTES_H

#include <sqlite3.h>
#include <jv.h>

#include "embed.h"

/* --- Notes of real interviews ----------------------------------------- */

/* Parse notes (borrowed text) into {"company", "position", "date", "title",
 * "questions": [{"question", "answer", "reflection", "struggled",
 * "struggled_because"}], "notes"}. The convention, in English or Chinese:
 * header lines "Company:" / "公司:", "Position:" / "职位:" / "岗位:",
 * "Date:" / "日期:" before the first question; a question per "Q:" / "问:"
 * line or Markdown heading; then "A:" / "答:" and "Reflection:" / "反思:"
 * (unlabelled lines continue the answer). A question counts as struggled
 * when the notes say so (a "struggled" / "卡住" mark, or words like "didn't
 * know" / "不会" / "没答好" in the answer or reflection) or the answer is
 * empty or very short. */
jv iv_notes_parse(const char *text);

/* Store notes as an interview_meetings row (raw_notes, parsed_content) and
 * each question as a memory (source_type "meeting", source_id the
 * meeting's id; struggled questions get importance 8, others 6). The same
 * notes added twice are stored once. name is used in messages. Returns
 * {"id", "company", "position", "meeting_date", "questions", "struggled",
 * "memories", "already": bool} or invalid. */
jv iv_notes_add(sqlite3 *db, long long user_id, const char *text, const char *name,
		iv_embedder *e);

#endif
