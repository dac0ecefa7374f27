#!/usr/bin/env bats
# iv-llm ping, and the LLM line of iv doctor.

load test_helper
load llm_helper

@test "ping prints the endpoint, the model and the latency" {
	fake_llm_start '{"content":"pong"}'
	fake_llm_config
	run -0 --separate-stderr iv-llm ping
	assert_output --regexp "^$FAKE_LLM_URL model fake-model \([0-9]+ ms\)$"
	# One try, no cache: the request is what was asked.
	run -0 jq -c '[.body.model, (.body.messages | length)]' "$FAKE_LLM_LOG"
	assert_output '["fake-model",1]'
}

@test "ping fails with one line: a server down, a model it does not know, a missing key" {
	fake_llm_config 'base_url: http://127.0.0.1:9/v1' 'retries: 3'
	run -1 --separate-stderr iv-llm ping
	assert_output ''
	assert_stderr --regexp "^iv-llm: POST http://127.0.0.1:9/v1/chat/completions: .* \(1 attempt\)$"
	fake_llm_start '{"status":404,"error":"model \"fake-model\" not found, try pulling it first"}'
	fake_llm_config
	run -1 --separate-stderr iv-llm ping
	assert_stderr "iv-llm: POST $FAKE_LLM_URL/chat/completions: HTTP 404: model \"fake-model\" not found, try pulling it first (1 attempt)"
	unset IV_TEST_LLM_KEY
	run -1 --separate-stderr iv-llm ping
	assert_stderr "iv-llm: $FAKE_LLM_URL: the environment variable IV_TEST_LLM_KEY (api_key_env of LLM profile 'fake') is not set"
	[ "$(fake_llm_count)" = 1 ]
}

@test "ping --if-configured is silent when no LLM is configured" {
	run -0 --separate-stderr iv-llm ping --if-configured
	assert_output ''
	[ -z "$stderr" ]
	run -1 --separate-stderr iv-llm ping
	assert_stderr "iv-llm: no LLM configured: add a profile under llm.profiles in $IV_HOME/config.yaml (see iv-llm(1))"
}

@test "iv doctor reports the LLM's reachability and model" {
	fake_llm_start '{"content":"pong"}'
	fake_llm_config
	iv init >/dev/null
	run -0 --separate-stderr iv doctor
	assert_line --regexp "^ok llm $FAKE_LLM_URL model fake-model \([0-9]+ ms\)$"
}

@test "iv doctor counts an unreachable LLM as a problem" {
	fake_llm_config 'base_url: http://127.0.0.1:9/v1'
	iv init >/dev/null
	run -1 --separate-stderr iv doctor
	refute_line --partial "ok llm"
	assert_stderr --regexp "iv-llm: POST http://127.0.0.1:9/v1/chat/completions: "
}

@test "iv doctor says nothing about an LLM when none is configured" {
	iv init >/dev/null
	run -0 iv doctor
	refute_line --partial "llm"
	# A provider named in the environment is configured, though.
	IV_PROVIDER=nope run -1 --separate-stderr iv doctor
	assert_stderr --partial "iv-llm: no LLM profile 'nope' under llm.profiles"
}
