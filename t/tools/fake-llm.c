/* fake-llm — an OpenAI-compatible HTTP/1.1 server on 127.0.0.1 for tests.
 *
 * Usage: fake-llm [--port N] [--port-file FILE] [--script FILE] [--log FILE]
 *
 * Listens on 127.0.0.1 only (port 0: any free port), prints the port on
 * stdout and, with --port-file, writes it to FILE (atomically). Serves
 * POST .../chat/completions (plain and streamed as server-sent events) and
 * POST .../embeddings, POST .../audio/transcriptions (multipart: model,
 * file, response_format verbose_json and language checked; content and
 * segments from the script) and POST .../audio/speech (a WAV tone), one
 * connection at a time, closing each after its
 * reply. Exits on SIGTERM or SIGINT.
 *
 * The script holds one JSON object per line: what to do with the next
 * request, whatever its path. Fields, all optional:
 *   content: "text"       the reply's text (default "ok")
 *   json: VALUE           the reply's text is VALUE as compact JSON
 *   fence: true           wrap the text in ```json ... ```
 *   think: "text"         put <think>text</think> before the text
 *   reasoning: "text"     add reasoning_content (as DeepSeek does)
 *   delay_ms: N           wait before answering
 *   status: N             answer with this HTTP status and an error body
 *   error: "message"      the error body's message
 *   retry_after: N        a Retry-After header (seconds)
 *   reject: "TYPE"        400 when the request asks for response_format
 *                         TYPE (json_schema, json_object); otherwise the
 *                         line is used as if reject were not there
 *   body: "raw"           200 with this raw body (malformed JSON, ...)
 *   cut: true             stop half-way through the reply and close
 *   close: true           close the connection without a reply
 *   chunk: N              bytes of text per streamed event (default 4)
 *   model: "name"         the model named in the reply (default: the request's)
 *   usage: {...} | false  the usage to report, or none (default: bytes / 4)
 *   embedding: [...]      the vector for every input (default: 8 numbers
 *                         derived from the text)
 * A line {"default": ACTION} or {"default": [ACTION, ...]} is not a
 * request: it says what to do once the script has run out (a list is used
 * in turn, round and round).
 *
 * With --log, every request is appended to FILE as one JSON line:
 * {"n", "method", "path", "headers": {lowercase name: value}, "body"
 * (parsed JSON, or the raw text), "action"}.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>

#include "buf.h"
#include "jsonl.h"
#include "msg.h"

static volatile sig_atomic_t stop;
static jv script, fallback;
static int next_line, next_default, served;
static FILE *logf;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* Wait ms, unless the client closes the connection first (then 0), so a
 * client that timed out and came back is served at once. */
static int
wait_for(int fd, long ms)
{
	struct timespec end, now;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += ms / 1000;
	end.tv_nsec += (ms % 1000) * 1000000L;
	if (end.tv_nsec >= 1000000000L) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000L;
	}
	while (!stop) {
		struct pollfd p = { fd, POLLIN | POLLRDHUP, 0 };
		long left;
		char c;

		clock_gettime(CLOCK_MONOTONIC, &now);
		left = (end.tv_sec - now.tv_sec) * 1000L + (end.tv_nsec - now.tv_nsec) / 1000000L;
		if (left <= 0)
			return 1;
		if (poll(&p, 1, (int)(left < 100 ? left : 100)) > 0 &&
		    (p.revents & (POLLRDHUP | POLLHUP | POLLERR) ||
		     recv(fd, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0))
			return 0;
	}
	return 0;
}

static int
send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR && !stop)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 422: return "Unprocessable Entity";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	default: return "Status";
	}
}

/* A whole reply; with cut, only half of its body. */
static void
respond(int fd, int status, const char *type, const char *body, const char *extra, int cut)
{
	iv_buf b = IV_BUF_INIT;
	size_t n = strlen(body);

	iv_buf_printf(&b, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
		      "Connection: close\r\n%s\r\n", status, reason(status), type, n, extra ? extra : "");
	iv_buf_add(&b, body, cut ? n / 2 : n);
	send_all(fd, b.s, b.len);
	iv_buf_free(&b);
}

static void
respond_json(int fd, int status, jv v, const char *extra)
{
	jv d = jv_dump_string(v, 0);

	respond(fd, status, "application/json", jv_string_value(d), extra, 0);
	jv_free(d);
}

static void
respond_error(int fd, int status, const char *msg, const char *extra)
{
	respond_json(fd, status, JV_OBJECT(jv_string("error"),
					   JV_OBJECT(jv_string("message"), jv_string(msg),
						     jv_string("type"), jv_string(status == 429 ? "rate_limit" : "error"),
						     jv_string("code"), jv_number(status))), extra);
}

static jv
next_action(void)
{
	int n = jv_array_length(jv_copy(script)), k;

	if (next_line < n)
		return jv_array_get(jv_copy(script), next_line++);
	if (jv_get_kind(fallback) == JV_KIND_ARRAY && (k = jv_array_length(jv_copy(fallback))) > 0)
		return jv_array_get(jv_copy(fallback), next_default++ % k);
	if (jv_get_kind(fallback) == JV_KIND_OBJECT)
		return jv_copy(fallback);
	return JV_OBJECT(jv_string("content"), jv_string("ok"));
}

static char *
reply_text(jv a)
{
	jv j = iv_jget(a, "json");
	char *c = iv_jstrdup(a, "content"), *think = iv_jstrdup(a, "think"), *out;
	iv_buf b = IV_BUF_INIT;

	if (jv_get_kind(j) != JV_KIND_NULL) {
		jv d = jv_dump_string(jv_copy(j), 0);

		free(c);
		c = iv_xstrdup(jv_string_value(d));
		jv_free(d);
	}
	jv_free(j);
	if (!c)
		c = iv_xstrdup("ok");
	if (think)
		iv_buf_printf(&b, "<think>%s</think>\n", think);
	if (iv_jbool(a, "fence", 0))
		iv_buf_printf(&b, "Here it is:\n```json\n%s\n```\n", c);
	else
		iv_buf_puts(&b, c);
	out = iv_buf_take(&b);
	free(c);
	free(think);
	return out;
}

static jv
usage_for(jv a, const char *body, const char *text)
{
	jv u = iv_jget(a, "usage");
	long p = (long)(strlen(body) + 3) / 4, c = (long)(strlen(text) + 3) / 4;

	if (jv_get_kind(u) == JV_KIND_OBJECT || jv_get_kind(u) == JV_KIND_FALSE)
		return u;
	jv_free(u);
	return JV_OBJECT(jv_string("prompt_tokens"), jv_number(p), jv_string("completion_tokens"), jv_number(c),
			 jv_string("total_tokens"), jv_number(p + c));
}

static jv
model_for(jv a, jv req)
{
	jv m = iv_jget(a, "model");

	if (jv_get_kind(m) == JV_KIND_STRING)
		return m;
	jv_free(m);
	m = iv_jget(req, "model");
	if (jv_get_kind(m) == JV_KIND_STRING)
		return m;
	jv_free(m);
	return jv_string("fake-model");
}

static void
sse(int fd, jv chunk)
{
	jv d = jv_dump_string(chunk, 0);
	char *ev = iv_xasprintf("data: %s\n\n", jv_string_value(d));

	send_all(fd, ev, strlen(ev));
	free(ev);
	jv_free(d);
}

static jv
chunk_of(jv model, jv delta, const char *finish)
{
	return JV_OBJECT(jv_string("id"), jv_string("chatcmpl-fake"), jv_string("object"),
			 jv_string("chat.completion.chunk"), jv_string("created"), jv_number(0),
			 jv_string("model"), model,
			 jv_string("choices"), JV_ARRAY(JV_OBJECT(jv_string("index"), jv_number(0),
								  jv_string("delta"), delta,
								  jv_string("finish_reason"),
								  finish ? jv_string(finish) : jv_null())));
}

static void
chat(int fd, jv a, jv req, const char *raw)
{
	char *text = reply_text(a), *reasoning = iv_jstrdup(a, "reasoning");
	jv model = model_for(a, req), usage = usage_for(a, raw, text);
	int cut = iv_jbool(a, "cut", 0);

	if (iv_jbool(req, "stream", 0)) {
		const char *head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
				   "Cache-Control: no-cache\r\nConnection: close\r\n\r\n";
		size_t n = strlen(text), step = (size_t)iv_jnum(a, "chunk", 4), at = 0, stop_at;

		if (step < 1)
			step = 1;
		stop_at = cut ? n / 2 : n;
		send_all(fd, head, strlen(head));
		sse(fd, chunk_of(jv_copy(model), JV_OBJECT(jv_string("role"), jv_string("assistant")), NULL));
		if (reasoning)
			sse(fd, chunk_of(jv_copy(model), JV_OBJECT(jv_string("reasoning_content"), jv_string(reasoning)), NULL));
		while (at < stop_at) {
			size_t len = step;

			if (at + len > n)
				len = n - at;
			/* Whole characters only, as a real server sends tokens. */
			while (at + len < n && ((unsigned char)text[at + len] & 0xC0) == 0x80)
				len++;
			sse(fd, chunk_of(jv_copy(model), JV_OBJECT(jv_string("content"),
								   jv_string_sized(text + at, (int)len)), NULL));
			at += len;
		}
		if (!cut) {
			jv last = chunk_of(jv_copy(model), jv_object(), "stop");

			if (jv_get_kind(usage) == JV_KIND_OBJECT)
				last = jv_object_set(last, jv_string("usage"), jv_copy(usage));
			sse(fd, last);
			send_all(fd, "data: [DONE]\n\n", 14);
		}
	} else {
		jv msg = JV_OBJECT(jv_string("role"), jv_string("assistant"), jv_string("content"), jv_string(text));
		jv r, d;

		if (reasoning)
			msg = jv_object_set(msg, jv_string("reasoning_content"), jv_string(reasoning));
		r = JV_OBJECT(jv_string("id"), jv_string("chatcmpl-fake"), jv_string("object"),
			      jv_string("chat.completion"), jv_string("created"), jv_number(0),
			      jv_string("model"), jv_copy(model),
			      jv_string("choices"), JV_ARRAY(JV_OBJECT(jv_string("index"), jv_number(0),
								       jv_string("message"), msg,
								       jv_string("finish_reason"), jv_string("stop"))));
		if (jv_get_kind(usage) == JV_KIND_OBJECT)
			r = jv_object_set(r, jv_string("usage"), jv_copy(usage));
		d = jv_dump_string(r, 0);
		respond(fd, 200, "application/json", jv_string_value(d), NULL, cut);
		jv_free(d);
	}
	jv_free(model);
	jv_free(usage);
	free(text);
	free(reasoning);
}

static jv
vector_for(const char *s)
{
	unsigned long h = 1469598103934665603UL;
	jv v = jv_array();

	for (const char *p = s; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211UL;
	for (int i = 0; i < 8; i++) {
		h = h * 6364136223846793005UL + 1442695040888963407UL;
		v = jv_array_append(v, jv_number((double)((h >> 33) % 2001) / 1000.0 - 1.0));
	}
	return v;
}

static void
embeddings(int fd, jv a, jv req)
{
	jv in = iv_jget(req, "input"), data = jv_array(), fixed = iv_jget(a, "embedding");
	long tokens = 0;
	int cut = iv_jbool(a, "cut", 0);
	jv r, d;

	if (jv_get_kind(in) == JV_KIND_STRING)
		in = JV_ARRAY(in);
	if (jv_get_kind(in) != JV_KIND_ARRAY) {
		jv_free(in);
		jv_free(data);
		jv_free(fixed);
		respond_error(fd, 400, "'input' must be a string or an array of strings", NULL);
		return;
	}
	jv_array_foreach(in, i, t) {
		const char *s = iv_jstr(t);

		tokens += (long)(strlen(s) + 3) / 4;
		data = jv_array_append(data, JV_OBJECT(jv_string("object"), jv_string("embedding"),
						       jv_string("index"), jv_number(i),
						       jv_string("embedding"),
						       jv_get_kind(fixed) == JV_KIND_ARRAY ? jv_copy(fixed) : vector_for(s)));
		jv_free(t);
	}
	r = JV_OBJECT(jv_string("object"), jv_string("list"), jv_string("data"), data,
		      jv_string("model"), model_for(a, req),
		      jv_string("usage"), JV_OBJECT(jv_string("prompt_tokens"), jv_number(tokens),
						    jv_string("total_tokens"), jv_number(tokens)));
	d = jv_dump_string(r, 0);
	respond(fd, 200, "application/json", jv_string_value(d), NULL, cut);
	jv_free(d);
	jv_free(in);
	jv_free(fixed);
}

static int
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

/* Whether the request asks for response_format of this type. */
static int
asks_for(jv req, const char *type)
{
	jv t = jv_getpath(jv_copy(req), JV_ARRAY(jv_string("response_format"), jv_string("type")));
	int yes = jv_get_kind(t) == JV_KIND_STRING && !strcmp(jv_string_value(t), type);

	jv_free(t);
	return yes;
}

/* req: the body parsed (an object, else null); raw: the body as sent. */
/* Audio: /audio/transcriptions (multipart) and /audio/speech. */

/* The multipart field name's value (borrowed bytes in body, *n long), or
 * NULL; *filename set when the part has one. */
static const char *
form_field(const char *body, size_t len, const char *boundary, const char *name, size_t *n, int *filename)
{
	char *delim = iv_xasprintf("--%s", boundary), *want = iv_xasprintf("name=\"%s\"", name);
	size_t dl = strlen(delim);
	const char *p = body, *end = body + len, *found = NULL;

	while ((p = memmem(p, (size_t)(end - p), delim, dl))) {
		const char *head = p + dl, *hend, *data, *next;

		hend = memmem(head, (size_t)(end - head), "\r\n\r\n", 4);
		if (!hend)
			break;
		data = hend + 4;
		next = memmem(data, (size_t)(end - data), delim, dl);
		if (!next)
			break;
		if (memmem(head, (size_t)(hend - head), want, strlen(want))) {
			found = data;
			*n = (size_t)(next - data) >= 2 ? (size_t)(next - data) - 2 : 0;	/* the CRLF */
			*filename = memmem(head, (size_t)(hend - head), "filename=", 9) != NULL;
			break;
		}
		p = next;
	}
	free(delim);
	free(want);
	return found;
}

static void
transcriptions(int fd, jv a, jv headers, const char *raw)
{
	jv ct = iv_jget(headers, "content-type"), cl = iv_jget(headers, "content-length");
	const char *b = strstr(iv_jstr(ct), "boundary="), *model, *file, *rf, *lang;
	size_t len = strtoul(iv_jstr(cl), NULL, 10), mn = 0, fn = 0, rn = 0, ln = 0;
	int isfile = 0, dummy;
	char *boundary, *problem = NULL;
	double duration = 1;

	if (!b) {
		respond_error(fd, 400, "expected multipart/form-data", NULL);
		goto out;
	}
	boundary = iv_xstrdup(b + 9);
	boundary[strcspn(boundary, "; \r")] = 0;
	model = form_field(raw, len, boundary, "model", &mn, &dummy);
	file = form_field(raw, len, boundary, "file", &fn, &isfile);
	rf = form_field(raw, len, boundary, "response_format", &rn, &dummy);
	lang = form_field(raw, len, boundary, "language", &ln, &dummy);
	free(boundary);
	if (!model || !mn)
		problem = "missing field 'model'";
	else if (!file || !fn || !isfile)
		problem = "missing file field 'file'";
	else if (!rf || rn != 12 || memcmp(rf, "verbose_json", 12))
		problem = "response_format must be verbose_json for segments";
	else if (lang && (ln != 2 || memchr(lang, '-', ln)))
		problem = "language must be an ISO-639-1 code such as en or zh";
	if (problem) {
		respond_error(fd, 400, problem, NULL);
		goto out;
	}
	/* The length of a WAV from its header: data bytes / bytes per second. */
	if (fn > 44 && !memcmp(file, "RIFF", 4)) {
		const unsigned char *u = (const unsigned char *)file;
		unsigned long rate = u[28] | u[29] << 8 | u[30] << 16 | (unsigned long)u[31] << 24;

		if (rate)
			duration = (double)(fn - 44) / (double)rate;
	}
	{
		jv reply = iv_jget(a, "json");

		if (jv_get_kind(reply) == JV_KIND_NULL) {
			char *text = iv_jstrdup(a, "content");
			jv segs = iv_jget(a, "segments");
			char *l = lang ? iv_xstrndup(lang, ln) : NULL;

			jv_free(reply);
			if (jv_get_kind(segs) != JV_KIND_ARRAY) {
				jv_free(segs);
				segs = JV_ARRAY(JV_OBJECT(jv_string("id"), jv_number(0), jv_string("start"), jv_number(0),
							  jv_string("end"), jv_number(duration),
							  jv_string("text"), jv_string(text ? text : "ok")));
			}
			reply = JV_OBJECT(jv_string("task"), jv_string("transcribe"),
					  jv_string("language"), jv_string(l ? (!strcmp(l, "zh") ? "chinese" : l) : "english"),
					  jv_string("duration"), jv_number(duration),
					  jv_string("text"), jv_string(text ? text : "ok"),
					  jv_string("segments"), segs);
			free(text);
			free(l);
		}
		respond_json(fd, 200, reply, NULL);
	}
out:
	jv_free(ct);
	jv_free(cl);
}

/* A WAV of a 440 Hz tone, 60 ms per byte of input (at least 0.5 s). */
static void
speech(int fd, jv req)
{
	char *input = iv_jstrdup(req, "input"), *model = iv_jstrdup(req, "model"), *voice = iv_jstrdup(req, "voice");
	iv_buf b = IV_BUF_INIT;

	if (!model || !*model || !input || !*input || !voice || !*voice) {
		respond_error(fd, 400, !model || !*model ? "missing 'model'" : !input || !*input ? "missing 'input'"
				       : "missing 'voice'", NULL);
	} else {
		unsigned rate = 16000, n = (unsigned)(rate * (strlen(input) * 0.06 < 0.5 ? 0.5 : strlen(input) * 0.06));
		unsigned bytes = n * 2;
		unsigned char h[44] = "RIFF\0\0\0\0WAVEfmt \x10\0\0\0\x01\0\x01\0\x80\x3e\0\0\0\x7d\0\0\x02\0\x10\0data";

		h[4] = (unsigned char)((36 + bytes) & 0xff), h[5] = (unsigned char)((36 + bytes) >> 8 & 0xff);
		h[6] = (unsigned char)((36 + bytes) >> 16 & 0xff), h[7] = (unsigned char)((36 + bytes) >> 24);
		h[40] = (unsigned char)(bytes & 0xff), h[41] = (unsigned char)(bytes >> 8 & 0xff);
		h[42] = (unsigned char)(bytes >> 16 & 0xff), h[43] = (unsigned char)(bytes >> 24);
		iv_buf_printf(&b, "HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: %u\r\n"
			      "Connection: close\r\n\r\n", 44 + bytes);
		iv_buf_add(&b, h, 44);
		for (unsigned i = 0; i < n; i++) {
			short v = (short)(8000 * ((i / 18) % 2 ? 1 : -1));	/* a square wave near 440 Hz */

			iv_buf_add(&b, &v, 2);
		}
		send_all(fd, b.s, b.len);
	}
	iv_buf_free(&b);
	free(input);
	free(model);
	free(voice);
}

static void
serve(int fd, const char *method, const char *path, jv headers, jv req, const char *raw)
{
	jv a = next_action();
	char *reject = iv_jstrdup(a, "reject"), *body = iv_jstrdup(a, "body"), *extra = NULL;
	long status = (long)iv_jnum(a, "status", 200), delay = (long)iv_jnum(a, "delay_ms", 0);
	long retry_after = (long)iv_jnum(a, "retry_after", -1);

	if (logf) {
		jv e = JV_OBJECT(jv_string("n"), jv_number(++served), jv_string("method"), jv_string(method),
				 jv_string("path"), jv_string(path), jv_string("headers"), jv_copy(headers),
				 jv_string("body"), jv_get_kind(req) == JV_KIND_OBJECT ? jv_copy(req) : jv_string(raw),
				 jv_string("action"), jv_copy(a));

		jv_dumpf(e, logf, 0);
		fputc('\n', logf);
		fflush(logf);
	}
	if (delay > 0 && !wait_for(fd, delay))
		goto out;	/* the client gave up waiting */
	if (stop || iv_jbool(a, "close", 0))
		goto out;
	if (retry_after >= 0)
		extra = iv_xasprintf("Retry-After: %ld\r\n", retry_after);
	if (reject && asks_for(req, reject)) {
		char *m = iv_xasprintf("Invalid parameter: 'response_format' of type '%s' is not supported "
				       "with this model.", reject);

		respond_error(fd, 400, m, NULL);
		free(m);
	} else if (status != 200) {
		char *m = iv_jstrdup(a, "error");

		respond_error(fd, (int)status, m ? m : reason((int)status), extra);
		free(m);
	} else if (body) {
		respond(fd, 200, "application/json", body, NULL, iv_jbool(a, "cut", 0));
	} else if (strcmp(method, "POST")) {
		respond_error(fd, 404, "not found", NULL);
	} else if (ends_with(path, "/chat/completions")) {
		chat(fd, a, req, raw);
	} else if (ends_with(path, "/embeddings")) {
		embeddings(fd, a, req);
	} else if (ends_with(path, "/audio/transcriptions") || ends_with(path, "/audio/speech")) {
		if (ends_with(path, "/audio/speech"))
			speech(fd, req);
		else
			transcriptions(fd, a, headers, raw);
	} else {
		respond_error(fd, 404, "not found", NULL);
	}
out:
	free(extra);
	free(reject);
	free(body);
	jv_free(a);
}

/* Read one request from fd and answer it. */
static void
handle(int fd)
{
	iv_buf b = IV_BUF_INIT;
	char method[16], path[1024], *head_end = NULL, *line, *save;
	size_t length = 0, head_len;
	jv headers = jv_object(), req;
	struct timeval tv = { 10, 0 };

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (!head_end) {
		char tmp[4096];
		ssize_t r = recv(fd, tmp, sizeof tmp, 0);

		if (r <= 0 || b.len > (1u << 20))
			goto out;
		iv_buf_add(&b, tmp, (size_t)r);
		head_end = strstr(b.s, "\r\n\r\n");
	}
	head_len = (size_t)(head_end - b.s) + 4;
	*head_end = 0;
	line = strtok_r(b.s, "\r\n", &save);
	if (!line || sscanf(line, "%15s %1023s", method, path) != 2)
		goto out;
	while ((line = strtok_r(NULL, "\r\n", &save))) {
		char *colon = strchr(line, ':'), *v;

		if (!colon)
			continue;
		*colon = 0;
		for (char *p = line; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		v = colon + 1;
		while (*v == ' ')
			v++;
		headers = jv_object_set(headers, jv_string(line), jv_string(v));
		if (!strcmp(line, "content-length"))
			length = strtoul(v, NULL, 10);
		if (!strcmp(line, "expect") && !strcasecmp(v, "100-continue"))
			send_all(fd, "HTTP/1.1 100 Continue\r\n\r\n", 25);
	}
	/* The body: what came with the head, then the rest. */
	{
		iv_buf body = IV_BUF_INIT;

		iv_buf_add(&body, b.s + head_len, b.len - head_len);
		while (body.len < length) {
			char tmp[65536];
			ssize_t r = recv(fd, tmp, sizeof tmp, 0);

			if (r <= 0) {
				iv_buf_free(&body);
				goto out;
			}
			iv_buf_add(&body, tmp, (size_t)r);
		}
		req = body.len ? iv_json_parse(body.s, body.len) : jv_null();
		if (jv_get_kind(req) != JV_KIND_OBJECT) {
			jv_free(req);
			req = jv_null();
		}
		serve(fd, method, path, headers, req, body.s ? body.s : "");
		jv_free(req);
		iv_buf_free(&body);
	}
out:
	jv_free(headers);
	iv_buf_free(&b);
}

static void
load_script(const char *path)
{
	FILE *f = fopen(path, "r");
	iv_jsonl *r;
	jv v;
	int rc;

	if (!f)
		iv_die(IV_FAIL, "can't open script '%s': %s", path, strerror(errno));
	r = iv_jsonl_open(f, path, IV_JSONL_OBJECTS);
	while ((rc = iv_jsonl_next(r, &v)) != 0) {
		jv d;

		if (rc < 0)
			iv_die(IV_FAIL, "%s", iv_jsonl_error(r));
		d = iv_jget(v, "default");
		if (jv_get_kind(d) != JV_KIND_NULL) {
			jv_free(fallback);
			fallback = d;
			jv_free(v);
		} else {
			jv_free(d);
			script = jv_array_append(script, v);
		}
	}
	iv_jsonl_close(r);
	fclose(f);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, 0, 'p' },
		{ "port-file", required_argument, 0, 'f' },
		{ "script", required_argument, 0, 's' },
		{ "log", required_argument, 0, 'l' },
		{ 0 },
	};
	const char *port_file = NULL;
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof addr;
	struct sigaction sa = { .sa_handler = on_term };
	int c, lfd, one = 1;
	long port = 0;

	iv_prog_init(argv[0]);
	script = jv_array();
	fallback = jv_null();
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'p': port = strtol(optarg, NULL, 10); break;
		case 'f': port_file = optarg; break;
		case 's': load_script(optarg); break;
		case 'l':
			if (!(logf = fopen(optarg, "a")))
				iv_die(IV_FAIL, "can't open log '%s': %s", optarg, strerror(errno));
			break;
		default:
			iv_die(IV_USAGE, "usage: fake-llm [--port N] [--port-file FILE] [--script FILE] [--log FILE]");
		}
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if ((lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
		iv_die(IV_FAIL, "socket: %s", strerror(errno));
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons((unsigned short)port);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(lfd, 16) < 0)
		iv_die(IV_FAIL, "can't listen on 127.0.0.1:%ld: %s", port, strerror(errno));
	getsockname(lfd, (struct sockaddr *)&addr, &alen);
	printf("%d\n", ntohs(addr.sin_port));
	fflush(stdout);
	if (port_file) {
		char *tmp = iv_xasprintf("%s.tmp", port_file);
		FILE *f = fopen(tmp, "w");

		if (!f || fprintf(f, "%d\n", ntohs(addr.sin_port)) < 0 || fclose(f) != 0 || rename(tmp, port_file) < 0)
			iv_die(IV_FAIL, "can't write '%s': %s", port_file, strerror(errno));
		free(tmp);
	}
	while (!stop) {
		struct pollfd p = { lfd, POLLIN, 0 };
		int fd;

		if (poll(&p, 1, 200) <= 0)
			continue;
		if ((fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC)) < 0)
			continue;
		handle(fd);
		shutdown(fd, SHUT_WR);
		close(fd);
	}
	close(lfd);
	if (logf)
		fclose(logf);
	jv_free(script);
	jv_free(fallback);
	return 0;
}
