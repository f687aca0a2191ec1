#!/usr/bin/env bash
# Supply-chain checks that need no vulnerability database, and one SBOM per image.
#
#   scripts/supply-chain.sh
#
# 1. `cargo deny check licenses bans sources` (deny.toml): permissive licenses
#    only, no OpenSSL, crates from crates.io only, no wildcard versions.
# 2. A CycloneDX SBOM for each image, in target/sbom/:
#      todo-chatbot-backend.cdx.json   the crates in todo-api, read from the binary
#      todo-chatbot-frontend.cdx.json  the crates in todo-web, read from the binary,
#                                      and the npm packages bundled into web/dist
#                                      (no dev dependencies)
#    The binaries (in $BIN_DIR, default target/x86_64-unknown-linux-gnu/release)
#    come from scripts/static-build.sh, or make test's static ci-profile build,
#    both of which embed their crate lists (cargo-auditable); deploy/tests/test_supply_chain.py checks the SBOMs
#    against cargo's own resolution, and the npm packages' licenses.
#
# Installs cargo-deny and auditable2cdx (scripts/cargo-tools.sh) when missing.
# What needs an advisory database (cargo deny advisories, npm audit, trivy) is
# `make scan` (scripts/scan.sh): this project's CI machine reaches none
# (docs/security.md, "Supply chain").
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

out=target/sbom
bin_dir=${BIN_DIR:-target/x86_64-unknown-linux-gnu/release}

step() { echo "== $*"; }

bash scripts/cargo-tools.sh cargo-deny auditable2cdx
# Where `cargo install` put them, in case that is not on PATH.
PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

step "cargo deny check licenses bans sources"
cargo deny --locked check --hide-inclusion-graph licenses bans sources

step "SBOMs in $out"
mkdir -p "$out"
for bin in todo-api todo-web; do
    [[ -x $bin_dir/$bin ]] || { echo "supply-chain.sh: $bin_dir/$bin is missing: run scripts/static-build.sh" >&2; exit 1; }
done
auditable2cdx "$bin_dir/todo-api" >"$out/todo-chatbot-backend.cdx.json"
auditable2cdx "$bin_dir/todo-web" >"$out/todo-web.cdx.json"

# The frontend image holds todo-web and the bundle: one document with both.
# npm 11's `npm sbom --omit dev` lists no components at all, so the full list
# is taken and the packages npm marks as development-only are dropped.
(cd web && npm sbom --sbom-format cyclonedx --sbom-type application) >"$out/web.cdx.json"
python3 - "$out/todo-web.cdx.json" "$out/web.cdx.json" >"$out/todo-chatbot-frontend.cdx.json" <<'PY'
import json, sys

server, web = (json.load(open(path)) for path in sys.argv[1:])
dev = {c["bom-ref"] for c in web["components"]
       if {"name": "cdx:npm:package:development", "value": "true"} in c.get("properties", [])}
bundle = dict(web["metadata"]["component"], type="application", name="todo-chatbot-web")
server["components"] += [bundle, *(c for c in web["components"] if c["bom-ref"] not in dev)]
server["dependencies"] += [dict(d, dependsOn=[r for r in d.get("dependsOn", []) if r not in dev])
                           for d in web["dependencies"] if d["ref"] not in dev]
json.dump(server, sys.stdout, indent=2)
PY
rm "$out/todo-web.cdx.json" "$out/web.cdx.json"

for image in todo-chatbot-backend todo-chatbot-frontend; do
    python3 -c 'import json, sys; print("%s: %d components" % (sys.argv[1], len(json.load(open(sys.argv[1]))["components"])))' \
        "$out/$image.cdx.json"
done
