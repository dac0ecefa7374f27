#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "audio.h"
#include "config.h"
#include "delivery.h"
#include "jsonl.h"
#include "msg.h"
#include "paths.h"
#include "utf8.h"
#include "yamldoc.h"

typedef struct {
	char *word;
	size_t len;
	int set_off, ascii;
} filler;

static jv conf;
static int loaded;
static filler *fillers;
static size_t nfillers;

static int
by_length(const void *a, const void *b)
{
	const filler *x = a, *y = b;

	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static int
load(void)
{
	char *path;
	jv all;

	if (loaded)
		return jv_is_valid(conf);
	loaded = 1;
	path = iv_user_or_share_file("delivery.yaml");
	conf = iv_yaml_load_file(path, NULL);
	free(path);
	if (!jv_is_valid(conf) || jv_get_kind(conf) != JV_KIND_OBJECT)
		return jv_is_valid(conf) ? (jv_free(conf), conf = jv_invalid_with_msg(jv_string(
			"share/delivery.yaml is not a mapping")), 0) : 0;
	all = iv_jget(conf, "fillers");
	if (jv_get_kind(all) == JV_KIND_OBJECT) {
		jv_object_foreach(all, lang, list) {
			jv_free(lang);
			if (jv_get_kind(list) != JV_KIND_ARRAY) {
				jv_free(list);
				continue;
			}
			jv_array_foreach(list, i, e) {
				filler f = { 0 };

				if (jv_get_kind(e) == JV_KIND_STRING)
					f.word = iv_xstrdup(jv_string_value(e));
				else if (jv_get_kind(e) == JV_KIND_OBJECT) {
					f.word = iv_jstrdup(e, "word");
					f.set_off = iv_jbool(e, "set_off", 0);
				}
				jv_free(e);
				if (!f.word || !*f.word) {
					free(f.word);
					continue;
				}
				f.len = strlen(f.word);
				f.ascii = 1;
				for (size_t k = 0; k < f.len; k++) {
					f.word[k] = (char)tolower((unsigned char)f.word[k]);
					if ((unsigned char)f.word[k] >= 0x80)
						f.ascii = 0;
				}
				fillers = iv_xrealloc(fillers, (nfillers + 1) * sizeof *fillers);
				fillers[nfillers++] = f;
			}
			jv_free(list);
		}
	}
	jv_free(all);
	qsort(fillers, nfillers, sizeof *fillers, by_length);
	return 1;
}

static int
is_word_byte(unsigned char c)
{
	return isalnum(c) || c == '\'' || c >= 0x80;
}

/* A pause mark: ASCII , . ; : ! ? - ... or CJK punctuation. */
static int
is_mark_cp(uint32_t cp)
{
	return cp == ',' || cp == '.' || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == '-' ||
	       cp == 0x2026 || cp == 0x2014 || iv_is_cjk_punct(cp) || cp == 0xFF0C || cp == 0xFF1F ||
	       cp == 0xFF01 || cp == 0xFF1A || cp == 0xFF1B;
}

/* The code point ending just before s + i. */
static uint32_t
cp_before(const char *s, size_t i)
{
	size_t j = i;
	uint32_t cp;

	if (!i)
		return 0;
	j--;
	while (j && ((unsigned char)s[j] & 0xC0) == 0x80)
		j--;
	iv_utf8_decode(s + j, i - j, &cp);
	return cp;
}

static int
set_off_at(const char *s, size_t n, size_t at, size_t len)
{
	size_t b = at, e = at + len;
	uint32_t cp;

	while (b && s[b - 1] == ' ')
		b--;
	if (!b || is_mark_cp(cp_before(s, b)))
		return 1;
	while (e < n && s[e] == ' ')
		e++;
	if (e >= n)
		return 1;
	iv_utf8_decode(s + e, n - e, &cp);
	return is_mark_cp(cp);
}

jv
iv_delivery_fillers(const char *text, int *count)
{
	size_t n = strlen(text), i = 0;
	jv found = jv_object();

	*count = 0;
	if (!load())
		return found;
	while (i < n) {
		size_t step = 1;

		for (size_t k = 0; k < nfillers; k++) {
			const filler *f = &fillers[k];

			if (f->len > n - i)
				continue;
			if (f->ascii) {
				if (strncasecmp(text + i, f->word, f->len) ||
				    (i && is_word_byte((unsigned char)text[i - 1])) ||
				    (i + f->len < n && is_word_byte((unsigned char)text[i + f->len])))
					continue;
			} else if (memcmp(text + i, f->word, f->len)) {
				continue;
			}
			if (f->set_off && !set_off_at(text, n, i, f->len))
				continue;
			{
				jv c = jv_object_get(jv_copy(found), jv_string(f->word));
				double v = jv_get_kind(c) == JV_KIND_NUMBER ? jv_number_value(c) : 0;

				jv_free(c);
				found = jv_object_set(found, jv_string(f->word), jv_number(v + 1));
			}
			(*count)++;
			step = f->len;
			break;
		}
		if (step == 1 && (unsigned char)text[i] >= 0x80) {
			uint32_t cp;

			step = (size_t)iv_utf8_decode(text + i, n - i, &cp);
		} else if (step == 1 && isalnum((unsigned char)text[i])) {
			while (i + step < n && is_word_byte((unsigned char)text[i + step]) &&
			       (unsigned char)text[i + step] < 0x80)
				step++;
		}
		i += step;
	}
	return found;
}

/* Han characters and English words in s. */
static void
count_units(const char *s, long *han, long *words)
{
	size_t n = strlen(s), i = 0;

	while (i < n) {
		uint32_t cp;
		int len = iv_utf8_decode(s + i, n - i, &cp);

		if (cp < 0x80 && isalnum((int)cp)) {
			(*words)++;
			while (i < n && (unsigned char)s[i] < 0x80 && (isalnum((unsigned char)s[i]) || s[i] == '\''))
				i++;
			continue;
		}
		if (iv_is_cjk(cp) && !iv_is_cjk_punct(cp))
			(*han)++;
		i += (size_t)len;
	}
}

double
iv_delivery_setting(const char *key, const char *sub, double def)
{
	jv m, v;
	double x = def;

	if (!load())
		return def;
	m = iv_jget(conf, key);
	v = iv_jget(m, sub);
	if (jv_get_kind(v) == JV_KIND_NUMBER)
		x = jv_number_value(v);
	jv_free(v);
	jv_free(m);
	return x;
}

static double
r1(double x)
{
	return round(x * 10) / 10;
}

/* [lo, hi] from conf at key (and sub-key), or the defaults. */
static void
range_of(const char *key, const char *sub, double *lo, double *hi)
{
	jv m = iv_jget(conf, key), r = sub ? iv_jget(m, sub) : jv_null();

	if (jv_get_kind(r) != JV_KIND_ARRAY && sub && strcmp(key, "pace")) {
		jv_free(r);
		r = iv_jget(m, "default");
	}
	if (jv_get_kind(r) == JV_KIND_ARRAY && jv_array_length(jv_copy(r)) == 2) {
		jv a = jv_array_get(jv_copy(r), 0), b = jv_array_get(jv_copy(r), 1);

		if (jv_get_kind(a) == JV_KIND_NUMBER && jv_get_kind(b) == JV_KIND_NUMBER) {
			*lo = jv_number_value(a);
			*hi = jv_number_value(b);
		}
		jv_free(a);
		jv_free(b);
	}
	jv_free(r);
	jv_free(m);
}

static jv
pair(double a, double b)
{
	return JV_ARRAY(jv_number(a), jv_number(b));
}

jv
iv_delivery(jv transcript, jv audio, const char *qtype)
{
	jv segs = iv_jget(transcript, "segments"), found, at = jv_array(), out;
	char *text = iv_jstrdup(transcript, "text");
	double long_s = iv_long_pause_s(), first = -1, last = -1, prev_end = -1, longest = 0;
	double speaking, minutes, wpm, plo = 110, phi = 170, tlo = 30, thi = 150, total;
	long han = 0, words = 0, units;
	int nfill = 0, nseg = 0, zh, from_audio;
	const char *pace;

	if (!load()) {
		jv_free(segs);
		jv_free(at);
		free(text);
		return jv_copy(conf);
	}
	if (jv_get_kind(segs) == JV_KIND_ARRAY) {
		jv_array_foreach(segs, i, s) {
			double st = iv_jnum(s, "start", 0), en = iv_jnum(s, "end", st);

			nseg++;
			if (first < 0 || st < first)
				first = st;
			if (en > last)
				last = en;
			if (prev_end >= 0 && st - prev_end >= long_s)
				at = jv_array_append(at, JV_OBJECT(jv_string("start"), jv_number(prev_end),
								   jv_string("end"), jv_number(st)));
			if (prev_end >= 0 && st - prev_end > longest)
				longest = st - prev_end;
			prev_end = en;
			jv_free(s);
		}
	}
	/* The fillers: per segment, so a segment's edges count as pauses. */
	found = jv_object();
	if (nseg) {
		jv_array_foreach(segs, i, s) {
			char *t = iv_jstrdup(s, "text");
			int c;
			jv f = iv_delivery_fillers(t ? t : "", &c);

			nfill += c;
			jv_object_foreach(f, k, v) {
				jv old = jv_object_get(jv_copy(found), jv_copy(k));
				double o = jv_get_kind(old) == JV_KIND_NUMBER ? jv_number_value(old) : 0;

				jv_free(old);
				found = jv_object_set(found, k, jv_number(o + jv_number_value(v)));
				jv_free(v);
			}
			jv_free(f);
			count_units(t ? t : "", &han, &words);
			free(t);
			jv_free(s);
		}
	} else {
		jv_free(found);
		found = iv_delivery_fillers(text ? text : "", &nfill);
		count_units(text ? text : "", &han, &words);
	}
	jv_free(segs);
	from_audio = jv_get_kind(audio) == JV_KIND_OBJECT && !iv_jbool(audio, "silent", 1);
	if (from_audio) {
		jv p = iv_jget(audio, "pauses");

		jv_free(at);
		at = jv_get_kind(p) == JV_KIND_ARRAY ? p : (jv_free(p), jv_array());
		longest = 0;
		jv_array_foreach(at, i, s) {
			double d = iv_jnum(s, "end", 0) - iv_jnum(s, "start", 0);

			if (d > longest)
				longest = d;
			jv_free(s);
		}
	}
	total = iv_jnum(transcript, "duration_s", 0);
	if (first >= 0 && last > first)
		speaking = last - first;
	else if (from_audio)
		speaking = iv_jnum(audio, "duration_s", 0) - iv_jnum(audio, "lead_s", 0) - iv_jnum(audio, "trail_s", 0);
	else
		speaking = total;
	if (total <= 0)
		total = last > 0 ? last : speaking;
	zh = han > words;
	units = zh ? han + words : words;
	minutes = speaking / 60;
	wpm = minutes > 0 ? units / minutes : 0;
	range_of("pace", zh ? "zh" : "en", &plo, &phi);
	range_of("target_s", qtype ? qtype : "default", &tlo, &thi);
	pace = speaking < 5 || !units ? NULL : wpm < plo ? "slow" : wpm > phi ? "fast" : "ok";
	out = JV_OBJECT(jv_string("lang"), jv_string(zh ? "zh" : "en"),
			jv_string("unit"), jv_string(zh ? "chars" : "words"),
			jv_string("units"), jv_number((double)units),
			jv_string("speaking_s"), jv_number(r1(speaking)),
			jv_string("wpm"), jv_number(r1(wpm)),
			jv_string("pace"), pace ? jv_string(pace) : jv_null(),
			jv_string("pace_range"), pair(plo, phi));
	out = jv_object_set(out, jv_string("fillers"), JV_OBJECT(
		jv_string("count"), jv_number(nfill),
		jv_string("per_min"), jv_number(minutes > 0 ? r1(nfill / minutes) : 0),
		jv_string("found"), found));
	out = jv_object_set(out, jv_string("pauses"), JV_OBJECT(
		jv_string("count"), jv_number(jv_array_length(jv_copy(at))),
		jv_string("long_s"), jv_number(long_s),
		jv_string("longest_s"), jv_number(r1(longest)),
		jv_string("source"), jv_string(from_audio ? "audio" : "segments"),
		jv_string("at"), at));
	out = jv_object_set(out, jv_string("length"), JV_OBJECT(
		jv_string("seconds"), jv_number(r1(total)),
		jv_string("target"), pair(tlo, thi),
		jv_string("verdict"), jv_string(total < tlo ? "short" : total > thi ? "long" : "ok")));
	free(text);
	return out;
}
