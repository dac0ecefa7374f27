#!/bin/sh
# Interview turns per second on a store holding 1,000 past sessions of five
# graded questions each (built with one SQL script): one turn is iv-ask
# --store, the answer stored (iv-store turns add), iv-grade --store, as the
# driver runs them. Also iv-ask and iv-grade alone.
set -eu
IV_HOME=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-interview.XXXXXX")
export IV_HOME
trap 'rm -rf "$IV_HOME"' EXIT
unset IV_DB IV_USER IV_LANG IV_ROUNDS
iv-store init >/dev/null
iv-ask --list | jq -r .id | awk '{ printf "INSERT INTO bank VALUES (%d, \x27%s\x27);\n", NR - 1, $0 }' >"$IV_HOME/bank.sql"
sqlite3 "$IV_HOME/iv.db" <<SQL
BEGIN;
CREATE TEMP TABLE bank (n INTEGER PRIMARY KEY, id TEXT);
$(cat "$IV_HOME/bank.sql")
INSERT INTO resumes (user_id, sha256, version, lang, extracted_skills, parsed_data, is_default)
VALUES (1, 'r', 1, 'en', '["Python", "FastAPI", "PostgreSQL", "RAG"]',
        '{"projects": [{"name": "DocQA", "description": "RAG over PDFs with Qdrant and FastAPI"}]}', 1);
INSERT INTO job_descriptions (user_id, sha256, raw_text, lang, required_skills, preferred_skills)
VALUES (1, 'j', 'a job', 'en', '["Python", "RAG", "Redis", "Kubernetes", "LLM Evaluation"]', '["LangGraph"]');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO interview_sessions (id, user_id, status, round_number, lang, max_rounds, created_at)
SELECT i, 1, 'completed', i, 'en', 5, strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || i || ' hours') FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 4999)
INSERT INTO conversations (id, session_id, sequence_number, role, content, reply_to, score, metadata)
SELECT 2 * i + 1 + k, i / 5 + 1, 2 * (i % 5) + 1 + k,
       CASE k WHEN 0 THEN 'interviewer' ELSE 'candidate' END,
       CASE k WHEN 0 THEN 'Question ' || i ELSE 'Answer ' || i || ': chunks, embeddings, retrieval.' END,
       CASE k WHEN 0 THEN NULL ELSE 2 * i + 1 END,
       CASE k WHEN 0 THEN NULL ELSE i % 11 END,
       CASE k WHEN 0 THEN json_object('type', 'question', 'question_id',
                                      (SELECT id FROM bank WHERE n = i % (SELECT count(*) FROM bank)),
                                      'round', i % 5 + 1, 'follow_up', json('false'))
              ELSE json_object('grade', json_object('score', i % 11)) END
FROM n, (SELECT 0 AS k UNION ALL SELECT 1);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO skill_assessments (user_id, session_id, skill_name, skill_path, score)
SELECT 1, i, 'Redis', 'data/db/redis', i % 10 FROM n;
COMMIT;
SQL

now() {
	date +%s.%N
}

turns=40
answer='A vector store holds the embeddings; we chunk documents, retrieve the top k and rerank before the prompt.'
start=$(now)
done_turns=0
while [ "$done_turns" -lt "$turns" ]; do
	s=$(iv-ask --start --rounds 10 | jq -r .session)
	while [ "$done_turns" -lt "$turns" ]; do
		q=$(iv-ask --session "$s" --store)
		[ "$(printf '%s\n' "$q" | jq -r .type)" = question ] || break
		t=$(printf '%s\n' "$q" | jq -r .turn_id)
		a=$(printf '{"role":"candidate","content":"%s","reply_to":%s}\n' "$answer" "$t" |
			iv-store turns add --session "$s" | jq -r .id)
		iv-grade --turn "$a" --store >/dev/null
		done_turns=$((done_turns + 1))
	done
done
end=$(now)
awk -v n="$turns" -v s="$start" -v e="$end" 'BEGIN { printf "interview turns (ask + store + grade): %.1f turns/s\n", n / (e - s) }'

s=$(iv-ask --start --rounds 10 | jq -r .session)
start=$(now)
for i in $(seq 1 "$turns"); do iv-ask --session "$s" >/dev/null; done
end=$(now)
awk -v n="$turns" -v s="$start" -v e="$end" 'BEGIN { printf "iv-ask alone: %.1f questions/s\n", n / (e - s) }'

start=$(now)
for i in $(seq 1 "$turns"); do iv-grade --turn 10 >/dev/null; done
end=$(now)
awk -v n="$turns" -v s="$start" -v e="$end" 'BEGIN { printf "iv-grade alone: %.1f grades/s\n", n / (e - s) }'

jq -c '{question_id, answer: .strong}' "$(dirname "$0")/../fixtures/answers-en.jsonl" >"$IV_HOME/req"
n=$(wc -l <"$IV_HOME/req")
start=$(now)
for i in 1 2 3 4 5; do iv-grade "$IV_HOME/req" >/dev/null; done
end=$(now)
awk -v n="$((n * 5))" -v s="$start" -v e="$end" 'BEGIN { printf "iv-grade, one process over JSON lines: %.1f grades/s\n", n / (e - s) }'
