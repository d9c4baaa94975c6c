#!/usr/bin/env bash
# Installs the browser app's npm packages (and Debian's chromium for browser tests), once.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_system.sh
if [ ! -f web/node_modules/.stamp ] || [ web/package-lock.json -nt web/node_modules/.stamp ]; then
  (cd web && npm ci --no-audit --no-fund)
  touch web/node_modules/.stamp
fi
