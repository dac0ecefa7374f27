#!/usr/bin/env bats
# iv-serve under load: 20 clients of 200 requests each (reads and writes)
# while a scripted interview writes to the same store. No 5xx, no record
# lost or stored twice, the store intact.

load test_helper

setup() {
	iv_test_env
	iv init >/dev/null
	SERVE_PID=
}

teardown() {
	if [ -n "$SERVE_PID" ]; then
		kill "$SERVE_PID" 2>/dev/null || :
		wait "$SERVE_PID" 2>/dev/null || :
	fi
	# Under make check SAN=1: what the sanitizers found in the server.
	if grep -q -e 'Sanitizer' -e 'runtime error' "$BATS_TEST_TMPDIR/serve.log" 2>/dev/null; then
		cat "$BATS_TEST_TMPDIR/serve.log" >&2
		return 1
	fi
}

# client N SESSION: 40 records added to SESSION one request at a time, and
# 160 reads on kept-alive connections; every status in codes.N, every new
# record's id in ids.N.
client() {
	local n=$1 sid=$2 i urls=()
	for i in $(seq 40); do
		curl -sS -w '\t%{http_code}\n' -H 'Content-Type: application/json' \
			--data-binary "{\"session_id\":$sid,\"question\":\"客户端 $n 的第 $i 题：什么是 RAG？\",\"answer\":\"Client $n answer $i: retrieve, then generate.\",\"score\":$((i % 11))}" \
			"$URL/records"
	done >"posts.$n"
	grep -o '^{"id":[0-9]*' "posts.$n" | cut -d: -f2 >"ids.$n"
	sed -n 's/^\t//p' "posts.$n" >"codes.$n"
	for i in $(seq 40); do
		urls+=(-o /dev/null "$URL/records?limit=50" -o /dev/null "$URL/records?session_id=$sid&sort=-score&limit=20"
			-o /dev/null "$URL/sessions?limit=10&offset=$i" -o /dev/null "$URL/health")
	done
	curl -sS -w '%{http_code}\n' "${urls[@]}" >>"codes.$n"
}

@test "20 clients x 200 requests while an interview runs: no 5xx, every record once, integrity ok" {
	iv-serve --listen 127.0.0.1:0 --port-file port 2>"$BATS_TEST_TMPDIR/serve.log" 3>&- &
	SERVE_PID=$!
	for i in $(seq 100); do [ -s port ] && break; sleep 0.1; done
	URL="http://$(cat port)"
	for n in $(seq 20); do
		curl -sS -H 'Content-Type: application/json' --data-binary '{"lang":"zh"}' "$URL/sessions" | jq -r .id >"session.$n"
	done

	iv interview --rounds 3 --lang zh --answers "$FIXTURES/interview-zh.txt" >interview.out 2>interview.err 3>&- &
	interview=$!
	pids=()
	for n in $(seq 20); do
		client "$n" "$(cat "session.$n")" 3>&- &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p"; done
	wait "$interview" || fail "the interview failed: $(cat interview.err)"

	# Every request answered, none with 5xx.
	run -0 sh -c 'cat codes.* | wc -l'
	assert_output 4000
	run -0 sh -c 'cat codes.* | sort | uniq -c | sort -rn'
	refute_output --regexp ' 5[0-9][0-9]$'
	refute_output --regexp ' 000$'
	[ "$(grep -c '^201$' codes.*| awk -F: '{ s += $2 } END { print s }')" = 800 ]
	# Each client's 40 records are in its session, once each, and nowhere else.
	for n in $(seq 20); do
		sid=$(cat "session.$n")
		[ "$(sort -u "ids.$n" | wc -l)" = 40 ] || fail "client $n: ids $(tr '\n' ' ' <"ids.$n")"
		got=$(curl -sS "$URL/records?session_id=$sid&limit=500&sort=id" | jq -r '.items[].id')
		assert_equal "$got" "$(sort -n "ids.$n")"
		[ "$(curl -sS "$URL/records?session_id=$sid" | jq .total)" = 40 ]
	done
	# The interview's own turns are all there, and it finished.
	[ "$(sqlite3 "$IV_HOME/iv.db" "SELECT status FROM interview_sessions WHERE id = 21")" = completed ]
	# (3 questions and any follow-ups the grades asked for: every question answered)
	answers=$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM conversations WHERE session_id = 21 AND role = 'candidate'")
	[ "$answers" -ge 3 ]
	[ "$answers" = "$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM conversations WHERE session_id = 21 AND role = 'interviewer' AND json_extract(metadata, '\$.type') = 'question'")" ]
	[ "$(curl -sS "$URL/records" | jq .total)" = $((800 + answers)) ]
	[ "$(sqlite3 "$IV_HOME/iv.db" 'PRAGMA integrity_check')" = ok ]
	[ -z "$(sqlite3 "$IV_HOME/iv.db" 'PRAGMA foreign_key_check')" ]
	run -0 iv-store check
	# One access log line per request (and the 20 that made the sessions).
	[ "$(grep -c '^iv-serve: [0-9T:Z-]* 127.0.0.1 ' "$BATS_TEST_TMPDIR/serve.log")" -ge 4020 ]
}
