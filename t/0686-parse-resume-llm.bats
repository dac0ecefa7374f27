#!/usr/bin/env bats
# iv-parse-resume --llm (lib/resume_llm.c): the model refines the parse,
# held to the resume's text; an unusable reply keeps the parse.

load test_helper
load llm_helper
load agent_helper

# The model corrects a title and a highlight, adds a language the parse
# missed, and invents a job, a highlight and a skill the text doesn't hold.
REFINED='{"json":{"basics":{"name":"Maria Gonzalez","label":"Staff Machine Learning Engineer","email":"maria.gonzalez@example.org"},
"work":[{"name":"Corvid Analytics","position":"Staff Machine Learning Engineer","startDate":"2021-09","endDate":"present",
"highlights":["Led the RAG platform behind the support assistant: LlamaIndex, pgvector, reranking.","Won a Turing Award for it."]},
{"name":"Brightline Health","position":"Machine Learning Engineer","startDate":"2017-06","endDate":"2021-08"},
{"name":"Hooli","position":"Chief Scientist","startDate":"2015-01"}],
"skills":[{"name":"ML","keywords":["PyTorch","XGBoost","Rust"]}]}}'

@test "the model's corrections are taken; what the text does not hold is dropped" {
	fake_llm_start "$(jq -c . <<< "$REFINED")"
	fake_llm_config
	b=$(iv-parse-resume "$FIXTURES/resume-en.txt")
	run -0 --separate-stderr iv-parse-resume --llm "$FIXTURES/resume-en.txt"
	assert_stderr ""
	r=$output
	run -0 jq -c --argjson b "$b" '[.basics.label, .basics.phone == $b.basics.phone, [.work[].name],
		.work[0].highlights, .skills, .education == $b.education, .sha256 == $b.sha256, .lang,
		(.extracted_skills | index("Rust")), .llm.model, .llm.fallback, .llm.dropped]' <<< "$r"
	assert_output '["Staff Machine Learning Engineer",true,["Corvid Analytics","Brightline Health"],["Led the RAG platform behind the support assistant: LlamaIndex, pgvector, reranking."],[{"name":"ML","keywords":["PyTorch","XGBoost"]}],true,true,"en",null,"fake-model",false,["$.work[0].highlights[1]","$.work[2].name","$.work[2].position","$.skills[0].keywords[2]"]]'
	# The model's "present" is JSON Resume's missing endDate.
	run -0 jq -c '.work[0] | [.startDate, has("endDate")]' <<< "$r"
	assert_output '["2021-09",false]'
	# The parse and the text went as data.
	run -0 jq -r '.body.messages[1].content' <<< "$(fake_llm_requests)"
	assert_output --partial $'<data name="draft">\n{"basics":{"name":"Maria Gonzalez"'
	assert_output --partial $'<data name="text">\nMaria Gonzalez\nMachine Learning Engineer\n'
}

@test "an unusable reply keeps the parse, with one line on stderr" {
	fake_llm_start '{"content":"Sure! Here is the resume."}' '{"content":"Sorry."}'
	fake_llm_config
	b=$(iv-parse-resume "$FIXTURES/resume-zh.txt")
	run -0 --separate-stderr iv-parse-resume --llm "$FIXTURES/resume-zh.txt"
	assert_stderr "iv-parse-resume: refine: the model's reply is unusable after a retry: the reply is not JSON: 'Sorry.'; using the builtin engine"
	run -0 jq -c --argjson b "$b" '[del(.llm) == $b, .llm.fallback, .llm.usage.attempts]' <<< "$output"
	assert_output '[true,true,2]'
}

@test "--store keeps the refined parse with its record; a JSON Resume is taken as it is" {
	fake_llm_start "$(jq -c . <<< "$REFINED")"
	fake_llm_config
	iv-store init >/dev/null
	run -0 --separate-stderr iv-parse-resume --llm --store "$FIXTURES/resume-en.txt"
	run -0 sql "SELECT json_extract(parsed_data, '$.basics.label'), json_extract(parsed_data, '$.llm.fallback')
		    FROM resumes"
	assert_output "Staff Machine Learning Engineer|0"
	run -0 --separate-stderr iv-parse-resume --llm "$FIXTURES/resume-json.json"
	[ "$(fake_llm_count)" = 1 ]
	run -0 jq -r 'has("llm")' <<< "$output"
	assert_output false
}

@test "without --llm the model is never asked; --model needs --llm" {
	fake_llm_start "$(jq -c . <<< "$REFINED")"
	fake_llm_config
	run -0 --separate-stderr iv-parse-resume "$FIXTURES/resume-en.txt"
	[ "$(fake_llm_count)" = 0 ]
	run -2 --separate-stderr iv-parse-resume --model x "$FIXTURES/resume-en.txt"
	assert_stderr $'iv-parse-resume: --model and --no-cache go with --llm\nTry \'iv-parse-resume --help\' for more information.'
}
