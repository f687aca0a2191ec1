#!/usr/bin/env bash
# Start (or reuse) a Minikube cluster for the Todo Chatbot, with metrics-server
# for `kubectl top` and the HorizontalPodAutoscaler.
#
#   deploy/minikube/start.sh              one node
#   NODES=3 deploy/minikube/start.sh      three nodes (the charts spread pods over them)
#
# Environment: NODES (default 1), MINIKUBE_FLAGS (extra flags for `minikube
# start`, e.g. "--cpus 4 --memory 6g"), PROFILE (default minikube).
# NODES only applies to a new cluster: delete the profile to change it.
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need minikube kubectl
nodes=${NODES:-1}
[[ $nodes =~ ^[1-9][0-9]*$ ]] || { echo "start.sh: NODES must be a positive number, not '$nodes'" >&2; exit 2; }
read -r -a extra_flags <<<"${MINIKUBE_FLAGS:-}"

if mk status >/dev/null 2>&1; then
    step "minikube profile $profile is already running"
    running=$(kubectl get nodes --no-headers 2>/dev/null | wc -l)
    if [[ $running -ne $nodes ]]; then
        echo "start.sh: the cluster has $running node(s), NODES=$nodes; \`minikube delete --profile $profile\` to start over" >&2
    fi
else
    step "minikube start ($nodes node(s))"
    # ${a[@]+"${a[@]}"}: bash 3.2 (macOS) calls an empty "${a[@]}" unbound under set -u.
    mk start --nodes "$nodes" ${extra_flags[@]+"${extra_flags[@]}"}
fi

step "metrics-server addon"
mk addons enable metrics-server
kubectl get nodes -o wide
