#!/bin/sh
# mankeys.sh PAGE — put the output of `loket keys --man` (read from stdin)
# between the KEYS-BEGIN and KEYS-END markers of the man page PAGE.
set -eu
page=$1
tmp=$(mktemp)
keys=$(mktemp)
cat >"$keys"
awk -v keys="$keys" '
    /^\.\\" KEYS-BEGIN/ { print; while ((getline line < keys) > 0) print line; skip = 1; next }
    /^\.\\" KEYS-END/   { skip = 0 }
    !skip { print }
' "$page" >"$tmp"
grep -q 'KEYS-END' "$tmp" || { echo "mankeys.sh: $page has no KEYS-BEGIN/KEYS-END markers" >&2; rm -f "$tmp" "$keys"; exit 1; }
mv "$tmp" "$page"
rm -f "$keys"
