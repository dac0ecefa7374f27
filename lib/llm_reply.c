/* llm_reply.c — reading a reply as curl hands it over (llm_reply.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "jsonl.h"
#include "llm.h"
#include "llm_reply.h"
#include "msg.h"

void
iv_llm_reply_init(iv_llm_reply *r, const iv_llm *c, int stream, iv_llm_delta_fn fn, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->c = c;
	r->stream = stream;
	r->retry_after = -1;
	r->usage = jv_null();
	r->fn = fn;
	r->ctx = ctx;
}

void
iv_llm_reply_reset(iv_llm_reply *r)
{
	/* Before another attempt; what was shown stays shown. */
	r->status = 0;
	r->retry_after = -1;
	r->json_type = 0;
	r->audio_type = 0;
	iv_buf_reset(&r->body);
	iv_buf_reset(&r->line);
	r->too_big = 0;
	free(r->location);
	r->location = NULL;
}

void
iv_llm_reply_free(iv_llm_reply *r)
{
	iv_buf_free(&r->body);
	iv_buf_free(&r->line);
	iv_buf_free(&r->pending);
	iv_buf_free(&r->text);
	jv_free(r->usage);
	free(r->model);
	free(r->stream_error);
	free(r->location);
}

size_t
iv_llm_on_header(char *p, size_t size, size_t n, void *arg)
{
	iv_llm_reply *r = arg;
	size_t len = size * n;
	char *h = iv_xstrndup(p, len);

	if (!strncmp(h, "HTTP/", 5)) {
		const char *sp = strchr(h, ' ');

		r->status = sp ? strtol(sp + 1, NULL, 10) : 0;
		r->retry_after = -1;
		r->json_type = 0;
	} else if (!strncasecmp(h, "Retry-After:", 12)) {
		char *end;
		long s = strtol(h + 12, &end, 10);

		while (*end == ' ' || *end == '\r' || *end == '\n')
			end++;
		if (end > h + 12 && !*end && s >= 0)
			r->retry_after = s;
	} else if (!strncasecmp(h, "Content-Type:", 13)) {
		r->json_type = strstr(h, "application/json") != NULL;
		r->audio_type = strcasestr(h, "audio/") != NULL;
	} else if (!strncasecmp(h, "Location:", 9)) {
		const char *v = h + 9 + strspn(h + 9, " \t");
		size_t n = strcspn(v, "\r\n");

		free(r->location);
		r->location = iv_xstrndup(v, n > 200 ? 200 : n);
		for (char *q = r->location; *q; q++)	/* it is shown on a terminal */
			if ((unsigned char)*q < 0x20 || *q == 0x7f)
				*q = '?';
	}
	free(h);
	return len;
}

/* Text for the caller: skip <think> blocks, even split across pieces, and
 * leading blank space. */
static void
emit(iv_llm_reply *r, const char *s, size_t n)
{
	if (!r->text.len)
		while (n && isspace((unsigned char)*s))
			s++, n--;
	if (!n)
		return;
	iv_buf_add(&r->text, s, n);
	if (r->fn)
		r->fn(s, n, r->ctx);
}

void
iv_llm_filter_think(iv_llm_reply *r, const char *s, size_t n, int last)
{
	iv_buf_add(&r->pending, s, n);
	while (r->pending.len) {
		const char *tag = r->in_think ? "</think>" : "<think>";
		size_t tl = strlen(tag), keep = 0;
		char *p = memmem(r->pending.s, r->pending.len, tag, tl);

		if (p) {
			size_t used = (size_t)(p - r->pending.s) + tl;

			if (!r->in_think)
				emit(r, r->pending.s, (size_t)(p - r->pending.s));
			memmove(r->pending.s, r->pending.s + used, r->pending.len - used + 1);
			r->pending.len -= used;
			r->in_think = !r->in_think;
			continue;
		}
		/* Hold back what may be the start of the tag. */
		if (!last)
			for (keep = tl - 1; keep; keep--)
				if (keep <= r->pending.len &&
				    !memcmp(r->pending.s + r->pending.len - keep, tag, keep))
					break;
		if (!r->in_think)
			emit(r, r->pending.s, r->pending.len - keep);
		memmove(r->pending.s, r->pending.s + r->pending.len - keep, keep + 1);
		r->pending.len = keep;
		break;
	}
}

void
iv_llm_sse_line(iv_llm_reply *r, const char *line)
{
	jv v, delta;

	if (strncmp(line, "data:", 5))
		return;		/* comments, event names, ids */
	line += 5;
	if (*line == ' ')
		line++;
	r->sse_seen = 1;
	if (!strcmp(line, "[DONE]")) {
		r->done = 1;
		return;
	}
	v = iv_json_parse(line, strlen(line));
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		jv_free(v);
		return;
	}
	{
		jv e = iv_jget(v, "error");

		if (jv_get_kind(e) != JV_KIND_NULL && !r->stream_error) {
			char *m = jv_get_kind(e) == JV_KIND_OBJECT ? iv_jstrdup(e, "message") : NULL;

			r->stream_error = m ? m : iv_xstrdup(jv_get_kind(e) == JV_KIND_STRING ? jv_string_value(e) : "error");
		}
		jv_free(e);
	}
	if (!r->model)
		r->model = iv_jstrdup(v, "model");
	{
		jv u = iv_jget(v, "usage");

		if (jv_get_kind(u) == JV_KIND_OBJECT) {
			jv_free(r->usage);
			r->usage = u;
		} else {
			jv_free(u);
		}
	}
	delta = jv_getpath(jv_copy(v), JV_ARRAY(jv_string("choices"), jv_number(0), jv_string("delta"), jv_string("content")));
	if (jv_get_kind(delta) == JV_KIND_STRING)
		iv_llm_filter_think(r, jv_string_value(delta), (size_t)jv_string_length_bytes(jv_copy(delta)), 0);
	jv_free(delta);
	jv_free(v);
}

size_t
iv_llm_on_body(char *p, size_t size, size_t n, void *arg)
{
	iv_llm_reply *r = arg;
	size_t len = size * n;

	if (r->stream && r->status / 100 == 2 && !r->json_type) {
		/* Only the new bytes are searched, and what is used is moved out
		 * once: linear however the lines fall into pieces. */
		size_t from = r->line.len, start = 0;
		char *nl;

		iv_buf_add(&r->line, p, len);
		while (r->line.s && (nl = memchr(r->line.s + from, '\n', r->line.len - from))) {
			*nl = 0;
			if (nl > r->line.s + start && nl[-1] == '\r')
				nl[-1] = 0;
			iv_llm_sse_line(r, r->line.s + start);
			start = from = (size_t)(nl - r->line.s) + 1;
		}
		if (start) {
			memmove(r->line.s, r->line.s + start, r->line.len - start + 1);
			r->line.len -= start;
		}
		if (r->line.len > IV_LLM_MAX_BODY || r->text.len > IV_LLM_MAX_BODY) {
			r->too_big = 1;
			return 0;
		}
		return len;
	}
	if (r->body.len + len > IV_LLM_MAX_BODY) {
		r->too_big = 1;
		return 0;
	}
	iv_buf_add(&r->body, p, len);
	return len;
}

jv
iv_llm_sse_parse(const char *bytes, size_t n, size_t piece)
{
	iv_llm_reply r;
	jv out;
	int too_big;

	iv_llm_reply_init(&r, NULL, 1, NULL, NULL);
	r.status = 200;
	if (!piece)
		piece = 1;
	for (size_t at = 0; at < n && !r.too_big; at += piece) {
		size_t k = n - at < piece ? n - at : piece;

		iv_llm_on_body((char *)bytes + at, 1, k, &r);
	}
	if (r.line.len && !r.too_big)
		iv_llm_sse_line(&r, r.line.s);
	iv_llm_filter_think(&r, "", 0, 1);
	too_big = r.too_big;
	out = JV_OBJECT(jv_string("text"), jv_string_sized(r.text.s ? r.text.s : "", (int)r.text.len),
			jv_string("model"), r.model ? jv_string(r.model) : jv_null(),
			jv_string("usage"), jv_copy(r.usage),
			jv_string("error"), r.stream_error ? jv_string(r.stream_error) : jv_null(),
			jv_string("done"), jv_bool(r.done), jv_string("events"), jv_bool(r.sse_seen),
			jv_string("too_big"), jv_bool(too_big));
	iv_llm_reply_free(&r);
	return out;
}
