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

#define MAGIC "ivvec02"
#define ORDER 0x01020304u
#define HDR_SIZE 4096		/* the vectors start on a page of their own */

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
	char model[256];
};

struct iv_vindex {
	void *map;
	size_t size;
	const struct hdr *h;
	const float *vec;
	const int64_t *id, *user, *time;
	const float *imp;
	const uint8_t *coll;
	const uint16_t *type;
	const int8_t *q8;
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
	return (long)x->h->count;
}

void
iv_vindex_close(iv_vindex *x)
{
	if (!x)
		return;
	if (x->map)
		munmap(x->map, x->size);
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

/* Map fd and check it is a whole index of model/dim at generation gen
 * (gen < 0: any generation, for a file just written). */
static iv_vindex *
map_file(int fd, const char *model, int dim, int64_t gen, int check_gen)
{
	struct stat st;
	iv_vindex *x;
	const struct hdr *h;
	const char *p;
	void *map;

	if (fstat(fd, &st) < 0 || (size_t)st.st_size < HDR_SIZE)
		return NULL;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return NULL;
	h = map;
	if (memcmp(h->magic, MAGIC, 8) || h->order != ORDER || h->dim != (uint32_t)dim ||
	    strncmp(h->model, model, sizeof h->model) || h->size != (int64_t)st.st_size ||
	    (check_gen && h->generation != gen) || h->count < 0 || h->ntypes < 0 ||
	    h->off_names > h->size || h->off_type + 2 * h->count > h->size ||
	    h->off_vec + 4 * (int64_t)dim * h->count > h->size ||
	    h->off_q8 + (int64_t)dim * h->count > h->size || h->off_err + 4 * h->count > h->size) {
		munmap(map, (size_t)st.st_size);
		return NULL;
	}
	/* What every search reads, mapped now in one call rather than page by
	 * page as the scan faults (the float vectors are read for a few rows). */
	{
		size_t at = (size_t)h->off_id & ~(size_t)4095;

		madvise((char *)map + at, (size_t)st.st_size - at, MADV_POPULATE_READ);
	}
	x = iv_xcalloc(1, sizeof *x);
	x->map = map;
	x->size = (size_t)st.st_size;
	x->h = h;
	x->vec = (const float *)((const char *)map + h->off_vec);
	x->id = (const int64_t *)((const char *)map + h->off_id);
	x->user = (const int64_t *)((const char *)map + h->off_user);
	x->time = (const int64_t *)((const char *)map + h->off_time);
	x->imp = (const float *)((const char *)map + h->off_imp);
	x->coll = (const uint8_t *)map + h->off_coll;
	x->type = (const uint16_t *)((const char *)map + h->off_type);
	x->q8 = (const int8_t *)map + h->off_q8;
	x->scale = (const float *)((const char *)map + h->off_scale);
	x->err = (const float *)((const char *)map + h->off_err);
	x->names = iv_xcalloc((size_t)h->ntypes + 1, sizeof *x->names);
	p = (const char *)map + h->off_names;
	for (int64_t i = 0; i < h->ntypes; i++) {
		const char *end = memchr(p, 0, (size_t)((const char *)map + h->size - p));

		if (!end) {
			iv_vindex_close(x);
			return NULL;
		}
		x->names[i] = p;
		p = end + 1;
	}
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
		iv_grow_add(&q8, qv, (size_t)dim);
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
	if (db_generation(db, &gen) < 0) {
		*err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (*path && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		x = map_file(fd, model, dim, gen, 1);
		close(fd);
		if (x)
			goto out;
	}
	f = iv_ix_create(*path ? path : "/nonexistent/iv", &tmp);
	if (!f) {
		*err = iv_xasprintf("can't create the vector index: %s", strerror(errno));
		goto out;
	}
	if ((*err = build(db, f, model, dim)) == NULL) {
		x = map_file(fileno(f), model, dim, 0, 0);
		if (!x)
			*err = iv_xstrdup("can't map the vector index");
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

typedef int8_t v16qi __attribute__((vector_size(16)));
typedef int16_t v16hi __attribute__((vector_size(32)));
typedef int16_t v8hi __attribute__((vector_size(16)));
typedef int32_t v8si __attribute__((vector_size(32)));
typedef int32_t v4si __attribute__((vector_size(16)));

/* The dot product of two int8 vectors: sixteen lanes at a time, widened to
 * 16 bits for the products (127 * 127 fits) and 32 for the sums. */
static int32_t
dot8(const int8_t *a, const int8_t *b, int dim)
{
	v4si s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 }, w;
	int32_t tail = 0;
	int i = 0;

	for (; i + 16 <= dim; i += 16) {
		v16qi x, y;
		v16hi p;
		v8hi half;
		v8si wide;

		memcpy(&x, a + i, 16), memcpy(&y, b + i, 16);
		p = __builtin_convertvector(x, v16hi) * __builtin_convertvector(y, v16hi);
		memcpy(&half, &p, 16);
		wide = __builtin_convertvector(half, v8si);
		memcpy(&w, &wide, 16), s0 += w;
		memcpy(&w, (char *)&wide + 16, 16), s1 += w;
		memcpy(&half, (char *)&p + 16, 16);
		wide = __builtin_convertvector(half, v8si);
		memcpy(&w, &wide, 16), s2 += w;
		memcpy(&w, (char *)&wide + 16, 16), s3 += w;
	}
	for (; i < dim; i++)
		tail += a[i] * b[i];
	s0 = (s0 + s1) + (s2 + s3);
	return s0[0] + s0[1] + s0[2] + s0[3] + tail;
}

/* The same on the wider units of the machine it runs on, picked once:
 * AVX-512 VNNI multiplies unsigned by signed bytes, so the query is
 * shifted by 128 (qu) and 128 times the row's sum taken off again. */
typedef int32_t (*dot8_fn)(const int8_t *a, const int8_t *b, const uint8_t *bu, int dim);

static int32_t
dot8_any(const int8_t *a, const int8_t *b, const uint8_t *bu, int dim)
{
	(void)bu;
	return dot8(a, b, dim);
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

__attribute__((target("avx2"))) static int32_t
dot8_avx2(const int8_t *a, const int8_t *b, const uint8_t *bu, int dim)
{
	__m256i s = _mm256_setzero_si256();
	__m128i h;
	int32_t tail = 0;
	int i = 0;

	(void)bu;
	for (; i + 16 <= dim; i += 16) {
		__m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(a + i)));
		__m256i y = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(const void *)(b + i)));

		s = _mm256_add_epi32(s, _mm256_madd_epi16(x, y));
	}
	h = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0x4e));
	h = _mm_add_epi32(h, _mm_shuffle_epi32(h, 0xb1));
	for (; i < dim; i++)
		tail += a[i] * b[i];
	return _mm_cvtsi128_si32(h) + tail;
}

__attribute__((target("avx512f,avx512bw,avx512vnni"))) static int32_t
dot8_vnni(const int8_t *a, const int8_t *b, const uint8_t *bu, int dim)
{
	__m512i s = _mm512_setzero_si512(), t = _mm512_setzero_si512();
	const __m512i ones = _mm512_set1_epi8(1);

	(void)b;
	for (int i = 0; i < dim; i += 64) {
		__mmask64 m = dim - i >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << (dim - i)) - 1;
		__m512i x = _mm512_maskz_loadu_epi8(m, a + i), u = _mm512_maskz_loadu_epi8(m, bu + i);

		s = _mm512_dpbusd_epi32(s, u, x);
		t = _mm512_dpbusd_epi32(t, ones, x);
	}
	return _mm512_reduce_add_epi32(s) - 128 * _mm512_reduce_add_epi32(t);
}
#endif

static dot8_fn
pick_dot8(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	if (!getenv("IV_NO_SIMD")) {
		if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw"))
			return dot8_vnni;
		if (__builtin_cpu_supports("avx2"))
			return dot8_avx2;
	}
#endif
	return dot8_any;
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
int
iv_vindex_search(const iv_vindex *x, const float *q, const iv_vfilter *f,
		 float min_sim, int n, iv_vhit *out)
{
	const int dim = (int)x->h->dim;
	const int64_t count = x->h->count;
	int want_type = -1, want_coll = -1, have = 0, nlow = 0;
	int8_t *qq;
	uint8_t *qu;
	dot8_fn dot = pick_dot8();
	float sq, eq, level = -INFINITY;
	iv_vhit *low;		/* the n best lower bounds */
	struct vcand *cand = NULL;
	size_t ncand = 0, capcand = 0;

	if (n <= 0)
		return 0;
	if (f->source_type) {
		for (int64_t t = 0; t < x->h->ntypes; t++)
			if (!strcmp(x->names[t], f->source_type))
				want_type = (int)t;
		if (want_type < 0)
			return 0;
	}
	if (f->collection)
		want_coll = !strcmp(f->collection, "general_knowledge");
	qq = iv_xmalloc((size_t)dim);
	qu = iv_xmalloc((size_t)dim);
	sq = quantize(q, dim, qq, &eq);
	for (int j = 0; j < dim; j++)
		qu[j] = (uint8_t)(qq[j] + 128);
	low = iv_xmalloc((size_t)n * sizeof *low);
	for (int64_t i = 0; i < count; i++) {
		float approx, bound, ub, lb;

		if (x->user[i] != f->user_id || (want_coll >= 0 && x->coll[i] != want_coll) ||
		    (want_type >= 0 && x->type[i] != want_type) || x->imp[i] < f->min_importance ||
		    x->time[i] < f->since)
			continue;
		approx = x->scale[i] * sq * (float)dot(x->q8 + (size_t)i * (size_t)dim, qq, qu, dim);
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
	for (size_t c = 0; c < ncand; c++) {
		float sim;

		if (have == n && cand[c].ub < out[0].sim)
			break;
		sim = iv_vec_dot(q, x->vec + (size_t)cand[c].i * (size_t)dim, dim);
		if (sim > min_sim)
			heap_offer(out, &have, n, x->id[cand[c].i], sim, x->time[cand[c].i]);
	}
	free(cand);
	free(low);
	free(qq);
	free(qu);
	qsort(out, (size_t)have, sizeof *out, by_sim_desc);
	return have;
}
