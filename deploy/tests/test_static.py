"""Checks of the Dockerfiles and shell scripts that need no build."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

import render
from conftest import tool

REPO = render.REPO
DOCKERFILES = [REPO / "deploy/docker/backend.Dockerfile", REPO / "deploy/docker/frontend.Dockerfile"]
SCRIPTS = [*(REPO / "scripts" / name for name in ("images.sh", "cluster-sim.sh", "static-build.sh", "cargo-tools.sh", "supply-chain.sh", "scan.sh")),
           *sorted((REPO / "deploy").rglob("*.sh"))]


def test_hadolint(bin_dir):
    result = subprocess.run([tool(bin_dir, "hadolint"), *map(str, DOCKERFILES)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_shellcheck(bin_dir):
    result = subprocess.run([tool(bin_dir, "shellcheck"), *map(str, SCRIPTS)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


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


# ---- the Minikube workflow (no minikube, helm or cluster here: a dry run) ---------------

STUBS = {
    # Each stand-in logs its arguments, one call a line, and answers what the scripts read.
    "minikube": """case "$*" in
  *" status"*) [ -f "$STUB_DIR/started" ] || exit 1 ;;
  *" start "*) touch "$STUB_DIR/started" ;;
  *" ip") echo 192.168.49.2 ;;
esac""",
    "kubectl": """case "$*" in
  "get nodes --no-headers"*) for i in $(seq 1 "$STUB_NODES"); do echo "node$i Ready"; done ;;
  *jsonpath*) echo minikube ;;
  *port-forward*) exec sleep 30 ;;
esac""",
    "helm": """case "$*" in
  *"-o json"*) echo '[{"revision":1},{"revision":2}]' ;;
esac""",
    "curl": """case "$*" in
  */health*) echo '{"status":"UP"}' ;;
  */ready*) echo '{"status":"ready"}' ;;
  */auth/signup*) printf '{"token":"tok-123","user":{"id":2}}\\n201' ;;
  */chat*) printf '{"conversation_id":"c1","reply":"Added it","intent":"add","actions":[]}\\n200' ;;
  */todos*) echo '[{"title":"Buy milk"}]' ;;
esac""",
}


def stub_path(tmp_path) -> tuple[dict, Path]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for name, body in STUBS.items():
        script = bin_dir / name
        script.write_text(f'#!/usr/bin/env bash\necho "{name} $*" >>"$STUB_DIR/calls.log"\n{body}\n')
        script.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", STUB_DIR=str(tmp_path), STUB_NODES="3")
    return env, log


def test_minikube_up_dry_run(tmp_path):
    """deploy/minikube/up.sh against stand-ins for minikube, kubectl, helm and
    curl: the calls it makes, in order, for a three-node cluster. This proves
    the scripts' logic and arguments, not that a real cluster accepts them."""
    env, log = stub_path(tmp_path)
    env.update(NODES="3", REPLICAS="3")
    result = subprocess.run(["bash", str(REPO / "deploy/minikube/up.sh")], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    calls = log.read_text().splitlines()
    version = tomllib.loads((REPO / "Cargo.toml").read_text())["workspace"]["package"]["version"]
    revision = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True).stdout.strip()

    def index(fragment: str) -> int:
        found = [i for i, call in enumerate(calls) if fragment in call]
        assert found, f"no call with {fragment!r} in {calls}"
        return found[0]

    start = index("minikube --profile minikube start --nodes 3")
    metrics = index("addons enable metrics-server")
    builds = [c for c in calls if " image build " in c]
    assert len(builds) == 4 and all("--all" in c for c in builds), builds
    for component in ("backend", "frontend"):
        for tag in (f"v{version}", revision):
            assert any(f"-t todo-chatbot-{component}:{tag} -f deploy/docker/{component}.Dockerfile" in c for c in builds), (component, tag)
    install = index("helm upgrade --install todo-chatbot deploy/helm/todo-chatbot")
    assert "-f deploy/helm/todo-chatbot/values-dev.yaml" in calls[install] and "--wait" in calls[install]
    assert f"backend.image.tag=v{version}" in calls[install] and "backend.replicaCount=3" in calls[install]
    assert "postgresql.nodeSelector.kubernetes\\.io/hostname=minikube" in calls[install], "PostgreSQL stays by its volume"
    helm_test = index("helm test todo-chatbot")
    signup = index("/api/v1/auth/signup")
    chat = index("/api/v1/chat")
    assert "Authorization: Bearer tok-123" in calls[chat]
    assert start < metrics < index(" image build ") < index("helm dependency build") < install < helm_test < signup < chat
    assert "smoke test passed" in result.stdout and "http://192.168.49.2:30001" in result.stdout


def test_minikube_rollback_dry_run(tmp_path):
    env, log = stub_path(tmp_path)
    result = subprocess.run(["bash", str(REPO / "deploy/minikube/rollback.sh")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    (rollback,) = [c for c in log.read_text().splitlines() if c.startswith("helm rollback")]
    assert rollback.split()[:3] == ["helm", "rollback", "todo-chatbot"] and "--wait" in rollback
    assert rollback.split()[3] == "--namespace", "no revision: the previous one"


def test_makefile_minikube_targets():
    makefile = (REPO / "Makefile").read_text()
    for target, script in [("minikube", "up.sh"), ("minikube-up", "start.sh"), ("minikube-build", "build.sh"),
                           ("minikube-deploy", "deploy.sh"), ("minikube-smoke", "smoke.sh"),
                           ("minikube-rollback", "rollback.sh"), ("minikube-down", "down.sh")]:
        assert re.search(rf"^{target}:\n\tbash deploy/minikube/{re.escape(script)}$", makefile, re.M), target
        assert (REPO / "deploy/minikube" / script).exists()
