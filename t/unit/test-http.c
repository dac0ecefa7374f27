/* lib/http.c without a network: routes, query parameters, bodies, pages,
 * the token check; and iv_json_append against jv_dump_string. */
#include <stdlib.h>

#include "http.h"
#include "jsonl.h"
#include "unit.h"

static void dummy(iv_http_req *req, iv_http_resp *resp) { (void)req; (void)resp; }

static const iv_http_route routes[] = {
	{ "GET", "/sessions", dummy },
	{ "POST", "/sessions", dummy },
	{ "GET", "/sessions/{id}", dummy },
	{ "PUT", "/sessions/{id}", dummy },
	{ "GET", "/sessions/{id}/report", dummy },
	{ 0 },
};

static int
route_status(const char *method, const char *path, const char **id)
{
	iv_http_req req = { .method = method, .path = path };
	iv_http_resp resp = { 0 };
	const iv_http_route *r = iv_http_route_find(routes, &req, &resp);
	int st = r ? 200 : resp.status;

	if (id)
		*id = req.ids[0];
	iv_http_resp_free(&resp);
	return st;
}

static void
test_routes(void)
{
	const char *id = NULL;
	iv_http_req req = { .method = "DELETE", .path = "/sessions/3" };
	iv_http_resp resp = { 0 };

	CHECK(route_status("GET", "/sessions", NULL) == 200);
	CHECK(route_status("HEAD", "/sessions", NULL) == 200);
	CHECK(route_status("GET", "/sessions/12", &id) == 200);
	CHECK_STR(id, "12");
	CHECK(route_status("GET", "/sessions/12/report", &id) == 200);
	CHECK(route_status("GET", "/sessions/", NULL) == 404);
	CHECK(route_status("GET", "/sessions/../1", NULL) == 404);
	CHECK(route_status("GET", "/sessionsx", NULL) == 404);
	CHECK(route_status("GET", "/", NULL) == 404);
	CHECK(route_status("PATCH", "/sessions/1", NULL) == 405);
	CHECK(!iv_http_route_find(routes, &req, &resp));
	CHECK(resp.status == 405);
	CHECK_STR(resp.allow, "GET, HEAD, PUT");
	CHECK(strstr(resp.body.s, "\"error\":\"method_not_allowed\"") != NULL);
	iv_http_resp_free(&resp);
}

static void
test_query(void)
{
	iv_http_param q[] = { { "limit", "20" }, { "min_score", "7.5" }, { "sort", "-score" }, { "q", "检索 RAG" } };
	iv_http_param dup[] = { { "limit", "1" }, { "limit", "2" } };
	iv_http_param bad[] = { { "limit", "\xff" } };
	static const char *const allowed[] = { "limit", "min_score", "sort", "q", "offset", NULL };
	iv_http_req req = { .method = "GET", .path = "/records", .query = q, .nquery = 4 };
	iv_http_resp resp = { 0 };
	long n;
	double d;
	int given;
	jv page;
	char *s;

	CHECK(iv_http_query_check(&req, allowed, &resp) == 0);
	CHECK(iv_http_query_long(&req, "limit", 1, 500, 50, &n, &resp) == 0 && n == 20);
	CHECK(iv_http_query_long(&req, "offset", 0, 100, 0, &n, &resp) == 0 && n == 0);
	CHECK(iv_http_query_num(&req, "min_score", 0, 10, &given, &d, &resp) == 0 && given && d == 7.5);
	CHECK(iv_http_query_long(&req, "limit", 1, 10, 5, &n, &resp) == -1 && resp.status == 400);
	req.nquery = 2;
	CHECK(iv_http_query_check(&req, (const char *const[]){ "limit", NULL }, &resp) == -1);
	CHECK(strstr(resp.body.s, "unknown query parameter 'min_score'") != NULL);
	req.query = dup;
	CHECK(iv_http_query_check(&req, allowed, &resp) == -1);
	CHECK(strstr(resp.body.s, "given twice") != NULL);
	req.query = bad;
	req.nquery = 1;
	CHECK(iv_http_query_check(&req, allowed, &resp) == -1 && resp.status == 400);

	/* The next link keeps the query, moves the offset, encodes UTF-8. */
	req.query = q;
	req.nquery = 4;
	page = iv_http_page(&req, JV_ARRAY(jv_number(1), jv_number(2)), 10, 2, 0);
	s = iv_jstrdup(page, "next");
	CHECK_STR(s, "/records?limit=20&min_score=7.5&sort=-score&q=%E6%A3%80%E7%B4%A2%20RAG&offset=2");
	free(s);
	jv_free(page);
	page = iv_http_page(&req, JV_ARRAY(jv_number(1), jv_number(2)), 4, 2, 2);
	CHECK(jv_get_kind(jv_object_get(page, jv_string("next"))) == JV_KIND_NULL);
	iv_http_resp_free(&resp);
}

static int
body_status(const char *type, const char *body)
{
	iv_http_req req = { .method = "POST", .path = "/x", .content_type = type, .body = body,
			    .body_len = body ? strlen(body) : 0 };
	static const iv_field fields[] = { { "n", IV_J_INTEGER, 1 }, { 0 } };
	iv_http_resp resp = { 0 };
	jv v = jv_invalid();
	int st = iv_http_body_object(&req, fields, &v, &resp) == 0 ? 200 : resp.status;

	jv_free(v);
	iv_http_resp_free(&resp);
	return st;
}

static void
test_bodies(void)
{
	CHECK(body_status("application/json", "{\"n\":1}") == 200);
	CHECK(body_status("application/json; charset=utf-8", "{\"n\":1}") == 200);
	CHECK(body_status("text/plain", "{\"n\":1}") == 415);
	CHECK(body_status(NULL, "{\"n\":1}") == 415);
	CHECK(body_status("application/json", "") == 400);
	CHECK(body_status("application/json", "{\"n\":") == 400);
	CHECK(body_status("application/json", "{\"n\":1}{}") == 400);
	CHECK(body_status("application/json", "{\"n\":\"\xff\"}") == 400);
	CHECK(body_status("application/json", "[1]") == 422);
	CHECK(body_status("application/json", "{\"n\":\"1\"}") == 422);
	CHECK(body_status("application/json", "{\"n\":1,\"x\":2}") == 422);
	CHECK(body_status("application/json", "{}") == 422);
}

static void
test_ids(void)
{
	iv_http_resp resp = { 0 };
	long long id;

	CHECK(iv_http_id("42", "session", &id, &resp) == 0 && id == 42);
	CHECK(iv_http_id("0", "session", &id, &resp) == -1 && resp.status == 404);
	CHECK(iv_http_id("1;drop table", "session", &id, &resp) == -1);
	CHECK(iv_http_id("-1", "session", &id, &resp) == -1);
	CHECK(iv_http_id("99999999999999999999", "session", &id, &resp) == -1);
	iv_http_resp_free(&resp);
}

static void
test_token(void)
{
	const char *tok = "s3cret-token-0123456789";

	CHECK(iv_http_bearer_ok("Bearer s3cret-token-0123456789", tok));
	CHECK(iv_http_bearer_ok("bearer s3cret-token-0123456789", tok));
	CHECK(!iv_http_bearer_ok("Bearer s3cret-token-012345678", tok));
	CHECK(!iv_http_bearer_ok("Bearer s3cret-token-01234567890", tok));
	CHECK(!iv_http_bearer_ok("Basic s3cret-token-0123456789", tok));
	CHECK(!iv_http_bearer_ok(NULL, tok));
	CHECK(!iv_http_bearer_ok("Bearer ", tok));
}

/* iv_json_append writes what jv_dump_string writes. */
static void
test_json(void)
{
	static const char *const docs[] = {
		"null", "true", "false", "0", "-1", "7.5", "0.1", "1e-07", "123456789012", "1.5e+300",
		"3.141592653589793", "\"\"", "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f/é检索\"",
		"[]", "{}", "[1,[2,{\"a\":null}],\"x\"]",
		"{\"id\":1,\"question\":\"什么是RAG？\",\"score\":7.25,\"metadata\":{\"k\":[true,false]}}",
	};

	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
		jv v = jv_parse(docs[i]), want = jv_dump_string(jv_copy(v), 0);
		iv_buf b = IV_BUF_INIT;

		iv_json_append(&b, v);
		CHECK_STR(b.s, jv_string_value(want));
		iv_buf_free(&b);
		jv_free(want);
		jv_free(v);
	}
}

int
main(void)
{
	test_routes();
	test_query();
	test_bodies();
	test_ids();
	test_token();
	test_json();
	return unit_done();
}
