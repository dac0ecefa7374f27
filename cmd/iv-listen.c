/* iv-listen — spoken answers to text: an audio file (or the microphone)
 * through an OpenAI-compatible /audio/transcriptions endpoint, with the
 * delivery measured from the transcript and the recording. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio.h"
#include "config.h"
#include "delivery.h"
#include "jsonl.h"
#include "llm.h"
#include "msg.h"
#include "opts.h"
#include "proc.h"

static const char help[] =
"Usage: iv-listen [OPTIONS] FILE...\n"
"       iv-listen --record FILE [OPTIONS]\n"
"       iv-listen --analyze [FILE...]\n"
"Spoken answers to text, with how they were spoken.\n"
"\n"
"Sends each audio FILE (WAV; FLAC, MP3, OGG and others are converted with\n"
"sox first) to the OpenAI-compatible /audio/transcriptions endpoint and\n"
"prints one JSON line per file: {file, text, lang, duration_s, segments:\n"
"[{start, end, text}], audio: {voiced, pauses, ...}, delivery: {wpm, pace,\n"
"fillers, pauses, length}}.\n"
"\n"
"  -l, --lang LANG      the language spoken (en, zh), sent to the server\n"
"      --model NAME     the transcription model (default: audio.transcription_model,\n"
"                       else the profile's transcription_model)\n"
"      --provider NAME  the profile under llm.profiles (default: audio.provider,\n"
"                       IV_AUDIO_PROVIDER, else the LLM's)\n"
"      --type TYPE      question type for the length target (behavioral,\n"
"                       technical, system-design)\n"
"      --check          read and measure the audio, upload nothing: the same\n"
"                       line without text and segments\n"
"      --record FILE    record from the microphone into FILE (sox's rec, until\n"
"                       3 s of silence; else arecord, up to audio.max_seconds),\n"
"                       then transcribe it\n"
"      --analyze        read transcripts as JSON lines ({text, segments, ...})\n"
"                       from the FILEs or stdin and add delivery to each\n"
"      --ping           check the transcription endpoint with half a second of\n"
"                       tone: print its URL, model and latency\n"
"      --if-configured  with --ping: print nothing and succeed when no\n"
"                       transcription endpoint is configured\n"
"      --db PATH, --user NAME   accepted for symmetry; unused\n"
"      --help           show this help\n"
"      --version        show the version\n"
"\n"
"Limits, checked before anything is uploaded: audio.max_mb (25 MiB) and\n"
"audio.max_seconds (600). An empty, silent or unreadable recording is an\n"
"error. See iv-listen(1).\n";

enum { O_MODEL = 1, O_PROVIDER, O_TYPE, O_CHECK, O_RECORD, O_ANALYZE, O_PING, O_IF_CONFIGURED };

static const struct option longopts[] = {
	{ "lang", required_argument, 0, 'l' },
	{ "model", required_argument, 0, O_MODEL },
	{ "provider", required_argument, 0, O_PROVIDER },
	{ "type", required_argument, 0, O_TYPE },
	{ "check", no_argument, 0, O_CHECK },
	{ "record", required_argument, 0, O_RECORD },
	{ "analyze", no_argument, 0, O_ANALYZE },
	{ "ping", no_argument, 0, O_PING },
	{ "if-configured", no_argument, 0, O_IF_CONFIGURED },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static const char *lang, *model_opt, *provider_opt, *qtype;
static int check_only;
static iv_llm *client;
static char *model;

/* The client and model for transcription, or NULL with a reason. */
static int
open_endpoint(char **err)
{
	const char *prov = provider_opt ? provider_opt : iv_config_str("audio.provider", NULL);
	jv r = iv_llm_resolve(prov, NULL);

	if (!jv_is_valid(r)) {
		jv m = jv_invalid_get_msg(r);

		*err = iv_xasprintf("no transcription endpoint configured: %s", jv_string_value(m));
		jv_free(m);
		return -1;
	}
	model = model_opt ? iv_xstrdup(model_opt)
	      : iv_config_str("audio.transcription_model", NULL) ? iv_xstrdup(iv_config_str("audio.transcription_model", NULL))
	      : iv_jstrdup(r, "transcription_model");
	if (!model || !*model) {
		jv p = iv_jget(r, "provider");

		*err = iv_xasprintf("no transcription endpoint configured: profile '%s' has no "
				    "transcription_model, and audio.transcription_model is not set (see iv-listen(1))",
				    iv_jstr(p));
		jv_free(p);
		jv_free(r);
		return -1;
	}
	jv_free(r);
	client = iv_llm_open(prov, NULL, err);
	return client ? 0 : -1;
}

static int
listen_file(const char *path)
{
	iv_pcm pcm;
	char *err = NULL, *tmp = NULL;
	jv audio, out, t, usage;
	int rc = IV_FAIL;

	if (iv_audio_load(path, &pcm, &err) < 0) {
		iv_warn("%s: %s", path, err);
		free(err);
		return IV_FAIL;
	}
	audio = iv_audio_voiced(&pcm, 0);
	if (iv_jbool(audio, "silent", 0)) {
		iv_warn("%s: no speech in it (silent below %g dBFS, audio.silence_db)", path,
			iv_config_num("audio.silence_db", -40));
		goto out;
	}
	if (check_only) {
		out = JV_OBJECT(jv_string("file"), jv_string(path),
				jv_string("duration_s"), iv_jget(audio, "duration_s"),
				jv_string("audio"), jv_copy(audio));
		t = JV_OBJECT(jv_string("text"), jv_string(""), jv_string("duration_s"), iv_jget(audio, "duration_s"));
		out = jv_object_set(out, jv_string("delivery"), iv_delivery(t, audio, qtype));
		jv_free(t);
		iv_jsonl_write(out);
		rc = IV_OK;
		goto out;
	}
	if (!pcm.wav) {
		/* Servers that take only WAV (whisper.cpp) take this one. */
		const char *dir = getenv("TMPDIR");
		int fd;

		tmp = iv_xasprintf("%s/iv-listen-XXXXXX.wav", dir && *dir ? dir : "/tmp");
		if ((fd = mkstemps(tmp, 4)) < 0 || close(fd) < 0 || iv_pcm_write_wav(&pcm, tmp) < 0) {
			iv_warn("%s: can't write a temporary WAV '%s': %s", path, tmp, strerror(errno));
			goto out;
		}
	}
	t = iv_llm_transcribe(client, tmp ? tmp : path, model, lang, &usage);
	if (!jv_is_valid(t)) {
		jv m = jv_invalid_get_msg(t);

		iv_warn("%s: %s", path, jv_string_value(m));
		jv_free(m);
		jv_free(usage);
		goto out;
	}
	if (iv_jnum(t, "duration_s", 0) <= 0)
		t = jv_object_set(t, jv_string("duration_s"), iv_jget(audio, "duration_s"));
	out = jv_object_merge(JV_OBJECT(jv_string("file"), jv_string(path)), jv_copy(t));
	out = jv_object_set(out, jv_string("audio"), jv_copy(audio));
	out = jv_object_set(out, jv_string("delivery"), iv_delivery(t, audio, qtype));
	out = jv_object_set(out, jv_string("transcription"), usage);
	jv_free(t);
	iv_jsonl_write(out);
	rc = IV_OK;
out:
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	jv_free(audio);
	iv_pcm_free(&pcm);
	return rc;
}

static int
analyze_stream(FILE *f, const char *name, void *ctx)
{
	(void)ctx;
	iv_jsonl *r = iv_jsonl_open(f, name, IV_JSONL_OBJECTS);
	int rc = IV_OK, got;
	jv v;

	while ((got = iv_jsonl_next(r, &v)) != 0) {
		jv t, d;
		char *type;

		if (got < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		t = iv_jget(v, "text");
		if (jv_get_kind(t) != JV_KIND_STRING) {
			iv_warn("%s:%ld: no \"text\"", name, iv_jsonl_lineno(r));
			jv_free(t);
			jv_free(v);
			rc = IV_FAIL;
			continue;
		}
		jv_free(t);
		type = iv_jstrdup(v, "type");
		d = iv_delivery(v, jv_null(), qtype ? qtype : type);
		free(type);
		if (!jv_is_valid(d)) {
			jv_free(v);
			return iv_warn_invalid(d);
		}
		iv_jsonl_write(jv_object_set(v, jv_string("delivery"), d));
	}
	if (iv_jsonl_ioerror(r)) {
		iv_warn("%s: read error", name);
		rc = IV_FAIL;
	}
	iv_jsonl_close(r);
	return rc;
}

/* Whether a transcription endpoint is configured at all: a model named
 * in audio or in the profile that would be used. */
static int
endpoint_configured(void)
{
	const char *prov = provider_opt ? provider_opt : iv_config_str("audio.provider", NULL);
	jv r;
	char *m;
	int yes;

	if (model_opt || iv_config_str("audio.transcription_model", NULL))
		return 1;
	r = iv_llm_resolve(prov, NULL);
	m = jv_is_valid(r) ? iv_jstrdup(r, "transcription_model") : NULL;
	yes = m && *m;
	free(m);
	jv_free(r);
	return yes;
}

/* Send half a second of a 440 Hz tone: the endpoint answers, or why not.
 * The key is never shown, only the name of its variable. */
static int
ping(int if_configured)
{
	const char *dir = getenv("TMPDIR");
	char *tmp, *err = NULL;
	iv_pcm pcm = { 0 };
	jv t, usage;
	int fd, rc = IV_FAIL;

	if (if_configured && !endpoint_configured())
		return IV_OK;
	if (open_endpoint(&err) < 0) {
		iv_warn("%s", err);
		free(err);
		return IV_FAIL;
	}
	if (iv_llm_key_env(client) && !iv_llm_has_key(client)) {
		iv_warn("%s: the environment variable %s (api_key_env of profile '%s') is not set",
			iv_llm_endpoint(client), iv_llm_key_env(client), iv_llm_provider(client));
		return IV_FAIL;
	}
	iv_llm_set_retries(client, 0);
	pcm.rate = 16000;
	pcm.n = 8000;
	pcm.s = iv_xcalloc(pcm.n, sizeof *pcm.s);
	for (size_t i = 0; i < pcm.n; i++)
		pcm.s[i] = (short)(3000 * sin(2 * M_PI * 440 * (double)i / pcm.rate));
	tmp = iv_xasprintf("%s/iv-listen-XXXXXX.wav", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemps(tmp, 4)) < 0 || close(fd) < 0 || iv_pcm_write_wav(&pcm, tmp) < 0) {
		iv_warn("can't write a temporary WAV '%s': %s", tmp, strerror(errno));
		goto out;
	}
	t = iv_llm_transcribe(client, tmp, model, lang, &usage);
	if (!jv_is_valid(t)) {
		jv m = jv_invalid_get_msg(t);

		iv_warn("%s", jv_string_value(m));
		jv_free(m);
	} else {
		printf("%s model %s (%.0f ms)\n", iv_llm_endpoint(client), model, iv_jnum(usage, "latency_ms", 0));
		jv_free(t);
		rc = IV_OK;
	}
	jv_free(usage);
out:
	unlink(tmp);
	free(tmp);
	iv_pcm_free(&pcm);
	return rc;
}

/* Record into path: sox's rec stops after 3 s of silence; arecord after
 * audio.max_seconds. */
static int
record(const char *path)
{
	char secs[32], *err = NULL;
	int st, tty = isatty(0);
	iv_buf errs = IV_BUF_INIT;

	snprintf(secs, sizeof secs, "%d", (int)iv_audio_max_seconds());
	/* On a terminal, Enter ends the recording. */
	if (tty)
		iv_run_stop_on_line(0);
	if (iv_have_program("rec")) {
		char *argv[] = { "rec", "-q", "-c", "1", "-r", "16000", "-b", "16", (char *)path,
				 "trim", "0", secs, "silence", "1", "0.1", "1%", "1", "3.0", "1%", NULL };

		fprintf(stderr, "%s: recording; %s\n", iv_prog,
			tty ? "press Enter, or stop talking for 3 s, to finish" : "stop talking for 3 s to finish");
		st = iv_run(argv, NULL, NULL, 0, &errs, iv_audio_max_seconds() + 30, &err);
	} else if (iv_have_program("arecord")) {
		char *argv[] = { "arecord", "-q", "-f", "S16_LE", "-r", "16000", "-c", "1", "-d", secs,
				 (char *)path, NULL };

		fprintf(stderr, "%s: recording for up to %s s%s\n", iv_prog, secs, tty ? "; press Enter to finish" : "");
		st = iv_run(argv, NULL, NULL, 0, &errs, iv_audio_max_seconds() + 30, &err);
	} else {
		iv_warn("can't record: neither sox's rec nor arecord is installed (packages sox, alsa-utils)");
		return IV_FAIL;
	}
	iv_run_stop_on_line(-1);
	if (st != 0) {
		if (err)
			iv_warn("recording failed: %s", err);
		else
			iv_warn("recording failed (no microphone?): %.*s", (int)strcspn(errs.s ? errs.s : "", "\n"),
				errs.s && *errs.s ? errs.s : "the recorder exited with an error");
		free(err);
		iv_buf_free(&errs);
		return IV_FAIL;
	}
	iv_buf_free(&errs);
	return IV_OK;
}

int
main(int argc, char **argv)
{
	const char *rec_path = NULL;
	int c, mode_analyze = 0, mode_ping = 0, if_configured = 0, rc = IV_OK;
	char *err = NULL;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "l:", longopts, help)) != -1) {
		switch (c) {
		case 'l': lang = optarg; break;
		case O_MODEL: model_opt = optarg; break;
		case O_PROVIDER: provider_opt = optarg; break;
		case O_TYPE: qtype = optarg; break;
		case O_CHECK: check_only = 1; break;
		case O_RECORD: rec_path = optarg; break;
		case O_ANALYZE: mode_analyze = 1; break;
		case O_PING: mode_ping = 1; break;
		case O_IF_CONFIGURED: if_configured = 1; break;
		}
	}
	if (if_configured && !mode_ping)
		iv_usage_error("--if-configured goes with --ping");
	if (mode_ping) {
		if (mode_analyze || rec_path || check_only || optind < argc)
			iv_usage_error("--ping takes no files and goes with no other mode");
		rc = ping(if_configured);
		iv_llm_free(client);
		free(model);
		return iv_finish(rc);
	}
	if (mode_analyze) {
		if (rec_path || check_only)
			iv_usage_error("--analyze goes with neither --record nor --check");
		return iv_finish(iv_each_input(argv + optind, argc - optind, analyze_stream, NULL));
	}
	if (!rec_path && optind == argc)
		iv_usage_error("no audio file given");
	if (rec_path && optind < argc)
		iv_usage_error("--record takes no other files");
	if (!check_only && open_endpoint(&err) < 0) {
		iv_warn("%s", err);
		free(err);
		return iv_finish(IV_FAIL);
	}
	if (rec_path) {
		rc = record(rec_path);
		if (rc == IV_OK)
			rc = listen_file(rec_path);
	} else {
		for (int i = optind; i < argc; i++)
			if (listen_file(argv[i]) != IV_OK)
				rc = IV_FAIL;
	}
	iv_llm_free(client);
	free(model);
	return iv_finish(rc);
}
