#!/usr/bin/env bats
# iv-serve: the real server on an ephemeral port, every endpoint with curl,
# every error status, the token rule, bad input, and every JSON reply checked
# against share/openapi.json (t/tools/openapi-check).

load test_helper
load summary_helper

DOC="$IV_SRC/share/openapi.json"
CHECK="$IV_SRC/t/tools/openapi-check"
JSON=(-H 'Content-Type: application/json')

setup() {
	iv_test_env
	iv-store init >/dev/null
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

# serve [ARGS]: iv-serve on a free port of 127.0.0.1; sets URL and SERVE_PID.
serve() {
	local port="$BATS_TEST_TMPDIR/port" i
	rm -f "$port"
	iv-serve --listen 127.0.0.1:0 --port-file "$port" "$@" 2>>"$BATS_TEST_TMPDIR/serve.log" 3>&- &
	SERVE_PID=$!
	for i in $(seq 100); do
		[ -s "$port" ] && break
		sleep 0.1
	done
	[ -s "$port" ] || fail "iv-serve did not start: $(cat "$BATS_TEST_TMPDIR/serve.log")"
	URL="http://$(cat "$port")"
}

# call METHOD TEMPLATE STATUS PATH [CURL ARGS]: the request; its status must
# be STATUS and its JSON body match the document's schema for TEMPLATE and
# STATUS. The body is left in $body.
call() {
	local method=$1 tmpl=$2 want=$3 path=$4 code
	shift 4
	code=$(curl -sS -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}' -X "$method" "$@" "$URL$path")
	body=$(cat "$BATS_TEST_TMPDIR/body")
	[ "$code" = "$want" ] || fail "$method $path: status $code, not $want: $body"
	"$CHECK" "$DOC" "$method" "$tmpl" "$code" <"$BATS_TEST_TMPDIR/body" ||
		fail "$method $path: the reply does not match the OpenAPI document: $body"
	echo "$method $tmpl $code" >>"$BATS_FILE_TMPDIR/checked"
}

# post METHOD TEMPLATE STATUS PATH JSON [CURL ARGS]: call with a JSON body.
post() {
	call "$1" "$2" "$3" "$4" "${JSON[@]}" --data-binary "$5" "${@:6}"
}

# not_allowed METHOD PATH TEMPLATE: a method the path does not take: 405 with
# the error the document gives for TEMPLATE's GET.
not_allowed() {
	local code
	code=$(curl -sS -o "$BATS_TEST_TMPDIR/body" -w '%{http_code}' -X "$1" "$URL$2")
	body=$(cat "$BATS_TEST_TMPDIR/body")
	[ "$code" = 405 ] || fail "$1 $2: status $code, not 405: $body"
	"$CHECK" "$DOC" GET "$3" 405 <"$BATS_TEST_TMPDIR/body" || fail "$1 $2: not the document's error"
}

# The error code and detail of the last reply.
error_is() {
	[ "$(jq -r .error <<<"$body")" = "$1" ] || fail "error $(jq -r .error <<<"$body"), not $1: $body"
	if [ -n "${2:-}" ]; then
		[ "$(jq -r .detail <<<"$body")" = "$2" ] || fail "detail: $(jq -r .detail <<<"$body")"
	fi
}

# A snapshot of every row the tests write, to show nothing changed.
store_state() {
	sqlite3 "$IV_HOME/iv.db" "SELECT count(*), group_concat(status) FROM interview_sessions;
		SELECT count(*), coalesce(max(id), 0) FROM conversations; SELECT count(*) FROM users"
}

@test "usage: --help, bad options, a non-loopback address without a token, a taken port" {
	run -0 iv-serve --help
	assert_line --partial "--listen ADDR:PORT"
	run -2 --separate-stderr iv-serve --listen nowhere
	assert_stderr --partial "iv-serve: --listen: 'nowhere' is not ADDR:PORT"
	run -2 --separate-stderr iv-serve --listen 0.0.0.0:0
	assert_stderr --partial "iv-serve: refusing to listen on 0.0.0.0:0, which is not a loopback address, without --token-file"
	run -2 --separate-stderr iv-serve --listen '[::]:0'
	assert_stderr --partial "not a loopback address"
	run -2 --separate-stderr iv-serve --threads 0
	assert_stderr --partial "iv-serve: "
	printf 'short\n' >tok
	run -1 --separate-stderr iv-serve --token-file tok
	assert_stderr "iv-serve: token file 'tok': the token must be at least 16 characters"
	run -1 --separate-stderr iv-serve --token-file missing
	assert_stderr --partial "iv-serve: can't read token file 'missing'"
	serve
	run -1 --separate-stderr iv-serve --listen "${URL#http://}"
	assert_stderr --partial "iv-serve: can't listen on ${URL#http://}"
}

@test "health: the store's schema and counts; 503 when the store can't be opened" {
	serve
	call GET /health 200 /health
	[ "$(jq -c '[.status, .schema_version, .read_only, .counts]' <<<"$body")" = "[\"ok\",$(schema_latest),false,{\"sessions\":0,\"records\":0}]" ]
	mv "$IV_HOME/iv.db" "$IV_HOME/away.db"
	call GET /health 503 /health
	error_is unavailable
	assert_equal "$(jq -r .detail <<<"$body")" "the store can't be opened: no store at '$IV_HOME/iv.db' (run 'iv init' to create one)"
	call GET /sessions 503 /sessions
	printf 'not a database, just text\n%.0s' $(seq 200) >"$IV_HOME/iv.db"
	call GET /health 503 /health
	assert_equal "$(jq -r .detail <<<"$body")" "the store can't be opened: '$IV_HOME/iv.db' is not an iv store (not an SQLite database)"
	mv "$IV_HOME/away.db" "$IV_HOME/iv.db"
	call GET /health 200 /health
	call GET /sessions 200 /sessions
}

@test "sessions: create in both languages, get, list with filters, pages and order" {
	serve
	iv-parse-resume --store "$IV_SRC/share/samples/resume-zh.md" >/dev/null
	post POST /sessions 201 /sessions '{"lang":"zh","session_type":"mock","resume_id":1,"metadata":{"备注":"第一轮"}}'
	[ "$(jq -c '[.id, .lang, .status, .round_number, .resume_id, .metadata]' <<<"$body")" = '[1,"zh","ongoing",1,1,{"备注":"第一轮"}]' ]
	for lang in en zh en real; do
		if [ $lang = real ]; then
			post POST /sessions 201 /sessions '{"session_type":"real","lang":"en","max_rounds":2}'
		else
			post POST /sessions 201 /sessions "{\"lang\":\"$lang\"}"
		fi
	done
	# The Location header names the new session.
	run -0 curl -sS -D - -o /dev/null "${JSON[@]}" --data-binary '{}' "$URL/sessions"
	assert_line --partial $'Location: /sessions/6\r'
	call GET '/sessions/{id}' 200 /sessions/1
	[ "$(jq -r '.metadata["备注"]' <<<"$body")" = 第一轮 ]
	[ "$(iv-store sessions show 1)" = "$(jq -c . <<<"$body")" ]

	call GET /sessions 200 '/sessions?type=real'
	[ "$(jq -c '[.total, [.items[].id]]' <<<"$body")" = '[1,[5]]' ]
	call GET /sessions 200 '/sessions?resume_id=1'
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[1]' ]
	call GET /sessions 200 '/sessions?sort=-id&limit=2'
	[ "$(jq -c '[.total, .limit, .offset, [.items[].id], .next]' <<<"$body")" = '[6,2,0,[6,5],"/sessions?sort=-id&limit=2&offset=2"]' ]
	# Following next visits every session once.
	ids=() next='/sessions?limit=4'
	while [ "$next" != null ]; do
		call GET /sessions 200 "$next"
		ids+=($(jq -r '.items[].id' <<<"$body"))
		next=$(jq -r .next <<<"$body")
	done
	assert_equal "${ids[*]}" "1 2 3 4 5 6"
	call GET /sessions 200 "/sessions?since=$(date -u +%Y-%m-%d)&until=$(date -u +%Y-%m-%d)&status=ongoing"
	[ "$(jq .total <<<"$body")" = 6 ]
	call GET /sessions 200 '/sessions?until=2001-01-01'
	[ "$(jq -c '[.total, .items, .next]' <<<"$body")" = '[0,[],null]' ]
	call GET /sessions 200 '/sessions?min_score=5'
	[ "$(jq .total <<<"$body")" = 0 ]
	# The same filters as iv-store's.
	[ "$(iv-store sessions list --type real | jq -s -c 'map(.id)')" = '[5]' ]
	[ "$(iv-store sessions list --resume 1 --sort -id | jq -s -c 'map(.id)')" = '[1]' ]
	[ "$(iv-store sessions list --sort -id --limit 2 | jq -s -c 'map(.id)')" = '[6,5]' ]
}

@test "sessions: the lifecycle (pause, resume, complete, cancel) and its conflicts" {
	serve
	post POST /sessions 201 /sessions '{"lang":"en"}'
	post PUT '/sessions/{id}' 200 /sessions/1 '{"status":"paused"}'
	[ "$(jq -r .status <<<"$body")" = paused ]
	post PUT '/sessions/{id}' 200 /sessions/1 '{"status":"ongoing","metadata":{"note":"resumed"}}'
	[ "$(jq -c '[.status, .metadata.note]' <<<"$body")" = '["ongoing","resumed"]' ]
	post PUT '/sessions/{id}' 200 /sessions/1 '{"status":"completed","summary":{"overall_score":7.5,"strengths":["清楚"]}}'
	[ "$(jq -c '[.status, (.end_time != null), .overall_score, .summary.strengths]' <<<"$body")" = '["completed",true,7.5,["清楚"]]' ]
	post PUT '/sessions/{id}' 422 /sessions/1 '{"summary":{"overall_score":12}}'
	error_is unprocessable_content "summary: overall_score 12 is out of range (0 to 10)"
	before=$(store_state)
	post PUT '/sessions/{id}' 409 /sessions/1 '{"status":"ongoing"}'
	error_is conflict "session 1 is completed and can't become ongoing"
	post PUT '/sessions/{id}' 409 /sessions/1 '{"status":"cancelled"}'
	post POST /records 409 /records '{"session_id":1,"question":"Q?","answer":"A."}'
	error_is conflict "session 1 is completed; only an ongoing session takes new turns"
	post PUT '/sessions/{id}' 422 /sessions/1 '{"status":"finished"}'
	error_is unprocessable_content "'finished' is not a session status (ongoing, paused, completed, cancelled)"
	post PUT '/sessions/{id}' 422 /sessions/1 '{}'
	post PUT '/sessions/{id}' 422 /sessions/1 '{"status":"paused","colour":"red"}'
	error_is unprocessable_content "unknown field 'colour'"
	post PUT '/sessions/{id}' 422 /sessions/1 '{"metadata":[1]}'
	error_is unprocessable_content "field 'metadata': expected an object, got array"
	post PUT '/sessions/{id}' 404 /sessions/9 '{"status":"paused"}'
	error_is not_found "no session 9"
	assert_equal "$(store_state)" "$before"
	post POST /sessions 201 /sessions '{"lang":"zh"}'
	post PUT '/sessions/{id}' 200 /sessions/2 '{"status":"cancelled"}'
	post PUT '/sessions/{id}' 409 /sessions/2 '{"status":"paused"}'
}

@test "records: add in both languages, get, filter by session, score, text, skill and date, pages and order" {
	serve
	post POST /sessions 201 /sessions '{"lang":"zh"}'
	post POST /sessions 201 /sessions '{"lang":"en"}'
	post POST /records 201 /records '{"session_id":1,"question":"什么是检索增强生成（RAG）？","answer":"先检索相关文档，再让模型基于它们回答。","score":8.5,"feedback":"清楚。","metadata":{"skill_path":"ai/llm/rag","topic":"rag"}}'
	[ "$(jq -c '[.id, .session_id, .score, .feedback, .metadata.topic]' <<<"$body")" = '[1,1,8.5,"清楚。","rag"]' ]
	post POST /records 201 /records '{"session_id":1,"question":"解释 Python 的 asyncio 事件循环。","answer":"单线程协作调度协程。","score":5,"metadata":{"skill_path":"backend/python/asyncio"}}'
	post POST /records 201 /records '{"session_id":2,"question":"What is an INNER JOIN?","answer":"It keeps the rows that MATCH in both tables.","score":7,"metadata":{"skill_path":"data/sql"}}'
	post POST /records 201 /records '{"session_id":2,"question":"How would you evaluate a RAG system?","answer":"Retrieval recall, faithfulness and answer relevance.","metadata":{"skill_path":"ai/llm/rag/evaluation"}}'
	run -0 curl -sS -D - -o /dev/null "${JSON[@]}" --data-binary '{"session_id":2,"question":"Q","answer":"A"}' "$URL/records"
	assert_line --partial $'Location: /records/9\r'
	call GET '/records/{id}' 200 /records/1
	[ "$(jq -r .answer <<<"$body")" = 先检索相关文档，再让模型基于它们回答。 ]
	call GET '/records/{id}' 404 /records/2
	error_is not_found "no record 2"

	call GET /records 200 /records
	[ "$(jq -c '[.total, [.items[].id], .next]' <<<"$body")" = '[5,[1,3,5,7,9],null]' ]
	call GET /records 200 '/records?session_id=1'
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[1,3]' ]
	call GET /records 200 '/records?min_score=6&max_score=8'
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[5]' ]
	call GET /records 200 "/records?q=$(jq -rn '"事件循环" | @uri')"
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[3]' ]
	call GET /records 200 '/records?q=match'
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[5]' ]
	call GET /records 200 '/records?q=100%25'
	[ "$(jq .total <<<"$body")" = 0 ]
	call GET /records 200 '/records?skill=ai/llm/rag'
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[1,7]' ]
	call GET /records 200 '/records?skill=rag'
	[ "$(jq -c '[.items[].id]' <<<"$body")" = '[1]' ]
	call GET /records 200 '/records?sort=-score&limit=2'
	[ "$(jq -c '[.total, [.items[].score], .next]' <<<"$body")" = '[5,[8.5,7],"/records?sort=-score&limit=2&offset=2"]' ]
	call GET /records 200 "/records?since=$(date -u +%Y-%m-%d)&type=mock"
	[ "$(jq .total <<<"$body")" = 5 ]
	call GET /records 200 '/records?since=2999-01-01'
	[ "$(jq .total <<<"$body")" = 0 ]
	call GET /records 404 '/records?session_id=7'
	error_is not_found "no session 7"
	# iv-store lists the same records with the same filters.
	[ "$(iv-store records list --text MATCH | jq -s -c 'map(.id)')" = '[5]' ]
	[ "$(iv-store records list --skill ai/llm/rag --max-score 9 | jq -s -c 'map(.id)')" = '[1]' ]
	[ "$(iv-store records list --session 1 | jq -c .)" = "$(curl -sS "$URL/records?session_id=1" | jq -c '.items[]')" ]
}

@test "records: bad bodies are refused with the reason and store nothing" {
	serve
	post POST /sessions 201 /sessions '{"lang":"zh"}'
	before=$(store_state)
	post POST /records 422 /records '{"session_id":1,"question":"Q"}'
	error_is unprocessable_content "missing field 'answer'"
	post POST /records 422 /records '{"session_id":"1","question":"Q","answer":"A"}'
	error_is unprocessable_content "field 'session_id': expected a whole number, got string"
	post POST /records 422 /records '{"session_id":1,"question":"Q","answer":"A","score":11}'
	error_is unprocessable_content "score 11 is out of range (0 to 10)"
	post POST /records 422 /records '{"session_id":1,"question":"Q","answer":"A","extra":true}'
	error_is unprocessable_content "unknown field 'extra'"
	post POST /records 422 /records '{"session_id":42,"question":"Q","answer":"A"}'
	error_is unprocessable_content "no session 42"
	post POST /records 422 /records '"just a string"'
	error_is unprocessable_content "the body must be a JSON object, not string"
	post POST /records 400 /records '{"session_id":1,'
	error_is bad_request
	[[ $(jq -r .detail <<<"$body") == "the body is not JSON: invalid JSON: "* ]]
	post POST /records 400 /records '{"a":1}{"b":2}'
	post POST /records 400 /records ''
	error_is bad_request "the body is empty; it must be a JSON object"
	post POST /records 400 /records "$(printf '{"session_id":1,"question":"\xe6\x97","answer":"A"}')"
	error_is bad_request "the body is not UTF-8 (invalid byte at offset 28)"
	call POST /records 415 /records -H 'Content-Type: text/plain' --data-binary '{"session_id":1,"question":"Q","answer":"A"}'
	error_is unsupported_media_type "the body must be JSON (Content-Type: application/json), not 'text/plain'"
	call POST /sessions 415 /sessions --data-binary '{}'
	# 10 MB, declared and chunked: refused before it is read.
	head -c 10000000 /dev/zero | tr '\0' x >big
	call POST /records 413 /records "${JSON[@]}" --data-binary @big
	error_is payload_too_large "the body is larger than 1048576 bytes"
	call POST /sessions 413 /sessions "${JSON[@]}" -H 'Transfer-Encoding: chunked' --data-binary @big
	assert_equal "$(store_state)" "$before"
	call GET /health 200 /health
}

@test "paths, methods, ids and query parameters: JSON errors, nothing changed" {
	serve
	post POST /sessions 201 /sessions '{"lang":"en"}'
	before=$(store_state)
	call GET '/sessions/{id}' 404 '/sessions/1;drop%20table%20interview_sessions'
	error_is not_found "no session '1;drop table interview_sessions' (an id is a whole number from 1)"
	call GET '/sessions/{id}' 404 "/sessions/1'%20OR%20'1'='1"
	call GET '/records/{id}' 404 /records/0
	call GET '/records/{id}' 404 /records/-1
	call GET '/records/{id}' 404 /records/99999999999999999999
	call PUT '/sessions/{id}' 404 '/sessions/1;drop%20table' "${JSON[@]}" --data-binary '{"status":"cancelled"}'
	run -0 curl -sS --path-as-is -o body -w '%{http_code}' "$URL/sessions/../1"
	assert_output 404
	[ "$(jq -r .detail body)" = "no such path: /sessions/../1" ]
	run -0 curl -sS --path-as-is -o body -w '%{http_code}' "$URL/sessions/..%2F1"
	assert_output 404
	jq -e .error body >/dev/null
	run -0 curl -sS -o body -w '%{http_code}' "$URL/nowhere"
	assert_output 404
	[ "$(jq -c . body)" = '{"error":"not_found","detail":"no such path: /nowhere"}' ]
	not_allowed DELETE /sessions/1 '/sessions/{id}'
	error_is method_not_allowed "DELETE is not allowed on /sessions/1 (allowed: GET, HEAD, PUT)"
	run -0 curl -sS -D - -o /dev/null -X DELETE "$URL/sessions/1"
	assert_line --partial $'Allow: GET, HEAD, PUT\r'
	not_allowed POST /health /health
	not_allowed PUT /records /records
	not_allowed PATCH /sessions/1 '/sessions/{id}'
	call GET /records 400 '/records?limit=0'
	error_is bad_request "query parameter 'limit' takes a whole number from 1 to 500, not '0'"
	call GET /records 400 '/records?limit=501'
	call GET /records 400 '/records?limit=ten'
	call GET /records 400 '/records?offset=-1'
	call GET /records 400 '/records?min_score=abc'
	call GET /records 400 '/records?min_score=8&max_score=2'
	error_is bad_request "min_score 8 is above max_score 2"
	call GET /records 400 '/records?session_id=1;drop'
	call GET /records 400 '/records?since=yesterday'
	error_is bad_request "query parameter 'since' takes a date (YYYY-MM-DD[THH:MM[:SS]Z]), not 'yesterday'"
	call GET /records 400 '/records?sort=question'
	call GET /records 400 '/records?limit=1&limit=2'
	error_is bad_request "query parameter 'limit' is given twice"
	call GET /sessions 400 '/sessions?colour=red'
	error_is bad_request "unknown query parameter 'colour'"
	call GET /sessions 400 '/sessions?status=done'
	error_is bad_request "query parameter 'status' takes one of ongoing, paused, completed, cancelled, not 'done'"
	call GET /records 400 '/records?q=%FF'
	error_is bad_request "query parameters must be UTF-8"
	call GET /health 400 '/health?x=1'
	assert_equal "$(store_state)" "$before"
	# HEAD is GET without the body.
	run -0 curl -sS -I "$URL/sessions/1"
	assert_line --partial 'HTTP/1.1 200'
}

@test "report, skills, plan and progress: the JSON iv-report makes, in the interview's language" {
	serve
	call GET /plan 404 /plan
	error_is not_found "no learning plan yet (one is made when an interview is summarized)"
	call GET /progress 200 /progress
	call GET '/sessions/{id}/report' 404 '/sessions/3/report?format=json'
	teardown
	SERVE_PID=
	export IV_NOW=2026-11-01T10:00:00Z
	S1=$(new_session zh)
	scored "$S1" rag-001 zh 4 ingestion
	scored "$S1" sql-postgres-001 zh 7
	finish "$S1"
	export IV_NOW=2026-11-08T10:00:00Z
	S2=$(new_session en)
	scored "$S2" rag-003 en 6 fixed_size
	finish "$S2"
	serve	# with the same IV_NOW as iv-report: what is due depends on it
	call GET '/sessions/{id}/report' 200 "/sessions/$S1/report?format=json"
	assert_equal "$body" "$(iv-report session "$S1" --format json)"
	[ "$(jq -r .lang <<<"$body")" = zh ]
	run -0 curl -sS -D headers -o report.html "$URL/sessions/$S1/report"
	grep -q $'Content-Type: text/html; charset=utf-8\r' headers
	grep -q '<html lang="zh-CN">' report.html
	cmp report.html <(iv-report session "$S1" --format html)
	run -0 curl -sS "$URL/sessions/$S2/report?format=md"
	assert_equal "$output" "$(iv-report session "$S2" --format md --unicode)"
	call GET '/sessions/{id}/report' 400 "/sessions/$S2/report?format=pdf"
	S3=$(new_session en)
	iv-store sessions update "$S3" --status cancelled >/dev/null
	call GET '/sessions/{id}/report' 409 "/sessions/$S3/report?format=json"
	error_is conflict
	call GET /skills 200 '/skills?lang=zh'
	assert_equal "$body" "$(iv-report skills --format json --lang zh)"
	call GET /skills 200 /skills
	assert_equal "$body" "$(iv-report skills --format json)"
	call GET /plan 200 /plan
	assert_equal "$body" "$(iv-report plan --format json)"
	call GET /progress 200 '/progress?lang=en'
	assert_equal "$body" "$(iv-report progress --format json --lang en)"
	[ "$(jq length <<<"$body")" = 2 ]
	call GET /progress 400 '/progress?lang=fr'
}

@test "the token: required off loopback, checked on every request, never logged" {
	tok=s3cret-Token-$RANDOM-0123456789
	printf '%s\n' "$tok" >tok
	chmod 644 tok
	run -1 --separate-stderr iv-serve --token-file tok --read-only --db missing.db
	assert_stderr --partial "iv-serve: token file 'tok' can be read by others (chmod 600 'tok')"
	chmod 600 tok
	serve --token-file tok
	call GET /health 401 /health
	error_is unauthorized "this server needs a bearer token (Authorization: Bearer TOKEN)"
	run -0 curl -sS -D - -o /dev/null "$URL/health"
	assert_line --partial $'WWW-Authenticate: Bearer\r'
	call GET /health 401 /health -H "Authorization: Bearer ${tok}x"
	call GET /health 401 /health -H "Authorization: Bearer ${tok:0:20}"
	call GET /health 401 /health -H "Authorization: Basic $tok"
	call POST /sessions 401 /sessions "${JSON[@]}" --data-binary '{}'
	[ "$(db_count interview_sessions)" = 0 ]
	call GET /health 200 /health -H "Authorization: Bearer $tok"
	post POST /sessions 201 /sessions '{"lang":"zh"}' -H "Authorization: Bearer $tok"
	kill "$SERVE_PID"
	wait "$SERVE_PID" || :
	SERVE_PID=
	! grep -q -- "$tok" "$BATS_TEST_TMPDIR/serve.log"
	grep -q ' GET /health 401 ' "$BATS_TEST_TMPDIR/serve.log"
	# Any address but loopback: only with a token.
	serve --listen 0.0.0.0:0 --token-file tok
	run -0 curl -sS -o /dev/null -w '%{http_code}' "$URL/health"
	assert_output 401
	run -0 curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tok" "$URL/health"
	assert_output 200
}

@test "the access log: one line per request, no body, no query beyond the URL" {
	serve
	post POST /sessions 201 /sessions '{"lang":"zh","metadata":{"secret":"密文"}}'
	call GET /records 200 "/records?q=$(jq -rn '"检索" | @uri')&limit=5"
	call GET /nowhere 404 /nowhere 2>/dev/null || :
	kill "$SERVE_PID"
	wait "$SERVE_PID" || :
	SERVE_PID=
	run -0 grep -c '^iv-serve: [0-9T:Z-]* 127.0.0.1 ' "$BATS_TEST_TMPDIR/serve.log"
	assert_output 3
	run -0 grep ' POST /sessions 201 ' "$BATS_TEST_TMPDIR/serve.log"
	run -0 grep -F ' GET /records?q=%E6%A3%80%E7%B4%A2&limit=5 200 ' "$BATS_TEST_TMPDIR/serve.log"
	! grep -q -e secret -e 密文 "$BATS_TEST_TMPDIR/serve.log"
	grep -q '^iv-serve: listening on http://127.0.0.1:' "$BATS_TEST_TMPDIR/serve.log"
	grep -q '^iv-serve: stopping (SIGTERM)' "$BATS_TEST_TMPDIR/serve.log"
}

@test "--read-only: reads work, every change is refused with 405" {
	iv-store sessions create --lang en >/dev/null
	before=$(store_state)
	serve --read-only
	call GET /sessions 200 /sessions
	call GET /health 200 /health
	[ "$(jq .read_only <<<"$body")" = true ]
	post POST /sessions 405 /sessions '{}'
	error_is method_not_allowed "the server is read-only (--read-only)"
	post PUT '/sessions/{id}' 405 /sessions/1 '{"status":"cancelled"}'
	post POST /records 405 /records '{"session_id":1,"question":"Q","answer":"A"}'
	assert_equal "$(store_state)" "$before"
}

@test "/openapi.json is share/openapi.json; /docs renders it with nothing from the network" {
	serve
	call GET /openapi.json 200 /openapi.json
	assert_equal "$body" "$(cat "$DOC")"
	jq -e '.openapi == "3.1.0"' <<<"$body" >/dev/null
	run -0 curl -sS -D headers -o docs.html "$URL/docs"
	echo "GET /docs 200" >>"$BATS_FILE_TMPDIR/checked"
	grep -q $'Content-Type: text/html; charset=utf-8\r' headers
	grep -q '<title>iv-serve API</title>' docs.html
	# No script, style, image or font from anywhere else.
	! grep -Eiq '(src|href)="(https?:)?//' docs.html
	! grep -Eiq '@import|url\(' docs.html
	# The document is in the page, whole.
	sed -n 's/^<script id="spec" type="application\/json">\(.*\)/\1/p' docs.html >/dev/null
	awk '/<script id="spec"/,/<\/script>/' docs.html | sed -e '1s/.*type="application\/json">//' -e '$s/<\/script>$//' |
		sed 's/<\\\//<\//g' | jq -e --slurpfile d "$DOC" '. == $d[0]' >/dev/null
}

@test "the OpenAPI document: every operation is exercised above, and each error status" {
	[ -s "$BATS_FILE_TMPDIR/checked" ] || skip "run with the tests above"
	run -0 jq -r '.paths | to_entries[] | .key as $p | .value | to_entries[]
		| select(.key | IN("get", "post", "put", "delete")) | "\(.key | ascii_upcase) \($p)"' "$DOC"
	for op in "${lines[@]}"; do
		grep -q "^$op 2" "$BATS_FILE_TMPDIR/checked" || fail "no successful reply checked for $op"
	done
	for st in 400 401 404 405 409 413 415 422 503; do
		grep -q " $st\$" "$BATS_FILE_TMPDIR/checked" || fail "no reply with status $st checked"
	done
	# Every operation has an id, a summary, its errors and no undefined reference.
	run -0 jq -r '[.paths[][] | objects | select(has("responses"))
		| select((.operationId and .summary and .responses["400"] and .responses["401"]) | not)] | length' "$DOC"
	assert_output 0
	run -0 jq -r '[.. | objects | .["$ref"]? // empty | ltrimstr("#/") | split("/")] | unique[] | join("/")' "$DOC"
	for r in "${lines[@]}"; do
		jq -e --arg r "$r" 'getpath($r | split("/")) != null' "$DOC" >/dev/null || fail "undefined \$ref $r"
	done
}

@test "the README's curl examples run against the server" {
	serve
	awk '/^## The records service over HTTP/ { on = 1; next } on && /^## / { exit }
		on && /^    / { sub(/^ +/, ""); if (sub(/\\$/, "")) printf "%s", $0; else print }' \
		"$IV_SRC/README.md" >examples
	[ "$(grep -c curl examples)" -ge 6 ]
	n=0
	while IFS= read -r ex; do
		case $ex in "iv serve &") continue ;; esac
		ex=${ex//127.0.0.1:8006/${URL#http://}}
		run -0 --separate-stderr sh -c "$ex"
		[ -n "$output" ] || fail "'$ex' printed nothing"
		! grep -q '"error"' <<<"$output" || fail "'$ex': $output"
		n=$((n + 1))
	done <examples
	[ "$(db_count conversations)" = 2 ]
	[ "$(sqlite3 "$IV_HOME/iv.db" 'SELECT status FROM interview_sessions WHERE id = 1')" = paused ]
	run -0 curl -s "$URL/sessions?status=paused"
	[ "$(jq -c '[.items[].id]' <<<"$output")" = '[1]' ]
}

@test "--timeout: a client that stops half way through its request is let go" {
	serve --timeout 1
	port=${URL##*:}
	exec 5<>"/dev/tcp/127.0.0.1/$port"
	printf 'GET /health HTTP/1.1\r\nHost: x\r\n' >&5
	sleep 2.5
	# The server has closed the connection: reading ends at once.
	run -0 timeout 5 cat <&5
	assert_output ''
	exec 5<&-
	call GET /health 200 /health
}

@test "/docs, opened in a browser from a file, lays out every operation and schema" {
	[ -x /usr/bin/chromium ] || fail "chromium is missing (make deps installs it)"
	serve
	curl -sS -o docs.html "$URL/docs"
	kill "$SERVE_PID"
	wait "$SERVE_PID" || :
	SERVE_PID=
	# Saved and opened with the server gone: it needs nothing else.
	timeout 180 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--dump-dom "file://$BATS_TEST_TMPDIR/docs.html" >dom.html 2>/dev/null
	for id in $(jq -r '.paths[][] | objects | .operationId // empty' "$DOC"); do
		grep -q "<details class=\"op\" id=\"$id\">" dom.html || fail "no operation $id on the page"
	done
	for s in $(jq -r '.components.schemas | keys[]' "$DOC"); do
		grep -q "<h3 id=\"schema-$s\">" dom.html || fail "no schema $s on the page"
	done
	grep -q 'iv-serve: the interview records service 0.1.0' dom.html
}

@test "completion: iv serve and iv-serve offer their options" {
	run -0 iv completions serve
	assert_line --index 0 -- --help
	assert_line -- --listen
	assert_line -- --token-file
	assert_line -- --read-only
	run -0 iv commands
	assert_line serve
	run -0 bash -c "
		source '$IV_SRC/completions/iv.bash'
		COMP_WORDS=(iv-serve --li); COMP_CWORD=1; _iv_prog; printf '%s\n' \"\${COMPREPLY[@]}\"
		COMP_WORDS=(iv se); COMP_CWORD=1; _iv; printf '%s\n' \"\${COMPREPLY[@]}\"
	"
	assert_line -- --listen
	assert_line serve
}
