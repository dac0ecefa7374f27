# Usage: iv progress [--json] [--lang zh|en] [--unicode]
# Summary: overall and dimension scores across your completed interviews
# Help: One sparkline per score (overall, technical skills, communication,
# Help: problem solving and the grader's three dimensions) from the first
# Help: completed interview to the last, then a bar per round. Cancelled
# Help: interviews count for nothing. See iv-report(1).

iv_cmd() {
	exec iv-report progress "$@"
}

iv_complete() {
	printf '%s\n' --json --lang --unicode --format
}
