#!/bin/sh
# make bench: runs every t/bench/*.bench.sh in turn; each prints lines of
# "name: value unit". Benchmarks measure; tests never time anything.
set -eu
dir=$(dirname "$0")
found=0
for b in "$dir"/*.bench.sh; do
	[ -e "$b" ] || continue
	found=1
	echo "== ${b##*/}"
	sh "$b"
done
[ "$found" = 1 ] || echo "no benchmarks yet"
