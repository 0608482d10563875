#!/bin/sh
# test.sh — what `make test` runs after building: every suite, against a
# throwaway PostgreSQL cluster that it starts and removes itself.
#
#   unit  tests/unit   pure logic of src/core
#   db    tests/db     schema api, one fresh database per test
#   sanity             planted leak and UB must FAIL: proves the sanitizers bite
#
# Any failure makes the run fail. The cluster is removed on every exit.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Leaks are judged from the report, not the exit status (see suite()).
export LSAN_OPTIONS=${LSAN_OPTIONS:-exitcode=0:suppressions=$top/tests/lsan.supp:print_suppressions=0}
jobs=${LOKET_TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}

failed=0
passed=0
fail() { echo "FAIL: $*" >&2; failed=$((failed + 1)); }
pass() { echo "ok: $*"; passed=$((passed + 1)); }
logs=$(mktemp -d /tmp/loket-log.XXXXXX)
dir=
cleanup() {
    [ -z "$dir" ] || scripts/pgcluster.sh --dir "$dir" destroy >/dev/null 2>&1 || true
    rm -rf "$logs"
}
trap cleanup EXIT INT TERM

# The leaks in a LeakSanitizer report that are ours: each leak block whose
# first frame after the allocator is not inside libcriterion. Criterion's
# runner itself leaks a 48-byte allocation in some runs (allocated directly
# by libcriterion, nothing of ours on the stack); that one is not a finding.
our_leaks() {
    awk '
        /^(Direct|Indirect) leak of/ { inblock = 1; frame = 0; next }
        inblock && /^ *#[0-9]+ / {
            if ($0 ~ /in (__interceptor_|malloc|calloc|realloc)/ && frame == 0) next
            frame++
            if (frame == 1) { if ($0 !~ /libcriterion\.so/) n++; inblock = 0 }
        }
        END { print n + 0 }
    ' "$1"
}

# Run one suite; it fails on a non-zero exit AND on any sanitizer report in
# its output. Criterion runs each test in a worker process and does not look
# at the worker's exit status after the test body passed, so a leak found by
# LeakSanitizer at the worker's exit would otherwise go unnoticed.
suite() {
    name=$1
    shift
    rc=0
    "$@" >"$logs/$name.log" 2>&1 || rc=$?
    cat "$logs/$name.log"
    if [ $rc -ne 0 ]; then
        return 1
    fi
    if grep -Eq 'ERROR: AddressSanitizer|runtime error:' "$logs/$name.log"; then
        echo "$name: a sanitizer reported a finding (see above)" >&2
        return 1
    fi
    if grep -q 'ERROR: LeakSanitizer' "$logs/$name.log" && [ "$(our_leaks "$logs/$name.log")" -gt 0 ]; then
        echo "$name: LeakSanitizer reported a leak (see above)" >&2
        return 1
    fi
    return 0
}

# 1. Sanitizers must turn a planted fault into a failing suite.
for p in leak ub; do
    if suite planted_$p build/test/planted_$p >/dev/null 2>&1; then
        fail "planted $p was not reported: the sanitizer settings do not fail tests"
    else
        pass "planted $p fails its suite"
    fi
done

# 2. Unit tests.
if suite unit build/test/unit --jobs "$jobs"; then pass "unit suite"; else fail "unit suite"; fi

# 3. A throwaway cluster, short socket path, removed on exit.
dir=$(mktemp -d /tmp/loket-t.XXXXXX)
scripts/pgcluster.sh --dir "$dir" --fast up
eval "$(scripts/pgcluster.sh --dir "$dir" env)"
PGDATABASE=loket_template
export PGDATABASE
scripts/pgcluster.sh --dir "$dir" createdb loket_template

if build/san/loket db migrate --quiet; then pass "migrate"; else fail "migrate"; exit 1; fi
pgbin=$(scripts/pgcluster.sh bindir)
# pg_dump writes a random \restrict key into every dump: leave it out.
dump() { "$pgbin/pg_dump" --schema-only loket_template | grep -v '^\\\(un\)\{0,1\}restrict' | md5sum; }
before=$(dump)
out=$(build/san/loket db migrate)
after=$(dump)
if [ "$out" = "up to date: nothing to apply" ] && [ "$before" = "$after" ]; then
    pass "migrating twice changes nothing"
else
    fail "migrating twice changed something: '$out'"
fi
status=$(build/san/loket db status)
case $status in
*"0 pending"*) pass "db status shows nothing pending" ;;
*) fail "db status after migrate: $status" ;;
esac

# Nothing may stay connected to the template: each db test clones it.
unset PGDATABASE
export LOKET_TEST_TEMPLATE=loket_template
export LOKET_BIN="$top/build/san/loket"
if suite db build/test/db --jobs "$jobs"; then pass "db suite"; else fail "db suite"; fi
if suite e2e build/test/e2e --jobs "$jobs"; then pass "e2e suite"; else fail "e2e suite"; fi

echo "summary: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
