#!/bin/sh
# deps.sh — check for every Debian package loket needs to build, test and
# run, and install what is missing.
#
#   As root:            apt-get update, then apt-get install the missing ones.
#   Otherwise:          the same through `sudo -n` where that works without a
#                       password; if not, print the one apt-get line to run.
#   --check             only report; exit 1 when something is missing.
#
# Exit status: 0 when everything is present afterwards, 1 otherwise.
set -eu

# build: compiler, pkg-config and the -dev packages of the libraries
# run:   the PostgreSQL server and its contrib extensions (pg_trgm, unaccent)
# test:  Criterion, libvterm (terminal tests), the sanitizer runtimes (gcc's)
pkgs="build-essential pkg-config
libncurses-dev libreadline-dev libpq-dev libjansson-dev
postgresql postgresql-contrib
libcriterion-dev libvterm-dev
libasan8 libubsan1 procps"

check_only=0
[ "${1:-}" = "--check" ] && check_only=1

missing=
for p in $pkgs; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = installed ] || missing="$missing $p"
done
missing=${missing# }

if [ -z "$missing" ]; then
    exit 0
fi
echo "deps.sh: missing Debian packages: $missing" >&2
[ $check_only = 1 ] && exit 1

if [ "$(id -u)" = 0 ]; then
    sudo=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo -n"
else
    echo "deps.sh: cannot install them without a password; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y $missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >&2 || { echo "deps.sh: apt-get update failed" >&2; exit 1; }
# shellcheck disable=SC2086
$sudo apt-get install -y -q --no-install-recommends $missing >&2 || {
    echo "deps.sh: apt-get install failed for: $missing" >&2
    exit 1
}
# Debian starts a default cluster on port 5432 when postgresql is installed;
# loket's clusters use their own Unix socket directories and never need it.
echo "deps.sh: installed: $missing" >&2
