#!/usr/bin/env bash
# `make test`: every test and lint gate, each step timed.
#
#   scripts/test.sh                  everything (what CI runs)
#   scripts/test.sh NEXTEST-ARGS...  only the Rust tests, e.g. `-p todo-core` or
#                                    `-E 'test(/chat/)'` (cargo nextest run's arguments)
#
# One compile serves everything: the workspace is built once, static
# (glibc linked in), with cargo-auditable and clippy's lints, in the `ci` profile, for
# x86_64-unknown-linux-gnu. Its test binaries run under cargo nextest, and its
# todo-api and todo-web are the servers that the chat corpora, the MCP clients,
# the browser tests, the images and the cluster simulation use. The shipped
# fat-LTO build (`make build`, scripts/static-build.sh, the Dockerfiles) is not
# part of it. Installs what is missing first (PostgreSQL, Chromium, podman,
# npm and pip packages, cargo tools), and starts the shared test PostgreSQL
# unless it runs already (then stops it at the end).
#
# Environment:
#   ICAL_VENV          venv of Python's icalendar for the API tests (default /tmp/todo-chatbot-ical-venv)
#   TEST_PG_DIR        cluster folder (default /tmp/todo-chatbot-test-pg)
#   TEST_PG_PORT       its port on 127.0.0.1 (default 55432)
#   TEST_DATABASE_URL  when set, used as is and no cluster is started
# The tests get TEST_DATABASE_URL and TEST_PG_SCRIPT (this folder's postgres.sh,
# for tests that stop and start a cluster of their own).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
root=$(pwd)
pg="$root/scripts/postgres.sh"
target=x86_64-unknown-linux-gnu
bin_dir=$root/target/$target/ci
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Tests start many servers and pools: as many open files as we may have.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

# ---- step timing: `step NAME COMMAND...` runs and times one step ----------
step_names=()
step_seconds=()
current_step=
started_at=$SECONDS
step() {
    local name=$1 t0=$SECONDS
    shift
    current_step=$name
    echo "== step: $name"
    "$@"
    step_names+=("$name")
    step_seconds+=($((SECONDS - t0)))
    echo "== step: $name took $((SECONDS - t0)) s"
    current_step=
}
# shellcheck disable=SC2317,SC2329  # called by the trap
summary() {
    local status=$? i
    echo "== make test: time per step"
    for i in "${!step_names[@]}"; do printf '%6d s  %s\n' "${step_seconds[$i]}" "${step_names[$i]}"; done
    [[ -z $current_step ]] || printf '%6s    %s (failed)\n' - "$current_step"
    printf '%6d s  total\n' $((SECONDS - started_at))
    return "$status"
}

# ---- the shared test PostgreSQL -------------------------------------------
pg_dir=${TEST_PG_DIR:-/tmp/todo-chatbot-test-pg}
pg_port=${TEST_PG_PORT:-55432}
started=0
# shellcheck disable=SC2317,SC2329  # called by the trap
on_exit() {
    local status=$?
    if ((started)); then "$pg" stop "$pg_dir" || true; fi
    (exit "$status") || summary
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_postgres() {
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
}

# The workspace, static and auditable (see the top), and linted on the way:
# RUSTC (rustc-with-clippy.sh) runs clippy's lints on the workspace's crates
# and makes any rustc or clippy warning there an error, so that this build is
# the clippy gate too (`make lint` also lints the bench's examples, which this
# build leaves out). RUSTFLAGS reach only the target's crates because --target
# is named: build scripts and proc macros stay dynamic.
cargo_static() {
    RUSTC="$root/scripts/rustc-with-clippy.sh" \
        RUSTFLAGS='-C target-feature=+crt-static -C link-arg=-Wl,-z,pack-relative-relocs' cargo auditable "$@"
}
nextest() {
    # --lib --tests: no examples (they test nothing; make bench builds its own).
    cargo_static nextest run --cargo-profile ci --target "$target" --workspace --lib --tests --locked "$@"
}

# Python's icalendar, the second, independent iCalendar reader that the API
# tests check every feed and export with (crates/todo-api/tests/ical/).
ical_python() {
    local venv
    venv=$(bash deploy/scripts/venv.sh crates/todo-api/tests/ical/requirements.txt "${ICAL_VENV:-/tmp/todo-chatbot-ical-venv}")
    export ICALENDAR_PYTHON="$venv/bin/python"
}

if (($#)); then
    # A part of the Rust tests only: no other step.
    bash scripts/cargo-tools.sh cargo-nextest cargo-auditable
    start_postgres
    ical_python
    nextest "$@"
    exit
fi

install_everything() {
    bash scripts/cargo-tools.sh cargo-nextest cargo-auditable cargo-deny auditable2cdx
    start_postgres
    ical_python
    bash scripts/install-chromium.sh
    bash deploy/scripts/install-podman.sh >/dev/null
    bash deploy/scripts/venv.sh >/dev/null
    bash scripts/web-install.sh
}

# The chat corpora on both stores, each on an empty database.
chat_corpora() {
    local scratch eval_db
    scratch=$(mktemp -d)
    echo "-- SQLite"
    scripts/chat-eval.sh "$bin_dir/todo-api" "sqlite://$scratch/chat-eval.db"
    rm -rf "$scratch"
    eval_db="chat_eval_$$"
    echo "-- PostgreSQL"
    psql "$TEST_DATABASE_URL" -qc "CREATE DATABASE $eval_db"
    scripts/chat-eval.sh "$bin_dir/todo-api" "${TEST_DATABASE_URL%/*}/$eval_db"
    psql "$TEST_DATABASE_URL" -qc "DROP DATABASE $eval_db WITH (FORCE)"
}

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)

step "install checks" install_everything
step "lint: rustfmt, ShellCheck, hadolint, ESLint, tsc" bash scripts/lint.sh fmt shell docker web
# --timings: target/cargo-timings/cargo-timing.html shows what each crate cost.
step "cargo build (static, ci profile, clippy, every test binary)" nextest --no-run --timings
step "cargo nextest" nextest
step "web API types match the OpenAPI document" bash scripts/api-types.sh --check "$bin_dir/todo-api"
step "chat corpora (SQLite, PostgreSQL)" chat_corpora
step "MCP clients (official Python SDK)" bash scripts/mcp-clients.sh "$bin_dir/todo-api"
step "web unit tests (Vitest)" bash -c 'cd web && npm test'
step "browser tests (Playwright)" scripts/e2e.sh "$bin_dir/todo-api" "$bin_dir/todo-web"
# The images from the same binaries; the rolling-update simulation needs a
# second tag, <version>-next. The ci build is larger than the shipped one (no
# LTO), hence its own size limit: the shipped images' limits (20 and 15 MB) are
# checked by `scripts/static-build.sh && scripts/images.sh` (docs/performance.md).
step "container images (podman)" env BIN_DIR="$bin_dir" EXTRA_TAGS="$version-next" BACKEND_MAX_MB=40 bash scripts/images.sh
step "supply chain (cargo deny, an SBOM per image)" env BIN_DIR="$bin_dir" bash scripts/supply-chain.sh
step "Helm charts and the cluster simulation" bash scripts/cluster-sim.sh
summary
