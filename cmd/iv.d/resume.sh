# Usage: iv resume add FILE [--default] [--json] | list [--json] | show [ID] [--json] | default ID
# Summary: keep your resume (PDF, DOCX, Markdown, text, JSON Resume) and pick the default
# Help: add FILE     parse FILE and keep it as your next version; the same file
# Help:              twice is kept once. Your first resume is the default;
# Help:              --default makes this one the default.
# Help: list         the resumes kept, newest first
# Help: show [ID]    a resume as it was read (default: the default one)
# Help: default ID   make resume ID the one `iv match` and `iv interview` use
# Help: A summary on a terminal; JSON when piped or with --json.
# Help: See iv-parse-resume(1).

iv_cmd() {
	[ $# -gt 0 ] || iv_usage_error "resume needs a command: add, list, show or default"
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
		def=
		for a do
			shift
			case $a in
			--default) def=--default ;;
			-*) iv_usage_error "unknown option '$a'" ;;
			*) set -- "$@" "$a" ;;
			esac
		done
		[ $# -eq 1 ] || iv_usage_error "resume add needs one FILE"
		out=$(iv-parse-resume --store $def -- "$1") || exit 1
		iv_resume_show "$out" ;;
	list)
		[ $# -eq 0 ] || iv_usage_error "unexpected argument '$1'"
		if iv_want_table; then
			exec iv-store resumes list --table
		fi
		exec iv-store resumes list ;;
	show)
		[ $# -le 1 ] || iv_usage_error "resume show takes one ID"
		row=$(iv-store resumes show "$@") || exit 1
		iv_resume_show "$(printf '%s\n' "$row" |
			jq -c '.parsed_data + {id, version, is_default: (.is_default == 1)}')" ;;
	default)
		[ $# -eq 1 ] || iv_usage_error "resume default needs one ID"
		out=$(iv-parse-resume --set-default "$1") || exit 1
		iv_resume_show "$out" ;;
	*)
		iv_usage_error "unknown resume command '$sub' (add, list, show, default)" ;;
	esac
}

# A resume object as JSON, or in a few lines on a terminal.
iv_resume_show() {
	if ! iv_want_table; then
		printf '%s\n' "$1"
		return
	fi
	printf '%s\n' "$1" | jq -r '
		def dates: [.startDate, .endDate] | map(select(.)) | join(" - ");
		def line($xs): $xs | map(select(. != null and . != "")) | join(" · ");
		"resume \(.id) · version \(.version)" + (if .is_default then " · default" else "" end)
			+ (if .existing then " · already kept" else "" end),
		line([.basics.name, .basics.label]),
		line([.basics.email, .basics.phone, .basics.location.city]),
		(if (.work | length) > 0 then "work:" else empty end),
		# The latest job without an endDate is the current one.
		(.work | (map(.startDate // "") | max) as $latest | .[] | "  " + line([.position, .name,
			if .startDate and .endDate == null and .startDate == $latest
			then .startDate + " - present" else dates end])),
		(if (.education | length) > 0 then "education:" else empty end),
		(.education[] | "  " + line([.studyType, .area, .institution, dates])),
		(if (.projects | length) > 0 then "projects:" else empty end),
		(.projects[] | "  " + line([.name, dates])),
		"skills (\(.extracted_skills | length)): " + (.extracted_skills | join(", "))'
}

iv_complete() {
	case $# in
	0) printf '%s\n' add list show default ;;
	*) case $1 in
		add) printf '%s\n' --default --json ;;
		list|show) printf '%s\n' --json ;;
		esac ;;
	esac
}
