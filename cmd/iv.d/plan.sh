# Usage: iv plan [show] [--json] | iv plan done TASK...
# Summary: your learning plan, and marking its tasks done
# Help: Every finished interview's summary makes a new plan (goals, learning
# Help: paths with resources from the question bank and tasks, milestones);
# Help: it replaces the old one, whose unfinished tasks carry over.
# Help:   iv plan             show the active plan
# Help:   iv plan done t3     mark task t3 done (also: 3, or the task's text),
# Help:                       then show the plan with its progress
# Help: The next interview leans towards the plan's topics.

iv_cmd() {
	case ${1:-show} in
	show)
		[ $# -eq 0 ] || shift
		exec iv-report plan "$@"
		;;
	done)
		shift
		[ $# -gt 0 ] || iv_usage_error "plan done needs a task (its id, such as t3)"
		for task in "$@"; do
			iv-summarize --done "$task" >/dev/null || exit
		done
		exec iv-report plan
		;;
	-*)
		exec iv-report plan "$@"
		;;
	*)
		iv_usage_error "unknown plan command '$1' (show or done)"
		;;
	esac
}

iv_complete() {
	printf '%s\n' show done --json
}
