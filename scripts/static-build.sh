#!/usr/bin/env bash
# The shipped binaries, as the images hold them: release profile, fully static
# (glibc linked in, so they run in a `scratch` image), built by cargo-auditable,
# which embeds each binary's crate list so that scanners (trivy, grype, syft)
# and scripts/supply-chain.sh can tell what it contains.
#
#   scripts/static-build.sh     → target/x86_64-unknown-linux-gnu/release/{todo-api,todo-web}
#
# Both are built in one cargo invocation, so their dependencies' features are
# unified the same way every time.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/cargo-tools.sh cargo-auditable
RUSTFLAGS='-C target-feature=+crt-static' \
    cargo auditable build --release --locked --target x86_64-unknown-linux-gnu -p todo-api -p todo-web
