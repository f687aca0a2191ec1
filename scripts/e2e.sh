#!/usr/bin/env bash
# End-to-end tests of the web UI in headless Chromium (Playwright).
#
#   scripts/e2e.sh [API_BIN] [WEB_BIN]
#
# Builds web/ (scripts/web-install.sh, then npm run build), then
# twice starts todo-api and todo-web on free loopback ports with a throwaway
# SQLite database and runs the Playwright specs against todo-web:
#   1. AUTH_MODE=single-user: chat, todo panel, reload, XSS, keyboard, phone
#      width, the Enter-to-reply timing, and the screenshots (into
#      docs/screenshots/ with UPDATE_SCREENSHOTS=1, else web/test-results/);
#   2. AUTH_MODE=accounts: sign up, log out, log in, wrong password, the
#      settings' account, sessions and API tokens, axe on login and settings.
# Defaults: target/ci/todo-api and target/ci/todo-web
# (cargo build --profile ci -p todo-api -p todo-web).
# Extra Playwright arguments can be given in PLAYWRIGHT_ARGS.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
API_BIN="$(realpath -m "${1:-$ROOT/target/ci/todo-api}")"
WEB_BIN="$(realpath -m "${2:-$ROOT/target/ci/todo-web}")"
for bin in "$API_BIN" "$WEB_BIN"; do
  [ -x "$bin" ] || { echo "e2e: no executable at $bin (build it with cargo build --profile ci)" >&2; exit 2; }
done

bash "$ROOT/scripts/install-chromium.sh"

bash "$ROOT/scripts/web-install.sh"
cd "$ROOT/web"
npm run build

WORK="$(mktemp -d /tmp/todo-e2e.XXXXXX)"
PIDS=()
stop_servers() {
  local pid
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  PIDS=()
}
# shellcheck disable=SC2317,SC2329 # called by the EXIT trap
cleanup() {
  stop_servers
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() {
  node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

wait_ready() { # NAME URL LOG
  local _
  for _ in $(seq 1 100); do
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$2"; then
      return 0
    fi
    sleep 0.2
  done
  echo "e2e: $1 did not become ready at $2; its log:" >&2
  tail -n 40 "$3" >&2
  return 1
}

# start_pair MODE: todo-api with AUTH_MODE=MODE and todo-web in front of it; sets WEB_URL.
start_pair() {
  local mode="$1" api_port web_port
  api_port="$(free_port)"
  web_port="$(free_port)"
  # Every spec signs up from 127.0.0.1: the accounts specs together make more
  # than the default 10 sign-ups and logins a minute that one address may.
  AUTH_MODE="$mode" API_HOST=127.0.0.1 API_PORT="$api_port" AUTH_ATTEMPTS_PER_MINUTE=100 \
    DATABASE_URL="sqlite://$WORK/$mode.db" LOG_FORMAT=json DRAIN_DELAY=0 \
    "$API_BIN" >"$WORK/api-$mode.log" 2>&1 &
  PIDS+=($!)
  WEB_HOST=127.0.0.1 WEB_PORT="$web_port" BACKEND_URL="http://127.0.0.1:$api_port" \
    STATIC_DIR="$ROOT/web/dist" LOG_FORMAT=json DRAIN_DELAY=0 \
    "$WEB_BIN" >"$WORK/web-$mode.log" 2>&1 &
  PIDS+=($!)
  wait_ready "todo-api ($mode)" "http://127.0.0.1:$api_port/ready" "$WORK/api-$mode.log"
  wait_ready "todo-web ($mode)" "http://127.0.0.1:$web_port/ready" "$WORK/web-$mode.log"
  WEB_URL="http://127.0.0.1:$web_port"
}

status=0
for mode in single-user accounts; do
  echo "== e2e: AUTH_MODE=$mode"
  start_pair "$mode"
  # shellcheck disable=SC2086 # PLAYWRIGHT_ARGS is a list of words
  if ! BASE_URL="$WEB_URL" npx playwright test --project="$mode" ${PLAYWRIGHT_ARGS:-}; then
    status=1
    echo "e2e: $mode specs failed; server logs are in the output above" >&2
    tail -n 20 "$WORK/api-$mode.log" "$WORK/web-$mode.log" >&2
  fi
  stop_servers
done
exit "$status"
