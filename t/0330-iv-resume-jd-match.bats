#!/usr/bin/env bats
# The driver: iv resume, iv jd, iv match.

load test_helper

SAMPLES="$IV_SRC/share/samples"

setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
	export IV_NOW=2025-06-01
	iv init > /dev/null
}

# Run a command with a terminal for standard output.
on_tty() {
	script -qec "$*" /dev/null | tr -d '\r'
}

@test "iv resume add, list, show, default (JSON when piped)" {
	run -0 bash -c "iv resume add '$SAMPLES/resume-en.md' | jq -c '[.id, .version, .is_default, .basics.name]'"
	assert_output '[1,1,true,"Li Wei"]'
	run -0 bash -c "iv resume add '$SAMPLES/resume-zh.md' --default | jq -c '[.id, .version, .is_default]'"
	assert_output '[2,2,true]'
	run -0 bash -c "iv resume add '$SAMPLES/resume-zh.md' | jq -c '[.id, .existing]'"
	assert_output '[2,true]'
	run -0 bash -c 'iv resume list | jq -c "[.id, .version, .is_default, .title]"'
	assert_output $'[1,1,0,"Li Wei"]\n[2,2,1,"张伟"]'
	run -0 bash -c 'iv resume show | jq -c "[.id, .version, .is_default, .basics.name, (.work | length)]"'
	assert_output '[2,2,true,"张伟",3]'
	run -0 bash -c 'iv resume default 1 | jq -c "[.id, .is_default]"'
	assert_output '[1,true]'
	run -0 bash -c 'iv resume show --json | jq -r .basics.name'
	assert_output 'Li Wei'
	# What show prints is a resume iv-match takes.
	run -0 bash -c "iv resume show 2 | iv-match --jd '$SAMPLES/jd-zh.txt' | jq -c '[.resume_id, .resume.name]'"
	assert_output '[2,"张伟"]'
}

@test "iv resume on a terminal: a summary" {
	run -0 on_tty iv resume add "$SAMPLES/resume-en.md"
	assert_line --index 0 'resume 1 · version 1 · default'
	assert_line --index 1 'Li Wei · AI Application Engineer'
	assert_line '  Senior AI Application Engineer · Lumen AI · 2022-07 - present'
	assert_line '  Master · Computer Science · Shanghai Jiao Tong University · 2017-09 - 2020-06'
	assert_line --regexp '^skills \([0-9]+\): LLM, RAG, AI Agents'
	run -0 on_tty iv resume add "$SAMPLES/resume-en.md"
	assert_line --index 0 'resume 1 · version 1 · default · already kept'
	run -0 on_tty iv resume list
	assert_line --index 0 --regexp '^ID +VERSION +DEFAULT'
}

@test "iv resume: a file that is not a resume fails with the parser's message" {
	: > empty.txt
	run -1 --separate-stderr iv resume add empty.txt
	assert_stderr "iv-parse-resume: empty.txt: empty file"
	[ "$(db_count resumes)" = 0 ]
	run -1 --separate-stderr iv resume show 5
	assert_stderr --partial "5"
	run -1 --separate-stderr iv resume default 5
	assert_stderr "iv-parse-resume: no resume 5"
}

@test "iv jd add FILE and add -, list, show, default" {
	run -0 bash -c "iv jd add '$SAMPLES/jd-en.txt' | jq -c '[.id, .is_default, .title]'"
	assert_output '[1,true,"Senior AI Application Engineer"]'
	run -0 bash -c "iv jd add - < '$SAMPLES/jd-zh.txt' | jq -c '[.id, .is_default, .company]'"
	assert_output '[2,true,"星河智能科技有限公司"]'
	run -0 bash -c 'iv jd list | jq -c "[.id, .is_default]"'
	assert_output $'[1,0]\n[2,1]'
	run -0 bash -c 'iv jd show 1 | jq -c "[.id, .is_default, .min_years, .degree]"'
	assert_output '[1,false,3,"Bachelor"]'
	run -0 bash -c 'iv jd default 1 | jq -c "[.id, .is_default]"'
	assert_output '[1,true]'
	run -0 on_tty iv jd show
	assert_output - <<-'EOF'
	job description 1 · default
	Senior AI Application Engineer · Northwind Labs · Shanghai · hybrid · Full-time · 45-65K/month · Senior
	required: Python, FastAPI, Django, RAG, LangChain, LlamaIndex, Vector Database, Milvus, Qdrant, pgvector, PostgreSQL, Redis, Docker, Kubernetes, Chunking, Hybrid Search, Reranking, AI Agents, Function Calling, LLM Evaluation, CI/CD, vLLM
	preferred: LangGraph, Multi-Agent Systems, Fine-tuning, LoRA, Go, NLP, Machine Learning
	3+ years · Bachelor
	EOF
}

@test "iv match: the defaults, kept with the JD; JSON when piped, a report on a terminal" {
	iv resume add "$SAMPLES/resume-en.md" > /dev/null
	iv jd add "$SAMPLES/jd-en.txt" > /dev/null
	run -0 bash -c 'iv match | jq -c "[.score, .jd_id, .resume_id]"'
	assert_output '[89,1,1]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT match_score, resume_id FROM job_descriptions"
	assert_output '89.0|1'
	run -0 on_tty NO_COLOR=1 iv match
	assert_line --index 0 'Match 89/100 · Senior AI Application Engineer, Northwind Labs'
	assert_line 'Matched'
	assert_line 'Missing'
	assert_line 'Suggestions'
	assert_line --regexp '^  • Chunking is the first required skill'
	refute_output --partial $'\e['
	run -0 on_tty iv match --json
	run -0 jq .score <<<"$output"
	assert_output 89
	iv resume add "$SAMPLES/resume-zh.md" > /dev/null
	iv jd add "$SAMPLES/jd-zh.txt" > /dev/null
	run -0 bash -c 'iv match --resume 2 --jd 1 | jq -c "[.resume_id, .jd_id, .lang]"'
	assert_output '[2,1,"zh"]'
}

@test "iv match with nothing kept says what to do" {
	run -1 --separate-stderr iv match
	assert_stderr "iv-match: no job description: give --jd FILE, or add one with 'iv jd add FILE'"
}

@test "usage errors, help and completion" {
	run -2 --separate-stderr iv resume
	assert_stderr --partial "iv: resume needs a command: add, list, show or default"
	run -2 --separate-stderr iv resume add
	assert_stderr --partial "iv: resume add needs one FILE"
	run -2 --separate-stderr iv resume add a.md --bogus
	assert_stderr --partial "iv: unknown option '--bogus'"
	run -2 --separate-stderr iv jd frob
	assert_stderr --partial "iv: unknown jd command 'frob'"
	run -2 --separate-stderr iv match --resume x
	assert_stderr --partial "iv: option '--resume' needs an id, not 'x'"
	run -0 iv help resume
	assert_line --index 0 --partial 'Usage: iv resume add FILE'
	run -0 iv completions resume
	assert_output $'--help\nadd\nlist\nshow\ndefault'
	run -0 iv completions match
	assert_output $'--help\n--resume\n--jd\n--json'
	run -0 iv commands
	assert_line resume
	assert_line jd
	assert_line match
}
