#!/usr/bin/env bats
# iv-store sessions: create, list (filters, pagination), show, update.

load test_helper

setup() {
	iv_test_env
	export IV_NOW=2026-03-01T10:00:00Z
	iv-store init >/dev/null
}

# A session created at a given time: new_session TIME [OPTIONS...]
new_session() {
	local at=$1
	shift
	IV_NOW=$at iv-store sessions create "$@" </dev/null >/dev/null
}

@test "sessions create prints the new session with defaults and round 1" {
	run -0 --separate-stderr iv-store sessions create --type mock --lang zh </dev/null
	run -0 jq -c '[.id, .user_id, .session_type, .status, .round_number, .lang, .engine, .max_rounds, .metadata, .created_at]' <<<"$output"
	assert_output '[1,1,"mock","ongoing",1,"zh","builtin",5,{},"2026-03-01T10:00:00Z"]'
}

@test "round_number counts per user" {
	new_session 2026-03-01
	new_session 2026-03-02
	run -0 iv-store --user alice sessions create </dev/null
	run -0 jq -c '[.id, .round_number]' <<<"$output"
	assert_output '[3,1]'
	run -0 iv-store sessions create </dev/null
	run -0 jq -c '[.id, .round_number]' <<<"$output"
	assert_output '[4,3]'
	IV_USER=alice run -0 iv-store sessions create </dev/null
	run -0 jq .round_number <<<"$output"
	assert_output 2
}

@test "sessions create takes every field as an option" {
	sqlite3 "$IV_HOME/iv.db" "INSERT INTO resumes (id, user_id, sha256, version) VALUES (4, 1, 'x', 1);
		INSERT INTO job_descriptions (id, user_id, sha256, raw_text) VALUES (6, 1, 'y', 'jd')"
	run -0 iv-store sessions create --type real --resume 4 --jd 6 --lang en --rounds 12 \
		--engine llm --model qwen2.5 --metadata '{"company":"字节跳动","n":[1,2]}'
	run -0 jq -c '[.session_type, .resume_id, .jd_id, .lang, .max_rounds, .engine, .model, .metadata]' <<<"$output"
	assert_output '["real",4,6,"en",12,"llm","qwen2.5",{"company":"字节跳动","n":[1,2]}]'
}

@test "sessions create reads a JSON object on stdin" {
	run -0 --separate-stderr iv-store sessions create <<<'{"session_type":"real","lang":"zh","max_rounds":3,"metadata":{"公司":"阿里"}}'
	run -0 jq -c '[.session_type, .lang, .max_rounds, .metadata]' <<<"$output"
	assert_output '["real","zh",3,{"公司":"阿里"}]'
}

@test "the number of rounds defaults to the config's interview.rounds" {
	printf 'interview:\n  rounds: 7\n' > "$IV_HOME/config.yaml"
	run -0 iv-store sessions create </dev/null
	run -0 jq .max_rounds <<<"$output"
	assert_output 7
	IV_ROUNDS=4 run -0 iv-store sessions create <<<'{}'
	run -0 jq .max_rounds <<<"$output"
	assert_output 4
	run -0 iv-store sessions create --rounds 9
	run -0 jq .max_rounds <<<"$output"
	assert_output 9
}

@test "sessions create refuses bad input on stdin, and writes nothing" {
	run -1 --separate-stderr iv-store sessions create <<<'{"session_type":"mock","colour":"red"}'
	assert_stderr "iv-store: unknown field 'colour'"
	run -1 --separate-stderr iv-store sessions create <<<'{"max_rounds":"five"}'
	assert_stderr "iv-store: field 'max_rounds': expected a whole number, got string"
	run -1 --separate-stderr iv-store sessions create <<<'{"session_type":"exam"}'
	assert_stderr "iv-store: field 'session_type': 'exam' is not mock or real"
	run -1 --separate-stderr iv-store sessions create <<<'{"lang":"fr"}'
	assert_stderr "iv-store: field 'lang': 'fr' is not zh or en"
	run -1 --separate-stderr iv-store sessions create <<<'{"max_rounds":80}'
	assert_stderr "iv-store: field 'max_rounds': 80 is out of range (1 to 50)"
	run -1 --separate-stderr iv-store sessions create <<<'{"session_type":'
	assert_stderr --regexp "^iv-store: stdin: invalid JSON"
	run -1 --separate-stderr iv-store sessions create <<<'[1]'
	assert_stderr "iv-store: stdin: expected a JSON object, got array"
	run -1 --separate-stderr iv-store sessions create --resume 9
	assert_stderr "iv-store: no resume 9"
	run -1 --separate-stderr iv-store sessions create --jd 9
	assert_stderr "iv-store: no job description 9"
	[ "$(db_count interview_sessions)" = 0 ]
}

@test "another user's resume can't be used" {
	sqlite3 "$IV_HOME/iv.db" "INSERT INTO users (id, username) VALUES (2, 'bob');
		INSERT INTO resumes (id, user_id, sha256, version) VALUES (1, 2, 'x', 1)"
	run -1 --separate-stderr iv-store sessions create --resume 1
	assert_stderr "iv-store: no resume 1"
	run -0 iv-store --user bob sessions create --resume 1
}

@test "bad option values are usage errors" {
	run -2 --separate-stderr iv-store sessions create --type exam
	assert_stderr --partial "iv-store: option '--type' takes mock or real, not 'exam'"
	run -2 --separate-stderr iv-store sessions create --rounds 0
	assert_stderr --partial "iv-store: option '--rounds' takes a whole number from 1 to 50, not '0'"
	run -2 --separate-stderr iv-store sessions create --lang fr
	assert_stderr --partial "iv-store: option '--lang' takes zh or en, not 'fr'"
	run -2 --separate-stderr iv-store sessions create --metadata '[1]'
	assert_stderr --partial "iv-store: option '--metadata' takes a JSON object, not array"
	run -2 --separate-stderr iv-store sessions create --metadata '{bad'
	assert_stderr --partial "iv-store: option '--metadata': invalid JSON"
	run -2 --separate-stderr iv-store sessions create --resume x
	assert_stderr --partial "iv-store: 'x' is not a resume id (a whole number from 1)"
	run -2 --separate-stderr iv-store sessions list --since yesterday
	assert_stderr --partial "iv-store: option '--since' takes a date (YYYY-MM-DD[THH:MM[:SS]]), not 'yesterday'"
	run -2 --separate-stderr iv-store sessions list --min-score 11
	assert_stderr --partial "iv-store: option '--min-score' takes a number from 0 to 10, not '11'"
	run -2 --separate-stderr iv-store sessions list --limit -1
	assert_stderr --partial "iv-store: option '--limit' takes a whole number"
	run -2 --separate-stderr iv-store sessions list --status done
	assert_stderr --partial "iv-store: option '--status' takes ongoing, paused, completed or cancelled, not 'done'"
	run -2 --separate-stderr iv-store sessions list --turns
	assert_stderr --partial "iv-store: unknown option '--turns'"
	run -2 --separate-stderr iv-store sessions
	assert_stderr --partial "iv-store: sessions needs an action"
	run -2 --separate-stderr iv-store sessions frob
	assert_stderr --partial "iv-store: sessions: unknown action 'frob'"
	run -2 --separate-stderr iv-store sessions show
	assert_stderr --partial "iv-store: session show needs a session id"
	run -2 --separate-stderr iv-store sessions show 1 2
	assert_stderr --partial "iv-store: session show takes one id, not '2'"
	run -2 --separate-stderr iv-store sessions update 1
	assert_stderr --partial "iv-store: sessions update needs --status, --metadata or --summary"
	run -2 --separate-stderr iv-store sessions list extra
	assert_stderr --partial "iv-store: sessions list takes no arguments ('extra')"
	[ "$(db_count interview_sessions)" = 0 ]
}

@test "sessions list: the user's sessions, oldest first" {
	new_session 2026-03-03T09:00:00Z
	new_session 2026-03-01T09:00:00Z --type real
	IV_USER=bob new_session 2026-03-02T09:00:00Z
	new_session 2026-03-01T09:00:00Z
	run -0 bash -c 'iv-store sessions list | jq -c "[.id, .round_number]"'
	assert_output $'[2,2]\n[4,3]\n[1,1]'
	run -0 bash -c 'iv-store --user bob sessions list | jq -c .id'
	assert_output 3
	# A user who has nothing yet simply has no rows.
	run -0 --separate-stderr iv-store --user nobody sessions list
	assert_output ''
	assert_stderr ''
	[ "$(db_count users "username = 'nobody'")" = 0 ]
}

@test "sessions list filters by status, type, dates and score" {
	new_session 2026-03-01T09:00:00Z --type mock	# 1
	new_session 2026-03-02T23:59:59Z --type real	# 2
	new_session 2026-03-03T00:00:00Z --type mock	# 3
	new_session 2026-03-04T12:00:00Z --type mock	# 4
	iv-store sessions update 1 --status completed >/dev/null
	iv-store sessions update 4 --status paused >/dev/null
	printf '{"overall_score":8.5}' > "$BATS_TEST_TMPDIR/s.json"
	iv-store sessions update 1 --summary "$BATS_TEST_TMPDIR/s.json" >/dev/null
	printf '{"overall_score":6}' > "$BATS_TEST_TMPDIR/s.json"
	iv-store sessions update 3 --summary "$BATS_TEST_TMPDIR/s.json" >/dev/null
	ids() { iv-store sessions list "$@" | jq -r .id | tr '\n' ' '; }
	[ "$(ids --status ongoing)" = "2 3 " ]
	[ "$(ids --status paused)" = "4 " ]
	[ "$(ids --type real)" = "2 " ]
	[ "$(ids --type mock --status ongoing)" = "3 " ]
	[ "$(ids --since 2026-03-02)" = "2 3 4 " ]
	[ "$(ids --since 2026-03-03T00:00)" = "3 4 " ]
	# A bare date as --until takes in the whole of that day.
	[ "$(ids --until 2026-03-02)" = "1 2 " ]
	[ "$(ids --until '2026-03-02 12:00')" = "1 " ]
	[ "$(ids --since 2026-03-02 --until 2026-03-03)" = "2 3 " ]
	[ "$(ids --min-score 6)" = "1 3 " ]
	[ "$(ids --min-score 8.5)" = "1 " ]
	[ "$(ids --min-score 9)" = "" ]
}

@test "sessions list pages with --limit and --offset" {
	for d in 01 02 03 04 05; do new_session 2026-03-${d}; done
	run -0 bash -c 'iv-store sessions list --limit 2 | jq -r .id | tr "\n" " "'
	assert_output '1 2 '
	run -0 bash -c 'iv-store sessions list --limit 2 --offset 2 | jq -r .id | tr "\n" " "'
	assert_output '3 4 '
	run -0 bash -c 'iv-store sessions list --offset 4 | jq -r .id | tr "\n" " "'
	assert_output '5 '
	run -0 iv-store sessions list --limit 0
	assert_output ''
	run -0 iv-store sessions list --offset 9
	assert_output ''
}

@test "sessions show, with and without turns" {
	new_session 2026-03-01
	printf '%s\n' '{"role":"interviewer","content":"什么是 RAG？"}' '{"role":"candidate","content":"检索增强生成","reply_to":1}' |
		iv-store turns add --session 1 >/dev/null
	run -0 iv-store sessions show 1
	run -0 jq -c '[.id, .status, has("turns")]' <<<"$output"
	assert_output '[1,"ongoing",false]'
	run -0 iv-store sessions show 1 --turns
	run -0 jq -c '[.turns[] | [.sequence_number, .role, .content]]' <<<"$output"
	assert_output '[[1,"interviewer","什么是 RAG？"],[2,"candidate","检索增强生成"]]'
	run -1 --separate-stderr iv-store sessions show 7
	assert_stderr "iv-store: no session 7"
	run -1 --separate-stderr iv-store --user bob sessions show 1
	assert_stderr "iv-store: no session 1"
}

@test "sessions update moves the status; a finished session can't be reopened" {
	new_session 2026-03-01T10:00:00Z
	run -0 iv-store sessions update 1 --status paused
	run -0 jq -r .status <<<"$output"
	assert_output paused
	IV_NOW=2026-03-01T10:25:00Z run -0 iv-store sessions update 1 --status completed
	run -0 jq -c '[.status, .end_time, .duration_seconds]' <<<"$output"
	assert_output '["completed","2026-03-01T10:25:00Z",1500]'
	run -1 --separate-stderr iv-store sessions update 1 --status ongoing
	assert_stderr "iv-store: session 1 is completed and can't become ongoing"
	run -1 --separate-stderr iv-store sessions update 1 --status cancelled
	assert_stderr "iv-store: session 1 is completed and can't become cancelled"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT status FROM interview_sessions"
	assert_output completed
	run -1 --separate-stderr iv-store sessions update 5 --status paused
	assert_stderr "iv-store: no session 5"
}

@test "sessions update merges metadata and sets the summary and overall score" {
	new_session 2026-03-01 --metadata '{"a":1,"b":{"x":1}}'
	run -0 iv-store sessions update 1 --metadata '{"b":{"y":2},"c":"三"}'
	run -0 jq -c .metadata <<<"$output"
	assert_output '{"a":1,"b":{"y":2},"c":"三"}'
	run -0 iv-store sessions update 1 --summary - <<<'{"overall_score":7.5,"strengths":["表达清楚"]}'
	run -0 jq -c '[.overall_score, .summary.strengths]' <<<"$output"
	assert_output '[7.5,["表达清楚"]]'
	# A summary without a score clears it; status and summary go together.
	run -0 iv-store sessions update 1 --status completed --summary - <<<'{"note":"no score"}'
	run -0 jq -c '[.status, .overall_score, .summary]' <<<"$output"
	assert_output '["completed",null,{"note":"no score"}]'
	# A finished session still takes its summary and metadata.
	run -0 iv-store sessions update 1 --metadata '{"a":2}'
}

@test "sessions update refuses a bad summary and changes nothing" {
	new_session 2026-03-01
	before=$(iv-store sessions show 1)
	run -1 --separate-stderr iv-store sessions update 1 --status completed --summary - <<<'{"overall_score":12}'
	assert_stderr "iv-store: summary: overall_score 12 is out of range (0 to 10)"
	run -1 --separate-stderr iv-store sessions update 1 --summary - <<<'{"overall_score":"high"}'
	assert_stderr "iv-store: summary: overall_score: expected a number, got string"
	run -1 --separate-stderr iv-store sessions update 1 --summary - <<<'[]'
	assert_stderr "iv-store: stdin: the summary must be a JSON object, not array"
	run -1 --separate-stderr iv-store sessions update 1 --summary - <<<'{oops'
	assert_stderr --regexp "^iv-store: stdin: invalid JSON"
	run -1 --separate-stderr iv-store sessions update 1 --summary "$BATS_TEST_TMPDIR/none.json"
	assert_stderr "iv-store: can't read '$BATS_TEST_TMPDIR/none.json': No such file or directory"
	[ "$(iv-store sessions show 1)" = "$before" ]
	# A refused status change takes the metadata with it.
	iv-store sessions update 1 --status cancelled >/dev/null
	before=$(iv-store sessions show 1)
	run -1 --separate-stderr iv-store sessions update 1 --status ongoing --metadata '{"x":1}'
	assert_stderr "iv-store: session 1 is cancelled and can't become ongoing"
	[ "$(iv-store sessions show 1)" = "$before" ]
}
