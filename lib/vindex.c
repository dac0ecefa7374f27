#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "embed.h"
#include "ixfile.h"
#include "msg.h"
#include "vindex.h"

/* The version is in the magic: a file of another layout is rebuilt. 03:
 * the int8 copy is stored offset by 128 (unsigned) in rows padded to 64
 * bytes, and a search reads the float vectors with pread, never mapped. */
#define MAGIC "ivvec03"
#define ORDER 0x01020304u
#define HDR_SIZE 4096		/* the vectors start on a page of their own */
#define MAX_DIM 16384
#define STRIDE(dim) (((int64_t)(dim) + 63) / 64 * 64)

struct hdr {
	char magic[8];
	uint32_t order;		/* a file written on another byte order is rebuilt */
	uint32_t dim;
	int64_t generation;
	int64_t count;
	int64_t ntypes;
	int64_t off_vec, off_id, off_user, off_time, off_imp, off_coll, off_type, off_names;
	int64_t off_q8, off_scale, off_err;	/* the int8 copy scanned first */
	int64_t size;
	int64_t stride;		/* bytes per row of the int8 copy: STRIDE(dim) */
	struct iv_ix_span span;
	char model[256];
};

/* Only what every search reads is mapped (from off_id on, all of it
 * populated at once); the float vectors, which a search reads for a few
 * rows, are read with pread: in a new process each page of a mapping
 * first touched costs a fault, tens of microseconds on a virtual machine,
 * more than reading the row. */
struct iv_vindex {
	int fd;
	void *map;
	size_t mapsize;
	struct hdr h;
	const int64_t *id, *user, *time;
	const float *imp;
	const uint8_t *coll;
	const uint16_t *type;
	const uint8_t *q8;
	const float *scale, *err;
	const char **names;	/* ntypes pointers into the map */
};

char *
iv_vindex_path(const char *db_path)
{
	return iv_xasprintf("%s-vectors", db_path);
}

long
iv_vindex_count(const iv_vindex *x)
{
	return (long)x->h.count;
}

void
iv_vindex_close(iv_vindex *x)
{
	if (!x)
		return;
	if (x->map)
		munmap(x->map, x->mapsize);
	if (x->fd >= 0)
		close(x->fd);
	free(x->names);
	free(x);
}

static int
db_generation(sqlite3 *db, int64_t *gen)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, "SELECT generation FROM knowledge_state WHERE id = 1", -1, &st, NULL);

	if (rc != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*gen = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

/* Is [off, off + len) inside the mapped part of h's file? */
static int
in_map(const struct hdr *h, int64_t off, int64_t len)
{
	return off >= h->off_id && len >= 0 && off <= h->size && len <= h->size - off;
}

/* Check fd is a whole index of model/dim at generation gen (check_gen 0:
 * any, for a file just written) and map what a search scans. On success
 * the index owns fd. */
static iv_vindex *
map_file(int fd, const char *model, int dim, int64_t gen, int check_gen)
{
	struct stat st;
	struct hdr h;
	iv_vindex *x;
	const char *p, *base;
	void *map;
	int64_t at;

	if (fstat(fd, &st) < 0 || (size_t)st.st_size < HDR_SIZE || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
		return NULL;
	if (memcmp(h.magic, MAGIC, 8) || h.order != ORDER || h.dim != (uint32_t)dim || dim <= 0 ||
	    h.stride != STRIDE(dim) || memchr(h.model, 0, sizeof h.model) == NULL ||
	    strncmp(h.model, model, sizeof h.model) || h.size != (int64_t)st.st_size ||
	    (check_gen && h.generation != gen) || h.count < 0 || h.count > h.size || h.ntypes < 0 ||
	    h.ntypes > 65536 || h.off_vec != HDR_SIZE || h.off_id < h.off_vec ||
	    h.off_id - h.off_vec < 4 * (int64_t)dim * h.count ||
	    !in_map(&h, h.off_user, 8 * h.count) || !in_map(&h, h.off_id, 8 * h.count) ||
	    !in_map(&h, h.off_time, 8 * h.count) || !in_map(&h, h.off_imp, 4 * h.count) ||
	    !in_map(&h, h.off_coll, h.count) || !in_map(&h, h.off_type, 2 * h.count) ||
	    !in_map(&h, h.off_names, 0) || !in_map(&h, h.off_q8, h.stride * h.count) ||
	    !in_map(&h, h.off_scale, 4 * h.count) || !in_map(&h, h.off_err, 4 * h.count))
		return NULL;
	at = h.off_id & ~(int64_t)4095;
	if (at == h.size)
		at = 0;		/* no rows: map the header, not nothing */
	/* What every search reads, mapped now in one call rather than page by
	 * page as the scan faults. */
	map = mmap(NULL, (size_t)(h.size - at), PROT_READ, MAP_SHARED | MAP_POPULATE, fd, (off_t)at);
	if (map == MAP_FAILED)
		return NULL;
	base = (const char *)map - at;
	x = iv_xcalloc(1, sizeof *x);
	x->fd = -1;
	x->map = map;
	x->mapsize = (size_t)(h.size - at);
	x->h = h;
	x->id = (const int64_t *)(base + h.off_id);
	x->user = (const int64_t *)(base + h.off_user);
	x->time = (const int64_t *)(base + h.off_time);
	x->imp = (const float *)(base + h.off_imp);
	x->coll = (const uint8_t *)base + h.off_coll;
	x->type = (const uint16_t *)(base + h.off_type);
	x->q8 = (const uint8_t *)base + h.off_q8;
	x->scale = (const float *)(base + h.off_scale);
	x->err = (const float *)(base + h.off_err);
	x->names = iv_xcalloc((size_t)h.ntypes + 1, sizeof *x->names);
	p = base + h.off_names;
	for (int64_t i = 0; i < h.ntypes; i++) {
		const char *end = memchr(p, 0, (size_t)(base + h.size - p));

		if (!end) {
			iv_vindex_close(x);
			return NULL;
		}
		x->names[i] = p;
		p = end + 1;
	}
	x->fd = fd;
	return x;
}

/* v as int8s times a scale; returns the scale, and in *err the length of
 * what the int8s miss (v - scale * q), which bounds the error of any dot
 * product with a unit vector. */
static float
quantize(const float *v, int dim, int8_t *q, float *err)
{
	float max = 0, s;
	double e = 0;

	for (int i = 0; i < dim; i++)
		if (fabsf(v[i]) > max)
			max = fabsf(v[i]);
	s = max / 127;
	for (int i = 0; i < dim; i++) {
		float r = s > 0 ? roundf(v[i] / s) : 0;

		q[i] = (int8_t)(r > 127 ? 127 : r < -127 ? -127 : r);
		e += ((double)v[i] - (double)s * q[i]) * ((double)v[i] - (double)s * q[i]);
	}
	/* A hair more than the exact figure, for float rounding in the scan. */
	*err = (float)(sqrt(e) * 1.0001 + 1e-6);
	return s;
}

/* Write a fresh index of the store into f (at its start). */
static char *
build(sqlite3 *db, FILE *f, const char *model, int dim)
{
	struct iv_grow id = { 0 }, user = { 0 }, tm = { 0 }, imp = { 0 }, coll = { 0 }, type = { 0 }, names = { 0 };
	struct iv_grow q8 = { 0 }, scale = { 0 }, qerr = { 0 };
	struct hdr h;
	sqlite3_stmt *st = NULL;
	int own = sqlite3_get_autocommit(db), rc;
	char *err = NULL;
	float *v = iv_xmalloc((size_t)dim * sizeof *v);
	int8_t *qv = iv_xmalloc((size_t)dim);
	uint8_t *qu = iv_xmalloc((size_t)STRIDE(dim));

	memset(&h, 0, sizeof h);
	/* One read transaction: the generation and the rows agree. */
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (db_generation(db, &h.generation) < 0 ||
	    sqlite3_prepare_v2(db, "SELECT id, user_id, collection, source_type, importance, "
			       "coalesce(CAST(strftime('%s', created_at) AS INTEGER), 0), embedding "
			       "FROM knowledge WHERE embedding_model = ? AND embedding_dim = ? "
			       "AND embedding IS NOT NULL ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, dim);
	if (fseek(f, HDR_SIZE, SEEK_SET) < 0) {
		err = iv_xasprintf("can't write the vector index: %s", strerror(errno));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t i64;
		float fl, e;
		uint8_t c;
		uint16_t t;
		const char *ts = (const char *)sqlite3_column_text(st, 3);

		if (iv_vec_from_blob(sqlite3_column_blob(st, 6), (size_t)sqlite3_column_bytes(st, 6), dim, v) < 0)
			continue;	/* a vector that is not what its dimension says */
		fwrite(v, sizeof *v, (size_t)dim, f);
		fl = quantize(v, dim, qv, &e);
		memset(qu, 128, (size_t)STRIDE(dim));
		for (int j = 0; j < dim; j++)
			qu[j] = (uint8_t)(qv[j] + 128);
		iv_grow_add(&q8, qu, (size_t)STRIDE(dim));
		iv_grow_add(&scale, &fl, sizeof fl);
		iv_grow_add(&qerr, &e, sizeof e);
		i64 = sqlite3_column_int64(st, 0);
		iv_grow_add(&id, &i64, sizeof i64);
		i64 = sqlite3_column_int64(st, 1);
		iv_grow_add(&user, &i64, sizeof i64);
		i64 = sqlite3_column_int64(st, 5);
		iv_grow_add(&tm, &i64, sizeof i64);
		fl = (float)sqlite3_column_double(st, 4);
		iv_grow_add(&imp, &fl, sizeof fl);
		iv_ix_span_add(&h.span, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 5), fl);
		c = !strcmp((const char *)sqlite3_column_text(st, 2), "general_knowledge");
		iv_grow_add(&coll, &c, 1);
		t = (uint16_t)iv_ix_name(&names, &h.ntypes, ts ? ts : "");
		iv_grow_add(&type, &t, sizeof t);
		h.count++;
	}
	if (rc != SQLITE_DONE) {
		err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	h.off_vec = HDR_SIZE;
	h.off_id = iv_ix_section(f, id.p, id.len);
	h.off_user = iv_ix_section(f, user.p, user.len);
	h.off_time = iv_ix_section(f, tm.p, tm.len);
	h.off_imp = iv_ix_section(f, imp.p, imp.len);
	h.off_coll = iv_ix_section(f, coll.p, coll.len);
	h.off_type = iv_ix_section(f, type.p, type.len);
	h.off_names = iv_ix_section(f, names.p, names.len);
	h.off_q8 = iv_ix_section(f, q8.p, q8.len);
	h.off_scale = iv_ix_section(f, scale.p, scale.len);
	h.off_err = iv_ix_section(f, qerr.p, qerr.len);
	h.size = ftell(f);
	/* An empty index still has its whole header page. */
	if (fflush(f) != 0 || ftruncate(fileno(f), (off_t)h.size) < 0) {
		err = iv_xasprintf("can't write the vector index: %s", strerror(errno));
		goto out;
	}
	memcpy(h.magic, MAGIC, 8);
	h.order = ORDER;
	h.dim = (uint32_t)dim;
	h.stride = STRIDE(dim);
	snprintf(h.model, sizeof h.model, "%s", model);
	if (fseek(f, 0, SEEK_SET) < 0 || fwrite(&h, sizeof h, 1, f) != 1 || fflush(f) != 0)
		err = iv_xasprintf("can't write the vector index: %s", strerror(errno));
out:
	sqlite3_finalize(st);
	if (own && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	free(id.p), free(user.p), free(tm.p), free(imp.p), free(coll.p), free(type.p), free(names.p);
	free(q8.p), free(scale.p), free(qerr.p);
	free(v);
	free(qv);
	free(qu);
	return err;
}

iv_vindex *
iv_vindex_open(sqlite3 *db, const char *model, int dim, char **err)
{
	const char *dbfile = sqlite3_db_filename(db, "main");
	char *path = dbfile && *dbfile ? iv_vindex_path(dbfile) : iv_xstrdup("");
	char *tmp = NULL;
	int64_t gen;
	iv_vindex *x = NULL;
	FILE *f;
	int fd;

	*err = NULL;
	/* The scan sums in 32 bits: 255 * 127 per dimension. */
	if (dim <= 0 || dim > MAX_DIM) {
		*err = iv_xasprintf("can't index vectors of %d dimensions (1-%d)", dim, MAX_DIM);
		goto out;
	}
	if (db_generation(db, &gen) < 0) {
		*err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (*path && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		x = map_file(fd, model, dim, gen, 1);
		if (x)
			goto out;
		close(fd);
	}
	f = iv_ix_create(*path ? path : "/nonexistent/iv", &tmp);
	if (!f) {
		*err = iv_xasprintf("can't create the vector index: %s", strerror(errno));
		goto out;
	}
	if ((*err = build(db, f, model, dim)) == NULL) {
		fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 0);
		x = fd >= 0 ? map_file(fd, model, dim, 0, 0) : NULL;
		if (!x) {
			*err = iv_xstrdup("can't map the vector index");
			if (fd >= 0)
				close(fd);
		}
		else if (tmp && rename(tmp, path) == 0) {
			free(tmp);
			tmp = NULL;
		}
	}
	fclose(f);
	if (tmp)
		unlink(tmp);
out:
	free(tmp);
	free(path);
	return x;
}

/* A min-heap of the best hits so far: out[0] is the weakest. */
static int
weaker(const iv_vhit *a, const iv_vhit *b)
{
	return a->sim < b->sim || (a->sim == b->sim && a->id > b->id);
}

static void
sift_down(iv_vhit *h, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		iv_vhit t;

		if (l < n && weaker(&h[l], &h[m]))
			m = l;
		if (r < n && weaker(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		t = h[i], h[i] = h[m], h[m] = t;
		i = m;
	}
}

static void
sift_up(iv_vhit *h, int i)
{
	while (i > 0) {
		int p = (i - 1) / 2;
		iv_vhit t;

		if (!weaker(&h[i], &h[p]))
			return;
		t = h[i], h[i] = h[p], h[p] = t;
		i = p;
	}
}

static int
by_sim_desc(const void *a, const void *b)
{
	const iv_vhit *x = a, *y = b;

	if (x->sim != y->sim)
		return x->sim < y->sim ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The scan's kernel: for each of nrows rows of the unsigned copy (row r at
 * rows + r * stride), the sum of its bytes times the query's int8s, into
 * out[r]. Integers, so every kernel gives the same figures to the bit.
 * Rows are padded with 128 and the query with 0, so padding adds nothing. */
typedef void (*dots_fn)(const uint8_t *rows, int64_t stride, int nrows, const int8_t *q, const int16_t *qw,
			int32_t *out);

static void
dots_any(const uint8_t *rows, int64_t stride, int nrows, const int8_t *q, const int16_t *qw, int32_t *out)
{
	(void)qw;
	for (int r = 0; r < nrows; r++) {
		const uint8_t *u = rows + r * stride;
		int32_t s = 0;

		for (int64_t j = 0; j < stride; j++)
			s += u[j] * q[j];
		out[r] = s;
	}
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Sixteen bytes at a time widened to 16 bits (255 * 127 fits), the query
 * widened once (qw); products summed in pairs to 32 bits. */
__attribute__((target("avx2"))) static void
dots_avx2(const uint8_t *rows, int64_t stride, int nrows, const int8_t *q, const int16_t *qw, int32_t *out)
{
	(void)q;
	for (int r = 0; r < nrows; r++) {
		const uint8_t *u = rows + r * stride;
		__m256i s = _mm256_setzero_si256();
		__m128i h;

		for (int64_t j = 0; j < stride; j += 16) {
			__m256i x = _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(u + j)));
			__m256i y = _mm256_loadu_si256((const __m256i *)(const void *)(qw + j));

			s = _mm256_add_epi32(s, _mm256_madd_epi16(x, y));
		}
		h = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
		h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4e));
		h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xb1));
		out[r] = _mm_cvtsi128_si32(h);
	}
}

/* AVX-512 VNNI multiplies unsigned by signed bytes and sums in fours:
 * one instruction per 64 bytes of a row. */
__attribute__((target("avx512f,avx512bw,avx512vnni"))) static void
dots_vnni(const uint8_t *rows, int64_t stride, int nrows, const int8_t *q, const int16_t *qw, int32_t *out)
{
	(void)qw;
	for (int r = 0; r < nrows; r++) {
		const uint8_t *u = rows + r * stride;
		__m512i s = _mm512_setzero_si512();

		for (int64_t j = 0; j < stride; j += 64)
			s = _mm512_dpbusd_epi32(s, _mm512_loadu_si512((const void *)(u + j)),
						_mm512_loadu_si512((const void *)(q + j)));
		out[r] = _mm512_reduce_add_epi32(s);
	}
}
#endif

/* The kernel for the machine it runs on, picked once. IV_NO_SIMD=1 keeps
 * to portable code, IV_NO_SIMD=avx512 to AVX2 at most (for tests). */
static dots_fn
pick_dots(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	const char *no = getenv("IV_NO_SIMD");

	__builtin_cpu_init();
	if (!no || !*no || !strcmp(no, "0") || !strcmp(no, "avx512")) {
		if ((!no || strcmp(no, "avx512")) && __builtin_cpu_supports("avx512vnni") &&
		    __builtin_cpu_supports("avx512bw"))
			return dots_vnni;
		if (__builtin_cpu_supports("avx2"))
			return dots_avx2;
	}
#endif
	return dots_any;
}

struct vcand {
	int64_t i;
	float ub;
};

static int
by_ub_desc(const void *a, const void *b)
{
	const struct vcand *x = a, *y = b;

	return x->ub < y->ub ? 1 : x->ub > y->ub ? -1 : (x->i > y->i) - (x->i < y->i);
}

/* Keep the n best of hits seen in a min-heap h (have of them); of equal
 * similarity, the lower id, whatever the order they come in. */
static void
heap_offer(iv_vhit *h, int *have, int n, long long id, float sim, long long time)
{
	if (*have < n) {
		h[*have] = (iv_vhit){ id, sim, time };
		sift_up(h, (*have)++);
	} else if (sim > h[0].sim || (sim == h[0].sim && id < h[0].id)) {
		h[0] = (iv_vhit){ id, sim, time };
		sift_down(h, *have, 0);
	}
}

/* Exact top n in two passes. The first scans the int8 copy: each row's
 * similarity is known to within a bound (its quantisation error and the
 * query's), which gives a lower and an upper bound. Once n rows are known
 * to be above some level T by their lower bounds, a row whose upper bound
 * is below T can't be in the top n. The second pass computes the exact
 * similarity of the few rows that could, from the float vectors. */
#define BLOCK 256

int
iv_vindex_search(const iv_vindex *x, const float *q, const iv_vfilter *f,
		 float min_sim, int n, iv_vhit *out)
{
	const int dim = (int)x->h.dim;
	const int64_t count = x->h.count, stride = x->h.stride;
	int want_type = -1, want_coll = -1, have = 0, nlow = 0, failed = 0, all = iv_ix_span_all(&x->h.span, f);
	int8_t *qq;
	int16_t *qw;
	int32_t qsum = 0, dots[BLOCK];
	uint8_t pass[BLOCK];
	dots_fn kernel = pick_dots();
	float sq, eq, level = -INFINITY, *v;
	iv_vhit *low;		/* the n best lower bounds */
	struct vcand *cand = NULL;
	size_t ncand = 0, capcand = 0;

	if (n <= 0)
		return 0;
	if (f->source_type) {
		for (int64_t t = 0; t < x->h.ntypes; t++)
			if (!strcmp(x->names[t], f->source_type))
				want_type = (int)t;
		if (want_type < 0)
			return 0;
	}
	if (f->collection)
		want_coll = !strcmp(f->collection, "general_knowledge");
	qq = iv_xcalloc((size_t)stride, 1);
	qw = iv_xcalloc((size_t)stride, sizeof *qw);
	sq = quantize(q, dim, qq, &eq);
	for (int j = 0; j < dim; j++) {
		qsum += qq[j];
		qw[j] = qq[j];
	}
	low = iv_xmalloc((size_t)n * sizeof *low);
	for (int64_t i0 = 0; i0 < count; i0 += BLOCK) {
		int nb = count - i0 < BLOCK ? (int)(count - i0) : BLOCK, any = all;

		for (int r = 0; r < nb && !all; r++) {
			int64_t i = i0 + r;

			pass[r] = x->user[i] == f->user_id && (want_coll < 0 || x->coll[i] == want_coll) &&
				  (want_type < 0 || x->type[i] == want_type) && x->imp[i] >= f->min_importance &&
				  x->time[i] >= f->since;
			any |= pass[r];
		}
		if (!any)
			continue;
		kernel(x->q8 + i0 * stride, stride, nb, qq, qw, dots);
		for (int r = 0; r < nb; r++) {
			int64_t i = i0 + r;
			float approx, bound, ub, lb;

			if (!all && !pass[r])
				continue;
			/* The copy is the int8s plus 128: take 128 times the query's sum off. */
			approx = x->scale[i] * sq * (float)(dots[r] - 128 * qsum);
			bound = x->err[i] + eq * (1 + x->err[i]) + 1e-5f;
			ub = approx + bound;
			lb = approx - bound;
			if (ub <= min_sim || ub < level)
				continue;
			if (ncand == capcand)
				cand = iv_xrealloc(cand, (capcand = capcand ? 2 * capcand : 256) * sizeof *cand);
			cand[ncand].i = i;
			cand[ncand++].ub = ub;
			if (lb > min_sim) {
				heap_offer(low, &nlow, n, i, lb, 0);
				if (nlow == n)
					level = low[0].sim;
			}
		}
	}
	/* Best bound first: once n rows are known exactly, a row whose bound is
	 * below the weakest of them can't take its place, nor can any after. */
	{
		size_t k = 0;

		for (size_t c = 0; c < ncand; c++)
			if (cand[c].ub >= level)
				cand[k++] = cand[c];
		ncand = k;
		if (ncand)
			qsort(cand, ncand, sizeof *cand, by_ub_desc);
	}
	v = iv_xmalloc((size_t)dim * sizeof *v);
	for (size_t c = 0; c < ncand; c++) {
		size_t len = (size_t)dim * sizeof *v;
		float sim;

		if (have == n && cand[c].ub < out[0].sim)
			break;
		if (pread(x->fd, v, len, (off_t)(x->h.off_vec + cand[c].i * (int64_t)len)) != (ssize_t)len) {
			failed = 1;
			break;
		}
		sim = iv_vec_dot(q, v, dim);
		if (sim > min_sim)
			heap_offer(out, &have, n, x->id[cand[c].i], sim, x->time[cand[c].i]);
	}
	free(v);
	free(cand);
	free(low);
	free(qq);
	free(qw);
	if (failed)
		return -1;
	qsort(out, (size_t)have, sizeof *out, by_sim_desc);
	return have;
}
