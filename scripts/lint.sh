#!/usr/bin/env bash
# The lint gates (`make lint`; make test runs them too). Each prints the line
# to fix and fails on the first finding.
#
#   scripts/lint.sh [fmt] [clippy] [web] [shell] [docker]    # no argument: all of them
#
#   fmt     cargo fmt --check
#   clippy  cargo clippy --workspace --all-targets -D warnings (in target/clippy,
#           so that it never waits for, or invalidates, the test build)
#   web     ESLint and tsc --noEmit on web/ (installs its npm packages when missing)
#   shell   ShellCheck on every shell script in the repository
#   docker  hadolint on the Dockerfiles
# ShellCheck and hadolint come from the deployment checks' venv (deploy/scripts/venv.sh).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

checks=("$@")
((${#checks[@]})) || checks=(fmt clippy web shell docker)
for check in "${checks[@]}"; do
    echo "== lint: $check"
    case $check in
    fmt) cargo fmt --all -- --check ;;
    clippy) CARGO_TARGET_DIR=target/clippy cargo clippy --workspace --all-targets --profile ci --locked -- -D warnings ;;
    web)
        bash scripts/web-install.sh
        (cd web && npx eslint --max-warnings 0 . && npx tsc -b)
        ;;
    shell)
        venv=$(bash deploy/scripts/venv.sh)
        git ls-files -z '*.sh' .ci/run | xargs -0 "$venv/bin/shellcheck"
        ;;
    docker)
        venv=$(bash deploy/scripts/venv.sh)
        "$venv/bin/hadolint" deploy/docker/*.Dockerfile
        ;;
    *)
        echo "lint.sh: no check named '$check' (fmt, clippy, web, shell, docker)" >&2
        exit 2
        ;;
    esac
done
