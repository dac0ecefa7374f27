# Usage: iv doctor
# Summary: check the store, the config, pdftotext, the LLM endpoint, the audio tools and the speech and transcription endpoints
# Help: Prints one line per check. Exits 1 when anything is wrong, with one
# Help: line on stderr per problem. The speech and transcription endpoints
# Help: (iv interview --voice) are checked with one short request each when
# Help: configured; none configured is not a problem. No API key is printed.

iv_cmd() {
	[ $# -eq 0 ] || iv_usage_error "doctor takes no arguments"
	problems=0
	iv-store check || problems=$((problems + 1))
	if command -v pdftotext >/dev/null 2>&1; then
		printf 'ok pdftotext %s\n' "$(command -v pdftotext)"
	else
		iv_warn "pdftotext not found: PDF resumes can't be read (install poppler-utils)"
		problems=$((problems + 1))
	fi
	doctor_audio
	doctor_audio_endpoints
	# The LLM, when one is configured: reachable, and the model answers.
	if llm=$(iv-llm ping --if-configured); then
		[ -z "$llm" ] || printf 'ok llm %s\n' "$llm"
	else
		problems=$((problems + 1))
	fi
	[ "$problems" -eq 0 ] || exit 1
}

# Voice practice (iv interview --voice) is optional: a missing tool is
# reported, not counted as a problem.
doctor_audio() {
	for t in espeak-ng sox aplay paplay play rec arecord; do
		if command -v "$t" >/dev/null 2>&1; then
			printf 'ok %s %s\n' "$t" "$(command -v "$t")"
		else
			case $t in
			espeak-ng) printf 'no espeak-ng: questions are not spoken offline (install espeak-ng)\n' ;;
			sox) printf 'no sox: only 16-bit WAV answers are read, no microphone via rec (install sox)\n' ;;
			esac
		fi
	done
	if [ -r /proc/asound/cards ] && grep -q '^ *[0-9]' /proc/asound/cards; then
		printf 'ok sound cards %s\n' "$(grep -c '^ *[0-9]' /proc/asound/cards)"
	else
		printf 'no sound card found: --voice can write and read files only (--audio-in)\n'
	fi
}

# The speech (iv-speak) and transcription (iv-listen) endpoints: one short
# request each when configured. None configured is fine (espeak-ng speaks,
# answers are typed); configured but failing is a problem, said on stderr
# by the program (naming the key's variable, never the key).
doctor_audio_endpoints() {
	if out=$(iv-listen --ping --if-configured); then
		if [ -n "$out" ]; then
			printf 'ok transcription %s\n' "$out"
		else
			printf 'no transcription endpoint configured: spoken answers fall back to typing (set audio.transcription_model; see iv-listen(1))\n'
		fi
	else
		problems=$((problems + 1))
	fi
	if out=$(iv-speak --ping --if-configured); then
		if [ -n "$out" ]; then
			printf 'ok speech %s\n' "$out"
		else
			printf 'no speech endpoint configured: questions are spoken by espeak-ng (set audio.speech_model; see iv-speak(1))\n'
		fi
	else
		problems=$((problems + 1))
	fi
}
