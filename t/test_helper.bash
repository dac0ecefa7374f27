# test_helper.bash — every test gets its own IV_HOME under $BATS_TEST_TMPDIR,
# a fixed PATH with the freshly built programs first, and no XDG_* or IV_*
# settings from the person running the tests.
#
#	load test_helper
#
# Then use bats-assert: run -1 --separate-stderr iv-store ...; assert_output;
# assert_stderr (below) checks the separate stderr.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

IV_SRC=$(cd "$BATS_TEST_DIRNAME/.." && pwd)
: "${IV_BUILD:=$IV_SRC/build}"
FIXTURES="$BATS_TEST_DIRNAME/fixtures"

iv_test_env() {
	local v
	for v in $(env | sed -n 's/^\(IV_[A-Z_]*\)=.*/\1/p; s/^\(XDG_[A-Z_]*\)=.*/\1/p'); do
		case $v in IV_BUILD) ;; *) unset "$v" ;; esac
	done
	unset NO_COLOR EDITOR VISUAL OPENAI_API_KEY http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY
	export HOME="$BATS_TEST_TMPDIR/home-dir"
	export IV_HOME="$BATS_TEST_TMPDIR/iv"
	export PATH="$IV_BUILD/bin:/usr/local/bin:/usr/bin:/bin"
	export LC_ALL=C.UTF-8 TZ=UTC
	mkdir -p "$HOME"
	# Files a test makes with relative names land in its own folder, never
	# in the source tree.
	cd "$BATS_TEST_TMPDIR" || return
}

setup() {
	iv_test_env
}

# assert_stderr [--partial|--regexp] TEXT: like assert_output, for $stderr
# (needs run --separate-stderr).
assert_stderr() {
	local output=$stderr
	assert_output "$@"
}

refute_stderr() {
	local output=$stderr
	refute_output "$@"
}

# The number of rows in a table of the test's store.
db_count() {
	sqlite3 "$IV_HOME/iv.db" "SELECT count(*) FROM $1${2:+ WHERE $2}"
}

# Run a command as an unprivileged user when the tests run as root, so that
# file permissions mean what they say (root writes through a read-only file).
as_unprivileged() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
			env PATH="$PATH" IV_HOME="$IV_HOME" HOME="$HOME" "$@"
	else
		"$@"
	fi
}

# The schema version this build writes: the number of migrations.
schema_latest() {
	grep -c '^static const char m[0-9]*\[\] =' "$IV_SRC/lib/schema.c"
}
