#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "jsonl.h"
#include "knowledge.h"
#include "msg.h"
#include "sha256.h"
#include "store.h"

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

int
iv_blank(const char *s)
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
	else if (iv_blank(jv_string_value(v)))
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
	if (jv_get_kind(v) == JV_KIND_STRING && iv_blank(jv_string_value(v)))
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


/* Decide what to do with one memory, from what the store holds now. */
static int
plan(sqlite3 *db, long long user_id, struct iv_mem *m, const char *model, int dim, int flags)
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
bind_vec(sqlite3_stmt *st, int i, const struct iv_mem *m)
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
write_mem(sqlite3 *db, long long user_id, struct iv_mem *m, const char *now)
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

jv
iv_db_fail(sqlite3 *db, const char *what)
{
	return jv_invalid_with_msg(jv_string_fmt("%s: %s", what, sqlite3_errmsg(db)));
}

/* A vector given with the memory itself. */
static void
given_vector(struct iv_mem *m)
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
void
iv_mem_prepare(struct iv_mem *m, jv mems, int n, iv_embedder *e)
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

void
iv_mem_release(struct iv_mem *m, int n)
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
float *
iv_mem_embed_some(struct iv_mem *m, int n, const char *want, iv_embedder *e, char **err)
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
jv
iv_mem_write_all(sqlite3 *db, long long user_id, struct iv_mem *m, int n, int flags)
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
					  : iv_db_fail(db, "can't read the knowledge base");
		}
		if (!m[i].skip && !had_vec && m[i].id && m[i].same_text && m[i].has_tokens)
			m[i].skip = 1;	/* nothing new to write */
		stored = m[i].skip ? "skipped" : m[i].id ? "updated" : "inserted";
		if (!m[i].skip && write_mem(db, user_id, &m[i], now) < 0) {
			jv_free(out);
			return iv_db_fail(db, "can't store memory");
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
	struct iv_mem *m = iv_xcalloc((size_t)n + 1, sizeof *m);
	char *want = iv_xcalloc((size_t)n + 1, 1), *err = NULL;
	float *vecs = NULL;
	jv out = jv_invalid();

	iv_mem_prepare(m, mems, n, e);
	for (i = 0; i < n; i++) {
		if (plan(db, user_id, &m[i], m[i].model, m[i].dim, flags) < 0) {
			out = iv_db_fail(db, "can't read the knowledge base");
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
	vecs = iv_mem_embed_some(m, n, want, e, &err);
	if (err) {
		out = jv_invalid_with_msg(jv_string_fmt("can't embed: %s", err));
		goto done;
	}
	if (iv_db_begin(db) < 0) {
		out = iv_db_fail(db, "can't store memories");
		goto done;
	}
	out = iv_mem_write_all(db, user_id, m, n, flags);
	if (!jv_is_valid(out))
		iv_db_rollback(db);
	else if (iv_db_commit(db) < 0) {
		jv_free(out);
		out = iv_db_fail(db, "can't store memories");
	}
done:
	iv_mem_release(m, n);
	free(want);
	free(vecs);
	free(err);
	jv_free(mems);
	return out;
}

jv
iv_mem_count_stored(jv res, jv summary)
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
jv
iv_mem_store_made(sqlite3 *db, long long user_id, jv mems, iv_embedder *e)
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
