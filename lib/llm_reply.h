/* llm_reply.h — a reply from the server as it arrives (llm_reply.c): the
 * status line and headers that matter (Retry-After, Content-Type,
 * Location), the body up to a limit, and for a streamed chat the event
 * stream read line by line, its text handed on with <think> blocks left
 * out. For llm_*.c only; everyone else uses llm.h.
 *
 * Ownership: the reply owns its buffers, usage and strings until
 * iv_llm_reply_free; form and the callback's ctx stay the caller's.
 */
#ifndef IV_LLM_REPLY_H
#define IV_LLM_REPLY_H

#include <stddef.h>
#include <curl/curl.h>
#include <jv.h>

#include "buf.h"
#include "llm.h"

#define IV_LLM_MAX_BODY (64u << 20)	/* the most a reply may hold */

typedef struct {
	const iv_llm *c;
	int stream;
	long status;
	long retry_after;
	int json_type;		/* Content-Type: application/json */
	int audio_type;		/* Content-Type: audio/... */
	curl_mime *form;	/* a multipart body instead of JSON (borrowed) */
	int binary;		/* keep a 2xx reply's bytes as they are (audio) */
	iv_buf body;		/* the raw reply (not a 2xx event stream's) */
	int too_big;
	/* event stream */
	iv_buf line, pending, text;
	int sse_seen, done, in_think;
	jv usage;
	char *model;
	char *stream_error;
	char *location;		/* a redirect's Location (never followed) */
	iv_llm_delta_fn fn;
	void *ctx;
} iv_llm_reply;

void iv_llm_reply_init(iv_llm_reply *r, const iv_llm *c, int stream, iv_llm_delta_fn fn, void *ctx);
/* Before another attempt; what was shown stays shown. */
void iv_llm_reply_reset(iv_llm_reply *r);
void iv_llm_reply_free(iv_llm_reply *r);

/* curl's CURLOPT_HEADERFUNCTION and CURLOPT_WRITEFUNCTION (arg: the reply). */
size_t iv_llm_on_header(char *p, size_t size, size_t n, void *arg);
size_t iv_llm_on_body(char *p, size_t size, size_t n, void *arg);

/* One line of an event stream ("data: {...}", "data: [DONE]"). */
void iv_llm_sse_line(iv_llm_reply *r, const char *line);
/* n bytes of the reply's text through the <think> filter; last: nothing
 * more follows, so nothing is held back. */
void iv_llm_filter_think(iv_llm_reply *r, const char *s, size_t n, int last);

#endif
