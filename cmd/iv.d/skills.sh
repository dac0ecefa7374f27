# Usage: iv skills [--json] [--lang zh|en] [--unicode]
# Summary: the skill tree: each skill's latest score, its change, what is due
# Help: Skills are drawn as a tree by their place in the taxonomy (ai > llm >
# Help: rag), each with its latest score as a bar and its change since the
# Help: assessment before. A skill is due for practice when it is weak (below
# Help: skills.weak_below, 6) or was last assessed skills.due_days (14) or more
# Help: days ago. Plain ASCII when piped or with NO_COLOR. See iv-report(1).

iv_cmd() {
	exec iv-report skills "$@"
}

iv_complete() {
	printf '%s\n' --json --lang --unicode --format
}
