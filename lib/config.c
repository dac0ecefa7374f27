#include <math.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "yamldoc.h"
#include "timing.h"

enum { T_STR, T_INT, T_NUM, T_BOOL, T_LIST, T_MAP };

struct key {
	const char *pattern;	/* dotted path; '*' matches one component */
	int type;
	double min, max;	/* T_INT, T_NUM */
	const char *choices;	/* T_STR: "a|b|c", or NULL for any string */
};

/* Every key the config accepts. Add new settings here. */
static const struct key keys[] = {
	{ "user", T_STR, 0, 0, NULL },
	{ "db", T_STR, 0, 0, NULL },
	{ "engine", T_STR, 0, 0, "builtin|llm" },
	{ "lang", T_STR, 0, 0, "auto|zh|en" },
	{ "interview", T_MAP, 0, 0, NULL },
	{ "interview.rounds", T_INT, 3, 10, NULL },
	{ "interview.feedback", T_BOOL, 0, 0, NULL },
	{ "llm", T_MAP, 0, 0, NULL },
	{ "llm.provider", T_STR, 0, 0, NULL },
	{ "llm.model", T_STR, 0, 0, NULL },
	{ "llm.cache_days", T_NUM, 0, 3650, NULL },
	{ "llm.budget", T_INT, 100, 3000, NULL },
	{ "llm.embed_batch", T_INT, 1, 2048, NULL },
	{ "llm.grade_weight", T_NUM, 0, 1, NULL },
	{ "llm.profiles", T_MAP, 0, 0, NULL },
	{ "llm.profiles.*", T_MAP, 0, 0, NULL },
	{ "llm.profiles.*.base_url", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.model", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.embedding_model", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.api_key_env", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.organization", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.project", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.timeout", T_NUM, 1, 3600, NULL },
	{ "llm.profiles.*.connect_timeout", T_NUM, 1, 600, NULL },
	{ "llm.profiles.*.retries", T_INT, 0, 10, NULL },
	{ "llm.profiles.*.response_format", T_STR, 0, 0, "json_schema|json_object|none" },
	{ "embed", T_MAP, 0, 0, NULL },
	{ "embed.engine", T_STR, 0, 0, "builtin|llm" },
	{ "embed.dim", T_INT, 64, 4096, NULL },
	{ "extract", T_MAP, 0, 0, NULL },
	{ "extract.pdf_timeout", T_NUM, 1, 600, NULL },
	{ "extract.max_mb", T_INT, 1, 512, NULL },
	{ "knowledge", T_MAP, 0, 0, NULL },
	{ "knowledge.auto_update", T_BOOL, 0, 0, NULL },
	{ "knowledge.dirs", T_LIST, 0, 0, NULL },
	{ "knowledge.min_score", T_NUM, 0, 10, NULL },
	{ "knowledge.chunk_bytes", T_INT, 200, 16000, NULL },
	{ "knowledge.chunk_overlap", T_INT, 0, 4000, NULL },
	{ "knowledge.recency_days", T_NUM, 1, 36500, NULL },
	{ "knowledge.recency_weight", T_NUM, 0, 10, NULL },
	{ "knowledge.min_similarity", T_NUM, -1, 1, NULL },
	{ "skills", T_MAP, 0, 0, NULL },
	{ "skills.due_days", T_INT, 1, 365, NULL },
	{ "skills.weak_below", T_NUM, 0, 10, NULL },
	/* voice practice: iv-listen, iv-speak, delivery */
	{ "llm.profiles.*.transcription_model", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.speech_model", T_STR, 0, 0, NULL },
	{ "llm.profiles.*.voice", T_STR, 0, 0, NULL },
	{ "audio", T_MAP, 0, 0, NULL },
	{ "audio.provider", T_STR, 0, 0, NULL },
	{ "audio.transcription_model", T_STR, 0, 0, NULL },
	{ "audio.speech_model", T_STR, 0, 0, NULL },
	{ "audio.voice", T_STR, 0, 0, NULL },
	{ "audio.max_mb", T_NUM, 0.001, 1024, NULL },
	{ "audio.max_seconds", T_NUM, 1, 7200, NULL },
	{ "audio.silence_db", T_NUM, -90, 0, NULL },
	{ "delivery", T_MAP, 0, 0, NULL },
	{ "delivery.long_pause_s", T_NUM, 0.5, 30, NULL },
	{ "delivery.target_s", T_NUM, 10, 1200, NULL },
	{ NULL, 0, 0, 0, NULL },
};

static const struct { const char *var, *key; } envmap[] = {
	{ "IV_ENGINE", "engine" },
	{ "IV_MODEL", "llm.model" },
	{ "IV_PROVIDER", "llm.provider" },
	{ "IV_USER", "user" },
	{ "IV_LANG", "lang" },
	{ "IV_ROUNDS", "interview.rounds" },
	{ "IV_AUDIO_PROVIDER", "audio.provider" },
	{ NULL, NULL },
};

static jv conf;		/* the loaded tree; invalid until loaded */
static int loaded;

static const struct key *
find_key(const char *path)
{
	const struct key *k;
	char pat[256], p[256];

	/* fnmatch's '*' would cross dots; compare component-wise instead by
	 * turning dots into slashes and using FNM_PATHNAME. */
	snprintf(p, sizeof p, "%s", path);
	for (char *c = p; *c; c++)
		if (*c == '.')
			*c = '/';
	for (k = keys; k->pattern; k++) {
		snprintf(pat, sizeof pat, "%s", k->pattern);
		for (char *c = pat; *c; c++)
			if (*c == '.')
				*c = '/';
		if (fnmatch(pat, p, FNM_PATHNAME) == 0)
			return k;
	}
	return NULL;
}

static const char *
type_name(const struct key *k)
{
	switch (k->type) {
	case T_STR: return "a string";
	case T_INT: return "a whole number";
	case T_NUM: return "a number";
	case T_BOOL: return "true or false";
	case T_LIST: return "a list";
	default: return "a mapping";
	}
}

/* Check one value against its key; returns a malloc'd problem or NULL. */
static char *
check_value(const struct key *k, jv v)
{
	jv_kind kind = jv_get_kind(v);
	double d;

	if (kind == JV_KIND_NULL)
		return NULL;	/* unset */
	switch (k->type) {
	case T_STR:
		if (kind != JV_KIND_STRING)
			return iv_xasprintf("expected %s, got %s", type_name(k), iv_json_kind_name(kind));
		if (k->choices) {
			const char *s = jv_string_value(v), *c = k->choices;
			size_t n = strlen(s);

			while (c) {
				if (!strncmp(c, s, n) && (c[n] == '|' || c[n] == 0))
					return NULL;
				c = strchr(c, '|');
				if (c)
					c++;
			}
			return iv_xasprintf("'%s' is not one of %s", s, k->choices);
		}
		return NULL;
	case T_INT:
	case T_NUM:
		if (kind != JV_KIND_NUMBER)
			return iv_xasprintf("expected %s, got %s", type_name(k), iv_json_kind_name(kind));
		d = jv_number_value(v);
		if (k->type == T_INT && (!(fabs(d) < 9e15) || d != (double)(long)d))
			return iv_xasprintf("expected a whole number, got %g", d);
		if ((k->min || k->max) && (d < k->min || d > k->max))
			return iv_xasprintf("%g is out of range (%g to %g)", d, k->min, k->max);
		return NULL;
	case T_BOOL:
		if (kind != JV_KIND_TRUE && kind != JV_KIND_FALSE)
			return iv_xasprintf("expected true or false, got %s", iv_json_kind_name(kind));
		return NULL;
	case T_LIST:
		if (kind != JV_KIND_ARRAY)
			return iv_xasprintf("expected a list, got %s", iv_json_kind_name(kind));
		return NULL;
	default:
		if (kind != JV_KIND_OBJECT)
			return iv_xasprintf("expected a mapping, got %s", iv_json_kind_name(kind));
		return NULL;
	}
}

/* Walk the tree; errors and warnings go to *out, one per line. */
static int
validate(jv v, const char *prefix, jv lines, const char *file, iv_buf *out)
{
	int errors = 0;

	jv_object_foreach(v, key, val) {
		char *path = *prefix ? iv_xasprintf("%s.%s", prefix, jv_string_value(key))
				     : iv_xstrdup(jv_string_value(key));
		const struct key *k = find_key(path);
		jv l = jv_object_get(jv_copy(lines), jv_string(path));
		long line = jv_is_valid(l) ? (long)jv_number_value(l) : 0;
		char *problem;

		jv_free(l);
		if (!k) {
			iv_buf_printf(out, "%s:%ld: %s: unknown key (ignored)\n", file, line, path);
		} else if ((problem = check_value(k, val))) {
			iv_buf_printf(out, "%s:%ld: %s: %s\n", file, line, path, problem);
			free(problem);
			errors++;
		} else if (k->type == T_MAP && jv_get_kind(val) == JV_KIND_OBJECT) {
			errors += validate(jv_copy(val), path, lines, file, out);
		}
		free(path);
		jv_free(key);
		jv_free(val);
	}
	jv_free(v);
	return errors;
}

static jv
path_of(const char *key)
{
	jv p = jv_array();
	const char *s = key, *dot;

	while ((dot = strchr(s, '.'))) {
		p = jv_array_append(p, jv_string_sized(s, (int)(dot - s)));
		s = dot + 1;
	}
	return jv_array_append(p, jv_string(s));
}

/* The document v (consumed) from file, with its lines (consumed when v is
 * not valid), checked against the table: v, or invalid. */
static jv
checked(jv v, jv lines, const char *file, iv_buf *report, int *errors)
{
	if (!jv_is_valid(v)) {
		jv m = jv_invalid_get_msg(v);

		iv_buf_printf(report, "%s\n", jv_string_value(m));
		jv_free(m);
		jv_free(lines);
		(*errors)++;
		return jv_invalid();
	}
	if (jv_get_kind(v) == JV_KIND_NULL) {
		jv_free(v);
		v = jv_object();
	}
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		iv_buf_printf(report, "%s:1: the config must be a mapping of keys\n", file);
		jv_free(v);
		jv_free(lines);
		(*errors)++;
		return jv_invalid();
	}
	*errors += validate(jv_copy(v), "", lines, file, report);
	return v;
}

char *
iv_config_check_text(const char *text, size_t n, const char *name, int *errors)
{
	iv_buf report = IV_BUF_INIT;
	jv lines = jv_invalid(), v;

	*errors = 0;
	v = checked(iv_yaml_parse(text, n, name, &lines), lines, name, &report, errors);
	if (jv_is_valid(v))
		jv_free(lines);
	jv_free(v);
	return report.len ? iv_buf_take(&report) : (iv_buf_free(&report), NULL);
}

/* Returns the tree (new ref), or invalid with the whole report in *report. */
static jv
load_untimed(iv_buf *report, int *errors)
{
	const char *file = iv_path_config();
	jv lines = jv_invalid(), v;
	int i;

	*errors = 0;
	if (access(file, F_OK) != 0 && errno == ENOENT) {
		v = jv_object();
		lines = jv_object();
	} else {
		v = checked(iv_yaml_load_file(file, &lines), lines, file, report, errors);
		if (!jv_is_valid(v))
			return v;
	}
	jv_free(lines);
	for (i = 0; envmap[i].var; i++) {
		const char *e = getenv(envmap[i].var);
		const struct key *k = find_key(envmap[i].key);
		jv val;
		char *problem;

		if (!e || !*e)
			continue;
		val = k->type == T_STR ? jv_string(e) : iv_json_parse(e, strlen(e));
		if (!jv_is_valid(val)) {
			jv_free(val);
			val = jv_string(e);
		}
		if ((problem = check_value(k, val))) {
			iv_buf_printf(report, "environment %s: %s\n", envmap[i].var, problem);
			free(problem);
			(*errors)++;
			jv_free(val);
			continue;
		}
		v = jv_setpath(v, path_of(envmap[i].key), val);
	}
	if (*errors) {
		jv_free(v);
		return jv_invalid();
	}
	return v;
}

static jv
load(iv_buf *report, int *errors)
{
	int t = iv_time_begin(IV_T_CONFIG);
	jv v = load_untimed(report, errors);

	iv_time_end(t);
	return v;
}

static void
ensure_loaded(void)
{
	iv_buf report = IV_BUF_INIT;
	int errors;

	if (loaded)
		return;
	conf = load(&report, &errors);
	if (report.len) {
		/* One message per line, each with the program's name. */
		char *line = report.s, *nl;

		while ((nl = strchr(line, '\n'))) {
			*nl = 0;
			iv_warn("%s", line);
			line = nl + 1;
		}
	}
	iv_buf_free(&report);
	if (errors)
		exit(IV_FAIL);
	loaded = 1;
}

jv
iv_config_get(const char *key)
{
	jv v;

	ensure_loaded();
	v = jv_getpath(jv_copy(conf), path_of(key));
	if (!jv_is_valid(v)) {
		jv_free(v);
		return jv_null();
	}
	return v;
}

const char *
iv_config_str(const char *key, const char *dflt)
{
	jv v = iv_config_get(key);
	const char *s = dflt;

	/* The tree lives until exit and is never changed after loading, so
	 * the string's storage outlives this reference. */
	if (jv_get_kind(v) == JV_KIND_STRING)
		s = jv_string_value(v);
	jv_free(v);
	return s;
}

double
iv_config_num(const char *key, double dflt)
{
	jv v = iv_config_get(key);
	double d = dflt;

	if (jv_get_kind(v) == JV_KIND_NUMBER)
		d = jv_number_value(v);
	jv_free(v);
	return d;
}

long
iv_config_int(const char *key, long dflt)
{
	return (long)iv_config_num(key, (double)dflt);
}

int
iv_config_bool(const char *key, int dflt)
{
	jv v = iv_config_get(key);
	int b = dflt;

	if (jv_get_kind(v) == JV_KIND_TRUE)
		b = 1;
	else if (jv_get_kind(v) == JV_KIND_FALSE)
		b = 0;
	jv_free(v);
	return b;
}

char *
iv_config_check(int *errors)
{
	iv_buf report = IV_BUF_INIT;
	jv v = load(&report, errors);

	jv_free(v);
	if (!report.len) {
		iv_buf_free(&report);
		return NULL;
	}
	if (report.s[report.len - 1] == '\n')
		report.s[--report.len] = 0;
	return iv_buf_take(&report);
}
