/* skills.h — the skill taxonomy (share/skills.yaml) and finding skills in
 * text.
 *
 * Every skill has a canonical name, a skill_path in the skill tree
 * ("ai/llm/rag"), a category, a Chinese name, aliases in both languages
 * and the skills it is related to: another tool for the same job (Vite
 * and Webpack), never another name for the same one.
 * Intermediate tree nodes ("ai", "ai/llm") have display names too.
 *
 * Matching is case-insensitive on word boundaries and never inside another
 * word ("Java" is not in "JavaScript", "Go" is not in "Google"); aliases of
 * one or two characters ("C", "R", "Go") must match their case exactly;
 * CJK aliases match anywhere (CJK text has no spaces), and an ASCII alias
 * next to CJK text is on a boundary ("用Python开发"). When matches overlap
 * the longest wins ("React Native" is not also "React").
 *
 * The taxonomy is loaded once per process and owned by this module.
 */
#ifndef IV_SKILLS_H
#define IV_SKILLS_H

#include <jv.h>

typedef struct {
	const char *name;	/* canonical: "PostgreSQL" */
	const char *path;	/* "data/db/postgresql" */
	const char *category;	/* "database" */
	const char *zh;		/* "PostgreSQL数据库", or the name */
	const char *const *aliases;	/* NULL-terminated */
	/* canonical names of the skills this one can partly stand in for
	 * (Vite for Webpack): NULL-terminated */
	const char *const *related;
	/* canonical names of general skills this one is a kind of, where the
	 * tree cannot say so (Celery is a task queue): NULL-terminated */
	const char *const *kind_of;
} iv_skill;

/* The taxonomy from share (or IV_SHARE); a broken file is fatal. */
int iv_skills_count(void);
const iv_skill *iv_skill_at(int i);
/* By canonical name or alias, case-insensitively; NULL when unknown. */
const iv_skill *iv_skill_find(const char *name_or_alias);
const iv_skill *iv_skill_by_path(const char *path);
/* Does either skill name the other as related? */
int iv_skills_related(const iv_skill *a, const iv_skill *b);
/* Does path lie under parent in the skill tree ("ai/llm/rag" under
 * "ai/llm"; not "ai/llmops", not "ai/llm" itself)? */
int iv_path_under(const char *path, const char *parent);
/* Is a a kind of b, by the tree (a under b) or by a's kind_of? */
int iv_skill_kind_of(const iv_skill *a, const iv_skill *b);
/* Display name of a tree node ("ai/llm" -> "LLM" / "大模型"), a skill's or a
 * category's; lang is "en" or "zh". NULL when the path is not in the tree. */
const char *iv_skill_node_name(const char *path, const char *lang);

/* Skills mentioned in text (borrowed), in order of first mention, each once:
 * a new jv array of {"name", "path", "category", "match", "start", "end"}
 * where start/end are byte offsets of the first mention and match is the
 * text as written there. */
jv iv_skills_in_text(const char *text);

#endif
