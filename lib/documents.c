#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"
#include "config.h"
#include "documents.h"
#include "extract.h"
#include "jsonl.h"
#include "knowledge.h"
#include "msg.h"
#include "sha256.h"
#include "store.h"
#include "utf8.h"

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
embed_batches(struct iv_mem *m, int n, iv_embedder *e, float ***blocks, int *nblocks)
{
	int size = e ? iv_embedder_batch(e) : n;
	char *want = iv_xcalloc((size_t)n + 1, 1), *err = NULL;

	memset(want, 1, (size_t)n);
	*blocks = NULL;
	*nblocks = 0;
	for (int i = 0; e && i < n; i += size) {
		int k = n - i < size ? n - i : size;
		float *v = iv_mem_embed_some(m + i, k, want + i, e, &err);

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
	struct iv_mem *m = NULL;
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
	iv_mem_prepare(m, mems, n, e);
	embed_batches(m, n, e, &blocks, &nblocks);
	if (iv_db_begin(db) < 0) {
		res = iv_db_fail(db, "can't store the document");
		goto fail;
	}
	if (id) {
		if (iv_db_exec(db, "UPDATE documents SET sha256 = ?, size = ?, chunks = ?, updated_at = ? WHERE id = ?",
			       JV_ARRAY(jv_string(hash), jv_number((double)raw.len), jv_number(n),
					jv_string(iv_now()), jv_number((double)id))) < 0 ||
		    delete_chunks(db, user_id, id) < 0) {
			res = iv_db_fail(db, "can't store the document");
			goto rollback;
		}
		status = "updated";
	} else {
		if (iv_db_exec(db, "INSERT INTO documents (user_id, path, sha256, size, chunks, created_at, updated_at) "
			       "VALUES (?, ?, ?, ?, ?, ?, ?)",
			       JV_ARRAY(jv_number((double)user_id), jv_string(path), jv_string(hash),
					jv_number((double)raw.len), jv_number(n), jv_string(iv_now()),
					jv_string(iv_now()))) < 0) {
			res = iv_db_fail(db, "can't store the document");
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
	res = iv_mem_write_all(db, user_id, m, n, IV_MEM_NO_DEDUPE);
	if (!jv_is_valid(res))
		goto rollback;
	jv_free(res);
	if (iv_db_commit(db) < 0) {
		res = iv_db_fail(db, "can't store the document");
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
	iv_mem_release(m, n);
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
		return iv_db_fail(db, "can't remove documents");
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
						err = iv_db_fail(db, "can't remove documents");
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
		return jv_is_valid(err) ? iv_db_fail(db, "can't remove documents") : err;
	}
	jv_free(err);
	return removed;
}
