#!/bin/sh
# Interview turns per second on a store holding 1,000 and then 10,000 past
# sessions of five graded questions each (built with one SQL script): one
# turn is what the driver (cmd/iv.d/_interview.sh) runs: iv-grade
# --reply-to --store --next --sh on the answer as a here-document, which
# stores the answer (committed first), grades it and asks the next
# question (a session's first comes from iv-ask --store --sh); the fields
# come back as shell variables, so no jq runs (jq costs ~25 ms a call on
# this machine: see the last line). The same turn as two programs follows.
# Then where a turn's time goes (IV_TIMING phases, medians per program;
# "store" is opening and closing it, the close being a checkpoint or, for
# a turn's step, the log's sync), and iv-ask and iv-grade alone.
set -eu
. "$(dirname "$0")/timing.sh"
IV_HOME=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-interview.XXXXXX")
export IV_HOME
trap 'rm -rf "$IV_HOME"' EXIT
unset IV_DB IV_USER IV_LANG IV_ROUNDS IV_TIMING

# store N: a fresh store of N past sessions.
store() {
	rm -f "$IV_HOME/iv.db" "$IV_HOME/iv.db-wal" "$IV_HOME/iv.db-shm"
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
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO interview_sessions (id, user_id, status, round_number, lang, max_rounds, created_at)
SELECT i, 1, 'completed', i, 'en', 5, strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || i || ' hours') FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 5 * $1 - 1)
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
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO skill_assessments (user_id, session_id, skill_name, skill_path, score)
SELECT 1, i, 'Redis', 'data/db/redis', i % 10 FROM n;
COMMIT;
SQL
}

# field NAME JSON: a number field of a one-line JSON object.
field() {
	_v=${2#*\"$1\":}
	printf '%s' "${_v%%[,\}]*}"
}

now() {
	date +%s.%N
}

answer='A vector store holds the embeddings; we chunk documents, retrieve the top k and rerank before the prompt.'
# turns N [two]: N turns, in sessions of ten questions, as the driver runs
# them (the first question from iv-ask, then one iv-grade --next a turn),
# or with two, as two programs (iv-ask, then iv-grade without --next);
# prints the elapsed seconds.
turns() {
	_start=$(now)
	_done=0
	while [ "$_done" -lt "$1" ]; do
		_s=$(field session "$(iv-ask --start --rounds 10)")
		eval "$(iv-ask --session "$_s" --store --sh q_)"
		_next=--next=q_
		[ "${2:-}" != two ] || _next=
		while [ "$_done" -lt "$1" ] && [ "$q_type" = question ]; do
			eval "$(iv-grade --reply-to "$q_turn_id" --store --hints 0 --meta '{}' --sh g_ $_next <<EOF
$answer
EOF
			)"
			[ -n "$_next" ] || eval "$(iv-ask --session "$_s" --store --sh q_)"
			: "$g_score"
			_done=$((_done + 1))
		done
	done
	echo "$_start $(now)" | awk '{ print $2 - $1 }'
}

turns=40
for sessions in 1000 10000; do
	store "$sessions"
	t=$(turns "$turns")
	awk -v n="$turns" -v t="$t" -v s="$sessions" \
		'BEGIN { printf "interview turns (store + grade + ask, one iv-grade --next) at %d past sessions: %.1f turns/s (%.1f ms a turn)\n", s, n / t, t * 1000 / n }'
	t=$(turns "$turns" two)
	awk -v n="$turns" -v t="$t" -v s="$sessions" \
		'BEGIN { printf "  the same as two programs (iv-grade, then iv-ask): %.1f turns/s (%.1f ms a turn)\n", n / t, t * 1000 / n }'
	: >"$IV_HOME/t"
	(IV_TIMING=1; export IV_TIMING; turns 11) 2>"$IV_HOME/t" >/dev/null
	echo "  where a turn's time goes at $sessions (process start is PROG --version's, in startup.bench.sh; iv-ask is each session's first question):"
	split "$IV_HOME/t"
done

s=$(field session "$(iv-ask --start --rounds 10)")
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

start=$(now)
for i in $(seq 1 "$turns"); do jq -r .id "$IV_HOME/req" >/dev/null; done
end=$(now)
awk -v n="$turns" -v s="$start" -v e="$end" 'BEGIN { printf "jq alone (what a driver pays per field it reads): %.1f ms a call\n", (e - s) * 1000 / n }'
