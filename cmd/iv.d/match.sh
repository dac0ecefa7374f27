# Usage: iv match [--resume ID] [--jd ID] [--json]
# Summary: how well your resume fits the job description, and what to add
# Help: Compares the default resume with the default job description (or the
# Help: ones given by id) and keeps the result with the job description. On a
# Help: terminal a report: the score and how it is made up, the skills matched
# Help: with the resume line that shows each, the missing ones, suggestions.
# Help: JSON when piped or with --json. See iv-match(1).

iv_cmd() {
	iv_json=0
	resume=default
	jd=
	while [ $# -gt 0 ]; do
		case $1 in
		--json) iv_json=1; shift ;;
		--resume|--jd)
			[ $# -ge 2 ] || iv_usage_error "option '$1' needs an id"
			case $2 in *[!0-9]*|'') iv_usage_error "option '$1' needs an id, not '$2'" ;; esac
			if [ "$1" = --resume ]; then resume=$2; else jd=$2; fi
			shift 2 ;;
		*) iv_usage_error "unexpected argument '$1'" ;;
		esac
	done
	set -- --store --resume "$resume"
	if [ -n "$jd" ]; then
		set -- "$@" --jd-id "$jd"
	fi
	if iv_want_table; then
		set -- "$@" --text
	fi
	exec iv-match "$@" </dev/null
}

iv_complete() {
	printf '%s\n' --resume --jd --json
}
