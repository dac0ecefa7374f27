#!/bin/sh
# iv-grade (builtin): grades per second in one process over the bank's
# reference answers (English and Chinese, every question), and one whole
# iv-grade process on one English and one Chinese answer (hyperfine, the
# segmenter loaded for the Chinese one). IV_BENCH_BASE=DIR times DIR's
# iv-grade on the same two answers as the peer (e.g. main's build/bin).
set -eu
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-grade.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
iv-ask --list | jq -c '{question_id: .id, answer: .reference.en}, {question_id: .id, answer: .reference.zh}' >"$tmp/all"
n=$(wc -l <"$tmp/all")
start=$(date +%s%N)
iv-grade "$tmp/all" >"$tmp/out"
end=$(date +%s%N)
[ "$(wc -l <"$tmp/out")" -eq "$n" ] || { echo "grade.bench: iv-grade graded $(wc -l <"$tmp/out") of $n" >&2; exit 1; }
awk -v n="$n" -v ns="$((end - start))" 'BEGIN { printf "grades in one process: %.0f grades/s (%d answers)\n", n / (ns / 1e9), n }'

printf '%s\n' '{"question_id":"python-async-001","answer":"asyncio runs an event loop on one thread; when a coroutine hits await on network I/O the loop switches to another task, so many requests wait concurrently without threads. CPU-bound work still blocks the loop."}' >"$tmp/en"
printf '%s\n' '{"question_id":"python-async-001","answer":"事件循环在单线程里调度协程，遇到 await 等待网络 I/O 时就切换到别的任务，所以适合 I/O 密集型的场景；CPU 密集的计算会阻塞事件循环。"}' >"$tmp/zh"
if ! command -v hyperfine >/dev/null; then
	echo "iv-grade process: hyperfine is missing (make deps)"
	exit 0
fi
time_one() {	# label, program, file
	hyperfine -N -w 3 -r 30 --export-json "$tmp/h.json" "$2 $3" >/dev/null 2>&1
	jq -r --arg l "$1" '.results[0] | "\($l): \(.mean * 1000 | . * 10 | round / 10) ms (user+sys \((.user + .system) * 1000 | . * 10 | round / 10) ms)"' "$tmp/h.json"
}
grade=$(command -v iv-grade)
time_one "iv-grade process, one English answer" "$grade" "$tmp/en"
time_one "iv-grade process, one Chinese answer" "$grade" "$tmp/zh"
if [ -n "${IV_BENCH_BASE:-}" ]; then
	time_one "peer $IV_BENCH_BASE/iv-grade, one English answer" "$IV_BENCH_BASE/iv-grade" "$tmp/en"
	time_one "peer $IV_BENCH_BASE/iv-grade, one Chinese answer" "$IV_BENCH_BASE/iv-grade" "$tmp/zh"
fi
