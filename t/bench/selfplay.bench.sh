#!/bin/sh
# How long a 3x5 selfplay (3 interviews of 5 questions, builtin engine,
# English) takes per persona: each persona's whole run, its store and every
# program of the loop included.
set -eu
IV_HOME=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-selfplay.XXXXXX")
export IV_HOME
trap 'rm -rf "$IV_HOME"' EXIT
unset IV_DB IV_USER IV_LANG IV_ROUNDS IV_ENGINE IV_MODEL

now() {
	date +%s.%N
}

for p in strong average weak improving bluffer; do
	start=$(now)
	iv selfplay --personas "$p" --rounds 3 --questions 5 --engine builtin --format json >"$IV_HOME/$p.json"
	end=$(now)
	turns=$(jq .answers "$IV_HOME/$p.json")
	awk -v p="$p" -v n="$turns" -v s="$start" -v e="$end" \
		'BEGIN { printf "selfplay 3x5, persona %s: %.1f s (%d answers, %.2f s per answer)\n", p, e - s, n, (e - s) / n }'
done
