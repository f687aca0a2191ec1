#!/usr/bin/env bash
# `make bench`: throughput, latency, start time and memory of todo-api on this
# machine, on SQLite and on PostgreSQL, beside a bare axum server (the `hello`
# example). Prints a markdown table for docs/performance.md on stdout; progress
# goes to stderr. Writes nothing else unless asked with `--out FILE`.
#
#   bench/run.sh [--out FILE]
#
# Environment (defaults in brackets):
#   BENCH_DURATION [10s]  length of each wrk run     BENCH_THREADS [2]  wrk threads
#   BENCH_API_PORT [18080], BENCH_HELLO_PORT [18081] loopback ports of the servers
#   BENCH_PG_PORT [55433], BENCH_PG_DIR [/tmp/todo-chatbot-bench-pg]  the private cluster
#   BENCH_PG_POOL [16]    DB_POOL_SIZE of the server on PostgreSQL
#   BENCH_STARTS [5]      start-up runs (the median is reported)
#   BENCH_CONNS ["32 256 1024"]  connection counts of the concurrency run
#   BENCH_CHAT_PAUSE_MS [100]  mean pause before each turn of the paced chat run
#   BENCH_ISOLATION_SECONDS [20]  length of each phase of bench/isolation.py
#   BENCH_ACCOUNTS [1000], BENCH_ACCOUNT_TODOS [20]  accounts of the accounts-mode
#                         runs, and todos of each (and of the single user beside them)
#   BENCH_PROFILE [release]  cargo profile to build and measure (ci builds faster)
#   BENCH_NO_BUILD [unset]   1: use the binaries already built
set -euo pipefail
shopt -s inherit_errexit
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

out_file=
while (($#)); do
    case $1 in
    --out) out_file=${2:?--out needs a file}; shift 2 ;;
    -h | --help) sed -n '2,21s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument: $1" >&2; exit 2 ;;
    esac
done

duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
api_port=${BENCH_API_PORT:-18080}
hello_port=${BENCH_HELLO_PORT:-18081}
pg_port=${BENCH_PG_PORT:-55433}
pg_dir=${BENCH_PG_DIR:-/tmp/todo-chatbot-bench-pg}
pg_pool=${BENCH_PG_POOL:-16}
starts=${BENCH_STARTS:-5}
conns_list=${BENCH_CONNS:-32 256 1024}
profile=${BENCH_PROFILE:-release}
chat_pause_ms=${BENCH_CHAT_PAUSE_MS:-100}
isolation_seconds=${BENCH_ISOLATION_SECONDS:-20}
accounts=${BENCH_ACCOUNTS:-1000}
account_todos=${BENCH_ACCOUNT_TODOS:-20}
pg="$root/scripts/postgres.sh"

log() { echo "bench: $*" >&2; }
die() { echo "bench: error: $*" >&2; exit 1; }

# ---------------------------------------------------------------- set-up
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
    log "installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
"$pg" install
pg_bin=$("$pg" bindir)
venv=$(bash "$root/deploy/scripts/venv.sh" "$root/bench/requirements.txt" /tmp/todo-chatbot-bench-venv)

# 1024 connections need ~1100 descriptors in wrk and in the server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
(($(ulimit -n) >= 4096)) || log "warning: only $(ulimit -n) open files allowed; 1024 connections may fail"

if [[ $profile == release ]]; then out_dir=release; else out_dir=$profile; fi
target_dir=${CARGO_TARGET_DIR:-$root/target}
api_bin="$target_dir/$out_dir/todo-api"
hello_bin="$target_dir/$out_dir/examples/hello"
if [[ -z ${BENCH_NO_BUILD:-} ]]; then
    log "building todo-api and the hello example (profile $profile)"
    cargo build --profile "$profile" --locked -p todo-api --bin todo-api --example hello >&2
fi
[[ -x $api_bin && -x $hello_bin ]] || die "missing $api_bin or $hello_bin"

work=$(mktemp -d /tmp/todo-chatbot-bench.XXXXXX)
pids=()
pg_started=0
# shellcheck disable=SC2317,SC2329  # called by the trap
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
    if ((pg_started)); then "$pg" stop "$pg_dir" || true; rm -rf -- "$pg_dir"; fi
    rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers
now_us() { echo "${EPOCHREALTIME/./}"; }

# The HTTP status of GET PATH on 127.0.0.1:PORT, without forking (fast polls).
http_status() {
    local port=$1 path=$2 line
    { exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
    printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
    IFS=' ' read -r -t 2 _ line _ <&3 || line=
    exec 3>&-
    [[ -n $line ]] && echo "$line"
}

port_free() {
    if { exec 4<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null; then exec 4>&-; return 1; fi
}

# Poll PATH every millisecond until it answers 200; fails after SECONDS.
wait_200() {
    local port=$1 path=$2 seconds=$3 pid=$4 deadline
    deadline=$(($(now_us) + seconds * 1000000))
    while (($(now_us) < deadline)); do
        [[ $(http_status "$port" "$path") == 200 ]] && return 0
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.001
    done
    return 1
}

rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# Start todo-api on DATABASE_URL (and pool size, then more VAR=value
# settings); sets server_pid, started_us.
start_api() {
    local name=$1 db_url=$2 pool=${3:-}
    # DRAIN_DELAY=0: no need to keep serving after SIGTERM here. The POST run
    # creates more todos than a user may keep by default (10,000).
    local env=(API_HOST=127.0.0.1 "API_PORT=$api_port" "DATABASE_URL=$db_url" LOG_LEVEL=warn
        DRAIN_DELAY=0 AUTH_MODE=single-user MAX_TODOS_PER_USER=1000000)
    [[ -n $pool ]] && env+=("DB_POOL_SIZE=$pool")
    env+=("${@:4}")
    port_free "$api_port" || die "port $api_port is in use"
    started_us=$(now_us)
    env "${env[@]}" "$api_bin" >>"$work/$name.log" 2>&1 &
    server_pid=$!
    measured_pid=$server_pid
    pids+=("$server_pid")
    if ! wait_200 "$api_port" /ready 30 "$server_pid"; then
        tail -n 20 "$work/$name.log" >&2
        die "todo-api ($name) did not become ready on port $api_port"
    fi
}

# SIGTERM, a few seconds to drain, then SIGKILL; forget the pid once reaped.
stop_server() {
    local pid=$1 i left=()
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 50; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    for i in "${pids[@]}"; do [[ $i == "$pid" ]] || left+=("$i"); done
    pids=("${left[@]}")
}

# The server must accept the benchmark's requests before it is measured.
check_api() {
    local base="http://127.0.0.1:$api_port/api/v1/todos" code
    code=$(curl -s -o "$work/check.body" -w '%{http_code}' --max-time 5 \
        -H 'Content-Type: application/json' -d '{"title":"bench"}' "$base") || code=000
    [[ $code == 201 ]] || die "POST $base answered $code: $(head -c 300 "$work/check.body")"
    code=$(curl -s -o "$work/check.body" -w '%{http_code}' --max-time 5 "$base?limit=20") || code=000
    [[ $code == 200 ]] || die "GET $base answered $code: $(head -c 300 "$work/check.body")"
}

# A new, empty database for each server: sets db_url.
db_n=0
fresh_db() {
    db_n=$((db_n + 1))
    if [[ $1 == sqlite ]]; then
        db_url="sqlite://$work/bench_$db_n.db" # the server creates the file
    else
        "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U postgres "bench_$db_n"
        db_url="postgres://postgres@127.0.0.1:$pg_port/bench_$db_n"
    fi
}

# wrk latency figures ("812.00us", "1.25ms", "2.00s") in milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
        printf (n < 10 ? "%.2f" : "%.1f"), n }'
}

clk_tck=$(getconf CLK_TCK)

# User plus system CPU time of a process so far, in clock ticks (/proc/PID/stat
# fields 14 and 15, counted after the parenthesised command name).
cpu_ticks() {
    local stat
    stat=$(<"/proc/$1/stat")
    read -r -a fields <<<"${stat##*) }"
    echo $((fields[11] + fields[12]))
}

# Run wrk against the server whose pid is $measured_pid; sets rps, p99 (ms),
# non2xx, sockerr (sum), sockerr_detail, and cpu_us: the server's CPU time
# (user + system) over the run divided by the requests wrk completed, in µs.
run_wrk() {
    local conns=$1 url=$2 script=${3:-} name out secs
    name="wrk-$(date +%s%N)"
    out="$work/$name.txt"
    secs=${duration%s}
    [[ $secs =~ ^[0-9]+$ ]] || secs=60
    local cmd=(wrk "-t$threads" "-c$conns" "-d$duration" --latency)
    [[ -n $script ]] && cmd+=(-s "$root/bench/$script")
    cmd+=("$url")
    log "  ${cmd[*]#"$root/"}"
    local ticks_before
    ticks_before=$(cpu_ticks "$measured_pid")
    timeout $((secs + 60)) "${cmd[@]}" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed"; }
    local ticks=$(($(cpu_ticks "$measured_pid") - ticks_before)) requests
    requests=$(awk '/ requests in / { print $1 }' "$out")
    cpu_us=$(awk -v t="$ticks" -v hz="$clk_tck" -v n="${requests:-0}" 'BEGIN { printf "%.0f", n ? t * 1e6 / hz / n : 0 }')
    rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
    non2xx=${non2xx:-0}
    sockerr_detail=$(awk -F': ' '/Socket errors:/ { print $2 }' "$out")
    sockerr=$(awk '/Socket errors:/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$out")
    sockerr=${sockerr:-0}
    [[ -n $rps ]] || { cat "$out" >&2; die "could not read wrk's output"; }
}

# "rps|p99|errors|CPU µs a request" as four table cells.
cell() { local IFS='|'; read -r a b c d <<<"$1"; echo "$a | $b | $c | $d"; }

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { printf "%.1f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

# Other work on the machine skews every figure: record how busy it was.
load_before=$(cut -d' ' -f1 /proc/loadavg)
log "starting PostgreSQL in $pg_dir on port $pg_port"
"$pg" stop "$pg_dir"
rm -rf -- "$pg_dir"
pg_started=1
"$pg" start "$pg_dir" "$pg_port"

# ---------------------------------------------------------------- 1. /health next to hello
log "GET / on the hello example"
"$hello_bin" "$hello_port" >"$work/hello.log" 2>&1 &
hello_pid=$!
pids+=("$hello_pid")
wait_200 "$hello_port" / 10 "$hello_pid" || die "the hello example did not start"
measured_pid=$hello_pid
run_wrk 64 "http://127.0.0.1:$hello_port/"
hello_rps=$rps hello_p99=$p99 hello_err=$((non2xx + sockerr)) hello_cpu=$cpu_us
stop_server "$hello_pid"

# ---------------------------------------------------------------- 2. CRUD on each store
declare -A R

# Chat turns on store $1 over a new list of $2 todos (various dates and tags),
# in a server logged as $3-<store>: 32 connections, then 32 conversations
# with a pause between turns. Sets R[<store>.chat$4] and
# R[<store>.chat_paced$4], and leaves the server running (server_pid).
chat_over_list() {
    local store=$1 todos=$2 name=$3 key=$4
    fresh_db "$store"
    if [[ $store == sqlite ]]; then start_api "$name-sqlite" "$db_url"
    else start_api "$name-pg" "$db_url" "$pg_pool"; fi
    check_api
    python3 "$root/bench/seed_todos.py" "http://127.0.0.1:$api_port" "$todos"
    log "POST /api/v1/chat ($store, $todos todos, 32 connections)"
    run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" chat.lua
    R[$store.chat$key]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    log "POST /api/v1/chat ($store, $todos todos, 32 conversations, a turn every $chat_pause_ms ms each on average)"
    CHAT_PAUSE_MS=$chat_pause_ms run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" chat-paced.lua
    R[$store.chat_paced$key]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
}
for store in sqlite pg; do
    fresh_db "$store"
    if [[ $store == sqlite ]]; then start_api crud-sqlite "$db_url"
    else start_api crud-pg "$db_url" "$pg_pool"; fi
    sleep 1
    R[$store.rss_idle]=$(rss_mib "$server_pid")
    check_api
    if [[ $store == sqlite ]]; then
        log "GET /health on todo-api (SQLite)"
        run_wrk 64 "http://127.0.0.1:$api_port/health"
        health_rps=$rps health_p99=$p99 health_err=$((non2xx + sockerr)) health_cpu=$cpu_us
    fi
    log "POST /api/v1/todos ($store)"
    run_wrk 64 "http://127.0.0.1:$api_port/api/v1/todos" post.lua
    R[$store.post]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    log "GET /api/v1/todos ($store)"
    run_wrk 64 "http://127.0.0.1:$api_port/api/v1/todos"
    R[$store.get]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    R[$store.rss_load]=$(rss_mib "$server_pid")
    # Chat over the list the POST load left (over 10,000 todos, one owner).
    log "POST /api/v1/chat ($store, 32 connections, right after the POST load, adds among the turns)"
    run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" chat-after-load.lua
    R[$store.chat_after_load]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    R[$store.rss_after_chat]=$(rss_mib "$server_pid")
    stop_server "$server_pid"

    # Chat turns over a list of 100 todos, then ongoing conversations on it.
    chat_over_list "$store" 100 chat ""
    log "POST /api/v1/chat ($store, about 17 ongoing conversations over 32 connections, a turn every $chat_pause_ms ms each on average)"
    CHAT_PAUSE_MS=$chat_pause_ms run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" chat-conversations.lua
    R[$store.chat_conversations]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    stop_server "$server_pid"

    # The same turns over 10,000 todos: a turn reads what it needs, so it
    # should cost what it did over 100 (issue 17).
    chat_over_list "$store" 10000 chat10k _10k
    stop_server "$server_pid"
done

# ---------------------------------------------------------------- 2b. accounts mode beside single-user mode
# The same lists (BENCH_ACCOUNT_TODOS todos an owner) read by the one user of
# single-user mode, then by BENCH_ACCOUNTS accounts, each request with the
# Bearer token of the next account (bench/accounts.lua). Sign-up and chat
# limits are lifted so that the bench can make the accounts and measure the
# turns; every other setting is the default.
for store in sqlite pg; do
    pool=
    [[ $store == pg ]] && pool=$pg_pool
    fresh_db "$store"
    start_api "single-$store" "$db_url" "$pool"
    python3 "$root/bench/seed_todos.py" "http://127.0.0.1:$api_port" "$account_todos"
    log "GET /api/v1/todos?limit=20, single-user mode ($store)"
    run_wrk 64 "http://127.0.0.1:$api_port/api/v1/todos?limit=20"
    R[$store.single_list]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    log "POST /api/v1/chat, single-user mode ($store, 32 connections)"
    run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" chat.lua
    R[$store.single_chat]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    stop_server "$server_pid"

    fresh_db "$store"
    start_api "accounts-$store" "$db_url" "$pool" AUTH_MODE=accounts CHAT_RATE_LIMIT=0 \
        AUTH_ATTEMPTS_PER_MINUTE=100000 AUTH_ATTEMPTS_GLOBAL_PER_MINUTE=1000000
    log "signing up $accounts accounts with $account_todos todos each ($store)"
    tokens="$work/tokens-$store.txt"
    "$venv/bin/python" "$root/bench/accounts.py" --base "http://127.0.0.1:$api_port" --accounts "$accounts" \
        --todos "$account_todos" --tokens "$tokens" >&2
    log "GET /api/v1/todos?limit=20, $accounts accounts ($store)"
    BENCH_TOKENS=$tokens BENCH_REQUEST=list run_wrk 64 "http://127.0.0.1:$api_port/api/v1/todos?limit=20" accounts.lua
    R[$store.accounts_list]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    log "POST /api/v1/chat, $accounts accounts ($store, 32 connections)"
    BENCH_TOKENS=$tokens BENCH_REQUEST=chat run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" accounts.lua
    R[$store.accounts_chat]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
    stop_server "$server_pid"
done

# ---------------------------------------------------------------- 2c. POST as the list grows
# The POST load again on an owner who already has 1,000 todos, then on one
# with 100,000 (imported first, as a Todoist CSV): an insert must cost the
# same however many todos its owner has.
grow_sizes=(1000 100000)
# Imports of 10,000 at most, each well within the request timeout.
seed_todos() {
    local n=$1 first code file="$work/seed.csv"
    for ((first = 1; first <= n; first += 10000)); do
        { echo "TYPE,CONTENT"; seq "$first" "$((first + 9999 < n ? first + 9999 : n))" | sed 's/^/task,seed /'; } >"$file"
        code=$(curl -s -o "$work/seed.body" -w '%{http_code}' --max-time 60 --data-binary "@$file" \
            "http://127.0.0.1:$api_port/api/v1/import") || code=000
        [[ $code == 200 ]] || die "importing todos $first to $n answered $code: $(head -c 300 "$work/seed.body")"
    done
}
grow_rows=()
for store in sqlite pg; do
    rates=()
    for size in "${grow_sizes[@]}"; do
        fresh_db "$store"
        if [[ $store == sqlite ]]; then start_api "grow-$store-$size" "$db_url"
        else start_api "grow-$store-$size" "$db_url" "$pg_pool"; fi
        log "POST /api/v1/todos ($store, the owner has $size todos)"
        seed_todos "$size"
        run_wrk 64 "http://127.0.0.1:$api_port/api/v1/todos" post.lua
        R[$store.post_$size]="$rps|$p99|$((non2xx + sockerr))|$cpu_us"
        rates+=("$rps")
        stop_server "$server_pid"
    done
    label=SQLite
    [[ $store == pg ]] && label=PostgreSQL
    change=$(awk -v a="${rates[0]}" -v b="${rates[1]}" 'BEGIN { printf "%+.1f%%", a ? 100 * (b - a) / a : 0 }')
    grow_rows+=("| $label | $(cell "${R[$store.post_1000]}") | $(cell "${R[$store.post_100000]}") | $change |")
done

# ---------------------------------------------------------------- 3. start-up time
log "start-up to the first 200 from /ready, $starts runs (SQLite, new file each)"
start_ms=()
for ((i = 1; i <= starts; i++)); do
    fresh_db sqlite
    start_api "start-$i" "$db_url"
    start_ms+=("$(awk -v us=$(($(now_us) - started_us)) 'BEGIN { printf "%.1f", us / 1000 }')")
    stop_server "$server_pid"
done
start_median=$(median "${start_ms[@]}")

# ---------------------------------------------------------------- 4. concurrency
conc_rows=()
for store in sqlite pg; do
    for conns in $conns_list; do
        log "mixed POST/GET with $conns connections ($store)"
        fresh_db "$store"
        if [[ $store == sqlite ]]; then start_api "mixed-$store-$conns" "$db_url"
        else start_api "mixed-$store-$conns" "$db_url" "$pg_pool"; fi
        run_wrk "$conns" "http://127.0.0.1:$api_port/" mixed.lua
        rss=$(rss_mib "$server_pid")
        # A stalled server would not answer its probe promptly after the load.
        t0=$(now_us)
        if wait_200 "$api_port" /ready 5 "$server_pid"; then
            after="yes, $((($(now_us) - t0) / 1000)) ms"
        else
            after="**no**"
        fi
        label=SQLite
        [[ $store == pg ]] && label=PostgreSQL
        errs=$sockerr
        ((sockerr == 0)) || errs="$sockerr ($sockerr_detail)"
        conc_rows+=("| $conns | $label | $rps | $p99 | $non2xx | $errs | $cpu_us | $after | $rss |")
        stop_server "$server_pid"
    done
done

# ---------------------------------------------------------------- 5. one user cannot degrade another
# bench/isolation.py starts its own server (accounts mode) and exits 1 if the
# victim had errors: reported after the tables, as the run's exit status.
isolation_failed=()
for store in sqlite pg; do
    log "one account attacking, another measured ($store, $isolation_seconds s a phase)"
    fresh_db "$store"
    pool=()
    [[ $store == pg ]] && pool=("DB_POOL_SIZE=$pg_pool")
    status=0
    env "${pool[@]}" "$venv/bin/python" "$root/bench/isolation.py" --binary "$api_bin" --database-url "$db_url" \
        --port "$api_port" --seconds "$isolation_seconds" --log "$work/isolation-$store.log" \
        >"$work/isolation-$store.md" || status=$?
    case $status in
    0) ;;
    1) isolation_failed+=("$store") ;;
    *) tail -n 20 "$work/isolation-$store.log" >&2; die "bench/isolation.py failed on $store" ;;
    esac
done

# ---------------------------------------------------------------- 6. live event streams
# 1,000 idle streams spread over accounts within the per-user cap (the
# default, 10), then change-to-event latency with 100 of them open.
log "live event streams: memory per idle stream, change-to-event latency (SQLite)"
fresh_db sqlite
start_api streams "$db_url" "" AUTH_MODE=accounts
"$venv/bin/python" "$root/bench/stream_memory.py" --base "http://127.0.0.1:$api_port" --pid "$server_pid" \
    --streams 1000 --per-user 10 --latency-streams 100 --changes 100 >"$work/streams.md" ||
    die "bench/stream_memory.py failed"
stop_server "$server_pid"

# ---------------------------------------------------------------- report
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo none)
[[ -z $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]] || commit="$commit (with uncommitted changes)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
pg_version=$("$pg_bin/postgres" --version | awk '{ print $3 }')
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }'; }
ratio=$(percent "$health_rps" "$hello_rps")
# shellcheck disable=SC2016 # the backquotes are Markdown, printed as they are
list_label='`GET /api/v1/todos?limit=20`' chat_label='`POST /api/v1/chat`'
# A row of the accounts table: single-user and accounts figures side by side.
accounts_row() {
    local what=$1 store=$2 label=SQLite
    [[ $store == pg ]] && label=PostgreSQL
    echo "| $what | $label | $(cell "${R[$store.single_$3]}") | $(cell "${R[$store.accounts_$3]}") | $(percent "${R[$store.accounts_$3]%%|*}" "${R[$store.single_$3]%%|*}") |"
}

report() {
    cat <<EOF
Measured with \`make bench\` (\`bench/run.sh\`) on $(date -u +%Y-%m-%d), commit $commit, profile \`$profile\`.
Machine: $(nproc) × $cpu, $mem, Linux $(uname -r); $(rustc --version | awk '{ print $1, $2 }'); $(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'); PostgreSQL $pg_version (loopback, fsync off), \`DB_POOL_SIZE=$pg_pool\` on PostgreSQL.
Each load: \`wrk -t$threads -c<N> -d$duration --latency\` (wrk's timeout 2 s) against 127.0.0.1, servers started with \`LOG_LEVEL=warn\` and a fresh database. Load average (1 min) when the run began: $load_before.

CPU µs/request: the server's user and system CPU time over the run (\`/proc/PID/stat\`) divided by the requests wrk completed.

### Framework baseline (64 connections)
| server | requests/s | p99 (ms) | errors | CPU µs/request |
| --- | ---: | ---: | ---: | ---: |
| hello example, \`GET /\` | $hello_rps | $hello_p99 | $hello_err | $hello_cpu |
| todo-api, \`GET /health\` | $health_rps | $health_p99 | $health_err | $health_cpu |
| todo-api / hello | $ratio | | | |

### REST API (64 connections)
| request | SQLite requests/s | p99 (ms) | errors | CPU µs/request | PostgreSQL requests/s | p99 (ms) | errors | CPU µs/request |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| \`POST /api/v1/todos\` | $(cell "${R[sqlite.post]}") | $(cell "${R[pg.post]}") |
| \`GET /api/v1/todos\` (100 a page) | $(cell "${R[sqlite.get]}") | $(cell "${R[pg.get]}") |
| \`POST /api/v1/chat\`, 32 connections (\`bench/chat.lua\`, 100 todos) | $(cell "${R[sqlite.chat]}") | $(cell "${R[pg.chat]}") |
| \`POST /api/v1/chat\`, 32 conversations, a turn every $chat_pause_ms ms each on average (\`bench/chat-paced.lua\`, 100 todos) | $(cell "${R[sqlite.chat_paced]}") | $(cell "${R[pg.chat_paced]}") |
| \`POST /api/v1/chat\`, the same in about 17 ongoing conversations (\`bench/chat-conversations.lua\`, 100 todos) | $(cell "${R[sqlite.chat_conversations]}") | $(cell "${R[pg.chat_conversations]}") |
| \`POST /api/v1/chat\`, 32 connections (\`bench/chat.lua\`, 10,000 todos) | $(cell "${R[sqlite.chat_10k]}") | $(cell "${R[pg.chat_10k]}") |
| \`POST /api/v1/chat\`, 32 conversations, a turn every $chat_pause_ms ms each on average (\`bench/chat-paced.lua\`, 10,000 todos) | $(cell "${R[sqlite.chat_paced_10k]}") | $(cell "${R[pg.chat_paced_10k]}") |
| \`POST /api/v1/chat\`, 32 connections right after the POST load, adds among the turns (\`bench/chat-after-load.lua\`) | $(cell "${R[sqlite.chat_after_load]}") | $(cell "${R[pg.chat_after_load]}") |

### \`POST /api/v1/todos\` as the list grows (64 connections, one owner)
| store | owner has 1,000 todos: requests/s | p99 (ms) | errors | CPU µs/request | owner has 100,000 todos: requests/s | p99 (ms) | errors | CPU µs/request | rate at 100,000 against 1,000 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${grow_rows[@]}")

### Accounts mode beside single-user mode
$accounts accounts signed up by \`bench/accounts.py\`, each with $account_todos todos, the single user with as many; each accounts-mode request carries the Bearer token of the next account (\`bench/accounts.lua\`), with \`CHAT_RATE_LIMIT=0\` and sign-up limits lifted. Lists: 64 connections; chat (\`bench/chat.lua\`'s turns): 32.
| request | store | single-user requests/s | p99 (ms) | errors | CPU µs/request | accounts requests/s | p99 (ms) | errors | CPU µs/request | accounts ÷ single-user |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(accounts_row "$list_label" sqlite list)
$(accounts_row "$list_label" pg list)
$(accounts_row "$chat_label" sqlite chat)
$(accounts_row "$chat_label" pg chat)

### Start-up and memory
| figure | SQLite | PostgreSQL |
| --- | ---: | ---: |
| start to first 200 from \`/ready\`, median of $starts (ms) | $start_median (runs: ${start_ms[*]}) | |
| resident memory idle after start (MiB) | ${R[sqlite.rss_idle]} | ${R[pg.rss_idle]} |
| resident memory right after the REST load (MiB) | ${R[sqlite.rss_load]} | ${R[pg.rss_load]} |
| resident memory right after the chat that follows it (MiB) | ${R[sqlite.rss_after_chat]} | ${R[pg.rss_after_chat]} |

### Concurrency: alternating \`POST /api/v1/todos\` and \`GET /api/v1/todos?limit=20\` (\`bench/mixed.lua\`)
| connections | store | requests/s | p99 (ms) | non-2xx | socket errors | CPU µs/request | \`/ready\` right after | RSS after (MiB) |
| --- | --- | ---: | ---: | ---: | --- | ---: | --- | ---: |
$(printf '%s\n' "${conc_rows[@]}")

### One user cannot degrade another (\`bench/isolation.py\`)
Accounts mode with the default limits (\`CHAT_RATE_LIMIT=60\`, \`COSTLY_READS_PER_MINUTE=60\`, \`REQUEST_TIMEOUT=30\`, \`DB_POOL_SIZE=10\` on SQLite, $pg_pool on PostgreSQL) but \`MAX_TODOS_PER_USER=1000\`. Each phase $isolation_seconds s; the victim sends its REST requests from five tabs; p99 ÷ quiet is the victim's p99 over that of both quiet phases (before and after the attacks) pooled.

#### SQLite
$(cat "$work/isolation-sqlite.md")

#### PostgreSQL
$(cat "$work/isolation-pg.md")

### Live event streams (\`bench/stream_memory.py\`, SQLite, accounts mode)
$(cat "$work/streams.md")
EOF
}

report
if [[ -n $out_file ]]; then report >"$out_file"; log "also written to $out_file"; fi
((${#isolation_failed[@]} == 0)) || die "the victim had errors under attack on: ${isolation_failed[*]}"
