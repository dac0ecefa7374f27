#!/usr/bin/env bats
# Whole interviews on the LLM engine: they complete whatever the server
# does; the key goes nowhere but the Authorization header; prompts stay
# under the budget however long the history.

load test_helper
load llm_helper
load agent_helper

# One reply every agent can use: a question for iv-ask, a grade for
# iv-grade (the summary's lists won't fit, so the summary falls back).
universal() {
	jq -nc --arg q "$1" '{json: {question: $q, score: 7,
		dimensions: {technical_accuracy: 7, communication_clarity: 7, depth_breadth: 6},
		covered: [], missed: [], feedback: "Model feedback.",
		strengths: [], weaknesses: [], improvement_suggestions: []}}'
}

# Every third call fails with an error that echoes the key.
every_third_fails() {
	local ok
	ok=$(universal "$1")
	fake_llm_start "{\"default\":[$ok,$ok,{\"status\":500,\"error\":\"upstream failed for key $FAKE_LLM_KEY\"}]}"
	agent_store "retries: 0"
}

# The interview went through: completed, summarized, every answer graded,
# every call's usage with its turn, the model's words and fallbacks both
# seen, and stderr only says which step fell back.
assert_interview() {
	local q=$1
	assert_line --regexp "^(Session 1 is complete. Well done!|会话 1 已完成，辛苦了！)$"
	run -0 sql "SELECT status, json_extract(summary, '$.overall_score') IS NOT NULL FROM interview_sessions"
	assert_output "completed|1"
	run -0 sql "SELECT count(*) FROM conversations WHERE role = 'candidate' AND score IS NULL"
	assert_output 0
	run -0 sql "SELECT count(*) FROM conversations WHERE json_extract(metadata, '$.type') = 'question'
		    AND (json_extract(metadata, '$.engine') != 'llm' OR json_extract(metadata, '$.usage.model') IS NULL)"
	assert_output 0
	run -0 sql "SELECT count(*) FROM conversations WHERE role = 'candidate'
		    AND json_extract(metadata, '$.usage.model') IS NULL"
	assert_output 0
	run -0 sql "SELECT count(*) > 0 FROM conversations WHERE content = '$q' AND NOT json_extract(metadata, '$.fallback')"
	assert_output 1
	run -0 sql "SELECT count(*) > 0 FROM conversations WHERE json_extract(metadata, '$.fallback')"
	assert_output 1
	run -0 sql "SELECT count(*) > 0 FROM conversations WHERE json_extract(metadata, '$.grade.engine') = 'llm'"
	assert_output 1
	run -0 sql "SELECT count(*) > 0 FROM conversations WHERE json_extract(metadata, '$.grade.fallback')"
	assert_output 1
	[ -n "$stderr" ] || fail "no fallback was reported"
	run -1 grep -cvE '^iv-(ask|grade|summarize): (question|grade|summary): .*; using the builtin engine$' <<< "$stderr"
	assert_output 0
}

@test "a whole scripted interview in English completes with the server failing every third call" {
	every_third_fails "Model question: which trade-offs matter most here?"
	run -0 --separate-stderr iv interview --rounds 4 --lang en --answers "$FIXTURES/interview-en.txt"
	assert_output --partial "Model question: which trade-offs matter most here?"
	assert_output --partial "Model feedback."
	assert_interview "Model question: which trade-offs matter most here?"
}

@test "a whole scripted interview in Chinese completes with the server failing every third call" {
	every_third_fails "模型的问题：这里最重要的权衡是什么？"
	run -0 --separate-stderr iv interview --rounds 4 --lang zh --answers "$FIXTURES/interview-zh.txt"
	assert_output --partial "模型的问题：这里最重要的权衡是什么？"
	assert_interview "模型的问题：这里最重要的权衡是什么？"
}

@test "the key goes only in the Authorization header: not in the body, the store or stderr" {
	every_third_fails "Model question: which trade-offs matter most here?"
	run -0 --separate-stderr iv interview --rounds 3 --lang en --answers "$FIXTURES/interview-en.txt"
	# The server's message echoed it; what iv says and keeps has it masked.
	assert_stderr --partial "upstream failed for key ***"
	refute_stderr --partial "$FAKE_LLM_KEY"
	refute_output --partial "$FAKE_LLM_KEY"
	log=$(fake_llm_requests)
	n=$(fake_llm_count)
	[ "$n" -ge 6 ]
	run -0 jq -r '.headers.authorization' <<< "$log"
	[ "$(grep -cx "Bearer $FAKE_LLM_KEY" <<< "$output")" = "$n" ]
	# (.action is the server's script, which has the key in its error)
	run -0 jq -c 'del(.headers.authorization, .action)' <<< "$log"
	refute_output --partial "$FAKE_LLM_KEY"
	refute_output --partial "${FAKE_LLM_KEY#sk-}"
	run -0 sqlite3 "$IV_HOME/iv.db" .dump
	assert_output --partial "upstream failed for key ***"
	refute_output --partial "$FAKE_LLM_KEY"
	refute_output --partial "${FAKE_LLM_KEY#sk-}"
}

# A store with 50 completed sessions with long summaries, an ongoing LLM
# session (51) with 40 long turns, a long active plan, 30 assessed skills
# and memories: far more history than a prompt can take.
big_store() {
	sqlite3 "$IV_HOME/iv.db" <<-'SQL'
	CREATE TEMP VIEW words AS SELECT substr(replace(hex(zeroblob(2000)), '00', 'lorem '), 1, 2000) AS w;
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
	INSERT INTO interview_sessions (user_id, status, round_number, start_time, end_time, overall_score, summary)
	SELECT 1, 'completed', i, date('2026-01-01', '+' || i || ' days'), date('2026-01-01', '+' || i || ' days'),
	       5 + i % 5, json_object('overall_score', 5 + i % 5,
	                              'strengths', json_array(json_object('text', 'Round ' || i || ' strength ' || (SELECT w FROM words))),
	                              'weaknesses', json_array(json_object('text', 'weak ' || (SELECT w FROM words))))
	FROM n;
	INSERT INTO interview_sessions (user_id, status, round_number, lang, engine, model, max_rounds)
	VALUES (1, 'ongoing', 51, 'en', 'llm', 'fake-model', 10);
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40)
	INSERT INTO conversations (session_id, sequence_number, role, content, reply_to)
	SELECT 51, i, CASE i % 2 WHEN 1 THEN 'interviewer' ELSE 'candidate' END,
	       'turn ' || i || ' ' || substr((SELECT w FROM words), 1, 100) || ' end of turn ' || i, NULL FROM n;
	INSERT INTO learning_plans (user_id, title, plan_data, progress)
	VALUES (1, 'Plan', json_object('current_focus', (SELECT w FROM words)), 30);
	WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 30)
	INSERT INTO skill_assessments (user_id, session_id, skill_name, score)
	SELECT 1, 50, 'skill' || i, i % 10 FROM n;
	SQL
	for i in $(seq 10); do
		printf '{"text":"retrieval memory %d: %s"}\n' "$i" "$(printf 'rag retrieval %.0s' $(seq 100))"
	done | iv-embed --store >/dev/null
}

@test "with 50 past sessions in the store every agent's prompt stays under the budget" {
	fake_llm_start '{"content":"Model question about retrieval?"}' "$GOOD_GRADE" \
		'{"default":{"json":{"strengths":[],"weaknesses":[],"improvement_suggestions":[]}}}'
	agent_store
	big_store
	ask 51
	answer 51 "$(printf 'A long answer about retrieval. %.0s' $(seq 300))"
	run -0 --separate-stderr iv-grade --turn "$at" --store
	assert_stderr ""
	run -0 --separate-stderr iv-summarize --session 51 --complete --store
	[ "$(fake_llm_count)" -ge 3 ]
	# First asks only: a retry adds the model's unusable reply to the prompt.
	run -0 jq -c "select(.body.messages | length == 2) | $LLM_TOKENS" <<< "$(fake_llm_requests)"
	[ "${#lines[@]}" -ge 3 ]
	while read -r t; do
		[ "$t" -le 3000 ] || fail "a prompt of $t tokens"
		[ "$t" -ge 1500 ] || fail "a prompt of $t tokens: the context was not used"
	done <<< "$output"
	# The newest history is what was kept.
	log=$(fake_llm_requests)
	run -0 jq -r '.body.messages[1].content' <<< "$(head -n 1 <<< "$log")"
	assert_output --partial "end of turn 40"
	refute_output --partial "end of turn 2 "
	assert_output --partial "Round 50 on"
	refute_output --partial "Round 47 on"
}

@test "iv interview --model picks the session's model; --continue keeps it" {
	fake_llm_start "{\"default\":$(universal 'A model question?')}"
	agent_store
	head -n 2 "$FIXTURES/interview-en.txt" > "$BATS_TEST_TMPDIR/one"
	run -0 --separate-stderr iv interview --rounds 2 --lang en --model other-model --answers "$BATS_TEST_TMPDIR/one"
	run -0 sql "SELECT model, status FROM interview_sessions"
	assert_output "other-model|paused"
	IV_MODEL=third-model run -0 --separate-stderr iv interview --continue --answers "$FIXTURES/interview-en.txt"
	run -0 bash -c "jq -r .body.model '$FAKE_LLM_LOG' | sort -u"
	assert_output other-model
	run -2 --separate-stderr iv interview --continue --model x
	assert_stderr --partial "--continue goes on with the session's own rounds, resume, JD, language and model"
}
