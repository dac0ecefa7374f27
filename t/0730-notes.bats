#!/usr/bin/env bats
# iv notes: notes of real interviews, in Chinese and English.

load test_helper
load memory_helper

setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

zh_notes() {
	cat <<'EOF2'
# 字节跳动 AI应用开发 一面

- **公司**：字节跳动
- **职位**：AI应用开发工程师
- **日期**：2026年11月20日

## 问题1：介绍一下RAG的整体流程
答：先把文档切块、向量化存进向量数据库，查询时检索相关片段再交给大模型生成。
反思：讲得还行，但没提重排序。

## 问题2：向量数据库的HNSW索引原理是什么？
答：只知道是图索引，细节说不清。
反思：卡住了，需要复习HNSW。

问：如何评估一个RAG系统？
答：准确率

## 总结
面试官很友好。
EOF2
}

en_notes() {
	cat <<'EOF2'
Company: Acme AI
Position: LLM Engineer
Date: 2026-11-18

Q1. How would you reduce hallucinations in a RAG pipeline?
A: Ground answers in retrieved passages, add citations,
and evaluate faithfulness with an LLM judge.
Reflection: Went well.

Q2: Explain how the Python GIL affects asyncio.
A: Asyncio is single threaded, so the GIL rarely matters for it.
Reflection: I didn't know how it interacts with thread pools.

Q: What is LoRA?
A:

Q: How do you version prompts?
A: In git next to the code, with evaluation runs per change.
Struggled: yes

Overall: friendly interviewers, one hour.
EOF2
}

@test "Chinese notes: headers, questions, answers, reflections, struggles" {
	iv init > /dev/null
	zh_notes > zh.md
	run -0 --separate-stderr iv-embed --notes zh.md
	assert_output '{"id":1,"company":"字节跳动","position":"AI应用开发工程师","meeting_date":"2026-11-20","questions":3,"struggled":2,"memories":3,"already":false}'
	run -0 db "SELECT parsed_content FROM interview_meetings"
	run -0 jq -c '[.title, .date, .notes]' <<< "$output"
	assert_output '["字节跳动 AI应用开发 一面","2026-11-20","面试官很友好。"]'
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT parsed_content FROM interview_meetings' | jq -c '.questions[] | [.question, .answer, .reflection, .struggled, .struggled_because]'"
	assert_output - <<'EOF2'
["介绍一下RAG的整体流程","先把文档切块、向量化存进向量数据库，查询时检索相关片段再交给大模型生成。","讲得还行，但没提重排序。",false,null]
["向量数据库的HNSW索引原理是什么？","只知道是图索引，细节说不清。","卡住了，需要复习HNSW。",true,"said so: 卡住"]
["如何评估一个RAG系统？","准确率",null,true,"short answer"]
EOF2
	run -0 db "SELECT raw_notes FROM interview_meetings"
	assert_output "$(cat zh.md)"
	run -0 db "SELECT synced_to_knowledge, sha256 FROM interview_meetings"
	assert_output "1|$(sha256sum < zh.md | cut -d' ' -f1)"
	# Each question is a memory from the meeting; struggles weigh more.
	run -0 db "SELECT source_type, source_id, importance, json_extract(metadata, '$.struggled') FROM knowledge ORDER BY id"
	assert_output $'meeting|1|6.0|0\nmeeting|1|8.0|1\nmeeting|1|8.0|1'
	run -0 db "SELECT content FROM knowledge WHERE id = 2"
	assert_output $'真实面试：字节跳动（AI应用开发工程师，2026-11-20）\n问：向量数据库的HNSW索引原理是什么？\n答：只知道是图索引，细节说不清。\n反思：卡住了，需要复习HNSW。'
	run -0 bash -c "iv-recall -k 1 HNSW索引原理 | jq -r .id"
	assert_output 2
}

@test "English notes: numbered and plain labels, multi-line answers, explicit marks" {
	iv init > /dev/null
	en_notes > en.txt
	run -0 iv-embed --notes en.txt
	assert_output '{"id":1,"company":"Acme AI","position":"LLM Engineer","meeting_date":"2026-11-18","questions":4,"struggled":3,"memories":4,"already":false}'
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT parsed_content FROM interview_meetings' | jq -c '.questions[] | [.question, .answer, .struggled, .struggled_because]'"
	assert_output - <<'EOF2'
["How would you reduce hallucinations in a RAG pipeline?","Ground answers in retrieved passages, add citations,\nand evaluate faithfulness with an LLM judge.",false,null]
["Explain how the Python GIL affects asyncio.","Asyncio is single threaded, so the GIL rarely matters for it.",true,"said so: didn't know"]
["What is LoRA?","",true,"no answer"]
["How do you version prompts?","In git next to the code, with evaluation runs per change.",true,"marked as struggled"]
EOF2
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT parsed_content FROM interview_meetings' | jq -r .notes"
	assert_output 'Overall: friendly interviewers, one hour.'
	run -0 db "SELECT content FROM knowledge WHERE id = 1"
	assert_output $'Real interview at Acme AI (LLM Engineer, 2026-11-18)\nQ: How would you reduce hallucinations in a RAG pipeline?\nA: Ground answers in retrieved passages, add citations,\nand evaluate faithfulness with an LLM judge.\nReflection: Went well.'
}

@test "the struggled questions are what the next mock interview can pick" {
	iv init > /dev/null
	en_notes | iv-embed --notes - > /dev/null
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT parsed_content FROM interview_meetings' | jq -r '.questions[] | select(.struggled) | .question'"
	assert_output $'Explain how the Python GIL affects asyncio.\nWhat is LoRA?\nHow do you version prompts?'
}

@test "the same notes twice are kept once; notes without questions are still remembered" {
	iv init > /dev/null
	zh_notes > zh.md
	iv-embed --notes zh.md > /dev/null
	run -0 iv-embed --notes zh.md
	assert_output '{"id":1,"company":"字节跳动","position":"AI应用开发工程师","meeting_date":"2026-11-20","questions":3,"struggled":2,"memories":0,"already":true}'
	[ "$(db_count interview_meetings)" = 1 ]
	[ "$(db_count knowledge)" = 3 ]
	printf 'Talked with the CTO about their vector search stack and team culture.\n' > free.txt
	run -0 iv-embed --notes free.txt
	assert_output '{"id":2,"company":null,"position":null,"meeting_date":null,"questions":0,"struggled":0,"memories":1,"already":false}'
	run -0 db "SELECT content FROM knowledge WHERE source_id = '2'"
	assert_output $'Real interview\nTalked with the CTO about their vector search stack and team culture.'
}

@test "empty, binary and unreadable notes are refused" {
	iv init > /dev/null
	: > empty.md
	run -1 --separate-stderr iv-embed --notes empty.md
	assert_stderr 'iv-embed: empty.md: no notes (it is empty)'
	printf 'Q: x\0y\n' > bin.md
	run -1 --separate-stderr iv-embed --notes bin.md
	assert_stderr 'iv-embed: bin.md: binary data, not text'
	printf 'Q: caf\xe9\n' > latin1.md
	run -1 --separate-stderr iv-embed --notes latin1.md
	assert_stderr 'iv-embed: latin1.md: not UTF-8 text (invalid byte at 7)'
	run -1 --separate-stderr iv-embed --notes missing.md
	assert_stderr "iv-embed: can't read missing.md: No such file or directory"
	[ "$(db_count interview_meetings)" = 0 ]
	run -2 --separate-stderr iv notes add
	assert_stderr --partial 'iv: notes add needs a FILE or -'
}

@test "iv notes add and list" {
	iv init > /dev/null
	zh_notes > zh.md
	en_notes > en.txt
	run -0 iv notes add zh.md en.txt
	[ "${#lines[@]}" = 2 ]
	run -0 iv notes list --json
	run -0 jq -c '[.id, .company, .meeting_date, .questions, .struggled]' <<< "$output"
	assert_output $'[2,"Acme AI","2026-11-18",4,3]\n[1,"字节跳动","2026-11-20",3,2]'
	COLUMNS=120 run -0 iv-recall --notes --table
	assert_line --index 0 --regexp '^ID +DATE +COMPANY +POSITION +QUESTIONS +STRUGGLED$'
	assert_line --index 2 --regexp '^ +1 +2026-11-20 +字节跳动 +AI应用开发工程师 +3 +2$'
}
