"""Render the Helm charts offline with the real Helm engine (helm-python-sdk).

Used by the chart tests and by the cluster simulation, so both look at the
same manifests that `helm install` would send.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import helm_python as helm
import yaml

REPO = Path(__file__).resolve().parents[2]
HELM_DIR = REPO / "deploy" / "helm"
CHARTS = ("todo-chatbot-backend", "todo-chatbot-frontend", "todo-chatbot")
UMBRELLA = "todo-chatbot"


def load_values(*files: Path) -> dict:
    """Merge values files left to right, like repeated `-f` flags."""
    merged: dict = {}
    for file in files:
        merged = deep_merge(merged, yaml.safe_load(file.read_text()) or {})
    return merged


def deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def prepare_charts(workdir: Path) -> Path:
    """Copy the charts to workdir and pack the umbrella's dependencies there
    (`helm dependency update`), so the work tree is left as it is."""
    for name in CHARTS:
        shutil.copytree(HELM_DIR / name, workdir / name, ignore=shutil.ignore_patterns("charts"))
    helm.dependency_update(workdir / UMBRELLA)
    return workdir


def render(chart_dir: Path, values: dict | None = None, *, name: str, namespace: str = "todo") -> list[tuple[str, str]]:
    """[(template path, manifest text)] as `helm template` prints them (values
    checked against every values.schema.json, as install does): NOTES
    left out, empty templates dropped, leading and trailing blank lines trimmed."""
    with helm.Chart.load(chart_dir) as chart:
        rendered = chart.render(values or {}, name=name, namespace=namespace, is_install=True)
    out = []
    for path, text in sorted(rendered.items()):
        if path.endswith("NOTES.txt"):
            continue
        # A template may hold several documents.
        for doc in text.split("\n---\n"):
            doc = doc.strip("\n")
            if yaml.safe_load(doc) is not None:
                out.append((path, doc + "\n"))
    return out


def notes(chart_dir: Path, values: dict | None = None, *, name: str, namespace: str = "todo") -> str:
    with helm.Chart.load(chart_dir) as chart:
        rendered = chart.render(values or {}, name=name, namespace=namespace, is_install=True)
    top = f"{chart_dir.name}/templates/NOTES.txt"
    return rendered.get(top, "")


def as_stream(manifests: list[tuple[str, str]]) -> str:
    """One multi-document YAML stream with `# Source:` headers, like `helm template`."""
    return "".join(f"---\n# Source: {path}\n{text}" for path, text in manifests)


def objects(manifests: list[tuple[str, str]]) -> list[dict]:
    return [yaml.safe_load(text) for _, text in manifests]


def find(objs: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [o for o in objs if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]


def one(objs: list[dict], kind: str, name: str) -> dict:
    found = find(objs, kind, name)
    assert len(found) == 1, f"expected one {kind} {name}, got {[o['metadata']['name'] for o in find(objs, kind)]}"
    return found[0]
