/* store.h — the SQLite store: one file per person (iv_db_path below says where).
 *
 * Opening sets WAL, foreign keys and a busy timeout, creates the file with
 * mode 0600 (IV_DB_WRITE) and brings the schema up to date (migrations
 * keyed on PRAGMA user_version, each in its own transaction). A store from
 * a newer iv, a file that is not an iv store, a missing store for IV_DB_READ
 * or a read-only one for IV_DB_WRITE, are refused with a clear message.
 *
 * Queries take their parameters as a jv array (consumed) and bind them by
 * position: numbers (whole ones as integers), strings, null, booleans as 0/1,
 * arrays and objects as JSON text. Rows come back as jv objects keyed by
 * column name; columns declared JSON are parsed, BLOBs are base64 strings.
 */
#ifndef IV_STORE_H
#define IV_STORE_H

#include <sqlite3.h>
#include <jv.h>

enum {
	IV_DB_READ = 0,		/* the store must exist; it may be read-only */
	IV_DB_WRITE = 1,	/* created (with its folder) when missing; must be writable */
	/* with IV_DB_WRITE: a step of an interview turn (iv-ask --store,
	 * iv-grade --reply-to). A private store (mode 0600) keeps its
	 * write-ahead log when this command closes, synced, instead of
	 * writing it into the file (a checkpoint and four syncs); the log
	 * is emptied once it holds IV_DB_LOG_PAGES pages, and by the next
	 * command that is not a turn's step. */
	IV_DB_TURN = 2,
};
#define IV_DB_LOG_PAGES 64

/* The schema version this build writes (the last migration). */
int iv_db_schema_version(void);

/* Where the store is: the path set by --db (iv_db_set_path), else $IV_DB,
 * else the config's "db", else DATA/iv.db (paths.h). Owned by the module. */
const char *iv_db_path(void);
void iv_db_set_path(const char *path);

/* The user the program acts for: --user (iv_set_user_name), else config
 * "user" (IV_USER), else "default". */
const char *iv_user_name(void);
void iv_set_user_name(const char *name);

/* Open the store at iv_db_path(), or at path. On failure prints why and
 * exits IV_FAIL. */
sqlite3 *iv_db_open(int flags);
sqlite3 *iv_db_open_path(const char *path, int flags);
/* The same, for a program that must live on (iv-serve): NULL with the
 * reason in *err (malloc'd) instead of exiting. */
sqlite3 *iv_db_try_open_path(const char *path, int flags, char **err);
void iv_db_close(sqlite3 *db);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. Return 0, or -1 after printing the
 * error. A failed commit rolls back. */
int iv_db_begin(sqlite3 *db);
int iv_db_commit(sqlite3 *db);
void iv_db_rollback(sqlite3 *db);

/* All rows (a jv array of objects, new), or jv_invalid_with_msg(error). */
jv iv_db_query(sqlite3 *db, const char *sql, jv params);
/* The first row, jv_null() when there is none, or invalid on error. */
jv iv_db_row(sqlite3 *db, const char *sql, jv params);
/* A statement with no rows to return. Returns 0, or -1 with the error in
 * iv_db_error(db). */
int iv_db_exec(sqlite3 *db, const char *sql, jv params);
const char *iv_db_error(sqlite3 *db);
long long iv_db_last_id(sqlite3 *db);

/* One column value as jv (what the query functions use per column). */
jv iv_db_column(sqlite3_stmt *st, int i);
/* Bind params (consumed) to st; returns an SQLite code. */
int iv_db_bind(sqlite3_stmt *st, jv params);

/* The id of the current user (opts.h: iv_user_name()); with create, the
 * user is added when missing, else 0 means "no such user yet". */
long long iv_db_user_id(sqlite3 *db, int create);

/* base64 for BLOB columns in rows and in export/import. */
char *iv_base64_encode(const void *p, size_t n);
/* Returns malloc'd bytes and their length, or NULL when s is not base64. */
unsigned char *iv_base64_decode(const char *s, size_t *n);

#endif
