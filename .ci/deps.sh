#!/bin/sh
# Install the Debian packages iv needs that are missing. Idempotent; prints
# nothing when everything is already there.
#
#   sh .ci/deps.sh run    what building and running needs (make run, make install)
#   sh .ci/deps.sh test   that, plus what only tests, evals, benchmarks and
#                         fuzzing need (make check, make eval, make bench, make fuzz)
#   sh .ci/deps.sh list-run, list-test   print a list (make help)
set -eu
run="gcc make pkg-config libcurl4-openssl-dev libjq-dev libsqlite3-dev libyaml-dev zlib1g-dev
libstemmer-dev libfriso-dev friso-dict wordnet-dev wordnet-base libopencc-dev libopencc-data
libmicrohttpd-dev poppler-utils jq sqlite3"
test="bats bats-assert bats-support chromium qpdf zip curl iproute2 man-db groff-base
clang libclang-rt-14-dev hyperfine nodejs wrk parallel
espeak-ng sox llvm"
case ${1:-test} in
run) pkgs=$run ;;
test) pkgs="$run $test" ;;
list-run) echo $run; exit 0 ;;	# the lists, for make help
list-test) echo $test; exit 0 ;;
*) echo "usage: sh .ci/deps.sh run|test|list-run|list-test" >&2; exit 2 ;;
esac
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing" >&2
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >&2
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing >&2
