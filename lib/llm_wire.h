/* llm_wire.h — one request to an OpenAI-compatible server (llm_wire.c):
 * the client's state shared by the llm_*.c files, a POST with the key,
 * organization and project headers, its retries with backoff and
 * Retry-After, and what came of it as one line with the key redacted.
 * For llm_*.c only; everyone else uses llm.h, where iv_llm is opaque.
 *
 * Ownership: an outcome owns its json and error until
 * iv_llm_outcome_free; bodies passed in are borrowed.
 */
#ifndef IV_LLM_WIRE_H
#define IV_LLM_WIRE_H

#include <sqlite3.h>
#include <curl/curl.h>
#include <jv.h>

#include "llm.h"
#include "llm_reply.h"

/* Structured output, from the best to the least the server must support. */
enum { IV_LLM_FORMAT_SCHEMA, IV_LLM_FORMAT_OBJECT, IV_LLM_FORMAT_PROMPT };

struct iv_llm {
	char *provider, *base_url, *endpoint, *model, *embedding_model;
	char *key_env, *organization, *project;
	long timeout_ms, connect_timeout_ms;
	int retries, batch, cache, verbose, format;
	jv params;
	sqlite3 *db;
	CURL *curl;
};

typedef struct {
	int ok;
	long status;
	jv json;		/* a plain reply's body */
	int cut;
	int format_rejected;
	char *error;		/* one line */
	int attempts;
} iv_llm_outcome;

/* The API key from the profile's environment variable, or NULL. */
const char *iv_llm_key(const iv_llm *c);
/* A monotonic clock, in ms. */
long iv_llm_now_ms(void);

/* POST body (or r->form) to base_url + path, retrying as the header
 * says; the reply lands in r. */
iv_llm_outcome iv_llm_post(iv_llm *c, const char *path, const char *body, iv_llm_reply *r);
/* The same with body (borrowed) sent as JSON. */
iv_llm_outcome iv_llm_request(iv_llm *c, const char *path, jv body, iv_llm_reply *r);
void iv_llm_outcome_free(iv_llm_outcome *o);

#endif
