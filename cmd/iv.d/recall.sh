# Usage: iv recall [-k N] [--collection C] [--source-type T] [--min-importance X] [--since DATE] [--json] QUERY...
# Summary: search your memories, interview notes and documents
# Help: Finds what you said, were told and wrote about QUERY, in Chinese or
# Help: English: graded answers, session summaries, skill evidence, notes of
# Help: real interviews (iv notes) and your documents (iv kb). A table on a
# Help: terminal; JSON lines (see iv-recall(1)) when piped or with --json.
# Help:   -k N                 how many (default 5)
# Help:   --collection C       user_memories or general_knowledge
# Help:   --source-type T      conversation, summary, skill, meeting, document, note
# Help:   --min-importance X   at least this important (0-10)
# Help:   --since DATE         from DATE on (YYYY-MM-DD)

iv_cmd() {
	iv_json=0
	n=$#
	while [ "$n" -gt 0 ]; do
		a=$1
		shift
		n=$((n - 1))
		case $a in
		--json) iv_json=1 ;;
		*) set -- "$@" "$a" ;;
		esac
	done
	[ $# -gt 0 ] || iv_usage_error "no query given"
	if iv_want_table; then
		exec iv-recall --table "$@"
	fi
	exec iv-recall "$@"
}

iv_complete() {
	last=
	for last do :; done
	case $last in
	--collection) printf '%s\n' user_memories general_knowledge ;;
	--source-type) printf '%s\n' conversation summary skill meeting document note ;;
	*) printf '%s\n' -k --collection --source-type --min-importance --since --json ;;
	esac
}
