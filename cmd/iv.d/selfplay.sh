# Usage: iv selfplay [--personas LIST] [--rounds N] [--questions K] [--lang zh|en] [--resume FILE] [--jd FILE] [--engine builtin|llm] [--model M] [--persona-model M] [--seed S] [--compare A,B] [--db DIR] [--format text|json|html]
# Summary: simulated candidates run the whole coaching loop; how well the coach grades and steers
# Help: Each persona (iv-persona --list; your own in CONFIG_DIR/personas/)
# Help: gets a store of its own, the resume and JD, and N mock interviews of
# Help: K questions: iv-ask asks, the persona answers by its profile's rules,
# Help: iv-grade grades, iv-summarize summarizes and plans, and the next
# Help: interview builds on it, all as in `iv interview`. Your own store is
# Help: never touched. The report says, per persona, the mean answer score,
# Help: each interview's overall score, and how the coach did: grades that
# Help: order strong > average > weak on the same questions, follow-ups on
# Help: missed key points, later questions on the first interview's weak
# Help: topics, the plan naming them.
# Help:   --personas LIST  comma-separated (default strong,average,weak,improving,bluffer)
# Help:   --rounds N       interviews per persona, 1 to 10 (default 3)
# Help:   --questions K    questions per interview, 1 to 10 (default 5)
# Help:   --lang zh|en     the interviews' language (default en)
# Help:   --resume FILE    the resume (default: the sample in share/samples)
# Help:   --jd FILE        the job description (default: the sample)
# Help:   --engine E       builtin or llm (default: the config's)
# Help:   --model M        the LLM model (engine llm)
# Help:   --persona-model M  a model role-plays the personas: their rules
# Help:                    decide what they know and get wrong, the model
# Help:                    words the answers (iv-persona --model)
# Help:   --seed S         the personas' seed (default 1); builtin runs with
# Help:                    the same seed give the same report
# Help:   --compare A,B    run twice on the same seed and compare: each of A
# Help:                    and B is builtin, llm, or a model name (engine llm)
# Help:                    (the text report puts the two side by side)
# Help:   --db DIR         keep the stores in DIR (PERSONA.db, or
# Help:                    ENGINE-PERSONA.db with --compare) instead of
# Help:                    throwing them away
# Help:   --format F       text (default), json: one line per persona (and
# Help:                    engine), with persona, mean, rounds, ordering,
# Help:                    follow_up, targeting, plan_focus and rising; or
# Help:                    html: one page with charts (iv-persona --report)
# Help: Without --persona-model personas answer offline by rules from the
# Help: bank's key points, whatever the coach's engine.

selfplay_num() {
	case $2 in
	''|*[!0-9]*) iv_usage_error "option '$1' needs a number, not '$2'" ;;
	esac
}

selfplay_progress() {
	[ "$progress" = 1 ] || return 0
	printf '\riv selfplay: %-40s' "$*" >&2
}

# One persona's run on one engine: its store, its interviews, and its
# turns written to $work/data.jsonl with what the report needs.
selfplay_persona() {
	p=$1 label=$2 eng=$3 mdl=$4
	# a model's name may hold a '/'
	file=$(printf '%s' "$label" | tr '/' '_')
	if [ -n "$keep" ]; then
		IV_DB=$keep/${compare:+$file-}$p.db
		rm -f "$IV_DB" "$IV_DB-wal" "$IV_DB-shm"
	else
		IV_DB=$work/$file-$p.db
	fi
	export IV_DB
	if [ -n "$eng" ]; then IV_ENGINE=$eng; export IV_ENGINE; fi
	iv-store init >/dev/null || return 1
	iv-parse-resume --store -- "$resume" >/dev/null || return 1
	iv-parse-jd --store -- "$jd" >/dev/null || return 1
	studied_topics='[]' studied_points='[]'
	r=0
	while [ "$r" -lt "$rounds" ]; do
		r=$((r + 1))
		s=$(iv-ask --start --rounds "$questions" --lang "$lang" ${mdl:+--model "$mdl"}) || return 1
		sid=$(printf '%s\n' "$s" | jq -r .session)
		n=0
		while :; do
			q=$(iv-ask --session "$sid" --store --no-stream) || return 1
			[ "$(printf '%s\n' "$q" | jq -r .type)" = done ] && break
			n=$((n + 1))
			selfplay_progress "$label $p: interview $r/$rounds, turn $n"
			tid=$(printf '%s\n' "$q" | jq -r .turn_id)
			kp=$(iv-store turns list --session "$sid" | jq -c --argjson t "$tid" 'select(.id == $t) | .metadata.key_points // []')
			a=$(jq -nc --argjson q "$q" --argjson kp "$kp" --argjson r "$r" \
				--argjson st "$studied_topics" --argjson sp "$studied_points" \
				'{question: $q, key_points: $kp, round: $r, studied_topics: $st, studied_points: $sp}' |
				iv-persona --persona "$p" --seed "$seed" ${persona_model:+--model "$persona_model"}) || return 1
			aid=$(printf '%s\n' "$a" | jq -c --argjson t "$tid" \
				'{role: "candidate", content: .answer, reply_to: $t, metadata: {hints: 0}}' |
				iv-store turns add --session "$sid" | jq -r .id) || return 1
			printf '%s\n' "$a" | jq -c --arg p "$p" --arg l "$label" --argjson id "$aid" \
				'{kind: "answer", persona: $p, label: $l, id: $id, declined}' >>"$work/data.jsonl"
			iv-grade --turn "$aid" --store >/dev/null || return 1
		done
		iv-summarize --session "$sid" --complete --store >/dev/null || return 1
		plan=$(iv-report plan --json 2>/dev/null) || plan='{}'
		# What the plan told the persona to study; `improving` takes it in.
		studied_topics=$(printf '%s\n' "$plan" | jq -c --argjson st "$studied_topics" \
			'$st + [.plan_data.learning_paths[]?.topic] | unique')
		studied_points=$(printf '%s\n' "$plan" | jq -c --argjson sp "$studied_points" \
			'$sp + [.plan_data.learning_paths[]?.tasks[]?.text | select(test("^(Study|学习)[:：]")) | sub("^(Study|学习)[:：] ?"; "")] | unique')
		iv-store sessions show "$sid" | jq -c --arg p "$p" --arg l "$label" --argjson r "$r" --argjson plan "$plan" --argjson s "$s" \
			'{kind: "session", persona: $p, label: $l, round: $r, overall: .summary.overall_score,
			  engine: $s.engine, model: $s.model,
			  plan_topics: [$plan.plan_data.learning_paths[]?.topic]}' >>"$work/data.jsonl"
		iv-store turns list --session "$sid" | jq -c --arg p "$p" --arg l "$label" --argjson r "$r" \
			'{kind: "turn", persona: $p, label: $l, round: $r, id, role, reply_to, score, sequence: .sequence_number,
			  question_id: .metadata.question_id, topic: .metadata.topic, follow_up: .metadata.follow_up,
			  key_point: .metadata.key_point, missed: [.metadata.grade.missed_points[]?.id]}' >>"$work/data.jsonl"
	done
}

# The figures, one JSON line per persona and engine, from data.jsonl.
selfplay_figures() {
	jq -sc --arg lang "$lang" --argjson seed "$seed" --argjson rounds "$rounds" --argjson questions "$questions" '
	def share(a; b): if b == 0 then null else ((a / b * 1000 | round) / 1000) end;
	def mean: if length == 0 then null else ((add / length * 100 | round) / 100) end;
	(map(select(.kind == "turn" and .role == "interviewer")) | map({key: "\(.label)/\(.persona)/\(.id)", value: .}) | from_entries) as $q
	| (map(select(.kind == "turn" and .role == "candidate" and .reply_to != null))
	   | map(. + {q: $q["\(.label)/\(.persona)/\(.reply_to)"]})) as $a
	| (map(select(.kind == "session"))) as $s
	| (map(select(.kind == "answer" and .declined)) | map({key: "\(.label)/\(.persona)/\(.id)", value: true}) | from_entries) as $declined
	| ["strong", "average", "weak"] as $chain
	| [$a[] | {label: .label, persona}] | unique | group_by(.label)[] | . as $runs
	| ($runs[0].label) as $l
	| ($a | map(select(.label == $l))) as $al
	| [$runs[].persona] as $names
	# the mean score of each persona on each first-asked question
	| ($al | map(select(.q.follow_up != true and .score != null))
	   | group_by(.persona) | map({key: .[0].persona, value: (group_by(.q.question_id) | map({key: .[0].q.question_id, value: (map(.score) | add / length)}) | from_entries)}) | from_entries) as $byq
	| [$chain[] as $hi | $chain[] as $lo | select(($chain | index($hi)) < ($chain | index($lo)))
	   | select($byq[$hi] != null and $byq[$lo] != null)
	   | ($byq[$hi] | keys[]) as $k | select($byq[$lo][$k] != null)
	   | {hi: $hi, lo: $lo, ok: ($byq[$hi][$k] > $byq[$lo][$k])}] as $pairs
	| $runs[] | .persona as $p
	| ($al | map(select(.persona == $p))) as $mine
	| ($s | map(select(.label == $l and .persona == $p)) | sort_by(.round)) as $sess
	| ([$pairs[] | select(.hi == $p or .lo == $p)]) as $mp
	# first questions whose answer missed a key point (an answer that only
	# declines the question is moved on from, not followed up), and whether
	# the next question in that interview followed one of them up
	| ($mine | map(select(.q.follow_up != true and (.missed | length) > 0
		and ($declined["\($l)/\($p)/\(.id)"] | not)))) as $missed
	| ($missed | map(select(. as $x | [$q[] | select(.label == $l and .persona == $p and .round == $x.round
		and .sequence == $x.sequence + 1 and .follow_up == true and ((.key_point // "") as $k | $x.missed | index($k)))]
		| length > 0))) as $followed
	| ($mine | map(select(.round == 1 and .q.follow_up != true and .score != null)) | group_by(.q.topic)
	   | map(select((map(.score) | add / length) < 6) | .[0].q.topic)) as $weak
	| ($mine | map(select(.round > 1 and .q.follow_up != true))) as $later
	| ([$sess[].overall]) as $ov
	| {label: $l, engine: $sess[0].engine, model: $sess[0].model, persona: $p, lang: $lang, seed: $seed, questions: $questions,
	   mean: ([$mine[].score | select(. != null)] | mean),
	   rounds: $ov,
	   answers: ($mine | length),
	   ordering: share([$mp[] | select(.ok)] | length; $mp | length),
	   pairs: ($mp | length),
	   follow_up: share($followed | length; $missed | length),
	   missed: ($missed | length),
	   declined: ([$mine[] | select(.q.follow_up != true and $declined["\($l)/\($p)/\(.id)"])] | length),
	   targeting: (if ($weak | length) == 0 or ($later | length) == 0 then null
		       else share([$later[] | select(.q.topic as $t | $weak | index($t))] | length; $later | length) end),
	   later: (if ($weak | length) == 0 then 0 else ($later | length) end),
	   weak_topics: $weak,
	   plan_focus: (if ($weak | length) == 0 then null
			else share([$weak[] | select(. as $t | ($sess[0].plan_topics // []) | index($t))] | length; $weak | length) end),
	   rising: (if ($ov | length) < 2 or any($ov[]; . == null) then null
		    else ([range(1; $ov | length) as $i | $ov[$i] > $ov[$i - 1]] | all) end)}
	' "$work/data.jsonl"
}

selfplay_text() {
	jq -rs --argjson rounds "$rounds" --argjson questions "$questions" '
	def pct: if . == null then "-" else "\(. * 100 | round)%" end;
	def num: if . == null then "-" else (. * 10 | round / 10 | tostring) end;
	def pad(n): tostring | . + (" " * ([n - length, 0] | max));
	def firsts: reduce .[] as $x ([]; if any(.[]; . == $x) then . else . + [$x] end);	# unique, in order
	(group_by(.label)[] | . as $rows
	| "Selfplay on \(.[0].engine)\(if .[0].model then " (\(.[0].model))" else "" end), \(.[0].lang), seed \(.[0].seed) (rounds \($rounds), questions \($questions))",
	  "  \("persona" | pad(10)) \("mean" | pad(5)) \("interviews" | pad(18)) \("ordered" | pad(8)) \("follow-up" | pad(9)) \("targeted" | pad(8)) plan",
	  ($rows[] | "  \(.persona | pad(10)) \(.mean | num | pad(5)) \([.rounds[] | num] | join(" ") | pad(18)) \(.ordering | pct | pad(8)) \(.follow_up | pct | pad(9)) \(.targeting | pct | pad(8)) \(.plan_focus | pct)"),
	  ([$rows[] | select(.ordering != null)] as $o
	   | if ($o | length) == 0 then empty else
	     "  strong > average > weak on the same question: \(([$o[] | .ordering * .pairs] | add) / ([$o[] | .pairs] | add) | pct) of the pairs" end),
	  ([$rows[] | select(.follow_up != null)] as $f
	   | if ($f | length) == 0 then empty else
	     "  follow-up on a missed key point: \(([$f[] | .follow_up * .missed] | add) / ([$f[] | .missed] | add) | pct) of \([$f[] | .missed] | add) answers" end),
	  ([$rows[] | select(.targeting != null)] as $t
	   | if ($t | length) == 0 then empty else
	     "  later questions on the first interview'"'"'s weak topics: \(([$t[] | .targeting * .later] | add) / ([$t[] | .later] | add) | pct) of \([$t[] | .later] | add)" end),
	  ([$rows[] | select(.persona == "improving")][0] // empty
	   | "  improving: \([.rounds[] | num] | join(" -> "))\(if .rising then ", rising every interview" elif .rising == false then ", not rising every interview" else "" end)"),
	  ([$rows[] | select(.persona == "bluffer")][0] as $b | [$rows[] | select(.persona == "average")][0] as $m
	   | if $b == null or $m == null then empty else
	     "  bluffer: mean \($b.mean | num), \(if $b.mean < $m.mean then "below" else "not below" end) the average persona (\($m.mean | num))" end),
	  ""),
	# --compare: the two runs side by side, persona by persona, in the order given.
	([.[].label] | firsts) as $labels
	| select(($labels | length) == 2)
	| def run($l): [.[] | select(.label == $l)];
	  def name($rows): "\($rows[0].engine)\(if $rows[0].model then " (\($rows[0].model))" else "" end)";
	  def share($rows; f; w): [$rows[] | select(f != null)] as $x
	    | if ($x | length) == 0 or ([$x[] | w] | add) == 0 then null else ([$x[] | f * w] | add) / ([$x[] | w] | add) end;
	  def pair(a; b; f): "\(a | f) | \(b | f)";
	  run($labels[0]) as $a | run($labels[1]) as $b
	| "Side by side: \(name($a)) | \(name($b)), same seed",
	  "  \("persona" | pad(10)) \("mean" | pad(13)) \("ordered" | pad(13)) \("follow-up" | pad(13)) \("targeted" | pad(13)) plan",
	  (([$a[].persona, $b[].persona] | firsts)[] as $p
	  | ([$a[] | select(.persona == $p)][0] // {}) as $x | ([$b[] | select(.persona == $p)][0] // {}) as $y
	  | "  \($p | pad(10)) \(pair($x.mean; $y.mean; num) | pad(13)) \(pair($x.ordering; $y.ordering; pct) | pad(13)) \(pair($x.follow_up; $y.follow_up; pct) | pad(13)) \(pair($x.targeting; $y.targeting; pct) | pad(13)) \(pair($x.plan_focus; $y.plan_focus; pct))"),
	  "  all personas: ordered \(pair(share($a; .ordering; .pairs); share($b; .ordering; .pairs); pct)), follow-up \(pair(share($a; .follow_up; .missed); share($b; .follow_up; .missed); pct)), targeted \(pair(share($a; .targeting; .later); share($b; .targeting; .later); pct))",
	  ""'
}

selfplay_main() {
	personas=strong,average,weak,improving,bluffer rounds=3 questions=5 lang=en
	resume= jd= engine= model= persona_model= seed=1 compare= keep= format=text
	while [ $# -gt 0 ]; do
		case $1 in
		--personas|--rounds|--questions|--lang|--resume|--jd|--engine|--model|--persona-model|--seed|--compare|--db|--format)
			[ $# -ge 2 ] || iv_usage_error "option '$1' needs an argument"
			case $1 in
			--personas) personas=$2 ;;
			--rounds) selfplay_num "$1" "$2"; rounds=$2 ;;
			--questions) selfplay_num "$1" "$2"; questions=$2 ;;
			--lang) case $2 in zh|en) lang=$2 ;; *) iv_usage_error "option '--lang' takes zh or en, not '$2'" ;; esac ;;
			--resume) resume=$2 ;;
			--jd) jd=$2 ;;
			--engine) case $2 in builtin|llm) engine=$2 ;; *) iv_usage_error "option '--engine' takes builtin or llm, not '$2'" ;; esac ;;
			--model) model=$2 ;;
			--persona-model) persona_model=$2 ;;
			--seed) selfplay_num "$1" "$2"; seed=$2 ;;
			--compare) compare=$2 ;;
			--db) keep=$2 ;;
			--format) case $2 in text|json|html) format=$2 ;; *) iv_usage_error "option '--format' takes text, json or html, not '$2'" ;; esac ;;
			esac
			shift 2 ;;
		*) iv_usage_error "unknown argument '$1'" ;;
		esac
	done
	[ "$rounds" -ge 1 ] && [ "$rounds" -le 10 ] || iv_usage_error "option '--rounds' takes 1 to 10, not '$rounds'"
	[ "$questions" -ge 1 ] && [ "$questions" -le 10 ] || iv_usage_error "option '--questions' takes 1 to 10, not '$questions'"
	if [ -n "$compare" ]; then
		case $compare in
		*,*) [ -n "${compare%%,*}" ] && [ -n "${compare#*,}" ] && case ${compare#*,} in *,*) false ;; esac ||
			iv_usage_error "option '--compare' takes two engines or models, as builtin,llm" ;;
		*) iv_usage_error "option '--compare' takes two engines or models, as builtin,llm" ;;
		esac
		[ -z "$engine$model" ] || iv_usage_error "--compare names the engines and models itself"
	fi
	case $personas in ''|,*|*,|*,,*) iv_usage_error "option '--personas' takes names separated by commas" ;; esac
	old_ifs=$IFS; IFS=,
	for p in $personas; do
		iv-persona --show "$p" >/dev/null || exit 1
	done
	IFS=$old_ifs
	share=$(iv-store path share) || exit 1
	: "${resume:=$share/samples/resume-$lang.md}"
	: "${jd:=$share/samples/jd-$lang.txt}"
	[ -r "$resume" ] && [ ! -d "$resume" ] || iv_die "can't read the resume '$resume'"
	[ -r "$jd" ] && [ ! -d "$jd" ] || iv_die "can't read the job description '$jd'"
	if [ -n "$keep" ]; then
		mkdir -p "$keep" || iv_die "can't create '$keep'"
	fi
	progress=0
	[ -t 2 ] && progress=1
	work=$(mktemp -d "${TMPDIR:-/tmp}/iv-selfplay.XXXXXX") || iv_die "can't create a temporary folder"
	trap 'rm -rf "$work"' EXIT
	trap 'rm -rf "$work"; exit 130' INT TERM HUP
	: >"$work/data.jsonl"
	# The user's store stays out of it: every run has its own.
	unset IV_DB
	if [ -n "$compare" ]; then
		set -- "${compare%%,*}" "${compare#*,}"
	else
		set -- "${engine:-default}"
	fi
	for run do
		if [ -z "$compare" ]; then
			eng=$engine mdl=$model
		else
			case $run in
			builtin|llm) eng=$run mdl= ;;
			*) eng=llm mdl=$run ;;
			esac
		fi
		IFS=,
		for p in $personas; do
			IFS=$old_ifs
			( selfplay_persona "$p" "$run" "$eng" "$mdl" ) || {
				[ "$progress" = 1 ] && printf '\n' >&2
				iv_die "selfplay: persona '$p' on $run failed"
			}
		done
		IFS=$old_ifs
	done
	[ "$progress" = 1 ] && printf '\r%-60s\r' '' >&2
	selfplay_figures >"$work/figures.jsonl" || iv_die "selfplay: no report"
	if [ "$format" = json ]; then
		cat "$work/figures.jsonl"
	elif [ "$format" = html ]; then
		iv-persona --report "$work/figures.jsonl" || iv_die "selfplay: no report"
	else
		selfplay_text <"$work/figures.jsonl"
	fi
}

iv_cmd() {
	selfplay_main "$@"
}

iv_complete() {
	case ${1:-} in
	--lang) printf '%s\n' zh en ;;
	--engine) printf '%s\n' builtin llm ;;
	--format) printf '%s\n' text json html ;;
	--personas) iv-persona --list 2>/dev/null | jq -r .name ;;
	*) printf '%s\n' --personas --rounds --questions --lang --resume --jd --engine --model --persona-model --seed --compare --db --format ;;
	esac
}
