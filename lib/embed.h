/* embed.h — text to vectors for memory and recall.
 *
 * Two embedders behind one interface, chosen by the config's embed.engine:
 *
 *   builtin  (the default) no model files, offline, deterministic: signed
 *            feature hashing of the tokens of text.h, English words and
 *            word bigrams, CJK character unigrams and bigrams, with
 *            sublinear term weights (1 + ln tf), L2-normalised, embed.dim
 *            dimensions (384 by default). Its model name carries the
 *            dimension: "builtin-hash-384".
 *   llm      an OpenAI-compatible /embeddings endpoint (llm.h), in batches
 *            of embed.batch texts; the model is the profile's
 *            embedding_model and the dimension is what it returns.
 *
 * Every vector is L2-normalised, so cosine similarity is a dot product.
 * In the store a vector is a BLOB of little-endian float32 next to its
 * embedding_model and embedding_dim.
 */
#ifndef IV_EMBED_H
#define IV_EMBED_H

#include <stddef.h>

typedef struct iv_embedder iv_embedder;

/* The embedder the config chooses. NULL with a malloc'd reason in *err when
 * it can't be set up (an llm engine without a configured endpoint). */
iv_embedder *iv_embedder_open(char **err);
/* The builtin embedder of dim dimensions (dim >= 8). */
iv_embedder *iv_embedder_builtin(int dim);
void iv_embedder_close(iv_embedder *e);

/* The model name stored with each vector ("builtin-hash-384"). */
const char *iv_embedder_model(const iv_embedder *e);
/* The dimension; 0 for an endpoint until its first answer. */
int iv_embedder_dim(const iv_embedder *e);
/* How many texts one call should carry. */
int iv_embedder_batch(const iv_embedder *e);
/* "builtin" or "llm". */
const char *iv_embedder_engine(const iv_embedder *e);

/* Embed n texts (borrowed). Returns n vectors of iv_embedder_dim(e)
 * floats, one after another, in a malloc'd array; or NULL with a malloc'd
 * reason in *err. */
float *iv_embed(iv_embedder *e, const char *const *texts, int n, char **err);

/* The builtin embedding of one text into out[dim]. */
void iv_embed_hash(const char *text, int dim, float *out);

/* Cosine similarity of two normalised vectors. */
float iv_vec_dot(const float *a, const float *b, int dim);
/* Scale v to unit length (a zero vector stays zero). */
void iv_vec_normalize(float *v, int dim);
/* A vector as stored: dim little-endian float32s into out[4 * dim]. */
void iv_vec_to_blob(const float *v, int dim, void *out);
/* Back from a BLOB of n bytes; -1 when n is not 4 * dim. */
int iv_vec_from_blob(const void *blob, size_t n, int dim, float *out);

#endif
