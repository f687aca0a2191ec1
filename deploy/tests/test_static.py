"""Checks of the Dockerfiles and shell scripts that need no build."""

from __future__ import annotations

import re
import tomllib

import pytest

import render

REPO = render.REPO
DOCKERFILES = [REPO / "deploy/docker/backend.Dockerfile", REPO / "deploy/docker/frontend.Dockerfile"]
# ShellCheck and hadolint run in scripts/lint.sh (make lint, make test), on every script.


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_dependency_layer_lists_every_workspace_member(dockerfile):
    """cargo refuses a workspace whose member manifests are missing, so the
    dependency layer must copy each one; a new crate must be added here too."""
    members = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["members"]
    text = dockerfile.read_text()
    copied = set(re.findall(r"^COPY (crates/[^/]+)/Cargo\.toml ", text, re.M))
    assert set(members) <= copied, f"{dockerfile.name} misses {sorted(set(members) - copied)}"
    assert "--locked" in text


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_build_stage_embeds_the_crate_list_like_the_host_build(dockerfile):
    """The binary a Docker user builds carries its crate list as CI's does
    (scripts/static-build.sh), from the cargo-auditable version CI pins."""
    pinned = re.search(r"\[cargo-auditable\]=(\S+)", (REPO / "scripts/cargo-tools.sh").read_text()).group(1)
    text = dockerfile.read_text()
    assert f"cargo install --locked cargo-auditable@{pinned}\n" in text
    final_build = text.split("COPY crates/ crates/", 1)[1]
    assert "cargo auditable build --release --locked" in final_build


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_final_stage(dockerfile):
    """The shipped stage: scratch, numeric non-root user, SIGTERM, a
    HEALTHCHECK that uses the binary itself, OCI labels from build arguments,
    and the artifact stage chosen by ARTIFACTS."""
    text = dockerfile.read_text()
    final = text[text.rindex("\nFROM "):]
    assert final.startswith("\nFROM scratch\n")
    assert re.search(r"^USER 65532:65532$", final, re.M)
    assert re.search(r"^STOPSIGNAL SIGTERM$", final, re.M)
    assert re.search(r'^HEALTHCHECK .*\n\s+CMD \["/usr/local/bin/todo-(api|web)", "healthcheck"\]', final, re.M)
    for label in ("version", "revision", "source"):
        assert f'org.opencontainers.image.{label}="${{{label.upper()}}}"' in final
    assert re.search(r"^ARG ARTIFACTS=build$", text, re.M) and "FROM ${ARTIFACTS} AS artifacts" in text
    assert "FROM scratch AS prebuilt" in text
    assert all(line.startswith("COPY --from=artifacts ") for line in re.findall(r"^COPY .*$", final, re.M))
    # Pinned base images, never latest.
    for image in re.findall(r"^FROM (\S+)", text, re.M):
        assert image in ("scratch", "${ARTIFACTS}") or re.search(r":\d+\.\d+\.\d+", image), image


def test_dockerignore_keeps_the_context_small():
    lines = [l.strip() for l in (REPO / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert lines[0] == "*", "an allow-list: everything is excluded first"
    assert "!crates/" in lines and "!Cargo.lock" in lines and "!deploy/docker/prebuilt/" in lines
    assert "web/node_modules/" in lines
    assert not any(l.startswith("!target") for l in lines)
