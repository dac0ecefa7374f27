#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audio.h"
#include "buf.h"
#include "config.h"
#include "msg.h"
#include "proc.h"

#define FRAME_S 0.02
#define JOIN_S 0.3		/* gaps shorter than this are between words */
#define SOX_RATE 16000
#define SOX_TIMEOUT_S 60

double iv_audio_max_mb(void) { return iv_config_num("audio.max_mb", 25); }
double iv_audio_max_seconds(void) { return iv_config_num("audio.max_seconds", 600); }
double iv_long_pause_s(void) { return iv_config_num("delivery.long_pause_s", 2); }

static unsigned
le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* A RIFF WAVE of 16-bit PCM: 1 when taken, 0 when sox should try, -1 on a
 * broken file that says it is WAV. */
static int
parse_wav(const unsigned char *d, size_t n, iv_pcm *p, char **err)
{
	size_t off = 12;
	unsigned fmt = 0, channels = 0, bits = 0;
	uint32_t rate = 0;
	int have_fmt = 0;

	if (n < 12 || memcmp(d, "RIFF", 4) || memcmp(d + 8, "WAVE", 4))
		return 0;
	while (off + 8 <= n) {
		uint32_t len = le32(d + off + 4);
		const unsigned char *c = d + off + 8;
		size_t avail = n - off - 8;

		if (!memcmp(d + off, "fmt ", 4)) {
			if (len < 16 || avail < 16) {
				*err = iv_xstrdup("corrupt WAV: its format chunk is cut short");
				return -1;
			}
			fmt = le16(c);
			channels = le16(c + 2);
			rate = le32(c + 4);
			bits = le16(c + 14);
			if (fmt == 0xFFFE && len >= 26)
				fmt = le16(c + 24);	/* WAVE_FORMAT_EXTENSIBLE */
			have_fmt = 1;
		} else if (!memcmp(d + off, "data", 4)) {
			size_t bytes = len < avail ? len : avail, frames;

			if (!have_fmt) {
				*err = iv_xstrdup("corrupt WAV: no format chunk before the data");
				return -1;
			}
			if (fmt != 1 || bits != 16)
				return 0;
			if (!channels || !rate) {
				*err = iv_xstrdup("corrupt WAV: no channels or no sample rate");
				return -1;
			}
			frames = bytes / (2 * channels);
			p->s = iv_xmalloc((frames ? frames : 1) * sizeof *p->s);
			for (size_t i = 0; i < frames; i++) {
				long sum = 0;

				for (unsigned ch = 0; ch < channels; ch++)
					sum += (int16_t)le16(c + 2 * (i * channels + ch));
				p->s[i] = (short)(sum / (long)channels);
			}
			p->n = frames;
			p->rate = (int)rate;
			p->wav = channels == 1;
			return 1;
		}
		off += 8 + (size_t)len + (len & 1);
	}
	*err = iv_xstrdup(have_fmt ? "corrupt WAV: no audio data" : "corrupt WAV: no format chunk");
	return -1;
}

int
iv_audio_load(const char *path, iv_pcm *p, char **err)
{
	iv_buf b = IV_BUF_INIT, out = IV_BUF_INIT, errs = IV_BUF_INIT;
	size_t max = (size_t)(iv_audio_max_mb() * 1048576.0);
	int rc = -1, r;

	memset(p, 0, sizeof *p);
	*err = NULL;
	if (iv_buf_read_file(&b, path, max + 1) < 0) {
		*err = errno == EFBIG ? iv_xasprintf("larger than %g MiB (audio.max_mb)", iv_audio_max_mb())
				      : iv_xstrdup(strerror(errno));
		goto out;
	}
	if (b.len > max) {
		*err = iv_xasprintf("larger than %g MiB (audio.max_mb)", iv_audio_max_mb());
		goto out;
	}
	if (!b.len) {
		*err = iv_xstrdup("empty file");
		goto out;
	}
	r = parse_wav((const unsigned char *)b.s, b.len, p, err);
	if (r < 0)
		goto out;
	if (r == 0) {
		char *arg = path[0] == '-' ? iv_xasprintf("./%s", path) : iv_xstrdup(path);
		char *argv[] = { "sox", "-V1", arg, "-t", "raw", "-e", "signed", "-b", "16", "-c", "1",
				 "-r", "16000", "-", NULL };
		size_t max_pcm = (size_t)(iv_audio_max_seconds() * SOX_RATE * 2) + SOX_RATE * 2;
		char *why = NULL;
		int st = iv_run(argv, NULL, &out, max_pcm, &errs, SOX_TIMEOUT_S, &why);

		free(arg);
		if (st != 0) {
			size_t l = errs.s ? strcspn(errs.s, "\n") : 0;

			if (why && strstr(why, "not found"))
				*err = iv_xasprintf("not a 16-bit PCM WAV, and sox (needed to read it) is not "
						    "installed");
			else if (why && strstr(why, "more than"))
				*err = iv_xasprintf("longer than %g s (audio.max_seconds)", iv_audio_max_seconds());
			else
				*err = iv_xasprintf("not audio sox can read: %.*s", (int)l,
						    why ? why : l ? errs.s : "sox failed");
			free(why);
			goto out;
		}
		p->n = out.len / 2;
		p->s = iv_xmalloc((p->n ? p->n : 1) * sizeof *p->s);
		for (size_t i = 0; i < p->n; i++)
			p->s[i] = (short)(int16_t)le16((const unsigned char *)out.s + 2 * i);
		p->rate = SOX_RATE;
		p->wav = 0;
	}
	if (iv_pcm_seconds(p) > iv_audio_max_seconds()) {
		*err = iv_xasprintf("%.1f s long, longer than %g s (audio.max_seconds)", iv_pcm_seconds(p),
				    iv_audio_max_seconds());
		goto out;
	}
	if (!p->n) {
		*err = iv_xstrdup("no audio in it (0 samples)");
		goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		iv_pcm_free(p);
	iv_buf_free(&b);
	iv_buf_free(&out);
	iv_buf_free(&errs);
	return rc;
}

void
iv_pcm_free(iv_pcm *p)
{
	free(p->s);
	p->s = NULL;
	p->n = 0;
}

double
iv_pcm_seconds(const iv_pcm *p)
{
	return p->rate ? (double)p->n / p->rate : 0;
}

static void
put32(unsigned char *d, uint32_t v)
{
	d[0] = v & 0xff, d[1] = v >> 8 & 0xff, d[2] = v >> 16 & 0xff, d[3] = v >> 24 & 0xff;
}

int
iv_pcm_write_wav(const iv_pcm *p, const char *path)
{
	unsigned char h[44];
	uint32_t bytes = (uint32_t)(p->n * 2);
	FILE *f = fopen(path, "wb");
	int ok;

	if (!f)
		return -1;
	memcpy(h, "RIFF", 4);
	put32(h + 4, 36 + bytes);
	memcpy(h + 8, "WAVEfmt ", 8);
	put32(h + 16, 16);
	h[20] = 1, h[21] = 0, h[22] = 1, h[23] = 0;
	put32(h + 24, (uint32_t)p->rate);
	put32(h + 28, (uint32_t)p->rate * 2);
	h[32] = 2, h[33] = 0, h[34] = 16, h[35] = 0;
	memcpy(h + 36, "data", 4);
	put32(h + 40, bytes);
	ok = fwrite(h, 1, 44, f) == 44;
	for (size_t i = 0; ok && i < p->n; i++) {
		unsigned char s[2] = { (unsigned char)(p->s[i] & 0xff), (unsigned char)((uint16_t)p->s[i] >> 8) };

		ok = fwrite(s, 1, 2, f) == 2;
	}
	if (fclose(f) != 0 || !ok)
		return -1;
	return 0;
}

static double
round2(double x)
{
	return round(x * 100) / 100;
}

static jv
span(double a, double b)
{
	return JV_OBJECT(jv_string("start"), jv_number(round2(a)), jv_string("end"), jv_number(round2(b)));
}

jv
iv_audio_voiced(const iv_pcm *p, double long_pause_s)
{
	size_t frame = (size_t)(p->rate * FRAME_S), nf = frame ? p->n / frame : 0;
	double thresh = pow(10, iv_config_num("audio.silence_db", -40) / 20) * 32768.0;
	double dur = iv_pcm_seconds(p), vs = -1, ve = -1, voiced_s = 0, first = -1, last = -1;
	jv voiced = jv_array(), pauses = jv_array();

	if (long_pause_s <= 0)
		long_pause_s = iv_long_pause_s();
	for (size_t f = 0; f <= nf; f++) {
		int on = 0;

		if (f < nf) {
			double sum = 0;

			for (size_t i = f * frame; i < (f + 1) * frame; i++)
				sum += (double)p->s[i] * p->s[i];
			on = sqrt(sum / frame) > thresh;
		}
		if (on) {
			double t0 = f * FRAME_S, t1 = (f + 1) * FRAME_S;

			if (vs >= 0 && t0 - ve < JOIN_S) {
				ve = t1;
			} else {
				if (vs >= 0) {
					voiced = jv_array_append(voiced, span(vs, ve));
					voiced_s += ve - vs;
					if (t0 - ve >= long_pause_s)
						pauses = jv_array_append(pauses, span(ve, t0));
				}
				vs = t0, ve = t1;
			}
			if (first < 0)
				first = t0;
			last = t1;
		}
	}
	if (vs >= 0) {
		voiced = jv_array_append(voiced, span(vs, ve));
		voiced_s += ve - vs;
	}
	return JV_OBJECT(jv_string("duration_s"), jv_number(round2(dur)),
			 jv_string("voiced_s"), jv_number(round2(voiced_s)),
			 jv_string("silent"), jv_bool(first < 0),
			 jv_string("lead_s"), jv_number(round2(first < 0 ? dur : first)),
			 jv_string("trail_s"), jv_number(round2(last < 0 ? 0 : dur - last)),
			 jv_string("voiced"), voiced, jv_string("pauses"), pauses);
}
