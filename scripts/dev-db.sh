#!/bin/sh
# dev-db.sh DIR — for working on the SQL by hand: a private cluster in DIR
# with a database loket_template migrated by psql from src/db/migrations,
# the same way `loket db migrate` does (bootstrap, then each file in order,
# each in its own transaction). Prints the env to eval.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: dev-db.sh DIR}
"$top/scripts/pgcluster.sh" --dir "$dir" --fast up
eval "$("$top/scripts/pgcluster.sh" --dir "$dir" env)"
export PGDATABASE=loket_template
psql -d postgres -qAt -c "DROP DATABASE IF EXISTS loket_template WITH (FORCE)" -c "CREATE DATABASE loket_template"
psql -q -v ON_ERROR_STOP=1 -c "CREATE SCHEMA IF NOT EXISTS loket; CREATE TABLE IF NOT EXISTS loket.schema_migration (version int PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL DEFAULT session_user)"
for f in "$top"/src/db/migrations/*.sql; do
    if ! out=$(psql -q -v ON_ERROR_STOP=1 -1 -f "$f" 2>&1); then
        echo "$out" | grep -v NOTICE >&2
        echo "dev-db.sh: $f failed" >&2
        exit 1
    fi
done
"$top/scripts/pgcluster.sh" --dir "$dir" env
