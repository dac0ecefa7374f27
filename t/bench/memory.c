/* memory — the memory benchmarks that need to run inside one process.
 *
 *	memory embed FILE          builtin embeddings per second over the
 *	                           "text" of each JSON line of FILE
 *	memory recall DB QUERIES   for each query (a line of QUERIES): exact
 *	                           vector top-10 and whole hybrid recall
 *	                           latency, median and 95th percentile, and
 *	                           recall@10 of the vector search against a
 *	                           brute-force scan of the store
 *	memory fill DB N SENTENCES N memories with builtin vectors straight
 *	                           into the store, and its vector index
 *	memory vsearch DB QUERIES  exact vector top-10 latency and peak RSS
 *	memory qvec QUERIES        each query's vector as a JSON array
 *
 * Prints "name: value unit" lines, as t/bench/run.sh expects.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>


#include "buf.h"
#include "embed.h"
#include "jsonl.h"
#include "msg.h"
#include "recall.h"
#include "sha256.h"
#include "store.h"
#include "vindex.h"
#include "windex.h"
#include "knowledge.h"
#include "text.h"

static double
ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double
cpu_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int
cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(double *v, int n, double p)
{
	qsort(v, (size_t)n, sizeof *v, cmp_d);
	return v[(int)fmin(n - 1, floor(p * (n - 1) + 0.5))];
}

static int
bench_embed(const char *file)
{
	FILE *f = fopen(file, "r");
	iv_jsonl *r;
	jv v, texts = jv_array();
	float vec[384];
	double t0;
	int n, rc;

	if (!f)
		iv_die(IV_FAIL, "can't open '%s'", file);
	r = iv_jsonl_open(f, file, IV_JSONL_OBJECTS);
	while ((rc = iv_jsonl_next(r, &v)) != 0)
		if (rc > 0)
			texts = jv_array_append(texts, iv_jget(v, "text")), jv_free(v);
	iv_jsonl_close(r);
	fclose(f);
	n = jv_array_length(jv_copy(texts));
	t0 = ms();
	jv_array_foreach(texts, i, t) {
		iv_embed_hash(jv_string_value(t), 384, vec);
		jv_free(t);
		(void)i;
	}
	printf("builtin embeddings: %.0f texts/s (%d texts)\n", n / ((ms() - t0) / 1e3), n);
	jv_free(texts);
	return 0;
}

/* The 10 most similar rows by reading every vector from the store. */
static int
brute(sqlite3 *db, const float *q, float *best)
{
	sqlite3_stmt *st;
	float v[384];
	int n = 0;

	sqlite3_prepare_v2(db, "SELECT embedding FROM knowledge WHERE embedding_dim = 384", -1, &st, NULL);
	while (sqlite3_step(st) == SQLITE_ROW) {
		float s;
		int j = n;

		if (iv_vec_from_blob(sqlite3_column_blob(st, 0), (size_t)sqlite3_column_bytes(st, 0), 384, v) < 0)
			continue;
		s = iv_vec_dot(q, v, 384);
		if (n == 10) {
			if (s <= best[9])
				continue;
			j = 9;
		} else {
			n++;
		}
		for (; j > 0 && best[j - 1] < s; j--)
			best[j] = best[j - 1];
		best[j] = s;
	}
	sqlite3_finalize(st);
	return n;
}

/* Does the words index rank as FTS5's bm25() does? The 100 best of both,
 * ids and scores to the bit. Ties may fall in another order: compare
 * scores by rank, and the sets of ids. */
static int
words_same(sqlite3 *db, const char *query)
{
	char *match = iv_recall_fts_query(query), *err;
	iv_windex *x = iv_windex_open(db, &err);
	iv_vfilter f = { 1, NULL, NULL, 0, LLONG_MIN };
	iv_whit w[100];
	sqlite3_stmt *st;
	int n, i = 0, same = 1;
	jv toks = iv_tokens(query, IV_KNOWLEDGE_TOK);
	char *terms[64];
	int nt = 0;

	jv_array_foreach(toks, j, t) {
		int dup = 0;

		for (int k = 0; k < nt; k++)
			dup |= !strcmp(terms[k], jv_string_value(t));
		if (!dup && nt < 64)
			terms[nt++] = iv_xstrdup(jv_string_value(t));
		jv_free(t);
		(void)j;
	}
	jv_free(toks);
	if (!x)
		iv_die(IV_FAIL, "%s", err);
	n = iv_windex_search(x, terms, nt, &f, 100, w);
	sqlite3_prepare_v2(db, "SELECT rowid, -bm25(knowledge_fts) FROM knowledge_fts WHERE knowledge_fts MATCH ? "
			   "ORDER BY 2 DESC LIMIT 100", -1, &st, NULL);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		double s = sqlite3_column_double(st, 1);

		if (i >= n || s != w[i].score) {
			if (getenv("IV_BENCH_DEBUG"))
				fprintf(stderr, "rank %d: fts5 %lld %.17g, index %lld %.17g\n", i, sqlite3_column_int64(st, 0),
					s, i < n ? w[i].id : -1, i < n ? w[i].score : 0);
			same = 0;
		}
		i++;
	}
	same &= i == n;
	sqlite3_finalize(st);
	iv_windex_close(x);
	for (int k = 0; k < nt; k++)
		free(terms[k]);
	free(match);
	return same;
}

static int
bench_recall(const char *dbpath, const char *queries)
{
	sqlite3 *db = iv_db_open_path(dbpath, IV_DB_READ);
	iv_buf b = IV_BUF_INIT;
	char *err, *line, *save = NULL;
	double t0, c0, build, vt[256], rt[256], vc[256], rc[256], ph[7][256];
	int nq = 0, hits = 0, want = 0, wsame = 0, wn = 0;
	iv_vindex *x;
	long rows;

	if (iv_buf_read_file(&b, queries, 0) < 0)
		iv_die(IV_FAIL, "can't read '%s'", queries);
	t0 = ms();
	x = iv_vindex_open(db, "builtin-hash-384", 384, &err);
	build = ms() - t0;
	if (!x)
		iv_die(IV_FAIL, "%s", err);
	rows = iv_vindex_count(x);
	iv_vindex_close(x);
	for (line = strtok_r(b.s, "\n", &save); line && nq < 256; line = strtok_r(NULL, "\n", &save)) {
		iv_vfilter f = { 1, NULL, NULL, 0, LLONG_MIN };
		iv_recall_opts o = { .k = 10, .no_touch = 1 };
		iv_vhit h[10];
		float q[384], best[10];
		int n, m;
		jv r;

		iv_embed_hash(line, 384, q);
		/* Each query opens the index as a fresh iv-recall would. */
		c0 = cpu_ms();
		t0 = ms();
		x = iv_vindex_open(db, "builtin-hash-384", 384, &err);
		n = iv_vindex_search(x, q, &f, -1, 10, h);
		vt[nq] = ms() - t0;
		vc[nq] = cpu_ms() - c0;
		iv_vindex_close(x);
		c0 = cpu_ms();
		t0 = ms();
		r = iv_recall(db, 1, line, &o);
		rt[nq] = ms() - t0;
		rc[nq] = cpu_ms() - c0;
		if (getenv("IV_BENCH_DEBUG"))
			fprintf(stderr, "%.1f ms words: %s\n", iv_recall_last.words, line);
		ph[0][nq] = iv_recall_last.words, ph[1][nq] = iv_recall_last.embed;
		ph[2][nq] = iv_recall_last.vopen, ph[3][nq] = iv_recall_last.vsearch;
		ph[4][nq] = iv_recall_last.fuse, ph[5][nq] = iv_recall_last.rows, ph[6][nq] = iv_recall_last.touch;
		jv_free(r);
		if (nq < 5) {
			wsame += words_same(db, line);
			wn++;
			m = brute(db, q, best);
			want += m;
			for (int i = 0; i < n && m; i++)
				hits += h[i].sim >= best[m - 1] - 1e-6f;
		}
		nq++;
	}
	printf("vector index build %ld: %.0f ms\n", rows, build);
	printf("exact vector top-10 %ld: %.1f ms median, %.1f ms p95 (CPU %.1f ms median)\n", rows, pct(vt, nq, 0.5),
	       pct(vt, nq, 0.95), pct(vc, nq, 0.5));
	printf("hybrid recall %ld: %.1f ms median, %.1f ms p95 (CPU %.1f ms median)\n", rows, pct(rt, nq, 0.5),
	       pct(rt, nq, 0.95), pct(rc, nq, 0.5));
	printf("hybrid recall %ld split (CPU medians): words %.1f ms, embed %.1f ms, vector open %.1f ms, "
	       "vector search %.1f ms, fusion %.1f ms, rows %.1f ms\n", rows, pct(ph[0], nq, 0.5),
	       pct(ph[1], nq, 0.5), pct(ph[2], nq, 0.5), pct(ph[3], nq, 0.5), pct(ph[4], nq, 0.5), pct(ph[5], nq, 0.5));
	printf("words top-100 as FTS5 bm25() ranks them %ld: %d of %d queries\n", rows, wsame, wn);
	printf("vector recall@10 vs brute force %ld: %.3f\n", rows, want ? (double)hits / want : 1.0);
	iv_buf_free(&b);
	iv_db_close(db);
	return 0;
}

/* N memories of 2-3 sentences of the file SENTENCES each, as the shell
 * bench's gen() makes them, stored straight into the store: iv-embed
 * --store would take most of an hour for a million. Each vector is the
 * normalised sum of its sentences' builtin vectors (the builtin embedding
 * of the whole text is that, but for the n-grams across sentences), and
 * the tokens are left empty (the words side is measured at 100,000). Then
 * the vector index is built, so that the searches after start from it. */
static int
bench_fill(const char *dbpath, long n, const char *sentences)
{
	sqlite3 *db = iv_db_open_path(dbpath, IV_DB_WRITE);
	iv_buf b = IV_BUF_INIT, t = IV_BUF_INIT;
	char **s = NULL, *line, *save = NULL, *err, hex[65];
	long ns = 0;
	unsigned long long r = 7;
	float v[384], *sv;
	unsigned char blob[384 * 4];
	sqlite3_stmt *st;
	double t0 = ms();
	iv_vindex *x;

	if (iv_buf_read_file(&b, sentences, 0) < 0)
		iv_die(IV_FAIL, "can't read '%s'", sentences);
	for (line = strtok_r(b.s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		s = iv_xrealloc(s, (size_t)(ns + 1) * sizeof *s);
		s[ns++] = line;
	}
	if (!ns)
		iv_die(IV_FAIL, "no sentences in '%s'", sentences);
	sv = iv_xmalloc((size_t)ns * 384 * sizeof *sv);
	for (long i = 0; i < ns; i++)
		iv_embed_hash(s[i], 384, sv + i * 384);
	sqlite3_exec(db, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
	if (sqlite3_prepare_v2(db, "INSERT INTO knowledge (user_id, collection, source_type, content, content_hash, "
			       "importance, embedding, embedding_model, embedding_dim) "
			       "VALUES (1, 'user_memories', ?, ?, ?, ?, ?, 'builtin-hash-384', 384)", -1, &st, NULL) != SQLITE_OK)
		iv_die(IV_FAIL, "%s", sqlite3_errmsg(db));
	for (long i = 1; i <= n; i++) {
		int k;

		if (i % 20000 == 1)
			sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
		iv_buf_reset(&t);
		r = r * 6364136223846793005ull + 1442695040888963407ull;
		k = 2 + (int)(r >> 63);
		memset(v, 0, sizeof v);
		for (int j = 0; j < k; j++) {
			long w;

			r = r * 6364136223846793005ull + 1442695040888963407ull;
			w = (long)((r >> 33) % (unsigned long long)ns);
			iv_buf_printf(&t, "%s%s", j ? " " : "", s[w]);
			for (int d = 0; d < 384; d++)
				v[d] += sv[w * 384 + d];
		}
		iv_buf_printf(&t, " (%ld)", i);
		{
			float norm = sqrtf(iv_vec_dot(v, v, 384));

			for (int d = 0; d < 384 && norm > 0; d++)
				v[d] /= norm;
		}
		iv_vec_to_blob(v, 384, blob);
		iv_sha256_hex(t.s, t.len, hex);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, r & 1 ? "note" : "conversation", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, t.s, (int)t.len, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, hex, 64, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, (int)((r >> 20) % 11));
		sqlite3_bind_blob(st, 5, blob, sizeof blob, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			iv_die(IV_FAIL, "%s", sqlite3_errmsg(db));
		if (i % 20000 == 0 || i == n)
			sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	}
	sqlite3_finalize(st);
	printf("store %ld memories (vectors from their sentences, no words): %.0f s\n", n, (ms() - t0) / 1e3);
	t0 = ms();
	x = iv_vindex_open(db, "builtin-hash-384", 384, &err);
	if (!x)
		iv_die(IV_FAIL, "%s", err);
	printf("vector index build %ld: %.1f s\n", iv_vindex_count(x), (ms() - t0) / 1e3);
	iv_vindex_close(x);
	iv_db_close(db);
	iv_buf_free(&b);
	iv_buf_free(&t);
	free(s);
	free(sv);
	return 0;
}

/* Exact vector top-10 alone, each query opening the index as a fresh
 * iv-recall would, and the peak resident memory of the whole run. */
static int
bench_vsearch(const char *dbpath, const char *queries)
{
	sqlite3 *db = iv_db_open_path(dbpath, IV_DB_READ);
	iv_buf b = IV_BUF_INIT;
	char *err, *line, *save = NULL;
	double t0, vt[256];
	int nq = 0;
	long rows = 0;
	struct rusage ru;

	if (iv_buf_read_file(&b, queries, 0) < 0)
		iv_die(IV_FAIL, "can't read '%s'", queries);
	for (line = strtok_r(b.s, "\n", &save); line && nq < 256; line = strtok_r(NULL, "\n", &save)) {
		iv_vfilter f = { 1, NULL, NULL, 0, LLONG_MIN };
		iv_vhit h[10];
		float q[384];
		iv_vindex *x;

		iv_embed_hash(line, 384, q);
		t0 = ms();
		x = iv_vindex_open(db, "builtin-hash-384", 384, &err);
		if (!x)
			iv_die(IV_FAIL, "%s", err);
		iv_vindex_search(x, q, &f, -1, 10, h);
		vt[nq++] = ms() - t0;
		rows = iv_vindex_count(x);
		iv_vindex_close(x);
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("exact vector top-10 %ld: %.1f ms median, %.1f ms p95\n", rows, pct(vt, nq, 0.5), pct(vt, nq, 0.95));
	printf("exact vector top-10 %ld: peak RSS %.0f MiB\n", rows, ru.ru_maxrss / 1024.0);
	iv_buf_free(&b);
	iv_db_close(db);
	return 0;
}

/* Each query's builtin vector as a JSON array, one a line (for the peer). */
static int
bench_qvec(const char *queries)
{
	iv_buf b = IV_BUF_INIT;
	char *line, *save = NULL;

	if (iv_buf_read_file(&b, queries, 0) < 0)
		iv_die(IV_FAIL, "can't read '%s'", queries);
	for (line = strtok_r(b.s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		float q[384];

		iv_embed_hash(line, 384, q);
		for (int i = 0; i < 384; i++)
			printf("%s%.9g", i ? "," : "[", q[i]);
		printf("]\n");
	}
	iv_buf_free(&b);
	return 0;
}

int
main(int argc, char **argv)
{
	iv_prog_init(argv[0]);
	if (argc == 3 && !strcmp(argv[1], "embed"))
		return bench_embed(argv[2]);
	if (argc == 4 && !strcmp(argv[1], "recall"))
		return bench_recall(argv[2], argv[3]);
	if (argc == 5 && !strcmp(argv[1], "fill"))
		return bench_fill(argv[2], atol(argv[3]), argv[4]);
	if (argc == 4 && !strcmp(argv[1], "vsearch"))
		return bench_vsearch(argv[2], argv[3]);
	if (argc == 3 && !strcmp(argv[1], "qvec"))
		return bench_qvec(argv[2]);
	fprintf(stderr, "usage: memory embed FILE | recall DB QUERIES | fill DB N SENTENCES | vsearch DB QUERIES | qvec QUERIES\n");
	return IV_USAGE;
}
