#!/bin/sh
# iv-store on a store with 1,000 sessions of 10 records each (built with one
# SQL script): turns added per second through `turns add` (a transaction per
# line, as the interview driver stores answers) and records listed per second.
set -eu
IV_HOME=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-store.XXXXXX")
export IV_HOME
trap 'rm -rf "$IV_HOME"' EXIT
unset IV_DB IV_USER
iv-store init >/dev/null
sqlite3 "$IV_HOME/iv.db" <<'SQL'
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO interview_sessions (id, user_id, session_type, status, round_number, lang, created_at)
SELECT i, 1, CASE WHEN i % 4 = 0 THEN 'real' ELSE 'mock' END,
       CASE WHEN i < 1000 THEN 'completed' ELSE 'ongoing' END, i, 'zh',
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || i || ' hours') FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
INSERT INTO conversations (id, session_id, sequence_number, role, content, reply_to, score, metadata, created_at)
SELECT 2 * i + 1 + k, i / 10 + 1, 2 * (i % 10) + 1 + k,
       CASE k WHEN 0 THEN 'interviewer' ELSE 'candidate' END,
       CASE k WHEN 0 THEN '第 ' || i || ' 题：请解释检索增强生成（RAG）的流程。'
              ELSE 'Answer ' || i || ': retrieve relevant chunks, then generate with them in the prompt.' END,
       CASE k WHEN 0 THEN NULL ELSE 2 * i + 1 END,
       CASE k WHEN 0 THEN NULL ELSE i % 11 END,
       CASE k WHEN 0 THEN '{"topic":"rag"}' ELSE '{"feedback":"可以谈谈重排序"}' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', '+' || (i / 10 + 1) || ' hours', '+' || (i % 10) || ' minutes')
FROM n, (SELECT 0 AS k UNION ALL SELECT 1);
COMMIT;
SQL

now() { date +%s.%N; }
rate() { echo "$1 $2 $3" | awk '{ printf "%.0f", $1 / ($3 - $2) }'; }

turns=2000
i=0
while [ $i -lt $turns ]; do
	printf '{"role":"candidate","content":"答案 %d：先检索，再生成。","score":7}\n' "$i"
	i=$((i + 1))
done > "$IV_HOME/turns.jsonl"
t0=$(now)
iv-store turns add --session 1000 < "$IV_HOME/turns.jsonl" > /dev/null
t1=$(now)
echo "turns added: $(rate $turns "$t0" "$t1") turns/s"

records=$(iv-store records list | wc -l)
t0=$(now)
for _ in 1 2 3 4 5; do iv-store records list > /dev/null; done
t1=$(now)
echo "records listed: $(rate $((records * 5)) "$t0" "$t1") records/s"

t0=$(now)
for _ in 1 2 3 4 5; do iv-store records list --min-score 8 --type mock --limit 50 --offset 100 > /dev/null; done
t1=$(now)
echo "records pages (filtered, 50 rows): $(rate 5 "$t0" "$t1") pages/s"

t0=$(now)
iv-store export > "$IV_HOME/e.jsonl"
rows=$(($(wc -l < "$IV_HOME/e.jsonl") - 1))
iv-store --db "$IV_HOME/copy.db" import "$IV_HOME/e.jsonl"
t1=$(now)
echo "export and import: $(rate "$rows" "$t0" "$t1") rows/s"
