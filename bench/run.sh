#!/bin/sh
# run.sh — what `make bench` runs: seed (or reuse) databases of 10,000 and
# 1,000,000 demo customers in the private cluster (durable settings: fsync
# on), then measure. LOKET_BENCH_SIZES overrides the sizes ("10000 100000").
# Seeding a million customers takes a while the first time (see README);
# the databases are kept for the next run.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sizes=${LOKET_BENCH_SIZES:-10000 1000000}
scripts/pgcluster.sh up
# Shared buffers in 2 MB pages where the machine allows it (root): see
# scripts/pgcluster.sh. Without them every connection's first touch of each
# 4 kB page of the buffers costs a page fault, and a million customers'
# data is mostly pages a connection has not touched yet.
scripts/pgcluster.sh hugepages
eval "$(scripts/pgcluster.sh env)"
dbs=
for n in $sizes; do
    db=bench_$n
    scripts/pgcluster.sh createdb "$db"
    ./loket -d "dbname=$db" db migrate --quiet
    have=$(./loket -d "dbname=$db" db seed --demo --customers "$n" --seed 7 --if-empty | tail -n 1)
    echo "bench: $db: $have"
    dbs="$dbs $db"
done
# shellcheck disable=SC2086
build/bench/bench $dbs
first=bench_$(echo $sizes | awk '{print $1}')
build/bench/rss "$first"
build/bench/live "$first"
