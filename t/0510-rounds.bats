#!/usr/bin/env bats
# Rounds: three interviews in a row, answers improving on one topic; what
# the third summary says, the skills' changes and the plans carried over.

load test_helper
load summary_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
}

# Three rounds a week apart with fixed scores: RAG 4.0, 5.5, 7.0 (the last
# the mean of 6.5 and 7.5), SQL 6.0 each time. Task t1 of plan two is done
# before round three.
rag_rounds() {
	export IV_NOW=2026-11-01T10:00:00Z
	S1=$(new_session en)
	scored "$S1" rag-001 en 4 ingestion indexing
	scored "$S1" sql-postgres-001 en 6
	finish "$S1"
	export IV_NOW=2026-11-08T10:00:00Z
	S2=$(new_session en)
	scored "$S2" rag-003 en 5.5 fixed_size size_tradeoff
	scored "$S2" sql-postgres-001 en 6
	finish "$S2"
	iv-summarize --done t1 >/dev/null
	export IV_NOW=2026-11-15T10:00:00Z
	S3=$(new_session en)
	scored "$S3" rag-004 en 6.5 rrf
	scored "$S3" rag-005 en 7.5
	scored "$S3" sql-postgres-001 en 6
	finish "$S3"
}

@test "the third summary reports the improvement with the right numbers" {
	rag_rounds
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT summary FROM interview_sessions WHERE id = $S3"
	echo "$output" >"$BATS_TEST_TMPDIR/s3.json"
	run -0 jq -r '.comparison.text' "$BATS_TEST_TMPDIR/s3.json"
	assert_output "round 3: RAG 5.5 -> 7.0, SQL 6.0 -> 6.0"
	run -0 jq -c '.comparison | [.round, .previous_round, .previous_session_id, .overall]' "$BATS_TEST_TMPDIR/s3.json"
	assert_output "[3,2,$S2,{\"old_score\":5.8,\"new_score\":6.7,\"change\":0.9,\"improved\":true}]"
	run -0 jq -c '.comparison.skills[] | select(.skill == "RAG")' "$BATS_TEST_TMPDIR/s3.json"
	assert_output '{"skill":"RAG","name":"RAG","skill_path":"ai/llm/rag","old_score":5.5,"new_score":7,"change":1.5,"improved":true}'
	# what was advised last time, and whether it improved
	run -0 jq -c '.comparison.advised[] | select(.skill_path == "ai/llm/rag") | [.text[0:10], .old_score, .new_score, .improved]' "$BATS_TEST_TMPDIR/s3.json"
	assert_output '["Study RAG:",5.5,7,true]'
	run -0 jq -c '.comparison.previous_plan | [.done, .total > 1]' "$BATS_TEST_TMPDIR/s3.json"
	assert_output '[1,true]'
}

@test "each skill's score_change compares with its last assessment" {
	rag_rounds
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT session_id, score, previous_score, score_change FROM skill_assessments WHERE skill_name = 'RAG' ORDER BY id"
	assert_output "$S1|4.0||
$S2|5.5|4.0|1.5
$S3|7.0|5.5|1.5"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM skill_assessments GROUP BY session_id"
	assert_output $'2\n2\n2'
}

@test "the plan of round two is archived and its unfinished tasks come back in plan three" {
	rag_rounds
	p2=$(sqlite3 "$IV_HOME/iv.db" "SELECT id FROM learning_plans WHERE session_id = $S2")
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT session_id, status FROM learning_plans ORDER BY id"
	assert_output "$S1|archived
$S2|archived
$S3|active"
	sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans WHERE session_id = $S2" >"$BATS_TEST_TMPDIR/p2.json"
	sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans WHERE session_id = $S3" >"$BATS_TEST_TMPDIR/p3.json"
	# plan two had task t1 done and others not
	run -0 jq -c '[.learning_paths[].tasks[] | select(.done)] | map(.id)' "$BATS_TEST_TMPDIR/p2.json"
	assert_output '["t1"]'
	jq -r '.learning_paths[].tasks[] | select(.done | not) | .text' "$BATS_TEST_TMPDIR/p2.json" | sort >"$BATS_TEST_TMPDIR/open2"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/open2")" -ge 5 ]
	jq -r --argjson p "$p2" '.learning_paths[].tasks[] | select(.carried_from.plan_id == $p) | .text' \
		"$BATS_TEST_TMPDIR/p3.json" | sort >"$BATS_TEST_TMPDIR/carried3"
	run -0 diff "$BATS_TEST_TMPDIR/open2" "$BATS_TEST_TMPDIR/carried3"
	# the done task stays done: nothing carries it
	run -0 jq -c --argjson p "$p2" '[.learning_paths[].tasks[] | select(.carried_from == {plan_id: $p, task: "t1"})]' "$BATS_TEST_TMPDIR/p3.json"
	assert_output '[]'
	# RAG is no longer weak: its old path comes along whole, marked carried over
	run -0 jq -c '[.learning_paths[] | [.skill_path, .carried_over]]' "$BATS_TEST_TMPDIR/p3.json"
	assert_output '[["data/db/sql",false],["ai/llm/rag",true]]'
	# tasks are numbered afresh
	run -0 jq -c '[.learning_paths[].tasks[].id] | . == [range(1; length + 1) | "t\(.)"]' "$BATS_TEST_TMPDIR/p3.json"
	assert_output true
}

@test "with iv-grade grading real answers, the numbers are the stored scores" {
	three_rounds
	a2=$(answer_score "$S2" python-async-001)
	a3=$(answer_score "$S3" python-async-001)
	run -0 jq -n --argjson a "$a2" --argjson b "$a3" '$b > $a'
	assert_output true
	want=$(printf 'round 3: asyncio %.1f -> %.1f' "$a2" "$a3")
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(summary, '\$.comparison.text') FROM interview_sessions WHERE id = $S3"
	assert_output --partial "$want"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT previous_score, score_change > 0, round(score - previous_score, 1) = score_change FROM skill_assessments WHERE session_id = $S3 AND skill_name = 'asyncio'"
	assert_output "$(printf '%.1f' "$a2")|1|1"
}

@test "a cancelled interview feeds nothing to the next" {
	export IV_NOW=2026-11-01T10:00:00Z
	s1=$(new_session en)
	scored "$s1" rag-001 en 4
	finish "$s1"
	s2=$(new_session en)
	scored "$s2" rag-002 en 9.5
	iv-store sessions update "$s2" --status cancelled >/dev/null
	s3=$(new_session en)
	scored "$s3" rag-003 en 6
	finish "$s3"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(summary, '\$.comparison.text'), json_extract(summary, '\$.comparison.previous_round') FROM interview_sessions WHERE id = $s3"
	assert_output "round 3: RAG 4.0 -> 6.0|1"
	[ "$(db_count skill_assessments "session_id = $s2")" = 0 ]
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT previous_score, score_change FROM skill_assessments WHERE session_id = $s3"
	assert_output "4.0|2.0"
}

@test "the comparison speaks the session's language" {
	export IV_NOW=2026-11-01T10:00:00Z
	s1=$(new_session zh)
	scored "$s1" rag-001 zh 4
	finish "$s1"
	s2=$(new_session zh)
	scored "$s2" rag-003 zh 5.5
	finish "$s2"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(summary, '\$.comparison.text') FROM interview_sessions WHERE id = $s2"
	assert_output "第2轮：检索增强生成 4.0 -> 5.5"
}

@test "iv interview --answers ends with the summary, the plan and the report" {
	export IV_NOW=2026-11-01T10:00:00Z
	printf 'The event loop runs coroutines in one thread.\n.\nI am not sure.\n.\nI am not sure.\n.\n' >"$BATS_TEST_TMPDIR/a1"
	run -0 --separate-stderr iv interview --rounds 2 --lang en --answers "$BATS_TEST_TMPDIR/a1"
	assert_line "Interview report, round 1 (2026-11-01, session 1)"
	assert_line "  round 1: the first interview"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT status, overall_score = json_extract(summary, '\$.overall_score') FROM interview_sessions"
	assert_output "completed|1"
	[ "$(db_count skill_assessments)" -ge 1 ]
	[ "$(db_count learning_plans "status = 'active' AND session_id = 1")" = 1 ]
	export IV_NOW=2026-11-08T10:00:00Z
	run -0 --separate-stderr iv interview --rounds 2 --lang en --answers "$BATS_TEST_TMPDIR/a1"
	assert_line "Interview report, round 2 (2026-11-08, session 2)"
	assert_line --regexp '^  round 2: '
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT session_id, status FROM learning_plans ORDER BY id"
	assert_output $'1|archived\n2|active'
}
