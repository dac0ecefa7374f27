# Usage: iv completions [COMMAND [WORDS...]]
# Summary: print the words that may follow COMMAND (for shell completion)
# Help: Without COMMAND, lists the commands. The shell completion files ask
# Help: this, so the list of commands and their options lives in one place.

iv_cmd() {
	if [ $# -eq 0 ]; then
		iv_command_names
		return
	fi
	name=$1
	shift
	case $name in */*|_*) return 0 ;; esac
	[ -f "$IV_LIBEXEC/$name.sh" ] || return 0
	. "$IV_LIBEXEC/$name.sh"
	printf '%s\n' --help
	if command -v iv_complete >/dev/null 2>&1; then
		iv_complete "$@"
	fi
}

iv_complete() {
	iv_command_names
}
