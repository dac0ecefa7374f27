#!/usr/bin/env bats
# Voice practice: iv-listen (transcription, limits, delivery) and iv-speak,
# on real audio spoken by espeak-ng and joined by sox.

load test_helper
load llm_helper

EN_SENTENCE="Tell me about a project you are proud of."
ZH_SENTENCE="请介绍一下你最自豪的项目。"
GAP=3.0

setup_file() {
	local d="$BATS_FILE_TMPDIR"
	espeak-ng -v en -w "$d/en.wav" "$EN_SENTENCE"
	espeak-ng -v cmn -w "$d/zh.wav" "$ZH_SENTENCE"
	sox -n -r 22050 -c 1 -b 16 "$d/gap.wav" trim 0 "$GAP"
	sox "$d/en.wav" "$d/gap.wav" "$d/zh.wav" "$d/joined.wav"
	sox "$d/joined.wav" "$d/joined.flac"
	sox -n -r 16000 -c 1 -b 16 "$d/silent.wav" trim 0 2
}

A() { printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"; }

audio_config() {
	fake_llm_config "transcription_model: fake-whisper" "speech_model: fake-tts" "retries: 0" "timeout: 1" "$@"
}

@test "the recordings: duration, voiced parts and the pause are read from the file" {
	run -0 --separate-stderr iv-listen --check "$(A en.wav)" "$(A zh.wav)" "$(A joined.wav)"
	[ "${#lines[@]}" -eq 3 ]
	local en=${lines[0]} zh=${lines[1]} j=${lines[2]} want
	# The length is the file's, as sox reads it.
	for f in en zh joined; do
		want=$(soxi -D "$(A $f.wav)")
		run -0 jq -n --argjson d "$want" --argjson got "$(iv-listen --check "$(A $f.wav)" | jq .duration_s)" \
			'($d - $got | fabs) < 0.02'
		assert_output true
	done
	# Each sentence alone is one voiced stretch without a long pause.
	run -0 jq -c '[(.audio.voiced | length), (.audio.pauses | length), .audio.silent]' <<< "$en"
	assert_output '[1,0,false]'
	run -0 jq -c '[(.audio.voiced | length), (.audio.pauses | length)]' <<< "$zh"
	assert_output '[1,0]'
	# Joined: two stretches and one long pause, as long as the silence put in
	# plus the quiet end of the English file and the quiet start of the Chinese.
	run -0 jq -c '[(.audio.voiced | length), (.audio.pauses | length), .delivery.pauses.count, .delivery.pauses.source]' <<< "$j"
	assert_output '[2,1,1,"audio"]'
	run -0 jq -n --argjson en "$en" --argjson zh "$zh" --argjson j "$j" --argjson gap "$GAP" '
		($j.audio.pauses[0] | .end - .start) as $p
		| ($gap + $en.audio.trail_s + $zh.audio.lead_s) as $want
		| (($p - $want) | fabs) < 0.05 and ($j.audio.voiced[0].end - $en.audio.voiced[0].end | fabs) < 0.03'
	assert_output true
	# A pause threshold above the gap: no long pause.
	mkdir -p "$IV_HOME"
	printf 'delivery:\n  long_pause_s: 4\n' > "$IV_HOME/config.yaml"
	run -0 --separate-stderr iv-listen --check "$(A joined.wav)"
	run -0 jq '.audio.pauses | length' <<< "$output"
	assert_output 0
}

@test "FLAC is read through sox with the same timing" {
	run -0 --separate-stderr iv-listen --check "$(A joined.flac)"
	run -0 jq -c '[(.audio.voiced | length), (.audio.pauses | length)]' <<< "$output"
	assert_output '[2,1]'
}

@test "without a transcription endpoint: a clear error, exit 1" {
	run -1 --separate-stderr iv-listen "$(A en.wav)"
	assert_output ''
	assert_stderr --partial "iv-listen: no transcription endpoint configured: no LLM configured"
	fake_llm_config
	run -1 --separate-stderr iv-listen "$(A en.wav)"
	assert_stderr "iv-listen: no transcription endpoint configured: profile 'fake' has no transcription_model, and audio.transcription_model is not set (see iv-listen(1))"
}

@test "bad recordings: empty, silent, corrupt, not audio; nothing is uploaded" {
	fake_llm_start
	audio_config
	: > empty.wav
	run -1 --separate-stderr iv-listen empty.wav
	assert_stderr "iv-listen: empty.wav: empty file"
	run -1 --separate-stderr iv-listen "$(A silent.wav)"
	assert_stderr --partial "silent.wav: no speech in it (silent below -40 dBFS, audio.silence_db)"
	head -c 30 "$(A en.wav)" > cut.wav
	run -1 --separate-stderr iv-listen cut.wav
	assert_stderr "iv-listen: cut.wav: corrupt WAV: its format chunk is cut short"
	echo "not audio at all" > notes.mp3
	run -1 --separate-stderr iv-listen notes.mp3
	assert_stderr --partial "iv-listen: notes.mp3: not audio sox can read"
	run -1 --separate-stderr iv-listen missing.wav
	assert_stderr "iv-listen: missing.wav: No such file or directory"
	[ "$(fake_llm_count)" -eq 0 ]
}

@test "a file over the size or length limit is refused before upload" {
	fake_llm_start
	audio_config
	printf 'audio:\n  max_mb: 0.05\n' >> "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv-listen "$(A joined.wav)"
	assert_stderr "iv-listen: $(A joined.wav): larger than 0.05 MiB (audio.max_mb)"
	audio_config
	printf 'audio:\n  max_seconds: 5\n' >> "$IV_HOME/config.yaml"
	run -1 --separate-stderr iv-listen "$(A joined.wav)"
	assert_stderr --partial "joined.wav: 9.9 s long, longer than 5 s (audio.max_seconds)"
	run -1 --separate-stderr iv-listen "$(A joined.flac)"
	assert_stderr --partial "joined.flac: longer than 5 s (audio.max_seconds)"
	[ "$(fake_llm_count)" -eq 0 ]
}

@test "transcription: multipart fields, the transcript and its delivery (English)" {
	fake_llm_start '{"content":"Um, I built a RAG service, like, last year.","segments":[{"start":0,"end":2.3,"text":"Um, I built a RAG service,"},{"start":5.3,"end":9.9,"text":"like, last year."}]}'
	audio_config
	run -0 --separate-stderr iv-listen --lang en "$(A joined.wav)"
	assert_stderr ''
	run -0 jq -c '[.text, .lang, (.duration_s * 10 | round / 10), (.segments | length), .delivery.fillers.count, .delivery.fillers.found, .delivery.pauses.count, .transcription.model]' <<< "$output"
	assert_output '["Um, I built a RAG service, like, last year.","en",9.9,2,2,{"um":1,"like":1},1,"fake-whisper"]'
	# What the server got: the fields the endpoint takes, the file last.
	run -0 jq -r '.path, .headers["content-type"], .headers.authorization' "$FAKE_LLM_LOG"
	assert_line -n 0 /v1/audio/transcriptions
	assert_line -n 1 --partial 'multipart/form-data; boundary='
	assert_line -n 2 "Bearer $FAKE_LLM_KEY"
	run -0 jq -r .body "$FAKE_LLM_LOG"
	assert_output --partial 'name="model"'
	assert_output --partial 'fake-whisper'
	assert_output --partial 'name="response_format"'
	assert_output --partial 'verbose_json'
	assert_output --partial 'name="language"'
	assert_output --partial 'name="file"; filename="joined.wav"'
}

@test "transcription in Chinese; FLAC is sent as WAV" {
	fake_llm_start '{"content":"嗯，请介绍一下你最自豪的项目。"}'
	audio_config
	run -0 --separate-stderr iv-listen -l zh "$(A joined.flac)"
	run -0 jq -c '[.text, .lang, .delivery.unit, .delivery.fillers.found, (.duration_s > 9.8 and .duration_s < 10)]' <<< "$output"
	assert_output '["嗯，请介绍一下你最自豪的项目。","zh","chars",{"嗯":1},true]'
	run -0 jq -r .body "$FAKE_LLM_LOG"
	assert_output --partial 'filename="iv-listen-'
	assert_output --partial '.wav"'
	# The temporary WAV is gone.
	run -0 find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'iv-listen-*' -newer "$(A joined.flac)"
	assert_output ''
}

@test "server failures: a 500, a timeout, a reply that is not JSON, a bad request" {
	fake_llm_start '{"status":500,"error":"model crashed"}' '{"delay_ms":3000}' '{"body":"<html>oops</html>"}' '{"json":{"no_text":1}}'
	audio_config
	run -1 --separate-stderr iv-listen "$(A en.wav)"
	assert_output ''
	assert_stderr "iv-listen: $(A en.wav): POST $FAKE_LLM_URL/audio/transcriptions: HTTP 500: model crashed (1 attempt)"
	run -1 --separate-stderr iv-listen "$(A en.wav)"
	assert_stderr "iv-listen: $(A en.wav): POST $FAKE_LLM_URL/audio/transcriptions: timed out after 1000 ms (1 attempt)"
	run -1 --separate-stderr iv-listen "$(A en.wav)"
	assert_stderr "iv-listen: $(A en.wav): POST $FAKE_LLM_URL/audio/transcriptions: the reply is not JSON (1 attempt)"
	run -1 --separate-stderr iv-listen "$(A en.wav)"
	assert_stderr "iv-listen: $(A en.wav): POST $FAKE_LLM_URL/audio/transcriptions: the reply has no \"text\""
	# A language the endpoint does not take: its 400 is shown.
	run -1 --separate-stderr iv-listen --lang english "$(A en.wav)"
	assert_stderr --partial "HTTP 400: language must be an ISO-639-1 code such as en or zh"
	# The key never shows.
	refute_stderr --partial "$FAKE_LLM_KEY"
}

@test "one bad file among good ones: the good ones are transcribed, exit 1" {
	fake_llm_start '{"default":{"content":"ok"}}'
	audio_config
	: > empty.wav
	run -1 --separate-stderr iv-listen "$(A en.wav)" empty.wav "$(A zh.wav)"
	[ "${#lines[@]}" -eq 2 ]
	assert_stderr "iv-listen: empty.wav: empty file"
}

@test "--analyze adds delivery to transcripts; usage errors exit 2" {
	printf '%s\n' '{"text":"Um, uh, so, like, yes.","segments":[{"start":0,"end":3,"text":"Um, uh, so, like, yes."},{"start":6,"end":8,"text":"you know?"}]}' > t.jsonl
	run -0 --separate-stderr iv-listen --analyze t.jsonl
	run -0 jq -c '[.delivery.fillers.count, .delivery.pauses.count, .delivery.length.verdict, .delivery.unit]' <<< "$output"
	assert_output '[4,1,"short","words"]'
	run -1 --separate-stderr iv-listen --analyze <<< '{"segments":[]}'
	assert_stderr "iv-listen: stdin:1: no \"text\""
	run -2 --separate-stderr iv-listen
	assert_stderr $'iv-listen: no audio file given\nTry \'iv-listen --help\' for more information.'
	run -2 --separate-stderr iv-listen --analyze --check
	assert_stderr --partial "--analyze goes with neither --record nor --check"
	run -0 iv-listen --help
	assert_output --partial "Usage: iv-listen"
}

@test "iv-speak: English and Chinese to WAV with espeak-ng, heard back as speech" {
	printf '%s\n' "{\"text\":\"$EN_SENTENCE\",\"lang\":\"en\"}" "{\"text\":\"$ZH_SENTENCE\",\"id\":\"q2\"}" > q.jsonl
	run -0 --separate-stderr iv-speak --out out q.jsonl
	assert_stderr ''
	run -0 jq -c '[.lang, .engine, .file, (.duration_s > 1)]' <<< "$output"
	assert_line -n 0 '["en","espeak","out/001.wav",true]'
	assert_line -n 1 '["zh","espeak","out/q2.wav",true]'
	run -0 soxi -t out/001.wav
	assert_output wav
	# The same sentence as espeak-ng speaks it by hand, and voiced throughout.
	run -0 cmp out/001.wav "$(A en.wav)"
	run -0 --separate-stderr iv-listen --check out/q2.wav
	run -0 jq -c '[(.audio.voiced | length), .audio.silent]' <<< "$output"
	assert_output '[1,false]'
}

@test "iv-speak: the /audio/speech endpoint, and espeak-ng when it fails" {
	fake_llm_start '{}' '{"status":500,"error":"tts down"}' '{"body":"{\"not\":\"audio\"}"}'
	audio_config "voice: nova"
	run -0 --separate-stderr iv-speak --out out <<< '{"text":"What is a vector index?","lang":"en"}'
	run -0 jq -c '[.engine, .file]' <<< "$output"
	assert_output '["api","out/001.wav"]'
	run -0 jq -c '[.path, .body.model, .body.input, .body.voice, .body.response_format]' "$FAKE_LLM_LOG"
	assert_output '["/v1/audio/speech","fake-tts","What is a vector index?","nova","wav"]'
	run -0 soxi -t out/001.wav
	# A 500: said on stderr, spoken by espeak-ng instead, exit 0.
	run -0 --separate-stderr iv-speak --out out2 <<< '{"text":"Next question.","lang":"en"}'
	assert_stderr "iv-speak: POST $FAKE_LLM_URL/audio/speech: HTTP 500: tts down (1 attempt); using espeak-ng"
	run -0 jq -r .engine <<< "$output"
	assert_output espeak
	# Chosen with --engine api, a reply that is not audio is an error.
	run -1 --separate-stderr iv-speak --engine api --out out3 <<< '{"text":"Next question.","lang":"en"}'
	assert_stderr "iv-speak: POST $FAKE_LLM_URL/audio/speech: the reply is not audio (1 attempt)"
	assert_output ''
}

@test "iv-speak: missing espeak-ng, no player, no endpoint, bad input" {
	run -1 --separate-stderr env PATH="$IV_BUILD/bin" iv-speak --out out <<< '{"text":"Hi."}'
	assert_stderr "iv-speak: espeak-ng not found: install espeak-ng to hear questions (or configure audio.speech_model)"
	mkdir -p only && ln -s "$(command -v espeak-ng)" only/espeak-ng
	run -1 --separate-stderr env PATH="$IV_BUILD/bin:$PWD/only" iv-speak <<< '{"text":"Hi."}'
	assert_stderr "iv-speak: no player found: install alsa-utils (aplay), pulseaudio-utils (paplay) or sox (play)"
	run -1 --separate-stderr iv-speak --engine api <<< '{"text":"Hi."}'
	assert_stderr "iv-speak: no speech endpoint configured: set audio.speech_model (or speech_model in an llm profile); see iv-speak(1)"
	run -1 --separate-stderr iv-speak --out out <<< '{"lang":"en"}'
	assert_stderr 'iv-speak: stdin:1: no "text" to speak'
	run -2 --separate-stderr iv-speak --engine festival
	assert_stderr --partial "option '--engine' takes espeak or api, not 'festival'"
}

@test "iv doctor reports the audio tools, and a missing one is not a problem" {
	iv init > /dev/null
	run -0 --separate-stderr iv doctor
	assert_line "ok espeak-ng $(command -v espeak-ng)"
	assert_line "ok sox $(command -v sox)"
	mkdir -p nobin
	for t in /usr/bin/* /bin/*; do
		case ${t##*/} in espeak-ng|sox|play|rec|aplay|paplay|arecord) ;; *) ln -sf "$t" nobin/ ;; esac
	done
	run -0 --separate-stderr env PATH="$IV_BUILD/bin:$PWD/nobin" iv doctor
	assert_line "no espeak-ng: questions are not spoken offline (install espeak-ng)"
	assert_line "no sox: only 16-bit WAV answers are read, no microphone via rec (install sox)"
}

@test "completion offers iv-listen's and iv-speak's options" {
	run -0 bash -c "
		source '$IV_SRC/completions/iv.bash'
		COMP_WORDS=(iv-listen --an); COMP_CWORD=1; _iv_prog; printf '%s\n' \"\${COMPREPLY[@]}\"
		COMP_WORDS=(iv-speak --o); COMP_CWORD=1; _iv_prog; printf '%s\n' \"\${COMPREPLY[@]}\"
	"
	assert_line -- --analyze
	assert_line -- --out
}

# An interview with recorded answers: engine builtin, transcription by the
# fake server.
voice_interview_config() {
	mkdir -p "$IV_HOME"
	cat > "$IV_HOME/config.yaml" <<-CONF
	engine: builtin
	audio:
	  provider: fake
	  transcription_model: fake-whisper
	llm:
	  profiles:
	    fake:
	      base_url: $FAKE_LLM_URL
	      api_key_env: IV_TEST_LLM_KEY
	      retries: 0
	      timeout: 2
	CONF
}

@test "iv interview --audio-in: transcripts stored with their delivery; a bad recording falls back to typing (English)" {
	iv init > /dev/null
	fake_llm_start '{"content":"Um, a checkpointer saves the state, like, after every step, per thread id."}'
	voice_interview_config
	mkdir ans && cp "$(A joined.wav)" ans/001.wav && : > ans/002.wav
	# Follow-ups may add questions: typed answers for them after the files.
	printf 'A typed answer about hybrid search and rank fusion.\n.\nMore typing.\n.\nAnd more.\n.\n' > typed.txt
	run -0 --separate-stderr iv interview --rounds 2 --lang en --audio-in ans --answers typed.txt
	assert_output --partial "Delivery: "
	assert_stderr --partial "iv-listen: ans/002.wav: empty file"
	assert_stderr --partial "the answer was not transcribed (see above); type your answer"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT content, json_extract(metadata, '$.input'),
		json_extract(metadata, '$.delivery.fillers.count'), json_extract(metadata, '$.delivery.pauses.count'),
		json_extract(metadata, '$.delivery.pauses.source'), score IS NOT NULL
		FROM conversations WHERE role = 'candidate' ORDER BY sequence_number"
	assert_line -n 0 "Um, a checkpointer saves the state, like, after every step, per thread id.|voice|2|1|audio|1"
	assert_line -n 1 "A typed answer about hybrid search and rank fusion.|||||1"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT status FROM interview_sessions WHERE id = 1"
	assert_output completed
}

@test "iv interview --voice --audio-in in Chinese; with the server down every answer is typed, nothing lost" {
	iv init > /dev/null
	fake_llm_start '{"content":"嗯，检查点会在每一步之后保存状态，然后，按线程区分。"}' '{"status":500}' '{"status":500}'
	voice_interview_config
	mkdir ans && cp "$(A zh.wav)" ans/001.wav && cp "$(A zh.wav)" ans/002.wav
	printf '这是打字输入的第二个回答。\n.\n第三个。\n.\n第四个。\n.\n' > typed.txt
	run -0 --separate-stderr env PATH="$PATH" iv interview --rounds 2 --lang zh --voice --audio-in ans --answers typed.txt
	assert_output --partial "表达：语速"
	assert_stderr --partial "HTTP 500"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT content, json_extract(metadata, '$.input'),
		json_extract(metadata, '$.delivery.unit'), json_extract(metadata, '$.delivery.fillers.count')
		FROM conversations WHERE role = 'candidate' ORDER BY sequence_number"
	assert_line -n 0 "嗯，检查点会在每一步之后保存状态，然后，按线程区分。|voice|chars|2"
	assert_line -n 1 "这是打字输入的第二个回答。|||"
}

@test "iv interview --audio-in: a missing directory is an error; usage lists the options" {
	iv init > /dev/null
	run -1 --separate-stderr iv interview --audio-in nowhere < /dev/null
	assert_stderr --partial "can't read answers from 'nowhere': not a readable directory"
	run -0 iv completions interview
	assert_line --audio-in
	assert_line --voice
}
