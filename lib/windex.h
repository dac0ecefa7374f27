/* windex.h — the words side of recall: FTS5's BM25 ranking, without
 * FTS5's cost.
 *
 * An OR query of a sentence's words matches a large part of the knowledge
 * base ("model" is in one memory of six), and FTS5 ranks by scoring every
 * match through its auxiliary-function API, a few microseconds each: 30
 * ms and more at 100,000 memories. So recall keeps, next to the store and
 * like vindex.h's vectors, a derived copy of what BM25 needs: every row's
 * length in tokens and filter fields, and for each token the rows that
 * hold it with how often, cut by FTS5's own tokenizer from the same text.
 * A search adds up each term's part row by row over those lists, in the
 * query's order and with FTS5's formula, row count and average length, so
 * the scores are bm25()'s to the last bit. It does so a block of rows at a
 * time in one small array, reads the query's postings (and the rows'
 * lengths, when they touch many rows) with pread, and reads a row's filter
 * fields only when the row would make the list (none when the filter lets
 * every row through): in a new process each page first touched costs a
 * fault, and those were most of the time.
 * The file "STORE-words" (mode 0600) is stamped with the FTS5 index's own
 * structure and totals and knowledge_state.generation, and rebuilt when
 * they differ; its layout's version is in its magic, and a file of another
 * version is rebuilt. The store stays the truth; deleting the file is
 * always safe.
 */
#ifndef IV_WINDEX_H
#define IV_WINDEX_H

#include <sqlite3.h>

#include "vindex.h"

typedef struct iv_windex iv_windex;

/* The words index of db, fresh. NULL with a malloc'd reason in *err on
 * failure (a store that can't be read, no room for the file). */
iv_windex *iv_windex_open(sqlite3 *db, char **err);
void iv_windex_close(iv_windex *x);
/* How many rows it holds. */
long iv_windex_count(const iv_windex *x);

typedef struct {
	long long id;
	double score;		/* bm25(knowledge_fts) negated: higher is better */
	long long time;		/* created_at, seconds since the epoch; 0: unknown */
} iv_whit;

/* The n best rows that pass f (since and the rest, as vindex.h) and hold
 * any of terms (borrowed: the query's tokens, each once, in order; the
 * terms of an FTS5 query "t1" OR "t2" ...), best first, ties by id, into
 * out[n]. Returns how many, or -1 when a term is more than one FTS5 token
 * (a phrase) or FTS5's totals could not be read: FTS5 itself must rank. */
int iv_windex_search(const iv_windex *x, char *const *terms, int nterms, const iv_vfilter *f, int n,
		     iv_whit *out);

/* The path of the words index file for the store at db_path (malloc'd). */
char *iv_windex_path(const char *db_path);

#endif
