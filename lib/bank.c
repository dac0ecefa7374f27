#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "bank.h"
#include "cache.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "skills.h"
#include "yamldoc.h"
#include "timing.h"

struct topic {
	char *topic, *name[2];
};

static int loaded;
static char *dir;
static iv_question *qs;
static int nqs;
static int *by_id;	/* indexes of qs sorted by id */
static struct topic *topics;
static int ntopics;
static jv problems;
static char **files;	/* paths of the files read: questions point at them */
static int nfiles;
/* Loaded from the compiled bank (cache.h): the strings are in its map. */
static iv_cache_file compiled;
static int mapped;
/* The part of each compiled question not yet read (p NULL once it is). */
static iv_cache_rd *qbody;

int
iv_lang_index(const char *lang)
{
	return lang && !strcmp(lang, "zh") ? IV_ZH : IV_EN;
}

/* Where a problem is: the file, the line of a key, and the question. */
struct where {
	const char *file;
	jv lines;	/* borrowed: key path -> line */
	char path[96];	/* key path of the question: "questions[3]" */
	const char *qid;
	int bad;
};

static int
line_of(const struct where *w, const char *sub)
{
	char key[160];
	jv l;
	int n;

	snprintf(key, sizeof key, "%s%s%s", w->path, *w->path && *sub ? "." : "", sub);
	l = jv_object_get(jv_copy(w->lines), jv_string(key));
	n = jv_get_kind(l) == JV_KIND_NUMBER ? (int)jv_number_value(l) : 0;
	jv_free(l);
	return n;
}

static void problem(struct where *w, const char *sub, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
problem(struct where *w, const char *sub, const char *fmt, ...)
{
	va_list ap;
	char msg[512];
	int line = line_of(w, sub);

	if (!line)
		line = line_of(w, "id");
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (w->qid)
		problems = jv_array_append(problems, jv_string_fmt("%s:%d: question %s: %s",
								   w->file, line, w->qid, msg));
	else
		problems = jv_array_append(problems, jv_string_fmt("%s:%d: %s", w->file, line, msg));
	w->bad = 1;
}

/* Keys of obj (borrowed) that are not in allowed (NULL-terminated). */
static void
unknown_keys(struct where *w, jv obj, const char *where, const char *const *allowed)
{
	jv keys = jv_keys_unsorted(jv_copy(obj));

	jv_array_foreach(keys, i, k) {
		int ok = 0;

		for (int j = 0; allowed[j]; j++)
			if (!strcmp(allowed[j], jv_string_value(k)))
				ok = 1;
		if (!ok) {
			char sub[160];

			snprintf(sub, sizeof sub, "%s%s%s", where, *where ? "." : "", jv_string_value(k));
			problem(w, sub, "unknown field '%s'", sub);
		}
		jv_free(k);
	}
	jv_free(keys);
}

/* A non-empty string at obj[key], or NULL after reporting it. */
static char *
need_text(struct where *w, jv obj, const char *key, const char *sub)
{
	jv v = iv_jget(obj, key);
	char *s = NULL;

	if (jv_get_kind(v) != JV_KIND_STRING)
		problem(w, sub, "'%s' %s", sub, jv_get_kind(v) == JV_KIND_NULL ? "is missing"
			: "must be a string");
	else if (!*jv_string_value(v))
		problem(w, sub, "'%s' is empty", sub);
	else
		s = iv_xstrdup(jv_string_value(v));
	jv_free(v);
	return s;
}

/* {en, zh} texts at obj[key] into out. */
static void
need_pair(struct where *w, jv obj, const char *key, const char *out[2])
{
	static const char *const langs[] = { "en", "zh", NULL };
	jv v = iv_jget(obj, key);
	char sub[128];

	out[0] = out[1] = NULL;
	if (jv_get_kind(v) != JV_KIND_OBJECT) {
		problem(w, key, "'%s' %s", key, jv_get_kind(v) == JV_KIND_NULL ? "is missing"
			: "must have 'en' and 'zh'");
		jv_free(v);
		return;
	}
	unknown_keys(w, v, key, langs);
	for (int l = 0; l < 2; l++) {
		snprintf(sub, sizeof sub, "%s.%s", key, langs[l]);
		out[l] = need_text(w, v, langs[l], sub);
	}
	jv_free(v);
}

static const char *const *
load_terms(struct where *w, jv kp, const char *sub)
{
	jv t = iv_jget(kp, "terms");
	const char **terms;
	int n = 0;

	if (jv_get_kind(t) != JV_KIND_ARRAY || jv_array_length(jv_copy(t)) == 0) {
		problem(w, sub, "'%s' must be a list of at least one word or phrase", sub);
		jv_free(t);
		terms = iv_xcalloc(1, sizeof *terms);
		return terms;
	}
	terms = iv_xcalloc((size_t)jv_array_length(jv_copy(t)) + 1, sizeof *terms);
	jv_array_foreach(t, i, x) {
		if (jv_get_kind(x) == JV_KIND_STRING && *jv_string_value(x))
			terms[n++] = iv_xstrdup(jv_string_value(x));
		else if (jv_get_kind(x) == JV_KIND_NUMBER)
			terms[n++] = iv_xasprintf("%g", jv_number_value(x));
		else
			problem(w, sub, "'%s' item %d must be a word or phrase", sub, i + 1);
		jv_free(x);
	}
	jv_free(t);
	return terms;
}

static void
load_key_points(struct where *w, jv q, iv_question *out)
{
	static const char *const fields[] = { "id", "weight", "en", "zh", "terms", NULL };
	jv kps = iv_jget(q, "key_points");
	iv_key_point *k;
	double sum = 0;
	int n;

	if (jv_get_kind(kps) != JV_KIND_ARRAY) {
		problem(w, "key_points", "'key_points' %s", jv_get_kind(kps) == JV_KIND_NULL ? "is missing"
			: "must be a list");
		jv_free(kps);
		return;
	}
	n = jv_array_length(jv_copy(kps));
	if (n < 3)
		problem(w, "key_points", "has %d key points; at least 3 are needed", n);
	k = iv_xcalloc((size_t)n + 1, sizeof *k);
	jv_array_foreach(kps, i, kp) {
		char sub[64], at[96];
		jv wt;

		snprintf(sub, sizeof sub, "key_points[%d]", i);
		if (jv_get_kind(kp) != JV_KIND_OBJECT) {
			problem(w, "key_points", "key point %d must be a mapping", i + 1);
			jv_free(kp);
			continue;
		}
		unknown_keys(w, kp, sub, fields);
		snprintf(at, sizeof at, "%s.id", sub);
		k[i].id = need_text(w, kp, "id", at);
		for (int j = 0; j < i && k[i].id; j++)
			if (k[j].id && !strcmp(k[j].id, k[i].id))
				problem(w, at, "key point id '%s' is used twice", k[i].id);
		snprintf(at, sizeof at, "%s.en", sub);
		k[i].text[IV_EN] = need_text(w, kp, "en", at);
		snprintf(at, sizeof at, "%s.zh", sub);
		k[i].text[IV_ZH] = need_text(w, kp, "zh", at);
		snprintf(at, sizeof at, "%s.terms", sub);
		k[i].terms = load_terms(w, kp, at);
		wt = iv_jget(kp, "weight");
		snprintf(at, sizeof at, "%s.weight", sub);
		if (jv_get_kind(wt) != JV_KIND_NUMBER || jv_number_value(wt) <= 0 || jv_number_value(wt) > 1)
			problem(w, at, "'%s' must be a number above 0 and at most 1", at);
		else
			k[i].weight = jv_number_value(wt);
		sum += k[i].weight;
		jv_free(wt);
		jv_free(kp);
	}
	jv_free(kps);
	if (n >= 1 && fabs(sum - 1) > 0.011)
		problem(w, "key_points", "key point weights sum to %g, not 1", sum);
	out->key_points = k;
	out->nkey_points = n;
}

static void
load_follow_ups(struct where *w, jv q, iv_question *out)
{
	static const char *const fields[] = { "key_point", "en", "zh", NULL };
	jv fus = iv_jget(q, "follow_ups");
	iv_follow_up *f;
	int n;

	if (jv_get_kind(fus) != JV_KIND_ARRAY || jv_array_length(jv_copy(fus)) == 0) {
		problem(w, "follow_ups", "'follow_ups' must be a list of at least one follow-up");
		jv_free(fus);
		return;
	}
	n = jv_array_length(jv_copy(fus));
	f = iv_xcalloc((size_t)n, sizeof *f);
	jv_array_foreach(fus, i, fu) {
		char sub[64], at[96];

		snprintf(sub, sizeof sub, "follow_ups[%d]", i);
		if (jv_get_kind(fu) != JV_KIND_OBJECT) {
			problem(w, "follow_ups", "follow-up %d must be a mapping", i + 1);
			jv_free(fu);
			continue;
		}
		unknown_keys(w, fu, sub, fields);
		snprintf(at, sizeof at, "%s.key_point", sub);
		f[i].key_point = need_text(w, fu, "key_point", at);
		if (f[i].key_point && !iv_question_key_point(out, f[i].key_point))
			problem(w, at, "follow-up %d is tied to key point '%s', which the question does not have",
				i + 1, f[i].key_point);
		snprintf(at, sizeof at, "%s.en", sub);
		f[i].text[IV_EN] = need_text(w, fu, "en", at);
		snprintf(at, sizeof at, "%s.zh", sub);
		f[i].text[IV_ZH] = need_text(w, fu, "zh", at);
		jv_free(fu);
	}
	jv_free(fus);
	out->follow_ups = f;
	out->nfollow_ups = n;
}

static void
check_resources(struct where *w, jv q, iv_question *out)
{
	static const char *const fields[] = { "title", "url", NULL };
	jv r = iv_jget(q, "resources");

	if (jv_get_kind(r) != JV_KIND_ARRAY || jv_array_length(jv_copy(r)) == 0) {
		problem(w, "resources", "'resources' must be a list of at least one {title, url}");
		jv_free(r);
		out->resources = jv_array();
		return;
	}
	jv_array_foreach(r, i, x) {
		char sub[64], at[96];
		char *s;

		snprintf(sub, sizeof sub, "resources[%d]", i);
		if (jv_get_kind(x) != JV_KIND_OBJECT) {
			problem(w, "resources", "resource %d must be a mapping of title and url", i + 1);
			jv_free(x);
			continue;
		}
		unknown_keys(w, x, sub, fields);
		snprintf(at, sizeof at, "%s.title", sub);
		free(need_text(w, x, "title", at));
		snprintf(at, sizeof at, "%s.url", sub);
		if ((s = need_text(w, x, "url", at)) && strncmp(s, "https://", 8) && strncmp(s, "http://", 7))
			problem(w, at, "'%s' is not an http(s) address", at);
		free(s);
		jv_free(x);
	}
	out->resources = r;
}

static void
free_question(iv_question *q)
{
	if (mapped) {
		for (int i = 0; i < q->nkey_points; i++)
			free((void *)q->key_points[i].terms);
		free((void *)q->key_points);
		free((void *)q->follow_ups);
		jv_free(q->resources);
		return;
	}
	for (int i = 0; i < q->nkey_points; i++) {
		const iv_key_point *k = &q->key_points[i];

		free((char *)k->id);
		free((char *)k->text[0]);
		free((char *)k->text[1]);
		for (int j = 0; k->terms && k->terms[j]; j++)
			free((char *)k->terms[j]);
		free((void *)k->terms);
	}
	free((void *)q->key_points);
	for (int i = 0; i < q->nfollow_ups; i++) {
		free((char *)q->follow_ups[i].key_point);
		free((char *)q->follow_ups[i].text[0]);
		free((char *)q->follow_ups[i].text[1]);
	}
	free((void *)q->follow_ups);
	for (int l = 0; l < 2; l++) {
		free((char *)q->text[l]);
		free((char *)q->reference[l]);
	}
	free((char *)q->id);
	free((char *)q->skill_path);
	jv_free(q->resources);
}

static int
id_fits_topic(const char *id, const char *topic)
{
	size_t n = strlen(topic);

	if (strncmp(id, topic, n) || id[n] != '-' || !id[n + 1])
		return 0;
	for (const char *p = id + n + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

static const iv_question *find_loaded(const char *id);

static void
load_question(struct where *w, jv q, const char *topic)
{
	static const char *const fields[] = { "id", "skill_path", "difficulty", "text", "key_points",
		"follow_ups", "reference", "resources", NULL };
	iv_question x = { 0 };
	char *sp;
	jv d;

	x.resources = jv_null();
	if (jv_get_kind(q) != JV_KIND_OBJECT) {
		problem(w, "", "a question must be a mapping");
		return;
	}
	x.id = need_text(w, q, "id", "id");
	w->qid = x.id;
	if (x.id && !id_fits_topic(x.id, topic))
		problem(w, "id", "id '%s' is not %s-NNN", x.id, topic);
	if (x.id && find_loaded(x.id))
		problem(w, "id", "id '%s' is used twice (also %s:%d)", x.id, find_loaded(x.id)->file,
			find_loaded(x.id)->line);
	unknown_keys(w, q, "", fields);
	sp = need_text(w, q, "skill_path", "skill_path");
	if (sp && !iv_skill_by_path(sp))
		problem(w, "skill_path", "skill_path '%s' is not in the taxonomy (skills.yaml)", sp);
	x.skill_path = sp;
	d = iv_jget(q, "difficulty");
	if (jv_get_kind(d) != JV_KIND_NUMBER || (jv_number_value(d) != 1 && jv_number_value(d) != 2 &&
						  jv_number_value(d) != 3))
		problem(w, "difficulty", "'difficulty' must be 1, 2 or 3");
	else
		x.difficulty = (int)jv_number_value(d);
	jv_free(d);
	need_pair(w, q, "text", x.text);
	load_key_points(w, q, &x);
	load_follow_ups(w, q, &x);
	need_pair(w, q, "reference", x.reference);
	check_resources(w, q, &x);
	x.topic = topic;
	x.file = w->file;
	x.line = line_of(w, "id");
	if (w->bad) {
		free_question(&x);
		return;
	}
	qs = iv_xrealloc(qs, sizeof *qs * (size_t)(nqs + 1));
	qs[nqs++] = x;
}

static void
load_file(const char *path, const char *topic_name)
{
	static const char *const fields[] = { "topic", "name", "questions", NULL };
	jv lines = jv_null(), doc = iv_yaml_load_file(path, &lines), t, list;
	struct where w = { path, lines, "", NULL, 0 };
	struct topic tp = { 0 };
	char *file = iv_xstrdup(path);

	files = iv_xrealloc(files, sizeof *files * (size_t)(nfiles + 1));
	files[nfiles++] = file;
	w.file = file;
	if (!jv_is_valid(doc)) {
		jv m = jv_invalid_get_msg(doc);

		problems = jv_array_append(problems, jv_string_fmt("%s (the file is left out)", jv_string_value(m)));
		jv_free(m);
		jv_free(lines);
		return;
	}
	if (jv_get_kind(doc) != JV_KIND_OBJECT) {
		problem(&w, "", "the file must be a mapping of topic, name and questions");
		goto out;
	}
	unknown_keys(&w, doc, "", fields);
	t = iv_jget(doc, "topic");
	if (jv_get_kind(t) != JV_KIND_STRING || strcmp(jv_string_value(t), topic_name))
		problem(&w, "topic", "'topic' must be '%s', the file's name", topic_name);
	jv_free(t);
	tp.topic = iv_xstrdup(topic_name);
	need_pair(&w, doc, "name", (const char **)tp.name);
	topics = iv_xrealloc(topics, sizeof *topics * (size_t)(ntopics + 1));
	topics[ntopics++] = tp;
	list = iv_jget(doc, "questions");
	if (jv_get_kind(list) != JV_KIND_ARRAY)
		problem(&w, "questions", "'questions' must be a list");
	else
		jv_array_foreach(list, i, q) {
			struct where qw = { file, lines, "", NULL, 0 };

			snprintf(qw.path, sizeof qw.path, "questions[%d]", i);
			load_question(&qw, q, topics[ntopics - 1].topic);
			jv_free(q);
		}
	jv_free(list);
out:
	jv_free(doc);
	jv_free(lines);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(qs[*(const int *)a].id, qs[*(const int *)b].id);
}

static const iv_question *
find_loaded(const char *id)
{
	for (int i = 0; i < nqs; i++)
		if (!strcmp(qs[i].id, id))
			return &qs[i];
	return NULL;
}

/* ---- the compiled bank (cache.h) ---- */

static int
index_of(char *const *v, int n, const char *p)
{
	for (int i = 0; i < n; i++)
		if (v[i] == p)
			return i;
	return 0;
}

static void
compile_bank(const char *key)
{
	iv_buf b = IV_BUF_INIT, body = IV_BUF_INIT;
	char **tnames = iv_xcalloc((size_t)ntopics + 1, sizeof *tnames);
	int np = jv_array_length(jv_copy(problems));

	iv_cw_u32(&b, (uint32_t)np);
	for (int i = 0; i < np; i++) {
		jv p = jv_array_get(jv_copy(problems), i);

		iv_cw_str(&b, jv_string_value(p));
		jv_free(p);
	}
	iv_cw_u32(&b, (uint32_t)nfiles);
	for (int i = 0; i < nfiles; i++)
		iv_cw_str(&b, files[i]);
	iv_cw_u32(&b, (uint32_t)ntopics);
	for (int i = 0; i < ntopics; i++) {
		tnames[i] = topics[i].topic;
		iv_cw_str(&b, topics[i].topic);
		iv_cw_str(&b, topics[i].name[0]);
		iv_cw_str(&b, topics[i].name[1]);
	}
	iv_cw_u32(&b, (uint32_t)nqs);
	for (int i = 0; i < nqs; i++) {
		const iv_question *q = &qs[i];
		size_t at;

		iv_cw_str(&b, q->id);
		iv_cw_u32(&b, (uint32_t)index_of(tnames, ntopics, q->topic));
		iv_cw_str(&b, q->skill_path);
		iv_cw_u32(&b, (uint32_t)q->difficulty);
		/* the rest is read when the question is first asked for:
		 * apart, so reading the headers touches a few pages */
		at = body.len;
		iv_cw_str(&body, q->text[0]);
		iv_cw_str(&body, q->text[1]);
		iv_cw_u32(&body, (uint32_t)q->nkey_points);
		for (int k = 0; k < q->nkey_points; k++) {
			const iv_key_point *kp = &q->key_points[k];
			int nt = 0;

			iv_cw_str(&body, kp->id);
			iv_cw_f64(&body, kp->weight);
			iv_cw_str(&body, kp->text[0]);
			iv_cw_str(&body, kp->text[1]);
			while (kp->terms[nt])
				nt++;
			iv_cw_u32(&body, (uint32_t)nt);
			for (int t = 0; t < nt; t++)
				iv_cw_str(&body, kp->terms[t]);
		}
		iv_cw_u32(&body, (uint32_t)q->nfollow_ups);
		for (int k = 0; k < q->nfollow_ups; k++) {
			iv_cw_str(&body, q->follow_ups[k].key_point);
			iv_cw_str(&body, q->follow_ups[k].text[0]);
			iv_cw_str(&body, q->follow_ups[k].text[1]);
		}
		iv_cw_str(&body, q->reference[0]);
		iv_cw_str(&body, q->reference[1]);
		/* a sound question's resources are {title, url} strings */
		iv_cw_u32(&body, (uint32_t)jv_array_length(jv_copy(q->resources)));
		jv_array_foreach(q->resources, k, x) {
			iv_cw_u32(&body, (uint32_t)jv_object_length(jv_copy(x)));
			jv_object_foreach(x, key, val) {
				iv_cw_str(&body, jv_string_value(key));
				iv_cw_str(&body, jv_get_kind(val) == JV_KIND_STRING ? jv_string_value(val) : "");
				jv_free(key);
				jv_free(val);
			}
			jv_free(x);
		}
		iv_cw_u32(&body, (uint32_t)index_of(files, nfiles, q->file));
		iv_cw_u32(&body, (uint32_t)q->line);
		iv_cw_u32(&b, (uint32_t)at);
		iv_cw_u32(&b, (uint32_t)(body.len - at));
	}
	/* the questions in order of id, so a program need not sort them */
	for (int i = 0; i < nqs; i++)
		iv_cw_u32(&b, (uint32_t)by_id[i]);
	iv_cw_u32(&b, (uint32_t)body.len);
	iv_buf_add(&b, body.s, body.len);
	iv_buf_free(&body);
	iv_cache_store("bank", key, &b);
	iv_buf_free(&b);
	free(tnames);
}

/* Read the rest of compiled question i: one grade needs one question of
 * a thousand. The body was written whole and its length checked, so a
 * damaged one can only come from a changed file under the same key: its
 * missing texts read as "", its missing lists as empty. */
static void
read_body(int i)
{
	iv_cache_rd r = qbody[i];
	iv_question *q = &qs[i];
	uint32_t t, nk;
	iv_key_point *kps;
	iv_follow_up *fus;

	qbody[i].p = NULL;
	q->text[0] = iv_cr_str(&r);
	q->text[1] = iv_cr_str(&r);
	nk = iv_cr_count(&r, 24);
	q->key_points = kps = iv_xcalloc((size_t)nk + 1, sizeof *kps);
	for (q->nkey_points = 0; q->nkey_points < (int)nk && !r.bad; q->nkey_points++) {
		iv_key_point *k = &kps[q->nkey_points];
		uint32_t nt;
		const char **terms;

		k->id = iv_cr_str(&r);
		k->weight = iv_cr_f64(&r);
		k->text[0] = iv_cr_str(&r);
		k->text[1] = iv_cr_str(&r);
		nt = iv_cr_count(&r, 5);
		k->terms = terms = iv_xcalloc((size_t)nt + 1, sizeof *terms);
		for (uint32_t j = 0; j < nt && !r.bad; j++)
			terms[j] = iv_cr_str(&r);
		if (!k->id || !k->text[0] || !k->text[1])
			r.bad = 1;
	}
	nk = iv_cr_count(&r, 15);
	q->follow_ups = fus = iv_xcalloc((size_t)nk + 1, sizeof *fus);
	for (q->nfollow_ups = 0; q->nfollow_ups < (int)nk && !r.bad; q->nfollow_ups++) {
		fus[q->nfollow_ups].key_point = iv_cr_str(&r);
		fus[q->nfollow_ups].text[0] = iv_cr_str(&r);
		fus[q->nfollow_ups].text[1] = iv_cr_str(&r);
		if (!fus[q->nfollow_ups].key_point || !fus[q->nfollow_ups].text[0] || !fus[q->nfollow_ups].text[1])
			r.bad = 1;
	}
	q->reference[0] = iv_cr_str(&r);
	q->reference[1] = iv_cr_str(&r);
	nk = iv_cr_count(&r, 4);
	q->resources = jv_array();
	for (uint32_t k = 0; k < nk && !r.bad; k++) {
		uint32_t nf = iv_cr_count(&r, 10);
		jv o = jv_object();

		for (uint32_t j = 0; j < nf && !r.bad; j++) {
			const char *key = iv_cr_str(&r), *val = iv_cr_str(&r);

			if (key && val)
				o = jv_object_set(o, jv_string(key), jv_string(val));
			else
				r.bad = 1;
		}
		q->resources = jv_array_append(q->resources, o);
	}
	t = iv_cr_u32(&r);
	q->file = t < (uint32_t)nfiles ? files[t] : NULL;
	q->line = (int)iv_cr_u32(&r);
	if (r.bad || r.p != r.end) {
		/* a damaged key point or follow-up is left out (it may be
		 * half read) */
		if (q->nkey_points && (!kps[q->nkey_points - 1].id || !kps[q->nkey_points - 1].text[0] ||
				       !kps[q->nkey_points - 1].text[1]))
			q->nkey_points--;
		if (q->nfollow_ups && (!fus[q->nfollow_ups - 1].key_point || !fus[q->nfollow_ups - 1].text[0] ||
				       !fus[q->nfollow_ups - 1].text[1]))
			q->nfollow_ups--;
		iv_warn("%s: question %s is damaged: remove the file", iv_path_cache_dir(), q->id);
	}
	for (int l = 0; l < 2; l++) {
		if (!q->text[l])
			q->text[l] = "";
		if (!q->reference[l])
			q->reference[l] = "";
	}
	if (!q->file)
		q->file = "";
}

/* The question i, read whole. */
static iv_question *
question(int i)
{
	if (mapped && qbody[i].p)
		read_body(i);
	return &qs[i];
}

/* The bank from its compiled form; 0 when there is none for key (or it is
 * damaged), with nothing loaded. */
static int
load_compiled(const char *key)
{
	iv_cache_rd r;
	uint32_t n;

	if (!iv_cache_open(&compiled, "bank", key))
		return 0;
	mapped = 1;
	r.p = compiled.body;
	r.end = compiled.body + compiled.len;
	r.bad = 0;
	n = iv_cr_count(&r, 5);
	for (uint32_t i = 0; i < n && !r.bad; i++) {
		const char *p = iv_cr_str(&r);

		if (p)
			problems = jv_array_append(problems, jv_string(p));
	}
	n = iv_cr_count(&r, 5);
	files = iv_xcalloc((size_t)n + 1, sizeof *files);
	for (nfiles = 0; nfiles < (int)n && !r.bad; nfiles++)
		files[nfiles] = (char *)iv_cr_str(&r);
	n = iv_cr_count(&r, 15);
	topics = iv_xcalloc((size_t)n + 1, sizeof *topics);
	for (ntopics = 0; ntopics < (int)n && !r.bad; ntopics++) {
		topics[ntopics].topic = (char *)iv_cr_str(&r);
		topics[ntopics].name[0] = (char *)iv_cr_str(&r);
		topics[ntopics].name[1] = (char *)iv_cr_str(&r);
	}
	n = iv_cr_count(&r, 27);
	qs = iv_xcalloc((size_t)n + 1, sizeof *qs);
	qbody = iv_xcalloc((size_t)n + 1, sizeof *qbody);
	for (nqs = 0; nqs < (int)n && !r.bad; nqs++) {
		iv_question *q = &qs[nqs];
		uint32_t t;

		q->resources = jv_null();
		q->id = iv_cr_str(&r);
		t = iv_cr_u32(&r);
		q->topic = t < (uint32_t)ntopics ? topics[t].topic : NULL;
		q->skill_path = iv_cr_str(&r);
		q->difficulty = (int)iv_cr_u32(&r);
		qbody[nqs].p = (const char *)(uintptr_t)iv_cr_u32(&r);	/* offset, for now */
		qbody[nqs].end = (const char *)(uintptr_t)iv_cr_u32(&r);	/* length */
		if (!q->id || !q->topic || !q->skill_path)
			r.bad = 1;
	}
	by_id = iv_xcalloc((size_t)nqs + 1, sizeof *by_id);
	for (int i = 0; i < nqs && !r.bad; i++)
		if ((by_id[i] = (int)iv_cr_u32(&r)) < 0 || by_id[i] >= nqs)
			r.bad = 1;
	/* the bodies: each question's within them */
	n = iv_cr_count(&r, 1);
	for (int i = 0; i < nqs && !r.bad; i++) {
		uintptr_t off = (uintptr_t)qbody[i].p, len = (uintptr_t)qbody[i].end;

		if (off > n || len > n - off) {
			r.bad = 1;
			break;
		}
		qbody[i].p = r.p + off;
		qbody[i].end = r.p + off + len;
		qbody[i].bad = 0;
	}
	if (!r.bad)
		r.p += n;
	if (r.bad || r.p != r.end) {
		iv_bank_unload();
		return 0;
	}
	return 1;
}

static void
load_untimed(void)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL, *key;
	int n = 0, bad;

	if (loaded)
		return;
	loaded = 1;
	problems = jv_array();
	dir = iv_share_file("questions");
	if (!(d = opendir(dir))) {
		problems = jv_array_append(problems, jv_string_fmt("%s: %s", dir, strerror(errno)));
		return;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml") && e->d_name[0] != '.') {
			names = iv_xrealloc(names, sizeof *names * (size_t)(n + 1));
			names[n++] = iv_xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (n)
		qsort(names, (size_t)n, sizeof *names, cmp_str);
	{
		/* the compiled bank is keyed by every file and the taxonomy
		 * that skill paths are checked against */
		char **srcs = iv_xcalloc((size_t)n + 2, sizeof *srcs);

		for (int i = 0; i < n; i++)
			srcs[i] = iv_xasprintf("%s/%s", dir, names[i]);
		srcs[n] = iv_share_file("skills.yaml");
		key = iv_cache_key((const char *const *)srcs, n + 1);
		for (int i = 0; i <= n; i++)
			free(srcs[i]);
		free(srcs);
	}
	if (load_compiled(key)) {
		for (int i = 0; i < n; i++)
			free(names[i]);
		n = 0;
	} else if (!loaded) {
		/* iv_bank_unload forgot a damaged map: start again */
		loaded = 1;
		problems = jv_array();
		dir = iv_share_file("questions");
	}
	for (int i = 0; i < n; i++) {
		char *path = iv_xasprintf("%s/%s", dir, names[i]);

		names[i][strlen(names[i]) - 5] = 0;
		load_file(path, names[i]);
		free(path);
		free(names[i]);
	}
	if (!by_id) {
		by_id = iv_xcalloc((size_t)nqs + 1, sizeof *by_id);
		for (int i = 0; i < nqs; i++)
			by_id[i] = i;
		qsort(by_id, (size_t)nqs, sizeof *by_id, cmp_id);
	}
	if (n)
		compile_bank(key);
	free(names);
	free(key);
	if ((bad = jv_array_length(jv_copy(problems))) > 0)
		iv_warn("the question bank has %d problem%s; the questions concerned are left out "
			"(iv-ask --check-bank lists them)", bad, bad == 1 ? "" : "s");
}

static void
load(void)
{
	int t = iv_time_begin(IV_T_BANK);

	load_untimed();
	iv_time_end(t);
}

void
iv_bank_unload(void)
{
	if (!loaded)
		return;
	for (int i = 0; i < nqs; i++)
		free_question(&qs[i]);
	for (int i = 0; i < ntopics && !mapped; i++) {
		free(topics[i].topic);
		free(topics[i].name[0]);
		free(topics[i].name[1]);
	}
	for (int i = 0; i < nfiles && !mapped; i++)
		free(files[i]);
	iv_cache_close(&compiled);
	mapped = 0;
	free(qs);
	free(qbody);
	free(by_id);
	free(topics);
	free(files);
	free(dir);
	jv_free(problems);
	qs = NULL, qbody = NULL, by_id = NULL, topics = NULL, files = NULL, dir = NULL;
	nqs = ntopics = nfiles = 0;
	loaded = 0;
}

const char *
iv_bank_dir(void)
{
	load();
	return dir;
}

int
iv_bank_count(void)
{
	load();
	return nqs;
}

const iv_question *
iv_bank_at(int i)
{
	load();
	return i >= 0 && i < nqs ? question(i) : NULL;
}

const iv_question *
iv_bank_head(int i)
{
	load();
	return i >= 0 && i < nqs ? &qs[i] : NULL;
}

const iv_question *
iv_bank_find(const char *id)
{
	int lo = 0, hi;

	load();
	hi = nqs - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(id, qs[by_id[mid]].id);

		if (!c)
			return question(by_id[mid]);
		if (c < 0)
			hi = mid - 1;
		else
			lo = mid + 1;
	}
	return NULL;
}

const iv_key_point *
iv_question_key_point(const iv_question *q, const char *id)
{
	for (int i = 0; i < q->nkey_points; i++)
		if (q->key_points[i].id && !strcmp(q->key_points[i].id, id))
			return &q->key_points[i];
	return NULL;
}

int
iv_bank_topic_count(void)
{
	load();
	return ntopics;
}

const char *
iv_bank_topic_at(int i)
{
	load();
	return i >= 0 && i < ntopics ? topics[i].topic : NULL;
}

const char *
iv_bank_topic_name(const char *topic, const char *lang)
{
	load();
	for (int i = 0; i < ntopics; i++)
		if (!strcmp(topics[i].topic, topic)) {
			const char *s = topics[i].name[iv_lang_index(lang)];

			return s ? s : topic;
		}
	return topic;
}

jv
iv_bank_problems(void)
{
	load();
	return jv_copy(problems);
}

static jv
pair(const char *const t[2])
{
	return JV_OBJECT(jv_string("en"), jv_string(t[IV_EN]), jv_string("zh"), jv_string(t[IV_ZH]));
}

static jv
terms_json(const char *const *terms)
{
	jv a = jv_array();

	for (int i = 0; terms && terms[i]; i++)
		a = jv_array_append(a, jv_string(terms[i]));
	return a;
}

jv
iv_question_json(const iv_question *q)
{
	jv kps = jv_array(), fus = jv_array();

	for (int i = 0; i < q->nkey_points; i++) {
		const iv_key_point *k = &q->key_points[i];

		kps = jv_array_append(kps, JV_OBJECT(jv_string("id"), jv_string(k->id),
			jv_string("weight"), jv_number(k->weight), jv_string("en"), jv_string(k->text[IV_EN]),
			jv_string("zh"), jv_string(k->text[IV_ZH]), jv_string("terms"), terms_json(k->terms)));
	}
	for (int i = 0; i < q->nfollow_ups; i++) {
		const iv_follow_up *f = &q->follow_ups[i];

		fus = jv_array_append(fus, JV_OBJECT(jv_string("key_point"), jv_string(f->key_point),
			jv_string("en"), jv_string(f->text[IV_EN]), jv_string("zh"), jv_string(f->text[IV_ZH])));
	}
	return JV_OBJECT(jv_string("id"), jv_string(q->id), jv_string("topic"), jv_string(q->topic),
		jv_string("skill_path"), jv_string(q->skill_path),
		jv_string("difficulty"), jv_number(q->difficulty), jv_string("text"), pair(q->text),
		jv_string("key_points"), kps, jv_string("follow_ups"), fus,
		jv_string("reference"), pair(q->reference), jv_string("resources"), jv_copy(q->resources));
}

jv
iv_question_points(const iv_question *q, const char *lang)
{
	int l = iv_lang_index(lang);
	jv a = jv_array();

	for (int i = 0; i < q->nkey_points; i++) {
		const iv_key_point *k = &q->key_points[i];

		a = jv_array_append(a, JV_OBJECT(jv_string("id"), jv_string(k->id),
			jv_string("text"), jv_string(k->text[l]), jv_string("alt"), jv_string(k->text[!l]),
			jv_string("weight"), jv_number(k->weight), jv_string("terms"), terms_json(k->terms)));
	}
	return a;
}
