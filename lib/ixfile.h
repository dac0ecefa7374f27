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

/* What every row of an index shares, kept in its header: when a filter
 * lets every row through (one user, the usual case, and no other filter)
 * a search reads no filter field at all, which in a new process saves a
 * page fault for each page of them. */
struct iv_ix_span {
	int64_t user;		/* every row's user, when mixed is 0 */
	int64_t mixed;		/* rows of more than one user */
	int64_t min_time;
	double min_imp;
	int64_t rows;
};

void iv_ix_span_add(struct iv_ix_span *s, int64_t user, int64_t time, double imp);
/* Does a filter of user, importance and time (and of nothing else: other
 * is 0) let every row of s through? (vindex.h's iv_vfilter) */
int iv_ix_span_all(const struct iv_ix_span *s, int64_t user, double min_imp, int64_t since, int other);

/* A scratch buffer of n bytes for reading an index into, in 2 MB pages
 * where the kernel allows (a page first touched costs a fault, and a
 * 2 MB page is one instead of 512); freed with iv_ix_buf_free(p, n). */
void *iv_ix_buf(size_t n);
void iv_ix_buf_free(void *p, size_t n);

/* The index of name in names (NUL-separated, *n of them), added if new. */
int iv_ix_name(struct iv_grow *names, int64_t *n, const char *name);

#endif
