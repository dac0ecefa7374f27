#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "msg.h"
#include "sha256.h"
#include "utf8.h"

static const struct {
	int status;
	const char *reason, *code;
} statuses[] = {
	{ 200, "OK", "ok" },
	{ 201, "Created", "created" },
	{ 400, "Bad Request", "bad_request" },
	{ 401, "Unauthorized", "unauthorized" },
	{ 404, "Not Found", "not_found" },
	{ 405, "Method Not Allowed", "method_not_allowed" },
	{ 409, "Conflict", "conflict" },
	{ 413, "Content Too Large", "payload_too_large" },
	{ 415, "Unsupported Media Type", "unsupported_media_type" },
	{ 422, "Unprocessable Content", "unprocessable_content" },
	{ 500, "Internal Server Error", "internal_error" },
	{ 503, "Service Unavailable", "unavailable" },
};

const char *
iv_http_reason(int status)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].status == status)
			return statuses[i].reason;
	return "Unknown";
}

const char *
iv_http_error_code(int status)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].status == status)
			return statuses[i].code;
	return "error";
}

void
iv_http_json(iv_http_resp *resp, int status, jv v)
{
	resp->status = status;
	resp->content_type = "application/json";
	iv_buf_reset(&resp->body);
	iv_json_append(&resp->body, v);
	iv_buf_putc(&resp->body, '\n');
	jv_free(v);
}

void
iv_http_text(iv_http_resp *resp, int status, const char *type, const char *s, size_t n)
{
	resp->status = status;
	resp->content_type = type;
	iv_buf_reset(&resp->body);
	iv_buf_add(&resp->body, s, n);
}

void
iv_http_error(iv_http_resp *resp, int status, const char *fmt, ...)
{
	va_list ap;
	char *detail;

	va_start(ap, fmt);
	if (vasprintf(&detail, fmt, ap) < 0)
		iv_oom();
	va_end(ap);
	/* Details quote what the client sent; keep the reply valid UTF-8. */
	if (!iv_utf8_valid(detail, strlen(detail)))
		detail[iv_utf8_invalid_at(detail, strlen(detail))] = 0;
	iv_http_json(resp, status, JV_OBJECT(jv_string("error"), jv_string(iv_http_error_code(status)),
					     jv_string("detail"), jv_string(detail)));
	free(detail);
}

void
iv_http_resp_free(iv_http_resp *resp)
{
	iv_buf_free(&resp->body);
	free(resp->location);
	resp->location = NULL;
}

/* Whether path matches pattern, segment by segment; {..} segments of the
 * pattern take any one non-empty segment and are stored in ids. */
static int
path_matches(const char *pattern, const char *path, const char *ids[2], char idbuf[2][256])
{
	int nid = 0;

	while (*pattern && *path) {
		if (*pattern != '/' || *path != '/')
			return 0;
		pattern++, path++;
		size_t pl = strcspn(pattern, "/"), sl = strcspn(path, "/");

		if (*pattern == '{') {
			if (sl == 0 || sl >= 256 || nid == 2)
				return 0;
			memcpy(idbuf[nid], path, sl);
			idbuf[nid][sl] = 0;
			ids[nid] = idbuf[nid];
			nid++;
		} else if (pl != sl || strncmp(pattern, path, pl)) {
			return 0;
		}
		pattern += pl, path += sl;
	}
	return !*pattern && !*path;
}

const iv_http_route *
iv_http_route_find(const iv_http_route *routes, iv_http_req *req, iv_http_resp *resp)
{
	static _Thread_local char idbuf[2][256], allow[128];
	const char *method = strcmp(req->method, "HEAD") ? req->method : "GET";
	int path_known = 0;

	allow[0] = 0;
	for (const iv_http_route *r = routes; r->method; r++) {
		const char *ids[2] = { NULL, NULL };

		if (!path_matches(r->pattern, req->path, ids, idbuf))
			continue;
		if (!strcmp(r->method, method)) {
			req->ids[0] = ids[0];
			req->ids[1] = ids[1];
			return r;
		}
		path_known = 1;
		if (strlen(allow) + strlen(r->method) + 8 < sizeof allow) {
			if (allow[0])
				strcat(allow, ", ");
			strcat(allow, r->method);
			if (!strcmp(r->method, "GET"))
				strcat(allow, ", HEAD");
		}
	}
	if (path_known) {
		iv_http_error(resp, 405, "%s is not allowed on %s (allowed: %s)", req->method, req->path, allow);
		resp->allow = allow;
	} else {
		iv_http_error(resp, 404, "no such path: %s", req->path);
	}
	return NULL;
}

/* ---- query parameters ---- */

const char *
iv_http_query(const iv_http_req *req, const char *name)
{
	for (int i = 0; i < req->nquery; i++)
		if (!strcmp(req->query[i].key, name))
			return req->query[i].val;
	return NULL;
}

int
iv_http_query_check(const iv_http_req *req, const char *const *allowed, iv_http_resp *resp)
{
	for (int i = 0; i < req->nquery; i++) {
		const char *k = req->query[i].key, *v = req->query[i].val ? req->query[i].val : "";
		int known = 0;

		if (!iv_utf8_valid(k, strlen(k)) || !iv_utf8_valid(v, strlen(v))) {
			iv_http_error(resp, 400, "query parameters must be UTF-8");
			return -1;
		}
		for (int j = 0; allowed && allowed[j]; j++)
			known |= !strcmp(k, allowed[j]);
		if (!known) {
			iv_http_error(resp, 400, "unknown query parameter '%s'", k);
			return -1;
		}
		for (int j = 0; j < i; j++)
			if (!strcmp(req->query[j].key, k)) {
				iv_http_error(resp, 400, "query parameter '%s' is given twice", k);
				return -1;
			}
	}
	return 0;
}

int
iv_http_query_long(const iv_http_req *req, const char *name, long min, long max, long dflt,
		   long *out, iv_http_resp *resp)
{
	const char *v = iv_http_query(req, name);
	char *end;
	long n;

	if (!v) {
		*out = dflt;
		return 0;
	}
	errno = 0;
	n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < min || n > max) {
		iv_http_error(resp, 400, "query parameter '%s' takes a whole number from %ld to %ld, not '%s'",
			      name, min, max, v);
		return -1;
	}
	*out = n;
	return 0;
}

int
iv_http_query_num(const iv_http_req *req, const char *name, double min, double max,
		  int *given, double *out, iv_http_resp *resp)
{
	const char *v = iv_http_query(req, name);
	char *end;
	double d;

	*given = 0;
	if (!v)
		return 0;
	d = strtod(v, &end);
	if (!*v || *end || !(d >= min && d <= max)) {
		iv_http_error(resp, 400, "query parameter '%s' takes a number from %g to %g, not '%s'",
			      name, min, max, v);
		return -1;
	}
	*given = 1;
	*out = d;
	return 0;
}

int
iv_http_query_choice(const iv_http_req *req, const char *name, const char *const *choices,
		     const char **out, iv_http_resp *resp)
{
	const char *v = iv_http_query(req, name);
	iv_buf b = IV_BUF_INIT;

	*out = NULL;
	if (!v)
		return 0;
	for (int i = 0; choices[i]; i++)
		if (!strcmp(v, choices[i])) {
			*out = choices[i];
			return 0;
		}
	for (int i = 0; choices[i]; i++)
		iv_buf_printf(&b, "%s%s", i ? ", " : "", choices[i]);
	iv_http_error(resp, 400, "query parameter '%s' takes one of %s, not '%s'", name, b.s, v);
	iv_buf_free(&b);
	return -1;
}

int
iv_http_id(const char *seg, const char *what, long long *out, iv_http_resp *resp)
{
	char *end;
	long long id;

	errno = 0;
	id = seg && *seg >= '0' && *seg <= '9' ? strtoll(seg, &end, 10) : 0;
	if (!id || *end || errno || id < 1) {
		iv_http_error(resp, 404, "no %s '%s' (an id is a whole number from 1)", what, seg ? seg : "");
		return -1;
	}
	*out = id;
	return 0;
}

/* ---- bodies ---- */

int
iv_http_body_object(const iv_http_req *req, const iv_field *fields, jv *out, iv_http_resp *resp)
{
	const char *ct = req->content_type;
	size_t n;
	char *err;
	jv v;

	n = ct ? strcspn(ct, ";") : 0;
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	if (!ct || n != strlen("application/json") || strncasecmp(ct, "application/json", n)) {
		iv_http_error(resp, 415, "the body must be JSON (Content-Type: application/json), not '%s'",
			      ct ? ct : "none");
		return -1;
	}
	if (!req->body || !req->body_len) {
		iv_http_error(resp, 400, "the body is empty; it must be a JSON object");
		return -1;
	}
	if (!iv_utf8_valid(req->body, req->body_len)) {
		iv_http_error(resp, 400, "the body is not UTF-8 (invalid byte at offset %zu)",
			      iv_utf8_invalid_at(req->body, req->body_len));
		return -1;
	}
	v = iv_json_parse(req->body, req->body_len);
	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);

		iv_http_error(resp, 400, "the body is not JSON: %s",
			      jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "invalid");
		jv_free(m);
		return -1;
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		iv_http_error(resp, 422, "the body must be a JSON object, not %s",
			      iv_json_kind_name(jv_get_kind(v)));
		jv_free(v);
		return -1;
	}
	if (fields && (err = iv_json_check(v, fields, 0))) {
		iv_http_error(resp, 422, "%s", err);
		free(err);
		jv_free(v);
		return -1;
	}
	*out = v;
	return 0;
}

/* ---- pages ---- */

void
iv_http_urlencode(iv_buf *b, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			iv_buf_putc(b, *p);
		else
			iv_buf_printf(b, "%%%02X", *p);
	}
}

jv
iv_http_page(const iv_http_req *req, jv items, long long total, long limit, long offset)
{
	int n = jv_array_length(jv_copy(items));
	jv next = jv_null();

	if (n > 0 && offset + n < total) {
		iv_buf b = IV_BUF_INIT;
		char sep = '?';

		iv_buf_puts(&b, req->path);
		for (int i = 0; i < req->nquery; i++) {
			if (!strcmp(req->query[i].key, "offset"))
				continue;
			iv_buf_putc(&b, sep);
			sep = '&';
			iv_http_urlencode(&b, req->query[i].key);
			iv_buf_putc(&b, '=');
			iv_http_urlencode(&b, req->query[i].val ? req->query[i].val : "");
		}
		iv_buf_printf(&b, "%coffset=%ld", sep, offset + n);
		next = jv_string(b.s);
		iv_buf_free(&b);
	}
	return JV_OBJECT(jv_string("items"), items, jv_string("total"), jv_number((double)total),
			 jv_string("limit"), jv_number((double)limit),
			 jv_string("offset"), jv_number((double)offset), jv_string("next"), next);
}

/* ---- the token ---- */

int
iv_http_bearer_ok(const char *authorization, const char *token)
{
	char got[65], want[65];
	unsigned diff = 0;
	const char *t;

	if (!authorization || strncasecmp(authorization, "Bearer ", 7))
		return 0;
	for (t = authorization + 7; *t == ' '; t++)
		;
	/* Comparing digests takes the same time whatever the lengths and
	 * wherever the first difference is. */
	iv_sha256_hex(t, strlen(t), got);
	iv_sha256_hex(token, strlen(token), want);
	for (int i = 0; i < 64; i++)
		diff |= (unsigned)(got[i] ^ want[i]);
	return diff == 0;
}

/* ---- a cache of replies ---- */

struct iv_http_cache {
	int slots, next;
	struct cached { char *key; int status; const char *type; iv_buf body; } *e;
};

iv_http_cache *
iv_http_cache_new(int slots)
{
	iv_http_cache *c = iv_xcalloc(1, sizeof *c);

	c->slots = slots;
	c->e = iv_xcalloc((size_t)slots, sizeof *c->e);
	return c;
}

void
iv_http_cache_clear(iv_http_cache *c)
{
	for (int i = 0; i < c->slots; i++) {
		free(c->e[i].key);
		c->e[i].key = NULL;
		iv_buf_free(&c->e[i].body);
	}
	c->next = 0;
}

void
iv_http_cache_free(iv_http_cache *c)
{
	if (!c)
		return;
	iv_http_cache_clear(c);
	free(c->e);
	free(c);
}

/* The request as a key: path, then every parameter in order. */
static char *
cache_key(const iv_http_req *req)
{
	iv_buf b = IV_BUF_INIT;

	iv_buf_puts(&b, req->path);
	for (int i = 0; i < req->nquery; i++) {
		iv_buf_putc(&b, i ? '&' : '?');
		iv_http_urlencode(&b, req->query[i].key);
		iv_buf_putc(&b, '=');
		iv_http_urlencode(&b, req->query[i].val ? req->query[i].val : "");
	}
	return iv_buf_take(&b);
}

int
iv_http_cache_get(iv_http_cache *c, const iv_http_req *req, iv_http_resp *resp)
{
	char *key = cache_key(req);
	int hit = 0;

	for (int i = 0; i < c->slots && !hit; i++)
		if (c->e[i].key && !strcmp(c->e[i].key, key)) {
			iv_http_text(resp, c->e[i].status, c->e[i].type, c->e[i].body.s, c->e[i].body.len);
			hit = 1;
		}
	free(key);
	return hit;
}

void
iv_http_cache_put(iv_http_cache *c, const iv_http_req *req, const iv_http_resp *resp)
{
	struct cached *e = &c->e[c->next];

	c->next = (c->next + 1) % c->slots;
	free(e->key);
	e->key = cache_key(req);
	e->status = resp->status;
	e->type = resp->content_type;
	iv_buf_reset(&e->body);
	iv_buf_add(&e->body, resp->body.s ? resp->body.s : "", resp->body.len);
}
