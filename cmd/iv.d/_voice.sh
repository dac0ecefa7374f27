# _voice.sh — voice practice in `iv interview` (_interview.sh): questions
# spoken with iv-speak, answers recorded (or taken in order from
# --audio-in DIR) and transcribed with iv-listen. Any audio failure says
# why and falls back to typing: nothing the candidate gave is lost.
# POSIX sh.

# voice_init VOICE AUDIO_IN KEEP: check what was asked for; sets voice_on,
# and voice_rec when answers can be recorded (a recorder and a usable
# transcription endpoint); else answers are typed, and it says why once.
voice_init() {
	voice_on=$1 voice_dir=$2 voice_keep=$3 voice_n=0 voice_rec=0
	if [ -n "$voice_dir" ]; then
		[ -d "$voice_dir" ] && [ -r "$voice_dir" ] || iv_die "can't read answers from '$voice_dir': not a readable directory"
		voice_on=1
	fi
	[ "$voice_on" = 1 ] || return 0
	# The recorded answers, in name order (001.wav, 002.flac, ...).
	voice_files=
	if [ -n "$voice_dir" ]; then
		voice_files=$(find "$voice_dir" -maxdepth 1 -type f \( -name '*.wav' -o -name '*.flac' -o \
			-name '*.mp3' -o -name '*.ogg' \) | LC_ALL=C sort)
		return 0
	fi
	if ! command -v rec >/dev/null 2>&1 && ! command -v arecord >/dev/null 2>&1; then
		iv_warn "can't record: neither sox's rec nor arecord is installed (packages sox, alsa-utils); answers are typed"
	elif ! iv-listen --ping >/dev/null; then
		iv_warn "answers are typed: the transcription endpoint is not usable (see above)"
	else
		voice_rec=1
	fi
}

# Speak the question in $text ($lang), when --voice asked for it.
voice_question() {
	[ "$voice_on" = 1 ] && [ "$voice_speak" = 1 ] || return 0
	jq -nc --arg t "$text" --arg l "$lang" '{text: $t, lang: $l}' | iv-speak >/dev/null ||
		iv_warn "the question was not spoken (see above); it is on the screen"
}

# Record or type: an empty line records (Enter), anything else is the
# first line of a typed answer; :hint shows a hint and asks again. Sets
# voice_file to the recording to be made, or pending_line, or action=eof.
voice_choose() {
	while :; do
		if [ "$interactive" = 1 ]; then
			if [ "$lang" = zh ]; then printf '%s（回车开始录音；或直接打字回答）%s\n' "$c_dim" "$c_off"
			else printf '%s(Enter to record your answer, or type it)%s\n' "$c_dim" "$c_off"; fi
		fi
		if ! IFS= read -r line <&3; then
			action=eof
			return 0
		fi
		case $line in
		:hint) interview_hint; continue ;;
		'') voice_file=$(mktemp "${TMPDIR:-/tmp}/iv-answer.XXXXXX") && mv "$voice_file" "$voice_file.wav" &&
			voice_file=$voice_file.wav; return 0 ;;
		*) pending_line=$line; return 0 ;;
		esac
	done
}

# The next answer: a recording transcribed into $answer, with
# $answer_meta ({input, delivery, audio}); else, with the reason said, the
# typed answer (interview_read). Nothing typed or recorded is lost: a
# recording that fails leaves the answer to typing.
voice_answer() {
	answer_meta='{}' action=answer
	voice_file= voice_heard=
	if [ -n "$voice_dir" ]; then
		voice_n=$((voice_n + 1))
		voice_file=$(printf '%s\n' "$voice_files" | sed -n "${voice_n}p")
		if [ -z "$voice_file" ]; then
			iv_warn "no recorded answer $voice_n in '$voice_dir'; type your answer"
		elif ! voice_heard=$(iv-listen --lang "$lang" "$voice_file"); then
			voice_heard=
			iv_warn "the answer was not transcribed (see above); type your answer"
		fi
	elif [ "$voice_rec" = 1 ]; then
		voice_choose
		[ "$action" != eof ] || return 0
		if [ -n "$voice_file" ]; then
			# On a terminal, Enter stops the recorder (iv-listen reads it).
			if [ "$interactive" = 1 ]; then
				voice_heard=$(iv-listen --lang "$lang" --record "$voice_file" <&3) || voice_heard=
			else
				voice_heard=$(iv-listen --lang "$lang" --record "$voice_file" </dev/null) || voice_heard=
			fi
			[ -n "$voice_heard" ] || iv_warn "no usable recording (see above); type your answer"
		fi
	fi
	if [ -n "$voice_heard" ]; then
		answer=$(printf '%s\n' "$voice_heard" | jq -r .text)
		answer_meta=$(printf '%s\n' "$voice_heard" | jq -c --argjson keep "$voice_keep" '{input: "voice",
			delivery, audio: ({duration_s, transcription: .transcription.model}
			+ (if $keep then {file} else {} end))}')
		if [ -z "$answer" ]; then
			answer_meta='{}'
			iv_warn "the recording gave no words; type your answer"
		else
			[ "$interactive" = 0 ] || printf '%s\n' "$answer" | sed 's/^/(heard) /'
			voice_delivery_line
			[ -n "$voice_dir" ] || [ "$voice_keep" = true ] || rm -f "$voice_file"
			return 0
		fi
	fi
	[ -n "$voice_dir" ] || [ "$voice_keep" = true ] || [ -z "$voice_file" ] || rm -f "$voice_file"
	interview_read
}

# One line on how the answer was spoken.
voice_delivery_line() {
	printf '%s\n' "$answer_meta" | jq -r --arg zh "$([ "$lang" = zh ] && echo 1)" '.delivery |
		if $zh == "1" then "表达：语速 \(.wpm) \(if .unit == "chars" then "字" else "词" end)/分钟（\(.pace // "-")），口头禅 \(.fillers.count) 个，长停顿 \(.pauses.count) 次，时长 \(.length.seconds) 秒（\(.length.verdict)）"
		else "Delivery: \(.wpm) \(.unit)/min (\(.pace // "-")), \(.fillers.count) filler\(if .fillers.count == 1 then "" else "s" end), \(.pauses.count) long pause\(if .pauses.count == 1 then "" else "s" end), \(.length.seconds) s (\(.length.verdict))" end'
}
