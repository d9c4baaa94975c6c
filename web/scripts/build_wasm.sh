#!/usr/bin/env bash
# Rebuild the WebAssembly power-flow solver from wasm/pf.c with zig's clang (pip install ziglang).
# The built file is committed (src/solver/pf.wasm) so that `npm ci && vite build` needs no C toolchain;
# tests/browser/test_wasm_build.py rebuilds it and checks the committed file is up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-../.venv/bin/python}"
OUT="${1:-src/solver/pf.wasm}"
"$PY" -m ziglang cc --target=wasm32-wasi -O3 -mexec-model=reactor -s wasm/pf.c -o "$OUT"
