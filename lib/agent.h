/* agent.h — what the agents (iv-ask, iv-grade, iv-summarize, iv-match,
 * iv-parse-resume) share to use the LLM engine: the program's LLM options,
 * a client for a session's model, the layered context with recalled
 * memories, and the record every step leaves (model, token usage, and the
 * fallback to the builtin engine when the model's reply was unusable).
 *
 * The model never stops a step: when the client can't be opened (no
 * profile, no model) or the reply is unusable after the client's retries
 * and repair, the step takes the builtin engine's result, says so on
 * stderr in one line ("iv-grade: grade: REASON; using the builtin
 * engine") and records it (iv_agent_note).
 *
 * A session keeps the provider and the model it started with: iv-ask
 * --start records iv_agent_session_llm() in the session (model column,
 * metadata.provider), and every later step opens the client with those.
 */
#ifndef IV_AGENT_H
#define IV_AGENT_H

#include <sqlite3.h>
#include <jv.h>

#include "llm.h"
#include "prompt.h"

/* The program's LLM options, set from its command line before any step. */
typedef struct {
	const char *model;	/* --model: a new session's model, or the
				 * model of steps outside a session */
	int no_cache;		/* --no-cache: neither read nor fill llm_cache */
	int stream;		/* show streamed text on stderr */
} iv_agent_opts;
extern iv_agent_opts iv_agent;

/* Nonzero when engine ("llm", "builtin"; NULL: the config's engine,
 * IV_ENGINE) is the LLM engine. */
int iv_agent_is_llm(const char *engine);

/* What a new session records when its engine is llm: {"provider",
 * "model"} resolved from --model, IV_MODEL, llm.model and the profile (a
 * new object), or jv_null() when no LLM is configured. */
jv iv_agent_session_llm(void);

/* A client for one step: provider and model are the session's (NULL:
 * --model, else the config's); db (may be NULL) holds the cache, used
 * unless --no-cache. Returns NULL with a malloc'd reason in *err. */
iv_llm *iv_agent_open(sqlite3 *db, const char *provider, const char *model, char **err);

/* The same for a session row (borrowed): its model and metadata.provider. */
iv_llm *iv_agent_open_session(sqlite3 *db, jv session, char **err);

/* The message of an invalid jv (consumed) as a malloc'd string. */
char *iv_agent_reason(jv invalid);

/* Say on stderr that step falls back to the builtin engine, and why:
 * "PROG: STEP: REASON; using the builtin engine" (one line). */
void iv_agent_fallback(const char *step, const char *reason);

/* The record of a step, set on obj (consumed; returned): "model" (c's;
 * c may be NULL), "usage" (consumed; left out when null) and, with a
 * fallback reason, "fallback": true and "fallback_reason"; without one,
 * "fallback": false. */
jv iv_agent_note(jv obj, const iv_llm *c, jv usage, const char *fallback_reason);

/* The model's JSON reply to template name filled from vars (consumed) and
 * the layers (borrowed; may be NULL), checked against schema (consumed;
 * llmjson.h's subset): the value (new), or jv_invalid_with_msg(one line)
 * for the step to fall back on. *usage receives the call's usage (left as
 * it was when the prompt could not be built). */
jv iv_agent_json(iv_llm *c, const char *name, jv vars, const iv_layers *l, jv schema, jv *usage);

/* The layers of the prompt (prompt.h) for user_id and session_id (0:
 * none): the store's (context.h) and, when query is given, the top
 * recalled memories (recall.h; touch: count them as accessed). A store
 * that can't be read leaves the layers empty: context helps, it is never
 * required. Free with iv_layers_free. */
void iv_agent_layers(sqlite3 *db, long long user_id, long long session_id, const char *query, int touch,
		     iv_layers *l);

/* What the model reads of a resume (borrowed; a JSON Resume object with
 * extracted_skills) and of a JD (borrowed; a parsed JD or a stored row):
 * a few lines, malloc'd, "" when there is nothing. */
char *iv_agent_resume_text(jv resume);
char *iv_agent_jd_text(jv jd);

/* Show streamed text on stderr (an iv_llm_delta_fn; ctx unused). */
void iv_agent_show(const char *text, size_t n, void *ctx);

#endif
