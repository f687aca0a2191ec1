#!/usr/bin/env bash
# Roll the release back to its previous revision (or REVISION) and wait for
# the rollout. The database schema is not rolled back (docs/operations.md).
#
#   deploy/minikube/rollback.sh
#   REVISION=3 deploy/minikube/rollback.sh
#
# Every build has its own tag (build.sh), so the revision rolled back to runs
# the code it ran before. Its images must still be on every node: the script
# checks that first and stops with one line naming the missing image, rather
# than leaving pods in ErrImageNeverPull. Environment as in common.sh.
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need helm kubectl minikube
helm history "$release" --namespace "$namespace" --max 5
# The newest revision's number, from `helm history -o json` (one object).
current=$(helm history "$release" --namespace "$namespace" --max 1 -o json | sed -n 's/.*"revision": *\([0-9][0-9]*\).*/\1/p')
[[ -n $current ]] || die "no release $release in namespace $namespace"
target=${REVISION:-$((current - 1))}
[[ $target =~ ^[0-9]+$ ]] || die "REVISION must be a revision number (helm history $release -n $namespace), not '$target'"
[[ $target -ge 1 ]] || die "$release has a single revision: nothing to roll back to"

# The images of the target revision's manifests (the apps and their helm tests).
images=$(helm get manifest "$release" --namespace "$namespace" --revision "$target" |
    sed -n 's/^[[:space:]]*image:[[:space:]]*"\{0,1\}\(todo-chatbot-[a-z]*:[^"[:space:]]*\)"\{0,1\}[[:space:]]*$/\1/p' | sort -u | paste -s -d ' ' -)
[[ -n $images ]] || die "revision $target names no todo-chatbot image: nothing to check, not rolled back"
step "revision $target runs $images"
require_images "$images" \
    "rebuild that commit (git checkout it, make minikube-build) or choose another REVISION (helm history $release -n $namespace)"

step "helm rollback $release $target"
helm rollback "$release" "$target" --namespace "$namespace" --wait --timeout "$helm_timeout"
kubectl -n "$namespace" rollout status deployment/todo-chatbot-backend --timeout "$rollout_timeout"
kubectl -n "$namespace" rollout status deployment/todo-chatbot-frontend --timeout "$rollout_timeout"
helm history "$release" --namespace "$namespace" --max 3
step "running now"
kubectl -n "$namespace" get deployment todo-chatbot-backend todo-chatbot-frontend \
    -o jsonpath='{range .items[*]}{.metadata.name}{"  "}{.spec.template.spec.containers[0].image}{"\n"}{end}'
