#!/usr/bin/env bash
# `make scan`: the vulnerability scans, for a machine that reaches the advisory
# databases (GitHub's RustSec and npm advisories, trivy's or Docker Scout's).
# This project's CI machine reaches none of them; it runs scripts/supply-chain.sh.
#
#   scripts/scan.sh
#
# 1. scripts/supply-chain.sh: cargo deny (licenses, bans, sources) and the SBOMs,
#    after building what they describe (scripts/static-build.sh, npm packages).
# 2. cargo deny check advisories: RustSec advisories for every crate in Cargo.lock.
# 3. npm audit --omit=dev: advisories for the packages bundled into the UI.
# 4. Both images (built by scripts/images.sh, or `make minikube-build`), and the
#    SBOMs: with trivy when installed, else with Docker Scout. The images are
#    `FROM scratch`, so there are no OS packages to find; what a scanner sees
#    is the crate list cargo-auditable embedded in each binary.
#
# Fails on a finding of SCAN_SEVERITY or worse (default HIGH: high and critical).
#
# Environment:
#   IMAGE_TAG      the images' tag (default: the workspace version)
#   SCAN_SEVERITY  HIGH or CRITICAL
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

step() { echo "== $*"; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tag=${IMAGE_TAG:-$version}
case ${SCAN_SEVERITY:-HIGH} in
    HIGH) trivy_severity=HIGH,CRITICAL npm_level=high scout_severity=critical,high ;;
    CRITICAL) trivy_severity=CRITICAL npm_level=critical scout_severity=critical ;;
    *) echo "scan.sh: SCAN_SEVERITY must be HIGH or CRITICAL" >&2; exit 2 ;;
esac
images=("todo-chatbot-backend:$tag" "todo-chatbot-frontend:$tag")

# What the SBOMs are made from: the shipped binaries and the UI's packages.
bash scripts/static-build.sh
bash scripts/web-install.sh
bash scripts/supply-chain.sh

step "cargo deny check advisories"
cargo deny --locked check --hide-inclusion-graph advisories

step "npm audit --omit=dev --audit-level=$npm_level"
(cd web && npm audit --omit=dev --audit-level="$npm_level")

if command -v trivy >/dev/null; then
    for image in "${images[@]}"; do
        step "trivy image $image"
        trivy image --exit-code 1 --severity "$trivy_severity" "$image"
    done
    for sbom in target/sbom/*.cdx.json; do
        step "trivy sbom $sbom"
        trivy sbom --exit-code 1 --severity "$trivy_severity" "$sbom"
    done
elif docker scout version >/dev/null 2>&1; then
    for image in "${images[@]}"; do
        step "docker scout cves local://$image"
        docker scout cves --exit-code --only-severity "$scout_severity" "local://$image"
    done
else
    echo "scan.sh: neither trivy nor Docker Scout is installed; the images were not scanned." >&2
    echo "  trivy: https://trivy.dev/latest/getting-started/installation/" >&2
    exit 1
fi
step "no finding of severity $trivy_severity"
