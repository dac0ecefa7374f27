# llm_helper.bash — a fake OpenAI-compatible server (t/tools/fake-llm.c) for
# tests of the LLM path. Load it after test_helper:
#
#	load test_helper
#	load llm_helper
#
#	fake_llm_start '{"content":"hello"}' '{"status":500}'	# one line per request
#	fake_llm_config				# $IV_HOME/config.yaml: profile "fake"
#	run -0 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
#	fake_llm_requests | jq -c .body		# what the server received
#
# fake_llm_start writes its arguments as the script (see fake-llm.c for what
# a line may say; fake_llm_start_file takes a script file instead) and sets
# FAKE_LLM_PORT, FAKE_LLM_URL (http://127.0.0.1:PORT/v1) and FAKE_LLM_LOG.
# FAKE_LLM_KEY is a made-up API key, exported as IV_TEST_LLM_KEY (the
# variable the config names). IV_LLM_BACKOFF_MS=1 keeps retries quick.
# The server is stopped in teardown; a file with its own teardown calls
# fake_llm_stop.

FAKE_LLM_KEY="sk-test-9f8e7d6c5b4a-not-a-real-key"

# test_helper's setup clears IV_*; set ours after it.
setup() {
	iv_test_env
	export IV_TEST_LLM_KEY="$FAKE_LLM_KEY"
	export IV_LLM_BACKOFF_MS=1
}

fake_llm_start_file() {
	local pf="$BATS_TEST_TMPDIR/fake-llm.port" i
	FAKE_LLM_LOG="$BATS_TEST_TMPDIR/fake-llm.log"
	rm -f "$pf"
	: > "$FAKE_LLM_LOG"
	# fd 3 closed, or bats waits for the server to end.
	"$IV_BUILD/t/tools/fake-llm" --script "$1" --log "$FAKE_LLM_LOG" --port-file "$pf" \
		> /dev/null 2> "$BATS_TEST_TMPDIR/fake-llm.err" 3>&- &
	FAKE_LLM_PID=$!
	for i in $(seq 200); do
		[ -s "$pf" ] && break
		kill -0 "$FAKE_LLM_PID" 2>/dev/null || break
		sleep 0.05
	done
	[ -s "$pf" ] || { cat "$BATS_TEST_TMPDIR/fake-llm.err" >&2; echo "fake-llm did not start" >&2; return 1; }
	FAKE_LLM_PORT=$(cat "$pf")
	FAKE_LLM_URL="http://127.0.0.1:$FAKE_LLM_PORT/v1"
}

fake_llm_start() {
	local script="$BATS_TEST_TMPDIR/fake-llm.script"
	: > "$script"
	[ $# -eq 0 ] || printf '%s\n' "$@" > "$script"
	fake_llm_start_file "$script"
}

fake_llm_stop() {
	if [ -n "${FAKE_LLM_PID:-}" ]; then
		kill -TERM "$FAKE_LLM_PID" 2>/dev/null || true
		wait "$FAKE_LLM_PID" 2>/dev/null || true
		FAKE_LLM_PID=
	fi
}

teardown() {
	fake_llm_stop
}

# fake_llm_config [SETTING...]: a config whose only profile, "fake", points at
# the server; each SETTING ("retries: 0") is added to the profile, replacing
# the default of the same name, and "llm.NAME: VALUE" goes under llm.
fake_llm_config() {
	local s d skip
	local defaults=("base_url: ${FAKE_LLM_URL:-http://127.0.0.1:9/v1}" "model: fake-model"
		"embedding_model: fake-embed" "api_key_env: IV_TEST_LLM_KEY" "timeout: 10" "connect_timeout: 5")
	mkdir -p "$IV_HOME"
	{
		printf 'engine: llm\nllm:\n  provider: fake\n'
		for s in "$@"; do
			case $s in llm.*) printf '  %s\n' "${s#llm.}" ;; esac
		done
		printf '  profiles:\n    fake:\n'
		for d in "${defaults[@]}"; do
			skip=
			for s in "$@"; do [ "${s%%:*}" = "${d%%:*}" ] && skip=1; done
			[ -n "$skip" ] || printf '      %s\n' "$d"
		done
		for s in "$@"; do
			case $s in llm.*) ;; *) printf '      %s\n' "$s" ;; esac
		done
	} > "$IV_HOME/config.yaml"
}

# The requests the server received, one JSON object per line.
fake_llm_requests() {
	cat "$FAKE_LLM_LOG"
}

# The number of requests the server received.
fake_llm_count() {
	wc -l < "$FAKE_LLM_LOG" | tr -d ' '
}

# A jq program: prompt.h's estimate of a request's messages: a CJK character is a token,
# other text four bytes to a token (rounded up), four more per message.
LLM_TOKENS='def cjk: (. >= 12352 and . <= 12543) or (. >= 13312 and . <= 19903) or (. >= 19968 and . <= 40959)
	or (. >= 44032 and . <= 55215) or (. >= 63744 and . <= 64255) or (. >= 131072 and . <= 201551);
def bytes: if . < 128 then 1 elif . < 2048 then 2 elif . < 65536 then 3 else 4 end;
def est: explode | ([.[] | select(cjk)] | length) + (((([.[] | select(cjk | not) | bytes] | add) // 0) + 3) / 4 | floor);
[.body.messages[] | (.content | est) + 4] | add'
