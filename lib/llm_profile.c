/* llm_profile.c — which server and model (llm.h): profiles from the
 * config, the client's life and its settings. */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

#include "config.h"
#include "jsonl.h"
#include "llm.h"
#include "llm_wire.h"
#include "msg.h"
#include "paths.h"

#define DEFAULT_TIMEOUT 120		/* seconds, a whole call */
#define DEFAULT_CONNECT_TIMEOUT 10
#define DEFAULT_RETRIES 2
#define DEFAULT_BATCH 64

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
	c->format = !strcmp(iv_jstr(rf), "none") ? IV_LLM_FORMAT_PROMPT : !strcmp(iv_jstr(rf), "json_object") ? IV_LLM_FORMAT_OBJECT : IV_LLM_FORMAT_SCHEMA;
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

int
iv_llm_has_key(const iv_llm *c)
{
	return iv_llm_key(c) != NULL;
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
