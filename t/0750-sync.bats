#!/usr/bin/env bats
# iv sync: all pending memory work, once, one run at a time.

load test_helper
load memory_helper

setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

# What sync could change, with the times it changes.
state() {
	sqlite3 "$IV_HOME/iv.db" "SELECT id, content_hash, embedding_model, hex(embedding), updated_at FROM knowledge;
		SELECT id, path, sha256, chunks, updated_at FROM documents;
		SELECT id, knowledge_updated, knowledge_updated_at FROM interview_sessions;
		SELECT id, synced_to_knowledge FROM interview_meetings;"
}

@test "a fresh store: nothing to do" {
	iv init > /dev/null
	run -0 --separate-stderr iv sync
	assert_output 'sync: nothing to do'
	[ -z "$stderr" ]
	run -0 --separate-stderr iv sync --quiet
	assert_output ''
	[ -z "$stderr" ]
}

@test "everything pending is done, once; a second sync changes nothing" {
	iv init > /dev/null
	mkdir notes
	printf '# Kafka\n\nConsumer groups share partitions.\n' > notes/kafka.md
	printf '向量检索笔记：HNSW 分层图。\n' > notes/vec.txt
	printf 'knowledge:\n  auto_update: true\n  dirs: [%s]\n' "$PWD/notes" > "$IV_HOME/config.yaml"
	s=$(completed_session en)
	db "INSERT INTO knowledge (user_id, collection, source_type, content, content_hash)
		VALUES (1, 'user_memories', 'note', 'Typed into the store by hand', 'h')"
	run -0 --separate-stderr iv sync
	assert_output 'sync: 1 embedded, 1 sessions (3 memories), documents: 2 added'
	[ -z "$stderr" ]
	run -0 db "SELECT count(*), count(embedding) FROM knowledge"
	assert_output '6|6'
	before=$(state)
	run -0 --separate-stderr iv sync
	assert_output 'sync: nothing to do'
	[ "$(state)" = "$before" ]
	# A changed file and a removed one are noticed.
	printf '# Kafka\n\nConsumer groups rebalance.\n' > notes/kafka.md
	rm notes/vec.txt
	run -0 iv sync
	assert_output 'sync: documents: 1 removed, 1 updated'
	# Rows of another model are embedded again.
	db "UPDATE knowledge SET embedding_model = 'old-model' WHERE id = 1"
	run -0 iv sync
	assert_output 'sync: 1 embedded'
}

@test "a failed step is reported and the others still run" {
	iv init > /dev/null
	printf 'knowledge:\n  auto_update: true\n  dirs: [%s]\n' "$PWD/gone" > "$IV_HOME/config.yaml"
	completed_session en > /dev/null
	run -1 --separate-stderr iv sync
	assert_output 'sync: 1 sessions (3 memories), documents: 1 failed'
	assert_stderr 'iv: sync: failed: documents (see above)'
	run -1 --separate-stderr iv sync --quiet
	assert_output 'sync: documents: 1 failed'
}

@test "no store: a clear message" {
	run -1 --separate-stderr iv sync
	assert_stderr "iv: sync: no store at $IV_HOME/iv.db (run 'iv init' first)"
}

@test "one sync at a time: a second one says so and does nothing" {
	iv init > /dev/null
	remember '{"text":"x"}'
	db "UPDATE knowledge SET embedding = NULL"
	# A holder of the lock that is one process, so killing it frees the lock.
	( exec 9>> "$IV_HOME/sync.lock"; flock 9; exec sleep 30 ) 3>&- &
	holder=$!
	for _ in $(seq 100); do
		flock -n "$IV_HOME/sync.lock" true || break
		sleep 0.05
	done
	run -0 --separate-stderr iv sync
	kill "$holder"
	wait "$holder" || true
	assert_output ''
	assert_stderr "iv: sync: another 'iv sync' is running (lock $IV_HOME/sync.lock); nothing done"
	run -0 db "SELECT count(embedding) FROM knowledge"
	assert_output 0
	run -0 iv sync
	assert_output 'sync: 1 embedded'
}

@test "sync while an interview writes turns: nothing lost, no busy errors" {
	iv init > /dev/null
	seq 1 2000 | sed 's/.*/{"text":"memory & about caching and queues"}/' | iv-embed --store > /dev/null
	db "UPDATE knowledge SET embedding = NULL"
	s=$(echo '{}' | iv-store sessions create | jq -r .id)
	(
		for i in $(seq 60); do
			echo "{\"role\":\"interviewer\",\"content\":\"question $i\"}" | iv-store turns add --session "$s" > /dev/null || echo "turn $i failed"
			echo '{}' | iv-store sessions create > /dev/null || echo "session $i failed"
		done
	) > writer.out 2>&1 &
	writer=$!
	for _ in 1 2 3; do
		iv sync > /dev/null 2>> sync.err || echo "sync failed" >> sync.err
	done
	wait "$writer"
	run -0 cat writer.out sync.err
	assert_output ''
	[ "$(db_count conversations "session_id = $s")" = 60 ]
	[ "$(db_count interview_sessions)" = 61 ]
	[ "$(db "SELECT count(embedding) FROM knowledge")" = 2000 ]
}

@test "--cron prints a crontab line for this store" {
	run -0 iv sync --cron
	assert_output "*/30 * * * * IV_HOME='$IV_HOME' '$IV_BUILD/bin/iv' sync --quiet >>'$IV_HOME/sync.log' 2>&1"
	run -2 --separate-stderr iv sync --now
	assert_stderr --partial "iv: unexpected argument '--now'"
}
