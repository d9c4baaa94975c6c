#!/usr/bin/env bash
# Creates .venv; on a fresh Debian, where `python3 -m venv` needs the python3-venv package, installs it first.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-python3}"
[ -x .venv/bin/python ] && exit 0
if ! "$PY" -m venv .venv 2>/dev/null; then
  rm -rf .venv
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
  "$PY" -m venv .venv
fi
