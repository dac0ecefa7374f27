#!/usr/bin/env bats
# iv interview turns a finished session into memories when asked to.

load test_helper

interview() {
	run -0 --separate-stderr iv interview --rounds 3 --lang en --answers "$FIXTURES/interview-en.txt" "$@"
}

@test "without the setting a finished interview makes no memories" {
	iv init >/dev/null
	interview
	[ "$(db_count interview_sessions "status = 'completed' AND knowledge_updated = 0")" = 1 ]
	[ "$(db_count knowledge)" = 0 ]
}

@test "--update-knowledge makes memories of the session and marks it" {
	iv init >/dev/null
	interview --update-knowledge
	refute_stderr --partial "memories not updated"
	[ "$(db_count interview_sessions "knowledge_updated = 1")" = 1 ]
	[ "$(db_count knowledge "collection = 'user_memories' AND source_type = 'summary'")" -ge 1 ]
	run -0 --separate-stderr iv-recall -k 3 --collection user_memories "mock interview weaknesses"
	assert_line --index 0 --partial '"source_type":"summary"'
	assert_line --index 0 --partial '"source_id":"1"'
}

@test "knowledge.auto_update in the config does the same" {
	iv init >/dev/null
	printf 'knowledge:\n  auto_update: true\n' >> "$IV_HOME/config.yaml"
	interview
	[ "$(db_count interview_sessions "knowledge_updated = 1")" = 1 ]
	[ "$(db_count knowledge)" -ge 1 ]
}
