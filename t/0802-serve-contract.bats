#!/usr/bin/env bats
# iv-serve against its OpenAPI document, checked by the ecosystem's own
# tools as `make deps` installs them into .ci/node (.ci/npm-deps.sh):
# @redocly/cli lints share/openapi.json, and Prism's validating proxy
# (@stoplight/prism-cli) stands between curl and the real server, checking
# each request and each live reply against the document. A reply that
# breaks the document comes back with Prism's "sl-violations" header; a
# failure names the request, the field and what is wrong. Everything runs
# on 127.0.0.1.

load test_helper
load summary_helper

NODE="$IV_SRC/.ci/node/node_modules"
DOC="$IV_SRC/share/openapi.json"
JSON=(-H 'Content-Type: application/json')

setup() {
	iv_test_env
	[ -x "$NODE/.bin/redocly" ] && [ -x "$NODE/.bin/prism" ] ||
		fail "redocly and prism are not installed in $IV_SRC/.ci/node: run 'make deps' (needs npm and the npm registry)"
	# Neither tool may reach out: no telemetry, no update check.
	export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true REDOCLY_SUPPRESS_NOTIFICATIONS=true
	iv-store init >/dev/null
	SERVE_PID= PRISM_PID= AUTH=()
}

teardown() {
	local p
	for p in "$PRISM_PID" "$SERVE_PID"; do
		[ -n "$p" ] || continue
		kill "$p" 2>/dev/null || :
		wait "$p" 2>/dev/null || :
	done
}

# proxy [IV-SERVE ARGS]: iv-serve on a free port, Prism's proxy in front of
# it on another, with DOCUMENT (default share/openapi.json); sets URL (the
# proxy's), SERVER (iv-serve's), SERVE_PID and PRISM_PID.
proxy() {
	local i
	rm -f port prism.log
	iv-serve --listen 127.0.0.1:0 --port-file port "$@" 2>>serve.log 3>&- &
	SERVE_PID=$!
	for i in $(seq 100); do [ -s port ] && break; sleep 0.1; done
	[ -s port ] || fail "iv-serve did not start: $(cat serve.log)"
	SERVER="http://$(cat port)"
	"$NODE/.bin/prism" proxy "${DOCUMENT:-$DOC}" "$SERVER" -h 127.0.0.1 -p 0 >prism.log 2>&1 3>&- &
	PRISM_PID=$!
	for i in $(seq 600); do
		URL=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' prism.log | cut -d' ' -f3)
		[ -z "$URL" ] || break
		kill -0 "$PRISM_PID" 2>/dev/null || break
		sleep 0.1
	done
	[ -n "$URL" ] || fail "prism did not start: $(cat prism.log)"
}

# through STATUS METHOD PATH [CURL ARGS]: the request through the proxy; the
# server's status must be STATUS and Prism must find nothing wrong with the
# reply. A request meant to be valid (2xx) must be valid for the document
# too; one meant to be refused may break it (Prism says so and forwards it).
# The body is left in $body, Prism's findings in $violations.
through() {
	local want=$1 method=$2 path=$3 code
	shift 3
	code=$(curl -sS --max-time 60 -o body -D headers -w '%{http_code}' -X "$method" "${AUTH[@]}" "$@" "$URL$path")
	body=$(cat body)
	violations=$(sed -n 's/^sl-violations: //Ip' headers | tr -d '\r')
	[ "$code" = "$want" ] || fail "$method $path: status $code, not $want: $body ($violations)" || return
	[ -z "$violations" ] && violations='[]'
	jq -e 'type == "array"' <<<"$violations" >/dev/null || fail "$method $path: Prism said: $violations" || return
	local bad=$violations
	[ "${want:0:1}" = 2 ] || bad=$(jq -c 'map(select(.location[0] != "request"))' <<<"$violations")
	[ "$bad" = '[]' ] ||
		fail "$method $path $code: against the document: $(jq -r '.[] | "\(.location | join(".")): \(.message)"' <<<"$bad")" || return
	# The operation as the document names it, for the coverage check.
	local tmpl
	tmpl=$(sed -E 's/\?.*//; s#^/(sessions|records)/[^/]+#/\1/{id}#' <<<"$path")
	echo "${method} ${tmpl} ${code}" >>"$BATS_FILE_TMPDIR/through"
}

# send STATUS METHOD PATH JSON [CURL ARGS]: through, with a JSON body.
send() {
	through "$1" "$2" "$3" "${JSON[@]}" --data-binary "$4" "${@:5}"
}

@test "redocly lint: share/openapi.json is valid OpenAPI 3.1, no error and no warning" {
	# recommended-strict makes every warning of the recommended rules an
	# error. info-license is left out: iv has not chosen a licence yet, and
	# the document will not make one up.
	run -0 --separate-stderr "$NODE/.bin/redocly" lint --extends recommended-strict \
		--skip-rule info-license --format stylish "$DOC"
	assert_stderr --partial 'Your API description is valid.'
	refute_stderr --partial 'You have'	# "You have N warnings."
	# It does fail: an operation without responses, a $ref to nowhere.
	jq '.paths["/health"].get.responses = {} | .paths["/plan"].get.responses["200"]
		= {"$ref": "#/components/responses/Nowhere"}' "$DOC" >broken.json
	run -1 --separate-stderr "$NODE/.bin/redocly" lint --extends recommended-strict \
		--skip-rule info-license --format stylish broken.json
	assert_stderr --partial 'Validation failed with'
	assert_output --partial 'operation-2xx-response'
	assert_output --partial 'no-unresolved-refs'
}

@test "prism: every operation's success, in both languages, is what the document says" {
	tok=contract-token-0123456789abcdef
	printf '%s\n' "$tok" >tok
	chmod 600 tok
	export IV_NOW=2026-11-01T10:00:00Z
	iv-parse-resume --store "$IV_SRC/share/samples/resume-zh.md" >/dev/null
	S1=$(new_session zh)
	scored "$S1" rag-001 zh 4 ingestion
	scored "$S1" sql-postgres-001 zh 7
	finish "$S1"
	export IV_NOW=2026-11-08T10:00:00Z
	S2=$(new_session en)
	scored "$S2" rag-003 en 6 fixed_size
	finish "$S2"
	proxy --token-file tok
	AUTH=(-H "Authorization: Bearer $tok")
	through 200 GET /health
	through 200 GET /openapi.json
	through 200 GET /docs
	send 201 POST /sessions '{"lang":"zh","session_type":"mock","resume_id":1,"metadata":{"备注":"第一轮"}}'
	sid=$(jq -r .id <<<"$body")
	send 201 POST /sessions '{"lang":"en","session_type":"real","max_rounds":2}'
	through 200 GET "/sessions/$sid"
	send 200 PUT "/sessions/$sid" '{"status":"paused","metadata":{"备注":"暂停"}}'
	send 200 PUT "/sessions/$sid" '{"status":"ongoing"}'
	send 201 POST /records "{\"session_id\":$sid,\"question\":\"什么是检索增强生成（RAG）？\",\"answer\":\"先检索，再生成。\",\"score\":8.5,\"feedback\":\"清楚。\",\"metadata\":{\"skill_path\":\"ai/llm/rag\"}}"
	rid=$(jq -r .id <<<"$body")
	send 201 POST /records "{\"session_id\":$sid,\"question\":\"What is an INNER JOIN?\",\"answer\":\"Rows that match in both tables.\"}"
	through 200 GET "/records/$rid"
	through 200 GET /sessions
	through 200 GET "/sessions?status=completed&type=mock&resume_id=1&since=2026-11-01&until=2026-11-30T23:59:59Z&min_score=0&max_score=10&sort=-created_at&limit=1&offset=0"
	through 200 GET "/sessions?jd_id=1"
	through 200 GET /records
	through 200 GET "/records?session_id=$sid&min_score=1&max_score=9&sort=-score&limit=1&offset=0"
	through 200 GET "/records?q=$(jq -rn '"检索" | @uri')&skill=ai/llm&status=ongoing&type=mock&since=2026-01-01"
	[ "$(jq .total <<<"$body")" = 1 ] || fail "records?q=检索: $body"
	for fmt in json md html; do
		through 200 GET "/sessions/$S1/report?format=$fmt"
	done
	through 200 GET "/sessions/$S2/report"
	through 200 GET /skills
	through 200 GET '/skills?lang=zh'
	through 200 GET /plan
	through 200 GET '/plan?lang=en'
	through 200 GET /progress
	through 200 GET '/progress?lang=zh'
}

@test "prism: every documented error status is what the document says" {
	tok=contract-token-0123456789abcdef
	printf '%s\n' "$tok" >tok
	chmod 600 tok
	proxy --token-file tok --max-body 1024
	for path in /health /openapi.json /docs /sessions /records /skills /plan /progress /sessions/1 /records/1 /sessions/1/report; do
		through 401 GET "$path"
	done
	send 401 POST /sessions '{}' -H "Authorization: Bearer ${tok}x"
	send 401 PUT /sessions/1 '{"status":"paused"}'
	send 401 POST /records '{"session_id":1,"question":"Q","answer":"A"}' -H "Authorization: Basic $tok"
	[ "$(db_count interview_sessions)" = 0 ]
	AUTH=(-H "Authorization: Bearer $tok")
	send 201 POST /sessions '{"lang":"en"}'
	for path in /health /openapi.json /docs /sessions /records /skills /plan /progress /sessions/1 /records/1 /sessions/1/report; do
		through 400 GET "$path?colour=red"
	done
	through 400 GET '/records?limit=0'
	through 400 GET '/sessions?sort=question'
	through 400 GET '/records?since=yesterday'
	through 400 GET '/sessions/1/report?format=pdf'
	through 400 GET '/skills?lang=fr'
	# (A body that is not JSON is t/0800's: Prism never answers it.)
	send 400 POST '/sessions?colour=red' '{}'
	send 400 PUT '/sessions/1?colour=red' '{"status":"paused"}'
	send 400 POST '/records?colour=red' '{"session_id":1,"question":"Q","answer":"A"}'
	through 404 GET /sessions/9
	through 404 GET '/sessions/1;drop%20table%20interview_sessions'
	through 404 GET /records/1
	through 404 GET '/records?session_id=7'
	through 404 GET /sessions/9/report
	through 404 GET /plan
	send 404 PUT /sessions/9 '{"status":"paused"}'
	send 422 POST /sessions '{"lang":"fr"}'
	send 422 POST /records '{"session_id":1,"question":"Q"}'
	send 422 PUT /sessions/1 '{"colour":"red"}'
	send 200 PUT /sessions/1 '{"status":"completed"}'
	send 409 PUT /sessions/1 '{"status":"ongoing"}'
	send 409 POST /records '{"session_id":1,"question":"Q?","answer":"A."}'
	send 201 POST /sessions '{"lang":"zh"}'
	send 200 PUT /sessions/2 '{"status":"cancelled"}'
	through 409 GET /sessions/2/report
	# JSON past --max-body (Prism never answers a body that is not JSON).
	jq -nc '{metadata: {note: ("长" * 2000)}}' >big
	through 413 POST /sessions "${JSON[@]}" --data-binary @big
	through 413 PUT /sessions/1 "${JSON[@]}" --data-binary @big
	through 413 POST /records "${JSON[@]}" --data-binary @big
	through 415 POST /sessions -H 'Content-Type: text/plain' --data-binary '{}'
	through 415 PUT /sessions/1 -H 'Content-Type: text/plain' --data-binary '{"status":"paused"}'
	through 415 POST /records -H 'Content-Type: text/plain' --data-binary '{}'
	# The store gone: 503 from everything that reads it.
	mv "$IV_HOME/iv.db" "$IV_HOME/away.db"
	for path in /health /sessions /sessions/1 /sessions/1/report /records /records/1 /skills /plan /progress; do
		through 503 GET "$path"
	done
	send 503 POST /sessions '{}'
	send 503 PUT /sessions/1 '{"status":"paused"}'
	send 503 POST /records '{"session_id":1,"question":"Q","answer":"A"}'
	mv "$IV_HOME/away.db" "$IV_HOME/iv.db"
	through 200 GET /health
}

@test "prism: --read-only's 405 is what the document says" {
	iv-store sessions create --lang zh >/dev/null
	proxy --read-only
	send 405 POST /sessions '{}'
	send 405 PUT /sessions/1 '{"status":"paused"}'
	send 405 POST /records '{"session_id":1,"question":"Q","answer":"A"}'
	# Methods no path takes: the same error object (the document gives it
	# for every operation).
	for path in /health /openapi.json /docs /sessions /records /skills /plan /progress /sessions/1 /records/1 /sessions/1/report; do
		run -0 curl -sS -o body -w '%{http_code}' -X DELETE "$URL$path"
		assert_output 405
		jq -e 'keys == ["detail", "error"] and .error == "method_not_allowed"' body >/dev/null ||
			fail "DELETE $path: $(cat body)"
		echo "GET $(sed -E 's#^/(sessions|records)/[^/]+#/\1/{id}#' <<<"$path") 405" >>"$BATS_FILE_TMPDIR/through"
	done
}

@test "prism: a reply that breaks the document is caught, with the field" {
	# The document as it would be if /health promised one more field, a
	# record's score were a string and errors had a "hint".
	jq '.components.schemas.Health.required += ["uptime"]
		| .components.schemas.Health.properties.uptime = {"type": "integer"}
		| .components.schemas.Record.properties.score = {"type": "string"}
		| .components.schemas.Error.required += ["hint"]' "$DOC" >changed.json
	scored "$(new_session en)" rag-003 en 6
	DOCUMENT=$PWD/changed.json proxy
	run -1 through 200 GET /health
	assert_output --partial "GET /health 200: against the document: response.body: Response body must have required property 'uptime'"
	run -1 through 200 GET /records/1
	assert_output --partial "GET /records/1 200: against the document: response.body.score: Response body property score must be string"
	run -1 through 404 GET /sessions/9
	assert_output --partial "GET /sessions/9 404: against the document: response.body: Response body must have required property 'hint'"
	run -0 through 200 GET /sessions/1
}

@test "prism: every operation and every status the document gives went through the proxy" {
	[ -s "$BATS_FILE_TMPDIR/through" ] || skip "run with the tests above"
	run -0 jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[]
		| select(.value | type == "object" and has("responses"))
		| .key as $m | .value.responses | keys[] | "\($m | ascii_upcase) \($p) \(.)"' "$DOC"
	missing=()
	for op in "${lines[@]}"; do
		grep -qxF "$op" "$BATS_FILE_TMPDIR/through" || missing+=("$op")
	done
	[ ${#missing[@]} = 0 ] || fail "not checked through the proxy: $(printf '%s; ' "${missing[@]}")"
}
