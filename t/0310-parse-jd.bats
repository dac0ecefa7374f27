#!/usr/bin/env bats
# iv-parse-jd: job descriptions in both languages; required and preferred
# skills, years and degree; --store and the default.

load test_helper

# Files the tests make go in the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

SAMPLES="$IV_SRC/share/samples"

@test "an English JD: title, company, facts, sections, skills, years, degree" {
	run -0 --separate-stderr iv-parse-jd "$SAMPLES/jd-en.txt"
	[ -z "$stderr" ]
	j=$output
	run -0 jq -c '[.title, .company, .type, .location, .remote, .salary, .experience, (.responsibilities | length), (.qualifications | length), (.nice_to_have | length)]' <<<"$j"
	assert_output '["Senior AI Application Engineer","Northwind Labs","Full-time",{"address":"Shanghai","city":"Shanghai","countryCode":"CN"},"Hybrid","45-65K/month","Senior",4,5,3]'
	run -0 jq -c '.required_skills[:6], .preferred_skills, .alternatives, [.min_years, .degree, .degree_preferred, .lang]' <<<"$j"
	assert_output - <<-'EOF'
	["Python","FastAPI","Django","RAG","LangChain","LlamaIndex"]
	["LangGraph","Multi-Agent Systems","Fine-tuning","LoRA","Go","NLP","Machine Learning"]
	[["FastAPI","Django"],["LangChain","LlamaIndex"],["Milvus","Qdrant","pgvector"],["NLP","Machine Learning"]]
	[3,"Bachelor","Master","en"]
	EOF
	run -0 jq -c '.skills | map(.name)' <<<"$j"
	assert_output '["Required","Preferred"]'
	run -0 jq -r '.description' <<<"$j"
	assert_line --index 0 'We build AI assistants for finance and legal teams: retrieval over millions of'
}

@test "a Chinese JD: 岗位职责, 任职要求, 加分项" {
	run -0 iv-parse-jd "$SAMPLES/jd-zh.txt"
	j=$output
	run -0 jq -c '[.title, .company, .location, .salary, .experience, .min_years, .degree, .degree_preferred, .lang, has("remote"), has("date")]' <<<"$j"
	assert_output '["AI应用开发工程师（大模型方向）","星河智能科技有限公司",{"address":"上海","city":"上海","countryCode":"CN"},"30-50K·15薪","Mid-level",3,"Bachelor","Master","zh",false,false]'
	run -0 jq -c '.required_skills[:5], .preferred_skills, .alternatives' <<<"$j"
	assert_output - <<-'EOF'
	["LLM","Python","LangChain","LlamaIndex","RAG"]
	["Fine-tuning","LoRA","Go"]
	[["LangChain","LlamaIndex"]]
	EOF
	run -0 jq -r '.qualifications[0], .nice_to_have[1]' <<<"$j"
	assert_output $'本科及以上学历，计算机相关专业，3年以上Python开发经验；\n熟悉Go语言者优先；'
}

@test "a requirement clause that says 优先 or 'a plus' is preferred; the rest of the line required" {
	printf 'Python开发工程师\n\n任职要求：\n- 熟悉Python和FastAPI，有Go经验者优先\n- Docker; Kubernetes is a plus\n' > jd.txt
	run -0 bash -c 'iv-parse-jd jd.txt | jq -c ".required_skills, .preferred_skills, .qualifications, .nice_to_have"'
	assert_output - <<-'EOF'
	["Python","FastAPI","Docker"]
	["Go","Kubernetes"]
	["熟悉Python和FastAPI，有Go经验者优先","Docker; Kubernetes is a plus"]
	[]
	EOF
}

@test "location as the job schema's object, remote from its enum, the date in ISO 8601" {
	for l in 'Shanghai|{"address":"Shanghai","city":"Shanghai","countryCode":"CN"}|' \
		'上海/北京|{"address":"上海/北京","city":"上海","countryCode":"CN"}|' \
		'San Francisco, CA (hybrid)|{"address":"San Francisco, CA (hybrid)","city":"San Francisco","region":"CA","countryCode":"US"}|Hybrid' \
		'北京（可远程）|{"address":"北京（可远程）","city":"北京","countryCode":"CN"}|Full' \
		'Remote|{"address":"Remote"}|Full' \
		'深圳，不支持远程|{"address":"深圳，不支持远程","city":"深圳","countryCode":"CN"}|None' \
		'Atlantis Base 7|{"address":"Atlantis Base 7"}|'; do
		IFS='|' read -r text loc remote <<<"$l"
		printf 'Backend Engineer\nLocation: %s\n\nRequirements\n- Python\n' "$text" > jd.txt
		run -0 --separate-stderr iv-parse-jd jd.txt
		j=$output
		run -0 jq -c '.location' <<<"$j"
		assert_output "$loc"
		run -0 jq -r '.remote // ""' <<<"$j"
		assert_output "$remote"
	done
	for d in '2026-11-20:2026-11-20' '2026/3/5:2026-03-05' '2026年11月20日:2026-11-20' 'Nov 20, 2026:2026-11-20' \
		'20 November 2026:2026-11-20' '2026.11:2026-11' 'March 2026:2026-03'; do
		printf '高级后端工程师\n发布日期：%s\n办公方式：混合办公\n\n任职要求\n- Python\n' "${d%:*}" > jd.txt
		run -0 bash -c 'iv-parse-jd jd.txt | jq -r "[.date, .remote, .experience] | join(\" \")"'
		assert_output "${d##*:} Hybrid Senior"
	done
	printf 'Backend Engineer\n\nAbout the role\nWe build search.\nWork mode: hybrid\nPosted: 2026-11-02\n\nRequirements\n- Python\n' > jd.txt
	run -0 bash -c 'iv-parse-jd jd.txt | jq -c "[.remote, .date, .description]"'
	assert_output '["Hybrid","2026-11-02","We build search."]'
	printf 'Backend Engineer\nDate: sometime soon\nRemote: no\n\nRequirements\n- Python\n' > jd.txt
	run -0 bash -c 'iv-parse-jd jd.txt | jq -c "[has(\"date\"), .remote]"'
	assert_output '[false,"None"]'
}

@test "experience: Senior, Mid-level or Junior from the title, else the years asked for" {
	for e in 'Staff Engineer:Python:Senior' '资深算法工程师:Python:Senior' 'Software Engineering Intern:Python:Junior' \
		'AI 实习生:Python:Junior' 'Backend Engineer:Python; 6+ years of experience:Senior' \
		'Backend Engineer:Python; 3+ years of experience:Mid-level' 'Backend Engineer:Python; 1+ years of experience:Junior' \
		'Backend Engineer:Python:'; do
		IFS=: read -r title req level <<<"$e"
		printf '%s\n\nRequirements\n- %s\n' "$title" "$req" > jd.txt
		run -0 bash -c 'iv-parse-jd jd.txt | jq -r ".experience // \"\""'
		assert_output "$level"
	done
}

@test "a JD object in the old shape (location a string) or another tool's reads in the schema's shape" {
	iv-parse-jd "$SAMPLES/jd-zh.txt" | jq -c '.location = "上海" | del(.source, .sha256)' > old.json
	run -0 bash -c 'iv-parse-jd old.json | jq -c .location'
	assert_output '{"address":"上海","city":"上海","countryCode":"CN"}'
	iv-parse-jd "$SAMPLES/jd-en.txt" | jq -c '.remote = true | .date = "2026/11/20" | .location = null' > other.json
	run -0 bash -c 'iv-parse-jd other.json | jq -c "[.remote, .date, has(\"location\")]"'
	assert_output '["Full","2026-11-20",false]'
	iv-parse-jd "$SAMPLES/jd-en.txt" | jq -c '.remote = "sometimes"' > bad.json
	run -1 --separate-stderr iv-parse-jd bad.json
	assert_stderr "iv-parse-jd: bad.json: remote: expected Full, Hybrid or None, got 'sometimes'"
	iv-parse-jd "$SAMPLES/jd-en.txt" | jq -c '.date = "soon"' > bad.json
	run -1 --separate-stderr iv-parse-jd bad.json
	assert_stderr "iv-parse-jd: bad.json: date: expected an ISO 8601 date (2026-11-20), got 'soon'"
	iv-parse-jd "$SAMPLES/jd-en.txt" | jq -c '.location = {"city": 7}' > bad.json
	run -1 --separate-stderr iv-parse-jd bad.json
	assert_stderr "iv-parse-jd: bad.json: location.city: expected string, got number"
}

@test "years and degrees however they are asked" {
	for y in '三年以上工作经验:3' '5+ years of experience:5' 'at least 2 years of experience:2' '3-5年开发经验:3' '两年及以上经验:2' '10 years of experience:10'; do
		printf 'Backend Engineer\n\nRequirements\n- Python; %s\n' "${y%:*}" > jd.txt
		run -0 bash -c 'iv-parse-jd jd.txt | jq .min_years'
		assert_output "${y##*:}"
	done
	for d in '本科及以上学历:Bachelor' '硕士及以上:Master' "BS/MS in Computer Science:Bachelor" 'PhD in Machine Learning:PhD' 'Python only:null'; do
		printf 'Backend Engineer\n\nRequirements\n- Python; %s\n' "${d%:*}" > jd.txt
		run -0 bash -c 'iv-parse-jd jd.txt | jq -r .degree'
		assert_output "${d##*:}"
	done
	printf 'Backend Engineer\n\nRequirements\n- Python; 2024年毕业\n' > jd.txt
	run -0 bash -c 'iv-parse-jd jd.txt | jq .min_years'
	assert_output null
}

@test "a posting without headings: every skill it names is required" {
	echo 'We need a Go developer who knows Redis and Kafka, 3+ years of experience.' > jd.txt
	run -0 bash -c 'iv-parse-jd jd.txt | jq -c "[.required_skills, .preferred_skills, .min_years]"'
	assert_output '[["Go","Redis","Kafka"],[],3]'
}

@test "stdin, and - for stdin" {
	run -0 bash -c "iv-parse-jd < '$SAMPLES/jd-zh.txt' | jq -r .source"
	[ "$output" = - ]
	run -0 bash -c "iv-parse-jd - < '$SAMPLES/jd-en.txt' | jq -r .company"
	assert_output 'Northwind Labs'
}

@test "an iv-parse-jd object reads back unchanged; a bad one is refused" {
	iv-parse-jd "$SAMPLES/jd-en.txt" | jq -c 'del(.source, .sha256)' > a.json
	run -0 bash -c 'iv-parse-jd a.json | jq -c "del(.source, .sha256)" | cmp - a.json'
	echo '{"required_skills": "Python"}' > bad.json
	run -1 --separate-stderr iv-parse-jd bad.json
	assert_stderr "iv-parse-jd: bad.json: required_skills: expected array, got string"
	echo '{"title": "x"}' > none.json
	run -1 --separate-stderr iv-parse-jd none.json
	assert_stderr "iv-parse-jd: none.json: not a job description (no required_skills; give the posting's text instead)"
}

@test "empty files and text without skills are refused" {
	: > empty.txt
	echo 'Come work with us, we are nice.' > vague.txt
	run -1 --separate-stderr iv-parse-jd empty.txt vague.txt
	assert_stderr $'iv-parse-jd: empty.txt: empty file\niv-parse-jd: vague.txt: no skills found in it; is it a job description?'
	[ -z "$output" ]
}

@test "--store keeps it, makes it the default; the same text is kept once" {
	run -0 bash -c "iv-parse-jd --store '$SAMPLES/jd-en.txt' | jq -c '[.id, .is_default, .existing]'"
	assert_output '[1,true,false]'
	run -0 bash -c "iv-parse-jd --store '$SAMPLES/jd-zh.txt' | jq -c '[.id, .is_default, .existing]'"
	assert_output '[2,true,false]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT id, is_default, title, company, location, lang, json_array_length(required_skills) > 5, json_extract(preferred_skills, '\$[0]'), raw_text = CAST(readfile('$SAMPLES/jd-zh.txt') AS TEXT) FROM job_descriptions ORDER BY id"
	assert_output $'1|0|Senior AI Application Engineer|Northwind Labs|Shanghai|en|1|LangGraph|0\n2|1|AI应用开发工程师（大模型方向）|星河智能科技有限公司|上海|zh|1|Fine-tuning|1'
	run -0 bash -c "iv-parse-jd --store < '$SAMPLES/jd-en.txt' | jq -c '[.id, .is_default, .existing]'"
	assert_output '[1,true,true]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT group_concat(id) FROM job_descriptions WHERE is_default = 1"
	assert_output 1
	run -0 bash -c "iv-parse-jd --set-default 2 | jq -c '[.id, .is_default]'"
	assert_output '[2,true]'
	run -1 --separate-stderr iv-parse-jd --set-default 7
	assert_stderr "iv-parse-jd: no job description 7"
}

@test "usage errors exit 2" {
	run -2 --separate-stderr iv-parse-jd --nope
	assert_stderr --partial "iv-parse-jd: unknown option '--nope'"
	run -2 --separate-stderr iv-parse-jd --set-default 1 jd.txt
	assert_stderr --partial "--set-default takes no files"
}
