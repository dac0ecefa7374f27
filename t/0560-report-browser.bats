#!/usr/bin/env bats
# The HTML report in a real browser: headless Chromium draws the charts
# and fetches nothing from the network.

load test_helper
load summary_helper

setup() {
	iv_test_env
	iv-store init >/dev/null
	[ -x /usr/bin/chromium ] || fail "chromium is missing (make deps installs it)"
	PNG_STATS="$IV_BUILD/t/tools/png-stats"
}

# shot PAGE: screenshot PAGE into $BATS_TEST_TMPDIR/shot.png with every
# host name unresolvable, logging the browser's network use to net.json.
shot() {
	rm -rf "$BATS_TEST_TMPDIR/chrome" "$BATS_TEST_TMPDIR/shot.png"
	timeout 180 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update --disable-sync \
		--no-first-run --user-data-dir="$BATS_TEST_TMPDIR/chrome" \
		--host-resolver-rules="MAP * ~NOTFOUND" --log-net-log="$BATS_TEST_TMPDIR/net.json" \
		--screenshot="$BATS_TEST_TMPDIR/shot.png" --window-size=1200,1600 "file://$1" \
		>/dev/null 2>&1
	[ -s "$BATS_TEST_TMPDIR/shot.png" ] || fail "chromium made no screenshot of $1"
}

# What the page asked the network for: requests made for the file:// page,
# leaving out the browser's own background traffic, which has no page.
page_requests() {
	jq -r '.constants.logEventTypes.URL_REQUEST_START_JOB as $t | .events[]
		| select(.type == $t) | .params
		| select((.network_isolation_key // "") | startswith("file://"))
		| .url | select(startswith("file:") | not)' "$BATS_TEST_TMPDIR/net.json"
}

# pixels COLOR: how many pixels of the screenshot have this colour.
pixels() {
	"$PNG_STATS" "$BATS_TEST_TMPDIR/shot.png" "$1" | sed -n 2p | cut -d' ' -f2
}

rounds() {
	local lang=$1 s
	export IV_NOW=2026-11-01T10:00:00Z
	s=$(new_session "$lang")
	scored "$s" rag-001 "$lang" 4 ingestion
	scored "$s" sql-postgres-001 "$lang" 7
	finish "$s"
	export IV_NOW=2026-11-08T10:00:00Z
	s=$(new_session "$lang")
	scored "$s" rag-003 "$lang" 6.5
	scored "$s" sql-postgres-001 "$lang" 8
	scored "$s" python-async-001 "$lang" 5 event_loop
	finish "$s"
}

@test "Chromium draws the report's charts and the page fetches nothing" {
	rounds en
	iv report --format html -o "$BATS_TEST_TMPDIR/report.html"
	shot "$BATS_TEST_TMPDIR/report.html"
	run -0 "$PNG_STATS" "$BATS_TEST_TMPDIR/shot.png"
	assert_output --regexp '^1200x1600 colors=[0-9]+$'
	colors=${output#*colors=}
	[ "$colors" -gt 100 ] || fail "a nearly blank page: $colors colours"
	# bars and meters in the bar colour, their tracks, the trend's second line
	[ "$(pixels '#2563eb')" -gt 20000 ] || fail "bars: $(pixels '#2563eb') pixels"
	[ "$(pixels '#e5e7eb')" -gt 20000 ] || fail "tracks: $(pixels '#e5e7eb') pixels"
	[ "$(pixels '#16a34a')" -gt 100 ] || fail "trend lines: $(pixels '#16a34a') pixels"
	run -0 page_requests
	assert_output ""
}

@test "the checks would see a blank page and a page that fetches" {
	printf '<!DOCTYPE html><html><body><p>hello</p><img src="http://example.invalid/x.png"></body></html>\n' \
		>"$BATS_TEST_TMPDIR/bad.html"
	shot "$BATS_TEST_TMPDIR/bad.html"
	[ "$(pixels '#2563eb')" = 0 ]
	run -0 page_requests
	assert_output "http://example.invalid/x.png"
}

@test "the Chinese report is drawn as well" {
	rounds zh
	iv report --format html -o "$BATS_TEST_TMPDIR/report.html"
	grep -q '<html lang="zh-CN">' "$BATS_TEST_TMPDIR/report.html"
	shot "$BATS_TEST_TMPDIR/report.html"
	[ "$(pixels '#2563eb')" -gt 20000 ] || fail "bars: $(pixels '#2563eb') pixels"
	[ "$(pixels '#16a34a')" -gt 100 ] || fail "trend lines: $(pixels '#16a34a') pixels"
	run -0 page_requests
	assert_output ""
}
