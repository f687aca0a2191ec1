#!/usr/bin/env bash
# Todo Chatbot on a local Minikube, from nothing to the chat in a browser: start
# the cluster (metrics-server on), build both images inside it, install the
# umbrella chart with values-dev.yaml, run helm test and a smoke test through
# the UI, print the URL. Each step is its own script (and make target):
#
#   start.sh     make minikube-up       minikube start (NODES=3 for three nodes), metrics-server
#   build.sh     make minikube-build    both images, tags v<version> and the git short revision
#   deploy.sh    make minikube-deploy   helm dependency build, helm upgrade --install --wait, helm test
#   smoke.sh     make minikube-smoke    /health, /ready, signup and one chat message through /api
#   rollback.sh  make minikube-rollback helm rollback to the previous revision
#   down.sh      make minikube-down     helm uninstall (--purge, --stop)
#
#   deploy/minikube/up.sh
#   NODES=3 REPLICAS=3 deploy/minikube/up.sh
#
# Needs minikube (docker container runtime, the default), kubectl, helm (v3.8+
# or v4), git and curl on PATH. Environment: those of the scripts above, and
# SMOKE=0 to skip the smoke test (it creates a user smoke-<time>).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/minikube/common.sh
source "$here/common.sh"

need minikube kubectl helm git curl
bash "$here/start.sh"
bash "$here/build.sh"
bash "$here/deploy.sh"
if [[ ${SMOKE:-1} != 0 ]]; then
    bash "$here/smoke.sh"
fi

step "the chat UI (no account exists yet: choose \"Create an account\")"
echo "   http://$(mk ip):30001"
echo "   or: minikube service todo-chatbot-frontend -n $namespace --url"
