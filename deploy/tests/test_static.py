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


def stages(text: str) -> dict[str, str]:
    """Each stage's text by its name (the unnamed last stage: "")."""
    parts = re.split(r"^(?=FROM )", text, flags=re.M)[1:]
    return {(re.match(r"FROM \S+(?: AS (\S+))?", p).group(1) or ""): p for p in parts}


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.name)
def test_final_stages(dockerfile):
    """The shipped stages: both targets (the default, last stage, from the
    build stage; `--target prebuilt` from host-built files) only add files to
    one runtime stage: scratch, numeric non-root user, SIGTERM, a HEALTHCHECK
    that uses the binary itself, OCI labels from build arguments. No stage is
    chosen by a build argument: buildah 1.28 skips such a stage when the
    argument keeps its default."""
    text = dockerfile.read_text()
    by_name = stages(text)
    runtime = by_name["runtime"]
    assert runtime.startswith("FROM scratch AS runtime\n")
    assert re.search(r"^USER 65532:65532$", runtime, re.M)
    assert re.search(r"^STOPSIGNAL SIGTERM$", runtime, re.M)
    assert re.search(r'^HEALTHCHECK .*\n\s+CMD \["/usr/local/bin/todo-(api|web)", "healthcheck"\]', runtime, re.M)
    for label in ("version", "revision", "source"):
        assert f'org.opencontainers.image.{label}="${{{label.upper()}}}"' in runtime
    assert "${" not in "".join(re.findall(r"^FROM .*$", text, re.M)), "a stage chosen by a build argument"
    final, prebuilt = by_name[""], by_name["prebuilt"]
    assert text.rstrip().endswith(final.rstrip()), "the default target is the last stage"
    assert final.startswith("FROM runtime\n") and prebuilt.startswith("FROM runtime AS prebuilt\n")
    final_copies = re.findall(r"^COPY .*$", final, re.M)
    prebuilt_copies = re.findall(r"^COPY .*$", prebuilt, re.M)
    assert final_copies and all(c.startswith("COPY --from=build ") for c in final_copies), final_copies
    assert prebuilt_copies and all(" deploy/docker/prebuilt/" in c for c in prebuilt_copies), prebuilt_copies
    # The same files, to the same places, either way.
    destination = lambda copies: sorted(c.split()[-1] for c in copies)  # noqa: E731
    assert destination(final_copies) == destination(prebuilt_copies)
    for stage_text in (final, prebuilt):
        assert not re.search(r"^(RUN|USER|ENV|ENTRYPOINT) ", stage_text, re.M), "settings belong in the runtime stage"
    # Pinned base images, never latest.
    for image in re.findall(r"^FROM (\S+)", text, re.M):
        assert image in ("scratch", "runtime") or re.search(r":\d+\.\d+\.\d+", image), image


def test_backend_image_runs_with_its_defaults():
    """`docker run` of the backend image with nothing set must start: its
    SQLite file goes to the /data volume, owned by the image's user, and
    cargo-auditable is installed before crt-static applies."""
    text = DOCKERFILES[0].read_text()
    runtime = stages(text)["runtime"]
    assert "DATABASE_URL=sqlite:///data/todos.db" in runtime
    for name in ("", "prebuilt"):
        stage_text = stages(text)[name]
        assert re.search(r'^VOLUME \["/data"\]$', stage_text, re.M), name
        assert re.search(r"^COPY (--from=build )?--chown=65532:65532 \S+/rootfs/ /$", stage_text, re.M), name
    build = stages(text)["build"]
    assert "mkdir -p /out/rootfs/data /out/rootfs/tmp" in build and "chmod 1777 /out/rootfs/tmp" in build
    for dockerfile in DOCKERFILES:
        build_text = dockerfile.read_text()
        assert build_text.index("cargo install --locked cargo-auditable") < build_text.index('ENV RUSTFLAGS="-C target-feature=+crt-static ')


def test_static_builds_use_the_same_rustflags():
    """The shipped binaries are linked alike whichever way they are built: the
    host build (scripts/static-build.sh), the test build (scripts/test.sh) and
    both Dockerfiles' build stages; all static, with compact relocations."""
    flags = {
        "scripts/static-build.sh": re.findall(r"RUSTFLAGS='([^']*)'", (REPO / "scripts/static-build.sh").read_text()),
        "scripts/test.sh": re.findall(r"RUSTFLAGS='([^']*)'", (REPO / "scripts/test.sh").read_text()),
    }
    for dockerfile in DOCKERFILES:
        flags[dockerfile.name] = re.findall(r'^ENV RUSTFLAGS="([^"]*)"$', dockerfile.read_text(), re.M)
    assert all(len(found) == 1 for found in flags.values()), flags
    assert len({found[0] for found in flags.values()}) == 1, flags
    static_flags = flags["scripts/static-build.sh"][0].split()
    assert static_flags == ["-C", "target-feature=+crt-static", "-C", "link-arg=-Wl,-z,pack-relative-relocs"]


def test_dockerignore_keeps_the_context_small():
    lines = [l.strip() for l in (REPO / ".dockerignore").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert lines[0] == "*", "an allow-list: everything is excluded first"
    assert "!crates/" in lines and "!Cargo.lock" in lines and "!deploy/docker/prebuilt/" in lines
    assert "web/node_modules/" in lines
    assert not any(l.startswith("!target") for l in lines)
