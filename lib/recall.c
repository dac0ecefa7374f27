#include <limits.h>
#include <time.h>
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
#include "windex.h"

#define RRF_K 60
#define MAX_QUERY_TOKENS 64

_Thread_local iv_recall_times iv_recall_last;

static double
ms_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

struct terms {
	char **t;
	int n;
};

static void
add_token(const char *tok, size_t start, size_t end, void *ctx)
{
	struct terms *q = ctx;

	(void)start, (void)end;
	if (q->n >= MAX_QUERY_TOKENS)
		return;
	for (int i = 0; i < q->n; i++)
		if (!strcmp(q->t[i], tok))
			return;
	q->t = iv_xrealloc(q->t, (size_t)(q->n + 1) * sizeof *q->t);
	q->t[q->n++] = iv_xstrdup(tok);
}

/* The query's tokens, each once, in order. */
static struct terms
query_terms(const char *text)
{
	struct terms q = { NULL, 0 };

	iv_tokenize(text, IV_KNOWLEDGE_TOK, add_token, &q);
	if (!q.n)	/* all stop words: better them than nothing */
		iv_tokenize(text, IV_KNOWLEDGE_TOK & ~IV_TOK_STOP, add_token, &q);
	return q;
}

static void
terms_free(struct terms *q)
{
	for (int i = 0; i < q->n; i++)
		free(q->t[i]);
	free(q->t);
}

char *
iv_recall_fts_query(const char *text)
{
	struct terms q = query_terms(text);
	iv_buf b = IV_BUF_INIT;

	for (int i = 0; i < q.n; i++) {
		if (i)
			iv_buf_puts(&b, " OR ");
		iv_buf_putc(&b, '"');
		for (const char *c = q.t[i]; *c; c++) {
			if (*c == '"')
				iv_buf_putc(&b, '"');
			iv_buf_putc(&b, *c);
		}
		iv_buf_putc(&b, '"');
	}
	terms_free(&q);
	return iv_buf_take(&b);
}

struct cand {
	long long id;
	long long time;		/* created_at, seconds since the epoch */
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

	double t0 = ms_now();

	if (!e)
		return;
	q = iv_embed(e, &query, 1, &err);
	iv_recall_last.embed = ms_now() - t0;
	t0 = ms_now();
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
	iv_recall_last.vopen = ms_now() - t0;
	t0 = ms_now();
	hits = iv_xmalloc((size_t)n * sizeof *hits);
	got = iv_vindex_search(x, q, f, (float)iv_config_num("knowledge.min_similarity", 0.1), n, hits);
	if (got < 0)
		iv_warn("can't read the vector index; ranking by words only");
	for (int i = 0; i < got; i++) {
		struct cand *c = cand_of(cs, hits[i].id);

		c->vrank = i + 1;
		c->sim = hits[i].sim;
		c->time = hits[i].time;
	}
	free(hits);
	iv_vindex_close(x);
	free(q);
	iv_recall_last.vsearch = ms_now() - t0;
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

/* The words side by FTS5 itself, for a query the words index can't rank:
 * BM25 over the filtered rows. */
static int
words_fts(sqlite3 *db, const char *match, const iv_vfilter *f, const char *since_iso, int n, iv_whit *out)
{
	sqlite3_stmt *st;
	int rc, got = 0;

	rc = sqlite3_prepare_v2(db, "SELECT k.id, -bm25(knowledge_fts) AS s, "
				"coalesce(CAST(strftime('%s', k.created_at) AS INTEGER), 0) "
				"FROM knowledge_fts CROSS JOIN knowledge k ON k.id = knowledge_fts.rowid "
				"WHERE knowledge_fts MATCH ?1 AND k.user_id = ?2 AND (?3 IS NULL OR k.collection = ?3) "
				"AND (?4 IS NULL OR k.source_type = ?4) AND k.importance >= ?5 "
				"AND (?6 IS NULL OR k.created_at >= ?6) ORDER BY s DESC, k.id LIMIT ?7", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	bind_filters(st, f, since_iso);
	sqlite3_bind_int(st, 7, n);
	while (got < n && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out[got].id = sqlite3_column_int64(st, 0);
		out[got].score = sqlite3_column_double(st, 1);
		out[got].time = sqlite3_column_int64(st, 2);
		got++;
	}
	sqlite3_finalize(st);
	return got == n || rc == SQLITE_DONE ? got : -1;
}

/* The words side: BM25 over the filtered rows, from the words index
 * (windex.h), else from FTS5. */
static int
words_side(sqlite3 *db, const char *query, const iv_vfilter *f, const char *since_iso, int n,
	   struct cands *cs)
{
	struct terms q = query_terms(query);
	iv_whit *hits;
	iv_windex *x;
	char *err = NULL;
	int got = -1;

	if (!q.n)
		return 0;
	hits = iv_xmalloc((size_t)n * sizeof *hits);
	x = iv_windex_open(db, &err);
	if (x) {
		got = iv_windex_search(x, q.t, q.n, f, n, hits);
		iv_windex_close(x);
	} else {
		iv_warn("%s; searching the words with FTS5", err);
		free(err);
	}
	if (got < 0) {
		char *match = iv_recall_fts_query(query);

		got = words_fts(db, match, f, since_iso, n, hits);
		free(match);
	}
	for (int i = 0; i < got; i++) {
		struct cand *c = cand_of(cs, hits[i].id);

		c->brank = i + 1;
		c->bm25 = hits[i].score;
		c->time = hits[i].time;
	}
	free(hits);
	terms_free(&q);
	return got < 0 ? -1 : 0;
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
static void
fuse(struct cands *cs)
{
	double weight = iv_config_num("knowledge.recency_weight", 0.25);
	double days = iv_config_num("knowledge.recency_days", 30);
	time_t now = iv_now_t();

	for (int i = 0; i < cs->n; i++) {
		struct cand *c = &cs->c[i];
		double age = (double)(now - (time_t)c->time) / 86400;

		c->recency = pow(2, -(age > 0 ? age : 0) / (days > 0 ? days : 30));
		c->fused = (c->brank ? 1.0 / (RRF_K + c->brank) : 0) + (c->vrank ? 1.0 / (RRF_K + c->vrank) : 0) +
			   weight * c->recency / (RRF_K + 1);
	}
	if (cs->n)
		qsort(cs->c, (size_t)cs->n, sizeof *cs->c, by_fused);
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
	double t0;

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
	memset(&iv_recall_last, 0, sizeof iv_recall_last);
	t0 = ms_now();
	if (words_side(db, query, &f, since_iso, n, &cs) < 0) {
		free(cs.c);
		return jv_invalid_with_msg(jv_string_fmt("can't search the knowledge base: %s", sqlite3_errmsg(db)));
	}
	iv_recall_last.words = ms_now() - t0;
	vector_side(db, query, &f, n, &cs);
	t0 = ms_now();
	fuse(&cs);
	iv_recall_last.fuse = ms_now() - t0;
	if (cs.n > k)
		cs.n = k;
	t0 = ms_now();
	out = hit_rows(db, cs.c, cs.n, o->explain);
	iv_recall_last.rows = ms_now() - t0;
	t0 = ms_now();
	if (jv_is_valid(out) && !o->no_touch)
		touch(db, cs.c, cs.n);
	iv_recall_last.touch = ms_now() - t0;
	free(cs.c);
	return out;
}
