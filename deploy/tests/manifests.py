"""Plain Kubernetes manifests for people without Helm: the umbrella chart
rendered with its default values by the real Helm engine (helm-python-sdk),
written to deploy/manifests/todo-chatbot.yaml.

    python deploy/tests/manifests.py            print the rendering
    python deploy/tests/manifests.py --write    rewrite the committed file
    deploy/scripts/render-manifests.sh          the same as --write, in the checks' venv

test_charts.py::test_committed_manifests_are_fresh fails when the committed
file differs from a fresh rendering, so it cannot go stale.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))

import render  # noqa: E402

OUTPUT = render.REPO / "deploy" / "manifests" / "todo-chatbot.yaml"
RELEASE = "todo-chatbot"
NAMESPACE = "todo-chatbot"
# Fixed, so the file is reproducible; never a real password. The chart would
# otherwise generate one (randAlphaNum, or `lookup` on upgrade), and a
# generated secret must not be committed to git.
PASSWORD_PLACEHOLDER = "CHANGE_ME_POSTGRES_PASSWORD"
SECRET = f"{RELEASE}-secrets"
# The order `helm install` creates kinds in (a subset of Helm's InstallOrder):
# the Secret and ConfigMaps exist before the pods that read them.
KIND_ORDER = ["Namespace", "NetworkPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "ConfigMap",
              "PersistentVolumeClaim", "Service", "StatefulSet", "Deployment", "HorizontalPodAutoscaler", "Ingress"]

# The tag of the images, which differs per build: deploy/minikube/build.sh
# tags each commit (deploy/minikube/tag.sh prints the work tree's tag).
IMAGE_TAG_PLACEHOLDER = "CHANGE_ME_IMAGE_TAG"

HEADER = f"""\
# Todo Chatbot for `kubectl apply`, without Helm. GENERATED: do not edit.
# Rendered from deploy/helm/todo-chatbot with its default values (release
# "{RELEASE}", namespace "{NAMESPACE}") by deploy/scripts/render-manifests.sh
# (`make manifests`); a test fails when this file differs from a fresh rendering.
#
# BEFORE APPLYING, replace two placeholders:
# - {PASSWORD_PLACEHOLDER} (twice in the Secret {SECRET}). The chart
#   generates a random password at install time and keeps it across upgrades
#   with `lookup`; a rendered file cannot do either, and a generated password
#   committed to git would be a leaked secret. So the file carries a placeholder
#   and the Secret is written as stringData, in plain text, for you to fill in.
# - {IMAGE_TAG_PLACEHOLDER} (the images todo-chatbot-backend and
#   todo-chatbot-frontend). Every build has its own tag: `make minikube-build`
#   puts the work tree's tag on every Minikube node and deploy/minikube/tag.sh
#   prints it. For images in a registry, use their tag and edit `image:`.
#
#   sed -e "s/{PASSWORD_PLACEHOLDER}/$(openssl rand -hex 24)/g" \\
#       -e "s/{IMAGE_TAG_PLACEHOLDER}/$(deploy/minikube/tag.sh)/g" \\
#       deploy/manifests/todo-chatbot.yaml > /tmp/todo-chatbot.yaml
#   kubectl apply -f /tmp/todo-chatbot.yaml      # creates the namespace first
#   rm /tmp/todo-chatbot.yaml                    # it holds the password
#
# Keep the password: PostgreSQL is initialised with it on first start, and a
# later apply with a different one locks the backend out of its data.
# Helm test pods are left out; Helm users install the chart instead
# (docs/kubernetes.md, docs/operations.md).
"""


def namespace_doc() -> str:
    return yaml.safe_dump({
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": NAMESPACE, "labels": {"app.kubernetes.io/part-of": "todo-chatbot"}},
    }, sort_keys=False)


def secret_as_string_data(text: str) -> str:
    """The generated Secret with its data decoded into stringData, so the
    placeholder can be replaced with sed."""
    secret = yaml.safe_load(text)
    data = secret.pop("data")
    secret["stringData"] = {key: base64.b64decode(value).decode() for key, value in data.items()}
    assert PASSWORD_PLACEHOLDER in secret["stringData"]["DATABASE_URL"]
    return yaml.safe_dump(secret, sort_keys=False)


def render_manifests(charts: Path) -> str:
    """The whole file, from a copy of deploy/helm with the dependencies packed
    (render.prepare_charts)."""
    values = {"postgresql": {"auth": {"password": PASSWORD_PLACEHOLDER}},
              "backend": {"image": {"tag": IMAGE_TAG_PLACEHOLDER}},
              "frontend": {"image": {"tag": IMAGE_TAG_PLACEHOLDER}}}
    manifests = render.render(charts / render.UMBRELLA, values, name=RELEASE, namespace=NAMESPACE)
    out = [("(added for kubectl) namespace", namespace_doc())]
    for path, text in manifests:
        obj = yaml.safe_load(text)
        if "helm.sh/hook" in (obj["metadata"].get("annotations") or {}):
            continue  # `helm test` pods: Helm runs them on demand, kubectl would start them at once
        if obj["kind"] == "Secret" and obj["metadata"]["name"] == SECRET:
            text = secret_as_string_data(text)
        out.append((path, text))
    # A stable sort: within a kind, the chart's own order.
    out.sort(key=lambda item: KIND_ORDER.index(yaml.safe_load(item[1])["kind"]))
    return HEADER + render.as_stream(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.relative_to(render.REPO)}")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        text = render_manifests(render.prepare_charts(Path(tmp)))
    if args.write:
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(text)
        print(f"wrote {OUTPUT.relative_to(render.REPO)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
