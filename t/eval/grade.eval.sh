#!/bin/sh
# grade.eval.sh: the builtin grader (iv-grade) against the hand-graded dev
# set in t/eval/grade/ (see its README.md). Reports; never fails on low
# figures. Exit 0 when it ran, 1 on a malformed dev set or a failed step,
# 2 on bad usage.
set -eu

me=grade.eval.sh
dir=$(cd "$(dirname "$0")" && pwd)

usage() {
	cat <<EOF
Usage: sh t/eval/grade.eval.sh [--tune | --file FILE]
       sh t/eval/grade.eval.sh --check FILE...
Grades every answer of the grader's dev set with ONE iv-grade process (the
builtin engine) and compares with the expected grades: Pearson, Spearman,
RMSE, the mean per category, the checks of issue 20's "Done when", and the
precision and recall of covered key points.

  (default)     the held-out half, t/eval/grade/heldout.jsonl
  --tune        the tuning half, t/eval/grade/tune.jsonl
  --file FILE   another file in the same format
  --check FILE  only check that every line of each FILE is valid
EOF
}

die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }

mode=grade half=held-out file=$dir/grade/heldout.jsonl
while [ $# -gt 0 ]; do
	case $1 in
	--tune) half=tuning file=$dir/grade/tune.jsonl ;;
	--file) [ $# -ge 2 ] || { echo "$me: --file needs a FILE" >&2; exit 2; }
		half=$2 file=$2; shift ;;
	--check) mode=check; shift; break ;;
	--help|-h) usage; exit 0 ;;
	*) printf "%s: unknown option '%s'\nTry 'sh %s --help'.\n" "$me" "$1" "$0" >&2; exit 2 ;;
	esac
	shift
done
if [ "$mode" = check ] && [ $# -eq 0 ]; then
	echo "$me: --check needs at least one FILE" >&2
	exit 2
fi

for p in iv-ask iv-grade jq awk; do
	command -v "$p" >/dev/null 2>&1 || die "'$p' not found in PATH"
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/grade-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
# The grader's own defaults, not whatever config the person running this has.
export IV_HOME="$tmp/home" IV_ENGINE=builtin
unset IV_MODEL

iv-ask --list >"$tmp/bank.jsonl" || die "iv-ask --list failed"

# check FILE: every line a valid dev-set answer; errors name FILE:LINE.
check() {
	[ -r "$1" ] || die "can't read '$1'"
	awk '{ printf "%d\t%s\n", NR, $0 }' "$1" |
	jq -R -r --slurpfile bank "$tmp/bank.jsonl" '
		($bank | map({(.id): [.key_points[].id]}) | add) as $kp
		| (index("\t")) as $t | .[:$t] as $ln | .[$t+1:] as $raw
		| ["reference","paraphrase","terms","wrong_vocab","negation","offtopic",
		   "oneline","rambling","partial","mixed","injection"] as $cats
		| ["id","question_id","lang","category","answer","score","reason","covered","negated"] as $fields
		| def ids($f): if (.[$f] | type) != "array" or any(.[$f][]; type != "string")
			then "field \u0027\($f)\u0027: expected an array of key point ids"
			elif (.[$f] | length) != (.[$f] | unique | length) then "field \u0027\($f)\u0027: an id repeats"
			else (.[$f] - ($kp[.question_id | tostring] // [])) as $bad
			  | if $bad != [] then "field \u0027\($f)\u0027: \($bad | map("\u0027\(.)\u0027") | join(", ")) not a key point of \(.question_id)"
			    else empty end end;
		(try ($raw | fromjson) catch null) as $o
		| if $raw == "" then "E\t\($ln)\tempty line"
		  elif ($o | type) != "object" then "E\t\($ln)\tnot a JSON object"
		  else $o | ([
			(keys - $fields | .[] | "unknown field \u0027\(.)\u0027"),
			($fields - keys | .[] | "missing field \u0027\(.)\u0027"),
			(if (.id | type) != "string" or .id == "" then "field \u0027id\u0027: expected a non-empty string" else empty end),
			(if (.question_id | type) != "string" then "field \u0027question_id\u0027: expected a string"
			 elif $kp[.question_id] == null then "no question \u0027\(.question_id)\u0027 in the bank" else empty end),
			(if .lang != "en" and .lang != "zh" then "field \u0027lang\u0027: expected en or zh" else empty end),
			(if (.category as $c | any($cats[]; . == $c)) | not then "field \u0027category\u0027: \u0027\(.category)\u0027 is not one of \($cats | join(", "))" else empty end),
			(if (.answer | type) != "string" or .answer == "" then "field \u0027answer\u0027: expected a non-empty string" else empty end),
			(if (.score | type) != "number" or .score < 0 or .score > 10 then "field \u0027score\u0027: expected a number from 0 to 10" else empty end),
			(if (.reason | type) != "string" or .reason == "" or (.reason | test("\n")) then "field \u0027reason\u0027: expected one non-empty line" else empty end),
			(if (.question_id | type) == "string" and $kp[.question_id] != null then ids("covered"), ids("negated") else empty end),
			(if (.covered | type) == "array" and (.negated | type) == "array" and (.covered - (.covered - .negated)) != []
			 then "a key point both covered and negated" else empty end),
			(if .category == "negation" and (.negated | type) == "array" and .negated == [] then "a negation answer needs \u0027negated\u0027" else empty end),
			(if .category == "mixed" and .lang != "zh" then "category mixed is for Chinese answers (lang zh)" else empty end),
			(if .category == "injection" and (.score | type) == "number" and .score > 1 then "an injection answer scores 0-1" else empty end)
		  ] | if length > 0 then "E\t\($ln)\t\(.[0])" else "K\t\($ln)\t\($o.id)" end) end' |
	awk -F '\t' -v file="$1" -v me="$me" -v lines="$(awk 'END { print NR }' "$1")" '
		$1 == "E" { printf "%s: %s:%d: %s\n", me, file, $2, $3 > "/dev/stderr"; bad = 1; next }
		($3 in seen) { printf "%s: %s:%d: id \047%s\047 repeats line %d\n", me, file, $2, $3, seen[$3] > "/dev/stderr"; bad = 1; next }
		{ seen[$3] = $2; n++ }
		END { if (NR != lines) { printf "%s: %s: could not check every line\n", me, file > "/dev/stderr"; bad = 1 }
		      if (!bad && !n) { printf "%s: %s: no answers\n", me, file > "/dev/stderr"; bad = 1 } exit bad }'
}

if [ "$mode" = check ]; then
	for f in "$@"; do
		check "$f" || exit 1
		echo "$f: $(awk 'END { print NR }' "$f") answers, valid"
	done
	exit 0
fi

check "$file" || exit 1

# One request per answer: the question, its key points and reference from
# the bank in the answer's language (as iv-grade gives them for a bank
# question), and the answer.
jq -c --slurpfile bank "$tmp/bank.jsonl" '
	($bank | map({(.id): .}) | add) as $q
	| .lang as $l | (if $l == "en" then "zh" else "en" end) as $o | $q[.question_id] as $b
	| {id, question: $b.text[$l],
	   key_points: [$b.key_points[] | {id, text: .[$l], alt: .[$o], weight, terms}],
	   reference: $b.reference[$l], answer, lang: $l}' "$file" >"$tmp/req.jsonl"

iv-grade <"$tmp/req.jsonl" >"$tmp/grades.jsonl" || die "iv-grade failed on $file"

# One row per answer: question, category, expected, graded, confidence,
# expected covered, expected negated, graded covered, graded missed.
jq -r -n --slurpfile g "$tmp/grades.jsonl" '
	($g | map({(.id): .}) | add // {}) as $gr
	| inputs | . as $d | $gr[.id] as $x
	| if $x == null or ($x.score | type) != "number" then "MISSING\t\(.id)"
	  else [.question_id, .category, .score, $x.score,
		(if ($x.confidence | type) == "number" then $x.confidence else "-" end),
		(.covered | join(",")), (.negated | join(",")),
		([$x.covered_points[]?.id] | join(",")), ([$x.missed_points[]?.id] | join(","))]
	       | @tsv end' "$file" >"$tmp/rows.tsv"
if grep -q '^MISSING' "$tmp/rows.tsv"; then
	die "iv-grade gave no grade for $(grep '^MISSING' "$tmp/rows.tsv" | cut -f2 | head -3 | tr '\n' ' ')"
fi

echo "iv-grade (builtin) on the $half half: $(awk 'END { print NR }' "$file") answers"
awk -F '\t' -f "$dir/grade.stats.awk" "$tmp/rows.tsv"
