# _memory.sh — what `iv kb` and `iv notes` share. Sourced; POSIX sh.

# iv_memory_list FLAG [--json]: iv-recall's list of documents (--docs) or
# notes (--notes): a table on a terminal, JSON lines when piped or with --json.
iv_memory_list() {
	flag=$1
	shift
	iv_json=0
	case ${1:-} in
	--json) iv_json=1; shift ;;
	esac
	[ $# -eq 0 ] || iv_usage_error "unexpected argument '$1'"
	if iv_want_table; then
		exec iv-recall "$flag" --table
	fi
	exec iv-recall "$flag"
}
