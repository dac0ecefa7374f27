# Usage: iv serve [--listen ADDR:PORT] [--token-file FILE] [--read-only] [--port-file FILE] [--quiet]
# Summary: serve your interviews over HTTP as JSON (sessions, records, reports)
# Help: The interview records service for other programs (a web front end, a
# Help: notebook, a coach's dashboard): sessions, records, reports, skills, the
# Help: plan and progress, with /openapi.json, the page /docs and /health.
# Help: It listens on 127.0.0.1:8006 unless told otherwise; any other address
# Help: needs --token-file (clients send Authorization: Bearer TOKEN).
# Help:   iv serve &
# Help:   curl -s 'http://127.0.0.1:8006/records?min_score=7&limit=10'
# Help: One access log line per request on stderr; Ctrl-C stops it.
# Help: See iv-serve(1).

iv_cmd() {
	exec iv-serve "$@"
}

iv_complete() {
	case ${1:-} in
	--listen) printf '%s\n' 127.0.0.1:8006 127.0.0.1:0 ;;
	--token-file|--port-file) ;;
	*) printf '%s\n' --listen --port-file --token-file --read-only --threads --timeout --max-body --quiet ;;
	esac
}
