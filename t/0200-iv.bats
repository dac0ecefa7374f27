#!/usr/bin/env bats
# The driver: init, doctor, path, commands, completions, help.

load test_helper

@test "iv init && iv doctor succeed in an empty IV_HOME" {
	run -0 iv init
	assert_line "store   $IV_HOME/iv.db"
	assert_line "config  $IV_HOME/config.yaml (created)"
	run -0 iv doctor
	assert_line --partial "ok store $IV_HOME/iv.db (schema $(schema_latest), integrity ok)"
	assert_line --partial "ok config"
	assert_line --partial "ok pdftotext"
}

@test "the default config is commented and valid" {
	iv init
	run -0 grep -c '^#' "$IV_HOME/config.yaml"
	run -0 iv-store check
}

@test "iv init keeps an existing config" {
	mkdir -p "$IV_HOME"
	echo 'engine: builtin' > "$IV_HOME/config.yaml"
	run -0 iv init
	assert_line "config  $IV_HOME/config.yaml (kept)"
	run -0 cat "$IV_HOME/config.yaml"
	assert_output 'engine: builtin'
}

@test "the schema shows every table of the design" {
	iv init
	run -0 sqlite3 "$(iv path db)" .schema
	for t in users resumes job_descriptions interview_sessions conversations learning_plans \
		skill_assessments interview_meetings knowledge llm_cache; do
		assert_output --partial "CREATE TABLE $t ("
	done
	assert_output --partial "CREATE VIRTUAL TABLE knowledge_fts USING fts5"
}

@test "iv doctor fails with a line per problem" {
	run -1 --separate-stderr iv doctor
	assert_stderr --partial "no store at"
	iv init
	printf 'engine: nope\n' > "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv doctor
	assert_stderr --partial "config.yaml:1: engine: 'nope' is not one of builtin|llm"
}

@test "iv doctor reports a missing pdftotext" {
	iv init
	mkdir "$BATS_TEST_TMPDIR/bin"
	for p in sh sed cat sqlite3 mkdir cp mv readlink mktemp rm; do ln -s "$(command -v $p)" "$BATS_TEST_TMPDIR/bin/"; done
	PATH="$IV_BUILD/bin:$BATS_TEST_TMPDIR/bin" run -1 --separate-stderr iv doctor
	assert_stderr --partial "iv: pdftotext not found"
}

@test "iv path, and --db/--user pass through" {
	run -0 iv path
	assert_output "$IV_HOME/iv.db"
	run -0 iv path config
	assert_output "$IV_HOME/config.yaml"
	run -0 iv --db "$BATS_TEST_TMPDIR/x.db" path
	assert_output "$BATS_TEST_TMPDIR/x.db"
}

@test "iv commands lists the commands; completions come from the same place" {
	run -0 iv commands
	assert_line init
	assert_line doctor
	assert_line completions
	refute_line --partial _lib
	commands=$output
	run -0 iv completions
	assert_output "$commands"
	run -0 iv completions path
	assert_line db
	assert_line share
}

@test "every command has a usage and summary line" {
	for c in $(iv commands); do
		run -0 iv help "$c"
		assert_line --index 0 --regexp "^Usage: iv $c"
		[ "${#lines[@]}" -ge 2 ]
		run -0 iv "$c" --help
		assert_line --index 0 --regexp "^Usage: iv $c"
	done
}

@test "iv usage errors exit 2" {
	run -2 --separate-stderr iv
	assert_stderr --partial "Usage: iv"
	run -2 --separate-stderr iv bogus
	assert_stderr $'iv: unknown command \'bogus\'\nTry \'iv --help\' for more information.'
	run -2 --separate-stderr iv ../bin/iv
	assert_stderr --partial "unknown command"
	run -2 --separate-stderr iv --frob
	assert_stderr --partial "iv: unknown option '--frob'"
	run -2 --separate-stderr iv init extra
	assert_stderr $'iv: init takes no arguments\nTry \'iv help init\' for more information.'
}

@test "iv --version" {
	run -0 iv --version
	assert_output --regexp '^iv [0-9]+\.[0-9]+\.[0-9]+$'
}
