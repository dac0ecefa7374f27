#!/bin/sh
# make bench: runs every t/bench/*.bench.sh in turn; each prints lines of
# "name: value unit". Benchmarks measure; tests never time anything.
# Those that time a few milliseconds (start-up, one grade, a turn) run
# first, before the heavy ones (a million vectors, serve's load test) have
# worked the machine: on the development VM a process's start-up was
# 30-40% slower for minutes after them.
set -eu
dir=$(dirname "$0")
found=0
done=
for b in "$dir"/startup.bench.sh "$dir"/grade.bench.sh "$dir"/interview.bench.sh "$dir"/*.bench.sh; do
	[ -e "$b" ] || continue
	case " $done " in *" $b "*) continue ;; esac
	done="$done $b"
	found=1
	echo "== ${b##*/}"
	sh "$b"
done
[ "$found" = 1 ] || echo "no benchmarks yet"
