/* maxsize.h — the largest inputs iv accepts. Past a limit the program says
 * which input is too large and exits 1; below it no step takes quadratic
 * time on its size (t/0960-hostile.bats holds the worst cases to a bound).
 */
#ifndef IV_MAXSIZE_H
#define IV_MAXSIZE_H

#include <stddef.h>

/* One JSON line on any program's input (jsonl.h: IV_JSONL_MAX_LINE). */
#define IV_MAX_LINE		(64u << 20)
/* A candidate's answer: a turn's content, a grade request's "answer". */
#define IV_MAX_ANSWER		(64u << 10)
/* A grade request's "question" and "reference", and its key points. */
#define IV_MAX_QUESTION		(8u << 10)
#define IV_MAX_REFERENCE	(32u << 10)
#define IV_MAX_KEY_POINTS	64
/* The text of a resume or a job description, after extraction (the file
 * itself is held to extract.max_mb, 20 MiB by default). */
#define IV_MAX_DOC_TEXT		(1u << 20)

/* NULL when n bytes of what fit in max, else a malloc'd reason: "the answer
 * is 70000 bytes; at most 65536 (64 KiB) are accepted". */
char *iv_too_long(const char *what, size_t n, size_t max);

#endif
