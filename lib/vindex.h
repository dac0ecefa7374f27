/* vindex.h — exact nearest neighbours over the store's vectors, fast.
 *
 * Reading 100,000 vectors of 384 floats row by row through SQLite takes
 * 60-100 ms (each knowledge row also holds its text and spreads over a
 * page of its own). So recall keeps a derived copy next to the store,
 * "STORE-vectors" (mode 0600): for one embedding model, every row's
 * vector, id and time, and in blocks of 1,024 rows the vectors again as
 * int8s with a scale and an error bound, and the filter fields (user,
 * collection, source type, importance, time). A search scans the int8s
 * (a quarter of the bytes) and then computes the exact similarity of the
 * few rows whose bound could reach the top k, so its answer is exact.
 * It reads the file with pread, a block a call into one buffer, and maps
 * nothing: in a new process each page first touched through a mapping
 * costs a fault or a miss the hypervisor fills (several microseconds a
 * page on a virtual machine, unless the page cache happens to hold the
 * file in 2 MB pages), where pread copies through the kernel's mapping.
 * The filter fields are not read when the filter lets every row through
 * (one user and no other filter: the header keeps the rows' span).
 * The layout's version is in the file's magic: a file of another version
 * is rebuilt, never misread.
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
