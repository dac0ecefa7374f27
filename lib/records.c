#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "clock.h"
#include "compat.h"
#include "jsonl.h"
#include "msg.h"
#include "records.h"
#include "schema.h"
#include "session.h"
#include "store.h"

int
iv_filter_since(iv_filter *f, const char *arg)
{
	time_t t;

	if (iv_parse_time(arg, &t) < 0)
		return -1;
	iv_fmt_time(t, f->since);
	return 0;
}

int
iv_filter_until(iv_filter *f, const char *arg)
{
	time_t t;

	if (iv_parse_time(arg, &t) < 0)
		return -1;
	/* A bare date means the whole day: up to the next day, excluded. */
	f->until_day = strlen(arg) == 10;
	iv_fmt_time(f->until_day ? t + 86400 : t, f->until);
	return 0;
}

const char *const iv_session_sort_keys[] = {
	"created_at", "updated_at", "round_number", "overall_score", "id", NULL,
};
const char *const iv_record_sort_keys[] = { "created_at", "score", "session_id", "id", NULL };
/* The columns the keys above stand for, in the same order. */
static const char *const session_sort_cols[] = {
	"s.created_at", "s.updated_at", "s.round_number", "s.overall_score", "s.id",
};
static const char *const record_sort_cols[] = { "q.created_at", "a.score", "q.session_id", "q.id" };

int
iv_filter_sort(iv_filter *f, int which, const char *arg)
{
	const char *const *keys = which == IV_SORT_RECORDS ? iv_record_sort_keys : iv_session_sort_keys;
	const char *const *cols = which == IV_SORT_RECORDS ? record_sort_cols : session_sort_cols;
	int desc = *arg == '-';

	for (int i = 0; keys[i]; i++)
		if (!strcmp(arg + desc, keys[i])) {
			f->order = cols[i];
			f->desc = desc;
			return 0;
		}
	return -1;
}

/* A query under construction: SQL text and its parameters, in step. */
typedef struct {
	iv_buf sql;
	jv params;
} query;

static void
cond(query *q, const char *sql, jv param)
{
	iv_buf_printf(&q->sql, " AND %s ?", sql);
	q->params = jv_array_append(q->params, param);
}

/* "%text%" for LIKE ... ESCAPE '\', with text's own wildcards escaped. */
static jv
like_pattern(const char *pre, const char *text, const char *post)
{
	iv_buf b = IV_BUF_INIT;
	jv v;

	iv_buf_puts(&b, pre);
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			iv_buf_putc(&b, '\\');
		iv_buf_putc(&b, *p);
	}
	iv_buf_puts(&b, post);
	v = jv_string(b.s);
	iv_buf_free(&b);
	return v;
}

/* Run q with f's conditions added: on the session (alias s), on the
 * created_at of alias t (whose created_at and id also order the rows), on
 * the score column (score, or NULL), and for records (alias q for the
 * question, a for the answer) on their text and skill; then one page of
 * rows, or with count the number of rows as {"n"}. */
static jv
run_filtered(sqlite3 *db, query *q, const iv_filter *f, const char *t, const char *score, int count)
{
	char col[64];
	jv rows;

	if (f->status)
		cond(q, "s.status =", jv_string(f->status));
	if (f->type)
		cond(q, "s.session_type =", jv_string(f->type));
	if (f->resume_id)
		cond(q, "s.resume_id =", jv_number((double)f->resume_id));
	if (f->jd_id)
		cond(q, "s.jd_id =", jv_number((double)f->jd_id));
	if (f->since[0]) {
		snprintf(col, sizeof col, "%s.created_at >=", t);
		cond(q, col, jv_string(f->since));
	}
	if (f->until[0]) {
		snprintf(col, sizeof col, "%s.created_at %s", t, f->until_day ? "<" : "<=");
		cond(q, col, jv_string(f->until));
	}
	if (f->has_min_score && score) {
		snprintf(col, sizeof col, "%s >=", score);
		cond(q, col, jv_number(f->min_score));
	}
	if (f->has_max_score && score) {
		snprintf(col, sizeof col, "%s <=", score);
		cond(q, col, jv_number(f->max_score));
	}
	if (f->text && !strcmp(t, "q")) {
		iv_buf_puts(&q->sql, " AND (q.content LIKE ? ESCAPE '\\' OR a.content LIKE ? ESCAPE '\\')");
		q->params = jv_array_append(q->params, like_pattern("%", f->text, "%"));
		q->params = jv_array_append(q->params, like_pattern("%", f->text, "%"));
	}
	if (f->skill && !strcmp(t, "q")) {
		iv_buf_puts(&q->sql, " AND (json_extract(q.metadata, '$.skill_path') = ?"
			    " OR json_extract(q.metadata, '$.skill_path') LIKE ? ESCAPE '\\'"
			    " OR json_extract(q.metadata, '$.topic') = ?)");
		q->params = jv_array_append(q->params, jv_string(f->skill));
		q->params = jv_array_append(q->params, like_pattern("", f->skill, "/%"));
		q->params = jv_array_append(q->params, jv_string(f->skill));
	}
	if (!count) {
		const char *dir = f->desc ? " DESC" : "";

		if (f->order)
			iv_buf_printf(&q->sql, " ORDER BY %s%s, %s.id%s", f->order, dir, t, dir);
		else
			iv_buf_printf(&q->sql, " ORDER BY %s.created_at%s, %s.id%s", t, dir, t, dir);
		iv_buf_puts(&q->sql, " LIMIT ? OFFSET ?");
		q->params = jv_array_append(q->params, jv_number((double)(f->limit < 0 ? -1 : f->limit)));
		q->params = jv_array_append(q->params, jv_number((double)f->offset));
	}
	rows = iv_db_query(db, q->sql.s, q->params);
	iv_buf_free(&q->sql);
	return rows;
}

/* SELECT cols (or count(*) AS n) and the rest of the query, whose first
 * parameter is the user's id. */
static query
query_new(const char *cols, const char *from, long long user_id, int count)
{
	query q = { IV_BUF_INIT, JV_ARRAY(jv_number((double)user_id)) };

	iv_buf_printf(&q.sql, "SELECT %s %s", count ? "count(*) AS n" : cols, from);
	return q;
}

/* The n of a count query's rows (consumed); -1 on error. */
static long long
count_of(jv rows)
{
	long long n = -1;

	if (jv_is_valid(rows) && jv_array_length(jv_copy(rows)) == 1) {
		jv r = jv_array_get(jv_copy(rows), 0);

		n = (long long)iv_jnum(r, "n", -1);
		jv_free(r);
	}
	jv_free(rows);
	return n;
}

#define SESSION_FROM "FROM interview_sessions s WHERE s.user_id = ?"

jv
iv_sessions_list(sqlite3 *db, long long user_id, const iv_filter *f)
{
	query q = query_new(IV_SESSION_COLS, SESSION_FROM, user_id, 0);

	return run_filtered(db, &q, f, "s", "s.overall_score", 0);
}

long long
iv_sessions_count(sqlite3 *db, long long user_id, const iv_filter *f)
{
	query q = query_new(NULL, SESSION_FROM, user_id, 1);

	return count_of(run_filtered(db, &q, f, "s", "s.overall_score", 1));
}

#define RECORD_COLS \
	"q.id, q.session_id, q.sequence_number, q.content AS question, " \
	"a.content AS answer, a.id AS answer_id, a.score, q.metadata AS qmeta, " \
	"a.metadata AS ameta, q.created_at"
/* CROSS JOIN keeps the questions outermost, so the default order walks
 * conversations_questions and a page stops after its rows. */
#define RECORD_FROM \
	"FROM conversations q " \
	"CROSS JOIN conversations a ON a.reply_to = q.id AND a.role = 'candidate' " \
	"CROSS JOIN interview_sessions s ON s.id = q.session_id " \
	"WHERE s.user_id = ? AND q.role = 'interviewer'"
#define RECORD_SELECT "SELECT " RECORD_COLS " " RECORD_FROM

/* A record from a row of RECORD_SELECT (consumed). */
static jv
record_of(jv raw)
{
	static const char *const head[] = {
		"id", "session_id", "sequence_number", "question", "answer", "answer_id", "score", NULL,
	};
	jv rec = jv_object(), qmeta = iv_jget(raw, "qmeta"), ameta = iv_jget(raw, "ameta");

	for (int i = 0; head[i]; i++)
		rec = jv_object_set(rec, jv_string(head[i]), iv_jget(raw, head[i]));
	if (jv_get_kind(qmeta) != JV_KIND_OBJECT) {
		jv_free(qmeta);
		qmeta = jv_object();
	}
	if (jv_get_kind(ameta) != JV_KIND_OBJECT) {
		jv_free(ameta);
		ameta = jv_object();
	}
	rec = jv_object_set(rec, jv_string("feedback"), iv_jget(ameta, "feedback"));
	ameta = jv_object_delete(ameta, jv_string("feedback"));
	rec = jv_object_set(rec, jv_string("metadata"), jv_object_merge(qmeta, ameta));
	rec = jv_object_set(rec, jv_string("created_at"), iv_jget(raw, "created_at"));
	jv_free(raw);
	return rec;
}

static jv
records_of(jv rows)
{
	jv out = jv_array();

	if (!jv_is_valid(rows))
		return rows;
	jv_array_foreach(rows, i, raw)
		out = jv_array_append(out, record_of(raw));
	jv_free(rows);
	return out;
}

static jv
no_session(long long id)
{
	return jv_invalid_with_msg(jv_string_fmt("no session %lld", id));
}

/* The records query for f, with its session checked; invalid when the
 * session is not the user's. */
static jv
records_query(sqlite3 *db, long long user_id, const iv_filter *f, int count, query *q)
{
	*q = query_new(RECORD_COLS, RECORD_FROM, user_id, count);
	if (f->session_id) {
		jv s = iv_session_get(db, user_id, f->session_id);

		if (jv_get_kind(s) != JV_KIND_OBJECT) {
			iv_buf_free(&q->sql);
			jv_free(q->params);
			return jv_is_valid(s) ? no_session(f->session_id) : s;
		}
		jv_free(s);
		cond(q, "q.session_id =", jv_number((double)f->session_id));
	}
	return jv_true();
}

jv
iv_records_list(sqlite3 *db, long long user_id, const iv_filter *f)
{
	query q;
	jv ok = records_query(db, user_id, f, 0, &q);

	if (!jv_is_valid(ok))
		return ok;
	return records_of(run_filtered(db, &q, f, "q", "a.score", 0));
}

long long
iv_records_count(sqlite3 *db, long long user_id, const iv_filter *f)
{
	query q;
	jv ok = records_query(db, user_id, f, 1, &q);

	if (!jv_is_valid(ok)) {
		jv_free(ok);
		return -1;
	}
	return count_of(run_filtered(db, &q, f, "q", "a.score", 1));
}

jv
iv_record_get(sqlite3 *db, long long user_id, long long id)
{
	jv rows = iv_db_query(db, RECORD_SELECT " AND q.id = ?",
			      JV_ARRAY(jv_number((double)user_id), jv_number((double)id)));

	if (!jv_is_valid(rows))
		return rows;
	if (jv_array_length(jv_copy(rows)) == 0) {
		jv_free(rows);
		return jv_null();
	}
	return record_of(jv_array_get(rows, 0));
}

static const iv_field record_fields[] = {
	{ "session_id", IV_J_INTEGER, 1 },
	{ "question", IV_J_STRING, 1 },
	{ "answer", IV_J_STRING, 1 },
	{ "score", IV_J_NUMBER | IV_J_NULL, 0 },
	{ "feedback", IV_J_STRING | IV_J_NULL, 0 },
	{ "metadata", IV_J_OBJECT, 0 },
	{ 0 },
};

/* The turns of one record, in the transaction iv_record_add holds. */
static jv
record_turns(sqlite3 *db, long long user_id, long long sid, jv rec)
{
	jv s = iv_session_get(db, user_id, sid), q, a, fb, meta, rows;

	if (jv_get_kind(s) != JV_KIND_OBJECT)
		return jv_is_valid(s) ? no_session(sid) : s;
	jv_free(s);
	meta = iv_jget(rec, "metadata");
	q = iv_turn_add(db, sid, JV_OBJECT(jv_string("role"), jv_string("interviewer"),
					   jv_string("content"), iv_jget(rec, "question"),
					   jv_string("metadata"), jv_get_kind(meta) == JV_KIND_NULL ?
					   (jv_free(meta), jv_object()) : meta));
	if (!jv_is_valid(q))
		return q;
	fb = iv_jget(rec, "feedback");
	a = iv_turn_add(db, sid, JV_OBJECT(jv_string("role"), jv_string("candidate"),
					   jv_string("content"), iv_jget(rec, "answer"),
					   jv_string("reply_to"), iv_jget(q, "id"),
					   jv_string("score"), iv_jget(rec, "score"),
					   jv_string("metadata"), jv_get_kind(fb) == JV_KIND_NULL ?
					   (jv_free(fb), jv_object()) : JV_OBJECT(jv_string("feedback"), fb)));
	if (!jv_is_valid(a)) {
		jv_free(q);
		return a;
	}
	jv_free(a);
	rows = iv_record_get(db, user_id, (long long)iv_jnum(q, "id", 0));
	jv_free(q);
	return rows;
}

jv
iv_record_add(sqlite3 *db, long long user_id, jv rec)
{
	char *err = iv_json_check(rec, record_fields, 0);
	jv result;
	int own;

	if (err) {
		result = jv_invalid_with_msg(jv_string(err));
		free(err);
		jv_free(rec);
		return result;
	}
	own = sqlite3_get_autocommit(db);
	if (own && iv_db_begin(db) < 0) {	/* it said why */
		jv_free(rec);
		return jv_invalid_with_msg(jv_string("the record was not stored"));
	}
	result = record_turns(db, user_id, (long long)iv_jnum(rec, "session_id", 0), rec);
	jv_free(rec);
	if (!own)
		return result;
	if (!jv_is_valid(result)) {
		iv_db_rollback(db);
	} else if (iv_db_commit(db) < 0) {	/* it said why */
		jv_free(result);
		return jv_invalid_with_msg(jv_string("the record was not stored"));
	}
	return result;
}

jv
iv_owned_list(sqlite3 *db, const char *table, long long user_id, const iv_filter *f)
{
	char *sql = iv_xasprintf("FROM %s s WHERE s.user_id = ?", table);
	query q = query_new("*", sql, user_id, 0);
	iv_filter page = IV_FILTER_INIT;

	free(sql);
	/* Only the filters that mean something for these rows. */
	memcpy(page.since, f->since, sizeof page.since);
	memcpy(page.until, f->until, sizeof page.until);
	page.until_day = f->until_day;
	page.limit = f->limit;
	page.offset = f->offset;
	return run_filtered(db, &q, &page, "s", NULL, 0);
}

jv
iv_owned_get(sqlite3 *db, const char *table, long long user_id, long long id)
{
	char *sql;
	jv row;

	if (id) {
		sql = iv_xasprintf("SELECT * FROM %s WHERE id = ? AND user_id = ?", table);
		row = iv_db_row(db, sql, JV_ARRAY(jv_number((double)id), jv_number((double)user_id)));
	} else {
		sql = iv_xasprintf("SELECT * FROM %s WHERE user_id = ? "
				   "ORDER BY is_default DESC, created_at DESC, id DESC LIMIT 1", table);
		row = iv_db_row(db, sql, JV_ARRAY(jv_number((double)user_id)));
	}
	free(sql);
	return row;
}

jv
iv_pending_embeddings(sqlite3 *db, long long user_id, const char *model)
{
	return iv_db_query(db, "SELECT id, content AS text, collection, source_type, source_id, "
			   "importance, content_hash FROM knowledge WHERE user_id = ? "
			   "AND (embedding IS NULL OR embedding_model IS NOT ?) ORDER BY id",
			   JV_ARRAY(jv_number((double)user_id), jv_string(model)));
}

/* ---- export and import ---- */

enum { K_ANY, K_NUMBER, K_TEXT, K_BLOB, K_JSON };

typedef struct {
	const char *name;
	int ncol;
	char **col;
	int *kind;
	char *order;		/* primary key columns, for ORDER BY */
	sqlite3_stmt *insert;	/* import: the last INSERT prepared ... */
	char *insert_cols;	/* ... and the column list it was prepared for */
} table_info;

static int
kind_of(const char *decl)
{
	if (!decl)
		return K_ANY;
	if (!strcasecmp(decl, "INTEGER") || !strcasecmp(decl, "REAL"))
		return K_NUMBER;
	if (!strcasecmp(decl, "TEXT"))
		return K_TEXT;
	if (!strcasecmp(decl, "BLOB"))
		return K_BLOB;
	if (!strcasecmp(decl, "JSON"))
		return K_JSON;
	return K_ANY;
}

/* Every table's columns, from the store itself. */
static table_info *
tables_load(sqlite3 *db)
{
	int n = 0, t;
	table_info *ti;

	while (iv_schema_tables[n])
		n++;
	ti = iv_xcalloc((size_t)n + 1, sizeof *ti);
	for (t = 0; t < n; t++) {
		jv name = jv_string(iv_schema_tables[t]);
		jv cols = iv_db_query(db, "SELECT name, type FROM pragma_table_info(?) ORDER BY cid",
				      JV_ARRAY(jv_copy(name)));
		jv pk = iv_db_row(db, "SELECT group_concat(name, ', ') AS o FROM "
				  "(SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk)",
				  JV_ARRAY(name));

		ti[t].name = iv_schema_tables[t];
		if (!jv_is_valid(cols)) {
			jv_free(cols);
			cols = jv_array();
		}
		ti[t].ncol = jv_array_length(jv_copy(cols));
		ti[t].col = iv_xcalloc((size_t)ti[t].ncol + 1, sizeof *ti[t].col);
		ti[t].kind = iv_xcalloc((size_t)ti[t].ncol + 1, sizeof *ti[t].kind);
		jv_array_foreach(cols, i, c) {
			jv type = iv_jget(c, "type");

			ti[t].col[i] = iv_jstrdup(c, "name");
			ti[t].kind[i] = kind_of(iv_jstr(type));
			jv_free(type);
			jv_free(c);
		}
		ti[t].order = iv_jstrdup(pk, "o");
		if (!ti[t].order)
			ti[t].order = iv_xstrdup("rowid");
		jv_free(pk);
		jv_free(cols);
	}
	return ti;
}

static void
tables_free(table_info *ti)
{
	for (table_info *t = ti; t->name; t++) {
		for (int i = 0; i < t->ncol; i++)
			free(t->col[i]);
		free(t->col);
		free(t->kind);
		free(t->order);
		sqlite3_finalize(t->insert);
		free(t->insert_cols);
	}
	free(ti);
}

static int
schema_version(sqlite3 *db)
{
	jv v = iv_db_row(db, "PRAGMA user_version", jv_null());
	int n = (int)iv_jnum(v, "user_version", 0);

	jv_free(v);
	return n;
}

static int
export_table(sqlite3 *db, const table_info *t)
{
	char *sql = iv_xasprintf("SELECT * FROM %s ORDER BY %s", t->name, t->order);
	sqlite3_stmt *st;
	int rc, ncol;

	rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		iv_warn("can't export %s: %s", t->name, sqlite3_errmsg(db));
		return -1;
	}
	ncol = sqlite3_column_count(st);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !ferror(stdout)) {
		jv row = jv_object();

		for (int i = 0; i < ncol; i++)
			row = jv_object_set(row, jv_string(sqlite3_column_name(st, i)), iv_db_column(st, i));
		iv_jsonl_write(JV_OBJECT(jv_string("table"), jv_string(t->name), jv_string("row"), row));
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		iv_warn("can't export %s: %s", t->name, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int
iv_export(sqlite3 *db)
{
	table_info *ti;
	int rc = 0;

	/* One read transaction: a writer meanwhile changes nothing we see. */
	if (sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		iv_warn("can't read the store: %s", sqlite3_errmsg(db));
		return -1;
	}
	ti = tables_load(db);
	iv_jsonl_write(JV_OBJECT(jv_string("iv_export"), jv_number(IV_EXPORT_FORMAT),
				 jv_string("schema_version"), jv_number(schema_version(db))));
	for (table_info *t = ti; t->name && rc == 0; t++)
		rc = export_table(db, t);
	tables_free(ti);
	sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

/* Where each imported row came from, to name the line of a row that breaks
 * a foreign key (checked at the end: rows may refer to later rows). */
typedef struct {
	const char *table;
	long long rowid;
	long line;
} origin;

typedef struct {
	sqlite3 *db;
	table_info *tables;
	const char *name;
	long line;
	char *err;		/* the first error, without "NAME:LINE: " */
	origin *from;
	size_t nfrom, capfrom;
} importer;

static int
import_fail(importer *im, char *msg)
{
	if (!im->err)
		im->err = msg;
	else
		free(msg);
	return -1;
}

static const iv_field header_fields[] = {
	{ "iv_export", IV_J_INTEGER, 1 },
	{ "schema_version", IV_J_INTEGER, 1 },
	{ 0 },
};

static int
import_header(importer *im, jv h)
{
	char *err;
	int format, version;

	if (!jv_object_has(jv_copy(h), jv_string("iv_export")))
		return import_fail(im, iv_xasprintf("not an iv export (it starts with "
			"{\"iv_export\":%d,\"schema_version\":N})", IV_EXPORT_FORMAT));
	if ((err = iv_json_check(h, header_fields, 0)) != NULL)
		return import_fail(im, err);
	format = (int)iv_jnum(h, "iv_export", 0);
	version = (int)iv_jnum(h, "schema_version", 0);
	if (format != IV_EXPORT_FORMAT)
		return import_fail(im, iv_xasprintf("export format %d is not one this iv reads (%d)",
						    format, IV_EXPORT_FORMAT));
	if (version < 1 || version > iv_db_schema_version())
		return import_fail(im, iv_xasprintf("schema version %d is not one this iv knows "
						    "(1 to %d)", version, iv_db_schema_version()));
	return 0;
}

static table_info *
table_named(const importer *im, const char *name)
{
	for (table_info *t = im->tables; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static int
column_of(const table_info *t, const char *name)
{
	for (int i = 0; i < t->ncol; i++)
		if (!strcmp(t->col[i], name))
			return i;
	return -1;
}

/* Check a value against its column's kind; a reason, or NULL. */
static char *
value_bad(const table_info *t, int c, jv v)
{
	jv_kind k = jv_get_kind(v);
	const char *want = NULL;

	if (k == JV_KIND_NULL)
		return NULL;
	switch (t->kind[c]) {
	case K_NUMBER:
		if (k != JV_KIND_NUMBER)
			want = "a number";
		break;
	case K_TEXT:
		if (k != JV_KIND_STRING)
			want = "a string";
		break;
	case K_BLOB:
		if (k != JV_KIND_STRING)
			want = "a base64 string";
		break;
	case K_ANY:
		if (k == JV_KIND_ARRAY || k == JV_KIND_OBJECT)
			want = "a string or a number";
		break;
	}
	if (want)
		return iv_xasprintf("%s.%s: expected %s, got %s", t->name, t->col[c], want,
				    iv_json_kind_name(k));
	return NULL;
}

/* Bind the row's values to st in the row's order: JSON columns as JSON
 * text, BLOB columns decoded from base64. */
static int
bind_row(importer *im, sqlite3_stmt *st, const table_info *t, jv row)
{
	jv params = jv_array();
	int rc, n = 0;

	jv_object_foreach(row, k, v) {
		int c = column_of(t, jv_string_value(k));

		if (jv_get_kind(v) == JV_KIND_NULL || t->kind[c] == K_BLOB)
			params = jv_array_append(params, jv_null());	/* blobs below */
		else if (t->kind[c] == K_JSON)
			params = jv_array_append(params, jv_dump_string(jv_copy(v), 0));
		else
			params = jv_array_append(params, jv_copy(v));
		jv_free(k);
		jv_free(v);
	}
	if ((rc = iv_db_bind(st, params)) != SQLITE_OK)
		return import_fail(im, iv_xasprintf("%s: %s", t->name, sqlite3_errstr(rc)));
	jv_object_foreach(row, k, v) {
		int c = column_of(t, jv_string_value(k));

		n++;
		if (rc == 0 && t->kind[c] == K_BLOB && jv_get_kind(v) == JV_KIND_STRING) {
			size_t len;
			unsigned char *b = iv_base64_decode(jv_string_value(v), &len);

			if (!b)
				rc = import_fail(im, iv_xasprintf("%s.%s: not base64", t->name, t->col[c]));
			else if (sqlite3_bind_blob(st, n, b, (int)len, free) != SQLITE_OK)
				rc = import_fail(im, iv_xasprintf("%s.%s: %s", t->name, t->col[c],
								  sqlite3_errmsg(im->db)));
		}
		jv_free(k);
		jv_free(v);
	}
	return rc;
}

static const iv_field row_fields[] = {
	{ "table", IV_J_STRING, 1 },
	{ "row", IV_J_OBJECT, 1 },
	{ 0 },
};

/* The INSERT for this row's columns: the table's last one when the row has
 * the same columns in the same order (every row of an export does). */
static sqlite3_stmt *
insert_for(importer *im, table_info *t, jv row)
{
	iv_buf cols = IV_BUF_INIT, sql = IV_BUF_INIT;
	int n = 0;

	jv_object_foreach(row, k, v) {
		iv_buf_printf(&cols, "%s\"%s\"", n++ ? ", " : "", jv_string_value(k));
		jv_free(k);
		jv_free(v);
	}
	if (t->insert && !strcmp(t->insert_cols, cols.s)) {
		iv_buf_free(&cols);
		sqlite3_reset(t->insert);
		sqlite3_clear_bindings(t->insert);
		return t->insert;
	}
	sqlite3_finalize(t->insert);
	free(t->insert_cols);
	t->insert = NULL;
	iv_buf_printf(&sql, "INSERT INTO %s (%s) VALUES (", t->name, cols.s);
	for (int i = 0; i < n; i++)
		iv_buf_puts(&sql, i ? ", ?" : "?");
	iv_buf_puts(&sql, ")");
	t->insert_cols = iv_buf_take(&cols);
	if (sqlite3_prepare_v2(im->db, sql.s, -1, &t->insert, NULL) != SQLITE_OK) {
		import_fail(im, iv_xasprintf("%s: %s", t->name, sqlite3_errmsg(im->db)));
		sqlite3_finalize(t->insert);
		t->insert = NULL;
	}
	iv_buf_free(&sql);
	return t->insert;
}

/* Why an INSERT of row into t failed, in the user's terms. */
static char *
insert_error(importer *im, const table_info *t, jv row)
{
	int code = sqlite3_extended_errcode(im->db);

	if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_ROWID) {
		jv key = iv_jget(row, t->order);
		jv shown = jv_dump_string(key, 0);
		char *msg = iv_xasprintf("%s: a row with %s %s is already in the store "
					 "(import into a new store)", t->name, t->order,
					 jv_string_value(shown));

		jv_free(shown);
		return msg;
	}
	return iv_xasprintf("%s: %s", t->name, sqlite3_errmsg(im->db));
}

static int
import_row(importer *im, jv line)
{
	char *err = iv_json_check(line, row_fields, 0);
	table_info *t;
	sqlite3_stmt *st;
	jv name, row;
	int rc;

	if (err)
		return import_fail(im, err);
	name = iv_jget(line, "table");
	t = table_named(im, jv_string_value(name));
	if (!t) {
		rc = import_fail(im, iv_xasprintf("unknown table '%s'", jv_string_value(name)));
		jv_free(name);
		return rc;
	}
	jv_free(name);
	/* An older iv's export: its documents in today's shape. */
	row = iv_compat_row(t->name, iv_jget(line, "row"));
	if (jv_object_length(jv_copy(row)) == 0)
		err = iv_xasprintf("%s: an empty row", t->name);
	jv_object_foreach(row, k, v) {
		int c = column_of(t, jv_string_value(k));

		if (!err && c < 0)
			err = iv_xasprintf("%s: unknown column '%s'", t->name, jv_string_value(k));
		else if (!err)
			err = value_bad(t, c, v);
		jv_free(k);
		jv_free(v);
	}
	if (err) {
		jv_free(row);
		return import_fail(im, err);
	}
	if (!(st = insert_for(im, t, row)) || bind_row(im, st, t, row) < 0) {
		jv_free(row);
		return -1;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		rc = import_fail(im, insert_error(im, t, row));
		sqlite3_reset(st);
		jv_free(row);
		return rc;
	}
	jv_free(row);
	if (im->nfrom == im->capfrom) {
		im->capfrom = im->capfrom ? im->capfrom * 2 : 256;
		im->from = iv_xrealloc(im->from, im->capfrom * sizeof *im->from);
	}
	im->from[im->nfrom++] = (origin){ t->name, sqlite3_last_insert_rowid(im->db), im->line };
	return 0;
}

/* Rows that refer to rows that are not there; checked once all are in. */
static int
import_check_refs(importer *im)
{
	jv bad = iv_db_row(im->db, "PRAGMA foreign_key_check", jv_null());
	jv table, parent;
	long long rowid;

	if (!jv_is_valid(bad)) {
		jv m = jv_invalid_get_msg(bad);

		import_fail(im, iv_xasprintf("can't check references: %s", jv_string_value(m)));
		jv_free(m);
		return -1;
	}
	if (jv_get_kind(bad) == JV_KIND_NULL)
		return 0;
	table = iv_jget(bad, "table");
	parent = iv_jget(bad, "parent");
	rowid = (long long)iv_jnum(bad, "rowid", 0);
	im->line = 0;
	for (size_t i = 0; i < im->nfrom; i++)
		if (im->from[i].rowid == rowid && !strcmp(im->from[i].table, iv_jstr(table)))
			im->line = im->from[i].line;
	import_fail(im, iv_xasprintf("%s row %lld refers to a missing %s row",
				     iv_jstr(table), rowid, iv_jstr(parent)));
	jv_free(table);
	jv_free(parent);
	jv_free(bad);
	return -1;
}

long
iv_import(sqlite3 *db, FILE *in, const char *name)
{
	importer im = { db, NULL, name, 0, NULL, NULL, 0, 0 };
	iv_jsonl *r;
	long rows = 0;
	int rc = 0, header = 0;
	jv v;

	if (iv_db_begin(db) < 0)
		return -1;
	/* Rows may refer to rows further on (an answer to a later question). */
	if (sqlite3_exec(db, "PRAGMA defer_foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK) {
		iv_warn("can't import: %s", sqlite3_errmsg(db));
		iv_db_rollback(db);
		return -1;
	}
	im.tables = tables_load(db);
	r = iv_jsonl_open(in, name, IV_JSONL_OBJECTS);
	while (rc == 0 && (rc = iv_jsonl_next(r, &v)) != 0) {
		im.line = iv_jsonl_lineno(r);
		if (rc < 0) {
			import_fail(&im, iv_xstrdup(iv_jsonl_error(r)));
			im.line = -1;	/* the reader's message names the line */
			break;
		}
		rc = header ? import_row(&im, v) : import_header(&im, v);
		rows += header;
		header = 1;
		jv_free(v);
	}
	if (!im.err && iv_jsonl_ioerror(r)) {
		import_fail(&im, iv_xasprintf("can't read: %s", strerror(iv_jsonl_ioerror(r))));
		im.line = 0;
	}
	else if (!im.err && !header)
		import_fail(&im, iv_xasprintf("no input (an export starts with "
			"{\"iv_export\":%d,\"schema_version\":N})", IV_EXPORT_FORMAT));
	else if (!im.err)
		import_check_refs(&im);
	iv_jsonl_close(r);
	tables_free(im.tables);
	free(im.from);
	if (im.err) {
		if (im.line > 0)
			iv_warn("%s:%ld: %s", name, im.line, im.err);
		else if (im.line < 0)
			iv_warn("%s", im.err);
		else
			iv_warn("%s: %s", name, im.err);
		free(im.err);
		iv_db_rollback(db);
		return -1;
	}
	if (iv_db_commit(db) < 0)
		return -1;
	return rows;
}
