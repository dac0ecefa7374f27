#!/usr/bin/env bats
# iv-store resumes, jds (read only: other programs write them) and pending
# embedding work.

load test_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
	sqlite3 "$IV_HOME/iv.db" "DELETE FROM users"
	sqlite3 -bail "$IV_HOME/iv.db" < "$FIXTURES/0101-every-table.sql"
}

@test "resumes list: the user's resumes, oldest first; show: the default one" {
	run -0 bash -c 'iv-store resumes list | jq -c "[.id, .version, .is_default, .title]"'
	assert_output $'[1,1,1,"张伟的简历"]\n[2,2,0,"Resume v2"]'
	run -0 iv-store resumes show
	run -0 jq -c '[.id, .parsed_data.basics.name, .extracted_skills]' <<<"$output"
	assert_output '[1,"张伟",["Python","LangChain","RAG"]]'
	run -0 bash -c 'iv-store resumes show 2 | jq .title'
	assert_output '"Resume v2"'
	run -0 bash -c 'iv-store resumes list --limit 1 --offset 1 | jq .id'
	assert_output 2
	run -0 bash -c 'iv-store resumes list --since 2026-01-04 | jq .id'
	assert_output 2
}

@test "resumes show without a default gives the latest" {
	sqlite3 "$IV_HOME/iv.db" "UPDATE resumes SET is_default = 0"
	run -0 bash -c 'iv-store resumes show | jq .id'
	assert_output 2
}

@test "jds list and show" {
	run -0 bash -c 'iv-store jds list | jq -c "[.id, .company, .required_skills, .match_analysis.score]"'
	assert_output '[1,"字节跳动",["RAG","向量数据库"],72.5]'
	run -0 bash -c 'iv-store jds show | jq -r .raw_text'
	assert_output '职位要求：熟悉 RAG、向量数据库。'
	run -0 bash -c 'iv-store jds show 1 | jq .id'
	assert_output 1
}

@test "resumes and jds of another user, or none at all" {
	run -0 --separate-stderr iv-store --user alice resumes list
	assert_output ''
	run -1 --separate-stderr iv-store --user alice resumes show
	assert_stderr "iv-store: no resume yet"
	run -1 --separate-stderr iv-store --user alice resumes show 1
	assert_stderr "iv-store: no resume 1"
	run -1 --separate-stderr iv-store --user nobody jds show
	assert_stderr "iv-store: no job description yet"
	run -1 --separate-stderr iv-store jds show 5
	assert_stderr "iv-store: no job description 5"
	[ "$(db_count users "username = 'nobody'")" = 0 ]
}

@test "resumes and jds: bad usage" {
	run -2 --separate-stderr iv-store resumes
	assert_stderr --partial "iv-store: resumes needs an action (list or show)"
	run -2 --separate-stderr iv-store jds add x
	assert_stderr --partial "iv-store: jds: unknown action 'add' (list or show)"
	run -2 --separate-stderr iv-store resumes show 1 2
	assert_stderr --partial "iv-store: resume show takes one id, not '2'"
	run -2 --separate-stderr iv-store resumes show one
	assert_stderr --partial "iv-store: 'one' is not a resume id (a whole number from 1)"
	run -2 --separate-stderr iv-store resumes show --limit 1
	assert_stderr --partial "iv-store: unknown option '--limit'"
}

@test "pending: the user's knowledge without an embedding of the model" {
	run -0 iv-store pending
	assert_output $'{"id":2,"text":"Chunking splits documents.","collection":"general_knowledge","source_type":"document","source_id":"/notes/rag.md#1","importance":5,"content_hash":"h2"}\n{"id":3,"text":"Reranking orders hits.","collection":"general_knowledge","source_type":"document","source_id":"/notes/rag.md#2","importance":4,"content_hash":"h3"}'
	run -0 bash -c 'iv-store pending --model text-embedding-3-small | jq -r .id | tr "\n" " "'
	assert_output '1 2 '
	run -0 iv-store --user alice pending
	assert_output ''
	run -0 iv-store --user nobody pending
	assert_output ''
	run -2 --separate-stderr iv-store pending --model ''
	assert_stderr --partial "iv-store: option '--model' needs a name"
}
