/* delivery.h — how an answer was spoken: pace, filler words, long pauses
 * and length, from its transcript's segments and (when there is one) the
 * recording itself. The lists and ranges are in share/delivery.yaml (a
 * copy in the config directory wins).
 *
 * The delivery object:
 *   {"lang", "unit": "words" | "chars", "units", "speaking_s",
 *    "wpm" (units per minute of speaking), "pace": "slow" | "ok" | "fast"
 *    | null (too short to say), "pace_range": [lo, hi],
 *    "fillers": {"count", "per_min", "found": {"um": 2, ...}},
 *    "pauses": {"count", "long_s", "longest_s", "source": "audio" |
 *               "segments", "at": [{"start", "end"}]},
 *    "length": {"seconds", "target": [lo, hi], "verdict": "short" | "ok" |
 *               "long"}}
 * Chinese is counted by characters (an English word among them counts as
 * one); the transcript is Chinese when it has more Han characters than
 * English words.
 */
#ifndef IV_DELIVERY_H
#define IV_DELIVERY_H

#include <jv.h>

/* transcript (borrowed): {text, lang?, duration_s?, segments: [{start, end,
 * text}]}; audio (borrowed): iv_audio_voiced()'s object, or jv_null();
 * qtype: the question's type for the length target (NULL: default).
 * Returns a new delivery object, or jv_invalid_with_msg when
 * share/delivery.yaml can't be read. */
jv iv_delivery(jv transcript, jv audio, const char *qtype);

/* The fillers in text (a new object {"word": count, ...}) and their
 * total in *count. */
jv iv_delivery_fillers(const char *text, int *count);

/* A number from share/delivery.yaml at key.sub (weak.fillers_per_min),
 * or def when it is not there. */
double iv_delivery_setting(const char *key, const char *sub, double def);

#endif
