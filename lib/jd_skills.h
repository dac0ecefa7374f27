/* jd_skills.h — the skills a posting names (jd_skills.c), by the
 * taxonomy (skills.h), and the groups it offers as either-or.
 *
 * Ownership: both functions consume their arguments; every jv returned is
 * new.
 */
#ifndef IV_JD_SKILLS_H
#define IV_JD_SKILLS_H

#include <jv.h>

/* The canonical names of the skills in texts (an array of strings), in
 * order of first mention, less those in except (an array of names). */
jv iv_jd_names_in(jv texts, jv except);
/* Groups of skills the texts offer as alternatives: "FastAPI or Django",
 * "Milvus, Qdrant or pgvector", "LangChain或LlamaIndex": an array of arrays
 * of names. */
jv iv_jd_alternatives(jv texts);

#endif
