#!/bin/sh
# The demo behind `make run`: a real mock interview on the builtin engine,
# in a throwaway store of its own (never the user's real one).
#
# With a terminal you answer yourself. Otherwise a sample candidate answers
# from answers-LANG.jsonl (by question id; for a question it has no answer
# to, the first sentences of the bank's reference answer), so the demo runs
# unattended. IV_LANG=zh runs it in Chinese with the Chinese samples.
set -eu
: "${IV_HOME:=${TMPDIR:-/tmp}/iv-demo.$(id -u)}"
export IV_HOME
rm -rf "$IV_HOME"
samples=$(cd "$(dirname "$0")" && pwd)
lang=${IV_LANG:-en}
case $lang in zh) ;; *) lang=en ;; esac

echo "== iv init (a demo store in $IV_HOME)"
iv init
# The sample resume and job description, when iv can read them.
if iv commands | grep -qx resume && [ -f "$samples/resume-$lang.md" ]; then
	echo
	echo "== iv resume add resume-$lang.md"
	iv resume add "$samples/resume-$lang.md" >/dev/null && echo "added"
fi
if iv commands | grep -qx jd && [ -f "$samples/jd-$lang.txt" ]; then
	echo
	echo "== iv jd add jd-$lang.txt"
	iv jd add "$samples/jd-$lang.txt" >/dev/null && echo "added"
fi
echo
echo "== iv interview --rounds 3 --lang $lang"

if [ -t 0 ]; then
	exec iv interview --rounds 3 --lang "$lang"
fi

# The sample candidate: watches the store for the question waiting for an
# answer and writes its answer into the interview's input.
dir=$(mktemp -d "${TMPDIR:-/tmp}/iv-demo-answers.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkfifo "$dir/answers"
candidate() {
	exec 4>"$dir/answers"
	last=
	tries=0
	while [ "$tries" -lt 600 ]; do
		tries=$((tries + 1))
		s=$(iv-ask --unfinished 2>/dev/null | jq -r .session) || break
		q=$(iv-ask --session "$s" 2>/dev/null) || { sleep 0.1; continue; }
		turn=$(printf '%s\n' "$q" | jq -r 'select(.reused) | .turn_id')
		if [ -z "$turn" ] || [ "$turn" = "$last" ]; then
			sleep 0.1
			continue
		fi
		last=$turn
		qid=$(printf '%s\n' "$q" | jq -r .question_id)
		if [ "$(printf '%s\n' "$q" | jq -r .follow_up)" = true ]; then
			# the point the follow-up is about
			answer=$(printf '%s\n' "$q" | jq -r --arg l "$lang" \
				'(if $l == "zh" then "我的理解是：" else "The way I see it: " end) + .hints[0]')
		else
			answer=$(jq -r --arg q "$qid" 'select(.question_id == $q) | .answer' "$samples/answers-$lang.jsonl")
			[ -n "$answer" ] || answer=$(iv-ask --list 2>/dev/null | jq -r --arg q "$qid" --arg l "$lang" \
				'select(.id == $q) | .reference[$l] | [splits("(?<=\\.)\\s+|(?<=。)")] | .[0:2] | join(" ")')
		fi
		printf '%s\n.\n' "$answer" >&4
	done
}
candidate &
iv interview --rounds 3 --lang "$lang" --answers "$dir/answers"
wait
