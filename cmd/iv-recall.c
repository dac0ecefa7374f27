/* iv-recall — what the memory holds about a query: ranked hits as JSON
 * lines; also the lists of documents and real-interview notes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "jsonl.h"
#include "msg.h"
#include "opts.h"
#include "recall.h"
#include "store.h"
#include "table.h"
#include "timing.h"

static const char help[] =
"Usage: iv-recall [OPTIONS] QUERY...\n"
"       iv-recall --docs | --notes\n"
"Find memories and knowledge about QUERY, best first, as JSON lines:\n"
"{id, score, content, collection, source_type, source_id, importance,\n"
"created_at}. Ranks by words (BM25) and by meaning (vector similarity),\n"
"fused, with a boost for recent memories; Chinese and English alike.\n"
"\n"
"  -k N                 how many hits (default 5)\n"
"      --collection C   only user_memories or general_knowledge\n"
"      --source-type T  only this source (conversation, summary, skill,\n"
"                       meeting, document, note, ...)\n"
"      --min-importance X\n"
"                       only memories this important or more (0-10)\n"
"      --since DATE     only memories from DATE on (YYYY-MM-DD[THH:MM])\n"
"      --explain        add each part of the ranking to the hits\n"
"      --no-touch       don't count this as an access to the hits\n"
"      --table          a table for people instead of JSON lines\n"
"      --docs           list the documents in the knowledge base\n"
"      --notes          list the notes of real interviews\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Exit status: 0 success (also with no hits), 1 a failed step, 2 bad usage.\n";

enum { O_COLLECTION = 1, O_SOURCE_TYPE, O_MIN_IMPORTANCE, O_SINCE, O_EXPLAIN, O_NO_TOUCH, O_DOCS, O_NOTES, O_TABLE };

static const struct option longopts[] = {
	{ "collection", required_argument, 0, O_COLLECTION },
	{ "source-type", required_argument, 0, O_SOURCE_TYPE },
	{ "min-importance", required_argument, 0, O_MIN_IMPORTANCE },
	{ "since", required_argument, 0, O_SINCE },
	{ "explain", no_argument, 0, O_EXPLAIN },
	{ "no-touch", no_argument, 0, O_NO_TOUCH },
	{ "docs", no_argument, 0, O_DOCS },
	{ "notes", no_argument, 0, O_NOTES },
	{ "table", no_argument, 0, O_TABLE },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static const iv_table_col hit_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "score", "SCORE", IV_TABLE_RIGHT },
	{ "source_type", "SOURCE", 0 }, { "importance", "IMP", IV_TABLE_RIGHT },
	{ "created_at", "CREATED", IV_TABLE_TIME }, { "content", "CONTENT", 0 }, { 0 },
};
static const iv_table_col doc_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "chunks", "CHUNKS", IV_TABLE_RIGHT },
	{ "size", "BYTES", IV_TABLE_RIGHT }, { "updated_at", "UPDATED", IV_TABLE_TIME },
	{ "path", "PATH", 0 }, { 0 },
};
static const iv_table_col note_cols[] = {
	{ "id", "ID", IV_TABLE_RIGHT }, { "meeting_date", "DATE", 0 }, { "company", "COMPANY", 0 },
	{ "position", "POSITION", 0 }, { "questions", "QUESTIONS", IV_TABLE_RIGHT },
	{ "struggled", "STRUGGLED", IV_TABLE_RIGHT }, { 0 },
};

static const iv_table_col *table;

static int
print_rows(jv rows)
{
	if (!jv_is_valid(rows)) {
		jv m = jv_invalid_get_msg(rows);

		iv_warn("%s", jv_string_value(m));
		jv_free(m);
		return IV_FAIL;
	}
	if (table) {
		if (jv_array_length(jv_copy(rows)) > 0)
			iv_table_print(stdout, rows, table, 0);
		jv_free(rows);
		return IV_OK;
	}
	jv_array_foreach(rows, i, r) {
		iv_jsonl_write(r);
		(void)i;
	}
	jv_free(rows);
	return IV_OK;
}

static int
list_docs(sqlite3 *db, long long user_id)
{
	return print_rows(iv_db_query(db, "SELECT id, path, chunks, size, sha256, created_at, updated_at "
				      "FROM documents WHERE user_id = ? ORDER BY path",
				      JV_ARRAY(jv_number((double)user_id))));
}

static int
list_notes(sqlite3 *db, long long user_id)
{
	return print_rows(iv_db_query(db, "SELECT id, company, position, meeting_date, "
				      "json_array_length(parsed_content, '$.questions') AS questions, "
				      "(SELECT count(*) FROM json_each(parsed_content, '$.questions') "
				      " WHERE json_extract(value, '$.struggled')) AS struggled, "
				      "synced_to_knowledge, created_at FROM interview_meetings WHERE user_id = ? "
				      "ORDER BY coalesce(meeting_date, created_at), id",
				      JV_ARRAY(jv_number((double)user_id))));
}

int
main(int argc, char **argv)
{
	iv_recall_opts o = { 0 };
	int c, mode = 0, rc;
	iv_buf q = IV_BUF_INIT;
	long long user_id;
	sqlite3 *db;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "k:", longopts, help)) != -1) {
		switch (c) {
		case 'k':
			o.k = (int)iv_opt_long("-k", optarg, 1, 1000);
			break;
		case O_COLLECTION:
			if (strcmp(optarg, "user_memories") && strcmp(optarg, "general_knowledge"))
				iv_usage_error("option '--collection' takes user_memories or general_knowledge, not '%s'",
					       optarg);
			o.collection = optarg;
			break;
		case O_SOURCE_TYPE:
			if (!*optarg)
				iv_usage_error("option '--source-type' needs a name");
			o.source_type = optarg;
			break;
		case O_MIN_IMPORTANCE:
			o.min_importance = iv_opt_num("--min-importance", optarg, 0, 10);
			break;
		case O_SINCE:
			o.since = optarg;
			break;
		case O_EXPLAIN:
			o.explain = 1;
			break;
		case O_NO_TOUCH:
			o.no_touch = 1;
			break;
		case O_TABLE:
			table = hit_cols;
			break;
		default:
			if (mode && mode != c)
				iv_usage_error("choose one of --docs and --notes");
			mode = c;
			break;
		}
	}
	if (mode && optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	for (int i = optind; i < argc; i++) {
		if (q.len)
			iv_buf_putc(&q, ' ');
		iv_buf_puts(&q, argv[i]);
	}
	if (!mode && (!q.len || !q.s[strspn(q.s, " \t\n")]))
		iv_usage_error("no query given");
	if (o.since) {
		time_t t;

		if (iv_parse_time(o.since, &t) < 0)
			iv_usage_error("option '--since' takes a date (YYYY-MM-DD[THH:MM[:SS]]), not '%s'", o.since);
	}
	db = iv_db_open(IV_DB_READ);
	user_id = iv_db_user_id(db, 0);
	if (table && mode)
		table = mode == O_DOCS ? doc_cols : note_cols;
	if (table && o.explain)
		iv_usage_error("--explain goes with JSON lines, not --table");
	if (mode == O_DOCS)
		rc = list_docs(db, user_id);
	else if (mode == O_NOTES)
		rc = list_notes(db, user_id);
	else {
		rc = print_rows(iv_recall(db, user_id, q.s, &o));
		if (iv_timing_level())
			fprintf(stderr, "iv-recall: timing: recall (CPU) words %.2f ms, embed %.2f ms, vector open %.2f ms, "
				"vector search %.2f ms, fusion %.2f ms, rows %.2f ms, touch %.2f ms\n",
				iv_recall_last.words, iv_recall_last.embed, iv_recall_last.vopen, iv_recall_last.vsearch,
				iv_recall_last.fuse, iv_recall_last.rows, iv_recall_last.touch);
	}
	iv_buf_free(&q);
	iv_db_close(db);
	return iv_finish(rc);
}
