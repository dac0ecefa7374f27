#!/usr/bin/env bats
# iv-embed: vectors for JSON lines, storing them, bad input, models.

load test_helper
load memory_helper

# Files the tests write go to the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

@test "each line comes back with its embedding and every other field" {
	run -0 --separate-stderr bash -c "printf '%s\n' '{\"text\":\"向量数据库的索引\",\"id\":7,\"tags\":[\"a\"]}' \
		'{\"text\":\"How does a vector database index embeddings?\",\"x\":{\"y\":1}}' | iv-embed"
	[ -z "$stderr" ]
	run -0 jq -c '[.id, .tags, .x, .text, (.embedding | length), .embedding_model]' <<< "$output"
	assert_output $'[7,["a"],null,"向量数据库的索引",384,"builtin-hash-384"]\n[null,null,{"y":1},"How does a vector database index embeddings?",384,"builtin-hash-384"]'
	# No store is needed, none is made.
	[ ! -e "$IV_HOME/iv.db" ]
}

@test "builtin vectors are deterministic, unit length, and alike for alike texts" {
	text() { printf '{"text":"%s"}\n' "$@"; }
	run -0 bash -c "$(declare -f text); text 'Redis cache stampede' 'Redis cache stampede' \
		'stampede in a Redis cache' 'Python asyncio event loop' | iv-embed | jq -c .embedding"
	[ "${lines[0]}" = "${lines[1]}" ]
	run -0 jq -cn --argjson a "${lines[0]}" --argjson b "${lines[2]}" --argjson c "${lines[3]}" \
		'def dot(x; y): [range(x | length) as $i | x[$i] * y[$i]] | add;
		 [(dot($a; $a) * 1000 | round), (dot($a; $b) > 0.5), (dot($a; $c) < 0.2)]'
	assert_output '[1000,true,true]'
}

@test "embed.dim sets the dimension, and the model's name says it" {
	mkdir -p "$IV_HOME"
	printf 'embed:\n  dim: 128\n' > "$IV_HOME/config.yaml"
	run -0 bash -c "echo '{\"text\":\"x\"}' | iv-embed | jq -c '[(.embedding | length), .embedding_model]'"
	assert_output '[128,"builtin-hash-128"]'
	run -0 iv-embed --info
	assert_output '{"engine":"builtin","model":"builtin-hash-128","dim":128,"batch":64}'
}

@test "bad lines are reported with their line numbers, and nothing from the first on is written" {
	iv-store init > /dev/null
	printf '{"text":"fine"}\n{"text":\n{"x":1}\n\n{"text":""}\n{"text":"  "}\n{"text":5}\n[1]\n{"text":"nul\\u0000"}\n' > in.jsonl
	run -1 --separate-stderr iv-embed --store in.jsonl
	assert_stderr - <<'EOF2'
iv-embed: in.jsonl:2: invalid JSON: Unfinished JSON term at EOF at column 8
iv-embed: in.jsonl:3: missing field 'text'
iv-embed: in.jsonl:5: field 'text' is empty
iv-embed: in.jsonl:6: field 'text' is empty
iv-embed: in.jsonl:7: field 'text': expected a string, got number
iv-embed: in.jsonl:8: expected a JSON object, got array
iv-embed: in.jsonl:9: field 'text' holds a NUL character
EOF2
	assert_output ''
	[ "$(db_count knowledge)" = 0 ]
	# The same checks without --store.
	run -1 --separate-stderr iv-embed < in.jsonl
	assert_stderr --partial 'iv-embed: stdin:2: invalid JSON'
	assert_output ''
}

@test "binary input and unreadable files are refused" {
	printf '\x00\x01\x02binary\n' > bin
	run -1 --separate-stderr iv-embed bin
	assert_stderr 'iv-embed: bin:1: binary data (a NUL byte at byte 1)'
	printf '{"text":"caf\xe9"}\n' > latin1
	run -1 --separate-stderr iv-embed latin1
	assert_stderr 'iv-embed: latin1:1: invalid UTF-8 at byte 13'
	run -1 --separate-stderr iv-embed missing.jsonl
	assert_stderr "iv-embed: can't open 'missing.jsonl': No such file or directory"
}

@test "--store adds rows with tokens, hash, vector and the other fields as metadata" {
	iv-store init > /dev/null
	run -0 --separate-stderr bash -c "echo '{\"text\":\"我用Redis分布式锁防止缓存击穿\",\"importance\":8,\"source_type\":\"conversation\",\"source_id\":42,\"topic\":\"redis\",\"metadata\":{\"a\":1}}' | iv-embed --store"
	run -0 jq -c '[.id, .stored, .embedding_model, .topic]' <<< "$output"
	assert_output '[1,"inserted","builtin-hash-384","redis"]'
	run -0 db "SELECT collection, source_type, source_id, importance, metadata, tokens, embedding_model, embedding_dim, length(embedding) FROM knowledge"
	assert_output 'user_memories|conversation|42|8.0|{"a":1,"topic":"redis"}|我用 redis 分布 布式 式锁 锁防 防止 止缓 缓存 存击 击穿|builtin-hash-384|384|1536'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT content_hash FROM knowledge"
	assert_output "$(printf '%s' '我用Redis分布式锁防止缓存击穿' | sha256sum | cut -d' ' -f1)"
}

@test "--store skips text already embedded with the same model, and defaults apply" {
	iv-store init > /dev/null
	line='{"text":"RAG retrieval pipeline"}'
	run -0 bash -c "echo '$line' | iv-embed --store --collection general_knowledge --source-type doc --importance 3 | jq -c '[.id, .stored]'"
	assert_output '[1,"inserted"]'
	run -0 bash -c "echo '$line' | iv-embed --store --collection general_knowledge | jq -c '[.id, .stored]'"
	assert_output '[1,"skipped"]'
	# Another collection is another memory.
	run -0 bash -c "echo '$line' | iv-embed --store | jq -c '[.id, .stored]'"
	assert_output '[2,"inserted"]'
	run -0 db "SELECT id, collection, source_type, importance FROM knowledge ORDER BY id"
	assert_output $'1|general_knowledge|doc|3.0\n2|user_memories|note|5.0'
	run -2 --separate-stderr iv-embed --store --collection other
	assert_stderr --partial "option '--collection' takes user_memories or general_knowledge, not 'other'"
	run -2 --separate-stderr iv-embed --importance 3
	assert_stderr --partial "--collection, --source-type and --importance go with --store"
}

@test "--store takes what iv-store pending prints, and updates those rows" {
	iv-store init > /dev/null
	db "INSERT INTO knowledge (user_id, collection, source_type, source_id, content, content_hash)
		VALUES (1, 'user_memories', 'summary', '3', 'Round 3: strong on RAG', 'x'),
		       (1, 'general_knowledge', 'document', '1', '缓存雪崩：大量键同时过期', 'y')"
	run -0 bash -c "iv-store pending | iv-embed --store | jq -c '[.id, .stored, .embedding_model]'"
	assert_output $'[1,"updated","builtin-hash-384"]\n[2,"updated","builtin-hash-384"]'
	run -0 db "SELECT id, tokens, length(embedding), embedding_model, source_type, content_hash = 'x' FROM knowledge ORDER BY id"
	assert_output $'1|round 3 strong rag|1536|builtin-hash-384|summary|0\n2|缓存 存雪 雪崩 大量 量键 键同 同时 时过 过期|1536|builtin-hash-384|document|0'
	# Nothing is pending any more; doing it again changes nothing.
	run -0 iv-store pending
	assert_output ''
	run -0 bash -c "echo '{\"id\":1,\"text\":\"Round 3: strong on RAG\"}' | iv-embed --store | jq -r .stored"
	assert_output skipped
	# An id that is not the user's is an error, with its line.
	run -1 --separate-stderr bash -c "printf '%s\n' '{\"id\":1,\"text\":\"a\"}' '{\"id\":99,\"text\":\"b\"}' | iv-embed --store"
	assert_stderr 'iv-embed: stdin:2: memory 99: no such memory for this user'
	run -0 db "SELECT content FROM knowledge WHERE id = 1"
	assert_output 'Round 3: strong on RAG'
	run -1 --separate-stderr bash -c "echo '{\"id\":1,\"text\":\"mine\"}' | iv-embed --user bob --store"
	assert_stderr 'iv-embed: stdin:1: memory 1: no such memory for this user'
}

@test "a changed text in an update gets new tokens, hash and vector" {
	iv-store init > /dev/null
	remember '{"text":"old words"}'
	old=$(db "SELECT hex(embedding) FROM knowledge")
	run -0 bash -c "echo '{\"id\":1,\"text\":\"brand new words\",\"importance\":9}' | iv-embed --store | jq -r .stored"
	assert_output updated
	run -0 db "SELECT content, tokens, importance FROM knowledge"
	assert_output 'brand new words|brand new word|9.0'
	[ "$(db "SELECT hex(embedding) FROM knowledge")" != "$old" ]
	run -0 db "SELECT count(*) FROM knowledge_fts WHERE knowledge_fts MATCH 'brand'"
	assert_output 1
}

@test "--reindex embeds rows without vectors or with another model's" {
	iv-store init > /dev/null
	remember '{"text":"one"}' '{"text":"two"}' '{"text":"three"}'
	db "UPDATE knowledge SET embedding = NULL, embedding_model = NULL WHERE id = 1"
	printf 'embed:\n  dim: 64\n' > "$IV_HOME/config.yaml"
	run -0 --separate-stderr iv-embed --reindex
	assert_output '{"updated":3,"embedding_model":"builtin-hash-64"}'
	[ -z "$stderr" ]
	run -0 db "SELECT DISTINCT embedding_model || ' ' || embedding_dim || ' ' || length(embedding) FROM knowledge"
	assert_output 'builtin-hash-64 64 256'
	run -0 iv-embed --reindex
	assert_output '{"updated":0,"embedding_model":"builtin-hash-64"}'
}

@test "vectors given with a line are stored as they are" {
	iv-store init > /dev/null
	run -0 bash -c "echo '{\"text\":\"x\",\"embedding\":[3,4],\"embedding_model\":\"other\"}' | iv-embed --store | jq -c '[.stored, .embedding_model]'"
	assert_output '["inserted","other"]'
	run -0 db "SELECT embedding_model, embedding_dim, hex(embedding) FROM knowledge"
	# 0.6 and 0.8 as little-endian float32
	assert_output 'other|2|9A99193FCDCC4C3F'
	run -1 --separate-stderr bash -c "echo '{\"text\":\"x\",\"embedding\":[1]}' | iv-embed --store"
	assert_stderr "iv-embed: stdin:1: field 'embedding' needs 'embedding_model'"
}

@test "usage errors" {
	run -2 --separate-stderr iv-embed --reindex --docs
	assert_stderr - <<'EOF2'
iv-embed: choose one of --reindex, --info, --docs, --rm-docs, --session, --auto-sessions, --notes
Try 'iv-embed --help' for more information.
EOF2
	run -2 --separate-stderr iv-embed --store --reindex
	assert_stderr --partial 'iv-embed: --store goes with JSON lines only'
	run -2 --separate-stderr iv-embed --session
	assert_stderr --partial 'iv-embed: --session needs a session ID'
	run -2 --separate-stderr iv-embed --session x
	assert_stderr --partial "option '--session' takes a whole number"
	run -2 --separate-stderr iv-embed --force
	assert_stderr --partial '--force goes with --session'
	run -2 --separate-stderr iv-embed --info extra
	assert_stderr --partial "unexpected argument 'extra'"
	run -0 iv-embed --help
	assert_line --partial 'Usage: iv-embed [--store]'
}

@test "no progress bar when stderr is not a terminal" {
	iv-store init > /dev/null
	seq 1 300 | sed 's/.*/{"text":"memory number &"}/' > many.jsonl
	run -0 --separate-stderr iv-embed --store many.jsonl
	[ -z "$stderr" ]
	[ "${#lines[@]}" = 300 ]
	[ "$(db_count knowledge)" = 300 ]
}
