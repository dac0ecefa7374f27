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
 * Returns {persona, answer, covered, negated, listed (key point ids),
 * declined (the answer only says it doesn't know)}, or
 * jv_invalid_with_msg(reason). */
jv iv_persona_answer(jv profile, jv in, uint64_t seed);

/* The same answer (consumed) in the words of a model (NULL: the config's)
 * role-playing profile (borrowed) for in (borrowed): what it covers, gets
 * wrong and name-drops stays the rules'; the profile's about and style go
 * to the model as data (prompt.h), with the question and the draft. Sets
 * "model" and "fallback"; when the model can't be used, the rules' answer
 * stays, with one line on stderr. */
jv iv_persona_speak(jv profile, jv in, jv answer, const char *model);

#endif
