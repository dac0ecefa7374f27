#!/bin/sh
# Install the Debian packages iv needs that are missing. Idempotent; prints
# nothing when everything is already there.
set -eu
pkgs="gcc make pkg-config libcurl4-openssl-dev libjq-dev libsqlite3-dev libyaml-dev
poppler-utils bats bats-assert bats-support jq sqlite3 chromium zlib1g-dev qpdf zip
curl iproute2 man-db groff-base"
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
