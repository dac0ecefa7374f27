/* agent.c — the agents' share of the LLM engine (see agent.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "buf.h"
#include "config.h"
#include "context.h"
#include "jsonl.h"
#include "msg.h"
#include "recall.h"

iv_agent_opts iv_agent;

int
iv_agent_is_llm(const char *engine)
{
	if (!engine)
		engine = iv_config_str("engine", "builtin");
	return !strcmp(engine, "llm");
}

jv
iv_agent_session_llm(void)
{
	jv r = iv_llm_resolve(NULL, iv_agent.model), out;

	if (!jv_is_valid(r)) {
		jv_free(r);
		return jv_null();
	}
	out = JV_OBJECT(jv_string("provider"), iv_jget(r, "provider"), jv_string("model"), iv_jget(r, "model"));
	jv_free(r);
	return out;
}

iv_llm *
iv_agent_open(sqlite3 *db, const char *provider, const char *model, char **err)
{
	iv_llm *c = iv_llm_open(provider, model && *model ? model : iv_agent.model, err);

	if (!c)
		return NULL;
	if (!iv_llm_model(c)) {
		*err = iv_xasprintf("LLM profile '%s' names no model (set its model, llm.model or IV_MODEL)",
				    iv_llm_provider(c));
		iv_llm_free(c);
		return NULL;
	}
	iv_llm_set_db(c, db);
	iv_llm_set_cache(c, !iv_agent.no_cache);
	return c;
}

iv_llm *
iv_agent_open_session(sqlite3 *db, jv session, char **err)
{
	jv model = iv_jget(session, "model"), meta = iv_jget(session, "metadata");
	jv prov = iv_jget(meta, "provider");
	iv_llm *c = iv_agent_open(db, jv_get_kind(prov) == JV_KIND_STRING ? iv_jstr(prov) : NULL,
				  jv_get_kind(model) == JV_KIND_STRING ? iv_jstr(model) : NULL, err);

	jv_free(prov);
	jv_free(meta);
	jv_free(model);
	return c;
}

char *
iv_agent_reason(jv invalid)
{
	jv m = jv_invalid_get_msg(invalid);
	char *s = iv_xstrdup(jv_get_kind(m) == JV_KIND_STRING ? jv_string_value(m) : "the model failed");

	jv_free(m);
	return s;
}

void
iv_agent_fallback(const char *step, const char *reason)
{
	iv_warn("%s: %s; using the builtin engine", step, reason);
}

jv
iv_agent_note(jv obj, const iv_llm *c, jv usage, const char *fallback_reason)
{
	if (c)
		obj = jv_object_set(obj, jv_string("model"), jv_string(iv_llm_model(c)));
	if (jv_get_kind(usage) != JV_KIND_NULL && jv_is_valid(usage))
		obj = jv_object_set(obj, jv_string("usage"), usage);
	else
		jv_free(usage);
	obj = jv_object_set(obj, jv_string("fallback"), jv_bool(fallback_reason != NULL));
	if (fallback_reason)
		obj = jv_object_set(obj, jv_string("fallback_reason"), jv_string(fallback_reason));
	return obj;
}

jv
iv_agent_json(iv_llm *c, const char *name, jv vars, const iv_layers *l, jv schema, jv *usage)
{
	jv msgs = iv_prompt_build(name, vars, l, 0, NULL), reply;

	jv_free(vars);
	if (!jv_is_valid(msgs)) {
		jv_free(schema);
		return msgs;
	}
	jv_free(*usage);
	reply = iv_llm_json(c, msgs, schema, usage);
	jv_free(schema);
	jv_free(msgs);
	return reply;
}

void
iv_agent_layers(sqlite3 *db, long long user_id, long long session_id, const char *query, int touch,
		iv_layers *l)
{
	char *err = NULL;

	l->turns = l->plan = l->summaries = l->memories = l->skills = jv_null();
	if (!db)
		return;
	/* what could be read stays: context helps, it is never required */
	iv_layers_load(db, user_id, session_id, l, &err);
	free(err);
	if (query && *query && user_id > 0) {
		iv_recall_opts o = { .k = 5, .no_touch = !touch };
		jv hits = iv_recall(db, user_id, query, &o);

		if (jv_is_valid(hits)) {
			jv_free(l->memories);
			l->memories = hits;
		} else {
			jv_free(hits);
		}
	}
}

void
iv_agent_show(const char *text, size_t n, void *ctx)
{
	(void)ctx;
	fwrite(text, 1, n, stderr);
	fflush(stderr);
}

static void
put_field(iv_buf *b, jv obj, const char *key, const char *sep)
{
	jv v = iv_jget(obj, key);

	if (jv_get_kind(v) == JV_KIND_STRING && *iv_jstr(v))
		iv_buf_printf(b, "%s%s", b->len ? sep : "", iv_jstr(v));
	jv_free(v);
}

/* The strings (or objects' names) of list (consumed), after label. */
static void
put_list(iv_buf *b, jv list, const char *label)
{
	int n = 0;

	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, i, x) {
			jv name = jv_get_kind(x) == JV_KIND_OBJECT ? iv_jget(x, "name") : jv_copy(x);

			if (jv_get_kind(name) == JV_KIND_STRING && *iv_jstr(name))
				iv_buf_printf(b, "%s%s", n++ ? "; " : label, iv_jstr(name));
			jv_free(name);
			jv_free(x);
		}
	jv_free(list);
	if (n)
		iv_buf_puts(b, "\n");
}

char *
iv_agent_resume_text(jv resume)
{
	static const char *const lists[] = { "work", "projects", NULL };
	jv basics = iv_jget(resume, "basics");
	iv_buf b = IV_BUF_INIT;

	put_field(&b, basics, "label", "");
	put_field(&b, basics, "summary", ". ");
	if (b.len)
		iv_buf_puts(&b, "\n");
	for (int l = 0; lists[l]; l++) {
		jv items = iv_jget(resume, lists[l]);

		if (jv_get_kind(items) == JV_KIND_ARRAY)
			jv_array_foreach(items, i, it) {
				iv_buf line = IV_BUF_INIT;

				put_field(&line, it, "position", "");
				put_field(&line, it, "name", l == 0 ? " at " : "");
				put_field(&line, it, "summary", ": ");
				put_field(&line, it, "description", ": ");
				if (line.len)
					iv_buf_printf(&b, "- %s\n", line.s);
				iv_buf_free(&line);
				jv_free(it);
			}
		jv_free(items);
	}
	put_list(&b, iv_jget(resume, "extracted_skills"), "Skills: ");
	jv_free(basics);
	return iv_buf_take(&b);
}

char *
iv_agent_jd_text(jv jd)
{
	iv_buf b = IV_BUF_INIT;

	put_field(&b, jd, "title", "");
	put_field(&b, jd, "company", " at ");
	if (b.len)
		iv_buf_puts(&b, "\n");
	put_list(&b, iv_jget(jd, "responsibilities"), "Responsibilities: ");
	put_list(&b, iv_jget(jd, "qualifications"), "Requirements: ");
	put_list(&b, iv_jget(jd, "nice_to_have"), "Nice to have: ");
	put_list(&b, iv_jget(jd, "required_skills"), "Required skills: ");
	put_list(&b, iv_jget(jd, "preferred_skills"), "Preferred skills: ");
	return iv_buf_take(&b);
}
