#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "embed.h"
#include "ixfile.h"
#include "msg.h"
#include "vindex.h"

/* The version is in the magic: a file of another layout is rebuilt.
 * 03: blocks and rows, read with pread; the int8 copy stored plus 128
 * (unsigned) in rows padded to 64 bytes; the rows' span in the header.
 *
 * A search reads the file with pread, and maps nothing: in a new process
 * each page first touched through a mapping costs a fault, or at least a
 * miss the hypervisor fills, several microseconds a page on a virtual
 * machine unless the page cache happens to hold the file in 2 MB pages;
 * pread copies through the kernel's own mapping instead. So what a scan
 * reads is laid out to be read in a few large calls:
 *
 *   header (HDR_SIZE)
 *   rows: for each row, its float vector, id and time (dim * 4 + 16),
 *     read for the few candidates the scan leaves;
 *   names: the source types, NUL-separated;
 *   blocks of VB rows: scale[VB], err[VB] (floats) and the int8 copy
 *     (VB rows of stride bytes), which every scan reads; then user[VB],
 *     time[VB] (int64), imp[VB] (float), type[VB] (uint16), coll[VB],
 *     read only when the filter may leave a row out.
 */
#define MAGIC "ivvec03"
#define ORDER 0x01020304u
#define HDR_SIZE 4096
#define VB 1024			/* rows a block: the int8s of one (384 KB at 384 dimensions) stay in the cache */
#define MAX_DIM 16384
#define STRIDE(dim) (((int64_t)(dim) + 63) / 64 * 64)
#define SCAN_SIZE(stride) (8 * VB + VB * (stride))
#define FILTER_SIZE (23 * VB)

struct hdr {
	char magic[8];
	uint32_t order;		/* a file written on another byte order is rebuilt */
	uint32_t dim;
	int64_t generation;
	int64_t count;
	int64_t ntypes;
	int64_t vb, stride;	/* VB, STRIDE(dim) */
	int64_t off_rows, off_names, names_len, off_blocks;
	int64_t size;
	struct iv_ix_span span;
	char model[256];
};

struct iv_vindex {
	int fd;
	struct hdr h;
	char *names_buf;
	const char **names;	/* ntypes pointers into names_buf */
	uint8_t *buf;		/* a block as read (iv_ix_buf) */
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

static int64_t
row_size(const struct hdr *h)
{
	return (int64_t)h->dim * 4 + 16;
}

static int64_t
block_size(const struct hdr *h)
{
	return (SCAN_SIZE(h->stride) + FILTER_SIZE + 4095) / 4096 * 4096;
}

void
iv_vindex_close(iv_vindex *x)
{
	if (!x)
		return;
	if (x->fd >= 0)
		close(x->fd);
	iv_ix_buf_free(x->buf, SCAN_SIZE(x->h.stride) + FILTER_SIZE);
	free(x->names_buf);
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

/* Check fd is a whole index of model/dim at generation gen (check_gen 0:
 * any, for a file just written) and read its names. On success the index
 * owns fd. */
static iv_vindex *
load(int fd, const char *model, int dim, int64_t gen, int check_gen)
{
	struct stat st;
	struct hdr h;
	iv_vindex *x;
	const char *p, *end;
	int64_t nblocks;

	if (fstat(fd, &st) < 0 || (size_t)st.st_size < HDR_SIZE || pread(fd, &h, sizeof h, 0) != (ssize_t)sizeof h)
		return NULL;
	if (memcmp(h.magic, MAGIC, 8) || h.order != ORDER || h.dim != (uint32_t)dim || dim <= 0 ||
	    h.vb != VB || h.stride != STRIDE(dim) || memchr(h.model, 0, sizeof h.model) == NULL ||
	    strncmp(h.model, model, sizeof h.model) || h.size != (int64_t)st.st_size ||
	    (check_gen && h.generation != gen) || h.count < 0 || h.count > h.size || h.ntypes < 0 ||
	    h.ntypes > 65536 || h.off_rows != HDR_SIZE || h.names_len < 0 || h.names_len > h.size ||
	    h.off_names < h.off_rows || h.off_names - h.off_rows < h.count * row_size(&h) ||
	    h.off_blocks < h.off_names + h.names_len || h.off_blocks > h.size)
		return NULL;
	nblocks = (h.count + VB - 1) / VB;
	if ((h.size - h.off_blocks) / block_size(&h) < nblocks)
		return NULL;
	x = iv_xcalloc(1, sizeof *x);
	x->fd = -1;
	x->h = h;
	x->names_buf = iv_xmalloc((size_t)h.names_len + 1);
	x->names = iv_xcalloc((size_t)h.ntypes + 1, sizeof *x->names);
	if (pread(fd, x->names_buf, (size_t)h.names_len, (off_t)h.off_names) != (ssize_t)h.names_len) {
		iv_vindex_close(x);
		return NULL;
	}
	x->names_buf[h.names_len] = 0;
	p = x->names_buf;
	end = x->names_buf + h.names_len;
	for (int64_t i = 0; i < h.ntypes; i++) {
		const char *nul = memchr(p, 0, (size_t)(end - p));

		if (!nul) {
			iv_vindex_close(x);
			return NULL;
		}
		x->names[i] = p;
		p = nul + 1;
	}
	x->buf = iv_ix_buf(SCAN_SIZE(h.stride) + FILTER_SIZE);
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

/* Write the blocks of the rows gathered in g (count of them) at the end
 * of f, a whole block a call. */
static void
write_blocks(FILE *f, int64_t count, int64_t stride, struct iv_grow *g)
{
	int64_t bsize = (SCAN_SIZE(stride) + FILTER_SIZE + 4095) / 4096 * 4096;
	/* g: scale, err, q8, user, time, imp, type, coll; their sizes a row */
	const size_t w[] = { 4, 4, (size_t)stride, 8, 8, 4, 2, 1 };
	char *blk = iv_xmalloc((size_t)bsize);

	for (int64_t b0 = 0; b0 < count; b0 += VB) {
		int64_t n = count - b0 < VB ? count - b0 : VB;
		char *p = blk;

		memset(blk, 0, (size_t)bsize);
		for (int k = 0; k < 8; k++) {
			memcpy(p, (char *)g[k].p + (size_t)b0 * w[k], (size_t)n * w[k]);
			if (k == 2)	/* rows past the last: the int8s of zeros */
				memset(p + (size_t)n * w[k], 128, (size_t)(VB - n) * w[k]);
			p += VB * w[k];
		}
		fwrite(blk, 1, (size_t)bsize, f);
	}
	free(blk);
}

/* Write a fresh index of the store into f (at its start). */
static char *
build(sqlite3 *db, FILE *f, const char *model, int dim)
{
	/* a row's scale, err, q8, user, time, imp, type, coll */
	struct iv_grow g[8] = { { 0 } }, names = { 0 };
	struct hdr h;
	sqlite3_stmt *st = NULL;
	int own = sqlite3_get_autocommit(db), rc;
	char *err = NULL;
	float *v = iv_xmalloc((size_t)dim * sizeof *v);
	int8_t *qv = iv_xmalloc((size_t)dim);
	uint8_t *qu = iv_xmalloc((size_t)STRIDE(dim));
	long at;

	memset(&h, 0, sizeof h);
	h.dim = (uint32_t)dim;
	h.vb = VB;
	h.stride = STRIDE(dim);
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
		int64_t id = sqlite3_column_int64(st, 0), user = sqlite3_column_int64(st, 1);
		int64_t tm = sqlite3_column_int64(st, 5);
		float fl, e, imp = (float)sqlite3_column_double(st, 4);
		uint8_t c;
		uint16_t t;
		const char *ts = (const char *)sqlite3_column_text(st, 3);

		if (iv_vec_from_blob(sqlite3_column_blob(st, 6), (size_t)sqlite3_column_bytes(st, 6), dim, v) < 0)
			continue;	/* a vector that is not what its dimension says */
		fwrite(v, sizeof *v, (size_t)dim, f);
		fwrite(&id, sizeof id, 1, f);
		fwrite(&tm, sizeof tm, 1, f);
		fl = quantize(v, dim, qv, &e);
		memset(qu, 128, (size_t)h.stride);
		for (int j = 0; j < dim; j++)
			qu[j] = (uint8_t)(qv[j] + 128);
		iv_grow_add(&g[0], &fl, sizeof fl);
		iv_grow_add(&g[1], &e, sizeof e);
		iv_grow_add(&g[2], qu, (size_t)h.stride);
		iv_grow_add(&g[3], &user, sizeof user);
		iv_grow_add(&g[4], &tm, sizeof tm);
		iv_grow_add(&g[5], &imp, sizeof imp);
		t = (uint16_t)iv_ix_name(&names, &h.ntypes, ts ? ts : "");
		iv_grow_add(&g[6], &t, sizeof t);
		c = !strcmp((const char *)sqlite3_column_text(st, 2), "general_knowledge");
		iv_grow_add(&g[7], &c, 1);
		iv_ix_span_add(&h.span, user, tm, imp);
		h.count++;
	}
	if (rc != SQLITE_DONE) {
		err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	h.off_rows = HDR_SIZE;
	h.off_names = iv_ix_section(f, names.p, names.len);
	h.names_len = (int64_t)names.len;
	/* The blocks on a page boundary. */
	at = ftell(f);
	for (; at % 4096; at++)
		fputc(0, f);
	h.off_blocks = at;
	write_blocks(f, h.count, h.stride, g);
	h.size = ftell(f);
	/* An empty index still has its whole header page. */
	if (fflush(f) != 0 || ftruncate(fileno(f), (off_t)h.size) < 0) {
		err = iv_xasprintf("can't write the vector index: %s", strerror(errno));
		goto out;
	}
	memcpy(h.magic, MAGIC, 8);
	h.order = ORDER;
	snprintf(h.model, sizeof h.model, "%s", model);
	if (fseek(f, 0, SEEK_SET) < 0 || fwrite(&h, sizeof h, 1, f) != 1 || fflush(f) != 0)
		err = iv_xasprintf("can't write the vector index: %s", strerror(errno));
out:
	sqlite3_finalize(st);
	if (own && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	for (int k = 0; k < 8; k++)
		free(g[k].p);
	free(names.p);
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
		x = load(fd, model, dim, gen, 1);
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
		x = fd >= 0 ? load(fd, model, dim, 0, 0) : NULL;
		if (!x) {
			*err = iv_xstrdup("can't read the vector index");
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
int
iv_vindex_search(const iv_vindex *x, const float *q, const iv_vfilter *f,
		 float min_sim, int n, iv_vhit *out)
{
	const struct hdr *h = &x->h;
	const int dim = (int)h->dim;
	const int64_t count = h->count, stride = h->stride, rsize = row_size(h), bsize = block_size(h);
	int want_type = -1, want_coll = -1, have = 0, nlow = 0, failed = 0;
	int all = iv_ix_span_all(&h->span, f->user_id, f->min_importance, f->since, f->collection || f->source_type);
	int8_t *qq;
	int16_t *qw;
	int32_t qsum = 0, dots[VB];
	dots_fn kernel = pick_dots();
	float sq, eq, level = -INFINITY, *v;
	iv_vhit *low;		/* the n best lower bounds */
	struct vcand *cand = NULL;
	size_t ncand = 0, capcand = 0;
	const float *scale = (const float *)(const void *)x->buf, *err = scale + VB;
	const uint8_t *q8 = x->buf + 8 * VB, *fil = x->buf + SCAN_SIZE(stride);

	if (n <= 0)
		return 0;
	if (f->source_type) {
		for (int64_t t = 0; t < h->ntypes; t++)
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
	for (int64_t b0 = 0; b0 < count && !failed; b0 += VB) {
		int nb = count - b0 < VB ? (int)(count - b0) : VB;
		off_t at = (off_t)(h->off_blocks + b0 / VB * bsize);
		size_t len = (size_t)(8 * VB + nb * stride);

		if (pread(x->fd, x->buf, len, at) != (ssize_t)len ||
		    (!all && pread(x->fd, x->buf + SCAN_SIZE(stride), FILTER_SIZE, at + SCAN_SIZE(stride)) !=
				     (ssize_t)FILTER_SIZE)) {
			failed = 1;
			break;
		}
		kernel(q8, stride, nb, qq, qw, dots);
		for (int r = 0; r < nb; r++) {
			float approx, bound, ub, lb;

			/* The copy is the int8s plus 128: take 128 times the query's sum off. */
			approx = scale[r] * sq * (float)(dots[r] - 128 * qsum);
			bound = err[r] + eq * (1 + err[r]) + 1e-5f;
			ub = approx + bound;
			lb = approx - bound;
			if (ub <= min_sim || ub < level)
				continue;
			if (!all) {
				int64_t user, tm;
				float imp;
				uint16_t type;

				memcpy(&user, fil + 8 * r, 8);
				memcpy(&tm, fil + 8 * VB + 8 * r, 8);
				memcpy(&imp, fil + 16 * VB + 4 * r, 4);
				memcpy(&type, fil + 20 * VB + 2 * r, 2);
				if (user != f->user_id || (want_coll >= 0 && fil[22 * VB + r] != want_coll) ||
				    (want_type >= 0 && type != want_type) || imp < f->min_importance || tm < f->since)
					continue;
			}
			if (ncand == capcand)
				cand = iv_xrealloc(cand, (capcand = capcand ? 2 * capcand : 256) * sizeof *cand);
			cand[ncand].i = b0 + r;
			cand[ncand++].ub = ub;
			if (lb > min_sim) {
				heap_offer(low, &nlow, n, b0 + r, lb, 0);
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
	v = iv_xmalloc((size_t)rsize);
	for (size_t c = 0; c < ncand && !failed; c++) {
		int64_t id, tm;
		float sim;

		if (have == n && cand[c].ub < out[0].sim)
			break;
		if (pread(x->fd, v, (size_t)rsize, (off_t)(h->off_rows + cand[c].i * rsize)) != (ssize_t)rsize) {
			failed = 1;
			break;
		}
		memcpy(&id, (char *)v + rsize - 16, 8);
		memcpy(&tm, (char *)v + rsize - 8, 8);
		sim = iv_vec_dot(q, v, dim);
		if (sim > min_sim)
			heap_offer(out, &have, n, id, sim, tm);
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
