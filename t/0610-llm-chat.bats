#!/usr/bin/env bats
# The LLM client's chat against the fake server (lib/llm_chat.c through iv-llm
# chat): replies, streams, retries, errors, the key, the cache.

load test_helper
load llm_helper

chat() {
	printf '%s\n' "${@:-{\"prompt\":\"hi\"\}}" | iv-llm chat
}

@test "a plain reply, with its usage" {
	fake_llm_start '{"content":"Hello there","usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}'
	fake_llm_config
	run -0 --separate-stderr iv-llm chat <<< '{"id":7,"system":"Be brief.","prompt":"Say hello"}'
	run -0 jq -c '[.id, .content, .usage.model, .usage.prompt_tokens, .usage.completion_tokens, .usage.total_tokens, .usage.attempts, .usage.cached]' <<< "$output"
	assert_output '[7,"Hello there","fake-model",9,2,11,1,false]'
	run -0 jq -c '.body' "$FAKE_LLM_LOG"
	assert_output '{"model":"fake-model","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Say hello"}]}'
	[ -z "$stderr" ]
}

@test "messages lines pass through, and bad lines are named" {
	fake_llm_start '{"content":"one"}' '{"content":"two"}'
	fake_llm_config
	run -1 --separate-stderr iv-llm chat <<-'EOF'
	{"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}
	{"messages":[{"content":"no role"}]}
	{"nothing":1}
	{"prompt":"again"}
	EOF
	assert_line --index 0 --partial '"content":"one"'
	assert_line --index 1 --partial '"content":"two"'
	assert_stderr $'iv-llm: stdin:2: messages[0]: missing field \'role\'\niv-llm: stdin:3: expected "messages", "prompt" or "template" (with a string "prompt" and an optional string "system")'
	run -0 jq -c '.body.messages | length' "$FAKE_LLM_LOG"
	assert_output $'3\n1'
}

@test "<think> blocks and reasoning_content are left out of the reply" {
	fake_llm_start '{"content":"The answer.","think":"Let me think step by step","reasoning":"hidden reasoning"}'
	fake_llm_config
	run -0 chat
	run -0 jq -r .content <<< "$output"
	assert_output "The answer."
}

@test "a streamed reply: a delta per event, then the whole text" {
	fake_llm_start '{"content":"你好，stream me please","chunk":5}'
	fake_llm_config
	run -0 --separate-stderr iv-llm chat --stream <<< '{"prompt":"hi"}'
	[ "${#lines[@]}" -gt 3 ]
	out=$output
	run -0 jq -rj '.delta // empty' <<< "$out"
	assert_output "你好，stream me please"
	run -0 jq -c 'select(.content) | [.content, .cut, .usage.cut, .usage.total_tokens > 0]' <<< "$out"
	assert_output '["你好，stream me please",false,false,true]'
	run -0 jq -c '[.body.stream, .headers.accept]' "$FAKE_LLM_LOG"
	assert_output '[true,"text/event-stream"]'
}

@test "a stream cut short ends cleanly with what arrived and says it was cut" {
	fake_llm_start '{"content":"abcdefghij","chunk":2,"cut":true}'
	fake_llm_config
	run -0 --separate-stderr iv-llm chat --stream <<< '{"prompt":"hi"}'
	out=$output
	run -0 jq -c 'select(.content) | [.content, .cut, .usage.estimated]' <<< "$out"
	assert_output '["abcdef",true,true]'
	run -0 jq -rj '.delta // empty' <<< "$out"
	assert_output abcdef
	[ "$(fake_llm_count)" = 1 ]
}

@test "a <think> block split across streamed events is not shown" {
	fake_llm_start '{"content":"Visible.","think":"secret thoughts","chunk":3}'
	fake_llm_config
	run -0 iv-llm chat --stream <<< '{"prompt":"hi"}'
	run -0 jq -rj '.delta // empty' <<< "$output"
	assert_output "Visible."
}

@test "the key goes only in the Authorization header: never in the body, the store, the cache or stderr" {
	fake_llm_start '{"content":"ok"}' '{"status":401,"error":"Incorrect API key provided: '"$FAKE_LLM_KEY"'"}'
	fake_llm_config 'organization: org-123' 'project: proj_456'
	iv init >/dev/null
	run -0 --separate-stderr iv-llm -v chat <<< '{"prompt":"hi"}'
	run -0 jq -c '[.headers.authorization, .headers["openai-organization"], .headers["openai-project"]]' "$FAKE_LLM_LOG"
	assert_output "[\"Bearer $FAKE_LLM_KEY\",\"org-123\",\"proj_456\"]"
	run -0 jq -c --arg k "$FAKE_LLM_KEY" 'del(.headers.authorization) | tostring | contains($k)' "$FAKE_LLM_LOG"
	assert_output false
	[ "$(db_count llm_cache)" = 1 ]
	run -0 sqlite3 "$IV_HOME/iv.db" .dump
	refute_output --partial "$FAKE_LLM_KEY"
	# A server that echoes the key in an error gets it blanked out.
	run -1 --separate-stderr iv-llm -v chat <<< '{"prompt":"other"}'
	assert_stderr "iv-llm: stdin:1: POST $FAKE_LLM_URL/chat/completions: HTTP 401: Incorrect API key provided: *** (1 attempt)"
	# No key in the environment: no Authorization header at all.
	unset IV_TEST_LLM_KEY
	run -0 iv-llm --no-cache chat <<< '{"prompt":"third"}'
	run -0 jq -c '.headers | has("authorization")' <(tail -n 1 "$FAKE_LLM_LOG")
	assert_output false
}

@test "500s until the retries are spent: one line naming the endpoint, status and message" {
	fake_llm_start '{"status":500,"error":"upstream exploded"}' '{"status":502}' '{"status":503,"error":"overloaded"}' '{"content":"too late"}'
	fake_llm_config 'retries: 2' 'base_url: http://user:pw@127.0.0.1:'"$FAKE_LLM_PORT"'/v1'
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_output ''
	assert_stderr "iv-llm: stdin:1: POST http://127.0.0.1:$FAKE_LLM_PORT/v1/chat/completions: HTTP 503: overloaded (3 attempts)"
	refute_stderr --partial "$FAKE_LLM_KEY"
	[ "$(fake_llm_count)" = 3 ]
	# The credentials in the URL were used, never shown.
	run -0 jq -r '.headers.authorization' <(head -n 1 "$FAKE_LLM_LOG")
	assert_output "Bearer $FAKE_LLM_KEY"
}

@test "other 4xx are not retried" {
	fake_llm_start '{"status":404,"error":"The model fake-model does not exist"}' '{"content":"never"}'
	fake_llm_config
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr "iv-llm: stdin:1: POST $FAKE_LLM_URL/chat/completions: HTTP 404: The model fake-model does not exist (1 attempt)"
	[ "$(fake_llm_count)" = 1 ]
}

@test "429 with Retry-After: wait what the server says, then succeed" {
	fake_llm_start '{"status":429,"retry_after":1,"error":"Rate limit reached"}' '{"content":"after the wait"}'
	fake_llm_config
	run -0 --separate-stderr iv-llm --verbose chat <<< '{"prompt":"hi"}'
	run -0 jq -c '[.content, .usage.attempts]' <<< "$output"
	assert_output '["after the wait",2]'
	assert_stderr "iv-llm: POST $FAKE_LLM_URL/chat/completions: HTTP 429: Rate limit reached; retrying in 1000 ms (attempt 2 of 3)"
}

@test "a timeout, a dropped connection and a malformed body are retried" {
	fake_llm_start '{"delay_ms":3000,"content":"slow"}' '{"close":true}' '{"body":"{\"choices\": [tru"}' '{"content":"at last"}'
	fake_llm_config 'timeout: 1' 'retries: 3'
	run -0 --separate-stderr iv-llm -v chat <<< '{"prompt":"hi"}'
	run -0 jq -c '[.content, .usage.attempts]' <<< "$output"
	assert_output '["at last",4]'
	assert_stderr --partial "timed out after 1000 ms; retrying"
	assert_stderr --partial "Empty reply from server; retrying"
	assert_stderr --partial "the reply is not JSON; retrying"
}

@test "a server that can't be reached fails with one line" {
	fake_llm_config 'base_url: http://127.0.0.1:9/v1' 'retries: 1'
	run -1 --separate-stderr iv-llm chat <<< '{"prompt":"hi"}'
	assert_stderr --regexp "^iv-llm: stdin:1: POST http://127.0.0.1:9/v1/chat/completions: .*(Couldn't connect|Connection refused).* \(2 attempts\)$"
}

@test "the second identical call comes from the cache; --no-cache asks again" {
	fake_llm_start '{"content":"first"}' '{"content":"second"}' '{"content":"third"}'
	fake_llm_config
	iv init >/dev/null
	run -0 chat
	assert_output --partial '"content":"first"'
	run -0 chat
	run -0 jq -c '[.content, .usage.cached, .usage.attempts, .usage.total_tokens > 0]' <<< "$output"
	assert_output '["first",true,0,true]'
	[ "$(fake_llm_count)" = 1 ]
	run -0 iv-llm --no-cache chat <<< '{"prompt":"hi"}'
	assert_output --partial '"content":"second"'
	# Another prompt, model or stream is another key.
	run -0 chat '{"prompt":"hi!"}'
	assert_output --partial '"content":"third"'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*), min(model), count(DISTINCT key), min(length(key)) FROM llm_cache"
	assert_output "2|fake-model|2|64"
}

@test "cached replies expire after llm.cache_days; 0 turns the cache off" {
	fake_llm_start '{"content":"old"}' '{"content":"new"}' '{"content":"newer"}' '{"content":"newest"}'
	fake_llm_config 'llm.cache_days: 2'
	iv init >/dev/null
	IV_NOW=2026-01-01T00:00:00Z run -0 chat
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT expires_at FROM llm_cache"
	assert_output 2026-01-03T00:00:00Z
	IV_NOW=2026-01-02T23:00:00Z run -0 chat
	assert_output --partial '"content":"old"'
	IV_NOW=2026-01-03T00:00:00Z run -0 chat
	assert_output --partial '"content":"new"'
	sed -i 's/cache_days: 2/cache_days: 0/' "$IV_HOME/config.yaml"
	run -0 chat '{"prompt":"x"}'
	run -0 chat '{"prompt":"x"}'
	assert_output --partial '"content":"newest"'
}

@test "no store, or a read-only one, only means no caching" {
	fake_llm_start '{"content":"a"}' '{"content":"b"}' '{"content":"c"}'
	fake_llm_config
	run -0 chat
	assert_output --partial '"content":"a"'
	[ ! -e "$IV_HOME/iv.db" ]
	# Under /tmp, where an unprivileged user can reach it.
	IV_HOME=$(mktemp -d /tmp/iv-llm-ro.XXXXXX)
	fake_llm_config
	iv init >/dev/null
	chmod 755 "$IV_HOME"
	chmod 444 "$IV_HOME/iv.db" "$IV_HOME/config.yaml"
	run -0 --separate-stderr as_unprivileged env IV_TEST_LLM_KEY=k IV_LLM_BACKOFF_MS=1 iv-llm chat <<< '{"prompt":"hi"}'
	assert_output --partial '"content":"b"'
	[ -z "$stderr" ]
	[ "$(db_count llm_cache)" = 0 ]
	rm -rf "$IV_HOME"
}

@test "--model, IV_MODEL and --provider choose; the model is sent" {
	fake_llm_start
	fake_llm_config
	cat >> "$IV_HOME/config.yaml" <<-EOF
	    other:
	      base_url: $FAKE_LLM_URL
	      model: other-model
	EOF
	chat >/dev/null
	IV_MODEL=env-model chat >/dev/null
	IV_MODEL=env-model iv-llm --model flag-model chat <<< '{"prompt":"hi"}' >/dev/null
	iv-llm --provider other chat <<< '{"prompt":"hi"}' >/dev/null
	IV_PROVIDER=other chat >/dev/null
	run -0 jq -r .body.model "$FAKE_LLM_LOG"
	assert_output $'fake-model\nenv-model\nflag-model\nother-model\nother-model'
	run -1 --separate-stderr iv-llm --provider nope chat <<< '{"prompt":"hi"}'
	assert_stderr "iv-llm: no LLM profile 'nope' under llm.profiles in $IV_HOME/config.yaml (there are: fake, other)"
}

@test "proxies come from the environment" {
	fake_llm_start '{"content":"via the proxy"}'
	fake_llm_config 'base_url: http://llm.example.invalid/v1'
	http_proxy="http://127.0.0.1:$FAKE_LLM_PORT" run -0 chat
	assert_output --partial '"content":"via the proxy"'
	run -0 jq -r '[.path, .headers.host] | join(" ")' "$FAKE_LLM_LOG"
	assert_output "http://llm.example.invalid/v1/chat/completions llm.example.invalid"
}

@test "an empty reply is not cached" {
	fake_llm_start '{"content":""}' '{"content":"hello"}'
	fake_llm_config
	iv init >/dev/null
	run -0 iv-llm chat <<< '{"prompt":"hi"}'
	run -0 jq -r .content <<< "$output"
	assert_output ''
	[ "$(db_count llm_cache)" = 0 ]
	run -0 iv-llm chat <<< '{"prompt":"hi"}'
	run -0 jq -r .content <<< "$output"
	assert_output hello
}
