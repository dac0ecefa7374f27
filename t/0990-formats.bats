#!/usr/bin/env bats
# Every resume and job description iv writes, checked with the ecosystem's
# own validator (ajv-cli, draft-07, ajv-formats for email/uri) against the
# official schemas of @jsonresume/schema 1.3.1 (schema.json, job-schema.json),
# as `make deps` installs them into .ci/node (.ci/npm-deps.sh). The
# documents are made by the real programs from the fixtures, the samples
# and PDFs rendered here, in both languages. A failure lists each invalid
# document by the name of what it was made from, with the field and what is
# wrong ("resume-zh.txt.pdf.json invalid / data/work/0/endDate must match
# pattern ...").

load test_helper

NODE="$IV_SRC/.ci/node/node_modules"
SCHEMAS="$NODE/@jsonresume/schema"
SAMPLES="$IV_SRC/share/samples"

setup() {
	iv_test_env
	mkdir -p docs
	[ -x "$NODE/.bin/ajv" ] && [ -f "$SCHEMAS/job-schema.json" ] ||
		fail "the validators are not installed in $IV_SRC/.ci/node: run 'make deps' (needs npm and the npm registry)"
}

MKPDF() { "$IV_BUILD/t/tools/resume-mkpdf" "$@"; }

# A DOCX of the fixture resume.
mkdocx() {
	local out=$PWD/$1
	(cd "$FIXTURES/resume-docx" && zip -q -X -r "$out" '[Content_Types].xml' _rels word)
}

# valid resume|job FILE...: every FILE valid against the schema, else fail
# with ajv's report (each invalid file, each field and why).
valid() {
	local schema=$SCHEMAS/schema.json f args=()
	[ "$1" = job ] && schema=$SCHEMAS/job-schema.json
	shift
	[ $# -gt 0 ] || fail "no documents to check"
	for f; do
		[ -s "$f" ] || fail "$f: empty: the program that should have made it failed"
		args+=(-d "$f")
	done
	run ajv_run "$schema" "${args[@]}"
	[ "$status" -eq 0 ] || fail "$(printf 'not valid against %s:\n%s' "${schema#"$NODE/"}" "$output")"
	# ajv checked every one of them.
	[ "$(grep -c ' valid$' <<<"$output")" -eq $# ] || fail "ajv did not check every file: $output"
}

ajv_run() {
	local schema=$1
	shift
	"$NODE/.bin/ajv" validate --spec=draft7 --all-errors --errors=text -c "$NODE/ajv-formats" -s "$schema" "$@" 2>&1
}

# parse PROGRAM NAME SOURCE...: the program's output for each SOURCE into
# docs/NAME.json (one document each; NAME says what it was made from).
parse() {
	local prog=$1 name=$2
	shift 2
	"$prog" "$@" > "docs/$name.json" || fail "$prog $*: exit $?"
}

@test "the validator is real: it names the file and the field of an invalid document" {
	printf '%s\n' '{"title":"x","location":"上海","remote":"yes","date":"2026/11/20"}' > docs/old-jd.json
	printf '%s\n' '{"basics":{"email":"not an email"},"work":[{"name":"x","endDate":"present"}]}' > docs/old-resume.json
	run -1 ajv_run "$SCHEMAS/job-schema.json" -d docs/old-jd.json
	assert_line 'docs/old-jd.json invalid'
	assert_line 'data/date must match pattern "^([1-2][0-9]{3}-[0-1][0-9]-[0-3][0-9]|[1-2][0-9]{3}-[0-1][0-9]|[1-2][0-9]{3})$", data/location must be object, data/remote must be equal to one of the allowed values'
	run -1 ajv_run "$SCHEMAS/schema.json" -d docs/old-resume.json
	assert_line 'docs/old-resume.json invalid'
	assert_line --partial 'data/basics/email must match format "email"'
	assert_line --partial 'data/work/0/endDate must match pattern'
}

@test "job descriptions: the samples and the fixture, as text and as PDF, both languages" {
	parse iv-parse-jd jd-en.txt "$SAMPLES/jd-en.txt"
	parse iv-parse-jd jd-zh.txt "$SAMPLES/jd-zh.txt"
	parse iv-parse-jd jd-senior.txt "$FIXTURES/jd-senior.txt"
	MKPDF jd-en.pdf "$SAMPLES/jd-en.txt"
	MKPDF jd-zh.pdf "$SAMPLES/jd-zh.txt"
	parse iv-parse-jd jd-en.txt.pdf jd-en.pdf
	parse iv-parse-jd jd-zh.txt.pdf jd-zh.pdf
	# What the schema has beyond what the samples say: remote, a date.
	printf '高级后端工程师 | 远程\n发布日期：2026年11月20日\n工作地点：北京/上海\n\n任职要求\n- 5年以上Go开发经验\n' > remote-zh.txt
	printf 'Backend Engineer (Remote)\nPosted: Nov 20, 2026\nLocation: Berlin, Germany\n\nRequirements\n- Go\n' > remote-en.txt
	parse iv-parse-jd remote-zh.txt remote-zh.txt
	parse iv-parse-jd remote-en.txt remote-en.txt
	valid job docs/*.json
	run -0 jq -c '[.remote, .date, .location.city]' docs/remote-zh.txt.json
	assert_output '["Full","2026-11-20","北京"]'
}

@test "job descriptions as kept and shown: --store, iv jd add/show, iv-store jds show and export" {
	parse iv-parse-jd stored-en --store "$SAMPLES/jd-en.txt"
	iv jd add "$SAMPLES/jd-zh.txt" > docs/iv-jd-add-zh.json
	iv jd show 1 > docs/iv-jd-show-1.json
	iv-store jds show 2 | jq -c .parsed_data > docs/iv-store-jds-show-2.json
	iv-store export | jq -c 'select(.table == "job_descriptions") | .row.parsed_data' > export.jsonl
	split -l 1 --additional-suffix=.json export.jsonl docs/export-jd-
	valid job docs/*.json
	[ "$(ls docs/export-jd-* | wc -l)" -eq 2 ]
}

@test "an old store (string locations, \"present\"): upgraded, shown and exported valid" {
	iv-store init > /dev/null
	sqlite3 -bail "$IV_HOME/iv.db" "DELETE FROM users; PRAGMA user_version = 2"
	sqlite3 -bail "$IV_HOME/iv.db" < "$FIXTURES/store-v2.sql"
	for id in 1 2; do
		iv jd show "$id" > "docs/old-iv-jd-show-$id.json"
	done
	iv-store export > export.jsonl
	jq -c 'select(.table == "job_descriptions") | .row.parsed_data' export.jsonl | split -l 1 --additional-suffix=.json - docs/old-export-jd-
	valid job docs/old-iv-jd-show-* docs/old-export-jd-*
	for id in 1 2 3; do
		iv resume show "$id" > "docs/old-iv-resume-show-$id.json"
	done
	jq -c 'select(.table == "resumes") | .row.parsed_data' export.jsonl | split -l 1 --additional-suffix=.json - docs/old-export-resume-
	valid resume docs/old-iv-resume-show-* docs/old-export-resume-*
	# An older export, imported: the same.
	IV_HOME=$BATS_TEST_TMPDIR/imported iv-store init > /dev/null
	sqlite3 "$BATS_TEST_TMPDIR/imported/iv.db" "DELETE FROM users"
	IV_HOME=$BATS_TEST_TMPDIR/imported iv-store import "$FIXTURES/export-v2.jsonl"
	IV_HOME=$BATS_TEST_TMPDIR/imported iv-store export > imported.jsonl
	jq -c 'select(.table == "resumes") | .row.parsed_data' imported.jsonl | split -l 1 --additional-suffix=.json - docs/imported-resume-
	jq -c 'select(.table == "job_descriptions") | .row.parsed_data' imported.jsonl | split -l 1 --additional-suffix=.json - docs/imported-jd-
	valid resume docs/imported-resume-*
	valid job docs/imported-jd-*
}

@test "the JSON Resume fixture itself, and iv-parse-resume's reading of it" {
	cp "$FIXTURES/resume-json.json" docs/resume-json.json
	parse iv-parse-resume resume-json.json.parsed "$FIXTURES/resume-json.json"
	valid resume docs/*.json
}

# The resumes iv-parse-resume makes from text, Markdown, DOCX and PDF. Until
# the branch `resume` is merged, the parser writes a current position as
# "endDate": "present", which the schema refuses; these two tests are
# skipped on this branch alone and the skips go at the merge.
@test "resumes: the samples and every text fixture, both languages" {
	parse iv-parse-resume resume-en.md "$SAMPLES/resume-en.md"
	parse iv-parse-resume resume-zh.md "$SAMPLES/resume-zh.md"
	# (resume-right.txt and resume-dated-right.txt are the second columns of
	# PDFs below, not resumes on their own.)
	for f in resume-en resume-zh resume-left resume-dated-left; do
		parse iv-parse-resume "$f.txt" "$FIXTURES/$f.txt"
	done
	mkdocx cv.docx
	parse iv-parse-resume resume-docx.docx cv.docx
	parse iv-parse-resume stored-zh --store "$SAMPLES/resume-zh.md"
	iv resume add "$SAMPLES/resume-en.md" > docs/iv-resume-add-en.json
	iv resume show 1 > docs/iv-resume-show-1.json
	iv-store export | jq -c 'select(.table == "resumes") | .row.parsed_data' | split -l 1 --additional-suffix=.json - docs/export-resume-
	valid resume docs/*.json
}

@test "resumes rendered to PDF: one and two columns, dates at the margin, both languages" {
	MKPDF en.pdf "$FIXTURES/resume-en.txt"
	MKPDF zh.pdf "$FIXTURES/resume-zh.txt"
	MKPDF two-columns.pdf "$FIXTURES/resume-left.txt" "$FIXTURES/resume-right.txt"
	MKPDF dated.pdf "$FIXTURES/resume-dated-left.txt" "$FIXTURES/resume-dated-right.txt"
	MKPDF sample-en.pdf "$SAMPLES/resume-en.md"
	MKPDF sample-zh.pdf "$SAMPLES/resume-zh.md"
	parse iv-parse-resume resume-en.txt.pdf en.pdf
	parse iv-parse-resume resume-zh.txt.pdf zh.pdf
	parse iv-parse-resume resume-left+right.txt.pdf two-columns.pdf
	parse iv-parse-resume resume-dated-left+right.txt.pdf dated.pdf
	parse iv-parse-resume resume-en.md.pdf sample-en.pdf
	parse iv-parse-resume resume-zh.md.pdf sample-zh.pdf
	valid resume docs/*.json
}
