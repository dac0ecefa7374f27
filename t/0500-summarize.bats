#!/usr/bin/env bats
# iv-summarize: a session's summary, skill assessments and learning plan.

load test_helper
load summary_helper

setup() {
	iv_test_env
	export IV_NOW=2026-11-01T10:00:00Z
	iv-store init >/dev/null
}

@test "usage errors exit 2" {
	run -2 --separate-stderr iv-summarize
	assert_stderr --partial "iv-summarize: --session ID is required"
	run -2 --separate-stderr iv-summarize --session 1 --force
	assert_stderr --partial "--force goes with --store"
	run -2 --separate-stderr iv-summarize --session 1 --done t1
	assert_stderr --partial "--done goes alone"
	run -2 --separate-stderr iv-summarize --session x
	assert_stderr --partial "--session"
	run -2 --separate-stderr iv-summarize --session 1 extra
	assert_stderr --partial "unexpected argument 'extra'"
}

@test "a missing store or session is an error" {
	run -1 --separate-stderr iv-summarize --db "$BATS_TEST_TMPDIR/none.db" --session 1
	assert_stderr --partial "no store at"
	run -1 --separate-stderr iv-summarize --session 9
	assert_stderr "iv-summarize: no session 9"
	s=$(new_session en)
	run -1 --separate-stderr iv-summarize --user bob --session "$s"
	assert_stderr "iv-summarize: no session $s"
}

@test "a cancelled session has no summary and nothing is written" {
	s=$(new_session en)
	scored "$s" python-async-001 en 6
	iv-store sessions update "$s" --status cancelled >/dev/null
	run -1 --separate-stderr iv-summarize --session "$s" --store
	assert_stderr "iv-summarize: session $s was cancelled; a cancelled interview has no summary"
	[ "$(db_count skill_assessments)" = 0 ]
	[ "$(db_count learning_plans)" = 0 ]
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT summary IS NULL FROM interview_sessions")" = 1 ]
}

@test "an ongoing session is previewed but stored only with --complete" {
	s=$(new_session en)
	scored "$s" python-async-001 en 6
	run -0 --separate-stderr iv-summarize --session "$s"
	run -0 jq -r '"\(.status) \(.summary.overall_score) \(.learning_plan.status)"' <<<"$output"
	assert_output "ongoing 6 active"
	[ "$(db_count learning_plans)" = 0 ]
	run -1 --separate-stderr iv-summarize --session "$s" --store
	assert_stderr "iv-summarize: session $s is ongoing; only a completed session's summary is stored (add --complete to finish it)"
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT status FROM interview_sessions")" = ongoing ]
	[ "$(db_count skill_assessments)" = 0 ]
}

@test "--complete --store finishes the session and stores summary, assessments and plan" {
	s=$(new_session en)
	scored "$s" python-async-001 en 8
	scored "$s" python-async-002 en 5 gather
	scored "$s" rag-001 en 9
	scored "$s" sql-postgres-001 en 3 left_join anti_join
	run -0 --separate-stderr iv-summarize --session "$s" --complete --store
	refute_stderr
	echo "$output" >"$BATS_TEST_TMPDIR/out.json"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT status, overall_score, json_extract(summary, '\$.overall_score') FROM interview_sessions"
	assert_output "completed|6.3|6.3"
	# dimensions: the seed design's three and the grader's three
	run -0 jq -c '.summary.dimensions' "$BATS_TEST_TMPDIR/out.json"
	assert_output '{"technical_skills":6.3,"communication":6.3,"problem_solving":4.3,"technical_accuracy":6.3,"communication_clarity":6.3,"depth_breadth":6.3}'
	# every item says which turns (answer sequence numbers) justify it
	run -0 jq -c '[.summary.strengths, .summary.weaknesses, .summary.improvement_suggestions | map([.text[0:21], .turns])]' "$BATS_TEST_TMPDIR/out.json"
	assert_output '[[["Strong on RAG (9.0/10",[6]]],[["SQL needs work (3.0/1",[8]]],[["Study SQL: LEFT JOIN ",[8]],["Study asyncio: gather",[4]]]]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT group_concat(role) FROM conversations WHERE sequence_number IN (4, 6, 8)"
	assert_output "candidate,candidate,candidate"
	# one assessment per skill
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT skill_name, skill_category, skill_path, score, previous_score IS NULL, score_change IS NULL FROM skill_assessments ORDER BY id"
	assert_output $'asyncio|language|lang/python/asyncio|6.5|1|1\nRAG|llm|ai/llm/rag|9.0|1|1\nSQL|database|data/db/sql|3.0|1|1'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT assessment_data FROM skill_assessments WHERE skill_name = 'asyncio'"
	run -0 jq -c '{level, score, confidence, evidence, gaps, assessed_by, last_practiced, turns}' <<<"$output"
	assert_output '{"level":"intermediate","score":6.5,"confidence":0.8,"evidence":["My answer, worth 8.","My answer, worth 5."],"gaps":["gather returns results in input order; by default the first exception propagates but the other tasks keep running, and return_exceptions=True returns errors as values"],"assessed_by":"interview_session","last_practiced":"2026-11-01","turns":[2,4]}'
	# the plan: active, weakest first, resources from the bank, dates from IV_NOW
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT status, progress, session_id, start_date, target_end_date, completed_tasks FROM learning_plans"
	assert_output "active|0|$s|2026-11-01|2026-12-01|[]"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans"
	run -0 jq -c '[.learning_paths[] | [.topic, .skill_path, .priority, (.resources | length > 0), .estimated_hours, .tasks[0].id]], [.milestones[].deadline], (.goals | keys)' <<<"$output"
	assert_output $'[["sql-postgres","data/db/sql","high",true,10,"t1"],["python-async","lang/python/asyncio","medium",true,7,"t6"]]\n["2026-11-08","2026-11-15","2026-11-15"]\n["long_term","mid_term","short_term"]'
}

@test "the summary and plan follow the session's language" {
	s=$(new_session zh)
	scored "$s" python-async-001 zh 4 event_loop
	run -0 --separate-stderr iv-summarize --session "$s" --complete --store
	run -0 jq -r '.summary.weaknesses[0].text, .summary.comparison.text, .learning_plan.title, .learning_plan.plan_data.learning_paths[0].tasks[0].text' <<<"$output"
	assert_line --index 0 "异步编程还需加强（4.0/10）：没有讲到事件循环在单个线程里协作式地调度多个协程，只在 await 处切换"
	assert_line --index 1 "第1轮：第一次面试"
	assert_line --index 2 "第1轮面试后的学习计划"
	assert_line --index 3 "学习：事件循环在单个线程里协作式地调度多个协程，只在 await 处切换"
}

@test "a summary is stored once; --force replaces it with its assessments and plan" {
	s=$(new_session en)
	scored "$s" python-async-001 en 5
	finish "$s"
	run -1 --separate-stderr iv-summarize --session "$s" --store
	assert_stderr "iv-summarize: session $s already has a summary (--force replaces it, with its assessments and plan)"
	run -0 iv-summarize --session "$s" --store --force
	[ "$(db_count skill_assessments)" = 1 ]
	[ "$(db_count learning_plans)" = 1 ]
	[ "$(db_count learning_plans "status = 'active'")" = 1 ]
	# without --store it only prints
	run -0 iv-summarize --session "$s"
	[ "$(db_count learning_plans)" = 1 ]
}

@test "dimensions and mood make items too; all strong, the advice is to go harder" {
	s=$(new_session en)
	scored "$s" python-async-001 en 8
	scored "$s" python-async-002 en 9
	run -0 --separate-stderr iv-summarize --session "$s"
	run -0 jq -c '[.summary.strengths, .summary.weaknesses, .summary.improvement_suggestions | map([.text, .turns, .dimension])]' <<<"$output"
	assert_output '[[["Strong on asyncio (8.5/10)",[2,4],null],["Clear, well-organised answers",[2,4],"communication_clarity"],["Answers went into depth and covered the ground",[2,4],"depth_breadth"]],[],[["Try harder questions on asyncio",[2,4],null]]]'
	s=$(new_session en)
	MOOD=nervous scored "$s" rag-001 en 5
	MOOD=nervous scored "$s" rag-002 en 4
	scored "$s" rag-003 en 3
	run -0 --separate-stderr iv-summarize --session "$s"
	run -0 jq -c '[.summary.weaknesses, .summary.improvement_suggestions | map([(.text | split(" (start")[0]), .turns])]' <<<"$output"
	assert_output '[[["RAG needs work (4.0/10)",[2,4,6]],["Answers were hard to follow",[4,6]],["Answers stayed on the surface",[4,6]],["Seemed nervous in 2 of 3 answers",[2,4]]],[["Practise more RAG questions",[2,4,6]],["Structure each answer: the conclusion first, then two or three points, then an example",[2,4,6]],["Practise answering aloud against a timer to get used to the pressure",[2,4]]]]'
}

@test "a session without graded answers has no scores and no plan" {
	s=$(new_session en)
	ask "$s" python-async-001 en >/dev/null
	run -0 --separate-stderr iv-summarize --session "$s" --complete --store
	run -0 jq -c '[.summary.overall_score, .summary.dimensions.communication, .summary.graded, .skill_updates, .learning_plan]' <<<"$output"
	assert_output '[null,null,0,[],null]'
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT status, overall_score IS NULL FROM interview_sessions")" = "completed|1" ]
}

@test "answers graded by iv-grade feed the summary" {
	s=$(new_session en)
	qa "$s" python-async-001 en "$ASYNC_3"
	qa "$s" sql-postgres-001 en "$SQL_ANSWER"
	run -0 --separate-stderr iv-summarize --session "$s" --complete --store
	a=$(answer_score "$s" python-async-001)
	b=$(answer_score "$s" sql-postgres-001)
	want=$(jq -n --argjson a "$a" --argjson b "$b" '(($a + $b) / 2 * 10 | round) / 10')
	run -0 jq -c --argjson w "$want" '[.summary.overall_score == $w, .summary.graded, ([.skill_updates[].skill_name] | sort)]' <<<"$output"
	assert_output '[true,2,["SQL","asyncio"]]'
}
