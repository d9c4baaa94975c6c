"""End-to-end in Debian's Chromium: the equipment library (search, filters, detail with provenance, drag onto the
diagram and onto a line, the "modified from library" badge) and CGMES (import with progress, solve, download)."""

from __future__ import annotations

import pytest

from .conftest import chromium_available, node, run


@pytest.fixture()
def browser_ready(built_app):
    if not chromium_available():
        pytest.skip("chromium is not installed (scripts/install_system.sh)")
    return built_app


def test_library_and_cgmes(browser_ready):
    proc = run([node(), "e2e/library.e2e.mjs"], timeout=900)
    assert "E2E LIBRARY OK" in proc.stdout
