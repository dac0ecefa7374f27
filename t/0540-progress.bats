#!/usr/bin/env bats
# iv progress: scores across completed interviews as terminal charts.

load test_helper
load summary_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
}

# Completed rounds 1, 3 and 4 scoring 4.0, 5.5 and 7.0; round 2 cancelled.
rounds() {
	local score day=1 s
	for score in 4 9.5 5.5 7; do
		export IV_NOW="2026-11-0${day}T10:00:00Z"
		s=$(new_session "${1:-en}")
		scored "$s" rag-001 "${1:-en}" "$score"
		if [ "$score" = 9.5 ]; then
			iv-store sessions update "$s" --status cancelled >/dev/null
		else
			finish "$s"
		fi
		day=$((day + 2))
	done
}

@test "no completed interview yet is said plainly" {
	run -0 --separate-stderr iv progress
	assert_output $'Scores across completed interviews: 0\nNo completed interviews yet.'
	run -0 --separate-stderr iv progress --json
	assert_output "[]"
}

@test "a sparkline per score and a bar per round; cancelled rounds count for nothing" {
	rounds
	run -0 --separate-stderr iv progress
	assert_output "Scores across completed interviews: 3
  Overall             -=+   4.0 ->  7.0  +3.0
  Technical skills    -=+   4.0 ->  7.0  +3.0
  Communication       -=+   4.0 ->  7.0  +3.0
  Problem solving     -=+   4.0 ->  7.0  +3.0
  Technical accuracy  -=+   4.0 ->  7.0  +3.0
  Clarity             -=+   4.0 ->  7.0  +3.0
  Depth and breadth   -=+   4.0 ->  7.0  +3.0

  Round  Date        Overall
      1  2026-11-01  ########............  4.0
      3  2026-11-05  ###########.........  5.5
      4  2026-11-07  ##############......  7.0"
	run -0 --separate-stderr iv progress --unicode
	assert_line --index 1 "  Overall             ▄▅▆   4.0 ->  7.0  +3.0"
	assert_line --index 9 "      1  2026-11-01  ████████░░░░░░░░░░░░  4.0"
}

@test "--json gives the rounds; --format md a table; the language follows the interviews" {
	rounds zh
	run -0 --separate-stderr iv progress --json
	run -0 jq -c 'map([.round, .date, .overall_score, .dimensions.communication])' <<<"$output"
	assert_output '[[1,"2026-11-01",4,4],[3,"2026-11-05",5.5,5.5],[4,"2026-11-07",7,7]]'
	run -0 --separate-stderr iv progress --format md --lang en
	assert_line "| 3 | 2026-11-05 | 5.5 | 5.5 | 5.5 | 5.5 | 5.5 | 5.5 | 5.5 |"
	run -0 --separate-stderr iv progress
	assert_line --index 0 "已完成面试的得分：3次"
	assert_line --index 1 "  综合得分            -=+   4.0 ->  7.0  +3.0"
}
