#!/bin/sh
# make eval: every t/eval/*.eval.sh in turn. Each scores one judgment of the
# coach (the grader, the resume parser, ...) on its hand-written dev set and
# prints its held-out figures. A failing script fails the run.
set -eu
cd "$(dirname "$0")"
status=0
for e in *.eval.sh; do
	[ -e "$e" ] || continue
	echo "== ${e%.eval.sh}"
	sh "$e" || status=1
	echo
done
exit $status
