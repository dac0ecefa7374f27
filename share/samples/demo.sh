#!/bin/sh
# The demo behind `make run`: two short mock interviews on the builtin
# engine against the sample resume and job description, a learning-plan
# task ticked between them, then what a returning user sees (iv progress,
# iv skills, iv plan). It works in a throwaway store of its own,
# IV_DEMO_HOME (default ${TMPDIR:-/tmp}/iv-demo.UID), never the user's.
#
# With a terminal you answer yourself. Otherwise a sample candidate answers
# from answers-LANG.jsonl in its own words: by question id, "before" in the
# first interview and "after" (it has studied) in the second; for a
# follow-up, follow_ups[the key point it asks about], the same way.
# IV_LANG=zh runs the demo in Chinese with the Chinese samples.
set -eu
samples=$(cd "$(dirname "$0")" && pwd)
lang=${IV_LANG:-en}
case $lang in zh) ;; *) lang=en ;; esac
questions=3
home=${IV_DEMO_HOME:-${TMPDIR:-/tmp}/iv-demo.$(id -u)}
# Start afresh, but never remove a folder an earlier demo did not make.
if [ -e "$home" ] && [ ! -e "$home/.iv-demo" ]; then
	echo "demo: $home is not a demo store of an earlier run; not touching it (set IV_DEMO_HOME)" >&2
	exit 1
fi
rm -rf "$home"
mkdir -p "$home"
: >"$home/.iv-demo"
# Only the demo's store and the builtin engine, whatever the caller's
# environment says.
unset IV_MODEL IV_PROVIDER IV_USER IV_ROUNDS
export IV_HOME="$home" IV_ENGINE=builtin IV_LANG="$lang"

if [ "$lang" = zh ]; then
	w_you='由你来回答：每个回答写完后另起一行输入 . 结束。'
	w_pause='随时可以按 Ctrl-C（或输入 :pause）暂停，之后用下面的命令回来接着答：'
	w_paused='面试已暂停，之后用下面的命令回来接着答：'
	w_between='两次面试之间：照学习计划学了一项，把它勾掉'
	w_done='演示结束。演示用的数据在'
	w_report='（完整的报告：iv report；学习计划：iv plan）'
else
	w_you='You answer: end each answer with a line holding only ".".'
	w_pause='Press Ctrl-C (or type :pause) at any time to pause; come back with:'
	w_paused='The interview is paused; come back to it with:'
	w_between='Between the interviews: one task of the learning plan studied and ticked'
	w_done='End of the demo. Its store is in'
	w_report='(The whole report: iv report; the plan: iv plan)'
fi
resume_cmd="IV_HOME=$home PATH=$(dirname "$(command -v iv)"):\$PATH iv interview --continue"

step() {
	printf '\n== %s\n' "$*"
}

step "iv init   ($IV_HOME)"
iv init >/dev/null
step "iv resume add resume-$lang.md; iv jd add jd-$lang.txt"
iv resume add "$samples/resume-$lang.md" >/dev/null
iv jd add "$samples/jd-$lang.txt" >/dev/null

# Shows the interview's output, its report cut to the parts a short demo
# needs: up to the grades in full, then of the report only the weaknesses
# and, from the second interview on, the comparison with last time (iv
# report shows it all).
show() {
	mode=talk para='' session=$1
	while IFS= read -r line; do
		case $mode in
		talk)
			printf '%s\n' "$line"
			case $line in '── Grades '*|'── 成绩 '*) mode=grades ;; esac
			case $line in '── '*[0-9]/[0-9]*' · '*) candidate_answers "$1" "$2" ;; esac ;;
		grades)
			printf '%s\n' "$line"
			[ -n "$line" ] || mode=report ;;
		report)
			if [ -n "$line" ]; then
				para="$para$line
"
				continue
			fi
			show_paragraph
			para= ;;
		esac
	done
	show_paragraph
}

show_paragraph() {
	case $para in
	Weaknesses*|待提升*|Session*|会话*) printf '%s\n' "$para" ;;
	'Since last time'*|与上次相比*) [ "$session" = 1 ] || printf '%s\n' "$para" ;;
	esac
}

# The sample candidate, called at each question's header line (the
# question is in the store by then) with the session and "before" or
# "after": writes its answer into the interview's input. It answers only
# while the interview's output goes on, that is until the interview ends
# or the driver exits for any reason.
candidate_answers() {
	# the question just asked: the session's last interviewer turn
	iv-store turns list --session "$1" |
		jq -rs --slurpfile a "$samples/answers-$lang.jsonl" --arg when "$2" --arg lang "$lang" '
		(map(select(.role == "interviewer")) | last | .metadata) as $q
		| ($a | map(select(.question_id == $q.question_id)) | .[0]) as $mine
		| (if $q.follow_up then $mine.follow_ups[$q.key_point // ""] else $mine end)
		| if type == "object" then .[$when] // .after else . end
		| (. // (if $lang == "zh" then "这个我没有把握，得回去查一查再说。"
			else "I am not sure about this one; I would have to read up on it." end)) + "\n."' >&4
}

# One interview; its exit status is the driver's.
interview() {
	step "iv interview --rounds $questions   (interview #$1)"
	if [ "$interactive" = 1 ]; then
		iv interview --rounds "$questions" --lang "$lang" || return
		if iv-ask --unfinished >/dev/null 2>&1; then
			printf '\n%s\n    %s\n' "$w_paused" "$resume_cmd"
			exit 0
		fi
		# cancelled (:quit): nothing more to show
		[ "$(iv-store sessions list --status completed | wc -l)" -ge "$1" ] || exit 0
		return 0
	fi
	rm -f "$dir/status"
	{
		iv interview --rounds "$questions" --lang "$lang" --answers "$dir/answers" 2>&1 </dev/null
		echo $? >"$dir/status"
	} | {
		# Read-write, so the open never waits for the driver (Linux FIFOs).
		exec 4<>"$dir/answers"
		# the demo's store is new: interview N is session N
		show "$1" "$2"
	}
	printf '%s\n' "$w_report"
	return "$(cat "$dir/status" 2>/dev/null || echo 1)"
}

if [ -t 0 ]; then
	interactive=1
	trap 'printf "\n%s\n    %s\n" "$w_paused" "$resume_cmd"; exit 130' INT
	printf '\n%s\n%s\n    %s\n' "$w_you" "$w_pause" "$resume_cmd"
else
	interactive=0
	dir=$(mktemp -d "${TMPDIR:-/tmp}/iv-demo-answers.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
	trap 'exit 130' INT TERM HUP
	mkfifo "$dir/answers"
fi

interview 1 before

step "$w_between: iv plan done t1"
# shellcheck disable=SC1010
iv plan done t1 | awk 'NR <= 2 || /\[x\]/'

interview 2 after

step "iv progress"
iv progress
step "iv skills"
iv skills
step "iv plan"
# its head and first learning path
iv plan | awk '/^  \[/ && ++paths > 1 && !cut { cut = 1; print "  ..." } !cut'
printf '\n%s %s\n' "$w_done" "$IV_HOME"
