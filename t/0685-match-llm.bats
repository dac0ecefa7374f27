#!/usr/bin/env bats
# iv-match on the LLM engine (lib/match_llm.c): the model writes the
# suggestions; the score and the skills stay computed.

load test_helper
load llm_helper
load agent_helper

ADVICE='{"json":{"suggestions":["Lead with the RAG platform you built at Corvid.","Learn FastAPI first: a weekend project is enough."],"summary":"A strong fit held back by the web framework."}}'

# The builtin match of the fixture resume and the senior JD.
builtin_match() {
	iv-parse-resume "$FIXTURES/resume-en.txt" | IV_ENGINE=builtin iv-match --jd "$FIXTURES/jd-senior.txt"
}

@test "the model's suggestions and summary; score, breakdown and skills stay computed" {
	fake_llm_start "$ADVICE"
	fake_llm_config
	b=$(builtin_match)
	run -0 --separate-stderr bash -c "iv-parse-resume '$FIXTURES/resume-en.txt' | iv-match --jd '$FIXTURES/jd-senior.txt'"
	assert_stderr ""
	run -0 jq -c --argjson b "$b" '[.engine, .model, .fallback, .suggestions[0], .summary,
		.builtin_suggestions == $b.suggestions, .score == $b.score, .breakdown == $b.breakdown,
		.matched_skills == $b.matched_skills, .missing_skills == $b.missing_skills, .usage.total_tokens > 0]' <<< "$output"
	assert_output '["llm","fake-model",false,"Lead with the RAG platform you built at Corvid.","A strong fit held back by the web framework.",true,true,true,true,true,true]'
	req=$(fake_llm_requests)
	run -0 jq -r '.body.messages[1].content' <<< "$req"
	assert_output --partial 'Match score: 79/100.'
	assert_output --regexp $'<data name="resume">\nMachine Learning Engineer\\. ML engineer who ships'
	assert_output --partial '- Staff Machine Learning Engineer at Corvid Analytics'
	assert_output --partial '<data name="jd">'
	assert_output --partial "<data name=\"builtin\">"
	run -0 jq -r '.body.response_format.json_schema.name' <<< "$req"
	assert_output match
}

@test "the model is told which skills only a related tool stands in for" {
	fake_llm_start "$ADVICE"
	fake_llm_config
	printf '# Li Wei\nli.wei@example.com\n\n## Experience\n### Frontend Engineer — Acme Corp\n2020 - Present\n- Built the checkout app in Vue with Vite.\n' >"$BATS_TEST_TMPDIR/cv.md"
	printf 'Frontend Engineer\n\nRequirements\n- Vue\n- Webpack\n' >"$BATS_TEST_TMPDIR/jd.txt"
	run -0 --separate-stderr bash -c "iv-parse-resume \"$BATS_TEST_TMPDIR/cv.md\" | iv-match --jd \"$BATS_TEST_TMPDIR/jd.txt\""
	req=$(fake_llm_requests)
	run -0 jq -r '.body.messages[1].content' <<< "$req"
	assert_output --partial 'Webpack (related: Vite)'
}

@test "--text shows the model's suggestions" {
	fake_llm_start "$ADVICE"
	fake_llm_config
	run -0 --separate-stderr bash -c "iv-parse-resume '$FIXTURES/resume-en.txt' | iv-match --text --jd '$FIXTURES/jd-senior.txt'"
	assert_output --partial "Lead with the RAG platform you built at Corvid."
}

@test "a server that fails: the computed suggestions, one line on stderr, the fallback in the match" {
	fake_llm_start '{"default":{"status":500,"error":"down"}}'
	fake_llm_config "retries: 1"
	b=$(builtin_match)
	run -0 --separate-stderr bash -c "iv-parse-resume '$FIXTURES/resume-en.txt' | iv-match --jd '$FIXTURES/jd-senior.txt'"
	assert_stderr "iv-match: suggestions: POST $FAKE_LLM_URL/chat/completions: HTTP 500: down (2 attempts); using the builtin engine"
	run -0 jq -c --argjson b "$b" '[.engine, .fallback, .suggestions == $b.suggestions, .score, has("builtin_suggestions"),
		(del(.engine, .fallback, .fallback_reason, .model, .usage) == $b)]' <<< "$output"
	assert_output '["builtin",true,true,79,false,true]'
}

@test "--store keeps the model's suggestions with the JD; --model picks the model" {
	fake_llm_start "$ADVICE"
	fake_llm_config
	iv-store init >/dev/null
	iv-parse-resume --store "$FIXTURES/resume-en.txt" >/dev/null
	run -0 --separate-stderr iv-match --store --resume default --jd "$FIXTURES/jd-senior.txt" --model advisor-1
	run -0 sql "SELECT json_extract(match_analysis, '$.suggestions[1]'), json_extract(match_analysis, '$.model'),
		    json_extract(match_analysis, '$.usage.total_tokens') > 0 FROM job_descriptions"
	assert_output "Learn FastAPI first: a weekend project is enough.|advisor-1|1"
	run -0 jq -r .body.model <<< "$(fake_llm_requests)"
	assert_output advisor-1
}

@test "with the builtin engine iv-match never asks the model" {
	fake_llm_start "$ADVICE"
	fake_llm_config
	run -0 --separate-stderr bash -c "iv-parse-resume '$FIXTURES/resume-en.txt' | IV_ENGINE=builtin iv-match --jd '$FIXTURES/jd-senior.txt'"
	run -0 jq -c '[has("engine"), has("usage")]' <<< "$output"
	assert_output '[false,false]'
	[ "$(fake_llm_count)" = 0 ]
}
