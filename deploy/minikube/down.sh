#!/usr/bin/env bash
# Remove the Todo Chatbot release from Minikube.
#
#   deploy/minikube/down.sh            uninstall; keep the database (volume, data directory, Secret)
#   deploy/minikube/down.sh --purge    also delete them: all todos are lost
#   deploy/minikube/down.sh --stop     also stop the minikube cluster
#
# NAMESPACE, RELEASE and PROFILE as for up.sh (common.sh).
#
# Why --purge also removes the data directory on the nodes: Minikube's storage
# provisioner keeps a volume's directory (/tmp/hostpath-provisioner/<namespace>/<claim>)
# when the claim is deleted while the provisioner is not running as it was,
# e.g. after a Minikube restart. A reinstall then finds PostgreSQL's old data,
# which skips initialisation, while the chart generates a new password: the
# backend fails with "password authentication failed" (docs/troubleshooting.md).
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
if $purge || $stop; then
    need minikube
fi
if helm status "$release" --namespace "$namespace" >/dev/null 2>&1; then
    step "helm uninstall $release"
    helm uninstall "$release" --namespace "$namespace" --wait --timeout "$helm_timeout"
fi
if $purge; then
    # Where the data lives, read before the claim goes; the provisioner's
    # naming when the claim is gone already.
    claim="data-$release-postgresql-0"
    volume=$(kubectl -n "$namespace" get pvc "$claim" -o jsonpath='{.spec.volumeName}' 2>/dev/null || true)
    data_dir=/tmp/hostpath-provisioner/$namespace/$claim
    if [[ -n $volume ]]; then
        data_dir=$(kubectl get pv "$volume" -o jsonpath='{.spec.hostPath.path}' 2>/dev/null || true)
    fi
    # Both outlive `helm uninstall` on purpose (StatefulSet volumes; the Secret
    # has helm.sh/resource-policy: keep), so that a reinstall finds the data.
    step "deleting the claim $claim, the Secret $release-secrets and the namespace $namespace"
    kubectl -n "$namespace" delete pvc -l "app.kubernetes.io/instance=$release" --ignore-not-found
    kubectl -n "$namespace" delete secret "$release-secrets" --ignore-not-found
    kubectl delete namespace "$namespace" --ignore-not-found
    if [[ $data_dir == /tmp/hostpath-provisioner/?*/?* && $data_dir != *..* && $data_dir != *"'"* ]]; then
        for node in $(node_names); do
            mk ssh --node "$node" -- "sudo rm -rf '$data_dir'"
        done
        step "removed the database's data directory $data_dir on every node"
    else
        # Not Minikube's hostpath provisioner: its own reclaim policy applies.
        step "the volume $volume is not a Minikube hostpath directory: its storage class deletes the data (or keeps it, per its reclaim policy)"
    fi
fi
if $stop; then
    step "minikube stop"
    mk stop
fi
