#!/usr/bin/env bats
# Embeddings against the fake server (iv_llm_embed through iv-llm embed).

load test_helper
load llm_helper

texts() {
	printf '{"text":"%s","id":%d}\n' "vector search" 1 "向量检索" 2 "RAG" 3 "vector search" 4 "BM25" 5
}

@test "embeddings in batches, each line kept with its embedding" {
	fake_llm_start
	fake_llm_config
	run -0 --separate-stderr iv-llm embed --batch 2 < <(texts)
	[ "${#lines[@]}" = 5 ]
	run -0 jq -c '[.id, .text, (.embedding | length)]' <<< "$output"
	assert_line --index 1 '[2,"向量检索",8]'
	run -0 jq -c '[.path, .body.model, .body.input]' "$FAKE_LLM_LOG"
	assert_output $'["/v1/embeddings","fake-embed",["vector search","向量检索"]]\n["/v1/embeddings","fake-embed",["RAG","vector search"]]\n["/v1/embeddings","fake-embed",["BM25"]]'
	# The vectors come back in the order of the texts.
	run -0 bash -c "iv-llm embed --batch 2 < <(printf '%s\n' '{\"text\":\"vector search\"}') | jq -c .embedding"
	first=$output
	run -0 bash -c "iv-llm embed --batch 2 < <(printf '%s\n' '{\"text\":\"RAG\"}' '{\"text\":\"vector search\"}') | jq -c .embedding"
	assert_line --index 1 "$first"
}

@test "the batch size comes from llm.embed_batch" {
	fake_llm_start
	fake_llm_config 'llm.embed_batch: 3'
	run -0 iv-llm embed < <(texts)
	run -0 jq -c '.body.input | length' "$FAKE_LLM_LOG"
	assert_output $'3\n2'
}

@test "a failed batch is reported; the others still come out" {
	fake_llm_start '{}' '{"status":500,"error":"embedder down"}' '{}'
	fake_llm_config 'retries: 0'
	run -1 --separate-stderr iv-llm embed --batch 2 < <(texts)
	assert_stderr "iv-llm: POST $FAKE_LLM_URL/embeddings: HTTP 500: embedder down (1 attempt)"
	run -0 jq -c .id <<< "$output"
	assert_output $'1\n2\n5'
}

@test "a reply with the wrong number of vectors is an error" {
	fake_llm_start '{"body":"{\"data\":[{\"index\":0,\"embedding\":[1]}]}"}'
	fake_llm_config
	run -1 --separate-stderr iv-llm embed < <(texts)
	assert_stderr "iv-llm: POST $FAKE_LLM_URL/embeddings: the reply does not hold 5 embeddings"
}

@test "lines without text, and profiles without an embedding model, are refused" {
	fake_llm_start
	fake_llm_config
	run -1 --separate-stderr iv-llm embed <<< '{"text":5}'
	assert_stderr 'iv-llm: stdin:1: expected a string "text"'
	fake_llm_config 'embedding_model: ""'
	run -1 --separate-stderr iv-llm embed <<< '{"text":"x"}'
	assert_stderr "iv-llm: no embedding_model in LLM profile 'fake'"
	[ "$(fake_llm_count)" = 0 ]
}
