/* llm_chat.c — chat replies, plain, streamed and as checked JSON, through
 * the reply cache (llm.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "config.h"
#include "jsonl.h"
#include "llm.h"
#include "llm_usage.h"
#include "llm_wire.h"
#include "llmjson.h"
#include "msg.h"
#include "prompt.h"
#include "sha256.h"
#include "store.h"

static const char *const format_name[] = { "json_schema", "json_object", "prompt" };

/* What worked for structured output, per process and endpoint. */
static char *learned_endpoint;
static int learned_format = -1;

/* The cache. */

static void
cache_key(const iv_llm *c, jv body, char key[65])
{
	jv k = JV_OBJECT(jv_string("endpoint"), jv_string(c->endpoint),
			 jv_string("request"), jv_object_delete(jv_copy(body), jv_string("stream")));
	jv d = jv_dump_string(k, JV_PRINT_SORTED);

	iv_sha256_hex(jv_string_value(d), (size_t)jv_string_length_bytes(jv_copy(d)), key);
	jv_free(d);
}

/* The cached text for key, or NULL; *usage gets its recorded usage. */
static char *
cache_get(const iv_llm *c, const char *key, jv *usage)
{
	jv row;
	char *text = NULL;

	if (!c->db || !c->cache)
		return NULL;
	row = iv_db_row(c->db, "SELECT response, usage FROM llm_cache WHERE key = ? AND expires_at > ?",
			JV_ARRAY(jv_string(key), jv_string(iv_now())));
	if (jv_get_kind(row) == JV_KIND_OBJECT) {
		jv resp = iv_jget(row, "response");

		text = iv_jstrdup(resp, "content");
		*usage = iv_jget(row, "usage");
		jv_free(resp);
	}
	jv_free(row);
	return text;
}

static void
cache_put(const iv_llm *c, const char *key, const char *text, jv usage)
{
	double days = iv_config_num("llm.cache_days", 7);
	char expires[32];
	jv params;

	/* An empty reply is never worth giving again. */
	if (!c->db || !c->cache || !text[strspn(text, " \t\r\n")]) {
		jv_free(usage);
		return;
	}
	iv_fmt_time(iv_now_t() + (time_t)(days * 86400), expires);
	params = JV_ARRAY(jv_string(key), jv_string(c->model ? c->model : ""),
			  JV_OBJECT(jv_string("content"), jv_string(text)), usage,
			  jv_string(iv_now()), jv_string(expires));
	/* A read-only or busy store only means no caching this time. */
	if (iv_db_exec(c->db, "INSERT OR REPLACE INTO llm_cache (key, model, response, usage, created_at, expires_at) "
		       "VALUES (?, ?, ?, ?, ?, ?)", params) == 0)
		iv_db_exec(c->db, "DELETE FROM llm_cache WHERE expires_at <= ?", JV_ARRAY(jv_string(iv_now())));
}

/* Chat. */

static jv
chat_body(const iv_llm *c, jv messages, jv response_format, int stream)
{
	jv b = JV_OBJECT(jv_string("model"), jv_string(c->model), jv_string("messages"), jv_copy(messages));

	b = jv_object_merge(b, jv_copy(c->params));
	if (jv_get_kind(response_format) == JV_KIND_OBJECT)
		b = jv_object_set(b, jv_string("response_format"), response_format);
	else
		jv_free(response_format);
	if (stream)
		b = jv_object_set(b, jv_string("stream"), jv_true());
	return b;
}

static jv
no_model(const iv_llm *c, iv_llm_tally *t, jv *usage)
{
	jv u = iv_llm_tally_json(c, t);

	u = jv_object_set(u, jv_string("error"), jv_string("no model"));
	iv_llm_give_usage(usage, u);
	return jv_invalid_with_msg(jv_string_fmt("no model for LLM profile '%s': set llm.profiles.%s.model, "
						 "llm.model or IV_MODEL", c->provider, c->provider));
}

static jv
failed(const iv_llm *c, iv_llm_tally *t, iv_llm_outcome *o, jv *usage)
{
	jv u = iv_llm_tally_json(c, t);

	u = jv_object_set(u, jv_string("error"), jv_string(o->error));
	iv_llm_give_usage(usage, u);
	return jv_invalid_with_msg(jv_string(o->error));
}

/* The content of a plain chat reply, as written (malloc'd; "" if none). */
static char *
reply_content(jv json)
{
	jv m = jv_getpath(jv_copy(json), JV_ARRAY(jv_string("choices"), jv_number(0), jv_string("message"),
						  jv_string("content")));
	char *s = iv_xstrdup(jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "");

	jv_free(m);
	return s;
}

/* One chat request through the cache. Returns the content as the model
 * wrote it (malloc'd) or NULL with o->error set; *key gets the cache key. */
static char *
chat_once(iv_llm *c, jv body, iv_llm_tally *t, iv_llm_outcome *o, char key[65])
{
	jv cu = jv_null();
	char *text;
	iv_llm_reply r;

	cache_key(c, body, key);
	if ((text = cache_get(c, key, &cu))) {
		iv_llm_tally_cached(t, cu);
		return text;
	}
	jv_free(cu);
	iv_llm_reply_init(&r, c, 0, NULL, NULL);
	*o = iv_llm_request(c, "/chat/completions", body, &r);
	t->attempts += o->attempts;
	iv_llm_reply_free(&r);
	if (!o->ok)
		return NULL;
	text = reply_content(o->json);
	if (jv_get_kind(o->json) == JV_KIND_OBJECT) {
		jv u = iv_jget(o->json, "usage"), msgs = iv_jget(body, "messages");
		char *model = iv_jstrdup(o->json, "model");

		iv_llm_tally_add(t, u, model, msgs, text);
		free(model);
		jv_free(u);
		jv_free(msgs);
	}
	return text;
}

jv
iv_llm_chat(iv_llm *c, jv messages, jv *usage)
{
	iv_llm_tally t = { .start = iv_llm_now_ms() };
	iv_llm_outcome o = { .json = jv_null() };
	char key[65], *raw, *text;
	jv body, u;

	if (!c->model)
		return no_model(c, &t, usage);
	body = chat_body(c, messages, jv_null(), 0);
	raw = chat_once(c, body, &t, &o, key);
	jv_free(body);
	if (!raw) {
		jv v = failed(c, &t, &o, usage);

		iv_llm_outcome_free(&o);
		return v;
	}
	text = t.cached ? iv_xstrdup(raw) : iv_llm_strip_think(raw);
	u = iv_llm_tally_json(c, &t);
	if (!t.cached)
		cache_put(c, key, text, iv_llm_counts_of(u));
	iv_llm_give_usage(usage, u);
	iv_llm_outcome_free(&o);
	free(raw);
	{
		jv s = jv_string(text);

		free(text);
		return s;
	}
}

jv
iv_llm_stream(iv_llm *c, jv messages, iv_llm_delta_fn fn, void *ctx, jv *usage)
{
	iv_llm_tally t = { .start = iv_llm_now_ms() };
	char key[65], *hit;
	jv body, cu = jv_null(), u, s;
	iv_llm_outcome o;
	iv_llm_reply r;
	int cut;

	if (!c->model)
		return no_model(c, &t, usage);
	body = chat_body(c, messages, jv_null(), 1);
	cache_key(c, body, key);
	if ((hit = cache_get(c, key, &cu))) {
		iv_llm_tally_cached(&t, cu);
		if (fn && *hit)
			fn(hit, strlen(hit), ctx);
		u = jv_object_set(iv_llm_tally_json(c, &t), jv_string("cut"), jv_false());
		iv_llm_give_usage(usage, u);
		s = jv_string(hit);
		free(hit);
		jv_free(body);
		return s;
	}
	jv_free(cu);
	iv_llm_reply_init(&r, c, 1, fn, ctx);
	o = iv_llm_request(c, "/chat/completions", body, &r);
	t.attempts += o.attempts;
	if (!o.ok) {
		s = failed(c, &t, &o, usage);
		goto out;
	}
	cut = o.cut;
	{
		jv msgs = iv_jget(body, "messages");

		iv_llm_tally_add(&t, r.usage, r.model, msgs, r.text.s ? r.text.s : "");
		jv_free(msgs);
	}
	u = iv_llm_tally_json(c, &t);
	if (!cut)
		cache_put(c, key, r.text.s ? r.text.s : "", iv_llm_counts_of(u));
	u = jv_object_set(u, jv_string("cut"), jv_bool(cut));
	iv_llm_give_usage(usage, u);
	s = jv_string(r.text.s ? r.text.s : "");
out:
	iv_llm_reply_free(&r);
	iv_llm_outcome_free(&o);
	jv_free(body);
	return s;
}

/* Structured output. */

/* The schema's title when it makes a name the API accepts, else "reply". */
static jv
schema_name(jv schema)
{
	jv t = iv_jget(schema, "title");
	const char *p;

	if (jv_get_kind(t) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(t)) <= 64) {
		for (p = jv_string_value(t); *p && (isalnum((unsigned char)*p) || *p == '_' || *p == '-'); p++)
			;
		if (!*p && p != jv_string_value(t))
			return t;
	}
	jv_free(t);
	return jv_string("reply");
}

static jv
response_format(int format, jv schema)
{
	if (format == IV_LLM_FORMAT_SCHEMA)
		return JV_OBJECT(jv_string("type"), jv_string("json_schema"),
				 jv_string("json_schema"), JV_OBJECT(jv_string("name"), schema_name(schema),
								     jv_string("schema"), jv_copy(schema)));
	if (format == IV_LLM_FORMAT_OBJECT)
		return JV_OBJECT(jv_string("type"), jv_string("json_object"));
	return jv_null();
}

static int
is_system(jv msg)
{
	jv role = iv_jget(msg, "role");
	int yes = !strcmp(iv_jstr(role), "system");

	jv_free(role);
	return yes;
}

/* messages with the request for JSON added to the system message (some
 * chat templates allow only one, and only first). */
static jv
ask_for_json(jv messages, jv schema)
{
	jv first = jv_array_get(jv_copy(messages), 0), d;
	char *note;

	if (jv_get_kind(schema) == JV_KIND_OBJECT) {
		d = jv_dump_string(jv_copy(schema), 0);
		note = iv_xasprintf("Reply with one JSON object and nothing else: no prose, no code fences. "
				    "It must follow this JSON Schema: %s", jv_string_value(d));
		jv_free(d);
	} else {
		note = iv_xstrdup("Reply with one JSON object and nothing else: no prose, no code fences.");
	}
	if (is_system(first)) {
		jv c = iv_jget(first, "content");

		first = jv_object_set(first, jv_string("content"),
				      jv_string_fmt("%s\n\n%s", iv_jstr(c), note));
		jv_free(c);
		messages = jv_array_set(jv_copy(messages), 0, first);
	} else {
		jv_free(first);
		messages = jv_array_concat(JV_ARRAY(JV_OBJECT(jv_string("role"), jv_string("system"),
							      jv_string("content"), jv_string(note))),
					   jv_copy(messages));
	}
	free(note);
	return messages;
}

static int
start_format(const iv_llm *c, jv schema)
{
	int f = c->format;

	if (learned_endpoint && !strcmp(learned_endpoint, c->endpoint) && learned_format > f)
		f = learned_format;
	if (f == IV_LLM_FORMAT_SCHEMA && jv_get_kind(schema) != JV_KIND_OBJECT)
		f = IV_LLM_FORMAT_OBJECT;
	return f;
}

static void
learn_format(const iv_llm *c, int f)
{
	if (!learned_endpoint || strcmp(learned_endpoint, c->endpoint)) {
		free(learned_endpoint);
		learned_endpoint = iv_xstrdup(c->endpoint);
		learned_format = -1;
	}
	if (f > learned_format)
		learned_format = f;
}

jv
iv_llm_json(iv_llm *c, jv messages, jv schema, jv *usage)
{
	iv_llm_tally t = { .start = iv_llm_now_ms() };
	int format = start_format(c, schema), retried = 0;
	jv msgs = jv_copy(messages), v = jv_invalid();
	const char *stage = NULL;
	char key[65], first_key[65];

	if (!c->model) {
		jv_free(msgs);
		return no_model(c, &t, usage);
	}
	for (;;) {
		iv_llm_outcome o = { .json = jv_null() };
		jv send = format == IV_LLM_FORMAT_SCHEMA ? jv_copy(msgs) : ask_for_json(msgs, schema);
		jv body = chat_body(c, send, response_format(format, schema), 0);
		char *raw, *err;

		jv_free(send);
		t.cached = 0;
		raw = chat_once(c, body, &t, &o, key);
		jv_free(body);
		/* A reply that took a retry is kept under the question's key. */
		if (!retried)
			memcpy(first_key, key, sizeof key);
		if (!raw) {
			if (o.format_rejected && format < IV_LLM_FORMAT_PROMPT) {
				if (c->verbose)
					iv_warn("%s: the server refused response_format %s; trying %s",
						c->endpoint, format_name[format], format_name[format + 1]);
				learn_format(c, ++format);
				iv_llm_outcome_free(&o);
				continue;
			}
			v = failed(c, &t, &o, usage);
			iv_llm_outcome_free(&o);
			break;
		}
		iv_llm_outcome_free(&o);
		v = iv_llm_repair(raw, &stage);
		if (!jv_is_valid(v)) {
			jv m = jv_invalid_get_msg(v);

			err = iv_xstrdup(jv_string_value(m));
			jv_free(m);
			v = jv_invalid();
		} else {
			jv any = JV_OBJECT(jv_string("type"), jv_string("object"));

			err = iv_llm_schema_check(v, jv_get_kind(schema) == JV_KIND_OBJECT ? schema : any);
			jv_free(any);
		}
		if (!err) {
			jv u;

			if (format > IV_LLM_FORMAT_SCHEMA)
				learn_format(c, format);
			u = iv_llm_tally_json(c, &t);
			if (!t.cached)
				cache_put(c, first_key, raw, iv_llm_counts_of(u));
			u = jv_object_set(u, jv_string("format"), jv_string(format_name[format]));
			if (strcmp(stage, "strict"))
				u = jv_object_set(u, jv_string("repaired"), jv_string(stage));
			u = jv_object_set(u, jv_string("retried"), jv_bool(retried));
			iv_llm_give_usage(usage, u);
			free(raw);
			break;
		}
		jv_free(v);
		v = jv_invalid();
		if (retried) {
			jv u = iv_llm_tally_json(c, &t);
			char *msg = iv_xasprintf("the model's reply is unusable after a retry: %s", err);

			u = jv_object_set(u, jv_string("format"), jv_string(format_name[format]));
			u = jv_object_set(u, jv_string("retried"), jv_true());
			u = jv_object_set(u, jv_string("error"), jv_string(msg));
			iv_llm_give_usage(usage, u);
			v = jv_invalid_with_msg(jv_string(msg));
			free(msg);
			free(err);
			free(raw);
			break;
		}
		if (c->verbose)
			iv_warn("%s: the model's reply is unusable (%s); asking again", c->endpoint, err);
		retried = 1;
		{
			/* The retry shows the model its reply and what is wrong
			 * with it, cut so that the whole stays within the budget. */
			jv note = jv_string_fmt("That reply is not usable: %s. Reply again with only the "
						"corrected JSON object.", err);
			size_t budget = (size_t)iv_config_num("llm.budget", IV_PROMPT_BUDGET);
			size_t used = iv_token_estimate_messages(msgs) + 8 +
				      iv_token_estimate(jv_string_value(note), (size_t)jv_string_length_bytes(jv_copy(note)));
			size_t keep = used < budget ? iv_token_prefix(raw, strlen(raw), budget - used) : 0;

			if (keep > 0)
				msgs = jv_array_append(msgs, JV_OBJECT(jv_string("role"), jv_string("assistant"),
								       jv_string("content"), jv_string_sized(raw, (int)keep)));
			msgs = jv_array_append(msgs, JV_OBJECT(jv_string("role"), jv_string("user"),
							       jv_string("content"), note));
		}
		free(err);
		free(raw);
	}
	jv_free(msgs);
	return v;
}
