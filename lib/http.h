/* http.h — HTTP for iv-serve, apart from the network (that is httpd.h):
 * requests and replies as plain data, routes with {id} segments, JSON
 * bodies checked the way the programs check their input, errors as
 * {"error", "detail"}, query parameters, pages with their next link, and
 * the bearer token check.
 *
 * Nothing here keeps state between requests; every function may be called
 * from several threads at once.
 */
#ifndef IV_HTTP_H
#define IV_HTTP_H

#include <stddef.h>
#include <jv.h>

#include "buf.h"
#include "jsonl.h"

typedef struct {
	char *key, *val;	/* decoded */
} iv_http_param;

typedef struct {
	const char *method;	/* "GET", "POST", ...; HEAD is routed as GET */
	const char *path;	/* decoded, without the query */
	iv_http_param *query;	/* in the order given */
	int nquery;
	const char *content_type;	/* the header, or NULL */
	const char *body;	/* NULL when there is none */
	size_t body_len;
	const char *ids[2];	/* the route's {id} segments, as given */
	void *ctx;		/* the program's, for its handlers */
} iv_http_req;

typedef struct {
	int status;
	const char *content_type;	/* static */
	iv_buf body;
	char *location;		/* a Location header (malloc'd), or NULL */
	const char *allow;	/* an Allow header (static), or NULL */
} iv_http_resp;

typedef void (*iv_http_handler)(iv_http_req *req, iv_http_resp *resp);

/* pattern: "/sessions/{id}/report"; every {..} takes one path segment. */
typedef struct {
	const char *method, *pattern;
	iv_http_handler fn;
} iv_http_route;

/* The route for req in routes (ended by a zeroed one), with req->ids set;
 * NULL after setting resp to 404 (no such path) or 405 (the path exists,
 * with the Allow header naming its methods). */
const iv_http_route *iv_http_route_find(const iv_http_route *routes, iv_http_req *req,
					iv_http_resp *resp);

/* "Not Found", ...; and the error codes of the JSON errors ("not_found"). */
const char *iv_http_reason(int status);
const char *iv_http_error_code(int status);

/* resp becomes {"error": iv_http_error_code(status), "detail": ...}. */
void iv_http_error(iv_http_resp *resp, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* resp becomes v (consumed) as JSON, with status. */
void iv_http_json(iv_http_resp *resp, int status, jv v);
/* resp becomes text (borrowed) with a content type. */
void iv_http_text(iv_http_resp *resp, int status, const char *type, const char *s, size_t n);
void iv_http_resp_free(iv_http_resp *resp);

/* Query parameters. The check refuses (400) a name not in allowed (ended
 * by NULL), a name given twice and a value that is not UTF-8. The getters
 * return 0 with the value (or dflt when absent), or -1 after a 400 that
 * names the parameter and what it takes. */
int iv_http_query_check(const iv_http_req *req, const char *const *allowed, iv_http_resp *resp);
const char *iv_http_query(const iv_http_req *req, const char *name);
int iv_http_query_long(const iv_http_req *req, const char *name, long min, long max, long dflt,
		       long *out, iv_http_resp *resp);
int iv_http_query_num(const iv_http_req *req, const char *name, double min, double max,
		      int *given, double *out, iv_http_resp *resp);
int iv_http_query_choice(const iv_http_req *req, const char *name, const char *const *choices,
			 const char **out, iv_http_resp *resp);

/* A positive id from a path segment: 0, or -1 after a 404 naming what. */
int iv_http_id(const char *seg, const char *what, long long *out, iv_http_resp *resp);

/* The body as a JSON object checked against fields (jsonl.h; unknown
 * fields refused): 0 with *out (the caller owns it), or -1 after setting
 * resp: 415 when it is not application/json, 400 when it is not UTF-8 or
 * not JSON, 422 when it is not an object or a field is unknown, missing or
 * of the wrong kind. */
int iv_http_body_object(const iv_http_req *req, const iv_field *fields, jv *out,
			iv_http_resp *resp);

/* A page of a list: {"items": items (consumed), "total", "limit", "offset",
 * "next": the request's path and query with offset moved past this page, or
 * null on the last page}. */
jv iv_http_page(const iv_http_req *req, jv items, long long total, long limit, long offset);

/* A few replies kept by one thread, by request (path and query): for
 * lists asked again and again while the data they come from stays the
 * same. The owner clears it when that data changes. */
typedef struct iv_http_cache iv_http_cache;
iv_http_cache *iv_http_cache_new(int slots);
void iv_http_cache_free(iv_http_cache *c);
void iv_http_cache_clear(iv_http_cache *c);
/* 1 with resp set to a copy of the reply kept for req, else 0. */
int iv_http_cache_get(iv_http_cache *c, const iv_http_req *req, iv_http_resp *resp);
/* Keep a copy of resp (status, type and body) for req, replacing the oldest. */
void iv_http_cache_put(iv_http_cache *c, const iv_http_req *req, const iv_http_resp *resp);

/* Append s percent-encoded for a query component. */
void iv_http_urlencode(iv_buf *b, const char *s);

/* Whether an Authorization header (or NULL) is "Bearer TOKEN" with token;
 * the comparison takes the same time wherever the two differ. */
int iv_http_bearer_ok(const char *authorization, const char *token);

#endif
