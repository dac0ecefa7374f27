/* Unit tests for the vector index (lib/vindex.c): its top n is the exact
 * top n of a brute-force scan of the store, score for score, with every
 * filter, on each of the machine's kernels, for dimensions that are and
 * are not a multiple of 64; and a file of another version is rebuilt. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "embed.h"
#include "store.h"
#include "vindex.h"
#include "unit.h"

#define NROWS 3000
#define NCENT 12

static uint64_t seed = 42;

static double
rnd(void)
{
	seed = seed * 6364136223846793005ull + 1442695040888963407ull;
	return (double)(seed >> 11) / (double)(1ull << 53);
}

/* A unit vector near one of NCENT centres, so that top lists are close
 * calls, as they are between real memories. */
static void
vec(float *v, int dim, const float *cent)
{
	int c = (int)(rnd() * NCENT);

	for (int i = 0; i < dim; i++)
		v[i] = cent[c * dim + i] + (float)(rnd() - 0.5) * 0.6f;
	iv_vec_normalize(v, dim);
}

static void
fill(sqlite3 *db, const char *model, int dim, int users)
{
	sqlite3_stmt *st;
	float *cent = malloc((size_t)(NCENT * dim) * sizeof *cent), *v = malloc((size_t)dim * sizeof *v);
	unsigned char *blob = malloc((size_t)dim * 4);
	static const char *types[] = { "conversation", "note", "document" };

	for (int i = 0; i < NCENT * dim; i++)
		cent[i] = (float)(rnd() - 0.5);
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO knowledge (user_id, collection, source_type, content, content_hash, "
			   "importance, embedding, embedding_model, embedding_dim, created_at) "
			   "VALUES (?, ?, ?, 'x', lower(hex(randomblob(16))), ?, ?, ?, ?, ?)", -1, &st, NULL);
	for (int r = 0; r < NROWS; r++) {
		char when[64];

		vec(v, dim, cent);
		iv_vec_to_blob(v, dim, blob);
		snprintf(when, sizeof when, "2026-%02d-%02dT10:00:00Z", 1 + (int)(rnd() * 12), 1 + (int)(rnd() * 28));
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, users > 1 && rnd() < 0.3 ? 2 : 1);
		sqlite3_bind_text(st, 2, rnd() < 0.2 ? "general_knowledge" : "user_memories", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, types[(int)(rnd() * 3)], -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 4, (int)(rnd() * 11));
		sqlite3_bind_blob(st, 5, blob, dim * 4, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, model, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 7, dim);
		sqlite3_bind_text(st, 8, when, -1, SQLITE_TRANSIENT);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free(cent);
	free(v);
	free(blob);
}

static int
by_sim(const void *a, const void *b)
{
	const iv_vhit *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim < y->sim ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Every row of model that passes f, most similar first (out[NROWS]). */
static int
brute(sqlite3 *db, const char *model, int dim, const float *q, const iv_vfilter *f, iv_vhit *out)
{
	sqlite3_stmt *st;
	iv_vhit *all = out;
	float *v = malloc((size_t)dim * sizeof *v);
	int got = 0;

	sqlite3_prepare_v2(db, "SELECT id, embedding, CAST(strftime('%s', created_at) AS INTEGER) FROM knowledge "
			   "WHERE embedding_model = ?1 AND user_id = ?2 AND (?3 IS NULL OR collection = ?3) "
			   "AND (?4 IS NULL OR source_type = ?4) AND importance >= ?5 "
			   "AND CAST(strftime('%s', created_at) AS INTEGER) >= ?6", -1, &st, NULL);
	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->user_id);
	if (f->collection)
		sqlite3_bind_text(st, 3, f->collection, -1, SQLITE_STATIC);
	if (f->source_type)
		sqlite3_bind_text(st, 4, f->source_type, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, f->min_importance);
	sqlite3_bind_int64(st, 6, f->since);
	while (sqlite3_step(st) == SQLITE_ROW) {
		iv_vec_from_blob(sqlite3_column_blob(st, 1), (size_t)sqlite3_column_bytes(st, 1), dim, v);
		all[got].id = sqlite3_column_int64(st, 0);
		all[got].sim = iv_vec_dot(q, v, dim);
		all[got].time = sqlite3_column_int64(st, 2);
		got++;
	}
	sqlite3_finalize(st);
	qsort(all, (size_t)got, sizeof *all, by_sim);
	free(v);
	return got;
}

static int
same(const iv_vhit *a, int na, const iv_vhit *b, int nb)
{
	if (na != nb)
		return 0;
	for (int i = 0; i < na; i++)
		if (a[i].id != b[i].id || a[i].sim != b[i].sim || a[i].time != b[i].time)
			return 0;
	return 1;
}

/* Every kernel and filter against brute force; returns the mismatches. */
static int
check_model(sqlite3 *db, const char *model, int dim)
{
	static const char *simd[] = { "", "avx512", "1" };
	iv_vfilter filters[] = {
		{ 1, NULL, NULL, 0, LLONG_MIN },
		{ 2, NULL, NULL, 0, LLONG_MIN },
		{ 1, "general_knowledge", NULL, 0, LLONG_MIN },
		{ 1, NULL, "note", 0, LLONG_MIN },
		{ 1, NULL, NULL, 7, LLONG_MIN },
		{ 1, NULL, NULL, 0, 1780000000 },	/* 2026-05-28 */
		{ 1, "user_memories", "document", 3, 1770000000 },
	};
	float *q = malloc((size_t)dim * sizeof *q), *cent = malloc((size_t)(NCENT * dim) * sizeof *cent);
	iv_vhit got[120], *want = malloc(NROWS * sizeof *want);
	char *err = NULL;
	iv_vindex *x = iv_vindex_open(db, model, dim, &err);
	int bad = 0;

	CHECK(x != NULL);
	if (!x) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (int i = 0; i < NCENT * dim; i++)
		cent[i] = (float)(rnd() - 0.5);
	for (int k = 0; k < 8; k++) {
		int ns[] = { 1, 10, 100 };

		vec(q, dim, cent);
		for (size_t fi = 0; fi < sizeof filters / sizeof *filters; fi++) {
			int all = brute(db, model, dim, q, &filters[fi], want);

			for (int s = 0; s < 3; s++) {
				for (int m = 0; m < 3; m++) {
					float min_sim = m == 2 ? 0.1f : -1;
					int a, b;

					setenv("IV_NO_SIMD", simd[s], 1);
					a = iv_vindex_search(x, q, &filters[fi], min_sim, ns[m], got);
					for (b = 0; b < all && b < ns[m] && want[b].sim > min_sim; b++)
						;
					if (!same(got, a, want, b)) {
						bad++;
						fprintf(stderr, "%s: query %d filter %zu simd '%s' n %d: %d hits, want %d\n",
							model, k, fi, simd[s], ns[m], a, b);
					}
				}
			}
		}
	}
	unsetenv("IV_NO_SIMD");
	iv_vindex_close(x);
	free(q);
	free(cent);
	free(want);
	return bad;
}

static void
set_magic(const char *path, const char *magic)
{
	FILE *f = fopen(path, "r+b");

	CHECK(f != NULL);
	if (f) {
		fwrite(magic, 1, 8, f);
		fclose(f);
	}
}

static int
has_magic(const char *path, const char *magic)
{
	char m[8] = { 0 };
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (fread(m, 1, 8, f) != 8)
		m[0] = 0;
	fclose(f);
	return !memcmp(m, magic, 8);
}

int
main(void)
{
	char dir[] = "/tmp/iv-unit-XXXXXX", path[600], vpath[700];
	sqlite3 *db;
	iv_vindex *x;
	char *err;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof path, "%s/iv.db", dir);
	snprintf(vpath, sizeof vpath, "%s-vectors", path);
	db = iv_db_open_path(path, IV_DB_WRITE);
	sqlite3_exec(db, "INSERT OR IGNORE INTO users (id, username) VALUES (1, 'a'), (2, 'b')", NULL, NULL, NULL);
	/* Two users (so filters are read), a multiple of 64 dimensions; one
	 * user (so a filter that lets every row through reads none), not. */
	fill(db, "test-384", 384, 2);
	fill(db, "test-100", 100, 1);
	CHECK(check_model(db, "test-384", 384) == 0);
	CHECK(check_model(db, "test-100", 100) == 0);

	/* A file of another version (its magic) is rebuilt, not misread. */
	x = iv_vindex_open(db, "test-100", 100, &err);
	CHECK(x && iv_vindex_count(x) == NROWS);
	iv_vindex_close(x);
	CHECK(has_magic(vpath, "ivvec03"));
	set_magic(vpath, "ivvec02");
	CHECK(check_model(db, "test-100", 100) == 0);
	CHECK(has_magic(vpath, "ivvec03"));
	/* A damaged one too. */
	CHECK(truncate(vpath, 10000) == 0);
	CHECK(check_model(db, "test-100", 100) == 0);
	/* More dimensions than the scan can sum is an error, not a wrong answer. */
	err = NULL;
	CHECK(iv_vindex_open(db, "test-big", 20000, &err) == NULL && err && strstr(err, "20000"));
	free(err);

	iv_db_close(db);
	{
		char cmd[700];

		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		CHECK(system(cmd) == 0);
	}
	return unit_done();
}
