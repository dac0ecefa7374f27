# Usage: iv help [COMMAND]
# Summary: show help for iv or for one command

iv_cmd() {
	if [ $# -eq 0 ]; then
		iv_main_usage
		return
	fi
	[ $# -eq 1 ] || iv_usage_error "help takes one command"
	case $1 in */*|_*) iv_usage_error "unknown command '$1'" ;; esac
	[ -f "$IV_LIBEXEC/$1.sh" ] || iv_usage_error "unknown command '$1'"
	iv_command_help "$1"
}

iv_complete() {
	iv_command_names
}
