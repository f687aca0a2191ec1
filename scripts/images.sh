#!/usr/bin/env bash
# Build the two container images with podman from host-built artifacts, check
# their size, and smoke-test each as a non-root, read-only container.
#
#   scripts/images.sh
#
# Needs, built beforehand (see deploy/README.md for the order):
#   $BIN_DIR/{todo-api,todo-web}  static binaries: scripts/static-build.sh makes the
#                                 shipped ones in target/x86_64-unknown-linux-gnu/release
#                                 (the default BIN_DIR); make test passes its own
#                                 static ci-profile build (target/x86_64-unknown-linux-gnu/ci)
#   web/dist                      cd web && npm ci && npm run build
# The binaries are stripped as they are staged (the ci profile keeps symbols
# for the tests' backtraces; the release profile strips them already).
#
# Environment:
#   BIN_DIR         where the static binaries are (default above)
#   IMAGE_TAG       tag of both images (default: the workspace version, e.g. 0.1.0)
#   EXTRA_TAGS      more tags, space-separated, each built as its own image with
#                   that VERSION label (the cluster simulation rolls between them)
#   BACKEND_MAX_MB  size limit of the backend image (default 20, for the shipped build)
#   FRONTEND_MAX_MB size limit of the frontend image (default 15)
#
# --health-interval disable: podman schedules HEALTHCHECKs with systemd timers,
# and there is no systemd here; `podman healthcheck run` still runs the check.
# Podman 4.3 still logs "unable to get systemd connection" for each container,
# and "failed to connect to syslog": both harmless here.
#
# Why prebuilt: no base image can be pulled here, so the Dockerfiles' Rust and
# Node stages cannot run; `--target prebuilt` makes podman skip them and copy
# the staged files instead, into the same runtime stage as the default target.
# (`make images-from-source` builds the default target with local stand-ins
# for the base images: scripts/images-from-source.sh.)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

die() { echo "images.sh: $*" >&2; exit 1; }
step() { echo "== $*"; }

target_dir=${BIN_DIR:-target/x86_64-unknown-linux-gnu/release}
stage=deploy/docker/prebuilt
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
[[ -n $version ]] || die "no version in Cargo.toml's [workspace.package]"
tag=${IMAGE_TAG:-$version}
read -r -a extra_tags <<<"${EXTRA_TAGS:-}"
backend_max=$((${BACKEND_MAX_MB:-20} * 1000 * 1000))
frontend_max=$((${FRONTEND_MAX_MB:-15} * 1000 * 1000))
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)

bash deploy/scripts/install-podman.sh >/dev/null
podman() { command podman --runtime runc "$@"; }
# shellcheck source=scripts/image-smoke.sh
source scripts/image-smoke.sh

step "Dockerfile lint (hadolint)"
venv=$(bash deploy/scripts/venv.sh)
"$venv/bin/hadolint" deploy/docker/backend.Dockerfile deploy/docker/frontend.Dockerfile

step "staging the host-built artifacts in $stage"
# A binary with a program interpreter (ld-linux) would not start in a scratch image.
for bin in todo-api todo-web; do
    [[ -x $target_dir/$bin ]] || die "$target_dir/$bin is missing: run scripts/static-build.sh"
    if readelf -l "$target_dir/$bin" | grep -q 'program interpreter'; then
        die "$target_dir/$bin is dynamically linked: build it with scripts/static-build.sh"
    fi
done
[[ -f web/dist/index.html ]] || die "web/dist/index.html is missing: cd web && npm ci && npm run build"
rm -rf "$stage"
mkdir -p "$stage"
for bin in todo-api todo-web; do strip -o "$stage/$bin" "$target_dir/$bin"; done
cp /etc/ssl/certs/ca-certificates.crt "$stage/"
# The backend's writable directories: the /data volume (its SQLite default) and /tmp.
install -d -m 0755 "$stage/rootfs/data"
install -d -m 1777 "$stage/rootfs/tmp"
cp -r web/dist "$stage/dist"

build() { # IMAGE DOCKERFILE VERSION
    # --format docker: the OCI format has no HEALTHCHECK. --no-cache: buildah
    # reuses a cached LABEL layer when only the REVISION build argument
    # changed, which left an older revision label on an unchanged image; the
    # build is only COPY steps, so the cache saves nothing worth that.
    podman build --quiet --no-cache --format docker --target prebuilt \
        --build-arg VERSION="$3" --build-arg REVISION="$revision" \
        -f "$2" -t "$1" . >/dev/null
}

started=$(date +%s)
for t in "$tag" "${extra_tags[@]}"; do
    step "building todo-chatbot-backend:$t and todo-chatbot-frontend:$t"
    build "todo-chatbot-backend:$t" deploy/docker/backend.Dockerfile "$t"
    build "todo-chatbot-frontend:$t" deploy/docker/frontend.Dockerfile "$t"
done
echo "built in $(($(date +%s) - started)) s"

step "image sizes"
size_ok=true
check_size() { # IMAGE LIMIT
    local size
    size=$(podman image inspect --format '{{.Size}}' "$1")
    awk -v n="$1" -v s="$size" -v l="$2" 'BEGIN { printf "%-36s %6.2f MB (limit %d MB)\n", n, s / 1e6, l / 1e6 }'
    if ((size > $2)); then
        echo "images.sh: $1 is larger than the limit" >&2
        size_ok=false
    fi
}
check_size "todo-chatbot-backend:$tag" "$backend_max"
check_size "todo-chatbot-frontend:$tag" "$frontend_max"
$size_ok || exit 1

step "image metadata"
for image in "todo-chatbot-backend:$tag" "todo-chatbot-frontend:$tag"; do
    user=$(podman image inspect --format '{{.Config.User}}' "$image")
    [[ $user == 65532:65532 ]] || die "$image runs as '$user', not 65532:65532"
    stop=$(podman image inspect --format '{{.Config.StopSignal}}' "$image")
    [[ $stop == SIGTERM ]] || die "$image stop signal is '$stop'"
    label=$(podman image inspect --format '{{index .Config.Labels "org.opencontainers.image.revision"}}' "$image")
    [[ $label == "$revision" ]] || die "$image revision label is '$label'"
    health=$(podman image inspect --format '{{.Config.Healthcheck}}' "$image")
    [[ $health == *healthcheck* ]] || die "$image has no HEALTHCHECK ($health)"
    echo "$image: user $user, stop $stop, revision $label"
done

step "smoke test: non-root, read-only root file system"
# The images' own defaults (accounts mode; the backend's SQLite database in its
# /data volume, the only writable place), as the chart runs them: non-root, no
# capabilities.
start_images "$tag" "todo-images-smoke-$$" \
    --user 65532:65532 --cap-drop ALL --security-opt no-new-privileges
for path in /health /ready; do
    wait_200 "$backend_url$path" >/dev/null || report_failure "$backend" "backend $path did not answer 200"
    wait_200 "$frontend_url$path" >/dev/null || report_failure "$frontend" "frontend $path did not answer 200"
done
# The image's own HEALTHCHECK (todo-api/todo-web healthcheck, no curl inside).
podman healthcheck run "$backend" || report_failure "$backend" "the backend HEALTHCHECK failed"
podman healthcheck run "$frontend" || report_failure "$frontend" "the frontend HEALTHCHECK failed"
wait_200 "$frontend_url/" | grep -qi '<html' || report_failure "$frontend" "the frontend did not serve the UI"
# /api goes through the proxy to the backend by its alias (OpenAPI needs no login).
wait_200 "$frontend_url/api/v1/openapi.json" | grep -q '"openapi"' ||
    report_failure "$frontend" "the frontend did not proxy /api to the backend"
uid=$(podman top "$backend" user | tail -n 1 | tr -d ' ')
[[ $uid == 65532 ]] || die "the backend process runs as '$uid'"
echo "backend and frontend answer /health and /ready as uid 65532 on a read-only root; the UI and the /api proxy work"
echo "images.sh: ok (todo-chatbot-backend:$tag, todo-chatbot-frontend:$tag${EXTRA_TAGS:+, also ${EXTRA_TAGS}})"
