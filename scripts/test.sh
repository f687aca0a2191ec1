#!/usr/bin/env bash
# `make test`: the whole test suite, against SQLite and a private PostgreSQL.
#
# Installs PostgreSQL when missing, starts the shared test cluster (unless it
# runs already), runs `cargo test --workspace --profile ci --locked` with any
# extra arguments, and stops the cluster afterwards if this script started it.
# Without arguments it then runs the chat corpus on both stores, the web UI's
# unit tests, and the browser tests (installing npm packages and Chromium
# when missing) against the servers the cargo tests built; then builds the
# static release binaries, the two container images (installing podman when
# missing), checks licenses and sources and writes an SBOM per image, and runs
# the Helm chart checks (with the SBOMs') and the podman cluster simulation.
#
# Environment:
#   TEST_PG_DIR        cluster folder (default /tmp/todo-chatbot-test-pg)
#   TEST_PG_PORT       its port on 127.0.0.1 (default 55432)
#   TEST_DATABASE_URL  when set, used as is and no cluster is started
# The tests get TEST_DATABASE_URL and TEST_PG_SCRIPT (this folder's postgres.sh,
# for tests that stop and start a cluster of their own).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
pg="$root/scripts/postgres.sh"

# Tests start many servers and pools: as many open files as we may have.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

pg_dir=${TEST_PG_DIR:-/tmp/todo-chatbot-test-pg}
pg_port=${TEST_PG_PORT:-55432}
started=0
# shellcheck disable=SC2317  # called by the trap
stop_cluster() {
    if ((started)); then "$pg" stop "$pg_dir" || true; fi
}
trap stop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [[ -z ${TEST_DATABASE_URL:-} ]]; then
    "$pg" install
    if ! "$pg" status "$pg_dir"; then
        echo "test.sh: starting PostgreSQL in $pg_dir on 127.0.0.1:$pg_port" >&2
        started=1
        "$pg" start "$pg_dir" "$pg_port"
    fi
    TEST_DATABASE_URL=$("$pg" url "$pg_port")
fi
export TEST_DATABASE_URL
export TEST_PG_SCRIPT="$pg"

cargo test --workspace --profile ci --locked "$@"

# The shared chat checker against the server the tests just built, on both stores.
if (($# == 0)); then
    scratch=$(mktemp -d)
    echo "test.sh: chat corpus against SQLite" >&2
    scripts/chat-eval.sh target/ci/todo-api "sqlite://$scratch/chat-eval.db"
    eval_db="chat_eval_$$"
    echo "test.sh: chat corpus against PostgreSQL" >&2
    psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE $eval_db"
    scripts/chat-eval.sh target/ci/todo-api "${TEST_DATABASE_URL%/*}/$eval_db"
    psql "$TEST_DATABASE_URL" -qc "DROP DATABASE $eval_db WITH (FORCE)"
    rm -rf "$scratch"

    echo "test.sh: web UI unit tests (Vitest)" >&2
    bash scripts/web-install.sh
    (cd web && npm test)
    echo "test.sh: browser end-to-end tests (Playwright, headless Chromium)" >&2
    scripts/e2e.sh target/ci/todo-api target/ci/todo-web

    # The shipped build (fully static, release profile) for the images, whose
    # rolling-update simulation needs a second tag: <version>-next.
    echo "test.sh: static release binaries for the container images" >&2
    bash scripts/static-build.sh
    version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
    echo "test.sh: container images (podman)" >&2
    EXTRA_TAGS="$version-next" bash scripts/images.sh
    echo "test.sh: supply chain (cargo deny, an SBOM per image)" >&2
    bash scripts/supply-chain.sh
    echo "test.sh: Helm charts and the cluster simulation" >&2
    bash scripts/cluster-sim.sh
fi
