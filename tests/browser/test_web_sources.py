"""Generated files committed in web/ are up to date with their sources (the contract: tests/test_contract.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import REPO, WEB


def test_schema_matches_engine_model():
    """The property panel validates with the schema generated from gridsolve.model.Network (with the rest of the
    browser's contract, by scripts/gen_contract.py)."""
    if not (WEB / "node_modules" / "json-schema-to-typescript").exists():
        pytest.skip("web/node_modules is not installed (make install-web)")
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "gen_contract.py"), "--check"], cwd=REPO,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_committed_vectors_are_the_engines():
    """The committed test vectors (network, compiled payload, the engine's solution and result) are what the
    current engine writes; a change in the engine's compile or solvers shows up here, not as a browser mismatch."""
    proc = subprocess.run([sys.executable, str(WEB / "scripts" / "make_vectors.py"), "--check"], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr


def test_wasm_is_built_from_source():
    """src/solver/pf.wasm is what wasm/pf.c compiles to (zig's clang, deterministic output)."""
    try:
        import ziglang  # noqa: F401
    except ImportError:
        pytest.skip("ziglang is not installed (pip install ziglang)")
    if shutil.which("bash") is None:
        pytest.skip("bash missing")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pf.wasm"
        subprocess.run(["bash", str(WEB / "scripts" / "build_wasm.sh"), str(out)], cwd=WEB, check=True,
                       env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable, "HOME": tmp}, timeout=600)
        assert out.read_bytes() == (WEB / "src" / "solver" / "pf.wasm").read_bytes(), \
            "web/src/solver/pf.wasm is stale: run web/scripts/build_wasm.sh and commit it"


def test_wasm_outer_loop_constants_are_the_engines():
    """pf.c's Q-limit loop uses the engine's round limit and tolerance (C cannot import them: checked here)."""
    from gridsolve.powerflow.driver import MAX_RETURNS_TO_PV, OUTER_ROUNDS, Q_LIMIT_TOL_PU

    source = (WEB / "wasm" / "pf.c").read_text()
    assert f"#define Q_LIMIT_ROUNDS {OUTER_ROUNDS} " in source
    assert float(source.split("#define Q_LIMIT_TOL ")[1].split()[0]) == Q_LIMIT_TOL_PU
    assert f"#define MAX_RETURNS_TO_PV {MAX_RETURNS_TO_PV} " in source
