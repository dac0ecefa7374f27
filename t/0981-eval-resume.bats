#!/usr/bin/env bats
# t/eval/resume.eval.sh: the resume parser's dev set is well formed, and the
# eval scores iv-parse-resume on a folder field by field.

load test_helper

EVAL() { sh "$IV_SRC/t/eval/resume.eval.sh" "$@"; }

FIELD_LINE='( +([01]\.[0-9]{2}|-)){3} +[0-9]+( +([01]\.[0-9]{2}|-)){2}$'

@test "every expected file of the dev set is valid, in its half, with one input; 60 or more" {
	run -0 --separate-stderr EVAL --check
	[ -z "$stderr" ]
	assert_output --regexp '^resume\.eval: [0-9]+ resumes checked in all: [0-9]+ en, [0-9]+ zh$'
	n=$(awk '{print $2}' <<<"$output")
	zh=$(awk '{print $(NF - 1)}' <<<"$output")
	[ "$n" -ge 60 ]
	# About 40% Chinese or mixed (English-headed mixed ones count as en).
	[ $((zh * 100 / n)) -ge 30 ]
	for half in tune heldout; do
		run -0 --separate-stderr EVAL --check --dir "$IV_SRC/t/eval/resume/$half"
		assert_output --regexp "^resume\.eval: [0-9]+ resumes checked in .*/$half: "
		[ "$(ls "$IV_SRC/t/eval/resume/$half"/*.expected.json | wc -l)" -ge 30 ]
	done
}

@test "the eval scores a folder: every field, the macro F1, en and zh apart" {
	mkdir set
	cp "$IV_SRC"/t/eval/resume/tune/05-en-pipe-company-title.* \
		"$IV_SRC"/t/eval/resume/tune/15-en-docx-table.* \
		"$IV_SRC"/t/eval/resume/tune/43-zh-twocol.* set/
	run -0 --separate-stderr EVAL --dir set
	[ -z "$stderr" ]
	assert_line --index 0 'iv-parse-resume on set: 3 resumes (2 en, 1 zh), 0 not parsed'
	assert_line --index 1 --regexp '^field +P +R +F1 +support +en F1 +zh F1$'
	i=2
	for f in basics.name basics.email basics.phone basics.url basics.profiles.network basics.profiles.url \
		work.name work.position work.startDate work.endDate \
		education.institution education.studyType education.area education.startDate education.endDate \
		projects.name; do
		assert_line --index $i --regexp "^${f//./\\.}$FIELD_LINE"
		i=$((i + 1))
	done
	assert_line --index $i --regexp '^macro F1 +[01]\.[0-9]{2} +[01]\.[0-9]{2} +[01]\.[0-9]{2}$'
	# Supports are the expected files' counts: 3 names, 7 jobs (3 + 2 + 2).
	assert_line --regexp '^basics\.name( +[^ ]+){3} +3 '
	assert_line --regexp '^work\.name( +[^ ]+){3} +7 '
}

@test "-v: each miss by resume and field; scores count matches and misses" {
	mkdir set
	cat > set/01-en-probe.txt <<-'EOF'
	Jane Roe
	jane.roe@example.com | +1 415 555 0100

	EXPERIENCE
	Data Engineer, Acme Retail Inc., 2019 - 2021
	EOF
	cat > set/01-en-probe.expected.json <<-'EOF'
	{"lang": "en",
	 "basics": {"name": "Nobody Real", "email": "JANE.ROE@example.com"},
	 "work": [{"name": "Not A Company Anywhere"}]}
	EOF
	run -0 --separate-stderr EVAL -v --dir set
	[ -z "$stderr" ]
	# The email matches (case folded), the name does not.
	assert_line --regexp '^basics\.email +1\.00 +1\.00 +1\.00 +1 +1\.00 +-$'
	assert_line --regexp '^basics\.name +0\.00 +0\.00 +0\.00 +1 +0\.00 +-$'
	assert_line '  01-en-probe  basics.name  missed 1× "Nobody Real"'
	assert_line '  01-en-probe  basics.name  extra 1× "Jane Roe"'
	assert_line '  01-en-probe  work.name  missed 1× "Not A Company Anywhere"'
	# Without -v, no misses.
	run -0 EVAL --dir set
	refute_output --partial 'missed'
}

@test "a resume the parser refuses: counted as not parsed, all its values missed" {
	mkdir set
	: > set/02-en-empty.txt
	echo '{"lang": "en", "basics": {"name": "Empty File"}}' > set/02-en-empty.expected.json
	run -0 --separate-stderr EVAL -v --dir set
	assert_line --index 0 'iv-parse-resume on set: 1 resumes (1 en, 0 zh), 1 not parsed'
	assert_line --regexp '^basics\.name +- +0\.00 +0\.00 +1 '
	assert_line --partial '  02-en-empty  parse failed: iv-parse-resume: '
	assert_line --partial 'empty file'
}

@test "malformed dev-set files are refused, each with its file and fault; nothing is scored" {
	mkdir set
	for n in 01 02 03 04 05 06; do echo 'Jane Roe' > "set/$n-en-x.txt"; done
	echo '{"lang": "en", "basics": {"name": "A"' > set/01-en-x.expected.json
	echo '{"lang": "en", "basics": {"name": "A", "title": "B"}}' > set/02-en-x.expected.json
	echo '{"lang": "en", "basics": {"name": "A"}, "work": [{"name": "C", "startDate": "2020/01", "endDate": "present"}]}' > set/03-en-x.expected.json
	echo '{"lang": "fr", "basics": {"name": "A"}, "education": [{"institution": "U", "studyType": "BSc"}]}' > set/04-en-x.expected.json
	echo '{"lang": "en", "basics": {"name": "A"}, "work": [{"name": "C", "startDate": "2021-03", "endDate": "2019"}]}' > set/05-en-x.expected.json
	echo '{"lang": "zh", "basics": {"name": "甲"}}' > set/07-zh-x.expected.json
	run -1 --separate-stderr EVAL --dir set
	[ -z "$output" ]
	# jq words its parse errors differently from version to version.
	assert_stderr --regexp '^resume\.eval: set/01-en-x\.expected\.json: invalid JSON: .*Unfinished JSON term'
	run -0 sed 1d <<<"$stderr"
	assert_output - <<-'EOF'
	resume.eval: set/02-en-x.expected.json: basics: unknown field "title"
	resume.eval: set/03-en-x.expected.json: work[0].startDate: not an ISO 8601 date: "2020/01"
	resume.eval: set/03-en-x.expected.json: work[0].endDate: not an ISO 8601 date: "present"
	resume.eval: set/04-en-x.expected.json: lang: expected "en" or "zh"
	resume.eval: set/04-en-x.expected.json: education: studyType "BSc" is not Associate, Bachelor, Master or PhD
	resume.eval: set/05-en-x.expected.json: work: endDate 2019 before startDate 2021-03
	resume.eval: set/07-zh-x.expected.json: expected exactly one input (07-zh-x.txt, .md, .pdf.txt, .pdf-left.txt with .pdf-right.txt, or .docx.txt)
	resume.eval: set/06-en-x.txt: no 06-en-x.expected.json
	EOF
	run -1 --separate-stderr EVAL --dir nowhere
	assert_stderr 'resume.eval: nowhere: no such folder'
	mkdir empty
	run -1 --separate-stderr EVAL --dir empty
	assert_stderr 'resume.eval: empty: no *.expected.json in it'
}

@test "usage: --help, and a bad option exits 2" {
	run -0 EVAL --help
	assert_line --index 0 --partial 'resume.eval.sh — score iv-parse-resume'
	run -2 --separate-stderr EVAL --bogus
	assert_stderr --regexp '^usage: sh .*resume\.eval\.sh '
	run -2 --separate-stderr EVAL --dir
	assert_stderr --regexp '^usage: '
}
