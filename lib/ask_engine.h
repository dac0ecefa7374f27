/* ask_engine.h — what an engine of the decision agent is (ask.h for the
 * agent, the engine table and the steps' contract). Types only, so that
 * engines (ask_builtin.c, ask_llm.c) and the agent depend on it and not
 * on each other.
 */
#ifndef IV_ASK_ENGINE_H
#define IV_ASK_ENGINE_H

#include <sqlite3.h>
#include <jv.h>

/* What an engine's steps may use beside the context: the store (an LLM
 * engine's context layers and reply cache), the user, and whether the
 * step writes (the memories recalled for it then count as accessed). */
typedef struct {
	sqlite3 *db;
	long long user_id;
	int store;
} iv_ask_env;

/* The engine's steps; env, ctx and choice are borrowed.
 * choose: {type:"done", reason} or {type:"question", question_id, topic,
 *	skill_path, difficulty, round, follow_up, key_point?, parent_turn?,
 *	key_points, reason, reason_codes, revisit?}
 * word: the question's text for this person: a jv string, or an object
 *	{"text", "metadata"} whose metadata is added to the turn's (the LLM
 *	engine's model, usage and fallback: agent.h's iv_agent_note). */
typedef struct {
	const char *name;
	jv (*choose)(const iv_ask_env *env, jv ctx);
	jv (*word)(const iv_ask_env *env, jv ctx, jv choice);
} iv_ask_engine;

#endif
