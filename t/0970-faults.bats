#!/usr/bin/env bats
# The fault matrix: what goes wrong around iv (a server that misbehaves, a
# store that is read-only, locked, corrupt or truncated, a broken config, a
# full disk) gives a clear error naming the problem, exit 1, and loses or
# half-writes nothing. (SIGKILL at every step of an English interview:
# 0440; of a Chinese one: below.)

load test_helper
load llm_helper
load kill_helper

teardown() {
	fake_llm_stop
	[ -z "${FAULT_PID:-}" ] || { kill "$FAULT_PID" 2>/dev/null; wait "$FAULT_PID" 2>/dev/null; } || true
}

# fault_server MODE [ARG]: t/tools/fault-server on a free port, and a config
# whose only profile points at it (2 s timeout, no retries).
fault_server() {
	local pf="$BATS_TEST_TMPDIR/fault.port" i
	"$IV_BUILD/t/tools/fault-server" --port-file "$pf" "$@" > /dev/null 2>&1 3>&- &
	FAULT_PID=$!
	for i in $(seq 200); do [ -s "$pf" ] && break; sleep 0.05; done
	[ -s "$pf" ] || fail "fault-server did not start"
	FAKE_LLM_URL="http://127.0.0.1:$(cat "$pf")/v1"
	fake_llm_config "timeout: 2" "retries: 0"
}

# the file and its write-ahead log, which stays between commands
store_sum() {
	cat "$IV_HOME/iv.db" "$IV_HOME/iv.db-wal" 2>/dev/null | sha256sum | cut -d' ' -f1
}

@test "an LLM server that sends headers then stalls: a time-out error, exit 1" {
	fault_server stall
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_output ''
	assert_stderr --regexp '^iv-llm: stdin:1: POST .*/chat/completions: timed out after 2000 ms \(1 attempt\)$'
}

@test "an LLM server that sends 100 MB: refused past 64 MiB, plain or streamed, exit 1" {
	fault_server flood 100
	fake_llm_config "timeout: 120" "retries: 0"
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr --regexp 'the reply is larger than 64 MiB'
	run -1 --separate-stderr iv-llm chat --stream <<< '{"prompt":"hi"}'
	assert_stderr --regexp 'the reply is larger than 64 MiB'
}

@test "an LLM server that redirects elsewhere: not followed, the error names where, exit 1" {
	fault_server redirect 'http://203.0.113.9/v1/chat/completions'
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr --partial 'HTTP 302: the server redirects to http://203.0.113.9/v1/chat/completions; redirects are not followed'
}

@test "a faulty server under iv-grade: the builtin grade, the reason on stderr, nothing stored wrong" {
	fault_server stall
	run -0 --separate-stderr iv-grade <<< '{"question":"What does the GIL do?","reference":"It lets one thread run Python bytecode at a time.","answer":"It is a lock so one thread runs bytecode"}'
	run -0 jq -r '[.engine, .fallback] | @tsv' <<< "$output"
	assert_output $'builtin\ttrue'
	assert_stderr --partial 'timed out after 2000 ms'
}

@test "a read-only store: readers work, writers say so and exit 1" {
	# Under /tmp, where an unprivileged user can reach it.
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	iv-store init > /dev/null
	echo '{}' | iv-store sessions create > /dev/null
	sqlite3 "$IV_HOME/iv.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	rm -f "$IV_HOME/iv.db-wal" "$IV_HOME/iv.db-shm"
	before=$(store_sum)
	chmod 755 "$IV_HOME"
	chmod 0444 "$IV_HOME/iv.db"
	run -0 --separate-stderr as_unprivileged iv-store sessions list
	[ "${#lines[@]}" = 1 ] || fail "$stderr"
	run -1 --separate-stderr as_unprivileged iv-store sessions create <<< '{}'
	assert_stderr "iv-store: store '$IV_HOME/iv.db' is read-only"
	[ "$(store_sum)" = "$before" ]
	rm -rf "$IV_HOME"
}

@test "a store held by another writer past the busy timeout: a clear error, exit 1, nothing half-written" {
	iv-store init > /dev/null
	# A writer that holds the lock for 20 s (the busy timeout is 15 s).
	sqlite3 "$IV_HOME/iv.db" "BEGIN IMMEDIATE; INSERT INTO users (username) VALUES ('holder');" \
		".shell sleep 20" "COMMIT;" 3>&- &
	holder=$!
	sleep 1
	run -1 --separate-stderr iv-store sessions create <<< '{}'
	assert_stderr --regexp '^iv-store: .*(locked|busy)'
	wait "$holder"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM interview_sessions; SELECT count(*) FROM users WHERE username = 'holder'"
	assert_output $'0\n1'
	# And once it is free, the same command works.
	run -0 --separate-stderr iv-store sessions create <<< '{}'
}

@test "a corrupt or truncated store: a clear error, exit 1, the file never overwritten" {
	iv-store init > /dev/null
	echo '{}' | iv-store sessions create > /dev/null
	sqlite3 "$IV_HOME/iv.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	cp "$IV_HOME/iv.db" good.db
	# Not SQLite at all.
	head -c 8192 /dev/urandom > "$IV_HOME/iv.db"
	before=$(store_sum)
	for cmd in "sessions list" "sessions create"; do
		run -1 --separate-stderr iv-store $cmd <<< '{}'
		assert_stderr "iv-store: '$IV_HOME/iv.db' is not an iv store (not an SQLite database)"
		[ "$(store_sum)" = "$before" ]
	done
	# A real store cut in half.
	head -c "$(($(stat -c %s good.db) / 2))" good.db > "$IV_HOME/iv.db"
	rm -f "$IV_HOME/iv.db-wal" "$IV_HOME/iv.db-shm"
	before=$(store_sum)
	run -1 --separate-stderr iv-store sessions list
	assert_stderr --regexp "^iv-store: .*($IV_HOME/iv.db|malformed|not a database)"
	run -1 --separate-stderr iv-store sessions create <<< '{}'
	assert_stderr --regexp "^iv-store: .*($IV_HOME/iv.db|malformed|not a database)"
	[ "$(store_sum)" = "$before" ]
}

@test "a config with broken YAML: every program names the file and line, exit 1" {
	mkdir -p "$IV_HOME"
	printf 'engine: builtin\nllm: [unclosed\n  model: x\n' > "$IV_HOME/config.yaml"
	for p in "iv-store sessions list" "iv-grade" "iv-recall x"; do
		run -1 --separate-stderr $p < /dev/null
		assert_stderr --regexp "^${p%% *}: $IV_HOME/config.yaml:[0-9]+: "
	done
	run -1 --separate-stderr iv doctor
	assert_stderr --partial "$IV_HOME/config.yaml:"
}

# full_disk CMD...: CMD with writes past 64 KiB failing as on a full disk
# (EFBIG; SIGXFSZ ignored as a full disk does not kill).
full_disk() {
	bash -c 'trap "" XFSZ; ulimit -f 128; exec "$@"' full_disk "$@"
}

@test "a full disk during an import: the error says so, exit 1, the store unchanged" {
	iv-store init > /dev/null
	sqlite3 "$IV_HOME/iv.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	bio=$(printf 'x%.0s' $(seq 400))	# once: 800 processes per file under load took a minute
	{ echo "{\"iv_export\":1,\"schema_version\":$(schema_latest)}"
	  for i in $(seq 2 400); do
		printf '{"table":"users","row":{"id":%d,"username":"u%d","profile":{"bio":"%s"}}}\n' "$i" "$i" "$bio"
	  done; } > big.jsonl
	before=$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM users")
	run -1 --separate-stderr full_disk iv-store import < big.jsonl
	assert_stderr --regexp '^iv-store: .*(disk is full|disk I/O error|too large)'
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA integrity_check; SELECT count(*) FROM users"
	assert_output "ok
$before"
}

@test "a full disk during iv sync's embedding: the error says so, exit 1, what was stored stays" {
	iv-store init > /dev/null
	echo '{"text":"first memory about queues"}' | iv-embed --store > /dev/null
	sqlite3 "$IV_HOME/iv.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	seq 1 600 | sed 's/.*/{"text":"memory & about caching, queues and retries in distributed systems"}/' > many.jsonl
	run -1 --separate-stderr full_disk iv-embed --store < many.jsonl
	assert_stderr --regexp '^iv-embed: .*(disk is full|disk I/O error|too large)'
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA integrity_check"
	assert_output ok
	run -0 iv-recall --no-touch -k 1 queues
	assert_output --partial '"id":1'
}

@test "a full disk during an interview: the error says so, exit 1; every answer typed is kept, the summary can be made after" {
	ans="$FIXTURES/interview-en.txt"
	iv-store init > /dev/null
	sqlite3 "$IV_HOME/iv.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	run -1 --separate-stderr full_disk iv interview --rounds 3 --answers "$ans"
	assert_stderr --regexp '(disk is full|disk I/O error|too large)'
	assert_stderr --partial 'its answers and grades are kept'
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA integrity_check"
	assert_output ok
	# Every answer stored before the disk filled is kept, and graded once:
	# by then or, when the disk filled while grading it, by what
	# --continue runs first. (Where the disk fills depends on how much each
	# step writes, and on the store's write-ahead log: at a question, a
	# grade or the summary.)
	n=$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM conversations WHERE role = 'candidate'")
	[ "$n" -ge 1 ]
	run -0 --separate-stderr iv-grade --session 1 --pending --store
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*), count(score), count(DISTINCT content) FROM conversations WHERE role = 'candidate'"
	assert_output "$n|$n|$n"
	# With room again, the summary is made and stored.
	run -0 --separate-stderr iv-summarize --session 1 --complete --store
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT status, summary IS NOT NULL FROM interview_sessions"
	assert_output 'completed|1'
}

@test "SIGKILL after every step of every turn of a Chinese interview, then --continue: every answer stored exactly once" {
	kill_matrix "$FIXTURES/interview-zh.txt" --rounds 3 --lang zh
}
