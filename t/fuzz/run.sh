#!/bin/sh
# Run libFuzzer targets: sh t/fuzz/run.sh SECONDS NAME...
# Each runs SECONDS from t/fuzz/corpus/NAME (read only) into a working
# corpus in build-fuzz/corpus/NAME, with its dictionary when there is one.
# A finding leaves its input in build-fuzz/findings/NAME and fails the run.
# One line per target: its executions and run time.
set -u
cd "$(dirname "$0")/../.."
secs=$1
shift
fail=0
home=$(mktemp -d "${TMPDIR:-/tmp}/iv-fuzz-XXXXXX")
trap 'rm -rf "$home"' EXIT
for name in "$@"; do
	bin=build-fuzz/t/fuzz-$name
	seeds=t/fuzz/corpus/$name
	work=build-fuzz/corpus/$name
	found=build-fuzz/findings/$name
	mkdir -p "$work" "$found" "$home/$name"
	set -- -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -max_len=262144 \
		-close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$found/"
	[ -f "t/fuzz/$name.dict" ] && set -- "$@" -dict="t/fuzz/$name.dict"
	log=build-fuzz/fuzz-$name.log
	IV_HOME="$home/$name" ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:abort_on_error=0 \
		UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		"$bin" "$@" "$work" "$seeds" > "$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	t=$(sed -n 's/^stat::.*//; s/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
	if [ "$rc" -ne 0 ]; then
		fail=1
		echo "fuzz $name: FAILED (exit $rc) after ${execs:-?} executions; see $log and $found/" >&2
		grep -m 20 -E 'ERROR|SUMMARY|runtime error|==[0-9]+==' "$log" >&2
	else
		echo "fuzz $name: ${execs:-?} executions in ${t:-$secs} s, no finding"
	fi
done
exit $fail
