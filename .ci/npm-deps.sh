#!/bin/sh
# Install the JSON Schema validators the tests use (t/0990-formats.bats)
# into .ci/node, pinned, for tests only: the official JSON Resume schemas
# and ajv-cli with ajv-formats; for iv-serve's document (t/0802), @redocly/cli
# (lint) and @stoplight/prism-cli (the validating proxy); and sqlite-vec, the
# peer make bench loads into sqlite3 to compare recall's vector search with
# (t/bench/memory.bench.sh). Idempotent; prints nothing when they are
# already there. Needs npm (nodejs, from .ci/deps.sh) and the npm registry;
# without them it says so and leaves the tests to fail with that reason.
set -eu
pkgs="@jsonresume/schema@1.3.1 ajv-cli@5.0.0 ajv-formats@3.0.1 @redocly/cli@2.77.0 @stoplight/prism-cli@5.16.0 sqlite-vec-linux-x64@0.1.9"
dir=$(cd "$(dirname "$0")" && pwd)/node
stamp=$dir/.installed
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$pkgs" ] && [ -x "$dir/node_modules/.bin/ajv" ] && exit 0
if ! command -v npm > /dev/null 2>&1; then
	echo "npm-deps: npm is missing (install nodejs and npm); the format tests can't run" >&2
	exit 0
fi
echo "npm-deps: installing $pkgs into $dir" >&2
mkdir -p "$dir"
# shellcheck disable=SC2086
if npm install --prefix "$dir" --no-save --no-audit --no-fund --no-package-lock \
	--loglevel=error $pkgs >&2; then
	printf '%s\n' "$pkgs" > "$stamp"
else
	echo "npm-deps: npm install failed; the format tests can't run" >&2
fi
