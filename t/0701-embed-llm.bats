#!/usr/bin/env bats
# iv-embed and iv-recall with an embeddings endpoint (the fake server).

load test_helper
load llm_helper
load memory_helper

setup() {
	iv_test_env
	export IV_TEST_LLM_KEY="$FAKE_LLM_KEY"
	export IV_LLM_BACKOFF_MS=1
	cd "$BATS_TEST_TMPDIR"
}

llm_embed_config() {
	fake_llm_config 'retries: 0' 'llm.embed_batch: 2'
	printf 'embed:\n  engine: llm\n' >> "$IV_HOME/config.yaml"
}

@test "embed.engine llm: the profile's embedding_model, in batches, normalised" {
	fake_llm_start '{"default":{"embedding":[3,4]}}'
	llm_embed_config
	run -0 --separate-stderr bash -c "printf '%s\n' '{\"text\":\"a\"}' '{\"text\":\"b\"}' '{\"text\":\"c\"}' | iv-embed"
	run -0 jq -c '[.text, .embedding, .embedding_model]' <<< "$output"
	assert_output $'["a",[0.6,0.8],"fake-embed"]\n["b",[0.6,0.8],"fake-embed"]\n["c",[0.6,0.8],"fake-embed"]'
	run -0 jq -c '[.path, .body.model, .body.input]' "$FAKE_LLM_LOG"
	assert_output $'["/v1/embeddings","fake-embed",["a","b"]]\n["/v1/embeddings","fake-embed",["c"]]'
	run -0 iv-embed --info
	assert_output '{"engine":"llm","model":"fake-embed","dim":0,"batch":2}'
}

@test "stored with the endpoint's model; recall embeds the query there too" {
	fake_llm_start
	llm_embed_config
	iv-store init > /dev/null
	remember '{"text":"vector search with HNSW"}' '{"text":"Redis cache stampede"}'
	run -0 db "SELECT DISTINCT embedding_model || ' ' || embedding_dim FROM knowledge"
	assert_output 'fake-embed 8'
	run -0 --separate-stderr iv-recall --explain -k 1 "vector search with HNSW"
	run -0 jq -c '[.id, .explain.vector_rank, .explain.similarity]' <<< "$output"
	assert_output '[1,1,1]'
	[ "$(fake_llm_count)" = 2 ]
}

@test "a server that fails: iv-embed says so and stores nothing; recall falls back to words" {
	fake_llm_start '{"default":{"status":500,"error":"embedder down"}}'
	llm_embed_config
	iv-store init > /dev/null
	run -1 --separate-stderr bash -c "echo '{\"text\":\"x\"}' | iv-embed --store"
	assert_stderr "iv-embed: can't embed: POST $FAKE_LLM_URL/embeddings: HTTP 500: embedder down (1 attempt)"
	[ "$(db_count knowledge)" = 0 ]
	db "INSERT INTO knowledge (user_id, collection, source_type, content, tokens, content_hash)
		VALUES (1, 'user_memories', 'note', 'Redis cache stampede', 'redis cach stamped', 'h')"
	run -0 --separate-stderr iv-recall redis
	assert_stderr "iv-recall: can't embed the query: POST $FAKE_LLM_URL/embeddings: HTTP 500: embedder down (1 attempt); ranking by words only"
	run -0 jq -r .content <<< "$output"
	assert_output 'Redis cache stampede'
}

@test "memories made from notes are kept without vectors when the server is down, for iv sync" {
	fake_llm_start '{"status":500,"error":"down"}'
	llm_embed_config
	iv init > /dev/null
	printf 'Company: Acme\nQ: What is RAG?\nA: Retrieval plus generation over my own documents.\n' > notes.txt
	run -0 --separate-stderr iv-embed --notes notes.txt
	assert_stderr --partial "storing without vectors for 'iv sync' to embed"
	run -0 db "SELECT count(*), count(embedding) FROM knowledge"
	assert_output '1|0'
	run -0 --separate-stderr iv sync
	assert_output 'sync: 1 embedded'
	run -0 db "SELECT count(embedding), embedding_model FROM knowledge"
	assert_output '1|fake-embed'
}

@test "embed.engine llm without an embedding model is a clear error" {
	fake_llm_start
	fake_llm_config 'embedding_model: ""'
	printf 'embed:\n  engine: llm\n' >> "$IV_HOME/config.yaml"
	run -1 --separate-stderr bash -c "echo '{\"text\":\"x\"}' | iv-embed"
	assert_stderr 'iv-embed: embed.engine is llm, but the LLM profile has no embedding_model'
	[ "$(fake_llm_count)" = 0 ]
}
