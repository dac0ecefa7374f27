# kill_helper.bash — an interview killed with SIGKILL at a chosen step, for
# t/0440-interview-kill.bats and t/0970-faults.bats. Load after test_helper.

sql() {
	sqlite3 "$IV_HOME/iv.db" "$@"
}

# What a finished session looks like: each question and its answer, graded.
transcript() {
	sql "SELECT q.sequence_number, json_extract(q.metadata, '$.question_id'), json_extract(q.metadata, '$.follow_up'),
	     a.sequence_number, a.content, a.score FROM conversations q
	     LEFT JOIN conversations a ON a.reply_to = q.id AND a.role = 'candidate'
	     WHERE q.role = 'interviewer' ORDER BY q.sequence_number"
	sql "SELECT status, (SELECT count(*) FROM conversations) FROM interview_sessions"
}

# A bin folder with the real programs, but iv-ask or iv-grade replaced by
# one that kills the whole interview (its process group) with SIGKILL:
#   ask K         after the K-th question is stored, before the driver sees it
#   grade-before  after the K-th answer is stored, before it is graded (the
#                 driver's iv-grade --reply-to stores the answer, commits,
#                 then grades: the K-th call stores it the same way, with
#                 iv-store, and is killed instead of grading)
#   grade-after   after the K-th grade is stored, before the next question
#                 is asked (iv-grade --next's last step: the wrapper asks it
#                 with iv-ask)
killer_bin() {
	local mode=$1 k=$2 bin="$BATS_TEST_TMPDIR/bin"
	rm -rf "$bin"
	mkdir -p "$bin"
	for p in "$IV_BUILD"/bin/*; do ln -s "$p" "$bin/"; done
	rm "$bin/iv" "$bin/iv-ask" "$bin/iv-grade"
	cp "$IV_BUILD/bin/iv" "$bin/iv"
	cat >"$bin/kill-here" <<-EOF
	#!/bin/sh
	# Count the calls that matter; kill the process group at the K-th.
	n=\$((\$(cat "$BATS_TEST_TMPDIR/count" 2>/dev/null || echo 0) + 1))
	echo "\$n" >"$BATS_TEST_TMPDIR/count"
	[ "\$n" -eq $k ] || exit 0
	[ -z "\$1" ] || "\$@"
	kill -s KILL -- -\$(cut -d' ' -f5 /proc/\$\$/stat)
	sleep 10
	EOF
	cat >"$bin/store-answer" <<-EOF
	#!/bin/sh
	# What iv-grade --reply-to TURN commits before grading: the answer.
	sid=\$(sqlite3 "\$IV_HOME/iv.db" "SELECT session_id FROM conversations WHERE id = \$1")
	printf '%s' "\$2" | jq -Rsc --argjson r "\$1" '{role: "candidate", content: ., reply_to: \$r}' |
		"$IV_BUILD/bin/iv-store" turns add --session "\$sid" >/dev/null
	EOF
	cat >"$bin/iv-ask" <<-EOF
	#!/bin/sh
	out=\$("$IV_BUILD/bin/iv-ask" "\$@") || exit
	case "\$*" in *--store*) [ "$mode" = ask ] && "$bin/kill-here" ;; esac
	printf '%s\n' "\$out"
	EOF
	# iv-grade --reply-to TURN ... --next=q_ as its steps: the answer
	# stored, the grade stored, the next question stored
	cat >"$bin/iv-grade" <<-EOF
	#!/bin/sh
	case "\$*" in --reply-to*)
		answer=\$(cat)
		sid=\$(sqlite3 "\$IV_HOME/iv.db" "SELECT session_id FROM conversations WHERE id = \$2")
		next=
		for a do
			shift
			case \$a in --next*) next=1 ;; *) set -- "\$@" "\$a" ;; esac
		done
		[ "$mode" = grade-before ] && "$bin/kill-here" "$bin/store-answer" "\$2" "\$answer"
		out=\$(printf '%s' "\$answer" | "$IV_BUILD/bin/iv-grade" "\$@") || exit
		[ "$mode" = grade-after ] && "$bin/kill-here"
		printf '%s\n' "\$out"
		[ -z "\$next" ] || "$bin/iv-ask" --session "\$sid" --store --sh q_ || exit
		exit 0 ;;
	esac
	out=\$("$IV_BUILD/bin/iv-grade" "\$@") || exit
	printf '%s\n' "\$out"
	EOF
	chmod +x "$bin"/*
	rm -f "$BATS_TEST_TMPDIR/count"
	killed_iv="$bin/iv"
}

# The answer blocks after the first N.
rest_of() {
	awk -v n="$2" '/^\.$/ { k++; if (k > n) print; next } k >= n { print }' "$1"
}

# kill_matrix ANSWERS [ARG...]: the interview (iv interview ARG... --answers
# ANSWERS) killed after every step of every turn in turn, each in a store of
# its own, then --continue: every store must end as the uninterrupted one.
kill_matrix() {
	local answers=$1 mode k last turns home reference stored
	shift

	# The uninterrupted interview to compare with.
	run -0 --separate-stderr iv interview "$@" --answers "$answers"
	reference=$(transcript)
	turns=$(sql "SELECT count(*) FROM conversations WHERE role = 'interviewer'")
	[ "$turns" -ge 3 ]
	home=$IV_HOME
	for mode in ask grade-before grade-after; do
		last=$turns
		[ "$mode" = ask ] && last=$((turns + 1))	# the last ask says "done"
		for k in $(seq 1 "$last"); do
			export IV_HOME="$home-$mode-$k"
			killer_bin "$mode" "$k"
			IV_LIBEXEC="$IV_BUILD/libexec/iv" run setsid "$killed_iv" interview "$@" --answers "$answers"
			[ "$status" -eq 137 ] || fail "$mode $k: the interview was not killed (status $status): $output"
			stored=$(sql "SELECT count(*) FROM conversations WHERE role = 'candidate'")
			rest_of "$answers" "$stored" >"$BATS_TEST_TMPDIR/rest"
			run --separate-stderr iv interview --continue --answers "$BATS_TEST_TMPDIR/rest"
			[ "$status" -eq 0 ] || fail "$mode $k: --continue failed: $stderr"
			[ "$(transcript)" = "$reference" ] || fail "$mode $k: the store differs:
$(transcript)
expected:
$reference"
		done
	done
}
