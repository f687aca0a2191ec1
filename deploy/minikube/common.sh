# shellcheck shell=bash disable=SC2034 # its variables are used by the scripts that source it
# Shared settings and helpers of the deploy/minikube scripts; sourced, not run.
# Written for bash 3.2 too (macOS): no associative arrays, mapfile or ${x,,},
# and no expansion of an array that may be empty (set -u rejects it there).
#
# Environment (every script):
#   NAMESPACE        where the release lives (default todo-chatbot)
#   RELEASE          the Helm release name (default todo-chatbot; the charts' Service
#                    names and helm tests assume this name, change it only with care)
#   IMAGE_TAG        the image tag deploy.sh deploys (default: the work tree's tag,
#                    see work_tree_tag below; deploy/minikube/tag.sh prints it)
#   PROFILE          the minikube profile (default minikube)
#   HELM_TIMEOUT     how long helm waits for pods (default 10m)
#   ROLLOUT_TIMEOUT  how long each `kubectl rollout status` waits (default 5m)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$repo" || exit 1

namespace=${NAMESPACE:-todo-chatbot}
release=${RELEASE:-todo-chatbot}
profile=${PROFILE:-minikube}
helm_timeout=${HELM_TIMEOUT:-10m}
rollout_timeout=${ROLLOUT_TIMEOUT:-5m}
chart=deploy/helm/todo-chatbot
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
components="backend frontend"

# Stop with one clear line, named after the script that failed.
die() {
    echo "$(basename "$0"): $*" >&2
    exit 1
}

# Stop with a clear message when a tool is missing.
need() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool is not installed"
    done
}

step() {
    echo "== $*"
}

# Every minikube call names the profile.
mk() {
    minikube --profile "$profile" "$@"
}

# The image tag of the work tree: the git short revision of HEAD, so that every
# commit deploys as a new tag, `helm upgrade` always rolls the pods and `helm
# rollback` returns to the previous code. With uncommitted changes (tracked
# edits or new files) it is `<revision>-dirty-<hash>`, the hash of those
# changes: the same edits give the same tag, other edits another one.
work_tree_tag() {
    local revision changes
    revision=$(git rev-parse --short HEAD 2>/dev/null) ||
        die "$repo is not a git work tree with a commit: images are tagged by commit"
    if [[ -z $(git status --porcelain --untracked-files=all) ]]; then
        echo "$revision"
        return
    fi
    changes=$(
        git diff --binary HEAD
        git -c core.quotePath=false ls-files --others --exclude-standard | while IFS= read -r file; do
            echo "$file $(git hash-object -- "$file")"
        done
    )
    changes=$(printf '%s' "$changes" | git hash-object --stdin)
    echo "$revision-dirty-$(echo "$changes" | cut -c1-10)"
}

# The git revision for the images' OCI label.
full_revision() {
    local revision
    revision=$(git rev-parse HEAD)
    if [[ -n $(git status --porcelain --untracked-files=all) ]]; then
        revision="$revision-dirty"
    fi
    echo "$revision"
}

# The tag to deploy: IMAGE_TAG, or the work tree's.
deploy_tag() {
    if [[ -z ${IMAGE_TAG:-} ]]; then
        work_tree_tag
        return
    fi
    # Docker's tag grammar; never `latest` (the charts refuse it too).
    [[ $IMAGE_TAG =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ && $IMAGE_TAG != latest ]] ||
        die "IMAGE_TAG '$IMAGE_TAG' is not a fixed image tag"
    echo "$IMAGE_TAG"
}

# The cluster's node names, one a line (the first is the primary control plane).
node_names() {
    mk node list | awk '{ print $1 }'
}

# Whether IMAGE is in NODE's image store, asked the way the kubelet asks (the
# CRI's image status): with pullPolicy Never that is all that counts. The
# answer is read from the output, not from `minikube ssh`'s exit status.
image_on_node() {
    local answer
    answer=$(mk ssh --node "$2" -- "sudo crictl inspecti $1 >/dev/null 2>&1 && echo present" 2>/dev/null || true)
    [[ $answer == *present* ]]
}

# The first of NODES (names, one a line) that lacks IMAGE; nothing when all have it.
node_without() { # IMAGE NODES
    local node
    for node in $2; do
        if ! image_on_node "$1" "$node"; then
            echo "$node"
            return
        fi
    done
}

# Stop unless each of IMAGES (space-separated) is on every node; HINT says what to do.
require_images() { # IMAGES HINT
    local nodes image missing
    nodes=$(node_names)
    for image in $1; do
        missing=$(node_without "$image" "$nodes")
        [[ -z $missing ]] || die "$image is not on node $missing: $2"
    done
}
