# _voice.sh — voice practice in `iv interview` (_interview.sh): questions
# spoken with iv-speak, answers recorded (or taken in order from
# --audio-in DIR) and transcribed with iv-listen. Any audio failure says
# why and falls back to typing: nothing the candidate gave is lost.
# POSIX sh.

# voice_init VOICE AUDIO_IN KEEP: check what was asked for; sets voice_on.
voice_init() {
	voice_on=$1 voice_dir=$2 voice_keep=$3 voice_n=0
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
	fi
}

# Speak the question in $text ($lang), when --voice asked for it.
voice_question() {
	[ "$voice_on" = 1 ] && [ "$voice_speak" = 1 ] || return 0
	jq -nc --arg t "$text" --arg l "$lang" '{text: $t, lang: $l}' | iv-speak >/dev/null ||
		iv_warn "the question was not spoken (see above); it is on the screen"
}

# The next answer: a recording transcribed into $answer, with
# $answer_meta ({input, delivery, audio}); else, with the reason said, the
# typed answer (interview_read).
voice_answer() {
	answer_meta='{}'
	voice_file=
	if [ -n "$voice_dir" ]; then
		voice_n=$((voice_n + 1))
		voice_file=$(printf '%s\n' "$voice_files" | sed -n "${voice_n}p")
		[ -n "$voice_file" ] || iv_warn "no recorded answer $voice_n in '$voice_dir'; type your answer"
	elif [ "$interactive" = 1 ]; then
		voice_file=$(mktemp "${TMPDIR:-/tmp}/iv-answer.XXXXXX") && mv "$voice_file" "$voice_file.wav" &&
			voice_file=$voice_file.wav
		iv-listen --record "$voice_file" --check >/dev/null || {
			rm -f "$voice_file"; voice_file=
			iv_warn "no recording; type your answer"
		}
	fi
	if [ -n "$voice_file" ] && voice_heard=$(iv-listen --lang "$lang" "$voice_file"); then
		answer=$(printf '%s\n' "$voice_heard" | jq -r .text)
		answer_meta=$(printf '%s\n' "$voice_heard" | jq -c --argjson keep "$voice_keep" '{input: "voice",
			delivery, audio: ({duration_s, transcription: .transcription.model}
			+ (if $keep then {file} else {} end))}')
		action=answer
		if [ -z "$answer" ]; then
			iv_warn "the recording gave no words; type your answer"
		else
			[ "$interactive" = 0 ] || printf '%s\n' "$answer" | sed 's/^/(heard) /'
			voice_delivery_line
			[ -n "$voice_dir" ] || [ "$voice_keep" = 1 ] || rm -f "$voice_file"
			return 0
		fi
	elif [ -n "$voice_file" ]; then
		iv_warn "the answer was not transcribed (see above); type your answer"
	fi
	[ -n "$voice_dir" ] || [ "$voice_keep" = 1 ] || [ -z "$voice_file" ] || rm -f "$voice_file"
	answer_meta='{}'
	interview_read
}

# One line on how the answer was spoken.
voice_delivery_line() {
	printf '%s\n' "$answer_meta" | jq -r --arg zh "$([ "$lang" = zh ] && echo 1)" '.delivery |
		if $zh == "1" then "表达：语速 \(.wpm) \(if .unit == "chars" then "字" else "词" end)/分钟（\(.pace // "-")），口头禅 \(.fillers.count) 个，长停顿 \(.pauses.count) 次，时长 \(.length.seconds) 秒（\(.length.verdict)）"
		else "Delivery: \(.wpm) \(.unit)/min (\(.pace // "-")), \(.fillers.count) fillers, \(.pauses.count) long pauses, \(.length.seconds) s (\(.length.verdict))" end'
}
