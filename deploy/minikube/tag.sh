#!/usr/bin/env bash
# Print the image tag of the work tree: what build.sh builds and deploy.sh
# deploys (IMAGE_TAG, when set, is what deploy.sh deploys instead).
#
#   deploy/minikube/tag.sh             e.g. 3f2a9c1, or 3f2a9c1-dirty-5d41402abc with uncommitted changes
#
# The plain manifests' header uses it to fill in their image tag placeholder.
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

deploy_tag
