#!/bin/sh
# Start-up (hyperfine medians): a process that does nothing (`PROG
# --version`: exec and dynamic linking), `iv --version` (the driver), and
# one whole iv-grade process on one ad-hoc English and one Chinese answer
# (the segmenter loaded) with where its time goes (IV_TIMING phases:
# config, bank, taxonomy, grader tables, work). The compiled bank, taxonomy
# and tables are warm, as after any first command; the first run after a
# change of the sources (compiling them) is timed once. IV_BENCH_BASE=DIR
# times DIR's programs on the same commands as the peer (e.g. a build of
# main, or of 45f7a9d from before the grader modules).
set -eu
. "$(dirname "$0")/timing.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-startup.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
IV_HOME=$tmp/home
export IV_HOME
unset IV_TIMING IV_DB IV_USER IV_LANG
printf '%s\n' '{"question_id":"python-async-001","answer":"asyncio runs an event loop on one thread; when a coroutine hits await on network I/O the loop switches to another task, so many requests wait concurrently without threads. CPU-bound work still blocks the loop."}' >"$tmp/en"
printf '%s\n' '{"question_id":"python-async-001","answer":"事件循环在单线程里调度协程，遇到 await 等待网络 I/O 时就切换到别的任务，所以适合 I/O 密集型的场景；CPU 密集的计算会阻塞事件循环。"}' >"$tmp/zh"
grade=$(command -v iv-grade)
bin=$(dirname "$grade")

# a few milliseconds each, where a busy moment moves a median of 30: 200
echo "process start (PROG --version): iv-grade $(HF_RUNS=200 HF_WARMUP=20 hf_median "$grade" --version)"
echo "process start (PROG --version): iv-ask $(HF_RUNS=200 HF_WARMUP=20 hf_median "$bin/iv-ask" --version)"
echo "iv --version: $(HF_RUNS=200 HF_WARMUP=20 hf_median "$bin/iv" --version)"

start=$(date +%s%N)
"$grade" "$tmp/zh" >/dev/null
end=$(date +%s%N)
awk -v ns="$((end - start))" 'BEGIN { printf "iv-grade, first run (compiling the bank, taxonomy and tables): %.1f ms\n", ns / 1e6 }'
for l in en zh; do
	name=English
	[ "$l" = zh ] && name=Chinese
	echo "iv-grade process, one $name answer: $(hf_median "$grade" "$tmp/$l")"
	: >"$tmp/t"
	for i in $(seq 1 21); do IV_TIMING=1 "$grade" "$tmp/$l" 2>>"$tmp/t" >/dev/null; done
	split "$tmp/t"
done
if [ -n "${IV_BENCH_BASE:-}" ]; then
	for l in en zh; do
		echo "peer $IV_BENCH_BASE/iv-grade, one $l answer: $(hf_median "$IV_BENCH_BASE/iv-grade" "$tmp/$l")"
	done
	echo "peer $IV_BENCH_BASE/iv-grade --version: $(hf_median "$IV_BENCH_BASE/iv-grade" --version)"
fi
