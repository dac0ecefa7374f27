#!/usr/bin/env bats
# Voice practice end to end: interviews answered by recordings (espeak-ng
# speech joined by sox), their delivery in the turn's feedback, the
# report's delivery chart in every format, the learning plan, recording at
# the prompt (Enter) with its failures, and iv doctor on the endpoints.

load test_helper
load llm_helper

GAP=3.0

setup_file() {
	local d="$BATS_FILE_TMPDIR" i
	espeak-ng -v en -w "$d/en.wav" "Tell me about a project you are proud of."
	espeak-ng -v cmn -w "$d/zh.wav" "请介绍一下你最自豪的项目。"
	sox -n -r 22050 -c 1 -b 16 "$d/gap.wav" trim 0 "$GAP"
	sox -n -r 22050 -c 1 -b 16 "$d/short-gap.wav" trim 0 0.5
	# An answer with a long pause in the middle, in each language.
	sox "$d/en.wav" "$d/gap.wav" "$d/en.wav" "$d/en-pause.wav"
	sox "$d/zh.wav" "$d/gap.wav" "$d/zh.wav" "$d/zh-pause.wav"
	# About 40 s of steady speech: the sentence twelve times, half a second apart.
	local parts=()
	for i in $(seq 12); do parts+=("$d/en.wav" "$d/short-gap.wav"); done
	sox "${parts[@]}" "$d/en-long.wav"
	sox -n -r 16000 -c 1 -b 16 "$d/silent.wav" trim 0 2
}

A() { printf '%s/%s' "$BATS_FILE_TMPDIR" "$1"; }

# Engine builtin; transcription (and speech, with a second argument) by
# the fake server.
voice_config() {
	mkdir -p "$IV_HOME"
	{
		printf 'engine: builtin\naudio:\n  provider: fake\n  transcription_model: fake-whisper\n'
		[ -z "${1:-}" ] || printf '  speech_model: %s\n' "$1"
		printf 'llm:\n  profiles:\n    fake:\n      base_url: %s\n' "${FAKE_LLM_URL:-http://127.0.0.1:9/v1}"
		printf '      model: fake-model\n      api_key_env: IV_TEST_LLM_KEY\n      retries: 0\n      timeout: 2\n'
	} > "$IV_HOME/config.yaml"
}

# candidate turns: content|input|fillers|pauses|feedback has the delivery line
answers_table() {
	sqlite3 "$IV_HOME/iv.db" "SELECT content, coalesce(json_extract(metadata, '$.input'), 'typed'),
		json_extract(metadata, '$.delivery.fillers.count'), json_extract(metadata, '$.delivery.pauses.count'),
		instr(json_extract(metadata, '$.feedback'), '$1') > 0
		FROM conversations WHERE role = 'candidate' ORDER BY sequence_number"
}

@test "English: --voice --audio-in end to end; delivery in the records, the feedback, the report's chart and the plan" {
	iv init > /dev/null
	fake_llm_start '{"default":{"content":"Um, a checkpointer saves the state, like, after every step, per thread id."}}'
	voice_config
	mkdir ans
	for i in 1 2 3 4 5 6; do cp "$(A en-pause.wav)" "ans/00$i.wav"; done
	run -0 --separate-stderr iv interview --rounds 2 --lang en --voice --audio-in ans < /dev/null
	# Every answer was spoken: its transcript, its delivery, and a feedback
	# that says how it was said (after what it said).
	run -0 answers_table "Delivery: "
	assert_line -n 0 "Um, a checkpointer saves the state, like, after every step, per thread id.|voice|2|1|1"
	refute_output --partial "|typed|"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(metadata, '$.feedback') FROM conversations
		WHERE role = 'candidate' ORDER BY sequence_number LIMIT 1"
	assert_output --regexp '\. Delivery: 2 filler words \(um \(1\), like \(1\)\), [0-9.]+ a minute: pause silently instead of filling the gap\. A pace of [0-9]+ words a minute is slow \(comfortable: 110-170\): [^.]*\.$'
	# The feedback shown after the answer says it too.
	run -0 --separate-stderr iv report --format json
	# The report: the chart per round in text, Markdown, JSON and HTML.
	run -0 --separate-stderr iv report --format json
	run -0 jq -c '.delivery.rounds | map([.round, .answers, .fillers, .pauses, .pace, .unit])' <<< "$output"
	n=$(sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM conversations WHERE role = 'candidate'")
	assert_output "[[1,$n,$((2 * n)),$n,\"slow\",\"words\"]]"
	run -0 --separate-stderr iv report --format json
	run -0 jq -c '[.delivery.answers[0] | .question, .fillers, .found, .pauses, .length], (.delivery.issues | map(.kind))' <<< "$output"
	assert_line -n 0 '[1,2,{"um":1,"like":1},1,"short"]'
	assert_line -n 1 '["fillers","pace","pauses","length"]'
	run -0 --separate-stderr iv report
	assert_output --partial "Delivery (spoken answers)"
	assert_output --regexp $'\n  #1 +[#.]+ [0-9]+ words/min slow +[#.]+ [0-9.]+ +[#.]+ 1.0\n'
	assert_output --regexp $'\n    Q1 +[0-9]+ words/min \\(slow\\), 2 fillers \\(um, like\\), 1 long pauses \\(longest 3.[0-9] s\\), 8 s \\(short\\)\n'
	run -0 --separate-stderr iv report --format md
	assert_output --partial $'## Delivery (spoken answers)\n\n| Round | Pace | Fillers/min | Long pauses/answer | Spoken answers |'
	assert_output --regexp $'\n\\| 1 \\| [0-9]+ words/min \\(slow\\) \\| [0-9.]+ \\| 1.0 \\| '"$n"$' \\|\n'
	assert_output --partial "| Q1 | "
	run -0 --separate-stderr iv report --format html
	assert_output --partial '<section class="delivery"><h2>Delivery (spoken answers)</h2>'
	assert_output --partial '<svg class="chart delivery"'
	assert_output --partial 'Long pauses per answer</text>'
	# Delivery was the weak side: the plan has a path for it.
	run -0 --separate-stderr iv plan --format json
	run -0 jq -c '.plan_data.learning_paths | map(select(.topic == "delivery")) | .[0] | [.title, .priority, (.tasks | length), (.issues | map(.kind))]' <<< "$output"
	assert_output '["Spoken delivery","high",5,["fillers","pace","pauses","length"]]'
	run -0 --separate-stderr iv plan
	assert_output --partial "Within a month: fewer than 3 filler words a minute and no long pauses in a spoken mock interview"
}

@test "Chinese: --voice --audio-in end to end; the chart counts characters, the words are Chinese" {
	iv init > /dev/null
	fake_llm_start '{"default":{"content":"嗯，检查点会在每一步之后保存状态，然后，按线程区分。"}}'
	voice_config
	mkdir ans
	for i in 1 2 3 4 5 6; do cp "$(A zh-pause.wav)" "ans/00$i.wav"; done
	run -0 --separate-stderr iv interview --rounds 2 --lang zh --voice --audio-in ans < /dev/null
	assert_output --partial "表达：语速"
	run -0 answers_table "表达："
	assert_line -n 0 "嗯，检查点会在每一步之后保存状态，然后，按线程区分。|voice|2|1|1"
	run -0 --separate-stderr iv report --format json
	run -0 jq -c '[.lang, (.delivery.rounds[0] | .unit, .fillers_per_min > 3), .delivery.answers[0].found]' <<< "$output"
	assert_output '["zh","chars",true,{"嗯":1,"然后":1}]'
	run -0 --separate-stderr iv report
	assert_output --partial "表达（语音回答）"
	assert_output --regexp '#1 +[#.]+ [0-9]+ 字/分钟'
	assert_output --partial "口头禅2个（嗯、然后）"
	run -0 --separate-stderr iv report --format md
	assert_output --partial "## 表达（语音回答）"
	run -0 --separate-stderr iv report --format html
	assert_output --partial '<svg class="chart delivery"'
	assert_output --partial '每题长停顿'
	run -0 --separate-stderr iv plan --format json
	run -0 jq -c '.plan_data.learning_paths | map(select(.topic == "delivery"))[0] | [.title, .tasks[0].text]' <<< "$output"
	assert_output '["口头表达","录下两段回答，数一数其中的口头禅：每分钟少于3个"]'
}

@test "steady delivery: the feedback says so, and the plan has no delivery path" {
	iv init > /dev/null
	# About 90 words over some 40 s of speech: in the comfortable pace.
	words="I led the retrieval work on our support assistant. We split the documents by section, embedded them, and added keyword search for product codes. Then we merged both result lists with rank fusion and a reranker. Answer quality rose by a third on our test set, and the support team now answers faster. I learned to measure first and to keep the evaluation set fixed while tuning, so every change was judged the same way."
	fake_llm_start "{\"default\":{\"content\":\"$words\"}}"
	voice_config
	mkdir ans
	for i in 1 2 3 4 5 6; do cp "$(A en-long.wav)" "ans/00$i.wav"; done
	run -0 --separate-stderr iv interview --rounds 1 --lang en --audio-in ans < /dev/null
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT json_extract(metadata, '$.delivery.pace'), json_extract(metadata, '$.delivery.length.verdict'),
		json_extract(metadata, '$.grade.delivery_feedback') FROM conversations WHERE role = 'candidate' ORDER BY sequence_number LIMIT 1"
	assert_output --regexp '^ok\|ok\|Delivery: steady: [0-9]+ words a minute, 0 fillers, no long pause\.$'
	run -0 --separate-stderr iv report --format json
	run -0 jq -c '[.delivery.issues, ([.learning_plan.plan_data.learning_paths[] | select(.topic == "delivery")] | length)]' <<< "$output"
	assert_output '[[],0]'
}

@test "a typed interview has no delivery anywhere; an earlier spoken round still charts" {
	iv init > /dev/null
	fake_llm_start '{"default":{"content":"Um, a checkpointer saves the state, like, after every step."}}'
	voice_config
	mkdir ans
	for i in 1 2 3 4 5 6; do cp "$(A en-pause.wav)" "ans/00$i.wav"; done
	run -0 --separate-stderr iv interview --rounds 1 --lang en --audio-in ans < /dev/null
	printf 'A typed answer about checkpointers and threads.\n.\nMore.\n.\nMore.\n.\n' > typed.txt
	run -0 --separate-stderr iv interview --rounds 1 --lang en --answers typed.txt
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM conversations WHERE session_id = 2 AND json_extract(metadata, '$.feedback') LIKE '%Delivery:%'"
	assert_output 0
	# Round 2's report charts round 1; nothing of its own.
	run -0 --separate-stderr iv report --format json
	run -0 jq -c '[(.delivery.rounds | map(.round)), (.delivery.answers | length)]' <<< "$output"
	assert_output '[[1],0]'
	# A store with no spoken answer at all: no delivery member, no section.
	rm -f "$IV_HOME/iv.db"*
	iv init > /dev/null
	run -0 --separate-stderr iv interview --rounds 1 --lang en --answers typed.txt
	run -0 --separate-stderr iv report --format json
	run -0 jq -c .delivery <<< "$output"
	assert_output null
	run -0 --separate-stderr iv report --format html
	refute_output --partial 'class="delivery"'
	run -0 --separate-stderr iv report
	refute_output --partial 'Delivery'
}

# A PATH with the built programs and the system's tools, but no recorder
# (sox's rec, arecord) unless one is put in $PWD/rec-bin.
no_recorder_path() {
	mkdir -p sys rec-bin
	ln -s /usr/bin/* sys/ 2>/dev/null || :
	ln -s /bin/* sys/ 2>/dev/null || :
	rm -f sys/rec sys/arecord
	printf '%s' "$IV_BUILD/bin:$PWD/rec-bin:$PWD/sys"
}

# A fake arecord that "records" FILE (copies it) into its last argument.
fake_arecord() {
	cat > rec-bin/arecord <<-EOF
	#!/bin/sh
	for last; do :; done
	$1
	EOF
	chmod +x rec-bin/arecord
}

@test "record or type: Enter records (arecord), typing still works, and each failure falls back to typing" {
	iv init > /dev/null
	fake_llm_start '{"default":{"content":"Um, a checkpointer saves the state, like, after every step, per thread id."}}'
	voice_config
	P=$(no_recorder_path)
	# The recordings, in order: speech; no microphone; silence; a corrupt
	# WAV; nothing at all; speech again (a typed answer in between records nothing).
	printf '%s\n' "$(A en-pause.wav)" nomic "$(A silent.wav)" corrupt empty "$(A en-pause.wav)" > takes
	head -c 30 "$(A en.wav)" > corrupt.wav
	fake_arecord 'n=$(($(cat '"$PWD"'/n 2>/dev/null || echo 0) + 1)); echo $n > '"$PWD"'/n
	take=$(sed -n "${n}p" '"$PWD"'/takes)
	case $take in
	nomic) echo "arecord: main:831: audio open error: No such file or directory" >&2; exit 1 ;;
	corrupt) cp '"$PWD"'/corrupt.wav "$last" ;;
	empty) : > "$last" ;;
	*) cp "$take" "$last" ;;
	esac'
	# Each answer: an empty line (Enter) records; on failure the answer is typed.
	{
		printf '\n'                             # 1: recorded
		printf 'Typed straight away.\n.\n'          # 2: typed, no recording
		printf '\nTyped after no microphone.\n.\n'  # 3
		printf '\nTyped after silence.\n.\n'        # 4
		printf '\nTyped after a corrupt WAV.\n.\n'  # 5
		printf '\nTyped after an empty file.\n.\n'  # 6
		printf '\n'                             # 7: recorded
		for i in 1 2 3 4 5; do printf 'More typing.\n.\n'; done
	} > in.txt
	run -0 --separate-stderr env PATH="$P" iv interview --rounds 7 --lang en --voice < in.txt
	assert_stderr --partial "recording failed (no microphone?): arecord: main:831: audio open error: No such file or directory"
	assert_stderr --partial "no speech in it (silent below -40 dBFS, audio.silence_db)"
	assert_stderr --partial "corrupt WAV: its format chunk is cut short"
	assert_stderr --partial "empty file"
	assert_stderr --partial "no usable recording (see above); type your answer"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT content, coalesce(json_extract(metadata, '$.input'), 'typed')
		FROM conversations WHERE role = 'candidate' ORDER BY sequence_number LIMIT 7"
	assert_output "Um, a checkpointer saves the state, like, after every step, per thread id.|voice
Typed straight away.|typed
Typed after no microphone.|typed
Typed after silence.|typed
Typed after a corrupt WAV.|typed
Typed after an empty file.|typed
Um, a checkpointer saves the state, like, after every step, per thread id.|voice"
	[ "$(cat n)" -eq 6 ]
	# The recordings are not kept (no --keep-audio).
	run -0 find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'iv-answer.*' -newer in.txt
	assert_output ''
}

@test "record or type: no recorder, or no transcription endpoint: said once, every answer typed" {
	iv init > /dev/null
	P=$(no_recorder_path)
	printf 'First typed.\n.\nSecond typed.\n.\nThird.\n.\nFourth.\n.\n' > in.txt
	voice_config
	run -0 --separate-stderr env PATH="$P" iv interview --rounds 2 --lang en --voice < in.txt
	assert_stderr --partial "iv: can't record: neither sox's rec nor arecord is installed (packages sox, alsa-utils); answers are typed"
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT content FROM conversations WHERE role = 'candidate' ORDER BY sequence_number LIMIT 1"
	assert_output "First typed."
	# A recorder but no endpoint: nothing is recorded for nothing.
	rm -f "$IV_HOME/iv.db"*
	iv init > /dev/null
	printf 'engine: builtin\n' > "$IV_HOME/config.yaml"
	fake_arecord 'echo recorded > '"$PWD"'/recorded; cp '"$(A en.wav)"' "$last"'
	run -0 --separate-stderr env PATH="$P" iv interview --rounds 2 --lang en --voice < in.txt
	assert_stderr --partial "iv-listen: no transcription endpoint configured"
	assert_stderr --partial "iv: answers are typed: the transcription endpoint is not usable (see above)"
	[ ! -e recorded ]
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT content FROM conversations WHERE role = 'candidate' ORDER BY sequence_number LIMIT 1"
	assert_output "First typed."
}

@test "iv-listen --record: Enter on a terminal ends the recording" {
	P=$(no_recorder_path)
	mkdir -p "$IV_HOME"
	printf 'audio:\n  max_seconds: 20\n' > "$IV_HOME/config.yaml"
	# A recorder that records until it is interrupted, as arecord does; on a
	# terminal (script(1)), Enter a second in.
	fake_arecord 'trap "cp '"$(A en.wav)"' \"\$last\"; exit 1" INT; while :; do sleep 0.1; done'
	SECONDS=0
	(sleep 1; printf '\n'; sleep 2) | script -qec "env PATH='$P' iv-listen --check --record take.wav > out.json" /dev/null
	[ "$SECONDS" -lt 15 ]
	run -0 jq -c '[.file, .audio.silent, (.duration_s > 2)]' out.json
	assert_output '["take.wav",false,true]'
}

@test "iv doctor: the speech and transcription endpoints, configured or not, reachable or not; never the key" {
	iv init > /dev/null
	run -0 --separate-stderr iv doctor
	assert_line "no transcription endpoint configured: spoken answers fall back to typing (set audio.transcription_model; see iv-listen(1))"
	assert_line "no speech endpoint configured: questions are spoken by espeak-ng (set audio.speech_model; see iv-speak(1))"
	# The LLM's ping comes last (iv-llm ping).
	fake_llm_start '{"content":"","segments":[]}' '{}' '{"content":"pong"}'
	voice_config fake-tts
	run -0 --separate-stderr iv doctor
	assert_line --regexp "^ok transcription $FAKE_LLM_URL model fake-whisper \([0-9]+ ms\)$"
	assert_line --regexp "^ok speech $FAKE_LLM_URL model fake-tts voice alloy \([0-9]+ ms\)$"
	run -0 jq -r .path "$FAKE_LLM_LOG"
	assert_output $'/v1/audio/transcriptions\n/v1/audio/speech\n/v1/chat/completions'
	# Down: each is a problem, said on stderr; the key never shows.
	fake_llm_stop
	run -1 --separate-stderr iv doctor
	assert_stderr --regexp "iv-listen: POST $FAKE_LLM_URL/audio/transcriptions: [^\n]*connect"
	assert_stderr --regexp "iv-speak: POST $FAKE_LLM_URL/audio/speech: [^\n]*connect"
	refute_stderr --partial "$FAKE_LLM_KEY"
	refute_output --partial "$FAKE_LLM_KEY"
	# A 500 and a reply that is not audio.
	fake_llm_start '{"status":500,"error":"model not loaded"}' '{"body":"{\"not\":\"audio\"}"}'
	voice_config fake-tts
	run -1 --separate-stderr iv doctor
	assert_stderr --partial "iv-listen: POST $FAKE_LLM_URL/audio/transcriptions: HTTP 500: model not loaded (1 attempt)"
	assert_stderr --partial "iv-speak: POST $FAKE_LLM_URL/audio/speech: the reply is not audio"
	# The key's variable unset: named, and nothing is sent.
	fake_llm_stop
	fake_llm_start
	unset IV_TEST_LLM_KEY
	run -1 --separate-stderr iv doctor
	assert_stderr --partial "the environment variable IV_TEST_LLM_KEY (api_key_env of profile 'fake') is not set"
	[ "$(fake_llm_count)" -eq 0 ]
}

@test "iv-listen --ping and iv-speak --ping: usage, and --if-configured" {
	run -0 --separate-stderr iv-listen --ping --if-configured
	assert_output ''
	run -1 --separate-stderr iv-listen --ping
	assert_stderr --partial "iv-listen: no transcription endpoint configured"
	run -0 --separate-stderr iv-speak --ping --if-configured
	assert_output ''
	run -1 --separate-stderr iv-speak --ping
	assert_stderr "iv-speak: no speech endpoint configured: set audio.speech_model (or speech_model in an llm profile); see iv-speak(1)"
	run -2 --separate-stderr iv-listen --if-configured
	assert_stderr --partial "--if-configured goes with --ping"
	run -2 --separate-stderr iv-listen --ping x.wav
	assert_stderr --partial "--ping takes no files"
	run -2 --separate-stderr iv-speak --ping --out d
	assert_stderr --partial "--ping takes no files, --out or --engine"
	run -0 bash -c "
		source '$IV_SRC/completions/iv.bash'
		COMP_WORDS=(iv-listen --pi); COMP_CWORD=1; _iv_prog; printf '%s\n' \"\${COMPREPLY[@]}\"
		COMP_WORDS=(iv-speak --if); COMP_CWORD=1; _iv_prog; printf '%s\n' \"\${COMPREPLY[@]}\"
	"
	assert_line -- --ping
	assert_line -- --if-configured
}
