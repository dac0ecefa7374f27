#!/usr/bin/env bats
# iv report: an interview's report as text, Markdown, JSON and HTML.

load test_helper
load summary_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
}

# Two rounds: RAG 4.0 then 6.0, SQL 7.0 then 8.0. Sets S1 S2.
two_rounds() {
	export IV_NOW=2026-11-01T10:00:00Z
	S1=$(new_session "${1:-en}")
	scored "$S1" rag-001 "${1:-en}" 4 ingestion
	scored "$S1" sql-postgres-001 "${1:-en}" 7
	finish "$S1"
	export IV_NOW=2026-11-08T10:00:00Z
	S2=$(new_session "${1:-en}")
	scored "$S2" rag-003 "${1:-en}" 6 fixed_size
	scored "$S2" sql-postgres-001 "${1:-en}" 8
	finish "$S2"
}

@test "no interview, no session, a cancelled one, a bad format: clear errors" {
	run -1 --separate-stderr iv report
	assert_stderr "iv-report: no completed interview yet (run 'iv interview' first)"
	run -1 --separate-stderr iv report 7
	assert_stderr "iv-report: no session 7"
	s=$(new_session en)
	iv-store sessions update "$s" --status cancelled >/dev/null
	run -1 --separate-stderr iv report "$s"
	assert_stderr "iv-report: session $s was cancelled; it has no report"
	run -2 --separate-stderr iv report --format pdf
	assert_stderr --partial "iv-report: unknown format 'pdf' (text, md, json or html)"
	run -2 --separate-stderr iv-report skills --format html
	assert_stderr --partial "--format html is for a session's report"
	run -2 --separate-stderr iv-report nonsense
	assert_stderr --partial "unknown view 'nonsense'"
}

@test "the text report: scores, items with turns, the comparison, skills, trend and plan" {
	two_rounds
	run -0 --separate-stderr iv report
	assert_line --index 0 "Interview report, round 2 (2026-11-08, session $S2)"
	assert_line --index 1 "Overall               ##############......  7.0  +1.5"
	assert_line "Technical skills      ##############......  7.0"
	assert_line "  - Strong on SQL (8.0/10) (turns 4)"
	assert_line --regexp '^  - Study RAG: .* \(turns 2\)$'
	assert_line "Since last time"
	assert_line "  round 2: RAG 4.0 -> 6.0, SQL 7.0 -> 8.0"
	assert_line --regexp '^  Advised last time: Study RAG: .* \(4\.0 -> 6\.0, improved\)$'
	assert_line "   \`- RAG     ######....  6.0  +2.0"
	assert_line "      2  2026-11-08  ##############......  7.0"
	assert_line --regexp '^Learning plan after round 2: 0%, 0 of [0-9]+ tasks done$'
	refute_output --partial $'\033['
	# the first round's report, by id, knows only what was known then
	run -0 --separate-stderr iv report "$S1"
	assert_line --index 0 "Interview report, round 1 (2026-11-01, session $S1)"
	assert_line "  round 1: the first interview"
	assert_line "   \`- RAG     ####......  4.0  new  due: weak"
	refute_output --partial "2026-11-08  "
}

@test "Markdown and JSON" {
	two_rounds
	run -0 --separate-stderr iv report --format md
	assert_line --index 0 "# Interview report, round 2 (2026-11-08, session $S2)"
	assert_line "| **Overall** | **7.0** |"
	assert_line "## Since last time"
	assert_line "    - **RAG** 6.0 (+2.0)"
	assert_line "| 2 | 2026-11-08 | 7.0 | 7.0 | 7.0 | 4.0 | 7.0 | 7.0 | 7.0 |"
	assert_line --regexp '^## Learning plan after round 2: '
	assert_line "### Goals"
	run -0 --separate-stderr iv report --json
	run -0 jq -c '[.session.id, .session.round, .lang, .summary.overall_score, (.skill_updates | length), (.trend | map(.overall_score)), .learning_plan.status, ([.skills[] | select(.score) | .path])]' <<<"$output"
	assert_output "[$S2,2,\"en\",7,2,[5.5,7],\"active\",[\"ai/llm/rag\",\"data/db/sql\"]]"
}

@test "the HTML report is one self-contained page that prints" {
	two_rounds
	run -0 --separate-stderr iv report --format html -o "$BATS_TEST_TMPDIR/r.html"
	assert_output ""
	f="$BATS_TEST_TMPDIR/r.html"
	run -0 head -c 15 "$f"
	assert_output "<!DOCTYPE html>"
	# charts: dimension bars, skill meters, the trend lines
	[ "$(grep -c '<svg class="chart bars"' "$f")" = 1 ]
	[ "$(grep -o '<svg class="meter"' "$f" | wc -l)" = 2 ]
	[ "$(grep -c '<svg class="chart lines"' "$f")" = 1 ]
	grep -q '<polyline' "$f"
	grep -q '@media print' "$f"
	grep -q 'Since last time' "$f"
	grep -q 'round 2: RAG 4.0 -&gt; 6.0' "$f"
	# nothing to fetch: no URLs, no scripts, no external references
	run -1 grep -Ei 'https?://|<script|<link|<img|<iframe|src=|@import|url\(' "$f"
	grep -q "Content-Security-Policy\" content=\"default-src 'none'" "$f"
	# the plan's resources are shown as text
	grep -q 'docs.llamaindex.ai' "$f"
}

@test "the report speaks the interview's language" {
	two_rounds zh
	run -0 --separate-stderr iv report
	assert_line --index 0 "面试报告：第2轮（2026-11-08，会话$S2）"
	assert_line "与上次相比"
	assert_line "  第2轮：检索增强生成 4.0 -> 6.0，SQL 7.0 -> 8.0"
	assert_line --regexp '^第2轮面试后的学习计划：0%，已完成0/[0-9]+项任务$'
	run -0 --separate-stderr iv report --format html
	assert_output --partial '<html lang="zh-CN">'
	assert_output --partial '<h2>技能树</h2>'
	assert_output --partial '<h2>得分趋势</h2>'
}

@test "-o replaces the file whole or leaves it alone; the store is only read" {
	two_rounds
	echo old >"$BATS_TEST_TMPDIR/r.txt"
	run -0 --separate-stderr iv report -o "$BATS_TEST_TMPDIR/r.txt"
	run -0 head -1 "$BATS_TEST_TMPDIR/r.txt"
	assert_output "Interview report, round 2 (2026-11-08, session $S2)"
	run -1 --separate-stderr iv report -o "$BATS_TEST_TMPDIR/no/such/dir/r.txt"
	assert_stderr --partial "iv-report: can't write '$BATS_TEST_TMPDIR/no/such/dir/r.txt'"
	# a completed session without a summary is summarized on the fly, not stored
	s=$(new_session en)
	scored "$s" rag-001 en 5
	iv-store sessions update "$s" --status completed >/dev/null
	before=$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM skill_assessments")
	run -0 --separate-stderr iv report "$s"
	assert_line --index 1 "Overall               ##########..........  5.0  -2.0"
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM skill_assessments")" = "$before" ]
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT summary IS NULL FROM interview_sessions WHERE id = $s")" = 1 ]
}
