#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "buf.h"
#include "msg.h"
#include "utf8.h"
#include "yamldoc.h"

#define MAX_DEPTH 64

struct frame {
	jv v;		/* the container being built */
	jv key;		/* mapping: the pending key, or invalid */
	char *path;	/* dotted path of this container */
};

static jv
plain_scalar(const char *s, size_t n)
{
	char *end;
	double d;

	if (n == 0 || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	    !strcmp(s, "NULL"))
		return jv_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return jv_true();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return jv_false();
	if (strchr("+-.0123456789", s[0]) && strcspn(s, "xXnN_ ") == n) {
		errno = 0;
		d = strtod(s, &end);
		if (end == s + n && errno == 0 && strcmp(s, ".") && strcmp(s, "-") && strcmp(s, "+"))
			return jv_number(d);
	}
	return jv_string_sized(s, (int)n);
}

static char *
child_path(const char *parent, const char *key)
{
	if (!parent || !*parent)
		return iv_xstrdup(key);
	return iv_xasprintf("%s.%s", parent, key);
}

static jv
errmsg(const char *name, size_t line, const char *key, const char *problem)
{
	if (key && *key)
		return jv_invalid_with_msg(jv_string_fmt("%s:%zu: %s: %s", name, line, key, problem));
	return jv_invalid_with_msg(jv_string_fmt("%s:%zu: %s", name, line, problem));
}

jv
iv_yaml_parse(const char *text, size_t n, const char *name, jv *lines)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct frame st[MAX_DEPTH];
	int depth = 0, done = 0, i;
	jv result = jv_invalid(), ln = jv_object();
	char lastkey[256] = "";
	size_t bad;

	if ((bad = iv_utf8_invalid_at(text, n)) != (size_t)-1) {
		size_t line = 1;

		for (size_t j = 0; j < bad; j++)
			line += text[j] == '\n';
		jv_free(ln);
		return errmsg(name, line, NULL, "invalid UTF-8");
	}
	if (!yaml_parser_initialize(&parser))
		iv_oom();
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, n);

	while (!done) {
		jv value = jv_invalid();
		int is_scalar = 0;
		size_t line;

		if (!yaml_parser_parse(&parser, &ev)) {
			char *p = iv_xasprintf("%s%s%s", parser.problem ? parser.problem : "syntax error",
					       parser.context ? " " : "", parser.context ? parser.context : "");
			size_t l = parser.problem_mark.line + 1;

			if (parser.context && parser.context_mark.line + 1 < l && !parser.problem)
				l = parser.context_mark.line + 1;
			jv_free(result);
			result = errmsg(name, l, lastkey, p);
			free(p);
			goto out;
		}
		line = ev.start_mark.line + 1;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_END_EVENT:
			/* One document is all we read. */
			done = 1;
			break;
		case YAML_ALIAS_EVENT:
			jv_free(result);
			result = errmsg(name, line, lastkey, "aliases are not supported");
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;
			size_t len = ev.data.scalar.length;

			if (memchr(s, 0, len)) {
				jv_free(result);
				result = errmsg(name, line, lastkey, "NUL byte in a scalar");
				yaml_event_delete(&ev);
				goto out;
			}
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !ev.data.scalar.tag)
				value = plain_scalar(s, len);
			else
				value = jv_string_sized(s, (int)len);
			is_scalar = 1;
			break;
		}
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			char *path;

			if (depth == MAX_DEPTH) {
				jv_free(result);
				result = errmsg(name, line, lastkey, "nested too deeply");
				yaml_event_delete(&ev);
				goto out;
			}
			if (depth == 0)
				path = iv_xstrdup("");
			else if (jv_get_kind(st[depth - 1].v) == JV_KIND_OBJECT)
				path = child_path(st[depth - 1].path,
						  jv_is_valid(st[depth - 1].key) ? jv_string_value(st[depth - 1].key) : "?");
			else
				path = iv_xasprintf("%s[%d]", st[depth - 1].path,
						    jv_array_length(jv_copy(st[depth - 1].v)));
			st[depth].v = ev.type == YAML_SEQUENCE_START_EVENT ? jv_array() : jv_object();
			st[depth].key = jv_invalid();
			st[depth].path = path;
			depth++;
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			value = st[depth].v;
			jv_free(st[depth].key);
			free(st[depth].path);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (!jv_is_valid(value)) {
			jv_free(value);
			continue;
		}
		if (depth == 0) {
			jv_free(result);
			result = value;
			continue;
		}
		{
			struct frame *f = &st[depth - 1];

			if (jv_get_kind(f->v) == JV_KIND_ARRAY) {
				f->v = jv_array_append(f->v, value);
			} else if (!jv_is_valid(f->key)) {
				jv_free(f->key);
				if (!is_scalar || jv_get_kind(value) == JV_KIND_NULL) {
					jv_free(value);
					jv_free(result);
					result = errmsg(name, line, f->path, "a key must be a plain string");
					goto out;
				}
				if (jv_get_kind(value) != JV_KIND_STRING) {
					/* Numbers and booleans as keys are kept as written. */
					jv s = jv_dump_string(value, 0);
					value = s;
				}
				{
					jv old = jv_object_get(jv_copy(f->v), jv_copy(value));
					int dup = jv_is_valid(old);

					jv_free(old);
					if (dup) {
						char *p = child_path(f->path, jv_string_value(value));

						jv_free(result);
						result = errmsg(name, line, p, "duplicate key");
						free(p);
						jv_free(value);
						goto out;
					}
				}
				f->key = value;
				{
					char *p = child_path(f->path, jv_string_value(f->key));

					ln = jv_object_set(ln, jv_string(p), jv_number((double)line));
					snprintf(lastkey, sizeof lastkey, "%s", p);
					free(p);
				}
			} else {
				f->v = jv_object_set(f->v, f->key, value);
				f->key = jv_invalid();
			}
		}
	}
	if (!jv_is_valid(result) && !jv_invalid_has_msg(jv_copy(result))) {
		jv_free(result);
		result = jv_object();
	}
out:
	for (i = 0; i < depth; i++) {
		jv_free(st[i].v);
		jv_free(st[i].key);
		free(st[i].path);
	}
	yaml_parser_delete(&parser);
	if (lines && jv_is_valid(result))
		*lines = ln;
	else
		jv_free(ln);
	return result;
}

jv
iv_yaml_load_file(const char *path, jv *lines)
{
	iv_buf b = IV_BUF_INIT;
	jv v;

	if (iv_buf_read_file(&b, path, 64u << 20) < 0) {
		v = jv_invalid_with_msg(jv_string_fmt("%s: %s", path, strerror(errno)));
		iv_buf_free(&b);
		return v;
	}
	v = iv_yaml_parse(b.s ? b.s : "", b.len, path, lines);
	iv_buf_free(&b);
	return v;
}
