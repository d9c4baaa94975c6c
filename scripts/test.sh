#!/usr/bin/env bash
# Runs the whole suite: lint (ruff with complexity limits), types (mypy), then every pytest test (engine,
# service, browser wrappers, architecture and generated-contract checks).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check .
.venv/bin/mypy solver_layer/gridsolve chalicelib app.py
exec .venv/bin/python -m pytest -q -n 2 tests "$@"
