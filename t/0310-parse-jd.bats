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
	run -0 jq -c '[.title, .company, .type, .location, .salary, (.responsibilities | length), (.qualifications | length), (.nice_to_have | length)]' <<<"$j"
	assert_output '["Senior AI Application Engineer","Northwind Labs","Full-time","Shanghai","45-65K/month",4,5,3]'
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
	run -0 jq -c '[.title, .company, .location, .salary, .min_years, .degree, .degree_preferred, .lang]' <<<"$j"
	assert_output '["AI应用开发工程师（大模型方向）","星河智能科技有限公司","上海","30-50K·15薪",3,"Bachelor","Master","zh"]'
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
