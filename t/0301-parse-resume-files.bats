#!/usr/bin/env bats
# iv-parse-resume on PDF (made here, so that pdftotext runs for real), DOCX
# and JSON Resume, and its honest failures and limits.

load test_helper

# Files the tests make go in the test's own folder.
setup() {
	iv_test_env
	cd "$BATS_TEST_TMPDIR"
}

MKPDF() { "$IV_BUILD/t/tools/resume-mkpdf" "$@"; }

# A DOCX from the fixture folder; extra arguments go to zip (-0: stored).
mkdocx() {
	local out=$PWD/$1
	shift
	(cd "$FIXTURES/resume-docx" && zip -q -X -r "$@" "$out" '[Content_Types].xml' _rels word)
}

@test "a PDF: pdftotext's text layer parsed into the same fields" {
	MKPDF cv.pdf "$FIXTURES/resume-en.txt"
	run -0 --separate-stderr iv-parse-resume cv.pdf
	[ -z "$stderr" ]
	r=$output
	run -0 jq -c '.basics | [.name, .label, .email, .phone, .location.city, (.profiles | map(.network))]' <<<"$r"
	assert_output '["Maria Gonzalez","Machine Learning Engineer","maria.gonzalez@example.org","(415) 555-0132","San Francisco",["LinkedIn","GitHub"]]'
	run -0 jq -c '.work[] | [.name, .position, .startDate, .endDate]' <<<"$r"
	assert_output $'["Corvid Analytics","Staff Machine Learning Engineer","2021-09",null]\n["Brightline Health","Machine Learning Engineer","2017-06","2021-08"]'
	run -0 jq -c '.education[] | [.institution, .studyType, .area, .startDate, .endDate]' <<<"$r"
	assert_output $'["Carnegie Mellon University","Master","Machine Learning","2015","2017"]\n["University of Michigan","Bachelor","Computer Science","2011","2015"]'
	run -0 jq -c '.certificates, .sha256 == $s' --arg s "$(sha256sum < cv.pdf | cut -d' ' -f1)" <<<"$r"
	assert_output $'[{"name":"AWS Certified Machine Learning - Specialty","date":"2022"}]\ntrue'
}

@test "a Chinese PDF" {
	MKPDF cv.pdf "$FIXTURES/resume-zh.txt"
	run -0 bash -c 'iv-parse-resume cv.pdf | jq -c "[.basics.name, .basics.label, .basics.phone, .basics.location.city, .work[0].name, .work[0].startDate, .work[0].endDate, (.education | map(.studyType)), .lang]"'
	assert_output '["李娜","大模型算法工程师","+86 139 1234 5678","北京","智谱未来科技有限公司","2022-07",null,["Master","Bachelor"],"zh"]'
	run -0 bash -c 'iv-parse-resume cv.pdf | jq -c ".skills[] | [.name, .level, .keywords]"'
	assert_output $'["精通","Advanced",["Python"]]\n["熟悉","Intermediate",["PyTorch","Transformer"]]\n["熟悉","Intermediate",["Docker","Kubernetes"]]'
}

@test "a two-column PDF is read one column after the other" {
	MKPDF cv.pdf "$FIXTURES/resume-left.txt" "$FIXTURES/resume-right.txt"
	# The columns really are side by side in pdftotext's layout.
	run -0 bash -c 'pdftotext -layout cv.pdf - | grep -c "^王芳  *工作经历$"'
	run -0 bash -c 'iv-parse-resume cv.pdf | jq -c ".basics.name, (.work[] | [.name, .position, .startDate, .endDate, .highlights]), .education, .skills[0], .projects[0].name, .languages"'
	assert_output - <<-'EOF'
	"王芳"
	["云帆科技有限公司","大模型工程师","2022-03",null,["负责RAG问答系统开发","使用LangChain和Milvus"]]
	["星辰网络有限公司","后端工程师","2020-07","2022-02",["使用Go开发微服务"]]
	[{"institution":"浙江大学","area":"计算机科学","studyType":"Bachelor","startDate":"2016-09","endDate":"2020-06"}]
	{"name":"技能","keywords":["Python","Go","SQL"]}
	"智能客服Agent"
	[{"language":"英语","fluency":"CET-6"}]
	EOF
}

@test "dates at the right margin of a one-column PDF are not a second column" {
	MKPDF cv.pdf "$FIXTURES/resume-dated-left.txt" "$FIXTURES/resume-dated-right.txt"
	run -0 bash -c 'iv-parse-resume cv.pdf | jq -c "(.work[] | [.name, .position, .startDate, .endDate]), (.education[] | [.institution, .startDate])"'
	assert_output - <<-'EOF'
	["Monzo-like Bank","Senior Backend Engineer","2020-03",null]
	["Tiny Startup Ltd","Backend Engineer","2018-01","2020-02"]
	["University of Leeds","2014"]
	EOF
}

@test "a PDF on standard input" {
	MKPDF cv.pdf "$FIXTURES/resume-zh.txt"
	run -0 bash -c 'iv-parse-resume < cv.pdf | jq -c "[.basics.name, .source]"'
	assert_output '["李娜","-"]'
}

@test "a DOCX, deflated or stored: paragraphs, list items, tabs, a table row, entities" {
	mkdocx cv.docx
	mkdocx cv0.docx -0
	for f in cv.docx cv0.docx; do
		run -0 iv-parse-resume --text "$f"
		assert_line --index 1 'Data & AI Engineer'
		assert_line --index 2 $'priya.raman@example.com\t+1 415 555 0198'
		assert_line --index 4 $'Data Engineer\tAcme Retail Inc.\tMar 2019 – Present'
		assert_line --index 6 '- Added a RAG search over product manuals with Elasticsearch <BM25> and embeddings.'
		refute_output --partial hidden
		run -0 bash -c "iv-parse-resume $f | jq -c '[.basics.name, .basics.phone, .work[0].name, .work[0].position, .work[0].startDate, (.work[0].highlights | length), .education[0].institution, .education[0].studyType, .skills[0].keywords]'"
		assert_output '["Priya Raman","+1 415 555 0198","Acme Retail Inc.","Data Engineer","2019-03",2,"Georgia Institute of Technology","Master",["Python","SQL","Spark","Kafka","dbt"]]'
	done
}

@test "a JSON Resume is checked and passed through, with skills and language added" {
	run -0 iv-parse-resume "$FIXTURES/resume-json.json"
	r=$output
	run -0 jq -c '[.basics.name, .work[0].name, .meta.version, .extracted_skills, .lang, .source]' <<<"$r"
	assert_output "[\"Ada Byte\",\"Quanta AI\",\"v1.0.0\",[\"LLM\",\"RAG\",\"LangChain\",\"Python\",\"Kubernetes\"],\"en\",\"$FIXTURES/resume-json.json\"]"
	# iv-parse-resume's own output goes through again unchanged (its skills
	# may come in another order: a JSON Resume has no text order).
	run -0 bash -c "iv-parse-resume '$IV_SRC/share/samples/resume-zh.md' | jq -cS 'del(.source, .sha256) | .extracted_skills |= sort' > a.json && iv-parse-resume a.json | jq -cS 'del(.source, .sha256) | .extracted_skills |= sort' > b.json && cmp a.json b.json"
}

@test "a JSON file that is not a JSON Resume is refused with the field" {
	echo '{"basics": {"name": "X"}, "work": [{"name": "A", "highlights": "one string"}]}' > bad.json
	run -1 --separate-stderr iv-parse-resume bad.json
	assert_stderr "iv-parse-resume: bad.json: JSON Resume: work[0].highlights: expected array, got string"
	[ -z "$output" ]
	echo '{"title": "not a resume"}' > other.json
	run -1 --separate-stderr iv-parse-resume other.json
	assert_stderr "iv-parse-resume: other.json: JSON Resume: not a JSON Resume (no basics, work, education, skills or projects)"
	echo '{"basics": ' > broken.json
	run -1 --separate-stderr iv-parse-resume broken.json
	assert_stderr --partial "iv-parse-resume: broken.json: invalid JSON: "
}

@test "a scanned PDF is refused: no text layer, nothing printed, nothing stored" {
	MKPDF --image scan.pdf
	iv-store init >/dev/null
	run -1 --separate-stderr iv-parse-resume --store scan.pdf
	assert_stderr "iv-parse-resume: scan.pdf: no text layer; scanned PDFs are not supported"
	[ -z "$output" ]
	[ "$(db_count resumes)" = 0 ]
}

@test "an encrypted PDF is refused" {
	MKPDF cv.pdf "$FIXTURES/resume-en.txt"
	qpdf --encrypt secret owner 256 -- cv.pdf locked.pdf
	run -1 --separate-stderr iv-parse-resume locked.pdf
	assert_stderr "iv-parse-resume: locked.pdf: encrypted PDF (it needs a password); remove the password first, e.g. with qpdf --decrypt"
	[ -z "$output" ]
}

@test "empty, binary, non-UTF-8, damaged and non-resume files are refused with the reason" {
	: > empty.txt
	printf '  \n\t\n' > blank.md
	head -c 2048 /dev/zero | tr '\0' '\1' > ctl.bin
	printf 'x\0y\0z' > nul.txt
	printf '\xd5\xc5\xce\xb0 \xb9\xa4\xd7\xf7\n' > gbk.txt
	printf '%%PDF-1.4\nnot really\n' > broken.pdf
	printf 'PK\003\004 not a zip at all' > broken.docx
	echo 'hello there, just a note' > note.txt
	(cd "$FIXTURES/resume-docx" && zip -q -X "$OLDPWD/other.docx" '[Content_Types].xml')
	run -1 --separate-stderr iv-parse-resume empty.txt blank.md ctl.bin nul.txt gbk.txt broken.pdf broken.docx note.txt other.docx
	[ -z "$output" ]
	assert_stderr - <<-'EOF'
	iv-parse-resume: empty.txt: empty file
	iv-parse-resume: blank.md: empty file
	iv-parse-resume: ctl.bin: a binary file (not text, PDF, DOCX or JSON)
	iv-parse-resume: nul.txt: a binary file (not text, PDF, DOCX or JSON)
	iv-parse-resume: gbk.txt: not UTF-8 text (byte 1); convert it first, e.g. with iconv -f GB18030 -t UTF-8
	iv-parse-resume: broken.pdf: not a readable PDF (pdftotext: Syntax Error: Couldn't find trailer dictionary)
	iv-parse-resume: broken.docx: a damaged zip archive (no central directory); not a DOCX
	iv-parse-resume: note.txt: nothing in it looks like a resume (no name, contact, sections or known skills)
	iv-parse-resume: other.docx: a zip archive without word/document.xml; not a DOCX
	EOF
	run -1 --separate-stderr iv-parse-resume missing.txt
	assert_stderr "iv-parse-resume: missing.txt: No such file or directory"
}

@test "one bad file among good ones: the good ones are printed, the exit status is 1" {
	: > empty.txt
	run -1 --separate-stderr iv-parse-resume "$IV_SRC/share/samples/resume-en.md" empty.txt "$IV_SRC/share/samples/resume-zh.md"
	assert_stderr "iv-parse-resume: empty.txt: empty file"
	run -0 jq -r .basics.name <<<"$output"
	assert_output $'Li Wei\n张伟'
}

@test "pdftotext is stopped after extract.pdf_timeout, with everything it started" {
	mkdir -p fake "$IV_HOME"
	printf '#!/bin/sh\nsleep 60 &\necho $! > "%s/sleeper"\nwait\n' "$PWD" > fake/pdftotext
	chmod +x fake/pdftotext
	printf 'extract:\n  pdf_timeout: 1\n' > "$IV_HOME/config.yaml"
	MKPDF cv.pdf "$FIXTURES/resume-en.txt"
	PATH="$PWD/fake:$PATH" run -1 --separate-stderr iv-parse-resume cv.pdf
	assert_stderr "iv-parse-resume: cv.pdf: pdftotext did not finish in 1 s (extract.pdf_timeout)"
	# The child's own child went with it.
	pid=$(cat sleeper)
	for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
	run ! kill -0 "$pid"
}

@test "extract.max_mb limits the file and pdftotext's output" {
	mkdir -p fake "$IV_HOME"
	printf '#!/bin/sh\nexec yes "a line of the text layer"\n' > fake/pdftotext
	chmod +x fake/pdftotext
	printf 'extract:\n  max_mb: 1\n' > "$IV_HOME/config.yaml"
	MKPDF cv.pdf "$FIXTURES/resume-en.txt"
	PATH="$PWD/fake:$PATH" run -1 --separate-stderr iv-parse-resume cv.pdf
	assert_stderr "iv-parse-resume: cv.pdf: the text layer is larger than 1 MiB (extract.max_mb)"
	head -c 1100000 /dev/zero | tr '\0' a > big.txt
	run -1 --separate-stderr iv-parse-resume big.txt
	assert_stderr "iv-parse-resume: big.txt: larger than 1 MiB (extract.max_mb)"
}

@test "without pdftotext a PDF gets a clear error" {
	MKPDF cv.pdf "$FIXTURES/resume-en.txt"
	run -1 --separate-stderr env PATH=/nonexistent "$IV_BUILD/bin/iv-parse-resume" cv.pdf
	assert_stderr "iv-parse-resume: cv.pdf: pdftotext not found; install poppler-utils to read PDFs"
}
