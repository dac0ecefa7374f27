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
