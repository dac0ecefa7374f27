#!/usr/bin/env bats
# iv-store turns and records: adding, listing, filtering, grading, bad lines
# and two writers at once.

load test_helper

setup() {
	iv_test_env
	export IV_NOW=2026-03-01T10:00:00Z
	iv-store init >/dev/null
	iv-store sessions create </dev/null >/dev/null
}

# rec SESSION QUESTION ANSWER [SCORE]: one record line.
rec() {
	jq -nc --argjson s "$1" --arg q "$2" --arg a "$3" --argjson score "${4:-null}" \
		'{session_id: $s, question: $q, answer: $a, score: $score}'
}

@test "turns add stores lines in order and prints each new turn" {
	run -0 --separate-stderr iv-store turns add --session 1 <<'EOF'
{"role":"interviewer","content":"请介绍一下 RAG。","metadata":{"topic":"rag"}}
{"role":"candidate","content":"先检索，再生成。","reply_to":1}

{"role":"system","content":"paused by the user"}
EOF
	run -0 jq -c '[.id, .sequence_number, .role, .reply_to, .metadata]' <<<"$output"
	assert_output $'[1,1,"interviewer",null,{"topic":"rag"}]\n[2,2,"candidate",1,{}]\n[3,3,"system",null,{}]'
	run -0 bash -c 'iv-store turns list --session 1 | jq -c "[.sequence_number, .content]"'
	assert_output $'[1,"请介绍一下 RAG。"]\n[2,"先检索，再生成。"]\n[3,"paused by the user"]'
}

@test "turns add stops at the first bad line and names it; earlier lines are kept" {
	run -1 --separate-stderr iv-store turns add --session 1 <<'EOF'
{"role":"interviewer","content":"Q1"}
{"role":"candidate","content":"A1","reply_to":1,"mood":"calm"}
{"role":"interviewer","content":"Q2"}
EOF
	assert_stderr "iv-store: stdin:2: unknown field 'mood'"
	run -0 jq -c .content <<<"$output"
	assert_output '"Q1"'
	[ "$(db_count conversations)" = 1 ]
	bad() {
		run -1 --separate-stderr iv-store turns add --session 1 <<<"$1"
		assert_stderr "iv-store: stdin:1: $2"
	}
	bad '{"role":"candidate"}' "missing field 'content'"
	bad '{"role":"boss","content":"x"}' "'boss' is not a role (interviewer, candidate, system)"
	bad '{"role":"candidate","content":7}' "field 'content': expected a string, got number"
	bad '{"role":"candidate","content":"x","score":11}' "score 11 is out of range (0 to 10)"
	bad '{"role":"candidate","content":"x","reply_to":99}' "turn 99 is not a question of session 1"
	bad '{"role":"candidate","content":"x","metadata":[1]}' "field 'metadata': expected an object, got array"
	bad '["role"]' "expected a JSON object, got array"
	bad '{"role":' "invalid JSON: Unfinished JSON term at EOF at column 8"
	iv-store turns add --session 1 <<<'{"role":"candidate","content":"A1","reply_to":1}' >/dev/null
	bad '{"role":"candidate","content":"again","reply_to":1}' "question 1 already has an answer"
	[ "$(db_count conversations)" = 2 ]
}

@test "turns need the user's ongoing session" {
	run -2 --separate-stderr iv-store turns add
	assert_stderr --partial "iv-store: turns add needs --session ID"
	run -1 --separate-stderr iv-store turns add --session 4 <<<'{"role":"system","content":"x"}'
	assert_stderr "iv-store: no session 4"
	run -1 --separate-stderr iv-store --user bob turns add --session 1 <<<'{"role":"system","content":"x"}'
	assert_stderr "iv-store: no session 1"
	run -1 --separate-stderr iv-store --user bob turns list --session 1
	assert_stderr "iv-store: no session 1"
	iv-store sessions update 1 --status paused >/dev/null
	run -1 --separate-stderr iv-store turns add --session 1 <<<'{"role":"system","content":"x"}'
	assert_stderr "iv-store: stdin:1: session 1 is paused; only an ongoing session takes new turns"
	[ "$(db_count conversations)" = 0 ]
	[ "$(db_count users)" = 1 ]
}

@test "turns update attaches a score and merged metadata to a stored answer" {
	printf '%s\n' '{"role":"interviewer","content":"Q"}' '{"role":"candidate","content":"A","reply_to":1,"metadata":{"typed_at":"10:00"}}' |
		iv-store turns add --session 1 >/dev/null
	run -0 iv-store turns update 2 --score 6.5 --metadata '{"grade":{"coverage":0.5},"feedback":"多举例"}'
	run -0 jq -c '[.id, .score, .metadata]' <<<"$output"
	assert_output '[2,6.5,{"typed_at":"10:00","grade":{"coverage":0.5},"feedback":"多举例"}]'
	# Only what is given changes; a finished session's turns can be graded.
	iv-store sessions update 1 --status completed >/dev/null
	run -0 iv-store turns update 2 --metadata '{"feedback":"好"}'
	run -0 jq -c '[.score, .metadata.feedback, .metadata.grade]' <<<"$output"
	assert_output '[6.5,"好",{"coverage":0.5}]'
	run -1 --separate-stderr iv-store turns update 9 --score 1
	assert_stderr "iv-store: no turn 9"
	run -1 --separate-stderr iv-store --user bob turns update 2 --score 1
	assert_stderr "iv-store: no turn 2"
	run -2 --separate-stderr iv-store turns update 2 --score 10.5
	assert_stderr --partial "iv-store: option '--score' takes a number from 0 to 10, not '10.5'"
	run -2 --separate-stderr iv-store turns update 2
	assert_stderr --partial "iv-store: turns update needs --score or --metadata"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT score FROM conversations WHERE id = 2"
	assert_output 6.5
}

@test "records add stores a question and its answer; records list reads them back" {
	run -0 --separate-stderr iv-store records add <<'EOF'
{"session_id":1,"question":"什么是向量数据库？","answer":"存储向量并按相似度检索的数据库。","score":8,"feedback":"可以提到 ANN 索引","metadata":{"topic":"vector-db"}}
{"session_id":1,"question":"What is RAG?","answer":"Retrieval-augmented generation."}
EOF
	run -0 jq -c . <<<"$output"
	assert_line --index 0 '{"id":1,"session_id":1,"sequence_number":1,"question":"什么是向量数据库？","answer":"存储向量并按相似度检索的数据库。","answer_id":2,"score":8,"feedback":"可以提到 ANN 索引","metadata":{"topic":"vector-db"},"created_at":"2026-03-01T10:00:00Z"}'
	assert_line --index 1 '{"id":3,"session_id":1,"sequence_number":3,"question":"What is RAG?","answer":"Retrieval-augmented generation.","answer_id":4,"score":null,"feedback":null,"metadata":{},"created_at":"2026-03-01T10:00:00Z"}'
	run -0 iv-store records list
	assert_line --index 0 '{"id":1,"session_id":1,"sequence_number":1,"question":"什么是向量数据库？","answer":"存储向量并按相似度检索的数据库。","answer_id":2,"score":8,"feedback":"可以提到 ANN 索引","metadata":{"topic":"vector-db"},"created_at":"2026-03-01T10:00:00Z"}'
	# Underneath: two turns, the feedback in the answer's metadata.
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT role, reply_to, score, metadata FROM conversations WHERE id <= 2"
	assert_output $'interviewer|||{"topic":"vector-db"}\ncandidate|1|8.0|{"feedback":"可以提到 ANN 索引"}'
}

@test "a grade attached to the answer shows in the record" {
	rec 1 Q A | iv-store records add >/dev/null
	iv-store turns update 2 --score 4 --metadata '{"feedback":"太短","grade":{"depth":1}}' >/dev/null
	run -0 bash -c 'iv-store records list | jq -c "[.score, .feedback, .metadata]"'
	assert_output '[4,"太短",{"grade":{"depth":1}}]'
}

@test "records add: each line whole or not at all; the bad line is named" {
	run -1 --separate-stderr iv-store records add <<EOF
$(rec 1 Q1 A1 5)
{"session_id":1,"question":"Q2","answer":"A2","score":12}
$(rec 1 Q3 A3)
EOF
	assert_stderr "iv-store: stdin:2: score 12 is out of range (0 to 10)"
	run -0 jq -r .question <<<"$output"
	assert_output Q1
	# The failed line left no lonely question behind.
	[ "$(db_count conversations)" = 2 ]
	bad() {
		run -1 --separate-stderr iv-store records add <<<"$1"
		assert_stderr "iv-store: stdin:1: $2"
	}
	bad '{"session_id":1,"question":"Q"}' "missing field 'answer'"
	bad '{"session_id":"1","question":"Q","answer":"A"}' "field 'session_id': expected a whole number, got string"
	bad '{"session_id":1,"question":"Q","answer":"A","feedback":3}' "field 'feedback': expected a string, got number"
	bad '{"session_id":1,"question":"Q","answer":"A","extra":1}' "unknown field 'extra'"
	bad '{"session_id":5,"question":"Q","answer":"A"}' "no session 5"
	bad 'not json' "invalid JSON: Invalid numeric literal at column 4"
	run -1 --separate-stderr iv-store --user bob records add <<<"$(rec 1 Q A)"
	assert_stderr "iv-store: stdin:1: no session 1"
	[ "$(db_count conversations)" = 2 ]
	[ "$(db_count users)" = 1 ]
}

@test "records list filters by session, type, status, dates and score, and pages" {
	IV_NOW=2026-03-02T08:00:00Z iv-store sessions create --type real </dev/null >/dev/null
	rec 1 q1 a1 9 | IV_NOW=2026-03-01T09:00:00Z iv-store records add >/dev/null	# id 1
	rec 2 q2 a2 5 | IV_NOW=2026-03-02T09:00:00Z iv-store records add >/dev/null	# id 3
	rec 1 q3 a3 7 | IV_NOW=2026-03-03T09:00:00Z iv-store records add >/dev/null	# id 5
	rec 2 q4 a4 | IV_NOW=2026-03-03T10:00:00Z iv-store records add >/dev/null	# id 7
	iv-store sessions update 2 --status completed >/dev/null
	qs() { iv-store records list "$@" | jq -r .question | tr '\n' ' '; }
	[ "$(qs)" = "q1 q2 q3 q4 " ]
	[ "$(qs --session 1)" = "q1 q3 " ]
	[ "$(qs --type real)" = "q2 q4 " ]
	[ "$(qs --status completed)" = "q2 q4 " ]
	[ "$(qs --status ongoing --type mock)" = "q1 q3 " ]
	[ "$(qs --since 2026-03-02)" = "q2 q3 q4 " ]
	[ "$(qs --until 2026-03-02)" = "q1 q2 " ]
	[ "$(qs --until 2026-03-03T09:00:00Z)" = "q1 q2 q3 " ]
	[ "$(qs --min-score 7)" = "q1 q3 " ]
	[ "$(qs --min-score 7 --session 1 --limit 1 --offset 1)" = "q3 " ]
	[ "$(qs --limit 2 --offset 1)" = "q2 q3 " ]
	run -1 --separate-stderr iv-store records list --session 9
	assert_stderr "iv-store: no session 9"
	run -1 --separate-stderr iv-store --user bob records list --session 1
	assert_stderr "iv-store: no session 1"
	run -0 iv-store --user bob records list
	assert_output ''
}

@test "questions not answered yet are not records" {
	iv-store turns add --session 1 <<<'{"role":"interviewer","content":"unanswered"}' >/dev/null
	rec 1 Q A 3 | iv-store records add >/dev/null
	run -0 bash -c 'iv-store records list | jq -r .question'
	assert_output Q
}

@test "two writers adding turns to one session at once both succeed" {
	for i in $(seq 300); do printf '{"role":"system","content":"a%d"}\n' "$i"; done > "$BATS_TEST_TMPDIR/a"
	for i in $(seq 300); do printf '{"role":"system","content":"b%d"}\n' "$i"; done > "$BATS_TEST_TMPDIR/b"
	iv-store turns add --session 1 < "$BATS_TEST_TMPDIR/a" > "$BATS_TEST_TMPDIR/oa" 2> "$BATS_TEST_TMPDIR/ea" &
	a=$!
	iv-store turns add --session 1 < "$BATS_TEST_TMPDIR/b" > "$BATS_TEST_TMPDIR/ob" 2> "$BATS_TEST_TMPDIR/eb" &
	b=$!
	wait "$a" || fail "writer a: $(cat "$BATS_TEST_TMPDIR/ea")"
	wait "$b" || fail "writer b: $(cat "$BATS_TEST_TMPDIR/eb")"
	[ ! -s "$BATS_TEST_TMPDIR/ea" ] && [ ! -s "$BATS_TEST_TMPDIR/eb" ]
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*), count(DISTINCT sequence_number), min(sequence_number), max(sequence_number) FROM conversations"
	assert_output '600|600|1|600'
	# Each writer's lines keep their order.
	run -0 bash -c "iv-store turns list --session 1 | jq -r 'select(.content | startswith(\"a\")) | .content' | sed 's/^a//' | sort -nc"
}

@test "a read-only store can be read but not written" {
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	iv-store init >/dev/null
	iv-store sessions create </dev/null >/dev/null
	chmod 755 "$IV_HOME"
	chmod 444 "$IV_HOME/iv.db"
	run -0 --separate-stderr as_unprivileged iv-store sessions list
	run -0 jq -r .id <<<"$output"
	assert_output 1
	run -1 --separate-stderr as_unprivileged iv-store turns add --session 1 <<<'{"role":"system","content":"x"}'
	assert_stderr "iv-store: store '$IV_HOME/iv.db' is read-only"
	run -1 --separate-stderr as_unprivileged iv-store records add <<<"$(rec 1 Q A)"
	assert_stderr "iv-store: store '$IV_HOME/iv.db' is read-only"
	rm -rf "$IV_HOME"
}

@test "readers need a store; a store from a newer iv is refused" {
	rm -rf "$IV_HOME"
	for cmd in "sessions list" "records list" "turns list --session 1" "sessions show 1" "export" "pending"; do
		run -1 --separate-stderr iv-store $cmd
		assert_stderr "iv-store: no store at '$IV_HOME/iv.db' (run 'iv init' to create one)"
	done
	[ ! -e "$IV_HOME/iv.db" ]
	iv-store init >/dev/null
	sqlite3 "$IV_HOME/iv.db" "PRAGMA user_version = 999"
	run -1 --separate-stderr iv-store records add <<<"$(rec 1 Q A)"
	assert_stderr --partial "has schema version 999, newer than this iv knows"
	run -1 --separate-stderr iv-store sessions list
	assert_stderr --partial "has schema version 999, newer than this iv knows"
}
