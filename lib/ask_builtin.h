/* ask_builtin.h — the builtin engine's steps (ask_builtin.c), offline and
 * deterministic: choose picks the next question from the bank (the JD's
 * skills, weak scores, the plan's focus, follow-ups on missed key points,
 * difficulty by score and round); word writes it as the interviewer says
 * it. ask.c puts them in the engine table as "builtin".
 *
 * Ownership: env, ctx and choice are borrowed; every jv returned is new.
 */
#ifndef IV_ASK_BUILTIN_H
#define IV_ASK_BUILTIN_H

#include <jv.h>

#include "ask_engine.h"

jv choose_builtin(const iv_ask_env *env, jv ctx);
jv word_builtin(const iv_ask_env *env, jv ctx, jv choice);

#endif
