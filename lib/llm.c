#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "clock.h"
#include "config.h"
#include "jsonl.h"
#include "llm.h"
#include "llmjson.h"
#include "msg.h"
#include "paths.h"
#include "prompt.h"
#include "sha256.h"
#include "store.h"

#ifndef IV_VERSION
#define IV_VERSION "0"
#endif

#define DEFAULT_TIMEOUT 120		/* seconds, a whole call */
#define DEFAULT_CONNECT_TIMEOUT 10
#define DEFAULT_RETRIES 2
#define DEFAULT_BATCH 64
#define BACKOFF_MS 500			/* the first wait; it doubles */
#define BACKOFF_MAX_MS 8000
#define RETRY_AFTER_MAX_S 30
#define MAX_BODY (64u << 20)

/* Structured output, from the best to the least the server must support. */
enum { F_SCHEMA, F_OBJECT, F_PROMPT };
static const char *const format_name[] = { "json_schema", "json_object", "prompt" };

struct iv_llm {
	char *provider, *base_url, *endpoint, *model, *embedding_model;
	char *key_env, *organization, *project;
	long timeout_ms, connect_timeout_ms;
	int retries, batch, cache, verbose, format;
	jv params;
	sqlite3 *db;
	CURL *curl;
};

/* What worked for structured output, per process and endpoint. */
static char *learned_endpoint;
static int learned_format = -1;
static int curl_users;

/* Settings. */

int
iv_llm_configured(void)
{
	jv p;
	int n = 0;

	if (!strcmp(iv_config_str("engine", "builtin"), "llm") || iv_config_str("llm.provider", NULL))
		return 1;
	p = iv_config_get("llm.profiles");
	if (jv_get_kind(p) == JV_KIND_OBJECT)
		n = jv_object_length(jv_copy(p));
	jv_free(p);
	return n > 0;
}

/* url without "user:password@"; malloc'd. */
static char *
strip_credentials(const char *url)
{
	const char *scheme = strstr(url, "://"), *host, *at, *slash;

	if (!scheme)
		return iv_xstrdup(url);
	host = scheme + 3;
	slash = host + strcspn(host, "/?#");
	at = memchr(host, '@', (size_t)(slash - host));
	if (!at)
		return iv_xstrdup(url);
	return iv_xasprintf("%.*s%s", (int)(host - url), url, at + 1);
}

static jv
profile_names(jv profiles)
{
	if (jv_get_kind(profiles) == JV_KIND_OBJECT)
		return jv_keys(jv_copy(profiles));
	return jv_array();
}

static char *
joined(jv names)
{
	iv_buf b = IV_BUF_INIT;

	jv_array_foreach(names, i, n) {
		iv_buf_printf(&b, "%s%s", i ? ", " : "", jv_string_value(n));
		jv_free(n);
	}
	jv_free(names);
	return iv_buf_take(&b);
}

jv
iv_llm_resolve(const char *provider, const char *model)
{
	jv profiles = iv_config_get("llm.profiles"), names = profile_names(profiles), p, out;
	int n = jv_array_length(jv_copy(names));
	const char *prov = provider ? provider : iv_config_str("llm.provider", NULL);
	char *list, *url;

	if (!prov && n == 1) {
		jv only = jv_array_get(jv_copy(names), 0);

		/* The config lives until exit: the string outlives this ref. */
		p = jv_object_get(jv_copy(profiles), jv_copy(only));
		out = jv_string(jv_string_value(only));
		jv_free(only);
		prov = NULL;
	} else if (!prov) {
		jv_free(profiles);
		if (n == 0) {
			jv_free(names);
			return jv_invalid_with_msg(jv_string_fmt(
				"no LLM configured: add a profile under llm.profiles in %s "
				"(see iv-llm(1))", iv_path_config()));
		}
		list = joined(names);
		out = jv_invalid_with_msg(jv_string_fmt(
			"several LLM profiles (%s): choose one with llm.provider or IV_PROVIDER", list));
		free(list);
		return out;
	} else {
		p = jv_get_kind(profiles) == JV_KIND_OBJECT
		    ? jv_object_get(jv_copy(profiles), jv_string(prov)) : jv_invalid();
		out = jv_string(prov);
		if (!jv_is_valid(p)) {
			jv_free(p);
			jv_free(out);
			jv_free(profiles);
			list = joined(names);
			out = jv_invalid_with_msg(jv_string_fmt("no LLM profile '%s' under llm.profiles in %s%s%s%s",
								prov, iv_path_config(), *list ? " (there are: " : "",
								list, *list ? ")" : ""));
			free(list);
			return out;
		}
	}
	jv_free(names);
	jv_free(profiles);
	/* out holds the provider's name; build the settings around it. */
	out = JV_OBJECT(jv_string("provider"), out);
	if (jv_get_kind(p) != JV_KIND_OBJECT) {
		jv_free(p);
		p = jv_object();
	}
	url = iv_jstrdup(p, "base_url");
	if (!url || !*url) {
		jv name = iv_jget(out, "provider");
		jv msg = jv_string_fmt("LLM profile '%s' has no base_url", iv_jstr(name));

		jv_free(name);
		free(url);
		jv_free(p);
		jv_free(out);
		return jv_invalid_with_msg(msg);
	}
	while (*url && url[strlen(url) - 1] == '/')
		url[strlen(url) - 1] = 0;
	out = jv_object_merge(out, jv_copy(p));
	out = jv_object_set(out, jv_string("base_url"), jv_string(url));
	{
		char *ep = strip_credentials(url);

		out = jv_object_set(out, jv_string("endpoint"), jv_string(ep));
		free(ep);
	}
	free(url);
	if (model && *model)
		out = jv_object_set(out, jv_string("model"), jv_string(model));
	else if (iv_config_str("llm.model", NULL))
		out = jv_object_set(out, jv_string("model"), jv_string(iv_config_str("llm.model", NULL)));
	jv_free(p);
	return out;
}

static char *
xdup_or_null(jv obj, const char *key)
{
	char *s = iv_jstrdup(obj, key);

	if (s && !*s) {
		free(s);
		s = NULL;
	}
	return s;
}

iv_llm *
iv_llm_open(const char *provider, const char *model, char **err)
{
	jv r = iv_llm_resolve(provider, model), rf;
	iv_llm *c;

	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		*err = iv_xstrdup(jv_string_value(m));
		jv_free(m);
		return NULL;
	}
	c = iv_xcalloc(1, sizeof *c);
	c->provider = xdup_or_null(r, "provider");
	c->base_url = xdup_or_null(r, "base_url");
	c->endpoint = xdup_or_null(r, "endpoint");
	c->model = xdup_or_null(r, "model");
	c->embedding_model = xdup_or_null(r, "embedding_model");
	c->key_env = xdup_or_null(r, "api_key_env");
	c->organization = xdup_or_null(r, "organization");
	c->project = xdup_or_null(r, "project");
	c->timeout_ms = (long)(iv_jnum(r, "timeout", DEFAULT_TIMEOUT) * 1000);
	c->connect_timeout_ms = (long)(iv_jnum(r, "connect_timeout", DEFAULT_CONNECT_TIMEOUT) * 1000);
	c->retries = (int)iv_jnum(r, "retries", DEFAULT_RETRIES);
	c->batch = (int)iv_config_int("llm.embed_batch", DEFAULT_BATCH);
	c->cache = iv_config_num("llm.cache_days", 7) > 0;
	rf = iv_jget(r, "response_format");
	c->format = !strcmp(iv_jstr(rf), "none") ? F_PROMPT : !strcmp(iv_jstr(rf), "json_object") ? F_OBJECT : F_SCHEMA;
	jv_free(rf);
	c->params = jv_object();
	jv_free(r);
	if (curl_users++ == 0)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	c->curl = curl_easy_init();
	if (!c->curl)
		iv_oom();
	return c;
}

void
iv_llm_free(iv_llm *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->curl);
	if (--curl_users == 0)
		curl_global_cleanup();
	free(c->provider);
	free(c->base_url);
	free(c->endpoint);
	free(c->model);
	free(c->embedding_model);
	free(c->key_env);
	free(c->organization);
	free(c->project);
	jv_free(c->params);
	free(c);
}

const char *iv_llm_model(const iv_llm *c) { return c->model; }
const char *iv_llm_provider(const iv_llm *c) { return c->provider; }
const char *iv_llm_endpoint(const iv_llm *c) { return c->endpoint; }
const char *iv_llm_key_env(const iv_llm *c) { return c->key_env; }
void iv_llm_set_db(iv_llm *c, sqlite3 *db) { c->db = db; }
void iv_llm_set_cache(iv_llm *c, int on) { c->cache = on && iv_config_num("llm.cache_days", 7) > 0; }
void iv_llm_set_retries(iv_llm *c, int retries) { c->retries = retries < 0 ? 0 : retries; }
void iv_llm_set_verbose(iv_llm *c, int on) { c->verbose = on; }
void iv_llm_set_batch(iv_llm *c, int n) { c->batch = n > 0 ? n : 1; }

void
iv_llm_set_params(iv_llm *c, jv params)
{
	jv_free(c->params);
	if (jv_get_kind(params) != JV_KIND_OBJECT) {
		jv_free(params);
		params = jv_object();
	}
	c->params = params;
}

static const char *
key_of(const iv_llm *c)
{
	const char *k = c->key_env ? getenv(c->key_env) : NULL;

	return k && *k ? k : NULL;
}

int
iv_llm_has_key(const iv_llm *c)
{
	return key_of(c) != NULL;
}

jv
iv_llm_messages(const char *system, const char *user)
{
	jv m = jv_array();

	if (system)
		m = jv_array_append(m, JV_OBJECT(jv_string("role"), jv_string("system"),
						 jv_string("content"), jv_string(system)));
	return jv_array_append(m, JV_OBJECT(jv_string("role"), jv_string("user"),
					    jv_string("content"), jv_string(user)));
}

/* Time. */

static long
now_ms(void)
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
	const char *key = key_of(c), *p;
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

/* HTTP. */

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
} reply;

static void
reply_init(reply *r, const iv_llm *c, int stream, iv_llm_delta_fn fn, void *ctx)
{
	memset(r, 0, sizeof *r);
	r->c = c;
	r->stream = stream;
	r->retry_after = -1;
	r->usage = jv_null();
	r->fn = fn;
	r->ctx = ctx;
}

static void
reply_reset(reply *r)
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

static void
reply_free(reply *r)
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

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	reply *r = arg;
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
emit(reply *r, const char *s, size_t n)
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

static void
filter_think(reply *r, const char *s, size_t n, int last)
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

static void
sse_line(reply *r, const char *line)
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
		filter_think(r, jv_string_value(delta), (size_t)jv_string_length_bytes(jv_copy(delta)), 0);
	jv_free(delta);
	jv_free(v);
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	reply *r = arg;
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
			sse_line(r, r->line.s + start);
			start = from = (size_t)(nl - r->line.s) + 1;
		}
		if (start) {
			memmove(r->line.s, r->line.s + start, r->line.len - start + 1);
			r->line.len -= start;
		}
		if (r->line.len > MAX_BODY || r->text.len > MAX_BODY) {
			r->too_big = 1;
			return 0;
		}
		return len;
	}
	if (r->body.len + len > MAX_BODY) {
		r->too_big = 1;
		return 0;
	}
	iv_buf_add(&r->body, p, len);
	return len;
}

jv
iv_llm_sse_parse(const char *bytes, size_t n, size_t piece)
{
	reply r;
	jv out;
	int too_big;

	reply_init(&r, NULL, 1, NULL, NULL);
	r.status = 200;
	if (!piece)
		piece = 1;
	for (size_t at = 0; at < n && !r.too_big; at += piece) {
		size_t k = n - at < piece ? n - at : piece;

		on_body((char *)bytes + at, 1, k, &r);
	}
	if (r.line.len && !r.too_big)
		sse_line(&r, r.line.s);
	filter_think(&r, "", 0, 1);
	too_big = r.too_big;
	out = JV_OBJECT(jv_string("text"), jv_string_sized(r.text.s ? r.text.s : "", (int)r.text.len),
			jv_string("model"), r.model ? jv_string(r.model) : jv_null(),
			jv_string("usage"), jv_copy(r.usage),
			jv_string("error"), r.stream_error ? jv_string(r.stream_error) : jv_null(),
			jv_string("done"), jv_bool(r.done), jv_string("events"), jv_bool(r.sse_seen),
			jv_string("too_big"), jv_bool(too_big));
	reply_free(&r);
	return out;
}

typedef struct {
	int ok;
	long status;
	jv json;		/* a plain reply's body */
	int cut;
	int format_rejected;
	char *error;		/* one line */
	int attempts;
} outcome;

/* One HTTP exchange. Returns 1 when worth trying again. */
static int
exchange(iv_llm *c, const char *url, const char *body, reply *r, outcome *o)
{
	struct curl_slist *h = NULL;
	char errbuf[CURL_ERROR_SIZE] = "", *line;
	const char *key = key_of(c);
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
	curl_easy_setopt(c->curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c->curl, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c->curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c->curl, CURLOPT_WRITEDATA, r);
	rc = curl_easy_perform(c->curl);
	curl_slist_free_all(h);
	o->attempts++;
	free(o->error);
	o->error = NULL;
	o->status = r->status;
	if (r->stream && r->line.len && !r->too_big) {
		sse_line(r, r->line.s);
		iv_buf_reset(&r->line);
	}

	if (r->stream && r->sse_seen && r->status / 100 == 2) {
		/* Whatever arrived has been shown: never ask again. */
		filter_think(r, "", 0, 1);
		if (r->too_big) {
			o->error = iv_xasprintf("the reply is larger than %u MiB", MAX_BODY >> 20);
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
			o->error = iv_xasprintf("the reply is larger than %u MiB", MAX_BODY >> 20);
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
			filter_think(r, jv_string_value(t), (size_t)jv_string_length_bytes(jv_copy(t)), 1);
		jv_free(t);
		jv_free(r->usage);
		r->usage = iv_jget(o->json, "usage");
		r->done = 1;
	}
	o->ok = 1;
	return 0;
}

/* POST body (or r->form) to the path, retrying as the header says. */
static outcome
post(iv_llm *c, const char *path, const char *body, reply *r)
{
	char *url = iv_xasprintf("%s%s", c->base_url, path);
	outcome o = { 0 };

	o.json = jv_null();
	for (;;) {
		int again;
		long wait;

		reply_reset(r);
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
static outcome
request(iv_llm *c, const char *path, jv body, reply *r)
{
	jv d = jv_dump_string(jv_copy(body), 0);
	outcome o = post(c, path, jv_string_value(d), r);

	jv_free(d);
	return o;
}

static void
outcome_free(outcome *o)
{
	jv_free(o->json);
	free(o->error);
}

/* Usage, summed over the requests of one call. */

typedef struct {
	double prompt, completion, total;
	int attempts, estimated, cached, n;
	char *model;
	long start;
} tally;

static void
tally_add(tally *t, jv usage, const char *model, jv messages, const char *text)
{
	if (iv_jnum(usage, "prompt_tokens", -1) >= 0) {
		double p = iv_jnum(usage, "prompt_tokens", 0), k = iv_jnum(usage, "completion_tokens", 0);

		t->prompt += p;
		t->completion += k;
		t->total += iv_jnum(usage, "total_tokens", p + k);
	} else {
		double p = (double)iv_token_estimate_messages(messages);
		double k = text ? (double)iv_token_estimate(text, strlen(text)) : 0;

		t->prompt += p;
		t->completion += k;
		t->total += p + k;
		t->estimated = 1;
	}
	if (model && !t->model)
		t->model = iv_xstrdup(model);
	t->n++;
}

static jv
tally_json(const iv_llm *c, tally *t)
{
	jv u = JV_OBJECT(jv_string("model"), jv_string(t->model ? t->model : c->model ? c->model : ""),
			 jv_string("prompt_tokens"), jv_number(t->prompt),
			 jv_string("completion_tokens"), jv_number(t->completion),
			 jv_string("total_tokens"), jv_number(t->total),
			 jv_string("latency_ms"), jv_number((double)(now_ms() - t->start)),
			 jv_string("attempts"), jv_number(t->attempts),
			 jv_string("cached"), jv_bool(t->cached));

	if (t->estimated)
		u = jv_object_set(u, jv_string("estimated"), jv_true());
	free(t->model);
	t->model = NULL;
	return u;
}

static void
give_usage(jv *usage, jv u)
{
	if (usage)
		*usage = u;
	else
		jv_free(u);
}

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

/* The usage worth keeping with a cached reply: the counts. */
static jv
counts_of(jv u)
{
	jv out = jv_object();
	static const char *const keys[] = { "model", "prompt_tokens", "completion_tokens", "total_tokens", "estimated", NULL };

	for (int i = 0; keys[i]; i++) {
		jv v = iv_jget(u, keys[i]);

		if (jv_get_kind(v) != JV_KIND_NULL)
			out = jv_object_set(out, jv_string(keys[i]), v);
		else
			jv_free(v);
	}
	return out;
}

static void
tally_cached(tally *t, jv cu)
{
	t->prompt += iv_jnum(cu, "prompt_tokens", 0);
	t->completion += iv_jnum(cu, "completion_tokens", 0);
	t->total += iv_jnum(cu, "total_tokens", 0);
	t->estimated |= iv_jbool(cu, "estimated", 0);
	if (!t->model && jv_get_kind(cu) == JV_KIND_OBJECT)
		t->model = iv_jstrdup(cu, "model");
	t->cached = 1;
	jv_free(cu);
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
no_model(const iv_llm *c, tally *t, jv *usage)
{
	jv u = tally_json(c, t);

	u = jv_object_set(u, jv_string("error"), jv_string("no model"));
	give_usage(usage, u);
	return jv_invalid_with_msg(jv_string_fmt("no model for LLM profile '%s': set llm.profiles.%s.model, "
						 "llm.model or IV_MODEL", c->provider, c->provider));
}

static jv
failed(const iv_llm *c, tally *t, outcome *o, jv *usage)
{
	jv u = tally_json(c, t);

	u = jv_object_set(u, jv_string("error"), jv_string(o->error));
	give_usage(usage, u);
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
chat_once(iv_llm *c, jv body, tally *t, outcome *o, char key[65])
{
	jv cu = jv_null();
	char *text;
	reply r;

	cache_key(c, body, key);
	if ((text = cache_get(c, key, &cu))) {
		tally_cached(t, cu);
		return text;
	}
	jv_free(cu);
	reply_init(&r, c, 0, NULL, NULL);
	*o = request(c, "/chat/completions", body, &r);
	t->attempts += o->attempts;
	reply_free(&r);
	if (!o->ok)
		return NULL;
	text = reply_content(o->json);
	if (jv_get_kind(o->json) == JV_KIND_OBJECT) {
		jv u = iv_jget(o->json, "usage"), msgs = iv_jget(body, "messages");
		char *model = iv_jstrdup(o->json, "model");

		tally_add(t, u, model, msgs, text);
		free(model);
		jv_free(u);
		jv_free(msgs);
	}
	return text;
}

jv
iv_llm_chat(iv_llm *c, jv messages, jv *usage)
{
	tally t = { .start = now_ms() };
	outcome o = { .json = jv_null() };
	char key[65], *raw, *text;
	jv body, u;

	if (!c->model)
		return no_model(c, &t, usage);
	body = chat_body(c, messages, jv_null(), 0);
	raw = chat_once(c, body, &t, &o, key);
	jv_free(body);
	if (!raw) {
		jv v = failed(c, &t, &o, usage);

		outcome_free(&o);
		return v;
	}
	text = t.cached ? iv_xstrdup(raw) : iv_llm_strip_think(raw);
	u = tally_json(c, &t);
	if (!t.cached)
		cache_put(c, key, text, counts_of(u));
	give_usage(usage, u);
	outcome_free(&o);
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
	tally t = { .start = now_ms() };
	char key[65], *hit;
	jv body, cu = jv_null(), u, s;
	outcome o;
	reply r;
	int cut;

	if (!c->model)
		return no_model(c, &t, usage);
	body = chat_body(c, messages, jv_null(), 1);
	cache_key(c, body, key);
	if ((hit = cache_get(c, key, &cu))) {
		tally_cached(&t, cu);
		if (fn && *hit)
			fn(hit, strlen(hit), ctx);
		u = jv_object_set(tally_json(c, &t), jv_string("cut"), jv_false());
		give_usage(usage, u);
		s = jv_string(hit);
		free(hit);
		jv_free(body);
		return s;
	}
	jv_free(cu);
	reply_init(&r, c, 1, fn, ctx);
	o = request(c, "/chat/completions", body, &r);
	t.attempts += o.attempts;
	if (!o.ok) {
		s = failed(c, &t, &o, usage);
		goto out;
	}
	cut = o.cut;
	{
		jv msgs = iv_jget(body, "messages");

		tally_add(&t, r.usage, r.model, msgs, r.text.s ? r.text.s : "");
		jv_free(msgs);
	}
	u = tally_json(c, &t);
	if (!cut)
		cache_put(c, key, r.text.s ? r.text.s : "", counts_of(u));
	u = jv_object_set(u, jv_string("cut"), jv_bool(cut));
	give_usage(usage, u);
	s = jv_string(r.text.s ? r.text.s : "");
out:
	reply_free(&r);
	outcome_free(&o);
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
	if (format == F_SCHEMA)
		return JV_OBJECT(jv_string("type"), jv_string("json_schema"),
				 jv_string("json_schema"), JV_OBJECT(jv_string("name"), schema_name(schema),
								     jv_string("schema"), jv_copy(schema)));
	if (format == F_OBJECT)
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
	if (f == F_SCHEMA && jv_get_kind(schema) != JV_KIND_OBJECT)
		f = F_OBJECT;
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
	tally t = { .start = now_ms() };
	int format = start_format(c, schema), retried = 0;
	jv msgs = jv_copy(messages), v = jv_invalid();
	const char *stage = NULL;
	char key[65], first_key[65];

	if (!c->model) {
		jv_free(msgs);
		return no_model(c, &t, usage);
	}
	for (;;) {
		outcome o = { .json = jv_null() };
		jv send = format == F_SCHEMA ? jv_copy(msgs) : ask_for_json(msgs, schema);
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
			if (o.format_rejected && format < F_PROMPT) {
				if (c->verbose)
					iv_warn("%s: the server refused response_format %s; trying %s",
						c->endpoint, format_name[format], format_name[format + 1]);
				learn_format(c, ++format);
				outcome_free(&o);
				continue;
			}
			v = failed(c, &t, &o, usage);
			outcome_free(&o);
			break;
		}
		outcome_free(&o);
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

			if (format > F_SCHEMA)
				learn_format(c, format);
			u = tally_json(c, &t);
			if (!t.cached)
				cache_put(c, first_key, raw, counts_of(u));
			u = jv_object_set(u, jv_string("format"), jv_string(format_name[format]));
			if (strcmp(stage, "strict"))
				u = jv_object_set(u, jv_string("repaired"), jv_string(stage));
			u = jv_object_set(u, jv_string("retried"), jv_bool(retried));
			give_usage(usage, u);
			free(raw);
			break;
		}
		jv_free(v);
		v = jv_invalid();
		if (retried) {
			jv u = tally_json(c, &t);
			char *msg = iv_xasprintf("the model's reply is unusable after a retry: %s", err);

			u = jv_object_set(u, jv_string("format"), jv_string(format_name[format]));
			u = jv_object_set(u, jv_string("retried"), jv_true());
			u = jv_object_set(u, jv_string("error"), jv_string(msg));
			give_usage(usage, u);
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

/* Embeddings. */

static jv
embed_batch(iv_llm *c, jv texts, tally *t, char **error)
{
	jv body = JV_OBJECT(jv_string("model"), jv_string(c->embedding_model), jv_string("input"), jv_copy(texts));
	int n = jv_array_length(jv_copy(texts));
	jv data, out = jv_invalid();
	outcome o;
	reply r;

	reply_init(&r, c, 0, NULL, NULL);
	o = request(c, "/embeddings", body, &r);
	t->attempts += o.attempts;
	reply_free(&r);
	jv_free(body);
	if (!o.ok) {
		*error = o.error;
		o.error = NULL;
		outcome_free(&o);
		return out;
	}
	data = iv_jget(o.json, "data");
	if (jv_get_kind(data) == JV_KIND_ARRAY && jv_array_length(jv_copy(data)) == n) {
		out = jv_array();
		for (int i = 0; i < n; i++)
			out = jv_array_append(out, jv_null());
		jv_array_foreach(data, i, d) {
			int at = (int)iv_jnum(d, "index", i);
			jv e = iv_jget(d, "embedding");

			if (at >= 0 && at < n && jv_get_kind(e) == JV_KIND_ARRAY)
				out = jv_array_set(out, at, e);
			else
				jv_free(e);
			jv_free(d);
		}
		jv_array_foreach(out, i, e) {
			if (jv_get_kind(e) != JV_KIND_ARRAY && jv_is_valid(out)) {
				jv_free(out);
				out = jv_invalid();
			}
			jv_free(e);
		}
	}
	if (!jv_is_valid(out))
		*error = iv_xasprintf("POST %s/embeddings: the reply does not hold %d embeddings", c->endpoint, n);
	else {
		jv u = iv_jget(o.json, "usage"), m = iv_jget(o.json, "model");

		t->prompt += iv_jnum(u, "prompt_tokens", 0);
		t->total += iv_jnum(u, "total_tokens", iv_jnum(u, "prompt_tokens", 0));
		if (!t->model && jv_get_kind(m) == JV_KIND_STRING)
			t->model = iv_xstrdup(jv_string_value(m));
		jv_free(u);
		jv_free(m);
	}
	jv_free(data);
	outcome_free(&o);
	return out;
}

jv
iv_llm_embed(iv_llm *c, jv texts, jv *usage)
{
	tally t = { .start = now_ms() };
	int n = jv_array_length(jv_copy(texts));
	char *error = NULL;
	jv all = jv_array(), u;

	if (!c->embedding_model) {
		give_usage(usage, jv_object_set(tally_json(c, &t), jv_string("error"), jv_string("no embedding model")));
		jv_free(all);
		return jv_invalid_with_msg(jv_string_fmt("no embedding_model in LLM profile '%s'", c->provider));
	}
	t.model = iv_xstrdup(c->embedding_model);
	for (int i = 0; i < n && !error; i += c->batch) {
		jv part = jv_array(), e;

		/* Not jv_array_slice: jq 1.6's slices misbehave in later concats. */
		for (int k = i; k < n && k < i + c->batch; k++)
			part = jv_array_append(part, jv_array_get(jv_copy(texts), k));
		e = embed_batch(c, part, &t, &error);

		jv_free(part);
		if (jv_is_valid(e))
			all = jv_array_concat(all, e);
		else
			jv_free(e);
	}
	u = tally_json(c, &t);
	if (error) {
		jv v = jv_invalid_with_msg(jv_string(error));

		give_usage(usage, jv_object_set(u, jv_string("error"), jv_string(error)));
		free(error);
		jv_free(all);
		return v;
	}
	give_usage(usage, u);
	return all;
}

/* Audio. */

static jv
audio_usage(const iv_llm *c, const char *model, long long start, const outcome *o)
{
	jv u = JV_OBJECT(jv_string("model"), jv_string(model ? model : ""),
			 jv_string("latency_ms"), jv_number((double)(now_ms() - start)),
			 jv_string("attempts"), jv_number(o->attempts));

	(void)c;
	if (!o->ok && o->error)
		u = jv_object_set(u, jv_string("error"), jv_string(o->error));
	return u;
}

/* "english", "Chinese", "zh-CN" -> "en", "zh"; others as given. */
static jv
short_lang(jv l)
{
	const char *s = iv_jstr(l);
	jv out;

	if (!strncasecmp(s, "en", 2))
		out = jv_string("en");
	else if (!strncasecmp(s, "zh", 2) || !strcasecmp(s, "chinese") || !strcasecmp(s, "mandarin"))
		out = jv_string("zh");
	else
		out = jv_string(s);
	jv_free(l);
	return out;
}

jv
iv_llm_transcribe(iv_llm *c, const char *file, const char *model, const char *lang, jv *usage)
{
	long long start = now_ms();
	curl_mime *form = curl_mime_init(c->curl);
	curl_mimepart *part;
	reply r;
	outcome o;
	jv v, out, segs, text;

	part = curl_mime_addpart(form);
	curl_mime_name(part, "model");
	curl_mime_data(part, model, CURL_ZERO_TERMINATED);
	part = curl_mime_addpart(form);
	curl_mime_name(part, "response_format");
	curl_mime_data(part, "verbose_json", CURL_ZERO_TERMINATED);
	if (lang && *lang) {
		part = curl_mime_addpart(form);
		curl_mime_name(part, "language");
		curl_mime_data(part, lang, CURL_ZERO_TERMINATED);
	}
	part = curl_mime_addpart(form);
	curl_mime_name(part, "file");
	if (curl_mime_filedata(part, file) != CURLE_OK) {
		curl_mime_free(form);
		give_usage(usage, JV_OBJECT(jv_string("model"), jv_string(model)));
		return jv_invalid_with_msg(jv_string_fmt("can't read '%s'", file));
	}
	reply_init(&r, c, 0, NULL, NULL);
	r.form = form;
	o = post(c, "/audio/transcriptions", NULL, &r);
	curl_mime_free(form);
	reply_free(&r);
	give_usage(usage, audio_usage(c, model, start, &o));
	if (!o.ok) {
		out = jv_invalid_with_msg(jv_string(o.error));
		outcome_free(&o);
		return out;
	}
	v = o.json;
	o.json = jv_null();
	outcome_free(&o);
	text = iv_jget(v, "text");
	if (jv_get_kind(text) != JV_KIND_STRING) {
		jv_free(text);
		jv_free(v);
		return jv_invalid_with_msg(jv_string_fmt("POST %s/audio/transcriptions: the reply has no \"text\"",
							 c->endpoint));
	}
	out = JV_OBJECT(jv_string("text"), text);
	{
		jv l = iv_jget(v, "language");

		if (jv_get_kind(l) == JV_KIND_STRING && jv_string_length_bytes(jv_copy(l)) > 0)
			out = jv_object_set(out, jv_string("lang"), short_lang(l));
		else {
			jv_free(l);
			out = jv_object_set(out, jv_string("lang"), lang && *lang ? jv_string(lang) : jv_null());
		}
	}
	out = jv_object_set(out, jv_string("duration_s"), jv_number(iv_jnum(v, "duration", 0)));
	segs = jv_array();
	{
		jv in = iv_jget(v, "segments");

		if (jv_get_kind(in) == JV_KIND_ARRAY) {
			jv_array_foreach(in, i, s) {
				if (jv_get_kind(s) == JV_KIND_OBJECT) {
					jv t = iv_jget(s, "text");

					segs = jv_array_append(segs, JV_OBJECT(
						jv_string("start"), jv_number(iv_jnum(s, "start", 0)),
						jv_string("end"), jv_number(iv_jnum(s, "end", 0)),
						jv_string("text"), jv_get_kind(t) == JV_KIND_STRING ? t : (jv_free(t), jv_string(""))));
				}
				jv_free(s);
			}
		}
		jv_free(in);
	}
	out = jv_object_set(out, jv_string("segments"), segs);
	jv_free(v);
	return out;
}

int
iv_llm_speech(iv_llm *c, const char *model, const char *voice, const char *text, iv_buf *audio,
	      char **err, jv *usage)
{
	long long start = now_ms();
	jv body = JV_OBJECT(jv_string("model"), jv_string(model), jv_string("input"), jv_string(text),
			    jv_string("voice"), jv_string(voice && *voice ? voice : "alloy"),
			    jv_string("response_format"), jv_string("wav"));
	reply r;
	outcome o;
	int rc = -1;

	reply_init(&r, c, 0, NULL, NULL);
	r.binary = 1;
	o = request(c, "/audio/speech", body, &r);
	jv_free(body);
	give_usage(usage, audio_usage(c, model, start, &o));
	if (o.ok) {
		iv_buf_add(audio, r.body.s, r.body.len);
		rc = 0;
	} else {
		*err = iv_xstrdup(o.error);
	}
	outcome_free(&o);
	reply_free(&r);
	return rc;
}
