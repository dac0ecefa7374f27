/* iv-llm — talk to the configured OpenAI-compatible LLM server: check it,
 * chat, embed, and show the prompts iv's templates make, as JSON lines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "context.h"
#include "jsonl.h"
#include "llm.h"
#include "msg.h"
#include "opts.h"
#include "paths.h"
#include "prompt.h"
#include "session.h"
#include "store.h"

static const char help[] =
"Usage: iv-llm [OPTIONS] ping|chat|embed|prompt NAME\n"
"Talk to the configured OpenAI-compatible LLM server, as JSON lines.\n"
"\n"
"Commands:\n"
"  ping                 check the server: print the endpoint, the model and the\n"
"                       latency, or why it failed\n"
"  chat                 read {\"messages\":[...]}, {\"prompt\":\"...\"} or\n"
"                       {\"template\":NAME,\"vars\":{...}} lines; print\n"
"                       {\"content\":...,\"usage\":{...}} for each\n"
"  embed                read {\"text\":\"...\"} lines; print each with \"embedding\"\n"
"  prompt NAME          read {\"vars\":{...}} lines; print the messages template\n"
"                       NAME makes, with their estimated tokens (no server)\n"
"\n"
"Options:\n"
"  -m, --model NAME       the model (default: $IV_MODEL, llm.model, the profile's)\n"
"  -p, --provider NAME    the profile under llm.profiles (default: $IV_PROVIDER,\n"
"                         llm.provider, or the only profile)\n"
"  -s, --json-schema FILE chat: ask for JSON following this JSON Schema and print\n"
"                         {\"json\":...,\"usage\":{...}}\n"
"      --stream           chat: print {\"delta\":\"...\"} lines as the text arrives,\n"
"                         then {\"content\":...,\"cut\":false,\"usage\":{...}}\n"
"      --no-cache         chat: neither use nor fill the store's reply cache\n"
"  -b, --batch N          embed: texts per request (default: llm.embed_batch, 64)\n"
"      --budget N         prompt and templates: at most N tokens (at most 3000)\n"
"      --if-configured    ping: print nothing and succeed when no LLM is configured\n"
"  -v, --verbose          say on stderr when a request is retried, and why\n"
"      --db PATH          the store (for the cache and session context)\n"
"      --user NAME        act for this user\n"
"      --help             show this help\n"
"      --version          show the version\n"
"\n"
"Exit status: 0 success, 1 bad input or a failed request, 2 bad usage.\n";

enum { OPT_STREAM = 1, OPT_NO_CACHE, OPT_IF_CONFIGURED, OPT_BUDGET };

static const struct option longopts[] = {
	{ "model", required_argument, 0, 'm' },
	{ "provider", required_argument, 0, 'p' },
	{ "json-schema", required_argument, 0, 's' },
	{ "stream", no_argument, 0, OPT_STREAM },
	{ "no-cache", no_argument, 0, OPT_NO_CACHE },
	{ "batch", required_argument, 0, 'b' },
	{ "budget", required_argument, 0, OPT_BUDGET },
	{ "if-configured", no_argument, 0, OPT_IF_CONFIGURED },
	{ "verbose", no_argument, 0, 'v' },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static const char *model, *provider, *schema_file;
static int stream, no_cache, batch, if_configured, verbose;
static long budget;
static sqlite3 *db;

static iv_llm *
client(void)
{
	char *err = NULL;
	iv_llm *c = iv_llm_open(provider, model, &err);

	if (!c)
		iv_die(IV_FAIL, "%s", err);
	iv_llm_set_verbose(c, verbose);
	return c;
}

/* The store: required for session context, optional for the cache (an
 * absent or unreadable store means no cache). */
static sqlite3 *
store(int required)
{
	if (!db && (required || access(iv_db_path(), R_OK) == 0))
		db = iv_db_open(IV_DB_READ);
	return db;
}

static int
cmd_ping(void)
{
	jv usage, r, msgs;
	iv_llm *c;

	if (if_configured && !iv_llm_configured())
		return IV_OK;
	c = client();
	if (iv_llm_key_env(c) && !iv_llm_has_key(c)) {
		iv_warn("%s: the environment variable %s (api_key_env of LLM profile '%s') is not set",
			iv_llm_endpoint(c), iv_llm_key_env(c), iv_llm_provider(c));
		iv_llm_free(c);
		return IV_FAIL;
	}
	iv_llm_set_retries(c, 0);
	iv_llm_set_cache(c, 0);
	msgs = iv_llm_messages(NULL, "Reply with the single word: pong");
	r = iv_llm_chat(c, msgs, &usage);
	jv_free(msgs);
	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		iv_warn("%s", jv_string_value(m));
		jv_free(m);
		jv_free(usage);
		iv_llm_free(c);
		return IV_FAIL;
	}
	printf("%s model %s (%.0f ms)\n", iv_llm_endpoint(c), iv_llm_model(c), iv_jnum(usage, "latency_ms", 0));
	jv_free(r);
	jv_free(usage);
	iv_llm_free(c);
	return IV_OK;
}

static char *
check_messages(jv m)
{
	if (jv_get_kind(m) != JV_KIND_ARRAY || jv_array_length(jv_copy(m)) == 0)
		return iv_xstrdup("\"messages\" must be a non-empty array");
	jv_array_foreach(m, i, x) {
		static const iv_field fields[] = {
			{ "role", IV_J_STRING, 1 },
			{ "content", IV_J_STRING | IV_J_ARRAY | IV_J_NULL, 1 },
			{ "name", IV_J_STRING, 0 },
			{ 0 },
		};
		char *err = iv_json_check(x, fields, 1);

		jv_free(x);
		if (err) {
			char *e = iv_xasprintf("messages[%d]: %s", i, err);

			free(err);
			return e;
		}
	}
	return NULL;
}

/* The layers a line gives, plus the store's when it names a session. */
static int
line_layers(jv line, iv_layers *l, char **err)
{
	static const char *const keys[] = { "turns", "plan", "summaries", "memories", "skills" };
	jv *slots[] = { &l->turns, &l->plan, &l->summaries, &l->memories, &l->skills };
	double sid = iv_jnum(line, "session_id", 0);

	memset(l, 0, sizeof *l);
	if (sid > 0) {
		long long uid;
		jv s;

		store(1);
		uid = iv_db_user_id(db, 0);
		s = uid ? iv_session_get(db, uid, (long long)sid) : jv_null();
		if (jv_get_kind(s) != JV_KIND_OBJECT) {
			jv_free(s);
			*err = iv_xasprintf("no session %.0f for user '%s'", sid, iv_user_name());
			return -1;
		}
		jv_free(s);
		if (iv_layers_load(db, uid, (long long)sid, l, err) < 0)
			return -1;
	}
	for (int i = 0; i < 5; i++) {
		jv v = iv_jget(line, keys[i]);

		if (jv_get_kind(v) != JV_KIND_NULL) {
			jv_free(*slots[i]);
			*slots[i] = v;
		} else {
			jv_free(v);
		}
	}
	return 0;
}

/* The messages a line asks for: its "messages", its "prompt" (and
 * "system"), or its "template" filled from "vars" and the layers. With
 * info, the template's accounting is put there. */
static jv
messages_of(jv line, const char *template, jv *info)
{
	jv m = iv_jget(line, "messages");
	char *err = NULL, *t = template ? iv_xstrdup(template) : iv_jstrdup(line, "template");

	if (jv_get_kind(m) != JV_KIND_NULL) {
		free(t);
		if ((err = check_messages(m))) {
			jv_free(m);
			m = jv_invalid_with_msg(jv_string(err));
			free(err);
		}
		return m;
	}
	jv_free(m);
	if (t) {
		jv vars = iv_jget(line, "vars");
		iv_layers l;

		if (jv_get_kind(vars) != JV_KIND_OBJECT && jv_get_kind(vars) != JV_KIND_NULL) {
			m = jv_invalid_with_msg(jv_string("\"vars\" must be an object"));
		} else if (line_layers(line, &l, &err) < 0) {
			m = jv_invalid_with_msg(jv_string(err));
			free(err);
			iv_layers_free(&l);
		} else {
			m = iv_prompt_build(t, vars, &l, (size_t)budget, info);
			iv_layers_free(&l);
		}
		jv_free(vars);
		free(t);
		return m;
	}
	{
		jv p = iv_jget(line, "prompt"), s = iv_jget(line, "system");

		if (jv_get_kind(p) != JV_KIND_STRING || (jv_get_kind(s) != JV_KIND_NULL && jv_get_kind(s) != JV_KIND_STRING))
			m = jv_invalid_with_msg(jv_string("expected \"messages\", \"prompt\" or \"template\" (with a "
							  "string \"prompt\" and an optional string \"system\")"));
		else
			m = iv_llm_messages(jv_get_kind(s) == JV_KIND_STRING ? jv_string_value(s) : NULL,
					    jv_string_value(p));
		jv_free(p);
		jv_free(s);
	}
	return m;
}

static void
print_delta(const char *text, size_t n, void *ctx)
{
	(void)ctx;
	iv_jsonl_write(JV_OBJECT(jv_string("delta"), jv_string_sized(text, (int)n)));
	fflush(stdout);
}

/* out with the line's "id" when it has one. */
static jv
with_id(jv out, jv line)
{
	jv id = iv_jget(line, "id");

	if (jv_get_kind(id) == JV_KIND_NULL) {
		jv_free(id);
		return out;
	}
	return jv_object_merge(JV_OBJECT(jv_string("id"), id), out);
}

static jv
load_schema(const char *path)
{
	iv_buf b = IV_BUF_INIT;
	jv s;

	if (iv_buf_read_file(&b, path, 1u << 20) < 0)
		iv_die(IV_FAIL, "can't read JSON Schema '%s': %m", path);
	s = iv_json_parse(b.s ? b.s : "", b.len);
	iv_buf_free(&b);
	if (jv_get_kind(s) != JV_KIND_OBJECT) {
		jv m = jv_is_valid(s) ? jv_string("expected a JSON object") : jv_invalid_get_msg(s);

		iv_die(IV_FAIL, "%s: %s", path, jv_string_value(m));
	}
	return s;
}

static int
fail_line(iv_jsonl *r, jv err)
{
	jv m = jv_invalid_get_msg(err);

	iv_warn("stdin:%ld: %s", iv_jsonl_lineno(r), jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "failed");
	jv_free(m);
	return IV_FAIL;
}

static int
cmd_chat(void)
{
	jv schema = schema_file ? load_schema(schema_file) : jv_null(), line;
	iv_jsonl *r;
	iv_llm *c;
	int rc = IV_OK, n;

	if (stream && schema_file)
		iv_usage_error("--stream and --json-schema don't go together (JSON replies are not streamed)");
	c = client();
	iv_llm_set_cache(c, !no_cache);
	if (!no_cache)
		iv_llm_set_db(c, store(0));
	r = iv_jsonl_open(stdin, "stdin", IV_JSONL_OBJECTS);
	while ((n = iv_jsonl_next(r, &line)) != 0) {
		jv msgs, out, usage = jv_null();

		if (n < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		msgs = messages_of(line, NULL, NULL);
		if (!jv_is_valid(msgs)) {
			rc = fail_line(r, msgs);
			jv_free(line);
			continue;
		}
		if (schema_file)
			out = iv_llm_json(c, msgs, schema, &usage);
		else if (stream)
			out = iv_llm_stream(c, msgs, print_delta, NULL, &usage);
		else
			out = iv_llm_chat(c, msgs, &usage);
		if (!jv_is_valid(out)) {
			rc = fail_line(r, out);
		} else if (schema_file) {
			iv_jsonl_write(with_id(JV_OBJECT(jv_string("json"), out, jv_string("usage"), jv_copy(usage)), line));
		} else {
			jv o = JV_OBJECT(jv_string("content"), out);

			if (stream)
				o = jv_object_set(o, jv_string("cut"), jv_bool(iv_jbool(usage, "cut", 0)));
			o = jv_object_set(o, jv_string("usage"), jv_copy(usage));
			iv_jsonl_write(with_id(o, line));
		}
		fflush(stdout);
		jv_free(usage);
		jv_free(msgs);
		jv_free(line);
	}
	if (iv_jsonl_ioerror(r))
		rc = IV_FAIL;
	iv_jsonl_close(r);
	iv_llm_free(c);
	jv_free(schema);
	return rc;
}

/* Embed the texts of the lines held, print them, and empty both lists. */
static int
flush_embed(iv_llm *c, jv *lines, jv *texts)
{
	int rc = IV_OK;

	if (jv_array_length(jv_copy(*texts)) > 0) {
		jv e = iv_llm_embed(c, *texts, NULL);

		if (!jv_is_valid(e)) {
			jv m = jv_invalid_get_msg(e);

			iv_warn("%s", jv_string_value(m));
			jv_free(m);
			rc = IV_FAIL;
		} else {
			jv_array_foreach(*lines, i, l) {
				iv_jsonl_write(jv_object_set(l, jv_string("embedding"), jv_array_get(jv_copy(e), i)));
			}
			jv_free(e);
			fflush(stdout);
		}
	}
	jv_free(*lines);
	jv_free(*texts);
	*lines = jv_array();
	*texts = jv_array();
	return rc;
}

static int
cmd_embed(void)
{
	jv lines = jv_array(), texts = jv_array(), line;
	iv_jsonl *r;
	iv_llm *c = client();
	int rc = IV_OK, n;

	if (batch)
		iv_llm_set_batch(c, batch);
	else
		batch = (int)iv_config_int("llm.embed_batch", 64);
	r = iv_jsonl_open(stdin, "stdin", IV_JSONL_OBJECTS);
	while ((n = iv_jsonl_next(r, &line)) != 0) {
		jv t;

		if (n < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		t = iv_jget(line, "text");
		if (jv_get_kind(t) != JV_KIND_STRING) {
			iv_warn("stdin:%ld: expected a string \"text\"", iv_jsonl_lineno(r));
			rc = IV_FAIL;
			jv_free(t);
			jv_free(line);
			continue;
		}
		lines = jv_array_append(lines, line);
		texts = jv_array_append(texts, t);
		if (jv_array_length(jv_copy(texts)) >= batch && flush_embed(c, &lines, &texts) != IV_OK)
			rc = IV_FAIL;
	}
	if (flush_embed(c, &lines, &texts) != IV_OK)
		rc = IV_FAIL;
	if (iv_jsonl_ioerror(r))
		rc = IV_FAIL;
	iv_jsonl_close(r);
	jv_free(lines);
	jv_free(texts);
	iv_llm_free(c);
	return rc;
}

static int
cmd_prompt(const char *name)
{
	iv_jsonl *r = iv_jsonl_open(stdin, "stdin", IV_JSONL_OBJECTS);
	int rc = IV_OK, n;
	jv line;

	while ((n = iv_jsonl_next(r, &line)) != 0) {
		jv info = jv_null(), msgs;

		if (n < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		msgs = messages_of(line, name, &info);
		if (!jv_is_valid(msgs)) {
			rc = fail_line(r, msgs);
			jv_free(info);
		} else {
			/* Messages given whole have no template: their size is all
			 * there is to say. */
			if (jv_get_kind(info) != JV_KIND_OBJECT) {
				jv_free(info);
				info = JV_OBJECT(jv_string("tokens"),
						 jv_number((double)iv_token_estimate_messages(msgs)));
			}
			iv_jsonl_write(with_id(jv_object_set(info, jv_string("messages"), msgs), line));
		}
		jv_free(line);
	}
	if (iv_jsonl_ioerror(r))
		rc = IV_FAIL;
	iv_jsonl_close(r);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *cmd;
	int c, rc;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "m:p:s:b:v", longopts, help)) != -1) {
		switch (c) {
		case 'm': model = optarg; break;
		case 'p': provider = optarg; break;
		case 's': schema_file = optarg; break;
		case 'b': batch = (int)iv_opt_long("--batch", optarg, 1, 2048); break;
		case 'v': verbose = 1; break;
		case OPT_STREAM: stream = 1; break;
		case OPT_NO_CACHE: no_cache = 1; break;
		case OPT_IF_CONFIGURED: if_configured = 1; break;
		case OPT_BUDGET: budget = iv_opt_long("--budget", optarg, 100, IV_PROMPT_BUDGET); break;
		}
	}
	if (optind >= argc)
		iv_usage_error("no command given (ping, chat, embed or prompt)");
	cmd = argv[optind++];
	if (strcmp(cmd, "prompt") && optind < argc)
		iv_usage_error("%s takes no arguments", cmd);
	if ((stream || schema_file || no_cache) && strcmp(cmd, "chat"))
		iv_usage_error("--stream, --json-schema and --no-cache are for chat");
	if (batch && strcmp(cmd, "embed"))
		iv_usage_error("--batch is for embed");
	if (!strcmp(cmd, "ping"))
		rc = cmd_ping();
	else if (!strcmp(cmd, "chat"))
		rc = cmd_chat();
	else if (!strcmp(cmd, "embed"))
		rc = cmd_embed();
	else if (!strcmp(cmd, "prompt")) {
		if (argc - optind != 1)
			iv_usage_error("prompt takes one template name");
		rc = cmd_prompt(argv[optind]);
	} else
		iv_usage_error("unknown command '%s'", cmd);
	iv_db_close(db);
	return iv_finish(rc);
}
