#!/usr/bin/env bats
# iv kb update / iv-embed --session, --auto-sessions: memories from
# completed interviews.

load test_helper
load memory_helper

setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

@test "good answers, the summary and skill evidence become memories; the session is marked" {
	export IV_NOW=2026-11-21T12:00:00Z
	iv init > /dev/null
	s=$(completed_session en)
	run -0 --separate-stderr iv-embed --session "$s"
	assert_output "{\"session_id\":$s,\"added\":3,\"skipped\":0,\"already\":false}"
	run -0 db "SELECT source_type, importance, collection FROM knowledge ORDER BY id"
	assert_output $'conversation|8.5|user_memories\nsummary|8.0|user_memories\nskill|8.0|user_memories'
	run -0 db "SELECT content FROM knowledge ORDER BY id"
	assert_output - <<'EOF2'
Q: How does an HNSW index find neighbours?
A: It searches a layered small-world graph greedily from the top layer down
Round 1 mock interview (2026-11-21): overall 6.3/10. Strengths: clear graph explanation. Weaknesses: caching under load. Suggestions: practise cache stampede answers.
Vector databases (8/10): explained HNSW layers; knew the greedy search
EOF2
	run -0 db "SELECT json_extract(metadata, '$.topic'), json_extract(metadata, '$.score'), json_extract(metadata, '$.session_id') FROM knowledge WHERE source_type = 'conversation'"
	assert_output "vector-db|8.5|$s"
	run -0 db "SELECT knowledge_updated, knowledge_updated_at FROM interview_sessions WHERE id = $s"
	assert_output '1|2026-11-21T12:00:00Z'
	# The low-scored answer is not a memory.
	run -0 db "SELECT count(*) FROM knowledge WHERE content LIKE '%Not sure%'"
	assert_output 0
}

@test "Chinese sessions make Chinese memories" {
	iv init > /dev/null
	s=$(completed_session zh)
	iv-embed --session "$s" > /dev/null
	run -0 db "SELECT content FROM knowledge WHERE source_type IN ('conversation', 'skill') ORDER BY id"
	assert_output $'问：请解释向量数据库的HNSW索引\n答：HNSW是分层的小世界图，查询时自顶向下贪心搜索\nVector databases (8/10)：explained HNSW layers；knew the greedy search'
	run -0 bash -c "iv-recall -k 1 --source-type conversation HNSW索引 | jq -r .source_type"
	assert_output conversation
}

@test "idempotent: done once unless --force, and never twice the same memory" {
	iv init > /dev/null
	s=$(completed_session en)
	iv kb update "$s" > /dev/null
	run -0 iv kb update "$s"
	assert_output "{\"session_id\":$s,\"added\":0,\"skipped\":0,\"already\":true}"
	run -0 iv-embed --session --force "$s"
	assert_output "{\"session_id\":$s,\"added\":0,\"skipped\":3,\"already\":false}"
	[ "$(db_count knowledge)" = 3 ]
}

@test "only completed sessions, of this user" {
	iv init > /dev/null
	s=$(echo '{}' | iv-store sessions create | jq -r .id)
	run -1 --separate-stderr iv-embed --session "$s"
	assert_stderr "iv-embed: session $s: session $s is ongoing; only a completed session updates knowledge"
	run -1 --separate-stderr iv-embed --session 99
	assert_stderr 'iv-embed: session 99: no session 99'
	s=$(completed_session en)
	run -1 --separate-stderr iv-embed --user bob --session "$s"
	assert_stderr "iv-embed: session $s: no session $s"
	[ "$(db_count knowledge)" = 0 ]
}

@test "--auto-sessions follows knowledge.auto_update, and the user's setting over it" {
	iv init > /dev/null
	a=$(completed_session en)
	run -0 iv-embed --auto-sessions
	assert_output ''
	[ "$(db_count knowledge)" = 0 ]
	printf 'knowledge:\n  auto_update: true\n' > "$IV_HOME/config.yaml"
	run -0 iv-embed --auto-sessions
	assert_output "{\"session_id\":$a,\"added\":3,\"skipped\":0,\"already\":false}"
	run -0 iv-embed --auto-sessions
	assert_output ''
	b=$(completed_session zh)
	db "UPDATE users SET settings = json_set(settings, '$.auto_update_knowledge', json('false'))"
	run -0 iv-embed --auto-sessions
	assert_output ''
	printf 'knowledge:\n  auto_update: false\n' > "$IV_HOME/config.yaml"
	db "UPDATE users SET settings = json_set(settings, '$.auto_update_knowledge', json('true'))"
	run -0 iv-embed --auto-sessions
	assert_output "{\"session_id\":$b,\"added\":3,\"skipped\":0,\"already\":false}"
}
