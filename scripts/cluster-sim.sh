#!/usr/bin/env bash
# The deployment checks: the Helm charts rendered and validated offline, the
# Dockerfiles and scripts linted, and a cluster simulation with podman
# (deploy/tests/test_cluster_sim.py says what it does and does not prove).
#
#   scripts/cluster-sim.sh              everything; needs the images from
#                                       `EXTRA_TAGS=<version>-next scripts/images.sh`
#   scripts/cluster-sim.sh --static     only the checks that need no image or podman
#   scripts/cluster-sim.sh ... -k roll  extra arguments go to pytest
#
# The tools (helm-python-sdk, kubernetes-validate, checkov, yamllint, hadolint,
# ShellCheck and pytest) are installed into a venv by deploy/scripts/venv.sh.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

tests=(deploy/tests)
if [[ ${1:-} == --static ]]; then
    shift
    tests=(deploy/tests/test_static.py deploy/tests/test_charts.py)
else
    bash deploy/scripts/install-podman.sh >/dev/null
    # The simulation starts its own PostgreSQL cluster (scripts/postgres.sh).
    bash scripts/postgres.sh install
fi

venv=$(bash deploy/scripts/venv.sh)
# -p no:cacheprovider and no bytecode: leave no .pytest_cache or __pycache__ in the work tree.
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest -p no:cacheprovider -ra "${tests[@]}" "$@"
