#!/usr/bin/env bash
# Write deploy/manifests/todo-chatbot.yaml: the umbrella chart rendered with
# its default values as plain manifests for `kubectl apply` (no Helm needed),
# with a PostgreSQL password placeholder the user replaces (the file's header
# says why and how). Run it after any change to the charts; the chart tests
# fail while the committed file is stale.
#
#   deploy/scripts/render-manifests.sh      (or: make manifests)
#
# Renders with the real Helm engine (helm-python-sdk) from the checks' venv,
# so no helm binary is needed.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"
venv=$(bash deploy/scripts/venv.sh)
PYTHONDONTWRITEBYTECODE=1 exec "$venv/bin/python" deploy/tests/manifests.py --write
