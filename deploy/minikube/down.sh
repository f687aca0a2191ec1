#!/usr/bin/env bash
# Remove the Todo Chatbot release from Minikube.
#
#   deploy/minikube/down.sh            uninstall; keep the database volume and its Secret
#   deploy/minikube/down.sh --purge    also delete them (all todos are lost)
#   deploy/minikube/down.sh --stop     also stop the minikube cluster
#
# NAMESPACE as for up.sh (default todo-chatbot).
set -euo pipefail

namespace=${NAMESPACE:-todo-chatbot}
purge=false
stop=false
for arg in "$@"; do
    case $arg in
    --purge) purge=true ;;
    --stop) stop=true ;;
    *) echo "usage: $0 [--purge] [--stop]" >&2; exit 2 ;;
    esac
done

if helm status todo-chatbot --namespace "$namespace" >/dev/null 2>&1; then
    helm uninstall todo-chatbot --namespace "$namespace" --wait
fi
if $purge; then
    # Both outlive `helm uninstall` on purpose (StatefulSet volumes; the Secret
    # has helm.sh/resource-policy: keep), so that a reinstall finds the data.
    kubectl -n "$namespace" delete pvc -l app.kubernetes.io/instance=todo-chatbot --ignore-not-found
    kubectl -n "$namespace" delete secret todo-chatbot-secrets --ignore-not-found
    kubectl delete namespace "$namespace" --ignore-not-found
fi
if $stop; then
    minikube stop
fi
