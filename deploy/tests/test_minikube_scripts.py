"""The deploy/minikube scripts' own control flow, without a cluster.

These tests test OUR SCRIPTS, not Minikube, kubectl or Helm. The scripts run
for real (bash, git) in a throw-away copy of the repository, against stand-in
`minikube`, `kubectl`, `helm` and `curl` commands on PATH (stand_ins.py) that
record every call and answer as the real ones do in the cases that matter
here, including their faults: a `minikube image build` that exits 0 although
the Docker build failed, an `image load` that misses a node and only warns, a
storage provisioner that keeps a deleted claim's directory. The assertions are
on what the scripts then do: stop with one clear line, build once and load
everywhere, deploy a new tag per commit, roll back to the previous code, purge
the data directory. Whether a real cluster accepts the same calls is not
proven here (docs/kubernetes.md says what was and was not run).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import manifests
import render

REPO = render.REPO
SCRIPTS = REPO / "deploy" / "minikube"
STAND_INS = Path(__file__).with_name("stand_ins.py")
# Settings a developer's shell may carry that would change what the scripts do.
SCRIPT_ENV = ("IMAGE_TAG", "NODES", "REPLICAS", "VALUES", "REVISION", "NAMESPACE", "RELEASE", "PROFILE",
              "MINIKUBE_FLAGS", "URL", "LOCAL_PORT", "SMOKE", "REBUILD", "HELM_TIMEOUT", "ROLLOUT_TIMEOUT",
              "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")
GIT_IDENTITY = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
DATA_DIR = "/tmp/hostpath-provisioner/todo-chatbot/data-todo-chatbot-postgresql-0"


class Cluster:
    """A copy of the repository's scripts in a fresh git repository, and the
    stand-ins' state (stand_ins.py) that plays the cluster."""

    def __init__(self, tmp_path: Path):
        self.repo = tmp_path / "repo"
        (self.repo / "deploy").mkdir(parents=True)
        shutil.copytree(SCRIPTS, self.repo / "deploy" / "minikube")
        shutil.copy(REPO / "Cargo.toml", self.repo / "Cargo.toml")
        (self.repo / "src.txt").write_text("first version\n")
        self.state_dir = tmp_path / "state"
        self.state_dir.mkdir()
        bin_dir = tmp_path / "bin"
        bin_dir.mkdir()
        for name in ("minikube", "kubectl", "helm", "curl"):
            stand_in = bin_dir / name
            stand_in.write_text(f'#!/bin/sh\nexec "{sys.executable}" -S "{STAND_INS}" {name} "$@"\n')
            stand_in.chmod(0o755)
        self.env = {k: v for k, v in os.environ.items() if k not in SCRIPT_ENV}
        self.env.update(GIT_IDENTITY, PATH=f"{bin_dir}:{os.environ['PATH']}", STUB_STATE=str(self.state_dir),
                        PYTHONDONTWRITEBYTECODE="1")
        self.git("init", "-q")
        self.commit("first")

    def git(self, *args: str) -> str:
        return subprocess.run(["git", *args], cwd=self.repo, env=self.env, check=True,
                              capture_output=True, text=True).stdout.strip()

    def commit(self, message: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "--short", "HEAD")

    def run(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
        self.calls_seen = len(self.calls())
        return subprocess.run(["bash", str(self.repo / "deploy" / "minikube" / script), *args],
                              env={**self.env, **env}, capture_output=True, text=True, timeout=120)

    def ok(self, script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
        result = self.run(script, *args, **env)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    def tag(self) -> str:
        return self.ok("tag.sh").stdout.strip()

    def calls(self) -> list[str]:
        log = self.state_dir / "calls.log"
        return log.read_text().splitlines() if log.exists() else []

    def new_calls(self) -> list[str]:
        """The calls of the last run."""
        return self.calls()[self.calls_seen:]

    @property
    def state(self) -> dict:
        return json.loads((self.state_dir / "state.json").read_text())

    def set_state(self, **changes) -> None:
        path = self.state_dir / "state.json"
        state = json.loads(path.read_text()) if path.exists() else {}
        if not state:
            sys.path.insert(0, str(STAND_INS.parent))
            import stand_ins
            state = stand_ins.initial_state()
        state.update(changes)
        path.write_text(json.dumps(state))


@pytest.fixture
def cluster(tmp_path) -> Cluster:
    return Cluster(tmp_path)


def started(cluster: Cluster, nodes: int = 1) -> Cluster:
    cluster.ok("start.sh", NODES=str(nodes))
    return cluster


def index(calls: list[str], fragment: str) -> int:
    found = [i for i, call in enumerate(calls) if fragment in call]
    assert found, f"no call with {fragment!r} in {calls}"
    return found[0]


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.strip().splitlines()[-1]


def refusal(cluster: Cluster, script: str, **env: str) -> str:
    """The one line `script` stops with (it must fail)."""
    result = cluster.run(script, **env)
    assert result.returncode != 0, result.stdout + result.stderr
    return last_line(result)


def ran(cluster: Cluster, prefix: str) -> list[str]:
    """The last run's calls that start with `prefix`."""
    return [c for c in cluster.new_calls() if c.startswith(prefix)]


# ---- the whole path: make minikube ------------------------------------------------------


def test_up_on_three_nodes_builds_once_loads_everywhere_and_deploys_the_commit(cluster):
    cluster.set_state(storage_node="minikube-m02")
    result = cluster.ok("up.sh", NODES="3", REPLICAS="3")
    calls = cluster.new_calls()
    tag = cluster.tag()
    assert re.fullmatch(r"[0-9a-f]{7,}", tag) and tag == cluster.git("rev-parse", "--short", "HEAD")
    assert index(calls, "minikube --profile minikube start --nodes 3") < index(calls, "addons enable metrics-server")
    # One build per image, on the primary node only; then save and load to the others.
    builds = [c for c in calls if " image build " in c]
    assert len(builds) == 2 and not any("--all" in c for c in builds), builds
    for component in ("backend", "frontend"):
        (build,) = [c for c in builds if f"-t todo-chatbot-{component}:{tag} " in c]
        assert "--node minikube " in build and f"-f deploy/docker/{component}.Dockerfile" in build
        save = index(calls, f"image save todo-chatbot-{component}:{tag}")
        (load,) = [i for i, c in enumerate(calls) if " image load " in c and c.endswith(f"/{component}.tar")]
        assert calls.index(build) < save < load
    assert all(f"todo-chatbot-{c}:{tag}" in images for images in cluster.state["images"].values() for c in ("backend", "frontend"))
    # Each node was asked whether it has each image, after the load.
    checks = [c for c in calls if "crictl inspecti" in c]
    assert {re.search(r"--node (\S+)", c).group(1) for c in checks} == {"minikube", "minikube-m02", "minikube-m03"}
    install = index(calls, "helm upgrade --install todo-chatbot deploy/helm/todo-chatbot")
    assert f"backend.image.tag={tag}" in calls[install] and f"frontend.image.tag={tag}" in calls[install]
    assert "backend.replicaCount=3" in calls[install] and "--wait" in calls[install]
    # PostgreSQL goes where the storage provisioner makes its volume, not to "the control plane".
    assert "postgresql.nodeSelector.kubernetes\\.io/hostname=minikube-m02" in calls[install]
    assert index(calls, " image load ") < install < index(calls, "helm test todo-chatbot") < index(calls, "/api/v1/chat")
    assert "smoke test passed" in result.stdout and "http://192.168.49.2:30001" in result.stdout


def test_a_build_that_succeeds_without_an_image_stops_everything_with_one_line(cluster):
    """minikube image build exits 0 after a failed Docker build (the default
    build fails today, issue 22): up.sh must stop right there, not wait ten
    minutes on pods in ErrImageNeverPull."""
    started(cluster).set_state(build_fails=["backend"])
    line = refusal(cluster, "up.sh")
    calls = cluster.new_calls()
    assert line.startswith(f"build.sh: todo-chatbot-backend:{cluster.tag()} is not on node minikube after the build: the Docker build failed")
    assert not [c for c in calls if c.startswith("helm ") or " rollout " in c], "nothing deployed"
    assert not [c for c in calls if "todo-chatbot-frontend" in c and " image build " in c], "stopped at the first missing image"


def test_a_node_the_load_missed_stops_the_build_naming_the_node(cluster):
    started(cluster, nodes=3).set_state(load_skips=["minikube-m03"])
    line = refusal(cluster, "build.sh")
    assert line.startswith(f"build.sh: todo-chatbot-backend:{cluster.tag()} is not on node minikube-m03 after `minikube image load`")


def test_deploy_refuses_a_tag_that_a_node_lacks_before_helm_changes_anything(cluster):
    started(cluster, nodes=2)
    tag = cluster.tag()
    cluster.set_state(images={"minikube": [f"todo-chatbot-backend:{tag}", f"todo-chatbot-frontend:{tag}"], "minikube-m02": []})
    line = refusal(cluster, "deploy.sh")
    assert line.startswith(f"deploy.sh: todo-chatbot-backend:{tag} is not on node minikube-m02: run make minikube-build first")
    assert not ran(cluster, "helm ")


def test_deploy_of_another_built_tag_with_image_tag(cluster):
    started(cluster)
    old = cluster.tag()
    cluster.ok("build.sh")
    (cluster.repo / "src.txt").write_text("second version\n")
    cluster.commit("second")
    cluster.ok("deploy.sh", IMAGE_TAG=old)
    assert f"backend.image.tag={old}" in cluster.new_calls()[index(cluster.new_calls(), "helm upgrade")]
    assert cluster.run("deploy.sh", IMAGE_TAG="latest").returncode != 0


# ---- per-commit tags, rebuilds and rollback -------------------------------------------------


def test_rollback_drill_returns_to_the_previous_commit(cluster):
    """The drill of docs/kubernetes.md: deploy commit A, change code, commit B,
    build and deploy it, roll back: the release runs A's images again."""
    started(cluster)
    tag_a = cluster.tag()
    cluster.ok("build.sh")
    cluster.ok("deploy.sh")
    (cluster.repo / "src.txt").write_text("second version\n")
    tag_b = cluster.commit("second")
    assert cluster.tag() == tag_b != tag_a
    cluster.ok("build.sh")
    assert [c for c in cluster.new_calls() if f"image build --node minikube -t todo-chatbot-backend:{tag_b}" in c]
    cluster.ok("deploy.sh")
    assert f"backend.image.tag={tag_b}" in cluster.new_calls()[index(cluster.new_calls(), "helm upgrade")]
    assert [r["backend"] for r in cluster.state["revisions"]] == [tag_a, tag_b], "a new tag each commit: the pods roll"
    result = cluster.ok("rollback.sh")
    assert "helm rollback todo-chatbot 1 --namespace todo-chatbot --wait" in "\n".join(cluster.new_calls())
    assert f"todo-chatbot-backend  todo-chatbot-backend:{tag_a}" in result.stdout
    assert f"todo-chatbot-frontend  todo-chatbot-frontend:{tag_a}" in result.stdout
    # And forward again to B: rollback to the revision before the rollback.
    cluster.ok("rollback.sh", REVISION="2")
    assert cluster.state["revisions"][-1]["backend"] == tag_b


def test_a_second_build_of_the_same_commit_only_checks(cluster):
    started(cluster, nodes=2)
    cluster.ok("build.sh")
    result = cluster.ok("build.sh")
    assert not [c for c in cluster.new_calls() if " image build " in c or " image load " in c]
    assert "is on every node already" in result.stdout
    cluster.ok("build.sh", REBUILD="1")
    assert len([c for c in cluster.new_calls() if " image build " in c]) == 2


def test_rollback_stops_when_the_old_images_are_gone(cluster):
    started(cluster)
    tag_a = cluster.tag()
    cluster.ok("build.sh")
    cluster.ok("deploy.sh")
    (cluster.repo / "src.txt").write_text("second version\n")
    cluster.commit("second")
    cluster.ok("build.sh")
    cluster.ok("deploy.sh")
    images = cluster.state["images"]
    images["minikube"].remove(f"todo-chatbot-frontend:{tag_a}")
    cluster.set_state(images=images)
    line = refusal(cluster, "rollback.sh")
    assert line.startswith(f"rollback.sh: todo-chatbot-frontend:{tag_a} is not on node minikube: rebuild that commit")
    assert not ran(cluster, "helm rollback")


def test_rollback_with_a_single_revision_refuses(cluster):
    started(cluster)
    cluster.ok("build.sh")
    cluster.ok("deploy.sh")
    assert "a single revision" in refusal(cluster, "rollback.sh")
    assert "REVISION must be a revision number" in refusal(cluster, "rollback.sh", REVISION="previous")
    assert not [c for c in cluster.calls() if c.startswith("helm rollback")]


def test_uncommitted_changes_get_their_own_tag(cluster):
    started(cluster)
    clean = cluster.tag()
    (cluster.repo / "src.txt").write_text("an edit\n")
    edited = cluster.tag()
    assert re.fullmatch(rf"{clean}-dirty-[0-9a-f]{{10}}", edited)
    (cluster.repo / "src.txt").write_text("another edit\n")
    assert cluster.tag() != edited
    (cluster.repo / "src.txt").write_text("an edit\n")
    assert cluster.tag() == edited, "the same changes, the same tag"
    (cluster.repo / "new.txt").write_text("an untracked file\n")
    untracked = cluster.tag()
    assert untracked not in (clean, edited)
    result = cluster.ok("build.sh")
    assert "uncommitted changes" in result.stderr
    (build,) = [c for c in cluster.new_calls() if f"-t todo-chatbot-backend:{untracked} " in c]
    assert re.search(r"build-arg=REVISION=[0-9a-f]{40}-dirty ", build)


def test_build_refuses_image_tag(cluster):
    started(cluster)
    assert "IMAGE_TAG only chooses what deploy.sh deploys" in refusal(cluster, "build.sh", IMAGE_TAG="v0.1.0")
    assert not [c for c in cluster.new_calls() if " image build " in c]


# ---- purge and reinstall -------------------------------------------------------------------


def test_purge_removes_the_data_directory_on_every_node_and_says_so(cluster):
    """The provisioner keeps a deleted claim's directory after a Minikube
    restart; PostgreSQL would then start on the old data with a new password."""
    started(cluster, nodes=2).ok("build.sh")
    cluster.ok("deploy.sh")
    cluster.set_state(pvc_volume="pvc-1234", pv_path=DATA_DIR)
    result = cluster.ok("down.sh", "--purge")
    calls = cluster.new_calls()
    removals = [c for c in calls if "sudo rm -rf" in c]
    assert [re.search(r"--node (\S+)", c).group(1) for c in removals] == ["minikube", "minikube-m02"]
    assert all(f"'{DATA_DIR}'" in c for c in removals)
    assert index(calls, "helm uninstall") < index(calls, "delete pvc") < index(calls, "sudo rm -rf")
    assert index(calls, "delete secret todo-chatbot-secrets") < index(calls, "sudo rm -rf")
    assert f"removed the database's data directory {DATA_DIR} on every node" in result.stdout


def test_purge_after_the_claim_is_gone_removes_the_provisioners_directory(cluster):
    started(cluster)
    result = cluster.ok("down.sh", "--purge")
    assert [c for c in cluster.new_calls() if f"sudo rm -rf '{DATA_DIR}'" in c]
    assert DATA_DIR in result.stdout


def test_purge_leaves_other_storage_classes_to_their_reclaim_policy(cluster):
    started(cluster)
    cluster.set_state(pvc_volume="pvc-csi", pv_path="")
    result = cluster.ok("down.sh", "--purge")
    assert not [c for c in cluster.new_calls() if "rm -rf" in c]
    assert "pvc-csi is not a Minikube hostpath directory" in result.stdout


def test_down_without_purge_keeps_the_database(cluster):
    started(cluster).ok("build.sh")
    cluster.ok("deploy.sh")
    cluster.ok("down.sh")
    calls = cluster.new_calls()
    assert index(calls, "helm uninstall todo-chatbot")
    assert not [c for c in calls if " delete " in c or "rm -rf" in c or c.startswith("minikube")]


# ---- start, and the URL to open --------------------------------------------------------------


def test_start_without_extra_flags_passes_none(cluster):
    """MINIKUBE_FLAGS unset makes an empty array: expanded as
    ${a[@]+"${a[@]}"}, which bash 3.2 accepts under set -u."""
    cluster.ok("start.sh")
    (start,) = [c for c in cluster.new_calls() if " start " in c]
    assert start == "minikube --profile minikube start --nodes 1"
    cluster.ok("start.sh")
    assert not [c for c in cluster.new_calls() if " start " in c], "a running profile is reused"


def test_start_passes_extra_flags(tmp_path):
    cluster = Cluster(tmp_path)
    cluster.ok("start.sh", MINIKUBE_FLAGS="--cpus 4 --memory 6g")
    assert "minikube --profile minikube start --nodes 1 --cpus 4 --memory 6g" in cluster.new_calls()


def test_url_when_the_node_address_does_not_answer(cluster):
    """The Docker driver on macOS and Windows: the NodePort on `minikube ip` is
    unreachable from the host; `minikube service --url` is what works."""
    cluster.set_state(node_url_reachable=False)
    result = cluster.ok("up.sh", SMOKE="0", URL_CHECK_SECONDS="1")
    assert "does not answer from this host" in result.stdout
    assert "minikube -p minikube service todo-chatbot-frontend -n todo-chatbot --url" in result.stdout


# ---- the plain manifests ---------------------------------------------------------------------


def test_plain_manifests_name_the_tags_the_build_makes(cluster):
    """deploy/manifests/todo-chatbot.yaml, filled in as its header says,
    names exactly the images build.sh puts on the nodes."""
    started(cluster).ok("build.sh")
    built = set(cluster.state["images"]["minikube"])
    text = manifests.OUTPUT.read_text()
    header = text.split("\n---\n")[0]
    assert f's/{manifests.IMAGE_TAG_PLACEHOLDER}/$(deploy/minikube/tag.sh)/g' in header
    filled = text.replace(manifests.IMAGE_TAG_PLACEHOLDER, cluster.tag())
    named = set(re.findall(r'image: "?(todo-chatbot-[a-z]+:[^"\s]+)', filled))
    assert named == built, (named, built)


# ---- the scripts themselves --------------------------------------------------------------------

# Bash 4+ only, and so fatal in macOS's bash 3.2.
BASH4_ONLY = [
    (r"\b(declare|local|typeset)\s+-[a-zA-Z]*A", "associative arrays"),
    (r"\b(mapfile|readarray)\b", "mapfile/readarray"),
    (r"\$\{[^}]*(,,|\^\^|,|\^)\}", "case conversion ${x,,}"),
    (r"\b(declare|local)\s+-[a-zA-Z]*n\b", "namerefs"),
    (r"\$\{[^}]*@[QEPAaUuLK]\}", "${x@Q} transformations"),
    (r"&>>|\|&", "&>> and |&"),
    (r"\bcoproc\b", "coproc"),
    (r"\bwait\s+-n\b", "wait -n"),
]


def bash32_problems(text: str) -> list[str]:
    """Constructs of the script that bash 3.2 rejects: bash-4 features, and an
    array that may be empty (filled by `read -a` or `=()`) expanded as
    "${a[@]}", which 3.2 calls unbound under set -u."""
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    problems = [what for pattern, what in BASH4_ONLY if re.search(pattern, code)]
    maybe_empty = set(re.findall(r"read\s+(?:-\w+\s+)*-a\s+(\w+)", code)) | set(re.findall(r"\b(\w+)=\(\s*\)", code))
    for name in maybe_empty:
        bare = re.findall(rf'(?<!\+)"\$\{{{name}\[@\]\}}"', code)
        guarded = re.findall(rf'\$\{{{name}\[@\]\+"\$\{{{name}\[@\]\}}"\}}', code)
        if len(bare) > len(guarded):
            problems.append(f'"${{{name}[@]}}" of a possibly empty array')
    return problems


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.sh")), ids=lambda p: p.name)
def test_scripts_run_on_bash_3_2(script):
    assert bash32_problems(script.read_text()) == []


def test_bash32_check_catches_what_it_should():
    # start.sh before the fix: an empty MINIKUBE_FLAGS broke `make minikube-up` on macOS.
    assert bash32_problems('read -r -a flags <<<"${F:-}"\nmk start "${flags[@]}"\n') == ['"${flags[@]}" of a possibly empty array']
    assert bash32_problems('read -r -a flags <<<"${F:-}"\nmk start ${flags[@]+"${flags[@]}"}\n') == []
    assert bash32_problems('declare -A seen\n') == ["associative arrays"]
    assert bash32_problems('echo "${name,,}"\n') == ["case conversion ${x,,}"]
    assert bash32_problems('mapfile -t lines <f\n') == ["mapfile/readarray"]
    assert bash32_problems('args=(--namespace x)\nhelm "${args[@]}"\n') == []


def test_makefile_minikube_targets():
    makefile = (REPO / "Makefile").read_text()
    for target, script in [("minikube", "up.sh"), ("minikube-up", "start.sh"), ("minikube-build", "build.sh"),
                           ("minikube-deploy", "deploy.sh"), ("minikube-smoke", "smoke.sh"),
                           ("minikube-rollback", "rollback.sh"), ("minikube-down", "down.sh")]:
        assert re.search(rf"^{target}:\n\tbash deploy/minikube/{re.escape(script)}$", makefile, re.M), target
        assert (REPO / "deploy/minikube" / script).exists()
