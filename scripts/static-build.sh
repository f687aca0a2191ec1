#!/usr/bin/env bash
# The shipped binaries, as the images hold them: release profile, fully static
# (glibc linked in, so they run in a `scratch` image), built by cargo-auditable,
# which embeds each binary's crate list so that scanners (trivy, grype, syft)
# and scripts/supply-chain.sh can tell what it contains.
# -z pack-relative-relocs (DT_RELR; glibc 2.36 and binutils 2.38 or later, as in
# the Dockerfiles' bookworm build stage) stores the static-PIE binary's relative
# relocations as a bitmap instead of 24 bytes each: 1.1 MB less in todo-api,
# still position-independent (ASLR), and the same flags as the Dockerfiles and
# scripts/test.sh (deploy/tests/test_static.py checks that).
#
#   scripts/static-build.sh     → target/x86_64-unknown-linux-gnu/release/{todo-api,todo-web}
#
# Both are built in one cargo invocation, so their dependencies' features are
# unified the same way every time.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/cargo-tools.sh cargo-auditable
RUSTFLAGS='-C target-feature=+crt-static -C link-arg=-Wl,-z,pack-relative-relocs' \
    cargo auditable build --release --locked --target x86_64-unknown-linux-gnu -p todo-api -p todo-web
