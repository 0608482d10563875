#!/bin/sh
# run.sh — what `make run` does after building: start the private database,
# migrate it, seed demo data when it holds no customers, and open loket as
# the demo agent. Arguments are passed to loket.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/pgcluster.sh" up
eval "$("$top/scripts/pgcluster.sh" env)"
"$top/scripts/pgcluster.sh" createdb "$PGDATABASE"
"$top/loket" db migrate --quiet
"$top/loket" db seed --demo --if-empty
PGUSER=${LOKET_DEMO_USER:-demo}
export PGUSER
exec "$top/loket" "$@"
