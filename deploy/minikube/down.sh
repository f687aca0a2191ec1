#!/usr/bin/env bash
# Remove the Todo Chatbot release from Minikube.
#
#   deploy/minikube/down.sh            uninstall; keep the database volume and its Secret
#   deploy/minikube/down.sh --purge    also delete them (all todos are lost)
#   deploy/minikube/down.sh --stop     also stop the minikube cluster
#
# NAMESPACE, RELEASE and PROFILE as for up.sh (common.sh).
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

purge=false
stop=false
for arg in "$@"; do
    case $arg in
    --purge) purge=true ;;
    --stop) stop=true ;;
    *) echo "usage: $0 [--purge] [--stop]" >&2; exit 2 ;;
    esac
done

need helm kubectl
if helm status "$release" --namespace "$namespace" >/dev/null 2>&1; then
    helm uninstall "$release" --namespace "$namespace" --wait
fi
if $purge; then
    # Both outlive `helm uninstall` on purpose (StatefulSet volumes; the Secret
    # has helm.sh/resource-policy: keep), so that a reinstall finds the data.
    kubectl -n "$namespace" delete pvc -l "app.kubernetes.io/instance=$release" --ignore-not-found
    kubectl -n "$namespace" delete secret "$release-secrets" --ignore-not-found
    kubectl delete namespace "$namespace" --ignore-not-found
fi
if $stop; then
    mk stop
fi
