"""Stand-ins for `minikube`, `kubectl`, `helm` and `curl`, for testing the
deploy/minikube scripts' control flow without a cluster (test_minikube_scripts.py).

Each stand-in is a small script on PATH that runs this file with its own name
(`python stand_ins.py minikube ARGS...`). It appends its call to
$STUB_STATE/calls.log and answers from $STUB_STATE/state.json the way the real
command answers in the cases the tests need, including its known faults:
`minikube image build` exits 0 when the Docker build inside it failed, and
`minikube image load` exits 0 when a node did not get the image. The state is
a toy model of a cluster (nodes, each node's image store, Helm's revisions, the
database's claim and volume), nothing more: these stand-ins prove what our
scripts do with such answers, not what Minikube, kubectl or Helm do.
"""

from __future__ import annotations

# Only light standard modules: every call of a stand-in starts Python anew.
import json
import os
import re
import sys

STATE_DIR = os.environ.get("STUB_STATE", ".")
STATE_FILE = os.path.join(STATE_DIR, "state.json")
NODE_IP = "192.168.49.2"
# A failed `docker build` as `minikube image build` passes it through, before exiting 0.
BUILD_ERROR = "ERROR: failed to solve: process \"/bin/sh -c cargo install --locked cargo-auditable\" did not complete successfully: exit code: 101"


def initial_state() -> dict:
    return {
        "running": False,
        "nodes": [],
        "images": {},  # node -> [image, ...]: each node's own store
        "build_fails": [],  # components whose Docker build fails
        "load_skips": [],  # nodes `minikube image load` silently misses
        "storage_node": "minikube",  # where kube-system/storage-provisioner runs
        "pvc_volume": None,  # the PV bound to the database's claim
        "pv_path": "",  # that PV's spec.hostPath.path
        "revisions": [],  # Helm's history: {"backend": tag, "frontend": tag} each
        "node_url_reachable": True,  # the NodePort on `minikube ip` from the host
    }


def read(path: str) -> str:
    with open(path) as f:
        return f.read()


def write(path: str, text: str) -> None:
    with open(path, "w") as f:
        f.write(text)


def load() -> dict:
    return json.loads(read(STATE_FILE)) if os.path.exists(STATE_FILE) else initial_state()


def save(state: dict) -> None:
    # Whole or not at all: smoke.sh's port-forward stand-in reads while others run.
    tmp = f"{STATE_FILE}.{os.getpid()}"
    write(tmp, json.dumps(state, indent=1))
    os.replace(tmp, STATE_FILE)


def log(name: str, args: list[str]) -> None:
    """One line a call: the arguments joined by spaces, as the tests match them."""
    with open(os.path.join(STATE_DIR, "calls.log"), "a") as f:
        f.write(" ".join([name, *args]) + "\n")


def option(args: list[str], *names: str) -> str | None:
    """The value of the first of `names` (`--tag x` or `--tag=x`)."""
    for i, arg in enumerate(args):
        for name in names:
            if arg == name and i + 1 < len(args):
                return args[i + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def fail(message: str, code: int = 1) -> int:
    print(message, file=sys.stderr)
    return code


# ---- minikube -----------------------------------------------------------------------


def minikube(args: list[str], state: dict) -> int:
    if args[:1] in (["--profile"], ["-p"]):
        args = args[2:]
    command = args[:2]
    if args[:1] == ["status"]:
        print("host: Running" if state["running"] else "host: Stopped")
        return 0 if state["running"] else 7
    if args[:1] == ["start"]:
        count = int(option(args, "--nodes") or 1)
        state["nodes"] = ["minikube"] + [f"minikube-m{i:02d}" for i in range(2, count + 1)]
        state["images"] = {node: state["images"].get(node, []) for node in state["nodes"]}
        state["running"] = True
        return 0
    if not state["running"]:
        return fail(f'X Exiting due to GUEST_STATUS: profile "minikube" not found or not running', 85)
    if args[:1] == ["stop"]:
        state["running"] = False
        return 0
    if args[:1] == ["ip"]:
        print(NODE_IP)
        return 0
    if command == ["addons", "enable"]:
        return 0
    if command == ["node", "list"]:
        for i, node in enumerate(state["nodes"]):
            print(f"{node}\t192.168.49.{i + 2}")
        return 0
    if command == ["image", "build"]:
        node = option(args, "--node", "-n") or state["nodes"][0]
        image = option(args, "-t", "--tag")
        component = re.fullmatch(r"todo-chatbot-(\w+):.+", image).group(1)
        if component in state["build_fails"]:
            print(BUILD_ERROR, file=sys.stderr)
            return 0  # what minikube does
        state["images"][node] = sorted(set(state["images"][node]) | {image})
        return 0
    if command == ["image", "save"]:
        image, archive = args[2], args[3]
        if not any(image in images for images in state["images"].values()):
            return fail(f"X Exiting due to GUEST_IMAGE_SAVE: Failed to save image: {image}: not found")
        write(archive, image + "\n")
        return 0
    if command == ["image", "load"]:
        image = read(args[2]).strip()
        for node in state["nodes"]:
            if node in state["load_skips"]:
                print(f"! Failed to load cached images for {node}", file=sys.stderr)
                continue  # only a warning: minikube still exits 0
            state["images"][node] = sorted(set(state["images"][node]) | {image})
        return 0
    if args[:1] == ["ssh"]:
        node = option(args, "--node", "-n") or state["nodes"][0]
        if node not in state["nodes"]:
            return fail(f"X Exiting due to GUEST_NODE_RETRIEVE: Could not find node {node}")
        remote = " ".join(args[args.index("--") + 1:])
        inspect = re.search(r"crictl inspecti (\S+) .*&& echo present", remote)
        if inspect:
            if inspect.group(1) in state["images"][node]:
                print("present")
            # Exit 0 either way, as `minikube ssh` long did (kubernetes/minikube#3525):
            # the scripts must read the answer, not the status.
            return 0
        if re.fullmatch(r"sudo rm -rf '[^']+'", remote):
            return 0
        return fail(f"stand-in minikube ssh: unexpected command {remote!r}")
    return fail(f"stand-in minikube: unexpected call {args}")


# ---- kubectl ------------------------------------------------------------------------


def kubectl(args: list[str], state: dict) -> int:
    namespace = option(args, "-n", "--namespace")
    if namespace:
        i = args.index(namespace)
        args = args[:i - 1] + args[i + 1:]
    if args[:3] == ["get", "nodes", "--no-headers"]:
        for node in state["nodes"]:
            print(f"{node}   Ready    control-plane   5m    v1.34.0")
        return 0
    if args[:2] == ["get", "nodes"]:
        print("NAME       STATUS   ROLES")
        for node in state["nodes"]:
            print(f"{node}   Ready    control-plane")
        return 0
    if args[:3] == ["get", "pod", "storage-provisioner"] and namespace == "kube-system":
        if not state["storage_node"]:
            return fail('Error from server (NotFound): pods "storage-provisioner" not found')
        print(state["storage_node"], end="")
        return 0
    if args[:2] == ["get", "pvc"]:
        if not state["pvc_volume"]:
            return fail(f'Error from server (NotFound): persistentvolumeclaims "{args[2]}" not found')
        print(state["pvc_volume"], end="")
        return 0
    if args[:2] == ["get", "pv"]:
        print(state["pv_path"], end="")
        return 0
    if args[:2] == ["delete", "pvc"]:
        # The claim goes; its directory stays, as with a provisioner that restarted.
        state["pvc_volume"] = None
        return 0
    if args[:1] == ["delete"] or args[:2] == ["rollout", "status"] or args[:2] == ["get", "pods"]:
        return 0
    if args[:2] == ["get", "deployment"]:
        current = state["revisions"][-1]
        for component in ("backend", "frontend"):
            print(f"todo-chatbot-{component}  todo-chatbot-{component}:{current[component]}")
        return 0
    if args[:1] == ["port-forward"]:
        os.execvp("sleep", ["sleep", "30"])
    return fail(f"stand-in kubectl: unexpected call {args}")


# ---- helm ---------------------------------------------------------------------------


def manifest(revision: dict) -> str:
    """What `helm get manifest` prints for a revision: the apps, their helm
    tests and PostgreSQL, with images quoted as the charts render them."""
    docs = []
    for component in ("backend", "frontend"):
        image = f"todo-chatbot-{component}:{revision[component]}"
        docs.append(f"# Source: todo-chatbot/charts/{component}/templates/deployment.yaml\nkind: Deployment\n"
                    f"spec:\n  template:\n    spec:\n      containers:\n        - name: todo-{component}\n"
                    f"          image: \"{image}\"\n          imagePullPolicy: Never\n")
    docs.append("# Source: todo-chatbot/templates/postgresql-statefulset.yaml\nkind: StatefulSet\nspec:\n"
                "  template:\n    spec:\n      containers:\n        - name: postgresql\n"
                "          image: \"docker.io/library/postgres:17.2-bookworm\"\n")
    return "---\n" + "---\n".join(docs)


def helm(args: list[str], state: dict) -> int:
    revisions = state["revisions"]
    if args[:2] == ["dependency", "build"] or args[:1] == ["test"]:
        return 0
    if args[:2] == ["upgrade", "--install"]:
        tags = {}
        for i, arg in enumerate(args):
            match = re.fullmatch(r"(backend|frontend)\.image\.tag=(.+)", arg)
            if match and args[i - 1] in ("--set", "--set-string"):
                tags[match.group(1)] = match.group(2)
        revisions.append(tags)
        print(f'Release "{args[2]}" has been upgraded. Happy Helming!')
        return 0
    if not revisions:
        return fail("Error: release: not found")
    if args[:1] == ["status"]:
        return 0
    if args[:1] == ["uninstall"]:
        revisions.clear()
        return 0
    if args[:1] == ["history"]:
        newest = [(number, revisions[number - 1]) for number in range(1, len(revisions) + 1)][-int(option(args, "--max") or 256):]
        if option(args, "-o", "--output") == "json":
            print(json.dumps([{"revision": n, "updated": "2026-12-02T10:00:00Z", "status": "deployed" if n == len(revisions) else "superseded",
                               "chart": "todo-chatbot-0.1.0", "app_version": "0.1.0", "description": "Upgrade complete"}
                              for n, _ in newest], separators=(",", ":")))
        else:
            print("REVISION\tSTATUS\tDESCRIPTION")
            for n, tags in newest:
                print(f"{n}\t{'deployed' if n == len(revisions) else 'superseded'}\t{tags['backend']}")
        return 0
    if args[:2] == ["get", "manifest"]:
        number = int(option(args, "--revision"))
        if not 1 <= number <= len(revisions):
            return fail(f"Error: release: not found")
        print(manifest(revisions[number - 1]), end="")
        return 0
    if args[:1] == ["rollback"]:
        number = int(args[2])
        if not 1 <= number <= len(revisions):
            return fail(f"Error: release has no {number} version")
        revisions.append(dict(revisions[number - 1]))
        print("Rollback was a success! Happy Helming!")
        return 0
    return fail(f"stand-in helm: unexpected call {args}")


# ---- curl (for smoke.sh and up.sh's URL check) -----------------------------------------


def curl(args: list[str], state: dict) -> int:
    url = next(arg for arg in args if arg.startswith("http"))
    if f"{NODE_IP}:30001" in url and not state["node_url_reachable"]:
        return fail(f"curl: (28) Connection timed out after 3001 milliseconds", 28)
    if url.endswith("/health"):
        print('{"status":"UP"}')
    elif url.endswith("/ready"):
        print('{"status":"ready"}')
    elif url.endswith("/auth/signup"):
        print('{"token":"tok-123","user":{"id":2}}\n201', end="")
    elif url.endswith("/chat"):
        print('{"conversation_id":"c1","reply":"Added it","intent":"add","actions":[]}\n200', end="")
    elif url.endswith("/todos"):
        print('[{"title":"Buy milk"}]')
    else:
        return fail(f"stand-in curl: unexpected URL {url}")
    return 0


COMMANDS = {"minikube": minikube, "kubectl": kubectl, "helm": helm, "curl": curl}


def main() -> int:
    name, args = sys.argv[1], sys.argv[2:]
    log(name, args)
    state = load()
    before = json.dumps(state)
    code = COMMANDS[name](args, state)
    if json.dumps(state) != before:
        save(state)
    return code


if __name__ == "__main__":
    sys.exit(main())
