/* records.h — what iv-store reads and writes beyond single sessions and
 * turns (session.h): lists with filters and pagination, interview records,
 * pending embedding work, and export/import of the whole store.
 *
 * Lists are in a stable order (created_at, then id) and hold only the
 * given user's rows. They return a new jv array of row objects, or
 * jv_invalid_with_msg(reason).
 *
 * A record is one question and its answer: the interviewer's turn and the
 * candidate's turn that replies to it (questions not answered yet are not
 * records). As JSON:
 *	{"id": question turn id, "session_id", "sequence_number", "question",
 *	 "answer", "answer_id": answer turn id, "score": the answer's,
 *	 "feedback": the answer's metadata.feedback, "metadata": the question's
 *	 metadata with the answer's (but feedback) set over it, "created_at"}
 */
#ifndef IV_RECORDS_H
#define IV_RECORDS_H

#include <stdio.h>
#include <sqlite3.h>
#include <jv.h>

typedef struct {
	const char *status;	/* the session's status, or NULL for any */
	const char *type;	/* the session's type (mock, real), or NULL */
	char since[21];		/* created at or after (ISO), "" for any */
	char until[21];		/* created at or before, "" for any */
	int until_day;		/* until was a bare date: until holds the next day's
				 * start, and rows must be created before it */
	int has_min_score;
	double min_score;	/* sessions: overall_score; records: the answer's score */
	long long session_id;	/* records of one session; 0 for any */
	long limit;		/* at most this many rows; < 0 for all */
	long offset;		/* rows skipped first */
	long long resume_id;	/* sessions of this resume (records: their sessions'); 0 for any */
	long long jd_id;	/* the same for a job description */
	int has_max_score;
	double max_score;	/* as min_score, an upper bound */
	const char *text;	/* records: the question or the answer holds it
				 * (ASCII letters in any case); NULL for any */
	const char *skill;	/* records: the question's skill_path is it or
				 * under it ("ai/llm" takes "ai/llm/rag"), or its
				 * topic is it; NULL for any */
	const char *order;	/* set by iv_filter_sort; NULL: created_at, id */
	int desc;		/* newest (largest) first */
} iv_filter;

#define IV_FILTER_INIT { NULL, NULL, "", "", 0, 0, 0, 0, -1, 0, 0, 0, 0, 0, NULL, NULL, NULL, 0 }

/* Set since or until from a date as clock.h reads them (iv_parse_time).
 * Returns 0, or -1 when arg is not such a date. */
int iv_filter_since(iv_filter *f, const char *arg);
int iv_filter_until(iv_filter *f, const char *arg);

/* Sort keys: what lists can be ordered by (ties: by id, in the same
 * direction). */
enum { IV_SORT_SESSIONS, IV_SORT_RECORDS };
extern const char *const iv_session_sort_keys[];	/* created_at, updated_at, round_number, overall_score, id */
extern const char *const iv_record_sort_keys[];		/* created_at, score, session_id, id */
/* Set f's order from KEY or -KEY (descending) of the given list. Returns 0,
 * or -1 when arg is not one of its keys. */
int iv_filter_sort(iv_filter *f, int which, const char *arg);

/* Sessions (session.h's row shape) passing status, type, resume_id, jd_id,
 * since, until, min_score, max_score, in f's order, limit and offset. */
jv iv_sessions_list(sqlite3 *db, long long user_id, const iv_filter *f);
/* Records passing every field of f; a session_id that is not the user's
 * is an error ("no session N"). */
jv iv_records_list(sqlite3 *db, long long user_id, const iv_filter *f);
/* How many rows the same filters pass, limit and offset aside; -1 on error. */
long long iv_sessions_count(sqlite3 *db, long long user_id, const iv_filter *f);
long long iv_records_count(sqlite3 *db, long long user_id, const iv_filter *f);
/* The record whose question turn has this id, in one of the user's
 * sessions; jv_null() when there is none. */
jv iv_record_get(sqlite3 *db, long long user_id, long long id);
/* rec (consumed): session_id, question, answer (required), score (0-10),
 * feedback (string), metadata (object, kept on the question). Adds the
 * question turn and its answer turn in one transaction (unless the caller
 * has one open). Returns the record. */
jv iv_record_add(sqlite3 *db, long long user_id, jv rec);

/* The user's rows of table ("resumes" or "job_descriptions", never user
 * input) passing since, until, limit and offset. */
jv iv_owned_list(sqlite3 *db, const char *table, long long user_id, const iv_filter *f);
/* The row with this id, or with id 0 the default one, else the latest;
 * jv_null() when there is none. */
jv iv_owned_get(sqlite3 *db, const char *table, long long user_id, long long id);

/* The user's knowledge rows whose embedding is missing or made by another
 * model than model, as iv-embed reads them: {"id", "text", "collection",
 * "source_type", "source_id", "importance", "content_hash"}, by id. */
jv iv_pending_embeddings(sqlite3 *db, long long user_id, const char *model);

/* The export format: a header line {"iv_export":1,"schema_version":N},
 * then one line per row, {"table":"users","row":{...}}: every table in
 * iv_schema_tables order, rows by primary key, JSON columns as nested JSON
 * and BLOBs as base64 strings. */
#define IV_EXPORT_FORMAT 1

/* Write the whole store (every user) on stdout in the export format, read
 * in one snapshot. Returns 0, or -1 after printing why. */
int iv_export(sqlite3 *db);
/* Read the export format from in (name is used in messages) into db in one
 * transaction. Rows keep their ids; a row whose id is already in the store
 * is refused. The first bad line (invalid JSON, an unknown table or column,
 * a value of the wrong kind, a constraint the row breaks, a schema version
 * this iv does not know) is reported as "NAME:LINE: reason" and nothing is
 * written. Returns the number of rows imported, or -1. */
long iv_import(sqlite3 *db, FILE *in, const char *name);

#endif
