#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ixfile.h"
#include "msg.h"
#include "windex.h"

/* The version is in the magic: a file of another layout is rebuilt. 02:
 * the rows' span (ixfile.h) in the header. */
#define MAGIC "ivwrd02"
#define ORDER 0x01020304u
#define HDR_SIZE 4096
/* FTS5's (fts5_aux.c): the scores must be bm25()'s. */
#define K1 1.2
#define B 0.75

struct hdr {
	char magic[8];
	uint32_t order, pad;
	int64_t generation;
	uint64_t stamp;		/* FTS5's structure and averages records, hashed */
	int64_t nrow, ntoken;	/* FTS5's totals, as bm25() reads them */
	int64_t count, nterm, ntypes, npost;
	int64_t off_id, off_user, off_time, off_imp, off_coll, off_type, off_names, off_dl;
	int64_t off_tstr, off_toff, off_tpost, off_pdoc, off_ptf;
	int64_t size;
	struct iv_ix_span span;
};

struct iv_windex {
	void *map;
	size_t size;
	const struct hdr *h;
	const int64_t *id, *user, *time;
	const double *imp;
	const uint8_t *coll;
	const uint16_t *type;
	const uint32_t *dl;
	const char *tstr;
	const int64_t *toff, *tpost;
	const uint32_t *pdoc;
	const uint16_t *ptf;
	const char **names;
	int fd;			/* the postings and lengths a search reads are read with pread */
	fts5_tokenizer tk;
	Fts5Tokenizer *tok;
};

char *
iv_windex_path(const char *db_path)
{
	return iv_xasprintf("%s-words", db_path);
}

long
iv_windex_count(const iv_windex *x)
{
	return (long)x->h->count;
}

void
iv_windex_close(iv_windex *x)
{
	if (!x)
		return;
	if (x->tok)
		x->tk.xDelete(x->tok);
	if (x->map)
		munmap(x->map, x->size);
	if (x->fd >= 0)
		close(x->fd);
	free(x->names);
	free(x);
}

/* SQLite's varint, as FTS5 writes its records. */
static const unsigned char *
get_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
	*v = 0;
	for (int i = 0; i < 9 && p < end; i++, p++) {
		if (i == 8) {
			*v = (*v << 8) | *p;
			return p + 1;
		}
		*v = (*v << 7) | (*p & 0x7f);
		if (!(*p & 0x80))
			return p + 1;
	}
	return NULL;
}

/* What the index is built from, now: the generation, a hash of FTS5's
 * structure record (it changes with every write to the index) and of its
 * averages record (rows and tokens), and those totals. */
static int
db_stamp(sqlite3 *db, int64_t *gen, uint64_t *stamp, int64_t *nrow, int64_t *ntoken)
{
	sqlite3_stmt *st;
	uint64_t h = 14695981039346656037ull;
	int rc;

	*nrow = *ntoken = 0;
	if (sqlite3_prepare_v2(db, "SELECT generation FROM knowledge_state WHERE id = 1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	*gen = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -1;
	if (sqlite3_prepare_v2(db, "SELECT id, block FROM knowledge_fts_data WHERE id IN (1, 10) ORDER BY id", -1, &st,
			       NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *p = sqlite3_column_blob(st, 1), *end = p + sqlite3_column_bytes(st, 1);

		h = (h ^ (uint64_t)sqlite3_column_int64(st, 0)) * 1099511628211ull;
		for (const unsigned char *c = p; c && c < end; c++)
			h = (h ^ *c) * 1099511628211ull;
		if (sqlite3_column_int64(st, 0) == 1 && p) {
			uint64_t a = 0, b = 0;

			if ((p = get_varint(p, end, &a)) && get_varint(p, end, &b)) {
				*nrow = (int64_t)a;
				*ntoken = (int64_t)b;
			}
		}
	}
	sqlite3_finalize(st);
	*stamp = h;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* FTS5's tokenizer of knowledge_fts (unicode61, as the schema leaves it). */
static int
tokenizer(sqlite3 *db, fts5_tokenizer *tk, Fts5Tokenizer **tok)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	void *ud = NULL;

	*tok = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api || api->xFindTokenizer(api, "unicode61", &ud, tk) != SQLITE_OK ||
	    tk->xCreate(ud, NULL, 0, tok) != SQLITE_OK)
		return -1;
	return 0;
}

static iv_windex *
map_file(int fd, int64_t gen, uint64_t stamp, int check)
{
	struct stat st;
	const struct hdr *h;
	iv_windex *x;
	const char *p, *base;
	void *map;

	if (fstat(fd, &st) < 0 || (size_t)st.st_size < HDR_SIZE)
		return NULL;
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return NULL;
	h = map;
	base = map;
	if (memcmp(h->magic, MAGIC, 8) || h->order != ORDER || h->size != (int64_t)st.st_size ||
	    (check && (h->generation != gen || h->stamp != stamp)) || h->count < 0 || h->nterm < 0 ||
	    h->npost < 0 || h->ntypes < 0 || h->off_dl + 4 * h->count > h->size ||
	    h->off_toff + 8 * (h->nterm + 1) > h->size || h->off_tpost + 8 * (h->nterm + 1) > h->size ||
	    h->off_ptf + 2 * h->npost > h->size || h->off_pdoc + 4 * h->npost > h->size ||
	    h->off_imp + 8 * h->count > h->size || h->off_type + 2 * h->count > h->size) {
		munmap(map, (size_t)st.st_size);
		return NULL;
	}
	x = iv_xcalloc(1, sizeof *x);
	x->fd = -1;
	x->map = map;
	x->size = (size_t)st.st_size;
	x->h = h;
	x->id = (const int64_t *)(base + h->off_id);
	x->user = (const int64_t *)(base + h->off_user);
	x->time = (const int64_t *)(base + h->off_time);
	x->imp = (const double *)(base + h->off_imp);
	x->coll = (const uint8_t *)(base + h->off_coll);
	x->type = (const uint16_t *)(base + h->off_type);
	x->dl = (const uint32_t *)(base + h->off_dl);
	x->tstr = base + h->off_tstr;
	x->toff = (const int64_t *)(base + h->off_toff);
	x->tpost = (const int64_t *)(base + h->off_tpost);
	x->pdoc = (const uint32_t *)(base + h->off_pdoc);
	x->ptf = (const uint16_t *)(base + h->off_ptf);
	if (x->toff[h->nterm] > h->off_toff - h->off_tstr || x->tpost[h->nterm] != h->npost) {
		iv_windex_close(x);
		return NULL;
	}
	x->names = iv_xcalloc((size_t)h->ntypes + 1, sizeof *x->names);
	p = base + h->off_names;
	for (int64_t i = 0; i < h->ntypes; i++) {
		const char *end = memchr(p, 0, (size_t)(base + h->size - p));

		if (!end) {
			iv_windex_close(x);
			return NULL;
		}
		x->names[i] = p;
		p = end + 1;
	}
	return x;
}

/* --- Building ----------------------------------------------------------- */

struct bterm {
	char *s;
	int len;
	int64_t last;		/* the last row it was seen in */
	struct iv_grow doc, tf;
};

struct build {
	struct bterm *t;
	int64_t nt, cap;	/* cap: slots of the hash table */
	int64_t *slot;		/* term index + 1, 0: empty */
	int64_t row;
	uint32_t dl;
	int64_t npost;
};

static uint64_t
hash(const char *s, int n)
{
	uint64_t h = 14695981039346656037ull;

	for (int i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static int64_t
term_of(struct build *b, const char *s, int n)
{
	uint64_t i;

	if (2 * (b->nt + 1) > b->cap) {
		int64_t ncap = b->cap ? 2 * b->cap : 4096, *ns = iv_xcalloc((size_t)ncap, sizeof *ns);

		for (int64_t k = 0; k < b->nt; k++) {
			for (i = hash(b->t[k].s, b->t[k].len) % (uint64_t)ncap; ns[i]; i = (i + 1) % (uint64_t)ncap)
				;
			ns[i] = k + 1;
		}
		free(b->slot);
		b->slot = ns;
		b->cap = ncap;
		b->t = iv_xrealloc(b->t, (size_t)ncap / 2 * sizeof *b->t);
	}
	for (i = hash(s, n) % (uint64_t)b->cap; b->slot[i]; i = (i + 1) % (uint64_t)b->cap) {
		struct bterm *t = &b->t[b->slot[i] - 1];

		if (t->len == n && !memcmp(t->s, s, (size_t)n))
			return b->slot[i] - 1;
	}
	memset(&b->t[b->nt], 0, sizeof b->t[0]);
	b->t[b->nt].s = iv_xmalloc((size_t)n + 1);
	memcpy(b->t[b->nt].s, s, (size_t)n);
	b->t[b->nt].s[n] = 0;
	b->t[b->nt].len = n;
	b->t[b->nt].last = -1;
	b->slot[i] = b->nt + 1;
	return b->nt++;
}

static int
build_token(void *ctx, int flags, const char *s, int n, int start, int end)
{
	struct build *b = ctx;
	struct bterm *t;
	int64_t i;

	(void)start, (void)end;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	i = term_of(b, s, n);
	b->dl++;
	t = &b->t[i];
	if (t->last != b->row) {
		uint32_t d = (uint32_t)b->row;
		uint16_t one = 1;

		t->last = b->row;
		iv_grow_add(&t->doc, &d, sizeof d);
		iv_grow_add(&t->tf, &one, sizeof one);
		b->npost++;
	} else {
		uint16_t *tf = (uint16_t *)((char *)t->tf.p + t->tf.len) - 1;

		if (*tf < UINT16_MAX)
			(*tf)++;
	}
	return SQLITE_OK;
}

static int
by_bytes(const void *a, const void *b, void *base)
{
	const struct bterm *x = (const struct bterm *)base + *(const int64_t *)a;
	const struct bterm *y = (const struct bterm *)base + *(const int64_t *)b;
	int c = memcmp(x->s, y->s, (size_t)(x->len < y->len ? x->len : y->len));

	return c ? c : x->len - y->len;
}

static char *
build(sqlite3 *db, FILE *f)
{
	struct iv_grow id = { 0 }, user = { 0 }, tm = { 0 }, imp = { 0 }, coll = { 0 }, type = { 0 }, names = { 0 };
	struct iv_grow dl = { 0 }, tstr = { 0 }, toff = { 0 }, tpost = { 0 };
	struct build b = { 0 };
	struct hdr h;
	sqlite3_stmt *st = NULL;
	fts5_tokenizer tk;
	Fts5Tokenizer *tok = NULL;
	int own = sqlite3_get_autocommit(db), rc;
	int64_t *order = NULL, at;
	char *err = NULL;

	memset(&h, 0, sizeof h);
	if (own && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (tokenizer(db, &tk, &tok) < 0) {
		err = iv_xstrdup("can't find FTS5's unicode61 tokenizer");
		goto out;
	}
	if (db_stamp(db, &h.generation, &h.stamp, &h.nrow, &h.ntoken) < 0 ||
	    sqlite3_prepare_v2(db, "SELECT id, user_id, collection, source_type, importance, "
			       "coalesce(CAST(strftime('%s', created_at) AS INTEGER), 0), tokens "
			       "FROM knowledge ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t i64;
		double d;
		uint8_t c;
		uint16_t t;
		const char *ts = (const char *)sqlite3_column_text(st, 3), *text = (const char *)sqlite3_column_text(st, 6);

		b.row = h.count;
		b.dl = 0;
		if (text && tk.xTokenize(tok, &b, FTS5_TOKENIZE_DOCUMENT, text, sqlite3_column_bytes(st, 6),
					 build_token) != SQLITE_OK) {
			err = iv_xstrdup("can't tokenize the knowledge base");
			goto out;
		}
		iv_grow_add(&dl, &b.dl, sizeof b.dl);
		i64 = sqlite3_column_int64(st, 0);
		iv_grow_add(&id, &i64, sizeof i64);
		i64 = sqlite3_column_int64(st, 1);
		iv_grow_add(&user, &i64, sizeof i64);
		i64 = sqlite3_column_int64(st, 5);
		iv_grow_add(&tm, &i64, sizeof i64);
		d = sqlite3_column_double(st, 4);
		iv_grow_add(&imp, &d, sizeof d);
		iv_ix_span_add(&h.span, sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 5), d);
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
	/* Terms in byte order, for a binary search. */
	order = iv_xmalloc((size_t)(b.nt ? b.nt : 1) * sizeof *order);
	for (int64_t i = 0; i < b.nt; i++)
		order[i] = i;
	qsort_r(order, (size_t)b.nt, sizeof *order, by_bytes, b.t);
	at = 0;
	for (int64_t i = 0; i < b.nt; i++) {
		iv_grow_add(&toff, &at, sizeof at);
		iv_grow_add(&tstr, b.t[order[i]].s, (size_t)b.t[order[i]].len);
		at += b.t[order[i]].len;
	}
	iv_grow_add(&toff, &at, sizeof at);
	h.nterm = b.nt;
	h.npost = b.npost;
	if (fseek(f, HDR_SIZE, SEEK_SET) < 0) {
		err = iv_xasprintf("can't write the words index: %s", strerror(errno));
		goto out;
	}
	h.off_id = iv_ix_section(f, id.p, id.len);
	h.off_user = iv_ix_section(f, user.p, user.len);
	h.off_time = iv_ix_section(f, tm.p, tm.len);
	h.off_imp = iv_ix_section(f, imp.p, imp.len);
	h.off_coll = iv_ix_section(f, coll.p, coll.len);
	h.off_type = iv_ix_section(f, type.p, type.len);
	h.off_names = iv_ix_section(f, names.p, names.len);
	h.off_dl = iv_ix_section(f, dl.p, dl.len);
	h.off_tstr = iv_ix_section(f, tstr.p, tstr.len);
	h.off_toff = iv_ix_section(f, toff.p, toff.len);
	at = 0;
	for (int64_t i = 0; i < b.nt; i++) {
		iv_grow_add(&tpost, &at, sizeof at);
		at += (int64_t)(b.t[order[i]].doc.len / sizeof(uint32_t));
	}
	iv_grow_add(&tpost, &at, sizeof at);
	h.off_tpost = iv_ix_section(f, tpost.p, tpost.len);
	h.off_pdoc = iv_ix_section(f, NULL, 0);
	for (int64_t i = 0; i < b.nt; i++)
		fwrite(b.t[order[i]].doc.p, 1, b.t[order[i]].doc.len, f);
	h.off_ptf = iv_ix_section(f, NULL, 0);
	for (int64_t i = 0; i < b.nt; i++)
		fwrite(b.t[order[i]].tf.p, 1, b.t[order[i]].tf.len, f);
	h.size = ftell(f);
	if (fflush(f) != 0 || ftruncate(fileno(f), (off_t)h.size) < 0) {
		err = iv_xasprintf("can't write the words index: %s", strerror(errno));
		goto out;
	}
	memcpy(h.magic, MAGIC, 8);
	h.order = ORDER;
	if (fseek(f, 0, SEEK_SET) < 0 || fwrite(&h, sizeof h, 1, f) != 1 || fflush(f) != 0)
		err = iv_xasprintf("can't write the words index: %s", strerror(errno));
out:
	sqlite3_finalize(st);
	if (own && !sqlite3_get_autocommit(db))
		sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (tok)
		tk.xDelete(tok);
	for (int64_t i = 0; i < b.nt; i++) {
		free(b.t[i].s);
		free(b.t[i].doc.p);
		free(b.t[i].tf.p);
	}
	free(b.t);
	free(b.slot);
	free(order);
	free(id.p), free(user.p), free(tm.p), free(imp.p), free(coll.p), free(type.p), free(names.p);
	free(dl.p), free(tstr.p), free(toff.p), free(tpost.p);
	return err;
}

iv_windex *
iv_windex_open(sqlite3 *db, char **err)
{
	const char *dbfile = sqlite3_db_filename(db, "main");
	char *path = dbfile && *dbfile ? iv_windex_path(dbfile) : iv_xstrdup("");
	char *tmp = NULL;
	int64_t gen, nrow, ntoken;
	uint64_t stamp;
	iv_windex *x = NULL;
	FILE *f;
	int fd;

	*err = NULL;
	if (db_stamp(db, &gen, &stamp, &nrow, &ntoken) < 0) {
		*err = iv_xasprintf("can't read the store: %s", sqlite3_errmsg(db));
		goto out;
	}
	if (*path && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		x = map_file(fd, gen, stamp, 1);
		if (x) {
			x->fd = fd;
			goto tok;
		}
		close(fd);
	}
	f = iv_ix_create(*path ? path : "/nonexistent/iv", &tmp);
	if (!f) {
		*err = iv_xasprintf("can't create the words index: %s", strerror(errno));
		goto out;
	}
	if ((*err = build(db, f)) == NULL) {
		x = map_file(fileno(f), 0, 0, 0);
		if (x && (x->fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 0)) < 0) {
			iv_windex_close(x);
			x = NULL;
		}
		if (!x)
			*err = iv_xstrdup("can't map the words index");
		else if (tmp && rename(tmp, path) == 0) {
			free(tmp);
			tmp = NULL;
		}
	}
	fclose(f);
	if (tmp)
		unlink(tmp);
tok:
	if (x && tokenizer(db, &x->tk, &x->tok) < 0) {
		iv_windex_close(x);
		x = NULL;
		*err = iv_xstrdup("can't find FTS5's unicode61 tokenizer");
	}
out:
	free(tmp);
	free(path);
	return x;
}

/* --- Searching ---------------------------------------------------------- */

struct qtok {
	char buf[256];
	int len, n;
};

static int
query_token(void *ctx, int flags, const char *s, int n, int start, int end)
{
	struct qtok *q = ctx;

	(void)start, (void)end;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	if (q->n++ == 0 && n < (int)sizeof q->buf) {
		memcpy(q->buf, s, (size_t)n);
		q->len = n;
	}
	return SQLITE_OK;
}

/* The term's index, or -1 when no row holds it. */
static int64_t
find_term(const iv_windex *x, const char *s, int n)
{
	int64_t lo = 0, hi = x->h->nterm;

	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2;
		const char *t = x->tstr + x->toff[mid];
		int tl = (int)(x->toff[mid + 1] - x->toff[mid]);
		int c = memcmp(t, s, (size_t)(tl < n ? tl : n));

		if (!c)
			c = tl - n;
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static int
worse(const iv_whit *a, const iv_whit *b)
{
	return a->score != b->score ? a->score < b->score : a->id > b->id;
}

/* A heap with the weakest hit on top. */
static void
heap_push(iv_whit *h, int *have, int n, iv_whit v)
{
	int i;

	if (*have == n) {
		if (!worse(&h[0], &v))
			return;
		i = 0;
		for (;;) {
			int l = 2 * i + 1, r = l + 1, c = l;

			if (l >= n)
				break;
			if (r < n && worse(&h[r], &h[l]))
				c = r;
			if (!worse(&h[c], &v))
				break;
			h[i] = h[c];
			i = c;
		}
		h[i] = v;
		return;
	}
	i = (*have)++;
	while (i > 0 && worse(&v, &h[(i - 1) / 2])) {
		h[i] = h[(i - 1) / 2];
		i = (i - 1) / 2;
	}
	h[i] = v;
}

static int
best_first(const void *a, const void *b)
{
	return worse(a, b) ? 1 : worse(b, a) ? -1 : 0;
}

/* Rows are added up a block at a time, in a small array that stays in
 * the cache and is reused: an array of every row's sum would be touched
 * page by page, and each page first touched costs a fault in a new process. */
#define WBLOCK 8192
#define BIGBUF (128 * 1024)

static void
buf_free(char *buf, size_t need)
{
	if (need < BIGBUF)
		free(buf);
	else
		iv_ix_buf_free(buf, need);
}

int
iv_windex_search(const iv_windex *x, char *const *terms, int nterms, const iv_vfilter *f, int n, iv_whit *out)
{
	const struct hdr *h = x->h;
	double avgdl = (double)h->ntoken / (double)h->nrow, *acc, *idf;
	uint16_t *touched;
	int64_t *which, *cur;
	int want_type = -1, want_coll = -1, have = 0, all, readall, failed = 0;
	const uint32_t **pdoc, *dl = x->dl;
	const uint16_t **ptf;
	char *buf;
	size_t need;

	if (n <= 0 || nterms <= 0 || h->count == 0)
		return 0;
	if (h->nrow <= 0 || h->ntoken < 0)
		return -1;	/* FTS5's totals not read: let FTS5 rank */
	which = iv_xmalloc((size_t)nterms * sizeof *which);
	for (int i = 0; i < nterms; i++) {
		struct qtok q = { .n = 0 };

		x->tk.xTokenize(x->tok, &q, FTS5_TOKENIZE_QUERY, terms[i], (int)strlen(terms[i]), query_token);
		if (q.n > 1 || (q.n == 1 && q.len == 0)) {
			free(which);
			return -1;	/* a phrase */
		}
		which[i] = q.n ? find_term(x, q.buf, q.len) : -1;
	}
	if (f->source_type) {
		for (int64_t t = 0; t < h->ntypes; t++)
			if (!strcmp(x->names[t], f->source_type))
				want_type = (int)t;
		if (want_type < 0) {
			free(which);
			return 0;
		}
	}
	if (f->collection)
		want_coll = !strcmp(f->collection, "general_knowledge");
	all = iv_ix_span_all(&h->span, f->user_id, f->min_importance, f->since, f->collection || f->source_type);
	idf = iv_xmalloc((size_t)nterms * sizeof *idf);
	cur = iv_xmalloc((size_t)nterms * sizeof *cur);
	pdoc = iv_xcalloc((size_t)nterms, sizeof *pdoc);
	ptf = iv_xcalloc((size_t)nterms, sizeof *ptf);
	for (int i = 0; i < nterms; i++) {
		int64_t t = which[i];

		if (t < 0)
			continue;
		cur[i] = 0;
		idf[i] = log((h->nrow - (x->tpost[t + 1] - x->tpost[t]) + 0.5) / ((x->tpost[t + 1] - x->tpost[t]) + 0.5));
		if (idf[i] <= 0.0)
			idf[i] = 1e-6;
	}
	/* The query's postings, and the rows' lengths when they touch many
	 * rows, read with pread into one buffer: through the mapping, each
	 * page first touched would cost a fault or a hypervisor's miss. */
	{
		int64_t total = 0;
		size_t at = 0;

		for (int i = 0; i < nterms; i++) {
			int64_t t = which[i];

			if (t >= 0 && (x->tpost[t] < 0 || x->tpost[t + 1] < x->tpost[t] || x->tpost[t + 1] > h->npost))
				failed = 1;	/* a damaged file */
			else if (t >= 0)
				total += x->tpost[t + 1] - x->tpost[t];
		}
		readall = total > h->count / 16;
		need = failed ? 0 : (size_t)total * 6 + (readall ? 4 * (size_t)h->count : 0) + 64;
		/* Small reads come from the heap, large ones a 2 MB page. */
		buf = need < BIGBUF ? iv_xmalloc(need + 1) : iv_ix_buf(need);
		if (readall) {
			dl = (const uint32_t *)(void *)buf;
			failed |= pread(x->fd, buf, 4 * (size_t)h->count, (off_t)h->off_dl) != (ssize_t)(4 * h->count);
			at = 4 * (size_t)h->count;
		}
		for (int i = 0; i < nterms && !failed; i++) {
			int64_t t = which[i], np;

			if (t < 0)
				continue;
			np = x->tpost[t + 1] - x->tpost[t];
			pdoc[i] = (const uint32_t *)(void *)(buf + at);
			failed |= pread(x->fd, buf + at, 4 * (size_t)np, (off_t)(h->off_pdoc + 4 * x->tpost[t])) !=
				  (ssize_t)(4 * np);
			at += 4 * (size_t)np;
			ptf[i] = (const uint16_t *)(void *)(buf + at);
			failed |= pread(x->fd, buf + at, 2 * (size_t)np, (off_t)(h->off_ptf + 2 * x->tpost[t])) !=
				  (ssize_t)(2 * np);
			at += (2 * (size_t)np + 3) & ~(size_t)3;
		}
	}
	if (failed) {
		buf_free(buf, need);
		free(which), free(idf), free(cur), free(pdoc), free(ptf);
		return -1;	/* let FTS5 rank */
	}
	acc = iv_xcalloc(WBLOCK, sizeof *acc);
	touched = iv_xmalloc(WBLOCK * sizeof *touched);
	/* The heap holds row numbers in .id until the end: rows are in id
	 * order, so ties fall as they would by id. */
	for (int64_t base = 0; base < h->count; base += WBLOCK) {
		int64_t end = base + WBLOCK < h->count ? base + WBLOCK : h->count;
		int nt = 0;

		/* Term by term in the query's order, as fts5Bm25Function sums its
		 * phrases: a row's sum is the same double. */
		for (int i = 0; i < nterms; i++) {
			int64_t t = which[i], p, p1;

			if (t < 0)
				continue;
			p1 = x->tpost[t + 1] - x->tpost[t];
			for (p = cur[i]; p < p1 && pdoc[i][p] < end; p++) {
				uint32_t d = pdoc[i][p];
				double fq = ptf[i][p], D = dl[d];
				int k = (int)(d - base);

				if (d < base)
					continue;	/* not in order: a damaged file */
				if (acc[k] == 0.0)
					touched[nt++] = (uint16_t)k;
				acc[k] += idf[i] * ((fq * (K1 + 1.0)) / (fq + K1 * (1 - B + B * D / avgdl)));
			}
			cur[i] = p;
		}
		for (int j = 0; j < nt; j++) {
			int64_t d = base + touched[j];
			iv_whit v = { d, acc[touched[j]], 0 };

			acc[touched[j]] = 0.0;
			/* The filter is read only for rows that would make the list. */
			if (have == n && !worse(&out[0], &v))
				continue;
			if (!all && (x->user[d] != f->user_id || (want_coll >= 0 && x->coll[d] != want_coll) ||
				     (want_type >= 0 && x->type[d] != want_type) || x->imp[d] < f->min_importance ||
				     x->time[d] < f->since))
				continue;
			heap_push(out, &have, n, v);
		}
	}
	for (int i = 0; i < have; i++) {
		int64_t d = out[i].id;

		out[i].id = x->id[d];
		out[i].time = x->time[d];
	}
	qsort(out, (size_t)have, sizeof *out, best_first);
	free(acc);
	free(touched);
	free(which);
	free(idf);
	free(cur);
	free(pdoc);
	free(ptf);
	buf_free(buf, need);
	return have;
}
