#!/usr/bin/env bats
# A store written before schema 3 (resumes with "endDate": "present", job
# descriptions with a string location) is upgraded when iv opens it, and an
# older export is upgraded as it is imported: every reader sees the
# schemas' shapes.

load test_helper

on_tty() {
	script -qec "$*" /dev/null | tr -d '\r'
}

# A fresh store set back to schema 2, with the rows an older iv wrote.
old_store() {
	iv-store init > /dev/null
	sqlite3 -bail "$IV_HOME/iv.db" "DELETE FROM users; PRAGMA user_version = 2"
	sqlite3 -bail "$IV_HOME/iv.db" < "$FIXTURES/store-v2.sql"
}

@test "opening an old store upgrades its resumes and JDs once, in place" {
	old_store
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM resumes, json_each(parsed_data, '\$.work') WHERE json_extract(value, '\$.endDate') = 'present'"
	assert_output 2
	run -0 --separate-stderr iv-store resumes list
	[ -z "$stderr" ]
	run -0 sqlite3 "$IV_HOME/iv.db" "PRAGMA user_version"
	assert_output "$(schema_latest)"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT id, json_extract(parsed_data, '\$.work[0].startDate'), json_type(parsed_data, '\$.work[0].endDate'), json_extract(parsed_data, '\$.work[1].endDate') FROM resumes ORDER BY id"
	assert_output $'1|2022-07||2022-06\n2|2022-07||2022-06\n3|2022-03||2022-02'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT id, location, json(json_extract(parsed_data, '\$.location')) FROM job_descriptions ORDER BY id"
	assert_output $'1|Shanghai|{"address":"Shanghai","city":"Shanghai","countryCode":"CN"}\n2|上海|{"address":"上海","city":"上海","countryCode":"CN"}'
	# The rest of each document is as it was, key order too.
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT parsed_data FROM resumes WHERE id = 1' | jq -c 'del(.work[0].endDate) | keys_unsorted'"
	old=$(grep "^INSERT INTO resumes VALUES(1," "$FIXTURES/store-v2.sql" | sed "s/^[^{]*//; s/','\[.*//")
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT parsed_data FROM resumes WHERE id = 1' | jq -c 'del(.work[0].endDate)'"
	new=$output
	run -0 jq -c 'del(.work[0].endDate)' <<<"$old"
	[ "$output" = "$new" ]
	# Opened again: nothing more to do, nothing changes.
	sum=$(iv-store export | sha256sum)
	run -0 bash -c 'iv-store export | sha256sum'
	assert_output "$sum"
}

@test "an old resume's other forms: dates to ISO 8601, bare web addresses get https://, the unreadable set aside" {
	old_store
	run -0 bash -c 'iv-store resumes show 3 | jq -c ".parsed_data | [.basics.url, .basics.profiles, .work, .education, .awards, .projects]"'
	assert_output '["https://wangfang.dev",[{"network":"GitHub","url":"https://github.com/wangfang"},{"network":"微信","url_text":"微信号 wf2020"}],[{"name":"云帆科技","startDate":"2022-03"},{"name":"星辰网络","startDate":"2020-07","endDate":"2022-02"}],[{"institution":"浙江大学","startDate":"2016"}],[{"title":"优秀员工","date":"2023-06"}],[{"name":"智能客服","endDate_text":"不详"}]]'
	run -0 bash -c 'iv-store resumes show 3 | jq -c ".parsed_data.basics | [.email, .email_text]"'
	assert_output '[null,"wangfang(at)example.com"]'
}

@test "iv jd show and iv resume show of an old store: the schemas' shapes, on a terminal too" {
	old_store
	run -0 bash -c 'iv jd show 1 | jq -c "[.id, .location.city, .location.address]"'
	assert_output '[1,"Shanghai","Shanghai"]'
	run -0 bash -c 'iv resume show 2 | jq -c "[.id, .work[0].endDate]"'
	assert_output '[2,null]'
	run -0 on_tty iv jd show 2
	assert_line --index 1 'AI应用开发工程师（大模型方向） · 星河智能科技有限公司 · 上海 · 30-50K·15薪'
}

@test "a read-only old store is not upgraded behind the user's back: a clear error, nothing changed" {
	# Under /tmp, where an unprivileged user can reach it.
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	old_store
	sqlite3 "$IV_HOME/iv.db" "PRAGMA wal_checkpoint(TRUNCATE)" > /dev/null
	chmod 755 "$IV_HOME"
	chmod 444 "$IV_HOME/iv.db"
	sum=$(sha256sum < "$IV_HOME/iv.db")
	run -1 --separate-stderr as_unprivileged iv-store resumes list
	assert_stderr "iv-store: store '$IV_HOME/iv.db' has schema version 2 and needs upgrading, but it is read-only"
	[ "$(sha256sum < "$IV_HOME/iv.db")" = "$sum" ]
	rm -rf "$IV_HOME"
}

@test "a document the upgrade can't read stays as it was; the store still opens" {
	iv-store init > /dev/null
	sqlite3 -bail "$IV_HOME/iv.db" "PRAGMA user_version = 2; INSERT INTO job_descriptions (id, user_id, sha256, raw_text, parsed_data) VALUES (1, 1, 'x', 'x', '{\"title\":\"T\",\"remote\":\"sometimes\",\"location\":\"上海\"}'), (2, 1, 'y', 'y', '[1,2]')"
	run -0 --separate-stderr iv-store jds list
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT parsed_data FROM job_descriptions ORDER BY id"
	assert_output $'{"title":"T","remote":"sometimes","location":"上海"}\n[1,2]'
}

@test "importing an older iv's export: its resumes and JDs in today's shape" {
	iv-store init > /dev/null
	sqlite3 "$IV_HOME/iv.db" "DELETE FROM users"
	run -0 --separate-stderr iv-store import "$FIXTURES/export-v2.jsonl"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM resumes WHERE parsed_data LIKE '%present%'"
	assert_output 0
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT group_concat(json_extract(parsed_data, '\$.location.city'), ',') FROM job_descriptions"
	assert_output 'Shanghai,上海'
	# The rest came in as it was exported.
	run -0 bash -c "iv-store export | tail -n +2 | jq -c 'del(.row.parsed_data)' | cmp - <(tail -n +2 '$FIXTURES/export-v2.jsonl' | jq -c 'del(.row.parsed_data)')"
}
