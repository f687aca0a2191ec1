#!/usr/bin/env bash
# Todo Chatbot on a local Minikube, from nothing to the chat in a browser: start
# the cluster (metrics-server on), build both images inside it, install the
# umbrella chart with values-dev.yaml, run helm test and a smoke test through
# the UI, print the URL. Each step is its own script (and make target):
#
#   start.sh     make minikube-up       minikube start (NODES=3 for three nodes), metrics-server
#   build.sh     make minikube-build    both images, tagged with the work tree's git revision, on every node
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
# SMOKE=0 to skip the smoke test (it creates a user smoke-<time>);
# URL_CHECK_SECONDS (default 3), how long to try the node's address.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=deploy/minikube/common.sh
source "$here/common.sh"

need minikube kubectl helm git curl
[[ -z ${IMAGE_TAG:-} ]] ||
    die "up.sh builds and deploys the work tree's tag; IMAGE_TAG is for deploy.sh alone: unset it"
bash "$here/start.sh"
bash "$here/build.sh"
bash "$here/deploy.sh"
if [[ ${SMOKE:-1} != 0 ]]; then
    bash "$here/smoke.sh"
fi

step "the chat UI (no account exists yet: choose \"Create an account\")"
# The NodePort on the node's address answers from the host with most drivers,
# but not with the Docker driver on macOS and Windows, where the node is a
# container inside Docker Desktop's VM: there `minikube service --url` opens a
# tunnel, which lives as long as that command runs.
node_url="http://$(mk ip):30001"
if curl -fsS -m "${URL_CHECK_SECONDS:-3}" -o /dev/null "$node_url/health" 2>/dev/null; then
    echo "   $node_url"
else
    echo "   $node_url does not answer from this host (the Docker driver on macOS or Windows): run"
    echo "   minikube -p $profile service todo-chatbot-frontend -n $namespace --url"
    echo "   and open the URL it prints while it keeps running"
fi
