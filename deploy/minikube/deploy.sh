#!/usr/bin/env bash
# Install or upgrade the umbrella chart on Minikube with values-dev.yaml, wait
# for every pod, then run `helm test`.
#
#   deploy/minikube/deploy.sh
#   IMAGE_TAG=abc1234 deploy/minikube/deploy.sh      deploy another build (e.g. the git revision tag)
#
# Environment: NAMESPACE, RELEASE, IMAGE_TAG (see common.sh); VALUES (an extra
# values file, applied after values-dev.yaml); REPLICAS (pods per app, default
# the dev values' 1; on three nodes try 3 to see them spread).
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need helm kubectl
args=(--namespace "$namespace" --create-namespace -f "$chart/values-dev.yaml")
if [[ -n ${VALUES:-} ]]; then
    args+=(-f "$VALUES")
fi
args+=(--set-string "backend.image.tag=$tag" --set-string "frontend.image.tag=$tag")
if [[ -n ${REPLICAS:-} ]]; then
    args+=(--set "backend.replicaCount=$REPLICAS" --set "frontend.replicaCount=$REPLICAS")
fi
# Minikube's default storage provisioner makes hostPath volumes on one node
# only, so on a multi-node cluster PostgreSQL stays on the control-plane node,
# where its volume is.
nodes=$(kubectl get nodes --no-headers | wc -l)
if [[ $nodes -gt 1 ]]; then
    control_plane=$(kubectl get nodes -l node-role.kubernetes.io/control-plane \
        -o jsonpath='{.items[0].metadata.name}')
    args+=(--set-string "postgresql.nodeSelector.kubernetes\.io/hostname=$control_plane")
fi

step "helm dependency build $chart"
helm dependency build "$chart"
step "helm upgrade --install $release (images $tag)"
helm upgrade --install "$release" "$chart" "${args[@]}" --wait --timeout 10m

step "rollout"
kubectl -n "$namespace" rollout status "statefulset/$release-postgresql" --timeout 5m
kubectl -n "$namespace" rollout status deployment/todo-chatbot-backend --timeout 5m
kubectl -n "$namespace" rollout status deployment/todo-chatbot-frontend --timeout 5m
kubectl -n "$namespace" get pods -o wide

step "helm test $release"
helm test "$release" --namespace "$namespace"
