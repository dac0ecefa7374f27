#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "embed.h"
#include "jsonl.h"
#include "knowledge.h"
#include "msg.h"
#include "recall.h"
#include "store.h"
#include "vindex.h"

#define RRF_K 60
#define MAX_QUERY_TOKENS 64

struct fts_q {
	iv_buf b;
	int n;
};

static void
add_token(const char *tok, size_t start, size_t end, void *ctx)
{
	struct fts_q *q = ctx;
	char *quoted;
	iv_buf t = IV_BUF_INIT;

	(void)start, (void)end;
	if (q->n >= MAX_QUERY_TOKENS)
		return;
	iv_buf_putc(&t, '"');
	for (const char *c = tok; *c; c++) {
		if (*c == '"')
			iv_buf_putc(&t, '"');
		iv_buf_putc(&t, *c);
	}
	iv_buf_putc(&t, '"');
	quoted = iv_buf_take(&t);
	/* Each token once: " OR " both sides makes the test exact. */
	if (q->b.len) {
		char *probe = iv_xasprintf(" OR %s OR ", quoted), *hay = iv_xasprintf(" OR %s OR ", q->b.s);

		if (!strstr(hay, probe)) {
			iv_buf_puts(&q->b, " OR ");
			iv_buf_puts(&q->b, quoted);
			q->n++;
		}
		free(probe);
		free(hay);
	} else {
		iv_buf_puts(&q->b, quoted);
		q->n++;
	}
	free(quoted);
}

char *
iv_recall_fts_query(const char *text)
{
	struct fts_q q = { IV_BUF_INIT, 0 };

	iv_tokenize(text, IV_KNOWLEDGE_TOK, add_token, &q);
	if (!q.n)	/* all stop words: better them than nothing */
		iv_tokenize(text, IV_KNOWLEDGE_TOK & ~IV_TOK_STOP, add_token, &q);
	return iv_buf_take(&q.b);
}

struct cand {
	long long id;
	int brank, vrank;	/* 1-based; 0: not in that list */
	double bm25, sim, recency, fused;
};

struct cands {
	struct cand *c;
	int n, cap;
};

static struct cand *
cand_of(struct cands *cs, long long id)
{
	for (int i = 0; i < cs->n; i++)
		if (cs->c[i].id == id)
			return &cs->c[i];
	if (cs->n == cs->cap)
		cs->c = iv_xrealloc(cs->c, (size_t)(cs->cap = cs->cap ? 2 * cs->cap : 64) * sizeof *cs->c);
	memset(&cs->c[cs->n], 0, sizeof cs->c[0]);
	cs->c[cs->n].id = id;
	return &cs->c[cs->n++];
}

static int
by_fused(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->fused != y->fused)
		return x->fused < y->fused ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

static iv_embedder *
recall_embedder(void)
{
	static iv_embedder *e;
	static int tried;
	char *err;

	/* Opened once per process and kept: iv-ask recalls more than once. */
	if (!tried) {
		tried = 1;
		e = iv_embedder_open(&err);
		if (!e) {
			iv_warn("%s; ranking by words only", err);
			free(err);
		}
	}
	return e;
}

/* The vector side: the n nearest of the filtered rows. */
static void
vector_side(sqlite3 *db, const char *query, const iv_vfilter *f, int n, struct cands *cs)
{
	iv_embedder *e = recall_embedder();
	char *err = NULL;
	float *q;
	iv_vindex *x;
	iv_vhit *hits;
	int got;

	if (!e)
		return;
	q = iv_embed(e, &query, 1, &err);
	if (!q) {
		iv_warn("can't embed the query: %s; ranking by words only", err);
		free(err);
		return;
	}
	x = iv_vindex_open(db, iv_embedder_model(e), iv_embedder_dim(e), &err);
	if (!x) {
		iv_warn("%s; ranking by words only", err);
		free(err);
		free(q);
		return;
	}
	hits = iv_xmalloc((size_t)n * sizeof *hits);
	got = iv_vindex_search(x, q, f, (float)iv_config_num("knowledge.min_similarity", 0.1), n, hits);
	for (int i = 0; i < got; i++) {
		struct cand *c = cand_of(cs, hits[i].id);

		c->vrank = i + 1;
		c->sim = hits[i].sim;
	}
	free(hits);
	iv_vindex_close(x);
	free(q);
}

static void
bind_filters(sqlite3_stmt *st, const iv_vfilter *f, const char *since_iso)
{
	sqlite3_bind_int64(st, 2, f->user_id);
	if (f->collection)
		sqlite3_bind_text(st, 3, f->collection, -1, SQLITE_STATIC);
	if (f->source_type)
		sqlite3_bind_text(st, 4, f->source_type, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, f->min_importance);
	if (since_iso)
		sqlite3_bind_text(st, 6, since_iso, -1, SQLITE_STATIC);
}

/* Does row id pass the filters? */
static int
passes(sqlite3_stmt *chk, long long id)
{
	sqlite3_reset(chk);
	sqlite3_bind_int64(chk, 1, id);
	return sqlite3_step(chk) == SQLITE_ROW;
}

/* The words side: BM25 over the filtered rows. The best matches of all
 * rows are fetched first and filtered one by one: when enough pass, they
 * are the best of the filtered rows, without joining every match to its
 * row; else the filtered rows are ranked in one query. */
static int
words_side(sqlite3 *db, const char *query, const iv_vfilter *f, const char *since_iso, int n,
	   struct cands *cs)
{
	static const char filters[] = "k.user_id = ?2 AND (?3 IS NULL OR k.collection = ?3) "
		"AND (?4 IS NULL OR k.source_type = ?4) AND k.importance >= ?5 "
		"AND (?6 IS NULL OR k.created_at >= ?6)";
	char *match = iv_recall_fts_query(query), *sql;
	sqlite3_stmt *st = NULL, *chk = NULL;
	int rc = SQLITE_OK, rank = 0, seen = 0, pass;

	if (!*match) {
		free(match);
		return 0;
	}
	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			sql = iv_xasprintf("SELECT rowid, bm25(knowledge_fts) FROM knowledge_fts "
					   "WHERE knowledge_fts MATCH ?1 ORDER BY 2 LIMIT ?7");
		else
			sql = iv_xasprintf("SELECT k.id, bm25(knowledge_fts) FROM knowledge_fts "
					   "JOIN knowledge k ON k.id = knowledge_fts.rowid "
					   "WHERE knowledge_fts MATCH ?1 AND %s ORDER BY 2 LIMIT ?7", filters);
		rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
		free(sql);
		if (rc != SQLITE_OK)
			break;
		if (pass == 0) {
			sql = iv_xasprintf("SELECT 1 FROM knowledge k WHERE k.id = ?1 AND %s", filters);
			rc = sqlite3_prepare_v2(db, sql, -1, &chk, NULL);
			free(sql);
			if (rc != SQLITE_OK)
				break;
		}
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		bind_filters(pass ? st : chk, f, since_iso);
		sqlite3_bind_int(st, 7, pass ? n : 4 * n);
		rank = seen = 0;
		while (rank < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			long long id = sqlite3_column_int64(st, 0);

			seen++;
			if (pass == 0 && !passes(chk, id))
				continue;
			{
				struct cand *c = cand_of(cs, id);

				c->brank = ++rank;
				c->bm25 = -sqlite3_column_double(st, 1);	/* FTS5's: lower is better */
			}
		}
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE || rank == n || seen < 4 * n)
			break;	/* enough, or every match was seen */
		cs->n = 0;	/* the words side comes first: these are all its own */
	}
	sqlite3_finalize(chk);
	sqlite3_finalize(st);
	free(match);
	return rc == SQLITE_DONE ? 0 : -1;
}

static jv
ids_of(const struct cand *c, int n)
{
	jv ids = jv_array();

	for (int i = 0; i < n; i++)
		ids = jv_array_append(ids, jv_number((double)c[i].id));
	return ids;
}

static double
round6(double x)
{
	return round(x * 1e6) / 1e6;
}

/* Fused scores: reciprocal ranks and the recency boost. */
static int
fuse(sqlite3 *db, struct cands *cs)
{
	double weight = iv_config_num("knowledge.recency_weight", 0.25);
	double days = iv_config_num("knowledge.recency_days", 30);
	time_t now = iv_now_t();
	sqlite3_stmt *st;
	jv ids = ids_of(cs->c, cs->n), s = jv_dump_string(ids, 0);
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT id, CAST(strftime('%s', created_at) AS INTEGER) FROM knowledge "
				"WHERE id IN (SELECT value FROM json_each(?))", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		jv_free(s);
		return -1;
	}
	sqlite3_bind_text(st, 1, jv_string_value(s), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct cand *c = cand_of(cs, sqlite3_column_int64(st, 0));
		double age = (double)(now - (time_t)sqlite3_column_int64(st, 1)) / 86400;

		c->recency = pow(2, -(age > 0 ? age : 0) / (days > 0 ? days : 30));
	}
	sqlite3_finalize(st);
	jv_free(s);
	for (int i = 0; i < cs->n; i++) {
		struct cand *c = &cs->c[i];

		c->fused = (c->brank ? 1.0 / (RRF_K + c->brank) : 0) + (c->vrank ? 1.0 / (RRF_K + c->vrank) : 0) +
			   weight * c->recency / (RRF_K + 1);
	}
	qsort(cs->c, (size_t)cs->n, sizeof *cs->c, by_fused);
	return rc == SQLITE_DONE ? 0 : -1;
}

static jv
hit_rows(sqlite3 *db, const struct cand *c, int n, int explain)
{
	jv rows = iv_db_query(db, "SELECT id, content, collection, source_type, source_id, importance, created_at "
			      "FROM knowledge WHERE id IN (SELECT value FROM json_each(?))",
			      JV_ARRAY(ids_of(c, n))), out = jv_array();

	if (!jv_is_valid(rows))
		return rows;
	for (int i = 0; i < n; i++) {
		jv_array_foreach(rows, j, r) {
			if ((long long)iv_jnum(r, "id", 0) == c[i].id) {
				jv hit = JV_OBJECT(jv_string("id"), jv_number((double)c[i].id),
						   jv_string("score"), jv_number(round6(c[i].fused)));

				jv_object_foreach(r, key, v) {
					if (strcmp(jv_string_value(key), "id"))
						hit = jv_object_set(hit, key, v);
					else
						jv_free(key), jv_free(v);
				}
				if (explain)
					hit = jv_object_set(hit, jv_string("explain"), JV_OBJECT(
						jv_string("bm25_rank"), c[i].brank ? jv_number(c[i].brank) : jv_null(),
						jv_string("bm25"), c[i].brank ? jv_number(round6(c[i].bm25)) : jv_null(),
						jv_string("vector_rank"), c[i].vrank ? jv_number(c[i].vrank) : jv_null(),
						jv_string("similarity"), c[i].vrank ? jv_number(round6(c[i].sim)) : jv_null(),
						jv_string("recency"), jv_number(round6(c[i].recency)),
						jv_string("fused"), jv_number(round6(c[i].fused))));
				out = jv_array_append(out, hit);
				jv_free(r);
			} else {
				jv_free(r);
			}
			(void)j;
		}
	}
	jv_free(rows);
	return out;
}

static void
touch(sqlite3 *db, const struct cand *c, int n)
{
	if (n == 0 || sqlite3_db_readonly(db, "main") == 1)
		return;
	if (iv_db_exec(db, "UPDATE knowledge SET access_count = access_count + 1, last_accessed_at = ? "
		       "WHERE id IN (SELECT value FROM json_each(?))",
		       JV_ARRAY(jv_string(iv_now()), ids_of(c, n))) < 0 &&
	    (sqlite3_errcode(db) & 0xff) != SQLITE_READONLY)
		iv_warn("can't count the access to memories: %s", iv_db_error(db));
}

jv
iv_recall(sqlite3 *db, long long user_id, const char *query, const iv_recall_opts *o)
{
	static const iv_recall_opts none = { 0 };
	iv_vfilter f = { user_id, NULL, NULL, 0, LLONG_MIN };
	struct cands cs = { 0 };
	char since[32], *since_iso = NULL;
	int k, n;
	jv out;

	if (!o)
		o = &none;
	k = o->k > 0 ? o->k : 5;
	n = k * 4 < 100 ? 100 : k * 4 > 2000 ? 2000 : k * 4;
	f.collection = o->collection;
	f.source_type = o->source_type;
	f.min_importance = o->min_importance;
	if (o->since) {
		time_t t;

		if (iv_parse_time(o->since, &t) < 0)
			return jv_invalid_with_msg(jv_string_fmt("'%s' is not a date (YYYY-MM-DD[THH:MM[:SS]])",
								 o->since));
		f.since = (long long)t;
		since_iso = iv_fmt_time(t, since);
	}
	if (words_side(db, query, &f, since_iso, n, &cs) < 0) {
		free(cs.c);
		return jv_invalid_with_msg(jv_string_fmt("can't search the knowledge base: %s", sqlite3_errmsg(db)));
	}
	vector_side(db, query, &f, n, &cs);
	if (cs.n && fuse(db, &cs) < 0) {
		free(cs.c);
		return jv_invalid_with_msg(jv_string_fmt("can't search the knowledge base: %s", sqlite3_errmsg(db)));
	}
	if (cs.n > k)
		cs.n = k;
	out = hit_rows(db, cs.c, cs.n, o->explain);
	if (jv_is_valid(out) && !o->no_touch)
		touch(db, cs.c, cs.n);
	free(cs.c);
	return out;
}
