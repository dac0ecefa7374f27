#!/bin/sh
# Run libFuzzer targets: sh t/fuzz/run.sh SECONDS NAME...
# Each runs SECONDS from t/fuzz/corpus/NAME (read only) into a working
# corpus in build-fuzz/corpus/NAME, with its dictionary when there is one.
# One line per target: its executions, run time and executions per second.
# A finding fails the run: its input is left in build-fuzz/findings/NAME,
# and it is run once more with the slow unwinder, so the report (in
# build-fuzz/fuzz-NAME.log, its head on stderr) names the frames even of
# allocations made inside libjq, which has no frame pointers; when the
# rerun finds nothing, the head of the first report is shown.
set -u
cd "$(dirname "$0")/../.."
secs=$1
shift
fail=0
home=$(mktemp -d "${TMPDIR:-/tmp}/iv-fuzz-XXXXXX")
trap 'rm -rf "$home"' EXIT
sym=$(command -v llvm-symbolizer || ls /usr/bin/llvm-symbolizer-* 2>/dev/null | tail -1)
for name in "$@"; do
	bin=build-fuzz/t/fuzz-$name
	seeds=t/fuzz/corpus/$name
	work=build-fuzz/corpus/$name
	found=build-fuzz/findings/$name
	if [ ! -x "$bin" ] || [ ! -d "$seeds" ]; then
		echo "fuzz $name: no such target (t/fuzz/fuzz-$name.c and t/fuzz/corpus/$name)" >&2
		fail=1
		continue
	fi
	mkdir -p "$work" "$found" "$home/$name"
	set -- -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -max_len=262144 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$found/"
	[ -f "t/fuzz/$name.dict" ] && set -- "$@" -dict="t/fuzz/$name.dict"
	log=build-fuzz/fuzz-$name.log
	before=$(ls "$found")
	IV_HOME="$home/$name" ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_SYMBOLIZER_PATH="$sym" \
		"$bin" "$@" "$work" "$seeds" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
	t=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
	if [ "$rc" -eq 0 ]; then
		echo "fuzz $name: ${execs:-?} executions in ${t:-$secs} s (${rate:-?}/s), no finding"
		continue
	fi
	fail=1
	new=
	for f in "$found"/*; do
		[ -f "$f" ] || continue
		case "
$before
" in *"
${f##*/}
"*) ;; *) new="$new $f" ;; esac
	done
	echo "fuzz $name: FINDING (exit $rc) after ${execs:-?} executions: input${new:- not saved}" >&2
	for f in $new; do
		echo "--- $bin $f (slow unwinder, symbolized)" >> "$log"
		IV_HOME="$home/$name" ASAN_OPTIONS=detect_leaks=1:fast_unwind_on_malloc=0:malloc_context_size=30 \
			UBSAN_OPTIONS=print_stacktrace=1 ASAN_SYMBOLIZER_PATH="$sym" \
			"$bin" "$f" >> "$log" 2>&1
	done
	# The rerun's report, or the first one when the rerun found nothing
	# (a read past the input that faults only where the allocator put it).
	{ if [ -n "$new" ] && sed -n '/^--- /,$p' "$log" | grep -q 'ERROR'; then
		sed -n '/^--- /,$p' "$log"; else sed '/^--- /,$d' "$log"; fi; } |
		grep -E 'ERROR|SUMMARY|runtime error|^ +#[0-9]+ ' |
		grep -v -E 'fuzzer::|libc_start|in _start|in main \(' | head -30 >&2
	echo "fuzz $name: the report is in $log; add the input to $seeds and a regression test, fix, rerun" >&2
done
exit $fail
