#!/usr/bin/env bats
# iv-ask: sessions, the decision agent (lib/ask.c) and its questions.

load test_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
}

sql() {
	sqlite3 "$IV_HOME/iv.db" "$@"
}

# add_resume LANG EXTRACTED_SKILLS PARSED_DATA (JSON without single quotes)
add_resume() {
	sql "INSERT INTO resumes (user_id, sha256, version, lang, extracted_skills, parsed_data, is_default)
	     VALUES (1, lower(hex(randomblob(8))), (SELECT count(*) + 1 FROM resumes), '$1', '$2', '$3', 0)"
}

# add_jd LANG REQUIRED [PREFERRED]
add_jd() {
	sql "INSERT INTO job_descriptions (user_id, sha256, raw_text, lang, required_skills, preferred_skills)
	     VALUES (1, lower(hex(randomblob(8))), 'a job', '$1', '$2', '${3:-[]}')"
}

# ask SESSION: the next question, stored; sets q (the line) and qt (its turn).
ask() {
	q=$(iv-ask --session "$1" --store) || return 1
	qt=$(jq -r .turn_id <<<"$q")
}

# answer SESSION TEXT: stores the answer to $qt, grades it; sets at.
answer() {
	at=$(jq -nc --arg c "$2" --argjson r "$qt" '{role: "candidate", content: $c, reply_to: $r}' |
		iv-store turns add --session "$1" | jq -r .id) || return 1
	iv-grade --turn "$at" --store >/dev/null
}

# The English text of every key point of question QID but the one named.
points_but() {
	iv-ask --list 2>/dev/null | jq -r --arg q "$1" --arg k "$2" \
		'select(.id == $q) | [.key_points[] | select(.id != $k) | .en] | join(". ")'
}

@test "--start makes a session: round_number, rounds from the option, the config or 5" {
	run -0 --separate-stderr iv-ask --start --rounds 4
	run -0 jq -c '{type, session, status, round_number, max_rounds, lang, engine}' <<<"$output"
	assert_output '{"type":"session","session":1,"status":"ongoing","round_number":1,"max_rounds":4,"lang":"en","engine":"builtin"}'
	printf 'interview:\n  rounds: 7\n' >"$IV_HOME/config.yaml"
	run -0 --separate-stderr iv-ask --start
	run -0 jq -c '[.session, .round_number, .max_rounds]' <<<"$output"
	assert_output '[2,2,7]'
	IV_ROUNDS=3 run -0 --separate-stderr iv-ask --start
	run -0 jq -c '[.round_number, .max_rounds]' <<<"$output"
	assert_output '[3,3]'
	rm "$IV_HOME/config.yaml"
	run -0 --separate-stderr iv-ask --start
	run -0 jq -r .max_rounds <<<"$output"
	assert_output 5
}

@test "the question is written as an interviewer turn with its metadata" {
	iv-ask --start --rounds 3 >/dev/null
	run -0 --separate-stderr iv-ask --session 1 --store
	line=$output
	run -0 jq -r '"\(.type) \(.session) \(.sequence) \(.turn_id) \(.round) \(.max_rounds) \(.follow_up) \(.reused) \(.hints | length >= 3)"' <<<"$line"
	assert_output "question 1 1 1 1 3 false false true"
	run -0 sql "SELECT role, sequence_number, content = '$(jq -r .text <<<"$line" | sed "s/'/''/g")' FROM conversations"
	assert_output "interviewer|1|1"
	run -0 sql "SELECT metadata FROM conversations WHERE id = 1"
	run -0 jq -r --argjson l "$line" '[.type == "question", .question_id == $l.question_id, .topic == $l.topic,
		.skill_path == $l.skill_path, .difficulty == $l.difficulty, .round == 1, .follow_up == false,
		(.key_points | length >= 3 and all(has("id") and has("text") and has("weight") and has("terms"))),
		(.reason | length > 0), (.reason_codes | length > 0), .lang == "en", .engine == "builtin"] | all' <<<"$output"
	assert_output true
}

@test "a question still waiting for its answer is given again" {
	iv-ask --start --rounds 3 >/dev/null
	run -0 --separate-stderr iv-ask --session 1 --store
	first=$output
	run -0 --separate-stderr iv-ask --session 1 --store
	[ "$(jq -c 'del(.reused)' <<<"$output")" = "$(jq -c 'del(.reused)' <<<"$first")" ]
	run -0 jq -r .reused <<<"$output"
	assert_output true
	[ "$(db_count conversations)" = 1 ]
}

@test "without --store nothing is written" {
	iv-ask --start --rounds 3 >/dev/null
	run -0 --separate-stderr iv-ask --session 1
	run -0 jq -r '"\(.turn_id) \(.sequence)"' <<<"$output"
	assert_output "null 1"
	[ "$(db_count conversations)" = 0 ]
}

@test "one follow-up on the most important key point missed, then the next question" {
	add_jd en '["RAG"]'
	iv-ask --start --jd 1 --rounds 2 >/dev/null
	ask 1
	qid=$(jq -r .question_id <<<"$q")
	# the most important key point that has a follow-up
	kp=$(iv-ask --list 2>/dev/null | jq -r --arg q "$qid" 'select(.id == $q) |
		[.follow_ups[].key_point] as $f | [.key_points[] | select(.id | IN($f[]))] | max_by(.weight) | .id')
	answer 1 "$(points_but "$qid" "$kp")"
	run -0 sql "SELECT json_extract(metadata, '$.grade.missed_points[0].id') FROM conversations WHERE id = $at"
	assert_output "$kp"
	ask 1
	run -0 jq -r '"\(.follow_up) \(.round) \(.question_id)"' <<<"$q"
	assert_output "true 1 $qid"
	fu=$(iv-ask --list 2>/dev/null | jq -r --arg q "$qid" --arg k "$kp" 'select(.id == $q) | first(.follow_ups[] | select(.key_point == $k)) | .en')
	run -0 jq -r .text <<<"$q"
	assert_output --partial "$fu"
	run -0 sql "SELECT json_extract(metadata, '$.key_point'), json_extract(metadata, '$.parent_turn'), json_array_length(metadata, '$.key_points') FROM conversations WHERE id = $qt"
	assert_output "$kp|1|1"
	answer 1 "Something vague."
	ask 1
	run -0 jq -r '"\(.follow_up) \(.round)"' <<<"$q"
	assert_output "false 2"
}

@test "no follow-up after 'I don't know' or a skipped question; done after the last round" {
	iv-ask --start --rounds 2 >/dev/null
	ask 1
	answer 1 "I don't know."
	ask 1
	run -0 jq -r '"\(.follow_up) \(.round)"' <<<"$q"
	assert_output "false 2"
	at=$(jq -nc --argjson r "$qt" '{role: "candidate", content: "", reply_to: $r, metadata: {skipped: true}}' |
		iv-store turns add --session 1 | jq -r .id)
	iv-grade --turn "$at" --store >/dev/null
	run -0 --separate-stderr iv-ask --session 1 --store
	assert_output '{"type":"done","session":1,"reason":"2 of 2 rounds done","rounds":2,"max_rounds":2}'
	[ "$(db_count conversations "role = 'interviewer'")" = 2 ]
}

@test "an answer not graded yet still decides the follow-up" {
	add_jd en '["RAG"]'
	iv-ask --start --jd 1 --rounds 2 >/dev/null
	ask 1
	qid=$(jq -r .question_id <<<"$q")
	jq -nc --arg c "$(points_but "$qid" none)" --argjson r "$qt" '{role: "candidate", content: $c, reply_to: $r}' |
		iv-store turns add --session 1 >/dev/null
	ask 1
	run -0 jq -r '"\(.follow_up) \(.round)"' <<<"$q"
	assert_output "false 2"
}

@test "skills the JD requires and the resume lacks come first" {
	add_resume en '["Python", "FastAPI"]' '{"basics": {"name": "A"}}'
	add_jd en '["Python", "Redis"]' '["Docker"]'
	run -0 --separate-stderr iv-ask --start
	run -0 jq -c '[.resume_id, .jd_id]' <<<"$output"
	assert_output '[1,1]'
	ask 1
	run -0 jq -r .skill_path <<<"$q"
	assert_output data/db/redis
	run -0 sql "SELECT json_extract(metadata, '$.reason_codes') FROM conversations WHERE id = $qt"
	assert_output '["jd_required","resume_missing"]'
	run -0 sql "SELECT json_extract(metadata, '$.reason') FROM conversations WHERE id = $qt"
	assert_output "the job description requires it; not on the resume"
}

@test "skills weak in past assessments come first, then the learning plan's focus" {
	add_resume en '["Python", "SQL"]' '{}'
	add_jd en '["Python", "SQL"]'
	sql "INSERT INTO skill_assessments (user_id, skill_name, skill_path, score) VALUES
	     (1, 'SQL', 'data/db/sql', 8), (1, 'Python', 'lang/python', 9), (1, 'SQL', 'data/db/sql', 3)"
	sql "INSERT INTO learning_plans (user_id, title, plan_data) VALUES (1, 'plan',
	     '{\"learning_paths\": [{\"topic\": \"Docker\", \"status\": \"completed\"}, {\"topic\": \"Kubernetes\", \"status\": \"active\"}]}')"
	iv-ask --start --rounds 3 >/dev/null
	ask 1
	run -0 jq -r .skill_path <<<"$q"
	assert_output data/db/sql
	run -0 sql "SELECT json_extract(metadata, '$.reason_codes') FROM conversations WHERE id = $qt"
	assert_output '["jd_required","weak_score"]'
	answer 1 "I don't know."
	ask 1
	run -0 jq -r .skill_path <<<"$q"
	assert_output ops/kubernetes
	run -0 sql "SELECT json_extract(metadata, '$.reason_codes') FROM conversations WHERE id = $qt"
	assert_output '["plan_focus"]'
}

@test "questions answered in the last sessions are not asked again; later, weak ones come back on purpose" {
	add_jd en '["Redis"]'
	for s in 1 2 3 4 5; do
		iv-ask --start --jd 1 --rounds 3 >/dev/null
		for r in 1 2 3; do
			ask "$s"
			answer "$s" "I don't know."
		done
		iv-store sessions update "$s" --status completed >/dev/null
	done
	# no session asks what one of its last three sessions asked, unless on purpose
	run -0 sql "SELECT count(*) FROM conversations q JOIN conversations p
		    ON json_extract(p.metadata, '$.question_id') = json_extract(q.metadata, '$.question_id')
		    WHERE q.role = 'interviewer' AND p.role = 'interviewer'
		    AND p.session_id BETWEEN q.session_id - 3 AND q.session_id - 1
		    AND json_extract(q.metadata, '$.revisit') IS NULL"
	assert_output 0
	# the six Redis questions go in the first three sessions; the fourth has none left
	run -0 sql "SELECT session_id, count(*) FROM conversations WHERE role = 'interviewer'
		    AND json_extract(metadata, '$.skill_path') = 'data/db/redis' GROUP BY session_id"
	assert_output $'1|2\n2|2\n3|2\n5|2'
	# session 5: session 1's questions are no longer recent, and were answered weakly
	run -0 sql "SELECT json_extract(metadata, '$.question_id') IN (SELECT json_extract(metadata, '$.question_id')
		    FROM conversations WHERE session_id = 1), json_extract(metadata, '$.revisit.session_id'),
		    json_extract(metadata, '$.reason_codes') LIKE '%revisit%'
		    FROM conversations WHERE session_id = 5 AND role = 'interviewer' ORDER BY id LIMIT 1"
	assert_output "1|1|1"
	run -0 sql "SELECT content LIKE 'We tried this one in an earlier round%' FROM conversations WHERE session_id = 5 ORDER BY id LIMIT 1"
	assert_output 1
}

@test "difficulty rises with the round: a first session starts easier than a fifth" {
	for s in 1 2 3 4 5; do iv-ask --start >/dev/null; done
	run -0 --separate-stderr iv-ask --session 1
	run -0 jq -r .difficulty <<<"$output"
	assert_output 1
	run -0 --separate-stderr iv-ask --session 5
	run -0 jq -r .difficulty <<<"$output"
	assert_output 2
}

@test "difficulty rises with the skill's score" {
	add_jd en '["Redis"]'
	iv-ask --start --jd 1 >/dev/null
	run -0 --separate-stderr iv-ask --session 1
	run -0 jq -r .difficulty <<<"$output"
	assert_output 1
	sql "INSERT INTO skill_assessments (user_id, skill_name, skill_path, score) VALUES (1, 'Redis', 'data/db/redis', 9.5)"
	run -0 --separate-stderr iv-ask --session 1
	run -0 jq -r .difficulty <<<"$output"
	assert_output 2
}

@test "the session's language comes from the resume, and the question names a project from it" {
	add_resume zh '["RAG", "LangChain"]' '{"projects": [{"name": "智能客服知识库", "description": "基于 RAG 和 LangChain 的企业知识问答"}]}'
	add_jd zh '["RAG"]'
	run -0 --separate-stderr iv-ask --start
	run -0 jq -r .lang <<<"$output"
	assert_output zh
	ask 1
	run -0 jq -r '"\(.lang) \(.skill_path)"' <<<"$q"
	assert_output "zh ai/llm/rag"
	run -0 jq -r .text <<<"$q"
	assert_output --regexp '^你在「智能客服知识库」里用过检索增强生成'
	# --lang wins over the resume
	run -0 --separate-stderr iv-ask --session 1 --lang en
	run -0 jq -r .lang <<<"$output"
	assert_output zh
	run -0 --separate-stderr iv-ask --start --lang en
	run -0 jq -r .lang <<<"$output"
	assert_output en
	ask 2
	run -0 jq -r .text <<<"$q"
	assert_output --regexp '^On 智能客服知识库 you worked with RAG'
}

@test "the same store gives the same questions" {
	for home in a b; do
		export IV_HOME="$BATS_TEST_TMPDIR/$home"
		iv-store init >/dev/null
		iv-ask --start --rounds 3 >/dev/null
		for r in 1 2 3; do
			ask 1
			printf '%s\n' "$q" >>"$BATS_TEST_TMPDIR/$home.out"
			answer 1 "An event loop runs coroutines on one thread; the cache is invalidated on write."
		done
	done
	run -0 diff "$BATS_TEST_TMPDIR/a.out" "$BATS_TEST_TMPDIR/b.out"
}

@test "--unfinished: the latest ongoing or paused session" {
	run -1 --separate-stderr iv-ask --unfinished
	assert_stderr "iv-ask: no interview to continue: every session is completed or cancelled"
	iv-ask --start >/dev/null
	iv-ask --start >/dev/null
	iv-store sessions update 2 --status cancelled >/dev/null
	run -0 --separate-stderr iv-ask --unfinished
	run -0 jq -r '"\(.session) \(.status)"' <<<"$output"
	assert_output "1 ongoing"
	iv-store sessions update 1 --status paused >/dev/null
	run -0 --separate-stderr iv-ask --unfinished --session 1
	run -0 jq -r '"\(.session) \(.status)"' <<<"$output"
	assert_output "1 paused"
	run -1 --separate-stderr iv-ask --unfinished --session 2
	assert_stderr "iv-ask: session 2 is cancelled; only an ongoing or paused interview can be continued"
}

@test "unknown, finished and paused sessions, another user's session" {
	run -1 --separate-stderr iv-ask --session 9
	assert_stderr "iv-ask: no session 9"
	iv-ask --start >/dev/null
	iv-store sessions update 1 --status paused >/dev/null
	run -1 --separate-stderr iv-ask --session 1 --store
	assert_stderr "iv-ask: session 1 is paused; 'iv interview --continue 1' resumes it"
	iv-store sessions update 1 --status completed >/dev/null
	run -1 --separate-stderr iv-ask --session 1 --store
	assert_stderr "iv-ask: session 1 is completed; a finished interview takes no more questions"
	[ "$(db_count conversations)" = 0 ]
	run -1 --separate-stderr iv-ask --user bob --session 1
	assert_stderr "iv-ask: no session 1"
	run -1 --separate-stderr iv-ask --start --resume 4
	assert_stderr "iv-ask: no resume 4"
	run -1 --separate-stderr iv-ask --start --jd 4
	assert_stderr "iv-ask: no job description 4"
}

@test "usage errors" {
	run -2 --separate-stderr iv-ask
	assert_stderr --partial "iv-ask: which session? give --session ID (or --start, --unfinished)"
	run -2 --separate-stderr iv-ask --session 1 --lang fr
	assert_stderr --partial "option '--lang' takes zh or en, not 'fr'"
	run -2 --separate-stderr iv-ask --start --rounds 11
	assert_stderr --partial "--rounds"
	run -2 --separate-stderr iv-ask --start --session 1
	assert_stderr --partial "--start makes a new session; it takes no --session"
	run -2 --separate-stderr iv-ask --session 1 --rounds 3
	assert_stderr --partial "--resume, --jd and --rounds go with --start"
	run -2 --separate-stderr iv-ask --list --check-bank
	assert_stderr --partial "go alone"
	run -2 --separate-stderr iv-ask --session 1 extra
	assert_stderr --partial "unexpected argument 'extra'"
}

@test "a missed key point the bank has no follow-up for is probed by name; a poor attempt is followed up, 'I don't know' is not" {
	add_jd en '["RAG"]'
	iv-ask --start --jd 1 --rounds 3 >/dev/null
	ask 1
	qid=$(jq -r .question_id <<<"$q")
	# the most important key point without a written follow-up
	kp=$(iv-ask --list 2>/dev/null | jq -r --arg q "$qid" 'select(.id == $q) |
		[.follow_ups[].key_point] as $f | [.key_points[] | select(.id | IN($f[]) | not)] | max_by(.weight) | .id')
	[ "$kp" != null ] || fail "$qid has a follow-up for every key point"
	term=$(iv-ask --list 2>/dev/null | jq -r --arg q "$qid" --arg k "$kp" 'select(.id == $q) |
		.key_points[] | select(.id == $k) | [.terms[] | select(test("\\p{Han}") | not)][0]')
	answer 1 "$(points_but "$qid" "$kp")"
	ask 1
	run -0 jq -r '"\(.follow_up) \(.round) \(.question_id)"' <<<"$q"
	assert_output "true 1 $qid"
	run -0 jq -r .text <<<"$q"
	assert_output --partial "$term"
	run -0 sql "SELECT json_extract(metadata, '$.key_point') FROM conversations WHERE id = $qt"
	assert_output "$kp"
	answer 1 "Not much."
	# a short attempt that misses everything still gets its follow-up
	ask 1
	answer 1 "It has some steps, I think they go one after another."
	ask 1
	run -0 jq -r '"\(.follow_up) \(.round)"' <<<"$q"
	assert_output "true 2"
	answer 1 "No idea."
	ask 1
	answer 1 "I don't know."
	ask 1
	run -0 jq -r '"\(.type)"' <<<"$q"
	assert_output "done"
}

@test "a plan on a topic is not one on every skill below it; a skill the resume lacks stops being a gap once assessed well" {
	sql "INSERT INTO learning_plans (user_id, title, plan_data) VALUES (1, 'plan',
	     '{\"learning_paths\": [{\"topic\": \"llm-fundamentals\"}]}')"
	iv-ask --start --rounds 3 >/dev/null
	for r in 1 2 3; do
		ask 1
		answer 1 "I don't know."
	done
	run -0 sql "SELECT DISTINCT json_extract(metadata, '$.topic') FROM conversations
		    WHERE role = 'interviewer' AND json_extract(metadata, '$.reason_codes') LIKE '%plan_focus%'"
	assert_output "llm-fundamentals"
	add_resume en '["Python"]' '{"basics": {"name": "A"}}'
	add_jd en '["Python", "Redis"]'
	iv-ask --start --rounds 1 >/dev/null
	ask 2
	run -0 jq -r .skill_path <<<"$q"
	assert_output data/db/redis
	sql "INSERT INTO skill_assessments (user_id, skill_name, skill_path, score) VALUES (1, 'Redis', 'data/db/redis', 8.5)"
	sql "UPDATE learning_plans SET status = 'archived'"
	iv-ask --start --rounds 1 >/dev/null
	ask 3
	run -0 jq -r .skill_path <<<"$q"
	assert_output --regexp '^lang/python'
}
