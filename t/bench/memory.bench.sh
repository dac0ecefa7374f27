#!/bin/sh
# Memory: builtin embeddings per second, iv-embed --store rows per second,
# and recall latency at 1,000, 10,000 and 100,000 memories (the exact vector
# top-10 alone, the whole hybrid recall in one process, and iv-recall as a
# command). Memories are 2-3 sentences drawn from the question bank, in
# English and Chinese, so words repeat as they do in real notes.
set -eu
bench=${IV_BUILD:-build}/bench/memory
work=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset IV_DB IV_USER IV_LANG IV_ROUNDS IV_CONFIG
share=$(iv-store path share)

# One sentence per line, from every en: and zh: string of the bank.
sed -n 's/^ *\(en\|zh\|reference\): *"\(.*\)"$/\2/p' "$share"/questions/*.yaml |
	sed 's/\([.?!。？！]\) */\1\n/g' | awk 'length > 20' > "$work/sentences"

# gen N: N memories as JSON lines, deterministic.
gen() {
	awk -v n="$1" -v seed=7 '
		{ s[NR] = $0 }
		END {
			srand(seed)
			for (i = 1; i <= n; i++) {
				t = ""
				k = 2 + int(rand() * 2)
				for (j = 0; j < k; j++)
					t = t (j ? " " : "") s[1 + int(rand() * NR)]
				gsub(/\\/, "", t); gsub(/"/, "\\\"", t)
				printf "{\"text\":\"%s (%d)\",\"importance\":%d,\"source_type\":\"%s\"}\n",
					t, i, int(rand() * 11), rand() < 0.5 ? "conversation" : "note"
			}
		}' "$work/sentences"
}

sed -n '1~37p' "$work/sentences" | head -40 > "$work/queries"
gen 10000 > "$work/10k.jsonl"
"$bench" embed "$work/10k.jsonl"

for n in 1000 10000 100000; do
	IV_HOME=$work/$n
	export IV_HOME
	iv-store init > /dev/null
	gen "$n" > "$work/in.jsonl"
	t0=$(date +%s.%N)
	iv-embed --store < "$work/in.jsonl" > /dev/null
	t1=$(date +%s.%N)
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "iv-embed --store %d: %.0f rows/s\n", n, n / (b - a) }'
	"$bench" recall "$IV_HOME/iv.db" "$work/queries"
	t0=$(date +%s.%N)
	head -10 "$work/queries" | while IFS= read -r q; do iv-recall --no-touch -k 10 "$q" > /dev/null; done
	t1=$(date +%s.%N)
	awk -v n="$n" -v a="$t0" -v b="$t1" 'BEGIN { printf "iv-recall command %d: %.1f ms per query\n", n, (b - a) * 100 }'
	rm -rf "$IV_HOME"
done
