# Usage: iv jd add FILE|- [--json] | list [--json] | show [ID] [--json] | default ID
# Summary: keep a job description and make it the one to match and practise for
# Help: add FILE|-    parse a job description (text, Markdown, PDF or DOCX,
# Help:               Chinese or English; - reads standard input), keep it and
# Help:               make it the default; the same text twice is kept once
# Help: list          the job descriptions kept, newest first
# Help: show [ID]     one as it was read (default: the default one)
# Help: default ID    make job description ID the default
# Help: A summary on a terminal; JSON when piped or with --json.
# Help: See iv-parse-jd(1).

iv_cmd() {
	[ $# -gt 0 ] || iv_usage_error "jd needs a command: add, list, show or default"
	sub=$1
	shift
	iv_json=0
	for a do
		shift
		case $a in
		--json) iv_json=1 ;;
		*) set -- "$@" "$a" ;;
		esac
	done
	case $sub in
	add)
		[ $# -eq 1 ] || iv_usage_error "jd add needs one FILE (or - for standard input)"
		case $1 in -?*) iv_usage_error "unknown option '$1'" ;; esac
		out=$(iv-parse-jd --store -- "$1") || exit 1
		iv_jd_show "$out" ;;
	list)
		[ $# -eq 0 ] || iv_usage_error "unexpected argument '$1'"
		if iv_want_table; then
			exec iv-store jds list --table
		fi
		exec iv-store jds list ;;
	show)
		[ $# -le 1 ] || iv_usage_error "jd show takes one ID"
		row=$(iv-store jds show "$@") || exit 1
		iv_jd_show "$(printf '%s\n' "$row" | jq -c '.parsed_data + {id, is_default: (.is_default == 1)}')" ;;
	default)
		[ $# -eq 1 ] || iv_usage_error "jd default needs one ID"
		out=$(iv-parse-jd --set-default "$1") || exit 1
		iv_jd_show "$out" ;;
	*)
		iv_usage_error "unknown jd command '$sub' (add, list, show, default)" ;;
	esac
}

# A job description object as JSON, or in a few lines on a terminal.
iv_jd_show() {
	if ! iv_want_table; then
		printf '%s\n' "$1"
		return
	fi
	printf '%s\n' "$1" | jq -r '
		def line($xs): $xs | map(select(. != null and . != "")) | join(" · ");
		"job description \(.id)" + (if .is_default then " · default" else "" end)
			+ (if .existing then " · already kept" else "" end),
		line([.title, .company,
			(.location | if type == "object" then .address // .city else . end),
			({Full: "remote", Hybrid: "hybrid", None: "on-site"}[.remote // ""]),
			.type, .salary, .experience]),
		"required: " + (.required_skills | join(", ")),
		(if (.preferred_skills | length) > 0 then "preferred: " + (.preferred_skills | join(", ")) else empty end),
		(if .min_years or .degree then
			line([(if .min_years then "\(.min_years)+ years" else null end), .degree]) else empty end)'
}

iv_complete() {
	case $# in
	0) printf '%s\n' add list show default ;;
	*) case $1 in
		add|list|show) printf '%s\n' --json ;;
		esac ;;
	esac
}
