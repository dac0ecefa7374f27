#!/usr/bin/env bats
# iv-store export and import: the whole store as JSON lines and back, all
# or nothing.

load test_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
	# Rows in every table: Chinese text, JSON columns, embedding BLOBs,
	# knowledge rows (their FTS index kept by triggers), two users.
	sqlite3 "$IV_HOME/iv.db" "DELETE FROM users"
	sqlite3 -bail "$IV_HOME/iv.db" < "$FIXTURES/0101-every-table.sql"
	NEW="$BATS_TEST_TMPDIR/new.db"
}

# A checksum of the store's content as export shows it.
store_sum() {
	iv-store --db "$1" export | sha256sum
}

@test "export: a header, then every table in order, rows by primary key" {
	run -0 --separate-stderr iv-store export
	version=$(sqlite3 "$IV_HOME/iv.db" "PRAGMA user_version")
	assert_line --index 0 "{\"iv_export\":1,\"schema_version\":$version}"
	run -0 bash -c "iv-store export | tail -n +2 | jq -r .table | uniq | tr '\n' ' '"
	assert_output "users resumes job_descriptions interview_sessions conversations learning_plans skill_assessments interview_meetings documents knowledge llm_cache "
	run -0 bash -c "iv-store export | jq -r 'select(.table == \"llm_cache\") | .row.key' | tr '\n' ' '"
	assert_output "k1 k2 "
	[ "$(iv-store export | wc -l)" = 20 ]
	# Both users' rows, whoever asks.
	run -0 bash -c "iv-store --user alice export | jq -r 'select(.table == \"users\") | .row.username' | tr '\n' ' '"
	assert_output "default alice "
}

@test "export: JSON columns nested, BLOBs base64, Chinese as is" {
	run -0 bash -c "iv-store export | grep -F '\"table\":\"users\"' | head -1"
	assert_output '{"table":"users","row":{"id":1,"username":"default","email":null,"profile":{"name":"张伟","years":3},"settings":{},"is_active":1,"last_login":null,"created_at":"2026-01-01T08:00:00Z","updated_at":"2026-01-01T08:00:00Z"}}'
	run -0 bash -c "iv-store export | jq -c 'select(.table == \"knowledge\") | [.row.id, .row.embedding, .row.metadata]'"
	assert_output $'[1,"AACAPwAAAL8AAAAAzcxMPg==",{"session_id":1}]\n[2,null,{}]\n[3,"AAAAAA==",{}]'
}

@test "export | import into a new store | export reproduces the export byte for byte" {
	iv-store export > "$BATS_TEST_TMPDIR/one.jsonl"
	run -0 --separate-stderr bash -c "iv-store export | iv-store --db '$NEW' import && iv-store --db '$NEW' export > '$BATS_TEST_TMPDIR/two.jsonl'"
	assert_stderr ''
	cmp "$BATS_TEST_TMPDIR/one.jsonl" "$BATS_TEST_TMPDIR/two.jsonl"
	# The blob is the same bytes, the FTS index answers, the store is sound.
	run -0 sqlite3 "$NEW" "SELECT hex(embedding) FROM knowledge WHERE id = 1"
	assert_output 0000803F000000BF00000000CDCC4C3E
	run -0 sqlite3 "$NEW" "SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH '检索' ORDER BY rowid"
	assert_output 1
	run -0 sqlite3 "$NEW" "SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH 'reranking'"
	assert_output 3
	run -0 iv-store --db "$NEW" check
	assert_line --partial "integrity ok"
	run -0 sqlite3 "$NEW" "PRAGMA foreign_key_check"
	assert_output ''
	# What the store's own commands show is the same too.
	[ "$(iv-store records list)" = "$(iv-store --db "$NEW" records list)" ]
	[ -n "$(iv-store records list)" ]
}

@test "import reads a file argument, and '-' for stdin" {
	iv-store export > "$BATS_TEST_TMPDIR/e.jsonl"
	run -0 iv-store --db "$NEW" import "$BATS_TEST_TMPDIR/e.jsonl"
	[ "$(store_sum "$NEW")" = "$(store_sum "$IV_HOME/iv.db")" ]
	rm -f "$NEW"*
	run -0 iv-store --db "$NEW" import - < "$BATS_TEST_TMPDIR/e.jsonl"
	[ "$(store_sum "$NEW")" = "$(store_sum "$IV_HOME/iv.db")" ]
	run -1 --separate-stderr iv-store --db "$NEW" import "$BATS_TEST_TMPDIR/none.jsonl"
	assert_stderr "iv-store: can't read '$BATS_TEST_TMPDIR/none.jsonl': No such file or directory"
	run -2 --separate-stderr iv-store import a b
	assert_stderr --partial "iv-store: import takes one file, not 'b'"
}

@test "a malformed line in an import names its line number, exits 1 and leaves the store unchanged" {
	iv-store export > "$BATS_TEST_TMPDIR/e.jsonl"
	# A store that already holds something of its own (ids apart).
	iv-store --db "$NEW" --user zoe init >/dev/null
	sqlite3 "$NEW" "UPDATE users SET id = 100;
		INSERT INTO interview_sessions (id, user_id, round_number) VALUES (50, 100, 1)"
	before=$(store_sum "$NEW")
	# bad LINE SED-EXPR MESSAGE: edit one line of the export, import, check.
	bad() {
		sed "$2" "$BATS_TEST_TMPDIR/e.jsonl" > "$BATS_TEST_TMPDIR/bad.jsonl"
		run -1 --separate-stderr iv-store --db "$NEW" import "$BATS_TEST_TMPDIR/bad.jsonl"
		assert_stderr "iv-store: $BATS_TEST_TMPDIR/bad.jsonl:$1: $3"
		[ "$(store_sum "$NEW")" = "$before" ] || fail "line $1: the store changed"
		[ "$(db_count_in "$NEW" knowledge)" = 0 ] || fail "line $1: rows were written"
	}
	db_count_in() { sqlite3 "$1" "SELECT count(*) FROM $2"; }
	bad 12 '12s/.*/{"table":"learning_plans","row":{/' "invalid JSON: Unfinished JSON term at EOF at column 33"
	bad 1 '1s/"schema_version":[0-9]*/"schema_version":99/' "schema version 99 is not one this iv knows (1 to $(sqlite3 "$NEW" 'PRAGMA user_version'))"
	bad 1 '1s/"iv_export":1/"iv_export":2/' "export format 2 is not one this iv reads (1)"
	bad 1 '1d' "not an iv export (it starts with {\"iv_export\":1,\"schema_version\":N})"
	bad 3 '3s/"table":"users"/"table":"people"/' "unknown table 'people'"
	bad 3 '3s/"username"/"nickname"/' "users: unknown column 'nickname'"
	bad 3 '3s/"username":"alice"/"username":["alice"]/' "users.username: expected a string, got array"
	bad 16 '16s/"importance":7.5/"importance":"high"/' "knowledge.importance: expected a number, got string"
	bad 16 '16s/"embedding":"[^"]*"/"embedding":"not base64!"/' "knowledge.embedding: not base64"
	bad 8 '8s/"status":"ongoing"/"status":"stuck"/' "interview_sessions: CHECK constraint failed: status IN ('ongoing', 'paused', 'completed', 'cancelled')"
	bad 3 '3s/"username":"alice"/"username":null/' "users: NOT NULL constraint failed: users.username"
	bad 3 '3s/"username":"alice"/"username":"default"/' "users: UNIQUE constraint failed: users.username"
	bad 10 '10s/"reply_to":1/"reply_to":42/' "conversations row 2 refers to a missing conversations row"
	bad 3 '3s/"row":/"extra":1,"row":/' "unknown field 'extra'"
	bad 3 '3s/"row":{.*}}$/"row":{}}/' "users: an empty row"
	bad 20 '20s/.*/[1,2]/' "expected a JSON object, got array"
}

@test "an empty input is not an export" {
	before=$(store_sum "$IV_HOME/iv.db")
	run -1 --separate-stderr iv-store import </dev/null
	assert_stderr "iv-store: stdin: no input (an export starts with {\"iv_export\":1,\"schema_version\":N})"
	[ "$(store_sum "$IV_HOME/iv.db")" = "$before" ]
	run -1 --separate-stderr iv-store import <<<'   '
	assert_stderr --partial "iv-store: stdin: no input"
}

@test "importing rows whose ids are in the store is refused, not merged" {
	iv-store export > "$BATS_TEST_TMPDIR/e.jsonl"
	before=$(store_sum "$IV_HOME/iv.db")
	run -1 --separate-stderr iv-store import "$BATS_TEST_TMPDIR/e.jsonl"
	assert_stderr "iv-store: $BATS_TEST_TMPDIR/e.jsonl:2: users: a row with id 1 is already in the store (import into a new store)"
	[ "$(store_sum "$IV_HOME/iv.db")" = "$before" ]
	# A store made by `iv init` holds its user already.
	iv-store --db "$NEW" init >/dev/null
	run -1 --separate-stderr iv-store --db "$NEW" import "$BATS_TEST_TMPDIR/e.jsonl"
	assert_stderr "iv-store: $BATS_TEST_TMPDIR/e.jsonl:2: users: a row with id 1 is already in the store (import into a new store)"
	# The cache's key is its primary key.
	grep -F '"table":"llm_cache"' "$BATS_TEST_TMPDIR/e.jsonl" | head -1 > "$BATS_TEST_TMPDIR/cache.jsonl"
	(head -1 "$BATS_TEST_TMPDIR/e.jsonl"; cat "$BATS_TEST_TMPDIR/cache.jsonl") > "$BATS_TEST_TMPDIR/c.jsonl"
	run -1 --separate-stderr iv-store import "$BATS_TEST_TMPDIR/c.jsonl"
	assert_stderr "iv-store: $BATS_TEST_TMPDIR/c.jsonl:2: llm_cache: a row with key \"k1\" is already in the store (import into a new store)"
}

@test "rows with new ids join a store that has others" {
	iv-store --db "$NEW" init >/dev/null
	printf '%s\n' "{\"iv_export\":1,\"schema_version\":1}" \
		'{"table":"users","row":{"id":7,"username":"李雷"}}' \
		'{"table":"interview_sessions","row":{"id":3,"user_id":7,"round_number":1}}' |
		iv-store --db "$NEW" import
	run -0 iv-store --db "$NEW" --user 李雷 sessions list
	run -0 jq -c '[.id, .status, .max_rounds, .metadata]' <<<"$output"
	assert_output '[3,"ongoing",5,{}]'
	[ "$(sqlite3 "$NEW" "SELECT count(*) FROM users")" = 2 ]
}

@test "import into a read-only store is refused" {
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	iv-store init >/dev/null
	iv-store export > "$IV_HOME/e.jsonl"
	chmod 755 "$IV_HOME"
	chmod 444 "$IV_HOME/iv.db" "$IV_HOME/e.jsonl"
	run -1 --separate-stderr as_unprivileged iv-store import "$IV_HOME/e.jsonl"
	assert_stderr "iv-store: store '$IV_HOME/iv.db' is read-only"
	# Export only reads.
	run -0 --separate-stderr as_unprivileged iv-store export
	assert_line --index 1 --partial '"username":"default"'
	rm -rf "$IV_HOME"
}
