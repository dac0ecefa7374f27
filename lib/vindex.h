/* vindex.h — exact nearest neighbours over the store's vectors, fast.
 *
 * Reading 100,000 vectors of 384 floats row by row through SQLite takes
 * 60-100 ms (each knowledge row also holds its text and spreads over a
 * page of its own), and even a memory-mapped file of them costs 40 ms in a
 * new process, most of it mapping 150 MB. So recall keeps a derived copy
 * next to the store, "STORE-vectors" (mode 0600): for one embedding model,
 * every row's id, user, collection, source type, importance, time, vector,
 * and the vector again as int8s with a scale and an error bound. A search
 * scans the int8s (a quarter of the bytes) and then computes the exact
 * similarity of the few rows whose bound could reach the top k, so its
 * answer is exact. Only the int8s and the fields are mapped (and populated
 * in one call); the few float vectors are read with pread, since a page
 * first touched through a mapping costs a fault, which a new process pays
 * again each time. The layout's version is in the file's magic: a file of
 * another version is rebuilt, never misread.
 * The scan uses AVX-512 VNNI or AVX2 when the machine has them (the
 * environment variable IV_NO_SIMD=1 keeps to portable code, IV_NO_SIMD=avx512
 * to AVX2 at most, for tests).
 * The file is stamped with knowledge_state.generation, which
 * triggers change whenever a vector or one of those fields changes (schema
 * 2), and rebuilt from the store when the stamps differ, by whichever
 * process notices first (written to a temporary file, then renamed). When
 * the store's folder is not writable the copy is built in a temporary file
 * that vanishes on exit. The store stays the truth; deleting the file is
 * always safe.
 */
#ifndef IV_VINDEX_H
#define IV_VINDEX_H

#include <sqlite3.h>

typedef struct iv_vindex iv_vindex;

/* The index of model/dim for db, fresh. NULL with a malloc'd reason in
 * *err on failure (a store that can't be read, no room for the file,
 * more than 16,384 dimensions). */
iv_vindex *iv_vindex_open(sqlite3 *db, const char *model, int dim, char **err);
void iv_vindex_close(iv_vindex *x);
/* How many vectors it holds. */
long iv_vindex_count(const iv_vindex *x);

/* Which rows take part; filters apply before ranking. */
typedef struct {
	long long user_id;
	const char *collection;		/* NULL: any */
	const char *source_type;	/* NULL: any */
	double min_importance;		/* rows below are left out */
	long long since;		/* seconds since the epoch; rows before are left out */
} iv_vfilter;

typedef struct {
	long long id;
	float sim;
	long long time;		/* the row's created_at, seconds since the epoch */
} iv_vhit;

/* The n rows most similar to q (dim floats, normalised) among those that
 * pass f and have a similarity above min_sim, best first, into out[n].
 * Returns how many were found, or -1 when the file can't be read. */
int iv_vindex_search(const iv_vindex *x, const float *q, const iv_vfilter *f,
		     float min_sim, int n, iv_vhit *out);

/* The path of the index file for the store at db_path (malloc'd). */
char *iv_vindex_path(const char *db_path);

#endif
