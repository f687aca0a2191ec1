# shellcheck shell=bash disable=SC2034 # its variables are used by the scripts that source it
# Shared settings of the deploy/minikube scripts; sourced, not run.
#
# Environment (every script):
#   NAMESPACE   where the release lives (default todo-chatbot)
#   RELEASE     the Helm release name (default todo-chatbot; the charts' Service
#               names and helm tests assume this name, change it only with care)
#   IMAGE_TAG   the image tag to build and deploy (default v<workspace version>)
#   PROFILE     the minikube profile (default minikube)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo" || exit 1

namespace=${NAMESPACE:-todo-chatbot}
release=${RELEASE:-todo-chatbot}
profile=${PROFILE:-minikube}
chart=deploy/helm/todo-chatbot
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
tag=${IMAGE_TAG:-v$version}
# The git short revision: the second tag of every build, so that a later
# build is a new tag `helm upgrade` can roll to and `helm rollback` can leave.
revision=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)

# Stop with a clear message when a tool is missing.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$(basename "$0"): $tool is not installed" >&2; exit 1; }
    done
}

step() {
    echo "== $*"
}

# Every minikube call names the profile.
mk() {
    minikube --profile "$profile" "$@"
}
