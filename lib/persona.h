/* persona.h — simulated candidates for `iv selfplay`: a profile (YAML under
 * share/personas/ or the config dir's personas/) and the rules that turn a
 * question and its key points into an answer, deterministic given a seed.
 */
#ifndef IV_PERSONA_H
#define IV_PERSONA_H
#include <stdint.h>
#include <jv.h>

/* The profile NAME (CONFIG_DIR/personas/NAME.yaml, else share's) or the file
 * NAME when it holds a '/' or ends in .yaml. Checked and completed with the
 * defaults; an error is jv_invalid_with_msg(reason). */
jv iv_persona_load(const char *name);

/* Every profile found, user's first (a user's file hides share's of the same
 * name): an array of {name, about, path}. */
jv iv_persona_list(void);

/* The answer of profile (borrowed) to in (consumed):
 *   {question: iv-ask's question line, key_points: [{id, text, terms}],
 *    round: the interview's number (1, 2, ...),
 *    studied_topics: [topic...], studied_points: [key point text...]}
 * Returns {persona, answer, covered, negated, listed} (key point ids), or
 * jv_invalid_with_msg(reason). */
jv iv_persona_answer(jv profile, jv in, uint64_t seed);

#endif
