/* documents.h — the user's own notes and files in the
 * knowledge base (collection general_knowledge): read, chunked along
 * headings and paragraphs, embedded and kept in step with the files. */
#ifndef IV_DOCUMENTS_H
#define IV_DOCUMENTS_H

#include <sqlite3.h>
#include <jv.h>

#include "embed.h"

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
