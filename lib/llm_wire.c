/* llm_wire.c — one request to the server and its retries (llm_wire.h). */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "jsonl.h"
#include "llm.h"
#include "llm_wire.h"
#include "msg.h"

#ifndef IV_VERSION
#define IV_VERSION "0"
#endif

#define BACKOFF_MS 500			/* the first wait; it doubles */
#define BACKOFF_MAX_MS 8000
#define RETRY_AFTER_MAX_S 30

const char *
iv_llm_key(const iv_llm *c)
{
	const char *k = c->key_env ? getenv(c->key_env) : NULL;

	return k && *k ? k : NULL;
}

/* Time. */

long
iv_llm_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (ms > 0 && nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

long
iv_llm_retry_wait_ms(int attempt, long retry_after_s)
{
	const char *e = getenv("IV_LLM_BACKOFF_MS");
	long base = e && *e ? strtol(e, NULL, 10) : BACKOFF_MS, w;
	static int seeded;

	if (retry_after_s >= 0)
		return (retry_after_s < RETRY_AFTER_MAX_S ? retry_after_s : RETRY_AFTER_MAX_S) * 1000L;
	if (base <= 0)
		return 0;
	if (!seeded) {
		srand((unsigned)time(NULL) ^ (unsigned)getpid());
		seeded = 1;
	}
	w = base;
	for (int i = 1; i < attempt && w < BACKOFF_MAX_MS; i++)
		w *= 2;
	if (w > BACKOFF_MAX_MS && base < BACKOFF_MAX_MS)
		w = BACKOFF_MAX_MS;
	/* Jitter: up to half as long again, so clients that failed together
	 * do not come back together. */
	return w + rand() % (w / 2 + 1);
}

/* Messages: one line, the key never in it. */

static char *
redact(const iv_llm *c, const char *s)
{
	const char *key = iv_llm_key(c), *p;
	iv_buf b = IV_BUF_INIT;

	if (!key || strlen(key) < 4) {
		iv_buf_puts(&b, s);
	} else {
		while ((p = strstr(s, key))) {
			iv_buf_add(&b, s, (size_t)(p - s));
			iv_buf_puts(&b, "***");
			s = p + strlen(key);
		}
		iv_buf_puts(&b, s);
	}
	/* One line, no control characters, not too long. */
	for (size_t i = 0; i < b.len; i++)
		if ((unsigned char)b.s[i] < 0x20)
			b.s[i] = ' ';
	if (b.len > 300) {
		size_t n = 300;

		while (n && ((unsigned char)b.s[n] & 0xC0) == 0x80)
			n--;
		b.s[n] = 0;
		b.len = n;
		iv_buf_puts(&b, "...");
	}
	return b.s ? iv_buf_take(&b) : iv_xstrdup("");
}

/* What the server said in an error reply; malloc'd, "" when nothing. */
static char *
server_message(const char *body, size_t n)
{
	jv v = n ? iv_json_parse(body, n) : jv_invalid(), e;
	char *msg = NULL;

	if (jv_get_kind(v) == JV_KIND_OBJECT) {
		e = iv_jget(v, "error");
		if (jv_get_kind(e) == JV_KIND_OBJECT)
			msg = iv_jstrdup(e, "message");
		else if (jv_get_kind(e) == JV_KIND_STRING)
			msg = iv_xstrdup(jv_string_value(e));
		jv_free(e);
		if (!msg)
			msg = iv_jstrdup(v, "message");
		if (!msg)
			msg = iv_jstrdup(v, "detail");
	}
	jv_free(v);
	if (!msg) {
		size_t len = strcspn(body, "\n");

		while (len && isspace((unsigned char)body[len - 1]))
			len--;
		msg = iv_xstrndup(body, len < n ? len : n);
	}
	return msg;
}

/* One HTTP exchange. Returns 1 when worth trying again. */
static int
exchange(iv_llm *c, const char *url, const char *body, iv_llm_reply *r, iv_llm_outcome *o)
{
	struct curl_slist *h = NULL;
	char errbuf[CURL_ERROR_SIZE] = "", *line;
	const char *key = iv_llm_key(c);
	CURLcode rc;
	int again = 0;

	if (!r->form)
		h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, r->stream ? "Accept: text/event-stream"
			      : r->binary ? "Accept: audio/*" : "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	if (key) {
		line = iv_xasprintf("Authorization: Bearer %s", key);
		h = curl_slist_append(h, line);
		free(line);
	}
	if (c->organization) {
		line = iv_xasprintf("OpenAI-Organization: %s", c->organization);
		h = curl_slist_append(h, line);
		free(line);
	}
	if (c->project) {
		line = iv_xasprintf("OpenAI-Project: %s", c->project);
		h = curl_slist_append(h, line);
		free(line);
	}
	curl_easy_reset(c->curl);
	curl_easy_setopt(c->curl, CURLOPT_URL, url);
	curl_easy_setopt(c->curl, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c->curl, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c->curl, CURLOPT_USERAGENT, "iv/" IV_VERSION);
	if (r->form) {
		curl_easy_setopt(c->curl, CURLOPT_MIMEPOST, r->form);
	} else if (body) {
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	}
	curl_easy_setopt(c->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c->curl, CURLOPT_TIMEOUT_MS, c->timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(c->curl, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, iv_llm_on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, iv_llm_on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
	rc = curl_easy_perform(c->curl);
	curl_slist_free_all(h);
	o->attempts++;
	free(o->error);
	o->error = NULL;
	o->status = r->status;
	if (r->stream && r->line.len && !r->too_big) {
		iv_llm_sse_line(r, r->line.s);
		iv_buf_reset(&r->line);
	}

	if (r->stream && r->sse_seen && r->status / 100 == 2) {
		/* Whatever arrived has been shown: never ask again. */
		iv_llm_filter_think(r, "", 0, 1);
		if (r->too_big) {
			o->error = iv_xasprintf("the reply is larger than %u MiB", IV_LLM_MAX_BODY >> 20);
			return 0;
		}
		if (r->stream_error && !r->text.len) {
			o->error = iv_xasprintf("HTTP %ld: %s", r->status, r->stream_error);
			return 0;
		}
		o->ok = 1;
		o->cut = !r->done;
		return 0;
	}
	if (rc != CURLE_OK) {
		if (rc == CURLE_WRITE_ERROR && r->too_big)
			o->error = iv_xasprintf("the reply is larger than %u MiB", IV_LLM_MAX_BODY >> 20);
		else if (rc == CURLE_OPERATION_TIMEDOUT)
			o->error = iv_xasprintf("timed out after %ld ms", c->timeout_ms);
		else
			o->error = iv_xstrdup(*errbuf ? errbuf : curl_easy_strerror(rc));
		again = rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT ||
			rc == CURLE_GOT_NOTHING || rc == CURLE_RECV_ERROR || rc == CURLE_SEND_ERROR ||
			rc == CURLE_PARTIAL_FILE;
		return again;
	}
	if (r->status / 100 != 2) {
		char *msg = server_message(r->body.s ? r->body.s : "", r->body.len);

		if (r->status / 100 == 3)
			o->error = iv_xasprintf("HTTP %ld: the server redirects to %s; redirects are not followed "
						"(set the profile's base_url to where it points)", r->status,
						r->location ? r->location : "elsewhere");
		else
			o->error = *msg ? iv_xasprintf("HTTP %ld: %s", r->status, msg)
					: iv_xasprintf("HTTP %ld", r->status);
		if ((r->status == 400 || r->status == 422) && r->body.s &&
		    (strcasestr(r->body.s, "response_format") || strcasestr(r->body.s, "json_schema") ||
		     strcasestr(r->body.s, "json_object")))
			o->format_rejected = 1;
		free(msg);
		return r->status == 429 || r->status >= 500;
	}
	if (r->binary) {
		if (!r->audio_type || !r->body.len) {
			o->error = iv_xstrdup(r->body.len ? "the reply is not audio" : "the reply is empty");
			return 1;
		}
		o->ok = 1;
		return 0;
	}
	jv_free(o->json);
	o->json = iv_json_parse(r->body.s ? r->body.s : "", r->body.len);
	if (jv_get_kind(o->json) != JV_KIND_OBJECT) {
		jv_free(o->json);
		o->json = jv_null();
		o->error = iv_xstrdup(r->stream && !r->sse_seen && !r->body.len
				      ? "the stream ended before any text" : "the reply is not JSON");
		return 1;
	}
	if (r->stream) {
		/* A server that ignored "stream": take the whole reply at once. */
		jv t = jv_getpath(jv_copy(o->json), JV_ARRAY(jv_string("choices"), jv_number(0),
							      jv_string("message"), jv_string("content")));

		if (jv_get_kind(t) == JV_KIND_STRING)
			iv_llm_filter_think(r, jv_string_value(t), (size_t)jv_string_length_bytes(jv_copy(t)), 1);
		jv_free(t);
		jv_free(r->usage);
		r->usage = iv_jget(o->json, "usage");
		r->done = 1;
	}
	o->ok = 1;
	return 0;
}

/* POST body (or r->form) to the path, retrying as the header says. */
iv_llm_outcome
iv_llm_post(iv_llm *c, const char *path, const char *body, iv_llm_reply *r)
{
	char *url = iv_xasprintf("%s%s", c->base_url, path);
	iv_llm_outcome o = { 0 };

	o.json = jv_null();
	for (;;) {
		int again;
		long wait;

		iv_llm_reply_reset(r);
		again = exchange(c, url, body, r, &o);
		if (o.ok || !again || o.attempts > c->retries)
			break;
		wait = iv_llm_retry_wait_ms(o.attempts, r->retry_after);
		if (c->verbose) {
			char *e = redact(c, o.error);

			iv_warn("POST %s%s: %s; retrying in %ld ms (attempt %d of %d)",
				c->endpoint, path, e, wait, o.attempts + 1, c->retries + 1);
			free(e);
		}
		sleep_ms(wait);
	}
	if (!o.ok) {
		char *e = redact(c, o.error);

		free(o.error);
		o.error = iv_xasprintf("POST %s%s: %s (%d attempt%s)", c->endpoint, path, e,
				       o.attempts, o.attempts == 1 ? "" : "s");
		free(e);
	}
	free(url);
	return o;
}

/* POST body (borrowed) as JSON. */
iv_llm_outcome
iv_llm_request(iv_llm *c, const char *path, jv body, iv_llm_reply *r)
{
	jv d = jv_dump_string(jv_copy(body), 0);
	iv_llm_outcome o = iv_llm_post(c, path, jv_string_value(d), r);

	jv_free(d);
	return o;
}

void
iv_llm_outcome_free(iv_llm_outcome *o)
{
	jv_free(o->json);
	free(o->error);
}
