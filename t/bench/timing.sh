# timing.sh — sourced by benchmarks: where a program's time goes.
#
#   split FILE      FILE holds IV_TIMING=1 lines ("PROG: timing: bank 0.21 ms,
#                   ..., work 1.90 ms, main 3.10 ms") of several runs; prints
#                   one line per program: the median of each phase
#   hf_median CMD   hyperfine's median of CMD in ms (and user+sys), or "n/a";
#                   HF_RUNS runs (30) after HF_WARMUP (3)
split() {
	awk '
	/: timing: / {
		prog = $1; sub(/:$/, "", prog)
		if (!(prog in runs)) order[++nprog] = prog
		runs[prog]++
		line = $0; sub(/.*: timing: /, "", line)
		n = split(line, parts, /, /)
		for (i = 1; i <= n; i++) {
			split(parts[i], kv, / /)
			key = prog SUBSEP kv[1]
			if (!(key in count)) names[prog] = names[prog] " " kv[1]
			v[key, ++count[key]] = kv[2] + 0
		}
	}
	# a phase a run did not enter counts as 0 for that run
	function median(key, r,   c, i, j, t, a) {
		c = count[key]
		for (i = 1; i <= r; i++) a[i] = i <= r - c ? 0 : v[key, i - (r - c)]
		for (i = 2; i <= r; i++)	# insertion sort: a few dozen runs
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) { t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		return r % 2 ? a[(r + 1) / 2] : (a[r / 2] + a[r / 2 + 1]) / 2
	}
	END {
		for (p = 1; p <= nprog; p++) {
			prog = order[p]
			n = split(names[prog], ph, / /)
			out = ""
			ph[++n] = "work"; ph[++n] = "main"	# last, whatever came first
			for (i = 2; i <= n; i++)
				if ((ph[i] != "work" && ph[i] != "main") || i > n - 2)
					out = out sprintf("%s%s %.2f", out == "" ? "" : ", ", ph[i],
							  median(prog SUBSEP ph[i], runs[prog]))
			printf "  %s (ms, medians of %d runs): %s\n", prog, runs[prog], out
		}
	}' "$1"
}

hf_median() {
	if ! command -v hyperfine >/dev/null; then
		echo "n/a (hyperfine is missing: make deps)"
		return
	fi
	_hf=$(mktemp "${TMPDIR:-/tmp}/iv-bench-hf.XXXXXX")
	hyperfine -N -w "${HF_WARMUP:-3}" -r "${HF_RUNS:-30}" --export-json "$_hf" "$*" >/dev/null 2>&1
	jq -r '.results[0] | "\(.median * 1000 | . * 100 | round / 100) ms median (mean \(.mean * 1000 | . * 10 | round / 10) ms, user+sys \((.user + .system) * 1000 | . * 10 | round / 10) ms)"' "$_hf"
	rm -f "$_hf"
}
