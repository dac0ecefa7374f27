#!/usr/bin/env bats
# iv-parse-resume on text and Markdown: the JSON Resume fields, Chinese and
# English headings, phones, dates, degrees.

load test_helper

# Files the tests make go in the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

SAMPLES="$IV_SRC/share/samples"

@test "an English Markdown resume: basics, work, education, projects, skills" {
	run -0 --separate-stderr iv-parse-resume "$SAMPLES/resume-en.md"
	[ -z "$stderr" ]
	r=$output
	run -0 jq -c '.basics | [.name, .label, .email, .phone, .url, .location.city, .location.countryCode]' <<<"$r"
	assert_output '["Li Wei","AI Application Engineer","li.wei@example.com","+86 138 0013 8000","https://liwei.dev","Shanghai","CN"]'
	run -0 jq -c '.basics.profiles' <<<"$r"
	assert_output '[{"network":"GitHub","username":"liwei-dev","url":"https://github.com/liwei-dev"}]'
	run -0 jq -c '.work[] | [.name, .position, .location, .startDate, .endDate, (.highlights | length), .internship]' <<<"$r"
	assert_output - <<-'EOF'
	["Lumen AI","Senior AI Application Engineer","Shanghai","2022-07",null,4,null]
	["Shopline Technologies","Backend Engineer","Hangzhou","2020-07","2022-06",2,null]
	["Datayes","Software Engineering Intern","Shanghai","2019-06","2019-09",1,null]
	EOF
	run -0 jq -c '.education[] | [.institution, .studyType, .area, .startDate, .endDate]' <<<"$r"
	assert_output - <<-'EOF'
	["Shanghai Jiao Tong University","Master","Computer Science","2017-09","2020-06"]
	["Zhejiang University","Bachelor","Software Engineering","2013-09","2017-06"]
	EOF
	run -0 jq -c '.projects[] | [.name, .startDate, .endDate, .keywords]' <<<"$r"
	assert_output - <<-'EOF'
	["DocQA","2023-03","2023-12",["Python","FastAPI","Qdrant","Docker"]]
	["Prompt Playground","2021-05","2021-08",["Prompt Engineering","TypeScript","React"]]
	EOF
	run -0 jq -c '.skills[0], .languages, .awards[0]' <<<"$r"
	assert_output - <<-'EOF'
	{"name":"Languages","keywords":["Python","Go","TypeScript","SQL"]}
	[{"language":"English","fluency":"fluent"},{"language":"Mandarin","fluency":"native"}]
	{"title":"First prize, Shanghai AI Hackathon","date":"2023"}
	EOF
	run -0 jq -r '[.lang, .source, .sha256] | join(" ")' <<<"$r"
	assert_output "en $SAMPLES/resume-en.md $(sha256sum < "$SAMPLES/resume-en.md" | cut -d' ' -f1)"
	# The skills found are canonical names, first mention first; a web
	# address is not a skill ("github.com" is not Git).
	run -0 jq -c '.extracted_skills[:6], (.extracted_skills | index("Git"))' <<<"$r"
	assert_output $'["LLM","RAG","AI Agents","Function Calling","LangChain","Milvus"]\nnull'
}

@test "a Chinese Markdown resume: 求职意向, 工作经历, 实习经历, 教育背景, 项目经验, 专业技能" {
	run -0 iv-parse-resume "$SAMPLES/resume-zh.md"
	r=$output
	run -0 jq -c '.basics | [.name, .label, .phone, .email, .location.city, .profiles[0].username]' <<<"$r"
	assert_output '["张伟","AI应用开发工程师","138-0013-8000","zhangwei@example.com","上海","zhangwei-ai"]'
	run -0 jq -c '.work[] | [.name, .position, .startDate, .endDate, .internship]' <<<"$r"
	assert_output - <<-'EOF'
	["星河智能科技有限公司","大模型应用工程师","2022-07",null,null]
	["杭州云帆网络有限公司","后端开发工程师","2021-07","2022-06",null]
	["字节跳动","后端开发实习生","2020-07","2020-09",null]
	EOF
	run -0 jq -c '.education[] | [.institution, .area, .studyType]' <<<"$r"
	assert_output $'["复旦大学","计算机科学与技术","Master"]\n["南京大学","软件工程","Bachelor"]'
	run -0 jq -c '.projects[0] | [.name, .roles, .description, .keywords]' <<<"$r"
	assert_output '["智能客服Agent平台",["技术负责人"],"面向电商客服的多轮对话智能体平台，支持工具调用与人工接管。",["Python","LangGraph","FastAPI","Redis","Docker"]]'
	# 精通/熟悉 are levels, not part of the skill.
	run -0 jq -c '.skills[0], .languages, .lang' <<<"$r"
	assert_output $'{"name":"编程语言","keywords":["Python","Go","SQL"]}\n[{"language":"英语","fluency":"CET-6，可作为工作语言"}]\n"zh"'
	# "ReAct" (the agent pattern) is not React; Chinese names are matched.
	run -0 jq -c '.extracted_skills | [index("ReAct") > 0, index("React"), index("LLM Evaluation")]' <<<"$r"
	assert_output '[true,null,3]'
}

@test "an internship heading marks its jobs, unless their title says so already" {
	printf '王五\n\n实习经历\n2023.07 - 2023.09 某某科技有限公司 后端开发\n- 用Go写接口\n' > cv.txt
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c ".work[0] | [.name, .position, .internship]"'
	assert_output '["某某科技有限公司","后端开发",true]'
}

@test "phone numbers: Chinese mobiles and international formats; dates are not phones" {
	for p in '+86 138 0013 8000' '138-0013-8000' '13800138000' '(415) 555-0132' '+44 20 7946 0958' '415-555-0132'; do
		printf 'Ana Lima\nana@example.com | %s\nEducation 2019.09-2023.06\n\nSkills\nPython\n' "$p" > cv.txt
		run -0 bash -c 'iv-parse-resume cv.txt | jq -r .basics.phone'
		assert_output "$p"
	done
	printf 'Ana Lima\n2019.09-2023.06 | 2000 users\n\nSkills\nPython\n' > cv.txt
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c .basics.phone'
	assert_output null
	printf '姓名：赵六\n联系电话：021-6123 4567\n\n技能\nPython\n' > cv.txt
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c "[.basics.name, .basics.phone]"'
	assert_output '["赵六","021-6123 4567"]'
}

@test "dates: 2021.09-2024.06, 2021年9月 - 至今, Sep 2021 - Present, 09/2019 – 06/2021, 2016 - 2018" {
	cat > cv.txt <<-'EOF'
	Sam Doe

	Experience
	Engineer, Alpha Labs | 2021.09-2024.06
	- a
	工程师 | 北京某某科技有限公司 | 2021年9月 - 至今
	- b
	Engineer, Beta Inc. (Sep 2021 - Present)
	- c
	Developer, Gamma Corp, 09/2019 – 06/2021
	- d
	Analyst, Delta Group, 2016 - 2018
	- e
	Researcher, Epsilon Lab, Sept. 2014 to March 2016
	- f
	EOF
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c ".work[] | [.name, .startDate, .endDate]"'
	assert_output - <<-'EOF'
	["Alpha Labs","2021-09","2024-06"]
	["北京某某科技有限公司","2021-09",null]
	["Beta Inc.","2021-09",null]
	["Gamma Corp","2019-09","2021-06"]
	["Delta Group","2016","2018"]
	["Epsilon Lab","2014-09","2016-03"]
	EOF
}

@test "dates: a season and its year is the season's first month (Summer 2017, Fall, 2019, Winter 2020 - Present); a season alone is no date" {
	cat > cv.txt <<-'EOF'
	Sam Doe

	Experience
	Data Science Intern, Acme Corp
	Summer 2017 - Fall 2017
	- a
	Engineer, Beta Inc. (Fall, 2019 – Spring 2020)
	- b
	Developer, Gamma Corp, Winter 2020 - Present
	- c
	Research Assistant, Autumn Lab, 2015 - 2016
	- d
	EOF
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c ".work[] | [.name, .startDate, .endDate]"'
	assert_output - <<-'EOF'
	["Acme Corp","2017-06","2017-09"]
	["Beta Inc.","2019-09","2020-03"]
	["Gamma Corp","2020-01",null]
	["Autumn Lab","2015","2016"]
	EOF
}

@test "degrees map to Bachelor, Master and PhD" {
	cat > cv.txt <<-'EOF'
	Kim Park

	Education
	MIT, PhD in Computer Science, 2018 - 2023
	Stanford University, M.Sc. Statistics, 2016 - 2018
	UCLA, B.S. Mathematics, 2012 - 2016
	Imperial College London, MEng Computing, 2008 - 2012
	北京大学 人工智能 博士 2005 - 2008
	复旦大学 计算机 研究生 2002 - 2005
	浙江大学 软件工程 学士 1998 - 2002
	EOF
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c ".education[] | [.institution, .studyType, .area]"'
	assert_output - <<-'EOF'
	["MIT","PhD","Computer Science"]
	["Stanford University","Master","Statistics"]
	["UCLA","Bachelor","Mathematics"]
	["Imperial College London","Master","Computing"]
	["北京大学","PhD","人工智能"]
	["复旦大学","Master","计算机"]
	["浙江大学","Bachelor","软件工程"]
	EOF
}

@test "headings however they are dressed: 一、教育背景, 【工作经历】, WORK EXPERIENCE:, 教 育 背 景" {
	for h in '一、工作经历' '【工作经历】' 'WORK EXPERIENCE:' '## Professional Experience' '工 作 经 历'; do
		printf 'Lee Chen\n\n%s\n2020.01 - 2021.01  Orbit Labs  Engineer\n- Go\n\n教 育 背 景\n南京大学 本科\n' "$h" > cv.txt
		run -0 bash -c 'iv-parse-resume cv.txt | jq -c "[.work[0].name, .work[0].position, .education[0].institution]"'
		assert_output '["Orbit Labs","Engineer","南京大学"]'
	done
}

@test "a one-line skills section and a summary under Profile" {
	printf 'Jo Bloggs\n\nProfile\nBuilds data tools.\n\nSkills: Python, Rust, PostgreSQL\n' > cv.txt
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c "[.basics.summary, .skills]"'
	assert_output '["Builds data tools.",[{"name":"Skills","keywords":["Python","Rust","PostgreSQL"]}]]'
}

@test "skills are found on word boundaries only: not R in R&D, not C in C端, not Java in JavaScript" {
	printf 'Pat Roe\n\nSkills\nR&D lead for C端 products; JavaScript, Go; Google Cloud\n' > cv.txt
	run -0 bash -c 'iv-parse-resume cv.txt | jq -c .extracted_skills'
	assert_output '["JavaScript","Go","Google Cloud"]'
}

@test "several files give one line each, in order; stdin is read when there is none" {
	run -0 bash -c "iv-parse-resume '$SAMPLES/resume-en.md' '$SAMPLES/resume-zh.md' | jq -r .basics.name"
	assert_output $'Li Wei\n张伟'
	run -0 bash -c "iv-parse-resume < '$SAMPLES/resume-zh.md' | jq -r '[.source, .basics.name] | join(\" \")'"
	assert_output '- 张伟'
	run -0 bash -c "iv-parse-resume - < '$SAMPLES/resume-zh.md' | jq -r .source"
	[ "$output" = - ]
}

@test "what a project's header line says it is becomes its description, a list of tools does not" {
	printf '%s\n' 'Sam Lee' 'sam@example.com' '' 'PROJECTS' \
		'ledgerlint — a static checker for double-entry bookkeeping rules' \
		'evalsmith: a pytest plugin that grades LLM outputs' \
		'DocQA | Python, FastAPI, Qdrant' \
		'- Answers questions over PDF manuals.' >"$BATS_TEST_TMPDIR/r.txt"
	run -0 iv-parse-resume "$BATS_TEST_TMPDIR/r.txt"
	run -0 jq -c '.projects[] | [.name, .description]' <<<"$output"
	assert_output - <<-'EOF'
	["ledgerlint","a static checker for double-entry bookkeeping rules"]
	["evalsmith","a pytest plugin that grades LLM outputs"]
	["DocQA",null]
	EOF
}

@test "a place in a known country or region is a location, in the header and under a job" {
	printf '%s\n' 'Carlos Méndez' 'carlos@example.com · +34 612 345 678 · Valencia, Spain' '' \
		'Work History' '' 'Glovo' 'Backend Developer' 'September 2020 - Present' 'Madrid' \
		'- Designed the courier assignment service' '' 'Indra Sistemas' 'Junior Developer' \
		'July 2018 - August 2020' 'Maintained Java EE applications' >"$BATS_TEST_TMPDIR/r.txt"
	run -0 iv-parse-resume "$BATS_TEST_TMPDIR/r.txt"
	r=$output
	run -0 jq -c '.basics.location' <<<"$r"
	assert_output '{"city":"Valencia","countryCode":"ES"}'
	run -0 jq -c '.work[] | [.name, .location, .summary]' <<<"$r"
	assert_output - <<-'EOF'
	["Glovo","Madrid",null]
	["Indra Sistemas",null,"Maintained Java EE applications"]
	EOF
}

@test "a LinkedIn export: the sidebar first, then the name over the headline" {
	printf '%s\n' 'Contact' 'priya.sharma@example.com' '+91 98765 43210 (Mobile)' \
		'www.linkedin.com/in/priyasharma (LinkedIn)' '' 'Top Skills' 'Machine Learning' 'PyTorch' 'Python' '' \
		'Priya Sharma' 'Machine Learning Engineer at Flipkart' 'Bengaluru, Karnataka, India' '' \
		'Experience' 'Flipkart' 'Machine Learning Engineer' 'July 2021 - Present (3 years 6 months)' \
		'Bengaluru, Karnataka, India' 'Built learning-to-rank models for product search.' '' \
		'Education' 'Indian Institute of Technology, Bombay' \
		'Bachelor of Technology - BTech, Computer Science · (2015 - 2019)' >"$BATS_TEST_TMPDIR/r.txt"
	run -0 iv-parse-resume "$BATS_TEST_TMPDIR/r.txt"
	r=$output
	run -0 jq -c '.basics | [.name, .label, .location.city, .location.countryCode]' <<<"$r"
	assert_output '["Priya Sharma","Machine Learning Engineer","Bengaluru","IN"]'
	run -0 jq -c '.skills' <<<"$r"
	assert_output '[{"name":"Skills","keywords":["Machine Learning","PyTorch","Python"]}]'
	run -0 jq -c '.work[] | [.name, .position, .location, .startDate]' <<<"$r"
	assert_output '["Flipkart","Machine Learning Engineer","Bengaluru, Karnataka, India","2021-07"]'
	run -0 jq -c '.education[] | [.institution, .area, .studyType]' <<<"$r"
	assert_output '["Indian Institute of Technology, Bombay","Computer Science","Bachelor"]'
}

@test "a skills list flattened onto its heading's line: a group per clause, phrases give only their skills, a skill is no name" {
	printf '%s\n' 'SQL, Naive Bayes' \
		'Skills * Programming Languages: Python (pandas, numpy), SQL * Machine learning: SVM, Random Forest' \
		'Skill Details' 'Built and deployed a churn model with XGBoost on AWS' >"$BATS_TEST_TMPDIR/r.txt"
	run -0 iv-parse-resume "$BATS_TEST_TMPDIR/r.txt"
	r=$output
	run -0 jq -c '.basics.name' <<<"$r"
	assert_output 'null'
	run -0 jq -c '.skills[] | [.name, .keywords]' <<<"$r"
	assert_output - <<-'EOF'
	["Programming Languages",["Python (pandas, numpy)","SQL"]]
	["Machine learning",["SVM","Random Forest"]]
	["Skills",["XGBoost","AWS"]]
	EOF
}

@test "the same input always gives the same output" {
	a=$(iv-parse-resume "$SAMPLES/resume-zh.md")
	b=$(iv-parse-resume "$SAMPLES/resume-zh.md")
	[ "$a" = "$b" ]
}

@test "--text prints the text that was read" {
	run -0 iv-parse-resume --text "$SAMPLES/resume-en.md"
	assert_line --index 0 '# Li Wei'
}

@test "usage errors exit 2 and name the problem" {
	run -2 --separate-stderr iv-parse-resume --default x.md
	assert_stderr --partial "iv-parse-resume: --default needs --store"
	run -2 --separate-stderr iv-parse-resume --bogus
	assert_stderr --partial "iv-parse-resume: unknown option '--bogus'"
	run -2 --separate-stderr iv-parse-resume --store --text x.md
	assert_stderr --partial "--text prints text"
	run -2 --separate-stderr iv-parse-resume --set-default 1 x.md
	assert_stderr --partial "--set-default takes no files"
	run -2 --separate-stderr iv-parse-resume --set-default abc
	assert_stderr --partial "--set-default"
}
