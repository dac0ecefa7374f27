/* knowledge.h — filling the memory: the knowledge table's rows, from JSON
 * lines, finished interviews, notes of real interviews and the user's
 * documents.
 *
 * A row is a memory of the user (collection user_memories: answers,
 * summaries, skill evidence, real-interview questions) or general knowledge
 * (collection general_knowledge: chunks of documents). Each carries its
 * source (source_type, source_id), content, importance 0-10, metadata, the
 * content's SHA-256, the tokens FTS5 indexes, and a vector with its model
 * and dimension (embed.h) or NULL until `iv sync` embeds it.
 *
 * Functions taking an iv_embedder embed what they store; with NULL they
 * store rows without vectors. Each runs its writes in short transactions of
 * its own (BEGIN IMMEDIATE), so a running interview is never kept waiting
 * for long. Errors come back as jv_invalid_with_msg.
 */
#ifndef IV_KNOWLEDGE_H
#define IV_KNOWLEDGE_H

#include <sqlite3.h>
#include <jv.h>

#include "embed.h"
#include "text.h"

/* How content is tokenised for the tokens column, and queries for it. */
#define IV_KNOWLEDGE_TOK (IV_TOK_STEM | IV_TOK_STOP)

/* The tokens column for content (malloc'd). */
char *iv_knowledge_tokens(const char *content);

/* --- Memories as iv-embed --store takes them -------------------------- */

/* A memory object: "text" (required, not empty) and optionally "id" (a row
 * to update), "collection" (user_memories, general_knowledge), "source_type",
 * "source_id", "importance" (0-10), "metadata" (object), "created_at" (ISO
 * date), "embedding" with "embedding_model" (a vector made elsewhere).
 * Returns NULL when m (borrowed) is one, else a malloc'd reason. */
char *iv_memory_check(jv m);

enum {
	IV_MEM_NO_DEDUPE = 1,	/* insert even when the same text is stored */
};

/* Store a batch of checked memories (mems, consumed: an array). A memory
 * with an id updates that row; one without is inserted, unless the user's
 * collection already holds the same text: then it is skipped when its vector
 * is of e's model, else re-embedded. An update whose text and vector model
 * are unchanged is skipped too. Texts that need it are embedded with e in
 * one call, then everything is written in one transaction. Fields not listed
 * above go into metadata of inserted rows.
 * Returns an array with one {"id", "stored": "inserted" | "updated" |
 * "skipped", "embedding_model"} per memory, in order; or invalid, with
 * nothing of the batch written. */
jv iv_memories_store(sqlite3 *db, long long user_id, jv mems, iv_embedder *e, int flags);

/* Re-embed the user's rows whose vector is missing or of another model
 * than e's, batch by batch. progress (may be NULL) is called after each
 * batch with the rows done and the total. Returns {"updated": N} or
 * invalid. */
jv iv_memories_reindex(sqlite3 *db, long long user_id, iv_embedder *e,
		       void (*progress)(long done, long total, void *ctx), void *ctx);

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

/* --- Documents: the user's notes and files ---------------------------- */

/* Split text (borrowed) into chunks of about max_bytes along headings and
 * paragraphs, each chunk after the first of a section starting with a
 * little of the one before (overlap bytes) and with its heading; never
 * inside a UTF-8 character. Returns an array of {"text", "heading"}. */
jv iv_chunk_text(const char *text, size_t max_bytes, size_t overlap);

/* The text of a document: Markdown and text files as they are, PDF through
 * pdftotext (a child process, no shell, a time limit). Returns a string or
 * invalid (unreadable, not UTF-8, binary). */
jv iv_document_text(const char *path);

/* Add or refresh documents: each path (an array of strings, consumed) is a
 * file or a folder scanned for .md, .markdown, .txt and .pdf files. A file
 * whose SHA-256 is unchanged is skipped; a changed one is chunked again; a
 * file that was in a scanned folder and is gone is removed with its chunks.
 * report (may be NULL) is called with each result (consumed): {"path",
 * "id", "status": "added" | "updated" | "unchanged" | "removed" |
 * "failed", "chunks", "error"}. Returns the number of failures. */
int iv_documents_add(sqlite3 *db, long long user_id, jv paths, iv_embedder *e,
		     void (*report)(jv result, void *ctx), void *ctx);

/* Remove documents by path (a file, or a folder: all under it) or id, with
 * their chunks. Returns an array of {"id", "path", "chunks"} removed, or
 * invalid when one is not known (nothing removed then). which is
 * consumed. */
jv iv_documents_remove(sqlite3 *db, long long user_id, jv which);

#endif
