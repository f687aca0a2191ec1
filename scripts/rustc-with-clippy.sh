#!/bin/sh
# rustc that also runs clippy's lints on the workspace's crates: make test sets it
# as RUSTC, so that the one build it makes is the clippy gate too, instead of a
# second pass that checks every dependency again. Dependencies, compiled with
# --cap-lints allow, go through plain rustc (clippy-driver's wrapper mode).
exec clippy-driver rustc "$@"
