#!/usr/bin/env bats
# The grader's dev set (t/eval/grade/*.jsonl) and its eval script
# (t/eval/grade.eval.sh, run by make eval). These check that the set is
# well formed and that the script runs and computes its figures right; they
# do not check how well the grader does.

load test_helper

EVAL="$IV_SRC/t/eval/grade.eval.sh"
TUNE="$IV_SRC/t/eval/grade/tune.jsonl"
HELD="$IV_SRC/t/eval/grade/heldout.jsonl"

# A small dev file: the answers to two questions of the tuning half, one
# answered in English and one in Chinese, one per category (not the later
# passes' QUESTION_ID/CATEGORY-KIND answers, so the counts below hold).
small_set() {
	jq -c 'select((.question_id == "rag-001" or .question_id == "redis-caching-001")
		and (.id | test("/[a-z_]+$")))' "$TUNE" >small.jsonl
}

@test "every line of both halves is valid: fields, categories, bank questions, their key points" {
	run -0 --separate-stderr sh "$EVAL" --check "$TUNE" "$HELD"
	[ -z "$stderr" ] || fail "$stderr"
	assert_line "$TUNE: $(wc -l <"$TUNE") answers, valid"
	assert_line "$HELD: $(wc -l <"$HELD") answers, valid"
}

@test "the set: 400+ answers, 40+ questions, both languages, every category for every question" {
	run -0 jq -rs '
		[length >= 400, (map(.question_id) | unique | length) >= 40,
		 (map(.lang) | unique) == ["en", "zh"],
		 (map(select(.category == "injection")) | length) >= 10]
		| map(tostring) | join(" ")' "$TUNE" "$HELD"
	assert_output "true true true true"
	# Each question: the nine common categories, mixed when in Chinese.
	run -0 jq -rs '
		group_by(.question_id)[]
		| (map(.category) | unique) as $c | .[0] as $q
		| (["reference", "paraphrase", "terms", "wrong_vocab", "negation", "offtopic",
		    "oneline", "rambling", "partial"] + (if $q.lang == "zh" then ["mixed"] else [] end)) - $c
		| select(length > 0) | "\($q.question_id) lacks \(join(", "))"' "$TUNE" "$HELD"
	assert_output ""
	# One language per question; reference, paraphrase and terms about the
	# same key points (terms names them without covering them).
	run -0 jq -rs --slurpfile bank <(iv-ask --list) '
		($bank | map({(.id): [.key_points[].id]}) | add) as $kp
		| group_by(.question_id)[] | .[0].question_id as $id
		| (if (map(.lang) | unique | length) > 1 then "\($id): two languages" else empty end),
		  (map(select(.category == "reference" or .category == "paraphrase")) | .[]
		   | select((.covered | sort) != ($kp[$id] | sort)) | "\(.id) does not cover every key point"),
		  (map(select(.category == "terms" and .covered != [])) | .[] | "\(.id) covers points")' "$TUNE" "$HELD"
	assert_output ""
}

@test "the halves follow the README's rule: questions sorted by id, every second one held out" {
	run -0 jq -rs 'map(.question_id) | unique | to_entries
		| map("\(.value) \(if .key % 2 == 0 then "tune" else "heldout" end)") | .[]' "$TUNE" "$HELD"
	expected=$output
	run -0 sh -c 'jq -r ".question_id + \" tune\"" "$1"; jq -r ".question_id + \" heldout\"" "$2"' sh "$TUNE" "$HELD"
	[ "$(sort -u <<<"$output")" = "$(sort <<<"$expected")" ] || fail "the split does not follow the rule"
	grep -q 'every second one\|2nd, 4th, 6th' "$IV_SRC/t/eval/grade/README.md"
}

@test "a malformed dev file: exit 1, each bad line named with its file and number, nothing graded" {
	{
		head -1 "$TUNE"
		echo '{"id": "x", "question_id": "no-such-001"}'
		echo 'not json'
		head -1 "$TUNE" | jq -c '.covered += ["nope"]'
		head -1 "$TUNE" | jq -c '.id = "y" | .category = "essay" | .score = 12'
		head -1 "$TUNE"
	} >bad.jsonl
	run -1 --separate-stderr sh "$EVAL" --file bad.jsonl
	assert_output ""
	assert_stderr --partial "grade.eval.sh: bad.jsonl:2: missing field 'lang'"
	assert_stderr --partial "grade.eval.sh: bad.jsonl:3: not a JSON object"
	assert_stderr --partial "bad.jsonl:4: field 'covered': 'nope' not a key point of"
	assert_stderr --partial "bad.jsonl:5: field 'category': 'essay' is not one of"
	assert_stderr --partial "bad.jsonl:6: id '$(head -1 "$TUNE" | jq -r .id)' repeats line 1"
	run -1 --separate-stderr sh "$EVAL" --check bad.jsonl
	run -1 --separate-stderr sh "$EVAL" --file missing.jsonl
	assert_stderr "grade.eval.sh: can't read 'missing.jsonl'"
}

@test "bad usage exits 2 with a pointer to --help; --help exits 0" {
	run -2 --separate-stderr sh "$EVAL" --nope
	assert_stderr --partial "unknown option '--nope'"
	assert_stderr --partial "--help"
	run -2 --separate-stderr sh "$EVAL" --check
	run -2 --separate-stderr sh "$EVAL" --file
	run -0 --separate-stderr sh "$EVAL" --help
	assert_output --partial "Usage:"
}

@test "it grades a small set through iv-grade and prints every figure" {
	small_set
	run -0 --separate-stderr sh "$EVAL" --file small.jsonl
	assert_line "iv-grade (builtin) on the small.jsonl half: $(wc -l <small.jsonl) answers"
	assert_line --regexp '^  n [0-9]+   Pearson -?[0-9]+\.[0-9]{2}   Spearman -?[0-9]+\.[0-9]{2}   RMSE [0-9]+\.[0-9]{2} '
	for c in reference paraphrase mixed partial oneline rambling terms negation wrong_vocab offtopic injection; do
		assert_line --regexp "^  $c +[0-9]+ +[0-9]+\.[0-9]{2} +[0-9]+\.[0-9]{2} +"
	done
	assert_line --regexp '^  terms below paraphrase, per question +[0-9.]+ \([0-9]+ of 2\)'
	assert_line --regexp '^  terms >= 2 below reference, per question +[0-9.]+ \([0-9]+ of 2\)'
	assert_line --regexp '^  negation: every negated point missed +[0-9.]+ \([0-9]+ of 2\) answers'
	assert_line --regexp '^  wrong_vocab vs reference, mean +[0-9.]+ vs [0-9.]+, gap -?[0-9.]+'
	assert_line --regexp '^  paraphrase >= 5 or confidence < 0.5 +[0-9.]+ \([0-9]+ of 2\)'
	assert_line --regexp '^  confidence'
	assert_line --regexp '^  injection, mean score +[0-9.]+ \(2 answers'
	assert_line --regexp '^  key points covered: precision [0-9.]+ recall [0-9.]+'
}

@test "the figures: a grader that agrees with every expected grade gets 1.00 and RMSE 0.00" {
	small_set
	# A stand-in iv-grade that answers each request with the expected grade,
	# the expected points as covered and the rest (negated ones too) missed.
	mkdir bin
	cat >bin/iv-grade <<-'EOF'
	#!/bin/sh
	exec jq -c --slurpfile d "$DEV" '($d | map({(.id): .}) | add)[.id] as $e
		| {id, score: $e.score, confidence: 0.25,
		   covered_points: [$e.covered[] | {id: .}],
		   missed_points: [.key_points[].id | select(IN($e.covered[]) | not) | {id: .}]}'
	EOF
	chmod +x bin/iv-grade
	DEV=$PWD/small.jsonl PATH=$PWD/bin:$PATH run -0 --separate-stderr sh "$EVAL" --file small.jsonl
	assert_line --regexp '^  n [0-9]+   Pearson 1\.00   Spearman 1\.00   RMSE 0\.00 '
	assert_line --regexp '^  terms >= 2 below reference, per question +1\.00 \(2 of 2\)'
	assert_line --regexp '^  negation: every negated point missed +1\.00 \(2 of 2\) answers'
	assert_line --regexp '^  paraphrase >= 5 or confidence < 0.5 +1\.00 \(2 of 2\)'
	assert_line --regexp '^  confidence, mean: paraphrases graded < 5 - \(0\), paraphrases graded >= 5 0\.25 \(2\), references 0\.25 \(2\)'
	assert_line --regexp '^  reference +2 +([0-9.]+) +\1 +0\.25$'
	assert_line '  key points covered: precision 1.00 recall 1.00 (all answers); precision 1.00 recall 1.00 (without terms)'
}

@test "a grader that fails a request makes the eval fail, naming the step" {
	small_set
	mkdir bin
	printf '#!/bin/sh\necho "iv-grade: boom" >&2\nexit 1\n' >bin/iv-grade
	chmod +x bin/iv-grade
	PATH=$PWD/bin:$PATH run -1 --separate-stderr sh "$EVAL" --file small.jsonl
	assert_stderr --partial "grade.eval.sh: iv-grade failed on small.jsonl"
}
