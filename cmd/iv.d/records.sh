# Usage: iv records [--session ID] [--status S] [--type mock|real] [--since DATE] [--until DATE] [--min-score X] [--limit N] [--offset N] [--json]
# Summary: list the questions you answered, with scores and feedback
# Help: A table on a terminal; JSON lines (one record: a question and its
# Help: answer) when piped or with --json. The filters are iv-store's (see
# Help: iv-store(1)):
# Help:   --session ID    the records of one session
# Help:   --status S      the session is ongoing, paused, completed or cancelled
# Help:   --type T        the session is mock or real
# Help:   --since DATE    asked on or after DATE (YYYY-MM-DD[THH:MM])
# Help:   --until DATE    asked on or before DATE (a bare date: to its end)
# Help:   --min-score X   the answer scored at least X (0-10)
# Help:   --limit N, --offset N   one page of N records, after the first N

iv_records_opts='--session --status --type --since --until --min-score --limit --offset'

iv_cmd() {
	. "$IV_LIBEXEC/_store.sh"
	iv_store_list records "$iv_records_opts" "$@"
}

iv_complete() {
	. "$IV_LIBEXEC/_store.sh"
	iv_store_complete "$iv_records_opts" "$@"
}
