#!/usr/bin/env bats
# Structured output against the fake server (iv_llm_json through iv-llm chat
# --json-schema): response_format fallback, repair, validation and retry.

load test_helper
load llm_helper


schema() {
	cat > "$BATS_TEST_TMPDIR/grade.json" <<-'EOF'
	{"title": "grade", "type": "object", "required": ["score", "feedback"],
	 "properties": {"score": {"type": "number", "minimum": 0, "maximum": 10},
	                "feedback": {"type": "string"}}}
	EOF
	echo "$BATS_TEST_TMPDIR/grade.json"
}

ask() {
	iv-llm chat --json-schema "$(schema)" "$@"
}

GOOD='{"json":{"score":7,"feedback":"Clear."}}'

@test "json_schema first: the schema goes in response_format, the reply is checked" {
	fake_llm_start "$GOOD"
	fake_llm_config
	run -0 --separate-stderr ask <<< '{"prompt":"Grade it"}'
	run -0 jq -c '[.json, .usage.format, .usage.retried, .usage.attempts]' <<< "$output"
	assert_output '[{"score":7,"feedback":"Clear."},"json_schema",false,1]'
	run -0 jq -c '.body.response_format | [.type, .json_schema.name, .json_schema.schema.required]' "$FAKE_LLM_LOG"
	assert_output '["json_schema","grade",["score","feedback"]]'
	# The prompt is left as it was: the schema is in the parameter.
	run -0 jq -c '.body.messages' "$FAKE_LLM_LOG"
	assert_output '[{"role":"user","content":"Grade it"}]'
}

@test "a server that rejects json_schema gets json_object, then prompt-only JSON" {
	fake_llm_start '{"reject":"json_schema"}' '{"reject":"json_object"}' "$GOOD"
	fake_llm_config
	run -0 --separate-stderr ask -v <<< '{"system":"You grade.","prompt":"Grade it"}'
	run -0 jq -c '[.json.score, .usage.format, .usage.attempts]' <<< "$output"
	assert_output '[7,"prompt",3]'
	assert_stderr --partial "the server refused response_format json_schema; trying json_object"
	assert_stderr --partial "the server refused response_format json_object; trying prompt"
	run -0 jq -c '.body.response_format.type' "$FAKE_LLM_LOG"
	assert_output $'"json_schema"\n"json_object"\nnull'
	# Without the parameter, the system message asks for JSON and gives the schema.
	run -0 jq -r '.body.messages[0].content' <(tail -n 1 "$FAKE_LLM_LOG")
	assert_line --index 0 "You grade."
	assert_output --partial 'Reply with one JSON object and nothing else'
	assert_output --partial '"required":["score","feedback"]'
}

@test "what worked is remembered for the rest of the process" {
	fake_llm_start '{"reject":"json_schema"}' "$GOOD" '{"reject":"json_schema","json":{"score":3,"feedback":"Vague."}}'
	fake_llm_config
	run -0 --separate-stderr ask <<-'EOF'
	{"prompt":"first"}
	{"prompt":"second"}
	EOF
	run -0 jq -c '[.json.score, .usage.format]' <<< "$output"
	assert_output $'[7,"json_object"]\n[3,"json_object"]'
	run -0 jq -c '.body.response_format.type' "$FAKE_LLM_LOG"
	assert_output $'"json_schema"\n"json_object"\n"json_object"'
}

@test "a profile's response_format says where to start" {
	fake_llm_start "$GOOD" "$GOOD"
	fake_llm_config 'response_format: json_object'
	run -0 ask <<< '{"prompt":"a"}'
	fake_llm_config 'response_format: none'
	run -0 ask <<< '{"prompt":"b"}'
	run -0 jq -c '[.body.response_format.type, (.body.messages[0].content | contains("JSON Schema"))]' "$FAKE_LLM_LOG"
	assert_output $'["json_object",true]\n[null,true]'
}

@test "a 400 about something else is an error, not a fallback" {
	fake_llm_start '{"status":400,"error":"context length exceeded"}' "$GOOD"
	fake_llm_config
	run -1 --separate-stderr ask <<< '{"prompt":"x"}'
	assert_stderr "iv-llm: stdin:1: POST $FAKE_LLM_URL/chat/completions: HTTP 400: context length exceeded (1 attempt)"
	[ "$(fake_llm_count)" = 1 ]
}

@test "JSON in code fences, after prose, or after a <think> block is repaired" {
	fake_llm_start '{"json":{"score":5,"feedback":"a"},"fence":true}' \
		'{"content":"Sure! Here is my grade: {\"score\": 6, \"feedback\": \"has a } brace\"} Anything else?"}' \
		'{"json":{"score":8,"feedback":"c"},"think":"The answer {covers} most points","reasoning":"{\"score\":0}"}'
	fake_llm_config
	run -0 --separate-stderr ask <<-'EOF'
	{"prompt":"a"}
	{"prompt":"b"}
	{"prompt":"c"}
	EOF
	run -0 jq -c '[.json.score, .json.feedback, .usage.repaired, .usage.retried]' <<< "$output"
	assert_output $'[5,"a","fence",false]\n[6,"has a } brace","object",false]\n[8,"c",null,false]'
	[ "$(fake_llm_count)" = 3 ]
}

@test "malformed JSON, then a good retry with the problem in the conversation" {
	fake_llm_start '{"content":"{\"score\": 7, \"feedback\": "}' "$GOOD"
	fake_llm_config
	run -0 --separate-stderr ask <<< '{"prompt":"Grade it"}'
	run -0 jq -c '[.json.score, .usage.retried, .usage.attempts]' <<< "$output"
	assert_output '[7,true,2]'
	run -0 jq -c '.body.messages | map(.role)' <(tail -n 1 "$FAKE_LLM_LOG")
	assert_output '["user","assistant","user"]'
	run -0 jq -r '.body.messages[2].content' <(tail -n 1 "$FAKE_LLM_LOG")
	assert_output "That reply is not usable: the reply is not JSON: '{\"score\": 7, \"feedback\":'. Reply again with only the corrected JSON object."
}

@test "a reply that does not fit the schema, then a corrected one" {
	fake_llm_start '{"json":{"score":"high","feedback":"ok"}}' "$GOOD" \
		'{"json":{"score":"high","feedback":"ok"}}' '{"json":{"score":12,"feedback":"ok"}}'
	fake_llm_config
	run -0 --separate-stderr ask <<< '{"prompt":"Grade it"}'
	run -0 jq -c '[.json.score, .usage.retried]' <<< "$output"
	assert_output '[7,true]'
	run -1 --separate-stderr ask <<< '{"prompt":"Grade it again"}'
	assert_stderr "iv-llm: stdin:1: the model's reply is unusable after a retry: \$.score: 12 is above the maximum 10"
	run -0 jq -r '.body.messages[-1].content' <(sed -n 2p "$FAKE_LLM_LOG")
	assert_output --partial 'That reply is not usable: $.score: expected a number, got string.'
	run -0 jq -r '.body.messages[-1].content' <(sed -n 4p "$FAKE_LLM_LOG")
	assert_output --partial 'That reply is not usable: $.score: expected a number, got string.'
}

@test "an unusable reply after the retry is a clear error, for callers to fall back on" {
	fake_llm_start '{"content":"I cannot grade this."}' '{"content":"Still no JSON, sorry."}'
	fake_llm_config
	run -1 --separate-stderr ask <<< '{"prompt":"x"}'
	assert_output ''
	assert_stderr "iv-llm: stdin:1: the model's reply is unusable after a retry: the reply is not JSON: 'Still no JSON, sorry.'"
}

@test "validated replies are cached, unusable ones are not" {
	fake_llm_start '{"content":"nope"}' "$GOOD"
	fake_llm_config
	iv init >/dev/null
	run -0 ask <<< '{"prompt":"x"}'
	[ "$(db_count llm_cache)" = 1 ]
	# Kept under the question, not under the retry.
	run -0 ask <<< '{"prompt":"x"}'
	run -0 jq -c '[.json.score, .usage.cached, .usage.retried]' <<< "$output"
	assert_output '[7,true,false]'
	[ "$(fake_llm_count)" = 2 ]
}

@test "a bad schema file is named" {
	fake_llm_config
	printf '[1]' > "$BATS_TEST_TMPDIR/s.json"
	run -1 --separate-stderr iv-llm chat --json-schema "$BATS_TEST_TMPDIR/s.json" < /dev/null
	assert_stderr "iv-llm: $BATS_TEST_TMPDIR/s.json: expected a JSON object"
	run -1 --separate-stderr iv-llm chat --json-schema "$BATS_TEST_TMPDIR/none.json" < /dev/null
	assert_stderr "iv-llm: can't read JSON Schema '$BATS_TEST_TMPDIR/none.json': No such file or directory"
}

@test "the retry stays within the budget however long the unusable reply was" {
	long=$(printf 'This is not JSON at all. %.0s' $(seq 400))
	fake_llm_start "{\"content\":\"$long\"}" "$GOOD"
	fake_llm_config 'llm.budget: 300'
	run -0 --separate-stderr ask <<< "{\"prompt\":\"Grade it. $(printf 'context %.0s' $(seq 60))\"}"
	run -0 jq -c '[.json.score, .usage.retried]' <<< "$output"
	assert_output '[7,true]'
	run -0 jq "$LLM_TOKENS" <(sed -n 2p "$FAKE_LLM_LOG")
	[ "$output" -le 300 ] || fail "the retry took $output tokens"
	run -0 jq -r '.body.messages[-2].content' <(sed -n 2p "$FAKE_LLM_LOG")
	assert_output --partial 'This is not JSON at all.'
}
