#!/usr/bin/env bash
# Print the path of a Python venv with the tools of a requirements file,
# creating or updating it when needed.
#
#   venv=$(bash deploy/scripts/venv.sh)                        # the deployment checks' (deploy/tests/requirements.txt)
#   venv=$(bash deploy/scripts/venv.sh REQUIREMENTS VENV_DIR)  # another set (scripts/mcp-clients.sh)
#
# DEPLOY_VENV chooses the deployment checks' folder (default
# /tmp/todo-chatbot-deploy-venv). The requirements' hash is stamped inside, so
# an unchanged venv costs nothing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
requirements=${1:-$repo/deploy/tests/requirements.txt}
venv=${2:-${DEPLOY_VENV:-/tmp/todo-chatbot-deploy-venv}}
want=$(sha256sum "$requirements" | cut -d' ' -f1)

if [[ ! -x $venv/bin/python || $(cat "$venv/.requirements-sha256" 2>/dev/null) != "$want" ]]; then
    echo "venv.sh: installing $requirements into $venv" >&2
    # Debian's python3 ships venv's pip bootstrap separately.
    if ! python3 -c 'import ensurepip' 2>/dev/null; then
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >&2
    fi
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
    echo "$want" >"$venv/.requirements-sha256"
fi
echo "$venv"
