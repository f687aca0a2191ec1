"""Shared fixtures of the deployment checks (run by scripts/cluster-sim.sh)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import render  # noqa: E402


@pytest.fixture(scope="session")
def charts(tmp_path_factory) -> Path:
    """A copy of deploy/helm with the umbrella's dependencies packed."""
    return render.prepare_charts(tmp_path_factory.mktemp("helm"))


@pytest.fixture(scope="session")
def bin_dir() -> Path:
    """The venv's bin folder: the CLI tools come from the same requirements file."""
    return Path(sys.executable).parent


def tool(bin_dir: Path, name: str) -> str:
    path = bin_dir / name
    if path.exists():
        return str(path)
    found = shutil.which(name)
    assert found, f"{name} is not installed (pip install -r deploy/tests/requirements.txt)"
    return found
