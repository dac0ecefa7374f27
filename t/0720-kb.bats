#!/usr/bin/env bats
# iv kb add/list/rm: documents in chunks, tracked by path and SHA-256.

load test_helper
load memory_helper

# Files the tests write go to the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

# A Markdown file of three sections, each of three ~300-byte paragraphs.
markdown() {
	local s p
	echo '# Caching notes'
	for s in invalidation stampede eviction; do
		printf '\n## Cache %s\n' "$s"
		for p in 1 2 3; do
			printf '\nParagraph %s of %s: ' "$p" "$s"
			for _ in $(seq 40); do printf 'redis %s ' "$s"; done | cut -c1-280
		done
	done
}

chinese() {
	printf '向量数据库笔记\n\n'
	for _ in $(seq 30); do printf 'HNSW通过分层图加速近似最近邻检索，'; done
	printf '查询时自顶向下贪心搜索。\n'
}

@test "kb add chunks files along headings and paragraphs, tracked in documents" {
	iv init > /dev/null
	mkdir -p kb/sub
	markdown > kb/cache.md
	chinese > kb/sub/向量.txt
	run -0 --separate-stderr iv-embed --docs kb
	assert_output - <<EOF2
{"path":"$PWD/kb/cache.md","id":1,"status":"added","chunks":6}
{"path":"$PWD/kb/sub/向量.txt","id":2,"status":"added","chunks":2}
EOF2
	run -0 db "SELECT path, chunks, size, sha256 FROM documents ORDER BY id"
	assert_line --index 0 "$PWD/kb/cache.md|6|$(stat -c %s kb/cache.md)|$(sha256sum kb/cache.md | cut -d' ' -f1)"
	run -0 db "SELECT DISTINCT collection || ' ' || source_type || ' ' || embedding_model FROM knowledge"
	assert_output 'general_knowledge document builtin-hash-384'
	# Every chunk starts with its section's heading and stays near 800 bytes.
	run -0 db "SELECT count(*) FROM knowledge WHERE source_id = '1' AND content NOT LIKE '## Cache %'"
	assert_output 0
	run -0 db "SELECT max(length(CAST(content AS BLOB))) < 1200 FROM knowledge"
	assert_output 1
	run -0 db "SELECT json_extract(metadata, '$.heading') || ' ' || json_extract(metadata, '$.chunk') FROM knowledge WHERE source_id = '1' ORDER BY id LIMIT 3"
	assert_output $'## Cache invalidation 1\n## Cache invalidation 2\n## Cache stampede 3'
	# A chunk after the first of a section repeats a little of the one before.
	first=$(db "SELECT content FROM knowledge WHERE source_id = '1' ORDER BY id LIMIT 1")
	second=$(db "SELECT content FROM knowledge WHERE source_id = '1' ORDER BY id LIMIT 1 OFFSET 1")
	overlap=$(printf '%s\n' "$second" | sed -n 2p)
	[ -n "$overlap" ]
	[[ "$first" == *"$overlap"* ]]
	# Chinese chunks are whole characters.
	run -0 db "SELECT count(*) FROM knowledge WHERE source_id = '2' AND content LIKE '%HNSW%'"
	assert_output 2
	run -0 iv recall --json -k 1 --collection general_knowledge 近似最近邻检索
	run -0 jq -r .source_id <<< "$output"
	assert_output 2
}

@test "unchanged files are skipped, changed ones chunked again, removed ones dropped" {
	iv init > /dev/null
	mkdir kb
	markdown > kb/a.md
	printf 'first note about kafka\n' > kb/b.txt
	printf 'not a document\n' > kb/c.log
	iv-embed --docs kb > /dev/null
	ids=$(db "SELECT group_concat(id) FROM knowledge")
	run -0 iv-embed --docs kb
	assert_output - <<EOF2
{"path":"$PWD/kb/a.md","id":1,"status":"unchanged","chunks":6}
{"path":"$PWD/kb/b.txt","id":2,"status":"unchanged","chunks":1}
EOF2
	[ "$(db "SELECT group_concat(id) FROM knowledge")" = "$ids" ]
	printf 'second note about kafka consumers\n' > kb/b.txt
	rm kb/a.md
	run -0 iv-embed --docs kb
	assert_output - <<EOF2
{"path":"$PWD/kb/b.txt","id":2,"status":"updated","chunks":1}
{"id":1,"path":"$PWD/kb/a.md","chunks":6,"status":"removed"}
EOF2
	run -0 db "SELECT source_id, content FROM knowledge"
	assert_output '2|second note about kafka consumers'
	run -0 db "SELECT id, path FROM documents"
	assert_output "2|$PWD/kb/b.txt"
}

@test "PDF through pdftotext; binary and non-UTF-8 files fail without stopping the rest" {
	iv init > /dev/null
	mkdir kb
	printf 'Retrieval augmented generation\n检索增强生成\n' > left.txt
	"$IV_BUILD/t/tools/resume-mkpdf" kb/rag.pdf left.txt
	printf 'bin\0ary' > kb/bin.txt
	printf 'caf\xe9\n' > kb/latin1.md
	printf '%%PDF-1.4 broken' > kb/broken.pdf
	printf 'fine\n' > kb/z.md
	run -1 --separate-stderr iv-embed --docs kb
	assert_output - <<EOF2
{"path":"$PWD/kb/bin.txt","status":"failed","error":"binary data, not text"}
{"path":"$PWD/kb/broken.pdf","status":"failed","error":"not a readable PDF (pdftotext: Syntax Error: Couldn't find trailer dictionary)"}
{"path":"$PWD/kb/latin1.md","status":"failed","error":"not UTF-8 text (invalid byte at 4)"}
{"path":"$PWD/kb/rag.pdf","id":1,"status":"added","chunks":1}
{"path":"$PWD/kb/z.md","id":2,"status":"added","chunks":1}
EOF2
	run -0 db "SELECT content FROM knowledge WHERE source_id = '1'"
	assert_output --partial '检索增强生成'
	run -1 --separate-stderr iv-embed --docs nowhere.md
	assert_output '{"path":"nowhere.md","status":"failed","error":"No such file or directory"}'
}

@test "kb rm by path, folder or id, all or nothing; kb list" {
	iv init > /dev/null
	mkdir -p kb/x
	printf 'one\n' > kb/one.md
	printf 'two\n' > kb/x/two.md
	printf 'three\n' > kb/x/three.md
	iv-embed --docs kb > /dev/null
	run -0 iv kb list --json
	run -0 jq -r '"\(.id) \(.path) \(.chunks)"' <<< "$output"
	assert_output $'1 '"$PWD"$'/kb/one.md 1\n2 '"$PWD"$'/kb/x/three.md 1\n3 '"$PWD"$'/kb/x/two.md 1'
	run -1 --separate-stderr iv-embed --rm-docs kb/one.md 99
	assert_stderr "iv-embed: no document '99' in the knowledge base"
	[ "$(db_count documents)" = 3 ]
	run -0 iv-embed --rm-docs kb/x
	assert_output - <<EOF2
{"id":2,"path":"$PWD/kb/x/three.md","chunks":1}
{"id":3,"path":"$PWD/kb/x/two.md","chunks":1}
EOF2
	run -0 iv kb rm 1
	assert_output "{\"id\":1,\"path\":\"$PWD/kb/one.md\",\"chunks\":1}"
	[ "$(db_count documents)" = 0 ]
	[ "$(db_count knowledge)" = 0 ]
	run -2 --separate-stderr iv kb rm
	assert_stderr --partial 'iv: kb rm needs a PATH or ID'
	run -2 --separate-stderr iv kb frobnicate
	assert_stderr --partial "iv: unknown kb command 'frobnicate'"
}

@test "chunks never split a UTF-8 character, even in one long line" {
	iv init > /dev/null
	for _ in $(seq 200); do printf '缓存击穿雪崩穿透'; done > long.txt
	run -0 iv-embed --docs long.txt
	run -0 jq -r .chunks <<< "$output"
	[ "$output" -ge 6 ]
	run -0 db "SELECT count(*) FROM knowledge WHERE length(CAST(replace(content, char(10), '') AS BLOB)) % 3 != 0"
	assert_output 0
	run -0 bash -c "sqlite3 '$IV_HOME/iv.db' 'SELECT content FROM knowledge' | iconv -f UTF-8 -t UTF-8 > /dev/null"
}

@test "knowledge.dirs is what --docs scans without paths" {
	iv init > /dev/null
	mkdir -p "$HOME/notes"
	printf 'a note at home\n' > "$HOME/notes/n.md"
	printf 'knowledge:\n  dirs: ["~/notes"]\n' > "$IV_HOME/config.yaml"
	run -0 iv-embed --docs
	assert_output "{\"path\":\"$HOME/notes/n.md\",\"id\":1,\"status\":\"added\",\"chunks\":1}"
}
