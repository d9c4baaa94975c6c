"""vitest (node): WASM solver vs the Python engine on the shared vectors, compile, commands, layout, schema."""

from __future__ import annotations

import subprocess
import sys

from .conftest import BIN, REPO, WEB, node, require_node_modules, run


def test_big_vector_and_vitest():
    require_node_modules()
    # the 1,000+ bus vector is generated at test time (not committed)
    subprocess.run([sys.executable, str(WEB / "scripts" / "make_vectors.py"), "--only-big"], cwd=REPO, check=True,
                   capture_output=True, timeout=600)
    proc = run([node(), str(BIN / "vitest"), "run", "--reporter=dot"], timeout=900)
    assert "failed" not in proc.stdout.split("Tests")[-1]


def test_typecheck():
    require_node_modules()
    run([node(), str(BIN / "tsc"), "-p", "tsconfig.app.json", "--noEmit"], timeout=600)
