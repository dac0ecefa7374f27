/* ixfile.h — what the derived index files beside the store share
 * (vindex.h: vectors, windex.h: words): growing arrays while building,
 * 64-byte aligned sections, and the file itself, written to a temporary
 * name and renamed, or kept in an unlinked temporary file when the store's
 * folder is read-only.
 */
#ifndef IV_IXFILE_H
#define IV_IXFILE_H

#include <stdint.h>
#include <stdio.h>

struct iv_grow {
	void *p;
	size_t len, cap;
};

/* Append n bytes of v. */
void iv_grow_add(struct iv_grow *g, const void *v, size_t n);

/* Append a section at the next 64-byte boundary of f; returns its offset. */
int64_t iv_ix_section(FILE *f, const void *p, size_t n);

/* A file to write the index of path into: path.tmp.PID, or else an
 * unlinked temporary file. *tmp receives the name to rename to path once
 * written, or NULL. NULL with errno on failure. */
FILE *iv_ix_create(const char *path, char **tmp);

/* The index of name in names (NUL-separated, *n of them), added if new. */
int iv_ix_name(struct iv_grow *names, int64_t *n, const char *name);

#endif
