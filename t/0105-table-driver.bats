#!/usr/bin/env bats
# --table (lib/table.c) and the driver's `iv sessions` and `iv records`.

load test_helper

setup() {
	iv_test_env
	export IV_NOW=2026-03-01T10:00:00Z
	iv init >/dev/null
	iv-store sessions create --type mock --lang zh </dev/null >/dev/null
	iv-store sessions create --type real </dev/null >/dev/null
	printf '%s\n' \
		'{"session_id":1,"question":"什么是检索增强生成？","answer":"先检索再生成","score":8}' \
		'{"session_id":1,"question":"What is RAG?","answer":"Retrieval, then\ngeneration.","score":6.5}' |
		iv-store records add >/dev/null
}

# Run a command on a pseudo-terminal (script(1)); output without the \r.
on_tty() {
	script -qec "$*" /dev/null | tr -d '\r'
}

@test "--table aligns columns by display width: CJK takes two columns" {
	run -0 iv-store records list --table
	assert_output - <<'EOF'
ID  SESSION  SCORE  CREATED           QUESTION              ANSWER
 1        1      8  2026-03-01 10:00  什么是检索增强生成？  先检索再生成
 3        1    6.5  2026-03-01 10:00  What is RAG?          Retrieval, then generation.
EOF
}

@test "--table shortens long cells with an ellipsis to fit \$COLUMNS" {
	COLUMNS=60 run -0 iv-store records list --table
	assert_output - <<'EOF'
ID  SESSION  SCORE  CREATED           QUESTION    ANSWER
 1        1      8  2026-03-01 10:00  什么是检…   先检索再…
 3        1    6.5  2026-03-01 10:00  What is R…  Retrieval…
EOF
	while IFS= read -r line; do
		[ "$(printf '%s' "$line" | wc -L)" -le 60 ] || fail "too wide: $line"
	done <<<"$output"
}

@test "--table fits 100 columns when there is no terminal and no COLUMNS" {
	long=$(printf 'word %.0s' $(seq 40))
	printf '{"session_id":1,"question":"%s","answer":"%s"}\n' "$long" "$long" | iv-store records add >/dev/null
	run -0 iv-store records list --table
	while IFS= read -r line; do
		[ "$(printf '%s' "$line" | wc -L)" -le 100 ] || fail "too wide: $line"
	done <<<"$output"
	assert_line --index 3 --regexp '^ 5        1      -  2026-03-01 10:00  word word .*…  word word .*…$'
}

@test "--table on sessions, turns, resumes, jds and pending" {
	run -0 iv-store sessions list --table
	assert_output - <<'EOF'
ID  ROUND  TYPE  STATUS   LANG  ENGINE   SCORE  CREATED
 1      1  mock  ongoing  zh    builtin      -  2026-03-01 10:00
 2      2  real  ongoing  -     builtin      -  2026-03-01 10:00
EOF
	run -0 iv-store turns list --session 1 --table
	assert_line --index 0 'ID  SEQ  ROLE         SCORE  CREATED           CONTENT'
	assert_line --index 1 ' 1    1  interviewer      -  2026-03-01 10:00  什么是检索增强生成？'
	run -0 iv-store resumes list --table
	assert_output 'ID  VERSION  DEFAULT  LANG  CREATED  TITLE  POSITION  FILE'
	run -0 iv-store jds list --table
	assert_output 'ID  DEFAULT  LANG  MATCH  CREATED  TITLE  COMPANY  LOCATION'
	run -0 iv-store pending --table
	assert_output 'ID  COLLECTION  SOURCE  IMPORTANCE  TEXT'
}

@test "iv sessions and iv records: JSON lines when piped or with --json" {
	run -0 bash -c 'iv sessions | jq -c "[.id, .session_type]"'
	assert_output $'[1,"mock"]\n[2,"real"]'
	run -0 bash -c 'iv records --min-score 7 | jq -r .question'
	assert_output '什么是检索增强生成？'
	run -0 bash -c 'iv sessions --type=real --json | jq .id'
	assert_output 2
	run -0 bash -c 'iv records --session 1 --limit 1 --offset 1 | jq .id'
	assert_output 3
	run -0 on_tty iv sessions --json --status ongoing
	assert_line --index 0 --partial '{"id":1,'
}

@test "iv sessions and iv records: a table on a terminal" {
	run -0 on_tty iv sessions --type mock
	assert_output - <<'EOF'
ID  ROUND  TYPE  STATUS   LANG  ENGINE   SCORE  CREATED
 1      1  mock  ongoing  zh    builtin      -  2026-03-01 10:00
EOF
	COLUMNS=60 run -0 on_tty iv records --min-score 6
	assert_line --index 0 'ID  SESSION  SCORE  CREATED           QUESTION    ANSWER'
	assert_line --index 2 ' 3        1    6.5  2026-03-01 10:00  What is R…  Retrieval…'
}

@test "iv sessions and iv records: bad usage" {
	run -2 --separate-stderr iv sessions --session 1
	assert_stderr $'iv: unknown option \'--session\'\nTry \'iv help sessions\' for more information.'
	run -2 --separate-stderr iv records --limit
	assert_stderr --partial "iv: option '--limit' needs an argument"
	run -2 --separate-stderr iv records 3
	assert_stderr --partial "iv: unexpected argument '3'"
	# Values are checked by iv-store.
	run -2 --separate-stderr iv sessions --status done
	assert_stderr --partial "iv-store: option '--status' takes ongoing, paused, completed or cancelled, not 'done'"
	run -1 --separate-stderr iv records --session 9
	assert_stderr "iv-store: no session 9"
}

@test "iv sessions and iv records: help and completion" {
	run -0 iv help sessions
	assert_line --index 0 --partial 'Usage: iv sessions [--status S]'
	run -0 iv records --help
	assert_line --partial '--min-score X   the answer scored at least X'
	run -0 iv commands
	assert_line sessions
	assert_line records
	run -0 iv completions records
	for o in --session --status --type --since --until --min-score --limit --offset --json; do
		assert_line -- "$o"
	done
	run -0 iv completions sessions --limit 3 --status
	assert_output $'--help\nongoing\npaused\ncompleted\ncancelled'
	run -0 iv completions records --type
	assert_output $'--help\nmock\nreal'
}
