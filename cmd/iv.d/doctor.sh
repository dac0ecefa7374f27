# Usage: iv doctor
# Summary: check the store, the config, pdftotext and the LLM endpoint
# Help: Prints one line per check. Exits 1 when anything is wrong, with one
# Help: line on stderr per problem.

iv_cmd() {
	[ $# -eq 0 ] || iv_usage_error "doctor takes no arguments"
	problems=0
	iv-store check || problems=$((problems + 1))
	if command -v pdftotext >/dev/null 2>&1; then
		printf 'ok pdftotext %s\n' "$(command -v pdftotext)"
	else
		iv_warn "pdftotext not found: PDF resumes can't be read (install poppler-utils)"
		problems=$((problems + 1))
	fi
	# The LLM, when one is configured: reachable, and the model answers.
	if llm=$(iv-llm ping --if-configured); then
		[ -z "$llm" ] || printf 'ok llm %s\n' "$llm"
	else
		problems=$((problems + 1))
	fi
	[ "$problems" -eq 0 ] || exit 1
}
