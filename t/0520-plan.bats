#!/usr/bin/env bats
# iv plan: the active learning plan, and marking its tasks done.

load test_helper
load summary_helper

setup() {
	iv_test_env
	export IV_NOW=2026-11-01T10:00:00Z
	iv-store init >/dev/null
}

# One finished round: RAG weak (two missed points), SQL fair.
one_round() {
	S=$(new_session "${1:-en}")
	scored "$S" rag-001 "${1:-en}" 4 ingestion indexing
	scored "$S" sql-postgres-001 "${1:-en}" 6.5
	finish "$S"
}

tasks_total() {
	sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans WHERE status IN ('active', 'completed')" |
		jq '[.learning_paths[].tasks[]] | length'
}

@test "no plan yet is said plainly" {
	run -0 --separate-stderr iv plan
	assert_output "No learning plan yet: one comes with the summary of a finished interview."
	run -0 --separate-stderr iv plan --json
	assert_output null
	run -1 --separate-stderr iv plan done t1
	assert_stderr "iv-summarize: no active learning plan (one comes with the summary of a finished interview)"
}

@test "iv plan shows goals, paths with tasks and resources, and milestones" {
	one_round
	run -0 --separate-stderr iv plan
	assert_line --index 0 "Learning plan after round 1: 0%, 0 of $(tasks_total) tasks done"
	assert_line --index 1 "Focus: RAG pipelines, SQL and PostgreSQL"
	assert_line "Goals"
	assert_line "  Short term: Within a week: close the gaps in RAG pipelines"
	assert_line "  Mid term: Within a month: raise RAG pipelines from 4.0 to 7 or more"
	assert_line "  Long term: Within three months: an overall score of 8 or more (now 5.3)"
	assert_line --regexp '^  \[high\] RAG pipelines, about [0-9]+ hours$'
	assert_line --regexp '^    \[ \] t1 Study: '
	assert_line --regexp '^    Resource: .* https://'
	assert_line "Milestones"
	assert_line "  [ ] 2026-11-08 Finish the RAG pipelines path"
	assert_line "  [ ] 2026-11-15 Mock interview, round 2"
	# piped: no colour
	refute_output --partial $'\033['
}

@test "iv plan done marks a task by id, number or text, and updates progress" {
	one_round
	total=$(tasks_total)
	export IV_NOW=2026-11-03T08:00:00Z
	run -0 --separate-stderr iv plan done t1
	assert_line --index 0 "Learning plan after round 1: $(( (100 + total / 2) / total ))%, 1 of $total tasks done"
	assert_line --regexp '^    \[x\] t1 Study: '
	run -0 --separate-stderr iv plan done 2
	text=$(sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans" | jq -r '.learning_paths[0].tasks[2].text')
	run -0 --separate-stderr iv plan done "$text"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT progress, status, completed_tasks FROM learning_plans"
	run -0 jq -Rc --argjson t "$total" 'split("|") | [(.[0] | tonumber) == ((300 / $t) | round), .[1], (.[2] | fromjson | map([.id, .topic, .skill_path, .completed_at]))]' <<<"$output"
	assert_output '[true,"active",[["t1","rag","ai/llm/rag","2026-11-03T08:00:00Z"],["t2","rag","ai/llm/rag","2026-11-03T08:00:00Z"],["t3","rag","ai/llm/rag","2026-11-03T08:00:00Z"]]]'
}

@test "a task done twice is said, not counted twice; an unknown task is an error" {
	one_round
	iv plan done t1 >/dev/null
	run -0 --separate-stderr iv-summarize --done T1
	assert_stderr "iv-summarize: task 'T1' was already done"
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT json_array_length(completed_tasks) FROM learning_plans")" = 1 ]
	run -1 --separate-stderr iv plan done t99
	assert_stderr "iv-summarize: no task 't99' in the active plan (tasks t1 to t$(tasks_total))"
	run -2 --separate-stderr iv plan done
	assert_stderr --partial "iv: plan done needs a task (its id, such as t3)"
	run -2 --separate-stderr iv plan later
	assert_stderr --partial "iv: unknown plan command 'later' (show or done)"
}

@test "a finished path completes its milestone; all tasks done complete the plan" {
	one_round
	n1=$(sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans" | jq '.learning_paths[0].tasks | length')
	for i in $(seq 1 "$n1"); do iv-summarize --done "t$i" >/dev/null; done
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT plan_data FROM learning_plans"
	run -0 jq -c '[.milestones[] | [.title, .completed]]' <<<"$output"
	assert_output '[["Finish the RAG pipelines path",true],["Finish the SQL and PostgreSQL path",false],["Mock interview, round 2",false]]'
	export IV_NOW=2026-11-20T08:00:00Z
	for i in $(seq $((n1 + 1)) "$(tasks_total)"); do iv-summarize --done "t$i" >/dev/null; done
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT progress, status, actual_end_date FROM learning_plans"
	assert_output "100|completed|2026-11-20"
	# a completed plan is still what iv plan shows, and takes no more tasks
	run -0 --separate-stderr iv plan
	assert_line --index 0 --partial ": 100%, $(tasks_total) of $(tasks_total) tasks done [completed]"
	run -1 --separate-stderr iv plan done t1
	assert_stderr --partial "no active learning plan"
}

@test "iv plan --json is the plan row; a Chinese interview gives a Chinese plan" {
	one_round zh
	run -0 --separate-stderr iv plan --json
	run -0 jq -r '.status, .title, .plan_data.goals.short_term[0], .plan_data.milestones[0].title' <<<"$output"
	assert_output "active
第1轮面试后的学习计划
1周内：补上RAG 检索增强生成的知识缺口
完成RAG 检索增强生成学习路径"
	run -0 --separate-stderr iv plan
	assert_line --index 0 --regexp '^第1轮面试后的学习计划：0%，已完成0/[0-9]+项任务$'
	assert_line "目标"
	assert_line "学习路径"
	assert_line "里程碑"
}

@test "the plan's paths name bank topics and skill paths, as the interviewer reads them" {
	one_round
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(value, '\$.topic') || ' ' || json_extract(value, '\$.skill_path')
		FROM learning_plans, json_each(plan_data, '\$.learning_paths') WHERE status = 'active'"
	assert_output $'rag ai/llm/rag\nsql-postgres data/db/sql'
}

@test "the next interview's first question comes from the plan's focus" {
	one_round
	export IV_NOW=2026-11-05T10:00:00Z
	s=$(iv-ask --start --lang en | jq -r .session)
	run -0 --separate-stderr iv-ask --session "$s" --store
	topic=$(jq -r .topic <<<"$output")
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(value, '\$.topic') FROM learning_plans, json_each(plan_data, '\$.learning_paths') WHERE status = 'active'"
	assert_line "$topic"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT metadata FROM conversations WHERE session_id = $s"
	run -0 jq -c '.reason_codes | index("plan_focus") != null' <<<"$output"
	assert_output true
}
