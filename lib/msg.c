#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "timing.h"

const char *iv_prog = "iv";

void
iv_prog_init(const char *argv0)
{
	const char *slash;

	iv_timing_init();
	if (!argv0 || !*argv0)
		return;
	slash = strrchr(argv0, '/');
	iv_prog = slash ? slash + 1 : argv0;
}

static void
vwarn(const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", iv_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
iv_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
}

void
iv_die(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	exit(code);
}

void
iv_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vwarn(fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", iv_prog);
	exit(IV_USAGE);
}

void
iv_oom(void)
{
	iv_die(IV_FAIL, "out of memory");
}

void *
iv_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		iv_oom();
	return p;
}

void *
iv_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		iv_oom();
	return p;
}

void *
iv_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		iv_oom();
	return p;
}

char *
iv_xstrdup(const char *s)
{
	return iv_xstrndup(s, strlen(s));
}

char *
iv_xstrndup(const char *s, size_t n)
{
	char *p = iv_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = 0;
	return p;
}

char *
iv_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		iv_oom();
	va_end(ap);
	return s;
}
