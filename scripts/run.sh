#!/usr/bin/env bash
# `make run`: the whole app on this machine, no cluster, no login.
#
# Builds the release binaries and the web UI when they are missing or older
# than their sources, then serves UI + API on http://localhost:$WEB_PORT:
#   todo-web  127.0.0.1:$WEB_PORT  the UI, and /api + /mcp proxied to todo-api
#   todo-api  127.0.0.1:$API_PORT  SQLite in data/todos.db, AUTH_MODE=single-user
# Both listen on loopback only (single-user mode refuses anything else).
# Ctrl-C stops both.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
web_port=${WEB_PORT:-8080}
api_port=${API_PORT:-8081}

cargo build --release --locked -p todo-api -p todo-web
# Where cargo put them: CARGO_TARGET_DIR when set, as for any cargo command.
bin=${CARGO_TARGET_DIR:-target}/release

# Rebuild the UI when any of its sources is newer than the last build.
if [[ ! -f web/dist/index.html ]] || [[ -n $(find web/src web/index.html web/package.json web/vite.config.ts -newer web/dist/index.html -print -quit) ]]; then
    bash scripts/web-install.sh
    (cd web && npm run build)
fi

mkdir -p data
pids=()
# shellcheck disable=SC2317,SC2329  # called by the trap
stop() {
    kill -TERM "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

AUTH_MODE=single-user API_HOST=127.0.0.1 API_PORT=$api_port DRAIN_DELAY=0 "$bin"/todo-api &
pids+=($!)
WEB_HOST=127.0.0.1 WEB_PORT=$web_port BACKEND_URL=http://127.0.0.1:$api_port STATIC_DIR=web/dist DRAIN_DELAY=0 \
    "$bin"/todo-web &
pids+=($!)

for _ in $(seq 100); do
    if "$bin"/todo-web healthcheck --url "http://127.0.0.1:$web_port/ready" 2>/dev/null \
        && "$bin"/todo-api healthcheck --url "http://127.0.0.1:$api_port/ready" 2>/dev/null; then
        echo "Todo Chatbot: http://localhost:$web_port  (API on 127.0.0.1:$api_port, data in data/, no login; Ctrl-C stops it)"
        wait -n "${pids[@]}"
        exit 1
    fi
    for pid in "${pids[@]}"; do
        kill -0 "$pid" 2>/dev/null || { echo "run.sh: a server exited during start-up (see above)" >&2; exit 1; }
    done
    sleep 0.1
done
echo "run.sh: the servers did not become ready within 10 s" >&2
exit 1
