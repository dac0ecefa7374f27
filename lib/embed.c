#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "jsonl.h"
#include "embed.h"
#include "llm.h"
#include "msg.h"
#include "text.h"
#include "utf8.h"

#define DEFAULT_DIM 384
#define DEFAULT_BATCH 64

struct iv_embedder {
	char *model;
	const char *engine;
	int dim, batch;
	float *(*embed)(iv_embedder *e, const char *const *texts, int n, char **err);
	void (*close)(iv_embedder *e);
	void *ctx;
};

/* Feature kinds, each hashed apart and weighted: words carry the meaning
 * in English, character bigrams in Chinese; word bigrams and single
 * characters add a little order and a little recall. */
enum { F_WORD = 'w', F_WORD2 = 'b', F_CJK1 = 'c', F_CJK2 = 'k' };

static float
kind_weight(int kind)
{
	switch (kind) {
	case F_WORD2: return 0.5f;
	case F_CJK1: return 0.5f;
	default: return 1.0f;
	}
}

struct feats {
	uint64_t *h;
	size_t n, cap;
	char *prev;		/* the last English word, for bigrams */
	size_t prevcap;
	int have_prev;
};

static uint64_t
mix(uint64_t h)
{
	/* splitmix64's finaliser: FNV-1a alone leaves the low bits weak. */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	h ^= h >> 31;
	return h;
}

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* The kind lives in the top byte so features of different kinds never
 * merge when counting. */
static void
add(struct feats *f, int kind, const char *a, const char *b)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	h ^= (unsigned char)kind;
	h *= 0x100000001b3ULL;
	h = fnv(h, a);
	if (b) {
		h ^= ' ';
		h *= 0x100000001b3ULL;
		h = fnv(h, b);
	}
	h = (mix(h) & 0x00ffffffffffffffULL) | (uint64_t)kind << 56;
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->h = iv_xrealloc(f->h, f->cap * sizeof *f->h);
	}
	f->h[f->n++] = h;
}

static void
on_token(const char *tok, size_t start, size_t end, void *ctx)
{
	struct feats *f = ctx;
	size_t len = strlen(tok);
	uint32_t cp;

	(void)start, (void)end;
	iv_utf8_decode(tok, len, &cp);
	if (iv_is_cjk(cp)) {
		add(f, iv_utf8_len(tok, len) == 1 ? F_CJK1 : F_CJK2, tok, NULL);
		f->have_prev = 0;
		return;
	}
	add(f, F_WORD, tok, NULL);
	if (f->have_prev)
		add(f, F_WORD2, f->prev, tok);
	if (f->prevcap < len + 1) {
		f->prevcap = len + 1;
		f->prev = iv_xrealloc(f->prev, f->prevcap);
	}
	memcpy(f->prev, tok, len + 1);
	f->have_prev = 1;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void
iv_embed_hash(const char *text, int dim, float *out)
{
	struct feats f = { 0 };
	size_t i, j;

	memset(out, 0, (size_t)dim * sizeof *out);
	iv_tokenize(text, IV_TOK_STEM | IV_TOK_UNIGRAMS | IV_TOK_STOP, on_token, &f);
	if (f.n == 0) {
		/* Nothing but stop words: they are all there is to go on. */
		f.have_prev = 0;
		iv_tokenize(text, IV_TOK_STEM | IV_TOK_UNIGRAMS, on_token, &f);
	}
	if (f.n)	/* f.h is NULL when the text has no words ("?", "。") */
		qsort(f.h, f.n, sizeof *f.h, cmp_u64);
	for (i = 0; i < f.n; i = j) {
		uint64_t h = f.h[i];
		/* The bits above the kind byte's are spent on the sign, the
		 * low ones on the bucket. */
		float sign = (h >> 55) & 1 ? -1.0f : 1.0f;
		size_t bucket = (size_t)((h & 0xffffffffULL) % (uint64_t)dim);

		for (j = i + 1; j < f.n && f.h[j] == h; j++)
			;
		out[bucket] += sign * kind_weight((int)(h >> 56)) * (1.0f + logf((float)(j - i)));
	}
	iv_vec_normalize(out, dim);
	free(f.h);
	free(f.prev);
}

/* Four lanes at a time in four independent sums: SSE2 on any x86-64 (GCC
 * and Clang vector extensions), without -ffast-math. */
typedef float v4f __attribute__((vector_size(16)));

float
iv_vec_dot(const float *a, const float *b, int dim)
{
	v4f s0 = { 0 }, s1 = { 0 }, s2 = { 0 }, s3 = { 0 }, x, y;
	float tail = 0;
	int i = 0;

	for (; i + 16 <= dim; i += 16) {
		memcpy(&x, a + i, 16), memcpy(&y, b + i, 16);
		s0 += x * y;
		memcpy(&x, a + i + 4, 16), memcpy(&y, b + i + 4, 16);
		s1 += x * y;
		memcpy(&x, a + i + 8, 16), memcpy(&y, b + i + 8, 16);
		s2 += x * y;
		memcpy(&x, a + i + 12, 16), memcpy(&y, b + i + 12, 16);
		s3 += x * y;
	}
	for (; i < dim; i++)
		tail += a[i] * b[i];
	s0 = (s0 + s1) + (s2 + s3);
	return (s0[0] + s0[1]) + (s0[2] + s0[3]) + tail;
}

void
iv_vec_normalize(float *v, int dim)
{
	double s = 0;
	int i;

	for (i = 0; i < dim; i++)
		s += (double)v[i] * v[i];
	if (s <= 0)
		return;
	s = 1 / sqrt(s);
	for (i = 0; i < dim; i++)
		v[i] = (float)(v[i] * s);
}

void
iv_vec_to_blob(const float *v, int dim, void *out)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(out, v, (size_t)dim * 4);
#else
	unsigned char *p = out;

	for (int i = 0; i < dim; i++) {
		uint32_t u;

		memcpy(&u, &v[i], 4);
		p[4 * i] = (unsigned char)u;
		p[4 * i + 1] = (unsigned char)(u >> 8);
		p[4 * i + 2] = (unsigned char)(u >> 16);
		p[4 * i + 3] = (unsigned char)(u >> 24);
	}
#endif
}

int
iv_vec_from_blob(const void *blob, size_t n, int dim, float *out)
{
	if (dim <= 0 || n != (size_t)dim * 4)
		return -1;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	memcpy(out, blob, n);
#else
	const unsigned char *p = blob;

	for (int i = 0; i < dim; i++) {
		uint32_t u = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
			     (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;

		memcpy(&out[i], &u, 4);
	}
#endif
	return 0;
}

/* The builtin embedder. */

static float *
builtin_embed(iv_embedder *e, const char *const *texts, int n, char **err)
{
	float *out = iv_xmalloc((size_t)n * (size_t)e->dim * sizeof *out);

	(void)err;
	for (int i = 0; i < n; i++)
		iv_embed_hash(texts[i], e->dim, out + (size_t)i * (size_t)e->dim);
	return out;
}

iv_embedder *
iv_embedder_builtin(int dim)
{
	iv_embedder *e = iv_xcalloc(1, sizeof *e);

	e->dim = dim < 8 ? 8 : dim;
	e->model = iv_xasprintf("builtin-hash-%d", e->dim);
	e->engine = "builtin";
	e->batch = DEFAULT_BATCH;
	e->embed = builtin_embed;
	return e;
}

/* The endpoint: an OpenAI-compatible /embeddings through llm.h. */

static float *
llm_embed(iv_embedder *e, const char *const *texts, int n, char **err)
{
	jv in = jv_array(), usage, r;
	float *out = NULL;
	int i = 0;

	for (int k = 0; k < n; k++)
		in = jv_array_append(in, jv_string(texts[k]));
	r = iv_llm_embed(e->ctx, in, &usage);
	jv_free(usage);
	jv_free(in);
	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		*err = iv_xstrdup(jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "the embeddings request failed");
		jv_free(m);
		return NULL;
	}
	jv_array_foreach(r, k, v) {
		int d = jv_get_kind(v) == JV_KIND_ARRAY ? jv_array_length(jv_copy(v)) : 0;

		if (!*err && (d == 0 || (e->dim && d != e->dim)))
			*err = d ? iv_xasprintf("the server's vectors changed length from %d to %d", e->dim, d)
				 : iv_xstrdup("the server sent an empty vector");
		if (!*err) {
			e->dim = d;
			if (!out)
				out = iv_xmalloc((size_t)n * (size_t)d * sizeof *out);
			jv_array_foreach(v, j, x) {
				out[(size_t)i * (size_t)d + (size_t)j] = (float)jv_number_value(x);
				jv_free(x);
			}
			iv_vec_normalize(out + (size_t)i * (size_t)d, d);
			i++;
		}
		jv_free(v);
		(void)k;
	}
	jv_free(r);
	if (!*err && i != n)
		*err = iv_xasprintf("the server sent %d vectors for %d texts", i, n);
	if (*err) {
		free(out);
		return NULL;
	}
	return out;
}

static void
llm_close(iv_embedder *e)
{
	iv_llm_free(e->ctx);
}

iv_embedder *
iv_embedder_open(char **err)
{
	/* The endpoint only when asked for by name: an LLM for questions
	 * does not mean its server should embed every memory again. */
	const char *engine = iv_config_str("embed.engine", "builtin");
	iv_embedder *e;

	*err = NULL;
	if (!strcmp(engine, "llm")) {
		jv p = iv_llm_resolve(NULL, NULL), m;
		iv_llm *c;

		if (!jv_is_valid(p)) {
			jv msg = jv_invalid_get_msg(p);

			*err = iv_xasprintf("embed.engine is llm, but %s", iv_jstr(msg));
			jv_free(msg);
			return NULL;
		}
		m = iv_jget(p, "embedding_model");
		jv_free(p);
		if (jv_get_kind(m) != JV_KIND_STRING || !*jv_string_value(m)) {
			jv_free(m);
			*err = iv_xstrdup("embed.engine is llm, but the LLM profile has no embedding_model");
			return NULL;
		}
		if (!(c = iv_llm_open(NULL, NULL, err))) {
			jv_free(m);
			return NULL;
		}
		e = iv_xcalloc(1, sizeof *e);
		e->model = iv_xstrdup(jv_string_value(m));
		e->engine = "llm";
		e->batch = (int)iv_config_int("llm.embed_batch", DEFAULT_BATCH);
		e->embed = llm_embed;
		e->close = llm_close;
		e->ctx = c;
		jv_free(m);
		return e;
	}
	return iv_embedder_builtin((int)iv_config_int("embed.dim", DEFAULT_DIM));
}

void
iv_embedder_close(iv_embedder *e)
{
	if (!e)
		return;
	if (e->close)
		e->close(e);
	free(e->model);
	free(e);
}

const char *
iv_embedder_model(const iv_embedder *e)
{
	return e->model;
}

int
iv_embedder_dim(const iv_embedder *e)
{
	return e->dim;
}

int
iv_embedder_batch(const iv_embedder *e)
{
	return e->batch > 0 ? e->batch : 1;
}

const char *
iv_embedder_engine(const iv_embedder *e)
{
	return e->engine;
}

float *
iv_embed(iv_embedder *e, const char *const *texts, int n, char **err)
{
	*err = NULL;
	if (n <= 0)
		return iv_xmalloc(1);
	return e->embed(e, texts, n, err);
}
