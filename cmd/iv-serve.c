/* iv-serve — the interview records service over HTTP: sessions, records,
 * reports, skills, the plan and progress as JSON, with its OpenAPI document,
 * /docs and /health. Every answer comes from the same lib/ functions as
 * iv-store and iv-report; this file maps HTTP onto them. */
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "http.h"
#include "httpd.h"
#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "plan.h"
#include "records.h"
#include "report.h"
#include "session.h"
#include "store.h"

static const char help[] =
"Usage: iv-serve [--listen ADDR:PORT] [--token-file FILE] [--read-only] [OPTIONS]\n"
"Serve the iv store over HTTP as JSON: sessions, records, reports, skills,\n"
"the learning plan and progress, with /openapi.json, /docs and /health.\n"
"\n"
"Options:\n"
"      --listen ADDR:PORT  where to listen (default 127.0.0.1:8006); port 0\n"
"                       takes a free port. An address other than loopback\n"
"                       needs --token-file\n"
"      --port-file FILE write the address listened on to FILE once ready\n"
"      --token-file FILE  every request needs 'Authorization: Bearer TOKEN',\n"
"                       TOKEN being the first line of FILE\n"
"      --read-only      refuse every change (POST and PUT get 405)\n"
"      --threads N      worker threads, each with its own store connection\n"
"                       (default 4)\n"
"      --timeout SECS   close a connection idle this long (default 30)\n"
"      --max-body BYTES the largest request body (default 1048576)\n"
"  -q, --quiet          no access log (one line per request on stderr)\n"
"      --db PATH        the store\n"
"      --user NAME      serve this user's interviews\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"It runs until SIGINT or SIGTERM, then finishes the requests under way.\n"
"\n"
"Exit status: 0 stopped by a signal, 1 a failed step (the store, the port),\n"
"2 bad usage.\n";

enum { O_LISTEN = 1, O_PORT_FILE, O_TOKEN_FILE, O_READ_ONLY, O_THREADS, O_TIMEOUT, O_MAX_BODY };

static const struct option longopts[] = {
	{ "listen", required_argument, 0, O_LISTEN },
	{ "port-file", required_argument, 0, O_PORT_FILE },
	{ "token-file", required_argument, 0, O_TOKEN_FILE },
	{ "read-only", no_argument, 0, O_READ_ONLY },
	{ "threads", required_argument, 0, O_THREADS },
	{ "timeout", required_argument, 0, O_TIMEOUT },
	{ "max-body", required_argument, 0, O_MAX_BODY },
	{ "quiet", no_argument, 0, 'q' },
	IV_COMMON_OPTIONS,
	{ 0 }
};

#define PAGE_DEFAULT 50
#define PAGE_MAX 500

/* Set in main before the workers start; read-only afterwards. */
static const char *db_path;
static int read_only;
static long default_rounds;	/* the config's interview.rounds: the config's jv tree
				 * is not for several threads at once */
static iv_buf openapi_doc, docs_page;

/* ---- one store connection per worker thread ---- */

typedef struct {
	sqlite3 *db;
	sqlite3_stmt *version;	/* PRAGMA data_version, asked on every list */
	dev_t dev;
	ino_t ino;
	/* The totals of lists, valid while the store's data_version stays and
	 * this thread writes nothing: paging through a list counts it once. */
	struct { char *key; long long total; } totals[16];
	int ntotals, next_total;
	/* Pages of lists already written, under the same condition. */
	iv_http_cache *pages;
	long long data_version;
} worker;

static pthread_key_t worker_key;
/* The report views read share/ data into caches of their own on first use,
 * and the config (one jv tree, whose references are not counted atomically). */
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

static void
totals_clear(worker *w)
{
	for (int i = 0; i < w->ntotals; i++)
		free(w->totals[i].key);
	w->ntotals = w->next_total = 0;
	iv_http_cache_clear(w->pages);
}

static void
worker_close(worker *w)
{
	sqlite3_finalize(w->version);
	w->version = NULL;
	iv_db_close(w->db);
	w->db = NULL;
}

static void
worker_free(void *p)
{
	worker *w = p;

	totals_clear(w);
	iv_http_cache_free(w->pages);
	worker_close(w);
	free(w);
}

/* This thread's connection to the store, opened again when the file at
 * db_path is another one (replaced, or deleted and made again); NULL after a
 * 503 when the store can't be opened. */
static sqlite3 *
store(iv_http_resp *resp)
{
	worker *w = pthread_getspecific(worker_key);
	struct stat st;
	char *err = NULL;

	if (!w) {
		w = iv_xcalloc(1, sizeof *w);
		w->pages = iv_http_cache_new(16);
		pthread_setspecific(worker_key, w);
	}
	if (stat(db_path, &st) < 0) {
		iv_http_error(resp, 503, "the store can't be opened: %s", strerror(errno));
		return NULL;
	}
	if (w->db && (st.st_dev != w->dev || st.st_ino != w->ino)) {
		totals_clear(w);
		worker_close(w);
	}
	if (!w->db) {
		w->db = iv_db_try_open_path(db_path, read_only ? IV_DB_READ : IV_DB_WRITE, &err);
		if (!w->db) {
			iv_http_error(resp, 503, "the store can't be opened: %s", err);
			free(err);
			return NULL;
		}
		w->dev = st.st_dev;
		w->ino = st.st_ino;
	}
	return w->db;
}

/* The user served, 0 while the user has no rows (reads find nothing). */
static long long
user_id(sqlite3 *db, int create)
{
	return iv_db_user_id(db, create && !read_only);
}

/* The store's data_version on this thread's connection, -1 on error. The
 * statement is prepared once per connection: it runs on every list. */
static long long
data_version(sqlite3 *db)
{
	worker *w = pthread_getspecific(worker_key);
	long long v = -1;

	if (!w->version &&
	    sqlite3_prepare_v3(db, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &w->version, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(w->version) == SQLITE_ROW)
		v = sqlite3_column_int64(w->version, 0);
	sqlite3_reset(w->version);
	return v;
}

/* Forget the totals and pages remembered when another connection has
 * written since. */
static worker *
fresh_worker(sqlite3 *db)
{
	worker *w = pthread_getspecific(worker_key);
	long long v = data_version(db);

	if (v != w->data_version) {
		totals_clear(w);
		w->data_version = v;
	}
	return w;
}

/* The total for key (the list and its filters) from count(), remembered. */
static long long
total_of(sqlite3 *db, const char *key, long long (*count)(sqlite3 *, long long, const iv_filter *),
	 long long uid, const iv_filter *f)
{
	worker *w = fresh_worker(db);
	long long n;
	int i;

	for (i = 0; i < w->ntotals; i++)
		if (!strcmp(w->totals[i].key, key))
			return w->totals[i].total;
	n = count(db, uid, f);
	if (n < 0)
		return n;
	if (w->ntotals < 16) {
		i = w->ntotals++;
	} else {
		i = w->next_total++ % 16;
		free(w->totals[i].key);
	}
	w->totals[i].key = iv_xstrdup(key);
	w->totals[i].total = n;
	return n;
}

/* After a write by this thread: its own commits do not move data_version. */
static void
wrote(void)
{
	worker *w = pthread_getspecific(worker_key);

	if (w)
		totals_clear(w);
}

/* ---- errors from lib/ ---- */

/* The status for a step lib/ refused, from its message: a missing row
 * (missing: 404 for the path's own resource, 422 for one the body names),
 * a lifecycle conflict, a busy or broken store, else invalid content. */
static int
status_of(const char *msg, int missing)
{
	if (!strncmp(msg, "no ", 3))
		return missing;
	if (strstr(msg, "can't become") || strstr(msg, "only an ongoing session") ||
	    strstr(msg, "already has an answer") || strstr(msg, " was cancelled") ||
	    strstr(msg, "no completed interview"))
		return 409;
	if (strstr(msg, "locked") || strstr(msg, "busy"))
		return 503;
	if (!strncmp(msg, "can't ", 6) || strstr(msg, "was not stored"))
		return 500;
	return 422;
}

/* resp becomes the error v (consumed) says. */
static void
failed(iv_http_resp *resp, jv v, int missing)
{
	jv m = jv_invalid_get_msg(v);
	const char *msg = jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "failed";
	int status = status_of(msg, missing);

	if (status >= 500)
		iv_warn("%s", msg);
	iv_http_error(resp, status, "%s", msg);
	jv_free(m);
}

/* resp becomes the row (consumed), a 404 for null, or the error. */
static void
row_reply(iv_http_resp *resp, jv row, int status, const char *what, long long id)
{
	if (!jv_is_valid(row))
		failed(resp, row, 404);
	else if (jv_get_kind(row) == JV_KIND_NULL)
		iv_http_error(resp, 404, "no %s %lld", what, id);
	else
		iv_http_json(resp, status, row);
}

static int
writable(iv_http_resp *resp)
{
	if (!read_only)
		return 1;
	iv_http_error(resp, 405, "the server is read-only (--read-only)");
	resp->allow = "GET, HEAD";
	return 0;
}

/* ---- /health, /openapi.json, /docs ---- */

static void
get_health(iv_http_req *req, iv_http_resp *resp)
{
	iv_filter all = IV_FILTER_INIT;
	char *err = NULL;
	sqlite3 *fresh, *db;
	long long uid, sessions = 0, records = 0;
	jv v;

	if (iv_http_query_check(req, NULL, resp) < 0)
		return;
	/* A connection of its own: is the store there now, for anyone? */
	fresh = iv_db_try_open_path(db_path, IV_DB_READ, &err);
	if (!fresh) {
		iv_http_error(resp, 503, "the store can't be opened: %s", err);
		free(err);
		return;
	}
	v = iv_db_row(fresh, "PRAGMA user_version", jv_null());
	iv_db_close(fresh);
	if (!(db = store(resp))) {
		jv_free(v);
		return;
	}
	if ((uid = user_id(db, 0))) {
		sessions = total_of(db, "sessions", iv_sessions_count, uid, &all);
		records = total_of(db, "records", iv_records_count, uid, &all);
	}
	iv_http_json(resp, 200, JV_OBJECT(
		jv_string("status"), jv_string("ok"),
		jv_string("version"), jv_string(IV_VERSION),
		jv_string("schema_version"), jv_number(iv_jnum(v, "user_version", 0)),
		jv_string("read_only"), jv_bool(read_only),
		jv_string("user"), jv_string(iv_user_name()),
		jv_string("counts"), JV_OBJECT(jv_string("sessions"), jv_number((double)sessions),
					       jv_string("records"), jv_number((double)records))));
	jv_free(v);
}

static void
get_openapi(iv_http_req *req, iv_http_resp *resp)
{
	if (iv_http_query_check(req, NULL, resp) == 0)
		iv_http_text(resp, 200, "application/json", openapi_doc.s, openapi_doc.len);
}

static void
get_docs(iv_http_req *req, iv_http_resp *resp)
{
	if (iv_http_query_check(req, NULL, resp) == 0)
		iv_http_text(resp, 200, "text/html; charset=utf-8", docs_page.s, docs_page.len);
}

/* ---- lists ---- */

static const char *const session_types[] = { "mock", "real", NULL };
static const char *const session_statuses[] = { "ongoing", "paused", "completed", "cancelled", NULL };

/* The filters and page every list takes; with records, theirs too.
 * Returns 0, or -1 after a 400. */
static int
list_filter(iv_http_req *req, iv_http_resp *resp, int records, iv_filter *f)
{
	static const char *const session_params[] = {
		"status", "type", "resume_id", "jd_id", "since", "until", "min_score", "max_score",
		"sort", "limit", "offset", NULL,
	};
	static const char *const record_params[] = {
		"session_id", "status", "type", "since", "until", "min_score", "max_score", "q",
		"skill", "sort", "limit", "offset", NULL,
	};
	const char *since = iv_http_query(req, "since"), *until = iv_http_query(req, "until");
	const char *sort = iv_http_query(req, "sort");
	long n;

	if (iv_http_query_check(req, records ? record_params : session_params, resp) < 0 ||
	    iv_http_query_choice(req, "status", session_statuses, &f->status, resp) < 0 ||
	    iv_http_query_choice(req, "type", session_types, &f->type, resp) < 0 ||
	    iv_http_query_num(req, "min_score", 0, 10, &f->has_min_score, &f->min_score, resp) < 0 ||
	    iv_http_query_num(req, "max_score", 0, 10, &f->has_max_score, &f->max_score, resp) < 0 ||
	    iv_http_query_long(req, "limit", 1, PAGE_MAX, PAGE_DEFAULT, &f->limit, resp) < 0 ||
	    iv_http_query_long(req, "offset", 0, LONG_MAX, 0, &f->offset, resp) < 0)
		return -1;
	if (since && iv_filter_since(f, since) < 0) {
		iv_http_error(resp, 400, "query parameter 'since' takes a date (YYYY-MM-DD[THH:MM[:SS]Z]), not '%s'", since);
		return -1;
	}
	if (until && iv_filter_until(f, until) < 0) {
		iv_http_error(resp, 400, "query parameter 'until' takes a date (YYYY-MM-DD[THH:MM[:SS]Z]), not '%s'", until);
		return -1;
	}
	if (sort && iv_filter_sort(f, records ? IV_SORT_RECORDS : IV_SORT_SESSIONS, sort) < 0) {
		const char *const *keys = records ? iv_record_sort_keys : iv_session_sort_keys;
		iv_buf b = IV_BUF_INIT;

		for (int i = 0; keys[i]; i++)
			iv_buf_printf(&b, "%s%s", i ? ", " : "", keys[i]);
		iv_http_error(resp, 400, "query parameter 'sort' takes one of %s (with '-' before it: "
			      "descending), not '%s'", b.s, sort);
		iv_buf_free(&b);
		return -1;
	}
	if (records) {
		f->text = iv_http_query(req, "q");
		f->skill = iv_http_query(req, "skill");
		if (iv_http_query_long(req, "session_id", 1, LONG_MAX, 0, &n, resp) < 0)
			return -1;
		f->session_id = n;
	} else {
		if (iv_http_query_long(req, "resume_id", 1, LONG_MAX, 0, &n, resp) < 0)
			return -1;
		f->resume_id = n;
		if (iv_http_query_long(req, "jd_id", 1, LONG_MAX, 0, &n, resp) < 0)
			return -1;
		f->jd_id = n;
	}
	if (f->has_min_score && f->has_max_score && f->min_score > f->max_score) {
		iv_http_error(resp, 400, "min_score %g is above max_score %g", f->min_score, f->max_score);
		return -1;
	}
	return 0;
}

/* The key of a list's total: its name and query, but the page and order. */
static char *
total_key(const iv_http_req *req, const char *list)
{
	iv_buf b = IV_BUF_INIT;

	iv_buf_puts(&b, list);
	for (int i = 0; i < req->nquery; i++) {
		const char *k = req->query[i].key;

		if (strcmp(k, "limit") && strcmp(k, "offset") && strcmp(k, "sort")) {
			iv_buf_printf(&b, "&%s=", k);
			iv_http_urlencode(&b, req->query[i].val ? req->query[i].val : "");
		}
	}
	return iv_buf_take(&b);
}

static void
list_reply(iv_http_req *req, iv_http_resp *resp, int records)
{
	iv_filter f = IV_FILTER_INIT;
	sqlite3 *db;
	long long uid, total, version;
	worker *w;
	char *key;
	jv rows;

	if (list_filter(req, resp, records, &f) < 0 || !(db = store(resp)))
		return;
	w = fresh_worker(db);
	version = w->data_version;
	if (iv_http_cache_get(w->pages, req, resp))
		return;
	uid = user_id(db, 0);
	if (!uid) {
		if (f.session_id)
			iv_http_error(resp, 404, "no session %lld", f.session_id);
		else
			iv_http_json(resp, 200, iv_http_page(req, jv_array(), 0, f.limit, f.offset));
		return;
	}
	/* The page and its total from one snapshot of the store. */
	sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	rows = records ? iv_records_list(db, uid, &f) : iv_sessions_list(db, uid, &f);
	if (!jv_is_valid(rows)) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		failed(resp, rows, 404);
		return;
	}
	key = total_key(req, records ? "records" : "sessions");
	total = total_of(db, key, records ? iv_records_count : iv_sessions_count, uid, &f);
	free(key);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	if (total < 0) {
		jv_free(rows);
		iv_http_error(resp, 500, "can't count the rows: %s", iv_db_error(db));
		return;
	}
	iv_http_json(resp, 200, iv_http_page(req, rows, total, f.limit, f.offset));
	/* Kept only when nobody wrote while it was read: it is the page of
	 * the version the cache stands for. */
	if (data_version(db) == version)
		iv_http_cache_put(w->pages, req, resp);
}

static void
list_sessions(iv_http_req *req, iv_http_resp *resp)
{
	list_reply(req, resp, 0);
}

static void
list_records(iv_http_req *req, iv_http_resp *resp)
{
	list_reply(req, resp, 1);
}

/* ---- sessions ---- */

static void
create_session(iv_http_req *req, iv_http_resp *resp)
{
	sqlite3 *db;
	jv fields, row;

	if (!writable(resp) || iv_http_query_check(req, NULL, resp) < 0 ||
	    iv_http_body_object(req, NULL, &fields, resp) < 0)
		return;
	if (!(db = store(resp))) {
		jv_free(fields);
		return;
	}
	if (!jv_object_has(jv_copy(fields), jv_string("max_rounds")))
		fields = jv_object_set(fields, jv_string("max_rounds"),
				       jv_number((double)default_rounds));
	if (iv_db_begin(db) < 0) {
		jv_free(fields);
		iv_http_error(resp, 503, "can't start a transaction: %s", iv_db_error(db));
		return;
	}
	row = iv_session_create(db, user_id(db, 1), fields);
	if (!jv_is_valid(row)) {
		iv_db_rollback(db);
		failed(resp, row, 422);
		return;
	}
	if (iv_db_commit(db) < 0) {
		jv_free(row);
		iv_http_error(resp, 503, "can't commit: %s", iv_db_error(db));
		return;
	}
	wrote();
	resp->location = iv_xasprintf("/sessions/%lld", (long long)iv_jnum(row, "id", 0));
	iv_http_json(resp, 201, row);
}

static void
get_session(iv_http_req *req, iv_http_resp *resp)
{
	long long id;
	sqlite3 *db;

	if (iv_http_id(req->ids[0], "session", &id, resp) < 0 || iv_http_query_check(req, NULL, resp) < 0 ||
	    !(db = store(resp)))
		return;
	row_reply(resp, iv_session_get(db, user_id(db, 0), id), 200, "session", id);
}

static void
update_session(iv_http_req *req, iv_http_resp *resp)
{
	long long id, uid;
	sqlite3 *db;
	jv changes, row;

	if (!writable(resp) || iv_http_id(req->ids[0], "session", &id, resp) < 0 ||
	    iv_http_query_check(req, NULL, resp) < 0 ||
	    iv_http_body_object(req, NULL, &changes, resp) < 0)
		return;
	if (jv_object_length(jv_copy(changes)) == 0) {
		jv_free(changes);
		iv_http_error(resp, 422, "nothing to change: give status, metadata or summary");
		return;
	}
	if (!(db = store(resp))) {
		jv_free(changes);
		return;
	}
	uid = user_id(db, 0);
	row = iv_session_get(db, uid, id);
	if (jv_get_kind(row) != JV_KIND_OBJECT) {
		jv_free(changes);
		row_reply(resp, row, 200, "session", id);
		return;
	}
	/* A status the lifecycle forbids comes back as "session N is completed
	 * and can't become ongoing": a conflict (status_of). */
	jv_free(row);
	row = iv_session_update(db, uid, id, changes);
	if (jv_is_valid(row))
		wrote();
	row_reply(resp, row, 200, "session", id);
}

static void
get_report(iv_http_req *req, iv_http_resp *resp)
{
	static const char *const params[] = { "format", NULL };
	static const char *const formats[] = { "html", "md", "json", NULL };
	static const char *const types[] = {
		"text/html; charset=utf-8", "text/markdown; charset=utf-8", "application/json",
	};
	iv_chart_style st = { .unicode = 1, .color = 0 };
	const char *format = NULL;
	iv_buf out = IV_BUF_INIT;
	long long id;
	sqlite3 *db;
	int fmt;
	jv v;

	if (iv_http_id(req->ids[0], "session", &id, resp) < 0 || iv_http_query_check(req, params, resp) < 0 ||
	    iv_http_query_choice(req, "format", formats, &format, resp) < 0 || !(db = store(resp)))
		return;
	fmt = iv_report_format(format ? format : "html");
	pthread_mutex_lock(&report_lock);
	v = iv_report_data(db, user_id(db, 0), id);
	if (jv_is_valid(v))
		iv_report_write(&out, v, fmt, &st);
	pthread_mutex_unlock(&report_lock);
	if (!jv_is_valid(v)) {
		failed(resp, v, 404);
	} else {
		jv_free(v);
		iv_http_text(resp, 200, types[fmt == IV_FMT_HTML ? 0 : fmt == IV_FMT_MD ? 1 : 2], out.s, out.len);
	}
	iv_buf_free(&out);
}

/* ---- records ---- */

static void
create_record(iv_http_req *req, iv_http_resp *resp)
{
	sqlite3 *db;
	jv rec, row;

	if (!writable(resp) || iv_http_query_check(req, NULL, resp) < 0 ||
	    iv_http_body_object(req, NULL, &rec, resp) < 0)
		return;
	if (!(db = store(resp))) {
		jv_free(rec);
		return;
	}
	row = iv_record_add(db, user_id(db, 0), rec);
	if (!jv_is_valid(row)) {
		failed(resp, row, 422);
		return;
	}
	wrote();
	resp->location = iv_xasprintf("/records/%lld", (long long)iv_jnum(row, "id", 0));
	iv_http_json(resp, 201, row);
}

static void
get_record(iv_http_req *req, iv_http_resp *resp)
{
	long long id;
	sqlite3 *db;

	if (iv_http_id(req->ids[0], "record", &id, resp) < 0 || iv_http_query_check(req, NULL, resp) < 0 ||
	    !(db = store(resp)))
		return;
	row_reply(resp, iv_record_get(db, user_id(db, 0), id), 200, "record", id);
}

/* ---- what iv-report shows: skills, plan, progress ---- */

static void
report_view(iv_http_req *req, iv_http_resp *resp, const char *view)
{
	static const char *const params[] = { "lang", NULL };
	static const char *const langs[] = { "zh", "en", NULL };
	iv_chart_style st = { .unicode = 1, .color = 0 };
	iv_buf out = IV_BUF_INIT;
	const char *lang = NULL;
	long long uid;
	sqlite3 *db;
	jv v;

	if (iv_http_query_check(req, params, resp) < 0 ||
	    iv_http_query_choice(req, "lang", langs, &lang, resp) < 0 || !(db = store(resp)))
		return;
	uid = user_id(db, 0);
	pthread_mutex_lock(&report_lock);
	if (!lang)
		lang = iv_user_lang(db, uid);
	if (!strcmp(view, "plan"))
		v = iv_plan_current(db, uid);
	else if (!strcmp(view, "skills"))
		v = iv_skills_data(db, uid, lang);
	else
		v = iv_progress_data(db, uid, 0);
	if (jv_is_valid(v) && jv_get_kind(v) != JV_KIND_NULL) {
		if (!strcmp(view, "plan"))
			iv_plan_write(&out, v, IV_FMT_JSON, &st, lang);
		else if (!strcmp(view, "skills"))
			iv_skills_write(&out, v, IV_FMT_JSON, &st, lang);
		else
			iv_progress_write(&out, v, IV_FMT_JSON, &st, lang);
	}
	pthread_mutex_unlock(&report_lock);
	if (!jv_is_valid(v))
		failed(resp, v, 404);
	else if (jv_get_kind(v) == JV_KIND_NULL)
		iv_http_error(resp, 404, "no learning plan yet (one is made when an interview is summarized)");
	else
		iv_http_text(resp, 200, "application/json", out.s, out.len);
	jv_free(v);
	iv_buf_free(&out);
}

static void
get_skills(iv_http_req *req, iv_http_resp *resp)
{
	report_view(req, resp, "skills");
}

static void
get_plan(iv_http_req *req, iv_http_resp *resp)
{
	report_view(req, resp, "plan");
}

static void
get_progress(iv_http_req *req, iv_http_resp *resp)
{
	report_view(req, resp, "progress");
}

static const iv_http_route routes[] = {
	{ "GET", "/health", get_health },
	{ "GET", "/openapi.json", get_openapi },
	{ "GET", "/docs", get_docs },
	{ "GET", "/sessions", list_sessions },
	{ "POST", "/sessions", create_session },
	{ "GET", "/sessions/{id}", get_session },
	{ "PUT", "/sessions/{id}", update_session },
	{ "GET", "/sessions/{id}/report", get_report },
	{ "GET", "/records", list_records },
	{ "POST", "/records", create_record },
	{ "GET", "/records/{id}", get_record },
	{ "GET", "/skills", get_skills },
	{ "GET", "/plan", get_plan },
	{ "GET", "/progress", get_progress },
	{ 0 },
};

/* ---- setup ---- */

/* The first line of path, without its newline: the token. */
static char *
read_token(const char *path)
{
	iv_buf b = IV_BUF_INIT;
	struct stat st;
	char *tok;

	if (iv_buf_read_file(&b, path, 4096) < 0)
		iv_die(IV_FAIL, "can't read token file '%s': %s", path, strerror(errno));
	b.s[strcspn(b.s, "\r\n")] = 0;
	tok = iv_xstrdup(b.s);
	iv_buf_free(&b);
	if (strlen(tok) < 16)
		iv_die(IV_FAIL, "token file '%s': the token must be at least 16 characters", path);
	if (stat(path, &st) == 0 && (st.st_mode & 077))
		iv_warn("token file '%s' can be read by others (chmod 600 '%s')", path, path);
	return tok;
}

/* share/openapi.json, and share/docs.html with the document put in it so
 * the page needs nothing else. */
static void
load_documents(void)
{
	char *path = iv_xasprintf("%s/openapi.json", iv_path_share());
	iv_buf page = IV_BUF_INIT;
	const char *mark = "@OPENAPI_JSON@", *at;

	if (iv_buf_read_file(&openapi_doc, path, 4 << 20) < 0)
		iv_die(IV_FAIL, "can't read '%s': %s", path, strerror(errno));
	free(path);
	path = iv_xasprintf("%s/docs.html", iv_path_share());
	if (iv_buf_read_file(&page, path, 4 << 20) < 0)
		iv_die(IV_FAIL, "can't read '%s': %s", path, strerror(errno));
	free(path);
	if (!(at = strstr(page.s, mark)))
		iv_die(IV_FAIL, "docs.html has no %s", mark);
	iv_buf_add(&docs_page, page.s, (size_t)(at - page.s));
	/* Inside <script>, "</" would end it. */
	for (const char *p = openapi_doc.s; *p; p++)
		if (p[0] == '<' && p[1] == '/')
			iv_buf_puts(&docs_page, "<\\");
		else
			iv_buf_putc(&docs_page, *p);
	iv_buf_puts(&docs_page, at + strlen(mark));
	iv_buf_free(&page);
}

static void
write_port_file(const char *path, const char *address)
{
	char *tmp = iv_xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");

	if (!f || fprintf(f, "%s\n", address) < 0 || fclose(f) != 0 || rename(tmp, path) != 0)
		iv_die(IV_FAIL, "can't write '%s': %s", path, strerror(errno));
	free(tmp);
}

int
main(int argc, char **argv)
{
	iv_httpd_conf conf = {
		.listen = "127.0.0.1:8006", .threads = 4, .timeout = 30, .max_body = 1 << 20,
		.access_log = 1, .routes = routes,
	};
	const char *port_file = NULL, *token_file = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen;
	int c, loopback, sig;
	char *err = NULL;
	sigset_t sigs;
	iv_httpd *d;
	sqlite3 *db;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "q", longopts, help)) != -1)
		switch (c) {
		case O_LISTEN: conf.listen = optarg; break;
		case O_PORT_FILE: port_file = optarg; break;
		case O_TOKEN_FILE: token_file = optarg; break;
		case O_READ_ONLY: read_only = 1; break;
		case O_THREADS: conf.threads = (unsigned)iv_opt_long("--threads", optarg, 1, 64); break;
		case O_TIMEOUT: conf.timeout = (unsigned)iv_opt_long("--timeout", optarg, 1, 3600); break;
		case O_MAX_BODY: conf.max_body = (size_t)iv_opt_long("--max-body", optarg, 1024, 64 << 20); break;
		case 'q': conf.access_log = 0; break;
		}
	if (optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	if (iv_httpd_parse_listen(conf.listen, &ss, &sslen, &loopback, &err) < 0)
		iv_usage_error("--listen: %s", err);
	if (!loopback && !token_file)
		iv_usage_error("refusing to listen on %s, which is not a loopback address, "
			       "without --token-file", conf.listen);
	if (token_file)
		conf.token = read_token(token_file);

	/* Everything the workers share is made before they start. */
	db_path = iv_db_path();
	iv_path_share();
	iv_user_name();
	default_rounds = iv_config_int("interview.rounds", 5);
	load_documents();
	db = iv_db_open(read_only ? IV_DB_READ : IV_DB_WRITE);
	user_id(db, 1);
	iv_db_close(db);
	if (pthread_key_create(&worker_key, worker_free) != 0)
		iv_die(IV_FAIL, "can't make thread data");

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (!(d = iv_httpd_start(&conf, &err)))
		iv_die(IV_FAIL, "%s", err);
	iv_warn("listening on http://%s/ (store %s%s)", iv_httpd_address(d), db_path,
		read_only ? ", read-only" : "");
	if (port_file)
		write_port_file(port_file, iv_httpd_address(d));
	sigwait(&sigs, &sig);
	iv_warn("stopping (%s)", sig == SIGINT ? "SIGINT" : "SIGTERM");
	iv_httpd_stop(d);
	iv_buf_free(&openapi_doc);
	iv_buf_free(&docs_page);
	free((char *)conf.token);
	return IV_OK;
}
