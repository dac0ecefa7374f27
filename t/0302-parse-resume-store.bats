#!/usr/bin/env bats
# iv-parse-resume --store: versions, the same content once, the default.

load test_helper

# Files the tests make go in the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

SAMPLES="$IV_SRC/share/samples"

@test "--store keeps versions 1, 2, ...; the first is the default" {
	run -0 bash -c "iv-parse-resume --store '$SAMPLES/resume-en.md' | jq -c '[.id, .version, .is_default, .existing, .basics.name]'"
	assert_output '[1,1,true,false,"Li Wei"]'
	run -0 bash -c "iv-parse-resume --store '$SAMPLES/resume-zh.md' | jq -c '[.id, .version, .is_default, .existing]'"
	assert_output '[2,2,false,false]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT id, version, is_default, title, target_position, original_filename, file_type, lang, parse_status, json_extract(parsed_data, '$.basics.name'), json_array_length(extracted_skills) > 10 FROM resumes ORDER BY id"
	assert_output $'1|1|1|Li Wei|AI Application Engineer|resume-en.md|markdown|en|parsed|Li Wei|1\n2|2|0|张伟|AI应用开发工程师|resume-zh.md|markdown|zh|parsed|张伟|1'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT sha256 FROM resumes WHERE id = 2"
	assert_output "$(sha256sum < "$SAMPLES/resume-zh.md" | cut -d' ' -f1)"
}

@test "the same content twice is kept once and reported with its id" {
	iv-parse-resume --store "$SAMPLES/resume-en.md" >/dev/null
	cp "$SAMPLES/resume-en.md" renamed.md
	run -0 bash -c "iv-parse-resume --store renamed.md | jq -c '[.id, .version, .existing]'"
	assert_output '[1,1,true]'
	[ "$(db_count resumes)" = 1 ]
}

@test "--default moves the one default; --set-default too" {
	iv-parse-resume --store "$SAMPLES/resume-en.md" >/dev/null
	run -0 bash -c "iv-parse-resume --store --default '$SAMPLES/resume-zh.md' | jq -c '[.id, .is_default]'"
	assert_output '[2,true]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT group_concat(id) FROM resumes WHERE is_default = 1"
	assert_output 2
	run -0 bash -c "iv-parse-resume --set-default 1 | jq -c '[.id, .is_default, .basics.name]'"
	assert_output '[1,true,"Li Wei"]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT group_concat(id) FROM resumes WHERE is_default = 1"
	assert_output 1
	# A stored duplicate can be made the default by adding it again.
	run -0 bash -c "iv-parse-resume --store --default '$SAMPLES/resume-zh.md' | jq -c '[.id, .is_default, .existing]'"
	assert_output '[2,true,true]'
	run -1 --separate-stderr iv-parse-resume --set-default 9
	assert_stderr "iv-parse-resume: no resume 9"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT group_concat(id) FROM resumes WHERE is_default = 1"
	assert_output 2
}

@test "resumes belong to their user" {
	iv-parse-resume --store "$SAMPLES/resume-en.md" >/dev/null
	run -0 bash -c "iv-parse-resume --user bob --store '$SAMPLES/resume-en.md' | jq -c '[.id, .version, .is_default, .existing]'"
	assert_output '[2,1,true,false]'
	run -1 --separate-stderr iv-parse-resume --user bob --set-default 1
	assert_stderr "iv-parse-resume: no resume 1"
}

@test "a failed file among stored ones stores nothing for it" {
	: > empty.txt
	run -1 --separate-stderr iv-parse-resume --store empty.txt "$SAMPLES/resume-zh.md"
	assert_stderr "iv-parse-resume: empty.txt: empty file"
	[ "$(db_count resumes)" = 1 ]
}
