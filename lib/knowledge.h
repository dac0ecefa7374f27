/* knowledge.h — filling the memory: the knowledge table's rows, stored
 * from JSON lines. Finished interviews (session_memory.h), notes of real
 * interviews (notes.h) and the user's documents (documents.h) are turned
 * into memories on top of this module.
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

/* --- For the modules that fill the knowledge base -------------------- *
 * (session_memory.c, notes.c, documents.c): one batch of memories on its
 * way to the store. */

/* One memory on its way to the store. */
struct iv_mem {
	jv m;			/* the object */
	jv textv;
	const char *text;	/* in textv */
	char hash[65];
	long long id;		/* the row to update, 0 to insert */
	int skip;		/* nothing to do */
	int same_text;		/* an update that leaves content alone */
	int has_tokens;		/* the row's tokens are filled */
	char *model;		/* the vector's model: given, or e's */
	float *vec;		/* dim floats, or NULL: stored without a vector */
	int dim, own_vec;
	const char *error;	/* static reason this memory can't be stored */
};

/* Read a batch of memory objects (mems, borrowed) into m[n]: text, hash,
 * a vector given with the memory, and the model it should end up with. */
void iv_mem_prepare(struct iv_mem *m, jv mems, int n, iv_embedder *e);

/* Free m[n] and m itself. */
void iv_mem_release(struct iv_mem *m, int n);

/* Embed the memories that need it and have no vector yet (those with
 * want[i] set). Returns the vectors' block (the caller frees it), NULL when
 * there was nothing to embed, or sets *err (malloc'd). */
float *iv_mem_embed_some(struct iv_mem *m, int n, const char *want, iv_embedder *e, char **err);

/* Write prepared memories inside the caller's transaction. Returns the
 * results, or invalid. */
jv iv_mem_write_all(sqlite3 *db, long long user_id, struct iv_mem *m, int n, int flags);

/* Store memories made by iv itself (mems, consumed): when the embedder
 * fails (a server down), they are stored without vectors for `iv sync` to
 * embed later. Returns what iv_memories_store returns. */
jv iv_mem_store_made(sqlite3 *db, long long user_id, jv mems, iv_embedder *e);

/* summary (consumed) with "added" and "skipped" counted from res
 * (consumed), an iv_memories_store result. */
jv iv_mem_count_stored(jv res, jv summary);

/* An invalid with "what: " and db's error message. */
jv iv_db_fail(sqlite3 *db, const char *what);

/* Nonzero when s holds nothing but white space. */
int iv_blank(const char *s);

#endif
