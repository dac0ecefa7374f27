# Usage: iv kb add FILE|DIR... | list [--json] | rm PATH|ID... | update SESSION... [--force] | reindex
# Summary: your knowledge base: notes and documents, memories from interviews
# Help: add       Markdown, text and PDF files, or folders of them, in chunks of
# Help:           about 800 bytes along headings and paragraphs. A file seen
# Help:           before is skipped when unchanged and chunked again when
# Help:           changed; a file gone from a folder added again is removed.
# Help: list      the documents kept
# Help: rm        remove documents (a folder: everything under it) by path or id
# Help: update    turn completed interview sessions into memories: answers that
# Help:           scored 7 or more, the summary, the skill evidence. Done once
# Help:           per session (--force: again). With knowledge.auto_update on,
# Help:           `iv sync` does this for every finished session.
# Help: reindex   embed again what was embedded by another model
# Help: See iv-embed(1) and iv-recall(1).

iv_cmd() {
	[ $# -gt 0 ] || iv_usage_error "kb needs a command: add, list, rm, update or reindex"
	sub=$1
	shift
	case $sub in
	add)
		[ $# -gt 0 ] || iv_usage_error "kb add needs a FILE or DIR"
		iv_kb_show iv-embed --docs -- "$@" ;;
	list)
		. "$IV_LIBEXEC/_memory.sh"
		iv_memory_list --docs "$@" ;;
	rm)
		[ $# -gt 0 ] || iv_usage_error "kb rm needs a PATH or ID"
		iv_kb_show iv-embed --rm-docs -- "$@" ;;
	update)
		[ $# -gt 0 ] || iv_usage_error "kb update needs a SESSION id"
		iv_kb_show iv-embed --session "$@" ;;
	reindex)
		[ $# -eq 0 ] || iv_usage_error "unexpected argument '$1'"
		iv_kb_show iv-embed --reindex ;;
	*)
		iv_usage_error "unknown kb command '$sub' (add, list, rm, update, reindex)" ;;
	esac
}

# Run an iv-embed command; on a terminal, say in words what it did.
iv_kb_show() {
	if ! [ -t 1 ]; then
		exec "$@"
	fi
	rc=0
	out=$("$@") || rc=$?
	[ -z "$out" ] || printf '%s\n' "$out" | jq -r '
		if .session_id then
			"session \(.session_id): " + (if .already then "already in the knowledge base (--force to redo)"
			else "\(.added) memories added, \(.skipped) already there" end)
		elif .status then
			"\(.status)\t\(.path)" + (if .chunks then " (\(.chunks) chunks)" else "" end)
			+ (if .error then ": \(.error)" else "" end)
		elif has("updated") then "\(.updated) memories embedded with \(.embedding_model)"
		else "removed\t\(.path) (\(.chunks) chunks)" end'
	return "$rc"
}

iv_complete() {
	case $# in
	0) printf '%s\n' add list rm update reindex ;;
	esac
}
