#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright end-to-end tests (Playwright
# cannot download its own browser here). Does nothing when it is already there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi

echo "Installing chromium (Debian package) for the end-to-end tests" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
