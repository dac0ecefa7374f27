#include <errno.h>
#include <math.h>
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "maxsize.h"
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
			return toolong || *len > r->max ? 2 : 1;
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
			return toolong || avail > r->max ? 2 : 1;
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

/* The offset of the quote that closes the string opened at s[open], or n. */
static size_t
string_end(const char *s, size_t n, size_t open)
{
	size_t i = open + 1;

	while (i < n && s[i] != '"')
		i += s[i] == '\\' ? 2 : 1;
	return i < n ? i : n;
}

/* libjq 1.6 leaks a string that follows a value without a separator inside
 * an array or object ({"a": "q" "b": 1}): its parser drops the string
 * without freeing it. Returns the offset of the first such string's opening
 * quote, or -1. Only a scan: no allocation, linear. */
static long
juxtaposed_string(const char *s, size_t n)
{
	size_t i = 0;
	long depth = 0;
	int after_value = 0;

	while (i < n) {
		char c = s[i];

		if (c == '"') {
			if (after_value && depth > 0)
				return (long)i;
			i = string_end(s, n, i) + 1;
			after_value = 1;
			continue;
		}
		switch (c) {
		case ' ': case '\t': case '\n': case '\r':
			break;
		case '[': case '{':
			depth++;
			after_value = 0;
			break;
		case ']': case '}':
			depth--;
			after_value = 1;
			break;
		case ':': case ',':
			after_value = 0;
			break;
		default:	/* a number or a literal, up to the next delimiter */
			while (i + 1 < n && !strchr(" \t\n\r[]{}:,\"", s[i + 1]))
				i++;
			after_value = 1;
		}
		i++;
	}
	return -1;
}

/* jq's message for a parse error in s[0, n), or NULL when s[0, n) parses
 * as far as it goes. */
static jv
parse_error_in(const char *s, size_t n)
{
	jv_parser *p = jv_parser_new(0);
	jv v, msg = jv_null();

	jv_parser_set_buf(p, s, (int)n, 0);
	while (jv_is_valid(v = jv_parser_next(p)))
		jv_free(v);
	if (jv_invalid_has_msg(jv_copy(v)))
		msg = jv_invalid_get_msg(v);
	else
		jv_free(v);
	jv_parser_free(p);
	if (jv_get_kind(msg) == JV_KIND_STRING && strstr(jv_string_value(msg), "Unfinished JSON term")) {
		jv_free(msg);
		return jv_null();
	}
	return msg;
}

jv
iv_json_parse(const char *s, size_t n)
{
	jv_parser *p;
	jv v, extra;
	size_t bad, close;
	long j;
	const char *at;

	if (memchr(s, 0, n))
		return jv_invalid_with_msg(jv_string_fmt("binary data (a NUL byte at byte %zu)",
							 (size_t)((const char *)memchr(s, 0, n) - s) + 1));
	if ((bad = iv_utf8_invalid_at(s, n)) != (size_t)-1)
		return jv_invalid_with_msg(jv_string_fmt("invalid UTF-8 at byte %zu", bad + 1));
	if ((j = juxtaposed_string(s, n)) >= 0 && (close = string_end(s, n, (size_t)j)) < n) {
		/* jq would report the first error before it, if any; else the
		 * same message jq gives, without the leak. */
		jv msg = parse_error_in(s, (size_t)j);
		size_t line = 0;

		if (jv_get_kind(msg) == JV_KIND_NULL) {
			for (size_t k = 0; k < close; k++)
				if (s[k] == '\n')
					line = k + 1;
			return jv_invalid_with_msg(jv_string_fmt(
				"invalid JSON: Expected separator between values at column %zu", close - line + 1));
		}
		v = jv_invalid_with_msg(msg);
		p = NULL;
	} else {
		p = jv_parser_new(0);
		jv_parser_set_buf(p, s, (int)n, 0);
		v = jv_parser_next(p);
	}
	if (!jv_is_valid(v)) {
		jv msg = jv_invalid_get_msg(v);

		if (p)
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
		v = jv_invalid_with_msg(jv_string_fmt("invalid JSON: %s", jv_string_value(msg)));
		jv_free(msg);
		return v;
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

const char *iv_jsonl_sh_prefix;

/* v (borrowed) single-quoted for sh: a scalar's text, anything else's
 * JSON. */
static void
sh_quote(jv v)
{
	iv_buf b = IV_BUF_INIT;
	const char *s;
	size_t n;

	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		s = jv_string_value(v);
		n = (size_t)jv_string_length_bytes(jv_copy(v));
		break;
	case JV_KIND_NULL:
		s = "";
		n = 0;
		break;
	default:
		iv_json_append(&b, v);
		s = b.s ? b.s : "";
		n = b.len;
	}
	putchar('\'');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\'')
			fputs("'\\''", stdout);
		else if (s[i])	/* a NUL cannot be in a shell variable */
			putchar(s[i]);
	}
	putchar('\'');
	iv_buf_free(&b);
}

static int
sh_name(const char *k)
{
	if (!*k || (*k >= '0' && *k <= '9'))
		return 0;
	for (; *k; k++)
		if (!((*k >= 'a' && *k <= 'z') || (*k >= 'A' && *k <= 'Z') || (*k >= '0' && *k <= '9') || *k == '_'))
			return 0;
	return 1;
}

static int
scalar(jv v)
{
	jv_kind k = jv_get_kind(v);

	return k != JV_KIND_ARRAY && k != JV_KIND_OBJECT;
}

static void
write_sh(jv v)
{
	const char *p = iv_jsonl_sh_prefix;

	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		printf("%svalue=", p);
		sh_quote(v);
		putchar('\n');
		jv_free(v);
		return;
	}
	jv_object_foreach(v, key, val) {
		const char *k = jv_string_value(key);

		if (sh_name(k)) {
			int all = jv_get_kind(val) == JV_KIND_ARRAY;

			printf("%s%s=", p, k);
			sh_quote(val);
			putchar('\n');
			if (all)
				jv_array_foreach(val, i, x) {
					all = all && scalar(x);
					jv_free(x);
				}
			if (all) {
				printf("%s%s_count=%d\n", p, k, jv_array_length(jv_copy(val)));
				jv_array_foreach(val, i, x) {
					printf("%s%s_%d=", p, k, i);
					sh_quote(x);
					putchar('\n');
					jv_free(x);
				}
			}
		}
		jv_free(key);
		jv_free(val);
	}
	jv_free(v);
}

void
iv_jsonl_set_sh(const char *prefix)
{
	/* Never empty: a field named PATH or IFS must not set the caller's. */
	if (!sh_name(prefix))
		iv_usage_error("--sh: '%s' is not a shell name prefix (letters, digits, _; not empty)", prefix);
	iv_jsonl_sh_prefix = prefix;
}

void
iv_jsonl_write(jv v)
{
	if (iv_jsonl_sh_prefix) {
		write_sh(v);
		return;
	}
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

static void
json_string(iv_buf *b, const char *s, int n)
{
	static const char hex[] = "0123456789abcdef";
	const char *run = s;

	iv_buf_putc(b, '"');
	for (int i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;

		if (c >= 32 && c != '"' && c != '\\' && c != 127)
			continue;
		iv_buf_add(b, run, (size_t)(s + i - run));
		run = s + i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		}
		if (esc) {
			iv_buf_puts(b, esc);
		} else {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };

			iv_buf_puts(b, u);
		}
	}
	iv_buf_add(b, run, (size_t)(s + n - run));
	iv_buf_putc(b, '"');
}

/* The shortest text that reads back as d, as jq writes numbers. */
static void
json_number(iv_buf *b, double d)
{
	char t[40];

	if (d != d) {
		iv_buf_puts(b, "null");
		return;
	}
	if (d > DBL_MAX)
		d = DBL_MAX;
	if (d < -DBL_MAX)
		d = -DBL_MAX;
	if (d == (double)(long long)d && d > -1e17 && d < 1e17) {
		iv_buf_printf(b, "%lld", (long long)d);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(t, sizeof t, "%.*g", prec, d);
		if (strtod(t, NULL) == d)
			break;
	}
	iv_buf_puts(b, t);
}

void
iv_json_append(iv_buf *b, jv v)
{
	int first = 1;

	switch (jv_get_kind(v)) {
	case JV_KIND_NULL:
	case JV_KIND_INVALID:
		iv_buf_puts(b, "null");
		break;
	case JV_KIND_TRUE:
		iv_buf_puts(b, "true");
		break;
	case JV_KIND_FALSE:
		iv_buf_puts(b, "false");
		break;
	case JV_KIND_NUMBER:
		json_number(b, jv_number_value(v));
		break;
	case JV_KIND_STRING:
		json_string(b, jv_string_value(v), jv_string_length_bytes(jv_copy(v)));
		break;
	case JV_KIND_ARRAY:
		iv_buf_putc(b, '[');
		for (int i = 0, n = jv_array_length(jv_copy(v)); i < n; i++) {
			jv x = jv_array_get(jv_copy(v), i);

			if (i)
				iv_buf_putc(b, ',');
			iv_json_append(b, x);
			jv_free(x);
		}
		iv_buf_putc(b, ']');
		break;
	case JV_KIND_OBJECT:
		iv_buf_putc(b, '{');
		for (int it = jv_object_iter(v); jv_object_iter_valid(v, it); it = jv_object_iter_next(v, it)) {
			jv k = jv_object_iter_key(v, it), x = jv_object_iter_value(v, it);

			if (!first)
				iv_buf_putc(b, ',');
			first = 0;
			json_string(b, jv_string_value(k), jv_string_length_bytes(jv_copy(k)));
			iv_buf_putc(b, ':');
			iv_json_append(b, x);
			jv_free(k);
			jv_free(x);
		}
		iv_buf_putc(b, '}');
		break;
	}
}

void
iv_json_strings(iv_buf *b, jv v)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_STRING:
		iv_buf_puts(b, jv_string_value(v));
		iv_buf_putc(b, '\n');
		break;
	case JV_KIND_ARRAY:
		jv_array_foreach(v, i, x) {
			iv_json_strings(b, x);
			jv_free(x);
		}
		break;
	case JV_KIND_OBJECT:
		jv_object_foreach(v, k, x) {
			iv_json_strings(b, x);
			jv_free(k);
			jv_free(x);
		}
		break;
	default:
		break;
	}
}

char *
iv_too_long(const char *what, size_t n, size_t max)
{
	if (n <= max)
		return NULL;
	if (max >= (1u << 20) && max % (1u << 20) == 0)
		return iv_xasprintf("%s is %zu bytes; at most %zu (%zu MiB) are accepted", what, n, max, max >> 20);
	if (max >= 1024 && max % 1024 == 0)
		return iv_xasprintf("%s is %zu bytes; at most %zu (%zu KiB) are accepted", what, n, max, max >> 10);
	return iv_xasprintf("%s is %zu bytes; at most %zu are accepted", what, n, max);
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
