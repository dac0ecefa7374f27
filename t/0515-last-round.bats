#!/usr/bin/env bats
# The next interview opens with what the last one left to work on:
# iv-ask --start's last_round (the last completed interview's score and
# its weakest skills) and the line iv interview shows from it.

load test_helper
load summary_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
	export IV_NOW=2026-11-01T10:00:00Z
}

# One completed interview: RAG 4.0, SQL 6.0, LLM 8.5 (overall 6.2).
first_round() {
	S1=$(new_session "${1:-en}")
	scored "$S1" rag-001 "${1:-en}" 4 ingestion
	scored "$S1" sql-postgres-001 "${1:-en}" 6
	scored "$S1" llm-fundamentals-001 "${1:-en}" 8.5
	finish "$S1"
}

@test "the first interview has no last round" {
	run -0 --separate-stderr iv-ask --start
	run -0 jq -c .last_round <<<"$output"
	assert_output null
}

@test "the second names the first's score and its skills below strong, weakest first" {
	first_round
	run -0 --separate-stderr iv-ask --start --rounds 2
	assert_stderr ''
	run -0 jq -c .last_round <<<"$output"
	assert_output '{"session_id":1,"round_number":1,"overall_score":6.2,"weak":[{"skill_path":"ai/llm/rag","name":"RAG","score":4},{"skill_path":"data/db/sql","name":"SQL","score":6}],"text":"Last time (interview #1) you scored 6.2/10; weakest on RAG (4.0) and SQL (6.0). This round goes after them."}'
}

@test "in Chinese, with the skills' Chinese names, even after an English round" {
	first_round en
	run -0 --separate-stderr iv-ask --start --lang zh
	run -0 jq -r .last_round.text <<<"$output"
	assert_output "上次（第 1 次面试）你得了 6.2/10 分，最薄弱的是检索增强生成（4.0）和SQL（6.0），这次重点练它们。"
}

@test "at most three weak skills; none below strong means harder questions" {
	S1=$(new_session en)
	for q in rag-001 sql-postgres-001 llm-fundamentals-001 python-async-001; do
		scored "$S1" "$q" en 3
	done
	finish "$S1"
	run -0 --separate-stderr iv-ask --start
	run -0 jq '.last_round.weak | length' <<<"$output"
	assert_output 3
	S2=$(new_session en)
	scored "$S2" rag-001 en 8
	finish "$S2"
	run -0 --separate-stderr iv-ask --start
	run -0 jq -r .last_round.text <<<"$output"
	assert_output "Last time (interview #3) you scored 8.0/10. This round asks harder questions."
}

@test "only a completed interview counts: a cancelled or unfinished one is passed over" {
	first_round
	S2=$(new_session en)
	scored "$S2" rag-001 en 9
	iv-store sessions update "$S2" --status cancelled >/dev/null
	run -0 --separate-stderr iv-ask --start
	run -0 jq -c '[.round_number, .last_round.session_id, .last_round.overall_score]' <<<"$output"
	assert_output '[3,1,6.2]'
	run -0 --separate-stderr iv-ask --start
	run -0 jq -c '.last_round.session_id' <<<"$output"
	assert_output 1
}

@test "a summary not stored is worked out from the grades" {
	S1=$(new_session en)
	scored "$S1" rag-001 en 4
	iv-store sessions update "$S1" --status completed >/dev/null
	run -0 --separate-stderr iv-ask --start
	run -0 jq -r .last_round.text <<<"$output"
	assert_output "Last time (interview #1) you scored 4.0/10; weakest on RAG (4.0). This round goes after them."
}

@test "iv interview opens round two with it, after its first line" {
	first_round
	printf ':skip\n' >answers
	run -0 --separate-stderr iv interview --rounds 1 --answers answers
	assert_line --index 0 "Mock interview #2: 1 questions (session 2)."
	assert_line --index 1 "Last time (interview #1) you scored 6.2/10; weakest on RAG (4.0) and SQL (6.0). This round goes after them."
	run -0 --separate-stderr iv interview --rounds 1 --lang zh --answers answers
	assert_line --index 1 --regexp '^上次（第 2 次面试）你得了 0\.0/10 分，最薄弱的是.+（0\.0），这次重点练它们。$'
}

@test "an interview completed without a graded answer says so" {
	S1=$(new_session zh)
	iv-store sessions update "$S1" --status completed >/dev/null
	run -0 --separate-stderr iv-ask --start --lang zh
	run -0 jq -c '.last_round | [.overall_score, .weak, .text]' <<<"$output"
	assert_output '[null,[],"上次（第 1 次面试）没有评过分的回答。"]'
}
