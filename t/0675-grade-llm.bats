#!/usr/bin/env bats
# iv-grade on the LLM engine (lib/grade_llm.c): the model's grade combined
# with the builtin key-point coverage, both kept; unusable replies fall back
# to the builtin grade.

load test_helper
load llm_helper
load agent_helper

ANSWER="Hybrid search runs BM25 and dense retrieval and merges them with reciprocal rank fusion."

# A session whose first question is asked (with the model's words) and
# answered: sets qt and at.
answered() {
	agent_store "$@"
	agent_session
	ask 1
	answer 1 "$ANSWER"
}

# The builtin grade of the stored answer $at, graded ad hoc from the same
# question, answer and key points.
builtin_grade() {
	sql "SELECT json_object('question', q.content, 'answer', a.content, 'lang', 'en',
	     'key_points', json_extract(q.metadata, '$.key_points')) FROM conversations a
	     JOIN conversations q ON q.id = a.reply_to WHERE a.id = $at" | IV_ENGINE=builtin iv-grade
}

@test "the grade combines the model's judgement with the builtin coverage and keeps both" {
	fake_llm_start '{"content":"Tell me about hybrid search."}' "$GOOD_GRADE"
	answered
	run -0 --separate-stderr iv-grade --turn "$at" --store
	assert_stderr ""
	g=$output
	b=$(builtin_grade)
	run -0 jq -c --argjson b "$b" '[.engine, .model, .fallback, .llm.score, .feedback,
		.builtin.score == $b.score, .builtin.dimensions == $b.dimensions, .covered_points == $b.covered_points,
		.missed_points == $b.missed_points, .coverage == $b.coverage, .weights,
		.score == (((9 + $b.score) / 2 * 10 | round) / 10),
		.dimensions.communication_clarity == (((8 + $b.dimensions.communication_clarity) / 2 * 10 | round) / 10),
		.usage.total_tokens > 0]' <<< "$g"
	assert_output '["llm","fake-model",false,9,"The model liked the retrieval part.",true,true,true,true,true,{"llm":0.5,"builtin":0.5},true,true,true]'
	# Stored: the combined score, both grades, the usage.
	run -0 sql "SELECT score = json_extract(metadata, '$.grade.score'), json_extract(metadata, '$.grade.llm.score'),
		    json_extract(metadata, '$.grade.builtin.score') IS NOT NULL, json_extract(metadata, '$.feedback'),
		    json_extract(metadata, '$.usage.total_tokens') > 0 FROM conversations WHERE id = $at"
	assert_output "1|9|1|The model liked the retrieval part.|1"
	# The request: JSON asked for with the grade's schema, the answer as data.
	req=$(fake_llm_requests | tail -n 1)
	run -0 jq -c '[.body.response_format.type, .body.response_format.json_schema.schema.required]' <<< "$req"
	assert_output '["json_schema",["score","dimensions","feedback"]]'
	run -0 jq -r '.body.messages[1].content' <<< "$req"
	assert_output --partial $'<data name="answer">\n'"$ANSWER"$'\n</data>'
}

@test "llm.grade_weight sets the model's share" {
	fake_llm_start '{"content":"Tell me about hybrid search."}' "$GOOD_GRADE"
	answered "llm.grade_weight: 1"
	run -0 --separate-stderr iv-grade --turn "$at"
	run -0 jq -c '[.score, .dimensions, .weights]' <<< "$output"
	assert_output '[9,{"technical_accuracy":9,"communication_clarity":8,"depth_breadth":7},{"llm":1,"builtin":0}]'
}

@test "garbage twice: the builtin grade, one line on stderr, the fallback in the record" {
	fake_llm_start '{"content":"Tell me about hybrid search."}' '{"content":"I think it is great!"}' '{"content":"Really great."}'
	answered
	run -0 --separate-stderr iv-grade --turn "$at" --store
	assert_stderr "iv-grade: grade: the model's reply is unusable after a retry: the reply is not JSON: 'Really great.'; using the builtin engine"
	g=$output
	b=$(builtin_grade)
	run -0 jq -c --argjson b "$b" '[.engine, .fallback, .llm, .score == $b.score, .feedback == $b.feedback,
		.covered_points == $b.covered_points, .usage.retried]' <<< "$g"
	assert_output '["builtin",true,null,true,true,true,true]'
	run -0 sql "SELECT json_extract(metadata, '$.grade.fallback'), json_extract(metadata, '$.grade.fallback_reason')
		    LIKE 'the model''s reply is unusable%', json_extract(metadata, '$.usage.attempts') FROM conversations WHERE id = $at"
	assert_output "1|1|2"
}

@test "500s until the retries are spent: the builtin grade" {
	fake_llm_start '{"content":"Tell me about hybrid search."}' '{"default":{"status":503,"error":"try later"}}'
	answered
	run -0 --separate-stderr iv-grade --session 1 --store
	assert_stderr "iv-grade: grade: POST $FAKE_LLM_URL/chat/completions: HTTP 503: try later (3 attempts); using the builtin engine"
	run -0 jq -c '[.engine, .fallback, .score >= 0]' <<< "$output"
	assert_output '["builtin",true,true]'
}

@test "a skipped answer is not sent to the model" {
	fake_llm_start '{"content":"Tell me about hybrid search."}' "$GOOD_GRADE"
	agent_store
	agent_session
	ask 1
	at=$(jq -nc --argjson r "$qt" '{role: "candidate", content: "", reply_to: $r, metadata: {skipped: true}}' |
		iv-store turns add --session 1 | jq -r .id)
	run -0 --separate-stderr iv-grade --turn "$at" --store
	assert_stderr ""
	run -0 jq -c '[.score, .engine]' <<< "$output"
	assert_output '[0,"builtin"]'
	[ "$(fake_llm_count)" = 1 ]
}

@test "ad-hoc requests with IV_ENGINE=llm: the model grades too; --model picks it" {
	fake_llm_start "$GOOD_GRADE"
	fake_llm_config
	export IV_ENGINE=llm
	run -0 --separate-stderr iv-grade --model my-model <<< "{\"question_id\":\"rag-001\",\"answer\":\"$ANSWER\"}"
	assert_stderr ""
	run -0 jq -c '[.engine, .model, .llm.score, (.builtin.score | type)]' <<< "$output"
	assert_output '["llm","my-model",9,"number"]'
	run -0 jq -r .body.model <<< "$(fake_llm_requests)"
	assert_output my-model
	run -2 --separate-stderr iv-grade --turn 1 --model x
	assert_stderr $'iv-grade: --model grades requests from FILEs: a stored answer is graded by its session\'s model\nTry \'iv-grade --help\' for more information.'
}

@test "a stored answer is graded by its session's engine and model, whatever the config says now" {
	fake_llm_start '{"content":"Tell me about hybrid search."}' "$GOOD_GRADE" "$GOOD_GRADE"
	agent_store
	IV_MODEL=model-a agent_session
	ask 1
	answer 1 "$ANSWER"
	IV_MODEL=model-b IV_ENGINE=builtin run -0 --separate-stderr iv-grade --turn "$at"
	run -0 jq -c '[.engine, .model]' <<< "$output"
	assert_output '["llm","model-a"]'
	run -0 jq -r .body.model <<< "$(fake_llm_requests | tail -n 1)"
	assert_output model-a
	# and a builtin session stays builtin
	IV_ENGINE=builtin agent_session
	ask 2
	answer 2 "$ANSWER"
	run -0 --separate-stderr iv-grade --turn "$at"
	run -0 jq -r .engine <<< "$output"
	assert_output builtin
}
