#!/bin/sh
# The demo behind `make run`: a fresh store in a folder of its own (never the
# user's real one), a check that all is well, and a tour of the store.
set -eu
: "${IV_HOME:=${TMPDIR:-/tmp}/iv-demo.$(id -u)}"
export IV_HOME
rm -rf "$IV_HOME"
samples=$(cd "$(dirname "$0")" && pwd)

echo "== iv init (a demo store in $IV_HOME)"
iv init
echo
echo "== iv doctor"
iv doctor
echo
echo "== the store's tables"
sqlite3 "$(iv path)" .tables
