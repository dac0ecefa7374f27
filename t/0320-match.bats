#!/usr/bin/env bats
# iv-match: the score and its breakdown, evidence, missing skills,
# suggestions; pipelines, stored resumes and JDs, --store.

load test_helper

SAMPLES="$IV_SRC/share/samples"

setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
	export IV_NOW=2025-06-01
}

@test "the acceptance pipeline: iv-parse-resume cv.pdf | iv-match --jd jd.txt | jq .score" {
	"$IV_BUILD/t/tools/resume-mkpdf" cv.pdf "$FIXTURES/resume-zh.txt"
	cp "$SAMPLES/jd-zh.txt" jd.txt
	run -0 bash -c 'set -o pipefail; iv-parse-resume cv.pdf | iv-match --jd jd.txt | jq .score'
	[[ $output =~ ^[0-9]+$ ]] && [ "$output" -ge 0 ] && [ "$output" -le 100 ]
	score=$output
	run -0 bash -c 'iv-parse-resume cv.pdf | iv-match --jd jd.txt | jq -c "[.jd.title, .resume.name, .lang]"'
	assert_output '["AI应用开发工程师（大模型方向）","李娜","zh"]'
	# The same resume as text gives the same score.
	run -0 bash -c "iv-parse-resume '$FIXTURES/resume-zh.txt' | iv-match --jd jd.txt | jq .score"
	assert_output "$score"
}

@test "the score is exactly the rounded sum of the breakdown's points; weights add up to 100" {
	for pair in resume-en.md:jd-en.txt resume-zh.md:jd-zh.txt resume-zh.md:jd-en.txt resume-en.md:jd-zh.txt; do
		run -0 bash -c "iv-parse-resume '$SAMPLES/${pair%:*}' | iv-match --jd '$SAMPLES/${pair#*:}' |
			jq -c '[.score == (.breakdown | map(.points) | add | round), (.breakdown | map(.weight) | add),
				(.breakdown | map(.part)), all(.breakdown[]; .score >= 0 and .score <= 1 and .points == (.points * 100 | round) / 100)]'"
		assert_output '[true,100,["required_skills","preferred_skills","experience","education","keywords"],true]'
	done
	# A JD that asks no years, degree or nice-to-haves gives their weight to
	# the required skills; so do keywords when the JD has too few words.
	printf 'Go Developer\n\nRequirements\n- Go, Redis, Kafka, Docker and gRPC for our trading services\n- Go services, Redis caching, Kafka topics, Docker images\n' > jd.txt
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-en.md' | iv-match --jd jd.txt | jq -c '[.breakdown[].weight]'"
	assert_output '[100,0,0,0,0]'
	run -0 bash -c "iv-parse-resume '$FIXTURES/resume-en.txt' | iv-match --jd '$FIXTURES/jd-senior.txt' | jq '.score == (.breakdown | map(.points) | add | round)'"
	assert_output true
}

@test "the English sample pair: the score, each part, the facts behind them" {
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-en.md' | iv-match --jd '$SAMPLES/jd-en.txt'"
	m=$output
	run -0 jq -c '.score, (.breakdown[] | [.part, .weight, .score, .points, .detail]), .experience, .education' <<<"$m"
	assert_output - <<-'EOF'
	89
	["required_skills",50,0.938,46.88,"19 of 20 (18 shown in work or projects, 1 only listed)"]
	["preferred_skills",15,0.75,11.25,"5 of 6"]
	["experience",15,1,15,"5.0 years; the JD asks 3+"]
	["education",10,1,10,"Master; the JD asks Bachelor"]
	["keywords",10,0.55,5.5,"11 of the JD's 20 most frequent words"]
	{"required_years":3,"resume_years":5}
	{"required":"Bachelor","resume":"Master"}
	EOF
}

@test "matched skills carry the resume line that shows them; listed-only ones count less" {
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-en.md' | iv-match --jd '$SAMPLES/jd-en.txt'"
	m=$output
	run -0 jq -c '.matched_skills[] | select(.name == "Python") | [.required, .shown, .section, .entry, .evidence]' <<<"$m"
	assert_output '[true,true,"work","Shopline Technologies","Wrote order and payment services in Python (FastAPI, asyncio) and Go, on PostgreSQL and Redis."]'
	# Milvus stands in for "a vector database".
	run -0 jq -c '.matched_skills[] | select(.name == "Vector Database") | [.via, .entry]' <<<"$m"
	assert_output '["Milvus","Lumen AI"]'
	run -0 jq -c '.matched_skills[] | select(.name == "LlamaIndex") | [.shown, .section, .evidence]' <<<"$m"
	assert_output '[false,"skills","LLM: RAG, LangChain, LangGraph, LlamaIndex, prompt engineering, fine-tuning (LoRA)"]'
	# Every evidence line names its skill or the one standing in for it.
	run -0 jq -r '.matched_skills[] | select(.evidence != null) | "\(.via // .name)\t\(.evidence)"' <<<"$m"
	[ "${#lines[@]}" -gt 15 ]
}

@test "a related tool stands in for half, named as such; a kind of a skill in full" {
	cat >cv.md <<'EOF'
# Li Wei
li.wei@example.com

## Experience
### Frontend Engineer — Acme Corp
2020 - Present
- Built the checkout app in Vue with Vite and Vitest.
- Orders in MariaDB through Prisma.
EOF
	printf 'Frontend Engineer\n\nRequirements\n- Vue\n- Webpack\n- MySQL and an ORM\n' >jd.txt
	run -0 bash -c "iv-parse-resume cv.md | jq -c .extracted_skills"
	assert_output '["Vue","Vite","Vitest","MariaDB","Prisma"]'
	run -0 bash -c "iv-parse-resume cv.md | iv-match --jd jd.txt"
	m=$output
	run -0 jq -c '[.matched_skills[] | [.name, .via, .related // false, .shown]]' <<<"$m"
	assert_output '[["Vue",null,false,true],["Webpack","Vite",true,true],["MySQL","MariaDB",true,true],["ORM","Prisma",false,true]]'
	# two of four count half: 3/4 of the required part
	run -0 jq -c '.breakdown[0] | [.score, .detail]' <<<"$m"
	assert_output '[0.75,"4 of 4 (4 shown in work or projects, 0 only listed); 2 through a related tool, counted half"]'
	run -0 jq -r '.suggestions[0]' <<<"$m"
	assert_output "The JD asks for Webpack; your resume shows Vite, a related tool, which counts half: if you have used Webpack too, name it where you used it."
	run -0 bash -c "iv-parse-resume cv.md | iv-match --jd jd.txt --text | grep Webpack"
	assert_output --partial "≈ Webpack"
	assert_output --partial "Vite, a related tool; work:"
}

@test "a general term is its own skill, and a tool that is a kind of it stands in in full" {
	printf '# 王芳\nwang.fang@example.com\n\n## 工作经历\n### 后端工程师 — 星河科技\n2020 - 至今\n- 用 Celery 处理订单异步任务，监控数据写入 InfluxDB，用 Airflow 编排每日报表。\n' >cv.md
	printf '后端工程师\n\n任职要求\n- 熟悉任务队列\n- 熟悉时序数据库\n- 有任务调度平台经验\n' >jd.txt
	run -0 bash -c "iv-parse-jd jd.txt | jq -c .required_skills"
	assert_output '["Task Queue","Time Series Database","Workflow Scheduling"]'
	run -0 bash -c "iv-parse-resume cv.md | jq -c .extracted_skills"
	assert_output '["Celery","asyncio","Observability","InfluxDB","Airflow"]'
	run -0 bash -c "iv-parse-resume cv.md | iv-match --jd jd.txt | jq -c '[.matched_skills[] | [.name, .via, .related // false]], .breakdown[0].score'"
	assert_output - <<'EOF'
[["Task Queue","Celery",false],["Time Series Database","InfluxDB",false],["Workflow Scheduling","Airflow",false]]
1
EOF
}

@test "missing skills: required first, in the JD's order; one of an either-or group is enough" {
	printf 'Sam Lee\n\nExperience\nEngineer, Acme Inc., 2019 - 2024\n- Built services with FastAPI and PostgreSQL.\n' > cv.txt
	printf 'Backend Engineer\n\nRequirements\n- Kubernetes, Redis\n- FastAPI or Django\n- PostgreSQL\n\nNice to have\n- Kafka\n' > jd.txt
	run -0 bash -c 'iv-parse-resume cv.txt | iv-match --jd jd.txt | jq -c "[.missing_skills[] | [.name, .required]], [.matched_skills[].name]"'
	assert_output $'[["Kubernetes",true],["Redis",true],["Kafka",false]]\n["FastAPI","PostgreSQL"]'
	# The suggestions name the first missing required skill, then the rest.
	run -0 bash -c 'iv-parse-resume cv.txt | iv-match --jd jd.txt | jq -r ".suggestions[]"'
	assert_line --index 0 "Kubernetes is the first required skill the JD names that your resume doesn't show; if you have used it, add it to a project or job and say what you did with it."
	assert_line --index 1 'Also required and missing: Redis.'
	assert_line 'Nice-to-haves you could add if you have them: Kafka.'
}

@test "suggestions: either-or skills, a project for a listed-only skill, the degree, the JD's words" {
	run -0 bash -c "iv-parse-resume '$FIXTURES/resume-en.txt' | iv-match --jd '$FIXTURES/jd-senior.txt' | jq -r '.suggestions[]'"
	assert_output - <<-'EOF'
	FastAPI or Django is the first required skill the JD names that your resume doesn't show; if you have used it, add it to a project or job and say what you did with it.
	You list Kubernetes only in your skills section; show it in your work, e.g. say how "Ragbench" used it.
	You list Terraform only in your skills section; show it in your work, e.g. say how "Ragbench" used it.
	The JD asks for a PhD degree; your resume shows Master.
	EOF
	# Years: the JD asks 8+; the Chinese resume has 4.0 (its internship not counted).
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-zh.md' | iv-match --jd '$FIXTURES/jd-senior.txt' | jq -r '.experience.resume_years, (.breakdown[2] | .score), (.suggestions[] | select(test(\"8 年\")))'"
	assert_output $'4\n0.5\n岗位要求 8 年以上经验，你的工作经历约 4.0 年（不含实习）：突出每段经历的职责范围和成果。'
}

@test "suggestions and the report speak the resume's language" {
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-zh.md' | iv-match --jd '$SAMPLES/jd-en.txt' | jq -r '.lang, .suggestions[0]'"
	assert_output $'zh\n文档切分 是岗位要求中排在最前、而简历没有体现的技能：如果用过，把它写进一段项目或工作经历，并说明做了什么。'
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-zh.md' | iv-match --jd '$SAMPLES/jd-zh.txt' --text"
	assert_line --index 0 --regexp '^匹配度 [0-9]+/100 · AI应用开发工程师（大模型方向） · 星河智能科技有限公司$'
	assert_line --regexp '^  必备技能 +[0-9.]+ / 60 '
	assert_line '建议'
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-en.md' | iv-match --jd '$SAMPLES/jd-en.txt' --text"
	assert_line --index 0 'Match 89/100 · Senior AI Application Engineer, Northwind Labs'
	assert_line '  required skills    46.9 / 50   19 of 20 (18 shown in work or projects, 1 only listed)'
	assert_line --regexp '^  ✓ Python +work: Wrote order and payment services in Python'
	assert_line --regexp '^  ~ LlamaIndex +skills list only: '
	assert_line '  ✗ Chunking (required)'
	# No colours when piped.
	refute_output --partial $'\e['
}

@test "the same resume and JD always give the same match" {
	iv-parse-resume "$SAMPLES/resume-zh.md" > r.json
	a=$(iv-match --jd "$SAMPLES/jd-zh.txt" < r.json)
	b=$(iv-match --jd "$SAMPLES/jd-zh.txt" < r.json)
	[ "$a" = "$b" ]
}

@test "a JSON Resume from elsewhere, and a parsed JD as a file" {
	iv-parse-jd "$SAMPLES/jd-en.txt" > jd.json
	run -0 bash -c "jq -c 'del(.extracted_skills, .lang)' '$FIXTURES/resume-json.json' | iv-match --jd jd.json | jq -c '[.lang, (.matched_skills | map(.name))]'"
	assert_output '["en",["Python","RAG","LangChain","Kubernetes"]]'
}

@test "several resumes on stdin: one match each; a bad line is named and skipped" {
	{ iv-parse-resume "$SAMPLES/resume-en.md"; echo '{"basics": 3}'; echo 'not json'; iv-parse-resume "$SAMPLES/resume-zh.md"; } > in.jsonl
	run -1 --separate-stderr iv-match --jd "$SAMPLES/jd-en.txt" < in.jsonl
	assert_stderr --partial $'iv-match: stdin:2: basics: expected object, got number\niv-match: stdin:3: '
	run -0 jq -r .resume.name <<<"$output"
	assert_output $'Li Wei\n张伟'
	run -1 --separate-stderr iv-match --jd "$SAMPLES/jd-en.txt" < /dev/null
	assert_stderr "iv-match: no resume on standard input (pipe one in from iv-parse-resume, or use --resume)"
}

@test "stored resumes and JDs: --resume, --jd-id and the defaults; --store keeps the analysis" {
	iv-parse-resume --store "$SAMPLES/resume-en.md" > /dev/null
	iv-parse-resume --store "$SAMPLES/resume-zh.md" > /dev/null
	iv-parse-jd --store "$SAMPLES/jd-en.txt" > /dev/null
	run -0 bash -c 'iv-match --resume default < /dev/null | jq -c "[.score, .jd_id, .resume_id, .resume.name]"'
	assert_output '[89,1,1,"Li Wei"]'
	run -0 bash -c 'iv-match --resume 2 --jd-id 1 --store | jq -c "[.jd_id, .resume_id, .lang]"'
	assert_output '[1,2,"zh"]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT match_score, resume_id, json_extract(match_analysis, '\$.score') = match_score, json_array_length(json_extract(match_analysis, '\$.breakdown')) FROM job_descriptions"
	assert_output "$(iv-match --resume 2 --jd-id 1 | jq -r .score).0|2|1|5"
	# A piped resume is recognised by its hash; a JD file is stored first.
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-en.md' | iv-match --jd '$SAMPLES/jd-zh.txt' --store | jq -c '[.jd_id, .resume_id]'"
	assert_output '[2,1]'
	run -0 sqlite3 "$IV_HOME/iv.db" "SELECT id, is_default, resume_id FROM job_descriptions ORDER BY id"
	assert_output $'1|0|2\n2|1|1'
}

@test "nothing stored to compare: clear errors" {
	iv-store init > /dev/null
	run -1 --separate-stderr iv-match --resume default < /dev/null
	assert_stderr "iv-match: no job description: give --jd FILE, or add one with 'iv jd add FILE'"
	run -1 --separate-stderr iv-match --resume default --jd "$SAMPLES/jd-en.txt"
	assert_stderr "iv-match: no resume stored yet: pipe one in, or add one with 'iv resume add FILE'"
	run -1 --separate-stderr iv-match --resume 4 --jd "$SAMPLES/jd-en.txt"
	assert_stderr "iv-match: no resume 4"
	: > empty.txt
	run -1 --separate-stderr iv-match --jd empty.txt < /dev/null
	assert_stderr "iv-match: empty.txt: empty file"
}

@test "usage errors exit 2" {
	run -2 --separate-stderr iv-match --jd a --jd-id 1
	assert_stderr --partial "iv-match: --jd and --jd-id go alone"
	run -2 --separate-stderr iv-match extra
	assert_stderr --partial "iv-match: unexpected argument 'extra'"
	run -2 --separate-stderr iv-match --resume x --jd "$SAMPLES/jd-en.txt"
	assert_stderr --partial "--resume"
}
