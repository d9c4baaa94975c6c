#!/usr/bin/env bash
# Installs the pinned AWS CDK CLI (cdk/package.json) used by `make synth` and the CDK tests, once.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f cdk/node_modules/.stamp ] || [ cdk/package-lock.json -nt cdk/node_modules/.stamp ]; then
  (cd cdk && npm ci --no-audit --no-fund)
  touch cdk/node_modules/.stamp
fi
