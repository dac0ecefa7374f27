# Usage: iv sessions [--status S] [--type mock|real] [--since DATE] [--until DATE] [--min-score X] [--limit N] [--offset N] [--json]
# Summary: list your interview sessions, oldest first
# Help: A table on a terminal; JSON lines (one session per line) when piped
# Help: or with --json. The filters are iv-store's (see iv-store(1)):
# Help:   --status S      ongoing, paused, completed or cancelled
# Help:   --type T        mock or real
# Help:   --since DATE    created on or after DATE (YYYY-MM-DD[THH:MM])
# Help:   --until DATE    created on or before DATE (a bare date: to its end)
# Help:   --min-score X   overall score at least X (0-10)
# Help:   --limit N, --offset N   one page of N sessions, after the first N

iv_sessions_opts='--status --type --since --until --min-score --limit --offset'

iv_cmd() {
	. "$IV_LIBEXEC/_store.sh"
	iv_store_list sessions "$iv_sessions_opts" "$@"
}

iv_complete() {
	. "$IV_LIBEXEC/_store.sh"
	iv_store_complete "$iv_sessions_opts" "$@"
}
