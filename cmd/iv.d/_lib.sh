# _lib.sh — what the driver's commands share. Sourced by iv; POSIX sh.

iv_warn() {
	printf 'iv: %s\n' "$*" >&2
}

iv_die() {
	iv_warn "$@"
	exit 1
}

iv_usage_error() {
	printf 'iv: %s\n' "$*" >&2
	if [ -n "${iv_command:-}" ]; then
		printf "Try 'iv help %s' for more information.\n" "$iv_command" >&2
	else
		printf "Try 'iv --help' for more information.\n" >&2
	fi
	exit 2
}

# The command files, one name per line.
iv_command_names() {
	for f in "$IV_LIBEXEC"/*.sh; do
		f=${f##*/}
		case $f in _*) continue ;; esac
		printf '%s\n' "${f%.sh}"
	done
}

# A header field ("Usage", "Summary", "Help") of a command file.
iv_command_field() {
	sed -n "s/^# $2: \{0,1\}//p" "$IV_LIBEXEC/$1.sh"
}

iv_command_summaries() {
	iv_command_names | while read -r c; do
		printf '  %-12s %s\n' "$c" "$(iv_command_field "$c" Summary)"
	done
}

iv_command_help() {
	printf 'Usage: %s\n' "$(iv_command_field "$1" Usage)"
	iv_command_field "$1" Summary
	help=$(iv_command_field "$1" Help)
	if [ -n "$help" ]; then
		printf '\n%s\n' "$help"
	fi
}

iv_run_command() {
	name=$1
	shift
	case $name in
	*/*|_*|'') iv_command=; iv_usage_error "unknown command '$name'" ;;
	esac
	[ -f "$IV_LIBEXEC/$name.sh" ] || { iv_command=; iv_usage_error "unknown command '$name'"; }
	# Every command takes --help the same way.
	case ${1:-} in
	-h|--help) iv_command_help "$name"; exit 0 ;;
	esac
	. "$IV_LIBEXEC/$name.sh"
	iv_cmd "$@"
}

# True when standard output is a terminal and the user did not ask for JSON.
iv_want_table() {
	[ -t 1 ] && [ "${iv_json:-0}" = 0 ]
}

# Colour only on a terminal, and never with NO_COLOR.
iv_use_color() {
	[ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-dumb}" != dumb ]
}
