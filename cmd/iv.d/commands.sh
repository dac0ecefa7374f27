# Usage: iv commands
# Summary: list the commands, one per line (for completion and scripts)

iv_cmd() {
	[ $# -eq 0 ] || iv_usage_error "commands takes no arguments"
	iv_command_names
}
