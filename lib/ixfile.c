#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <stdint.h>

#include "ixfile.h"
#include "msg.h"

void
iv_grow_add(struct iv_grow *g, const void *v, size_t n)
{
	if (g->len + n > g->cap) {
		g->cap = g->cap ? 2 * g->cap : 4096;
		while (g->cap < g->len + n)
			g->cap *= 2;
		g->p = iv_xrealloc(g->p, g->cap);
	}
	memcpy((char *)g->p + g->len, v, n);
	g->len += n;
}

int64_t
iv_ix_section(FILE *f, const void *p, size_t n)
{
	static const char zero[64];
	long at = ftell(f);
	size_t pad = (size_t)((64 - at % 64) % 64);

	fwrite(zero, 1, pad, f);
	if (n)
		fwrite(p, 1, n, f);
	return at + (int64_t)pad;
}

int
iv_ix_name(struct iv_grow *names, int64_t *n, const char *name)
{
	const char *p = names->p;

	for (int64_t i = 0; i < *n; i++) {
		if (!strcmp(p, name))
			return (int)i;
		p += strlen(p) + 1;
	}
	iv_grow_add(names, name, strlen(name) + 1);
	return (int)(*n)++;
}

FILE *
iv_ix_create(const char *path, char **tmp)
{
	char *name = iv_xasprintf("%s.tmp.%ld", path, (long)getpid());
	const char *dir = getenv("TMPDIR");
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	FILE *f;

	*tmp = NULL;
	if (fd >= 0) {
		*tmp = name;
	} else {
		free(name);
		name = iv_xasprintf("%s/iv-index.XXXXXX", dir && *dir ? dir : "/tmp");
		fd = mkostemp(name, O_CLOEXEC);
		if (fd >= 0)
			unlink(name);
		free(name);
		if (fd < 0)
			return NULL;
	}
	f = fdopen(fd, "w+");
	if (!f) {
		close(fd);
		if (*tmp) {
			unlink(*tmp);
			free(*tmp);
			*tmp = NULL;
		}
	}
	return f;
}

void
iv_ix_span_add(struct iv_ix_span *s, int64_t user, int64_t time, double imp)
{
	if (s->rows++ == 0) {
		s->user = user;
		s->min_time = time;
		s->min_imp = imp;
		return;
	}
	s->mixed |= user != s->user;
	if (time < s->min_time)
		s->min_time = time;
	if (imp < s->min_imp)
		s->min_imp = imp;
}

int
iv_ix_span_all(const struct iv_ix_span *s, int64_t user, double min_imp, int64_t since, int other)
{
	if (other)
		return 0;
	return s->rows == 0 || (!s->mixed && s->user == user && s->min_time >= since && s->min_imp >= min_imp);
}

#define HUGE (2u << 20)

void *
iv_ix_buf(size_t n)
{
	size_t len = (n + HUGE - 1) / HUGE * HUGE;
	char *p = mmap(NULL, len + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), *a;

	if (p == MAP_FAILED)
		iv_oom();
	a = (char *)(((uintptr_t)p + HUGE - 1) & ~(uintptr_t)(HUGE - 1));
	if (a > p)
		munmap(p, (size_t)(a - p));
	if (p + len + HUGE > a + len)
		munmap(a + len, (size_t)(p + len + HUGE - (a + len)));
	madvise(a, len, MADV_HUGEPAGE);
	return a;
}

void
iv_ix_buf_free(void *p, size_t n)
{
	if (p)
		munmap(p, (n + HUGE - 1) / HUGE * HUGE);
}
