/* llm.h — the LLM engine's client: any OpenAI-compatible server (OpenAI,
 * DeepSeek, Qwen/DashScope, Ollama, llama.cpp server, vLLM) over libcurl.
 *
 * A profile (config llm.profiles.NAME) says where and how: base_url, model,
 * embedding_model, api_key_env (the NAME of the environment variable that
 * holds the key), organization, project, timeout and connect_timeout
 * (seconds), retries, response_format (json_schema, json_object or none:
 * what the server accepts for structured output). llm.provider
 * (IV_PROVIDER) picks the profile; with none set and one profile defined,
 * that one is used. The model is, first to last: the model passed in (a
 * session's recorded model, --model), llm.model (IV_MODEL), the profile's.
 *
 * The key is sent only in the Authorization header: it never appears in an
 * error message, a cache key, the store or stderr (a server that echoes it
 * has it replaced by "***"). Proxies come from the environment (http_proxy,
 * https_proxy, no_proxy), as libcurl reads them.
 *
 * Every call retries timeouts, dropped connections, 429 (waiting what
 * Retry-After says, at most 30 s) and 5xx, with exponential backoff and
 * jitter (from 500 ms; IV_LLM_BACKOFF_MS sets the first wait, 0 for none:
 * for tests); other 4xx are not retried. When retries are spent the error
 * is one line: "POST URL: HTTP 500: the server's message (3 attempts)".
 *
 * Every call reports its usage in *usage (may be NULL; always set, also on
 * failure; a new object the caller owns), for the turn's metadata:
 *   {"model", "prompt_tokens", "completion_tokens", "total_tokens",
 *    "latency_ms", "attempts", "cached", "estimated"?, "format"?,
 *    "repaired"?, "retried"?, "cut"?, "error"?}
 * ("estimated": the server gave no counts, these are prompt.h's estimate.)
 *
 * Chat replies are cached in the store's llm_cache (when a store is given
 * with iv_llm_set_db), keyed by the SHA-256 of the endpoint, the model and
 * the request body (never the key), for llm.cache_days days (default 7; 0
 * turns caching off). A read-only store still serves hits; failing to
 * write is silent.
 *
 * The client is split by concern, this header its whole interface:
 * llm_profile.c (profiles, the client and its settings), llm_chat.c
 * (chat, streaming, structured output, the reply cache), llm_embed.c,
 * llm_audio.c; below them, for those files only, llm_wire.h (one request
 * and its retries), llm_reply.h (reading a reply, the event stream) and
 * llm_usage.h (the usage tally).
 *
 * Typical use by an agent:
 *
 *	char *err;
 *	iv_llm *llm = iv_llm_open(NULL, session_model, &err);
 *	iv_llm_set_db(llm, db);
 *	jv msgs = iv_prompt_build("grade", vars, &layers, 0, NULL);
 *	jv usage, v = iv_llm_json(llm, msgs, schema, &usage);
 *	if (!jv_is_valid(v)) -> warn with jv_invalid_get_msg(v), use builtin
 *	metadata.llm = usage
 */
#ifndef IV_LLM_H
#define IV_LLM_H

#include <sqlite3.h>
#include <jv.h>

#include "buf.h"

typedef struct iv_llm iv_llm;

/* Nonzero when the user asked for the LLM: engine is llm, llm.provider is
 * set, or profiles are defined. */
int iv_llm_configured(void);

/* The effective settings for provider and model (NULL: from the config):
 * a new object {"provider", "base_url", "model", "embedding_model",
 * "api_key_env", ...} or jv_invalid_with_msg(why not). Record "model" in
 * a session to keep it. */
jv iv_llm_resolve(const char *provider, const char *model);

/* A client for the resolved profile, or NULL with a malloc'd reason. */
iv_llm *iv_llm_open(const char *provider, const char *model, char **err);
void iv_llm_free(iv_llm *c);

const char *iv_llm_model(const iv_llm *c);
const char *iv_llm_provider(const iv_llm *c);
/* base_url without credentials, for messages. */
const char *iv_llm_endpoint(const iv_llm *c);
/* The name of the key's environment variable (NULL: none) and whether it
 * is set; the key itself is never handed out. */
const char *iv_llm_key_env(const iv_llm *c);
int iv_llm_has_key(const iv_llm *c);

/* The store for the cache (borrowed; NULL: none). */
void iv_llm_set_db(iv_llm *c, sqlite3 *db);
void iv_llm_set_cache(iv_llm *c, int on);
/* Retries after the first attempt (default: the profile's, else 2). */
void iv_llm_set_retries(iv_llm *c, int retries);
/* Say on stderr when a call is retried, and why. */
void iv_llm_set_verbose(iv_llm *c, int on);
/* Fields added to every chat request: {"temperature": 0.2, "max_tokens":
 * 800} (consumed; replaces earlier ones). */
void iv_llm_set_params(iv_llm *c, jv params);
/* How many texts one embeddings request carries (default llm.embed_batch,
 * else 64). */
void iv_llm_set_batch(iv_llm *c, int n);

/* [{"role": "system", "content": system}, {"role": "user", ...}]; system
 * may be NULL. */
jv iv_llm_messages(const char *system, const char *user);

/* A chat reply's text (new string; <think> blocks and reasoning_content
 * left out), or jv_invalid_with_msg(one line). messages is borrowed. */
jv iv_llm_chat(iv_llm *c, jv messages, jv *usage);

/* The same, streamed: fn is called with each piece of text as it arrives
 * (not NUL-terminated; n bytes). A stream cut short (the connection closed
 * before [DONE]) ends cleanly: the text so far is returned and usage has
 * "cut": true. A failure before any text arrived is retried as usual. */
typedef void (*iv_llm_delta_fn)(const char *text, size_t n, void *ctx);
jv iv_llm_stream(iv_llm *c, jv messages, iv_llm_delta_fn fn, void *ctx, jv *usage);

/* A JSON reply checked against schema (borrowed; a JSON Schema object as
 * llmjson.h knows it, or jv_null() for any object). Asks with
 * response_format json_schema; when the server rejects that (HTTP 400
 * naming response_format), falls back to json_object, then to asking in the
 * prompt alone, and remembers what worked for the rest of the process. The
 * reply is repaired (llmjson.h) and checked; if unusable, the model is
 * asked once more with the problem. Returns the value (new) or
 * jv_invalid_with_msg(one line) for the caller to fall back to the
 * built-in engine. */
jv iv_llm_json(iv_llm *c, jv messages, jv schema, jv *usage);

/* Embeddings of texts (borrowed array of strings), in batches: a new array
 * of arrays of numbers, one per text in order, or invalid. */
jv iv_llm_embed(iv_llm *c, jv texts, jv *usage);

/* Audio, on the same profile, retries and key (audio.h for the limits,
 * which the caller checks before).
 *
 * The transcript of file (a path) from POST /audio/transcriptions, as
 * multipart fields model, response_format=verbose_json, language (when
 * lang is given) and file: a new object {"text", "lang" ("en", "zh", ...),
 * "duration_s", "segments": [{"start", "end", "text"}]}, or
 * jv_invalid_with_msg(one line). *usage: {"model", "latency_ms",
 * "attempts", "error"?}. */
jv iv_llm_transcribe(iv_llm *c, const char *file, const char *model, const char *lang, jv *usage);

/* text spoken by POST /audio/speech ({model, input, voice,
 * response_format: "wav"}; voice NULL: "alloy"): the reply's bytes are
 * appended to audio. A reply that is not audio (Content-Type audio/...) is
 * an error. Returns 0, or -1 with *err a malloc'd line. */
int iv_llm_speech(iv_llm *c, const char *model, const char *voice, const char *text, iv_buf *audio,
		  char **err, jv *usage);

/* The wait before retry number attempt (1, 2, ...), in ms: Retry-After
 * seconds when the server gave them (>= 0; at most 30 s), else the
 * backoff. Exposed for tests. */
long iv_llm_retry_wait_ms(int attempt, long retry_after_s);

/* For tests and fuzzing: the event-stream parser of iv_llm_stream fed
 * bytes (a 2xx reply's body) in pieces of piece bytes, as curl hands them
 * over. Returns {"text", "model", "usage", "error", "done", "events",
 * "too_big"}. */
jv iv_llm_sse_parse(const char *bytes, size_t n, size_t piece);

#endif
