"""vitest (node): the WASM solver vs the engine on its vectors (Q limits on), diagram commands (placement, rotation,
waypoints, undo/redo), R-tree, the API client, study options and schema."""

from __future__ import annotations

import subprocess
import sys

from .conftest import BIN, REPO, WEB, node, require_node_modules, run


def test_vitest_against_fresh_engine_vectors(tmp_path):
    """The vectors are regenerated from the current Python engine (all cases, PEGASE 1354 included),
    so the browser solver is checked against the engine as it is now, not against a stale copy."""
    require_node_modules()
    subprocess.run([sys.executable, str(WEB / "scripts" / "make_vectors.py"), "--big", "--out", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True, timeout=900)
    assert (tmp_path / "case1354pegase.json").exists() or not (REPO.parent / "shared").exists()
    proc = run([node(), str(BIN / "vitest"), "run", "--reporter=dot"], timeout=900,
               env={"GS_VECTORS_DIR": str(tmp_path)})
    assert "failed" not in proc.stdout.split("Tests")[-1]


def test_vitest_committed_vectors():
    require_node_modules()
    run([node(), str(BIN / "vitest"), "run", "--reporter=dot", "src/solver"], timeout=900)


def test_typecheck():
    require_node_modules()
    run([node(), str(BIN / "tsc"), "-p", "tsconfig.app.json", "--noEmit"], timeout=600)
