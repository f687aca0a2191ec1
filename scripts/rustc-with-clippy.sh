#!/bin/sh
# rustc that also runs clippy's lints, as errors, on the workspace's own crates:
# make test sets it as RUSTC, so that the one build it makes is the clippy gate
# too, instead of a second pass that checks every dependency again.
# Cargo marks the crates it was asked to build (the workspace's) with
# CARGO_PRIMARY_PACKAGE; everything else (dependencies, build scripts' probes,
# `-vV` and `--print` queries) goes to rustc as it is.
if [ -n "${CARGO_PRIMARY_PACKAGE:-}" ]; then
    exec clippy-driver rustc "$@" -D warnings
fi
exec rustc "$@"
