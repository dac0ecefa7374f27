#!/usr/bin/env bats
# make run's demo (share/samples/demo.sh), unattended in both languages:
# it returns by itself, round 2 builds on round 1, the skills move, and
# the sample candidate answers in its own words. Whatever the grader's
# exact scores, the checks read them from the demo's own store.

load test_helper

DEMO="$BATS_TEST_DIRNAME/../share/samples/demo.sh"

# Each language's demo runs once for the whole file, in its own store:
# $BATS_FILE_TMPDIR/LANG/{out,err,status} and the store in LANG/home.
setup_file() {
	local lang v
	for v in $(env | sed -n 's/^\(IV_[A-Z_]*\)=.*/\1/p; s/^\(XDG_[A-Z_]*\)=.*/\1/p'); do
		case $v in IV_BUILD) ;; *) unset "$v" ;; esac
	done
	export HOME="$BATS_FILE_TMPDIR/home-dir" LC_ALL=C.UTF-8 TZ=UTC
	export PATH="${IV_BUILD:-$BATS_TEST_DIRNAME/../build}/bin:/usr/local/bin:/usr/bin:/bin"
	mkdir -p "$HOME"
	for lang in en zh; do
		mkdir -p "$BATS_FILE_TMPDIR/$lang"
		# generous: this checks that the demo returns, not how fast
		(cd "$BATS_FILE_TMPDIR/$lang" || exit
			rc=0
			IV_DEMO_HOME="$BATS_FILE_TMPDIR/$lang/home" IV_LANG=$lang \
				timeout 900 sh "$DEMO" </dev/null >out 2>err || rc=$?
			echo "$rc" >status)
	done
}

# The demo's output and store for LANG.
demo() {
	d="$BATS_FILE_TMPDIR/$1"
	db="$d/home/iv.db"
}

# What the demo printed from round 2's start to `iv progress`.
round2() {
	sed -n '/(interview #2)$/,/^== iv progress$/p' "$d/out"
}

@test "the demo returns by itself, with nothing on stderr, in both languages" {
	for lang in en zh; do
		demo "$lang"
		run -0 cat "$d/status"
		assert_output 0
		run -0 cat "$d/err"
		assert_output ''
		run -0 sqlite3 "$db" "SELECT group_concat(status || ' ' || lang, ', ') FROM interview_sessions"
		assert_output "completed $lang, completed $lang"
	done
}

@test "round 2 opens with round 1's score and a weak topic of round 1, and asks about them" {
	for lang in en zh; do
		demo "$lang"
		score=$(sqlite3 "$db" "SELECT printf('%.1f', overall_score) FROM interview_sessions WHERE round_number = 1")
		[ -n "$score" ]
		run -0 round2
		assert_line --partial "$score/10"
		opening=$(round2 | grep -F "$score/10" | head -1)
		named=0
		while IFS= read -r weak; do
			case $opening in *"$weak"*) named=1 ;; esac
		done < <(sqlite3 "$db" "SELECT summary FROM interview_sessions WHERE round_number = 1" |
			jq -r '.skills[] | select(.score < 7) | .name')
		[ "$named" = 1 ] || fail "$lang: round 2's opening names no weak skill of round 1: $opening"
		# its questions go after them
		run -0 sqlite3 "$db" "SELECT count(*) FROM conversations q JOIN interview_sessions s ON s.id = q.session_id
			WHERE s.round_number = 2 AND q.role = 'interviewer' AND json_extract(q.metadata, '\$.skill_path') IN
			(SELECT json_extract(k.value, '\$.skill_path') FROM interview_sessions p, json_each(p.summary, '\$.skills') k
			 WHERE p.round_number = 1 AND json_extract(k.value, '\$.score') < 7)"
		[ "$output" -ge 1 ] || fail "$lang: no question of round 2 is on a weak skill of round 1"
	done
}

@test "round 2 scores better than round 1, and iv skills and iv progress show the change" {
	for lang in en zh; do
		demo "$lang"
		run -0 sqlite3 "$db" "SELECT (SELECT overall_score FROM interview_sessions WHERE round_number = 2) >
			(SELECT overall_score FROM interview_sessions WHERE round_number = 1)"
		assert_output 1
		run -0 sed -n '/^== iv skills$/,/^== iv plan$/p' "$d/out"
		assert_output --regexp '[+-][0-9]+\.[0-9]'
		run -0 sed -n '/^== iv progress$/,/^== iv skills$/p' "$d/out"
		assert_output --regexp ' 2  [0-9]{4}-[0-9]{2}-[0-9]{2}  '
	done
}

@test "a task of the plan is ticked between the rounds, and the plan is shown at the end" {
	for lang in en zh; do
		demo "$lang"
		run -0 sed -n '/(interview #1)$/,/(interview #2)$/p' "$d/out"
		assert_output --regexp '\[x\] t1 '
		run -0 sqlite3 "$db" "SELECT json_array_length(completed_tasks) FROM learning_plans WHERE session_id =
			(SELECT id FROM interview_sessions WHERE round_number = 1)"
		assert_output 1
		run -0 sed -n '/^== iv plan$/,$p' "$d/out"
		assert_output --regexp ' t1 '
	done
}

# The bank's hints (every key point's text) and reference sentences, one a
# line, for grep -F -f.
bank_patterns() {
	iv-ask --list |
		jq -r '(.key_points[] | .en, .zh), (.reference[] | split(". ")[] | split("。")[] | split("? ")[] | split("？")[])' |
		sed 's/^[[:space:]]*//; s/[.。?？[:space:]]*$//' | awk 'length >= 12' | sort -u
}

@test "the sample candidate never echoes a hint or a reference sentence" {
	bank_patterns >patterns
	[ "$(wc -l <patterns)" -gt 1000 ]
	# the check can fail: a reference sentence inside an answer is caught
	ref=$(iv-ask --list | jq -r 'select(.id == "rag-004") | .reference.en | split(". ")[1]')
	run -0 grep -c -F -f patterns <<<"Well, $ref, I think."
	for lang in en zh; do
		demo "$lang"
		sqlite3 "$db" "SELECT replace(content, char(10), ' ') FROM conversations WHERE role = 'candidate'" >answers
		[ "$(wc -l <answers)" -ge 6 ]
		run -1 grep -F -f patterns answers
		assert_output ''
	done
}

@test "the sample answers themselves echo no hint or reference sentence" {
	bank_patterns >patterns
	for lang in en zh; do
		jq -r '.before // empty, .after // empty, (.follow_ups // {} | .[] | if type == "object" then .[] else . end)' \
			"$BATS_TEST_DIRNAME/../share/samples/answers-$lang.jsonl" >answers
		[ "$(wc -l <answers)" -ge 12 ]
		run -1 grep -F -f patterns answers
		assert_output ''
	done
}

@test "with a terminal the person answers, and learns how to pause and come back" {
	export IV_DEMO_HOME="$BATS_TEST_TMPDIR/tty"
	run -0 timeout 300 script -qec "sh '$DEMO'" /dev/null <<<':pause'
	assert_output --partial 'Ctrl-C'
	assert_output --partial "IV_HOME=$IV_DEMO_HOME "
	assert_output --regexp 'The interview is paused; come back to it with:.*iv interview --continue'
	run -0 sqlite3 "$IV_DEMO_HOME/iv.db" "SELECT status FROM interview_sessions"
	assert_output paused
	# and the command it gives picks the interview up
	IV_HOME="$IV_DEMO_HOME" run -0 --separate-stderr iv interview --continue --answers /dev/null
	assert_line --index 0 "Continuing session 1 (interview #1, 3 questions)."
}

@test "the demo never touches the store IV_HOME names, nor a folder it did not make" {
	mkdir -p "$IV_HOME"
	echo keep >"$IV_HOME/mine"
	IV_DEMO_HOME="$BATS_TEST_TMPDIR/d" run -0 timeout 300 script -qec "sh '$DEMO'" /dev/null <<<$':quit\ny'
	run -0 cat "$IV_HOME/mine"
	assert_output keep
	# a second run starts afresh over the first one's store
	IV_DEMO_HOME="$BATS_TEST_TMPDIR/d" run -0 timeout 300 script -qec "sh '$DEMO'" /dev/null <<<$':quit\ny'
	run -0 sqlite3 "$BATS_TEST_TMPDIR/d/iv.db" "SELECT count(*) FROM interview_sessions"
	assert_output 1
	IV_DEMO_HOME="$IV_HOME" run -1 --separate-stderr sh "$DEMO" </dev/null
	assert_stderr "demo: $IV_HOME is not a demo store of an earlier run; not touching it (set IV_DEMO_HOME)"
	run -0 cat "$IV_HOME/mine"
	assert_output keep
}
