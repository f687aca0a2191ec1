#!/usr/bin/env bash
# Todo Chatbot on a local Minikube: start the cluster, build both images inside
# it, install the umbrella chart with values-dev.yaml, wait, print the URL.
#
#   deploy/minikube/up.sh
#
# Needs minikube (docker container runtime, the default), kubectl, helm (v3.8+
# or v4) and the docker CLI on PATH. Environment:
#   NAMESPACE        where to install (default todo-chatbot)
#   IMAGE_TAG        image tag (default: the workspace version in Cargo.toml)
#   MINIKUBE_FLAGS   extra flags for `minikube start`, e.g. "--cpus 4 --memory 4g"
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo"

namespace=${NAMESPACE:-todo-chatbot}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tag=${IMAGE_TAG:-$version}
chart=deploy/helm/todo-chatbot

for tool in minikube kubectl helm docker; do
    command -v "$tool" >/dev/null || { echo "up.sh: $tool is not installed" >&2; exit 1; }
done

echo "== minikube start"
read -r -a extra_flags <<<"${MINIKUBE_FLAGS:-}"
minikube status >/dev/null 2>&1 || minikube start "${extra_flags[@]}"

# Built by the Docker engine inside minikube (its docker-env), from the
# repository, with the Dockerfiles' full Rust and Node stages (ARTIFACTS=build):
# the pods find the images in the node's own store, nothing goes through a
# registry. values-dev.yaml sets pullPolicy Never. Needs minikube's default
# docker container runtime.
echo "== building images inside minikube (the first build compiles everything: several minutes)"
eval "$(minikube docker-env)"
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
for component in backend frontend; do
    docker build -t "todo-chatbot-$component:$tag" -f "deploy/docker/$component.Dockerfile" \
        --build-arg "VERSION=$tag" --build-arg "REVISION=$revision" .
done

echo "== helm upgrade --install todo-chatbot"
helm dependency build "$chart"
helm upgrade --install todo-chatbot "$chart" \
    --namespace "$namespace" --create-namespace \
    -f "$chart/values-dev.yaml" \
    --set "backend.image.tag=$tag" --set "frontend.image.tag=$tag" \
    --wait --timeout 10m

echo "== rollout"
kubectl -n "$namespace" rollout status statefulset/todo-chatbot-postgresql --timeout 5m
kubectl -n "$namespace" rollout status deployment/todo-chatbot-backend --timeout 5m
kubectl -n "$namespace" rollout status deployment/todo-chatbot-frontend --timeout 5m
helm test todo-chatbot --namespace "$namespace"

echo "== the chat UI"
minikube service todo-chatbot-frontend --namespace "$namespace" --url
