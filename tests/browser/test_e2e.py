"""End-to-end in Debian's Chromium (playwright-core): the editor offline, and the app on the local platform."""

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


def test_editor_offline(browser_ready, tmp_path):
    # the browser solver is checked against vectors the current Python engine writes (PEGASE 1354 included)
    subprocess.run([sys.executable, str(WEB / "scripts" / "make_vectors.py"), "--big", "--out", str(tmp_path)],
                   cwd=REPO, check=True, capture_output=True, timeout=900)
    proc = run([node(), "e2e/editor.e2e.mjs"], timeout=900, env={"GS_VECTORS_DIR": str(tmp_path)})
    assert "E2E EDITOR OK" in proc.stdout
    assert "case1354pegase" in proc.stdout or not (REPO.parent / "shared").exists()


def test_platform(browser_ready):
    proc = run([node(), "e2e/platform.e2e.mjs"], timeout=900)
    assert "E2E PLATFORM OK" in proc.stdout


def test_billing_and_reports(browser_ready):
    """Plans page and usage meter, a 402 shown as the upgrade prompt, "Download report" giving the PDF."""
    proc = run([node(), "e2e/billing.e2e.mjs"], timeout=900)
    assert "E2E BILLING OK" in proc.stdout


def test_feeder(browser_ready):
    """IEEE 13 imported as a feeder, the unbalanced study on the server, per-phase values on screen = the API's."""
    proc = run([node(), "e2e/feeder.e2e.mjs"], timeout=900)
    assert "E2E FEEDER OK" in proc.stdout


def test_protection_tcc(browser_ready):
    """A relay and a fuse placed on the diagram, the protection study, the TCC view with a curve dragged."""
    proc = run([node(), "e2e/tcc.e2e.mjs"], timeout=900)
    assert "E2E TCC OK" in proc.stdout


def test_projects_accounts_help(browser_ready):
    """Issue 18 part B: the guide's first study followed literally, read-only samples with Fork to edit, project
    management and downloads, the nominal-voltage fix and bulk edit, an earth fault on a drawn feeder, a missing
    project, the password rules live and the reset by mail, the guide and the API reference."""
    proc = run([node(), "e2e/manage.e2e.mjs"], timeout=900)
    assert "E2E MANAGE OK" in proc.stdout
