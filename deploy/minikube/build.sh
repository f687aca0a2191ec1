#!/usr/bin/env bash
# Build both images once, inside Minikube, and put them on every node; stop
# with one clear line when an image is missing on any node afterwards.
#
#   deploy/minikube/build.sh
#   REBUILD=1 deploy/minikube/build.sh      build even when every node has the tag already
#
# The tag is the work tree's (common.sh: the git short revision, or
# <revision>-dirty-<hash> with uncommitted changes; deploy/minikube/tag.sh
# prints it), so each commit is a new tag and `helm rollback` goes back to the
# previous code. IMAGE_TAG is refused here: it chooses what deploy.sh deploys.
#
# How: `minikube image build` on the primary node runs the Dockerfiles' full
# Rust and Node stages (the default target); on more than one node
# the result goes to the others with `minikube image save` and `load`, so the
# release build (fat LTO, gigabytes of memory) runs once, not once per node.
# The pods find the images in each node's own store and nothing goes through
# a registry (values-dev.yaml: pullPolicy Never).
#
# Why the check on every node: `minikube image build` exits 0 even when the
# Docker build inside it failed or was killed for lack of memory, and `image
# load` only warns about a node it could not load; a missing image would
# otherwise show up ten minutes later as pods stuck in ErrImageNeverPull.
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need minikube git
[[ -z ${IMAGE_TAG:-} ]] ||
    die "builds are tagged with the work tree's tag ($(work_tree_tag)); IMAGE_TAG only chooses what deploy.sh deploys: unset it"
mk status >/dev/null 2>&1 || die "minikube profile $profile is not running (make minikube-up)"
tag=$(work_tree_tag)
revision=$(full_revision)
nodes=$(node_names)
primary=$(echo "$nodes" | head -n 1)
[[ -n $primary ]] || die "minikube lists no nodes"
if [[ $tag == *-dirty-* ]]; then
    echo "build.sh: the work tree has uncommitted changes: tag $tag names them (commit to tie the images to a commit)" >&2
fi

archives=$(mktemp -d)
trap 'rm -rf "$archives"' EXIT

for component in $components; do
    image="todo-chatbot-$component:$tag"
    if [[ ${REBUILD:-0} == 0 && -z $(node_without "$image" "$nodes") ]]; then
        step "$image is on every node already (REBUILD=1 builds it again)"
        continue
    fi
    step "minikube image build $image (on $primary)"
    mk image build --node "$primary" -t "$image" -f "deploy/docker/$component.Dockerfile" \
        --build-opt "build-arg=VERSION=$version" \
        --build-opt "build-arg=REVISION=$revision" \
        . || die "minikube image build $image failed (the build's output is above)"
    image_on_node "$image" "$primary" ||
        die "$image is not on node $primary after the build: the Docker build failed (its output is above; minikube image build exits 0 regardless), or was killed for lack of memory (docs/troubleshooting.md)"
    if [[ $nodes != "$primary" ]]; then
        step "$image to the other nodes (minikube image save, load)"
        mk image save "$image" "$archives/$component.tar" || die "minikube image save $image failed"
        [[ -s $archives/$component.tar ]] || die "minikube image save $image wrote no archive"
        mk image load "$archives/$component.tar" || die "minikube image load $image failed"
    fi
    missing=$(node_without "$image" "$nodes")
    [[ -z $missing ]] ||
        die "$image is not on node $missing after \`minikube image load\` (which only warns about a node it could not load): run make minikube-build again, or see docs/troubleshooting.md"
done

step "todo-chatbot-backend:$tag and todo-chatbot-frontend:$tag are on every node: $(echo "$nodes" | paste -s -d ' ' -)"
echo "   make minikube-deploy deploys them"
