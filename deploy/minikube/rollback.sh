#!/usr/bin/env bash
# Roll the release back to its previous revision (or REVISION) and wait for
# the rollout. The database schema is not rolled back (docs/operations.md).
#
#   deploy/minikube/rollback.sh
#   REVISION=3 deploy/minikube/rollback.sh
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need helm kubectl
helm history "$release" --namespace "$namespace" --max 5
revisions=$(helm history "$release" --namespace "$namespace" --max 2 -o json | grep -o '"revision":' | wc -l)
if [[ -z ${REVISION:-} && $revisions -lt 2 ]]; then
    echo "rollback.sh: $release has a single revision: nothing to roll back to" >&2
    exit 1
fi

# No revision argument: Helm rolls back to the previous one.
step "helm rollback $release ${REVISION:-(previous)}"
# shellcheck disable=SC2086 # REVISION is one number or nothing
helm rollback "$release" ${REVISION:-} --namespace "$namespace" --wait --timeout 10m
kubectl -n "$namespace" rollout status deployment/todo-chatbot-backend --timeout 5m
kubectl -n "$namespace" rollout status deployment/todo-chatbot-frontend --timeout 5m
helm history "$release" --namespace "$namespace" --max 3
