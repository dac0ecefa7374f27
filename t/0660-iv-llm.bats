#!/usr/bin/env bats
# iv-llm's command line.

load test_helper
load llm_helper

@test "usage errors exit 2 and point at --help" {
	run -2 --separate-stderr iv-llm
	assert_stderr $'iv-llm: no command given (ping, chat, embed or prompt)\nTry \'iv-llm --help\' for more information.'
	run -2 --separate-stderr iv-llm frobnicate
	assert_stderr --partial "iv-llm: unknown command 'frobnicate'"
	run -2 --separate-stderr iv-llm chat extra
	assert_stderr --partial "iv-llm: chat takes no arguments"
	run -2 --separate-stderr iv-llm prompt
	assert_stderr --partial "iv-llm: prompt takes one template name"
	run -2 --separate-stderr iv-llm embed --stream
	assert_stderr --partial "iv-llm: --stream, --json-schema and --no-cache are for chat"
	run -2 --separate-stderr iv-llm chat --batch 3
	assert_stderr --partial "iv-llm: --batch is for embed"
	run -2 --separate-stderr iv-llm embed --batch 0
	assert_stderr --partial "iv-llm: option '--batch' takes a whole number from 1 to 2048, not '0'"
	run -2 --separate-stderr iv-llm --budget 5000 prompt grade
	assert_stderr --partial "iv-llm: option '--budget' takes a whole number from 100 to 3000, not '5000'"
	printf '{}' > "$BATS_TEST_TMPDIR/s.json"
	fake_llm_config
	run -2 --separate-stderr iv-llm chat --stream --json-schema "$BATS_TEST_TMPDIR/s.json"
	assert_stderr --partial "iv-llm: --stream and --json-schema don't go together"
}

@test "--help and --version" {
	run -0 iv-llm --help
	assert_line --index 0 "Usage: iv-llm [OPTIONS] ping|chat|embed|prompt NAME"
	run -0 iv-llm --version
	assert_output --regexp '^iv-llm [0-9]'
}

@test "no LLM configured, or several profiles and none chosen: a clear error" {
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr "iv-llm: no LLM configured: add a profile under llm.profiles in $IV_HOME/config.yaml (see iv-llm(1))"
	mkdir -p "$IV_HOME"
	printf 'llm:\n  profiles:\n    a:\n      base_url: http://127.0.0.1:9/v1\n    b:\n      base_url: http://127.0.0.1:9/v1\n' > "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr "iv-llm: several LLM profiles (a, b): choose one with llm.provider or IV_PROVIDER"
	run -1 --separate-stderr iv-llm --provider a chat <<< '{"prompt":"hi"}'
	assert_stderr "iv-llm: stdin:1: no model for LLM profile 'a': set llm.profiles.a.model, llm.model or IV_MODEL"
	printf 'llm:\n  profiles:\n    a:\n      model: m\n' > "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr "iv-llm: LLM profile 'a' has no base_url"
}

@test "a bad input line is named and the others still run" {
	fake_llm_start
	fake_llm_config
	run -1 --separate-stderr iv-llm chat <<< $'{"prompt":"a"}\nnot json\n[1]\n{"prompt":"b"}'
	[ "${#lines[@]}" = 2 ]
	assert_stderr --partial "iv-llm: stdin:2: invalid JSON"
	assert_stderr --partial "iv-llm: stdin:3: expected a JSON object, got array"
}
