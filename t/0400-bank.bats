#!/usr/bin/env bats
# The question bank (share/questions, lib/bank.c): the whole bank checked,
# and the checker itself on a broken bank.

load test_helper

@test "the whole bank is sound: schema, unique ids, weights, follow-ups, skill paths" {
	run -0 --separate-stderr iv-ask --check-bank
	[ -z "$stderr" ] || fail "$stderr"
	run -0 jq -r '"\(.problems) \(.questions >= 200) \(.topics >= 20)"' <<<"$output"
	assert_output "0 true true"
}

@test "every topic of the bank's README has its file, with questions at each difficulty" {
	run -0 --separate-stderr iv-ask --check-bank
	summary=$output
	for t in $(sed -n 's/^| \([a-z0-9-]*\) | .*/\1/p' "$IV_SRC/share/questions/README.md" | grep -v '^file$'); do
		n=$(jq -r --arg t "$t" '.by_topic[$t] // 0' <<<"$summary")
		[ "$n" -ge 5 ] || fail "topic $t has $n questions"
	done
	for d in 1 2 3; do
		n=$(jq -r --arg d "$d" '.by_difficulty[$d] // 0' <<<"$summary")
		[ "$n" -ge 20 ] || fail "only $n questions of difficulty $d"
	done
}

@test "--list gives every question with both languages" {
	run -0 --separate-stderr iv-ask --list
	n=$(iv-ask --check-bank 2>/dev/null | jq .questions)
	[ "${#lines[@]}" -eq "$n" ]
	run -0 jq -rs 'map(select((.text.en | length) > 0 and (.text.zh | length) > 0 and (.key_points | length) >= 3
		and (.follow_ups | length) >= 1 and (.resources | length) >= 1)) | length' <<<"$output"
	assert_output "$n"
}

# A share folder holding the taxonomy and the given question files.
broken_share() {
	share="$BATS_TEST_TMPDIR/share"
	mkdir -p "$share/questions"
	cp "$IV_SRC/share/skills.yaml" "$share/"
	export IV_SHARE="$share"
}

good_question() {
	cat <<Q
  - id: $1
    skill_path: ${2:-ai/llm/rag}
    difficulty: ${3:-1}
    text: {en: "Question $1?", zh: "问题 $1？"}
    key_points:
      - {id: a, weight: 0.5, en: "Point a", zh: "要点 a", terms: [alpha]}
      - {id: b, weight: 0.25, en: "Point b", zh: "要点 b", terms: [beta]}
      - {id: c, weight: 0.25, en: "Point c", zh: "要点 c", terms: [gamma]}
    follow_ups:
      - {key_point: ${4:-a}, en: "More on a?", zh: "再说说 a？"}
    reference: {en: "Ref.", zh: "参考。"}
    resources:
      - {title: "Docs", url: "https://example.org/"}
Q
}

@test "the checker names each problem with its file and line" {
	broken_share
	{
		printf 'topic: rag\nname: {en: RAG, zh: 检索增强}\nquestions:\n'
		good_question rag-001
		good_question rag-001
		good_question rag-002 ai/llm/nothing
		good_question rag-003 ai/llm/rag 4
		good_question rag-004 ai/llm/rag 1 zzz
		good_question rag-5x
		cat <<'Q'
  - id: rag-006
    skill_path: ai/llm/rag
    difficulty: 2
    text: {en: "Only English?"}
    key_points:
      - {id: a, weight: 0.7, en: "A", zh: "甲", terms: [a1]}
      - {id: a, weight: 0.2, en: "B", zh: "乙", terms: []}
    follow_ups: []
    reference: {en: "R", zh: "参"}
    resources: []
    extra: 1
Q
	} >"$share/questions/rag.yaml"
	printf 'topic: other\nname: {en: X, zh: Y}\nquestions:\n  - id: [unclosed\n' >"$share/questions/bad.yaml"
	printf 'topic: wrong\nname: {en: X, zh: Y}\nquestions: []\n' >"$share/questions/misnamed.yaml"
	run -1 --separate-stderr iv-ask --check-bank
	f="$share/questions/rag.yaml"
	assert_stderr --partial "iv-ask: $share/questions/bad.yaml:"
	assert_stderr --partial "(the file is left out)"
	assert_stderr --partial "iv-ask: $share/questions/misnamed.yaml:1: 'topic' must be 'misnamed', the file's name"
	assert_stderr --partial "iv-ask: $f:17: question rag-001: id 'rag-001' is used twice (also $f:4)"
	assert_stderr --partial "iv-ask: $f:31: question rag-002: skill_path 'ai/llm/nothing' is not in the taxonomy (skills.yaml)"
	assert_stderr --partial "iv-ask: $f:45: question rag-003: 'difficulty' must be 1, 2 or 3"
	assert_stderr --partial "iv-ask: $f:65: question rag-004: follow-up 1 is tied to key point 'zzz', which the question does not have"
	assert_stderr --partial "iv-ask: $f:69: question rag-5x: id 'rag-5x' is not rag-NNN"
	assert_stderr --partial "question rag-006: 'text.zh' is missing"
	assert_stderr --partial "question rag-006: has 2 key points; at least 3 are needed"
	assert_stderr --partial "question rag-006: key point id 'a' is used twice"
	assert_stderr --partial "question rag-006: 'key_points[1].terms' must be a list of at least one word or phrase"
	assert_stderr --partial "question rag-006: key point weights sum to 0.9, not 1"
	assert_stderr --partial "question rag-006: 'follow_ups' must be a list of at least one follow-up"
	assert_stderr --partial "question rag-006: 'resources' must be a list of at least one {title, url}"
	assert_stderr --partial "question rag-006: unknown field 'extra'"
	run -0 jq -r '"\(.questions) \(.topics)"' <<<"$output"
	assert_output "1 1"
}

@test "a bad question is left out of interviews with one warning" {
	broken_share
	{
		printf 'topic: rag\nname: {en: RAG, zh: 检索增强}\nquestions:\n'
		good_question rag-001
		good_question rag-002 ai/llm/nothing
	} >"$share/questions/rag.yaml"
	run -0 --separate-stderr iv-ask --list
	assert_stderr "iv-ask: the question bank has 1 problem; the questions concerned are left out (iv-ask --check-bank lists them)"
	run -0 jq -r .id <<<"$output"
	assert_output rag-001
}

@test "an empty bank: the checker and the interviewer say so" {
	broken_share
	run -1 --separate-stderr iv-ask --check-bank
	assert_stderr "iv-ask: no questions in $share/questions"
	iv-store init >/dev/null
	iv-ask --start >/dev/null
	run -1 --separate-stderr iv-ask --session 1 --store
	assert_stderr "iv-ask: no questions in $share/questions"
	[ "$(db_count conversations)" = 0 ]
	rmdir "$share/questions"
	run -1 --separate-stderr iv-ask --session 1
	assert_stderr "iv-ask: no questions in $share/questions"
	run -1 --separate-stderr iv-ask --check-bank
	assert_stderr "iv-ask: $share/questions: No such file or directory
iv-ask: no questions in $share/questions"
}
