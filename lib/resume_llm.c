/* resume_llm.c — a resume's extraction refined by the model (resume.h:
 * iv_resume_llm).
 *
 * The model reads the builtin parse and the resume's text and corrects the
 * parse. Parsing never invents, so what it sends back is held to the text:
 * a value whose words are not all in the resume is dropped (dates, degrees
 * and country codes, which the parse writes in normal form, are checked
 * for that form instead), and a section the model left out keeps the
 * builtin parse's (the fields of basics one by one). */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "extract.h"
#include "jsonl.h"
#include "llmjson.h"
#include "msg.h"
#include "resume.h"
#include "text.h"

static const char *const sections[] = {
	"basics", "work", "education", "projects", "skills", "languages", "awards", "volunteer",
	"certificates", "publications", "interests", NULL,
};

/* Fields the parse writes in normal form, not as the text has them. */
static const char *const normal_form[] = { "startDate", "endDate", "date", "releaseDate", "studyType",
					   "countryCode", NULL };

static const char schema_text[] =
	"{\"title\":\"resume\",\"type\":\"object\",\"properties\":{"
	"\"basics\":{\"type\":\"object\"},"
	"\"work\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	"\"education\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	"\"projects\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	"\"skills\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	"\"languages\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},"
	"\"awards\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}";

static int
in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

/* Whether every word of s is a word of the text (words: an object whose
 * keys are the text's tokens). */
static int
grounded(const char *s, jv words)
{
	jv toks = iv_tokens(s, 0);
	int ok = 1;

	jv_array_foreach(toks, i, t) {
		if (ok && !jv_object_has(jv_copy(words), jv_copy(t)))
			ok = 0;
		jv_free(t);
	}
	jv_free(toks);
	return ok;
}

static int
normal_ok(const char *key, const char *s)
{
	char d[12];

	if (!strcmp(key, "studyType"))
		return iv_degree_rank(s) > 0;
	if (!strcmp(key, "countryCode"))
		return strlen(s) == 2;
	return iv_date_at(s, d) == strlen(s);
}

/* v (consumed) with what the text does not hold taken out; the dropped
 * places are added to *dropped. key is v's name in its object (NULL for
 * an array item). Returns jv_invalid() when nothing of v is left. */
static jv
hold_to_text(jv v, const char *key, const char *where, jv words, jv *dropped)
{
	switch (jv_get_kind(v)) {
	case JV_KIND_STRING: {
		int ok = key && in_list(key, normal_form) ? normal_ok(key, jv_string_value(v))
							    : grounded(jv_string_value(v), words);

		if (ok)
			return v;
		*dropped = jv_array_append(*dropped, jv_string(where));
		jv_free(v);
		return jv_invalid();
	}
	case JV_KIND_ARRAY: {
		jv out = jv_array();

		jv_array_foreach(v, i, x) {
			char *w = iv_xasprintf("%s[%d]", where, i);

			x = hold_to_text(x, NULL, w, words, dropped);
			if (jv_is_valid(x))
				out = jv_array_append(out, x);
			free(w);
		}
		jv_free(v);
		return out;
	}
	case JV_KIND_OBJECT: {
		jv out = jv_object();
		int text = 0;

		jv_object_foreach(v, k, x) {
			char *w = iv_xasprintf("%s.%s", where, jv_string_value(k));

			x = hold_to_text(x, jv_string_value(k), w, words, dropped);
			if (jv_get_kind(x) == JV_KIND_ARRAY && jv_array_length(jv_copy(x)) == 0) {
				jv_free(x);
				x = jv_invalid();
			}
			if (jv_is_valid(x)) {
				text |= !in_list(jv_string_value(k), normal_form);
				out = jv_object_set(out, k, x);
			} else {
				jv_free(k);
			}
			free(w);
		}
		jv_free(v);
		/* dates alone are not an entry */
		if (!text) {
			jv_free(out);
			return jv_invalid();
		}
		return out;
	}
	default:
		return v;
	}
}

static jv
words_of(const char *text)
{
	jv toks = iv_tokens(text, 0), words = jv_object();

	jv_array_foreach(toks, i, t)
		words = jv_object_set(words, t, jv_true());
	jv_free(toks);
	return words;
}

/* The model's resume (consumed) held to the text, each section it left
 * out or emptied taken from draft (borrowed). */
static jv
refine(jv reply, jv draft, const char *text, jv *dropped)
{
	jv words = words_of(text), out = jv_object();

	for (int s = 0; sections[s]; s++) {
		jv x = iv_jget(reply, sections[s]);
		char where[32];

		snprintf(where, sizeof where, "$.%s", sections[s]);
		if (jv_get_kind(x) != JV_KIND_NULL)
			x = hold_to_text(x, sections[s], where, words, dropped);
		if (!jv_is_valid(x) || jv_get_kind(x) == JV_KIND_NULL ||
		    (jv_get_kind(x) == JV_KIND_ARRAY && jv_array_length(jv_copy(x)) == 0)) {
			jv_free(x);
			x = iv_jget(draft, sections[s]);
		} else if (jv_get_kind(x) == JV_KIND_OBJECT) {
			/* basics: the fields the model left out stay the draft's */
			jv was = iv_jget(draft, sections[s]);

			x = jv_get_kind(was) == JV_KIND_OBJECT ? jv_object_merge(was, x) : (jv_free(was), x);
		}
		if (jv_get_kind(x) != JV_KIND_NULL)
			out = jv_object_set(out, jv_string(sections[s]), x);
		else
			jv_free(x);
	}
	jv_free(words);
	jv_free(reply);
	return out;
}

/* The draft as the model reads it: without the fields the parse adds. */
static jv
draft_for_model(jv draft)
{
	static const char *const ours[] = { "source", "sha256", "extracted_skills", "lang", "llm", NULL };

	for (int i = 0; ours[i]; i++)
		draft = jv_object_delete(draft, jv_string(ours[i]));
	return draft;
}

jv
iv_resume_llm(sqlite3 *db, const iv_doc *d, const char *source, jv draft)
{
	jv usage = jv_null(), vars, reply, dropped = jv_array(), out;
	char *err = NULL;
	iv_llm *c = iv_agent_open(db, NULL, NULL, &err);

	if (!c)
		goto fallback;
	vars = JV_OBJECT(jv_string("draft"), draft_for_model(jv_copy(draft)), jv_string("text"), jv_string(d->text));
	reply = iv_agent_json(c, "parse-resume", vars, NULL, jv_parse(schema_text), &usage);
	if (!jv_is_valid(reply)) {
		err = iv_agent_reason(reply);
		goto fallback;
	}
	{
		jv s = jv_dump_string(refine(reply, draft, d->text, &dropped), 0);
		iv_doc j = { "json", NULL, 0, { 0 } };

		j.text = iv_xstrdup(jv_string_value(s));
		j.len = strlen(j.text);
		memcpy(j.sha256, d->sha256, sizeof j.sha256);
		jv_free(s);
		/* checked, and its skills and language found, as any JSON Resume */
		out = iv_resume_from_doc(&j, source);
		free(j.text);
	}
	if (!jv_is_valid(out)) {
		err = iv_agent_reason(out);
		goto fallback;
	}
	jv_free(draft);
	out = jv_object_set(out, jv_string("llm"),
			    jv_object_set(iv_agent_note(jv_object(), c, usage, NULL), jv_string("dropped"), dropped));
	iv_llm_free(c);
	return out;
fallback:
	iv_agent_fallback("refine", err);
	jv_free(dropped);
	out = jv_object_set(draft, jv_string("llm"), iv_agent_note(jv_object(), c, usage, err));
	free(err);
	iv_llm_free(c);
	return out;
}
