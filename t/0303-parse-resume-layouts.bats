#!/usr/bin/env bats
# iv-parse-resume on the layouts resumes come in: job-site exports, "Title
# at Company", "Company | Title", one line per job, Chinese one-line
# entries; degrees, profiles and dates as JSON Resume writes them.

load test_helper

setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

@test "a current position has no endDate (never \"present\"); a degree in progress neither" {
	cat > cv.txt <<-'EOF'
	Sam Doe

	Experience
	Engineer, Alpha Labs | Sep 2021 - Present
	- a
	Developer, Beta Inc. | 2019 - 2021
	- b

	教育背景
	清华大学  计算机科学与技术  硕士研究生（在读）  2022.09-至今
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	r=$output
	run -0 jq -c '[.work[] | [.name, .startDate, .endDate, has("endDate")]], [.education[] | [.startDate, has("endDate")]]' <<<"$r"
	assert_output $'[["Alpha Labs","2021-09",null,false],["Beta Inc.","2019","2021",true]]\n[["2022-09",false]]'
	run -1 grep -c present <<<"$r"
	assert_output 0
}

@test "a JSON Resume's \"present\" and month names are read as JSON Resume dates" {
	echo '{"basics":{"name":"A B"},"work":[{"name":"Acme","startDate":"Jan 2020","endDate":"present"},{"name":"Beta","startDate":"2015-01-15","endDate":"至今"}]}' > r.json
	run -0 --separate-stderr iv-parse-resume r.json
	run -0 jq -c '.work' <<<"$output"
	assert_output '[{"name":"Acme","startDate":"2020-01"},{"name":"Beta","startDate":"2015-01-15"}]'
}

@test "years of experience: a missing endDate is now on the latest job only; an old \"present\" still reads" {
	printf 'Go Developer\n\nRequirements\n- 3+ years of Go, Redis, Kafka\n' > jd.txt
	# 2020-01 to now (2026-01): 73 months; 2015-01..2016-12: 24; "2018"
	# alone, not the latest, is that year: 12. 109 months, 9.1 years.
	echo '{"basics":{"name":"A B"},"work":[{"name":"Acme","position":"Engineer","startDate":"2020-01"},{"name":"Beta","position":"Engineer","startDate":"2015-01","endDate":"2016-12"},{"name":"Gamma","position":"Engineer","startDate":"2018"}]}' > r.json
	run -0 --separate-stderr env IV_NOW=2026-01-01 iv-match --jd jd.txt < r.json
	run -0 jq -c .experience <<<"$output"
	assert_output '{"required_years":3,"resume_years":9.1}'
	# What stores written before this change hold: "present".
	echo '{"basics":{"name":"A B"},"work":[{"name":"Acme","position":"Engineer","startDate":"2020-01","endDate":"present"}]}' > old.json
	run -0 --separate-stderr env IV_NOW=2026-01-01 iv-match --jd jd.txt < old.json
	run -0 jq -c .experience <<<"$output"
	assert_output '{"required_years":3,"resume_years":6.1}'
}

@test "the job-site headline: company Accenture, position Application Development Associate, the Indeed profile" {
	cat > cv.txt <<-'EOF'
	Abhishek Jha
	Application Development Associate - Accenture
	Bengaluru, Karnataka - Email me on Indeed: indeed.com/r/Abhishek-Jha/10e7a8cb732bc43a
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	assert_equal "$stderr" ""
	r=$output
	run -0 jq -c '[.basics.name, .basics.label], .work, .basics.profiles' <<<"$r"
	assert_output - <<-'EOF'
	["Abhishek Jha","Application Development Associate"]
	[{"name":"Accenture","position":"Application Development Associate"}]
	[{"network":"Indeed","username":"Abhishek-Jha","url":"https://indeed.com/r/Abhishek-Jha/10e7a8cb732bc43a"}]
	EOF
}

@test "an Indeed text export: Title / Company - City / Month Year to Present; B.E in ...; 12th in ..." {
	cat > cv.txt <<-'EOF'
	Priya Raman
	Senior Software Engineer - Wipro Technologies
	Chennai, Tamil Nadu - Email me on Indeed: indeed.com/r/Priya-Raman/0a1b2c3d4e5f6789

	WORK EXPERIENCE

	Senior Software Engineer
	Wipro Technologies - Chennai, Tamil Nadu
	June 2019 to Present

	Role: Currently building claim-processing services in Java for an insurance client.
	• Moved nightly batch jobs to Spring Batch.

	Associate Consultant
	Capgemini -
	July 2016 to May 2019

	Maintained the billing portal.

	EDUCATION

	B.Tech in Electronics and Communication
	SRM Institute of Science and Technology - Chennai, Tamil Nadu
	2012 to 2016

	12th in Science
	Kendriya Vidyalaya
	2012

	SKILLS

	Java (6 years), Spring Boot (4 years), SQL (6 years)
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	r=$output
	run -0 jq -c '.work[] | [.name, .position, .location, .startDate, .endDate]' <<<"$r"
	assert_output - <<-'EOF'
	["Wipro Technologies","Senior Software Engineer","Chennai, Tamil Nadu","2019-06",null]
	["Capgemini","Associate Consultant",null,"2016-07","2019-05"]
	EOF
	run -0 jq -c '.work[0].summary, (.education[] | [.institution, .studyType, .area, .startDate, .endDate])' <<<"$r"
	assert_output - <<-'EOF'
	"Currently building claim-processing services in Java for an insurance client."
	["SRM Institute of Science and Technology","Bachelor","Electronics and Communication","2012","2016"]
	["Kendriya Vidyalaya",null,"Science",null,"2012"]
	EOF
	run -0 jq -c '.basics.profiles[0] | [.network, .username]' <<<"$r"
	assert_output '["Indeed","Priya-Raman"]'
}

@test "a job site's flattened profile: Education Details with the place glued in, the title over Title - Company, Skill Details, company - / description - lines" {
	cat > cv.txt <<-'EOF'
	Technical Skills: Python, Django, REST API, MySQL, AWS, Docker, Git
	Education Details 
	January 2012 to May 2016 B.E Computer Engineering Pune, Maharashtra Savitribai Phule Pune University
	HSC  Pune, Maharashtra Fergusson College
	SSC  Pune, Maharashtra Modern High School
	Python Developer 
	Python Developer - Infosys Ltd
	Skill Details 
	Django- Exprience - 36 months
	Python- Exprience - 48 months
	Company Details 
	company - Infosys Ltd
	description - Developing REST APIs in Django for an insurance client.
	* Designed the claims database schema in MySQL.
	company - Wipro Technologies
	description - Maintained Python scripts for a retail data pipeline.
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	r=$output
	run -0 jq -c '.work[] | [.name, .position, .summary, .highlights]' <<<"$r"
	assert_output - <<-'EOF'
	["Infosys Ltd","Python Developer","Developing REST APIs in Django for an insurance client.",["Designed the claims database schema in MySQL."]]
	["Wipro Technologies",null,"Maintained Python scripts for a retail data pipeline.",[]]
	EOF
	run -0 jq -c '.education[] | [.institution, .studyType, .area, .startDate, .endDate]' <<<"$r"
	assert_output - <<-'EOF'
	["Savitribai Phule Pune University","Bachelor","Computer Engineering","2012-01","2016-05"]
	["Fergusson College",null,null,null,null]
	["Modern High School",null,null,null,null]
	EOF
	# a city of two words, and a region that is also a city's name
	sed -i 's/Computer Engineering Pune, Maharashtra Savitribai Phule Pune University/Computer Science New Delhi, Delhi Delhi Technological University/' cv.txt
	run -0 --separate-stderr iv-parse-resume cv.txt
	run -0 jq -c '.education[0] | [.institution, .area]' <<<"$output"
	assert_output '["Delhi Technological University","Computer Science"]'
	run -0 jq -c '[.skills[].keywords[]] | unique' <<<"$r"
	assert_output '["AWS","Django","Docker","Git","MySQL","Python","REST API"]'
	# where jobs are listed, the same pair of lines is a job's header
	printf 'Jane Roe\n\nExperience\nSenior Engineer\nSenior Engineer - Google\n2019 - 2021\n- Built search\nEngineer, Acme Corp, 2016 - 2019\n- b\n' >cv2.txt
	run -0 --separate-stderr bash -c 'iv-parse-resume cv2.txt | jq -c ".work[] | [.name, .position, .startDate, .endDate]"'
	assert_output $'["Google","Senior Engineer","2019","2021"]\n["Acme Corp","Engineer","2016","2019"]'
}

@test "one job a line: Company | Title | dates, Title at Company, Title @ Company, Title, Company, City — years" {
	cat > cv.txt <<-'EOF'
	Alex Morgan

	Experience
	Northwind Traders | Data Analyst | 01/2022 - Current
	- Built the sales dashboards.

	Backend Developer at Contoso Pharmaceuticals
	Mar 2019 - Dec 2021 · Boston
	Payments and refunds.

	Machine Learning Engineer @ Fabrikam — Jan 2017 to Feb 2019
	Lead Engineer, Tailspin Toys, Denver — 2014–2016
	Junior Developer, Wingtip Solutions Ltd, Leeds — 2012–2014
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	run -0 jq -c '.work[] | [.name, .position, .startDate, .endDate]' <<<"$output"
	assert_output - <<-'EOF'
	["Northwind Traders","Data Analyst","2022-01",null]
	["Contoso Pharmaceuticals","Backend Developer","2019-03","2021-12"]
	["Fabrikam","Machine Learning Engineer","2017-01","2019-02"]
	["Tailspin Toys","Lead Engineer","2014","2016"]
	["Wingtip Solutions Ltd","Junior Developer","2012","2014"]
	EOF
}

@test "Chinese layouts: 时间 公司 职位 on one line, 公司 | 职位 | 时间, and a job-site export line by line" {
	cat > cv.txt <<-'EOF'
	陈晨

	工作经历
	2019.07-至今  字节跳动（北京）科技有限公司  推荐算法工程师
	- 负责短视频推荐召回
	### 上海某某信息技术有限公司 | 后端开发工程师 | 2017年3月 - 2019年6月
	- 订单系统

	实习经历
	杭州某某网络有限公司
	2016.07 - 2016.09
	Java开发实习生

	教育背景
	浙江大学  计算机科学与技术  硕士研究生  2014.09-2017.06
	南京大学  软件工程  学士学位  2010.09-2014.06
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	r=$output
	run -0 jq -c '.work[] | [.name, .position, .startDate, .endDate]' <<<"$r"
	assert_output - <<-'EOF'
	["字节跳动（北京）科技有限公司","推荐算法工程师","2019-07",null]
	["上海某某信息技术有限公司","后端开发工程师","2017-03","2019-06"]
	["杭州某某网络有限公司","Java开发实习生","2016-07","2016-09"]
	EOF
	run -0 jq -c '.education[] | [.institution, .studyType, .area]' <<<"$r"
	assert_output $'["浙江大学","Master","计算机科学与技术"]\n["南京大学","Bachelor","软件工程"]'
}

@test "degrees in their common spellings: B.E, B.Tech, BSc, B.S., M.S., M.Tech, MBA, PhD, 本科, 硕士, 博士, 大专" {
	cat > cv.txt <<-'EOF'
	Kim Lee

	Education
	B.E in Mechanical Engineering, Anna University, 2010 - 2014
	B.Tech in Computer Science, IIT Delhi, 2010 - 2014
	BSc Physics, University of Leeds, 2010 - 2013
	B.S. in Statistics, Ohio State University, 2010 - 2014
	M.S. in Computer Science, Stanford University, 2014 - 2016
	M.Tech in VLSI Design, IIT Bombay, 2014 - 2016
	MBA, Wharton School, 2016 - 2018
	PhD in Linguistics, MIT, 2016 - 2021
	四川大学  软件工程  本科  2010.09-2014.06
	北京大学  统计学  硕士  2014.09-2017.06
	清华大学  物理学  博士  2017.09-2022.06
	深圳职业技术学院  计算机应用技术  大专  2007.09-2010.06
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	run -0 jq -c '.education[] | [.institution, .studyType, .area]' <<<"$output"
	assert_output - <<-'EOF'
	["Anna University","Bachelor","Mechanical Engineering"]
	["IIT Delhi","Bachelor","Computer Science"]
	["University of Leeds","Bachelor","Physics"]
	["Ohio State University","Bachelor","Statistics"]
	["Stanford University","Master","Computer Science"]
	["IIT Bombay","Master","VLSI Design"]
	["Wharton School","Master",null]
	["MIT","PhD","Linguistics"]
	["四川大学","Bachelor","软件工程"]
	["北京大学","Master","统计学"]
	["清华大学","PhD","物理学"]
	["深圳职业技术学院","Associate","计算机应用技术"]
	EOF
}

@test "profiles and sites: linkedin.com/in, github.com, indeed.com/r, a site without a scheme; URLs the schema's uri" {
	cat > cv.txt <<-'EOF'
	Jordan Smith
	jordan@example.com | linkedin.com/in/jordan-smith | github.com/jsmith/dotfiles | jordansmith.dev
	Indeed: indeed.com/r/Jordan-Smith/1234abcd

	Skills
	Python
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	run -0 jq -c '.basics | [.email, .url], (.profiles[] | [.network, .username, .url])' <<<"$output"
	assert_output - <<-'EOF'
	["jordan@example.com","https://jordansmith.dev"]
	["LinkedIn","jordan-smith","https://linkedin.com/in/jordan-smith"]
	["GitHub","jsmith","https://github.com/jsmith/dotfiles"]
	["Indeed","Jordan-Smith","https://indeed.com/r/Jordan-Smith/1234abcd"]
	EOF
}

@test "dates in every common form: Jan 2020, 01/2020, 2020.01, 2020年1月, 2019.07-至今, Current, till date" {
	cat > cv.txt <<-'EOF'
	Pat Lee

	Experience
	Engineer, Alpha Labs, Jan 2020 - Mar 2021
	- a
	Engineer, Beta Labs, 01/2018 - 12/2019
	- b
	Engineer, Gamma Labs, 2016.01 - 2017.12
	- c
	Engineer, Delta Labs, 2021年4月 - 2022年5月
	- d
	Engineer, Epsilon Labs, 2022.06 - Current
	- e
	Engineer, Zeta Labs, Aug 2023 till date
	- f
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	run -0 jq -c '.work[] | [.name, .startDate, .endDate]' <<<"$output"
	assert_output - <<-'EOF'
	["Alpha Labs","2020-01","2021-03"]
	["Beta Labs","2018-01","2019-12"]
	["Gamma Labs","2016-01","2017-12"]
	["Delta Labs","2021-04","2022-05"]
	["Epsilon Labs","2022-06",null]
	["Zeta Labs","2023-08",null]
	EOF
}

@test "dates in a left column, the title beside them and the employer below; UK numbers" {
	cat > cv.txt <<-'EOF'
	Jonas Weber
	jonas@example.de · 07700 900123

	Work experience
	Sept 2021 – present     Senior Data Engineer
	                        Contoso SE, Hamburg
	                        Streaming pipelines for the shop.
	Nov 2018 – Aug 2021     Data Engineer
	                        Fabrikam Research Center, Bremen
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	r=$output
	run -0 jq -c '.basics.phone, (.work[] | [.name, .position, .startDate, .endDate])' <<<"$r"
	assert_output - <<-'EOF'
	"07700 900123"
	["Contoso SE","Senior Data Engineer","2021-09",null]
	["Fabrikam Research Center","Data Engineer","2018-11","2021-08"]
	EOF
}

@test "projects listed by name, as list items or one a line; a kind word or a colon's description is no part of the name" {
	cat > cv.txt <<-'EOF'
	Mia Wong

	Projects
	- **DocChat** — chat with PDF manuals
	- **Hansard Search**: semantic search over debates

	项目经验
	会议纪要助手
	开源项目 react-a11y-lint
	evalsmith: a pytest plugin for LLM regression tests
	EOF
	run -0 --separate-stderr iv-parse-resume cv.txt
	run -0 jq -c '[.projects[].name]' <<<"$output"
	assert_output '["DocChat","Hansard Search","会议纪要助手","react-a11y-lint","evalsmith"]'
}
