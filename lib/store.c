#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "compat.h"
#include "jsonl.h"
#include "msg.h"
#include "config.h"
#include "paths.h"
#include "schema.h"
#include "store.h"
#include "timing.h"

static char *db_path;
static const char *user_name;

static const char *
getenv_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

void
iv_db_set_path(const char *path)
{
	free(db_path);
	db_path = iv_xstrdup(path);
}

const char *
iv_db_path(void)
{
	const char *c;

	if (!db_path) {
		if (getenv_nonempty("IV_DB"))
			db_path = iv_xstrdup(getenv_nonempty("IV_DB"));
		else if ((c = iv_config_str("db", NULL)))
			db_path = iv_xstrdup(c);
		else
			db_path = iv_xasprintf("%s/iv.db", iv_path_data_dir());
	}
	return db_path;
}

void
iv_set_user_name(const char *name)
{
	user_name = name;
}

const char *
iv_user_name(void)
{
	if (!user_name)
		user_name = iv_config_str("user", "default");
	return user_name;
}


#define BUSY_TIMEOUT_MS 15000

int
iv_db_schema_version(void)
{
	int n = 0;

	while (iv_migrations[n + 1])
		n++;
	return n;
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Bring the store up to date; NULL, or why not (malloc'd). */
static char *
migrate(sqlite3 *db, const char *path, int from)
{
	int latest = iv_db_schema_version(), v;
	char *err = NULL, *why, pragma[64];

	if (iv_compat_register(db) != SQLITE_OK)
		iv_die(IV_FAIL, "can't upgrade store '%s': %s", path, sqlite3_errmsg(db));
	for (v = from + 1; v <= latest; v++) {
		int cur;

		if (iv_db_begin(db) < 0)
			return iv_xasprintf("can't upgrade store '%s'", path);
		/* Another process may have migrated while we waited for the lock. */
		if (pragma_int(db, "PRAGMA user_version", &cur) != SQLITE_OK) {
			why = iv_xasprintf("can't upgrade store '%s': %s", path, sqlite3_errmsg(db));
			iv_db_rollback(db);
			return why;
		}
		if (cur >= v) {
			iv_db_rollback(db);
			continue;
		}
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d;", v);
		if (sqlite3_exec(db, iv_migrations[v], NULL, NULL, &err) != SQLITE_OK ||
		    sqlite3_exec(db, pragma, NULL, NULL, &err) != SQLITE_OK ||
		    (v == 1 && sqlite3_exec(db, "PRAGMA application_id = 1769340929;", NULL, NULL, &err) != SQLITE_OK)) {
			why = iv_xasprintf("can't upgrade store '%s' to schema %d: %s", path, v,
					   err ? err : sqlite3_errmsg(db));
			sqlite3_free(err);
			iv_db_rollback(db);
			return why;
		}
		if (iv_db_commit(db) < 0)
			return iv_xasprintf("can't upgrade store '%s' to schema %d", path, v);
	}
	return NULL;
}

/* A file: URI for path, escaped; immutable when asked. */
static char *
uri_of(const char *path, int immutable)
{
	iv_buf b = IV_BUF_INIT;
	const char *p;

	iv_buf_puts(&b, "file:");
	for (p = path; *p; p++) {
		if (*p == '%' || *p == '?' || *p == '#' || (unsigned char)*p < 0x20)
			iv_buf_printf(&b, "%%%02X", (unsigned char)*p);
		else
			iv_buf_putc(&b, *p);
	}
	if (immutable)
		iv_buf_puts(&b, "?immutable=1");
	return iv_buf_take(&b);
}

/* Leave iv_db_try_open_path with the reason in *err. */
#define FAIL(...) do { *err = iv_xasprintf(__VA_ARGS__); goto fail; } while (0)

/* The stores this thread opened as a turn's step (IV_DB_TURN) that keep
 * their log: whether a commit since the last checkpoint is in it. */
static _Thread_local struct kept_log {
	sqlite3 *db;
	int wrote;
} kept[4];

static struct kept_log *
kept_of(sqlite3 *db)
{
	for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
		if (kept[i].db == db)
			return &kept[i];
	return NULL;
}

/* After each commit (SQLite's WAL hook, which replaces the automatic
 * checkpoint): a log of IV_DB_LOG_PAGES pages is written into the store
 * and emptied, without waiting: when another program reads or writes,
 * the next commit tries again. */
static int
log_committed(void *ctx, sqlite3 *db, const char *name, int pages)
{
	struct kept_log *k = ctx;

	k->wrote = 1;
	if (pages >= IV_DB_LOG_PAGES) {
		sqlite3_busy_timeout(db, 0);
		if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) == SQLITE_OK)
			k->wrote = 0;
		sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	}
	return SQLITE_OK;
}

/* Keep the log of db open as a turn's step; 0, or -1 when this thread
 * already keeps as many as it can (the store is then left whole). */
static int
keep_log(sqlite3 *db)
{
	struct kept_log *k = kept_of(NULL);

	if (!k)
		return -1;
	k->db = db;
	k->wrote = 0;
	sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, (int *)NULL);
	sqlite3_wal_hook(db, log_committed, k);
	return 0;
}

/* Nonzero when path-wal is missing or empty: nothing beyond the file. */
static int
no_log(const char *path)
{
	char *wal = iv_xasprintf("%s-wal", path);
	struct stat st;
	int none = stat(wal, &st) != 0 || st.st_size == 0;

	free(wal);
	return none;
}

sqlite3 *
iv_db_try_open_path(const char *path, int flags, char **err)
{
	struct stat st;
	sqlite3 *db = NULL;
	int writable, rc, appid = 0, version = 0, tables = 0, private = 0;
	char *dir;

	if (stat(path, &st) < 0) {
		if (errno != ENOENT)
			FAIL("can't open store '%s': %s", path, strerror(errno));
		if (!(flags & IV_DB_WRITE))
			FAIL("no store at '%s' (run 'iv init' to create one)", path);
		dir = iv_xstrdup(path);
		if (iv_mkdirs(dirname(dir), 0700) < 0 && (free(dir), 1))
			FAIL("can't create folder for store '%s': %s", path, strerror(errno));
		free(dir);
		int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			FAIL("can't create store '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
	} else if (S_ISDIR(st.st_mode)) {
		FAIL("can't open store '%s': it is a folder", path);
	} else {
		private = !(st.st_mode & 077);
	}
	writable = access(path, W_OK) == 0;
	if ((flags & IV_DB_WRITE) && !writable)
		FAIL("store '%s' is read-only", path);
	if (writable) {
		rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
	} else {
		char *wal = iv_xasprintf("%s-wal", path);
		int hidden = !no_log(path) && access(wal, R_OK) != 0;

		free(wal);
		/* an interview turn's step left its commits in the log, which
		 * only the owner may read */
		if (hidden)
			FAIL("can't read store '%s': its latest changes are in '%s-wal', which this user "
			     "may not read (the owner's next iv command that is not an interview turn "
			     "writes them into the store)", path, path);
		/* SQLite reads a WAL store read-only only when it can create the
		 * -shm file, or is told the file is immutable. With no -wal file
		 * there is no writer to miss. */
		char *uri = uri_of(path, no_log(path));

		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
		free(uri);
	}
	if (rc != SQLITE_OK)
		FAIL("can't open store '%s': %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	if ((rc = pragma_int(db, "PRAGMA application_id", &appid)) != SQLITE_OK ||
	    (rc = pragma_int(db, "PRAGMA user_version", &version)) != SQLITE_OK ||
	    (rc = pragma_int(db, "SELECT count(*) FROM sqlite_master", &tables)) != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB)
			FAIL("'%s' is not an iv store (not an SQLite database)", path);
		FAIL("can't read store '%s': %s", path, sqlite3_errmsg(db));
	}
	if (appid != IV_APPLICATION_ID && (appid != 0 || version != 0 || tables != 0))
		FAIL("'%s' is not an iv store (an SQLite database of another program)", path);
	if (version > iv_db_schema_version())
		FAIL("store '%s' has schema version %d, newer than this iv knows (%d); "
		       "upgrade iv to use it", path, version, iv_db_schema_version());
	/* The temporary tables of a query (a recursive list, a sort no index
	 * gives, DISTINCT) are kept in memory: in files, as SQLite's default
	 * has it, each costs a file's creation and deletion (iv-ask's latest
	 * scores per skill: 0.7 ms -> 0.02 ms). */
	sqlite3_exec(db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	if (sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL) != SQLITE_OK)
		FAIL("can't open store '%s': %s", path, sqlite3_errmsg(db));
	if (writable) {
		sqlite3_stmt *jm;
		int wal = 0;

		if (sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &jm, NULL) == SQLITE_OK) {
			if (sqlite3_step(jm) == SQLITE_ROW)
				wal = !strcmp((const char *)sqlite3_column_text(jm, 0), "wal");
			sqlite3_finalize(jm);
		}
		if (!wal && sqlite3_exec(db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL) != SQLITE_OK)
			FAIL("can't open store '%s': %s", path, sqlite3_errmsg(db));
		/* In WAL mode NORMAL survives any crash of the program; only a
		 * power loss can take the last commits. */
		sqlite3_exec(db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
		/* The last connection to close copies the log into the file
		 * and syncs it; it also deleted the log, and the next writer
		 * created it again and synced the folder: one more fsync
		 * (1-4 ms each here) and two file operations for every
		 * command that writes. The log file stays, emptied (size 0:
		 * a reader that may not write the store opens the file
		 * alone, as when there is no log). */
		{
			int persist = 1;

			sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
			sqlite3_exec(db, "PRAGMA journal_size_limit = 0", NULL, NULL, NULL);
		}
	}
	if (version < iv_db_schema_version()) {
		if (!writable)
			FAIL("store '%s' has schema version %d and needs upgrading, "
			       "but it is read-only", path, version);
		if ((*err = migrate(db, path, version)))
			goto fail;
	} else if ((flags & IV_DB_TURN) && writable && private) {
		/* A store others may read is left whole at every close: they
		 * may not read its log. So is a new or upgraded one. */
		keep_log(db);
	}
	return db;
fail:
	if (db)
		sqlite3_close_v2(db);
	return NULL;
}

sqlite3 *
iv_db_open_path(const char *path, int flags)
{
	char *err = NULL;
	int t = iv_time_begin(IV_T_STORE);
	sqlite3 *db = iv_db_try_open_path(path, flags, &err);

	iv_time_end(t);

	if (!db)
		iv_die(IV_FAIL, "%s", err);
	return db;
}

#undef FAIL

sqlite3 *
iv_db_open(int flags)
{
	return iv_db_open_path(iv_db_path(), flags);
}

/* Statements prepared once per store and kept while it is open: a program
 * that runs one query per input line parses its SQL once. Keyed by the
 * SQL's text. Per thread: iv-serve's workers each open their own store, and
 * a statement is used, kept and finalized by the thread that made it. */
struct cached_stmt {
	sqlite3 *db;
	char *sql;
	sqlite3_stmt *st;
};
static _Thread_local struct cached_stmt stmts[64];
static _Thread_local int nstmts;

static sqlite3_stmt *
prepare_cached(sqlite3 *db, const char *sql, int *rc)
{
	sqlite3_stmt *st;

	for (int i = 0; i < nstmts; i++)
		if (stmts[i].db == db && !strcmp(stmts[i].sql, sql)) {
			/* a statement that was stepped and failed, or is still
			 * in use by a caller up the stack, is not shared */
			if (sqlite3_stmt_busy(stmts[i].st))
				break;
			*rc = SQLITE_OK;
			return stmts[i].st;
		}
	*rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (*rc != SQLITE_OK)
		return NULL;
	if (nstmts < (int)(sizeof stmts / sizeof *stmts)) {
		stmts[nstmts].db = db;
		stmts[nstmts].sql = iv_xstrdup(sql);
		stmts[nstmts].st = st;
		nstmts++;
	}
	return st;
}

/* Done with st: reset and keep it when cached, else finalize. */
static void
release_stmt(sqlite3_stmt *st)
{
	for (int i = 0; i < nstmts; i++)
		if (stmts[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			return;
		}
	sqlite3_finalize(st);
}

void
iv_db_close(sqlite3 *db)
{
	struct kept_log *log;
	char *wal = NULL;
	int k = 0, t;

	if (!db)
		return;
	/* closing is the store's time too: a checkpoint, or the log's sync */
	t = iv_time_begin(IV_T_STORE);
	for (int i = 0; i < nstmts; i++)
		if (stmts[i].db == db) {
			sqlite3_finalize(stmts[i].st);
			free(stmts[i].sql);
		} else {
			stmts[k++] = stmts[i];
		}
	nstmts = k;
	if ((log = kept_of(db))) {
		log->db = NULL;
		if (log->wrote)
			wal = iv_xasprintf("%s-wal", sqlite3_db_filename(db, "main"));
	}
	sqlite3_close_v2(db);
	/* The commits left in the log are synced as a checkpoint would
	 * have: what the command wrote survives a power loss. */
	if (wal) {
		int fd = open(wal, O_RDONLY | O_CLOEXEC);

		if (fd < 0 || fdatasync(fd) < 0)
			iv_warn("can't sync the store's log '%s': %s", wal, strerror(errno));
		if (fd >= 0)
			close(fd);
		free(wal);
	}
	iv_time_end(t);
}

int
iv_db_begin(sqlite3 *db)
{
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		iv_warn("can't start a transaction: %s", sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

int
iv_db_commit(sqlite3 *db)
{
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		iv_warn("can't commit: %s", sqlite3_errmsg(db));
		iv_db_rollback(db);
		return -1;
	}
	return 0;
}

void
iv_db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

const char *
iv_db_error(sqlite3 *db)
{
	return sqlite3_errmsg(db);
}

long long
iv_db_last_id(sqlite3 *db)
{
	return sqlite3_last_insert_rowid(db);
}

int
iv_db_bind(sqlite3_stmt *st, jv params)
{
	int rc = SQLITE_OK;

	if (jv_get_kind(params) != JV_KIND_ARRAY) {
		jv_free(params);
		return SQLITE_OK;
	}
	jv_array_foreach(params, i, p) {
		if (rc == SQLITE_OK) {
			switch (jv_get_kind(p)) {
			case JV_KIND_NULL:
				rc = sqlite3_bind_null(st, i + 1);
				break;
			case JV_KIND_TRUE:
				rc = sqlite3_bind_int(st, i + 1, 1);
				break;
			case JV_KIND_FALSE:
				rc = sqlite3_bind_int(st, i + 1, 0);
				break;
			case JV_KIND_NUMBER: {
				double d = jv_number_value(p);

				if (d == floor(d) && fabs(d) < 9007199254740992.0)
					rc = sqlite3_bind_int64(st, i + 1, (sqlite3_int64)d);
				else
					rc = sqlite3_bind_double(st, i + 1, d);
				break;
			}
			case JV_KIND_STRING:
				rc = sqlite3_bind_text(st, i + 1, jv_string_value(p),
						       jv_string_length_bytes(jv_copy(p)), SQLITE_TRANSIENT);
				break;
			default: {
				jv s = jv_dump_string(jv_copy(p), 0);

				rc = sqlite3_bind_text(st, i + 1, jv_string_value(s), -1, SQLITE_TRANSIENT);
				jv_free(s);
				break;
			}
			}
		}
		jv_free(p);
	}
	jv_free(params);
	return rc;
}

jv
iv_db_column(sqlite3_stmt *st, int i)
{
	const char *decl;

	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return jv_number((double)sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return jv_number(sqlite3_column_double(st, i));
	case SQLITE_BLOB: {
		char *b = iv_base64_encode(sqlite3_column_blob(st, i), (size_t)sqlite3_column_bytes(st, i));
		jv s = jv_string(b);

		free(b);
		return s;
	}
	case SQLITE_TEXT: {
		const char *t = (const char *)sqlite3_column_text(st, i);
		int n = sqlite3_column_bytes(st, i);

		decl = sqlite3_column_decltype(st, i);
		if (decl && !strcasecmp(decl, "JSON")) {
			jv v = iv_json_parse(t, (size_t)n);

			if (jv_is_valid(v))
				return v;
			jv_free(v);
		}
		return jv_string_sized(t, n);
	}
	default:
		return jv_null();
	}
}

static jv
run_timed(sqlite3 *db, const char *sql, jv params, int max_rows)
{
	sqlite3_stmt *st;
	jv rows = jv_array();
	int rc, ncol, i, count = 0;

	st = prepare_cached(db, sql, &rc);
	if (rc != SQLITE_OK) {
		jv_free(params);
		jv_free(rows);
		return jv_invalid_with_msg(jv_string(sqlite3_errmsg(db)));
	}
	rc = iv_db_bind(st, params);
	if (rc != SQLITE_OK) {
		jv err = jv_invalid_with_msg(jv_string(sqlite3_errmsg(db)));

		jv_free(rows);
		release_stmt(st);
		return err;
	}
	ncol = sqlite3_column_count(st);
	/* Past max_rows the statement still runs to its end (an UPDATE's
	 * RETURNING, every row of a PRAGMA), but builds nothing. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		jv row;

		if (max_rows && count >= max_rows)
			continue;
		row = jv_object();
		for (i = 0; i < ncol; i++)
			row = jv_object_set(row, jv_string(sqlite3_column_name(st, i)), iv_db_column(st, i));
		rows = jv_array_append(rows, row);
		count++;
	}
	if (rc != SQLITE_DONE) {
		jv err = jv_invalid_with_msg(jv_string(sqlite3_errmsg(db)));

		release_stmt(st);
		jv_free(rows);
		return err;
	}
	release_stmt(st);
	return rows;
}

/* IV_SQL_LOG=FILE: every statement run, one per line, appended to FILE,
 * so a test can check the plan of each query a command runs. */
static void
log_sql(const char *sql)
{
	const char *path = getenv("IV_SQL_LOG");
	FILE *f;

	if (!path || !*path || !(f = fopen(path, "a")))
		return;
	for (const char *p = sql; *p; p++)
		fputc(*p == '\n' ? ' ' : *p, f);
	fputc('\n', f);
	fclose(f);
}

static jv
run(sqlite3 *db, const char *sql, jv params, int max_rows)
{
	int t = iv_time_begin(IV_T_QUERIES);
	struct timespec a, b;
	jv rows;

	if (iv_timing_level() == 2)
		clock_gettime(CLOCK_MONOTONIC, &a);
	log_sql(sql);
	rows = run_timed(db, sql, params, max_rows);
	if (iv_timing_level() == 2) {
		clock_gettime(CLOCK_MONOTONIC, &b);
		fprintf(stderr, "%s: timing: %.2f ms %.70s\n", iv_prog,
			(double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6, sql);
	}
	iv_time_end(t);
	return rows;
}

jv
iv_db_query(sqlite3 *db, const char *sql, jv params)
{
	return run(db, sql, params, 0);
}

jv
iv_db_row(sqlite3 *db, const char *sql, jv params)
{
	jv rows = run(db, sql, params, 1);

	if (!jv_is_valid(rows))
		return rows;
	if (jv_array_length(jv_copy(rows)) == 0) {
		jv_free(rows);
		return jv_null();
	}
	return jv_array_get(rows, 0);
}

int
iv_db_exec(sqlite3 *db, const char *sql, jv params)
{
	jv r = run(db, sql, params, 1);
	int ok = jv_is_valid(r);

	jv_free(r);
	return ok ? 0 : -1;
}

long long
iv_db_user_id(sqlite3 *db, int create)
{
	const char *name = iv_user_name();
	jv row = iv_db_row(db, "SELECT id FROM users WHERE username = ?",
			   JV_ARRAY(jv_string(name)));
	long long id = 0;

	if (!jv_is_valid(row)) {
		jv m = jv_invalid_get_msg(row);

		iv_die(IV_FAIL, "can't read users: %s", jv_string_value(m));
	}
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		id = (long long)iv_jnum(row, "id", 0);
	} else if (create) {
		const char *now = iv_now();

		if (iv_db_exec(db, "INSERT INTO users (username, created_at, updated_at) VALUES (?, ?, ?)",
			       JV_ARRAY(jv_string(name), jv_string(now), jv_string(now))) < 0)
			iv_die(IV_FAIL, "can't add user '%s': %s", name, iv_db_error(db));
		id = iv_db_last_id(db);
	}
	jv_free(row);
	return id;
}

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *
iv_base64_encode(const void *data, size_t n)
{
	const unsigned char *p = data;
	char *out = iv_xmalloc((n + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < n; i += 3) {
		*o++ = b64[p[i] >> 2];
		*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
		*o++ = b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6];
		*o++ = b64[p[i + 2] & 63];
	}
	if (i < n) {
		*o++ = b64[p[i] >> 2];
		if (i + 1 < n) {
			*o++ = b64[(p[i] & 3) << 4 | p[i + 1] >> 4];
			*o++ = b64[(p[i + 1] & 15) << 2];
		} else {
			*o++ = b64[(p[i] & 3) << 4];
			*o++ = '=';
		}
		*o++ = '=';
	}
	*o = 0;
	return out;
}

unsigned char *
iv_base64_decode(const char *s, size_t *n)
{
	size_t len = strlen(s), i, j = 0;
	unsigned char *out;
	unsigned v = 0;
	int bits = 0, pad = 0;

	if (len % 4)
		return NULL;
	out = iv_xmalloc(len / 4 * 3 + 1);
	for (i = 0; i < len; i++) {
		const char *c = strchr(b64, s[i]);

		if (s[i] == '=' && i >= len - 2) {
			pad++;
			continue;
		}
		if (!c || !s[i] || pad) {
			free(out);
			return NULL;
		}
		v = v << 6 | (unsigned)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[j++] = (unsigned char)(v >> bits);
			v &= (1u << bits) - 1;
		}
	}
	*n = j;
	return out;
}
