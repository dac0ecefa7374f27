#!/usr/bin/env bats
# The fake OpenAI-compatible server the LLM tests use (t/tools/fake-llm.c),
# driven with curl.

load test_helper
load llm_helper

post() {
	curl -sS -H 'Content-Type: application/json' -H "Authorization: Bearer x" \
		-d "$2" "$FAKE_LLM_URL$1"
}

@test "fake-llm listens on 127.0.0.1 only and says its port" {
	fake_llm_start
	[ "$FAKE_LLM_PORT" -gt 0 ]
	run -0 ss -Hltn "sport = :$FAKE_LLM_PORT"
	assert_output --partial "127.0.0.1:$FAKE_LLM_PORT"
	refute_output --partial "0.0.0.0:$FAKE_LLM_PORT"
}

@test "fake-llm answers chat in the OpenAI wire format and logs the request" {
	fake_llm_start '{"content":"hello","usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}'
	run -0 post /chat/completions '{"model":"m1","messages":[{"role":"user","content":"hi"}]}'
	run -0 jq -c '[.object, .model, .choices[0].message.content, .usage.total_tokens]' <<< "$output"
	assert_output '["chat.completion","m1","hello",4]'
	run -0 jq -c '[.n, .method, .path, .headers.authorization, .body.messages[0].content]' "$FAKE_LLM_LOG"
	assert_output '[1,"POST","/v1/chat/completions","Bearer x","hi"]'
}

@test "fake-llm streams server-sent events, and can cut a stream short" {
	fake_llm_start '{"content":"abcdefgh","chunk":3}' '{"content":"abcdefgh","chunk":2,"cut":true}'
	run -0 post /chat/completions '{"model":"m","stream":true,"messages":[]}'
	assert_line 'data: [DONE]'
	run -0 bash -c "sed -n 's/^data: {/{/p' <<< '$output' | jq -rj '.choices[0].delta.content // empty'"
	assert_output abcdefgh
	run -0 post /chat/completions '{"model":"m","stream":true,"messages":[]}'
	refute_line 'data: [DONE]'
	run -0 bash -c "sed -n 's/^data: {/{/p' <<< '$output' | jq -rj '.choices[0].delta.content // empty'"
	assert_output abcd
}

@test "fake-llm scripts errors, Retry-After, raw bodies and rejections, then its default" {
	fake_llm_start '{"status":429,"retry_after":2,"error":"slow down"}' '{"body":"{not json"}' \
		'{"reject":"json_schema","content":"fine"}' '{"reject":"json_schema"}' \
		'{"default":[{"content":"d1"},{"status":503}]}'
	run -0 curl -sS -i -d '{}' "$FAKE_LLM_URL/chat/completions"
	assert_line --partial 'HTTP/1.1 429'
	assert_line --partial 'Retry-After: 2'
	assert_line --partial '"message":"slow down"'
	run -0 post /chat/completions '{}'
	assert_output '{not json'
	run -0 post /chat/completions '{"response_format":{"type":"json_object"}}'
	assert_output --partial '"content":"fine"'
	run -0 curl -sS -o /dev/null -w '%{http_code}' -d '{"response_format":{"type":"json_schema"}}' "$FAKE_LLM_URL/chat/completions"
	assert_output 400
	run -0 post /chat/completions '{}'
	assert_output --partial '"content":"d1"'
	run -0 curl -sS -o /dev/null -w '%{http_code}' -d '{}' "$FAKE_LLM_URL/chat/completions"
	assert_output 503
	run -0 post /chat/completions '{}'
	assert_output --partial '"content":"d1"'
}

@test "fake-llm answers embeddings, one vector per input, the same for the same text" {
	fake_llm_start
	run -0 post /embeddings '{"model":"e","input":["a","b","a"]}'
	run -0 jq -c '[(.data | length), (.data[0].embedding | length), (.data[0].embedding == .data[2].embedding), (.data[0].embedding == .data[1].embedding), .data[2].index]' <<< "$output"
	assert_output '[3,8,true,false,2]'
}

@test "fake-llm fails on a bad script and stops on SIGTERM" {
	printf '{"content":"x"}\nnot json\n' > "$BATS_TEST_TMPDIR/bad"
	run -1 --separate-stderr "$IV_BUILD/t/tools/fake-llm" --script "$BATS_TEST_TMPDIR/bad"
	assert_stderr --partial "bad:2: invalid JSON"
	fake_llm_start
	kill -TERM "$FAKE_LLM_PID"
	rc=0
	wait "$FAKE_LLM_PID" || rc=$?
	FAKE_LLM_PID=
	[ "$rc" -eq 0 ]
	run -7 curl -sS -d '{}' "$FAKE_LLM_URL/chat/completions"
}
