#!/usr/bin/env bats
# iv-recall: hybrid ranking, both languages, filters, access counts, the
# vector index file.

load test_helper
load memory_helper

# Files the tests write go to the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

bilingual() {
	iv-store init > /dev/null
	remember \
		'{"text":"向量数据库用HNSW图索引做近似最近邻检索","source_type":"conversation","importance":8,"created_at":"2026-11-01"}' \
		'{"text":"Redis缓存击穿：用互斥锁或逻辑过期保护热点键","source_type":"conversation","importance":6,"created_at":"2026-10-01"}' \
		'{"text":"A vector database builds an HNSW graph index for approximate nearest neighbour search","source_type":"summary","importance":9,"created_at":"2026-11-10"}' \
		'{"text":"A cache stampede in Redis is stopped with a mutex lock or early recomputation","source_type":"meeting","importance":4,"created_at":"2026-09-01"}' \
		'{"text":"Python asyncio runs coroutines on one event loop","source_type":"note","importance":5,"created_at":"2026-11-15"}' \
		'{"text":"大模型微调：LoRA只训练低秩矩阵","collection":"general_knowledge","source_type":"document","importance":5,"created_at":"2026-11-20"}'
}

top() {
	iv-recall --no-touch -k "${K:-1}" "$@" | jq -r .id
}

@test "Chinese and English queries find their Chinese and English memories" {
	bilingual
	run -0 top 向量数据库的索引
	assert_output 1
	run -0 top 缓存击穿怎么办
	assert_output 2
	run -0 top HNSW graph index
	assert_output 3
	run -0 top how to stop a cache stampede
	assert_output 4
	run -0 top asyncio coroutine
	assert_output 5
	run -0 top LoRA微调
	assert_output 6
	# A query in both languages finds memories in both.
	K=2 run -0 top Redis 缓存 cache stampede
	assert_output --regexp $'^(2\n4|4\n2)$'
}

@test "hits are JSON lines with the memory's fields, best first" {
	bilingual
	run -0 --separate-stderr iv-recall -k 2 HNSW 向量数据库
	[ "${#lines[@]}" = 2 ]
	run -0 jq -c 'del(.score)' <<< "${lines[0]}"
	assert_output --regexp '^\{"id":(1|3),"content":".*","collection":"user_memories","source_type":"(conversation|summary)","source_id":null,"importance":(8|9),"created_at":"2026-11-(01|10)T00:00:00Z"\}$'
	run -0 bash -c "iv-recall -k 2 HNSW 向量数据库 | jq -s -c 'map(.score) | (.[0] >= .[1]) and (.[1] > 0)'"
	assert_output true
}

@test "filters hold, and apply before ranking" {
	bilingual
	K=10 run -0 top --collection general_knowledge LoRA 向量 Redis asyncio HNSW
	assert_output 6
	K=10 run -0 top --source-type conversation Redis HNSW asyncio LoRA
	assert_output --regexp $'^(1\n2|2\n1)$'
	K=10 run -0 top --min-importance 8 Redis HNSW asyncio LoRA cache 向量
	assert_output --regexp $'^(1\n3|3\n1)$'
	K=10 run -0 top --since 2026-11-12 Redis HNSW asyncio LoRA 向量 cache
	assert_output --regexp $'^(5\n6|6\n5)$'
	K=10 run -0 top --since 2026-11-05T00:00 --source-type summary HNSW Redis
	assert_output 3
	# With one hit asked for, it is the best of those that pass.
	run -0 top --source-type meeting Redis cache stampede 缓存击穿
	assert_output 4
	run -0 top --min-importance 9.5 HNSW
	assert_output ''
	# Another user's memories are never found.
	run -0 iv-recall --user bob HNSW
	assert_output ''
}

@test "--explain shows the words rank, the vector rank and similarity, recency and the fused score" {
	bilingual
	IV_NOW=2026-11-21 run -0 bash -c "iv-recall --explain -k 1 HNSW graph index | jq -c '.explain | [.bm25_rank, (.bm25 > 0), .vector_rank, (.similarity > 0.3), (.recency < 1 and .recency > 0.5), .fused]'"
	assert_output --regexp '^\[1,true,1,true,true,0\.03[0-9]+\]$'
	# A single Chinese character is found by its vector alone.
	run -0 bash -c "iv-recall --explain -k 1 锁 | jq -c '[.id, .explain.bm25_rank, .explain.vector_rank]'"
	assert_output '[2,null,1]'
}

@test "newer memories get a boost" {
	iv-store init > /dev/null
	remember '{"text":"Kafka consumer groups rebalance partitions","created_at":"2020-01-01"}' \
		'{"text":"Kafka consumer groups rebalance partitions","collection":"general_knowledge","created_at":"2026-11-20"}'
	IV_NOW=2026-11-21 run -0 bash -c "iv-recall --explain Kafka consumer groups | jq -c '[.id, .explain.recency]'"
	assert_output $'[2,0.97716]\n[1,0]'
}

@test "hits count as accesses, unless --no-touch" {
	bilingual
	IV_NOW=2026-11-21T10:00:00Z iv-recall -k 1 asyncio > /dev/null
	run -0 db "SELECT id, access_count, last_accessed_at FROM knowledge WHERE access_count > 0"
	assert_output '5|1|2026-11-21T10:00:00Z'
	iv-recall -k 1 --no-touch asyncio > /dev/null
	IV_NOW=2026-11-22 iv-recall -k 1 asyncio > /dev/null
	run -0 db "SELECT id, access_count, last_accessed_at FROM knowledge WHERE access_count > 0"
	assert_output '5|2|2026-11-22T00:00:00Z'
}

@test "the vector index beside the store follows every change to the vectors and filters" {
	bilingual
	run -0 top 锁
	assert_output 2
	[ -f "$IV_HOME/iv.db-vectors" ]
	[ "$(stat -c %a "$IV_HOME/iv.db-vectors")" = 600 ]
	# Changed behind iv's back: the index notices.
	db "UPDATE knowledge SET importance = 10 WHERE id = 2"
	run -0 top --min-importance 10 锁
	assert_output 2
	db "DELETE FROM knowledge WHERE id = 2"
	run -0 bash -c "iv-recall --no-touch --explain 锁 | jq -c '[.id, .explain.vector_rank]'"
	refute_output --partial '[2,'
	# A damaged index file is rebuilt; a deleted one too.
	printf 'garbage' > "$IV_HOME/iv.db-vectors"
	run -0 top 向量数据库
	assert_output 1
	rm "$IV_HOME/iv.db-vectors"
	run -0 top 向量数据库
	assert_output 1
	[ -f "$IV_HOME/iv.db-vectors" ]
}

@test "a read-only store is searched and left as it was" {
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	bilingual
	rm -f "$IV_HOME/iv.db-vectors" "$IV_HOME/iv.db-words"
	chmod 755 "$IV_HOME"
	chmod 444 "$IV_HOME/iv.db"
	sum=$(sha256sum < "$IV_HOME/iv.db")
	run -0 --separate-stderr as_unprivileged iv-recall -k 1 向量数据库
	[ -z "$stderr" ]
	run -0 jq -r .id <<< "$output"
	assert_output 1
	[ "$(sha256sum < "$IV_HOME/iv.db")" = "$sum" ]
	[ ! -e "$IV_HOME/iv.db-vectors" ]
	[ ! -e "$IV_HOME/iv.db-words" ]
	rm -rf "$IV_HOME"
}

@test "no hits, no store, bad usage" {
	iv-store init > /dev/null
	run -0 --separate-stderr iv-recall anything
	assert_output ''
	[ -z "$stderr" ]
	run -1 --separate-stderr iv-recall --db "$BATS_TEST_TMPDIR/none.db" x
	assert_stderr "iv-recall: no store at '$BATS_TEST_TMPDIR/none.db' (run 'iv init' to create one)"
	run -2 --separate-stderr iv-recall
	assert_stderr $'iv-recall: no query given\nTry \'iv-recall --help\' for more information.'
	run -2 --separate-stderr iv-recall '  '
	assert_stderr --partial 'iv-recall: no query given'
	run -2 --separate-stderr iv-recall --since yesterday x
	assert_stderr --partial "iv-recall: option '--since' takes a date (YYYY-MM-DD[THH:MM[:SS]]), not 'yesterday'"
	run -2 --separate-stderr iv-recall -k 0 x
	assert_stderr --partial "iv-recall: option '-k' takes a whole number from 1 to 1000, not '0'"
	run -2 --separate-stderr iv-recall --min-importance 11 x
	assert_stderr --partial "option '--min-importance' takes a number from 0 to 10, not '11'"
	run -2 --separate-stderr iv-recall --collection x y
	assert_stderr --partial "option '--collection' takes user_memories or general_knowledge, not 'x'"
	run -2 --separate-stderr iv-recall --docs x
	assert_stderr --partial "unexpected argument 'x'"
	run -2 --separate-stderr iv-recall --table --explain x
	assert_stderr --partial "--explain goes with JSON lines, not --table"
}

@test "iv recall: a table on a terminal's terms, JSON lines when piped or with --json" {
	bilingual
	run -0 --separate-stderr iv recall -k 1 asyncio
	run -0 jq -r .id <<< "$output"
	assert_output 5
	run -0 --separate-stderr iv recall --json -k 1 asyncio
	run -0 jq -r .id <<< "$output"
	assert_output 5
	COLUMNS=200 run -0 iv-recall --table -k 1 asyncio
	assert_line --index 0 --regexp '^ID +SCORE +SOURCE +IMP +CREATED +CONTENT$'
	assert_line --index 1 --regexp '^ *5 +0\.[0-9]+ +note +5 +2026-11-15 00:00 +Python asyncio runs coroutines on one event loop$'
	run -2 --separate-stderr iv recall
	assert_stderr --partial 'iv: no query given'
}

# bm25 ID...: each hit's id and words score, as iv-recall --explain gives
# them, sorted; and the same from FTS5's bm25() for the FTS5 query MATCH.
recall_bm25() {
	iv-recall --no-touch --explain -k 50 "$@" |
		jq -r 'select(.explain.bm25_rank) | "\(.id) \(.explain.bm25)"' | sort -n
}
fts5_bm25() {
	db "SELECT rowid, round(-bm25(knowledge_fts), 6) FROM knowledge_fts WHERE knowledge_fts MATCH '$1'" |
		tr '|' ' ' | sed 's/\.0$//' | sort -n
}

@test "the words side ranks as FTS5's bm25() does, score for score, in both languages" {
	bilingual
	remember '{"text":"Redis graph index for the cache of an HNSW index","importance":5}' \
		'{"text":"graph graph graph","importance":5}' \
		'{"text":"索引 索引：向量数据库和缓存","importance":5}'
	run -0 recall_bm25 redis graph index
	[ "${#lines[@]}" -ge 4 ]
	expected=$(fts5_bm25 '"redis" OR "graph" OR "index"')
	assert_output "$expected"
	run -0 recall_bm25 索引 缓存 向量
	[ "${#lines[@]}" -ge 3 ]
	expected=$(fts5_bm25 '"索引" OR "缓存" OR "向量"')
	assert_output "$expected"
	# A term FTS5 reads as a phrase (node.js: node, js) is ranked by FTS5.
	remember '{"text":"node.js streams handle back-pressure","importance":5}'
	run -0 bash -c "iv-recall --no-touch --explain -k 1 node.js | jq -c '[.id, .explain.bm25_rank]'"
	assert_output '[10,1]'
}

@test "the words index beside the store follows every change to the text and filters" {
	bilingual
	run -0 top asyncio
	assert_output 5
	[ -f "$IV_HOME/iv.db-words" ]
	[ "$(stat -c %a "$IV_HOME/iv.db-words")" = 600 ]
	# Changed behind iv's back: the index notices.
	db "UPDATE knowledge SET tokens = 'kafka consum group' WHERE id = 5"
	run -0 bash -c "iv-recall --no-touch --explain -k 1 kafka | jq -c '[.id, .explain.bm25_rank]'"
	assert_output '[5,1]'
	db "UPDATE knowledge SET source_type = 'meeting' WHERE id = 5"
	run -0 top --source-type meeting kafka
	assert_output 5
	db "DELETE FROM knowledge WHERE id = 5"
	run -0 top kafka
	refute_output 5
	# A damaged index file is rebuilt; a deleted one too.
	printf 'garbage' > "$IV_HOME/iv.db-words"
	run -0 top Redis 缓存击穿
	assert_output 2
	rm "$IV_HOME/iv.db-words"
	run -0 top HNSW graph
	assert_output 3
	[ -f "$IV_HOME/iv.db-words" ]
}

@test "the vector scan gives the same hits on the machine's vector units as on portable code" {
	bilingual
	for i in $(seq 1 40); do
		printf '{"text":"memory %d about caches, vector indexes and 缓存 %d","importance":%d}\n' "$i" "$((i * 7))" "$((i % 11))"
	done | iv-embed --store > /dev/null
	for q in 'vector index cache' '缓存 向量' 'memory 17'; do
		a=$(iv-recall --no-touch --explain -k 20 "$q" | jq -c '[.id, .explain.vector_rank, .explain.similarity]')
		b=$(IV_NO_SIMD=1 iv-recall --no-touch --explain -k 20 "$q" | jq -c '[.id, .explain.vector_rank, .explain.similarity]')
		c=$(IV_NO_SIMD=avx512 iv-recall --no-touch --explain -k 20 "$q" | jq -c '[.id, .explain.vector_rank, .explain.similarity]')
		[ -n "$a" ]
		[ "$a" = "$b" ]
		[ "$a" = "$c" ]
	done
}

@test "an index file of another version is rebuilt, not misread" {
	bilingual
	before=$(iv-recall --no-touch --explain -k 6 缓存 vector)
	[ "$(head -c 7 "$IV_HOME/iv.db-vectors")" = ivvec03 ]
	[ "$(head -c 7 "$IV_HOME/iv.db-words")" = ivwrd02 ]
	# Files as the previous versions wrote them, but for their magic.
	printf 'ivvec02' | dd of="$IV_HOME/iv.db-vectors" conv=notrunc status=none
	printf 'ivwrd01' | dd of="$IV_HOME/iv.db-words" conv=notrunc status=none
	run -0 --separate-stderr iv-recall --no-touch --explain -k 6 缓存 vector
	[ -z "$stderr" ]
	[ -n "$output" ]
	[ "$output" = "$before" ]
	[ "$(head -c 7 "$IV_HOME/iv.db-vectors")" = ivvec03 ]
	[ "$(head -c 7 "$IV_HOME/iv.db-words")" = ivwrd02 ]
}
