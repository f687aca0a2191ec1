#!/usr/bin/env bash
# Install podman from Debian's packages when it is missing, and configure it so
# that it runs as root in this kind of sandbox (and in CI on the same machine).
#
#   deploy/scripts/install-podman.sh
#
# Why the configuration (the file is replaced; a previous one is kept as .orig):
# the sandbox forbids raising resource limits, and
# podman's default `default_ulimits` (nofile, nproc) makes every container
# start fail with "setrlimit: operation not permitted". An empty list keeps
# the limits the caller already has. The scripts always pass `--runtime runc`
# (crun is not what the sandbox was checked with).
set -euo pipefail

die() { echo "install-podman.sh: $*" >&2; exit 1; }

# What podman needs here beyond its own package: runc; netavark's firewall
# rules (iptables); aardvark-dns (pods resolve each other by name); catatonit
# (the pause process of `kube play` pods, built into a local image because
# none can be pulled).
missing=false
for need in podman runc iptables /usr/lib/podman/aardvark-dns /usr/libexec/podman/catatonit; do
    if [[ $need == /* ]]; then [[ -x $need ]] || missing=true; else command -v "$need" >/dev/null 2>&1 || missing=true; fi
done
if $missing; then
    [[ $(id -u) -eq 0 ]] || die "podman is not installed and installing needs root"
    export DEBIAN_FRONTEND=noninteractive
    # Other jobs on the machine may hold the dpkg lock for a while: wait, do not fail.
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends podman runc netavark aardvark-dns \
        iptables catatonit fuse-overlayfs uidmap ca-certificates >/dev/null
fi

conf=/etc/containers/containers.conf
configured() {
    [[ -f $conf ]] && grep -q '^default_ulimits *= *\[\]' "$conf" && grep -q '^network_backend *= *"netavark"' "$conf"
}
if ! configured; then
    [[ $(id -u) -eq 0 ]] || die "writing $conf needs root"
    mkdir -p /etc/containers
    [[ ! -f $conf ]] || cp "$conf" "$conf.orig"
    # netavark + aardvark-dns (pods resolve each other by name); Debian's podman
    # 4.3 also ships a CNI config that would otherwise be picked when netavark's
    # state is missing.
    cat >"$conf" <<'CONF'
# Written by deploy/scripts/install-podman.sh.
[containers]
# The sandbox refuses to raise resource limits: keep the caller's.
default_ulimits = []

[network]
network_backend = "netavark"
CONF
fi

podman --version
