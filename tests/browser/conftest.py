"""Browser-app tests: run web/'s own node tools (vitest, vite, playwright-core + Debian chromium).

Skipped (not failed) when web/node_modules is missing, so a Python-only checkout still passes;
`make install` (scripts/install_web.sh) installs them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "web"
BIN = WEB / "node_modules" / ".bin"


def node() -> str:
    exe = shutil.which("node")
    if exe is None:
        pytest.skip("node is not installed")
    return exe


def require_node_modules() -> None:
    if not (BIN / "vite").exists():
        pytest.skip("web/node_modules is missing: run `make install` (cd web && npm ci)")


def run(args: list[str], timeout: int = 900, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        args, cwd=WEB, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHON": sys.executable, **(env or {})},
    )
    if proc.returncode != 0:
        out, err = proc.stdout[-6000:], proc.stderr[-6000:]
        raise AssertionError(f"{' '.join(args)} exited {proc.returncode}\n--- stdout ---\n{out}\n--- stderr ---\n{err}")
    return proc


@pytest.fixture(scope="session")
def built_app(tmp_path_factory) -> Path:
    """web/dist, built once per session (a file lock keeps xdist workers from building twice)."""
    require_node_modules()
    lock = WEB / ".build.lock"
    import fcntl

    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        stamp = WEB / "dist" / ".built-by-tests"
        sources = [p for p in (WEB / "src").rglob("*") if p.is_file()] + [WEB / "index.html", WEB / "vite.config.ts"]
        newest = max(p.stat().st_mtime for p in sources)
        if not stamp.exists() or stamp.stat().st_mtime < newest:
            run([node(), str(BIN / "vite"), "build"])
            stamp.write_text("ok")
    return WEB / "dist"


def chromium_available() -> bool:
    return Path(os.environ.get("CHROMIUM", "/usr/bin/chromium")).exists()
