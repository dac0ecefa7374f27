# memory_helper.bash — memories, sessions and notes for the tests of
# iv-embed, iv-recall, iv kb, iv notes and iv sync. Load after test_helper.

# remember JSON...: store each JSON object as a memory, quietly.
remember() {
	printf '%s\n' "$@" | iv-embed --store > /dev/null
}

# db SQL: one query against the test's store.
db() {
	sqlite3 "$IV_HOME/iv.db" "$1"
}

# A completed session with two scored answers (8.5 and 4), a summary and two
# skill assessments (one with evidence). Prints the session's id. LANG_ is
# zh or en.
completed_session() {
	local lang=${1:-en} s q a
	s=$(echo "{\"lang\":\"$lang\"}" | iv-store sessions create | jq -r .id)
	if [ "$lang" = zh ]; then
		q=$(echo '{"role":"interviewer","content":"请解释向量数据库的HNSW索引"}' | iv-store turns add --session "$s" | jq -r .id)
		echo "{\"role\":\"candidate\",\"content\":\"HNSW是分层的小世界图，查询时自顶向下贪心搜索\",\"reply_to\":$q,\"score\":8.5}" |
			iv-store turns add --session "$s" > /dev/null
		q=$(echo '{"role":"interviewer","content":"Redis缓存击穿怎么处理"}' | iv-store turns add --session "$s" | jq -r .id)
		echo "{\"role\":\"candidate\",\"content\":\"不太清楚\",\"reply_to\":$q,\"score\":4}" |
			iv-store turns add --session "$s" > /dev/null
	else
		q=$(echo '{"role":"interviewer","content":"How does an HNSW index find neighbours?","metadata":{"topic":"vector-db"}}' |
			iv-store turns add --session "$s" | jq -r .id)
		echo "{\"role\":\"candidate\",\"content\":\"It searches a layered small-world graph greedily from the top layer down\",\"reply_to\":$q,\"score\":8.5}" |
			iv-store turns add --session "$s" > /dev/null
		q=$(echo '{"role":"interviewer","content":"How do you stop a cache stampede in Redis?"}' | iv-store turns add --session "$s" | jq -r .id)
		echo "{\"role\":\"candidate\",\"content\":\"Not sure\",\"reply_to\":$q,\"score\":4}" |
			iv-store turns add --session "$s" > /dev/null
	fi
	echo '{"overall_score":6.3,"strengths":["clear graph explanation"],"weaknesses":["caching under load"],"improvement_suggestions":["practise cache stampede answers"]}' \
		> "$BATS_TEST_TMPDIR/summary.json"
	iv-store sessions update "$s" --status completed --summary "$BATS_TEST_TMPDIR/summary.json" > /dev/null
	db "INSERT INTO skill_assessments (user_id, session_id, skill_name, skill_path, score, assessment_data)
		VALUES (1, $s, 'Vector databases', 'ai/vectordb', 8, '{\"evidence\":[\"explained HNSW layers\",\"knew the greedy search\"]}'),
		       (1, $s, 'Redis', 'data/cache/redis', 4, '{}')"
	echo "$s"
}
