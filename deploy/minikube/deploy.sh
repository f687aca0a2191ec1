#!/usr/bin/env bash
# Install or upgrade the umbrella chart on Minikube with values-dev.yaml, wait
# for every pod, then run `helm test`.
#
#   deploy/minikube/deploy.sh                     the work tree's tag (what build.sh built)
#   IMAGE_TAG=3f2a9c1 deploy/minikube/deploy.sh   another build that is still on the nodes
#
# Environment: NAMESPACE, RELEASE, IMAGE_TAG, HELM_TIMEOUT, ROLLOUT_TIMEOUT
# (see common.sh); VALUES (an extra values file, applied after values-dev.yaml);
# REPLICAS (pods per app, default the dev values' 1; on three nodes try 3 to
# see them spread).
#
# It stops at once, before Helm changes anything, when an image of the tag is
# missing on a node (pods with pullPolicy Never would wait in ErrImageNeverPull).
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need helm kubectl minikube
tag=$(deploy_tag)
step "images todo-chatbot-backend:$tag and todo-chatbot-frontend:$tag on every node"
require_images "todo-chatbot-backend:$tag todo-chatbot-frontend:$tag" \
    "run make minikube-build first (it builds the work tree's tag), or set IMAGE_TAG to a tag that was built (minikube image ls | grep todo-chatbot)"

args=(--namespace "$namespace" --create-namespace -f "$chart/values-dev.yaml")
if [[ -n ${VALUES:-} ]]; then
    args+=(-f "$VALUES")
fi
args+=(--set-string "backend.image.tag=$tag" --set-string "frontend.image.tag=$tag")
if [[ -n ${REPLICAS:-} ]]; then
    args+=(--set "backend.replicaCount=$REPLICAS" --set "frontend.replicaCount=$REPLICAS")
fi
# Minikube's default storage provisioner makes a volume a directory on the node
# where the provisioner itself runs, and nowhere else
# (kubernetes/minikube#12165): on several nodes PostgreSQL must run there.
if [[ $(node_names | wc -l) -gt 1 ]]; then
    storage_node=$(kubectl -n kube-system get pod storage-provisioner -o jsonpath='{.spec.nodeName}' 2>/dev/null || true)
    if [[ -n $storage_node ]]; then
        args+=(--set-string "postgresql.nodeSelector.kubernetes\.io/hostname=$storage_node")
    else
        echo "deploy.sh: no kube-system/storage-provisioner pod: PostgreSQL is not pinned to a node (fine for a storage class whose volumes follow the pod)" >&2
    fi
fi

step "helm dependency build $chart"
helm dependency build "$chart"
step "helm upgrade --install $release (images $tag)"
helm upgrade --install "$release" "$chart" "${args[@]}" --wait --timeout "$helm_timeout"

step "rollout"
kubectl -n "$namespace" rollout status "statefulset/$release-postgresql" --timeout "$rollout_timeout"
kubectl -n "$namespace" rollout status deployment/todo-chatbot-backend --timeout "$rollout_timeout"
kubectl -n "$namespace" rollout status deployment/todo-chatbot-frontend --timeout "$rollout_timeout"
kubectl -n "$namespace" get pods -o wide

step "helm test $release"
helm test "$release" --namespace "$namespace"
