# summary_helper.bash — scripted interviews for the tests of iv-summarize
# and iv-report: real bank questions asked as the interviewer's turns (the
# metadata iv-ask writes), the candidate's answers as given, graded by
# iv-grade --store. Dates come from IV_NOW.
#
#	load test_helper
#	load summary_helper

# new_session LANG: a new ongoing session; prints its id.
new_session() {
	iv-store sessions create --lang "$1" </dev/null | jq -r .id
}

# ask SESSION QUESTION_ID LANG: the bank's question as the interviewer's
# turn; prints the turn's id.
ask() {
	iv-ask --list | jq -c --arg id "$2" --arg lang "$3" 'select(.id == $id) | {
		role: "interviewer", content: .text[$lang],
		metadata: {type: "question", question_id: .id, topic, skill_path, difficulty,
			round: 1, follow_up: false, lang: $lang,
			key_points: [.key_points[] | {id, text: .[$lang], weight, terms}]}}' |
		iv-store turns add --session "$1" | jq -r .id
}

# answer SESSION QUESTION_TURN TEXT: the candidate's answer, graded and
# stored; prints the answer turn's id.
answer() {
	local id
	id=$(jq -nc --arg c "$3" --argjson r "$2" '{role: "candidate", content: $c, reply_to: $r}' |
		iv-store turns add --session "$1" | jq -r .id)
	iv-grade --store --turn "$id" >/dev/null
	printf '%s\n' "$id"
}

# qa SESSION QUESTION_ID LANG TEXT: ask and answer.
qa() {
	answer "$1" "$(ask "$1" "$2" "$3")" "$4" >/dev/null
}

# The stored score of the answer turn to question QUESTION_ID in SESSION,
# rounded as the summary rounds a skill's mean of one answer.
answer_score() {
	sqlite3 "$IV_HOME/iv.db" "SELECT a.score FROM conversations a JOIN conversations q ON q.id = a.reply_to
		WHERE a.session_id = $1 AND json_extract(q.metadata, '\$.question_id') = '$2'"
}

# Answers to python-async-001 that cover more key points each time.
ASYNC_1='Coroutines are functions you can await.'
ASYNC_2='The event loop runs in a single thread and schedules coroutines cooperatively.'
ASYNC_3='The event loop runs in a single thread and schedules coroutines cooperatively. await suspends the coroutine and yields control until the future is ready. It helps with I/O-bound work such as network requests, not CPU-bound work, and a blocking call like time.sleep stalls the loop.'
SQL_ANSWER='An INNER JOIN keeps only rows that match in both tables.'

# three_rounds: three completed, summarized sessions in English, a week
# apart, the asyncio answers improving; task t1 of the second plan is done
# before the third interview. Sets S1 S2 S3.
three_rounds() {
	local i text
	for i in 1 2 3; do
		export IV_NOW="2026-11-0$((i * 3 - 2))T10:00:00Z"
		eval "S$i=\$(new_session en)"
		eval "text=\$ASYNC_$i"
		qa "$(eval echo "\$S$i")" python-async-001 en "$text"
		qa "$(eval echo "\$S$i")" sql-postgres-001 en "$SQL_ANSWER"
		iv-summarize --session "$(eval echo "\$S$i")" --complete --store >/dev/null
		if [ "$i" = 2 ]; then
			iv-summarize --done t1 >/dev/null
		fi
	done
}

# scored SESSION QUESTION_ID LANG SCORE [MISSED_ID...]: the bank's question
# and an answer with a fixed score (every dimension the same), missing the
# key points given by id; no grader involved, so numbers are exact. The
# emotional state is $MOOD (default neutral).
scored() {
	local sid=$1 qid=$2 lang=$3 score=$4 q
	shift 4
	q=$(ask "$sid" "$qid" "$lang")
	jq -nc --argjson r "$q" --argjson s "$score" --arg lang "$lang" --arg mood "${MOOD:-neutral}" --args '{
		role: "candidate", content: "My answer, worth \($s).", reply_to: $r, score: $s,
		metadata: {grade: {score: $s,
			dimensions: {technical_accuracy: $s, communication_clarity: $s, depth_breadth: $s},
			covered_points: [], missed_points: $ARGS.positional,
			emotional_state: {state: $mood, cue: ""}, lang: $lang}}}' "$@" |
		iv-store turns add --session "$sid" >/dev/null
}

# finish SESSION: complete it and store its summary.
finish() {
	iv-summarize --session "$1" --complete --store >/dev/null
}
