#!/bin/sh
# Resumes parsed per second (Markdown and PDF, pdftotext included) and
# matches per second, each in one process over many inputs.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${IV_BUILD:-$src/build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export IV_HOME="$tmp/home" IV_NOW=2025-06-01
mkpdf=$build/t/tools/resume-mkpdf
[ -x "$mkpdf" ] || make -s -C "$src" BUILD="$build" "$mkpdf" >/dev/null

now() { date +%s%N; }
# rate COUNT START END UNIT NAME
rate() { awk -v n="$1" -v a="$2" -v b="$3" -v u="$4" -v name="$5" \
	'BEGIN { printf "%s: %.1f %s\n", name, n / ((b - a) / 1e9), u }'; }

"$mkpdf" "$tmp/cv.pdf" "$src/t/fixtures/resume-zh.txt"
set --
for i in $(seq 200); do set -- "$@" "$src/share/samples/resume-en.md"; done
t0=$(now); iv-parse-resume "$@" > /dev/null; t1=$(now)
rate 200 "$t0" "$t1" resumes/s "parse markdown resume"

set --
for i in $(seq 50); do set -- "$@" "$tmp/cv.pdf"; done
t0=$(now); iv-parse-resume "$@" > /dev/null; t1=$(now)
rate 50 "$t0" "$t1" resumes/s "parse PDF resume"

iv-parse-resume "$src/share/samples/resume-en.md" "$src/share/samples/resume-zh.md" > "$tmp/two.jsonl"
for i in $(seq 250); do cat "$tmp/two.jsonl"; done > "$tmp/many.jsonl"
iv-parse-jd "$src/share/samples/jd-en.txt" > "$tmp/jd.json"
t0=$(now); iv-match --jd "$tmp/jd.json" < "$tmp/many.jsonl" > /dev/null; t1=$(now)
rate 500 "$t0" "$t1" matches/s "match resume to JD"
