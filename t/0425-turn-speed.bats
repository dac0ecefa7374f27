#!/usr/bin/env bats
# What keeps a turn fast without going stale: the compiled bank, taxonomy
# and alias table (lib/cache.c) follow every edit of their sources; every
# query of an interview turn reads through an index (EXPLAIN QUERY PLAN);
# question_history (schema 5) says what the join over past answers says,
# and question_latest (schema 7) what question_history says; a turn's two
# steps leave a private store's log, and only they.

load test_helper

# A share folder of our own, to edit.
own_share() {
	export IV_SHARE="$BATS_TEST_TMPDIR/share"
	cp -r "$IV_SRC/share" "$IV_SHARE"
}

@test "the compiled bank follows edits of a question file: new inode, same size in place, a file added or removed" {
	own_share
	run -0 --separate-stderr iv-ask --list
	n=${#lines[@]}
	[ -s "$IV_HOME/cache/bank.bin" ]
	[ -s "$IV_HOME/cache/taxonomy.bin" ]
	run -0 jq -r 'select(.id == "rag-001") | .text.en' <<<"$output"
	old=$output

	# sed -i writes a new file: another inode
	sed -i '0,/^      en: "/s//      en: "Edited: /' "$IV_SHARE/questions/rag.yaml"
	run -0 --separate-stderr iv-ask --list
	run -0 jq -r 'select(.id == "rag-001") | .text.en' <<<"$output"
	assert_output "Edited: $old"

	# the same size, the same inode, written in place
	off=$(grep -bo 'Edited: ' "$IV_SHARE/questions/rag.yaml" | head -1 | cut -d: -f1)
	printf 'Edxted' | dd of="$IV_SHARE/questions/rag.yaml" bs=1 seek="$off" conv=notrunc status=none
	run -0 --separate-stderr iv-ask --list
	run -0 jq -r 'select(.id == "rag-001") | .text.en' <<<"$output"
	assert_output "Edxted: $old"

	# a topic removed, then back under another name
	mv "$IV_SHARE/questions/rag.yaml" "$BATS_TEST_TMPDIR/rag.yaml"
	run -0 --separate-stderr iv-ask --list
	[ "${#lines[@]}" -lt "$n" ]
	refute_output --partial '"id":"rag-001"'
	cp "$BATS_TEST_TMPDIR/rag.yaml" "$IV_SHARE/questions/rag.yaml"
	run -0 --separate-stderr iv-ask --list
	[ "${#lines[@]}" -eq "$n" ]
}

@test "a bank problem introduced after compiling is reported by the next command, and every command after" {
	own_share
	run -0 --separate-stderr iv-ask --check-bank
	run -0 jq .problems <<<"$output"
	assert_output 0
	sed -i '0,/difficulty: [123]/s//difficulty: 7/' "$IV_SHARE/questions/rag.yaml"
	for i in 1 2; do
		run -1 --separate-stderr iv-ask --check-bank
		assert_stderr --partial "'difficulty' must be 1, 2 or 3"
		run -0 --separate-stderr iv-ask --list
		assert_stderr --partial "the question bank has 1 problem"
	done
}

@test "the compiled taxonomy and alias table follow edits of skills.yaml and aliases.yaml" {
	own_share
	req='{"question":"Where does it run?","key_points":["deployed on Kubernetes"],"answer":"We deploy it on zorblax, next to quuxdb."}'
	run -0 --separate-stderr iv-grade <<<"$req"
	run -0 jq -c '[(.covered_points | length), ([.identified_skills[]?.name] | index("QuuxDB"))]' <<<"$output"
	assert_output '[0,null]'
	[ -s "$IV_HOME/cache/aliases.bin" ]

	sed -i 's/^  - \[Kubernetes, k8s, kube\]$/  - [Kubernetes, k8s, kube, zorblax]/' "$IV_SHARE/grade/aliases.yaml"
	grep -q zorblax "$IV_SHARE/grade/aliases.yaml"
	run -0 --separate-stderr iv-grade <<<"$req"
	run -0 jq -c '[(.covered_points | length), ([.identified_skills[]?.name] | index("QuuxDB"))]' <<<"$output"
	assert_output '[1,null]'

	printf '  - {name: QuuxDB, path: data/db/quuxdb, category: database, zh: QuuxDB, aliases: [quuxdb]}\n' \
		>>"$IV_SHARE/skills.yaml"
	run -0 --separate-stderr iv-grade <<<"$req"
	run -0 jq -c '[(.covered_points | length), ([.identified_skills[]?.name] | index("QuuxDB") != null)]' <<<"$output"
	assert_output '[1,true]'

	# a related skill must be one of the taxonomy's
	printf '  - {name: ZorbDB, path: data/db/zorbdb, category: database, zh: ZorbDB, aliases: [], related: [NoSuchDB]}\n' \
		>>"$IV_SHARE/skills.yaml"
	run -1 --separate-stderr iv-grade <<<"$req"
	assert_stderr --partial "skills.yaml: skill 'ZorbDB': related 'NoSuchDB' is not a skill's name"
	sed -i 's/related: \[NoSuchDB\]/related: [QuuxDB]/' "$IV_SHARE/skills.yaml"
	run -0 --separate-stderr iv-grade <<<"$req"
}

@test "the compiled alias readings follow edits of aliases.yaml in both languages and of the Chinese lexicon" {
	own_share
	req='{"question":"部署在哪里？","key_points":["部署在 Kubernetes 上"],"answer":"用佐布拉克斯编排。"}'
	run -0 --separate-stderr iv-grade <<<"$req"
	run -0 jq -c '[(.covered_points | length)]' <<<"$output"
	assert_output '[0]'
	[ -s "$IV_HOME/cache/aliases-read.bin" ]
	[ -s "$IV_HOME/cache/aliases-read-zh.bin" ]

	sed -i 's/^  - \[Kubernetes, k8s, kube\]$/  - [Kubernetes, k8s, kube, 佐布拉克斯]/' "$IV_SHARE/grade/aliases.yaml"
	grep -q 佐布拉克斯 "$IV_SHARE/grade/aliases.yaml"
	run -0 --separate-stderr iv-grade <<<"$req"
	run -0 jq -c '[(.covered_points | length)]' <<<"$output"
	assert_output '[1]'

	# the lexicon decides how a Chinese alias is cut into words: an edit
	# of it compiles the Chinese readings again
	before=$(stat -c %i "$IV_HOME/cache/aliases-read-zh.bin")
	echo 佐布拉 >>"$IV_SHARE/grade/lexicon-zh.txt"
	run -0 --separate-stderr iv-grade <<<"$req"
	run -0 jq -c '[(.covered_points | length)]' <<<"$output"
	assert_output '[1]'
	[ "$(stat -c %i "$IV_HOME/cache/aliases-read-zh.bin")" != "$before" ]
}

@test "a damaged or foreign compiled file is read as missing and written again" {
	own_share
	run -0 --separate-stderr iv-ask --list
	want=$output
	for f in bank taxonomy aliases aliases-read aliases-read-zh; do
		[ -s "$IV_HOME/cache/$f.bin" ] || iv-grade <<<'{"question":"q","key_points":["甲 a b"],"answer":"a b 乙"}' >/dev/null
		[ -s "$IV_HOME/cache/$f.bin" ]
	done
	for f in "$IV_HOME"/cache/*.bin; do
		head -c 200 "$f" >"$f.cut" && mv "$f.cut" "$f"
	done
	run -0 --separate-stderr iv-ask --list
	[ "$output" = "$want" ]
	[ -z "$stderr" ] || fail "$stderr"
	[ "$(stat -c %s "$IV_HOME/cache/bank.bin")" -gt 200 ]
	printf 'not a cache' >"$IV_HOME/cache/bank.bin"
	run -0 --separate-stderr iv-ask --list
	[ "$output" = "$want" ]
}

@test "a compiled file whose offsets point outside it is read as missing" {
	own_share
	req='{"question_id":"python-async-001","answer":"asyncio runs an event loop on one thread; await hands control back. Use Redis and PostgreSQL."}'
	run -0 --separate-stderr iv-grade <<<"$req"
	want=$output
	for f in taxonomy bank aliases-read; do
		for at in 300 3000; do
			cp "$IV_HOME/cache/$f.bin" "$BATS_TEST_TMPDIR/keep"
			# the header, the pattern index, then the first records
			head -c 64 /dev/zero | tr '\0' '\377' |
				dd of="$IV_HOME/cache/$f.bin" bs=1 seek="$at" conv=notrunc status=none
			run -0 --separate-stderr iv-grade <<<"$req"
			[ "$output" = "$want" ] || fail "$f.bin damaged at $at: $output"
			[ -z "$stderr" ] || fail "$stderr"
		done
	done
}

@test "a compiled file damaged anywhere under its own key still gives a grade, never a crash" {
	own_share
	req='{"question_id":"python-async-001","answer":"asyncio runs an event loop on one thread; await hands control back. Use Redis and PostgreSQL."}'
	iv-grade <<<"$req" >/dev/null
	for f in taxonomy bank aliases-read; do
		cp "$IV_HOME/cache/$f.bin" "$BATS_TEST_TMPDIR/$f.keep"
	done
	for f in taxonomy bank aliases-read; do
		size=$(stat -c %s "$BATS_TEST_TMPDIR/$f.keep")
		for pct in 3 11 19 27 35 43 51 59 67 75 83 91 99; do
			for fill in '\377' '\001'; do
				cp "$BATS_TEST_TMPDIR/$f.keep" "$IV_HOME/cache/$f.bin"
				# strings, records or offsets: whatever lies there
				head -c 24 /dev/zero | tr '\0' "$fill" |
					dd of="$IV_HOME/cache/$f.bin" bs=1 seek=$((size * pct / 100)) conv=notrunc status=none
				run -0 --separate-stderr iv-grade <<<"$req"
				jq -e '.score >= 0 and .score <= 10' <<<"$output" >/dev/null || fail "$f.bin at $pct%: $output $stderr"
			done
		done
	done
}

@test "an unwritable cache folder only costs time" {
	iv-store init >/dev/null
	mkdir -p "$IV_HOME/cache"
	chmod 500 "$IV_HOME/cache"
	run -0 --separate-stderr as_unprivileged iv-ask --list
	[ "${#lines[@]}" -ge 200 ]
	[ -z "$stderr" ] || fail "$stderr"
}

# A store of $1 past sessions of five answered bank questions each.
past_sessions() {
	iv-store init >/dev/null
	iv-ask --list | jq -r .id | awk '{ printf "INSERT INTO bank VALUES (%d, \x27%s\x27);\n", NR - 1, $0 }' >"$BATS_TEST_TMPDIR/bank.sql"
	sqlite3 -bail "$IV_HOME/iv.db" <<SQL
BEGIN;
CREATE TEMP TABLE bank (n INTEGER PRIMARY KEY, id TEXT);
$(cat "$BATS_TEST_TMPDIR/bank.sql")
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO interview_sessions (id, user_id, status, round_number, lang, max_rounds)
SELECT i, 1, 'completed', i, 'en', 5 FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 5 * $1 - 1)
INSERT INTO conversations (id, session_id, sequence_number, role, content, reply_to, score, metadata)
SELECT 2 * i + 1 + k, i / 5 + 1, 2 * (i % 5) + 1 + k,
       CASE k WHEN 0 THEN 'interviewer' ELSE 'candidate' END, 'text',
       CASE k WHEN 0 THEN NULL ELSE 2 * i + 1 END,
       CASE k WHEN 0 THEN NULL ELSE i % 11 END,
       CASE k WHEN 0 THEN json_object('type', 'question', 'question_id',
                                      (SELECT id FROM bank WHERE n = (i * 7) % 40))
              ELSE '{}' END
FROM n, (SELECT 0 AS k UNION ALL SELECT 1);
INSERT INTO skill_assessments (user_id, session_id, skill_name, skill_path, score)
SELECT 1, id, 'Redis', 'data/db/redis', id % 10 FROM interview_sessions;
COMMIT;
SQL
}

@test "every query of an interview turn reads through an index" {
	past_sessions 30
	s=$(iv-ask --start --rounds 5 | jq -r .session)
	export IV_SQL_LOG="$BATS_TEST_TMPDIR/sql.log"
	q=$(iv-ask --session "$s" --store)
	t=$(jq -r .turn_id <<<"$q")
	a=$(printf '{"role":"candidate","content":"We chunk, embed and rerank.","reply_to":%s}\n' "$t" |
		iv-store turns add --session "$s" | jq -r .id)
	run -0 iv-grade --turn "$a" --store
	unset IV_SQL_LOG
	sort -u "$BATS_TEST_TMPDIR/sql.log" >"$BATS_TEST_TMPDIR/sql.u"
	grep -q 'FROM question_history' "$BATS_TEST_TMPDIR/sql.u"
	grep -q 'FROM skill_assessments' "$BATS_TEST_TMPDIR/sql.u"
	grep -q '^INSERT INTO conversations' "$BATS_TEST_TMPDIR/sql.u"
	grep -q '^UPDATE conversations SET score' "$BATS_TEST_TMPDIR/sql.u"
	while IFS= read -r sql; do
		plan=$(sqlite3 "$IV_HOME/iv.db" "EXPLAIN QUERY PLAN $sql")
		# a SCAN is of a table, except of the recursive lists (question
		# ids; skill names, their paths and latest rows)
		if grep -Ev 'SCAN (qids|names|paths|latest)$' <<<"$plan" | grep -q 'SCAN'; then
			fail "a full scan: $sql"$'\n'"$plan"
		fi
	done <"$BATS_TEST_TMPDIR/sql.u"
}

# The latest earlier answer to each question, by the join question_history
# stands for (what iv-ask asked before schema 5), and by the table.
history_join() {
	sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(q.metadata, '\$.question_id') AS qid, s.id, s.round_number,
		a.score, max(s.round_number * 1000000 + a.sequence_number) FROM conversations a
		JOIN conversations q ON q.id = a.reply_to JOIN interview_sessions s ON s.id = a.session_id
		WHERE s.user_id = 1 AND s.id != $1 AND a.role = 'candidate'
		AND json_type(q.metadata, '\$.question_id') = 'text' GROUP BY qid ORDER BY qid" | cut -d'|' -f1-4
}

history_table() {
	local sql
	sql=$(sed -n '/#define IV_ASK_HISTORY_SQL/,/^$/p' "$IV_SRC/lib/ask_context.h" | grep -o '"[^"]*"' | tr -d '"' | tr -d '\n')
	sql=${sql//\?1/1}
	sqlite3 "$IV_HOME/iv.db" "${sql//\?2/$1}"
}

@test "question_history says what the join over past answers says, through inserts, grades, edits and deletes" {
	past_sessions 12
	[ "$(db_count question_history)" = 60 ]
	[ "$(history_table 3)" = "$(history_join 3)" ]
	sqlite3 -bail "$IV_HOME/iv.db" "PRAGMA foreign_keys = ON; UPDATE conversations SET score = 10 WHERE id = 4;
		UPDATE conversations SET metadata = json_set(metadata, '\$.question_id', 'rag-001') WHERE id = 13;
		UPDATE interview_sessions SET round_number = 40 WHERE id = 2;
		DELETE FROM interview_sessions WHERE id = 5;
		DELETE FROM conversations WHERE id = 22;
		INSERT INTO conversations (session_id, sequence_number, role, content, metadata)
		VALUES (7, 11, 'interviewer', 'q', '{\"question_id\": \"sql-postgres-001\"}');
		INSERT INTO conversations (session_id, sequence_number, role, content, reply_to, score)
		VALUES (7, 12, 'candidate', 'a', last_insert_rowid(), 3);"
	[ "$(db_count question_history)" = 55 ]
	for s in 0 2 3 7; do
		[ "$(history_table $s)" = "$(history_join $s)" ] || fail "session $s: $(diff <(history_table $s) <(history_join $s))"
	done
	# question_latest (schema 7) holds each question's latest answer
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM question_latest l WHERE answer_id !=
		(SELECT answer_id FROM question_history WHERE user_id = l.user_id AND question_id = l.question_id
		 ORDER BY round_number DESC, sequence_number DESC, answer_id DESC LIMIT 1)
		OR score IS NOT (SELECT score FROM question_history WHERE answer_id = l.answer_id);
		SELECT count(*) FROM question_latest"
	assert_output "0"$'\n'"$(sqlite3 "$IV_HOME/iv.db" 'SELECT count(*) FROM (SELECT DISTINCT user_id, question_id FROM question_history)')"
}

@test "a store of schema 4 gains question_history from its past answers" {
	past_sessions 6
	want=$(history_table 0)
	sqlite3 -bail "$IV_HOME/iv.db" "DROP TABLE question_history; DROP TRIGGER question_history_insert;
		DROP TRIGGER question_history_update; DROP TRIGGER question_history_question;
		DROP TRIGGER question_history_delete; DROP TRIGGER question_history_session; PRAGMA user_version = 4"
	run -0 iv-store init
	[ "$(sqlite3 "$IV_HOME/iv.db" 'PRAGMA user_version')" = "$(schema_latest)" ]
	[ "$(db_count question_history)" = 30 ]
	[ "$(history_table 0)" = "$want" ]
}

# One turn as the driver runs it: ask, then store and grade an answer.
turn() {
	eval "$(iv-ask --session "$1" --store --sh q_)"
	printf 'We chunk the documents, embed them and rerank the top k.' |
		iv-grade --reply-to "$q_turn_id" --store --sh g_ >/dev/null
}

wal_size() {
	stat -c %s "$IV_HOME/iv.db-wal"
}

@test "a turn's two steps keep their commits in the log, synced; the next other command writes them into the store" {
	iv-store init >/dev/null
	s=$(iv-ask --start --rounds 5 | jq -r .session)
	[ "$(wal_size)" = 0 ]
	turn "$s"
	[ "$(wal_size)" -gt 0 ]
	# what a reader of the file and its log sees: the question and the graded answer
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT role, score IS NOT NULL FROM conversations WHERE session_id = $s ORDER BY sequence_number"
	assert_output $'interviewer|0\ncandidate|1'
	run -0 --separate-stderr iv-store turns list --session "$s"
	[ "${#lines[@]}" = 2 ]
	[ "$(wal_size)" = 0 ]
	run -0 sqlite3 "file:$IV_HOME/iv.db?immutable=1" "SELECT count(*) FROM conversations WHERE session_id = $s"
	assert_output 2
}

@test "the kept log is written into the store once it holds 64 pages" {
	iv-store init >/dev/null
	s=$(iv-ask --start --rounds 10 | jq -r .session)
	max=0
	for i in 1 2 3 4 5 6 7 8 9 10; do
		turn "$s"
		[ "$(wal_size)" -le "$max" ] || max=$(wal_size)
	done
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM conversations WHERE session_id = $s AND score IS NOT NULL"
	assert_output 10
	# a page is 4096 bytes and a 24-byte frame header; one command adds
	# fewer than 64 pages past the limit
	[ "$max" -lt $(((64 + 64) * 4120 + 32)) ] || fail "log of $max bytes"
	[ "$max" -gt 0 ]
}

@test "a store others may read is left whole after a turn's steps" {
	iv-store init >/dev/null
	s=$(iv-ask --start --rounds 5 | jq -r .session)
	chmod 644 "$IV_HOME/iv.db"
	turn "$s"
	[ "$(wal_size)" = 0 ]
	run -0 sqlite3 "file:$IV_HOME/iv.db?immutable=1" "SELECT count(*) FROM conversations WHERE session_id = $s AND score IS NOT NULL"
	assert_output 1
}

@test "another user who may not read the kept log is told why, and reads the store once its owner ran another command" {
	IV_HOME=$(mktemp -d /tmp/iv-ro.XXXXXX)
	iv-store init >/dev/null
	s=$(iv-ask --start --rounds 5 | jq -r .session)
	turn "$s"
	chmod 755 "$IV_HOME"
	chmod 644 "$IV_HOME/iv.db"
	run -1 --separate-stderr as_unprivileged iv-store turns list --session "$s"
	assert_stderr "iv-store: can't read store '$IV_HOME/iv.db': its latest changes are in '$IV_HOME/iv.db-wal', which this user may not read (the owner's next iv command that is not an interview turn writes them into the store)"
	[ -z "$output" ]
	iv-store sessions show "$s" >/dev/null
	run -0 --separate-stderr as_unprivileged iv-store turns list --session "$s"
	[ "${#lines[@]}" = 2 ]
	rm -rf "$IV_HOME"
}

@test "iv-grade --next stores and grades the answer, then asks what iv-ask would have asked: the follow-up on a missed point" {
	iv-store init >/dev/null
	ans='We chunk the documents.'
	# two stores, the same session: iv-grade then iv-ask; iv-grade --next
	s=$(iv-ask --start --rounds 3 | jq -r .session)
	cp "$IV_HOME/iv.db" "$BATS_TEST_TMPDIR/two.db"
	q=$(iv-ask --session "$s" --store | jq -r .turn_id)
	run -0 --separate-stderr iv-grade --reply-to "$q" --store --next <<<"$ans"
	[ "${#lines[@]}" = 2 ]
	score=$(jq -rs '.[0].score' <<<"$output")
	next=$(jq -cs '.[1] | del(.turn_id)' <<<"$output")
	[ "$(jq -r .type <<<"$next")" = question ]
	[ "$(jq -r .follow_up <<<"$next")" = true ]
	export IV_DB="$BATS_TEST_TMPDIR/two.db"
	q=$(iv-ask --session "$s" --store | jq -r .turn_id)
	[ "$(iv-grade --reply-to "$q" --store <<<"$ans" | jq -r .score)" = "$score" ]
	[ "$(iv-ask --session "$s" --store | jq -c 'del(.turn_id)')" = "$next" ]
	unset IV_DB
	# the question is stored: the next answer replies to it
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT role FROM conversations WHERE session_id = $s ORDER BY sequence_number"
	assert_output $'interviewer\ncandidate\ninterviewer'
	# as shell variables, the question under its own prefix
	eval "$(iv-ask --session "$s" --sh q_)"
	eval "$(iv-grade --reply-to "$q_turn_id" --store --sh g_ --next=n_ <<<"$ans")"
	[ -n "$g_score" ] && [ "$n_type" = question ] && [ "$n_sequence" = 5 ]
}

@test "iv-grade --next: its usage errors come before anything is stored" {
	iv-store init >/dev/null
	s=$(iv-ask --start --rounds 3 | jq -r .session)
	q=$(iv-ask --session "$s" --store | jq -r .turn_id)
	run -2 iv-grade --next --turn "$q"
	assert_output --partial 'go with --reply-to'
	run -2 iv-grade --reply-to "$q" --store --next=q_ <<<"an answer"
	assert_output --partial 'give --sh too'
	run -2 iv-grade --reply-to "$q" --store --sh g_ --next='1 x' <<<"an answer"
	assert_output --partial 'not a shell name prefix'
	[ "$(db_count conversations)" = 1 ]
}

@test "the alias readings give the same grades compiled, read in place from their file, and one part of each" {
	reqs=$(cat <<-'EOF2'
	{"question":"How do you run it?","key_points":["Kubernetes schedules the containers","a vector database holds the embeddings"],"answer":"We deploy on k8s, and the embeddings live in a vector DB."}
	{"question":"怎么做检索？","key_points":["向量数据库存储文档的向量","用 BM25 做关键词检索"],"answer":"文档的 embedding 放在 vector database 里，关键词用 bm25 召回。"}
	{"question_id":"rag-001","answer":"Hybrid search: BM25 plus dense vectors, fused with RRF, then a cross-encoder reranks the top k."}
	EOF2
	)
	rm -rf "$IV_HOME/cache"
	compiled=$(iv-grade <<<"$reqs")
	[ -s "$IV_HOME/cache/aliases-read.bin" ] && [ -s "$IV_HOME/cache/aliases-read-zh.bin" ]
	[ "$(iv-grade <<<"$reqs")" = "$compiled" ]
	rm "$IV_HOME/cache/aliases-read-zh.bin"
	[ "$(iv-grade <<<"$reqs")" = "$compiled" ]
	rm "$IV_HOME/cache/aliases-read.bin"
	[ "$(iv-grade <<<"$reqs")" = "$compiled" ]
	# each alone, in a process of its own, as well
	i=0
	while IFS= read -r r; do
		i=$((i + 1))
		[ "$(iv-grade <<<"$r")" = "$(sed -n "${i}p" <<<"$compiled")" ] || fail "a lone grade differs: $r"
	done <<<"$reqs"
	# through the aliases: k8s is Kubernetes, a vector DB a vector database
	[ "$(jq -sc '[.[0].covered_points[].id]' <<<"$compiled")" = '["p1","p2"]' ]
}
