"""The SBOMs that scripts/supply-chain.sh writes for the two images: each lists
what its image is built from (compared with cargo's and npm's own dependency
resolution, not with a list kept here), and every npm package bundled into the
UI carries a license that deny.toml allows for crates.

The crate lists come from the binaries (cargo-auditable). They follow `cargo
metadata`, which also counts optional dependencies that no enabled feature
builds (sqlx-mysql, for one), so they may list more crates than the binary
holds, never fewer: more is a false alarm in a scanner, fewer a blind spot."""

from __future__ import annotations

import json
import re
import subprocess
import tomllib

import pytest

import render

REPO = render.REPO
SBOM_DIR = REPO / "target" / "sbom"
TARGET = "x86_64-unknown-linux-gnu"


def sbom(image: str) -> dict:
    path = SBOM_DIR / f"{image}.cdx.json"
    if not path.exists():
        pytest.fail(f"{path} is missing: run scripts/supply-chain.sh first")
    return json.loads(path.read_text())


def listed(document: dict, ecosystem: str) -> set[tuple[str, str]]:
    """(name, version) of the components with a purl of that type, the
    document's own subject included."""
    components = [document["metadata"]["component"], *document["components"]]
    return {(c["name"], c["version"]) for c in components if c.get("purl", "").startswith(f"pkg:{ecosystem}/")}


def crates_built_into(package: str) -> set[tuple[str, str]]:
    """What cargo links into the package's binary on the image's target: normal
    dependencies, transitively (proc macros included, build scripts' and tests'
    dependencies not), with features unified as in the images' build, which
    builds todo-api and todo-web together (scripts/test.sh)."""
    output = subprocess.run(["cargo", "tree", "--locked", "-p", "todo-api", "-p", "todo-web", "-e", "normal", "--target", TARGET,
                             "--prefix", "none", "--format", "{p}", "--no-dedupe"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    # One tree per package, separated by a blank line, each starting with its root;
    # --no-dedupe: the second tree would otherwise not expand what the first showed.
    tree = next(t for t in output.split("\n\n") if t.startswith(f"{package} v"))
    crates = set()
    for line in tree.splitlines():
        match = re.match(r"^(\S+) v(\S+)", line)
        if match:
            crates.add((match.group(1), match.group(2)))
    return crates


def npm_production_packages() -> set[tuple[str, str]]:
    """The packages package-lock.json does not mark dev: what `npm ci --omit dev` installs."""
    lock = json.loads((REPO / "web" / "package-lock.json").read_text())
    return {(path.rsplit("node_modules/", 1)[1], entry["version"]) for path, entry in lock["packages"].items()
            if path.startswith("node_modules/") and not entry.get("dev")}


@pytest.mark.parametrize("image, binary", [("todo-chatbot-backend", "todo-api"), ("todo-chatbot-frontend", "todo-web")])
def test_sbom_lists_every_crate_of_the_image_binary(image, binary):
    document = sbom(image)
    assert document["bomFormat"] == "CycloneDX"
    subject = document["metadata"]["component"]
    version = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["package"]["version"]
    assert (subject["name"], subject["version"]) == (binary, version)
    expected = crates_built_into(binary)
    assert "proptest" not in {name for name, _ in expected}, "cargo tree listed a dev-dependency"
    got = listed(document, "cargo")
    assert expected <= got, f"crates in {binary} that its SBOM does not list: {sorted(expected - got)[:10]}"
    print(f"{image}: {len(got)} crates listed, {len(expected)} built ({len(got - expected)} listed by cargo metadata only)")


def test_frontend_sbom_lists_the_bundled_npm_packages_and_no_dev_tool():
    document = sbom("todo-chatbot-frontend")
    npm = listed(document, "npm") - {("todo-chatbot-web", json.loads((REPO / "web" / "package.json").read_text())["version"])}
    assert npm == npm_production_packages()
    assert {"react", "react-dom"} <= {name for name, _ in npm}
    assert not {"vite", "vitest", "typescript"} & {name for name, _ in npm}
    # The bundle is a component of its own, depending on what it bundles.
    bundle = next(d for d in document["dependencies"] if d["ref"].startswith("todo-chatbot-web@"))
    assert {ref.rsplit("@", 1)[0] for ref in bundle["dependsOn"]} == {"react", "react-dom"}


def test_backend_sbom_has_no_npm_package_and_every_component_is_identified():
    backend = sbom("todo-chatbot-backend")
    assert not listed(backend, "npm")
    for document in (backend, sbom("todo-chatbot-frontend")):
        for component in document["components"]:
            assert component.get("purl") and component.get("version"), component


def test_bundled_npm_packages_have_licenses_that_deny_toml_allows():
    allowed = set(tomllib.loads((REPO / "deny.toml").read_text())["licenses"]["allow"])
    for component in sbom("todo-chatbot-frontend")["components"]:
        if not component["purl"].startswith("pkg:npm/") or component["name"] == "todo-chatbot-web":
            continue
        ids = {entry["license"].get("id") for entry in component.get("licenses", [])}
        assert ids and ids <= allowed, f"{component['name']}@{component['version']}: license {ids or 'unknown'} is not in deny.toml's allow list"
