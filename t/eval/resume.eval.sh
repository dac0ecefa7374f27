#!/bin/sh
# resume.eval.sh — score iv-parse-resume on the hand-written resume dev set
# (t/eval/resume/, see its README): per field precision, recall and F1, the
# macro F1 over fields, English and Chinese apart.
#
#	sh t/eval/resume.eval.sh [-v] [--tune | --dir DIR]
#	sh t/eval/resume.eval.sh --check [--dir DIR]
#
# Default: the held-out half. --tune: the tuning half. --dir: any folder laid
# out the same way. -v: every miss, resume by resume. --check: only check
# the dev set (expected files, inputs, the split rule) without parsing.
# Exit 0 when it ran, 1 when a dev-set file is malformed or a tool is
# missing, 2 on bad usage. Run by `make eval` (the freshly built programs
# first on PATH, IV_BUILD set); by hand it uses build/ when IV_BUILD is
# unset. Needs jq, awk, zip, pdftotext.
set -eu

me=resume.eval
here=$(cd "$(dirname "$0")" && pwd)
set_dir=$here/resume

usage() {
	echo "usage: sh $0 [-v] [--tune | --dir DIR] | --check [--dir DIR]" >&2
	exit 2
}
die() {
	echo "$me: $*" >&2
	exit 1
}

verbose=0 check=0 dirs= label=
while [ $# -gt 0 ]; do
	case $1 in
	-v | --verbose) verbose=1 ;;
	--tune) dirs=$set_dir/tune label=tune ;;
	--heldout) dirs=$set_dir/heldout label=heldout ;;
	--dir) [ $# -ge 2 ] || usage; dirs=$2 label=$2; shift ;;
	--check) check=1 ;;
	-h | --help)
		sed -n '2,15s/^# \{0,1\}//p' "$0"
		exit 0 ;;
	*) usage ;;
	esac
	shift
done
if [ -z "$dirs" ]; then
	if [ $check = 1 ]; then
		dirs="$set_dir/tune $set_dir/heldout" label=all
	else
		dirs=$set_dir/heldout label=heldout
	fi
fi

command -v jq >/dev/null || die "jq not found"

# The fields scored, in the order printed.
FIELDS="basics.name basics.email basics.phone basics.url basics.profiles.network basics.profiles.url
work.name work.position work.startDate work.endDate
education.institution education.studyType education.area education.startDate education.endDate
projects.name"

# What an expected file may hold; prints one line per fault.
CHECK_JQ='
def iso: type == "string" and test("^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$");
def str: type == "string" and test("\\S");
def keys_in($allowed; $where):
	if type != "object" then "\($where): expected an object"
	else (keys - $allowed)[] | "\($where): unknown field \"\(.)\"" end;
def strs($ks; $where): . as $o | $ks[] as $k | select($o | has($k)) | select($o[$k] | str | not)
	| "\($where).\($k): expected a non-empty string";
def dates($where): . as $o | ("startDate", "endDate") as $k | select($o | has($k))
	| select($o[$k] | iso | not) | "\($where).\($k): not an ISO 8601 date: \($o[$k] | tojson)";
def list($k; $allowed; $required; f):
	if has($k) | not then empty
	elif .[$k] | type != "array" then "\($k): expected an array"
	else .[$k] | to_entries[] | .key as $i | .value
		| ("\($k)[\($i)]") as $w
		| keys_in($allowed; $w),
		  (if type == "object" then
			strs($allowed - ["startDate", "endDate"]; $w), dates($w),
			($required[] as $r | select(has($r) | not) | "\($w): no \($r)"),
			f
		   else empty end)
	end;
if type != "object" then "not a JSON object"
else
	keys_in(["lang", "basics", "work", "education", "projects"]; "top level"),
	(if (.lang | . == "en" or . == "zh") then empty else "lang: expected \"en\" or \"zh\"" end),
	(if has("basics") | not then "basics: missing"
	 else .basics | keys_in(["name", "email", "phone", "url", "profiles"]; "basics"),
		(if type == "object" then
			(if has("name") then empty else "basics.name: missing" end),
			strs(["name", "email", "phone", "url"]; "basics"),
			(if has("email") and (.email | test("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$") | not)
			 then "basics.email: not an address" else empty end),
			(if has("phone") and ([.phone | scan("[0-9]")] | length) < 7
			 then "basics.phone: fewer than 7 digits" else empty end),
			list("profiles"; ["network", "url"]; ["network", "url"]; empty)
		 else empty end)
	 end),
	list("work"; ["name", "position", "startDate", "endDate"]; ["name"];
		if (.endDate // "") == "" or ((.startDate // "") as $s | $s[0:(.endDate | length)] <= .endDate[0:($s | length)]) then empty
		else "work: endDate \(.endDate) before startDate \(.startDate)" end),
	list("education"; ["institution", "studyType", "area", "startDate", "endDate"]; ["institution"];
		if has("studyType") and ([.studyType] | inside(["Associate", "Bachelor", "Master", "PhD"]) | not)
		then "education: studyType \(.studyType | tojson) is not Associate, Bachelor, Master or PhD"
		else empty end),
	list("projects"; ["name"]; ["name"]; empty)
end'

# Field values as lines NAME, LANG, SIDE, FIELD, NORMALISED, AS WRITTEN:
# case, white space and punctuation folded; phones by digits; addresses and
# URLs without scheme, "www." and trailing slashes.
FIELDS_JQ='
def fold: ascii_downcase | gsub("[\\p{P}\\p{S}\\s]+"; " ") | sub("^ "; "") | sub(" $"; "");
def norm($f):
	if $f == "basics.phone" then gsub("[^0-9]"; "")
	elif $f == "basics.email" then ascii_downcase | gsub("\\s+"; "")
	elif $f == "basics.url" or $f == "basics.profiles.url" then
		ascii_downcase | gsub("\\s+"; "") | sub("^[a-z]+://"; "") | sub("^www\\."; "") | sub("/+$"; "")
	else fold end;
def s: select(type == "string");
def items($k): (.[$k] // []) | if type == "array" then .[] | objects else empty end;
def pairs:
	((.basics // {}) | objects) as $b
	| (("name", "email", "phone", "url") as $k | $b[$k] | s | ["basics." + $k, .]),
	  ($b | items("profiles") | (.network | s | ["basics.profiles.network", .]), (.url | s | ["basics.profiles.url", .])),
	  (items("work") | ("name", "position", "startDate", "endDate") as $k | .[$k] | s | ["work." + $k, .]),
	  (items("education") | ("institution", "studyType", "area", "startDate", "endDate") as $k
		| .[$k] | s | ["education." + $k, .]),
	  (items("projects") | .name | s | ["projects.name", .]);
pairs as [$f, $v] | ($v | norm($f)) as $n
	| select($n != "")
	| [$name, $lang, $side, $f, $n, ($v | gsub("[\\t\\n\\r]+"; " "))] | @tsv'

tmp=$(mktemp -d "${TMPDIR:-/tmp}/resume-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# The input of case $1 (a path without .expected.json): prints KIND and
# the source file(s); fails when there is none or more than one.
input_of() {
	kinds=
	[ -e "$1.pdf-left.txt" ] && kinds="$kinds pdf2"
	[ -e "$1.pdf.txt" ] && kinds="$kinds pdf"
	[ -e "$1.docx.txt" ] && kinds="$kinds docx"
	[ -e "$1.md" ] && kinds="$kinds md"
	[ -e "$1.txt" ] && kinds="$kinds txt"
	set -- $kinds
	[ $# = 1 ] && echo "$1"
}

# 1. Check the whole set before parsing anything.
faults=$tmp/faults
: > "$faults"
cases=$tmp/cases
: > "$cases"
for d in $dirs; do
	[ -d "$d" ] || die "$d: no such folder"
	found=0
	for e in "$d"/*.expected.json; do
		[ -e "$e" ] || continue
		found=$((found + 1))
		base=${e%.expected.json}
		name=${base##*/}
		if ! out=$(jq empty "$e" 2>&1); then
			echo "$e: invalid JSON: $(printf '%s' "$out" | head -n 1)" >> "$faults"
			continue
		fi
		out=$(jq -r "$CHECK_JQ" "$e" 2>&1) || out="jq: $out"
		[ -z "$out" ] || printf '%s\n' "$out" | sed "s|^|$e: |" >> "$faults"
		kind=$(input_of "$base") || {
			echo "$e: expected exactly one input ($name.txt, .md, .pdf.txt, .pdf-left.txt with .pdf-right.txt, or .docx.txt)" >> "$faults"
			continue
		}
		if [ "$kind" = pdf2 ] && [ ! -e "$base.pdf-right.txt" ]; then
			echo "$e: $name.pdf-left.txt without $name.pdf-right.txt" >> "$faults"
			continue
		fi
		lang=$(jq -r '.lang // "?"' "$e" 2>/dev/null || echo '?')
		printf '%s\t%s\t%s\t%s\n' "$name" "$base" "$kind" "$lang" >> "$cases"
		# The split rule (README): a number ending in an odd digit is
		# tuning, in an even one held out.
		case $d:$name in
		"$set_dir/tune":[0-9]*[13579]-* | "$set_dir/heldout":[0-9]*[02468]-*) ;;
		"$set_dir/tune":* | "$set_dir/heldout":*)
			echo "$e: not in the half its number says (odd: tune/, even: heldout/, the name NN-...)" >> "$faults" ;;
		esac
	done
	# Every input belongs to an expected file.
	for f in "$d"/*; do
		case $f in *.expected.json) continue ;; esac
		[ -e "$f" ] || continue
		b=${f##*/}
		case $b in
		README* ) continue ;;
		*.pdf-left.txt | *.pdf-right.txt) stem=${b%.pdf-*.txt} ;;
		*.pdf.txt) stem=${b%.pdf.txt} ;;
		*.docx.txt) stem=${b%.docx.txt} ;;
		*.md) stem=${b%.md} ;;
		*.txt) stem=${b%.txt} ;;
		*) echo "$f: not a dev-set file (inputs are .txt, .md, .pdf.txt, .pdf-left.txt, .pdf-right.txt, .docx.txt)" >> "$faults"; continue ;;
		esac
		[ -e "$d/$stem.expected.json" ] || echo "$f: no $stem.expected.json" >> "$faults"
	done
	[ $found -gt 0 ] || echo "$d: no *.expected.json in it" >> "$faults"
done
if [ -s "$faults" ]; then
	sed "s|^|$me: |" "$faults" >&2
	exit 1
fi
if [ $check = 1 ]; then
	echo "$me: $(wc -l < "$cases") resumes checked in $label: $(cut -f4 "$cases" | sort | uniq -c | awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $1, $2}')"
	exit 0
fi

# 2. Render PDF and DOCX inputs, parse every resume: with the tree's own
# build when run by hand (make eval sets IV_BUILD and PATH itself).
if [ -z "${IV_BUILD:-}" ] && [ -x "$here/../../build/bin/iv-parse-resume" ]; then
	IV_BUILD=$(cd "$here/../../build" && pwd)
	PATH=$IV_BUILD/bin:$PATH
fi
command -v iv-parse-resume >/dev/null || die "iv-parse-resume not on PATH (run it through make eval)"
mkpdf=
find_mkpdf() {
	for m in ${IV_BUILD:+"$IV_BUILD/t/tools/resume-mkpdf"} "$here/../../build/t/tools/resume-mkpdf"; do
		[ -x "$m" ] && { mkpdf=$m; return 0; }
	done
	die "resume-mkpdf not found (make build/t/tools/resume-mkpdf, or run through make eval)"
}
docx_parts=$here/../fixtures/resume-docx

# A DOCX from a text file: the first line is the title, "# " a heading,
# "- " a list item, a line with tabs a table row (one cell per tab), any
# other line a paragraph. Words go in runs of two, as Word splits them.
mkdocx() {
	mkdir -p "$tmp/docx/word" "$tmp/docx/_rels"
	cp "$docx_parts/[Content_Types].xml" "$tmp/docx/"
	cp "$docx_parts/_rels/.rels" "$tmp/docx/_rels/"
	awk '
	function esc(s) { gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); return s }
	function runs(s,   n, w, i, out, chunk) {
		n = split(s, w, " "); out = ""
		for (i = 1; i <= n; i += 2) {
			chunk = w[i] (i + 1 <= n ? " " w[i + 1] : "") (i + 2 <= n ? " " : "")
			out = out "<w:r><w:t xml:space=\"preserve\">" esc(chunk) "</w:t></w:r>"
		}
		return out
	}
	function para(style, s) {
		return "<w:p>" (style != "" ? "<w:pPr>" style "</w:pPr>" : "") runs(s) "</w:p>"
	}
	BEGIN {
		print "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
		print "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
	}
	/\t/ {
		if (!intbl) { printf "<w:tbl>"; intbl = 1 }
		n = split($0, c, "\t"); printf "<w:tr>"
		for (i = 1; i <= n; i++) printf "<w:tc>%s</w:tc>", para("", c[i])
		print "</w:tr>"; next
	}
	intbl { print "</w:tbl>"; intbl = 0 }
	NR == 1 { print para("<w:pStyle w:val=\"Title\"/>", $0); next }
	/^# / { print para("<w:pStyle w:val=\"Heading1\"/>", substr($0, 3)); next }
	/^- / { print para("<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>", substr($0, 3)); next }
	/^$/ { print "<w:p/>"; next }
	{ print para("", $0) }
	END { if (intbl) print "</w:tbl>"; print "<w:sectPr/></w:body></w:document>" }
	' "$1" > "$tmp/docx/word/document.xml"
	rm -f "$2"
	(cd "$tmp/docx" && zip -q -X -r "$2" '[Content_Types].xml' _rels word) ||
		die "$1: zip failed"
	rm -rf "$tmp/docx"
}

export IV_HOME="$tmp/home"	# no user config changes the parse
vals=$tmp/values
: > "$vals"
notes=$tmp/notes
: > "$notes"
while IFS='	' read -r name base kind lang; do
	case $kind in
	txt) in=$base.txt ;;
	md) in=$base.md ;;
	pdf) [ -n "$mkpdf" ] || find_mkpdf
		in=$tmp/$name.pdf; "$mkpdf" "$in" "$base.pdf.txt" < /dev/null || die "$base.pdf.txt: resume-mkpdf failed" ;;
	pdf2) [ -n "$mkpdf" ] || find_mkpdf
		in=$tmp/$name.pdf; "$mkpdf" "$in" "$base.pdf-left.txt" "$base.pdf-right.txt" < /dev/null ||
			die "$base.pdf-left.txt: resume-mkpdf failed" ;;
	docx) command -v zip >/dev/null || die "zip not found"
		in=$tmp/$name.docx; mkdocx "$base.docx.txt" "$in" < /dev/null ;;
	esac
	jq -r --arg name "$name" --arg lang "$lang" --arg side E "$FIELDS_JQ" "$base.expected.json" >> "$vals"
	if iv-parse-resume "$in" < /dev/null > "$tmp/out.json" 2> "$tmp/err" && [ -s "$tmp/out.json" ]; then
		jq -r --arg name "$name" --arg lang "$lang" --arg side P "$FIELDS_JQ" "$tmp/out.json" >> "$vals" ||
			printf '%s\tparse output is not JSON\n' "$name" >> "$notes"
	else
		printf '%s\tparse failed: %s\n' "$name" "$(head -n 1 "$tmp/err")" >> "$notes"
	fi
done < "$cases"

# 3. Score: per resume and field the values are multisets; a value matches
# one of the same normalised value on the other side.
awk -F '\t' -v fields="$FIELDS" -v verbose=$verbose -v label="$label" \
	-v ncase="$(wc -l < "$cases")" -v nen="$(awk -F '\t' '$4 == "en"' "$cases" | wc -l)" \
	-v nzh="$(awk -F '\t' '$4 == "zh"' "$cases" | wc -l)" -v nfail="$(wc -l < "$notes")" -v notes="$notes" '
{
	k = $1 SUBSEP $4 SUBSEP $5
	if (!(k in seen)) { seen[k] = 1; keys[++nk] = k; lang[k] = $2 }
	cnt[$3, k]++
	if (!((($3, k) in shown))) shown[$3, k] = $6
}
function f1(tp, fp, fn) { return tp + fp + fn ? 2 * tp / (2 * tp + fp + fn) : -1 }
function fmt(x) { return x < 0 ? "     -" : sprintf("%6.2f", x) }
END {
	for (i = 1; i <= nk; i++) {
		k = keys[i]; split(k, p, SUBSEP)
		e = cnt["E", k] + 0; q = cnt["P", k] + 0; m = e < q ? e : q
		f = p[2]; l = lang[k]
		tp[f] += m; fp[f] += q - m; fn[f] += e - m
		tp[f, l] += m; fp[f, l] += q - m; fn[f, l] += e - m
		if (verbose && e > m) miss[++nm] = sprintf("  %s  %s  missed %d× \"%s\"", p[1], f, e - m, shown["E", k])
		if (verbose && q > m) miss[++nm] = sprintf("  %s  %s  extra %d× \"%s\"", p[1], f, q - m, shown["P", k])
	}
	printf "iv-parse-resume on %s: %d resumes (%d en, %d zh)", label, ncase, nen, nzh
	printf ", %d not parsed\n", nfail
	printf "%-26s %6s %6s %6s %7s %6s %6s\n", "field", "P", "R", "F1", "support", "en F1", "zh F1"
	n = split(fields, fl, /[ \n]+/)
	for (i = 1; i <= n; i++) {
		f = fl[i]; if (f == "") continue
		P = tp[f] + fp[f] ? tp[f] / (tp[f] + fp[f]) : -1
		R = tp[f] + fn[f] ? tp[f] / (tp[f] + fn[f]) : -1
		F = f1(tp[f], fp[f], fn[f]); Fe = f1(tp[f, "en"], fp[f, "en"], fn[f, "en"]); Fz = f1(tp[f, "zh"], fp[f, "zh"], fn[f, "zh"])
		printf "%-26s %s %s %s %7d %s %s\n", f, fmt(P), fmt(R), fmt(F), tp[f] + fn[f], fmt(Fe), fmt(Fz)
		if (F >= 0) { sum += F; cntf++ }
		if (Fe >= 0) { sume += Fe; cnte++ }
		if (Fz >= 0) { sumz += Fz; cntz++ }
	}
	printf "%-26s %6s %6s %s %7s %s %s\n", "macro F1", "", "", fmt(cntf ? sum / cntf : -1), "",
		fmt(cnte ? sume / cnte : -1), fmt(cntz ? sumz / cntz : -1)
	if (verbose) {
		print ""
		print "misses (missed: expected, not found; extra: found, not expected):"
		while ((getline line < notes) > 0) { split(line, nn, "\t"); miss[++nm] = "  " nn[1] "  " nn[2] }
		for (i = 1; i <= nm; i++) print miss[i] | "sort"
		close("sort")
	}
}' "$vals"
