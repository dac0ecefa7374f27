/* alias.h — the field's words that mean the same, in both languages:
 * share/grade/aliases.yaml's groups and every skill of the taxonomy
 * (skills.h: its name, Chinese name and aliases), loaded once per process
 * and owned by this module.
 *
 * A group is one concept ("Kubernetes": k8s, kube; "vector database":
 * vector db, vector store, 向量数据库). The grader reads an entry found in
 * a text as its group's concept, so an answer that says "k8s" covers a key
 * point that says "Kubernetes".
 */
#ifndef IV_ALIAS_H
#define IV_ALIAS_H

typedef struct {
	const char *phrase;	/* as written in the table */
	int group;		/* 0 .. iv_alias_groups() - 1 */
	int exact;		/* an abbreviation in capitals: matches only as written */
} iv_alias;

int iv_alias_count(void);
const iv_alias *iv_alias_at(int i);
int iv_alias_groups(void);
/* The group's first entry: "Kubernetes". */
const char *iv_alias_group_name(int group);

#endif
