#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonl.h"
#include "llmjson.h"
#include "msg.h"
#include "utf8.h"

char *
iv_llm_strip_think(const char *text)
{
	iv_buf b = IV_BUF_INIT;
	const char *s = text, *open, *close, *end;
	char *out;

	/* Servers whose chat template opens the block themselves send only the
	 * closing tag: the reasoning is everything before it. */
	close = strstr(s, "</think>");
	open = strstr(s, "<think>");
	if (close && (!open || close < open))
		s = close + strlen("</think>");
	while ((open = strstr(s, "<think>"))) {
		iv_buf_add(&b, s, (size_t)(open - s));
		close = strstr(open, "</think>");
		if (!close) {
			s = open + strlen(open);
			break;
		}
		s = close + strlen("</think>");
	}
	iv_buf_puts(&b, s);
	s = b.s ? b.s : "";
	while (*s && isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	out = iv_xstrndup(s, (size_t)(end - s));
	iv_buf_free(&b);
	return out;
}

static jv
parse(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (!n)
		return jv_invalid();
	return iv_json_parse(s, n);
}

/* The inside of the first ``` fence: from the end of its opening line (which
 * may name a language) to the next ```, or to the end if it is unclosed. */
static jv
from_fence(const char *s)
{
	const char *f = strstr(s, "```"), *body, *close;

	if (!f)
		return jv_invalid();
	body = strchr(f + 3, '\n');
	if (!body)
		return jv_invalid();
	body++;
	close = strstr(body, "```");
	return parse(body, close ? (size_t)(close - body) : strlen(body));
}

/* Where the {...} starting at s ends (one past its '}'), or NULL. */
static const char *
balanced_end(const char *s)
{
	int depth = 0, in_str = 0;

	for (; *s; s++) {
		if (in_str) {
			if (*s == '\\' && s[1])
				s++;
			else if (*s == '"')
				in_str = 0;
		} else if (*s == '"') {
			in_str = 1;
		} else if (*s == '{') {
			depth++;
		} else if (*s == '}') {
			if (--depth == 0)
				return s + 1;
		}
	}
	return NULL;
}

static jv
first_object(const char *s)
{
	const char *p, *end;
	int tries = 0;

	for (p = strchr(s, '{'); p && tries < 32; p = strchr(p + 1, '{'), tries++) {
		jv v;

		if (!(end = balanced_end(p)))
			continue;
		v = parse(p, (size_t)(end - p));
		if (jv_get_kind(v) == JV_KIND_OBJECT)
			return v;
		jv_free(v);
	}
	return jv_invalid();
}

jv
iv_llm_repair(const char *text, const char **stage)
{
	char *s = iv_llm_strip_think(text);
	const char *st = NULL;
	jv v;

	v = parse(s, strlen(s));
	if (jv_is_valid(v)) {
		st = "strict";
	} else {
		jv_free(v);
		v = from_fence(s);
		if (jv_is_valid(v)) {
			st = "fence";
		} else {
			jv_free(v);
			v = first_object(s);
			if (jv_is_valid(v))
				st = "object";
		}
	}
	if (!jv_is_valid(v)) {
		size_t n = strlen(s);
		iv_buf b = IV_BUF_INIT;

		jv_free(v);
		/* Name the start of the text on one line, whole characters. */
		for (size_t i = 0; i < n && i < 60; i++)
			iv_buf_putc(&b, s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i]);
		while (b.len < n && b.len && ((unsigned char)s[b.len] & 0xC0) == 0x80)
			iv_buf_putc(&b, s[b.len]);
		v = n ? jv_invalid_with_msg(jv_string_fmt("the reply is not JSON: '%s%s'", b.s,
							  b.len < n ? "..." : ""))
		      : jv_invalid_with_msg(jv_string("the reply is empty"));
		iv_buf_free(&b);
	}
	free(s);
	if (stage)
		*stage = st;
	return v;
}

/* The schema checker. */

static const char *
kind_of(jv v)
{
	return iv_json_kind_name(jv_get_kind(v));
}

static int
is_type(jv v, const char *t)
{
	jv_kind k = jv_get_kind(v);

	if (!strcmp(t, "integer"))
		return k == JV_KIND_NUMBER && jv_number_value(v) == floor(jv_number_value(v));
	if (!strcmp(t, "boolean"))
		return k == JV_KIND_TRUE || k == JV_KIND_FALSE;
	return !strcmp(t, kind_of(v));
}

static const char *
article(const char *t)
{
	return strchr("aeiou", t[0]) ? "an" : "a";
}

static jv
get(jv obj, const char *key)
{
	return iv_jget(obj, key);
}

static char *check(jv value, jv schema, iv_buf *path);

static char *at(iv_buf *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "PATH: message" */
static char *
at(iv_buf *path, const char *fmt, ...)
{
	va_list ap;
	char *msg, *out;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		iv_oom();
	va_end(ap);
	out = iv_xasprintf("%s: %s", path->s, msg);
	free(msg);
	return out;
}

static char *
check_type(jv value, jv type, iv_buf *path)
{
	iv_buf want = IV_BUF_INIT;
	char *err = NULL;
	int ok = 0, n = 0;

	if (jv_get_kind(type) == JV_KIND_STRING) {
		ok = is_type(value, jv_string_value(type));
		iv_buf_printf(&want, "%s %s", article(jv_string_value(type)), jv_string_value(type));
	} else if (jv_get_kind(type) == JV_KIND_ARRAY) {
		jv_array_foreach(type, i, t) {
			if (jv_get_kind(t) == JV_KIND_STRING) {
				ok |= is_type(value, jv_string_value(t));
				iv_buf_printf(&want, "%s%s", n++ ? " or " : "", jv_string_value(t));
			}
			jv_free(t);
		}
	} else {
		ok = 1;
	}
	if (!ok)
		err = at(path, "expected %s, got %s", want.s ? want.s : "?", kind_of(value));
	iv_buf_free(&want);
	return err;
}

static char *
check_enum(jv value, jv choices, iv_buf *path)
{
	int found = 0;

	if (jv_get_kind(choices) != JV_KIND_ARRAY)
		return NULL;
	jv_array_foreach(choices, i, c) {
		if (!found && jv_equal(jv_copy(value), jv_copy(c)))
			found = 1;
		jv_free(c);
	}
	if (found)
		return NULL;
	{
		char *list = NULL, *err;
		jv d = jv_dump_string(jv_copy(choices), 0);

		list = iv_xstrdup(jv_string_value(d));
		jv_free(d);
		err = at(path, "expected one of %s", list);
		free(list);
		return err;
	}
}

static char *
check_number(jv value, jv schema, iv_buf *path)
{
	double d = jv_number_value(value);
	jv min = get(schema, "minimum"), max = get(schema, "maximum");
	char *err = NULL;

	if (jv_get_kind(min) == JV_KIND_NUMBER && d < jv_number_value(min))
		err = at(path, "%g is below the minimum %g", d, jv_number_value(min));
	else if (jv_get_kind(max) == JV_KIND_NUMBER && d > jv_number_value(max))
		err = at(path, "%g is above the maximum %g", d, jv_number_value(max));
	jv_free(min);
	jv_free(max);
	return err;
}

static char *
check_object(jv value, jv schema, iv_buf *path)
{
	jv props = get(schema, "properties"), req = get(schema, "required");
	jv extra = get(schema, "additionalProperties");
	size_t plen = path->len;
	char *err = NULL;

	if (jv_get_kind(req) == JV_KIND_ARRAY) {
		jv_array_foreach(req, i, k) {
			if (!err && jv_get_kind(k) == JV_KIND_STRING &&
			    !jv_object_has(jv_copy(value), jv_copy(k)))
				err = at(path, "missing field '%s'", jv_string_value(k));
			jv_free(k);
		}
	}
	if (!err && jv_get_kind(value) == JV_KIND_OBJECT) {
		jv_object_foreach(value, k, v) {
			jv sub = jv_get_kind(props) == JV_KIND_OBJECT
				 ? jv_object_get(jv_copy(props), jv_copy(k)) : jv_invalid();

			if (!err) {
				path->len = plen;
				path->s[plen] = 0;
				iv_buf_printf(path, ".%s", jv_string_value(k));
				if (jv_is_valid(sub))
					err = check(v, sub, path);
				else if (jv_get_kind(extra) == JV_KIND_FALSE) {
					path->len = plen;
					path->s[plen] = 0;
					err = at(path, "unknown field '%s'", jv_string_value(k));
				}
			}
			jv_free(sub);
			jv_free(k);
			jv_free(v);
		}
	}
	path->len = plen;
	path->s[plen] = 0;
	jv_free(props);
	jv_free(req);
	jv_free(extra);
	return err;
}

static char *
check_array(jv value, jv schema, iv_buf *path)
{
	jv items = get(schema, "items");
	int n = jv_array_length(jv_copy(value));
	double mn = iv_jnum(schema, "minItems", 0), mx = iv_jnum(schema, "maxItems", -1);
	size_t plen = path->len;
	char *err = NULL;

	if (n < mn)
		err = at(path, "%d items, fewer than %g", n, mn);
	else if (mx >= 0 && n > mx)
		err = at(path, "%d items, more than %g", n, mx);
	if (!err && jv_get_kind(items) == JV_KIND_OBJECT) {
		jv_array_foreach(value, i, v) {
			if (!err) {
				iv_buf_printf(path, "[%d]", i);
				err = check(v, items, path);
				path->len = plen;
				path->s[plen] = 0;
			}
			jv_free(v);
		}
	}
	jv_free(items);
	return err;
}

static char *
check(jv value, jv schema, iv_buf *path)
{
	jv type, choices;
	char *err;

	if (jv_get_kind(schema) != JV_KIND_OBJECT)
		return NULL;
	type = get(schema, "type");
	err = check_type(value, type, path);
	jv_free(type);
	if (err)
		return err;
	choices = get(schema, "enum");
	if (jv_get_kind(choices) != JV_KIND_NULL)
		err = check_enum(value, choices, path);
	jv_free(choices);
	if (err)
		return err;
	switch (jv_get_kind(value)) {
	case JV_KIND_NUMBER:
		return check_number(value, schema, path);
	case JV_KIND_OBJECT:
		return check_object(value, schema, path);
	case JV_KIND_ARRAY:
		return check_array(value, schema, path);
	case JV_KIND_STRING: {
		double mn = iv_jnum(schema, "minLength", 0);

		const char *str = jv_string_value(value);

		if ((double)iv_utf8_len(str, strlen(str)) < mn)
			return at(path, "expected at least %g characters", mn);
		return NULL;
	}
	default:
		return NULL;
	}
}

char *
iv_llm_schema_check(jv value, jv schema)
{
	iv_buf path = IV_BUF_INIT;
	char *err;

	iv_buf_puts(&path, "$");
	err = check(value, schema, &path);
	iv_buf_free(&path);
	return err;
}
