#!/bin/sh
# make run's demo (share/samples/demo.sh) unattended, per language: its
# wall time, two interviews and all, on the programs already built.
set -eu
demo=$(cd "$(dirname "$0")/../../share/samples" && pwd)/demo.sh
home=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-demo.XXXXXX")
trap 'rm -rf "$home"' EXIT
for lang in en zh; do
	start=$(date +%s.%N)
	IV_DEMO_HOME="$home/$lang" IV_LANG=$lang sh "$demo" </dev/null >"$home/$lang.out" 2>&1 ||
		{ echo "demo $lang: failed" >&2; cat "$home/$lang.out" >&2; exit 1; }
	end=$(date +%s.%N)
	echo "$start $end" | awk -v l="$lang" '{ printf "demo %s wall time: %.1f s\n", l, $2 - $1 }'
done
