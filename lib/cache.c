/* cache.c — compiled forms of share's sources (cache.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "msg.h"
#include "paths.h"

/* Bump when a compiled body's layout changes. The Makefile passes a
 * checksum of libiv's sources: a change to how a source is read is a
 * change of key even before the version moves. */
#define FORMAT 3
#ifndef IV_SRC_ID
#define IV_SRC_ID "dev"
#endif
static const char magic[8] = "ivcache1";

/* " N" onto b: the key is built for every source of every program's
 * start, and printf's formatting was most of it. */
static void
put_num(iv_buf *b, long long v)
{
	char d[24], *p = d + sizeof d;
	unsigned long long u = v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	*--p = ' ';
	iv_buf_add(b, p, (size_t)(d + sizeof d - p));
}

char *
iv_cache_key(const char *const *paths, int n)
{
	iv_buf b = IV_BUF_INIT;
	struct stat st;

	iv_buf_printf(&b, "format %d, iv %s, sources %s\n", FORMAT, IV_VERSION, IV_SRC_ID);
	for (int i = 0; i < n; i++) {
		iv_buf_puts(&b, paths[i]);
		if (stat(paths[i], &st) < 0) {
			iv_buf_puts(&b, " missing\n");
			continue;
		}
		put_num(&b, (long long)st.st_size);
		put_num(&b, (long long)st.st_ino);
		put_num(&b, (long long)st.st_mtim.tv_sec);
		put_num(&b, (long long)st.st_mtim.tv_nsec);
		put_num(&b, (long long)st.st_ctim.tv_sec);
		put_num(&b, (long long)st.st_ctim.tv_nsec);
		iv_buf_puts(&b, "\n");
	}
	return iv_buf_take(&b);
}

static char *
cache_path(const char *name)
{
	return iv_xasprintf("%s/%s.bin", iv_path_cache_dir(), name);
}

int
iv_cache_open(iv_cache_file *f, const char *name, const char *key)
{
	char *path = cache_path(name);
	size_t klen = strlen(key);
	struct stat st;
	uint64_t blen;
	uint32_t kl;
	const char *m;
	int fd, hit = 0;

	memset(f, 0, sizeof *f);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0 || st.st_size < (off_t)(sizeof magic + 4 + 8 + klen)) {
		close(fd);
		return 0;
	}
	f->maplen = (size_t)st.st_size;
	f->map = mmap(NULL, f->maplen, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		return 0;
	}
	m = f->map;
	memcpy(&kl, m + sizeof magic, 4);
	if (!memcmp(m, magic, sizeof magic) && kl == klen && !memcmp(m + sizeof magic + 4, key, klen)) {
		memcpy(&blen, m + sizeof magic + 4 + klen, 8);
		if (blen == f->maplen - (sizeof magic + 4 + klen + 8)) {
			f->body = m + sizeof magic + 4 + klen + 8;
			f->len = (size_t)blen;
			hit = 1;
		}
	}
	if (!hit)
		iv_cache_close(f);
	return hit;
}

void
iv_cache_close(iv_cache_file *f)
{
	if (f->map)
		munmap(f->map, f->maplen);
	memset(f, 0, sizeof *f);
}

int
iv_cache_store(const char *name, const char *key, const iv_buf *body)
{
	const char *dir = iv_path_cache_dir();
	char *path, *tmp;
	uint32_t kl = (uint32_t)strlen(key);
	uint64_t bl = body->len;
	FILE *f;
	int rc = -1;

	if (iv_mkdirs(dir, 0700) < 0)
		return -1;
	path = cache_path(name);
	tmp = iv_xasprintf("%s.%ld.tmp", path, (long)getpid());
	if ((f = fopen(tmp, "w"))) {
		int ok = fwrite(magic, sizeof magic, 1, f) == 1 && fwrite(&kl, 4, 1, f) == 1 &&
			 fwrite(key, 1, kl, f) == kl && fwrite(&bl, 8, 1, f) == 1 &&
			 (!body->len || fwrite(body->s, 1, body->len, f) == body->len);

		if (fclose(f) == 0 && ok && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	free(path);
	return rc;
}

void
iv_cw_u32(iv_buf *b, uint32_t v)
{
	iv_buf_add(b, &v, 4);
}

void
iv_cw_f64(iv_buf *b, double v)
{
	iv_buf_add(b, &v, 8);
}

void
iv_cw_str(iv_buf *b, const char *s)
{
	if (!s) {
		iv_cw_u32(b, UINT32_MAX);
		return;
	}
	iv_cw_u32(b, (uint32_t)strlen(s));
	iv_buf_add(b, s, strlen(s) + 1);
}

static int
need(iv_cache_rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return 0;
	}
	return 1;
}

uint32_t
iv_cr_u32(iv_cache_rd *r)
{
	uint32_t v = 0;

	if (need(r, 4)) {
		memcpy(&v, r->p, 4);
		r->p += 4;
	}
	return v;
}

double
iv_cr_f64(iv_cache_rd *r)
{
	double v = 0;

	if (need(r, 8)) {
		memcpy(&v, r->p, 8);
		r->p += 8;
	}
	return v;
}

const char *
iv_cr_str(iv_cache_rd *r)
{
	uint32_t n = iv_cr_u32(r);
	const char *s;

	if (r->bad || n == UINT32_MAX)
		return NULL;
	/* a NUL inside only shortens the string: the one after it is what
	 * keeps a reader inside the map */
	if (!need(r, (size_t)n + 1) || r->p[n] != 0) {
		r->bad = 1;
		return NULL;
	}
	s = r->p;
	r->p += (size_t)n + 1;
	return s;
}

uint32_t
iv_cr_count(iv_cache_rd *r, size_t min)
{
	uint32_t n = iv_cr_u32(r);

	if (!r->bad && min && (size_t)(r->end - r->p) / min < n)
		r->bad = 1;
	return r->bad ? 0 : n;
}
