/* recall.h — finding what the memory holds about a query.
 *
 * Hybrid ranking: BM25 over the pre-tokenised text (FTS5; CJK as character
 * bigrams, so Chinese queries match Chinese text) and cosine similarity of
 * the vectors (embed.h, exact top-k through vindex.h) are fused by
 * reciprocal rank fusion, 1/(60 + rank) from each list, plus a recency
 * boost, knowledge.recency_weight / 61 * 2^(-age / knowledge.recency_days).
 * Filters (user, collection, source type, importance, time) apply before
 * ranking. Rows whose vector is missing or of another model take part by
 * their words only.
 */
#ifndef IV_RECALL_H
#define IV_RECALL_H

#include <sqlite3.h>
#include <jv.h>

typedef struct {
	int k;			/* hits wanted; 0: 5 */
	const char *collection;	/* user_memories, general_knowledge, or NULL: both */
	const char *source_type;	/* NULL: any */
	double min_importance;	/* 0: any */
	const char *since;	/* an ISO date or date-time, or NULL */
	int explain;		/* add "explain": each part of the ranking */
	int no_touch;		/* leave access_count and last_accessed_at alone */
} iv_recall_opts;

/* The k best memories of user_id for query (borrowed), best first: a new
 * array of {"id", "score", "content", "collection", "source_type",
 * "source_id", "importance", "created_at"} (and "explain": {"bm25_rank",
 * "bm25", "vector_rank", "similarity", "recency", "fused"} when asked).
 * Unless no_touch, each hit's access_count goes up by one and its
 * last_accessed_at is set (not on a read-only store). o may be NULL.
 * Errors (a bad since date, a store that can't be read) come back as
 * jv_invalid_with_msg. When the query can't be embedded (an embeddings
 * server down) the ranking is by words alone, with a warning. */
jv iv_recall(sqlite3 *db, long long user_id, const char *query, const iv_recall_opts *o);

/* Where the last iv_recall's time went, in milliseconds of the thread's
 * CPU time, which a busy machine disturbs less than the clock (make bench). */
typedef struct {
	double words, embed, vopen, vsearch, fuse, rows, touch;
} iv_recall_times;
extern _Thread_local iv_recall_times iv_recall_last;

/* The FTS5 query for text: its tokens (knowledge.h's IV_KNOWLEDGE_TOK),
 * quoted, joined by OR. Returns a malloc'd string, "" when text has no
 * tokens. */
char *iv_recall_fts_query(const char *text);

#endif
