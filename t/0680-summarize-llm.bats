#!/usr/bin/env bats
# iv-summarize on the LLM engine (lib/summary_llm.c): the model words the
# strengths, weaknesses and suggestions; the numbers stay computed.

load test_helper
load llm_helper
load agent_helper

# A completed two-question interview on the LLM engine whose model calls
# all failed (so the builtin engine did the work), summarized and stored;
# then the server is started again with the given script lines.
interview_done() {
	fake_llm_start '{"default":{"status":500,"error":"down"}}'
	agent_store "retries: 0"
	iv interview --rounds 2 --lang en --answers "$FIXTURES/interview-en.txt" >/dev/null 2>&1
	fake_llm_stop
	builtin=$(sql "SELECT summary FROM interview_sessions WHERE id = 1")
	fake_llm_start "$@"
	agent_store "retries: 0"
}

# The model's words: as many as the builtin summary has items per list.
words_for() {
	jq -c '{json: {strengths: [range(.strengths | length) | "Model strength \(.)"],
		weaknesses: [range(.weaknesses | length) | "Model weakness \(.)"],
		improvement_suggestions: [range(.improvement_suggestions | length) | "Model step \(.)"]}}' <<< "$1"
}

@test "the model words the items; the numbers, items and turns stay computed" {
	interview_done
	run -0 jq -c '[.engine, .fallback, (.weaknesses | length) > 0]' <<< "$builtin"
	assert_output '["builtin",true,true]'
	fake_llm_stop
	fake_llm_start "$(words_for "$builtin")"
	agent_store
	run -0 --separate-stderr iv-summarize --session 1 --store --force
	assert_stderr ""
	s=$(jq -c .summary <<< "$output")
	run -0 jq -c --argjson b "$builtin" '[.engine, .model, .fallback, .usage.total_tokens > 0,
		.weaknesses[0].text, .improvement_suggestions[0].text,
		([.weaknesses[].builtin_text] == [$b.weaknesses[].text]),
		([.weaknesses[].turns] == [$b.weaknesses[].turns]),
		.overall_score == $b.overall_score, .dimensions == $b.dimensions, .skills == $b.skills]' <<< "$s"
	assert_output '["llm","fake-model",false,true,"Model weakness 0","Model step 0",true,true,true,true,true]'
	run -0 sql "SELECT json_extract(summary, '$.engine'), json_extract(summary, '$.weaknesses[0].text') FROM interview_sessions"
	assert_output "llm|Model weakness 0"
	# The transcript and the items went as data, with the schema asking for
	# exactly as many strings as there are items.
	req=$(fake_llm_requests)
	run -0 jq -r '.body.messages[1].content' <<< "$req"
	assert_output --partial '<data name="transcript">'
	assert_output --partial '<data name="items">'
	assert_output --partial "A: $(grep -m1 -v '^$' "$FIXTURES/interview-en.txt")"
	run -0 jq -c --argjson b "$builtin" '.body.response_format.json_schema.schema.properties.weaknesses |
		[.minItems, .maxItems] == [($b.weaknesses | length), ($b.weaknesses | length)]' <<< "$req"
	assert_output true
}

@test "a reply with the wrong number of items, twice: the builtin words, one line on stderr" {
	interview_done '{"default":{"json":{"strengths":[],"weaknesses":["only one"],"improvement_suggestions":[]}}}'
	run -0 --separate-stderr iv-summarize --session 1
	assert_stderr --regexp "^iv-summarize: summary: the model's reply is unusable after a retry: \\\$.weaknesses: .*; using the builtin engine\$"
	run -0 jq -c --argjson b "$builtin" '.summary | [.engine, .fallback, .weaknesses == $b.weaknesses,
		.overall_score == $b.overall_score, (.fallback_reason | startswith("the model'"'"'s reply is unusable"))]' <<< "$output"
	assert_output '["builtin",true,true,true,true]'
	[ "$(fake_llm_count)" = 2 ]
}

@test "a session on the builtin engine is summarized without the model" {
	fake_llm_start '{"default":{"json":{}}}'
	agent_store
	IV_ENGINE=builtin iv interview --rounds 2 --lang en --answers "$FIXTURES/interview-en.txt" >/dev/null 2>&1
	run -0 --separate-stderr iv-summarize --session 1
	assert_stderr ""
	run -0 jq -r .summary.engine <<< "$output"
	assert_output builtin
	[ "$(fake_llm_count)" = 0 ]
}

@test "waiting for the model holds no lock: another writer gets in at once" {
	interview_done
	fake_llm_stop
	fake_llm_start "$(words_for "$builtin" | jq -c '. + {delay_ms: 4000}')"
	agent_store
	iv-summarize --session 1 --store --force > "$BATS_TEST_TMPDIR/s" &
	summarizer=$!
	for _ in $(seq 200); do [ "$(fake_llm_count)" -ge 1 ] && break; sleep 0.05; done
	[ "$(fake_llm_count)" -ge 1 ]
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA busy_timeout = 0; BEGIN IMMEDIATE; UPDATE users SET email = 'x'; COMMIT;"
	wait "$summarizer"
	run -0 sql "SELECT json_extract(summary, '$.weaknesses[0].text') FROM interview_sessions"
	assert_output "Model weakness 0"
}
