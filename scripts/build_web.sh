#!/usr/bin/env bash
# Builds the browser app into web/dist when its sources changed since the last build.
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=dist/.stamp
if [ -f "$stamp" ] && [ -z "$(find src index.html package-lock.json vite.config.ts -newer "$stamp" -print -quit 2>/dev/null)" ]; then
  exit 0
fi
node node_modules/.bin/vite build --logLevel warn
touch "$stamp"
