# Usage: iv notes add FILE|-... | list [--json]
# Summary: notes of your real interviews: questions, answers, what went wrong
# Help: add    read notes of a real interview from FILE (- for stdin), in
# Help:        English or Chinese, Markdown or plain text:
# Help:          Company: ...   (公司：)      Position: ...  (职位：)
# Help:          Date: 2026-11-20  (日期：)
# Help:          Q: the question asked     (问：, or a "## heading")
# Help:          A: what you answered      (答：)
# Help:          Reflection: how it went   (反思：)
# Help:        Each question becomes a memory. A question you struggled with
# Help:        (you say so: "struggled", "didn't know", "卡住", "不会", ...;
# Help:        or the answer is missing or very short) is kept as a candidate
# Help:        for your next mock interview. The same notes twice are kept once.
# Help: list   the notes kept

iv_cmd() {
	[ $# -gt 0 ] || iv_usage_error "notes needs a command: add or list"
	sub=$1
	shift
	case $sub in
	add)
		[ $# -gt 0 ] || iv_usage_error "notes add needs a FILE or -"
		if ! [ -t 1 ]; then
			exec iv-embed --notes -- "$@"
		fi
		rc=0
		out=$(iv-embed --notes -- "$@") || rc=$?
		[ -z "$out" ] || printf '%s\n' "$out" | jq -r '
			"notes \(.id): " + ([.company, .position, .meeting_date] | map(select(.)) | join(", "))
			+ (if .already then " (already added)" else "" end)
			+ "\n  \(.questions) questions, \(.struggled) to practise again in your next mock interview"'
		return "$rc" ;;
	list)
		. "$IV_LIBEXEC/_memory.sh"
		iv_memory_list --notes "$@" ;;
	*)
		iv_usage_error "unknown notes command '$sub' (add, list)" ;;
	esac
}

iv_complete() {
	case $# in
	0) printf '%s\n' add list ;;
	esac
}
