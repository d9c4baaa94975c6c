"""The contingency study in the browser: the view model (vitest) on a result the current engine writes, the
committed fixture current, and the end-to-end run from the study panel on the local platform (Chromium)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import BIN, REPO, WEB, chromium_available, node, require_node_modules, run

SCRIPT = WEB / "scripts" / "make_ctg_fixture.py"


def test_view_model_on_fresh_engine_result(tmp_path):
    """vitest on the case30 results written by the engine as it is now, not a stale copy."""
    require_node_modules()
    subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], cwd=REPO, check=True, capture_output=True,
                   timeout=600)
    run([node(), str(BIN / "vitest"), "run", "--reporter=dot", "src/studies/contingency.test.ts"], timeout=600,
        env={"GS_CTG_DIR": str(tmp_path)})


def test_committed_fixture_is_the_engines():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], cwd=REPO, capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr


def test_contingency_e2e(built_app):
    if not chromium_available():
        pytest.skip("chromium is not installed (scripts/install_system.sh)")
    proc = run([node(), "e2e/contingency.e2e.mjs"], timeout=900)
    assert "E2E CONTINGENCY OK" in proc.stdout
