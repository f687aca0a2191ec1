#!/usr/bin/env bash
# `make images-from-source`: the Dockerfiles' default path, as a Docker user
# runs it (`docker build -f deploy/docker/backend.Dockerfile .`), proven here
# where no registry can be reached: both images compiled inside their Rust and
# Node stages, then run with their defaults and asked for /ready.
#
#   scripts/images-from-source.sh
#   REBUILD_STAND_INS=1 scripts/images-from-source.sh   make the stand-ins again
#
# The base images cannot be pulled, so local stand-ins take their names
# (docker.io/library/rust:<tag> and docker.io/library/node:<tag>), built from
# Debian bookworm packages (mmdebstrap, deb.debian.org) and this machine's own
# toolchains of the same versions; the builds then run with --pull=never, so
# nothing else can be used. docs/kubernetes.md says what the stand-ins lack.
#
# Not part of make test: it compiles the release binaries (fat LTO) inside
# containers, and fetches crates and npm packages; about ten minutes on two
# cores. The stand-ins stay in podman's store for the next run.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

die() { echo "images-from-source.sh: $*" >&2; exit 1; }
step() { echo "== $*"; }
podman() { command podman --runtime runc "$@"; }
# shellcheck source=scripts/image-smoke.sh
source scripts/image-smoke.sh

bash deploy/scripts/install-podman.sh >/dev/null
command -v mmdebstrap >/dev/null || die "mmdebstrap is missing (apt-get install mmdebstrap)"

# The base images the Dockerfiles name, and the versions they pin.
rust_image=$(sed -n 's/^FROM \(docker\.io\/library\/rust:[^ ]*\) AS .*/\1/p' deploy/docker/backend.Dockerfile)
node_image=$(sed -n 's/^FROM \(docker\.io\/library\/node:[^ ]*\) AS .*/\1/p' deploy/docker/frontend.Dockerfile)
[[ -n $rust_image && -n $node_image ]] || die "no rust or node base image found in the Dockerfiles"
rust_version=${rust_image##*:}
rust_version=${rust_version%%-*}
node_version=${node_image##*:}
node_version=${node_version%%-*}
work=${STAND_IN_DIR:-/tmp/todo-chatbot-stand-ins}
mirror=http://deb.debian.org/debian
tag=from-source
started=$(date +%s)
seconds() { echo $(($(date +%s) - $1)); }

# ---- the stand-ins --------------------------------------------------------------

# This machine's own certificate authorities (/usr/local/share/ca-certificates),
# added to the stand-ins' trust store: where outgoing HTTPS goes through an
# intercepting proxy, crates.io and npm are reached only through its CA. ($1 is
# mmdebstrap's: the new root.)
# shellcheck disable=SC2016
extra_cas='mkdir -p "$1/usr/local/share/ca-certificates" && if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then cp /usr/local/share/ca-certificates/*.crt "$1/usr/local/share/ca-certificates/"; fi && chroot "$1" update-ca-certificates >/dev/null'

# A Debian bookworm root file system with PACKAGES, this machine's CAs and the
# hook's files, imported as IMAGE with the ENV settings given. IMAGE PACKAGES HOOK ENV...
stand_in() {
    local image=$1 packages=$2 hook=$3
    shift 3
    if podman image exists "$image" && [[ -z ${REBUILD_STAND_INS:-} ]]; then
        echo "$image: the stand-in from an earlier run"
        return
    fi
    local changes=() setting
    for setting in "$@"; do changes+=(--change "ENV $setting"); done
    mkdir -p "$work"
    local tarball=$work/${image//[\/:]/_}.tar
    mmdebstrap --quiet --variant=minbase --include="$packages" --customize-hook="$extra_cas" --customize-hook="$hook" \
        bookworm "$tarball" "$mirror"
    podman import --quiet "${changes[@]}" "$tarball" "$image" >/dev/null
    rm -f "$tarball"
    echo "$image: stand-in made"
}

step "stand-in $rust_image: Debian bookworm, gcc and libc6-dev, this machine's Rust $rust_version"
[[ $(rustc --version) == "rustc $rust_version "* ]] || die "this machine's rustc is $(rustc --version), the Dockerfile pins $rust_version"
sysroot=$(rustc --print sysroot)
# The toolchain without its documentation (share/, 800 MB); no rustup.
stand_in "$rust_image" ca-certificates,gcc,libc6-dev \
    "mkdir -p \"\$1/usr/local/rust\" \"\$1/usr/local/cargo/bin\" && cp -a $sysroot/bin $sysroot/lib $sysroot/libexec $sysroot/etc \"\$1/usr/local/rust/\"" \
    CARGO_HOME=/usr/local/cargo \
    PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    RUST_VERSION="$rust_version"

step "stand-in $node_image: Debian bookworm, this machine's Node $node_version and its npm"
[[ $(node --version) == "v$node_version" ]] || die "this machine's node is $(node --version), the Dockerfile pins $node_version"
npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
stand_in "$node_image" ca-certificates \
    "mkdir -p \"\$1/usr/local/lib/node_modules\" \"\$1/usr/local/bin\" && cp -a $(command -v node) \"\$1/usr/local/bin/node\" && cp -a $npm_dir \"\$1/usr/local/lib/node_modules/npm\" && ln -s ../lib/node_modules/npm/bin/npm-cli.js \"\$1/usr/local/bin/npm\" && ln -s ../lib/node_modules/npm/bin/npx-cli.js \"\$1/usr/local/bin/npx\"" \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    NODE_VERSION="$node_version"
echo "stand-ins ready in $(seconds "$started") s"

# ---- the builds: the default target, nothing pulled ------------------------------

revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
build() { # NAME DOCKERFILE
    local began
    began=$(date +%s)
    podman build --pull=never --format docker --build-arg REVISION="$revision" -f "$2" -t "$1:$tag" . >"$work/$1.build.log" 2>&1 ||
        { tail -n 40 "$work/$1.build.log" >&2; die "building $1 failed (whole log: $work/$1.build.log)"; }
    echo "$1:$tag built in $(seconds "$began") s"
}
mkdir -p "$work"
step "building todo-chatbot-backend:$tag (the Rust stage compiles todo-api)"
build todo-chatbot-backend deploy/docker/backend.Dockerfile
step "building todo-chatbot-frontend:$tag (the Node stage builds the UI, the Rust stage todo-web)"
build todo-chatbot-frontend deploy/docker/frontend.Dockerfile

step "image sizes (scripts/images.sh's limits: backend 20 MB, frontend 15 MB)"
for image in todo-chatbot-backend todo-chatbot-frontend; do
    size=$(podman image inspect --format '{{.Size}}' "$image:$tag")
    awk -v n="$image:$tag" -v s="$size" 'BEGIN { printf "%-36s %6.2f MB\n", n, s / 1e6 }'
done

# ---- run with the images' defaults --------------------------------------------------

step "running both with their defaults"
# Nothing set but the frontend's BACKEND_URL: the image's DATABASE_URL (SQLite in
# the /data volume), accounts mode, read-only root as in a cluster.
start_images "$tag" "todo-from-source-$$"
wait_200 "$backend_url/ready" 20 >/dev/null || report_failure "$backend" "the backend did not answer /ready 200 with its defaults"
wait_200 "$frontend_url/ready" 20 >/dev/null || report_failure "$frontend" "the frontend did not answer /ready 200"
# A write: sign-up stores an account in the SQLite file on the /data volume.
signup=$(curl -fsS --max-time 10 -H 'content-type: application/json' \
    -d '{"username":"fromsource","password":"a password long enough"}' "$frontend_url/api/v1/auth/signup") ||
    report_failure "$backend" "sign-up through the frontend failed"
[[ $signup == *'"token"'* ]] || report_failure "$backend" "sign-up answered no token: $signup"
database=$(podman inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$backend" | grep '^DATABASE_URL=')
echo "backend /ready 200 ($database, read-only root), frontend /ready 200, a sign-up through the frontend stored"
echo "images-from-source.sh: ok in $(seconds "$started") s (todo-chatbot-backend:$tag, todo-chatbot-frontend:$tag)"
