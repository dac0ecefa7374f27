#!/usr/bin/env bats
# iv interview: the driver's loop (cmd/iv.d/_interview.sh) over iv-ask,
# iv-store and iv-grade, in scripted mode.

load test_helper

setup() {
	iv_test_env
	iv init >/dev/null
}

sql() {
	sqlite3 "$IV_HOME/iv.db" "$@"
}

# The first N answer blocks of FILE, NUL-separated (as the store holds them).
blocks() {
	awk -v n="$2" '
		/^\.$/ { if (started) { printf "%s%c", b, 0; k++; b = ""; started = 0 } if (k == n) exit; next }
		!started && /^$/ { next }
		{ b = started ? b "\n" $0 : $0; started = 1 }' "$1"
}

# The session's answers, NUL-separated, in order.
stored_answers() {
	sql "SELECT content FROM conversations WHERE session_id = ${1:-1} AND role = 'candidate'
	     ORDER BY sequence_number" -newline $'\x01' | tr '\001' '\000'
}

# The store holds session 1 complete: turns numbered 1..N, question and
# answer alternating, each answer replying to the question before it and
# graded into its turn.
assert_complete_session() {
	run -0 sql "SELECT status, round_number, max_rounds FROM interview_sessions WHERE id = 1"
	assert_output "completed|1|$1"
	run -0 sql "SELECT count(*) = max(sequence_number), min(sequence_number) FROM conversations WHERE session_id = 1"
	assert_output "1|1"
	run -0 sql "SELECT count(*) FROM conversations WHERE session_id = 1 AND
		    role != CASE sequence_number % 2 WHEN 1 THEN 'interviewer' ELSE 'candidate' END"
	assert_output 0
	run -0 sql "SELECT count(*) FROM conversations a LEFT JOIN conversations q ON q.id = a.reply_to
		    WHERE a.session_id = 1 AND a.role = 'candidate' AND (q.sequence_number IS NOT a.sequence_number - 1
		    OR a.score IS NULL OR json_extract(a.metadata, '$.grade.score') IS NOT a.score)"
	assert_output 0
	run -0 sql "SELECT count(*) FROM conversations WHERE session_id = 1 AND role = 'interviewer'
		    AND NOT json_extract(metadata, '$.follow_up')"
	assert_output "$1"
	run -0 sql "SELECT count(*) FROM conversations WHERE session_id = 1 AND role = 'candidate'"
	answers=$output
	[ "$(stored_answers | od -c)" = "$(blocks "$2" "$answers" | od -c)" ] || fail "the stored answers are not the answer blocks in order"
}

@test "a whole scripted interview in English: the session, every turn in order, every grade" {
	run -0 --separate-stderr iv interview --rounds 3 --lang en --answers "$FIXTURES/interview-en.txt"
	assert_line --index 0 "Mock interview #1: 3 questions (session 1)."
	assert_output --partial "── Round 1/3 · "
	assert_output --partial "── Round 3/3 · "
	assert_output --partial "> I would start from what the users need"
	assert_output --regexp $'\nScore [0-9.]+/10  '
	assert_output --partial "── Grades · session 1 ──"
	assert_output --regexp "average [0-9.]+ over [0-9]+ answers"
	assert_line "Session 1 is complete. Well done!"
	assert_complete_session 3 "$FIXTURES/interview-en.txt"
}

@test "a whole scripted interview in Chinese" {
	run -0 --separate-stderr iv interview --rounds 3 --lang zh --answers "$FIXTURES/interview-zh.txt"
	assert_line --index 0 "第 1 次模拟面试：3 道题（会话 1）。"
	assert_line "会话 1 已完成，辛苦了！"
	assert_output --partial "── 轮 1/3 · "
	assert_output --regexp $'\n得分 [0-9.]+/10  '
	assert_complete_session 3 "$FIXTURES/interview-zh.txt"
	run -0 sql "SELECT count(*) FROM conversations WHERE session_id = 1 AND role = 'candidate'
		    AND json_extract(metadata, '$.grade.lang') = 'zh' AND json_extract(metadata, '$.feedback') GLOB '*[要点答]*'"
	[ "$output" -ge 3 ]
}

@test "answers come from stdin when it is not a terminal; no colour in a pipe" {
	run -0 --separate-stderr bash -c "iv interview --rounds 3 < '$FIXTURES/interview-en.txt'"
	assert_complete_session 3 "$FIXTURES/interview-en.txt"
	refute_output --partial $'\033'
}

@test "--no-feedback keeps the feedback for the end" {
	run -0 --separate-stderr iv interview --rounds 3 --no-feedback --answers "$FIXTURES/interview-en.txt"
	refute_output --regexp $'\nScore [0-9.]+/10'
	assert_output --partial "── Feedback ──"
	run -0 sql "SELECT count(*) FROM conversations WHERE role = 'candidate' AND json_extract(metadata, '$.feedback') IS NOT NULL"
	[ "$output" -ge 3 ]
}

@test ":hint shows the next key point and is counted; :skip skips" {
	printf ':hint\n:hint\nAn answer after two hints.\n.\n:skip\nI would measure first.\n.\n' >"$BATS_TEST_TMPDIR/a"
	run -0 --separate-stderr iv interview --rounds 3 --answers "$BATS_TEST_TMPDIR/a"
	assert_output --regexp $'\nHint 1: [^\n]+\nHint 2: '
	run -0 sql "SELECT json_extract(metadata, '$.hints'), json_extract(metadata, '$.grade.hints_used'),
		    coalesce(json_extract(metadata, '$.skipped'), 0), score, content FROM conversations
		    WHERE role = 'candidate' ORDER BY id LIMIT 2"
	assert_line --index 0 --regexp '^2\|2\|0\|[0-9.]+\|An answer after two hints.$'
	assert_line --index 1 "0|0|1|0.0|"
}

@test ":pause pauses; --continue asks the same question again and finishes" {
	printf 'First answer.\n.\n:pause\n' >"$BATS_TEST_TMPDIR/a"
	run -0 --separate-stderr iv interview --rounds 2 --answers "$BATS_TEST_TMPDIR/a"
	assert_line "Session 1 is paused. 'iv interview --continue' picks it up here."
	run -0 sql "SELECT status FROM interview_sessions"
	assert_output paused
	run -0 sql "SELECT max(id) FROM conversations WHERE role = 'interviewer'"
	waiting=$output
	printf 'Second answer.\n.\nThird answer.\n.\nFourth answer.\n.\n' >"$BATS_TEST_TMPDIR/b"
	run -0 --separate-stderr iv interview --continue --answers "$BATS_TEST_TMPDIR/b"
	assert_line --index 0 "Continuing session 1 (interview #1, 2 questions)."
	run -0 sql "SELECT reply_to FROM conversations WHERE content = 'Second answer.'"
	assert_output "$waiting"
	run -0 sql "SELECT status FROM interview_sessions"
	assert_output completed
	run -0 sql "SELECT count(*) FROM conversations WHERE role = 'interviewer' AND id NOT IN
		    (SELECT reply_to FROM conversations WHERE role = 'candidate')"
	assert_output 0
}

@test "the end of the answers pauses the interview" {
	printf 'Only one answer.\n' >"$BATS_TEST_TMPDIR/a"
	run -0 --separate-stderr iv interview --rounds 3 --answers "$BATS_TEST_TMPDIR/a"
	assert_stderr "iv: no more answers"
	run -0 sql "SELECT status FROM interview_sessions"
	assert_output paused
	run -0 sql "SELECT content FROM conversations WHERE role = 'candidate'"
	assert_output "Only one answer."
}

@test ":quit cancels the interview" {
	printf 'An answer.\n.\n:quit\n' >"$BATS_TEST_TMPDIR/a"
	run -0 --separate-stderr iv interview --rounds 3 --answers "$BATS_TEST_TMPDIR/a"
	assert_line "Session 1 is cancelled."
	run -0 sql "SELECT status, end_time IS NOT NULL FROM interview_sessions"
	assert_output "cancelled|1"
	run -1 --separate-stderr iv interview --continue 1
	assert_stderr "iv-ask: session 1 is cancelled; only an ongoing or paused interview can be continued"
}

@test ":e takes the answer from \$EDITOR" {
	printf '#!/bin/sh\nprintf "Written in the editor." > "$1"\n' >"$BATS_TEST_TMPDIR/ed"
	chmod +x "$BATS_TEST_TMPDIR/ed"
	printf ':e\n:pause\n' >"$BATS_TEST_TMPDIR/a"
	EDITOR="$BATS_TEST_TMPDIR/ed" run -0 --separate-stderr iv interview --rounds 3 --answers "$BATS_TEST_TMPDIR/a"
	run -0 sql "SELECT content, score IS NOT NULL FROM conversations WHERE role = 'candidate'"
	assert_output "Written in the editor.|1"
}

@test "--continue grades an answer stored but not graded, and asks again a question not answered" {
	iv-ask --start --rounds 2 >/dev/null
	q=$(iv-ask --session 1 --store | jq -r .turn_id)
	jq -nc --argjson r "$q" '{role: "candidate", content: "Stored before a crash.", reply_to: $r}' |
		iv-store turns add --session 1 >/dev/null
	printf 'Second.\n.\nThird.\n.\nFourth.\n.\n' >"$BATS_TEST_TMPDIR/a"
	run -0 --separate-stderr iv interview --continue --answers "$BATS_TEST_TMPDIR/a"
	run -0 sql "SELECT score IS NOT NULL FROM conversations WHERE content = 'Stored before a crash.'"
	assert_output 1
	run -0 sql "SELECT status FROM interview_sessions"
	assert_output completed
	# a question asked and never answered is asked again, not twice
	iv-ask --start --rounds 2 >/dev/null
	q=$(iv-ask --session 2 --store | jq -r .turn_id)
	run -0 --separate-stderr iv interview --continue 2 --answers "$BATS_TEST_TMPDIR/a"
	run -0 sql "SELECT reply_to FROM conversations WHERE session_id = 2 AND content = 'Second.'"
	assert_output "$q"
}

@test "--continue with nothing to continue" {
	run -1 --separate-stderr iv interview --continue
	assert_stderr "iv-ask: no interview to continue: every session is completed or cancelled"
	run -1 --separate-stderr iv interview --continue 5
	assert_stderr "iv-ask: no session 5"
}

@test "the resume, the JD and the language reach the session" {
	sql "INSERT INTO resumes (user_id, sha256, version, lang, extracted_skills) VALUES (1, 'a', 1, 'zh', '[\"Redis\"]')"
	sql "INSERT INTO job_descriptions (user_id, sha256, raw_text, lang, required_skills) VALUES (1, 'b', 'jd', 'zh', '[\"Redis\"]')"
	run -0 --separate-stderr iv interview --rounds 3 --answers "$FIXTURES/interview-zh.txt"
	run -0 sql "SELECT resume_id, jd_id, lang FROM interview_sessions"
	assert_output "1|1|zh"
	run -0 --separate-stderr iv interview --rounds 3 --resume 1 --lang en --answers "$FIXTURES/interview-en.txt"
	run -0 sql "SELECT resume_id, jd_id, lang, round_number FROM interview_sessions WHERE id = 2"
	assert_output "1|1|en|2"
}

@test "bad usage and bad input" {
	run -2 --separate-stderr iv interview --rounds x
	assert_stderr --partial "iv: option '--rounds' needs a number, not 'x'"
	run -2 --separate-stderr iv interview --lang fr
	assert_stderr --partial "iv: option '--lang' takes zh or en, not 'fr'"
	run -2 --separate-stderr iv interview --continue --rounds 3
	assert_stderr --partial "--continue goes on with the session's own rounds"
	run -2 --separate-stderr iv interview --bogus
	assert_stderr --partial "iv: unknown argument '--bogus'"
	assert_stderr --partial "Try 'iv help interview' for more information."
	run -2 --separate-stderr iv interview --answers
	assert_stderr --partial "iv: option '--answers' needs an argument"
	run -1 --separate-stderr iv interview --answers "$BATS_TEST_TMPDIR/none"
	assert_stderr "iv: can't read answers from '$BATS_TEST_TMPDIR/none'"
	run -2 --separate-stderr iv interview --rounds 11 --answers "$FIXTURES/interview-en.txt"
	assert_stderr --partial "iv: option '--rounds' takes 1 to 10, not '11'"
	[ "$(db_count interview_sessions)" = 0 ]
}

@test "help and completion" {
	run -0 iv help interview
	assert_line --index 0 --partial "Usage: iv interview [--rounds N]"
	assert_output --partial ":hint"
	run -0 iv completions interview
	assert_line -- --continue
	assert_line -- --answers
}

@test "SIGTERM or a closed terminal (SIGHUP) pauses the interview; nothing typed is lost" {
	for sig in TERM HUP; do
		export IV_HOME="$BATS_TEST_TMPDIR/$sig"
		iv init >/dev/null
		mkfifo "$BATS_TEST_TMPDIR/in-$sig"
		iv interview --rounds 2 --answers "$BATS_TEST_TMPDIR/in-$sig" >"$BATS_TEST_TMPDIR/out" 2>&1 &
		pid=$!
		exec 5>"$BATS_TEST_TMPDIR/in-$sig"
		printf 'First answer.\n.\n' >&5
		for i in $(seq 100); do
			[ "$(sql "SELECT count(*) FROM conversations" 2>/dev/null)" = 3 ] && break
			sleep 0.1
		done
		[ "$(sql "SELECT count(*) FROM conversations")" = 3 ] || fail "$sig: the second question was not asked"
		kill -s "$sig" "$pid"
		status=0
		wait "$pid" || status=$?
		exec 5>&-
		[ "$status" -eq 130 ] || fail "$sig: exit status $status: $(cat "$BATS_TEST_TMPDIR/out")"
		run -0 cat "$BATS_TEST_TMPDIR/out"
		assert_output --partial "iv: interrupted; session 1 is paused and every stored answer kept ('iv interview --continue' resumes it)"
		run -0 sql "SELECT status, (SELECT content FROM conversations WHERE role = 'candidate') FROM interview_sessions"
		assert_output "paused|First answer."
	done
}
