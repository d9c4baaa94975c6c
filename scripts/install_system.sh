#!/usr/bin/env bash
# Debian packages the project needs; each skipped when already present.
#   scripts/install_system.sh          everything (engine + browser tests and PDF checks)
#   scripts/install_system.sh engine   only what the engine uses (run by `make install-py`)
# libklu1: SuiteSparse KLU (LGPL-2.1+), the sparse LU of the Newton-Raphson fast path
# (gridsolve/powerflow/klu.py); without it the engine falls back to SciPy's SuperLU.
set -euo pipefail
need=()
if ! ldconfig -p 2>/dev/null | grep -q 'libklu\.so'; then need+=(libklu1); fi
if [ "${1:-all}" != "engine" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
fi
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_system.sh: no apt-get; install ${need[*]} yourself (the engine works without libklu1)" >&2
    exit 0
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
