#!/bin/sh
# Memory: builtin embeddings per second, iv-embed --store rows per second,
# and recall latency at 1,000, 10,000 and 100,000 memories (the exact vector
# top-10 alone, the whole hybrid recall in one process with the split of its
# time, and iv-recall as a command with its start-up alone beside it and
# the split of one command's time);
# then the exact vector top-10 and peak memory at 1,000,000, and the same
# search by sqlite-vec, a peer, on the same vectors in the same run.
# Memories are 2-3 sentences drawn from the question bank, in English and
# Chinese, so words repeat as they do in real notes. Everything is written
# under $TMPDIR (the million takes some 4 GB for a while).
# IV_BENCH_1M=0 leaves out the million.
set -eu
. "$(dirname "$0")/timing.sh"
bench=${IV_BUILD:-build}/bench/memory
work=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-memory.XXXXXX")
trap 'rm -rf "$work"' EXIT
unset IV_DB IV_USER IV_LANG IV_ROUNDS IV_CONFIG
share=$(iv-store path share)
vec0=$(cd "$(dirname "$0")/../.." && pwd)/.ci/node/node_modules/sqlite-vec-linux-x64/vec0.so
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

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

# median of the numbers on stdin
median() {
	sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

# peer DB: sqlite-vec's exact top-10 (vec0, cosine) over DB's vectors, the
# same queries, timed by sqlite3 itself: "WALL CPU", the medians in ms of
# the wall clock and of user + system time.
peer() {
	{
		echo ".load $vec0"
		echo "ATTACH '$1' AS s;"
		echo "CREATE VIRTUAL TABLE v USING vec0(embedding float[384] distance_metric=cosine);"
		echo "INSERT INTO v(rowid, embedding) SELECT id, embedding FROM s.knowledge WHERE embedding_dim = 384;"
		echo ".timer on"
		while IFS= read -r q; do
			echo "SELECT count(*) FROM (SELECT rowid FROM v WHERE embedding MATCH '$q' AND k = 10);"
		done < "$work/qvec"
	} | sqlite3 "$work/peer.db" |
		sed -n 's/^Run Time: real \([0-9.]*\) user \([0-9.]*\) sys \([0-9.]*\).*/\1 \2 \3/p' > "$work/peer.times"
	rm -f "$work/peer.db"
	wall=$(awk '{ print $1 * 1000 }' "$work/peer.times" | median)
	cpu=$(awk '{ print ($2 + $3) * 1000 }' "$work/peer.times" | median)
	echo "$wall $cpu"
}

sed -n '1~37p' "$work/sentences" | head -40 > "$work/queries"
"$bench" qvec "$work/queries" > "$work/qvec"
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
	"$bench" recall "$IV_HOME/iv.db" "$work/queries" | tee "$work/recall.out"
	# The command: each query a new process, as a script or completion
	# runs it; and its start-up alone (--docs: the same programme, the
	# store opened, one small query) to show what the recall adds.
	# One clock around the ten processes: a clock read per process
	# ($(date), itself a process) would add its own start to each.
	iv-recall --no-touch -k 10 warm-up > /dev/null
	head -10 "$work/queries" >"$work/queries10"
	t0=$(date +%s%N)
	while IFS= read -r q; do
		iv-recall --no-touch -k 10 "$q" > /dev/null
	done <"$work/queries10"
	t1=$(date +%s%N)
	awk -v n="$n" -v ns="$((t1 - t0))" -v q="$(wc -l <"$work/queries10")" \
		'BEGIN { printf "iv-recall command %d: %.1f ms mean per query (%d queries)\n", n, ns / q / 1e6, q }'
	echo "iv-recall start-up alone (--docs): $(hf_median "$(command -v iv-recall)" --docs)"
	# Where one command's time goes: the recall's parts (CPU) and the
	# program's phases (IV_TIMING).
	IV_TIMING=1 iv-recall --no-touch -k 10 "$(head -1 "$work/queries10")" 2>&1 >/dev/null |
		sed -n "s/^iv-recall: timing: /iv-recall command $n split: /p"
	if [ "$n" = 100000 ]; then
		if [ -f "$vec0" ] && sqlite3 :memory: ".load $vec0" "SELECT vec_version();" > "$work/peer.version" 2>&1; then
			ours=$(sed -n 's/^exact vector top-10 100000: \([0-9.]*\) ms median.*CPU \([0-9.]*\) ms.*/\1 \2/p' "$work/recall.out")
			theirs=$(peer "$IV_HOME/iv.db")
			echo "$ours $theirs" | awk -v v="$(cat "$work/peer.version")" '{
				printf "sqlite-vec %s exact top-10 100000 (vec0, same vectors and queries): %.1f ms median (CPU %.1f ms median)\n", v, $3, $4
				if ($1 > 0 && $2 > 0)
					printf "iv vs sqlite-vec at 100000: %.1fx faster by the clock, %.1fx by CPU time\n", $3 / $1, $4 / $2
			}'
		else
			echo "sqlite-vec: not installed or can't be loaded into sqlite3 ($vec0; make deps installs it with npm), no peer figures"
		fi
	fi
	rm -rf "$IV_HOME"
done

if [ "${IV_BENCH_1M:-1}" != 0 ]; then
	mkdir -p "$work/1m"
	IV_HOME=$work/1m iv-store init > /dev/null
	"$bench" fill "$work/1m/iv.db" 1000000 "$work/sentences"
	"$bench" vsearch "$work/1m/iv.db" "$work/queries"
	rm -rf "$work/1m"
fi
