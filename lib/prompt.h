/* prompt.h — prompt templates, untrusted text as data, a token estimate,
 * and layered context under a token budget.
 *
 * A template is share/prompts/NAME.txt, or CONFIG_DIR/prompts/NAME.txt when
 * the user has one (paths.h: iv_user_or_share_file). Its text after a line
 * "[system]" and up to a line "[user]" is the system message, the rest the
 * user message; without "[user]" the whole text is one user message. Lines
 * starting with "#" before the first section are comments. Placeholders:
 *
 *   {{name}}       vars.name: a string as it is, null as nothing, anything
 *                  else as compact JSON. For trusted text only.
 *   {{data:name}}  vars.name wrapped as a data block (iv_prompt_data): for
 *                  anything the user wrote (resume, JD, answers, notes).
 *   {{data_rule}}  the sentence telling the model that data blocks are data.
 *   {{context}}    the layered context, as a data block named "context".
 *
 * A placeholder without a value is an error, so a typo in a user's template
 * shows. Tokens are estimated, not counted: a CJK character is one token,
 * other text four bytes to a token, rounded up, and each message costs four
 * more.
 */
#ifndef IV_PROMPT_H
#define IV_PROMPT_H

#include <stddef.h>
#include <jv.h>

/* The default, and the most a prompt may take (config llm.budget lowers it). */
#define IV_PROMPT_BUDGET 3000

size_t iv_token_estimate(const char *s, size_t n);
/* Tokens of a messages array (borrowed): contents plus four per message. */
size_t iv_token_estimate_messages(jv messages);
/* Byte length of the longest prefix of s (n bytes) that fits in max
 * tokens, ending on a whole character. */
size_t iv_token_prefix(const char *s, size_t n, size_t max);

extern const char iv_prompt_data_rule[];
/* text as a data block: "<data name=\"NAME\">\nTEXT\n</data>", with any
 * "<data" or "</data" inside TEXT (any case) made harmless ("&lt;data").
 * Returns a malloc'd string. */
char *iv_prompt_data(const char *name, const char *text);

/* The template's text (malloc'd), or NULL with a malloc'd reason in *err. */
char *iv_prompt_load(const char *name, char **err);

/* The context layers, each borrowed and each optional: leave a layer
 * zeroed (iv_layers l = { 0 }) or jv_null() when there is none.
 *   turns      the current session's turns, oldest first: {role, content,
 *              score?} objects or strings; the last 20 are used
 *   plan       the active learning plan: a learning_plans row, its
 *              plan_data, or a string
 *   summaries  completed sessions, newest first: interview_sessions rows
 *              (with summary), summary objects or strings; the first three
 *              are used, each compressed to one or two sentences
 *   memories   recalled memories, best first: strings or {content}
 *   skills     skills, best first: strings or {skill_name or name, score,
 *              score_change?}; the first five are used
 * When the layers do not fit, they are cut in this order until they do:
 * memories (the last first), skills, summaries (the oldest first), the
 * plan, then turns (the oldest first); an item much larger than what must
 * go is shortened rather than dropped. */
typedef struct {
	jv turns, plan, summaries, memories, skills;
} iv_layers;

/* The layers as text in at most budget tokens (malloc'd); *info (may be
 * NULL) receives a new object counting what was kept per layer. */
char *iv_context_text(const iv_layers *l, size_t budget, jv *info);

/* One or two sentences about a completed session (a row with a summary, a
 * summary object or a string; borrowed). Returns a malloc'd string. */
char *iv_summary_brief(jv s);

/* Template NAME filled from vars (borrowed object) and the layers (may be
 * NULL), all in at most budget tokens (0: the config's llm.budget, else
 * IV_PROMPT_BUDGET; never more than IV_PROMPT_BUDGET). When the fixed part
 * is too long, the longest {{data:...}} values are shortened first. Returns
 * the messages array ([{role: system, content}, {role: user, content}]) or
 * jv_invalid_with_msg(reason); *info (may be NULL) receives
 * {"template", "tokens", "budget", "layers": {...}, "shortened": [names]}. */
jv iv_prompt_build(const char *name, jv vars, const iv_layers *l, size_t budget, jv *info);

/* The same with the template's text given (for tests and --template). */
jv iv_prompt_build_text(const char *text, const char *name, jv vars,
			const iv_layers *l, size_t budget, jv *info);

#endif
