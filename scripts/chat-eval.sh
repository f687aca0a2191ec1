#!/usr/bin/env bash
# Runs the shared chat corpora (dev, dates-dev, real-dev; scripts/chat_corpora.py
# holds each to its floor) against a server started here, then stops the server.
#
#   scripts/chat-eval.sh BINARY DATABASE_URL
#
# BINARY is a built todo-api (make test passes target/ci/todo-api); DATABASE_URL
# names an empty database (a new SQLite file, or a new PostgreSQL database).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=${1:?usage: chat-eval.sh BINARY DATABASE_URL}
database_url=${2:?usage: chat-eval.sh BINARY DATABASE_URL}
shared=${SHARED_DIR:-$root/../shared}
[[ -x $shared/tools/chat-eval ]] || { echo "chat-eval.sh: no $shared/tools/chat-eval" >&2; exit 1; }

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
API_PORT=$port DATABASE_URL=$database_url CHAT_RATE_LIMIT=0 LOG_LEVEL=warn LOG_FORMAT=json DRAIN_DELAY=0 "$binary" >"$log" 2>&1 &
server=$!
# shellcheck disable=SC2317,SC2329  # called by the trap
stop() { kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null; rm -f "$log"; }
trap stop EXIT

for _ in $(seq 100); do
    "$binary" healthcheck --url "http://127.0.0.1:$port/ready" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { echo "chat-eval.sh: the server exited:" >&2; cat "$log" >&2; exit 1; }
    sleep 0.1
done
python3 "$root/scripts/chat_corpora.py" --base "http://127.0.0.1:$port" --shared "$shared"
