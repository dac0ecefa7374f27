/* audio.h — recorded answers: reading them, their limits, and where the
 * speaker was silent.
 *
 * A WAV file of 16-bit PCM is read directly; anything else (FLAC, MP3, OGG,
 * WAV in other encodings) is decoded by `sox FILE -t raw -e signed -b 16
 * -c 1 -r 16000 -` run as a child process (proc.h). Several channels are
 * mixed to one.
 *
 * Limits, checked before anything is uploaded: audio.max_mb (config,
 * default 25 MiB, the hosted transcription APIs' limit) for the file, and
 * audio.max_seconds (default 600) for its length.
 *
 * Silence: 20 ms frames whose RMS level is below audio.silence_db (default
 * -40 dBFS) are silent; voiced stretches closer than 0.3 s are one
 * stretch (the gaps between words); a silent gap of at least
 * delivery.long_pause_s (default 2 s) between voiced stretches is a long
 * pause.
 */
#ifndef IV_AUDIO_H
#define IV_AUDIO_H

#include <stddef.h>
#include <jv.h>

typedef struct {
	short *s;	/* mono samples */
	size_t n;
	int rate;	/* samples per second */
	int wav;	/* the file was a 16-bit PCM WAV (sent as it is) */
} iv_pcm;

/* Read path. Returns 0, or -1 with *err a malloc'd reason that does not
 * name the file ("empty file", "not audio sox can read: ..."). */
int iv_audio_load(const char *path, iv_pcm *p, char **err);
void iv_pcm_free(iv_pcm *p);
double iv_pcm_seconds(const iv_pcm *p);

/* Write p as a 16-bit mono WAV file. Returns 0, or -1 with errno set. */
int iv_pcm_write_wav(const iv_pcm *p, const char *path);

/* The limits (config audio.max_mb, audio.max_seconds). */
double iv_audio_max_mb(void);
double iv_audio_max_seconds(void);

/* Where p is voiced (a new object):
 *   {"duration_s", "voiced_s", "silent": true when nothing is voiced,
 *    "voiced": [{"start","end"}], "pauses": [{"start","end"}] (long pauses
 *    between voiced stretches), "lead_s", "trail_s"}
 * long_pause_s <= 0: the config's delivery.long_pause_s. */
jv iv_audio_voiced(const iv_pcm *p, double long_pause_s);

/* delivery.long_pause_s (default 2). */
double iv_long_pause_s(void);

#endif
