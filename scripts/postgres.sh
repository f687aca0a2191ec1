#!/usr/bin/env bash
# A private PostgreSQL cluster for tests and benchmarks, usable as root.
#
#   scripts/postgres.sh install          install Debian's server when it is missing
#   scripts/postgres.sh start DIR PORT   initdb DIR if needed, start on 127.0.0.1:PORT, wait until ready
#   scripts/postgres.sh stop DIR         fast shutdown, wait until stopped (no error when not running)
#   scripts/postgres.sh status DIR       exit 0 when running, 3 when not
#   scripts/postgres.sh url PORT         print the connection URL
#   scripts/postgres.sh bindir           print the server's bin directory
#
# PostgreSQL refuses to run as root, so as root its programs run as the
# `postgres` system user, which owns DIR. The cluster trusts every local and
# loopback connection and trades durability for speed (fsync off): test data only.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

# The highest installed server version's bin directory, or nothing.
find_bindir() {
    local dir dirs
    dirs=(/usr/lib/postgresql/*/bin)
    dir=$(printf '%s\n' "${dirs[@]}" | sort -V | tail -n 1)
    if [[ -n $dir && -x $dir/pg_ctl && -x $dir/postgres ]]; then echo "$dir"; fi
}

bindir() {
    local dir
    dir=$(find_bindir)
    [[ -n $dir ]] || die "no PostgreSQL server under /usr/lib/postgresql; run: $0 install"
    echo "$dir"
}

# Run a PostgreSQL program as its owner, from a directory it can read, without
# fd 9 (the lock on DIR must not pass to the server, or it would be held until it stops).
as_postgres() {
    if [[ $(id -u) -eq 0 ]]; then
        (cd / && runuser -u postgres -- "$@" 9<&-)
    else
        (cd / && "$@" 9<&-)
    fi
}

check_port() {
    if ! [[ $1 =~ ^[0-9]+$ ]] || (($1 < 1 || $1 > 65535)); then die "not a port number: '$1'"; fi
}

# DIR as an absolute path; as root, check the postgres user can reach it.
cluster_dir() {
    [[ -n ${1:-} ]] || die "missing DIR"
    local dir parent
    dir=$(realpath -m -- "$1")
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || die "no 'postgres' system user; run: $0 install"
        parent=$(dirname -- "$dir")
        mkdir -p -- "$parent"
        runuser -u postgres -- test -x "$parent" ||
            die "the postgres user cannot reach $parent (a parent folder is not traversable, e.g. /root); put the cluster under /tmp"
    fi
    echo "$dir"
}

is_running() {
    [[ -f $1/PG_VERSION ]] && as_postgres "$(bindir)/pg_ctl" status -D "$1" >/dev/null 2>&1
}

cmd_install() {
    if [[ -n $(find_bindir) ]] && id postgres >/dev/null 2>&1; then return 0; fi
    [[ $(id -u) -eq 0 ]] || die "PostgreSQL is not installed and installing needs root"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    [[ -n $(find_bindir) ]] || die "apt-get installed postgresql but no server was found under /usr/lib/postgresql"
}

cmd_start() {
    [[ $# -eq 2 ]] || die "usage: $0 start DIR PORT"
    local dir port bin
    dir=$(cluster_dir "$1")
    port=$2
    check_port "$port"
    bin=$(bindir)
    # The server's Unix socket path must fit in sockaddr_un (107 bytes).
    ((${#dir} + ${#port} + 10 <= 107)) || die "path too long for a Unix socket: $dir"

    mkdir -p -- "$dir"
    # Serialise concurrent starts and stops of one cluster (a lock on DIR itself).
    exec 9<"$dir"
    flock -w 120 9 || die "timed out waiting for the lock on $dir"

    if [[ ! -f $dir/PG_VERSION ]]; then
        [[ -z $(ls -A -- "$dir") ]] || die "$dir is neither empty nor a PostgreSQL cluster"
        [[ $(id -u) -ne 0 ]] || chown postgres:postgres "$dir"
        chmod 700 "$dir"
        local out
        out=$(as_postgres "$bin/initdb" -D "$dir" -U postgres --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 --no-sync 2>&1) || { echo "$out" >&2; die "initdb $dir failed"; }
        # Settings of this cluster; the port is given at each start.
        cat >>"$dir/postgresql.conf" <<EOF

# scripts/postgres.sh: a throwaway test cluster, speed over durability.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 300
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi

    if is_running "$dir"; then return 0; fi
    if ! as_postgres "$bin/pg_ctl" start -D "$dir" -l "$dir/server.log" -w -t 60 \
        -o "-p $port" >/dev/null; then
        tail -n 20 "$dir/server.log" >&2 || true
        die "could not start the cluster in $dir on port $port"
    fi
    # pg_ctl -w waits for the postmaster; also wait until it accepts connections on the port.
    local i
    for ((i = 0; i < 300; i++)); do
        if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1; then return 0; fi
        sleep 0.1
    done
    tail -n 20 "$dir/server.log" >&2 || true
    die "the cluster in $dir started but does not answer on 127.0.0.1:$port"
}

cmd_stop() {
    [[ $# -eq 1 ]] || die "usage: $0 stop DIR"
    local dir bin
    dir=$(realpath -m -- "$1")
    [[ -f $dir/PG_VERSION ]] || return 0
    bin=$(bindir)
    exec 9<"$dir"
    flock -w 120 9 || die "timed out waiting for the lock on $dir"
    is_running "$dir" || return 0
    if ! as_postgres "$bin/pg_ctl" stop -D "$dir" -m fast -w -t 60 >/dev/null; then
        # Still up after a minute: stop it without the clean shutdown.
        as_postgres "$bin/pg_ctl" stop -D "$dir" -m immediate -w -t 30 >/dev/null ||
            die "could not stop the cluster in $dir"
    fi
}

cmd_status() {
    [[ $# -eq 1 ]] || die "usage: $0 status DIR"
    local dir
    dir=$(realpath -m -- "$1")
    if is_running "$dir"; then return 0; else return 3; fi
}

cmd_url() {
    [[ $# -eq 1 ]] || die "usage: $0 url PORT"
    check_port "$1"
    echo "postgres://postgres@127.0.0.1:$1/postgres"
}

case ${1:-} in
install) shift; cmd_install "$@" ;;
start) shift; cmd_start "$@" ;;
stop) shift; cmd_stop "$@" ;;
status) shift; cmd_status "$@" ;;
url) shift; cmd_url "$@" ;;
bindir) shift; bindir ;;
*)
    sed -n '2,10s/^# \{0,1\}//p' "$0" >&2
    exit 2
    ;;
esac
