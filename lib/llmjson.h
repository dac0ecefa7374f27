/* llmjson.h — making a model's reply into the JSON a program expects.
 *
 * Models wrap JSON in prose, code fences and <think> blocks. Repair goes in
 * stages: drop <think>...</think> (and everything before a lone </think>),
 * parse the whole text strictly, then the inside of the first ``` fence,
 * then the first balanced {...} object (aware of strings and escapes).
 *
 * The schema checker knows the subset of JSON Schema iv's programs use:
 * type (a name or a list of names; "integer" is a whole number), enum,
 * properties, required, additionalProperties (false only), items,
 * minimum, maximum, minItems, maxItems, minLength. Other keywords are
 * ignored.
 */
#ifndef IV_LLMJSON_H
#define IV_LLMJSON_H

#include <jv.h>

/* text without its <think> blocks and surrounding blank space; a
 * malloc'd string. An unclosed <think> drops everything after it. */
char *iv_llm_strip_think(const char *text);

/* The JSON value in a reply (text as the model wrote it). Returns the value
 * (new), or jv_invalid_with_msg("the reply is not JSON: ...") naming the
 * start of the text. *stage (may be NULL) is set to the stage that worked:
 * "strict", "fence" or "object". */
jv iv_llm_repair(const char *text, const char **stage);

/* Check value against schema (both borrowed). Returns NULL when it fits,
 * else a malloc'd reason naming the place: "$.scores[1]: expected a number,
 * got string", "$: missing field 'feedback'". */
char *iv_llm_schema_check(jv value, jv schema);

#endif
