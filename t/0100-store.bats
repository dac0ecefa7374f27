#!/usr/bin/env bats
# The store: creation, schema, refusals (lib/store.c through iv-store).

load test_helper

@test "init creates the store with mode 0600, WAL, foreign keys and every table" {
	run -0 iv-store init
	assert_output "$IV_HOME/iv.db"
	[ "$(stat -c %a "$IV_HOME/iv.db")" = 600 ]
	[ "$(stat -c %a "$IV_HOME")" = 700 ]
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA journal_mode"
	assert_output wal
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA user_version"
	assert_output "$(schema_latest)"
	for t in users resumes job_descriptions interview_sessions conversations \
		learning_plans skill_assessments interview_meetings knowledge knowledge_fts \
		llm_cache documents; do
		run -0 sqlite3 "$IV_HOME/iv.db" "SELECT name FROM sqlite_master WHERE name = '$t'"
		assert_output "$t"
	done
}

@test "init is idempotent and creates the user" {
	run -0 iv-store init
	run -0 iv-store init
	[ "$(db_count users)" = 1 ]
	run -0 iv-store --user alice init
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT username FROM users ORDER BY id"
	assert_output $'default\nalice'
}

@test "JSON columns are checked with json_valid" {
	iv-store init
	run sqlite3 "$IV_HOME/iv.db" "UPDATE users SET settings = '{bad'"
	assert_failure
	assert_output --partial "CHECK constraint failed"
}

@test "--db and IV_DB choose the store; --db wins" {
	run -0 iv-store --db "$BATS_TEST_TMPDIR/a/b.db" init
	assert_output "$BATS_TEST_TMPDIR/a/b.db"
	[ -f "$BATS_TEST_TMPDIR/a/b.db" ]
	IV_DB="$BATS_TEST_TMPDIR/c.db" run -0 iv-store path
	assert_output "$BATS_TEST_TMPDIR/c.db"
	IV_DB="$BATS_TEST_TMPDIR/c.db" run -0 iv-store --db x.db path
	assert_output "x.db"
}

@test "XDG_DATA_HOME and XDG_CONFIG_HOME are used without IV_HOME" {
	unset IV_HOME
	export XDG_DATA_HOME="$BATS_TEST_TMPDIR/data" XDG_CONFIG_HOME="$BATS_TEST_TMPDIR/conf"
	run -0 iv-store path db
	assert_output "$BATS_TEST_TMPDIR/data/iv/iv.db"
	run -0 iv-store path config
	assert_output "$BATS_TEST_TMPDIR/conf/iv/config.yaml"
	unset XDG_DATA_HOME XDG_CONFIG_HOME
	run -0 iv-store path db
	assert_output "$HOME/.local/share/iv/iv.db"
}

@test "a missing store is an error for readers" {
	run -1 --separate-stderr iv-store check
	assert_stderr --partial "iv-store: no store at '$IV_HOME/iv.db' (run 'iv init' to create one)"
	[ ! -e "$IV_HOME/iv.db" ]
}

@test "a store from a newer schema is refused" {
	iv-store init
	sqlite3 "$IV_HOME/iv.db" "PRAGMA user_version = 99"
	run -1 --separate-stderr iv-store check
	assert_stderr "iv-store: store '$IV_HOME/iv.db' has schema version 99, newer than this iv knows ($(schema_latest)); upgrade iv to use it"
	run -1 --separate-stderr iv-store init
	assert_stderr --partial "newer than this iv knows"
}

@test "a file that is not an iv store is refused and left alone" {
	mkdir -p "$IV_HOME"
	printf 'hello, not a database, just text that is long enough to be a header......................\n' > "$IV_HOME/iv.db"
	cp "$IV_HOME/iv.db" "$BATS_TEST_TMPDIR/orig"
	run -1 --separate-stderr iv-store check
	assert_stderr "iv-store: '$IV_HOME/iv.db' is not an iv store (not an SQLite database)"
	cmp "$IV_HOME/iv.db" "$BATS_TEST_TMPDIR/orig"
	rm "$IV_HOME/iv.db"
	sqlite3 "$IV_HOME/iv.db" "CREATE TABLE other (x)"
	run -1 --separate-stderr iv-store init
	assert_stderr "iv-store: '$IV_HOME/iv.db' is not an iv store (an SQLite database of another program)"
}

@test "a store that is a folder is refused" {
	mkdir -p "$IV_HOME/iv.db"
	run -1 --separate-stderr iv-store init
	assert_stderr "iv-store: can't open store '$IV_HOME/iv.db': it is a folder"
}

@test "a read-only store can be read and is not written" {
	# Under /tmp, where an unprivileged user can reach it.
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	iv-store init
	chmod 755 "$IV_HOME"
	chmod 444 "$IV_HOME/iv.db"
	sum=$(sha256sum < "$IV_HOME/iv.db")
	run -1 --separate-stderr as_unprivileged iv-store init
	assert_stderr "iv-store: store '$IV_HOME/iv.db' is read-only"
	run -0 --separate-stderr as_unprivileged iv-store check
	assert_line --partial "integrity ok"
	[ "$(sha256sum < "$IV_HOME/iv.db")" = "$sum" ]
	rm -rf "$IV_HOME"
}

@test "check reports integrity, schema and config" {
	iv-store init
	run -0 iv-store check
	assert_line "ok config $IV_HOME/config.yaml"
	assert_line "ok store $IV_HOME/iv.db (schema $(schema_latest), integrity ok)"
}

@test "check reports a bad config with file, line and key" {
	iv-store init
	printf 'engine: llm\ninterview:\n  rounds: twelve\n' > "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv-store check
	assert_stderr --partial "iv-store: config: $IV_HOME/config.yaml:3: interview.rounds: expected a whole number, got string"
}

@test "a bad config stops every program with the file, line and key" {
	printf 'llm:\n  profiles:\n    local:\n      model: [unclosed\n' > "$BATS_TEST_TMPDIR/c.yaml"
	mkdir -p "$IV_HOME"; cp "$BATS_TEST_TMPDIR/c.yaml" "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv-store path db
	assert_stderr --regexp "^iv-store: $IV_HOME/config.yaml:[45]: llm.profiles.local.model: "
}

@test "usage errors exit 2 and point at --help" {
	run -2 --separate-stderr iv-store
	assert_stderr $'iv-store: no command given\nTry \'iv-store --help\' for more information.'
	run -2 --separate-stderr iv-store --bogus
	assert_stderr --partial "iv-store: unknown option '--bogus'"
	run -2 --separate-stderr iv-store frobnicate
	assert_stderr --partial "iv-store: unknown command 'frobnicate'"
	run -2 --separate-stderr iv-store path --db
	assert_stderr --partial "iv-store: option '--db' needs an argument"
	run -2 --separate-stderr iv-store path nowhere
	assert_stderr --partial "iv-store: unknown path 'nowhere'"
}

@test "--help and --version" {
	run -0 iv-store --help
	assert_line --index 0 --partial "Usage: iv-store"
	run -0 iv-store --version
	assert_output --regexp '^iv-store [0-9]+\.[0-9]+\.[0-9]+$'
}

@test "a full stdout is an error, not silence" {
	[ -w /dev/full ] || skip "no /dev/full"
	run -1 --separate-stderr sh -c 'iv-store path > /dev/full'
	assert_stderr --partial "iv-store: error writing output"
}
