#!/bin/sh
# pgcluster.sh — a private PostgreSQL cluster for loket: create, start, stop.
#
#   scripts/pgcluster.sh [--dir DIR] [--fast] up|down|status|env|destroy|hugepages
#
#   up       create the cluster if needed and start it (starting twice is fine)
#   down     stop it (stopping a stopped cluster is fine)
#   status   say whether it runs; exit 0 when it does, 3 when it does not
#   env      print the PG* variables that reach it, for eval
#   destroy  stop it and remove its directory
#   bindir   print the directory of the server binaries
#   createdb NAME  create database NAME unless it exists (the cluster runs)
#   hugepages  put the running server's shared memory in 2 MB huge pages:
#            reserve as many as it needs (vm.nr_hugepages, root only) and
#            restart it; `down` gives back what was reserved. Without root it
#            says so and the server keeps 4 kB pages.
#
# The cluster listens on a Unix socket only, in a directory only its owner can
# enter, with trust authentication on that socket. Its superuser is named
# "postgres" whoever runs it. As root the server runs as the postgres system
# user (initdb refuses root), in a directory that user can reach.
#
# DIR defaults to $LOKET_PG_DIR, else /var/tmp/loket-UID-HASH, where HASH is
# taken from this checkout's path: short enough for the socket path limit
# (~100 bytes), outside the checkout, one cluster per checkout. A symlink
# .pg in the checkout points at it (git ignores it).
# --fast turns off fsync: for throwaway test clusters only.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
dir=${LOKET_PG_DIR:-}
fast=0
while [ $# -gt 0 ]; do
    case $1 in
    --dir) dir=$2; shift 2 ;;
    --dir=*) dir=${1#--dir=}; shift ;;
    --fast) fast=1; shift ;;
    -*) echo "pgcluster.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
    esac
done
cmd=${1:-status}
port=${LOKET_PG_PORT:-5432}

default_dir=0
if [ -z "$dir" ]; then
    default_dir=1
    hash=$(printf '%s' "$top" | cksum | cut -d' ' -f1)
    dir=/var/tmp/loket-$(id -u)-$hash
fi
data=$dir/data
sock=$dir/sock
log=$dir/server.log

if [ ${#sock} -gt 90 ]; then
    echo "pgcluster.sh: socket directory $sock is too long (${#sock} bytes; the limit is about 100 with the socket name); set LOKET_PG_DIR to a shorter path" >&2
    exit 1
fi

# The server binaries, found without PATH: pg_config, else the newest
# version under /usr/lib/postgresql.
bindir=
if command -v pg_config >/dev/null 2>&1; then
    b=$(pg_config --bindir 2>/dev/null || true)
    [ -x "$b/initdb" ] && bindir=$b
fi
if [ -z "$bindir" ]; then
    for b in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
        if [ -x "$b/initdb" ]; then bindir=$b; break; fi
    done
fi

need_bin() {
    if [ -z "$bindir" ]; then
        echo "pgcluster.sh: no PostgreSQL server found (no initdb via pg_config --bindir or /usr/lib/postgresql/*/bin); run scripts/deps.sh" >&2
        exit 1
    fi
}

# Run a command as the user that owns the cluster.
if [ "$(id -u)" = 0 ]; then
    runner=postgres
    if ! id postgres >/dev/null 2>&1; then
        echo "pgcluster.sh: running as root needs the 'postgres' system user (from the postgresql package)" >&2
        exit 1
    fi
    as_owner() { (cd "$dir" && runuser -u postgres -- "$@"); }
else
    runner=$(id -un)
    as_owner() { (cd "$dir" && "$@"); }
fi

running() {
    [ -f "$data/PG_VERSION" ] && as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1
}

print_env() {
    echo "PGHOST=$sock; export PGHOST"
    echo "PGPORT=$port; export PGPORT"
    echo "PGUSER=postgres; export PGUSER"
    echo "PGDATABASE=${PGDATABASE:-loket}; export PGDATABASE"
    echo "LOKET_PG_DIR=$dir; export LOKET_PG_DIR"
}

create() {
    mkdir -p "$dir"
    chmod 0711 "$dir"
    [ "$runner" = postgres ] && chown postgres: "$dir"
    as_owner mkdir -p "$sock"
    as_owner chmod 0700 "$sock"
    if [ ! -f "$data/PG_VERSION" ]; then
        rm -rf "$data"
        echo "pgcluster.sh: creating cluster in $data (owner $runner)" >&2
        as_owner "$bindir/initdb" -D "$data" -E UTF8 --locale=C.UTF-8 -U postgres \
            --auth=trust >"$dir/initdb.log" 2>&1 || {
            echo "pgcluster.sh: initdb failed; see $dir/initdb.log:" >&2
            tail -n 5 "$dir/initdb.log" >&2
            exit 1
        }
        # Shared buffers: a quarter of the memory (256 MB to 8 GB), the usual
        # share for a server, so that a large customer base's indexes and
        # recent contacts stay in them; a throwaway test cluster keeps 256 MB.
        buffers=256
        if [ $fast = 0 ] && [ -r /proc/meminfo ]; then
            buffers=$(awk '/^MemTotal:/ { mb = int($2 / 1024 / 4); print (mb < 256 ? 256 : mb > 8192 ? 8192 : mb) }' /proc/meminfo)
        fi
        as_owner sh -c "cat >>'$data/postgresql.conf'" <<EOF
# loket private cluster
listen_addresses = ''
unix_socket_directories = '$sock'
unix_socket_permissions = 0700
port = $port
max_connections = 200
shared_buffers = ${buffers}MB
work_mem = 16MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
# A checkpoint every half hour, not every five minutes: after each one the
# first change to every page writes the whole page to the WAL, and a logged
# contact changes a dozen pages of a busy customer base.
checkpoint_timeout = 30min
timezone = 'Europe/Amsterdam'
# JIT compiling costs more than it saves on loket's short index lookups.
jit = off
log_min_messages = warning
EOF
        as_owner sh -c "printf 'local all all trust\n' >'$data/pg_hba.conf'"
        # Full-page images compressed: after a checkpoint the first change to
        # a page writes the whole page to the WAL, and claiming a case changes
        # about ten pages (83 kB of WAL; 23 kB compressed with lz4). lz4 where
        # the server was built with it, else the built-in one (on).
        if [ $fast = 0 ]; then
            wal_compression=on
            if as_owner "$bindir/postgres" -D "$data" -C wal_compression -c wal_compression=lz4 \
                >/dev/null 2>&1; then
                wal_compression=lz4
            fi
            as_owner sh -c "echo 'wal_compression = $wal_compression' >>'$data/postgresql.conf'"
        fi
    fi
    if [ $fast = 1 ]; then
        as_owner sh -c "printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n' >'$data/postgresql.auto.conf'"
    fi
    if [ $default_dir = 1 ]; then
        ln -sfn "$dir" "$top/.pg" 2>/dev/null || true
    fi
}

up() {
    need_bin
    create
    if running; then
        echo "pgcluster.sh: running ($sock)" >&2
        return 0
    fi
    # After a crash the pid and socket lock files stay behind; the server is
    # known not to run, so they are stale.
    rm -f "$data/postmaster.pid" "$sock/.s.PGSQL.$port.lock"
    if ! as_owner "$bindir/pg_ctl" -D "$data" -l "$log" -w -t 60 start >/dev/null; then
        echo "pgcluster.sh: the server did not start; the end of $log:" >&2
        tail -n 10 "$log" >&2 || true
        exit 1
    fi
    echo "pgcluster.sh: started ($sock)" >&2
}

down() {
    if [ -z "$bindir" ] || ! running; then
        echo "pgcluster.sh: not running" >&2
        release_huge_pages
        return 0
    fi
    as_owner "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null
    echo "pgcluster.sh: stopped" >&2
    release_huge_pages
}

# Huge pages. Each server process maps the shared buffers; the first time it
# touches a 4 kB page of them the kernel must map it, and on a virtual
# machine that costs microseconds (11.8 us a page measured on a 2-core VM),
# and a connection opening customers among a million touches dozens of new
# pages a call. With 2 MB pages one mapping covers 256 buffers.
# PostgreSQL uses them by itself (huge_pages = try) once the kernel has
# them reserved; the reservation is recorded here and given back on `down`.
nr_huge=/proc/sys/vm/nr_hugepages
huge_note=$dir/hugepages.reserved  # "<pages> <boot id>"
boot_id=$(cat /proc/sys/kernel/random/boot_id 2>/dev/null || echo unknown)

uses_huge_pages() {
    pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null) || return 1
    awk '$1 == "KernelPageSize:" && $2 > 4 { found = 1 } END { exit !found }' \
        "/proc/$pid/smaps" 2>/dev/null
}

huge_pages() {
    need_bin
    running || { echo "pgcluster.sh: not running; start it first (up)" >&2; exit 1; }
    if uses_huge_pages; then
        echo "pgcluster.sh: shared memory is in huge pages" >&2
        return 0
    fi
    if [ ! -w "$nr_huge" ]; then
        echo "pgcluster.sh: shared memory stays in 4 kB pages: reserving huge pages needs root ($nr_huge)" >&2
        return 0
    fi
    down
    # PostgreSQL 15 and later say how many pages their shared memory takes.
    need=$(as_owner "$bindir/postgres" -D "$data" -C shared_memory_size_in_huge_pages 2>/dev/null || echo 0)
    # Free and not promised to another process already.
    free=$(awk '/^HugePages_Free:/ { f = $2 } /^HugePages_Rsvd:/ { r = $2 } END { print f - r }' /proc/meminfo)
    total=$(cat "$nr_huge")
    add=$((need - free))
    if [ "$need" -gt 0 ] && [ "$add" -gt 0 ]; then
        if echo $((total + add)) 2>/dev/null >"$nr_huge"; then
            got=$(($(cat "$nr_huge") - total))
            echo "$got $boot_id" >"$huge_note"
            echo "pgcluster.sh: reserved $got of the $add huge pages still needed ($nr_huge)" >&2
        else
            echo "pgcluster.sh: could not write $nr_huge" >&2
        fi
    fi
    up
    if uses_huge_pages; then
        echo "pgcluster.sh: shared memory is in huge pages" >&2
    else
        # A reservation too small to be used would only hold memory back.
        release_huge_pages
        echo "pgcluster.sh: shared memory stays in 4 kB pages: the kernel could not reserve enough huge pages" >&2
    fi
}

# Give back what `hugepages` reserved in this boot of the machine (after a
# reboot the kernel has forgotten it, and the note is stale).
release_huge_pages() {
    [ -f "$huge_note" ] || return 0
    n=0 boot=
    read -r n boot <"$huge_note" || true
    rm -f "$huge_note"
    [ "$boot" = "$boot_id" ] && [ -w "$nr_huge" ] || return 0
    total=$(cat "$nr_huge")
    echo $((total > n ? total - n : 0)) 2>/dev/null >"$nr_huge" || return 0
    echo "pgcluster.sh: gave back $n huge pages" >&2
}

case $cmd in
up) up ;;
down) down ;;
hugepages) huge_pages ;;
status)
    if [ -n "$bindir" ] && running; then echo "running: $sock"; else echo "not running: $dir"; exit 3; fi ;;
env) print_env ;;
bindir) need_bin; echo "$bindir" ;;
createdb)
    name=${2:?usage: pgcluster.sh createdb NAME}
    need_bin
    q="SELECT 1 FROM pg_database WHERE datname = :'name'"
    if [ -z "$(echo "$q" | "$bindir/psql" -h "$sock" -p "$port" -U postgres -d postgres -v name="$name" -Atq 2>/dev/null || true)" ]; then
        "$bindir/createdb" -h "$sock" -p "$port" -U postgres "$name"
        echo "pgcluster.sh: created database $name" >&2
    fi ;;
destroy)
    down
    rm -rf "$dir"
    [ -L "$top/.pg" ] && [ "$(readlink "$top/.pg")" = "$dir" ] && rm -f "$top/.pg"
    echo "pgcluster.sh: removed $dir" >&2 ;;
*) echo "usage: pgcluster.sh [--dir DIR] [--fast] up|down|status|env|destroy|bindir|createdb NAME|hugepages" >&2; exit 2 ;;
esac
