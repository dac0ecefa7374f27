/* iv-speak — questions read aloud: JSON lines {text, lang} to speech with
 * espeak-ng or an OpenAI-compatible /audio/speech endpoint, played or
 * written as WAV files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audio.h"
#include "buf.h"
#include "config.h"
#include "jsonl.h"
#include "llm.h"
#include "msg.h"
#include "opts.h"
#include "proc.h"
#include "text.h"

static const char help[] =
"Usage: iv-speak [OPTIONS] [FILE...]\n"
"Questions read aloud.\n"
"\n"
"Reads JSON lines with \"text\" and \"lang\" (en, zh; default: from the text)\n"
"from the FILEs or stdin, speaks each through espeak-ng (voices en and cmn)\n"
"or, when a speech model is configured, an OpenAI-compatible /audio/speech\n"
"endpoint, and plays it with aplay, paplay or sox's play. Prints one JSON\n"
"line per input: {text, lang, engine, duration_s, file?}.\n"
"\n"
"  -o, --out DIR        write DIR/001.wav, DIR/002.wav, ... (or DIR/ID.wav for\n"
"                       lines with \"id\") instead of playing\n"
"      --engine E       espeak or api (default: api when audio.speech_model or\n"
"                       the profile's speech_model is set, else espeak); api\n"
"                       falls back to espeak-ng on failure unless chosen here\n"
"      --voice NAME     the API's voice (audio.voice; default alloy) or an\n"
"                       espeak-ng voice\n"
"      --provider NAME  the profile under llm.profiles (default: audio.provider)\n"
"      --ping           check the speech endpoint with one word: print its URL,\n"
"                       model, voice and latency\n"
"      --if-configured  with --ping: print nothing and succeed when no speech\n"
"                       endpoint is configured\n"
"      --db PATH, --user NAME   accepted for symmetry; unused\n"
"      --help           show this help\n"
"      --version        show the version\n";

enum { O_ENGINE = 1, O_VOICE, O_PROVIDER, O_PING, O_IF_CONFIGURED };

static const struct option longopts[] = {
	{ "out", required_argument, 0, 'o' },
	{ "engine", required_argument, 0, O_ENGINE },
	{ "voice", required_argument, 0, O_VOICE },
	{ "provider", required_argument, 0, O_PROVIDER },
	{ "ping", no_argument, 0, O_PING },
	{ "if-configured", no_argument, 0, O_IF_CONFIGURED },
	IV_COMMON_OPTIONS,
	{ 0 },
};

static const char *out_dir, *engine_opt, *voice_opt, *provider_opt;
static iv_llm *client;
static char *speech_model, *api_voice;
static int n_done;

static void
open_api(void)
{
	const char *prov = provider_opt ? provider_opt : iv_config_str("audio.provider", NULL);
	jv r = iv_llm_resolve(prov, NULL);
	char *err = NULL;

	if (!jv_is_valid(r)) {
		jv_free(r);
		return;
	}
	speech_model = iv_config_str("audio.speech_model", NULL) ? iv_xstrdup(iv_config_str("audio.speech_model", NULL))
		     : iv_jstrdup(r, "speech_model");
	api_voice = voice_opt ? iv_xstrdup(voice_opt)
		  : iv_config_str("audio.voice", NULL) ? iv_xstrdup(iv_config_str("audio.voice", NULL))
		  : iv_jstrdup(r, "voice");
	jv_free(r);
	if (speech_model && *speech_model && !(client = iv_llm_open(prov, NULL, &err))) {
		iv_warn("%s", err);
		free(err);
	}
}

/* Speak text with espeak-ng into wav. */
static int
espeak(const char *text, const char *lang, const char *wav, char **err)
{
	const char *dir = getenv("TMPDIR");
	char *tf = iv_xasprintf("%s/iv-speak-XXXXXX", dir && *dir ? dir : "/tmp");
	const char *voice = voice_opt && !client ? voice_opt : !strcmp(lang, "zh") ? "cmn" : !strcmp(lang, "en") ? "en" : lang;
	char *argv[] = { "espeak-ng", "-b", "1", "-v", (char *)voice, "-w", (char *)wav, "-f", tf, NULL };
	iv_buf errs = IV_BUF_INIT;
	int fd = mkstemp(tf), st;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		*err = iv_xasprintf("can't write a temporary file '%s': %s", tf, strerror(errno));
		free(tf);
		return -1;
	}
	st = iv_run(argv, NULL, NULL, 1 << 20, &errs, 60, err);
	unlink(tf);
	free(tf);
	if (st < 0 && *err && strstr(*err, "not found")) {
		free(*err);
		*err = iv_xstrdup("espeak-ng not found: install espeak-ng to hear questions (or configure "
				  "audio.speech_model)");
	} else if (st > 0) {
		*err = iv_xasprintf("espeak-ng failed: %.*s", (int)strcspn(errs.s ? errs.s : "", "\n"),
				    errs.s ? errs.s : "");
	}
	iv_buf_free(&errs);
	return st == 0 ? 0 : -1;
}

static int
api_speak(const char *text, const char *wav, char **err)
{
	iv_buf audio = IV_BUF_INIT;
	jv usage;
	FILE *f;
	int rc = -1;

	if (iv_llm_speech(client, speech_model, api_voice, text, &audio, err, &usage) < 0)
		goto out;
	if (audio.len < 12 || memcmp(audio.s, "RIFF", 4) || memcmp(audio.s + 8, "WAVE", 4)) {
		*err = iv_xasprintf("POST %s/audio/speech: the reply is not WAV audio", iv_llm_endpoint(client));
		goto out;
	}
	if (!(f = fopen(wav, "wb")) || fwrite(audio.s, 1, audio.len, f) != audio.len || fclose(f) != 0) {
		*err = iv_xasprintf("can't write '%s': %s", wav, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	jv_free(usage);
	iv_buf_free(&audio);
	return rc;
}

/* One word spoken by the endpoint: it answers with WAV audio, or why not.
 * The key is never shown, only the name of its variable. */
static int
ping(int if_configured)
{
	iv_buf audio = IV_BUF_INIT;
	char *err = NULL;
	jv usage;
	int rc = IV_FAIL;

	open_api();
	if (!client) {
		if (if_configured && !(speech_model && *speech_model))
			return IV_OK;
		if (!(speech_model && *speech_model))
			iv_warn("no speech endpoint configured: set audio.speech_model (or speech_model in an "
				"llm profile); see iv-speak(1)");
		return IV_FAIL;
	}
	if (iv_llm_key_env(client) && !iv_llm_has_key(client)) {
		iv_warn("%s: the environment variable %s (api_key_env of profile '%s') is not set",
			iv_llm_endpoint(client), iv_llm_key_env(client), iv_llm_provider(client));
		return IV_FAIL;
	}
	iv_llm_set_retries(client, 0);
	if (iv_llm_speech(client, speech_model, api_voice, "OK.", &audio, &err, &usage) < 0) {
		iv_warn("%s", err);
		free(err);
	} else if (audio.len < 12 || memcmp(audio.s, "RIFF", 4) || memcmp(audio.s + 8, "WAVE", 4)) {
		iv_warn("POST %s/audio/speech: the reply is not WAV audio", iv_llm_endpoint(client));
	} else {
		printf("%s model %s voice %s (%.0f ms)\n", iv_llm_endpoint(client), speech_model,
		       api_voice && *api_voice ? api_voice : "alloy", iv_jnum(usage, "latency_ms", 0));
		rc = IV_OK;
	}
	jv_free(usage);
	iv_buf_free(&audio);
	return rc;
}

static int
play(const char *wav, char **err)
{
	static const char *players[] = { "aplay", "paplay", "play" };

	for (size_t i = 0; i < sizeof players / sizeof *players; i++) {
		char *argv[] = { (char *)players[i], "-q", (char *)wav, NULL };

		if (!iv_have_program(players[i]))
			continue;
		if (!strcmp(players[i], "paplay"))
			argv[1] = (char *)wav, argv[2] = NULL;
		if (iv_run(argv, NULL, NULL, 1 << 20, NULL, iv_audio_max_seconds(), err) == 0)
			return 0;
		free(*err);
		*err = iv_xasprintf("%s could not play it (no sound device?)", players[i]);
		return -1;
	}
	*err = iv_xstrdup("no player found: install alsa-utils (aplay), pulseaudio-utils (paplay) or sox (play)");
	return -1;
}

static int
speak_line(jv v)
{
	char *text = iv_jstrdup(v, "text"), *lang = iv_jstrdup(v, "lang"), *id = iv_jstrdup(v, "id");
	char *wav, *err = NULL;
	const char *engine = "espeak";
	int rc = IV_FAIL, api = client && (!engine_opt || !strcmp(engine_opt, "api"));
	iv_pcm pcm;
	jv out;

	if (!lang || !*lang) {
		free(lang);
		lang = iv_xstrdup(iv_text_lang(text));
	}
	n_done++;
	if (out_dir) {
		if (id && *id && !strchr(id, '/'))
			wav = iv_xasprintf("%s/%s.wav", out_dir, id);
		else
			wav = iv_xasprintf("%s/%03d.wav", out_dir, n_done);
	} else {
		const char *dir = getenv("TMPDIR");
		int fd;

		wav = iv_xasprintf("%s/iv-speak-XXXXXX.wav", dir && *dir ? dir : "/tmp");
		if ((fd = mkstemps(wav, 4)) >= 0)
			close(fd);
	}
	if (api) {
		engine = "api";
		if (api_speak(text, wav, &err) < 0) {
			if (engine_opt) {
				iv_warn("%s", err);
				goto out;
			}
			iv_warn("%s; using espeak-ng", err);
			free(err);
			err = NULL;
			engine = "espeak";
			api = 0;
		}
	}
	if (!api && espeak(text, lang, wav, &err) < 0) {
		iv_warn("%s", err);
		goto out;
	}
	out = JV_OBJECT(jv_string("text"), jv_string(text), jv_string("lang"), jv_string(lang),
			jv_string("engine"), jv_string(engine));
	if (iv_audio_load(wav, &pcm, &err) == 0) {
		out = jv_object_set(out, jv_string("duration_s"), jv_number((double)(long)(iv_pcm_seconds(&pcm) * 100) / 100));
		iv_pcm_free(&pcm);
	} else {
		free(err);
		err = NULL;
	}
	if (out_dir) {
		out = jv_object_set(out, jv_string("file"), jv_string(wav));
	} else if (play(wav, &err) < 0) {
		iv_warn("%s", err);
		jv_free(out);
		goto out;
	}
	iv_jsonl_write(out);
	rc = IV_OK;
out:
	if (!out_dir)
		unlink(wav);
	free(err);
	free(wav);
	free(text);
	free(lang);
	free(id);
	return rc;
}

static int
speak_stream(FILE *f, const char *name, void *ctx)
{
	(void)ctx;
	iv_jsonl *r = iv_jsonl_open(f, name, IV_JSONL_OBJECTS);
	int rc = IV_OK, got;
	jv v;

	while ((got = iv_jsonl_next(r, &v)) != 0) {
		jv t;

		if (got < 0) {
			iv_warn("%s", iv_jsonl_error(r));
			rc = IV_FAIL;
			continue;
		}
		t = iv_jget(v, "text");
		if (jv_get_kind(t) != JV_KIND_STRING || !jv_string_length_bytes(jv_copy(t))) {
			iv_warn("%s:%ld: no \"text\" to speak", name, iv_jsonl_lineno(r));
			rc = IV_FAIL;
		} else if (speak_line(v) != IV_OK) {
			rc = IV_FAIL;
		}
		jv_free(t);
		jv_free(v);
	}
	iv_jsonl_close(r);
	return rc;
}

int
main(int argc, char **argv)
{
	int c, rc, mode_ping = 0, if_configured = 0;

	iv_prog_init(argv[0]);
	while ((c = iv_getopt(argc, argv, "o:", longopts, help)) != -1) {
		switch (c) {
		case 'o': out_dir = optarg; break;
		case O_ENGINE:
			if (strcmp(optarg, "espeak") && strcmp(optarg, "api"))
				iv_usage_error("option '--engine' takes espeak or api, not '%s'", optarg);
			engine_opt = optarg;
			break;
		case O_VOICE: voice_opt = optarg; break;
		case O_PROVIDER: provider_opt = optarg; break;
		case O_PING: mode_ping = 1; break;
		case O_IF_CONFIGURED: if_configured = 1; break;
		}
	}
	if (if_configured && !mode_ping)
		iv_usage_error("--if-configured goes with --ping");
	if (mode_ping) {
		if (out_dir || engine_opt || optind < argc)
			iv_usage_error("--ping takes no files, --out or --engine");
		rc = ping(if_configured);
		iv_llm_free(client);
		free(speech_model);
		free(api_voice);
		return iv_finish(rc);
	}
	if (out_dir) {
		struct stat st;

		if (mkdir(out_dir, 0777) < 0 && errno != EEXIST)
			iv_die(IV_FAIL, "can't create '%s': %s", out_dir, strerror(errno));
		if (stat(out_dir, &st) < 0 || !S_ISDIR(st.st_mode))
			iv_die(IV_FAIL, "'%s' is not a directory", out_dir);
	}
	if (!engine_opt || !strcmp(engine_opt, "api"))
		open_api();
	if (engine_opt && !strcmp(engine_opt, "api") && !client)
		iv_die(IV_FAIL, "no speech endpoint configured: set audio.speech_model (or speech_model in an "
				"llm profile); see iv-speak(1)");
	rc = iv_each_input(argv + optind, argc - optind, speak_stream, NULL);
	iv_llm_free(client);
	free(speech_model);
	free(api_voice);
	return iv_finish(rc);
}
