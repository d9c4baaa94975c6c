#!/usr/bin/env bash
# Runs the whole suite: lint, then every pytest test (engine, service, browser wrappers).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -q -n 2 tests "$@"
