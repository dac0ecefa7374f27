/* cache.h — compiled forms of share's sources (the question bank, the
 * taxonomy, the alias table) kept under the cache folder, so a program
 * reads a few pages instead of parsing YAML on every start.
 *
 * A compiled file is named by what it holds ("bank") and keyed by its
 * sources: each one's path, size, inode, mtime and ctime (to the
 * nanosecond), the format and iv's version. Any change to a source, or a
 * file added to or removed from a folder of sources, changes the key, and
 * the next program that asks compiles again; a missing, truncated or
 * foreign file is a miss, never an error. Writing goes through a
 * temporary file and rename, so readers see the old file or the new one.
 * The folder is iv_path_cache_dir() (paths.h).
 */
#ifndef IV_CACHE_H
#define IV_CACHE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"

/* The key of a list of source files (a missing one counts as missing). */
char *iv_cache_key(const char *const *paths, int n);

typedef struct {
	void *map;
	size_t maplen;
	const char *body;
	size_t len;
} iv_cache_file;

/* Map the compiled file name if its key is key: 1 (f->body, f->len set),
 * else 0. */
int iv_cache_open(iv_cache_file *f, const char *name, const char *key);
void iv_cache_close(iv_cache_file *f);
/* Write body as the compiled file name under key; 0, or -1 (ignored by
 * callers: the cache only saves time). */
int iv_cache_store(const char *name, const char *key, const iv_buf *body);

/* Writing a body: numbers in host order, strings as length and bytes
 * with a NUL after them, so a reader can point into the map. */
void iv_cw_u32(iv_buf *b, uint32_t v);
void iv_cw_f64(iv_buf *b, double v);
void iv_cw_str(iv_buf *b, const char *s);	/* NULL allowed */

/* A number at p inside a body read in place (at any alignment). */
static inline uint32_t
iv_cache_u32_at(const void *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

/* Reading a body, every step bounds-checked: past the end (or a string
 * without its NUL) sets bad and returns 0 / NULL. */
typedef struct {
	const char *p, *end;
	int bad;
} iv_cache_rd;

uint32_t iv_cr_u32(iv_cache_rd *r);
double iv_cr_f64(iv_cache_rd *r);
/* A string in the map (borrowed), NULL for a NULL written. */
const char *iv_cr_str(iv_cache_rd *r);
/* A count of items each at least min bytes long: bad when the rest of the
 * body cannot hold them. */
uint32_t iv_cr_count(iv_cache_rd *r, size_t min);

#endif
