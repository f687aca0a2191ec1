#!/usr/bin/env bash
# Build both images inside Minikube with `minikube image build`, from the
# repository, running the Dockerfiles' full Rust and Node stages
# (ARTIFACTS=build, the default): the pods find the images in the nodes' own
# store and nothing goes through a registry (values-dev.yaml: pullPolicy Never).
#
#   deploy/minikube/build.sh
#
# Each image gets two tags: IMAGE_TAG (default v<workspace version>) and the
# git short revision. On a multi-node cluster every node builds (`--all`),
# because a pod with pullPolicy Never can only start where its image is.
# The first build compiles everything (the release profile has fat LTO) and
# takes a while; later builds reuse the dependency layers.
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need minikube git
mk status >/dev/null || { echo "build.sh: minikube is not running (make minikube-up)" >&2; exit 1; }
full_revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
if [[ -n $(git status --porcelain 2>/dev/null) ]]; then
    echo "build.sh: the work tree has uncommitted changes; the tag $revision names the last commit, not them" >&2
fi

for component in backend frontend; do
    for image_tag in "$tag" "$revision"; do
        step "todo-chatbot-$component:$image_tag"
        # The second build of the same component is a cache hit: it only adds the tag.
        mk image build --all -t "todo-chatbot-$component:$image_tag" \
            -f "deploy/docker/$component.Dockerfile" \
            --build-opt "build-arg=VERSION=$version" \
            --build-opt "build-arg=REVISION=$full_revision" \
            .
    done
done
mk image ls --format table | grep -E 'todo-chatbot-(backend|frontend)' || true
