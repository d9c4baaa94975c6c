"""Issue 18 part A in Chromium: each defect's reproduction as a check (web/e2e/trust.e2e.mjs).

Switch-joined buses' P/Q and the Buses CSV equal the engine's; a power flow without a solution paints nothing but its
worst buses; warnings linked to their elements; errors listing every element and file line; de-energized buses
drawn alike after browser and server runs; pastes, profile axes, short-circuit labels, tolerance, favicon, keyboard
focus; 1440x900, 1024x768 and 390x844 in both themes (screenshots in tests/artifacts/trust-*.png).
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO, WEB, chromium_available, node, run


@pytest.fixture()
def browser_ready(built_app):
    if not chromium_available():
        pytest.skip("chromium is not installed (scripts/install_system.sh)")
    return built_app


def test_trust_and_every_screen_size(browser_ready, tmp_path):
    # the vectors as the current engine writes them (the e2e compares the browser's table and CSV with them)
    subprocess.run([sys.executable, str(WEB / "scripts" / "make_vectors.py"), "--out", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True, timeout=900)
    proc = run([node(), "e2e/trust.e2e.mjs"], timeout=900, env={"GS_VECTORS_DIR": str(tmp_path)})
    assert "E2E TRUST OK" in proc.stdout
