#!/usr/bin/env bash
# Install cargo tools at the versions this project pins, unless installed already:
#
#   scripts/cargo-tools.sh cargo-deny cargo-auditable ...
#
# `cargo install --locked` from crates.io into ~/.cargo/bin (a few minutes each,
# once per machine).
set -euo pipefail

declare -A pinned=(
    [cargo-deny]=0.20.2     # licenses, bans, sources (and advisories in `make scan`)
    [cargo-auditable]=0.7.7 # embeds each binary's crate list, for SBOMs and scanners
    [auditable2cdx]=0.1.0   # that list as a CycloneDX SBOM
    [cargo-nextest]=0.9.143 # runs the Rust tests, each in a process of its own
)

installed=$(cargo install --list)
for tool in "$@"; do
    version=${pinned[$tool]:?"scripts/cargo-tools.sh: no pinned version for $tool"}
    # Installed by cargo, or by other means (a machine image) at the same version.
    if ! grep -q "^$tool v$version:" <<<"$installed" &&
        ! { [[ $tool == cargo-* ]] && cargo "${tool#cargo-}" --version 2>/dev/null | grep -qF "$tool $version"; }; then
        echo "== installing $tool $version (cargo install --locked)" >&2
        cargo install --locked --quiet "$tool@$version"
    fi
done
