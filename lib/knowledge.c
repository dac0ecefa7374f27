#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "extract.h"
#include "jsonl.h"
#include "knowledge.h"
#include "msg.h"
#include "session.h"
#include "sha256.h"
#include "store.h"
#include "utf8.h"

char *
iv_knowledge_tokens(const char *content)
{
	return iv_tokens_joined(content, IV_KNOWLEDGE_TOK);
}

/* --- Memories ------------------------------------------------------------ */

static const iv_field memory_fields[] = {
	{ "text", IV_J_STRING, 1 },
	{ "id", IV_J_INTEGER, 0 },
	{ "collection", IV_J_STRING, 0 },
	{ "source_type", IV_J_STRING, 0 },
	{ "source_id", IV_J_STRING | IV_J_INTEGER | IV_J_NULL, 0 },
	{ "importance", IV_J_NUMBER, 0 },
	{ "metadata", IV_J_OBJECT, 0 },
	{ "created_at", IV_J_STRING, 0 },
	{ "embedding", IV_J_ARRAY, 0 },
	{ "embedding_model", IV_J_STRING, 0 },
	{ "embedding_dim", IV_J_INTEGER, 0 },
	{ "content_hash", IV_J_STRING, 0 },
	{ 0 },
};

static int
blank(const char *s)
{
	for (; *s; s++)
		if (!strchr(" \t\r\n\f\v", *s))
			return 0;
	return 1;
}

char *
iv_memory_check(jv m)
{
	char *err = iv_json_check(m, memory_fields, 1);
	jv v;
	time_t t;

	if (err)
		return err;
	v = iv_jget(m, "text");
	if ((size_t)jv_string_length_bytes(jv_copy(v)) != strlen(jv_string_value(v)))
		err = iv_xstrdup("field 'text' holds a NUL character");
	else if (blank(jv_string_value(v)))
		err = iv_xstrdup("field 'text' is empty");
	jv_free(v);
	if (err)
		return err;
	if (iv_jnum(m, "id", 1) < 1)
		return iv_xstrdup("field 'id' must be 1 or more");
	v = iv_jget(m, "collection");
	if (jv_get_kind(v) == JV_KIND_STRING && strcmp(jv_string_value(v), "user_memories") &&
	    strcmp(jv_string_value(v), "general_knowledge"))
		err = iv_xasprintf("field 'collection': '%s' is not user_memories or general_knowledge",
				   jv_string_value(v));
	jv_free(v);
	if (err)
		return err;
	v = iv_jget(m, "source_type");
	if (jv_get_kind(v) == JV_KIND_STRING && blank(jv_string_value(v)))
		err = iv_xstrdup("field 'source_type' is empty");
	jv_free(v);
	if (err)
		return err;
	if (iv_jnum(m, "importance", 5) < 0 || iv_jnum(m, "importance", 5) > 10)
		return iv_xasprintf("field 'importance': %g is out of range (0 to 10)", iv_jnum(m, "importance", 5));
	v = iv_jget(m, "created_at");
	if (jv_get_kind(v) == JV_KIND_STRING && iv_parse_time(jv_string_value(v), &t) < 0)
		err = iv_xasprintf("field 'created_at': '%s' is not a date (YYYY-MM-DD[THH:MM:SSZ])",
				   jv_string_value(v));
	jv_free(v);
	if (err)
		return err;
	v = iv_jget(m, "embedding");
	if (jv_get_kind(v) == JV_KIND_ARRAY) {
		jv model = iv_jget(m, "embedding_model");
		int n = jv_array_length(jv_copy(v));

		if (jv_get_kind(model) != JV_KIND_STRING || !*jv_string_value(model))
			err = iv_xstrdup("field 'embedding' needs 'embedding_model'");
		else if (n == 0)
			err = iv_xstrdup("field 'embedding' is empty");
		else if (iv_jnum(m, "embedding_dim", n) != n)
			err = iv_xasprintf("field 'embedding' has %d numbers, not embedding_dim", n);
		jv_array_foreach(v, i, x) {
			if (!err && jv_get_kind(x) != JV_KIND_NUMBER)
				err = iv_xasprintf("field 'embedding': item %d is not a number", i + 1);
			jv_free(x);
		}
		jv_free(model);
	}
	jv_free(v);
	return err;
}

/* One memory on its way to the store. */
struct mem {
	jv m;			/* the object */
	jv textv;
	const char *text;	/* in textv */
	char hash[65];
	long long id;		/* the row to update, 0 to insert */
	int skip;		/* nothing to do */
	int same_text;		/* an update that leaves content alone */
	int has_tokens;		/* the row's tokens are filled */
	char *model;		/* the vector's model: given, or e's */
	float *vec;		/* dim floats, or NULL: stored without a vector */
	int dim, own_vec;
	const char *error;	/* static reason this memory can't be stored */
};

/* Decide what to do with one memory, from what the store holds now. */
static int
plan(sqlite3 *db, long long user_id, struct mem *m, const char *model, int dim, int flags)
{
	sqlite3_stmt *st;
	long long given = (long long)iv_jnum(m->m, "id", 0);
	int rc;

	m->id = 0, m->skip = 0, m->same_text = 0, m->has_tokens = 0, m->error = NULL;
	if (given) {
		rc = sqlite3_prepare_v2(db, "SELECT id, content_hash, embedding_model, embedding_dim, "
					"embedding IS NOT NULL, tokens != '' FROM knowledge "
					"WHERE id = ? AND user_id = ?", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return -1;
		sqlite3_bind_int64(st, 1, given);
		sqlite3_bind_int64(st, 2, user_id);
	} else {
		jv c = iv_jget(m->m, "collection");

		if (flags & IV_MEM_NO_DEDUPE) {
			jv_free(c);
			return 0;
		}
		rc = sqlite3_prepare_v2(db, "SELECT id, content_hash, embedding_model, embedding_dim, "
					"embedding IS NOT NULL, tokens != '' FROM knowledge "
					/* "+": search by the hash, not the user's rows */
					"WHERE +user_id = ? AND +collection = ? AND content_hash = ? "
					"ORDER BY embedding_model IS NOT ?, id LIMIT 1", -1, &st, NULL);
		if (rc != SQLITE_OK) {
			jv_free(c);
			return -1;
		}
		sqlite3_bind_int64(st, 1, user_id);
		sqlite3_bind_text(st, 2, jv_get_kind(c) == JV_KIND_STRING ? jv_string_value(c) : "user_memories",
				  -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, m->hash, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, model ? model : "", -1, SQLITE_TRANSIENT);
		jv_free(c);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 1);
		const char *rm = (const char *)sqlite3_column_text(st, 2);
		int same_vec = sqlite3_column_int(st, 4) && rm && model && !strcmp(rm, model) &&
			       (dim == 0 || sqlite3_column_int(st, 3) == dim);

		m->id = sqlite3_column_int64(st, 0);
		m->same_text = h && !strcmp(h, m->hash);
		m->has_tokens = sqlite3_column_int(st, 5);
		/* Without a model to embed with, an existing text is as good
		 * as it gets. */
		m->skip = m->same_text && m->has_tokens && (same_vec || !model);
	} else if (rc == SQLITE_DONE && given) {
		m->error = "no such memory for this user";
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : -1;
}

static void
bind_vec(sqlite3_stmt *st, int i, const struct mem *m)
{
	if (m->vec) {
		void *blob = iv_xmalloc((size_t)m->dim * 4);

		iv_vec_to_blob(m->vec, m->dim, blob);
		sqlite3_bind_blob(st, i, blob, m->dim * 4, free);
		sqlite3_bind_text(st, i + 1, m->model, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, i + 2, m->dim);
	} else {
		sqlite3_bind_null(st, i);
		sqlite3_bind_null(st, i + 1);
		sqlite3_bind_null(st, i + 2);
	}
}

static void
bind_jstr(sqlite3_stmt *st, int i, jv obj, const char *key)
{
	jv v = iv_jget(obj, key);

	if (jv_get_kind(v) == JV_KIND_STRING)
		sqlite3_bind_text(st, i, jv_string_value(v), -1, SQLITE_TRANSIENT);
	else if (jv_get_kind(v) == JV_KIND_NUMBER)
		sqlite3_bind_text(st, i, iv_xasprintf("%lld", (long long)jv_number_value(v)), -1, free);
	else
		sqlite3_bind_null(st, i);
	jv_free(v);
}

/* metadata, plus the fields the table has no column for (inserts). */
static char *
metadata_of(jv m, int extra)
{
	jv meta = iv_jget(m, "metadata"), s;
	char *out;

	if (jv_get_kind(meta) != JV_KIND_OBJECT) {
		jv_free(meta);
		meta = jv_object();
	}
	if (extra) {
		jv_object_foreach(m, k, v) {
			const iv_field *f;

			for (f = memory_fields; f->name; f++)
				if (!strcmp(f->name, jv_string_value(k)))
					break;
			if (!f->name && !jv_object_has(jv_copy(meta), jv_copy(k)))
				meta = jv_object_set(meta, k, v);
			else
				jv_free(k), jv_free(v);
		}
	}
	s = jv_dump_string(meta, 0);
	out = iv_xstrdup(jv_string_value(s));
	jv_free(s);
	return out;
}

static int
write_mem(sqlite3 *db, long long user_id, struct mem *m, const char *now)
{
	sqlite3_stmt *st;
	char *tokens = NULL;
	int rc;

	if (m->id && m->same_text && m->has_tokens) {
		/* Only the vector changes: the FTS index is left alone. */
		rc = sqlite3_prepare_v2(db, "UPDATE knowledge SET embedding = ?, embedding_model = ?, "
					"embedding_dim = ?, updated_at = ? WHERE id = ?", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return -1;
		bind_vec(st, 1, m);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, m->id);
	} else if (m->id) {
		jv src = iv_jget(m->m, "source_id"), imp = iv_jget(m->m, "importance");

		tokens = iv_knowledge_tokens(m->text);
		rc = sqlite3_prepare_v2(db, "UPDATE knowledge SET content = ?1, tokens = ?2, content_hash = ?3, "
					"embedding = ?4, embedding_model = ?5, embedding_dim = ?6, "
					"collection = coalesce(?7, collection), source_type = coalesce(?8, source_type), "
					"source_id = CASE WHEN ?9 THEN ?10 ELSE source_id END, "
					"importance = coalesce(?11, importance), metadata = coalesce(?12, metadata), "
					"updated_at = ?13 WHERE id = ?14", -1, &st, NULL);
		if (rc != SQLITE_OK) {
			jv_free(src), jv_free(imp);
			free(tokens);
			return -1;
		}
		sqlite3_bind_text(st, 1, m->text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, tokens, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, m->hash, -1, SQLITE_STATIC);
		bind_vec(st, 4, m);
		bind_jstr(st, 7, m->m, "collection");
		bind_jstr(st, 8, m->m, "source_type");
		sqlite3_bind_int(st, 9, jv_object_has(jv_copy(m->m), jv_string("source_id")));
		bind_jstr(st, 10, m->m, "source_id");
		if (jv_get_kind(imp) == JV_KIND_NUMBER)
			sqlite3_bind_double(st, 11, jv_number_value(imp));
		if (jv_object_has(jv_copy(m->m), jv_string("metadata")))
			sqlite3_bind_text(st, 12, metadata_of(m->m, 0), -1, free);
		sqlite3_bind_text(st, 13, now, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 14, m->id);
		jv_free(src), jv_free(imp);
	} else {
		jv created = iv_jget(m->m, "created_at");
		char when[32];
		time_t t;

		if (jv_get_kind(created) == JV_KIND_STRING && iv_parse_time(jv_string_value(created), &t) == 0)
			iv_fmt_time(t, when);
		else
			snprintf(when, sizeof when, "%s", now);
		jv_free(created);
		tokens = iv_knowledge_tokens(m->text);
		rc = sqlite3_prepare_v2(db, "INSERT INTO knowledge (user_id, collection, source_type, source_id, "
					"content, tokens, content_hash, importance, metadata, embedding, "
					"embedding_model, embedding_dim, created_at, updated_at) "
					"VALUES (?1, coalesce(?2, 'user_memories'), coalesce(?3, 'note'), ?4, ?5, ?6, "
					"?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)", -1, &st, NULL);
		if (rc != SQLITE_OK) {
			free(tokens);
			return -1;
		}
		sqlite3_bind_int64(st, 1, user_id);
		bind_jstr(st, 2, m->m, "collection");
		bind_jstr(st, 3, m->m, "source_type");
		bind_jstr(st, 4, m->m, "source_id");
		sqlite3_bind_text(st, 5, m->text, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, tokens, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, m->hash, -1, SQLITE_STATIC);
		sqlite3_bind_double(st, 8, iv_jnum(m->m, "importance", 5));
		sqlite3_bind_text(st, 9, metadata_of(m->m, 1), -1, free);
		bind_vec(st, 10, m);
		sqlite3_bind_text(st, 13, when, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 14, now, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	free(tokens);
	if (rc != SQLITE_DONE)
		return -1;
	if (!m->id)
		m->id = sqlite3_last_insert_rowid(db);
	return 0;
}

static jv
db_fail(sqlite3 *db, const char *what)
{
	return jv_invalid_with_msg(jv_string_fmt("%s: %s", what, sqlite3_errmsg(db)));
}

/* A vector given with the memory itself. */
static void
given_vector(struct mem *m)
{
	jv v = iv_jget(m->m, "embedding"), model;
	int i = 0;

	if (jv_get_kind(v) != JV_KIND_ARRAY) {
		jv_free(v);
		return;
	}
	model = iv_jget(m->m, "embedding_model");
	m->dim = jv_array_length(jv_copy(v));
	m->vec = iv_xmalloc((size_t)m->dim * sizeof *m->vec);
	m->own_vec = 1;
	jv_array_foreach(v, j, x) {
		m->vec[i++] = (float)jv_number_value(x);
		jv_free(x);
		(void)j;
	}
	iv_vec_normalize(m->vec, m->dim);
	m->model = iv_xstrdup(jv_string_value(model));
	jv_free(model);
	jv_free(v);
}

/* Read a batch of memory objects (mems, borrowed) into m[n]: text, hash,
 * a vector given with the memory, and the model it should end up with. */
static void
prepare(struct mem *m, jv mems, int n, iv_embedder *e)
{
	for (int i = 0; i < n; i++) {
		m[i].m = jv_array_get(jv_copy(mems), i);
		m[i].textv = iv_jget(m[i].m, "text");
		m[i].text = iv_jstr(m[i].textv);
		iv_sha256_hex(m[i].text, strlen(m[i].text), m[i].hash);
		given_vector(&m[i]);
		if (!m[i].model && e) {
			m[i].model = iv_xstrdup(iv_embedder_model(e));
			m[i].dim = iv_embedder_dim(e);
		}
	}
}

static void
release(struct mem *m, int n)
{
	for (int i = 0; i < n; i++) {
		jv_free(m[i].m);
		jv_free(m[i].textv);
		free(m[i].model);
		if (m[i].own_vec)
			free(m[i].vec);
	}
	free(m);
}

/* Embed the memories that need it and have no vector yet (those with
 * want set). Returns the vectors' block (the caller frees it), NULL when
 * there was nothing to embed, or sets *err. */
static float *
embed_some(struct mem *m, int n, const char *want, iv_embedder *e, char **err)
{
	const char **texts = iv_xcalloc((size_t)n + 1, sizeof *texts);
	float *vecs = NULL;
	int k = 0, j = 0;

	*err = NULL;
	for (int i = 0; i < n; i++)
		if (want[i] && !m[i].vec)
			texts[k++] = m[i].text;
	if (k && e) {
		vecs = iv_embed(e, texts, k, err);
		for (int i = 0; vecs && i < n; i++)
			if (want[i] && !m[i].vec) {
				m[i].dim = iv_embedder_dim(e);
				m[i].vec = vecs + (size_t)j++ * (size_t)m[i].dim;
				free(m[i].model);
				m[i].model = iv_xstrdup(iv_embedder_model(e));
			}
	}
	free(texts);
	return vecs;
}

/* Write prepared memories inside the caller's transaction. Returns the
 * results, or invalid. */
static jv
write_all(sqlite3 *db, long long user_id, struct mem *m, int n, int flags)
{
	jv out = jv_array();
	char now[32];

	snprintf(now, sizeof now, "%s", iv_now());
	for (int i = 0; i < n; i++) {
		int had_vec = m[i].vec != NULL;
		const char *stored;
		jv r;

		/* Again, now that nobody else can write: the store may have
		 * moved since the first look. */
		if (plan(db, user_id, &m[i], m[i].model, m[i].dim, flags) < 0 || m[i].error) {
			jv_free(out);
			return m[i].error ? jv_invalid_with_msg(jv_string_fmt("memory %.0f: %s",
						iv_jnum(m[i].m, "id", 0), m[i].error))
					  : db_fail(db, "can't read the knowledge base");
		}
		if (!m[i].skip && !had_vec && m[i].id && m[i].same_text && m[i].has_tokens)
			m[i].skip = 1;	/* nothing new to write */
		stored = m[i].skip ? "skipped" : m[i].id ? "updated" : "inserted";
		if (!m[i].skip && write_mem(db, user_id, &m[i], now) < 0) {
			jv_free(out);
			return db_fail(db, "can't store memory");
		}
		r = JV_OBJECT(jv_string("id"), jv_number((double)m[i].id), jv_string("stored"), jv_string(stored));
		if (m[i].model && (had_vec || m[i].skip))
			r = jv_object_set(r, jv_string("embedding_model"), jv_string(m[i].model));
		out = jv_array_append(out, r);
	}
	return out;
}

jv
iv_memories_store(sqlite3 *db, long long user_id, jv mems, iv_embedder *e, int flags)
{
	int n = jv_array_length(jv_copy(mems)), i, errors = 0;
	struct mem *m = iv_xcalloc((size_t)n + 1, sizeof *m);
	char *want = iv_xcalloc((size_t)n + 1, 1), *err = NULL;
	float *vecs = NULL;
	jv out = jv_invalid();

	prepare(m, mems, n, e);
	for (i = 0; i < n; i++) {
		if (plan(db, user_id, &m[i], m[i].model, m[i].dim, flags) < 0) {
			out = db_fail(db, "can't read the knowledge base");
			goto done;
		}
		errors += m[i].error != NULL;
		want[i] = !m[i].error && !m[i].skip;
	}
	if (errors) {
		out = jv_array();
		for (i = 0; i < n; i++)
			out = jv_array_append(out, m[i].error ? JV_OBJECT(jv_string("error"), jv_string(m[i].error))
						      : jv_object());
		goto done;
	}
	vecs = embed_some(m, n, want, e, &err);
	if (err) {
		out = jv_invalid_with_msg(jv_string_fmt("can't embed: %s", err));
		goto done;
	}
	if (iv_db_begin(db) < 0) {
		out = db_fail(db, "can't store memories");
		goto done;
	}
	out = write_all(db, user_id, m, n, flags);
	if (!jv_is_valid(out))
		iv_db_rollback(db);
	else if (iv_db_commit(db) < 0) {
		jv_free(out);
		out = db_fail(db, "can't store memories");
	}
done:
	release(m, n);
	free(want);
	free(vecs);
	free(err);
	jv_free(mems);
	return out;
}

static jv
count_stored(jv res, jv summary)
{
	int added = 0, skipped = 0;

	jv_array_foreach(res, i, r) {
		jv s = iv_jget(r, "stored");

		if (!strcmp(iv_jstr(s), "skipped"))
			skipped++;
		else
			added++;
		jv_free(s);
		jv_free(r);
		(void)i;
	}
	jv_free(res);
	summary = jv_object_set(summary, jv_string("added"), jv_number(added));
	return jv_object_set(summary, jv_string("skipped"), jv_number(skipped));
}

/* Store memories made here (not typed by anyone): when the embedder fails
 * (a server down), they are stored without vectors for `iv sync` to embed
 * later. */
static jv
store_made(sqlite3 *db, long long user_id, jv mems, iv_embedder *e)
{
	jv r = iv_memories_store(db, user_id, jv_copy(mems), e, 0);

	if (!jv_is_valid(r) && e) {
		jv m = jv_invalid_get_msg(r);

		if (!strncmp(iv_jstr(m), "can't embed", 11)) {
			iv_warn("%s; storing without vectors for 'iv sync' to embed", iv_jstr(m));
			jv_free(m);
			r = iv_memories_store(db, user_id, jv_copy(mems), NULL, 0);
		} else {
			r = jv_invalid_with_msg(m);
		}
	}
	jv_free(mems);
	return r;
}

jv
iv_memories_reindex(sqlite3 *db, long long user_id, iv_embedder *e,
		    void (*progress)(long done, long total, void *ctx), void *ctx)
{
	const char *model = iv_embedder_model(e);
	const char *stale = "(embedding IS NULL OR embedding_model IS NOT ?2 OR "
			    "(?3 > 0 AND embedding_dim IS NOT ?3))";
	long long last = 0;
	long done = 0, total;
	char *sql;
	jv row;

	sql = iv_xasprintf("SELECT count(*) AS n FROM knowledge WHERE user_id = ?1 AND %s", stale);
	row = iv_db_row(db, sql, JV_ARRAY(jv_number((double)user_id), jv_string(model),
					  jv_number(iv_embedder_dim(e))));
	free(sql);
	if (!jv_is_valid(row))
		return row;
	total = (long)iv_jnum(row, "n", 0);
	jv_free(row);
	sql = iv_xasprintf("SELECT id, content AS text FROM knowledge WHERE user_id = ?1 AND %s "
			   "AND id > ?4 ORDER BY id LIMIT ?5", stale);
	for (;;) {
		jv rows = iv_db_query(db, sql, JV_ARRAY(jv_number((double)user_id), jv_string(model),
							jv_number(iv_embedder_dim(e)), jv_number((double)last),
							jv_number(iv_embedder_batch(e)))), res;
		int n;

		if (!jv_is_valid(rows)) {
			free(sql);
			return rows;
		}
		n = jv_array_length(jv_copy(rows));
		if (n == 0) {
			jv_free(rows);
			break;
		}
		{
			jv lastrow = jv_array_get(jv_copy(rows), n - 1);

			last = (long long)iv_jnum(lastrow, "id", 0);
			jv_free(lastrow);
		}
		res = iv_memories_store(db, user_id, rows, e, 0);
		if (!jv_is_valid(res)) {
			free(sql);
			return res;
		}
		jv_free(res);
		done += n;
		if (progress)
			progress(done, total, ctx);
	}
	free(sql);
	return JV_OBJECT(jv_string("updated"), jv_number((double)done));
}

/* --- Finished interviews -------------------------------------------------- */

int
iv_knowledge_auto_update(sqlite3 *db, long long user_id)
{
	jv row = iv_db_row(db, "SELECT json_type(settings, '$.auto_update_knowledge') AS t, "
			   "json_extract(settings, '$.auto_update_knowledge') AS v FROM users WHERE id = ?",
			   JV_ARRAY(jv_number((double)user_id)));
	jv t = iv_jget(row, "t");
	int on;

	if (!strcmp(iv_jstr(t), "true"))
		on = 1;
	else if (!strcmp(iv_jstr(t), "false"))
		on = 0;
	else if (!strcmp(iv_jstr(t), "integer"))
		on = iv_jnum(row, "v", 0) != 0;
	else
		on = iv_config_bool("knowledge.auto_update", 0);
	jv_free(t);
	jv_free(row);
	return on;
}

/* A list from a summary as one line of text: strings as they are, objects
 * by their most telling field. */
static int
put_list(iv_buf *b, jv list, const char *label, const char *sep, const char *end)
{
	static const char *const keys[] = { "text", "description", "suggestion", "title", "skill", "name", NULL };
	int n = 0;

	if (jv_get_kind(list) == JV_KIND_STRING) {
		list = JV_ARRAY(list);
	} else if (jv_get_kind(list) != JV_KIND_ARRAY) {
		jv_free(list);
		return 0;
	}
	jv_array_foreach(list, i, x) {
		jv s = jv_null();

		if (jv_get_kind(x) == JV_KIND_STRING) {
			s = jv_copy(x);
		} else if (jv_get_kind(x) == JV_KIND_OBJECT) {
			for (int k = 0; keys[k] && jv_get_kind(s) != JV_KIND_STRING; k++) {
				jv_free(s);
				s = iv_jget(x, keys[k]);
			}
		}
		if (jv_get_kind(s) == JV_KIND_STRING && *jv_string_value(s)) {
			iv_buf_puts(b, n++ ? sep : label);
			iv_buf_puts(b, jv_string_value(s));
		}
		jv_free(s);
		jv_free(x);
		(void)i;
	}
	if (n)
		iv_buf_puts(b, end);
	jv_free(list);
	return n;
}

static jv
summary_memory(jv s, jv summary, int zh)
{
	iv_buf b = IV_BUF_INIT;
	jv overall = iv_jget(summary, "overall_score"), start = iv_jget(s, "start_time"), mem;
	int round = (int)iv_jnum(s, "round_number", 0);
	const char *date = iv_jstr(start);

	if (jv_get_kind(overall) != JV_KIND_NUMBER) {
		jv_free(overall);
		overall = iv_jget(s, "overall_score");
	}
	if (zh) {
		iv_buf_printf(&b, "第%d轮模拟面试（%.10s）", round, date);
		if (jv_get_kind(overall) == JV_KIND_NUMBER)
			iv_buf_printf(&b, "：总分 %g/10", jv_number_value(overall));
		iv_buf_puts(&b, "。");
		put_list(&b, iv_jget(summary, "strengths"), "优势：", "；", "。");
		put_list(&b, iv_jget(summary, "weaknesses"), "不足：", "；", "。");
		put_list(&b, iv_jget(summary, "improvement_suggestions"), "建议：", "；", "。");
	} else {
		iv_buf_printf(&b, "Round %d mock interview (%.10s)", round, date);
		if (jv_get_kind(overall) == JV_KIND_NUMBER)
			iv_buf_printf(&b, ": overall %g/10", jv_number_value(overall));
		iv_buf_puts(&b, ".");
		put_list(&b, iv_jget(summary, "strengths"), " Strengths: ", "; ", ".");
		put_list(&b, iv_jget(summary, "weaknesses"), " Weaknesses: ", "; ", ".");
		put_list(&b, iv_jget(summary, "improvement_suggestions"), " Suggestions: ", "; ", ".");
	}
	mem = JV_OBJECT(jv_string("text"), jv_string(b.s),
			jv_string("collection"), jv_string("user_memories"),
			jv_string("source_type"), jv_string("summary"),
			jv_string("source_id"), jv_string_fmt("%.0f", iv_jnum(s, "id", 0)),
			jv_string("importance"), jv_number(8),
			jv_string("metadata"), JV_OBJECT(jv_string("session_id"), iv_jget(s, "id"),
							 jv_string("round_number"), iv_jget(s, "round_number"),
							 jv_string("overall_score"), overall));
	jv_free(start);
	iv_buf_free(&b);
	return mem;
}

static jv
session_memories(sqlite3 *db, long long user_id, jv s, int zh)
{
	jv mems = jv_array(), rows, summary;
	double min = iv_config_num("knowledge.min_score", 7);
	double sid = iv_jnum(s, "id", 0);

	rows = iv_db_query(db, "SELECT a.id, a.content AS answer, a.score, a.created_at, q.id AS question_id, "
			   "q.content AS question, q.metadata AS qmeta FROM conversations a "
			   "JOIN conversations q ON q.id = a.reply_to "
			   "WHERE a.session_id = ? AND a.role = 'candidate' AND a.score >= ? "
			   "ORDER BY a.sequence_number", JV_ARRAY(jv_number(sid), jv_number(min)));
	if (!jv_is_valid(rows)) {
		jv_free(mems);
		return rows;
	}
	jv_array_foreach(rows, i, r) {
		jv q = iv_jget(r, "question"), a = iv_jget(r, "answer"), qmeta = iv_jget(r, "qmeta");
		jv meta = JV_OBJECT(jv_string("session_id"), jv_number(sid),
				    jv_string("round_number"), iv_jget(s, "round_number"),
				    jv_string("question_id"), iv_jget(r, "question_id"),
				    jv_string("score"), iv_jget(r, "score"));
		static const char *const keep[] = { "topic", "skill", "skills", "difficulty", NULL };

		for (int k = 0; keep[k]; k++) {
			jv v = iv_jget(qmeta, keep[k]);

			if (jv_get_kind(v) != JV_KIND_NULL)
				meta = jv_object_set(meta, jv_string(keep[k]), v);
			else
				jv_free(v);
		}
		mems = jv_array_append(mems, JV_OBJECT(
			jv_string("text"), jv_string_fmt(zh ? "问：%s\n答：%s" : "Q: %s\nA: %s", iv_jstr(q), iv_jstr(a)),
			jv_string("collection"), jv_string("user_memories"),
			jv_string("source_type"), jv_string("conversation"),
			jv_string("source_id"), jv_string_fmt("%.0f", iv_jnum(r, "id", 0)),
			jv_string("importance"), jv_number(iv_jnum(r, "score", 7)),
			jv_string("created_at"), iv_jget(r, "created_at"),
			jv_string("metadata"), meta));
		jv_free(q), jv_free(a), jv_free(qmeta), jv_free(r);
		(void)i;
	}
	jv_free(rows);
	summary = iv_jget(s, "summary");
	if (jv_get_kind(summary) == JV_KIND_OBJECT)
		mems = jv_array_append(mems, summary_memory(s, summary, zh));
	jv_free(summary);
	rows = iv_db_query(db, "SELECT id, skill_name, skill_path, score, "
			   "json_extract(assessment_data, '$.evidence') AS evidence FROM skill_assessments "
			   "WHERE session_id = ? AND user_id = ? ORDER BY id",
			   JV_ARRAY(jv_number(sid), jv_number((double)user_id)));
	if (!jv_is_valid(rows)) {
		jv_free(mems);
		return rows;
	}
	jv_array_foreach(rows, i, r) {
		jv ev = iv_jget(r, "evidence"), name = iv_jget(r, "skill_name");
		iv_buf b = IV_BUF_INIT;

		/* json_extract gives the array back as JSON text. */
		if (jv_get_kind(ev) == JV_KIND_STRING && jv_string_value(ev)[0] == '[') {
			jv p = iv_json_parse(jv_string_value(ev), strlen(jv_string_value(ev)));

			jv_free(ev);
			ev = jv_is_valid(p) ? p : (jv_free(p), jv_null());
		}
		iv_buf_printf(&b, "%s (%g/10)", iv_jstr(name), iv_jnum(r, "score", 0));
		if (put_list(&b, ev, zh ? "：" : ": ", zh ? "；" : "; ", "") > 0)
			mems = jv_array_append(mems, JV_OBJECT(
				jv_string("text"), jv_string(b.s),
				jv_string("collection"), jv_string("user_memories"),
				jv_string("source_type"), jv_string("skill"),
				jv_string("source_id"), jv_string_fmt("%.0f", iv_jnum(r, "id", 0)),
				jv_string("importance"), jv_number(iv_jnum(r, "score", 5)),
				jv_string("metadata"), JV_OBJECT(jv_string("session_id"), jv_number(sid),
								 jv_string("skill"), jv_copy(name),
								 jv_string("skill_path"), iv_jget(r, "skill_path"),
								 jv_string("score"), iv_jget(r, "score"))));
		iv_buf_free(&b);
		jv_free(name);
		jv_free(r);
		(void)i;
	}
	jv_free(rows);
	return mems;
}

/* The language memories of a session are written in. */
static int
session_is_zh(sqlite3 *db, jv s)
{
	jv lang = iv_jget(s, "lang"), row;
	int zh;

	if (jv_get_kind(lang) == JV_KIND_STRING) {
		zh = !strcmp(jv_string_value(lang), "zh");
		jv_free(lang);
		return zh;
	}
	jv_free(lang);
	row = iv_db_row(db, "SELECT group_concat(content, ' ') AS t FROM (SELECT content FROM conversations "
			"WHERE session_id = ? ORDER BY sequence_number LIMIT 6)",
			JV_ARRAY(iv_jget(s, "id")));
	lang = iv_jget(row, "t");
	zh = !strcmp(iv_text_lang(iv_jstr(lang)), "zh");
	jv_free(lang);
	jv_free(row);
	return zh;
}

jv
iv_knowledge_from_session(sqlite3 *db, long long user_id, long long session_id,
			  iv_embedder *e, int force)
{
	jv s = iv_session_get(db, user_id, session_id), st, mems, res, out;

	if (!jv_is_valid(s))
		return s;
	if (jv_get_kind(s) == JV_KIND_NULL)
		return jv_invalid_with_msg(jv_string_fmt("no session %lld", session_id));
	st = iv_jget(s, "status");
	if (strcmp(iv_jstr(st), "completed")) {
		out = jv_invalid_with_msg(jv_string_fmt("session %lld is %s; only a completed session "
							"updates knowledge", session_id, iv_jstr(st)));
		jv_free(st);
		jv_free(s);
		return out;
	}
	jv_free(st);
	out = JV_OBJECT(jv_string("session_id"), jv_number((double)session_id));
	if (iv_jnum(s, "knowledge_updated", 0) && !force) {
		jv_free(s);
		out = jv_object_set(out, jv_string("added"), jv_number(0));
		out = jv_object_set(out, jv_string("skipped"), jv_number(0));
		return jv_object_set(out, jv_string("already"), jv_true());
	}
	mems = session_memories(db, user_id, s, session_is_zh(db, s));
	jv_free(s);
	if (!jv_is_valid(mems)) {
		jv_free(out);
		return mems;
	}
	res = store_made(db, user_id, mems, e);
	if (!jv_is_valid(res)) {
		jv_free(out);
		return res;
	}
	out = count_stored(res, out);
	if (iv_db_exec(db, "UPDATE interview_sessions SET knowledge_updated = 1, knowledge_updated_at = ?1, "
		       "updated_at = ?1 WHERE id = ?2",
		       JV_ARRAY(jv_string(iv_now()), jv_number((double)session_id))) < 0) {
		jv_free(out);
		return db_fail(db, "can't mark the session");
	}
	return jv_object_set(out, jv_string("already"), jv_false());
}

/* --- Notes of real interviews --------------------------------------------- */

enum { L_NONE, L_COMPANY, L_POSITION, L_DATE, L_ROUND, L_QUESTION, L_ANSWER, L_REFLECTION, L_STRUGGLED, L_NOTES };

static const struct {
	const char *word;
	int label;
} note_labels[] = {
	{ "company", L_COMPANY }, { "employer", L_COMPANY }, { "公司", L_COMPANY }, { "公司名称", L_COMPANY },
	{ "position", L_POSITION }, { "role", L_POSITION }, { "job", L_POSITION }, { "职位", L_POSITION },
	{ "岗位", L_POSITION }, { "应聘岗位", L_POSITION }, { "应聘职位", L_POSITION },
	{ "date", L_DATE }, { "日期", L_DATE }, { "时间", L_DATE }, { "面试时间", L_DATE }, { "面试日期", L_DATE },
	{ "round", L_ROUND }, { "轮次", L_ROUND }, { "面试轮次", L_ROUND },
	{ "q", L_QUESTION }, { "question", L_QUESTION }, { "问", L_QUESTION }, { "问题", L_QUESTION },
	{ "题目", L_QUESTION },
	{ "a", L_ANSWER }, { "answer", L_ANSWER }, { "my answer", L_ANSWER }, { "答", L_ANSWER },
	{ "回答", L_ANSWER }, { "我的回答", L_ANSWER }, { "答案", L_ANSWER },
	{ "reflection", L_REFLECTION }, { "note", L_REFLECTION }, { "notes", L_REFLECTION },
	{ "thoughts", L_REFLECTION }, { "comment", L_REFLECTION }, { "反思", L_REFLECTION },
	{ "复盘", L_REFLECTION }, { "感想", L_REFLECTION }, { "备注", L_REFLECTION }, { "体会", L_REFLECTION },
	{ "struggled", L_STRUGGLED }, { "卡住", L_STRUGGLED }, { "卡壳", L_STRUGGLED },
	{ "overall", L_NOTES }, { "summary", L_NOTES }, { "总结", L_NOTES }, { "整体", L_NOTES },
	{ "总体", L_NOTES }, { "整体感受", L_NOTES },
	{ NULL, 0 },
};

/* Headings that name a part of the notes rather than ask a question. */
static const char *const note_sections[] = {
	"questions", "interview questions", "question list", "notes", "summary", "reflection",
	"reflections", "overall", "thoughts", "info", "details", "面试问题", "问题", "问题列表", "题目",
	"总结", "反思", "复盘", "感想", "备注", "整体感受", "基本信息", "面试信息", NULL,
};

/* What says a question went badly: anything in a reflection, the strong
 * ones in an answer too. ASCII ones are matched lowercased. */
static const char *const struggled_strong[] = {
	"(struggled)", "[struggled]", "❌", "✗", "✘", "(卡住)", "（卡住）", "【卡住】", "[卡住]",
	"don't know", "do not know", "no idea", "forgot", "not sure", "blanked",
	"不知道", "不清楚", "忘了", "没答上", "答不上", "没答出", NULL,
};
static const char *const struggled_weak[] = {
	"struggled", "didn't know", "did not know", "went blank", "stuck", "couldn't answer",
	"could not answer", "couldn't explain", "could not explain", "wasn't sure", "was not sure",
	"messed up", "got it wrong", "answered wrong", "wrong answer", "poorly", "badly",
	"should have", "need to review", "need to study",
	"不会", "没答好", "答错", "卡住", "卡壳", "忘记", "没想起", "不太会", "不熟", "没回答", "懵",
	"没准备", "需要复习", "要复习", "答得不好", "回答得不好", NULL,
};

static char *
lower_ascii(const char *s)
{
	char *l = iv_xstrdup(s), *p;

	for (p = l; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
		/* ’ (U+2019) as ' so "didn’t" reads as "didn't" */
		if ((unsigned char)p[0] == 0xe2 && (unsigned char)p[1] == 0x80 && (unsigned char)p[2] == 0x99)
			p[0] = '\'', memmove(p + 1, p + 3, strlen(p + 3) + 1);
	}
	return l;
}

static const char *
find_any(const char *text, const char *const *words)
{
	char *l = lower_ascii(text);
	const char *hit = NULL;

	for (int i = 0; words[i] && !hit; i++)
		if (strstr(l, words[i]))
			hit = words[i];
	free(l);
	return hit;
}

/* The label at the start of line ("Q1:", "问题：", "**Company**:"), its
 * kind, and where the value starts. */
static int
note_label(const char *line, const char **value)
{
	char word[64];
	const char *p = line, *sep = NULL;
	size_t n;
	int digits = 0;

	/* The label ends at the first colon, full-width or not, or at "." or
	 * "、" after a number ("Q1. What is..."). */
	for (const char *s = p; *s && s - p < 40; s++) {
		if (*s == ':') {
			sep = s, n = 1;
			break;
		}
		if (!strncmp(s, "：", 3) || (!strncmp(s, "、", 3) && s > p && s[-1] >= '0' && s[-1] <= '9')) {
			sep = s, n = 3;
			break;
		}
		if ((*s == '.' || *s == ')') && s > p && s[-1] >= '0' && s[-1] <= '9' &&
		    (s[1] == ' ' || s[1] == '\t' || !s[1])) {
			sep = s, n = 1;
			break;
		}
	}
	if (!sep || (size_t)(sep - p) >= sizeof word)
		return L_NONE;
	memcpy(word, p, (size_t)(sep - p));
	word[sep - p] = 0;
	/* "Q1", "Question 2", "问题3" */
	for (size_t len = strlen(word); len && ((word[len - 1] >= '0' && word[len - 1] <= '9') ||
						 word[len - 1] == ' ' || word[len - 1] == '#'); len--) {
		digits |= word[len - 1] >= '0' && word[len - 1] <= '9';
		word[len - 1] = 0;
	}
	for (char *c = word; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 32;
	for (int i = 0; note_labels[i].word; i++)
		if (!strcmp(word, note_labels[i].word)) {
			int l = note_labels[i].label;

			if (*sep != ':' && strncmp(sep, "：", 3) && !digits)
				return L_NONE;	/* "A. something" is not a label */
			if (*sep != ':' && strncmp(sep, "：", 3) && l != L_QUESTION && l != L_ANSWER)
				return L_NONE;
			p = sep + n;
			while (*p == ' ' || *p == '\t')
				p++;
			*value = p;
			return l;
		}
	return L_NONE;
}

static void
append_line(iv_buf *b, const char *s, int *gap)
{
	if (!*s) {
		*gap = b->len > 0;
		return;
	}
	if (b->len)
		iv_buf_puts(b, *gap ? "\n\n" : "\n");
	iv_buf_puts(b, s);
	*gap = 0;
}

static void
norm_date(const char *s, char *out)
{
	int y, m, d;

	*out = 0;
	if ((sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 || sscanf(s, "%4d/%2d/%2d", &y, &m, &d) == 3 ||
	     sscanf(s, "%4d.%2d.%2d", &y, &m, &d) == 3 || sscanf(s, "%4d年%2d月%2d", &y, &m, &d) == 3) &&
	    y >= 1970 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

struct nq {
	iv_buf q, a, r;
	int field;		/* L_ANSWER or L_REFLECTION: where plain lines go */
	int gap;
	int said;		/* -1 not said, 0 said no, 1 said yes */
};

static jv
finish_question(struct nq *q)
{
	const char *hit, *because = NULL;
	jv o, toks;
	int ntok;
	char *why = NULL;

	for (size_t i = q->a.len; i > 0 && strchr(" \t\n", q->a.s[i - 1]); i--)
		q->a.s[--q->a.len] = 0;
	for (size_t i = q->r.len; i > 0 && strchr(" \t\n", q->r.s[i - 1]); i--)
		q->r.s[--q->r.len] = 0;
	toks = iv_tokens(q->a.s ? q->a.s : "", 0);
	ntok = jv_array_length(toks);
	if (q->said == 1)
		because = "marked as struggled";
	else if (q->said == 0)
		because = NULL;
	else if (!q->a.len)
		because = "no answer";
	else if ((hit = find_any(q->q.s, struggled_strong)) || (hit = find_any(q->a.s, struggled_strong)) ||
		 (q->r.len && ((hit = find_any(q->r.s, struggled_strong)) || (hit = find_any(q->r.s, struggled_weak)))))
		because = why = iv_xasprintf("said so: %s", hit);
	else if (ntok < 3)
		because = "short answer";
	o = JV_OBJECT(jv_string("question"), jv_string(q->q.s ? q->q.s : ""),
		      jv_string("answer"), jv_string(q->a.s ? q->a.s : ""),
		      jv_string("reflection"), q->r.len ? jv_string(q->r.s) : jv_null(),
		      jv_string("struggled"), jv_bool(because != NULL),
		      jv_string("struggled_because"), because ? jv_string(because) : jv_null());
	free(why);
	iv_buf_free(&q->q), iv_buf_free(&q->a), iv_buf_free(&q->r);
	memset(q, 0, sizeof *q);
	return o;
}

/* A heading's text without "#"s, a question label or a trailing colon. */
static char *
heading_text(const char *line, int *level)
{
	const char *p = line, *v;
	char *t;
	size_t n;

	for (*level = 0; *p == '#'; p++)
		(*level)++;
	while (*p == ' ' || *p == '\t')
		p++;
	if (note_label(p, &v) == L_QUESTION)
		p = v;
	t = iv_xstrdup(p);
	n = strlen(t);
	while (n && (t[n - 1] == ' ' || t[n - 1] == ':' || t[n - 1] == '#'))
		t[--n] = 0;
	if (n >= 3 && !strcmp(t + n - 3, "："))
		t[n - 3] = 0;
	return t;
}

static int
is_section(const char *t)
{
	char *l = lower_ascii(t);
	int hit = 0;

	for (int i = 0; note_sections[i] && !hit; i++)
		hit = !strcmp(l, note_sections[i]);
	free(l);
	return hit;
}

jv
iv_notes_parse(const char *text)
{
	jv out = JV_OBJECT(jv_string("company"), jv_null(), jv_string("position"), jv_null(),
			   jv_string("date"), jv_null(), jv_string("round"), jv_null(),
			   jv_string("title"), jv_null());
	jv questions = jv_array();
	struct nq q = { 0 };
	iv_buf notes = IV_BUF_INIT, line = IV_BUF_INIT;
	int in_q = 0, notes_gap = 0, in_notes_section = 0, has_title = 0;
	const char *s = text;

	while (*s) {
		const char *nl = strchr(s, '\n'), *p, *v;
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		int label;

		iv_buf_reset(&line);
		iv_buf_add(&line, s, n);
		s += n + (nl != NULL);
		while (line.len && strchr("\r \t", line.s[line.len - 1]))
			line.s[--line.len] = 0;
		/* Bullets, quotes and bold around labels do not matter. */
		{
			char *w;

			while ((w = strstr(line.s, "**")))
				memmove(w, w + 2, strlen(w + 2) + 1);
		}
		p = line.s;
		while (*p == ' ' || *p == '\t')
			p++;
		if ((*p == '-' || *p == '*' || *p == '+' || *p == '>') && (p[1] == ' ' || p[1] == '\t'))
			for (p += 2; *p == ' ' || *p == '\t'; p++)
				;
		if (*p == '#') {
			int level;
			char *h = heading_text(p, &level);

			if (!*h) {
				free(h);
				continue;
			}
			if (level == 1 && !in_q && !has_title) {
				has_title = 1;
				out = jv_object_set(out, jv_string("title"), jv_string(h));
			} else if (is_section(h)) {
				if (in_q)
					questions = jv_array_append(questions, finish_question(&q));
				in_q = 0;
				in_notes_section = !find_any(h, (const char *const[]){ "question", "问题", "题目", NULL });
			} else {
				if (in_q)
					questions = jv_array_append(questions, finish_question(&q));
				iv_buf_puts(&q.q, h);
				q.field = L_ANSWER;
				q.said = -1;
				in_q = 1;
				in_notes_section = 0;
			}
			free(h);
			continue;
		}
		label = note_label(p, &v);
		switch (label) {
		case L_COMPANY:
		case L_POSITION:
		case L_DATE:
		case L_ROUND: {
			const char *key = label == L_COMPANY ? "company" : label == L_POSITION ? "position" :
					  label == L_DATE ? "date" : "round";
			jv cur = jv_object_get(jv_copy(out), jv_string(key));

			if (jv_get_kind(cur) == JV_KIND_NULL && *v)
				out = jv_object_set(out, jv_string(key), jv_string(v));
			jv_free(cur);
			continue;
		}
		case L_QUESTION:
			if (in_q)
				questions = jv_array_append(questions, finish_question(&q));
			iv_buf_puts(&q.q, v);
			q.field = L_ANSWER;
			q.said = -1;
			in_q = 1;
			in_notes_section = 0;
			continue;
		case L_NOTES:
			/* "Overall: ..." ends the questions' part. */
			if (in_q)
				questions = jv_array_append(questions, finish_question(&q));
			in_q = 0;
			in_notes_section = 1;
			append_line(&notes, p, &notes_gap);
			continue;
		case L_ANSWER:
		case L_REFLECTION:
			if (in_q) {
				q.field = label;
				q.gap = 0;
				append_line(label == L_ANSWER ? &q.a : &q.r, v, &q.gap);
				continue;
			}
			if (label == L_ANSWER)
				break;
			in_notes_section = 1;
			append_line(&notes, v, &notes_gap);
			continue;
		case L_STRUGGLED:
			if (in_q) {
				/* "Struggled:" alone or yes-like is yes; no-like is no. */
				q.said = strchr("nNfF0", *v) && *v ? 0 :
					 !strncmp(v, "否", 3) || !strncmp(v, "没", 3) || !strncmp(v, "无", 3) ? 0 : 1;
				continue;
			}
			break;
		}
		if (in_q && !in_notes_section)
			append_line(q.field == L_REFLECTION ? &q.r : &q.a, p, &q.gap);
		else
			append_line(&notes, p, &notes_gap);
	}
	if (in_q)
		questions = jv_array_append(questions, finish_question(&q));
	{
		jv d = jv_object_get(jv_copy(out), jv_string("date"));
		char iso[11];

		if (jv_get_kind(d) == JV_KIND_STRING) {
			norm_date(jv_string_value(d), iso);
			if (*iso)
				out = jv_object_set(out, jv_string("date"), jv_string(iso));
		}
		jv_free(d);
	}
	out = jv_object_set(out, jv_string("questions"), questions);
	out = jv_object_set(out, jv_string("notes"), notes.len ? jv_string(notes.s) : jv_null());
	iv_buf_free(&notes);
	iv_buf_free(&line);
	return out;
}

static jv
meeting_summary(sqlite3 *db, long long id, int added, int already)
{
	jv row = iv_db_row(db, "SELECT id, company, position, meeting_date, "
			   "json_array_length(parsed_content, '$.questions') AS questions, "
			   "(SELECT count(*) FROM json_each(parsed_content, '$.questions') "
			   " WHERE json_extract(value, '$.struggled')) AS struggled "
			   "FROM interview_meetings WHERE id = ?", JV_ARRAY(jv_number((double)id)));

	if (!jv_is_valid(row) || jv_get_kind(row) != JV_KIND_OBJECT)
		return row;
	row = jv_object_set(row, jv_string("memories"), jv_number(added));
	return jv_object_set(row, jv_string("already"), jv_bool(already));
}

static jv
notes_memories(jv parsed, long long meeting_id, const char *text, int zh)
{
	jv qs = iv_jget(parsed, "questions"), mems = jv_array();
	jv company = iv_jget(parsed, "company"), position = iv_jget(parsed, "position");
	jv date = iv_jget(parsed, "date");
	iv_buf head = IV_BUF_INIT;

	/* "Real interview at X (Y, 2026-11-20)" heads every memory, so a
	 * question recalls where it was asked. */
	iv_buf_puts(&head, zh ? "真实面试" : "Real interview");
	if (jv_get_kind(company) == JV_KIND_STRING)
		iv_buf_printf(&head, zh ? "：%s" : " at %s", jv_string_value(company));
	if (jv_get_kind(position) == JV_KIND_STRING || jv_get_kind(date) == JV_KIND_STRING) {
		iv_buf_puts(&head, zh ? "（" : " (");
		if (jv_get_kind(position) == JV_KIND_STRING)
			iv_buf_puts(&head, jv_string_value(position));
		if (jv_get_kind(position) == JV_KIND_STRING && jv_get_kind(date) == JV_KIND_STRING)
			iv_buf_puts(&head, zh ? "，" : ", ");
		if (jv_get_kind(date) == JV_KIND_STRING)
			iv_buf_puts(&head, jv_string_value(date));
		iv_buf_puts(&head, zh ? "）" : ")");
	}
	jv_array_foreach(qs, i, q) {
		jv qt = iv_jget(q, "question"), a = iv_jget(q, "answer"), r = iv_jget(q, "reflection");
		int struggled = iv_jbool(q, "struggled", 0);
		iv_buf b = IV_BUF_INIT;

		iv_buf_printf(&b, "%s\n%s%s", head.s, zh ? "问：" : "Q: ", iv_jstr(qt));
		if (*iv_jstr(a))
			iv_buf_printf(&b, "\n%s%s", zh ? "答：" : "A: ", iv_jstr(a));
		if (*iv_jstr(r))
			iv_buf_printf(&b, "\n%s%s", zh ? "反思：" : "Reflection: ", iv_jstr(r));
		mems = jv_array_append(mems, JV_OBJECT(
			jv_string("text"), jv_string(b.s),
			jv_string("collection"), jv_string("user_memories"),
			jv_string("source_type"), jv_string("meeting"),
			jv_string("source_id"), jv_string_fmt("%lld", meeting_id),
			jv_string("importance"), jv_number(struggled ? 8 : 6),
			jv_string("metadata"), JV_OBJECT(jv_string("meeting_id"), jv_number((double)meeting_id),
							 jv_string("company"), jv_copy(company),
							 jv_string("position"), jv_copy(position),
							 jv_string("date"), jv_copy(date),
							 jv_string("question_index"), jv_number(i),
							 jv_string("struggled"), jv_bool(struggled))));
		iv_buf_free(&b);
		jv_free(qt), jv_free(a), jv_free(r), jv_free(q);
	}
	if (jv_array_length(jv_copy(mems)) == 0) {
		/* Notes without questions are still worth remembering, in
		 * pieces a query can find. */
		jv chunks = iv_chunk_text(text, (size_t)iv_config_int("knowledge.chunk_bytes", 800),
					  (size_t)iv_config_int("knowledge.chunk_overlap", 100));

		jv_array_foreach(chunks, i, c) {
			jv t = iv_jget(c, "text");

			mems = jv_array_append(mems, JV_OBJECT(
				jv_string("text"), jv_string_fmt("%s\n%s", head.s, iv_jstr(t)),
				jv_string("collection"), jv_string("user_memories"),
				jv_string("source_type"), jv_string("meeting"),
				jv_string("source_id"), jv_string_fmt("%lld", meeting_id),
				jv_string("importance"), jv_number(6),
				jv_string("metadata"), JV_OBJECT(jv_string("meeting_id"), jv_number((double)meeting_id),
								 jv_string("company"), jv_copy(company),
								 jv_string("chunk"), jv_number(i))));
			jv_free(t), jv_free(c);
		}
		jv_free(chunks);
	}
	iv_buf_free(&head);
	jv_free(qs), jv_free(company), jv_free(position), jv_free(date);
	return mems;
}

jv
iv_notes_add(sqlite3 *db, long long user_id, const char *text, const char *name, iv_embedder *e)
{
	char hash[65];
	size_t bad;
	jv row, parsed, mems, res;
	long long id;
	int added = 0;

	(void)name;
	if ((bad = iv_utf8_invalid_at(text, strlen(text))) != (size_t)-1)
		return jv_invalid_with_msg(jv_string_fmt("not UTF-8 text (invalid byte at %zu)", bad + 1));
	if (blank(text))
		return jv_invalid_with_msg(jv_string("no notes (it is empty)"));
	iv_sha256_hex(text, strlen(text), hash);
	row = iv_db_row(db, "SELECT id, synced_to_knowledge, parsed_content FROM interview_meetings "
			"WHERE user_id = ? AND sha256 = ? ORDER BY id LIMIT 1",
			JV_ARRAY(jv_number((double)user_id), jv_string(hash)));
	if (!jv_is_valid(row))
		return row;
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		id = (long long)iv_jnum(row, "id", 0);
		if (iv_jnum(row, "synced_to_knowledge", 0)) {
			jv_free(row);
			return meeting_summary(db, id, 0, 1);
		}
		parsed = iv_jget(row, "parsed_content");
	} else {
		char date[11] = "";
		jv d, c, p;

		parsed = iv_notes_parse(text);
		d = iv_jget(parsed, "date");
		if (jv_get_kind(d) == JV_KIND_STRING)
			norm_date(jv_string_value(d), date);
		c = iv_jget(parsed, "company");
		p = iv_jget(parsed, "position");
		if (iv_db_exec(db, "INSERT INTO interview_meetings (user_id, company, position, meeting_date, "
			       "raw_notes, sha256, parsed_content, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       JV_ARRAY(jv_number((double)user_id), c, p, *date ? jv_string(date) : jv_null(),
					jv_string(text), jv_string(hash), jv_copy(parsed), jv_string(iv_now()),
					jv_string(iv_now()))) < 0) {
			jv_free(d), jv_free(row), jv_free(parsed);
			return db_fail(db, "can't store the notes");
		}
		id = iv_db_last_id(db);
		jv_free(d);
	}
	jv_free(row);
	mems = notes_memories(parsed, id, text, !strcmp(iv_text_lang(text), "zh"));
	jv_free(parsed);
	res = store_made(db, user_id, mems, e);
	if (!jv_is_valid(res))
		return res;
	jv_array_foreach(res, i, r) {
		jv st = iv_jget(r, "stored");

		added += strcmp(iv_jstr(st), "skipped") != 0;
		jv_free(st), jv_free(r);
		(void)i;
	}
	jv_free(res);
	if (iv_db_exec(db, "UPDATE interview_meetings SET synced_to_knowledge = 1, synced_at = ?1, "
		       "updated_at = ?1 WHERE id = ?2", JV_ARRAY(jv_string(iv_now()), jv_number((double)id))) < 0)
		return db_fail(db, "can't mark the notes");
	return meeting_summary(db, id, added, 0);
}

/* --- Documents ------------------------------------------------------------ */

/* The largest n <= len that does not cut a UTF-8 character. */
static size_t
utf8_floor(const char *s, size_t len, size_t n)
{
	if (n >= len)
		return len;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Where to cut s (len bytes) to keep at most max: after a sentence's end,
 * else after a comma, else at a space, else at a character boundary;
 * never at 0. */
static size_t
cut_at(const char *s, size_t len, size_t max)
{
	static const char *const tiers[][8] = {
		{ "。", "！", "？", "；", ". ", "! ", "? ", "\n" },
		{ "，", "、", "：", ", ", ": ", "; ", NULL },
		{ " ", "\t", NULL },
	};
	size_t lim = utf8_floor(s, len, max);

	for (int t = 0; t < 3; t++) {
		size_t best = 0;

		for (size_t i = lim / 2; i < lim; i++)
			for (int k = 0; k < 8 && tiers[t][k]; k++) {
				size_t m = strlen(tiers[t][k]);

				if (i + m <= lim && !memcmp(s + i, tiers[t][k], m))
					best = i + m;
			}
		if (best)
			return best;
	}
	if (!lim)	/* one character wider than max: take it whole */
		for (lim = 1; lim < len && ((unsigned char)s[lim] & 0xc0) == 0x80; lim++)
			;
	return lim;
}

/* The last overlap bytes of s, from a word or sentence start. */
static const char *
tail_of(const char *s, size_t overlap)
{
	size_t len = strlen(s), from;

	if (overlap == 0 || len <= overlap)
		return s + len;
	from = len - overlap;
	while (from < len && ((unsigned char)s[from] & 0xc0) == 0x80)
		from++;
	for (size_t i = from; i < len && i < from + overlap / 2; i++)
		if (s[i] == ' ' || s[i] == '\n' || !strncmp(s + i, "。", 3) || !strncmp(s + i, "，", 3)) {
			from = i + (s[i] == ' ' || s[i] == '\n' ? 1 : 3);
			break;
		}
	return s + from;
}

struct chunker {
	jv out;
	iv_buf cur;		/* the chunk being filled */
	size_t body;		/* bytes of cur that are not heading or overlap */
	char *heading;
	size_t max, overlap;
};

static void
chunk_flush(struct chunker *c, int keep_tail)
{
	char *tail = NULL;

	if (c->body == 0)
		return;
	if (keep_tail)
		tail = iv_xstrdup(tail_of(c->cur.s, c->overlap));
	c->out = jv_array_append(c->out, JV_OBJECT(jv_string("text"), jv_string(c->cur.s),
						   jv_string("heading"), c->heading ? jv_string(c->heading) : jv_null()));
	iv_buf_reset(&c->cur);
	c->body = 0;
	if (c->heading) {
		iv_buf_puts(&c->cur, c->heading);
		iv_buf_putc(&c->cur, '\n');
	}
	if (tail && *tail) {
		iv_buf_puts(&c->cur, tail);
		iv_buf_puts(&c->cur, "\n");
	}
	free(tail);
}

static void
chunk_para(struct chunker *c, const char *p, size_t n)
{
	while (n > 0) {
		size_t room = c->max, take;

		/* A short paragraph before (a title, a line) is topped up from
		 * this one rather than left alone in a chunk of its own. */
		if (c->body && c->body < c->max / 4 && c->body + 2 + n > c->max)
			room = c->max - c->body - 2;
		take = n <= room ? n : cut_at(p, n, room);
		if (c->body && c->body + take + 2 > c->max)
			chunk_flush(c, 1);
		if (c->body)
			iv_buf_puts(&c->cur, "\n\n");
		iv_buf_add(&c->cur, p, take);
		c->body += take;
		p += take, n -= take;
		while (n && (*p == ' ' || *p == '\n'))
			p++, n--;
	}
}

jv
iv_chunk_text(const char *text, size_t max, size_t overlap)
{
	struct chunker c = { jv_array(), IV_BUF_INIT, 0, NULL, max < 64 ? 64 : max, overlap };
	iv_buf para = IV_BUF_INIT;
	const char *s = text;

	if (c.overlap > c.max / 2)
		c.overlap = c.max / 2;
	while (*s) {
		size_t n = strcspn(s, "\n\f");
		const char *p = s, *next = s[n] ? s + n + 1 : s + n;
		size_t hashes;

		while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
			n--;
		while (n && (*p == ' ' || *p == '\t'))
			p++, n--;
		s = next;
		hashes = strspn(p, "#");
		if (n == 0 || (hashes >= 1 && hashes <= 6 && hashes < n && p[hashes] == ' ')) {
			/* A blank line ends a paragraph; a heading a section. */
			if (para.len)
				chunk_para(&c, para.s, para.len);
			iv_buf_reset(&para);
			if (n == 0)
				continue;
			chunk_flush(&c, 0);
			free(c.heading);
			c.heading = iv_xstrndup(p, n);
			iv_buf_reset(&c.cur);
			iv_buf_puts(&c.cur, c.heading);
			iv_buf_putc(&c.cur, '\n');
			continue;
		}
		if (para.len)
			iv_buf_putc(&para, '\n');
		iv_buf_add(&para, p, n);
	}
	if (para.len)
		chunk_para(&c, para.s, para.len);
	chunk_flush(&c, 0);
	iv_buf_free(&c.cur);
	iv_buf_free(&para);
	free(c.heading);
	return c.out;
}

#define DOC_MAX (64u << 20)	/* bytes of one document's text */

static int
is_pdf(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && !strcasecmp(path + n - 4, ".pdf");
}

jv
iv_document_text(const char *path)
{
	iv_buf b = IV_BUF_INIT;
	jv r;
	size_t bad;

	if (is_pdf(path)) {
		char *err = NULL;

		/* pdftotext as a child, with the time and size limits of extract.h */
		if (iv_pdf_text(path, &b, &err) < 0) {
			r = jv_invalid_with_msg(jv_string(err));
			free(err);
			iv_buf_free(&b);
			return r;
		}
	} else if (iv_buf_read_file(&b, path, DOC_MAX) < 0) {
		r = jv_invalid_with_msg(jv_string(errno == EFBIG ? "the file is too large" : strerror(errno)));
		iv_buf_free(&b);
		return r;
	}
	if (b.len && memchr(b.s, 0, b.len))
		r = jv_invalid_with_msg(jv_string("binary data, not text"));
	else if ((bad = iv_utf8_invalid_at(b.s ? b.s : "", b.len)) != (size_t)-1)
		r = jv_invalid_with_msg(jv_string_fmt("not UTF-8 text (invalid byte at %zu)", bad + 1));
	else
		r = jv_string(b.s ? b.s + (b.len >= 3 && !memcmp(b.s, "\xef\xbb\xbf", 3) ? 3 : 0) : "");
	iv_buf_free(&b);
	return r;
}

static int
has_doc_ext(const char *name)
{
	static const char *const exts[] = { ".md", ".markdown", ".txt", ".text", ".pdf", NULL };
	size_t n = strlen(name);

	for (int i = 0; exts[i]; i++) {
		size_t m = strlen(exts[i]);

		if (n > m && !strcasecmp(name + n - m, exts[i]))
			return 1;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The document files under dir, recursively, sorted; hidden ones and
 * symbolic links to folders are left out. */
static void
walk(const char *dir, jv *files)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap)
			names = iv_xrealloc(names, (cap = cap ? 2 * cap : 16) * sizeof *names);
		names[n++] = iv_xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct stat st, lst;

		if (stat(names[i], &st) == 0) {
			if (S_ISDIR(st.st_mode) && lstat(names[i], &lst) == 0 && !S_ISLNK(lst.st_mode))
				walk(names[i], files);
			else if (S_ISREG(st.st_mode) && has_doc_ext(names[i]))
				*files = jv_array_append(*files, jv_string(names[i]));
		}
		free(names[i]);
	}
	free(names);
}

/* Chunks of a document as memories, vectors included when e can. */
static jv
chunk_memories(const char *path, const char *text, long long doc_id)
{
	jv chunks = iv_chunk_text(text, (size_t)iv_config_int("knowledge.chunk_bytes", 800),
				  (size_t)iv_config_int("knowledge.chunk_overlap", 100));
	jv mems = jv_array();
	int n = jv_array_length(jv_copy(chunks));

	jv_array_foreach(chunks, i, c) {
		mems = jv_array_append(mems, JV_OBJECT(
			jv_string("text"), iv_jget(c, "text"),
			jv_string("collection"), jv_string("general_knowledge"),
			jv_string("source_type"), jv_string("document"),
			jv_string("source_id"), jv_string_fmt("%lld", doc_id),
			jv_string("importance"), jv_number(5),
			jv_string("metadata"), JV_OBJECT(jv_string("path"), jv_string(path),
							 jv_string("heading"), iv_jget(c, "heading"),
							 jv_string("chunk"), jv_number(i + 1),
							 jv_string("chunks"), jv_number(n))));
		jv_free(c);
	}
	jv_free(chunks);
	return mems;
}

static int
delete_chunks(sqlite3 *db, long long user_id, long long doc_id)
{
	return iv_db_exec(db, "DELETE FROM knowledge WHERE user_id = ? AND source_type = 'document' "
			  "AND source_id = ?", JV_ARRAY(jv_number((double)user_id),
							jv_string_fmt("%lld", doc_id)));
}

/* Embed in batches of the embedder's size; on failure the memories go
 * without vectors (for `iv sync`). Returns the vectors' blocks to free. */
static void
embed_batches(struct mem *m, int n, iv_embedder *e, float ***blocks, int *nblocks)
{
	int size = e ? iv_embedder_batch(e) : n;
	char *want = iv_xcalloc((size_t)n + 1, 1), *err = NULL;

	memset(want, 1, (size_t)n);
	*blocks = NULL;
	*nblocks = 0;
	for (int i = 0; e && i < n; i += size) {
		int k = n - i < size ? n - i : size;
		float *v = embed_some(m + i, k, want + i, e, &err);

		if (err) {
			iv_warn("can't embed: %s; storing without vectors for 'iv sync' to embed", err);
			free(err);
			break;
		}
		*blocks = iv_xrealloc(*blocks, (size_t)(*nblocks + 1) * sizeof **blocks);
		(*blocks)[(*nblocks)++] = v;
	}
	free(want);
}

/* Add or refresh one file. */
static jv
add_file(sqlite3 *db, long long user_id, const char *path, iv_embedder *e)
{
	iv_buf raw = IV_BUF_INIT;
	char hash[65];
	jv row, text, mems, res, out = JV_OBJECT(jv_string("path"), jv_string(path));
	long long id = 0;
	const char *status;
	struct mem *m = NULL;
	float **blocks = NULL;
	int n = 0, nblocks = 0;

	if (iv_buf_read_file(&raw, path, is_pdf(path) ? 1u << 30 : DOC_MAX) < 0) {
		out = jv_object_set(out, jv_string("status"), jv_string("failed"));
		out = jv_object_set(out, jv_string("error"), jv_string(strerror(errno)));
		iv_buf_free(&raw);
		return out;
	}
	iv_sha256_hex(raw.s ? raw.s : "", raw.len, hash);
	row = iv_db_row(db, "SELECT id, sha256, chunks FROM documents WHERE user_id = ? AND path = ?",
			JV_ARRAY(jv_number((double)user_id), jv_string(path)));
	if (!jv_is_valid(row)) {
		iv_buf_free(&raw);
		jv_free(out);
		return row;
	}
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		jv h = iv_jget(row, "sha256");

		id = (long long)iv_jnum(row, "id", 0);
		if (!strcmp(iv_jstr(h), hash)) {
			out = jv_object_set(out, jv_string("id"), jv_number((double)id));
			out = jv_object_set(out, jv_string("status"), jv_string("unchanged"));
			out = jv_object_set(out, jv_string("chunks"), iv_jget(row, "chunks"));
			jv_free(h), jv_free(row);
			iv_buf_free(&raw);
			return out;
		}
		jv_free(h);
	}
	jv_free(row);
	text = iv_document_text(path);
	if (!jv_is_valid(text)) {
		jv msg = jv_invalid_get_msg(text);

		out = jv_object_set(out, jv_string("status"), jv_string("failed"));
		out = jv_object_set(out, jv_string("error"), msg);
		iv_buf_free(&raw);
		return out;
	}
	/* The rows are written first with the document's id as it will be; a
	 * new document gets its id inside the transaction, so chunks carry a
	 * placeholder until then. */
	mems = chunk_memories(path, jv_string_value(text), id);
	n = jv_array_length(jv_copy(mems));
	m = iv_xcalloc((size_t)n + 1, sizeof *m);
	prepare(m, mems, n, e);
	embed_batches(m, n, e, &blocks, &nblocks);
	if (iv_db_begin(db) < 0) {
		res = db_fail(db, "can't store the document");
		goto fail;
	}
	if (id) {
		if (iv_db_exec(db, "UPDATE documents SET sha256 = ?, size = ?, chunks = ?, updated_at = ? WHERE id = ?",
			       JV_ARRAY(jv_string(hash), jv_number((double)raw.len), jv_number(n),
					jv_string(iv_now()), jv_number((double)id))) < 0 ||
		    delete_chunks(db, user_id, id) < 0) {
			res = db_fail(db, "can't store the document");
			goto rollback;
		}
		status = "updated";
	} else {
		if (iv_db_exec(db, "INSERT INTO documents (user_id, path, sha256, size, chunks, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)",
			       JV_ARRAY(jv_number((double)user_id), jv_string(path), jv_string(hash),
					jv_number((double)raw.len), jv_number(n), jv_string(iv_now()),
					jv_string(iv_now()))) < 0) {
			res = db_fail(db, "can't store the document");
			goto rollback;
		}
		id = iv_db_last_id(db);
		for (int i = 0; i < n; i++) {
			jv_free(m[i].m);
			m[i].m = jv_object_merge(jv_array_get(jv_copy(mems), i), JV_OBJECT(
				jv_string("source_id"), jv_string_fmt("%lld", id)));
		}
		status = "added";
	}
	res = write_all(db, user_id, m, n, IV_MEM_NO_DEDUPE);
	if (!jv_is_valid(res))
		goto rollback;
	jv_free(res);
	if (iv_db_commit(db) < 0) {
		res = db_fail(db, "can't store the document");
		goto fail;
	}
	out = jv_object_set(out, jv_string("id"), jv_number((double)id));
	out = jv_object_set(out, jv_string("status"), jv_string(status));
	out = jv_object_set(out, jv_string("chunks"), jv_number(n));
	res = out;
	goto done;
rollback:
	iv_db_rollback(db);
fail:
	jv_free(out);
done:
	release(m, n);
	for (int i = 0; i < nblocks; i++)
		free(blocks[i]);
	free(blocks);
	jv_free(mems);
	jv_free(text);
	iv_buf_free(&raw);
	return res;
}

static void
report_failed(jv r, void (*report)(jv, void *), void *ctx)
{
	if (report)
		report(r, ctx);
	else
		jv_free(r);
}

/* An absolute, clean path for what the user typed: the real path when it
 * exists, else the typed one made absolute. */
static char *
abs_path(const char *p)
{
	char *r = realpath(p, NULL), cwd[4096];

	if (r)
		return r;
	if (p[0] == '/' || !getcwd(cwd, sizeof cwd))
		r = iv_xstrdup(p);
	else
		r = iv_xasprintf("%s/%s", cwd, p);
	for (size_t n = strlen(r); n > 1 && r[n - 1] == '/'; n--)
		r[n - 1] = 0;
	return r;
}

int
iv_documents_add(sqlite3 *db, long long user_id, jv paths, iv_embedder *e,
		 void (*report)(jv result, void *ctx), void *ctx)
{
	int failures = 0;

	jv_array_foreach(paths, i, p) {
		char *path = abs_path(jv_string_value(p));
		struct stat st;

		if (stat(path, &st) < 0) {
			report_failed(JV_OBJECT(jv_string("path"), jv_copy(p), jv_string("status"), jv_string("failed"),
						jv_string("error"), jv_string(strerror(errno))), report, ctx);
			failures++;
		} else if (S_ISDIR(st.st_mode)) {
			jv files = jv_array(), gone;

			walk(path, &files);
			jv_array_foreach(files, j, f) {
				jv r = add_file(db, user_id, jv_string_value(f), e);

				if (!jv_is_valid(r)) {
					jv msg = jv_invalid_get_msg(r);

					r = JV_OBJECT(jv_string("path"), jv_copy(f), jv_string("status"), jv_string("failed"),
						      jv_string("error"), msg);
				}
				{
					jv st2 = iv_jget(r, "status");

					failures += !strcmp(iv_jstr(st2), "failed");
					jv_free(st2);
				}
				report_failed(r, report, ctx);
				jv_free(f);
				(void)j;
			}
			/* Files that were in the folder and are gone. */
			gone = iv_db_query(db, "SELECT id, path FROM documents WHERE user_id = ?1 AND "
					   "substr(path, 1, length(?2) + 1) = ?2 || '/' AND path NOT IN "
					   "(SELECT value FROM json_each(?3)) ORDER BY path",
					   JV_ARRAY(jv_number((double)user_id), jv_string(path), jv_copy(files)));
			if (jv_is_valid(gone) && jv_array_length(jv_copy(gone)) > 0) {
				jv ids = jv_array(), removed;

				jv_array_foreach(gone, j, g) {
					ids = jv_array_append(ids, jv_string_fmt("%.0f", iv_jnum(g, "id", 0)));
					jv_free(g);
					(void)j;
				}
				removed = iv_documents_remove(db, user_id, ids);
				if (jv_is_valid(removed))
					jv_array_foreach(removed, j, r) {
						report_failed(jv_object_set(r, jv_string("status"), jv_string("removed")),
							      report, ctx);
						(void)j;
					}
				else
					failures++;
				jv_free(removed);
			} else if (!jv_is_valid(gone)) {
				failures++;
			}
			jv_free(gone);
			jv_free(files);
		} else {
			jv r = add_file(db, user_id, path, e);

			if (!jv_is_valid(r)) {
				jv msg = jv_invalid_get_msg(r);

				r = JV_OBJECT(jv_string("path"), jv_string(path), jv_string("status"),
					      jv_string("failed"), jv_string("error"), msg);
			}
			{
				jv st2 = iv_jget(r, "status");

				failures += !strcmp(iv_jstr(st2), "failed");
				jv_free(st2);
			}
			report_failed(r, report, ctx);
		}
		free(path);
		jv_free(p);
		(void)i;
	}
	jv_free(paths);
	return failures;
}

jv
iv_documents_remove(sqlite3 *db, long long user_id, jv which)
{
	jv removed = jv_array(), err = jv_null();

	if (iv_db_begin(db) < 0) {
		jv_free(which), jv_free(removed);
		return db_fail(db, "can't remove documents");
	}
	jv_array_foreach(which, i, w) {
		const char *s = jv_string_value(w);
		jv rows;

		if (jv_is_valid(err)) {
			if (s[strspn(s, "0123456789")] == 0 && *s) {
				rows = iv_db_query(db, "SELECT id, path, chunks FROM documents WHERE user_id = ? AND id = ?",
						   JV_ARRAY(jv_number((double)user_id), jv_number(strtod(s, NULL))));
			} else {
				char *path = abs_path(s);

				rows = iv_db_query(db, "SELECT id, path, chunks FROM documents WHERE user_id = ?1 AND "
						   "(path = ?2 OR substr(path, 1, length(?2) + 1) = ?2 || '/') ORDER BY path",
						   JV_ARRAY(jv_number((double)user_id), jv_string(path)));
				free(path);
			}
			if (!jv_is_valid(rows)) {
				jv_free(err);
				err = rows;
			} else if (jv_array_length(jv_copy(rows)) == 0) {
				jv_free(err);
				err = jv_invalid_with_msg(jv_string_fmt("no document '%s' in the knowledge base", s));
				jv_free(rows);
			} else {
				jv_array_foreach(rows, j, r) {
					long long id = (long long)iv_jnum(r, "id", 0);

					if (delete_chunks(db, user_id, id) < 0 ||
					    iv_db_exec(db, "DELETE FROM documents WHERE id = ?",
						       JV_ARRAY(jv_number((double)id))) < 0) {
						jv_free(err);
						err = db_fail(db, "can't remove documents");
					}
					removed = jv_array_append(removed, r);
					(void)j;
				}
				jv_free(rows);
			}
		}
		jv_free(w);
		(void)i;
	}
	jv_free(which);
	if (!jv_is_valid(err) || iv_db_commit(db) < 0) {
		iv_db_rollback(db);
		jv_free(removed);
		return jv_is_valid(err) ? db_fail(db, "can't remove documents") : err;
	}
	jv_free(err);
	return removed;
}
