/* iv-embed — vectors for memories and documents: JSON lines with "text" in,
 * the same with "embedding" out, or stored in the knowledge base. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "embed.h"
#include "jsonl.h"
#include "documents.h"
#include "knowledge.h"
#include "notes.h"
#include "session_memory.h"
#include "msg.h"
#include "opts.h"
#include "store.h"

static const char help[] =
"Usage: iv-embed [--store] [OPTIONS] [FILE...]\n"
"       iv-embed --reindex | --info\n"
"       iv-embed --docs [PATH...] | --rm-docs PATH|ID...\n"
"       iv-embed --session [--force] ID... | --auto-sessions\n"
"       iv-embed --notes FILE|-...\n"
"Vectors for memories and documents.\n"
"\n"
"Reads JSON lines with \"text\" (other fields are kept) from the FILEs or\n"
"stdin and writes each back with \"embedding\" and \"embedding_model\".\n"
"\n"
"  -s, --store          save the lines to the knowledge base instead: a line\n"
"                       with \"id\" updates that row, one without is added\n"
"                       (fields: collection, source_type, source_id,\n"
"                       importance 0-10, metadata, created_at); text already\n"
"                       embedded with the same model is skipped. Prints each\n"
"                       line with \"id\" and \"stored\" (inserted, updated,\n"
"                       skipped)\n"
"      --collection C   with --store: the default collection (user_memories\n"
"                       or general_knowledge)\n"
"      --source-type T  with --store: the default source type (note)\n"
"      --importance X   with --store: the default importance (5)\n"
"      --reindex        embed the rows whose vector is missing or of another\n"
"                       model\n"
"      --info           print the embedding engine, model and dimension\n"
"      --docs [PATH...] add Markdown, text and PDF files and folders to the\n"
"                       general knowledge, in chunks; unchanged files are\n"
"                       skipped, changed ones chunked again, files gone from a\n"
"                       folder removed (no PATH: the config's knowledge.dirs)\n"
"      --rm-docs PATH|ID...\n"
"                       remove documents (a folder: all under it) and chunks\n"
"      --session ID...  turn completed sessions into memories: good answers,\n"
"                       the summary, skill evidence (--force: again)\n"
"      --auto-sessions  the same for every completed session not yet done,\n"
"                       when knowledge.auto_update is on\n"
"      --notes FILE|-   store notes of a real interview and its questions\n"
"      --db PATH        the store\n"
"      --user NAME      act for this user\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"A bad line is reported as NAME:LINE: reason; nothing after it is written.\n"
"Exit status: 0 success, 1 bad input or a failed step, 2 bad usage.\n";

enum {
	O_COLLECTION = 1, O_SOURCE_TYPE, O_IMPORTANCE, O_REINDEX, O_INFO, O_DOCS, O_RM_DOCS,
	O_SESSION, O_AUTO_SESSIONS, O_FORCE, O_NOTES,
};

static const struct option longopts[] = {
	{ "store", no_argument, 0, 's' },
	{ "collection", required_argument, 0, O_COLLECTION },
	{ "source-type", required_argument, 0, O_SOURCE_TYPE },
	{ "importance", required_argument, 0, O_IMPORTANCE },
	{ "reindex", no_argument, 0, O_REINDEX },
	{ "info", no_argument, 0, O_INFO },
	{ "docs", no_argument, 0, O_DOCS },
	{ "rm-docs", no_argument, 0, O_RM_DOCS },
	{ "session", no_argument, 0, O_SESSION },
	{ "auto-sessions", no_argument, 0, O_AUTO_SESSIONS },
	{ "force", no_argument, 0, O_FORCE },
	{ "notes", no_argument, 0, O_NOTES },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static int store;
static jv defaults;		/* fields a stored line lacks */
static iv_embedder *emb;
static sqlite3 *db;
static long long user_id;

/* Progress on stderr, only for a person watching a long run. */
static struct {
	int tty, shown;
	double start, last;
	long done, total;
} prog;

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
progress(long done, long total, void *ctx)
{
	double t = now_s();

	(void)ctx;
	prog.done = done, prog.total = total;
	if (!prog.tty || t - prog.start < 1.0 || t - prog.last < 0.2)
		return;
	prog.last = t;
	prog.shown = 1;
	if (total > 0) {
		int w = 30, fill = (int)(w * (done > total ? total : done) / total);

		fprintf(stderr, "\r%s: [%.*s%*s] %ld/%ld", iv_prog, fill,
			"##############################", w - fill, "", done, total);
	} else {
		fprintf(stderr, "\r%s: %ld texts (%.0f/s)", iv_prog, done, done / (t - prog.start));
	}
}

static void
progress_end(void)
{
	if (prog.shown)
		fprintf(stderr, "\r\033[K");
	prog.shown = 0;
}

static void
open_store(void)
{
	db = iv_db_open(IV_DB_WRITE);
	user_id = iv_db_user_id(db, 1);
}

static void
open_embedder(void)
{
	char *err;

	emb = iv_embedder_open(&err);
	if (!emb)
		iv_die(IV_FAIL, "%s", err);
}

/* One batch of good lines: embed (or store) them and print the results. */
struct batch {
	jv lines;		/* the objects as read */
	int n;
};

static int
flush_passthrough(struct batch *b)
{
	const char **texts = iv_xcalloc((size_t)b->n + 1, sizeof *texts);
	char *err = NULL, num[32];
	float *vecs;
	int dim, i;

	for (i = 0; i < b->n; i++) {
		jv line = jv_array_get(jv_copy(b->lines), i), t = iv_jget(line, "text");

		texts[i] = jv_string_value(t);	/* b->lines keeps the string */
		jv_free(t);
		jv_free(line);
	}
	vecs = iv_embed(emb, texts, b->n, &err);
	free(texts);
	if (!vecs) {
		iv_warn("can't embed: %s", err);
		free(err);
		return -1;
	}
	dim = iv_embedder_dim(emb);
	for (i = 0; i < b->n; i++) {
		jv line = jv_array_get(jv_copy(b->lines), i), v = jv_array();

		for (int j = 0; j < dim; j++) {
			/* Seven digits: what a float32 holds, in fewer bytes. */
			snprintf(num, sizeof num, "%.7g", vecs[(size_t)i * (size_t)dim + (size_t)j]);
			v = jv_array_append(v, jv_number(strtod(num, NULL)));
		}
		line = jv_object_set(line, jv_string("embedding"), v);
		line = jv_object_set(line, jv_string("embedding_model"), jv_string(iv_embedder_model(emb)));
		iv_jsonl_write(line);
	}
	free(vecs);
	return 0;
}

static int
flush_store(struct batch *b, const long *linenos, const char *name)
{
	jv mems = jv_array(), res;
	int i, bad = 0;

	for (i = 0; i < b->n; i++) {
		jv line = jv_array_get(jv_copy(b->lines), i);

		jv_object_foreach(defaults, k, v) {
			if (!jv_object_has(jv_copy(line), jv_copy(k)))
				line = jv_object_set(line, k, v);
			else
				jv_free(k), jv_free(v);
		}
		mems = jv_array_append(mems, line);
	}
	res = iv_memories_store(db, user_id, jv_copy(mems), emb, 0);
	if (!jv_is_valid(res)) {
		jv m = jv_invalid_get_msg(res);

		iv_warn("%s", jv_string_value(m));
		jv_free(m);
		jv_free(mems);
		return -1;
	}
	jv_array_foreach(res, j, r) {
		jv e = iv_jget(r, "error");

		if (jv_get_kind(e) == JV_KIND_STRING) {
			jv line = jv_array_get(jv_copy(mems), j);

			iv_warn("%s:%ld: memory %.0f: %s", name, linenos[j], iv_jnum(line, "id", 0), jv_string_value(e));
			jv_free(line);
			bad = 1;
		}
		jv_free(e);
		jv_free(r);
	}
	if (!bad)
		jv_array_foreach(res, j, r) {
			jv line = jv_array_get(jv_copy(mems), j);

			jv_object_foreach(r, k, v)
				line = jv_object_set(line, k, v);
			jv_free(r);
			iv_jsonl_write(line);
		}
	jv_free(res);
	jv_free(mems);
	return bad ? -1 : 0;
}

static int
check_line(jv v, char **why)
{
	jv t;

	if (store)
		return (*why = iv_memory_check(v)) ? -1 : 0;
	t = iv_jget(v, "text");
	*why = NULL;
	if (jv_get_kind(t) != JV_KIND_STRING)
		*why = jv_get_kind(t) == JV_KIND_NULL ? iv_xstrdup("missing field 'text'")
			: iv_xasprintf("field 'text': expected a string, got %s",
				       iv_json_kind_name(jv_get_kind(t)));
	else if ((size_t)jv_string_length_bytes(jv_copy(t)) != strlen(jv_string_value(t)))
		*why = iv_xstrdup("field 'text' holds a NUL character");
	else if (!jv_string_value(t)[strspn(jv_string_value(t), " \t\r\n\f\v")])
		*why = iv_xstrdup("field 'text' is empty");
	jv_free(t);
	return *why ? -1 : 0;
}

/* Lines of one input. Returns 0, or -1 after reporting bad lines (nothing
 * after the first is written). */
static int
embed_stream(FILE *f, const char *name, int *failed)
{
	iv_jsonl *r = iv_jsonl_open(f, name, IV_JSONL_OBJECTS);
	int size = iv_embedder_batch(emb), reported = 0, rc;
	struct batch b = { jv_array(), 0 };
	long *linenos = iv_xcalloc((size_t)size, sizeof *linenos);
	jv v;

	while ((rc = iv_jsonl_next(r, &v)) != 0) {
		char *why = NULL;

		if (rc < 0 || check_line(v, &why) < 0) {
			if (reported++ < 10) {
				if (rc < 0)
					iv_warn("%s", iv_jsonl_error(r));
				else
					iv_warn("%s:%ld: %s", name, iv_jsonl_lineno(r), why);
			}
			free(why);
			if (rc > 0)
				jv_free(v);
			*failed = 1;
			continue;
		}
		if (*failed) {
			jv_free(v);
			continue;
		}
		linenos[b.n] = iv_jsonl_lineno(r);
		b.lines = jv_array_append(b.lines, v);
		if (++b.n == size) {
			if ((store ? flush_store(&b, linenos, name) : flush_passthrough(&b)) < 0)
				*failed = 2;
			prog.done += b.n;
			progress(prog.done, 0, NULL);
			jv_free(b.lines);
			b.lines = jv_array();
			b.n = 0;
		}
	}
	if (reported > 10)
		iv_warn("%s: %d more bad lines", name, reported - 10);
	if (iv_jsonl_ioerror(r)) {
		iv_warn("can't read %s: %s", name, strerror(iv_jsonl_ioerror(r)));
		*failed = 1;
	}
	if (b.n && !*failed && (store ? flush_store(&b, linenos, name) : flush_passthrough(&b)) < 0)
		*failed = 2;
	jv_free(b.lines);
	free(linenos);
	iv_jsonl_close(r);
	return *failed ? -1 : 0;
}

static int
run_lines(int argc, char **argv)
{
	int failed = 0;

	if (store)
		open_store();
	if (optind >= argc)
		return embed_stream(stdin, "stdin", &failed) < 0 ? IV_FAIL : IV_OK;
	for (int i = optind; i < argc && !failed; i++) {
		FILE *f = strcmp(argv[i], "-") ? fopen(argv[i], "r") : stdin;

		if (!f) {
			iv_warn("can't open '%s': %s", argv[i], strerror(errno));
			return IV_FAIL;
		}
		embed_stream(f, strcmp(argv[i], "-") ? argv[i] : "stdin", &failed);
		if (f != stdin)
			fclose(f);
	}
	return failed ? IV_FAIL : IV_OK;
}

static int
run_reindex(void)
{
	jv r;

	open_store();
	r = iv_memories_reindex(db, user_id, emb, progress, NULL);
	progress_end();
	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		iv_warn("%s", jv_string_value(m));
		jv_free(m);
		return IV_FAIL;
	}
	iv_jsonl_write(jv_object_set(r, jv_string("embedding_model"), jv_string(iv_embedder_model(emb))));
	return IV_OK;
}

static void
print_result(jv r, void *ctx)
{
	(void)ctx;
	iv_jsonl_write(r);
}

static int
run_docs(int argc, char **argv)
{
	jv paths = jv_array();

	open_store();
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			paths = jv_array_append(paths, jv_string(argv[i]));
	} else {
		jv dirs = iv_config_get("knowledge.dirs");

		if (jv_get_kind(dirs) == JV_KIND_ARRAY)
			jv_array_foreach(dirs, i, d) {
				if (jv_get_kind(d) == JV_KIND_STRING) {
					const char *s = jv_string_value(d), *home = getenv("HOME");

					/* "~/notes" in YAML is the user's. */
					if (s[0] == '~' && (s[1] == '/' || !s[1]) && home)
						paths = jv_array_append(paths, jv_string_fmt("%s%s", home, s + 1));
					else
						paths = jv_array_append(paths, jv_copy(d));
				} else {
					iv_warn("config: knowledge.dirs: item %d is not a path", i + 1);
				}
				jv_free(d);
			}
		jv_free(dirs);
	}
	return iv_documents_add(db, user_id, paths, emb, print_result, NULL) ? IV_FAIL : IV_OK;
}

static int
run_rm_docs(int argc, char **argv)
{
	jv which = jv_array(), r;

	if (optind >= argc)
		iv_usage_error("--rm-docs needs a PATH or ID");
	open_store();
	for (int i = optind; i < argc; i++)
		which = jv_array_append(which, jv_string(argv[i]));
	r = iv_documents_remove(db, user_id, which);
	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		iv_warn("%s", jv_string_value(m));
		jv_free(m);
		return IV_FAIL;
	}
	jv_array_foreach(r, i, d) {
		iv_jsonl_write(d);
		(void)i;
	}
	jv_free(r);
	return IV_OK;
}

static int
one_session(long long id, int force)
{
	jv r = iv_knowledge_from_session(db, user_id, id, emb, force);

	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		iv_warn("session %lld: %s", id, jv_string_value(m));
		jv_free(m);
		return -1;
	}
	iv_jsonl_write(r);
	return 0;
}

static int
run_sessions(int argc, char **argv, int force)
{
	int failed = 0;

	if (optind >= argc)
		iv_usage_error("--session needs a session ID");
	for (int i = optind; i < argc; i++)
		iv_opt_long("--session", argv[i], 1, 0x7fffffffL);
	open_store();
	for (int i = optind; i < argc; i++)
		if (one_session(strtoll(argv[i], NULL, 10), force) < 0)
			failed = 1;
	return failed ? IV_FAIL : IV_OK;
}

static int
run_auto_sessions(void)
{
	int failed = 0;
	jv ids;

	open_store();
	if (!iv_knowledge_auto_update(db, user_id))
		return IV_OK;
	ids = iv_db_query(db, "SELECT id FROM interview_sessions WHERE user_id = ? AND status = 'completed' "
			  "AND knowledge_updated = 0 ORDER BY id", JV_ARRAY(jv_number((double)user_id)));
	if (!jv_is_valid(ids)) {
		jv m = jv_invalid_get_msg(ids);

		iv_warn("can't read sessions: %s", jv_string_value(m));
		jv_free(m);
		return IV_FAIL;
	}
	jv_array_foreach(ids, i, row) {
		if (one_session((long long)iv_jnum(row, "id", 0), 0) < 0)
			failed = 1;
		jv_free(row);
		(void)i;
	}
	jv_free(ids);
	return failed ? IV_FAIL : IV_OK;
}

static int
run_notes(int argc, char **argv)
{
	int failed = 0;

	if (optind >= argc)
		iv_usage_error("--notes needs a FILE or -");
	open_store();
	for (int i = optind; i < argc; i++) {
		const char *name = strcmp(argv[i], "-") ? argv[i] : "stdin";
		iv_buf b = IV_BUF_INIT;
		int rc = strcmp(argv[i], "-") ? iv_buf_read_file(&b, argv[i], 16u << 20)
					      : iv_buf_read_stream(&b, stdin, 16u << 20);
		jv r;

		if (rc < 0) {
			iv_warn("can't read %s: %s", name, strerror(errno));
			iv_buf_free(&b);
			failed = 1;
			continue;
		}
		if (b.len && memchr(b.s, 0, b.len))
			r = jv_invalid_with_msg(jv_string("binary data, not text"));
		else
			r = iv_notes_add(db, user_id, b.s ? b.s : "", name, emb);
		if (!jv_is_valid(r)) {
			jv m = jv_invalid_get_msg(r);

			iv_warn("%s: %s", name, jv_string_value(m));
			jv_free(m);
			failed = 1;
		} else {
			iv_jsonl_write(r);
		}
		iv_buf_free(&b);
	}
	return failed ? IV_FAIL : IV_OK;
}

int
main(int argc, char **argv)
{
	int c, mode = 0, force = 0, rc;

	iv_prog_init(argv[0]);
	defaults = jv_object();
	while ((c = iv_getopt(argc, argv, "s", longopts, help)) != -1) {
		switch (c) {
		case 's':
			store = 1;
			break;
		case O_COLLECTION:
			if (strcmp(optarg, "user_memories") && strcmp(optarg, "general_knowledge"))
				iv_usage_error("option '--collection' takes user_memories or general_knowledge, not '%s'",
					       optarg);
			defaults = jv_object_set(defaults, jv_string("collection"), jv_string(optarg));
			break;
		case O_SOURCE_TYPE:
			if (!*optarg)
				iv_usage_error("option '--source-type' needs a name");
			defaults = jv_object_set(defaults, jv_string("source_type"), jv_string(optarg));
			break;
		case O_IMPORTANCE:
			defaults = jv_object_set(defaults, jv_string("importance"),
						 jv_number(iv_opt_num("--importance", optarg, 0, 10)));
			break;
		case O_FORCE:
			force = 1;
			break;
		default:
			if (mode && mode != c)
				iv_usage_error("choose one of --reindex, --info, --docs, --rm-docs, --session, "
					       "--auto-sessions, --notes");
			mode = c;
			break;
		}
	}
	if (mode && store)
		iv_usage_error("--store goes with JSON lines only");
	if (force && mode != O_SESSION)
		iv_usage_error("--force goes with --session");
	if (jv_object_length(jv_copy(defaults)) && !store)
		iv_usage_error("--collection, --source-type and --importance go with --store");
	if ((mode == O_REINDEX || mode == O_INFO || mode == O_AUTO_SESSIONS) && optind < argc)
		iv_usage_error("unexpected argument '%s'", argv[optind]);
	if (mode != O_RM_DOCS)
		open_embedder();
	prog.tty = isatty(2);
	prog.start = now_s();
	switch (mode) {
	case O_INFO:
		iv_jsonl_write(JV_OBJECT(jv_string("engine"), jv_string(iv_embedder_engine(emb)),
					 jv_string("model"), jv_string(iv_embedder_model(emb)),
					 jv_string("dim"), jv_number(iv_embedder_dim(emb)),
					 jv_string("batch"), jv_number(iv_embedder_batch(emb))));
		rc = IV_OK;
		break;
	case O_REINDEX: rc = run_reindex(); break;
	case O_DOCS: rc = run_docs(argc, argv); break;
	case O_RM_DOCS: rc = run_rm_docs(argc, argv); break;
	case O_SESSION: rc = run_sessions(argc, argv, force); break;
	case O_AUTO_SESSIONS: rc = run_auto_sessions(); break;
	case O_NOTES: rc = run_notes(argc, argv); break;
	default: rc = run_lines(argc, argv); break;
	}
	progress_end();
	jv_free(defaults);
	iv_embedder_close(emb);
	iv_db_close(db);
	return iv_finish(rc);
}
