#!/bin/sh
# iv-serve on a store of 100,000 records (10,000 sessions of 10 questions
# with their answers, built with one SQL script): requests per second and
# the 99th percentile latency of GET /records?limit=50 (and of other pages),
# with wrk from 16 connections for 5 seconds each, and the server's CPU time
# per request (what the figures would be on idle cores, whatever else the
# machine runs). "pages not remembered" asks for 100 different pages in
# turn, more than a worker keeps, so each is read from the store.
# Target on the two-core build machine: >= 5,000 req/s, p99 <= 10 ms.
set -eu
command -v wrk >/dev/null || { echo "serve: wrk is not installed (make deps)"; exit 0; }
IV_HOME=$(mktemp -d "${TMPDIR:-/tmp}/iv-bench-serve.XXXXXX")
export IV_HOME
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$IV_HOME"' EXIT
unset IV_DB IV_USER
iv-store init >/dev/null
sqlite3 "$IV_HOME/iv.db" <<'SQL'
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
INSERT INTO interview_sessions (id, user_id, session_type, status, round_number, lang, created_at)
SELECT i, 1, CASE WHEN i % 4 = 0 THEN 'real' ELSE 'mock' END, 'completed', i,
       CASE WHEN i % 2 = 0 THEN 'zh' ELSE 'en' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || i || ' hours') FROM n;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
INSERT INTO conversations (id, session_id, sequence_number, role, content, reply_to, score, metadata, created_at)
SELECT 2 * i + 1 + k, i / 10 + 1, 2 * (i % 10) + 1 + k,
       CASE k WHEN 0 THEN 'interviewer' ELSE 'candidate' END,
       CASE k WHEN 0 THEN '第 ' || i || ' 题：请解释检索增强生成（RAG）的流程。'
              ELSE 'Answer ' || i || ': retrieve relevant chunks, then generate with them in the prompt.' END,
       CASE k WHEN 0 THEN NULL ELSE 2 * i + 1 END,
       CASE k WHEN 0 THEN NULL ELSE i % 11 END,
       CASE k WHEN 0 THEN '{"topic":"rag","skill_path":"ai/llm/rag"}' ELSE '{"feedback":"可以谈谈重排序"}' END,
       strftime('%Y-%m-%dT%H:%M:%SZ', '2024-01-01', '+' || (i / 10 + 1) || ' hours', '+' || (i % 10) || ' minutes')
FROM n, (SELECT 0 AS k UNION ALL SELECT 1);
COMMIT;
SQL

iv-serve --quiet --listen 127.0.0.1:0 --port-file "$IV_HOME/port" 2>"$IV_HOME/serve.log" &
pid=$!
i=0
while [ ! -s "$IV_HOME/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
addr=$(cat "$IV_HOME/port")
total=$(curl -sf "http://$addr/records?limit=1" | jq .total)
echo "serve store: $total records"

cat >"$IV_HOME/pages.lua" <<'LUA'
n = 0
request = function()
	n = n + 1
	return wrk.format(nil, "/records?limit=50&offset=" .. (n % 100) * 50)
end
LUA

# The server's user + system time so far, in clock ticks.
cpu() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }

# wrk's report: "Requests/sec: N", "N requests in", and with --latency
# "99% X(us|ms|s)"; then the server's CPU time per request.
measure() {
	name=$1
	shift
	c0=$(cpu)
	wrk -t2 -c16 -d5s --latency "$@" >"$IV_HOME/wrk.out"
	c1=$(cpu)
	awk -v name="$name" -v ticks=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '
		/^Requests\/sec:/ { rps = $2 }
		/ requests in / { n = $1 }
		$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
			p99 = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }
		/Non-2xx/ { bad = $NF }
		END { printf "%s: %.0f req/s, p99 %.2f ms, server CPU %.3f ms/request%s\n", name, rps, p99,
			n ? ticks * 1000 / hz / n : 0, bad ? ", non-2xx " bad : "" }' "$IV_HOME/wrk.out"
}
# Warm up until every worker has opened the store and counted the records
# (a count of 100,000 rows takes a worker ~0.1 s of CPU, seconds on a busy
# machine): until 16 requests at once all take under 50 ms, 60 rounds at most.
warm() {
	i=0
	while [ $i -lt 60 ]; do
		slow=$(for k in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16; do
			curl -s -o /dev/null -w '%{time_total}\n' "$1" &
		done | awk '$1 > 0.05' | wc -l)
		[ "$slow" -eq 0 ] && return
		i=$((i + 1))
	done
	echo "serve: still slow after 60 rounds of warming up"
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
warm "http://$addr/records?limit=50"
measure "GET /records?limit=50" "http://$addr/records?limit=50"
measure "GET /records?limit=50, pages not remembered" -s "$IV_HOME/pages.lua" "http://$addr"
measure "GET /records?min_score=8&type=mock&limit=50" "http://$addr/records?min_score=8&type=mock&limit=50"
measure "GET /sessions?limit=50&sort=-created_at" "http://$addr/sessions?limit=50&sort=-created_at"
measure "GET /health" "http://$addr/health"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
