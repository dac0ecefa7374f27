/* jsonl.h — JSON lines in and out, on jq's jv.
 *
 * Ownership follows jv's rule: "consumed" means the function frees it,
 * "borrowed" means the caller still owns it.
 *
 * Reading: one value per line, blank lines skipped. A bad line (invalid JSON,
 * invalid UTF-8, a NUL byte, a line over the size limit, a non-object when
 * objects are required) is reported as "NAME:LINE: reason"; the reader stays
 * usable, so a caller may skip the line or stop.
 *
 *	iv_jsonl *r = iv_jsonl_open(stdin, "stdin", IV_JSONL_OBJECTS);
 *	jv v; int rc;
 *	while ((rc = iv_jsonl_next(r, &v)) != 0) {
 *		if (rc < 0) { iv_warn("%s", iv_jsonl_error(r)); continue; }
 *		... jv_free(v);
 *	}
 *	iv_jsonl_close(r);
 */
#ifndef IV_JSONL_H
#define IV_JSONL_H

#include <stdio.h>
#include <jv.h>
#include "buf.h"

enum { IV_JSONL_OBJECTS = 1 };	/* every line must hold a JSON object */

#define IV_JSONL_MAX_LINE (64u << 20)	/* default limit on one line: 64 MiB (maxsize.h) */

typedef struct iv_jsonl iv_jsonl;

/* name is used in messages ("stdin", a file name); f is not closed. */
iv_jsonl *iv_jsonl_open(FILE *f, const char *name, int flags);
void iv_jsonl_set_max(iv_jsonl *r, size_t max_line_bytes);
/* 1: *out holds a value the caller owns; 0: end of input; -1: bad line. */
int iv_jsonl_next(iv_jsonl *r, jv *out);
/* The last error as "NAME:LINE: reason"; valid until the next call. */
const char *iv_jsonl_error(const iv_jsonl *r);
long iv_jsonl_lineno(const iv_jsonl *r);
/* Nonzero when reading the stream failed (not a bad line: an I/O error). */
int iv_jsonl_ioerror(const iv_jsonl *r);
void iv_jsonl_close(iv_jsonl *r);

/* Parse exactly one JSON document of n bytes with the same checks as a line.
 * Returns the value, or jv_invalid_with_msg(reason). */
jv iv_json_parse(const char *s, size_t n);

/* Append v (borrowed) to b as compact JSON: the text jv_dump_string(v, 0)
 * gives, several times faster (iv-serve writes every reply with it). */
void iv_json_append(iv_buf *b, jv v);
/* Append every string inside v (borrowed: arrays and objects searched
 * through), one per line, to b. */
void iv_json_strings(iv_buf *b, jv v);

/* Write v (consumed) as one compact line on stdout; or, when
 * iv_jsonl_sh_prefix is set (a program's --sh PREFIX), as shell
 * assignments for a script to eval, one per top-level field whose name
 * is a shell name: PREFIXname='value' (strings, numbers, true, false;
 * null as ''), an array of such values also as PREFIXname_count=N and
 * PREFIXname_0 ..., anything else as its JSON text. A driver reads the
 * fields it needs without a jq process (~25 ms each on a slow machine). */
void iv_jsonl_write(jv v);
extern const char *iv_jsonl_sh_prefix;
/* Set it from a --sh argument; a prefix that is not a shell name is a
 * usage error, and so is an empty one (a field would set the caller's
 * own variables). */
void iv_jsonl_set_sh(const char *prefix);
/* v (consumed) as a line on stdout, giving IV_OK; when v is invalid, its
 * message on stderr instead, giving IV_FAIL. */
int iv_jsonl_emit(jv v);
/* The message of an invalid v (consumed) on stderr; gives IV_FAIL. */
int iv_warn_invalid(jv v);
/* Flush and close stdout; a write error (a full disk, a closed pipe) is
 * reported and gives IV_FAIL. Call last in main: return iv_finish(rc). */
int iv_finish(int rc);

/* Checking an object's fields against what a program accepts. */
enum {
	IV_J_NULL = 1, IV_J_BOOL = 2, IV_J_NUMBER = 4, IV_J_INTEGER = 8,
	IV_J_STRING = 16, IV_J_ARRAY = 32, IV_J_OBJECT = 64, IV_J_ANY = 127,
};
typedef struct {
	const char *name;
	int kinds;	/* IV_J_* mask of accepted kinds; IV_J_INTEGER: a whole number */
	int required;
} iv_field;
/* fields ends with {0}. Returns NULL when obj (borrowed) fits, else a
 * malloc'd reason: "missing field 'answer'", "field 'score': expected
 * number, got string", "unknown field 'x'" (unless allow_unknown). */
char *iv_json_check(jv obj, const iv_field *fields, int allow_unknown);
const char *iv_json_kind_name(jv_kind k);

/* Accessors on a borrowed object; absent keys and wrong kinds give the
 * default. iv_jget returns a new reference (jv_null() when absent). */
jv iv_jget(jv obj, const char *key);
char *iv_jstrdup(jv obj, const char *key);	/* malloc'd, or NULL */
double iv_jnum(jv obj, const char *key, double dflt);
int iv_jbool(jv obj, const char *key, int dflt);
/* The string value of a borrowed jv string, "" for anything else. */
const char *iv_jstr(jv s);

/* Call fn on each named file ("-" is stdin) or, with none, on stdin, with
 * its name for messages ("stdin" for stdin); a file that can't be opened
 * is warned about. Returns IV_FAIL when any file failed or fn did, else
 * IV_OK. */
int iv_each_input(char **names, int n, int (*fn)(FILE *f, const char *name, void *ctx), void *ctx);

#endif
