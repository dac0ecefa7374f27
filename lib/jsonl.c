#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"
#include "utf8.h"

struct iv_jsonl {
	FILE *f;
	char *name;
	int flags;
	long line;
	size_t max;
	iv_buf in;	/* bytes read and not yet consumed start at pos */
	size_t pos;
	int eof, ioerr;
	char *err;
};

iv_jsonl *
iv_jsonl_open(FILE *f, const char *name, int flags)
{
	iv_jsonl *r = iv_xcalloc(1, sizeof *r);

	r->f = f;
	r->name = iv_xstrdup(name);
	r->flags = flags;
	r->max = IV_JSONL_MAX_LINE;
	return r;
}

void
iv_jsonl_set_max(iv_jsonl *r, size_t max)
{
	r->max = max;
}

void
iv_jsonl_close(iv_jsonl *r)
{
	if (!r)
		return;
	iv_buf_free(&r->in);
	free(r->name);
	free(r->err);
	free(r);
}

const char *
iv_jsonl_error(const iv_jsonl *r)
{
	return r->err ? r->err : "";
}

long
iv_jsonl_lineno(const iv_jsonl *r)
{
	return r->line;
}

int
iv_jsonl_ioerror(const iv_jsonl *r)
{
	return r->ioerr;
}

static int
fail(iv_jsonl *r, const char *fmt, const char *arg)
{
	free(r->err);
	r->err = iv_xasprintf("%s:%ld: ", r->name, r->line);
	{
		char *tail = iv_xasprintf(fmt, arg);
		char *all = iv_xasprintf("%s%s", r->err, tail);

		free(tail);
		free(r->err);
		r->err = all;
	}
	return -1;
}

/* Fill with more bytes; returns bytes read, 0 at end of input. */
static size_t
fill(iv_jsonl *r)
{
	size_t n;

	if (r->eof)
		return 0;
	if (r->pos > 0) {
		memmove(r->in.s, r->in.s + r->pos, r->in.len - r->pos);
		r->in.len -= r->pos;
		r->pos = 0;
	}
	iv_buf_grow(&r->in, 65536);
	n = fread(r->in.s + r->in.len, 1, r->in.cap - r->in.len - 1, r->f);
	r->in.len += n;
	r->in.s[r->in.len] = 0;
	if (n == 0) {
		r->eof = 1;
		if (ferror(r->f))
			r->ioerr = errno ? errno : EIO;
	}
	return n;
}

/* Next raw line into line and len (not NUL-terminated in place). Returns 1, 0
 * at end, or 2 for a line over the limit (its bytes are skipped). */
static int
raw_line(iv_jsonl *r, char **line, size_t *len)
{
	size_t scanned = 0;
	int toolong = 0;
	char *nl;

	for (;;) {
		size_t avail = r->in.len - r->pos;

		nl = avail > scanned ? memchr(r->in.s + r->pos + scanned, '\n', avail - scanned) : NULL;
		if (nl) {
			*line = r->in.s + r->pos;
			*len = (size_t)(nl - *line);
			r->pos += *len + 1;
			return toolong ? 2 : 1;
		}
		scanned = avail;
		if (avail > r->max) {
			/* Drop what we have, keep looking for the end of the line. */
			toolong = 1;
			r->pos = r->in.len;
			scanned = 0;
		}
		if (fill(r) == 0) {
			avail = r->in.len - r->pos;
			if (avail == 0 && !toolong)
				return 0;
			*line = r->in.s + r->pos;
			*len = avail;
			r->pos = r->in.len;
			return toolong ? 2 : 1;
		}
	}
}

static int
has_nan(jv v)
{
	int bad = 0;

	switch (jv_get_kind(v)) {
	case JV_KIND_NUMBER:
		return isnan(jv_number_value(v)) || isinf(jv_number_value(v));
	case JV_KIND_ARRAY:
		jv_array_foreach(v, i, x) {
			if (!bad)
				bad = has_nan(x);
			jv_free(x);
		}
		return bad;
	case JV_KIND_OBJECT:
		jv_object_foreach(v, k, x) {
			if (!bad)
				bad = has_nan(x);
			jv_free(k);
			jv_free(x);
		}
		return bad;
	default:
		return 0;
	}
}

jv
iv_json_parse(const char *s, size_t n)
{
	jv_parser *p;
	jv v, extra;
	size_t bad;
	const char *at;

	if (memchr(s, 0, n))
		return jv_invalid_with_msg(jv_string_fmt("binary data (a NUL byte at byte %zu)",
							 (size_t)((const char *)memchr(s, 0, n) - s) + 1));
	if ((bad = iv_utf8_invalid_at(s, n)) != (size_t)-1)
		return jv_invalid_with_msg(jv_string_fmt("invalid UTF-8 at byte %zu", bad + 1));
	p = jv_parser_new(0);
	jv_parser_set_buf(p, s, (int)n, 0);
	v = jv_parser_next(p);
	if (!jv_is_valid(v)) {
		jv msg = jv_invalid_get_msg(v);

		jv_parser_free(p);
		if (jv_get_kind(msg) != JV_KIND_STRING) {
			jv_free(msg);
			return jv_invalid_with_msg(jv_string("no JSON value"));
		}
		/* jq says "... at line 1, column 8"; a line number is ours to give. */
		at = strstr(jv_string_value(msg), " at line ");
		if (at) {
			const char *col = strstr(at, "column ");
			jv m = jv_string_fmt("invalid JSON: %.*s%s%s",
					     (int)(at - jv_string_value(msg)), jv_string_value(msg),
					     col ? " at " : "", col ? col : "");
			jv_free(msg);
			return jv_invalid_with_msg(m);
		}
		return jv_invalid_with_msg(jv_string_fmt("invalid JSON: %s", jv_string_value(msg)));
	}
	extra = jv_parser_next(p);
	jv_parser_free(p);
	if (jv_is_valid(extra) || jv_invalid_has_msg(jv_copy(extra))) {
		jv_free(extra);
		jv_free(v);
		return jv_invalid_with_msg(jv_string("invalid JSON: more than one value"));
	}
	jv_free(extra);
	if (has_nan(v)) {
		jv_free(v);
		return jv_invalid_with_msg(jv_string("invalid JSON: NaN or infinite number"));
	}
	return v;
}

int
iv_jsonl_next(iv_jsonl *r, jv *out)
{
	char *line;
	size_t len, i;
	int rc;
	jv v;

	for (;;) {
		rc = raw_line(r, &line, &len);
		if (rc == 0)
			return 0;
		r->line++;
		if (rc == 2) {
			char lim[32];

			snprintf(lim, sizeof lim, "%zu", r->max);
			return fail(r, "line too long (over %s bytes)", lim);
		}
		if (len && line[len - 1] == '\r')
			len--;
		for (i = 0; i < len && strchr(" \t\r\f\v", line[i]); i++)
			;
		if (i == len)
			continue;
		break;
	}
	v = iv_json_parse(line, len);
	if (!jv_is_valid(v)) {
		jv msg = jv_invalid_get_msg(v);

		rc = fail(r, "%s", jv_string_value(msg));
		jv_free(msg);
		return rc;
	}
	if ((r->flags & IV_JSONL_OBJECTS) && jv_get_kind(v) != JV_KIND_OBJECT) {
		const char *k = iv_json_kind_name(jv_get_kind(v));

		jv_free(v);
		return fail(r, "expected a JSON object, got %s", k);
	}
	*out = v;
	return 1;
}

void
iv_jsonl_write(jv v)
{
	jv_dumpf(v, stdout, 0);
	putchar('\n');
}

int
iv_warn_invalid(jv v)
{
	jv m = jv_invalid_get_msg(v);

	iv_warn("%s", jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "failed");
	jv_free(m);
	return IV_FAIL;
}

int
iv_jsonl_emit(jv v)
{
	if (!jv_is_valid(v))
		return iv_warn_invalid(v);
	iv_jsonl_write(v);
	return IV_OK;
}

int
iv_finish(int rc)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		iv_warn("error writing output: %s", strerror(errno));
		fclose(stdout);
		return IV_FAIL;
	}
	if (fclose(stdout) != 0) {
		iv_warn("error writing output: %s", strerror(errno));
		return IV_FAIL;
	}
	return rc;
}

const char *
iv_json_kind_name(jv_kind k)
{
	switch (k) {
	case JV_KIND_NULL: return "null";
	case JV_KIND_TRUE:
	case JV_KIND_FALSE: return "boolean";
	case JV_KIND_NUMBER: return "number";
	case JV_KIND_STRING: return "string";
	case JV_KIND_ARRAY: return "array";
	case JV_KIND_OBJECT: return "object";
	default: return "invalid";
	}
}

static const char *
kinds_name(int kinds)
{
	switch (kinds & ~IV_J_NULL) {
	case IV_J_BOOL: return "a boolean";
	case IV_J_NUMBER: return "a number";
	case IV_J_INTEGER: return "a whole number";
	case IV_J_STRING: return "a string";
	case IV_J_ARRAY: return "an array";
	case IV_J_OBJECT: return "an object";
	case IV_J_STRING | IV_J_NUMBER:
	case IV_J_STRING | IV_J_INTEGER: return "a string or a number";
	case IV_J_STRING | IV_J_ARRAY: return "a string or an array";
	default: return "another kind";
	}
}

static int
kind_ok(jv v, int kinds)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_NULL: return kinds & IV_J_NULL;
	case JV_KIND_TRUE:
	case JV_KIND_FALSE: return kinds & IV_J_BOOL;
	case JV_KIND_NUMBER:
		if (kinds & IV_J_NUMBER)
			return 1;
		return (kinds & IV_J_INTEGER) && jv_is_integer(jv_copy(v));
	case JV_KIND_STRING: return kinds & IV_J_STRING;
	case JV_KIND_ARRAY: return kinds & IV_J_ARRAY;
	case JV_KIND_OBJECT: return kinds & IV_J_OBJECT;
	default: return 0;
	}
}

char *
iv_json_check(jv obj, const iv_field *fields, int allow_unknown)
{
	const iv_field *f;
	char *err = NULL;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return iv_xasprintf("expected a JSON object, got %s",
				    iv_json_kind_name(jv_get_kind(obj)));
	for (f = fields; f->name && !err; f++) {
		jv v = jv_object_get(jv_copy(obj), jv_string(f->name));

		if (!jv_is_valid(v)) {
			if (f->required)
				err = iv_xasprintf("missing field '%s'", f->name);
		} else if (!kind_ok(v, f->kinds)) {
			err = iv_xasprintf("field '%s': expected %s, got %s", f->name,
					   kinds_name(f->kinds), iv_json_kind_name(jv_get_kind(v)));
		}
		jv_free(v);
	}
	if (err || allow_unknown)
		return err;
	jv_object_foreach(obj, k, v) {
		if (!err) {
			for (f = fields; f->name; f++)
				if (!strcmp(f->name, jv_string_value(k)))
					break;
			if (!f->name)
				err = iv_xasprintf("unknown field '%s'", jv_string_value(k));
		}
		jv_free(k);
		jv_free(v);
	}
	return err;
}

jv
iv_jget(jv obj, const char *key)
{
	jv v;

	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return jv_null();
	v = jv_object_get(jv_copy(obj), jv_string(key));
	if (!jv_is_valid(v)) {
		jv_free(v);
		return jv_null();
	}
	return v;
}

char *
iv_jstrdup(jv obj, const char *key)
{
	jv v = iv_jget(obj, key);
	char *s = NULL;

	if (jv_get_kind(v) == JV_KIND_STRING)
		s = iv_xstrdup(jv_string_value(v));
	jv_free(v);
	return s;
}

double
iv_jnum(jv obj, const char *key, double dflt)
{
	jv v = iv_jget(obj, key);
	double d = dflt;

	if (jv_get_kind(v) == JV_KIND_NUMBER)
		d = jv_number_value(v);
	jv_free(v);
	return d;
}

int
iv_jbool(jv obj, const char *key, int dflt)
{
	jv v = iv_jget(obj, key);
	int b = dflt;

	if (jv_get_kind(v) == JV_KIND_TRUE)
		b = 1;
	else if (jv_get_kind(v) == JV_KIND_FALSE)
		b = 0;
	jv_free(v);
	return b;
}

const char *
iv_jstr(jv s)
{
	return jv_get_kind(s) == JV_KIND_STRING ? jv_string_value(s) : "";
}

int
iv_each_input(char **names, int n, int (*fn)(FILE *f, const char *name, void *ctx), void *ctx)
{
	int rc = IV_OK;

	if (n == 0)
		return fn(stdin, "stdin", ctx);
	for (int i = 0; i < n; i++) {
		FILE *f = strcmp(names[i], "-") ? fopen(names[i], "r") : stdin;

		if (!f) {
			iv_warn("can't open '%s': %s", names[i], strerror(errno));
			rc = IV_FAIL;
			continue;
		}
		if (fn(f, f == stdin ? "stdin" : names[i], ctx) != IV_OK)
			rc = IV_FAIL;
		if (f != stdin)
			fclose(f);
	}
	return rc;
}
