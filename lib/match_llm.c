/* match_llm.c — suggestions by the model (match.h: iv_match_llm). The
 * score, its breakdown and the skills stay computed: they must be the same
 * for the same resume and JD, and explainable. The model writes the advice,
 * reading the resume and the JD as data. */
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "jsonl.h"
#include "match.h"
#include "msg.h"

static const char schema_text[] =
	"{\"title\":\"match\",\"type\":\"object\",\"required\":[\"suggestions\",\"summary\"],\"properties\":{"
	"\"suggestions\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":8,"
	"\"items\":{\"type\":\"string\",\"minLength\":1}},"
	"\"summary\":{\"type\":\"string\",\"minLength\":1}}}";

/* The names of a list of skills (borrowed objects with "name"); one a
 * related tool stands in for says so ("Webpack (related: Vite)"), so the
 * model does not take it for the skill itself. */
static jv
names(jv match, const char *key)
{
	jv list = iv_jget(match, key), out = jv_array();

	if (jv_get_kind(list) == JV_KIND_ARRAY)
		jv_array_foreach(list, i, s) {
			jv name = iv_jget(s, "name"), via = iv_jget(s, "via");

			if (iv_jbool(s, "related", 0) && jv_get_kind(via) == JV_KIND_STRING) {
				out = jv_array_append(out, jv_string_fmt("%s (related: %s)", iv_jstr(name),
									 jv_string_value(via)));
				jv_free(name);
			} else {
				out = jv_array_append(out, name);
			}
			jv_free(via);
			jv_free(s);
		}
	jv_free(list);
	return out;
}

jv
iv_match_llm(sqlite3 *db, jv resume, jv jd, jv match)
{
	jv lang = iv_jget(match, "lang"), usage = jv_null(), vars, reply;
	char *err = NULL, *rt, *jt;
	iv_llm *c = iv_agent_open(db, NULL, NULL, &err);

	if (!c)
		goto fallback;
	rt = iv_agent_resume_text(resume);
	jt = iv_agent_jd_text(jd);
	vars = JV_OBJECT(jv_string("lang"), jv_string(jv_get_kind(lang) == JV_KIND_STRING ? iv_jstr(lang) : "en"),
			 jv_string("score"), iv_jget(match, "score"),
			 jv_string("matched"), names(match, "matched_skills"),
			 jv_string("missing"), names(match, "missing_skills"),
			 jv_string("resume"), jv_string(*rt ? rt : "(empty)"),
			 jv_string("jd"), jv_string(*jt ? jt : "(empty)"));
	vars = jv_object_set(vars, jv_string("builtin"), iv_jget(match, "suggestions"));
	free(rt);
	free(jt);
	reply = iv_agent_json(c, "match", vars, NULL, jv_parse(schema_text), &usage);
	if (!jv_is_valid(reply)) {
		err = iv_agent_reason(reply);
		goto fallback;
	}
	match = jv_object_set(match, jv_string("builtin_suggestions"), iv_jget(match, "suggestions"));
	match = jv_object_set(match, jv_string("suggestions"), iv_jget(reply, "suggestions"));
	match = jv_object_set(match, jv_string("summary"), iv_jget(reply, "summary"));
	jv_free(reply);
	match = jv_object_set(match, jv_string("engine"), jv_string("llm"));
	match = iv_agent_note(match, c, usage, NULL);
	goto out;
fallback:
	iv_agent_fallback("suggestions", err);
	match = jv_object_set(match, jv_string("engine"), jv_string("builtin"));
	match = iv_agent_note(match, c, usage, err);
	free(err);
out:
	iv_llm_free(c);
	jv_free(lang);
	return match;
}
