#!/usr/bin/env bats
# iv skills: the skill tree with scores, changes and what is due.

load test_helper
load summary_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
}

# Two rounds: RAG 4.0 then 5.5, SQL 7.0 then 6.0, asyncio 8.0 once.
two_rounds() {
	export IV_NOW=2026-11-01T10:00:00Z
	s=$(new_session "${1:-en}")
	scored "$s" rag-001 "${1:-en}" 4
	scored "$s" sql-postgres-001 "${1:-en}" 7
	scored "$s" python-async-001 "${1:-en}" 8
	finish "$s"
	export IV_NOW=2026-11-08T10:00:00Z
	s=$(new_session "${1:-en}")
	scored "$s" rag-003 "${1:-en}" 5.5
	scored "$s" sql-postgres-001 "${1:-en}" 6
	finish "$s"
}

@test "no skills yet is said plainly" {
	run -0 --separate-stderr iv skills
	assert_output "No skills assessed yet."
	run -0 --separate-stderr iv skills --json
	assert_output "[]"
}

@test "the tree: taxonomy nodes, latest scores as bars, changes, weak skills due" {
	two_rounds
	IV_NOW=2026-11-10 run -0 --separate-stderr iv skills
	assert_output "AI
\`- LLM
   \`- RAG              #####.....  5.5  +1.5  due: weak
Data
\`- Databases
   \`- SQL              ######....  6.0  -1.0
Programming languages
\`- Python
   \`- asyncio          ########..  8.0  new
Due for practice: RAG"
}

@test "skills not practised for skills.due_days are due" {
	two_rounds
	IV_NOW=2026-11-30 run -0 --separate-stderr iv skills
	assert_line "   \`- SQL              ######....  6.0  -1.0  due: 21 days since practised"
	assert_line "   \`- asyncio          ########..  8.0  new  due: 28 days since practised"
	assert_line "Due for practice: RAG, SQL, asyncio"
	printf 'skills:\n  due_days: 25\n  weak_below: 5\n' >"$IV_HOME/config.yaml"
	IV_NOW=2026-11-30 run -0 --separate-stderr iv skills
	assert_line "Due for practice: asyncio"
}

@test "Unicode blocks with --unicode; colour and Unicode on a terminal, not with NO_COLOR" {
	two_rounds
	IV_NOW=2026-11-10 run -0 --separate-stderr iv skills --unicode
	assert_line "   └─ RAG              █████▌░░░░  5.5  +1.5  due: weak"
	refute_output --partial $'\033['
	IV_NOW=2026-11-10 TERM=xterm run -0 script -qec "iv skills" /dev/null
	assert_output --partial "└─ RAG"
	assert_output --partial $'\033[32m+1.5\033[0m'
	IV_NOW=2026-11-10 TERM=xterm NO_COLOR=1 run -0 script -qec "iv skills" /dev/null
	assert_output --partial "\`- RAG              #####.....  5.5  +1.5  due: weak"
	refute_output --partial $'\033['
}

@test "names follow the language; --json gives the rows" {
	two_rounds zh
	IV_NOW=2026-11-10 run -0 --separate-stderr iv skills
	assert_line --index 0 "人工智能"
	assert_line --index 2 "   \`- 检索增强生成  #####.....  5.5  +1.5  待练习：薄弱"
	assert_line "该练习了：检索增强生成"
	IV_NOW=2026-11-10 run -0 --separate-stderr iv skills --lang en
	assert_line --index 0 "AI"
	IV_NOW=2026-11-10 run -0 --separate-stderr iv skills --json
	run -0 jq -c '.[] | select(.score) | [.path, .depth, .last, .score, .change, .due, .days]' <<<"$output"
	assert_output '["ai/llm/rag",2,true,5.5,1.5,"weak",1]
["data/db/sql",2,true,6,-1,null,1]
["lang/python/asyncio",2,true,8,null,null,8]'
	run -2 --separate-stderr iv skills --lang fr
	assert_stderr --partial "--lang takes zh or en, not 'fr'"
}
