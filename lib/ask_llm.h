/* ask_llm.h — the decision agent's LLM engine, for programs to offer
 * (ask.h: iv_ask_engine_add).
 */
#ifndef IV_ASK_LLM_H
#define IV_ASK_LLM_H

#include "ask.h"

/* The builtin engine's choice (a question of the bank, so its key points
 * grade the answer), worded by the session's model from the layered
 * context, streamed to stderr with iv_agent.stream. An unusable reply
 * keeps the builtin wording. */
const iv_ask_engine *iv_ask_engine_llm(void);

#endif
