#!/usr/bin/env bash
# Installs the web UI's npm packages (npm ci) when web/node_modules is missing
# or older than package-lock.json. Needs Node 20.19 or newer (see the README).
# Playwright's browser download is skipped: the tests use Debian's chromium.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../web"
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
    echo "web-install.sh: the web UI needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none)); see the README's prerequisites" >&2
    exit 1
fi
if [[ ! -d node_modules || package-lock.json -nt node_modules ]]; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
fi
