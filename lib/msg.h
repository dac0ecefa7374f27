/* msg.h — messages to the user and the exit codes every iv program uses.
 *
 * Every diagnostic goes to stderr prefixed with the program's name, as
 * "iv-store: can't open 'x.db': ...". Usage errors add a pointer to --help
 * and exit IV_USAGE.
 */
#ifndef IV_MSG_H
#define IV_MSG_H

#include <stdarg.h>

/* Exit codes, the same for every program and documented in each man page. */
enum {
	IV_OK = 0,	/* success */
	IV_FAIL = 1,	/* bad input or a step that failed */
	IV_USAGE = 2,	/* bad usage: unknown option, missing argument */
};

/* The program's name as shown in messages ("iv-store"); set from argv[0]. */
extern const char *iv_prog;
void iv_prog_init(const char *argv0);

void iv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* iv_warn, then exit(code). */
_Noreturn void iv_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* "prog: MSG" and "Try 'prog --help' for more information.", exit IV_USAGE. */
_Noreturn void iv_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void iv_oom(void);

/* Allocation that cannot fail (it dies with a message instead). */
void *iv_xmalloc(size_t n);
void *iv_xcalloc(size_t n, size_t size);
void *iv_xrealloc(void *p, size_t n);
char *iv_xstrdup(const char *s);
char *iv_xstrndup(const char *s, size_t n);
char *iv_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
