# _interview.sh — the loop of `iv interview` (interview.sh): iv-ask, read
# the answer, store and grade it and ask the next question (iv-grade
# --reply-to --store --next), feedback, and at the end the grades. The
# programs hold the logic; this file holds the conversation. POSIX sh.

interview_usage_check() {
	case $2 in
	''|*[!0-9]*) iv_usage_error "option '$1' needs a number, not '$2'" ;;
	esac
}

# Styles, only on a terminal and never with NO_COLOR.
interview_styles() {
	if iv_use_color; then
		c_bold=$(printf '\033[1m') c_dim=$(printf '\033[2m') c_off=$(printf '\033[0m')
		c_good=$(printf '\033[32m') c_mid=$(printf '\033[33m') c_low=$(printf '\033[31m')
	else
		c_bold= c_dim= c_off= c_good= c_mid= c_low=
	fi
}

# Words of the conversation in the session's language.
interview_words() {
	if [ "$lang" = zh ]; then
		w_round=轮 w_follow=追问 w_level=难度 w_score=得分 w_hint=提示 w_nohint='没有更多提示了。'
		w_grades=成绩 w_feedback=反馈 w_average=平均 w_session=会话 w_over=' 分（%s 个回答）'
		w_prompt='（回答后另起一行输入 . 结束；:hint 提示  :skip 跳过  :pause 暂停  :quit 退出  :e 编辑器）'
		w_start='第 %s 次模拟面试：%s 道题（会话 %s）。'
		w_continue='继续会话 %s（第 %s 次面试，%s 道题）。'
		w_done='会话 %s 已完成，辛苦了！'
	else
		w_round=Round w_follow=follow-up w_level=difficulty w_score=Score w_hint=Hint
		w_grades=Grades w_feedback=Feedback w_average=average w_session=session w_over=' over %s answers'
		w_nohint='No more hints for this one.'
		w_prompt='(end with a line holding only "."; :hint :skip :pause :quit :e)'
		w_start='Mock interview #%s: %s questions (session %s).'
		w_continue='Continuing session %s (interview #%s, %s questions).'
		w_done='Session %s is complete. Well done!'
	fi
}

# Run iv-store to change the session's status; quiet on success.
interview_status() {
	iv-store sessions update "$sid" --status "$1" >/dev/null
}

interview_interrupted() {
	trap - INT TERM HUP
	if [ -n "${sid:-}" ] && interview_status paused 2>/dev/null; then
		printf '\n' >&2
		iv_warn "interrupted; session $sid is paused and every stored answer kept ('iv interview --continue' resumes it)"
	fi
	exit 130
}

# The next hint of the current question, if any.
interview_hint() {
	h=
	[ "$hints" -ge "${q_hints_count:-0}" ] || eval "h=\${q_hints_$hints}"
	if [ -z "$h" ]; then
		printf '%s%s%s\n' "$c_dim" "$w_nohint" "$c_off"
		return
	fi
	hints=$((hints + 1))
	printf '%s%s %d: %s%s\n' "$c_mid" "$w_hint" "$hints" "$h" "$c_off"
}

interview_edit() {
	tmp=$(mktemp "${TMPDIR:-/tmp}/iv-answer.XXXXXX") || iv_die "can't create a temporary file"
	${VISUAL:-${EDITOR:-vi}} "$tmp" || iv_warn "the editor failed; nothing taken from it"
	answer=$(cat "$tmp")
	rm -f "$tmp"
}

# Read one answer from fd 3 into $answer; $action is answer, skip, pause,
# quit or eof (input ended before any answer).
interview_read() {
	answer= action=answer lines=0
	while :; do
		# A line already read (voice_answer's record-or-type prompt) comes first.
		if [ -n "${pending_line+set}" ]; then
			line=$pending_line
			unset pending_line
		else
			if [ "$interactive" = 1 ]; then
				if [ "$lines" -eq 0 ]; then printf '%s> %s' "$c_bold" "$c_off"; else printf '  '; fi
			fi
			if ! IFS= read -r line <&3; then
				if [ -n "$line" ]; then
					answer=${answer:+$answer
}$line
					lines=$((lines + 1))
				fi
				[ "$lines" -gt 0 ] || action=eof
				return 0
			fi
		fi
		case $line in
		:hint) interview_hint; continue ;;
		esac
		if [ "$lines" -eq 0 ]; then
			case $line in
			:skip) action=skip; return 0 ;;
			:pause) action=pause; return 0 ;;
			:quit)
				if [ "$interactive" = 1 ]; then
					printf 'Quit? The interview will be cancelled. [y/N] '
					IFS= read -r yn <&3 || yn=
					case $yn in [yY]*) ;; *) continue ;; esac
				fi
				action=quit; return 0 ;;
			:e)
				interview_edit
				[ -n "$answer" ] && return 0
				continue ;;
			'') continue ;;
			.)
				# An empty answer: on a terminal surely a slip of the finger.
				[ "$interactive" = 1 ] && continue
				return 0 ;;
			esac
		fi
		[ "$line" = . ] && return 0
		answer=${answer:+$answer
}$line
		lines=$((lines + 1))
	done
}

interview_show_question() {
	tid=$q_turn_id round=$q_round max=$q_max_rounds topic=$q_topic_name level=$q_difficulty \
		follow=$q_follow_up text=$q_text
	printf '\n%s── %s %s/%s · %s' "$c_bold" "$w_round" "$round" "$max" "$topic"
	if [ "$follow" = true ]; then printf ' · %s' "$w_follow"; else printf ' · %s %s' "$w_level" "$level"; fi
	printf ' ──%s\n%s\n' "$c_off" "$text"
	if [ "$interactive" = 1 ] && [ "$shown_prompt" = 0 ]; then
		printf '%s%s%s\n' "$c_dim" "$w_prompt" "$c_off"
		shown_prompt=1
	fi
}

# Store the answer first, in its own transaction, grade it, then ask the
# next question: one iv-grade --next, which prints the grade's fields and
# the next question's as shell variables (g_score, g_feedback, ...; q_type,
# q_text, ...), so a turn is one process and no jq. The answer goes in as
# a here-document, not through printf and a pipe: two forks fewer (about
# 4 ms a turn here); iv-grade drops the one newline it ends with.
interview_answer() {
	skipped=
	[ "$action" = skip ] && skipped=--skipped answer=
	g=$(iv-grade --reply-to "$tid" --store --hints "$hints" $skipped \
		--meta "${answer_meta:-"{}"}" --sh g_ --next=q_ <<EOF
$answer
EOF
	) || interview_stopped
	q_hints_count=0
	eval "$g"
}

interview_feedback() {
	score=$g_score feedback=$g_feedback
	case $score in
	[89]*|10*) c=$c_good ;;
	[567]*) c=$c_mid ;;
	*) c=$c_low ;;
	esac
	printf '%s%s %s/10%s  %s\n' "$c" "$w_score" "$score" "$c_off" "$feedback"
}

# The grades of the session, one line per answer, and their average.
interview_grades() {
	printf '\n%s── %s · %s %s ──%s\n' "$c_bold" "$w_grades" "$w_session" "$sid" "$c_off"
	iv-store turns list --session "$sid" | jq -rs --arg avg "$w_average" --arg over "$w_over" '
		(map(select(.role == "interviewer")) | map({key: (.id | tostring), value: .}) | from_entries) as $q
		| map(select(.role == "candidate" and .reply_to != null)) as $a
		| ($a | map(.score // empty)) as $s
		| ($a[] | . as $x | $q[$x.reply_to | tostring].metadata as $m
			| "  \($m.round // "?")\(if $m.follow_up then "+" else " " end) \($m.question_id // "-")"
			  + "  \(if $x.score == null then "-" else $x.score end)"
			  + (if $x.metadata.skipped then "  (skipped)" else "" end)
			  + (if ($x.metadata.hints // 0) > 0 then "  (\($x.metadata.hints) hint\(if $x.metadata.hints > 1 then "s" else "" end))" else "" end)),
		  (if ($s | length) > 0 then "  \($avg) \((($s | add) / ($s | length) * 10 | round) / 10)\($over | sub("%s"; "\($s | length)"))" else empty end)'
	if [ "$feedback_on" = 0 ]; then
		printf '\n%s── %s ──%s\n' "$c_bold" "$w_feedback" "$c_off"
		iv-store turns list --session "$sid" |
			jq -r 'select(.role == "candidate" and .metadata.feedback != null) | "  \(.score): \(.metadata.feedback)"'
	fi
}

# The end of an interview: the session is completed and, once iv-summarize
# is there (issue 5), summarized in the same step and its report shown;
# without it, the grades are the summary.
# Good answers, the summary and skill evidence become memories: always with
# --update-knowledge, else when the user's setting asks for it.
interview_knowledge() {
	if [ "$update_kb" = 1 ]; then
		iv-embed --session "$sid" >/dev/null ||
			iv_warn "session $sid: memories not updated ('iv kb update $sid' tries again)"
	else
		iv-embed --auto-sessions >/dev/null ||
			iv_warn "session $sid: memories not updated ('iv kb update $sid' tries again)"
	fi
}

# A step failed (a full disk, a locked store ...): what was stored stays.
interview_stopped() {
	iv_warn "session $sid stopped; its answers and grades are kept ('iv interview --continue' goes on)"
	exit 1
}

interview_finish() {
	if command -v iv-summarize >/dev/null 2>&1; then
		if ! iv-summarize --session "$sid" --complete --store >/dev/null; then
			iv_warn "no summary for session $sid; its answers and grades are kept"
			interview_status completed 2>/dev/null
		fi
	else
		interview_status completed || exit 1
	fi
	interview_knowledge
	interview_grades
	if command -v iv-summarize >/dev/null 2>&1 && [ -f "$IV_LIBEXEC/report.sh" ]; then
		printf '\n'
		( iv_run_command report "$sid" ) || iv_warn "no report for session $sid"
	fi
	printf "\n$w_done\n" "$sid"
}

interview_main() {
	rounds= resume= jd= lang_opt= feedback_on=1 answers= cont=0 cont_id= update_kb=0 model=
	voice_speak=0 audio_in= keep_audio=false
	while [ $# -gt 0 ]; do
		case $1 in
		--rounds|--resume|--jd|--lang|--answers|--model)
			[ $# -ge 2 ] || iv_usage_error "option '$1' needs an argument"
			case $1 in
			--rounds)
				interview_usage_check "$1" "$2"
				[ "$2" -ge 1 ] && [ "$2" -le 10 ] || iv_usage_error "option '--rounds' takes 1 to 10, not '$2'"
				rounds=$2 ;;
			--resume) interview_usage_check "$1" "$2"; resume=$2 ;;
			--jd) interview_usage_check "$1" "$2"; jd=$2 ;;
			--lang) case $2 in zh|en) lang_opt=$2 ;; *) iv_usage_error "option '--lang' takes zh or en, not '$2'" ;; esac ;;
			--answers) answers=$2 ;;
			--model) model=$2 ;;
			esac
			shift 2 ;;
		--no-feedback) feedback_on=0; shift ;;
		--voice) voice_speak=1; shift ;;
		--keep-audio) keep_audio=true; shift ;;
		--audio-in) [ $# -ge 2 ] || iv_usage_error "option '$1' needs an argument"; audio_in=$2; shift 2 ;;
		--update-knowledge) update_kb=1; shift ;;
		--continue)
			cont=1; shift
			case ${1:-} in ''|-*) ;; *) interview_usage_check --continue "$1"; cont_id=$1; shift ;; esac ;;
		*) iv_usage_error "unknown argument '$1'" ;;
		esac
	done
	if [ "$cont" = 1 ] && [ -n "$rounds$resume$jd$lang_opt$model" ]; then
		iv_usage_error "--continue goes on with the session's own rounds, resume, JD, language and model"
	fi
	if [ -n "$answers" ]; then
		[ -r "$answers" ] && [ ! -d "$answers" ] || iv_die "can't read answers from '$answers'"
		exec 3<"$answers"
		interactive=0
	elif [ -t 0 ]; then
		exec 3<&0
		interactive=1
	else
		exec 3<&0
		interactive=0
	fi
	. "$IV_LIBEXEC/_voice.sh"
	voice_init "$voice_speak" "$audio_in" "$keep_audio"
	interview_styles
	shown_prompt=0
	sid=
	trap interview_interrupted INT TERM HUP

	if [ "$cont" = 1 ]; then
		s=$(iv-ask --unfinished ${cont_id:+--session "$cont_id"}) || exit 1
	else
		s=$(iv-ask --start ${rounds:+--rounds "$rounds"} ${resume:+--resume "$resume"} \
			${jd:+--jd "$jd"} ${lang_opt:+--lang "$lang_opt"} ${model:+--model "$model"}) || exit 1
	fi
	eval "$(printf '%s\n' "$s" | jq -r '@sh "sid=\(.session) status=\(.status) lang=\(.lang // "en") round_number=\(.round_number) max_rounds=\(.max_rounds) last_round=\(.last_round.text // "")"')"
	interview_words
	if [ "$cont" = 1 ]; then
		[ "$status" = ongoing ] || interview_status ongoing || exit 1
		printf "%s$w_continue%s\n" "$c_bold" "$sid" "$round_number" "$max_rounds" "$c_off"
		# An answer stored but not graded when the last run stopped.
		iv-grade --session "$sid" --pending --store >/dev/null || exit 1
	else
		printf "%s$w_start%s\n" "$c_bold" "$round_number" "$max_rounds" "$sid" "$c_off"
		# What the last interview left to work on: its score and weak skills.
		[ -z "$last_round" ] || printf '%s\n' "$last_round"
	fi

	# the first question; each answer's iv-grade --next asks the next
	q=$(iv-ask --session "$sid" --store --sh q_) || interview_stopped
	q_hints_count=0
	eval "$q"
	while :; do
		[ "$q_type" != done ] || break
		interview_show_question
		hints=0
		answer_meta='{}'
		if [ "$voice_on" = 1 ]; then voice_question; voice_answer; else interview_read; fi
		case $action in
		pause|eof)
			interview_status paused || exit 1
			[ "$action" = eof ] && [ "$interactive" = 0 ] && iv_warn "no more answers"
			printf "\nSession %s is paused. 'iv interview --continue' picks it up here.\n" "$sid"
			return 0 ;;
		quit)
			interview_status cancelled || exit 1
			printf '\nSession %s is cancelled.\n' "$sid"
			return 0 ;;
		esac
		[ "$interactive" = 1 ] || [ "$action" = skip ] ||
			printf '%s\n' "$answer" | sed 's/^/> /'
		interview_answer
		[ "$feedback_on" = 0 ] || interview_feedback
	done
	trap - INT TERM HUP
	interview_finish
}
