/* llm_audio.c — speech to text and text to speech on the same profile
 * (llm.h). */
#include <strings.h>

#include <curl/curl.h>

#include "jsonl.h"
#include "llm.h"
#include "llm_usage.h"
#include "llm_wire.h"
#include "msg.h"

/* Audio. */

static jv
audio_usage(const iv_llm *c, const char *model, long long start, const iv_llm_outcome *o)
{
	jv u = JV_OBJECT(jv_string("model"), jv_string(model ? model : ""),
			 jv_string("latency_ms"), jv_number((double)(iv_llm_now_ms() - start)),
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
	long long start = iv_llm_now_ms();
	curl_mime *form = curl_mime_init(c->curl);
	curl_mimepart *part;
	iv_llm_reply r;
	iv_llm_outcome o;
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
		iv_llm_give_usage(usage, JV_OBJECT(jv_string("model"), jv_string(model)));
		return jv_invalid_with_msg(jv_string_fmt("can't read '%s'", file));
	}
	iv_llm_reply_init(&r, c, 0, NULL, NULL);
	r.form = form;
	o = iv_llm_post(c, "/audio/transcriptions", NULL, &r);
	curl_mime_free(form);
	iv_llm_reply_free(&r);
	iv_llm_give_usage(usage, audio_usage(c, model, start, &o));
	if (!o.ok) {
		out = jv_invalid_with_msg(jv_string(o.error));
		iv_llm_outcome_free(&o);
		return out;
	}
	v = o.json;
	o.json = jv_null();
	iv_llm_outcome_free(&o);
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
	long long start = iv_llm_now_ms();
	jv body = JV_OBJECT(jv_string("model"), jv_string(model), jv_string("input"), jv_string(text),
			    jv_string("voice"), jv_string(voice && *voice ? voice : "alloy"),
			    jv_string("response_format"), jv_string("wav"));
	iv_llm_reply r;
	iv_llm_outcome o;
	int rc = -1;

	iv_llm_reply_init(&r, c, 0, NULL, NULL);
	r.binary = 1;
	o = iv_llm_request(c, "/audio/speech", body, &r);
	jv_free(body);
	iv_llm_give_usage(usage, audio_usage(c, model, start, &o));
	if (o.ok) {
		iv_buf_add(audio, r.body.s, r.body.len);
		rc = 0;
	} else {
		*err = iv_xstrdup(o.error);
	}
	iv_llm_outcome_free(&o);
	iv_llm_reply_free(&r);
	return rc;
}
