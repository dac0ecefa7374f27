#!/usr/bin/env bats
# iv interview killed with SIGKILL at every step of every turn, then
# --continue: the store ends as if nothing had happened, every answer
# stored exactly once.

load test_helper
load kill_helper

ANSWERS="$FIXTURES/interview-en.txt"

@test "SIGKILL after every step of every turn, then --continue: every answer stored exactly once" {
	kill_matrix "$ANSWERS" --rounds 3
}

@test "a killed interview continues from the last answer typed even with no --answers left over" {
	killer_bin grade-before 1
	IV_LIBEXEC="$IV_BUILD/libexec/iv" run setsid "$killed_iv" interview --rounds 3 --answers "$ANSWERS"
	[ "$status" -eq 137 ]
	run -0 sql "SELECT count(*), score IS NULL FROM conversations WHERE role = 'candidate'"
	assert_output "1|1"
	run -0 sql "SELECT status FROM interview_sessions"
	assert_output ongoing
	# no answers at all: the stored one is graded, the next question asked, then paused
	run -0 --separate-stderr iv interview --continue </dev/null
	assert_stderr "iv: no more answers"
	run -0 sql "SELECT count(*), count(score) FROM conversations WHERE role = 'candidate'"
	assert_output "1|1"
	run -0 sql "SELECT status, (SELECT count(*) FROM conversations WHERE role = 'interviewer') FROM interview_sessions"
	assert_output "paused|2"
}
