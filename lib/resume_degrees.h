/* resume_degrees.h — degrees (resume_degrees.c): the words for them in
 * both languages (本科, 硕士, B.E, B.Tech, M.S., MBA, PhD ...) and their
 * ranks.
 */
#ifndef IV_RESUME_DEGREES_H
#define IV_RESUME_DEGREES_H

#include <stddef.h>

/* Degrees: ranks 1 Associate, 2 Bachelor, 3 Master, 4 PhD. */
enum { IV_DEG_ASSOCIATE = 1, IV_DEG_BACHELOR, IV_DEG_MASTER, IV_DEG_PHD };
/* A mask of (1 << rank) for every degree named in s (本科, 学士, 硕士,
 * 研究生, 博士, B.S., B.Sc., M.S., M.Sc., MEng, MBA, PhD, Bachelor's ...). */
int iv_degree_mask(const char *s);
const char *iv_degree_name(int rank);	/* "Bachelor"; NULL for 0 */
int iv_degree_rank(const char *name);	/* by name, case-insensitively; 0 when unknown */

/* ---- for the parser's modules ---- */

/* The first degree word in s: where it is, *which its index, *len its
 * length; NULL when none. */
const char *rp_degree_find(const char *s, int *which, size_t *len);
int rp_highest(int mask);	/* the highest rank in a mask, 0 for none */

#endif
