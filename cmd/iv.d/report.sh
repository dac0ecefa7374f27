# Usage: iv report [SESSION] [--format text|md|json|html] [-o FILE]
# Summary: an interview's report: scores, strengths, gaps, skills, trend and plan
# Help: Without SESSION, the latest completed interview. The text is in the
# Help: interview's language. --format html writes one self-contained page
# Help: (inline SVG charts and CSS, nothing from the network) that prints well:
# Help:   iv report --format html -o report.html
# Help: -o FILE replaces FILE whole, or leaves it alone on failure.
# Help: See iv-report(1).

iv_cmd() {
	exec iv-report session "$@"
}

iv_complete() {
	case ${1:-} in
	--format|-f) printf '%s\n' text md json html ;;
	*) printf '%s\n' --format --output --json --unicode ;;
	esac
}
