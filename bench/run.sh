#!/usr/bin/env bash
# `make bench`: throughput, latency, start time and memory of todo-api on this
# machine, on SQLite and on PostgreSQL, beside a bare axum server (the `hello`
# example). Prints a markdown table for docs/performance.md on stdout; progress
# goes to stderr. Writes nothing else unless asked with `--out FILE`.
#
#   bench/run.sh [--out FILE]
#
# Environment (defaults in brackets):
#   BENCH_DURATION [10s]  length of each wrk run (but a pair's)   BENCH_THREADS [2]  wrk threads
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
#   BENCH_BIN_DIR [unset]    measure the todo-api and examples/hello of this folder
#                         (another build, e.g. the ci one): nothing is built
#   BENCH_ROUNDS [5], BENCH_ROUND_DURATION [2s]  the paired comparisons (hello
#                         and /health; single-user and accounts mode): both
#                         servers up, each run this many times this long, in turn
#   BENCH_PAIR_PORT [18082]  loopback port of the second todo-api of a pair
#   BENCH_ONLY [all]      sections to run, comma-separated: health, rest,
#                         accounts, grow, start, mixed, isolation, streams
set -euo pipefail
shopt -s inherit_errexit
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)

out_file=
while (($#)); do
    case $1 in
    --out) out_file=${2:?--out needs a file}; shift 2 ;;
    -h | --help) sed -n '2,29s/^# \{0,1\}//p' "$0"; exit 0 ;;
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
rounds=${BENCH_ROUNDS:-5}
round_duration=${BENCH_ROUND_DURATION:-2s}
pair_port=${BENCH_PAIR_PORT:-18082}
pg="$root/scripts/postgres.sh"

all_sections=(health rest accounts grow start mixed isolation streams)
IFS=, read -r -a sections <<<"${BENCH_ONLY:-$(IFS=,; echo "${all_sections[*]}")}"
for section in "${sections[@]}"; do
    [[ " ${all_sections[*]} " == *" $section "* ]] || { echo "bench: BENCH_ONLY: no section '$section' (${all_sections[*]})" >&2; exit 2; }
done
# Whether section $1 is to run.
wants() { [[ " ${sections[*]} " == *" $1 "* ]]; }

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

if [[ -n ${BENCH_BIN_DIR:-} ]]; then
    bin_dir=$(cd "$BENCH_BIN_DIR" && pwd)
    build="the binaries of \`$bin_dir\`"
else
    if [[ $profile == release ]]; then out_dir=release; else out_dir=$profile; fi
    bin_dir="${CARGO_TARGET_DIR:-$root/target}/$out_dir"
    build="profile \`$profile\`"
    if [[ -z ${BENCH_NO_BUILD:-} ]]; then
        log "building todo-api and the hello example (profile $profile)"
        cargo build --profile "$profile" --locked -p todo-api --bin todo-api --example hello >&2
    fi
fi
api_bin="$bin_dir/todo-api"
hello_bin="$bin_dir/examples/hello"
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

# The median of VALUES, printed with the printf FORMAT.
median() {
    local format=$1
    shift
    printf '%s\n' "$@" | sort -n | awk -v f="$format" '{ a[NR] = $1 } END { printf f, (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
percent() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f%%", b ? 100 * a / b : 0 }'; }

# Two servers, both up, measured against each other: one wrk run of
# BENCH_ROUND_DURATION on each per round, BENCH_ROUNDS rounds, the first side
# first in odd rounds and second in even ones, so that the machine's load,
# as it changes, weighs on both alike. Each side is a function that sets
# measured_pid and calls run_wrk. Sets pair_a and pair_b to "rps|p99|errors|CPU
# µs a request": the medians over the rounds, errors summed; pair_ratio, B's
# median requests/s over A's; pair_rounds, each round's "A / B (B ÷ A)", with
# commas between.
run_pair() {
    local side_a=$1 side_b=$2 duration=$round_duration round side
    local -A rps_of=() p99_of=() cpu_of=() errors_of=([a]=0 [b]=0) median_of=()
    pair_rounds=
    for ((round = 1; round <= rounds; round++)); do
        local order=(a b)
        ((round % 2)) || order=(b a)
        for side in "${order[@]}"; do
            if [[ $side == a ]]; then "$side_a"; else "$side_b"; fi
            rps_of[$side]+=" $rps" p99_of[$side]+=" $p99" cpu_of[$side]+=" $cpu_us"
            errors_of[$side]=$((errors_of[$side] + non2xx + sockerr))
        done
        local a_rps=${rps_of[a]##* } b_rps=${rps_of[b]##* }
        pair_rounds+="${pair_rounds:+, }$a_rps / $b_rps ($(percent "$b_rps" "$a_rps"))"
        log "  round $round of $rounds: $side_a $a_rps/s, $side_b $b_rps/s ($(percent "$b_rps" "$a_rps"))"
    done
    for side in a b; do
        # shellcheck disable=SC2086 # the lists are split into their numbers
        median_of[$side]="$(median %.0f ${rps_of[$side]})|$(to_ms "$(median %.3f ${p99_of[$side]})ms")|${errors_of[$side]}|$(median %.0f ${cpu_of[$side]})"
    done
    pair_a=${median_of[a]} pair_b=${median_of[b]}
    pair_ratio=$(percent "${pair_b%%|*}" "${pair_a%%|*}")
}

# Other work on the machine skews every figure: record how busy it was.
load_before=$(cut -d' ' -f1 /proc/loadavg)
if wants rest || wants accounts || wants grow || wants mixed || wants isolation; then
    log "starting PostgreSQL in $pg_dir on port $pg_port"
    "$pg" stop "$pg_dir"
    rm -rf -- "$pg_dir"
    pg_started=1
    "$pg" start "$pg_dir" "$pg_port"
fi

# ---------------------------------------------------------------- 1. /health next to hello
# GET / on the bare axum server and GET /health on todo-api (SQLite, a fresh
# file), both up, in turn (run_pair).
declare -A R
hello_side() { measured_pid=$hello_pid run_wrk 64 "http://127.0.0.1:$hello_port/"; }
health_side() { measured_pid=$health_pid run_wrk 64 "http://127.0.0.1:$api_port/health"; }
if wants health; then
    "$hello_bin" "$hello_port" >"$work/hello.log" 2>&1 &
    hello_pid=$!
    pids+=("$hello_pid")
    wait_200 "$hello_port" / 10 "$hello_pid" || die "the hello example did not start"
    fresh_db sqlite
    start_api health "$db_url"
    health_pid=$server_pid
    log "GET / on the hello example beside GET /health on todo-api, $rounds rounds"
    run_pair hello_side health_side
    R[hello]=$pair_a R[health]=$pair_b R[health_ratio]=$pair_ratio R[health_rounds]=$pair_rounds
    stop_server "$hello_pid"
    stop_server "$health_pid"
fi

# ---------------------------------------------------------------- 2. CRUD on each store

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
wants rest && for store in sqlite pg; do
    fresh_db "$store"
    if [[ $store == sqlite ]]; then start_api crud-sqlite "$db_url"
    else start_api crud-pg "$db_url" "$pg_pool"; fi
    sleep 1
    R[$store.rss_idle]=$(rss_mib "$server_pid")
    check_api
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
# a single-user server and by BENCH_ACCOUNTS accounts of an accounts-mode
# server beside it, each request with the Bearer token of the next account
# (bench/accounts.lua), in turn (run_pair). Sign-up and chat limits are lifted
# so that the bench can make the accounts and measure the turns; every other
# setting is the default.
single_list() { measured_pid=$single_pid run_wrk 64 "http://127.0.0.1:$api_port/api/v1/todos?limit=20"; }
accounts_list() {
    measured_pid=$accounts_pid BENCH_TOKENS=$tokens BENCH_REQUEST=list \
        run_wrk 64 "http://127.0.0.1:$pair_port/api/v1/todos?limit=20" accounts.lua
}
single_chat() { measured_pid=$single_pid run_wrk 32 "http://127.0.0.1:$api_port/api/v1/chat" chat.lua; }
accounts_chat() {
    measured_pid=$accounts_pid BENCH_TOKENS=$tokens BENCH_REQUEST=chat \
        run_wrk 32 "http://127.0.0.1:$pair_port/api/v1/chat" accounts.lua
}
wants accounts && for store in sqlite pg; do
    pool=
    [[ $store == pg ]] && pool=$pg_pool
    fresh_db "$store"
    start_api "single-$store" "$db_url" "$pool"
    single_pid=$server_pid
    python3 "$root/bench/seed_todos.py" "http://127.0.0.1:$api_port" "$account_todos"

    fresh_db "$store"
    api_port=$pair_port start_api "accounts-$store" "$db_url" "$pool" AUTH_MODE=accounts CHAT_RATE_LIMIT=0 \
        AUTH_ATTEMPTS_PER_MINUTE=100000 AUTH_ATTEMPTS_GLOBAL_PER_MINUTE=1000000
    accounts_pid=$server_pid
    log "signing up $accounts accounts with $account_todos todos each ($store)"
    tokens="$work/tokens-$store.txt"
    "$venv/bin/python" "$root/bench/accounts.py" --base "http://127.0.0.1:$pair_port" --accounts "$accounts" \
        --todos "$account_todos" --tokens "$tokens" >&2

    for request in list chat; do
        log "$request: single-user mode beside $accounts accounts ($store), $rounds rounds"
        run_pair "single_$request" "accounts_$request"
        R[$store.single_$request]=$pair_a R[$store.accounts_$request]=$pair_b
        R[$store.ratio_$request]=$pair_ratio R[$store.rounds_$request]=$pair_rounds
    done
    stop_server "$single_pid"
    stop_server "$accounts_pid"
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
wants grow && for store in sqlite pg; do
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
start_ms=()
if wants start; then
    log "start-up to the first 200 from /ready, $starts runs (SQLite, new file each)"
    for ((i = 1; i <= starts; i++)); do
        fresh_db sqlite
        start_api "start-$i" "$db_url"
        start_ms+=("$(awk -v us=$(($(now_us) - started_us)) 'BEGIN { printf "%.1f", us / 1000 }')")
        stop_server "$server_pid"
    done
fi

# ---------------------------------------------------------------- 4. concurrency
conc_rows=()
wants mixed && for store in sqlite pg; do
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
wants isolation && for store in sqlite pg; do
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
if wants streams; then
    log "live event streams: memory per idle stream, change-to-event latency (SQLite)"
    fresh_db sqlite
    start_api streams "$db_url" "" AUTH_MODE=accounts
    "$venv/bin/python" "$root/bench/stream_memory.py" --base "http://127.0.0.1:$api_port" --pid "$server_pid" \
        --streams 1000 --per-user 10 --latency-streams 100 --changes 100 >"$work/streams.md" ||
        die "bench/stream_memory.py failed"
    stop_server "$server_pid"
fi

# ---------------------------------------------------------------- report
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo none)
[[ -z $(git -C "$root" status --porcelain --untracked-files=no 2>/dev/null) ]] || commit="$commit (with uncommitted changes)"
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
mem=$(awk '/^MemTotal:/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
pg_version=$("$pg_bin/postgres" --version | awk '{ print $3 }')
# shellcheck disable=SC2016 # the backquotes are Markdown, printed as they are
list_label='`GET /api/v1/todos?limit=20`' chat_label='`POST /api/v1/chat`'
# A row of the accounts table: single-user and accounts figures side by side.
accounts_row() {
    local what=$1 store=$2 label=SQLite
    [[ $store == pg ]] && label=PostgreSQL
    echo "| $what | $label | $(cell "${R[$store.single_$3]}") | $(cell "${R[$store.accounts_$3]}") | ${R[$store.ratio_$3]} | ${R[$store.rounds_$3]} |"
}

# One function per section's tables; report prints those of the sections run.
report_header() {
    cat <<EOF
Measured with \`make bench\` (\`bench/run.sh\`) on $(date -u +%Y-%m-%d), commit $commit, $build.
Machine: $(nproc) × $cpu, $mem, Linux $(uname -r); $(rustc --version | awk '{ print $1, $2 }'); $(wrk -v 2>&1 | awk 'NR == 1 { print $1, $2 }'); PostgreSQL $pg_version (loopback, fsync off), \`DB_POOL_SIZE=$pg_pool\` on PostgreSQL.
Each load: \`wrk -t$threads -c<N> -d$duration --latency\` (wrk's timeout 2 s) against 127.0.0.1, servers started with \`LOG_LEVEL=warn\` and a fresh database. A pair compared (hello and todo-api; single-user and accounts mode) runs both servers side by side, each for $round_duration in turn, $rounds rounds: its figures are the medians of the rounds (errors summed). Load average (1 min) when the run began: $load_before. Sections run: ${sections[*]}.

CPU µs/request: the server's user and system CPU time over the run (\`/proc/PID/stat\`) divided by the requests wrk completed.
EOF
}

report_health() {
    cat <<EOF

### Framework baseline (64 connections)
| server | requests/s | p99 (ms) | errors | CPU µs/request |
| --- | ---: | ---: | ---: | ---: |
| hello example, \`GET /\` | $(cell "${R[hello]}") |
| todo-api, \`GET /health\` | $(cell "${R[health]}") |
| todo-api / hello | ${R[health_ratio]} | | | |

Each round, requests/s (hello / todo-api): ${R[health_rounds]}.
EOF
}

report_rest() {
    cat <<EOF

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
EOF
}

report_grow() {
    cat <<EOF

### \`POST /api/v1/todos\` as the list grows (64 connections, one owner)
| store | owner has 1,000 todos: requests/s | p99 (ms) | errors | CPU µs/request | owner has 100,000 todos: requests/s | p99 (ms) | errors | CPU µs/request | rate at 100,000 against 1,000 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
$(printf '%s\n' "${grow_rows[@]}")
EOF
}

report_accounts() {
    cat <<EOF

### Accounts mode beside single-user mode
$accounts accounts signed up by \`bench/accounts.py\`, each with $account_todos todos, the single user with as many; each accounts-mode request carries the Bearer token of the next account (\`bench/accounts.lua\`), with \`CHAT_RATE_LIMIT=0\` and sign-up limits lifted. Lists: 64 connections; chat (\`bench/chat.lua\`'s turns): 32. The single-user and the accounts-mode server run side by side, in turn.
| request | store | single-user requests/s | p99 (ms) | errors | CPU µs/request | accounts requests/s | p99 (ms) | errors | CPU µs/request | accounts ÷ single-user | each round, requests/s (single-user / accounts) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
$(accounts_row "$list_label" sqlite list)
$(accounts_row "$list_label" pg list)
$(accounts_row "$chat_label" sqlite chat)
$(accounts_row "$chat_label" pg chat)
EOF
}

# Start-up (section start) and the REST server's memory (section rest).
report_memory() {
    printf '\n### Start-up and memory\n| figure | SQLite | PostgreSQL |\n| --- | ---: | ---: |\n'
    if wants start; then
        echo "| start to first 200 from \`/ready\`, median of $starts (ms) | $(median %.1f "${start_ms[@]}") (runs: ${start_ms[*]}) | |"
    fi
    if wants rest; then
        cat <<EOF
| resident memory idle after start (MiB) | ${R[sqlite.rss_idle]} | ${R[pg.rss_idle]} |
| resident memory right after the REST load (MiB) | ${R[sqlite.rss_load]} | ${R[pg.rss_load]} |
| resident memory right after the chat that follows it (MiB) | ${R[sqlite.rss_after_chat]} | ${R[pg.rss_after_chat]} |
EOF
    fi
}

report_mixed() {
    cat <<EOF

### Concurrency: alternating \`POST /api/v1/todos\` and \`GET /api/v1/todos?limit=20\` (\`bench/mixed.lua\`)
| connections | store | requests/s | p99 (ms) | non-2xx | socket errors | CPU µs/request | \`/ready\` right after | RSS after (MiB) |
| --- | --- | ---: | ---: | ---: | --- | ---: | --- | ---: |
$(printf '%s\n' "${conc_rows[@]}")
EOF
}

report_isolation() {
    cat <<EOF

### One user cannot degrade another (\`bench/isolation.py\`)
Accounts mode with the default limits (\`CHAT_RATE_LIMIT=60\`, \`COSTLY_READS_PER_MINUTE=60\`, \`REQUEST_TIMEOUT=30\`, \`DB_POOL_SIZE=10\` on SQLite, $pg_pool on PostgreSQL) but \`MAX_TODOS_PER_USER=1000\`. Each phase $isolation_seconds s; the victim sends its REST requests from five tabs; p99 ÷ quiet is the victim's p99 over that of both quiet phases (before and after the attacks) pooled.

#### SQLite
$(cat "$work/isolation-sqlite.md")

#### PostgreSQL
$(cat "$work/isolation-pg.md")
EOF
}

report_streams() {
    cat <<EOF

### Live event streams (\`bench/stream_memory.py\`, SQLite, accounts mode)
$(cat "$work/streams.md")
EOF
}

report() {
    report_header
    if wants health; then report_health; fi
    if wants rest; then report_rest; fi
    if wants grow; then report_grow; fi
    if wants accounts; then report_accounts; fi
    if wants start || wants rest; then report_memory; fi
    if wants mixed; then report_mixed; fi
    if wants isolation; then report_isolation; fi
    if wants streams; then report_streams; fi
}

report
if [[ -n $out_file ]]; then report >"$out_file"; log "also written to $out_file"; fi
((${#isolation_failed[@]} == 0)) || die "the victim had errors under attack on: ${isolation_failed[*]}"
